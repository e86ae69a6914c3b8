"""Render: ``Publication`` + ``Layout`` -> HTML (Jinja2).

The layout's templates and CSS are looked up along its search path
(workspace, built-in, common), so a workspace overrides them file by file.
Image references are resolved here, and refused when they leave the
article's sandbox: the typesetter's fetcher refuses them again, but an error
at this point can name the file and line.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from publish import __version__
from publish.errors import LayoutError, SourceError
from publish.fonts import Fonts, font_css
from publish.layouts import Layout, set_style
from publish.model import (Article, Block, Figure, Footnote, Heading, Inline, Paragraph, Publication, Span, Table,
                           plain_text, split_lines)
from publish.paths import cache_dir, is_inside
from publish.typography import BEFORE_LEADER, CLOSING, OPENING, Typography, halved, mark_up
from publish.i18n import _

log = logging.getLogger(__name__)

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class Rendered:
    html: str
    base_url: str
    roots: tuple[Path, ...]  # the folders the typesetter may read from
    lang: str = "zh-Hans"


def sandbox_of(article: Article, workspace: Path) -> Path:
    """The folder an article's images must stay in: the workspace, or, for an
    article named on the command line from elsewhere, its own folder."""
    return workspace if is_inside(article.path, workspace) else article.path.resolve().parent


def render(publication: Publication, layout: Layout, fonts: Fonts, workspace: Path,
           strings: dict[str, str] | None = None, contents_sections: bool = True,
           bind: str = "left", article_start: str | None = None, part: int | None = None,
           frame: tuple | None = None) -> Rendered:
    """``part``: typeset the compilation's article number ``part`` alone,
    without page furniture; ``frame``: a piece or the front of the frame,
    each article's pages left empty (``parts.View``). See parts.py."""
    import jinja2
    from markupsafe import Markup

    class Loader(jinja2.FileSystemLoader):
        # A stylesheet's addresses lead where they do from its own folder
        # (the document's base is the workspace).
        def get_source(self, environment, template):
            source, filename, uptodate = super().get_source(environment, template)
            if template.endswith(".css"):
                source = set_style(source, Path(filename), layout.search_path).text
            return source, filename, uptodate

    env = jinja2.Environment(
        loader=Loader([str(p) for p in layout.search_path]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        bytecode_cache=_template_cache(),
    )
    typography = typography_of(layout, publication.lang)
    body = layout.grid.font_size_pt
    block = layout.pt(layout.text_block_mm[0])
    # A contents line: its text, dots and page number on the text block's
    # width, but for its indent (``indent`` ems: compilation.css's).
    contents_line = block / body
    env.filters["inline"] = lambda spans, paragraph=False, notes=(), leader=False, indent=0, hang=0, cell=False: \
        inline_html(leader_spans(spans, contents_line - indent, hang) if leader else spans, typography, paragraph,
                    notes, leader, cell)
    env.filters["before_leader"] = lambda text, indent=0, hang=0: before_leader(
        text, typography.compress_punctuation, contents_line - indent, hang)
    env.filters["hang"] = contents_hang
    env.filters["plain"] = plain_text
    env.filters["lines"] = split_lines
    env.filters["record_apart"] = record_apart
    env.filters["attachments"] = attachment_lines
    # A subtitle: marks compressed and no space typed beside one, as in the
    # text; its digits kept tight, as in the title and the date above and
    # below it (2023年3月).
    title_block = replace(typography, latin_gap=False)
    env.filters["text"] = lambda text: subtitle_html(text, title_block, layout.grid.chars_per_line)
    env.filters["source_line"] = lambda source, label: source_html(source, label, typography)
    env.filters["cells"] = table_cells
    # A table's measure: the text block's width in ems of its type.
    table_measure = layout.pt(layout.text_block_mm[0]) / table_size(layout)
    env.filters["column_widths"] = lambda table, article=None: column_widths(table, table_measure, table_size(layout),
                                                                             article)
    # (a title's line, in ems of its type: the cover's is larger, the lines
    # at the cover's foot (its organizer) in the body's size, the imprint's
    # issuer in 4号 to the body's 3号, a character in from either edge:
    # compilation.css)
    measures = {role: block / size for role, size in zip(("title", "cover", "foot"), (*title_sizes(layout), body))}
    measures["imprint"] = block / (IMPRINT_SIZE * body) - 2
    # (``broken``: False for a title there for the running head alone, the
    # frame's: on one line, unseen)
    # (a heading's first line: the text block's characters but its indent)
    env.filters["whole_words"] = lambda spans: whole_words(spans, layout.grid.chars_per_line - 2)
    env.filters["title"] = lambda text, role="title", broken=True: title_html(text, measures[role] if broken else 0)
    env.globals["cover_foot_at_foot"] = lambda publication, author=None: cover_foot_fits(
        publication, author, layout, measures)
    # (a running head's line: the text block's width in ems of its type)
    env.filters["running"] = lambda text: running_head(text, block / running_head_size(layout))
    env.filters["printed"] = lambda line: printed_on(line, measures["imprint"])
    env.filters["sections"] = lambda blocks: [(i, b) for i, b in enumerate(blocks, start=1)
                                              if isinstance(b, Heading) and b.level == 1]
    env.filters["display_date"] = display_date
    env.filters["kind"] = lambda block: type(block).__name__
    env.filters["css_string"] = css_string
    env.filters["image_url"] = lambda fig, article: image_url(fig, article, workspace)
    strings = strings if strings is not None else layout.strings
    try:
        css = "\n".join([
            font_css(fonts, publication.lang, workspace),
            grid_css(layout),
            typography.css(),
            env.loader.get_source(env, "base.css")[0],
            env.loader.get_source(env, "style.css")[0],
            progression_css(bind, publication.compilation),
            article_start_css(article_start),
        ])
        first = publication.articles[0] if publication.articles else None
        html = env.get_template("document.html.j2").render(
            publication=publication,
            layout=layout,
            lang=publication.lang,
            # The CSS comes from layout files and font names (quoted and
            # stripped of markup in fonts.py), never from an article.
            css=Markup(css.replace("</", "<\\/")),
            strings=strings,
            author=first.author if first and not publication.compilation else None,
            subject=publication.subtitle or strings.get("subject", ""),
            date=publication.date if publication.date and _ISO_DATE.match(publication.date) else None,
            version=__version__,
            contents_sections=contents_sections,
            typography=typography,
            part=part,
            frame=frame,
        )
    except jinja2.TemplateNotFound as exc:
        raise LayoutError(_("layout {name!r} has no template {template}").format(name=layout.name,
                                                                                template=exc.name)) from None
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or layout.name
        line = getattr(exc, "lineno", None)
        raise LayoutError(_("template error: {error}").format(error=exc), f"{where}:{line}" if line else where) \
            from None
    roots = {workspace.resolve(), *(sandbox_of(a, workspace).resolve() for a in publication.articles)}
    return Rendered(html, workspace.resolve().as_uri() + "/", tuple(sorted(roots)), publication.lang)


def _template_cache():
    """Compiled templates kept between runs (keyed by each template's source,
    so an edited override is compiled afresh): compiling takes longer than
    rendering a handout."""
    import jinja2

    folder = cache_dir("jinja")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def progression_css(bind: str, compilation: bool) -> str:
    """A booklet bound on the right reads its pages right to left: page 1 is
    a left-hand page. A right-to-left root (the text itself stays left to
    right) turns CSS's :left and :right, and so the binding margin, the
    outer-corner page numbers and the recto starts, all at once."""
    if bind != "right":
        return ""
    css = "html { direction: rtl; }\nbody { direction: ltr; }"
    if compilation:
        # the publication's title belongs on versos, which are now :right pages
        css += ("\n@page :right { @top-center { content: string(publication-title); } }"
                "\n@page :left { @top-center { content: string(article-title, first); } }")
    return css


def article_start_css(article_start: str | None) -> str:
    """Where each article of a compilation after the first starts: on the
    next right-hand page ("right", a booklet's default), or on the next
    page ("page", the A4 handout's), which leaves no blank page between
    articles. The first article always opens on a right-hand page 1."""
    if article_start is None:
        return ""
    side = "recto" if article_start == "right" else "page"
    return f"body.compilation article.article:not(:first-of-type) {{ break-before: {side}; }}"


def table_size(layout: Layout) -> float:
    """The type size of a table (``[sizes] table_pt``; the text's by default)."""
    return layout.sizes.get("table_pt", layout.grid.font_size_pt)


def grid_css(layout: Layout) -> str:
    """CSS variables for the character grid. The pitch is the text block width
    divided by the characters per line; a 16 pt character on the 156 mm GB/T
    9704 block advances 15.79 pt, so the tracking is slightly negative. A
    hair (0.01 pt) less, or float rounding would push the 28th character
    onto the next line."""
    width_pt = layout.pt(layout.text_block_mm[0])
    height_pt = layout.pt(layout.text_block_mm[1])
    grid = layout.grid
    pitch = width_pt / grid.chars_per_line
    # Rounded down: a pitch a hair too large would push the last line of a
    # full page onto the next one.
    line = math.floor(height_pt / grid.lines_per_page * 1000) / 1000
    sizes = layout.sizes
    page_number = sizes.get("page_number_pt", grid.font_size_pt * 0.875)
    # GB/T 9704 puts the dash line of the page number 7 mm below the text
    # block. The margin box starts at the block's edge; in a line as tall as
    # the font, Noto CJK's baseline sits 0.93 em down and the dash (centred
    # in the em box) 0.38 em above the baseline: 0.55 em below the box top.
    drop = layout.pt(sizes.get("page_number_gap_mm", 7.0)) - 0.552 * page_number
    return "\n".join([
        ":root {",
        f"  --grid-font: {grid.font_size_pt:.3f}pt;",
        f"  --grid-line: {line:.3f}pt;",
        f"  --grid-tracking: {pitch - grid.font_size_pt - 0.01:.4f}pt;",
        f"  --grid-indent: {2 * pitch:.4f}pt;",
        f"  --grid-pitch: {pitch:.4f}pt;",
        # 1/4 em between Han characters and Latin letters or digits
        f"  --latin-gap: {grid.font_size_pt / 4:.4f}pt;",
        f"  --title-size: {title_sizes(layout)[0]:.2f}pt;",
        f"  --cover-title-size: {title_sizes(layout)[1]:.2f}pt;",
        f"  --page-number-size: {page_number:.2f}pt;",
        f"  --page-number-drop: {drop:.3f}pt;",
        f"  --running-head-size: {running_head_size(layout):.2f}pt;",
        f"  --running-head-gap: {layout.pt(sizes.get('running_head_gap_mm', 4)):.2f}pt;",
        f"  --page-number-inset: {sizes.get('page_number_inset_chars', 1) * page_number:.2f}pt;",
        f"  --table-size: {table_size(layout):.2f}pt;",
        "}",
    ])




# The 版记's type against the body's (GB/T 9704-2012 7.4.1: 4号 to 3号;
# base.css and compilation.css).
IMPRINT_SIZE = 0.875


def running_head_size(layout: Layout) -> float:
    """The running heads' size (pt): 5号 unless the layout says."""
    return layout.sizes.get("running_head_pt", 10.5)


def title_sizes(layout: Layout) -> tuple[float, float]:
    """The sizes (pt) of an article's title and of the cover's."""
    title = layout.sizes.get("title_pt", layout.grid.font_size_pt * 1.375)
    return title, layout.sizes.get("cover_title_pt", 1.5 * title)


def typography_of(layout: Layout, lang: str) -> Typography:
    """The layout's [typography] settings; punctuation compression defaults
    to the edition's practice (on for zh-Hans and zh-Hant-HK, off for
    zh-Hant-TW) unless the layout says otherwise per edition."""
    from publish.edition import EDITIONS

    settings = layout.typography
    compress = settings.get(f"compress_punctuation_{lang}", settings.get("compress_punctuation"))
    if compress is None:
        compress = EDITIONS[lang].compress_punctuation
    return Typography(
        compress_punctuation=bool(compress),
        latin_gap=bool(settings.get("latin_gap", True)),
        keep_last_line=bool(settings.get("keep_last_line", True)),
        justify=bool(settings.get("justify", True)),
    )


_PRINTED = re.compile(r"(.*?\S)[ \u3000\t]+(\S+印[发發])")


def printed_on(line: Inline, measure: float = math.inf) -> tuple[Inline, Inline | None]:
    """A line of a 版记 as (what stands at the left, the 印发日期 set at
    the right or None): ``XXXX人民政府　2024年4月8日印发`` is both. Where the
    two do not fit one line of ``measure`` ems, the office breaks between
    words if it must, and the date stands beside its last line or under
    it (中共江门市某某局机关委员会 / 办公室　2024年4月9日印发 on a phone, not
    …委员会办 / 公室)."""
    match = _PRINTED.fullmatch(plain_text(line).strip(" \u3000"))
    if match is None:
        return line, None
    office, printed = (Span(match.group(1)),), (Span(match.group(2)),)
    if _ems(match.group(1)) + 1 + _ems(match.group(2)) > measure:
        office = whole_words(office, measure)
    return office, printed


def attachment_lines(spans: Inline) -> list[tuple[Inline, Inline, Inline]]:
    """The lines of a 附件说明 as (附件：, the number, the name): the first
    line's label, each line's number (1．) where there are several, empty
    where there is none."""
    from publish.sources.shapes import ATTACHMENT_NUMBER, ATTACHMENTS

    out = []
    for n, line in enumerate(split_lines(spans)):
        label, rest = _cut(line, ATTACHMENTS) if n == 0 else ((), line)
        number, name = _cut(rest, ATTACHMENT_NUMBER)
        out.append((label, number, name))
    return out


def _cut(line: Inline, pattern) -> tuple[Inline, Inline]:
    """``line`` cut after what ``pattern`` matches at its start (nothing
    matched: ``()`` and the line), each span keeping its style."""
    match = pattern.match(plain_text(line))
    at = match.end() if match else 0
    before: list[Span] = []
    after: list[Span] = []
    for span in line:
        if "noteref" in span.style or at <= 0:
            (after if at <= 0 else before).append(span)
            continue
        before.append(replace(span, text=span.text[:at]))
        if span.text[at:]:
            after.append(replace(span, text=span.text[at:]))
        at -= len(span.text)
    return tuple(before), tuple(after)


def record_apart(blocks: Sequence[Block]) -> tuple[Sequence[Block], Block | None]:
    """An article's blocks without its 版记 (its last block), and the 版记
    or None: the 版记 comes after the article's source line."""
    if blocks and isinstance(blocks[-1], Paragraph) and blocks[-1].role == "record":
        return blocks[:-1], blocks[-1]
    return blocks, None


def css_string(text: str) -> str:
    """Text as a quoted CSS string (a bookmark label)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


def display_date(value: str) -> str:
    """2024-05-06 -> 2024年5月6日; anything else as written."""
    match = _ISO_DATE.match(value or "")
    if not match:
        return value
    year, month, day = match.groups()
    return f"{year}年{int(month)}月{int(day)}日"


def title_html(text: str, line: float = 0):
    """A title that needs more than one line of ``line`` ems breaks where
    ``title_lines`` says, each line an inline block (and one that fits a
    line, with phrases separated by spaces, between its phrases should the
    page be narrower than reckoned)."""
    from markupsafe import Markup, escape

    lines = title_lines(text, line) if line else None
    kind = "phrase line"  # (a line's width: the reckoning of ems may not join two)
    if lines is None:
        phrases = [p for p in re.split(r"[ \u3000]+", text.strip()) if p]
        if len(phrases) < 2:
            return escape(text)
        lines, kind = [(phrase, True) for phrase in phrases], "phrase"
    # (between two, the space the title had there, if any: no other
    # character, so that the running head and the outline read the title)
    return Markup("".join((" " if spaced and n else "") + f'<span class="{kind}">{escape(words)}</span>'
                          for n, (words, spaced) in enumerate(lines)))


# What ends a running head cut short: the Chinese ellipsis, two ems.
ELLIPSIS = "\u2026\u2026"


def running_head(text: str, line: float) -> str:
    """A title as the running heads print it (base.css, compilation.css): on
    one line of ``line`` ems, whole if it fits, otherwise its first words
    and ……, cut between two words (关于深入学习贯彻……, never 关于深入学习贯……).
    A head of two lines pushed the rule under it into the text block's top
    margin and was not a running head but a second title."""
    room = line - 1  # (what the ems reckon against what the font sets)
    text = " ".join(text.split())
    if _ems(text) <= room:
        return text
    kept = ""
    for word in _words(text, room):
        if _ems(kept + word) + _ems(ELLIPSIS) > room:
            break
        kept += word
    # (a first word wider than the line: cut it where the line ends)
    kept = kept.rstrip(" ，、：；—") or next((text[:n] for n in range(len(text), 0, -1)
                                           if _ems(text[:n]) + _ems(ELLIPSIS) <= room), "")
    return kept + ELLIPSIS


def cover_foot_fits(publication, author, layout: Layout, measures: dict) -> bool:
    """Whether a cover's title, subtitle and edition, reckoned line by line
    (base.css: the title 30 % of the width down, its lines 1.5 of its size;
    the others 1.6 of theirs, a line apart), leave room for its foot (the
    author, the organizer, the date) at the page's foot, where it stands;
    else it follows them (a phone's five-line title printed the organizer
    over its subtitle)."""
    title_size, cover_size = title_sizes(layout)
    body = layout.grid.font_size_pt
    width, height = layout.pt(layout.text_block_mm[0]), layout.pt(layout.text_block_mm[1])

    def lines(text, line: float) -> int:
        return max(1, math.ceil(_ems(text) / max(line - 0.5, 1))) if text else 0

    title = len(title_lines(publication.title, measures["cover"]) or [publication.title])
    above = 0.3 * width + title * cover_size * 1.5
    above += lines(publication.subtitle, width / title_size) * title_size * 1.6 + (title_size if publication.subtitle
                                                                                   else 0)
    above += (lines(publication.edition_label, width / body) * body * 1.6 + body) if publication.edition_label else 0
    foot = sum(lines(text, measures["foot"]) for text in (author, publication.organizer) if text)
    foot = (foot + (1 if publication.date else 0)) * body * 1.6 + body * 2
    return above + foot <= height


def title_lines(text: str, line: float) -> list[tuple[str, bool]] | None:
    """The lines of a title too long for one line of ``line`` ems, each
    with whether a space stood before it: as few lines as hold it, the
    widest as narrow as can be, broken at its spaces where that does as
    well, otherwise between words and never inside one (GB/T 9704-2012
    7.3.1: 回行时要词意完整，排列对称): 关于开展党纪学习教育 / 读书班的通知, not
    关于开展党纪学习教育读书班的 / 通知. None when it fits one line."""
    room = line - 0.5  # (what the ems reckon against what the font sets)
    # its phrases: between spaces, and a —— subtitle (以案为鉴 以案促改——…读本)
    phrases = [(part, k == 0 and n > 0) for n, spaced in enumerate(p for p in re.split(r"[ \u3000]+", text.strip()) if p)
               for k, part in enumerate(p for p in re.split(r"(?=——)", spaced) if p)]
    if not phrases or _ems(" ".join(p for p, _ in phrases)) <= room:
        return None
    units: list[tuple[str, bool, int]] = []  # (words, a space before them, their phrase)
    for number, (phrase, spaced) in enumerate(phrases):
        words = _words(phrase, room) if _ems(phrase) > room else [phrase]
        units += [(word, spaced and n == 0, number) for n, word in enumerate(words)]

    def joined(part) -> tuple[str, bool]:
        return "".join((" " if spaced and k else "") + word for k, (word, spaced, _) in enumerate(part)), part[0][1]

    inf = float("inf")
    n = len(units)
    # (each line's width, for lines a line holds: longer ones never fit)
    width: dict[tuple[int, int], float] = {}
    for a in range(n):
        for b in range(a + 1, n + 1):
            width[a, b] = _ems(joined(units[a:b])[0])
            if width[a, b] > room:
                break
    starts = {i for i in range(n) if i == 0 or units[i][2] != units[i - 1][2]}  # (where a phrase begins)

    def fits(a: int, b: int, widest: float = room) -> bool:
        # A phrase broken across lines has its lines to itself: a line
        # holds one phrase's words, or whole phrases.
        return width.get((a, b), inf) <= widest and (units[a][2] == units[b - 1][2]
                                                     or a in starts and (b == n or b in starts))

    reach = 1 + max(b - a for a, b in width)  # (the most units a line holds, and one)

    def between_words(at: int) -> int:  # (a break with no space in the title there)
        return 0 if units[at][1] else 1

    for count in range(2, n + 1):
        # the widest line as narrow as it can be, in ``count`` lines ...
        widest = {(0, 0): 0.0}
        for lines in range(1, count + 1):
            for b in range(lines, n + 1):
                widest[lines, b] = min((max(widest.get((lines - 1, a), inf), width[a, b])
                                        for a in range(max(lines - 1, b - reach), b) if fits(a, b)), default=inf)
        narrowest = widest[count, n]
        if narrowest == inf:
            continue
        # ... then the fewest breaks between words, at no line wider ...
        fewest = {(1, a): 0 if fits(a, n, narrowest) else inf for a in range(n)}
        for lines in range(2, count + 1):
            for a in range(n):
                fewest[lines, a] = min((between_words(b) + fewest[lines - 1, b] for b in range(a + 1, min(a + reach, n))
                                        if fits(a, b, narrowest)), default=inf)
        # ... then each line as long as they allow, the first first
        out, a = [], 0
        for lines in range(count, 1, -1):
            b = max(b for b in range(a + 1, n) if fits(a, b, narrowest)
                    and between_words(b) + fewest[lines - 1, b] == fewest[lines, a])
            out.append(joined(units[a:b]))
            a = b
        return [*out, joined(units[a:])]
    return None  # (a word wider than the line: the browser breaks it where it must)


def whole_words(spans: Inline, line: float) -> Inline:
    """A heading too long for its first line (``line`` ems) with word
    joiners inside its words, so that it breaks between two, never in one
    (一、深刻认识纪律建设的 / 重要意义 on a phone, not …建设的重 / 要意义); words
    as a title's (``title_lines``)."""
    from publish.typography import WJ

    text = plain_text(spans)
    if _ems(text) <= line:
        return spans
    ends, at = set(), 0
    for word in _words(text, line):
        at += len(word)
        ends.add(at)
    out, at = [], 0
    for span in spans:
        if "noteref" in span.style:
            out.append(span)
            continue
        joined = "".join((WJ if 0 < at + k and at + k not in ends else "") + ch for k, ch in enumerate(span.text))
        out.append(replace(span, text=joined))
        at += len(span.text)
    return tuple(out)


def _words(text: str, room: float) -> list[str]:
    """A title's (or a heading's) text as the words it may break between,
    for lines of ``room`` ems."""
    from publish.edition.segmenter import title_words

    return [part for word in _whole(title_words(text), room) for part in _narrow(word, room)]


def _narrow(word: str, room: float) -> list[str]:
    """A word of a title in parts a line holds: itself where it fits;
    else around the longest name of a campaign or formula inside it
    (习近平新时代 / 中国特色社会主义 / 思想 on a phone), its other parts cut
    into words; else between its characters."""
    if _ems(word) <= room:
        return [word]
    from publish.edition.segmenter import TITLE_TERMS, title_words
    from publish.edition.tables import opencc_converter

    simplified = opencc_converter("t2s").convert(word)
    simplified = simplified if len(simplified) == len(word) else word
    inner = max((term for term in TITLE_TERMS if term in simplified and term != simplified), key=len, default=None)
    if inner is None:
        return list(word)
    at = simplified.index(inner)
    before, middle, after = word[:at], word[at:at + len(inner)], word[at + len(inner):]
    return [*(p for w in (title_words(before) if before else []) for p in _narrow(w, room)), *_narrow(middle, room),
            *(p for w in (title_words(after) if after else []) for p in _narrow(w, room))]


def _whole(words: list[str], room: float) -> list[str]:
    """A title's words as it may break between them: a closing mark with
    the word before it and an opening one with the word after it (never
    a line beginning with 》 or ending with 《); then, where a line holds
    them, what stands in 《》 or “” as one word (《中国共产党纪律处分条例》),
    的 (之, 地) with the word before it, and a run of single characters (a
    name jieba does not know, 侨/都) together."""
    marked: list[str] = []
    for word in words:
        if marked and (word[0] in CLOSING or marked[-1][-1] in OPENING):
            marked[-1] += word
        else:
            marked.append(word)
    out: list[str] = []
    for word in marked:
        if out and _ems(out[-1] + word) <= room and (
                _open(out[-1]) or word in ("的", "之", "地") or len(word) == 1 and len(out[-1]) == 1):
            out[-1] += word
        else:
            out.append(word)
    return out


def _open(text: str) -> bool:
    """``text`` opens a 《 or a “ it does not close."""
    return text.count("《") > text.count("》") or text.count("“") > text.count("”")


def _ems(text: str) -> float:
    """Text's width in ems, roughly: a Han character or a full-width mark
    one, and so the marks Unicode leaves to the context (“”‘’…—·), which a
    Chinese font sets full-width; a space under a third (the CJK fonts');
    anything else a little over half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.3 if ch == " " else 0.55 for ch in text)


# Where a subtitle may break: at its spaces, and between a closing bracket
# and an opening one (（征求意见稿）（2023年3月）).
_SUBTITLE_PARTS = re.compile(r"([ \u3000]+)|(?<=[）)】」』〕])(?=[（(【「『〔])")


# A 发文字号 (示纪发〔2024〕5号, 国办发〔2024〕12号): one word, never broken
# (it broke 〔2024〕5 / 号）in a source line).
_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\d{1,5}号")


def source_html(source: str, label: str, typography: Typography):
    """An article's source line, （来源：…）, set as the text is (its marks
    compressed, a figure kept with its unit), a 发文字号 in it whole."""
    from publish.typography import WJ

    text = _DOCUMENT_NUMBER.sub(lambda m: WJ.join(m.group()), f"（{label}：{source}）")
    return mark_up((Span(text),), typography)


def subtitle_html(text: str, typography: Typography, line: int):
    """A subtitle made of bracketed parts or of phrases separated by spaces
    breaks between them, not inside one, when it needs two lines: not
    （征求意见稿）（从工作组讨论稿一直写到报批 / 稿）. Each part that a line of
    ``line`` characters holds has word joiners between its characters; one
    it could not hold breaks where it must. One text, its marks compressed
    across the parts as within a line; its last line never one character
    alone."""
    from publish.typography import WJ

    # (split keeps the separators: part, separator, part …; a space, or None
    # between two brackets)
    pieces = _SUBTITLE_PARTS.split(text.strip())
    if len(pieces) < 3:
        # one phrase: between two words (在……开班式上 / 的讲话, not 开班 / 式上)
        return mark_up(whole_words((Span(text.strip()),), line), typography)
    joined = "".join(WJ.join(piece) if k % 2 == 0 and len(piece) < line else piece or ""
                     for k, piece in enumerate(pieces))
    return mark_up((Span(joined),), typography)


def before_leader(text: str, compress: bool = True, line: float = 0, hang: float = 0):
    """A title in the contents, as written (its title's phrases are for the
    title page), but for a closing mark at its end, set half-width where
    marks are compressed: the leader's dots follow it as a line's end would
    (``typography.BEFORE_LEADER``). Broken between words where it needs
    more than one line of ``line`` ems (``leader_breaks``)."""
    from markupsafe import Markup, escape

    for start, end in reversed(leader_breaks(text, line, hang) if line else []):
        text = text[:start] + "\n" + _hanging(hang) + text[end:]
    out = escape(text[:-1]) + Markup(halved(str(escape(text[-1])))) \
        if compress and text and text[-1] in BEFORE_LEADER else escape(text)
    return Markup(str(out).replace("\n", "<br>"))


def leader_spans(spans: Inline, line: float, hang: float = 0) -> Inline:
    """A contents line's spans (a section's heading) with a newline where
    ``leader_breaks`` breaks their text (``typography.mark_up`` makes it a
    line break)."""
    breaks = leader_breaks(plain_text(spans), line, hang)
    if not breaks:
        return spans
    out, at = [], 0
    for span in spans:
        if "noteref" in span.style:
            out.append(span)
            continue
        text, size = span.text, len(span.text)
        for start, end in reversed(breaks):  # (the later first: the earlier offsets hold)
            a, b = (min(max(offset - at, 0), size) for offset in (start, end))
            text = text[:a] + ("\n" + _hanging(hang) if at <= start < at + size else "") + text[b:]
        out.append(replace(span, text=text))
        at += len(span.text)
    return tuple(out)


# What a contents line keeps beside its text for the leader and the page
# number: one dot and two digits on an entry's only line; on the last line
# of one broken for it, a few dots and three digits where the words allow.
ONE_LINE_LEADER, LAST_LINE_LEADER = 1.5, 2.5
# A heading's number (一、 （二） 3.), which no line ends with.
_NUMBER = re.compile(r"[（(]?[一二三四五六七八九十百零〇\d]+[）)]?[、．.]?")
# A heading's number at its start: a contents line broken under it goes on
# under the text after it.
_LEADING_NUMBER = re.compile(r"^(?:[（(][一二三四五六七八九十百零〇\d]+[）)]|[一二三四五六七八九十百零〇]+、|\d{1,2}[．.、])")


def _hanging(hang: float) -> str:
    # ideographic spaces, which a line keeps at its start (CSS collapses
    # only the ASCII ones)
    return "\u3000" * round(hang)


def contents_hang(text) -> float:
    """How far (ems) the lines after the first of a contents entry stand in
    from its first: under the text after its number (一、 2, （一） 3), else
    one em, so that a title's second line is not read as an entry of its
    own."""
    match = _LEADING_NUMBER.match(text if isinstance(text, str) else plain_text(text))
    return _ems(match.group()) if match else 1.0



def leader_breaks(text: str, line: float, hang: float = 0.0) -> list[tuple[int, int]]:
    """Where a contents entry (``text``) breaks when its text, dots and page
    number need more than one line of ``line`` ems, as the stretches of
    ``text`` a line break replaces (the spaces before a word, or nothing):
    between words, never inside one (一、深刻认识纪律建设的 / 重要意义……2 on a
    phone, not …建设的重 / 要意义), at a space or after a pause (、，；：) where
    that does as well, each line before the last as full as the words
    allow and the last with room for the dots. Lines after the first are
    ``hang`` ems shorter (indented under the text after a heading's number,
    ``contents_hang``). None when it fits, or when no word break leaves
    that room (the typesetter breaks it)."""
    if _ems(text) + ONE_LINE_LEADER <= line:
        return []

    def measure(a: int) -> float:
        return line if a == 0 else line - hang  # (of the line that starts with unit a)

    units: list[tuple[int, int, bool]] = []  # (start, end, a space or a pause before it)
    for match in re.finditer(r"[^ \u3000]+", text):
        at = match.start()
        for n, word in enumerate(_words(match.group(), measure(1) - 0.25)):
            units.append((at, at + len(word), bool(units) and (
                n == 0 or text[at - 1] in "、，；：" and not _NUMBER.fullmatch(text[:at]))))
            at += len(word)
    n = len(units)

    def width(a: int, b: int) -> float:
        return _ems(text[units[a][0]:units[b - 1][1]])

    def solve(reserve: float) -> tuple[tuple[float, float], list[tuple[int, int]]]:
        """(lines, breaks between words) and the breaks, the last line
        keeping ``reserve`` ems for its dots and number and the others a
        quarter em (what the ems reckon against what the font sets)."""
        def fits(a: int, b: int) -> bool:
            return width(a, b) + (reserve if b == n else 0.25) <= measure(a)

        # best[a]: (lines, breaks between words) of the entry from unit a on
        best: list[tuple[float, float]] = [(math.inf, math.inf)] * n + [(0, 0)]
        for a in range(n - 1, -1, -1):
            for b in range(a + 1, n + 1):
                if not fits(a, b):
                    break
                lines, inner = best[b]
                best[a] = min(best[a], (lines + 1, inner + (0 if b == n or units[b][2] else 1)))
        if best[0][0] == math.inf:
            return best[0], []
        # the first lines as long as the fewest lines and word breaks allow
        breaks, a = [], 0
        while best[a][0] > 1:
            b = max(b for b in range(a + 1, n) if fits(a, b)
                    and (best[b][0] + 1, best[b][1] + (0 if units[b][2] else 1)) == best[a])
            breaks.append((units[b - 1][1], units[b][0]))
            a = b
        return best[0], breaks

    # the fewest lines and breaks between words, then the most room for the dots
    cost, breaks = min((solve(reserve) for reserve in (LAST_LINE_LEADER, ONE_LINE_LEADER)), key=lambda found: found[0])
    return breaks if cost[0] != math.inf else []


def inline_html(spans: Inline, typography: Typography, paragraph: bool = False, notes: tuple[Footnote, ...] = (),
                leader: bool = False, cell: bool = False):
    """A run of spans as HTML, each footnote reference replaced by its note
    as a WeasyPrint footnote (``float: footnote`` in base.css), which
    numbers it and sets it at the foot of the page. The first reference of
    a note carries it; a later one prints its number only. Without
    ``notes`` (the contents page) references are left out. ``leader``: a
    contents line's dots follow (``typography.mark_up``)."""
    from markupsafe import Markup

    if not any("noteref" in span.style for span in spans):
        return mark_up(spans, typography, paragraph, leader, cell)
    by_label = {note.label: note for note in notes}
    out, run = [], []
    placed: set[str] = set()
    for span in spans:
        if "noteref" not in span.style:
            run.append(span)
            continue
        if run:
            out.append(mark_up(tuple(run), typography, False, cell=cell))
            run = []
        note = by_label.get(span.text)
        if note is None:
            continue
        # a word joiner: the number never starts a line of its own
        if note.label in placed:
            out.append(Markup('\u2060<span class="note-again">{}</span>').format(note.label))
        else:
            placed.add(note.label)
            out.append(Markup('\u2060<span class="footnote">{}</span>').format(
                mark_up(note.spans, typography, False)))
    if run:
        out.append(mark_up(tuple(run), typography, paragraph, leader, cell))
    return Markup("").join(out)


