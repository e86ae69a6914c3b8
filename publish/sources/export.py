"""``Article`` -> editable Markdown, the way `publish import` writes it.

The Markdown reads back (publish.sources.markdown) as the same article:
front matter for the title and metadata, ``##`` for 一、 headings, footnotes
as ``[^1]``, pictures as ``![caption](images/…)``. What Markdown cannot
hold is said in ``Exported.losses``: merged table cells (written as single
cells, the text in the first), superscripts and subscripts (m² as ²,
others on the line). A 着重号 is written *…*, which prints as one.

The blocks of the article that comes back carry the Markdown's line
numbers, so that `publish check report.docx` points at the line that
`publish import` writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import yaml

from publish.i18n import _
from publish.model import (
    Article, Block, BlockQuote, Byline, Caption, Figure, Heading, Inline, ListBlock, Paragraph, Span, Table,
)


@dataclass(frozen=True)
class Exported:
    text: str
    article: Article                       # with the Markdown's line numbers
    pictures: tuple[tuple[str, bytes], ...]  # (src, bytes) to write beside the Markdown
    losses: tuple[str, ...] = ()


_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—·,.;:?!\"'()[] \u3000"
_LINE_START = re.compile(r"^(#{1,6}\s|>|[-+*]\s|\d+[.)]\s|=+\s*$|-+\s*$|\s{4})")
# what would start emphasis, code, a link, a footnote reference or a cell
_RAISED = str.maketrans("123", "¹²³")
_SPECIAL = re.compile(r"([\\`*_|]|\[(?=\^)|\](?=\())")


def to_markdown(article: Article) -> Exported:
    writer = _Writer()
    meta = {key: value for key in ("title", "subtitle", "author", "date", "source")
            for value in [getattr(article, key)] if value}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000).strip()
    writer.lines += ["---", *front.split("\n"), "---", ""]
    title_line = 2
    blocks = writer.blocks(article.blocks, "")
    notes = []
    if article.notes:
        writer.blank()
        for note in article.notes:
            notes.append(replace(note, line=len(writer.lines) + 1))
            writer.lines.append(f"[^{note.label}]: " + writer.inline(note.spans, "    "))
    text = "\n".join(writer.lines).rstrip("\n") + "\n"
    relined = replace(article, blocks=blocks, notes=tuple(notes), title_line=title_line)
    return Exported(text, relined, tuple(writer.pictures), tuple(dict.fromkeys(writer.losses)))


class _Writer:
    def __init__(self):
        self.lines: list[str] = []
        self.pictures: list[tuple[str, bytes]] = []
        self.losses: list[str] = []

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def add(self, text: str, prefix: str, first: str | None = None) -> int:
        """Add a block's text (possibly several lines); return its first line."""
        if not prefix.strip() and first is None:
            self.blank()
        number = len(self.lines) + 1
        for i, line in enumerate(text.split("\n")):
            self.lines.append(((first if first is not None and i == 0 else prefix) + line).rstrip()
                              if line or prefix.strip() else "")
        return number

    def blocks(self, blocks: tuple[Block, ...], prefix: str) -> tuple[Block, ...]:
        out = []
        for block in blocks:
            out.append(self.block(block, prefix))
            if prefix.strip():
                self.lines.append(prefix.rstrip())
        if prefix.strip() and self.lines and self.lines[-1] == prefix.rstrip():
            self.lines.pop()
        return tuple(out)

    def block(self, block: Block, prefix: str) -> Block:
        if isinstance(block, Heading):
            marks = "#" * min(block.level + 1, 6)
            return replace(block, line=self.add(f"{marks} " + self.inline(block.spans, ""), prefix))
        if isinstance(block, (Paragraph, Byline, Caption)):
            return replace(block, line=self.add(_guard(self.inline(block.spans, "")), prefix))
        if isinstance(block, Figure):
            if block.data is not None:
                self.pictures.append((block.src, block.data))
            if block.width_mm:
                self.losses.append(_("the size the document sets a picture at (the Markdown prints it as large as "
                                     "it is, up to the text's width)"))
            caption = self.inline(block.caption, "").replace("\n", " ")
            return replace(block, line=self.add(f"![{caption}]({block.src})", prefix))
        if isinstance(block, BlockQuote):
            self.blank() if not prefix.strip() else None
            line = len(self.lines) + 1
            inner = self.blocks(block.blocks, prefix + "> ")
            return replace(block, blocks=inner, line=line)
        if isinstance(block, ListBlock):
            self.blank() if not prefix.strip() else None
            line = len(self.lines) + 1
            items = []
            tight = all(len(item) == 1 and isinstance(item[0], Paragraph) for item in block.items)
            for i, item in enumerate(block.items):
                marker = f"{block.start + i}. " if block.ordered else "- "
                if i and not tight:
                    self.lines.append(prefix.rstrip())
                items.append(self._item(item, prefix, marker))
            return replace(block, items=tuple(items), line=line)
        if isinstance(block, Table):
            return self.table(block, prefix)
        return block

    def _item(self, item: tuple[Block, ...], prefix: str, marker: str) -> tuple[Block, ...]:
        out = []
        for j, block in enumerate(item):
            if isinstance(block, (Paragraph, Byline, Caption)):
                text = _guard(self.inline(block.spans, " " * len(marker)))
                line = self.add(text, prefix + " " * len(marker), prefix + marker if j == 0 else None)
                out.append(replace(block, line=line))
            else:
                if j == 0:
                    self.lines.append(prefix + marker.rstrip())
                out.append(self.block(block, prefix + " " * len(marker)))
        return tuple(out)

    def table(self, table: Table, prefix: str) -> Table:
        rows = list(table.head) + list(table.body)
        if table.merges:
            self.losses.append(_("merged table cells (written as single cells, the text in the first)"))
        width = max((len(r) for r in rows), default=0)
        if not width:
            return table
        cells = [[self.inline(c, "").replace("\n", " ") for c in r] + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(c or " " for c in cells[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(c or " " for c in r) + " |" for r in cells[1:]]
        return replace(table, line=self.add("\n".join(lines), prefix))

    def inline(self, spans: Inline, indent: str) -> str:
        out = []
        for span in _same_marks(spans):
            if "noteref" in span.style:
                out.append(f"[^{span.text}]")
                continue
            if span.text == "\n":
                out.append("\\\n" + indent)
                continue
            text = _SPECIAL.sub(r"\\\1", span.text)
            if "code" in span.style:
                out.append(f"`{span.text}`" if "`" not in span.text else f"`` {span.text} ``")
                continue
            if span.style & {"sup", "sub"}:
                # m²: the raised digits every font has; others on the line
                if "sup" in span.style and text and all(ch in "123" for ch in text):
                    text = text.translate(_RAISED)
                else:
                    self.losses.append(_("superscripts and subscripts other than ¹ ² ³ (written on the line)"))
            marks = "**" if "strong" in span.style else ""
            marks += "*" if "em" in span.style else ""
            if marks and text.strip(_PUNCT):
                # markers next to CJK punctuation do not open or close
                # emphasis in CommonMark: keep the punctuation outside
                core = text.strip(_PUNCT)
                start = text.index(core)
                out.append(text[:start] + marks + core + marks[::-1] + text[start + len(core):])
            else:
                out.append(text)
        return "".join(out)


def _same_marks(spans: Inline) -> list[Span]:
    """Neighbouring spans written with the same markers joined, so that no
    ``****`` stands between them. A 着重号 is written *…*, which prints as
    one (it was written as bold, 黑体 once built: a loss for nothing)."""
    out: list[Span] = []
    for span in spans:
        style = span.style - {"dot"} | ({"em"} if "dot" in span.style else set())
        if out and "noteref" not in span.style and "noteref" not in out[-1].style and span.text != "\n" \
                and out[-1].text != "\n" and "code" not in style and out[-1].style == style:
            out[-1] = Span(out[-1].text + span.text, style)
        else:
            out.append(Span(span.text, style) if "noteref" not in span.style else span)
    return out


def _guard(text: str) -> str:
    """A paragraph whose text starts like Markdown block syntax (a "1. "
    list, a "#", a ">") is escaped so it stays a paragraph."""
    if _LINE_START.match(text):
        return "\\" + text if not text[0].isdigit() else re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return text
