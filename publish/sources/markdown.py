"""Markdown (CommonMark + tables, optional YAML front matter) -> ``Article``.

Footnotes (``text[^1]`` and ``[^1]: the note``) become the article's
``notes``, numbered in the order of their first reference.

Raw HTML is never handed on as HTML: markdown-it runs with ``html=False``, so
a ``<script>`` in a source stays literal text and is printed as such. Links
keep only their text: a handout is paper, and an ``href`` is one more way for
a hostile source to reach outside the workspace.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

from publish.errors import SourceError
from publish.i18n import N_, _
from publish.model import (
    Article, Block, BlockQuote, Byline, Caption, Figure, Footnote, Heading, Inline, ListBlock, Paragraph, Span, Table,
    iter_text, merge_spans, plain_text,
)
from publish.sources import shapes

log = logging.getLogger(__name__)

FRONT_MATTER_KEYS = ("title", "subtitle", "author", "date", "source")
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# A footnote reference markdown-it left as text: its note is missing.
NOTE_REF = re.compile(r"\[\^[^\]\s]+\](?!:)")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


class _CJKFriendly(StateInline):
    """Emphasis next to Chinese text as its writers mean it: CommonMark
    lets ** close after punctuation only before a space or punctuation, so
    **第二，要见实效。**学纪… printed its asterisks (every bold lead-in that
    ends with 。 and runs on). A Han character beside the run counts as
    such a boundary, as the CJK-friendly amendment to CommonMark has it —
    for ** only: a lone * marks a name or a term (张三*、李四) and stays."""

    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:
        scanned = super().scanDelims(start, canSplitWord)
        end = start
        while end < self.posMax and self.src[end] == self.src[start]:
            end += 1
        last = self.src[start - 1] if start > 0 else " "
        after = self.src[end] if end < self.posMax else " "
        can_open, can_close = scanned.can_open, scanned.can_close
        if end - start < 2:
            return scanned  # (a lone * is a mark of its own in these texts: 张三*、李四)
        # (punctuation on one side, a Han character on the other)
        if _punctuation(last) and not after.isspace() and _CJK.match(after) and not _punctuation(after):
            can_close = True
        if _punctuation(after) and not last.isspace() and _CJK.match(last) and not _punctuation(last):
            can_open = True
        return Scanned(can_open, can_close, scanned.length)


def _punctuation(ch: str) -> bool:
    return isMdAsciiPunct(ord(ch)) or isPunctChar(ch)


def _cjk_friendly_parse(self, src: str, md: MarkdownIt, env: dict, tokens: list) -> list:
    """``ParserInline.parse`` with ``_CJKFriendly`` for its state."""
    state = _CJKFriendly(src, md, env, tokens)
    self.tokenize(state)
    for rule in self.ruler2.getRules(""):
        rule(state)
    return state.tokens


def parse_markdown(text: str, path: Path) -> Article:
    meta, body, offset = _front_matter(text, path)
    title_line = front_matter_line(text, "title") or 1
    md = MarkdownIt("commonmark", {"html": False}).enable("table").use(footnote_plugin)
    md.inline.parse = _cjk_friendly_parse.__get__(md.inline)
    env: dict = {}
    root = SyntaxTreeNode(md.parse(body, env))
    reader = _Reader(offset)
    blocks = reader.blocks([n for n in root.children if n.type != "footnote_block"])
    notes = tuple(sorted((reader.note(n) for block in root.children if block.type == "footnote_block"
                          for n in block.children), key=lambda note: int(note.label)))
    for text, line in iter_text(blocks):
        for match in NOTE_REF.finditer(text):
            log.warning(_("{path}:{line}: footnote reference {ref} has no note").format(
                path=path, line=line, ref=match.group()))
    for key, number in env.get("footnotes", {}).get("refs", {}).items():
        if number < 0:
            log.warning(_("{path}: footnote [^{label}] is never referenced and is left out").format(
                path=path, label=key[1:]))

    title = meta.get("title")
    if not title:
        for i, block in enumerate(blocks):
            if isinstance(block, Heading) and block.level == 0:
                title = "".join(s.text for s in block.spans)
                title_line = block.line
                blocks = blocks[:i] + blocks[i + 1:]
                break
    if not title:
        raise SourceError(_("no title"), path, _("add `title:` front matter or a `# ` heading"))
    # Any further "# " headings rank as first-level sections; a paragraph
    # shaped like a byline or a photo caption is one, as in a text file
    # (and as `publish import` found it in a Word file or a web page); a
    # caption right under a picture without one is its caption; the
    # （来源：…） under each piece of a compilation of excerpts is its source
    # line.
    blocks = tuple(shapes.letter_parts(shapes.excerpt_source_lines(shapes.attach_captions([
        Heading(1, b.spans, b.line) if isinstance(b, Heading) and b.level == 0 else _shaped(b) for b in blocks
    ]))))
    return Article(
        path=path, title=str(title).strip(), blocks=blocks, title_line=title_line,
        subtitle=meta.get("subtitle"), author=meta.get("author"),
        date=meta.get("date"), source=meta.get("source"), notes=notes,
    )


def front_matter_line(text: str, key: str) -> int | None:
    """The line of the text's front matter where ``key`` is set, if it is."""
    match = _FRONT.match(text)
    if match:
        for number, line in enumerate(match.group(1).split("\n"), start=2):
            if re.match(f"{re.escape(key)}[ \t]*:", line):
                return number
    return None