def column_widths(table: Table, measure: float, size: float, article: Article | None = None) -> dict:
    """How a table is set (publish/columns.py): ``size``, its type size in
    points if smaller than ``size`` (its columns would not fit the page
    side by side, or short entries would break: ``columns.settle``), else
    None; ``widths``, each column's width as a
    percentage of the table's where it does not fit on one line a row.
    A table too wide even then is named in a warning (``article``'s)."""
    from publish.columns import SMALLEST, fit, settle

    fits = fit(table, measure)
    # (not below 9 pt: an A5 booklet's tables stay legible)
    part, shares = settle(table, measure, floor=9.0 / size)
    if fits < SMALLEST and article is not None:
        log.warning("%s", _("{where}: a table of {n} columns is wider than the page even in smaller type: it runs "
                            "into the margin (split it, or print the A4 handout)").format(
            where=f"{article.path}:{table.line}" if table.line else article.path,
            n=max(len(row) for row in table.head + table.body)))
    return {"size": f"{size * part:.2f}pt" if part < 1 else None,
            "widths": [f"{share * 100:.3f}%" for share in shares] if shares else []}


def table_cells(table: Table):
    """Rows of ``(cell, rowspan, colspan)``, head rows first, leaving out
    the cells a merge covers."""
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for row, col, rows, cols in table.merges:
        spans[(row, col)] = (rows, cols)
        covered.update((r, c) for r in range(row, row + rows) for c in range(col, col + cols))
    out = []
    for r, cells in enumerate(table.head + table.body):
        out.append([(cell, *spans.get((r, c), (1, 1))) for c, cell in enumerate(cells)
                    if (r, c) in spans or (r, c) not in covered])
    return out


