"""Plain text as offices and news sites produce it -> ``Article``.

The shape (what newspapers' web pages give when copied into Notepad):
the first non-empty line is the title; ``文/图 …``, ``记者 …`` is the
byline; ``A 党的…``, ``一、…`` are section headings; ``（一）…`` and lines
starting ``——`` are sub-headings (publish.sources.shapes has the rules);
lines with ``↑`` or ``图为……（……摄）`` are photo captions; everything else is
a paragraph, one per line.

Two things offices add: text hard-wrapped at a fixed width (copied from a
PDF, or from an e-mail), whose lines are joined back into paragraphs; and a
news page's furniture: 来源/作者/日期 lines become the article's metadata,
责任编辑 lines and share buttons are left out with a warning, 编者按 is set
as an editor's note.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path

from publish.i18n import _, ngettext, printable
from publish.model import Article, Block, Byline, Caption, Footnote, Heading, Paragraph, Span, merge_spans
from publish.sources import shapes

log = logging.getLogger(__name__)

_INDENT = re.compile(r"^(?:\u3000|[ \t]{2,}|\u00a0{2,}|\t)")
_BLANKS = " \t\u3000\u00a0"


@dataclass(frozen=True)
class Line:
    """A paragraph as the text gives it: its (joined) text, its first line
    number, and whether it started with an indent."""

    text: str
    number: int
    indented: bool = False


def parse_text(text: str, path: Path, warn: bool = True) -> Article:
    """``warn``: say which lines were closed up (``publish check`` says it
    its own way)."""
    typed = text.split("\n")
    closed = close_up(typed)
    raw, left_out, notes = _pdf_furniture(closed, path)
    if warn:
        # (a page's number copied spaced out, 第 3 页 共 3 页, is left out, not closed up)
        said_closed_up([n for n, line in enumerate(typed) if closed[n] != line and n + 1 not in left_out], path)
    lines = join_wrapped(raw, skip=left_out)
    article = Article(path=path, title="", blocks=())
    blocks: list[Block] = []
    others = shapes.OtherArticles()  # under 往期推荐
    text_yet = False
    above: list[str] = []  # a 公文's 版头 and 发文字号: its source
    title_end = 0  # the title's last line
    for line in lines:
        if not article.title:
            if shapes.above_title(line.text):
                above.append(line.text.strip(_BLANKS))
            elif (found := shapes.furniture(line.text)) is not None and found.kind == "drop":
                shapes.left_out(f"{path}:{line.number}", line.text)  # 当前位置：首页 > 新闻中心
            else:
                article = replace(article, title=line.text, title_line=line.number)
                title_end = line.number
            continue
        if not blocks and not text_yet:
            # under the title: the rest of it, its subtitle, who speaks
            if line.number == title_end + 1 and shapes.title_goes_on(article.title, line.text):
                # (the PDF's wrap, not a space: 关于……的 / 实施方案 is one word)
                article = replace(article, title=article.title.rstrip(_BLANKS) + line.text.strip(_BLANKS))
                title_end = line.number
                continue
            if not article.subtitle and shapes.subtitle_line(line.text, line.number == title_end + 1):
                article = replace(article, subtitle=line.text.strip(_BLANKS))
                continue
            if not article.author and shapes.speaker_line(line.text, article.title):
                article = replace(article, author=line.text.strip(_BLANKS))
                continue
        if others.takes(Paragraph((Span(line.text),))):
            shapes.left_out(f"{path}:{line.number}", line.text)
            continue
        found = shapes.furniture(line.text)
        others.after(found)
        if found is not None:
            # 来源, 编者按, 往期推荐 …: decided with the lines around it (at
            # the top or the end, the page's; between two of text, an
            # excerpt's own).
            blocks.append(Paragraph((Span(line.text),), line.number))
        else:
            article, block = _classify(line, article, first=not text_yet)
            text_yet = text_yet or block is not None
            if block is not None:
                blocks.append(block)
    if above and not article.source:
        article = replace(article, source=" ".join(above))
    article, blocks = shapes.without_furniture(blocks, article, str(path), numbered=True)
    if notes:
        blocks = [_referring(block) for block in blocks]
        article = replace(article, notes=tuple(Footnote(str(k), (Span(text),), line)
                                               for k, (text, line) in enumerate(notes, start=1)))
    return replace(article, blocks=tuple(shapes.letter_parts(blocks)))


# A PDF set with room between its characters (how 方正 and other typesetters
# justify Chinese) is often copied with a space after every character:
# 为 进 一 步 加 强 干 部 队 伍 建 设 ， 现 将 …
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3000-\u303f\uff01-\uff5e"
                  "“”‘’…—·]")
_GAP = re.compile("[ \u00a0\u3000]+")


def spaced_out(line: str) -> bool:
    """``line`` has a space after every character: its parts are one
    Chinese character or mark each (通 知, 各 支 部 ：), or of six or more,
    most are one character and half one Chinese character (digits spaced
    out too, a Latin word among them)."""
    parts = _GAP.split(line.strip(_BLANKS))
    chinese = sum(len(part) == 1 and bool(_CJK.match(part)) for part in parts)
    if len(parts) >= 2 and chinese == len(parts):
        return True
    single = sum(len(part) == 1 for part in parts)
    return len(parts) >= 6 and single >= 0.7 * len(parts) and chinese >= 0.5 * len(parts)


def closed_up_line(line: str) -> str:
    """A spaced-out line (``spaced_out``) without its spaces, its indent
    kept: a wider gap (two spaces, an ideographic space: 第 一 条  为 了)
    stays as one space, and two Latin words or numbers keep theirs (NB/T
    20442; not 2 0 2 4, a number spaced out too)."""
    lead = len(line) - len(line.lstrip(_BLANKS))
    body = line[lead:].rstrip(_BLANKS)

    def gap(match: re.Match) -> str:
        if match.group() != " ":
            return " "
        before = _GAP.split(body[:match.start()])[-1]
        after = _GAP.split(body[match.end():])[0]
        latin = before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() and after[:1].isalnum()
        return " " if latin and max(len(before), len(after)) >= 2 and before.isascii() and after.isascii() else ""

    return line[:lead] + _GAP.sub(gap, body)


def close_up(raw: list[str]) -> list[str]:
    """The lines, each spaced-out one closed up (``said_closed_up`` says
    which)."""
    spaced = [n for n, line in enumerate(raw) if spaced_out(line)]
    if not spaced:
        return raw
    closed = list(raw)
    for n in spaced:
        closed[n] = closed_up_line(raw[n])
    return closed


def said_closed_up(spaced: list[int], path: Path) -> None:
    """The warning that lines (their indices) were closed up."""
    if spaced:
        log.warning(ngettext("{path}: closed up {n} line copied from a PDF with a space after every character "
                             "(line {lines})",
                             "{path}: closed up {n} lines copied from a PDF with a space after every character "
                             "(lines {lines})", len(spaced)).format(
            path=path, n=len(spaced), lines=_ranges([n + 1 for n in spaced])))


def _ranges(numbers: list[int]) -> str:
    """3, 5–9, 12: line numbers as a reader takes them in."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def _pdf_furniture(raw: list[str], path: Path) -> tuple[list[str], set[int], list]:
    """What a PDF prints besides its text, copied with it: page numbers,
    running heads and a table of contents, left out (each named in a
    warning), and footnotes, made notes again. Returns the lines (note
    references marked, see ``page_notes``), the numbers of those to leave
    out, and the notes."""
    numbers = page_numbers(raw)
    if numbers:
        log.warning(_("{path}: left out {count} page numbers of a PDF's page footers (lines {lines})").format(
            path=path, count=len(numbers), lines=", ".join(map(str, sorted(numbers)))))
    heads = running_heads(raw, numbers)
    for text in dict.fromkeys(raw[n - 1].strip(_BLANKS) for n in sorted(heads)):
        found = sorted(n for n in heads if raw[n - 1].strip(_BLANKS) == text)
        log.warning(_("{path}: left out '{text}', a PDF's running head on every page (lines {lines})").format(
            path=path, text=printable(text), lines=", ".join(map(str, found))))
    contents = contents_lines(raw)
    if contents:
        log.warning(_("{path}: left out a PDF's table of contents (lines {first}–{last}): publish makes its own "
                      "for a compilation").format(path=path, first=min(contents), last=max(contents)))
    raw, footers, notes = page_notes(raw, numbers, numbers | heads | contents)
    return raw, numbers | heads | contents | footers, notes


