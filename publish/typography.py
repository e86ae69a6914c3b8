"""Chinese typography that WeasyPrint does not do by itself.

Two halves, both driven by the layout's ``[typography]`` settings:

* ``mark_up`` (used by the renderer) turns a paragraph's text into HTML
  with small spans that carry the clreq rules which can be decided from the
  text alone: punctuation compression (two adjacent full-width marks take
  1.5 em: the first mark is set with the OpenType ``halt`` feature, since
  the fonts have no ``chws``), the 1/4 em between Han characters and Latin
  letters or digits (as extra letter-spacing after the character before the
  boundary, so none appears at a line start and the text layer gets no
  space characters), and groups that must not break (``——`` and ``……``
  with the character before them; the paragraph's last two characters, so
  its last line never holds a single one).

* ``install`` patches WeasyPrint 70.0's line justification, which only
  stretches spaces (``justify_line`` in ``weasyprint/layout/inline.py``),
  to spread the missing width over every gap after a CJK character of the
  line (Latin words stay rigid), and to end the line with the last glyph's
  advance, not its trailing letter-spacing. The stretch becomes a uniform
  Pango letter-spacing on each CJK text box (Pango puts no spacing before
  a run's first character or after its last). The version is pinned in
  pyproject.toml and tests/test_typography.py measures the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from publish.model import Inline

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Marks whose blank half is on the right (in simplified fonts) or that are
# centred (traditional fonts): compressible before another mark.
CLOSING = set("，。、：；！？”’）》〉】」』〕")
OPENING = set("“‘（《〈【「『〔")
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%'’\-+/:@&_]*(?: [A-Za-z0-9][A-Za-z0-9.,%'’\-+/:@&_]*)*")
_HAN_RE = re.compile(f"[{HAN}]")
_CJK_RE = re.compile(f"[{HAN}，。、：；！？“”‘’（）《》〈〉【】「」『』〔〕…—·]")
_BREAK_GROUPS = re.compile(r".(?:——|……)+")
_RIGID = re.compile(r"(?:——|……)+")
ZWSP = "\u200b"


@dataclass(frozen=True)
class Typography:
    """What the layout and edition ask for (layout.toml [typography])."""

    compress_punctuation: bool = True
    latin_gap: bool = True
    keep_last_line: bool = True
    justify: bool = True


def mark_up(spans: Inline, typography: Typography, paragraph: bool = True):
    """HTML for a run of spans with the typography spans added."""
    from markupsafe import Markup, escape

    chars: list[tuple[str, frozenset[str]]] = [(ch, span.style) for span in spans for ch in span.text]
    text = "".join(ch for ch, _ in chars)
    classes: list[set[str]] = [set() for _ in chars]
    breaks = [False] * len(chars)  # a hard line break (a span "\n")
    code = [("code" in style) for _, style in chars]

    if typography.compress_punctuation:
        for i in range(len(text) - 1):
            a, b = text[i], text[i + 1]
            if a in CLOSING and (b in CLOSING or b in OPENING):
                classes[i].add("pc")
            elif a in OPENING and b in OPENING:
                classes[i + 1].add("pc")
    if typography.latin_gap:
        for match in _LATIN.finditer(text):
            start, end = match.span()
            if any(code[start:end]):
                continue
            left = start > 0 and bool(_HAN_RE.match(text[start - 1]))
            right = end < len(text) and bool(_HAN_RE.match(text[end]))
            for i in range(start, end):
                classes[i] |= {"lt"} | ({"gl"} if left else set()) | ({"gr"} if right else set())
    for match in _RIGID.finditer(text):
        # the two halves of a dash or an ellipsis are never pulled apart
        for i in range(*match.span()):
            classes[i].add("rd")
    groups = [False] * len(chars)
    for match in _BREAK_GROUPS.finditer(text):
        for i in range(*match.span()):
            groups[i] = True
    if paragraph and typography.keep_last_line:
        # the last two characters with the punctuation that follows them
        end = len(text)
        while end > 0 and not _CJK_RE.match(text[end - 1]):
            end -= 1
        tail = end
        while tail > 0 and text[tail - 1] in CLOSING | {"…", "—"}:
            tail -= 1
        start = tail - 2
        if start > 0 and all(_HAN_RE.match(ch) for ch in text[start:tail]):
            for i in range(start, end):
                groups[i] = True
    for i, (ch, _) in enumerate(chars):
        breaks[i] = ch == "\n"
    # Pango follows UAX #14, which forbids a break on either side of “”‘’;
    # clreq allows one before an opening quote and after a closing one
    # (Unicode 15.1's LB19a). A zero-width space opens the break and leaves
    # no trace in the PDF's text. It stays inside the text run (a box of its
    # own for each would cost a tenth of the build time); justification
    # counts it as a gap, and when a line breaks right after it, install()
    # ends the line on the character before it.
    quote_break = [False] * len(chars)
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if (b in "“‘" and (_HAN_RE.match(a) or a in CLOSING)) or \
                (a in "”’" and (_HAN_RE.match(b) or b in OPENING)):
            quote_break[i] = not code[i]

    out: list[str] = []
    i = 0
    while i < len(chars):
        if breaks[i]:
            out.append("<br>")
            i += 1
            continue
        # a nowrap group, or a single character's run, within one style
        j = i + 1
        if groups[i]:
            while j < len(chars) and groups[j] and chars[j][1] == chars[i][1] and not breaks[j]:
                j += 1
        else:
            while j < len(chars) and not groups[j] and chars[j][1] == chars[i][1] and not breaks[j] \
                    and classes[j] == classes[i]:
                j += 1
        inner = _runs(chars[i:j], classes[i:j], quote_break[i:j], escape) if groups[i] else _wrap(
            _text(chars[i:j], quote_break[i:j], escape), classes[i])
        if groups[i]:
            inner = f'<span class="nb">{inner}</span>'
        out.append(_style(inner, chars[i][1]))
        i = j
    return Markup("".join(out))


def _runs(chars, classes, quote_break, escape) -> str:
    out, i = [], 0
    while i < len(chars):
        j = i + 1
        while j < len(chars) and classes[j] == classes[i]:
            j += 1
        out.append(_wrap(_text(chars[i:j], quote_break[i:j], escape), classes[i]))
        i = j
    return "".join(out)


def _text(chars, quote_break, escape) -> str:
    """The escaped characters, a zero-width space before each that may
    start a line (see mark_up)."""
    return "".join(ZWSP + str(escape(ch)) if brk else str(escape(ch)) for (ch, _), brk in zip(chars, quote_break))


def _wrap(html: str, classes: set[str]) -> str:
    return f'<span class="{" ".join(sorted(classes))}">{html}</span>' if classes else html


def _style(html: str, style: frozenset[str]) -> str:
    for name, tag in (("code", "code"), ("em", "em"), ("strong", "strong")):
        if name in style:
            html = f"<{tag}>{html}</{tag}>"
    return html


# ---------------------------------------------------------------- WeasyPrint

_installed = False


def install() -> None:
    """Patch WeasyPrint's justification once per process (idempotent)."""
    global _installed
    if _installed:
        return
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    original_justify = inline.justify_line
    original_set_text = line_break.Layout.set_text

    def set_text(self, text, justify=False):
        original_set_text(self, text, justify)
        extra = getattr(self, "cjk_spacing", 0)
        if extra and self.text:
            _add_letter_spacing(self, extra)

    def justify_line(context, line, extra_width):
        if 0 <= extra_width < 0.3:
            # A line on the grid (28 Han characters in the handout) is full
            # within a hair already: nothing to stretch.
            return None
        leaves = list(_text_boxes(line))
        cjk = [box for box in leaves if _CJK_RE.search(box.text) and not _is_rigid(box)]
        if not cjk:
            return original_justify(context, line, extra_width)
        last = leaves[-1]
        trailing = _letter_spacing(last)
        slots = sum(len(box.text) for box in cjk) - (1 if last in cjk else 0)
        if last in cjk and last.text.endswith(ZWSP):
            # The line broke after a zero-width space: the character before
            # it is the visible end, and Pango's gap after it falls beyond.
            slots -= 1
        if slots <= 0:
            return original_justify(context, line, extra_width)
        # An opening bracket or quote that starts a line (not a paragraph's
        # indented first line) gives up its blank left half.
        first = leaves[0]
        shift = 0.0
        if first.text.lstrip(ZWSP)[:1] in OPENING and not getattr(line, "text_indent", 0) \
                and _settings["line_start"].get(first.style["lang"], False):
            shift = first.style["font_size"] / 2
        spacing = (extra_width + trailing + shift) / slots
        _stretch(context, line, spacing, last, trailing, -shift)

    original_text_align = inline.text_align

    def text_align(context, line, available_width, last):
        _trim_gaps(line)
        return original_text_align(context, line, available_width, last)

    line_break.Layout.set_text = set_text
    inline.justify_line = justify_line
    inline.text_align = text_align
    _installed = True