def image_url(figure: Figure, article: Article, workspace: Path) -> str:
    """Where the typesetter finds a picture: a file in the sandbox, or for a
    picture carried inside its source (a Word file), its bytes."""
    if figure.data is not None:
        import base64
        import mimetypes

        kind = mimetypes.guess_type(figure.src)[0] or "application/octet-stream"
        return f"data:{kind};base64,{base64.b64encode(figure.data).decode('ascii')}"
    return image_path(figure, article, workspace).as_uri()


def image_path(figure: Figure, article: Article, workspace: Path) -> Path:
    where = f"{article.path}:{figure.line}"
    src = figure.src.strip()
    if not src:
        raise SourceError(_("image with no path"), where)
    if _SCHEME.match(src) or src.startswith(("/", "\\")):
        raise SourceError(_("image {src!r} is not a file in the workspace").format(src=src), where,
                          _("copy the picture into the workspace and give a relative path"))
    root = sandbox_of(article, workspace)
    path = (article.path.parent / src).resolve()
    if not is_inside(path, root):
        raise SourceError(_("image {src!r} lies outside the workspace").format(src=src), where,
                          _("copy the picture into the workspace"))
    if not path.is_file():
        raise SourceError(_("image {src!r} not found").format(src=src), where)
    problem = _unreadable(path)
    if problem:
        # (The typesetter would leave it out with a line in English, and
        # the handout would go to print without it.)
        raise SourceError(_("image {src!r} cannot be read: {problem}").format(src=src, problem=problem[0]), where,
                          problem[1])
    return path


