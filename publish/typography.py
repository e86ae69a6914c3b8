"""Chinese typography that WeasyPrint does not do by itself.

The rules travel inside the text, not as inline boxes (a box per Latin run
or compressed mark made WeasyPrint's inline layout several times slower):

* ``mark_up`` (used by the renderer) writes a paragraph's text with
  invisible characters where a rule needs them: a zero-width space (U+200B)
  opens a line break that Pango would not allow (before an opening quote and
  after a closing one, Unicode 15.1 LB19a; after ``/ . - _ @ ?`` inside URLs,
  e-mail addresses, paths and other long tokens), and a word joiner (U+2060)
  forbids one (before ``——`` and ``……``; between a paragraph's last two
  characters, so that its last line never holds a single one). Between a
  Han character and a Latin word, a zero-width space carries the 1/4 em
  gap (and a break, where the gap disappears). Pango
  draws neither, so the PDF's text layer holds the text as written. Latin
  words get ``lang="en"`` so that WeasyPrint hyphenates them.

* ``install`` patches WeasyPrint 70.0 so that every text it lays out is read
  again by ``_analyse`` and set with Pango attributes: the OpenType ``halt``
  feature on a full-width mark followed by another (two adjacent marks take
  1.5 em; the fonts have no ``chws``; in a font without ``halt``,
  letter-spacing, the mark's ink put back in place when the line is
  drawn), marks the font does not set as Chinese print wants them (narrow
  quotes; a traditional edition's ，。、：；！？ low on the left) in the
  next face of the stack that does (``_marks_elsewhere``), no tracking
  inside Latin runs, the
  gap between Han and Latin, and, when a line is
  justified, the missing width spread over the gaps after its CJK
  characters (WeasyPrint's own ``justify_line`` only stretches spaces),
  with Latin words and the halves of ``——`` and ``……`` left rigid. The
  layout's ``[typography]`` settings reach the patch through the CSS custom
  property ``--publish-typography`` (see render.py), so ``code`` can turn
  it off. It also draws 着重号 (emphasis dots) under the characters of text
  whose ``--publish-emphasis`` is ``dot``.

The version is pinned in pyproject.toml, and tests/test_typography.py
measures the result from glyph positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from publish.model import Inline, is_han
from publish.speed import kept_on

# Marks whose blank half is on the right (in simplified fonts) or that are
# centred (traditional fonts): compressible before another mark.
CLOSING = set("，。、：；！？”’）》〉】」』〕")
OPENING = set("“‘（《〈【「『〔")
_MARKS = frozenset(CLOSING | OPENING)
# Closing brackets and quotes, whose blank half is set aside at the end of a
# contents line's title: the leader's dots follow it as a line's end would.
BEFORE_LEADER = set("”’）》〉】」』〕")
ZWSP = "\u200b"  # a line break may follow
WJ = "\u2060"    # no line break on either side
# The gap between Latin and a paragraph's last Han character, where no
# line may break (``keep_last_line``): a zero-width no-break space, which
# breaks like a word joiner.
GAP_JOINER = "\ufeff"
INVISIBLE = ZWSP + WJ + GAP_JOINER
_LATIN_CHARS = r"A-Za-z0-9.,%'’\-+/:@&_?=#~"
_LATIN = re.compile(f"[A-Za-z0-9][{_LATIN_CHARS}]*(?: [A-Za-z0-9][{_LATIN_CHARS}]*)*")
# The same runs in text already marked up (breaks inside long tokens, and the
# hyphen WeasyPrint adds when it hyphenates a word at a line end), which
# may start with the mark after which a long token broke (".gov.cn").
_LATIN_SET = re.compile(f"(?:[./\\-_@?=&]+{ZWSP}?)?[A-Za-z0-9][{_LATIN_CHARS}{ZWSP}\u2010]*"
                        f"(?: [A-Za-z0-9][{_LATIN_CHARS}{ZWSP}\u2010]*)*")
# What a text has if the patch spaces or moves anything in it when drawn.
_CARRIERS = frozenset(INVISIBLE) | _MARKS
_CJK_MARKS = set("，。、：；！？“”‘’（）《》〈〉【】「」『』〔〕…—·")
# (and the interpunct, which never starts a line: 元/人·天, 约翰·史密斯; Pango
# breaks before it, its class ambiguous)
_BREAK_GROUPS = re.compile(r".(?:——|……)+|[^\s·](?=·)")
_RIGID = re.compile(r"(?:——|……)+")
# A token long enough to leave a wide gap when it has to move to the next
# line whole: URLs, e-mail addresses, paths, telephone numbers.
_TOKEN = re.compile(r"[^\s]{8,}")
_URL_LIKE = re.compile(r"[/@_?=&]|[A-Za-z0-9][-.][A-Za-z0-9]")
_TOKEN_BREAKS = set("/.-_@?=&")
# A telephone number or a date (0759-1234567, (0759)3456789, 2024-05-06):
# one word, not broken at its hyphens as an address is.
_NUMBER_LIKE = re.compile(r"[0-9()+][0-9()+\-.]*")
# A figure before these is read with them (2023年, 5天, 6月20日, 30人, 10%):
# no line breaks between.
_FIGURE = re.compile(r"[0-9][0-9.,]*")
_UNITS = frozenset("年月日号时分秒天周个人名位次项件条元角万亿千百倍岁届期批所家户吨米斤亩层楼章节篇版余多")
_TOKEN_PART = re.compile(f"[{_LATIN_CHARS}]+")
_WORD = re.compile(r"[A-Za-z]{5,}")
# Eight digits or more in a row: an identifier (a page's number in its
# address, ARTI1714978000000000), not a number read as one.
_LONG_DIGITS = re.compile(r"\d{8,}")


@dataclass(frozen=True)
class Typography:
    """What the layout and edition ask for (layout.toml [typography])."""

    compress_punctuation: bool = True
    latin_gap: bool = True
    keep_last_line: bool = True
    justify: bool = True

    def css(self) -> str:
        """The settings the WeasyPrint patch reads from the styles."""
        words = [word for word, on in (("compress", self.compress_punctuation), ("latin", self.latin_gap)) if on]
        return f":root {{ --publish-typography: {' '.join(words) or 'plain'}; }}"


def last_kept(text: str) -> int | None:
    """Where a paragraph's last line must not break (``keep_last_line``):
    the index of its last Han character, which keeps the character or the
    number before it (that one's last character is at index - 1); marks and
    Latin after it follow; None if there is no such pair."""
    end = len(text)
    while end > 0 and not (is_han(text[end - 1]) or text[end - 1] in _CJK_MARKS):
        end -= 1
    tail = end
    while tail > 0 and text[tail - 1] in CLOSING | {"…", "—"}:
        tail -= 1
    if tail - 2 <= 0 or not is_han(text[tail - 1]):
        return None
    if is_han(text[tail - 2]):
        return tail - 1
    # a number or word: kept if something comes before it (2024年10月, not
    # a table's heading 10月, which may break as 1月 beside it does)
    start = tail - 2
    while start > 0 and text[start - 1].isalnum() and not is_han(text[start - 1]):
        start -= 1
    return tail - 1 if text[tail - 2].isalnum() and start > 0 else None


def mark_up(spans: Inline, typography: Typography, paragraph: bool = True, leader: bool = False,
            cell: bool = False):
    """HTML for a run of spans, with the invisible characters that carry
    line breaking (see the module docstring); ``leader``: a contents line's
    dots follow it (``BEFORE_LEADER``); ``cell``: a table's (a figure may
    part from its unit there, as columns.py reckons)."""
    from markupsafe import Markup

    spans = _without_stray_spaces(spans)
    text = "".join(span.text for span in spans)
    n = len(text)
    # Where each span starts and ends.
    edges = [0]
    for span in spans:
        edges.append(edges[-1] + len(span.text))
    code = [(edges[k], edges[k + 1]) for k, span in enumerate(spans) if "code" in span.style]

    def in_code(start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in code)

    # Invisible characters put before or after a character, in its element.
    before: dict[int, str] = {}
    after: dict[int, str] = {}

    def put(where: dict[int, str], i: int, mark: str, first: bool = False) -> None:
        where[i] = mark + where.get(i, "") if first else where.get(i, "") + mark

    # Pango follows UAX #14, which forbids a break on either side of “”‘’;
    # clreq allows one before an opening quote and after a closing one. The
    # zero-width space stays beside the quote, in its element.
    for match in _QUOTES.finditer(text):
        i = match.start()
        if text[i] in "“‘" and i and (is_han(text[i - 1]) or text[i - 1] in CLOSING) and not in_code(i - 1, i + 1):
            put(before, i, ZWSP)
        elif text[i] in "”’" and i + 1 < n and (is_han(text[i + 1]) or text[i + 1] in OPENING) \
                and not in_code(i, i + 2) and not (text[i + 1] in "“‘" and text[i] in CLOSING):
            put(after, i, ZWSP)
    english: list[tuple[int, int]] = []
    for match in _LATIN.finditer(text):
        start, end = match.span()
        if in_code(start, end):
            continue
        # Between Han and Latin: a zero-width space that carries the gap and
        # opens a break, in the element of the character after it, so that
        # one ending a text always ends a line (see _analyse).
        if typography.latin_gap and start > 0 and is_han(text[start - 1]):
            put(before, start, ZWSP, first=True)
        if typography.latin_gap and end < n and is_han(text[end]):
            # In running text a figure keeps its unit (2023 / 年, 为期5 / 天,
            # 6 / 月20日 broke there): the gap carried by a zero-width no-break
            # space. (A table's cell may break there: a register's 10 / 月 on
            # a phone, whose columns are reckoned so in columns.py.)
            kept = not cell and text[end] in _UNITS and _FIGURE.fullmatch(text, start, end) and end not in edges
            put(before, end, GAP_JOINER if kept else ZWSP, first=True)
        tokens = []
        for token in _TOKEN.finditer(text, start, end):
            if _NUMBER_LIKE.fullmatch(token.group()):
                # (Pango breaks after its hyphen, before the digits)
                for i in range(token.start(), token.end() - 1):
                    if text[i] == "-":
                        put(after, i, WJ)
                continue
            if not _URL_LIKE.search(token.group()):
                continue  # a word, or a long number: 1,234,567.89
            tokens.append(token.span())
            for i in range(token.start(), token.end() - 1):
                if text[i] in _TOKEN_BREAKS and text[i + 1] not in _TOKEN_BREAKS:
                    put(after, i, ZWSP)
        # Words, but not URLs or addresses, may be hyphenated.
        bounds = [start, *(edge for span in tokens for edge in span), end]
        english += [(left, right) for left, right in zip(bounds[::2], bounds[1::2])
                    if _WORD.search(text, left, right)]
    for match in _BREAK_GROUPS.finditer(text):
        put(before, match.start() + 1, WJ, first=True)
    if paragraph and typography.keep_last_line:
        # the last two characters, with the punctuation that follows them;
        # a number or word before the last character goes with it too
        # (（2023年3月）: never 月） alone on the last line)
        last = last_kept(text)
        if last is not None and is_han(text[last - 1]):
            put(before, last, WJ, first=True)
        elif last is not None:
            # The gap after the Latin carried by a zero-width no-break
            # space instead of the zero-width space: Pango breaks after a
            # zero-width space whatever follows it (UAX #14, LB8), and
            # 10 / 月 would part. (Not where an element starts there: its
            # gap is an ``e``.)
            gap = before.get(last, "")
            if gap.startswith(ZWSP) and last not in edges:
                before[last] = GAP_JOINER + gap[1:]
            elif not gap.startswith(GAP_JOINER):  # (a figure's unit is kept already)
                put(before, last, WJ)

    # Elements: a span's style, a Latin word's language; and the OpenType
    # halt on a mark whose neighbour lies in another element (within one
    # element, the WeasyPrint patch finds it by itself), or on a closing
    # mark at the end that a contents line's leader follows.
    restyled = (edges[k] for k in range(1, len(spans)) if spans[k].style != spans[k - 1].style)
    newlines = (i for m in _NEWLINE.finditer(text) for i in m.span())
    cuts = sorted({0, n, *restyled, *(i for run in english for i in run), *newlines})
    halt: set[int] = set()
    if typography.compress_punctuation:
        for i in cuts[1:-1]:
            a, b = text[i - 1], text[i]
            if a in CLOSING and (b in CLOSING or b in OPENING):
                halt.add(i - 1)
            elif a in OPENING and b in OPENING:
                halt.add(i)
        last = max((i for i, ch in enumerate(text) if ch not in INVISIBLE and not ch.isspace()), default=None)
        if leader and last is not None and text[last] in BEFORE_LEADER:
            halt.add(last)
    out: list[str] = []
    for start, end in zip(cuts, cuts[1:]):
        if start == end:
            continue
        if text[start:end] == "\n":
            out.append("<br>")
            continue
        inner = _escaped(text, start, end, before, after, halt)
        if any(left <= start < right for left, right in english):
            inner = f'<span lang="en">{inner}</span>'
        style = next(span.style for k, span in enumerate(spans) if edges[k] <= start < edges[k + 1])
        out.append(_style(inner, style))
    return Markup("".join(out))


_QUOTES = re.compile("[“‘”’]")
_SPACES = re.compile("[ \u00a0]+")


def stray_spaces_at_marks(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has half-width spaces (or no-break spaces) beside a
    full-width mark that only widen the blank the mark carries: after a
    closing mark or before one, next to Han or another mark (二、 编制过程,
    意见稿） （第二稿）), and after an opening mark; not beside Latin text
    (。 The)."""
    if " " not in text and "\u00a0" not in text:
        return []
    stray = []
    for m in _SPACES.finditer(text):
        if not m.start() or m.end() == len(text):
            continue
        a, b = text[m.start() - 1], text[m.end()]
        marks_or_han_a = a in CLOSING or a in OPENING or is_han(a)
        marks_or_han_b = b in CLOSING or b in OPENING or is_han(b)
        if (a in CLOSING and marks_or_han_b) or (b in CLOSING and marks_or_han_a) or a in OPENING:
            stray.append(m.span())
    return stray


