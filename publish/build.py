"""Build: the orchestrator. Reads like the recipe it is:

    read every article -> for each edition, convert -> for each format,
    render with the format's layout -> typeset -> (impose) -> write atomically.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from publish.choices import ARTICLE_STARTS, BINDINGS, FORMAT_PAGES
from publish.errors import ConfigError, FontError, OptionError, SourceError
from publish.edition import EDITIONS, Converter, Review, check_leftovers, convert_quotes, convert_strings, \
    format_review, make_edition, user_phrases
from publish.fonts import check_fonts, load_fonts, script_of
from publish.glyphs import find_missing, source_texts
from publish.i18n import _
from publish.impose import ImposeOptions, impose
from publish.i18n import _, ngettext
from publish.layouts import Layout, available_layouts, layout_formats, load_layout
from publish.model import Article, Imprint, Publication
from publish.output import write_atomic
from publish.render import render
from publish.sources import SUFFIXES, is_lock_file, read_article
from publish.typeset import typeset

log = logging.getLogger(__name__)

# Each format is typeset with its own layout unless --layout says otherwise.
FORMAT_LAYOUTS = {"a4": "handout", "a5": "booklet", "booklet": "booklet", "phone": "phone"}


@dataclass(frozen=True)
class Compilation:
    """Many articles as one publication (publish.toml with ``articles``)."""

    title: str
    slug: str
    subtitle: str | None = None
    organizer: str | None = None
    date: str | None = None
    imprint: Imprint | None = None
    contents_sections: bool = True
    places: tuple[tuple[str, str], ...] = ()  # field -> where publish.toml gives it ("publish.toml:5")


@dataclass(frozen=True)
class BuildOptions:
    workspace: Path
    out_dir: Path
    layout: str | None = None
    editions: tuple[str, ...] = ("zh-Hans",)
    formats: tuple[str, ...] = ("a4",)
    imposition: ImposeOptions = ImposeOptions()
    manual_duplex: bool = False
    allow_simplified: bool = False
    allow_missing_glyphs: bool = False
    pdf_variant: str | None = None         # e.g. "pdf/a-2b", "pdf/ua-1"
    timeout: float | None = 600.0          # seconds for one typesetting run
    taiwan_vocabulary: bool = False
    hk_forms: str = "press"                # zh-Hant-HK: "press" (說 稅 戶) or "standard" (説 税 户)
    phrases: tuple[tuple[str, str], ...] = ()   # publish.toml [phrases]
    compilation: Compilation | None = None
    allow_font_fallback: bool = False
    article_start: str | None = None       # booklets: "right" (a recto) or "page"; None: the layout's


@dataclass(frozen=True)
class Output:
    path: Path
    pages: int
    seconds: float
    kind: str = "a4"   # "a4", "a5", "booklet", "booklet-fronts", "booklet-backs", "review"
    sheets: int = 0
    blank: int = 0     # blank pages (A5 pages of a booklet, padding included)


Progress = Callable[[Output], None]
Announce = Callable[[str], None]


def build(paths: Sequence[Path], options: BuildOptions, progress: Progress = lambda _: None,
          announce: Announce = lambda _: None) -> list[Output]:
    _check_options(options)
    articles = [read_article(path) for path in find_articles(paths, options.workspace)]
    warn_placeholders(articles, options.compilation)
    fonts = load_fonts(options.workspace)
    check_fonts(fonts, [script_of(code) for code in options.editions], options.allow_font_fallback)
    layouts = {fmt: load_layout(name, options.workspace) for fmt, name in layout_names(options).items()}
    # Every edition is converted and checked before anything is typeset, so
    # a half-converted edition stops the build before any file is written.
    editions = {code: convert_articles(articles, converter_for(code, options)) for code in options.editions}
    check_leftovers([review for _, reviews, _ in editions.values() for review in reviews], options.allow_simplified)
    check_glyphs(editions, layouts, fonts, options.allow_missing_glyphs)
    outputs: list[Output] = []
    for code, (converted, reviews, converter) in editions.items():
        for stem, publication, its_reviews in publications(converted, reviews, code, converter, options):
            for fmt in options.formats:
                announce(ngettext("typesetting {file} ({n} article)", "typesetting {file} ({n} articles)",
                                  len(publication.articles)).format(file=f"{stem.name}.{fmt}",
                                                                    n=len(publication.articles)))
                started = time.perf_counter()
                layout = layouts[fmt]
                strings = convert_strings(layout.strings, converter)
                rendered = render(publication, layout, fonts, options.workspace, strings,
                                  contents_sections=options.compilation is None
                                  or options.compilation.contents_sections,
                                  bind=options.imposition.bind if FORMAT_PAGES[fmt] == "A5" else "left",
                                  article_start=options.article_start)
                result = typeset(rendered, options.pdf_variant, options.timeout)
                for output in write_format(stem, fmt, result.pdf, result.pages, options, started,
                                           back_cover=publication.imprint is not None, blank=result.blank):
                    outputs.append(output)
                    progress(output)
            if code != "zh-Hans":
                output = write_review(Path(f"{stem}.review.txt"), its_reviews)
                outputs.append(output)
                progress(output)
    return outputs


def publications(articles: list[Article], reviews: list[Review], code: str, converter: Converter,
                 options: BuildOptions):
    """(output stem, publication, reviews) for each file an edition makes:
    one compilation of every article, or one handout per article."""
    spec = options.compilation
    if spec is None:
        for article, review in zip(articles, reviews):
            yield options.out_dir / f"{article.stem}.{code}", single_publication(article, code), [review]
        return

    def convert(text: str | None) -> str | None:
        return convert_quotes(converter.convert(text))[0] if text else text

    imprint = spec.imprint and Imprint(convert(spec.imprint.issuer), spec.imprint.date, spec.imprint.copies)
    publication = Publication(
        title=convert(spec.title), articles=tuple(articles), subtitle=convert(spec.subtitle),
        organizer=convert(spec.organizer), date=spec.date or source_date(), lang=code, slug=spec.slug,
        compilation=True, edition_label=EDITIONS[code].label, imprint=imprint,
    )
    yield options.out_dir / f"{spec.slug}.{code}", publication, reviews


def check_glyphs(editions: dict, layouts: dict, fonts, allow: bool) -> None:
    """No character goes to the typesetter without a font that draws it."""
    sources = None
    missing = []
    for code, (converted, _reviews, converter) in editions.items():
        if sources is None:
            sources = source_texts(converted)
        strings = "".join(convert_strings(layout.strings, converter)[key] for layout in layouts.values()
                          for key in ("contents", "source_label"))
        missing += find_missing(converted, fonts, code, sources, {"heading": strings})
    if not missing:
        return
    lines = tuple(dict.fromkeys(str(m) for m in missing))
    if allow:
        for line in lines:
            log.warning("%s", line)
        return
    raise FontError(ngettext("{n} character has no glyph in the layout's fonts and would print as an empty box",
                             "{n} characters have no glyph in the layout's fonts and would print as empty boxes",
                             len(lines)).format(n=len(lines)),
                    hint=_("add a font that has them, or pass --allow-missing-glyphs"), details=lines)


def warn_placeholders(articles: Sequence[Article], spec: Compilation | None) -> None:
    """A placeholder left in (（编印单位）, XXXX: see placeholders.py) would
    print as it is: say where, before anything is typeset."""
    from publish import placeholders

    fields = {}
    if spec is not None:
        imprint = spec.imprint or Imprint()
        values = {"title": spec.title, "subtitle": spec.subtitle, "organizer": spec.organizer, "date": spec.date,
                  "back_page.issuer": imprint.issuer, "back_page.date": imprint.date,
                  "back_page.copies": imprint.copies}
        places = dict(spec.places)
        fields = {name: (places.get(name, "publish.toml"), value) for name, value in values.items()}
    for where, name, value in placeholders.find(articles, fields):
        if name is None:
            log.warning("%s", _("{where}: placeholder {value} left in the text; replace it before printing").format(
                where=where, value=value))
        else:
            log.warning("%s", _("{where}: `{name}` is still a placeholder: {value}; replace it before printing").format(
                where=where, name=name, value=value))


def converter_for(code: str, options: BuildOptions) -> Converter:
    user = user_phrases(options.workspace, code, dict(options.phrases))
    return Converter(EDITIONS[code], user, taiwan_vocabulary=options.taiwan_vocabulary, hk_forms=options.hk_forms)


def convert_articles(articles: Sequence[Article], converter: Converter):
    pairs = [make_edition(article, converter) for article in articles]
    return [a for a, _ in pairs], [r for _, r in pairs], converter


def write_review(path: Path, reviews: list[Review]) -> Output:
    started = time.perf_counter()
    write_atomic(path, format_review(reviews).encode("utf-8"))
    return Output(path, 0, time.perf_counter() - started, "review")


def write_format(stem: Path, fmt: str, pdf: bytes, pages: int, options: BuildOptions,
                 started: float, back_cover: bool = False, blank: int = 0) -> list[Output]:
    """Write what one format makes of a typeset PDF: the A4 handout (or the
    A5 pages) as it is; for a booklet, the A5 pages in reading order and the
    imposed sheets."""
    if fmt != "booklet":
        return [_write(Path(f"{stem}.{fmt}.pdf"), pdf, pages, fmt, started, blank=blank)]
    # Impose before writing anything, so a failure leaves no partial set.
    imposed = impose(pdf, replace(options.imposition, back_cover=back_cover))
    padded = blank + imposed.pages - pages
    files = [(f"{stem}.a5.pdf", pdf, pages, "a5", 0, blank),
             (f"{stem}.booklet.pdf", imposed.duplex, imposed.sheets * 2, "booklet", imposed.sheets, padded)]
    if options.manual_duplex:
        files += [(f"{stem}.booklet-fronts.pdf", imposed.fronts, imposed.sheets, "booklet-fronts", imposed.sheets,
                   padded),
                  (f"{stem}.booklet-backs.pdf", imposed.backs, imposed.sheets, "booklet-backs", imposed.sheets,
                   padded)]
    return [_write(Path(name), data, count, kind, started, sheets, blanks)
            for name, data, count, kind, sheets, blanks in files]


def _write(path: Path, data: bytes, pages: int, kind: str, started: float, sheets: int = 0,
           blank: int = 0) -> Output:
    write_atomic(path, data)
    return Output(path, pages, time.perf_counter() - started, kind, sheets, blank)


def compilation_of(config, workspace: Path) -> Compilation:
    """The compilation publish.toml describes."""
    import re

    slug = config.slug or re.sub(r"[^\w.-]+", "-", workspace.resolve().name).strip("-") or "compilation"
    back = config.back_page
    imprint = Imprint(back.get("issuer"), back.get("date"), back.get("copies")) if back else None
    places = tuple((name, config.where(*name.split("."))) for name in (
        "title", "subtitle", "organizer", "date", "back_page.issuer", "back_page.date", "back_page.copies"))
    return Compilation(title=config.title or slug, slug=slug, subtitle=config.subtitle,
                       organizer=config.organizer, date=config.date, imprint=imprint,
                       contents_sections=config.contents_sections, places=places)


def single_publication(article: Article, edition: str) -> Publication:
    return Publication(
        title=article.title, articles=(article,), subtitle=article.subtitle,
        date=article.date or source_date(), lang=edition, slug=article.stem,
    )


def source_date() -> str | None:
    """The build date for the PDF metadata: only from ``SOURCE_DATE_EPOCH``,
    never the clock, so that two builds of the same input are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%d")
    except (ValueError, OverflowError, OSError):
        raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None


