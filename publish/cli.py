"""The command line: parse, call the library, print a summary.

Errors from the library (``PublishError``) become one line on stderr and
exit code 1; usage errors are Typer's, exit code 2. Tracebacks only with
``--debug``. Heavy modules are imported inside the commands so that
``publish --help`` stays instant.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from publish import __version__

app = typer.Typer(
    help="Turn Chinese articles into print-ready study handouts, booklets and traditional editions.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"publish {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logging.")] = False,
) -> None:
    _state["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s: %(message)s", stream=sys.stderr)
    if not debug:
        # WeasyPrint's own chatter (progress, font subsetting notes).
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        logging.getLogger("fontTools").setLevel(logging.ERROR)


@app.command()
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Article files or folders (default: articles/).")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("dist"),
    formats: Annotated[Optional[list[str]], typer.Option("--format", "-f",
                       help="a4 or booklet; repeat for both (default a4).")] = None,
    editions: Annotated[Optional[list[str]], typer.Option("--edition", "-e",
                        help="zh-Hans, zh-Hant-HK or zh-Hant-TW; repeatable (default zh-Hans).")] = None,
    traditional: Annotated[bool, typer.Option("--traditional",
                           help="Shorthand for the workspace's default traditional edition (zh-Hant-HK).")] = False,
    allow_simplified: Annotated[bool, typer.Option("--allow-simplified",
                                help="Let simplified characters remain in traditional editions.")] = False,
    allow_missing_glyphs: Annotated[bool, typer.Option("--allow-missing-glyphs",
                                    help="Print characters no font has (as empty boxes) with a warning.")] = False,
    pdf_variant: Annotated[Optional[str], typer.Option("--pdf-variant",
                           help="pdf/a-2b for archiving, pdf/ua-1 for accessibility (tagged).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1.0,
                       help="Give up typesetting one file after this many seconds.")] = 600.0,
    booklet: Annotated[bool, typer.Option("--booklet", help="Shorthand for --format booklet.")] = False,
    layout: Annotated[Optional[str], typer.Option("--layout", help="Layout name (default: by format).")] = None,
    bind: Annotated[Optional[str], typer.Option("--bind", help="Booklet binding edge: left or right.")] = None,
    sheets_per_signature: Annotated[Optional[int], typer.Option(
        "--sheets-per-signature", min=1, help="Booklets: sheets folded together (nested signatures).")] = None,
    creep: Annotated[Optional[float], typer.Option("--creep", min=0.0,
                     help="Booklets: creep in mm for the innermost sheet.")] = None,
    marks: Annotated[bool, typer.Option("--marks", help="Booklets: fold and trim marks.")] = False,
    manual_duplex: Annotated[bool, typer.Option(
        "--manual-duplex", help="Booklets: also write fronts and backs files for printers without duplex.")] = False,
) -> None:
    """Typeset articles into print-ready PDFs."""
    from publish.build import BuildOptions, build as run_build, compilation_of, expand_articles
    from publish.config import load_config
    from publish.impose import ImposeOptions

    config = load_config(Path.cwd())
    # With no article named, a workspace whose publish.toml lists articles
    # builds its compilation.
    compiled = not paths and config.is_compilation
    if compiled:
        paths = expand_articles(config.articles, Path.cwd())
    chosen = tuple(dict.fromkeys((formats or []) + (["booklet"] if booklet else []))) or config.formats
    chosen_editions = tuple(dict.fromkeys((editions or []) + ([config.default_traditional] if traditional else [])))
    options = BuildOptions(
        workspace=Path.cwd(), out_dir=out, layout=layout or config.layout, formats=chosen,
        editions=chosen_editions or config.editions,
        manual_duplex=manual_duplex or config.booklet.get("manual_duplex", False),
        imposition=ImposeOptions(
            bind=bind or config.booklet.get("bind", "left"),
            sheets_per_signature=sheets_per_signature or config.booklet.get("sheets_per_signature"),
            creep_mm=creep if creep is not None else float(config.booklet.get("creep_mm", 0.0)),
            marks=marks or config.booklet.get("marks", False)),
        allow_simplified=allow_simplified or config.allow_simplified,
        allow_missing_glyphs=allow_missing_glyphs, pdf_variant=pdf_variant, timeout=timeout,
        taiwan_vocabulary=config.taiwan_vocabulary, phrases=tuple(config.phrases.items()),
        compilation=compilation_of(config, Path.cwd()) if compiled else None,
    )
    outputs = run_build(paths or [], options, progress=_report,
                        announce=lambda step: typer.echo(f"{step} …", err=True))
    typer.echo(f"{len(outputs)} file(s) written to {out}/", err=True)
    if any(o.kind == "booklet" for o in outputs):
        typer.echo(_print_help(options.manual_duplex), err=True)


def _report(output) -> None:
    if output.kind == "review":
        typer.echo(f"wrote {output.path} (conversions to proofread)", err=True)
        return
    count = f"{output.sheets} sheets" if output.sheets else f"{output.pages} pages"
    typer.echo(f"wrote {output.path} ({count}, {output.seconds:.1f} s)", err=True)


def _print_help(manual_duplex: bool) -> str:
    text = ("To print a booklet: print *.booklet.pdf on A4, double-sided, flip on the short edge "
            "(双面打印，短边翻转), at actual size (100%, no 'fit to page'); fold the stack in half "
            "and staple on the fold.")
    if manual_duplex:
        text += ("\nWithout duplex: 1. print *.booklet-fronts.pdf; 2. take the stack out of the output tray, "
                 "turn it over like a page of a book (left edge to the right) without rotating it, and put it "
                 "back into the paper tray; 3. print *.booklet-backs.pdf; 4. fold and staple. "
                 "Try with the first sheet alone if you are unsure how your printer feeds paper.")
    return text


@app.command()
def convert(
    path: Annotated[Path, typer.Argument(help="An article file.")],
    edition: Annotated[str, typer.Option("--edition", "-e", help="zh-Hant-HK or zh-Hant-TW.")] = "zh-Hant-HK",
    review: Annotated[bool, typer.Option("--review", help="List every context-dependent conversion instead.")] = False,
) -> None:
    """Print an article converted to a traditional edition, or its proofreading list."""
    from publish.build import BuildOptions, converter_for
    from publish.config import load_config
    from publish.edition import EDITIONS, convert_source, format_review
    from publish.errors import ConfigError
    from publish.sources import read_source_text

    if edition not in EDITIONS or edition == "zh-Hans":
        raise ConfigError(f"unknown traditional edition {edition!r}", hint="zh-Hant-HK or zh-Hant-TW")
    config = load_config(Path.cwd())
    converter = converter_for(edition, BuildOptions(
        workspace=Path.cwd(), out_dir=Path("."), taiwan_vocabulary=config.taiwan_vocabulary,
        phrases=tuple(config.phrases.items())))
    text, result = convert_source(read_source_text(path), str(path), converter)
    typer.echo(format_review([result]) if review else text, nl=False)


@app.command()
def check(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Article files or folders (default: articles/).")] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    fix: Annotated[bool, typer.Option("--fix", help="Apply the safe fixes in place (keeps a .bak copy).")] = False,
) -> None:
    """Lint articles without building: file:line:col: CODE message."""
    import json

    from publish.build import find_articles
    from publish.check import check_file, fix_file
    from publish.fonts import load_fonts

    if output_format not in ("text", "json"):
        raise typer.BadParameter("--format must be text or json")
    workspace = Path.cwd()
    files = find_articles(paths or [], workspace)
    if fix:
        for path in files:
            if count := fix_file(path):
                typer.echo(f"fixed {count} problem(s) in {path} (original kept as {path.name}.bak)", err=True)
    fonts = load_fonts(workspace)
    findings = [finding for path in files for finding in check_file(path, fonts, workspace)]
    if output_format == "json":
        typer.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            typer.echo(str(finding))
        errors = sum(f.error for f in findings)
        typer.echo(f"{len(files)} file(s) checked: {errors} error(s), {len(findings) - errors} warning(s)", err=True)
    if any(f.error for f in findings):
        raise typer.Exit(1)


@app.command()
def doctor() -> None:
    """Check the machine: Pango, HarfBuzz subsetting, and the font for each role."""
    from publish.doctor import diagnose

    problems = 0
    for ok, line in diagnose(Path.cwd()):
        typer.echo(("  ok  " if ok else "  !!  ") + line)
        problems += not ok
    if problems:
        raise typer.Exit(1)


@app.command()
def new(folder: Annotated[Path, typer.Argument(help="The new workspace's folder.")]) -> None:
    """Start a workspace: publish.toml, articles/ with an example, fonts/ and layouts/."""
    import datetime

    from publish.scaffold import new_workspace

    for path in new_workspace(folder, datetime.date.today().isoformat()):
        typer.echo(f"created {path}")
    typer.echo(f"Next: cd {folder} && publish build")


@app.command()
def layouts() -> None:
    """List the layouts this workspace can use and where each comes from."""
    from publish.layouts import available_layouts, load_layout

    for name, origin in available_layouts(Path.cwd()).items():
        description = load_layout(name, Path.cwd()).description
        typer.echo(f"{name:<12} {origin:<32} {description}")


def main() -> None:
    from publish.errors import PublishError

    try:
        app()
    except PublishError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"Error: {exc}", err=True)
        for line in exc.details:
            typer.echo(f"  {line}", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug, not bad input: still no traceback by default
        if _state["debug"]:
            raise
        typer.echo(f"Error: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        sys.exit(1)