def compress_line_starts(lang: str, on: bool) -> None:
    """Whether an opening mark at a line start of this edition gives up its
    blank half (the typesetter sets it from the layout's typography)."""
    _settings["line_start"][lang] = on


_settings: dict[str, dict[str, bool]] = {"line_start": {}}


def _trim_gaps(line) -> None:
    """The 1/4 em around a Latin run is a margin of its span (one span per
    run, not one per neighbour); none is wanted at a line's edges."""
    from weasyprint.formatting_structure import boxes

    path = _edge_path(line, first=True)
    for depth, box in enumerate(path):
        if isinstance(box, boxes.InlineBox) and box.margin_left and _gap_class(box, "gl"):
            shift = box.margin_left
            box.margin_left = 0
            for child in box.children:
                child.translate(-shift, 0)
            # everything after this box on the line moves left too
            for parent, child in zip(path[:depth], path[1:depth + 1]):
                siblings = parent.children
                for later in siblings[siblings.index(child) + 1:]:
                    later.translate(-shift, 0)
                if parent is not line:
                    parent.width -= shift
            line.width -= shift
    for box in _edge_path(line, first=False):
        if isinstance(box, boxes.InlineBox) and box.margin_right and _gap_class(box, "gr"):
            line.width -= box.margin_right
            box.margin_right = 0