def _yaml_problem(problem: str, context: str) -> str:
    """What YAML says is wrong, in the user's words for the common mistakes
    (its own are English: expected ',' or ']', but got '<stream end>')."""
    said = (("expected ',' or ']'", N_("a bracket is not closed")), ("expected ',' or '}'", N_("a bracket is not closed")),
            ("mapping values are not allowed", N_("a colon inside a value: put the value in quotes")),
            ("found character '\\t'", N_("a tab: indent with spaces")),
            ("could not find expected ':'", N_("a line that is not `key: value`")),
            ("unexpected end of stream", N_("a quotation mark is not closed")),
            ("expected the node content", N_("a bracket is not closed")))
    for english, words in said:
        if english in problem or english in context:
            return _(words)
    return problem


def _front_matter(text: str, path: Path) -> tuple[dict[str, str], str, int]:
    match = _FRONT.match(text)
    if not match:
        return {}, text, 0
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _(" at line {line}").format(line=mark.line + 2) if mark is not None else ""
        problem = _yaml_problem(getattr(exc, "problem", None) or "syntax error", getattr(exc, "context", None) or "")
        raise SourceError(_("broken YAML front matter{where}: {problem}").format(where=where, problem=problem), path) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(_("front matter must be `key: value` lines"), path)
    meta: dict[str, str] = {}
    for key, value in data.items():
        if key not in FRONT_MATTER_KEYS:
            from publish.choices import did_you_mean

            log.warning(_("{path}: unknown front-matter key {key!r}{hint} (known: {known})").format(
                path=path, key=key, hint=did_you_mean(str(key), FRONT_MATTER_KEYS), known=", ".join(FRONT_MATTER_KEYS)))
            continue
        if isinstance(value, (_dt.date, _dt.datetime)):
            value = value.isoformat()[:10]
        if value is not None and not isinstance(value, (str, int, float)):
            raise SourceError(_("front matter `{key}` must be text").format(key=key), path)
        if value is not None:
            meta[key] = str(value)
    consumed = match.group(0)
    return meta, text[len(consumed):], consumed.count("\n")


