"""The document model that flows between the stages.

Everything here is a frozen dataclass holding tuples, so a stage can never
change what an earlier stage produced: conversion returns a new object.
Every block remembers the source line it came from, so that checks and the
proofreading report can point an editor at ``file:line``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Span:
    """A run of text with one style. ``style`` holds any of "em", "strong",
    "code", "dot" (着重号, Word's emphasis mark under each character), "sup"
    or "sub" (raised or lowered: m², CO₂); a
    span whose text is "\\n" is a hard line break. A span styled "noteref"
    is a footnote reference: its text is the label of one of the article's
    ``notes``, not text to print or convert."""

    text: str
    style: frozenset[str] = frozenset()


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    """A section heading. Level 1 is 一、 (黑体), 2 is （一） (楷体), 3 is 1. (bold body)."""

    level: int
    spans: Inline
    line: int = 0


@dataclass(frozen=True)
class Paragraph:
    """Running text. ``role`` names the two paragraphs a 公文 or a letter
    sets apart from it (GB/T 9704-2012 7.3.3, 7.3.5.2; see
    ``shapes.letter_parts``): "salutation", the 主送机关 or 称呼 under the
    title (各党支部：, 同志们：), flush left; "signature", the 落款 at
    the end, its lines (发文机关署名 …, then the 成文日期) joined by "\n"
    spans, set to the right; "annex" and "annex-title", the label (附件1)
    and the title of an attachment after the 落款, on a page of its own.
    And "source", an excerpt's own （来源：…） line in a compilation of
    excerpts, set as an article's source line."""

    spans: Inline
    line: int = 0
    role: str = ""


@dataclass(frozen=True)
class Byline:
    """The author line of a news article: ``文/图 …``, ``记者 …``."""

    spans: Inline
    line: int = 0


@dataclass(frozen=True)
class Caption:
    """A photo caption standing alone (news text copied without its photos)."""

    spans: Inline
    line: int = 0


@dataclass(frozen=True)
class Figure:
    """A picture with its caption. ``src`` is as written in the source,
    relative to the article's folder; the renderer resolves it. Pictures
    that travel inside their source (a Word file's media) carry their bytes
    in ``data``, and ``src`` is the name `publish import` gives them."""

    src: str
    caption: Inline
    line: int = 0
    data: bytes | None = None
    # The width its source sets on the page (a Word file's picture: a 2 cm
    # emblem stays 2 cm); None: as wide as it is, up to the text's width.
    width_mm: float | None = None


@dataclass(frozen=True)
class BlockQuote:
    blocks: tuple["Block", ...]
    line: int = 0


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple["Block", ...], ...]
    start: int = 1
    line: int = 0


@dataclass(frozen=True)
class Table:
    """Rows of cells. ``merges`` lists merged cells as (row, column, rows,
    columns), rows counted over head and body together; a cell a merge
    covers (other than its first) is empty, so no text is held twice."""

    head: tuple[tuple[Inline, ...], ...]
    body: tuple[tuple[Inline, ...], ...]
    line: int = 0
    merges: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True)
class Footnote:
    """A note printed at the foot of the page where its reference (a span
    styled "noteref" with the same ``label``) falls. Labels are the notes'
    numbers in the order of first reference, per article."""

    label: str
    spans: Inline
    line: int = 0


Block = Heading | Paragraph | Byline | Caption | Figure | BlockQuote | ListBlock | Table