def _without_stray_spaces(spans: Inline) -> Inline:
    """The spans without the half-width spaces that only widen the blank a
    full-width mark carries: after a closing mark or before one, next to
    Han or another mark (二、 编制过程, 意见稿） （第二稿）, and after an
    opening mark. Typed in Word out of habit; a typesetter takes them out
    (``publish check`` names them). Not in code, nor beside Latin text (。 The)."""
    from dataclasses import replace

    text = "".join(span.text for span in spans)
    stray = stray_spaces_at_marks(text)
    if not stray:
        return spans
    out, at = [], 0
    for span in spans:
        start, end = at, at + len(span.text)
        at = end
        cut = [(max(a, start), min(b, end)) for a, b in stray if a < end and start < b]
        if not cut or "code" in span.style:
            out.append(span)
            continue
        kept, last = [], start
        for a, b in cut:
            kept.append(text[last:a])
            last = b
        kept.append(text[last:end])
        if "".join(kept):
            out.append(replace(span, text="".join(kept)))
    return tuple(out)


_NEWLINE = re.compile("\n")


def _escaped(text: str, start: int, end: int, before: dict, after: dict, halt: set) -> str:
    """The characters from start to end, escaped, with what goes before and
    after each, and a compressed mark in a span of its own."""
    from markupsafe import escape

    points = sorted({i for i in (*before, *halt) if start <= i < end} | {i + 1 for i in (*after, *halt)
                                                                         if start <= i < end} | {start, end})
    pieces = []
    for left, right in zip(points, points[1:]):
        if left in halt:
            pieces.append(halved(str(escape(text[left])), before.get(left, WJ), after.get(left, WJ)))
        else:
            pieces.append(before.get(left, "") + str(escape(text[left:right])) + after.get(right - 1, ""))
    return "".join(pieces)