def _classify(line: Line, article: Article, first: bool) -> tuple[Article, Block | None]:
    """A line of text (not furniture) as a block, or the article's date."""
    text, number = line.text, line.number
    spans = (Span(text),)
    if first and not article.date and (date := shapes.date_line(text)):
        return replace(article, date=date), None
    if shapes.is_caption(text):
        return article, Caption(spans, number)
    if shapes.is_byline(text):
        return article, Byline(spans, number)
    level = shapes.heading_level(text)
    if level in (1, 2):
        return article, Heading(level, spans, number)
    return article, Paragraph(spans, number)


# ---------------------------------------------------------------- hard wraps

# A page's number as a PDF prints it in the footer, on a line of its own
# when its text is copied: GB/T 9704's "— 1 —" (and "- 1 -"), "第 1 页",
# "第1页 共4页". Never an article's text on a line alone.
_PAGE_NUMBER = re.compile(r"[—–\-－]\s*\d{1,4}\s*[—–\-－]|第\s*\d{1,4}\s*页(?:\s*[，,、/]?\s*共\s*\d{1,4}\s*页)?")


def page_numbers(raw: list[str]) -> set[int]:
    """The numbers (from 1) of the lines that are a page's number: shaped
    like one (— 2 —, 第2页), or a bare number on a line of its own where
    such lines count on page after page (2, 3, 4 …: most PDFs print no
    more), which one alone never is."""
    shaped = {n for n, line in enumerate(raw, start=1) if _PAGE_NUMBER.fullmatch(line.strip(_BLANKS))}
    bare = [(n, int(line.strip(_BLANKS))) for n, line in enumerate(raw, start=1)
            if line.strip(_BLANKS).isascii() and line.strip(_BLANKS).isdigit() and len(line.strip(_BLANKS)) <= 4]
    counted: set[int] = set()
    run: list[int] = []
    for i, (n, value) in enumerate(bare):
        # (a page's worth of lines apart: a list numbered 1, 2, 3 on lines of
        # their own has its items between them, not pages)
        if run and value == bare[i - 1][1] + 1 and n - bare[i - 1][0] >= 8:
            run.append(n)
        else:
            if len(run) >= 2:
                counted.update(run)
            run = [n]
    if len(run) >= 2:
        counted.update(run)
    return shaped | counted