def _edge_path(line, first: bool) -> list:
    """The boxes from the line down to its first (or last) text box."""
    path = [line]
    box = line
    while getattr(box, "children", None):
        flowing = [child for child in box.children if child.is_in_normal_flow()]
        if not flowing:
            break
        box = flowing[0] if first else flowing[-1]
        path.append(box)
    return path


def _add_letter_spacing(layout, extra: float) -> None:
    from weasyprint.text.ffi import TO_UNITS, ffi, pango, unicode_to_char_p

    base = layout.style["letter_spacing"]
    base = 0 if base == "normal" else base
    _, bytestring = unicode_to_char_p(layout.text)
    attr_list = pango.pango_layout_get_attributes(layout.layout)
    if attr_list == ffi.NULL:
        attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    attr = pango.pango_attr_letter_spacing_new(int((base + extra) * TO_UNITS))
    attr.start_index, attr.end_index = 0, len(bytestring)
    pango.pango_attr_list_change(attr_list, attr)
    pango.pango_layout_set_attributes(layout.layout, attr_list)


def _text_boxes(box):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _is_rigid(box) -> bool:
    """Latin runs and dash or ellipsis pairs keep their spacing."""
    classes = box.element.get("class", "").split() if box.element is not None else ()
    return "lt" in classes or "rd" in classes


def _gap_class(box, name: str) -> bool:
    return box.element is not None and name in box.element.get("class", "").split()


def _letter_spacing(box) -> float:
    value = box.style["letter_spacing"]
    return 0.0 if value == "normal" else float(value)


def _stretch(context, box, spacing, last, trailing, x_advance):
    """Move and widen the boxes of a line: each CJK text box gets ``spacing``
    after each of its characters, but the line's last, whose trailing
    letter-spacing is taken off so that its glyph ends at the line's end."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        count = len(box.text) - (1 if box is last else 0)
        if _CJK_RE.search(box.text) and not _is_rigid(box) and count > 0:
            # The box's own layout is set up again when it is drawn; then
            # set_text (patched) adds the spacing.
            box.pango_layout.cjk_spacing = spacing
            added = spacing * count
        else:
            added = 0.0
        if box is last:
            added -= trailing
        box.width += added
        return x_advance + added
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        start = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _stretch(context, child, spacing, last, trailing, x_advance)
        box.width += x_advance - start
        return x_advance
    box.translate(x_advance, 0)
    return x_advance