def halved(mark: str, before: str = WJ, after: str = WJ) -> str:
    """A compressed mark (escaped) in a span of its own, set with halt
    (base.css ``.pc``), with what stands before and after it; a word joiner
    where nothing does: a font without halt halves it by letter-spacing,
    which Pango leaves out on a text's first and last character."""
    return f'<span class="pc">{before}{mark}{after}</span>'


def plain(text: str) -> str:
    """Text without the invisible characters mark_up adds."""
    return text.translate(_STRIP)


_STRIP = {ord(ch): None for ch in INVISIBLE}


def _style(html: str, style: frozenset[str]) -> str:
    for name, tag in (("code", "code"), ("em", "em"), ("strong", "strong"), ("sup", "sup"), ("sub", "sub")):
        if name in style:
            html = f"<{tag}>{html}</{tag}>"
    if "dot" in style:
        html = f'<span class="dot">{html}</span>'
    return html


# ------------------------------------------------------- reading a laid-out text

# How each character of a text is spaced (see _analyse and _spacings):
#   c  CJK and everything else: the text's tracking, plus the stretch
#   l  inside a Latin run: no tracking (stretched only in lines that are
#      mostly Latin, see _justify)
#   r  a half of —— or ……: the tracking, never stretched
#   g  the zero-width space between Han and Latin, inside a text: the gap
#   e  the same at the start of a text (the character before it lies in
#      the element before)
#   z  other invisible characters: nothing
#   s  a space: WeasyPrint's own spacing
#   x  code: as it is
# Pango puts half of a character's letter-spacing before it and half after
# (none before a text's first character or after its last), so the gap
# between two characters is the mean of their two spacings. How much of
# the stretch of CJK gaps (CJK_UNITS) and of Latin gaps (LATIN_UNITS) each
# character takes:
CJK_UNITS = {"c": 1.0, "g": 0.5, "e": 0.5}
LATIN_UNITS = {"l": 1.0, "s": 1.0, "g": 0.5, "e": 0.5}