class _Reader:
    def __init__(self, offset: int):
        self.offset = offset

    def line(self, node: SyntaxTreeNode) -> int:
        return (node.map[0] if node.map else 0) + 1 + self.offset

    def blocks(self, nodes) -> tuple[Block, ...]:
        out: list[Block] = []
        for node in nodes:
            block = self.block(node)
            if block is not None:
                out.append(block)
        return tuple(out)

    def block(self, node: SyntaxTreeNode) -> Block | None:
        kind, line = node.type, self.line(node)
        if kind == "heading":
            # "#" is the title (level 0 here); "##" is 一、, "###" is （一）.
            level = min(int(node.tag[1]) - 1, 3)
            return Heading(level, self.inline(node.children[0]), line)
        if kind == "paragraph":
            inline = node.children[0]
            pictures = [c for c in inline.children if c.type == "image"]
            others = [c for c in inline.children
                      if c.type not in ("image", "softbreak") and not (c.type == "text" and not c.content.strip())]
            if len(pictures) == 1 and not others:
                image = pictures[0]
                return Figure(str(image.attrs.get("src", "")), self.inline(image), line)
            return Paragraph(self.inline(inline), line)
        if kind in ("bullet_list", "ordered_list"):
            items = tuple(self.blocks(item.children) for item in node.children)
            start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else 1
            return ListBlock(kind == "ordered_list", items, start, line)
        if kind == "blockquote":
            return BlockQuote(self.blocks(node.children), line)
        if kind == "table":
            head: list[tuple[Inline, ...]] = []
            body: list[tuple[Inline, ...]] = []
            for section in node.children:
                rows = [tuple(self.inline(cell.children[0]) if cell.children else () for cell in row.children)
                        for row in section.children]
                (head if section.type == "thead" else body).extend(rows)
            return Table(tuple(head), tuple(body), line)
        if kind in ("fence", "code_block"):
            spans: list[Span] = []
            for i, text_line in enumerate(node.content.rstrip("\n").split("\n")):
                if i:
                    spans.append(Span("\n"))
                spans.append(Span(text_line, frozenset({"code"})))
            return Paragraph(tuple(spans), line)
        if kind == "hr":
            return None
        log.warning(_("line {line}: unsupported Markdown block {kind} dropped").format(line=line, kind=kind))
        return None

    def note(self, node: SyntaxTreeNode) -> Footnote:
        """A footnote's paragraphs as one run, a line break between them."""
        spans: list[Span] = []
        for paragraph in node.children:
            if paragraph.type != "paragraph":
                continue
            if spans:
                spans.append(Span("\n"))
            spans.extend(self.inline(paragraph.children[0]))
        first = next((c for c in node.children if c.map), None)
        return Footnote(str(node.meta["id"] + 1), merge_spans(spans), self.line(first) if first else 0)

    def inline(self, node: SyntaxTreeNode, style: frozenset[str] = frozenset()) -> Inline:
        spans: list[Span] = []
        children = node.children
        # a 落款 (one issuer or several, then the date): each a line of its own
        texts = [c.content.strip() for c in children if c.type == "text"]
        signed = len(texts) > 1 and bool(_DATE_LINE.fullmatch(texts[-1])) and all(
            len(t) <= 40 and not t.endswith(("。", "；", "，", "：")) for t in texts)
        for i, child in enumerate(children):
            kind = child.type
            if kind == "text":
                spans.append(Span(child.content, style))
            elif kind == "code_inline":
                spans.append(Span(child.content, style | {"code"}))
            elif kind == "softbreak":
                # Chinese is written without spaces: a line break between two
                # Han characters joins them; elsewhere it is a space. In a
                # 附件说明 each attachment keeps its line (附件：1．…, 2．…
                # printed as one run of text), and a 落款's date its own.
                before = spans[-1].text[-1:] if spans else ""
                after = _first_text(children[i + 1]) if i + 1 < len(children) else ""
                following = children[i + 1].content if i + 1 < len(children) and children[i + 1].type == "text" else ""
                if signed or _ATTACHMENT_ITEM.match(following) and "".join(
                        s.text for s in spans).lstrip().startswith("附件"):
                    spans.append(Span("\n"))
                elif not (_CJK.match(before or " ") or _CJK.match(after or " ")):
                    spans.append(Span(" ", style))
            elif kind == "hardbreak":
                spans.append(Span("\n"))
            elif kind in ("em", "strong"):
                spans.extend(self.inline(child, style | {kind}))
            elif kind in ("link", "image"):
                spans.extend(self.inline(child, style))
            elif kind == "footnote_ref":
                spans.append(Span(str(child.meta["id"] + 1), frozenset({"noteref"})))
            elif kind == "footnote_anchor":
                continue
            else:
                spans.append(Span(child.content or "", style))
        return merge_spans(spans)


# The next attachment's number in a 附件说明 (2．, 3.)
_ATTACHMENT_ITEM = re.compile(r"\s*\d{1,2}[．.、]")
# A date alone on its line (2024年4月8日, 二〇二四年四月八日)
_DATE_LINE = re.compile(r"\s*(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日\s*")


def _shaped(block: Block) -> Block:
    if not isinstance(block, Paragraph) or any(span.style or span.text == "\n" for span in block.spans):
        return block
    text = plain_text(block.spans)
    if shapes.is_byline(text):
        return Byline(block.spans, block.line)
    if shapes.is_caption(text):
        return Caption(block.spans, block.line)
    return block


def _first_text(node: SyntaxTreeNode) -> str:
    if node.type in ("text", "code_inline"):
        return node.content[:1]
    for child in node.children:
        return _first_text(child)
    return ""