# A line of a table of contents: the entry, dot leaders, its page number.
_CONTENTS_ENTRY = re.compile(r"^\S.{0,80}?(?:[.…·．]\s*){3,}\s*\d{1,4}$")
_CONTENTS_TITLE = re.compile(r"^目[ \u3000]*录$|^目[ \u3000]*錄$")


def contents_lines(raw: list[str]) -> set[int]:
    """The lines (from 1) of a table of contents copied with a PDF's text
    (目录, then 一、总体要求……………1): two entries or more, with the
    目录 line above them. Left out: its page numbers are the PDF's."""
    entries = [n for n, line in enumerate(raw, start=1) if _CONTENTS_ENTRY.match(line.strip(_BLANKS))]
    if len(entries) < 2:
        return set()
    found = set(entries)
    for n, line in enumerate(raw, start=1):
        if _CONTENTS_TITLE.match(line.strip(_BLANKS)) and any(0 < entry - n <= 3 for entry in entries):
            found.add(n)
    return found


def running_heads(raw: list[str], numbers: set[int]) -> set[int]:
    """The lines (from 1) of what a PDF prints at the head or foot of every
    page besides its number (the book's or the document's name, 江门市党纪学习
    教育读本), copied with the text: a short line met beside two page numbers
    or more (among the two lines on either side of each), and nowhere else."""
    if len(numbers) < 2:
        return set()
    beside: dict[str, list[int]] = {}
    for number in numbers:
        for step in (-1, 1):
            at, seen = number + step, 0
            while 1 <= at <= len(raw) and seen < 2 and at not in numbers:
                text = raw[at - 1].strip(_BLANKS)
                if text:
                    seen += 1
                    if len(text) <= 40 and not shapes.ends_sentence(text):
                        beside.setdefault(text, []).append(at)
                at += step
    # The first page has its head too, above the title.
    first = next((n for n, line in enumerate(raw, start=1) if line.strip(_BLANKS)), 0)
    if first and raw[first - 1].strip(_BLANKS) in beside:
        beside[raw[first - 1].strip(_BLANKS)].append(first)
    every: dict[str, int] = {}
    for line in raw:
        every[line.strip(_BLANKS)] = every.get(line.strip(_BLANKS), 0) + 1
    return {n for text, found in beside.items() if len(set(found)) >= 2 and every[text] == len(set(found))
            for n in found}