@lru_cache(maxsize=4096)
def _analyse(text: str, compress: bool, latin: bool) -> tuple[str, tuple[int, ...]]:
    """(one spacing kind per character, indices of marks set with halt)."""
    kinds = ["s" if ch == " " else "z" if ch in INVISIBLE else "c" for ch in text]
    n = len(text)
    if latin:
        inside = [False] * n
        for match in _LATIN_SET.finditer(text):
            start, end = match.span()
            while text[end - 1] == ZWSP:
                end -= 1
            for i in range(start, end):
                inside[i] = True
                if text[i] != " ":
                    kinds[i] = "l"
        # Zero-width spaces next to Latin: inside a long token a break, and
        # between Latin and Han the gap, which mark_up puts in the element
        # after it: one that ends a text ends a line, and carries nothing.
        # (Those beside quotes are breaks and carry nothing either.)
        for i, ch in enumerate(text):
            if ch == GAP_JOINER and i and inside[i - 1]:
                kinds[i] = "g"  # a paragraph's last character kept with the Latin before it
            if ch != ZWSP or kinds[i] == "l":
                continue
            if i + 1 == n or (i and text[i - 1] in "”’") or text[i + 1] in "“‘":
                continue
            if (i and inside[i - 1]) or inside[i + 1]:
                kinds[i] = "l" if i and inside[i - 1] and inside[i + 1] else "g" if i else "e"
            elif not i and is_han(text[1]):
                kinds[i] = "e"  # after a Latin word in the element before
    for match in _RIGID.finditer(text):
        for i in range(*match.span()):
            kinds[i] = "r"
    halts = []
    if compress:
        visible = [i for i, ch in enumerate(text) if ch not in INVISIBLE]
        for a, b in zip(visible, visible[1:]):
            if text[a] in CLOSING and (text[b] in CLOSING or text[b] in OPENING):
                halts.append(a)
            elif text[a] in OPENING and text[b] in OPENING:
                halts.append(b)
    return "".join(kinds), tuple(halts)


def _settings(style) -> tuple[bool, bool] | None:
    """(compress, latin) from --publish-typography; None where the
    typography is off (code)."""
    return kept_on(style, "_publish_settings", _read_settings)


def _read_settings(style) -> tuple[bool, bool] | None:
    tokens = style["__publish_typography"]
    if not tokens:
        return None
    words = {getattr(token, "lower_value", None) for token in tokens}
    if "none" in words:
        return None
    return "compress" in words, "latin" in words


def _spacings(kinds: str, tracking: float, gap: float, stretch: tuple[float, float] = (0.0, 0.0)) \
        -> list[float | None]:
    """Each character's letter-spacing (None: leave WeasyPrint's), with the
    stretch of CJK and of Latin gaps."""
    cjk, latin = stretch
    values = {"c": tracking + cjk, "l": latin, "r": tracking, "z": 0.0, "x": None,
              "g": tracking / 2 + gap + (cjk + latin) / 2, "e": 2 * gap + (cjk + latin) / 2,
              "s": tracking + latin if cjk or latin else None}
    return [values[kind] for kind in kinds]


def _text_settings(text: str, style):
    """(kinds, halts, tracking, gap) for a text in a style, or None."""
    settings = _settings(style)
    if settings is None or not text:
        return None
    kinds, halts = _analyse(text, *settings)
    if (halts or _halt_asked(style)) and not _font_halts(style):
        if not halts:
            # a mark mark_up set apart with halt (its neighbour in another
            # element), in a font that cannot halve it: halved here
            halts = tuple(i for i, ch in enumerate(text) if ch in CLOSING or ch in OPENING)
        halts = _wide_pairs(text, halts, _font_facts(style)[1] | _marks_elsewhere(style)[1])
    tracking = style["letter_spacing"]
    tracking = 0.0 if tracking == "normal" else float(tracking)
    return kinds, halts, tracking, style["font_size"] / 4


# ---------------------------------------------------------------- WeasyPrint

_installed = False


def install() -> None:
    """Patch WeasyPrint once per process (idempotent)."""
    global _installed
    if _installed:
        return
    from weasyprint import draw
    from weasyprint.draw import text as draw_text_module
    from weasyprint.layout import inline
    from weasyprint.text import line_break
    from weasyprint.text.ffi import pango

    original_justify = inline.justify_line
    original_split = inline.split_first_line
    original_set_text = line_break.Layout.set_text
    original_draw_text = draw.draw_text
    original_first_line = draw_text_module.draw_first_line

    def set_text(self, text, justify=False):
        original_set_text(self, text, justify)
        found = _text_settings(self.text, self.style)
        if found is not None:
            _set_attributes(self, *found, getattr(self, "cjk_spacing", (0.0, 0.0)))

    def justify_line(context, line, extra_width):
        if 0 <= extra_width < 0.3:
            # A line on the grid (28 Han characters in the handout) is full
            # within a hair already: nothing to stretch.
            return None
        if not _justify(line, extra_width):
            original_justify(context, line, extra_width)
        return None

    def split_first_line(text, style, context, max_width, justification_spacing, is_line_start=True,
                         minimum=False):
        split = split_first_line.original
        result = split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        if not (max_width is None or minimum or result[2] is None or result[2] != result[1]):
            result = _break_inside_token(split, text, style, context, max_width, justification_spacing,
                                         is_line_start, result) or result
        return _on_the_grid(result, style)

    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        marks = not _CARRIERS.isdisjoint(textbox.text)
        found = _text_settings(textbox.text, textbox.style) if marks else None
        if found is not None and ("g" in found[0] or "e" in found[0]):
            # (the original sets this too; set first, or the layout would be
            # made again and the fix lost)
            pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
            _fix_invisible_advances(textbox.pango_layout)
        if found is not None and found[1] and not _font_halts(textbox.style):
            pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
            _place_halved_marks(textbox, found[1])
        return draw_first_line.original(stream, textbox, text_overflow, block_ellipsis, matrix)

    def draw_text(stream, textbox, *args, **kwargs):
        original_draw_text(stream, textbox, *args, **kwargs)
        if _emphasised(textbox.style):
            _draw_dots(stream, textbox)

    line_break.Layout.set_text = set_text
    inline.justify_line = justify_line
    inline.split_first_line = split_first_line
    split_first_line.original = original_split  # (looked up when called: speed.py replaces it)
    draw_first_line.original = original_first_line  # (the same)
    draw_text_module.draw_first_line = draw_first_line
    draw.draw_text = draw_text
    _installed = True


