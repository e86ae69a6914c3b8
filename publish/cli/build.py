"""``publish build``: typeset articles or the workspace's compilation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from publish.cli.app import app, say
from publish.i18n import _, ngettext


@app.command(help=_("Typeset articles into print-ready PDFs."))
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help=_("Article files or folders (default: articles/)."), show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help=_("Output folder."))] = Path("dist"),
    formats: Annotated[Optional[list[str]], typer.Option("--format", "-f",
                       help=_("a4 or booklet; repeat for both (default a4)."))] = None,
    editions: Annotated[Optional[list[str]], typer.Option("--edition", "-e",
                        help=_("zh-Hans, zh-Hant-HK or zh-Hant-TW; repeatable (default zh-Hans)."))] = None,
    traditional: Annotated[bool, typer.Option("--traditional",
                           help=_("Shorthand for the workspace's default traditional edition (zh-Hant-HK)."))] = False,
    allow_simplified: Annotated[bool, typer.Option("--allow-simplified",
                                help=_("Let simplified characters remain in traditional editions."))] = False,
    allow_missing_glyphs: Annotated[bool, typer.Option("--allow-missing-glyphs",
                                    help=_("Print characters no font has (as empty boxes) with a warning."))] = False,
    pdf_variant: Annotated[Optional[str], typer.Option("--pdf-variant",
                           help=_("pdf/a-2b for archiving, pdf/ua-1 for accessibility (tagged)."))] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1.0,
                       help=_("Give up typesetting one file after this many seconds."))] = 600.0,
    booklet: Annotated[bool, typer.Option("--booklet", help=_("Shorthand for --format booklet."))] = False,
    layout: Annotated[Optional[str], typer.Option("--layout", help=_("Layout name (default: by format)."))] = None,
    bind: Annotated[Optional[str], typer.Option("--bind", help=_("Booklet binding edge: left or right."))] = None,
    sheets_per_signature: Annotated[Optional[int], typer.Option(
        "--sheets-per-signature", min=1, help=_("Booklets: sheets folded together (nested signatures)."))] = None,
    creep: Annotated[Optional[float], typer.Option("--creep", min=0.0,
                     help=_("Booklets: creep in mm for the innermost sheet."))] = None,
    marks: Annotated[bool, typer.Option("--marks", help=_("Booklets: fold and trim marks."))] = False,
    manual_duplex: Annotated[bool, typer.Option(
        "--manual-duplex", help=_("Booklets: also write fronts and backs files for printers without duplex."))] = False,
) -> None:
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
    outputs = run_build(paths or [], options, progress=_report, announce=lambda step: say(f"{step} …"))
    say(ngettext("{count} file written to {folder}/", "{count} files written to {folder}/", len(outputs)).format(
        count=len(outputs), folder=out))
    if any(o.kind == "booklet" for o in outputs):
        say(_print_help(options.manual_duplex))


def _report(output) -> None:
    if output.kind == "review":
        say(_("wrote {path} (conversions to proofread)").format(path=output.path))
        return
    if output.sheets:
        count = ngettext("{n} sheet", "{n} sheets", output.sheets).format(n=output.sheets)
    else:
        count = ngettext("{n} page", "{n} pages", output.pages).format(n=output.pages)
    say(_("wrote {path} ({count}, {seconds} s)").format(path=output.path, count=count,
                                                      seconds=f"{output.seconds:.1f}"))


def _print_help(manual_duplex: bool) -> str:
    text = _("To print a booklet: print *.booklet.pdf on A4, double-sided, flip on the short edge "
             "(双面打印，短边翻转), at actual size (100%, no 'fit to page'); fold the stack in half "
             "and staple on the fold.")
    if manual_duplex:
        text += "\n" + _("Without duplex: 1. print *.booklet-fronts.pdf; 2. take the stack out of the output tray, "
                         "turn it over like a page of a book (left edge to the right) without rotating it, and put it "
                         "back into the paper tray; 3. print *.booklet-backs.pdf; 4. fold and staple. "
                         "Try with the first sheet alone if you are unsure how your printer feeds paper.")
    return text