# A PDF's footnotes: ① in the text, "①《习近平谈治国理政》第四卷，……第3页。"
# at the foot of its page, numbered afresh on each page.
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# While the text is joined, a reference is this character plus the note's
# index: a private-use character, which no source holds and nothing joins.
_REFERENCE = 0xF0000
_CLAUSE_ENDS = tuple("，。；：、！？”’」』）)》〉,.;:!?")


def page_notes(raw: list[str], numbers: set[int], skip: set[int]) -> tuple[list[str], set[int], list]:
    """Footnotes copied from a PDF: at the foot of a page (before its
    number, or the text's end) the notes whose marks the page's text holds,
    in order (①, ②, …; a note may run over two lines). Returns the lines
    with each reference marked (``_REFERENCE``), the lines the notes took,
    and each note's (text, line). A page whose foot does not match its
    references note for note keeps its text as it is: a list ①②③ stays."""
    if not numbers:
        return raw, set(), []
    raw = list(raw)
    # (the title is a line of text, not a paragraph: a ① in it stays, and
    # so does the foot of its page)
    title = next((n for n, line in enumerate(raw, start=1) if line.strip(_BLANKS) and n not in skip), 0)
    taken: set[int] = set()
    notes: list[tuple[str, int]] = []
    ends = sorted(numbers) + [len(raw) + 1]
    start = 1
    for end in ends:
        page = [n for n in range(start, end) if n not in skip and raw[n - 1].strip(_BLANKS)]
        start = end + 1
        # A reference ends a clause (遵循②。 结合起来①，); a list's ① starts
        # one (以下几点：①加强组织领导).
        refs = [(n, at) for n in page for at, ch in enumerate(raw[n - 1])
                if ch in _CIRCLED and raw[n - 1][:at].strip(_BLANKS)
                and raw[n - 1][at + 1:at + 2].strip(_BLANKS) in ("", *_CLAUSE_ENDS)]
        if not refs or any(n == title for n, _at in refs):
            continue
        first = raw[refs[0][0] - 1][refs[0][1]]
        top = next((n for n in reversed(page) if n > refs[0][0] and raw[n - 1].strip(_BLANKS).startswith(first)),
                   None)
        if top is None:
            continue
        foot = [n for n in page if n >= top]
        found: list[list] = []
        for n in foot:
            text = raw[n - 1].strip(_BLANKS)
            if text[0] in _CIRCLED:
                found.append([text[0], text[1:].strip(_BLANKS), n])
            else:
                found[-1][1] = shapes.join_lines(found[-1][1], text)
        body_refs = [(n, at) for n, at in refs if n < top]
        marks = [raw[n - 1][at] for n, at in body_refs]
        if [mark for mark, _text, _n in found] != marks or len(set(marks)) != len(marks) \
                or any(not text for _mark, text, _n in found):
            continue
        for (n, at), (_mark, text, line) in zip(body_refs, found):
            raw[n - 1] = raw[n - 1][:at] + chr(_REFERENCE + len(notes)) + raw[n - 1][at + 1:]
            notes.append((text, line))
        taken.update(foot)
    return raw, taken, notes


