"""``publish build``: typeset articles or the workspace's compilation."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from publish.choices import PARTS_FROM
from publish.cli.app import app, checked, say, seconds
from publish.i18n import _, ngettext


@app.command(help=_("Typeset articles into print-ready PDFs."))
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help=_("Article files or folders (default: articles/)."), show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help=_("Output folder (default: the workspace's dist/)."),
                                                show_default=False)] = None,
    formats: Annotated[Optional[list[str]], typer.Option("--format", "-f",
                       help=_("a4, a5, booklet or phone; repeatable (default a4)."))] = None,
    editions: Annotated[Optional[list[str]], typer.Option("--edition", "-e", help=_(
        "zh-Hans, zh-Hant-HK (hk) or zh-Hant-TW (tw); repeatable (default zh-Hans)."))] = None,
    traditional: Annotated[bool, typer.Option("--traditional",
                           help=_("Shorthand for the workspace's default traditional edition (zh-Hant-HK)."))] = False,
    hk_forms: Annotated[Optional[str], typer.Option(
        "--hk-forms", help=_("zh-Hant-HK glyphs: press (說 稅 戶, as newspapers print) or standard (説 税 户)."))] = None,
    allow_simplified: Annotated[bool, typer.Option("--allow-simplified",
                                help=_("Let simplified characters remain in traditional editions."))] = False,
    allow_missing_glyphs: Annotated[bool, typer.Option("--allow-missing-glyphs",
                                    help=_("Print characters no font has (as empty boxes) with a warning."))] = False,
    allow_font_fallback: Annotated[bool, typer.Option("--allow-font-fallback", help=_(
        "When no font of a role is installed, print with the fallback font (with a warning) instead of stopping."))
    ] = False,
    pdf_variant: Annotated[Optional[str], typer.Option("--pdf-variant",
                           help=_("pdf/a-2b for archiving, pdf/ua-1 for accessibility (tagged)."))] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1.0, callback=seconds,
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
    article_start: Annotated[Optional[str], typer.Option("--article-start", help=_(
        "Booklet compilations: start each article on a right-hand page (right, the default) "
        "or on the next page (page)."))] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, show_default=False,
                    help=_("Files typeset at once, each in its own process (default: the number of cores)."))] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache",
                        help=_("Typeset everything again instead of reusing unchanged files from .publish/cache."))
                        ] = False,
    preview: Annotated[bool, typer.Option("--preview",
                       help=_("Also write PNG pictures of the first pages and of all pages beside each PDF."))] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=_("Plain lines, one a file written."))] = False,
    parts: Annotated[Optional[bool], typer.Option("--parts/--no-parts", help=_(
        "Compilations: typeset each article on its own, on every core, and join them; after an edit only that "
        "article is typeset again. Default: for compilations of {count} articles or more.").format(
        count=PARTS_FROM), show_default=False)] = None,
) -> None:
    request = build_request(**locals())
    outputs = request.run()
    if outputs and all(output.unchanged for output in outputs):
        # (each was said to be kept: "1 file written" after them read as if one were not)
        say(ngettext("nothing changed: the {count} file in {folder}/ is up to date",
                     "nothing changed: the {count} files in {folder}/ are up to date", len(outputs)).format(
            count=len(outputs), folder=request.options.out_dir))
    else:
        say(ngettext("{count} file written to {folder}/", "{count} files written to {folder}/", len(outputs)).format(
            count=len(outputs), folder=request.options.out_dir))
    if any(o.kind == "booklet" for o in outputs):
        say(_print_help(request.options.manual_duplex, bool(request.options.imposition.sheets_per_signature)))
        for hint in (_thick_hint(outputs, request.options.imposition),
                     _blank_hint(outputs, request.options, len(request.paths))):
            if hint:
                say(hint)


class Request:
    """A parsed ``build`` (or ``watch``) command line: what to build and how."""

    def __init__(self, paths, options, jobs, cache, preview, quiet):
        self.paths, self.options, self.jobs, self.cache, self.preview, self.quiet = \
            paths, options, jobs, cache, preview, quiet

    def run(self, report=None):
        from publish.build import build as run_build
        from publish.cli.report import reporter

        report = report or reporter(self.quiet)
        try:
            return run_build(self.paths, self.options, report, jobs=self.jobs, cache=self.cache,
                             preview=self.preview)
        finally:
            report.close()


def build_request(paths, out, formats, editions, traditional, hk_forms, allow_simplified, allow_missing_glyphs,
                  allow_font_fallback, pdf_variant, timeout, booklet, layout, bind, sheets_per_signature, creep, marks,
                  manual_duplex, article_start, jobs, no_cache, preview, quiet, parts) -> Request:
    from publish.build import build_options, expand_articles, layout_serving
    from publish.cache import Cache
    from publish.choices import edition_code, format_name, formats_in_order, one_of
    from publish.config import load_config
    from publish.paths import find_workspace, shown
    from publish.pool import default_workers

    workspace = find_workspace()
    config = load_config(workspace)
    named_formats = [checked("--format", format_name, f) for f in formats or []] + (["booklet"] if booklet else [])
    named_editions = [checked("--edition", edition_code, e) for e in editions or []]
    named_editions += [config.default_traditional] if traditional else []
    if layout and named_formats:
        layout_serving(layout, named_formats, workspace)  # --layout large-print --booklet cannot be honoured
    # With no article named, a workspace whose publish.toml lists articles
    # builds its compilation.
    compiled = not paths and config.is_compilation
    if compiled:
        paths = expand_articles(config.articles, workspace)
    if out is None:
        from publish.output import check_writable

        out = Path(shown(workspace / "dist"))
        # (not a usage error of --out, which was not given: exit 1, naming dist)
        check_writable(out)
    options = build_options(
        workspace, out, config, compiled=compiled, formats=formats_in_order(named_formats),
        editions=tuple(dict.fromkeys(named_editions)), layout=layout, manual_duplex=manual_duplex, bind=bind,
        sheets_per_signature=sheets_per_signature, creep_mm=creep, marks=marks, allow_simplified=allow_simplified,
        hk_forms=checked("--hk-forms", lambda v: one_of(v, _hk_forms()), hk_forms) if hk_forms else None,
        article_start=article_start.lower() if article_start else None,
        allow_missing_glyphs=allow_missing_glyphs, allow_font_fallback=allow_font_fallback,
        pdf_variant=pdf_variant.lower() if pdf_variant else None, timeout=timeout, parts=parts,
    )
    return Request(paths or [], options, jobs or default_workers(), None if no_cache else Cache.of_workspace(workspace),
                   preview, quiet)


def _hk_forms() -> tuple:
    from publish.edition.tables import HK_FORMS  # the conversion's tables: not for every build

    return HK_FORMS


@app.command(help=_("Empty the build cache (.publish/cache) of this workspace."))
def clean() -> None:
    from publish.cache import Cache
    from publish.paths import find_workspace

    held = Cache.of_workspace(find_workspace()).clear()
    say(_("emptied the build cache ({size} MB)").format(size=f"{held / 1e6:.1f}"))


# More sheets than this folded into one another are hard to fold flat, and
# the inner pages stick out at the fore-edge (creep).
THICK_SIGNATURE = 8


def _thick_hint(outputs, imposition) -> str | None:
    for output in outputs:
        per_signature = imposition.sheets_per_signature or output.sheets
        if output.kind == "booklet" and min(per_signature, output.sheets) > THICK_SIGNATURE:
            advice = _("--sheets-per-signature 4") if imposition.creep_mm else _(
                "--sheets-per-signature 4 and --creep 0.5")
            return _("{path}: {n} sheets folded into one another are hard to fold flat and the inner pages stick "
                     "out (creep): try {advice}").format(path=output.path, n=min(per_signature, output.sheets),
                                                        advice=advice)
    return None


def _blank_hint(outputs, options, articles: int) -> str | None:
    """A compilation's booklet with a sheet's worth of blank pages or more,
    a quarter of it, most left so that each article starts on a right-hand
    page: how to print it on fewer sheets. Only where starting each of its
    ``articles`` on the next page could save a sheet: a new workspace's
    booklet was told so of blank pages its cover and contents leave."""
    if options.compilation is None or options.article_start == "page":
        return None
    for output in outputs:
        total = output.sheets * 4
        # (an article after the first leaves a page blank at most)
        saved = min(output.blank, articles - 1)
        if output.kind == "booklet" and output.blank >= 4 and 4 * output.blank >= total \
                and 2 * saved >= output.blank and -(-(total - saved) // 4) < output.sheets:
            return _("{path}: {n} of its {total} pages are blank, most so that each article starts on a right-hand "
                     "page: --article-start page (article_start = \"page\" in publish.toml) starts each on the next "
                     "page, on fewer sheets").format(path=output.path, n=output.blank, total=total)
    return None


def _print_help(manual_duplex: bool, signatures: bool = False) -> str:
    text = _("To print a booklet: print *.booklet.pdf on A4, double-sided, flip on the short edge "
             "(双面打印，短边翻转), at actual size (100%, no 'fit to page'); fold the stack in half "
             "and staple on the fold.") if not signatures else \
        _("To print a booklet: print *.booklet.pdf on A4, double-sided, flip on the short edge "
          "(双面打印，短边翻转), at actual size (100%, no 'fit to page'); fold each group of "
          "--sheets-per-signature sheets in half on its own, gather the folded groups in order and bind them "
          "at the spine (sewn, glued, or stapled through the side).")
    if manual_duplex:
        text += "\n" + _("Without duplex: 1. print *.booklet-fronts.pdf; 2. take the stack out of the output tray, "
                         "turn it over like a page of a book (left edge to the right) without rotating it, and put it "
                         "back into the paper tray; 3. print *.booklet-backs.pdf; 4. fold and staple. "
                         "Try with the first sheet alone if you are unsure how your printer feeds paper.")
    return text