def _set_attributes(layout, kinds, halts, tracking, gap, stretch) -> None:
    """Pango attributes for the text's spacing and compressed marks, and
    the face of marks the font does not set as Chinese print wants them
    (``_marks_elsewhere``)."""
    family, elsewhere = _marks_elsewhere(layout.style) if not _MARKS.isdisjoint(layout.text) else (None, ())
    elsewhere = family and not elsewhere.isdisjoint(layout.text)
    if not halts and not any(stretch) and not kinds.strip("cs") and not elsewhere:
        return  # WeasyPrint's uniform tracking is right
    from weasyprint.text.ffi import TO_UNITS, ffi, pango

    runs, halted = _byte_runs(layout.text, kinds, halts)
    attr_list = pango.pango_layout_get_attributes(layout.layout)
    if attr_list == ffi.NULL:
        attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    if elsewhere:
        family_attribute, at, marks = _family_attribute(), 0, _marks_elsewhere(layout.style)[1]
        for ch in layout.text:
            size = len(ch.encode())
            if ch in marks:
                attr = family_attribute(family)
                attr.start_index, attr.end_index = at, at + size
                pango.pango_attr_list_insert(attr_list, attr)
            at += size
    values = dict(zip("clrzgesx", _spacings("clrzgesx", tracking, gap, stretch)))
    for start, end, kind in runs:
        value = values[kind]
        # runs at the text's tracking are already set
        if value is not None and (value != tracking or kind not in "cs"):
            attr = pango.pango_attr_letter_spacing_new(int(value * TO_UNITS))
            attr.start_index, attr.end_index = start, end
            pango.pango_attr_list_change(attr_list, attr)
    if halted and not _font_halts(layout.style):
        # The font has no halt: the mark's advance loses its blank half by
        # letter-spacing, and its ink goes back where halt puts it when the
        # line is drawn (_place_halved_marks).
        half = layout.style["font_size"] / 2
        for (start, end), i in zip(halted, halts):
            value = values[kinds[i]]
            attr = pango.pango_attr_letter_spacing_new(int(((tracking if value is None else value) - half) * TO_UNITS))
            attr.start_index, attr.end_index = start, end
            pango.pango_attr_list_change(attr_list, attr)
        halted = ()
    for start, end in halted:
        attr = pango.pango_attr_font_features_new(b"halt")
        attr.start_index, attr.end_index = start, end
        pango.pango_attr_list_insert(attr_list, attr)
    pango.pango_layout_set_attributes(layout.layout, attr_list)


# Fonts without OpenType halt (LXGW WenKai, office fonts like 仿宋_GB2312),
# by the style that picks them: halved marks are spaced by hand in them,
# and only between two marks that are full-width (a Latin font's quotes are
# narrow: “好”。 takes less than 1.5 em as it is).
_FONTS: dict = {}


def _font_halts(style) -> bool:
    """Whether the font the style picks first halves a mark with ``halt``."""
    return _font_facts(style)[0]


def _font_facts(style, family: str | None = None) -> tuple[bool, frozenset[str], bool]:
    """(whether the font the style picks first (or ``family``) has halt, the
    marks that are full-width in it, whether it sets ，in the middle of its
    em, as traditional Chinese is printed)."""
    if family is None:
        return kept_on(style, "_publish_font_facts", _style_font_facts)
    return _family_font_facts(style, family)


def _style_font_facts(style) -> tuple[bool, frozenset[str], bool]:
    return _family_font_facts(style, None)


def _family_font_facts(style, family: str | None) -> tuple[bool, frozenset[str], bool]:
    # (by font configuration too: a workspace's fonts/ may name a family
    # as another's does, with other files)
    key = (id(style.font_config), family or tuple(style["font_family"]), style["font_weight"], style["font_style"],
           style["font_stretch"], style["font_size"], style["lang"])
    found = _FONTS.get(key)
    if found is None:
        found = _FONTS[key] = _measure_font(style, family)
    return found


# Quotes a Chinese font sets full-width; a font drawn for Latin text too
# sets them narrow (LXGW WenKai's are 0.35 em).
QUOTES = set("“”‘’")


def _marks_elsewhere(style) -> tuple[bytes | None, frozenset[str]]:
    """(a family, the marks set in it): the marks the style's font does not
    set as Chinese print wants them, taken from the first family after it
    in the stack that does (the serif, Noto Serif CJK). Quotes it sets
    narrow, as in Latin text (LXGW WenKai's “”); and in a traditional
    edition, ，。、：；！？ it sets low on the left of the em, as simplified
    Chinese does, where Hong Kong and Taiwan print them in the middle, as
    the text around does. (None, ()): nothing to take, or no family to
    take it from."""
    return kept_on(style, "_publish_marks_elsewhere", _find_marks_elsewhere)