def _referring(block: Block) -> Block:
    """The block with each reference ``page_notes`` marked made a note
    reference (its label the note's number), in an editor's note too."""
    if hasattr(block, "blocks"):
        return replace(block, blocks=tuple(_referring(inner) for inner in block.blocks))
    if not hasattr(block, "spans"):
        return block
    out: list[Span] = []
    for span in block.spans:
        text = span.text
        at = 0
        for i, ch in enumerate(text):
            if ord(ch) >= _REFERENCE:
                out += [Span(text[at:i], span.style), Span(str(ord(ch) - _REFERENCE + 1), frozenset({"noteref"}))]
                at = i + 1
        out.append(Span(text[at:], span.style))
    return replace(block, spans=merge_spans(out))


def join_wrapped(raw: list[str], skip: set[int] = frozenset()) -> list[Line]:
    """One ``Line`` a paragraph. Text hard-wrapped at a fixed width (most
    lines about as wide as the widest, ending mid-sentence) has its lines
    joined; otherwise every non-empty line is a paragraph of its own.

    Inside wrapped text a paragraph ends at a blank line, before an indented
    line (where paragraphs are indented), at a line well short of the width,
    before a line shaped like a heading, and, where neither blank lines nor
    indents mark paragraphs, after a line that ends a sentence. The lines
    ``skip`` (page numbers, running heads) are left out with the blank lines beside them,
    so that a paragraph goes on across a page break."""
    left_out = _around(skip, raw) if skip else skip
    lines = [(n, line.rstrip(_BLANKS)) for n, line in enumerate(raw, start=1) if n not in left_out]
    filled = [(n, line) for n, line in lines if line.strip(_BLANKS)]
    if len(filled) < 4:
        return [Line(line.strip(_BLANKS), n, bool(_INDENT.match(line))) for n, line in filled]
    # (a paragraph's first line with its indent: as wide as the others
    # where the indent is typed as spaces, 　　今天……)
    full_at = shapes.full_lines([line if _INDENT.match(line) else line.strip(_BLANKS) for _, line in filled])
    wrapped = full_at is not None
    full = {filled[i][0] for i in full_at or ()}
    indents = sum(1 for _, line in filled if _INDENT.match(line)) >= 2
    # blank lines between the paragraphs of the body, not only under the title
    body_start = filled[1][0] if len(filled) > 1 else 0
    blank_separated = sum(1 for n, line in lines if n > body_start and not line.strip(_BLANKS)) >= 2

    out: list[Line] = []
    previous: tuple[int, str] | None = None
    for n, line in lines:
        stripped = line.strip(_BLANKS)
        if not stripped:
            previous = None
            continue
        indented = bool(_INDENT.match(line))
        if wrapped and previous is not None and out and _continues(
                previous, stripped, indented, full, indents, blank_separated):
            out[-1] = replace(out[-1], text=shapes.join_lines(out[-1].text, stripped))
        else:
            out.append(Line(stripped, n, indented))
        previous = (n, line)
    return out


def _around(skip: set[int], raw: list[str]) -> set[int]:
    """The lines ``skip`` and the blank lines beside them: a page break
    between two lines of a paragraph does not end it."""
    around = set(skip)
    for n in skip:
        for step in (-1, 1):
            at = n + step
            while 1 <= at <= len(raw) and at not in skip and not raw[at - 1].strip(_BLANKS):
                around.add(at)
                at += step
    return around


def _continues(previous: tuple[int, str], line: str, indented: bool, full: set[int], indents: bool,
               blank_separated: bool) -> bool:
    number, text = previous
    if shapes.goes_on(line) and not indented:
        return True
    if number not in full or (indents and indented):
        return False
    if shapes.heading_level(line) or shapes.furniture(line) or shapes.is_caption(line):
        return False
    if shapes.ends_sentence(text) and not (indents or blank_separated):
        return False
    return True
