"""Plain text in the shape of a Chinese news article -> ``Article``.

The shape (what newspapers' web pages give when copied into Notepad):
the first non-empty line is the title; ``文/图 …``, ``文/…``, ``记者 …`` is
the byline; ``A 党的…``, ``一、…`` are section headings; ``（一）…`` and
lines starting ``——`` are sub-headings; lines with ``↑`` are photo captions;
everything else is a paragraph, one per line.
"""

from __future__ import annotations

import re
from pathlib import Path

from publish.model import Article, Block, Byline, Caption, Heading, Paragraph, Span

_NUMERALS = "一二三四五六七八九十百零〇"
# Headings are short and do not end like a sentence; a paragraph that happens
# to begin with "一、" runs on for many characters and ends with 。
_MAX_HEADING = 40
_SECTION = re.compile(rf"^(?:[A-Z][ \u3000]+\S|[{_NUMERALS}]+、\S|第[{_NUMERALS}\d]+[章节部分]\S*)")
_SUBSECTION = re.compile(rf"^(?:（[{_NUMERALS}]+）\S|——\S)")
_BYLINE = re.compile(r"^(?:文/|文／|图/|图／|文图/|记者[ \u3000]|通讯员[ \u3000]|作者[:： \u3000])")


def parse_text(text: str, path: Path) -> Article:
    lines = text.split("\n")
    title, title_line = "", 0
    blocks: list[Block] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip(" \t\u3000")
        if not line:
            continue
        if not title:
            title, title_line = line, number
            continue
        blocks.append(_classify(line, number))
    return Article(path=path, title=title, blocks=tuple(blocks), title_line=title_line)


def _classify(line: str, number: int) -> Block:
    spans = (Span(line),)
    short = len(line) <= _MAX_HEADING and not line.endswith(("。", "；", "，", "："))
    if "↑" in line:
        return Caption(spans, number)
    if _BYLINE.match(line) and len(line) <= _MAX_HEADING:
        return Byline(spans, number)
    if short and _SECTION.match(line):
        return Heading(1, spans, number)
    if short and _SUBSECTION.match(line):
        return Heading(2, spans, number)
    return Paragraph(spans, number)