# The most pixels a picture may have: a 200-megapixel phone photo (16320 x
# 12240) prints, down-sampled to 300 dpi. Pillow's own limit (89 million,
# against "decompression bombs") would print a warning in English calling a
# 108-megapixel photo an attack, and refuse one twice as large.
PICTURE_PIXELS = 250_000_000


def allow_large_pictures() -> None:
    """Pillow's limit raised to publish's (``PICTURE_PIXELS``), for the
    check below and for the typesetter, which opens pictures with Pillow."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = PICTURE_PIXELS


def _unreadable(path: Path) -> tuple[str, str] | None:
    """Why the typesetter could not draw the picture at ``path``, and what
    to do, or None. Only its structure is read (a photo is decoded once,
    when typeset)."""
    save_again = _("open it and save it again as PNG or JPEG")
    if path.suffix.lower() == ".svg":
        from xml.etree import ElementTree

        try:
            ElementTree.parse(path)
        except (ElementTree.ParseError, OSError) as exc:
            return _("not an SVG drawing ({error})").format(error=exc), save_again
        return None
    import warnings

    from PIL import Image, UnidentifiedImageError

    allow_large_pictures()

    def too_large(width, height) -> tuple[str, str]:
        return (_("too large to print: {width} x {height} pixels (at most {limit} million)").format(
            width=width, height=height, limit=PICTURE_PIXELS // 1_000_000),
            _("save a smaller copy: a whole A4 page at 300 dpi takes 2480 x 3508 pixels"))

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # (said below, in words)
            with Image.open(path) as image:
                if image.size[0] * image.size[1] > PICTURE_PIXELS:
                    return too_large(*image.size)
                image.verify()
    except UnidentifiedImageError:
        return _("not a picture publish knows (PNG, JPEG, GIF, BMP, TIFF, WebP, SVG)"), save_again
    except Image.DecompressionBombError:
        return too_large("?", "?")
    except (OSError, SyntaxError, ValueError) as exc:
        return _("the file is damaged ({error})").format(error=exc), save_again
    return None