@dataclass(frozen=True)
class Article:
    """One article as read from one source file."""

    path: Path
    title: str
    blocks: tuple[Block, ...]
    subtitle: str | None = None
    author: str | None = None
    date: str | None = None
    source: str | None = None
    lang: str = "zh-Hans"
    title_line: int = 1
    notes: tuple[Footnote, ...] = ()

    @property
    def stem(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class Imprint:
    """The back page of a compilation (GB/T 9704 版记): who prints it, when,
    how many copies."""

    issuer: str | None = None
    date: str | None = None
    copies: str | None = None


@dataclass(frozen=True)
class Publication:
    """What one output file holds: one article, or a compilation of many
    with a cover, a contents page and running heads."""

    title: str
    articles: tuple[Article, ...]
    subtitle: str | None = None
    organizer: str | None = None
    date: str | None = None
    lang: str = "zh-Hans"
    slug: str = "publication"
    compilation: bool = False
    edition_label: str | None = None
    imprint: Imprint | None = None


TextFn = Callable[[str, int], str]


def map_text(obj, fn: TextFn, line: int = 0):
    """Return a copy of ``obj`` (a block, an article, a span, a tuple of them)
    with every piece of human-readable text passed through ``fn(text, line)``.

    This is the one place that knows where text lives in the model, so that
    conversions and checks cannot forget a field (a caption, a table cell).
    What ``fn`` leaves as it was is not copied: ``obj`` itself comes back
    when no text of it changed (reading every text, ``iter_text``, makes
    no copy of the article at all).
    """
    if isinstance(obj, Span):
        if obj.text == "\n" or "noteref" in obj.style:
            return obj
        text = fn(obj.text, line)
        return obj if text == obj.text else dataclasses.replace(obj, text=text)
    if isinstance(obj, tuple):
        items = tuple(map_text(item, fn, line) for item in obj)
        return obj if all(new is old for new, old in zip(items, obj)) else items
    if isinstance(obj, Article):
        changes = {
            name: fn(value, obj.title_line) if value else value
            for name in ("title", "subtitle", "author", "source")
            for value in [getattr(obj, name)]
        }
        changes.update(blocks=map_text(obj.blocks, fn), notes=map_text(obj.notes, fn))
        return _changed(obj, changes)
    if isinstance(obj, Figure):
        return _changed(obj, {"caption": map_text(obj.caption, fn, obj.line)})
    if dataclasses.is_dataclass(obj):
        own_line = getattr(obj, "line", line) or line
        changes = {
            f.name: map_text(getattr(obj, f.name), fn, own_line)
            for f in dataclasses.fields(obj)
            if f.name in ("spans", "blocks", "items", "head", "body")
        }
        return _changed(obj, changes)
    return obj


def _changed(obj, changes: dict):
    """``obj`` with ``changes``, or ``obj`` itself when each is what it holds
    (the same block or tuple, an equal string)."""
    for name, value in changes.items():
        held = getattr(obj, name)
        if value is not held and not (isinstance(value, str) and value == held):
            return dataclasses.replace(obj, **changes)
    return obj


def iter_blocks(blocks):
    """Every block, those inside quotes and list items included, in order."""
    for block in blocks:
        yield block
        if isinstance(block, BlockQuote):
            yield from iter_blocks(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_blocks(item)


def merge_spans(spans) -> Inline:
    """Neighbouring spans of one style joined, empty ones dropped, so text
    runs are not cut needlessly; line breaks and note references stay
    spans of their own."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and merged[-1].style == span.style and "\n" not in (merged[-1].text, span.text) \
                and "noteref" not in span.style:
            merged[-1] = Span(merged[-1].text + span.text, span.style)
        else:
            merged.append(span)
    return tuple(merged)


def split_lines(spans: Inline) -> list[Inline]:
    """Spans cut at their line breaks ("\\n" spans), one tuple a line."""
    lines: list[list[Span]] = [[]]
    for span in spans:
        if span.text == "\n":
            lines.append([])
        else:
            lines[-1].append(span)
    return [tuple(line) for line in lines]


def is_han(ch: str) -> bool:
    """A Han character (CJK unified ideographs and their extensions; a test
    on the code point, since a regular expression over these ranges takes
    Python's re longer to compile than a whole article to mark up)."""
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF \
        or 0x20000 <= code <= 0x3134F


def plain_text(spans: Inline) -> str:
    """The text of some spans as printed in running text (note references,
    which print as numbers the typesetter counts, left out)."""
    return "".join(span.text for span in spans if "noteref" not in span.style)


def map_spans(obj, fn: Callable[[Span], Span]):
    """A copy of blocks (or an article) with every span, note references
    included, passed through ``fn``."""
    if isinstance(obj, Span):
        return fn(obj)
    if isinstance(obj, tuple):
        return tuple(map_spans(item, fn) for item in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: map_spans(getattr(obj, f.name), fn) for f in dataclasses.fields(obj)
                   if f.name in ("spans", "blocks", "items", "head", "body", "caption", "notes")}
        return dataclasses.replace(obj, **changes)
    return obj


def note_refs(obj) -> list[tuple[str, int]]:
    """``(label, line)`` of every footnote reference in blocks or an article,
    in reading order."""
    found: list[tuple[str, int]] = []

    def walk(item, line: int) -> None:
        if isinstance(item, Span):
            if "noteref" in item.style:
                found.append((item.text, line))
        elif isinstance(item, tuple):
            for part in item:
                walk(part, line)
        elif isinstance(item, Article):
            walk(item.blocks, item.title_line)
        elif dataclasses.is_dataclass(item):
            for f in dataclasses.fields(item):
                if f.name in ("spans", "blocks", "items", "head", "body", "caption"):
                    walk(getattr(item, f.name), getattr(item, "line", line) or line)

    walk(obj, 0)
    return found


def iter_text(obj, line: int = 0):
    """Yield ``(text, line)`` for every piece of text, in reading order."""
    found: list[tuple[str, int]] = []

    def collect(text: str, at: int) -> str:
        found.append((text, at))
        return text

    map_text(obj, collect, line)
    return iter(found)