def expand_articles(patterns: Sequence[str], workspace: Path) -> list[Path]:
    """publish.toml's ``articles``: paths or globs inside the workspace, in
    the order listed (a glob's matches sorted), each file once."""
    found: list[Path] = []
    for pattern in patterns:
        if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
            raise ConfigError(f"`articles`: {pattern!r} must be a path inside the workspace",
                              workspace / "publish.toml")
        matches = sorted(p for p in workspace.glob(pattern)
                         if p.is_file() and p.suffix.lower() in SUFFIXES and not is_lock_file(p))
        if not matches:
            raise ConfigError(_("`articles`: {pattern!r} matches no article file (.md, .txt, .docx, .doc, .wps, "
                                ".html)").format(pattern=pattern), workspace / "publish.toml")
        found.extend(_relative(p) for p in matches if _relative(p) not in found)
    return found


def _relative(path: Path) -> Path:
    """Paths under the current folder are shown relative to it in messages."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()) if path.is_absolute() else path
    except ValueError:
        return path


def find_articles(paths: Sequence[Path], workspace: Path) -> list[Path]:
    """The article files to build: those named (folders expanded), or with
    none named, every article in the workspace's ``articles/``."""
    if not paths:
        folder = workspace / "articles"
        if not folder.is_dir():
            raise SourceError("no articles given and no articles/ folder here", workspace,
                              "name article files, or run `publish new DIR` to start a workspace")
        paths = [folder]
    found: list[Path] = []
    paths = [_relative(p) for p in paths]
    for path in paths:
        if path.is_dir():
            found.extend(_articles_in(path))
        else:
            found.append(path)
    if not found:
        raise SourceError(_("no articles found (.md, .txt, .docx, .doc, .wps, .html)"), paths[0])
    stems: dict[str, Path] = {}
    for path in found:
        if path.stem in stems and stems[path.stem] != path:
            raise SourceError(f"two articles would write the same output: {stems[path.stem]} and {path}", path,
                              "rename one of them")
        stems[path.stem] = path
    return found