def _find_marks_elsewhere(style) -> tuple[bytes | None, frozenset[str]]:
    _halts, wide, centred = _font_facts(style)
    marks = (QUOTES - wide) | (CENTRED if _traditional(style) and not centred else set())
    for family in style["font_family"][1:] if marks else ():
        _halts, its_wide, its_centred = _font_facts(style, family)
        if marks & QUOTES <= its_wide and (its_centred or not marks & CENTRED):
            return family.encode(), frozenset(marks)
    return None, frozenset()


@lru_cache(maxsize=1)
def _family_attribute():
    """Pango's pango_attr_family_new, which WeasyPrint's declarations leave
    out (through ctypes, its attribute cast to theirs)."""
    import ctypes

    from weasyprint.text.ffi import ffi

    made = ctypes.CDLL("libpango-1.0.so.0").pango_attr_family_new
    made.restype, made.argtypes = ctypes.c_void_p, [ctypes.c_char_p]
    return lambda family: ffi.cast("PangoAttribute *", made(family))


def _measure_font(style, family: str | None = None) -> tuple[bool, frozenset[str], bool]:
    from weasyprint.text.ffi import TO_UNITS, ffi, gobject, pango
    from weasyprint.text.fonts import get_font_description

    font_map = style.font_config.font_map
    context = ffi.gc(pango.pango_font_map_create_context(font_map), gobject.g_object_unref)
    if style["lang"]:
        pango.pango_context_set_language(context, pango.pango_language_from_string(style["lang"].encode()))
    description = get_font_description(style)
    if family:
        pango.pango_font_description_set_family(description, family.encode())
    halts = b"halt" in _gpos_features(font_map, context, description)
    marks = "".join(sorted(CLOSING | OPENING))
    layout = ffi.gc(pango.pango_layout_new(context), gobject.g_object_unref)
    pango.pango_layout_set_font_description(layout, description)
    utf8 = marks.encode()
    pango.pango_layout_set_text(layout, utf8, len(utf8))
    wide, centred = set(), False
    ink, logical = ffi.new("PangoRectangle *"), ffi.new("PangoRectangle *")
    run = pango.pango_layout_get_line_readonly(layout, 0).runs
    while run != ffi.NULL:
        item, glyphs = run.data.item, run.data.glyphs
        for i in range(glyphs.num_glyphs):
            start = item.offset + glyphs.log_clusters[i]
            mark = utf8[start:start + 3].decode()
            if glyphs.glyphs[i].geometry.width >= 0.9 * style["font_size"] * TO_UNITS:
                wide.add(mark)
            if mark == "，":
                pango.pango_font_get_glyph_extents(item.analysis.font, glyphs.glyphs[i].glyph, ink, logical)
                centred = abs(ink.x + ink.width / 2 - logical.width / 2) < 0.15 * logical.width
        run = run.next
    return halts, frozenset(wide), centred


def _wide_pairs(text: str, halts: tuple[int, ...], wide: frozenset[str]) -> tuple[int, ...]:
    """The halts whose mark and the mark beside it that made it one (the
    next after a closing mark, the one before an opening mark) are both
    full-width (a mark alone in its element: itself)."""
    visible = [i for i, ch in enumerate(text) if ch not in INVISIBLE]
    place = {i: n for n, i in enumerate(visible)}
    kept = []
    for i in halts:
        n = place[i] + (1 if text[i] in CLOSING else -1)
        partner = text[visible[n]] if 0 <= n < len(visible) else None
        if text[i] in wide and (partner is None or partner in wide):
            kept.append(i)
    return tuple(kept)


def _gpos_features(font_map, context, description) -> set[bytes]:
    """The tags of the features in the GPOS table (its FeatureList) of the
    font a description picks first."""
    from weasyprint.text.ffi import ffi, gobject, harfbuzz, pango

    font = pango.pango_font_map_load_font(font_map, context, description)
    if font == ffi.NULL:
        return set()
    try:
        face = harfbuzz.hb_font_get_face(pango.pango_font_get_hb_font(font))
        blob = harfbuzz.hb_face_reference_table(face, harfbuzz.hb_tag_from_string(b"GPOS", 4))
        try:
            length = ffi.new("unsigned int *")
            data = harfbuzz.hb_blob_get_data(blob, length)
            table = ffi.buffer(data, length[0]) if data != ffi.NULL else b""
            if len(table) < 10:
                return set()
            start = int.from_bytes(table[6:8], "big")
            count = int.from_bytes(table[start:start + 2], "big")
            return {bytes(table[start + 2 + 6 * n:start + 6 + 6 * n]) for n in range(count)}
        finally:
            harfbuzz.hb_blob_destroy(blob)
    finally:
        gobject.g_object_unref(font)


# The marks traditional Chinese sets in the middle of the em.
CENTRED = set("，。、：；！？")


def _traditional(style) -> bool:
    return (style["lang"] or "").startswith("zh-Hant")


def _halt_asked(style) -> bool:
    features = style["font_feature_settings"]
    return features != "normal" and any(tag == "halt" and value for tag, value in features)


def _place_halved_marks(textbox, halts: tuple[int, ...]) -> None:
    """Where a mark was halved by letter-spacing (a font without halt),
    Pango moved its ink by half the space taken: put it where halt would,
    judged by where the glyph's ink lies in its em (a simplified comma on
    the left keeps its place, an opening quote on the right moves a half
    em, a centred traditional mark a quarter)."""
    from weasyprint.text.ffi import ffi, pango

    layout = textbox.pango_layout
    if getattr(layout, "publish_halves_placed", False):
        return
    layout.publish_halves_placed = True
    text = layout.text
    at = {len(text[:i].encode()) for i in halts}
    line, _ = layout.get_first_line()
    ink, logical = ffi.new("PangoRectangle *"), ffi.new("PangoRectangle *")
    run = line.runs
    while run != ffi.NULL:
        item, glyphs = run.data.item, run.data.glyphs
        for i in range(glyphs.num_glyphs):
            if item.offset + glyphs.log_clusters[i] not in at:
                continue
            info = glyphs.glyphs[i]
            pango.pango_font_get_glyph_extents(item.analysis.font, info.glyph, ink, logical)
            em, centre = logical.width, ink.x + ink.width / 2
            info.geometry.x_offset += em // 4 if centre < 0.4 * em else -(em // 4) if centre > 0.6 * em else 0
        run = run.next