def _articles_in(folder: Path) -> list[Path]:
    """A folder's article files, sorted. Word's lock files (``~$…``) are
    skipped with a note; any other file no reader takes is named in one
    warning, never skipped in silence."""
    articles, locks, others = [], [], []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith(".") or path.suffix.lower() == ".bak":
            continue  # folders (images/, a page's _files/), hidden files, check --fix backups
        if is_lock_file(path):
            locks.append(path)
        elif path.suffix.lower() in SUFFIXES:
            articles.append(path)
        else:
            others.append(path)
    for path in locks:
        log.warning(_("{path}: skipped: a Word lock file (its document is open in Word or WPS)").format(path=path))
    if others:
        log.warning(_("{folder}: left out {files}: not articles (publish reads .md, .txt, .docx, .doc, .wps, "
                      ".html)").format(folder=folder, files=", ".join(p.name for p in others)))
    return articles


PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/ua-1")


def _check_options(options: BuildOptions) -> None:
    """Every option, before anything is read, built or written."""
    def choice(option: str, value, known) -> None:
        if value not in known:
            raise OptionError(_("{option}: unknown value {value!r}; expected one of {known}").format(
                option=option, value=value, known=", ".join(known)))

    if options.pdf_variant is not None:
        choice("--pdf-variant", options.pdf_variant, PDF_VARIANTS)
    for edition in options.editions:
        choice("--edition", edition, EDITIONS)
    for fmt in options.formats:
        choice("--format", fmt, FORMAT_PAGES)
    choice("--bind", options.imposition.bind, BINDINGS)
    if options.article_start is not None:
        choice("--article-start", options.article_start, ARTICLE_STARTS)
    if options.imposition.sheets_per_signature is not None and options.imposition.sheets_per_signature < 1:
        raise OptionError(_("--sheets-per-signature must be at least 1"))
    if not 0 <= options.imposition.creep_mm <= 10:
        raise OptionError(_("--creep must be between 0 and 10 mm, not {creep:g}").format(
            creep=options.imposition.creep_mm))
    # the first folder of --out that exists must be a folder one can write in
    out = options.out_dir
    existing = next(p for p in (out, *out.parents, *out.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise OptionError(_("--out: {path} is a file, not a folder: name a folder for the PDFs").format(
            path=existing))
    if not os.access(existing, os.W_OK):
        raise OptionError(_("--out: cannot write in {path}: permission denied").format(path=existing))
    layout_names(options)


def layout_names(options: BuildOptions) -> dict[str, str]:
    """The layout of each format: ``--layout`` (or publish.toml's) for the
    formats it serves, each other format its own. A layout that serves none
    of the formats asked for cannot be honoured."""
    if options.layout is None:
        return {fmt: FORMAT_LAYOUTS[fmt] for fmt in options.formats}
    serves = layout_serving(options.layout, (), options.workspace)
    if not set(serves) & set(options.formats):
        raise OptionError(_("--layout {layout} makes {serves}, not {formats}").format(
            layout=options.layout, serves=", ".join(serves), formats=", ".join(options.formats)))
    return {fmt: options.layout if fmt in serves else FORMAT_LAYOUTS[fmt] for fmt in options.formats}


def layout_serving(layout: str, formats: Sequence[str], workspace: Path) -> tuple[str, ...]:
    """The formats ``layout`` serves; OptionError when it does not exist or
    does not serve one of ``formats`` (those the user asked for with it)."""
    known = available_layouts(workspace)
    if layout not in known:
        from publish.choices import did_you_mean

        raise OptionError(_("--layout: no layout named {layout!r}{hint}").format(
            layout=layout, hint=did_you_mean(layout, known)), hint=_("known layouts: {known}").format(
            known=", ".join(known)))
    serves = layout_formats(layout, workspace)
    for fmt in formats:
        if fmt not in serves:
            raise OptionError(_("--layout {layout} makes {serves} only, not {format}").format(
                layout=layout, serves=", ".join(serves), format=fmt),
                hint=_("build the {format} without --layout, or choose a layout that makes it; "
                       "`publish layouts` lists what each one makes").format(format=fmt))
    return serves


__all__ = ["BuildOptions", "Layout", "Output", "build", "find_articles"]