_RUNS = re.compile(r"(.)\1*")


@lru_cache(maxsize=4096)
def _byte_runs(text: str, kinds: str, halts: tuple[int, ...]):
    """The runs of one spacing kind, and the compressed marks, as ranges of
    UTF-8 bytes (which Pango counts in)."""
    def offset(i: int) -> int:
        return len(text[:i].encode())

    runs = tuple((offset(run.start()), offset(run.end()), run.group(1)) for run in _RUNS.finditer(kinds))
    return runs, tuple((offset(i), offset(i + 1)) for i in halts)


# The most a justified line may widen the gap between two Han characters.
MAX_STRETCH_EM = 0.15
_TOKEN_END = re.compile(f"[{_LATIN_CHARS}{ZWSP}]*$")
_TOKEN_START = re.compile(f"[{_LATIN_CHARS}{ZWSP}]*")


def _on_the_grid(result: tuple, style) -> tuple:
    """A line's text set in more than one font (a traditional edition's
    centred ，。、 taken from the serif into a 楷体 heading, a character the
    first font lacks) stands on the line as one in the style's own font
    does. WeasyPrint sizes a text box from the fonts Pango used for it: a
    font whose ascent and descent are shared otherwise than the first
    font's moves the box off the strut, the line grows by half the
    difference (2.3 pt for the serif's 、 in LXGW WenKai at 16 pt), and
    every line after it falls off the grid (a page that held 22 lines held
    21). The box keeps its height; its baseline is placed as the strut's."""
    layout, length, resume, width, height, baseline = result
    own = kept_on(style, "publish_own_skew", _own_skew)
    if own is not False and abs(2 * baseline - height - own) > 0.01:
        baseline = (height + own) / 2
    return layout, length, resume, width, height, baseline


def _own_skew(style) -> float | bool:
    """The first font's ascent minus its descent (False: no line height)."""
    from weasyprint.text.line_break import strut

    line_height, strut_baseline = strut(style)
    return 2 * strut_baseline - line_height if line_height else False


def _break_inside_token(split, text, style, context, max_width, spacing, is_line_start, result):
    """A line that ends before a part of a long token (a URL, an address, a
    path) too wide to follow it, and whose CJK gaps would have to widen by
    more than MAX_STRETCH_EM, takes as much of that part as fits, broken
    between two characters (no hyphen is added), but not before a mark of
    the token's and not between two digits of a number."""
    from weasyprint.text.line_break import create_layout, first_line_metrics

    settings = _settings(style)
    if settings is None:
        return None
    _, length, resume, width = result[:4]
    encoded = text.encode()
    line, rest = encoded[:length].decode(), encoded[resume:].decode()
    units = _analyse(line, *settings)[0].count("c")
    part = _TOKEN_PART.match(rest)
    # (a line without CJK gaps, a URL's middle, is not justified but left
    # short: it ends where the token breaks, not in a word, 15/ARTI….sht / ml)
    if part is None or not units or max_width - width <= MAX_STRETCH_EM * style["font_size"] * units:
        return None
    token = plain(_TOKEN_END.search(line).group() + _TOKEN_START.match(rest).group())
    if len(token) < 8 or not _URL_LIKE.search(token):
        return None
    piece = part.group()
    # (not before a mark after which the token breaks: a line never starts
    # with the - of 12-2017; nor inside a number: 2023 stays whole, but an
    # identifier's digits break as its letters do)
    inside = {i for match in _LONG_DIGITS.finditer(piece) for i in range(match.start() + 1, match.end())}
    joined = piece[:1] + "".join(ZWSP + b if b not in _TOKEN_BREAKS and not (a.isdigit() and b.isdigit()
                                                                              and i not in inside) else b
                                 for i, (a, b) in enumerate(zip(piece, piece[1:]), start=1))
    trial = line + joined + rest[len(piece):]
    _, trial_length, *_ = split(trial, style, context, max_width, spacing, is_line_start, False)
    taken = trial.encode()[:trial_length].decode()[len(line):].replace(ZWSP, "")
    if not taken or not piece.startswith(taken) or taken == piece:
        return None
    head = line + taken
    layout = create_layout(head, style, context, None, spacing)
    first, _ = layout.get_first_line()
    collapse = style["white_space"] in ("normal", "nowrap", "pre-line")
    return first_line_metrics(first, text, layout, len(head.encode()), collapse, style)


def _justify(line, extra_width: float) -> bool:
    """Spread ``extra_width`` over the gaps after the CJK characters of the
    line (Latin words and the halves of —— and …… stay rigid). When those
    gaps would widen by more than MAX_STRETCH_EM and the line is mostly
    Latin (a URL, an address), the width is spread evenly over all its
    gaps, Latin letters too. False for a line of Latin words, whose spaces
    WeasyPrint stretches."""
    texts = []
    for box in _text_boxes(line):
        found = _text_settings(box.text, box.style)
        if found is None:
            texts.append((box, "x" * len(box.text), 0.0, 0.0))
        else:
            kinds, _, tracking, gap = found
            texts.append((box, kinds, tracking, gap))
    if not texts:
        return False
    kinds_list = [kinds for _, kinds, _, _ in texts]
    cjk, latin = _units(kinds_list, CJK_UNITS), _units(kinds_list, LATIN_UNITS)
    # After the last visible character of the line: the gaps of the
    # invisible characters that end it, and WeasyPrint's trailing tracking.
    last, kinds, tracking, gap = texts[-1]
    visible = max((i for i, kind in enumerate(kinds) if kind not in "zs"), default=len(kinds) - 1)
    tail_kinds = kinds[visible:]
    spacing = _spacings(tail_kinds, tracking, gap)
    tail = tracking + sum(((a or 0.0) + (b or 0.0)) / 2 for a, b in zip(spacing, spacing[1:]))
    tail_cjk, tail_latin = _units([tail_kinds], CJK_UNITS)[0], _units([tail_kinds], LATIN_UNITS)[0]
    cjk_total, latin_total = sum(cjk) - tail_cjk, sum(latin) - tail_latin
    spaces = sum(kinds.count("s") for kinds in kinds_list)
    if cjk_total < 1 or spaces > cjk_total:
        return False  # a line of Latin words
    # An opening bracket or quote that starts a line (not a paragraph's
    # indented first line) gives up its blank left half.
    first = texts[0][0]
    shift = 0.0
    settings = _settings(first.style)
    if first.text.lstrip(INVISIBLE)[:1] in OPENING and not getattr(line, "text_indent", 0) \
            and settings is not None and settings[0]:
        shift = first.style["font_size"] / 2
    needed = extra_width + tail + shift
    limit = MAX_STRETCH_EM * first.style["font_size"]
    stretch = (needed / cjk_total, 0.0)
    if stretch[0] > limit and latin_total >= cjk_total:
        # (a line mostly Latin: all its gaps alike. In a line mostly Han,
        # its Han gaps take it all, past the limit: a number or a short
        # Latin run stays tight, not 8 0 0, and e) is no hole of 13 pt on a
        # phone's line whose last two characters went to the next)
        even = needed / (cjk_total + latin_total)
        stretch = (even, even)
    widths = {box: a * stretch[0] + b * stretch[1] for (box, *_), a, b in zip(texts, cjk, latin)}
    widths[last] -= tail + tail_cjk * stretch[0] + tail_latin * stretch[1]
    _stretch(line, widths, stretch, -shift)
    return True


def _units(kinds_list: list[str], table: dict[str, float]) -> list[float]:
    """How much each text of a line widens per unit of stretch: the gaps
    inside it, and the one after it (Pango adds nothing outside a text)."""
    units = []
    for index, kinds in enumerate(kinds_list):
        k = [table.get(kind, 0.0) for kind in kinds]
        unit = sum(a + b for a, b in zip(k, k[1:])) / 2
        following = kinds_list[index + 1] if index + 1 < len(kinds_list) else ""
        if k and following:
            unit += (k[-1] + table.get(following[0], 0.0)) / 2
        units.append(unit)
    return units


def _text_boxes(box):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _stretch(box, widths, stretch, x_advance):
    """Move and widen the boxes of a line: each text box by its share of
    the stretch; its layout is set up again when it is drawn, and then the
    patched set_text adds the stretch to its letter-spacing."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        added = widths.get(box, 0.0)  # (the stretch: CJK gaps, Latin gaps)
        box.pango_layout.cjk_spacing = stretch
        box.width += added
        return x_advance + added
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        start = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _stretch(child, widths, stretch, x_advance)
        box.width += x_advance - start
        return x_advance
    box.translate(x_advance, 0)
    return x_advance


def _fix_invisible_advances(layout) -> None:
    """WeasyPrint 70 writes the advance of a glyph Pango leaves empty (the
    zero-width space, which carries the Han-Latin gap) in 1/1000 px where
    Pango counts 1/1024: scale it so that the PDF puts the next glyph where
    Pango laid it out."""
    from weasyprint.text.ffi import ffi, pango

    line, _ = layout.get_first_line()
    run = line.runs
    while run != ffi.NULL:
        glyphs = run.data.glyphs
        for i in range(glyphs.num_glyphs):
            info = glyphs.glyphs[i]
            if info.glyph == pango.PANGO_GLYPH_EMPTY and info.geometry.width:
                info.geometry.width = round(info.geometry.width * 1000 / 1024)
        run = run.next


# ------------------------------------------------------------------ emphasis

def _emphasised(style) -> bool:
    tokens = style["__publish_emphasis"]
    return bool(tokens) and any(getattr(token, "lower_value", None) == "dot" for token in tokens)


_NO_DOT = CLOSING | OPENING | set("…—·" + INVISIBLE + " \u00a0\u2010")


def _draw_dots(stream, textbox) -> None:
    """着重号: a dot under the centre of each character but punctuation,
    drawn as a path, so that the text and its spacing stay as they are."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    layout = textbox.pango_layout
    layout.reactivate(textbox.style)
    try:
        line, _ = layout.get_first_line()
        utf8 = layout.text.encode()
        logical = ffi.new("PangoRectangle *")
        centres = []
        x = 0.0
        run = line.runs
        while run != ffi.NULL:
            item = run.data.item
            glyphs = run.data.glyphs
            for i in range(glyphs.num_glyphs):
                info = glyphs.glyphs[i]
                start = item.offset + glyphs.log_clusters[i]
                char = utf8[start:start + 4].decode("utf-8", "ignore")[:1]
                if info.attr.is_cluster_start and char and char not in _NO_DOT \
                        and info.glyph != pango.PANGO_GLYPH_EMPTY:
                    pango.pango_font_get_glyph_extents(item.analysis.font, info.glyph, ffi.NULL, logical)
                    advance = logical.width * FROM_UNITS
                    centres.append(x + info.geometry.x_offset * FROM_UNITS + advance / 2)
                x += info.geometry.width * FROM_UNITS
            run = run.next
    finally:
        layout.deactivate()
    if not centres:
        return
    size = textbox.style["font_size"]
    # below the em box (which ends about 0.12 em under the baseline)
    y = textbox.position_y + textbox.baseline + 0.32 * size
    with stream.stacked():
        stream.set_color(textbox.style["color"], stroke=True)
        stream.set_line_width(0.15 * size)
        stream.set_line_cap(1)  # round: a segment of no length is a dot
        for centre in centres:
            stream.move_to(textbox.position_x + centre, y)
            stream.line_to(textbox.position_x + centre, y)
        stream.stroke()
