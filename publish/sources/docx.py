"""Word documents (.docx, as Word and WPS write them) -> ``Article``.

python-docx opens the package; the reading itself walks the XML, because
real office files rarely carry their structure in heading styles. A
paragraph's role comes, in order, from

1. its style's *name* (resolved along ``basedOn``; never the id: Chinese
   Word's style "1" is Heading 1, WPS's "1" is Normal),
2. its outline level (``w:outlineLvl``, on the paragraph or its style: WPS's
   大纲级别),
3. its generated number (numbering.xml: ``japaneseCounting`` and ``%1、``
   give 一、, ``%1）`` gives 1）), rendered into the text,
4. its text and direct formatting: a centred large line before the body is
   the title; a short line starting 一、/（一）/1．/（1） set in 黑体, 楷体 or
   bold is a heading, while the same numbers in running text are a list and
   a 黑体 caption or a 楷体 quotation is not a heading
   (publish.sources.shapes has the shared rules).

Text boxes are read once (Word stores each twice: ``mc:Choice`` and
``mc:Fallback``), tracked insertions kept and deletions dropped, comments,
headers, footers and tables of contents left out, fields replaced by their
shown result. Pictures travel in the model with their bytes. What is left
out is logged as a warning naming it.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from publish.errors import SourceError
from publish.i18n import _, ngettext, printable
from publish.model import (
    Article, Block, Byline, Caption, Figure, Footnote, Heading, Inline, ListBlock, Paragraph, Span, Table,
    map_spans, merge_spans, note_refs, plain_text,
)
from publish.sources import shapes

log = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W, "r": R,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def _val(element, name: str = "val") -> str | None:
    return None if element is None else element.get(w(name))


def _on(element) -> bool | None:
    """A Word toggle property: absent (None), on, or explicitly off."""
    if element is None:
        return None
    return (_val(element) or "true").lower() not in ("0", "false", "off", "none")


# ---------------------------------------------------------------- styles

@dataclass
class Look:
    """What a run or paragraph looks like, after styles and direct formatting."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    dot: bool = False       # 着重号 (w:em)
    vert: str = ""          # w:vertAlign: "superscript" (m²) or "subscript" (CO₂)
    size: float = 10.5      # points
    font: str = ""          # the East Asian font
    vanish: bool = False
    jc: str = ""
    outline: int | None = None
    num: tuple[str, int] | None = None   # (numId, ilvl)
    style: str = ""         # the paragraph style's name, lower case

    def apply_run(self, rpr) -> "Look":
        if rpr is None:
            return self
        look = replace(self)
        for name, attr in (("b", "bold"), ("i", "italic"), ("vanish", "vanish")):
            value = _on(rpr.find(w(name)))
            if value is not None:
                setattr(look, attr, value)
        underline = rpr.find(w("u"))
        if underline is not None:
            look.underline = (_val(underline) or "single") != "none"
        em = rpr.find(w("em"))
        if em is not None:
            look.dot = (_val(em) or "dot") != "none"
        vert = rpr.find(w("vertAlign"))
        if vert is not None:
            look.vert = _val(vert) if _val(vert) in ("superscript", "subscript") else ""
        size = rpr.find(w("sz"))
        if size is not None and (_val(size) or "").isdigit():
            look.size = int(_val(size)) / 2
        fonts = rpr.find(w("rFonts"))
        if fonts is not None:
            look.font = fonts.get(w("eastAsia")) or fonts.get(w("ascii")) or look.font
        return look

    def apply_paragraph(self, ppr) -> "Look":
        if ppr is None:
            return self
        look = replace(self)
        jc = ppr.find(w("jc"))
        if jc is not None:
            look.jc = _val(jc) or ""
        outline = ppr.find(w("outlineLvl"))
        if outline is not None and (_val(outline) or "").isdigit():
            look.outline = int(_val(outline)) if int(_val(outline)) < 9 else None
        num = ppr.find(w("numPr"))
        if num is not None:
            num_id = _val(num.find(w("numId")))
            level = _val(num.find(w("ilvl")))
            if num_id is not None:
                look.num = None if num_id == "0" else (num_id, int(level) if level and level.isdigit() else 0)
            elif look.num and level and level.isdigit():
                look.num = (look.num[0], int(level))
        return look


class Styles:
    """styles.xml: each style's look, resolved along its ``basedOn`` chain."""

    def __init__(self, root):
        self.elements = {}
        self.default_paragraph = None
        self.default_character = None
        base = Look()
        if root is not None:
            defaults = root.find(w("docDefaults"))
            if defaults is not None:
                base = base.apply_run(defaults.find(f"{w('rPrDefault')}/{w('rPr')}"))
                base = base.apply_paragraph(defaults.find(f"{w('pPrDefault')}/{w('pPr')}"))
            for style in root.iter(w("style")):
                sid = style.get(w("styleId"))
                self.elements[sid] = style
                if style.get(w("default")) in ("1", "true"):
                    if style.get(w("type")) == "paragraph":
                        self.default_paragraph = sid
                    elif style.get(w("type")) == "character":
                        self.default_character = sid
        self.base = base
        self._looks: dict[str, Look] = {}

    def name(self, sid: str | None) -> str:
        style = self.elements.get(sid or self.default_paragraph)
        return (_val(style.find(w("name"))) or "").strip().lower() if style is not None else ""

    def look(self, sid: str | None, seen: tuple = ()) -> Look:
        """The look a paragraph or character style gives, defaults first."""
        sid = sid or self.default_paragraph
        if sid in self._looks:
            return self._looks[sid]
        style = self.elements.get(sid)
        if style is None or sid in seen:
            return self.base
        parent = _val(style.find(w("basedOn")))
        look = self.look(parent, seen + (sid,)) if parent else self.base
        look = look.apply_paragraph(style.find(w("pPr"))).apply_run(style.find(w("rPr")))
        look.style = self.name(sid)
        self._looks[sid] = look
        return look


# Heading styles by name, as Word and WPS write them in English and Chinese.
_HEADING_NAME = re.compile(r"^(?:heading|标题|標題)\s*(\d)$")
_LEVEL_NAMES = {"一级标题": 0, "二级标题": 1, "三级标题": 2, "四级标题": 3}
_TITLE_NAMES = ("title", "标题", "標題", "文档标题", "公文标题", "大标题")
_SUBTITLE_NAMES = ("subtitle", "副标题", "副標題")
_CAPTION_NAMES = ("caption", "题注", "標號", "图注", "图片说明")
_TOC_NAME = re.compile(r"^(?:toc|目录|目錄)\s*\d*$|^toc heading$|^table of figures$")


def style_role(name: str) -> tuple[str, int | None] | None:
    """What a style name says a paragraph is: ("heading", outline level),
    ("title"), ("subtitle"), ("caption"), ("toc")."""
    match = _HEADING_NAME.match(name)
    if match and match.group(1) != "0":
        return "heading", int(match.group(1)) - 1
    if name in _LEVEL_NAMES:
        return "heading", _LEVEL_NAMES[name]
    if name in _TITLE_NAMES:
        return "title", None
    if name in _SUBTITLE_NAMES:
        return "subtitle", None
    if name in _CAPTION_NAMES:
        return "caption", None
    if _TOC_NAME.match(name):
        return "toc", None
    return None


# ---------------------------------------------------------------- numbering

_CHINESE_DIGITS = "〇一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# 大写 numbering (壹、贰、叁 in simplified documents, 壹、貳、參 in traditional):
# Word counts 10 as 壹拾, 11 as 壹拾壹, as cheques and contracts write it.
_LEGAL = {"chineseLegalSimplified": "零壹贰叁肆伍陆柒捌玖拾佰",
          "ideographLegalTraditional": "零壹貳參肆伍陸柒捌玖拾佰"}
_ENCLOSED = {"ideographEnclosedCircle": "㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉",
             "ideographParenthesized": "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩",
             "decimalEnclosedParen": "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇",
             "decimalEnclosedFullstop": "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"}


def chinese_number(n: int) -> str:
    """一, 十, 十一, 二十, 一百零五 … as Word counts in Chinese."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CHINESE_DIGITS[n]
    if n < 20:
        return "十" + (_CHINESE_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CHINESE_DIGITS[n // 10] + "十" + (_CHINESE_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if not rest else ("零" + chinese_number(rest) if rest < 10 else
                                    ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
        return _CHINESE_DIGITS[n // 100] + "百" + tail
    return str(n)


def legal_number(n: int, digits: str) -> str:
    """壹, 壹拾, 壹拾壹, 贰拾, 壹佰零伍 … (``digits``: 零 to 玖, then 拾 and 佰)."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = digits[hundreds] + digits[11] if hundreds else ""
    if tens:
        out += digits[tens] + digits[10]
    elif hundreds and ones:
        out += digits[0]
    return out + (digits[ones] if ones else "")


def _letters(n: int) -> str:
    # Word repeats the letter past z: aa, bb …
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """One level's counter in Word's number format ``fmt``."""
    if fmt in _LEGAL:
        return legal_number(n, _LEGAL[fmt])
    if fmt in ("japaneseCounting", "chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand"):
        return chinese_number(n)
    if fmt in _ENCLOSED and 0 < n <= len(_ENCLOSED[fmt]):
        return _ENCLOSED[fmt][n - 1]
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"):
        return "".join(_CHINESE_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None   # w:lvlRestart: restart after this level (1-based)
    suffix: str = "tab"


@dataclass(frozen=True)
class Number:
    """A paragraph's generated number: its text, and whether it is a bullet."""

    text: str
    bullet: bool
    fmt: str


class Numbering:
    """numbering.xml with the counters of one reading. Counters belong to the
    abstract list (numbers continue across the numIds that share it) unless
    a num restarts a level with ``w:startOverride``."""

    def __init__(self, root):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        if root is not None:
            for element in root.iter(w("abstractNum")):
                levels = {}
                for lvl in element.findall(w("lvl")):
                    ilvl = int(lvl.get(w("ilvl"), "0"))
                    start = _val(lvl.find(w("start")))
                    restart = _val(lvl.find(w("lvlRestart")))
                    levels[ilvl] = Level(
                        _val(lvl.find(w("numFmt"))) or "decimal", _val(lvl.find(w("lvlText"))) or "",
                        int(start) if start and start.lstrip("-").isdigit() else 1,
                        int(restart) if restart and restart.isdigit() else None,
                        _val(lvl.find(w("suff"))) or "tab")
                self.abstract[element.get(w("abstractNumId"))] = levels
            for element in root.iter(w("num")):
                overrides = {}
                for override in element.findall(w("lvlOverride")):
                    start = _val(override.find(w("startOverride")))
                    if start is not None and start.isdigit():
                        overrides[int(override.get(w("ilvl"), "0"))] = int(start)
                self.nums[element.get(w("numId"))] = (_val(element.find(w("abstractNumId"))), overrides)
        self.counters: dict[str, list[int | None]] = {}

    def next(self, num_id: str, ilvl: int) -> Number | None:
        if num_id not in self.nums:
            return None
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return None
        key = f"{abstract_id}/{num_id}" if overrides else abstract_id
        counters = self.counters.setdefault(key, [None] * 9)
        level = levels[ilvl]
        if counters[ilvl] is None:
            counters[ilvl] = overrides.get(ilvl, level.start)
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or restart == 0 or restart > ilvl:
                counters[deeper] = None
        if level.fmt == "bullet":
            return Number(level.text, True, level.fmt)

        def one(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            if at not in levels:
                return ""
            value = counters[at] if counters[at] is not None else overrides.get(at, levels[at].start)
            return format_number(value, levels[at].fmt)

        text = re.sub(r"%([1-9])", one, level.text)
        if text and level.suffix == "space" and text[-1].isascii() and text[-1].isalnum():
            text += " "
        elif text and level.suffix != "nothing" and _HAN.match(text[-1]):
            # 第一条 followed by a space or a tab in Word: a full-width space,
            # as 条例 print it (第一条　为了……), not 第一条为了……
            text += "\u3000"
        return Number(text, False, level.fmt)


# ---------------------------------------------------------------- reading

@dataclass
class Para:
    """One paragraph as read: its spans, its look, its generated number,
    and where it stands."""

    spans: list[Span]
    look: Look
    number: Number | None = None
    in_table: bool = False
    boxed: bool = False
    pictures: list[Figure] = field(default_factory=list)
    toc: bool = False
    page_field: bool = False   # held a page number (PAGE, NUMPAGES), not printed

    @property
    def text(self) -> str:
        return plain_text(tuple(self.spans)).strip()


_NO_RULE = frozenset({"nil", "none"})


def _unruled(table) -> bool:
    """``table`` (a w:tbl) draws no rules: no style of its own (Word's
    default table style has none) and no border set on it or its cells."""
    style = table.find(f"{w('tblPr')}/{w('tblStyle')}")
    if style is not None and _val(style) not in (None, "TableNormal", "NormalTable", "a1"):
        return False
    return all(_val(edge) in _NO_RULE for borders in (*table.iter(w("tblBorders")), *table.iter(w("tcBorders")))
               for edge in borders)


@dataclass
class TableItem:
    rows: list[list[list[Para]]]
    merges: list[tuple[int, int, int, int]]


@dataclass
class Reading:
    """What the walk over the body found, before roles are decided."""

    items: list = field(default_factory=list)
    notes: dict[str, Inline] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    picture_count: int = 0
    toc: bool = False


_SPACES = re.compile(r"[ \u00a0\u3000\t]{2,}")
_EDGE_SPACES = " \u00a0\u3000\t"


def read_docx(data: bytes, path: Path) -> Article:
    """A .docx file's bytes -> Article. Raises SourceError naming the file."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    import zipfile

    # (what the zip and OPC readers say, in English about archive members,
    # tells an office nothing: --debug logs it)
    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as exc:  # a file cut short when copied, or not a .docx at all
        log.debug("%s: %s", path, exc)
        raise SourceError(_("damaged Word document: it is not a whole .docx file"), path,
                          _("open it in Word or WPS and save it again as .docx")) from None
    except (PackageNotFoundError, KeyError, ValueError, AttributeError, TypeError) as exc:
        # (python-docx's own AttributeError on a package without word/document.xml)
        log.debug("%s: %s", path, exc)
        raise SourceError(_("not a Word document (.docx), or a damaged one"), path,
                          _("open it in Word or WPS and save it again as .docx")) from None
    except Exception as exc:  # lxml errors: a damaged file
        raise SourceError(_("damaged Word document: {reason}").format(reason=exc), path) from None
    part = document.part
    styles = Styles(_part_root(part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"))
    numbering = Numbering(_part_root(part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"))
    walker = Walker(part, styles, numbering, path)
    walker.notes_from(RT_FOOTNOTES)
    walker.notes_from(RT_ENDNOTES)
    walker.body(document.element.body)
    walker.release_held()
    walker.report_headers()
    walker.reading.toc = walker.toc
    core = document.core_properties
    # Not the file's creation date as the article's: an office copies last
    # year's notice to write this year's, and python-docx's template says
    # 2013-12-23. The text's own date (cover, 落款) is the one printed.
    article = Builder(walker.reading, path).article(title=core.title, author=core.author)
    return article


def _part_root(part, reltype: str):
    from lxml import etree

    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            target = rel.target_part
            element = getattr(target, "element", None)
            if element is not None:
                return element
            try:
                return etree.fromstring(target.blob)
            except etree.XMLSyntaxError:
                return None
    return None


class Walker:
    """Walks the body's XML once, in reading order."""

    def __init__(self, part, styles: Styles, numbering: Numbering, path: Path):
        self.part = part
        self.styles = styles
        self.numbering = numbering
        self.path = path
        self.reading = Reading()
        self.note_bodies: dict[str, dict[str, list]] = {}
        self.seen_notes: dict[tuple[str, str], str] = {}
        self.fields: list[dict] = []  # complex fields open at this point (they may span paragraphs)
        self.toc = False
        # a paragraph whose mark is a tracked deletion, and the list it
        # belongs in: it joins the next paragraph there
        self.held: tuple[list, Para] | None = None

    # -- notes

    def notes_from(self, reltype: str) -> None:
        root = _part_root(self.part, reltype)
        kind = "endnote" if reltype == RT_ENDNOTES else "footnote"
        bodies = {}
        if root is not None:
            for note in root.iter(w(kind)):
                if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                bodies[note.get(w("id"))] = note.findall(w("p"))
        self.note_bodies[kind] = bodies

    def note_ref(self, kind: str, note_id: str) -> Span | None:
        key = (kind, note_id)
        if key not in self.seen_notes:
            paragraphs = self.note_bodies.get(kind, {}).get(note_id)
            if paragraphs is None:
                message = _("{path}: footnote {id} is referenced but missing; left out") if kind == "footnote" \
                    else _("{path}: endnote {id} is referenced but missing; left out")
                log.warning(message.format(path=self.path, id=note_id))
                return None
            label = str(len(self.reading.notes) + 1)
            self.seen_notes[key] = label
            spans: list[Span] = []
            outer, self.fields = self.fields, []
            for paragraph in paragraphs:
                para = self.paragraph(paragraph, note=True)
                if para.text:
                    if spans:
                        spans.append(Span("\n"))
                    spans.extend(_trim(para.spans))
            self.fields = outer
            self.reading.notes[label] = tuple(spans)
        return Span(self.seen_notes[key], frozenset({"noteref"}))

    # -- blocks

    def body(self, body, in_table: bool = False, boxed: bool = False) -> None:
        for child in body:
            tag = child.tag
            if tag == w("p"):
                self.add_paragraph(child, in_table, boxed)
            elif tag == w("tbl"):
                self.table(child)
            elif tag == w("sdt"):
                if self._is_toc(child):
                    self.toc = True
                    continue
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.body(content, in_table, boxed)
            elif tag in (w("customXml"), w("smartTag")):
                self.body(child, in_table, boxed)
            elif tag == f"{{{NS['mc']}}}AlternateContent":
                chosen = _choice(child)
                if chosen is not None:
                    self.body(chosen, in_table, boxed)
            elif tag == w("altChunk"):
                # Text an OA system or a web export put in as a web page of
                # its own (Word merges it when it opens the file): unread
                # here, and the body may be all of it.
                log.warning(_("{path}: part of the text is an embedded web page (altChunk), which is not read: open "
                              "the file in Word or WPS and save it again, and it becomes ordinary text").format(
                    path=self.path))

    def _is_toc(self, sdt) -> bool:
        gallery = sdt.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
        return gallery is not None and "contents" in (_val(gallery) or "").lower()

    def add_paragraph(self, element, in_table: bool, boxed: bool) -> None:
        boxes: list = []
        para = self.paragraph(element, boxes=boxes)
        para.in_table, para.boxed = in_table, boxed
        if self.held is not None and self.held[0] is self.reading.items:
            # the deleted mark accepted: one paragraph, the next one's look
            held = self.held[1]
            self.held = None
            para.spans = _tidy(held.spans + para.spans)
            para.pictures = held.pictures + para.pictures
        self.release_held()
        if _mark_deleted(element) and not boxes and not para.toc:
            self.held = (self.reading.items, para)
            return
        if para.page_field and not para.toc:
            # a page number typed into the text (a form's 第 页 共 页): the
            # handout numbers its pages itself
            if _PAGE_WORDS.match(para.text):
                log.warning(_("{path}: left out a line that numbers the pages in Word ('{text}'): the handout numbers "
                              "its own pages").format(path=self.path, text=printable(para.text)))
                return
            log.warning(_("{path}: '{text}' holds a page number or count from Word, left out: check the "
                          "sentence").format(path=self.path, text=printable(para.text)))
        if para.toc:
            self.toc = True
        elif para.text or para.pictures:
            self.reading.items.append(para)
        for box in boxes:  # a text box's paragraphs follow the one it is anchored in
            self.body(box, in_table, boxed=True)

    def release_held(self) -> None:
        """A paragraph held for the next that never came in its list (the
        last of a cell or of the document) stands as it is."""
        if self.held is not None:
            items, para = self.held
            self.held = None
            if para.text or para.pictures:
                items.append(para)

    def table(self, element) -> None:
        """Rows of cells, one cell per grid column: a cell spanning columns
        is followed by empty ones, a vertically merged cell holds the text
        of the cells it covers (Word allows text there), which stay empty."""
        rows: list[list[list[Para]]] = []
        merges: list[list[int]] = []
        open_merges: dict[int, list[int]] = {}  # grid column -> [row, column, rows, columns]
        for r, tr in enumerate(element.findall(w("tr"))):
            row: list[list[Para]] = []
            before = tr.find(f"{w('trPr')}/{w('gridBefore')}")
            row.extend([] for _ in range(int(_val(before) or 0) if before is not None else 0))
            for tc in _cells(tr):
                props = tc.find(w("tcPr"))
                span_el = props.find(w("gridSpan")) if props is not None else None
                span = int(_val(span_el) or 1) if span_el is not None else 1
                vmerge = props.find(w("vMerge")) if props is not None else None
                column = len(row)
                cell = self._cell(tc)
                if vmerge is not None and (_val(vmerge) or "continue") == "continue" and column in open_merges:
                    merge = open_merges[column]
                    merge[2] += 1
                    rows[merge[0]][merge[1]].extend(cell)
                    cell = []
                elif vmerge is not None:
                    open_merges[column] = [r, column, 1, span]
                    merges.append(open_merges[column])
                else:
                    open_merges.pop(column, None)
                    if span > 1:
                        merges.append([r, column, 1, span])
                row.append(cell)
                row.extend([] for _ in range(span - 1))
            rows.append(row)
        merged = sorted({tuple(m) for m in merges if m[2] > 1 or m[3] > 1})
        filled = {c for row in rows for c, cell in enumerate(row) if any(p.text for p in cell)}
        if len(filled) == 1 and min(filled) > 0 and _unruled(element):
            # A table without rules that holds text in one column after empty
            # ones sets the text to the right (a 落款 in the second of two
            # columns): its paragraphs, which printed in ruled boxes beside
            # an empty column. (A one-column table is a box: a cover's.)
            self.reading.items.extend(p for row in rows for cell in row for p in cell if p.text or p.pictures)
            return
        self.reading.items.append(TableItem(rows, merged))

    def _cell(self, tc) -> list[Para]:
        keep = self.reading.items
        self.reading.items = []
        self.body(tc, in_table=True)
        self.release_held()
        cell, self.reading.items = self.reading.items, keep
        out = []
        for item in cell:
            if isinstance(item, TableItem):  # a table in a cell: its text, row by row
                out.extend(p for row in item.rows for c in row for p in c)
            else:
                out.append(item)
        return out

    # -- paragraphs

    def paragraph(self, element, note: bool = False, boxes: list | None = None) -> Para:
        ppr = element.find(w("pPr"))
        sid = _val(ppr.find(w("pStyle"))) if ppr is not None else None
        look = self.styles.look(sid).apply_paragraph(ppr)
        look.style = self.styles.name(sid)
        para = Para([], look)
        para.toc = (style_role(look.style) or ("",))[0] == "toc"
        state = {"boxes": boxes if boxes is not None else [], "looks": []}
        self.runs(element, look, para, state, note)
        para.spans = _tidy(para.spans)
        para.look = _dominant(look, state["looks"])
        if look.num and not note:
            para.number = self.numbering.next(*look.num)
        return para

    def runs(self, parent, look: Look, para: Para, state: dict, note: bool) -> None:
        for child in parent:
            tag = child.tag
            if tag == w("r"):
                self.run(child, look, para, state, note)
            elif tag in (w("ins"), w("moveTo"), w("hyperlink"), w("smartTag"), w("customXml"), w("bdo"), w("dir")):
                self.runs(child, look, para, state, note)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.runs(content, look, para, state, note)
            elif tag == w("fldSimple"):
                instruction = (child.get(w("instr")) or "").strip().split(" ")[0].upper()
                para.page_field = para.page_field or instruction in _PAGE_FIELDS
                if instruction in ("TOC", *_PAGE_FIELDS):
                    continue
                self.runs(child, look, para, state, note)
            elif tag == f"{{{NS['mc']}}}AlternateContent":
                chosen = _choice(child)
                if chosen is not None:
                    self.runs(chosen, look, para, state, note)
            # w:del, w:moveFrom (tracked deletions), comments, bookmarks,
            # proofing marks: nothing to print

    def run(self, run, look: Look, para: Para, state: dict, note: bool) -> None:
        rpr = run.find(w("rPr"))
        rstyle = _val(rpr.find(w("rStyle"))) if rpr is not None else None
        run_look = look
        if rstyle:
            run_look = _merge_char_style(run_look, self.styles, rstyle)
        run_look = run_look.apply_run(rpr)
        fields = self.fields
        for child in run:
            tag = child.tag
            if tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    fields.append({"instr": "", "shown": False})
                elif kind == "separate" and fields:
                    fields[-1]["shown"] = True
                elif kind == "end" and fields:
                    fields.pop()
                continue
            if tag == w("instrText"):
                if fields:
                    fields[-1]["instr"] += child.text or ""
                continue
            # inside a field, only its shown result prints; a TOC's result,
            # page numbers and the like never do
            if fields and (not all(f["shown"] for f in fields) or _hidden_field(fields)):
                if tag == w("t") and _field_kinds(fields) & {"TOC"}:
                    para.toc = True
                elif tag == w("t") and _field_kinds(fields) & _PAGE_FIELDS:
                    para.page_field = True
                continue
            if run_look.vanish:
                continue
            style = _emphasis(run_look, look)
            if tag == w("t") and run_look.underline and (child.text or "") and not (child.text or "").strip(
                    _EDGE_SPACES):
                # A blank to fill in (姓名：______, a test paper's): underlined
                # spaces, which came out as one space with a dot under it
                para.spans.append(Span(_blank_line(child.text)))
                state["looks"].append((run_look, len(_blank_line(child.text))))
            elif tag == w("t"):
                para.spans.append(Span(child.text or "", style))
                state["looks"].append((run_look, len(child.text or "")))
            elif tag in (w("br"), w("cr")):
                if child.get(w("type")) in ("page", "column"):
                    continue  # page breaks: the layout decides where pages end
                para.spans.append(Span("\n"))
            elif tag == w("tab"):
                para.spans.append(Span("\u3000", style))
            elif tag == w("noBreakHyphen"):
                para.spans.append(Span("-", style))
            elif tag == w("sym"):
                para.spans.append(Span(_symbol(child), style))
            elif tag == w("footnoteReference") and not note:
                ref = self.note_ref("footnote", child.get(w("id")))
                if ref:
                    para.spans.append(ref)
            elif tag == w("endnoteReference") and not note:
                ref = self.note_ref("endnote", child.get(w("id")))
                if ref:
                    para.spans.append(ref)
            elif tag == w("drawing"):
                self.drawing(child, para, state)
            elif tag == w("pict") or tag == w("object"):
                self.vml(child, para, state)
            elif tag == f"{{{NS['mc']}}}AlternateContent":
                chosen = _choice(child)
                if chosen is not None:
                    for inner in chosen:
                        if inner.tag == w("drawing"):
                            self.drawing(inner, para, state)
                        elif inner.tag in (w("pict"), w("object")):
                            self.vml(inner, para, state)

    def drawing(self, drawing, para: Para, state: dict) -> None:
        for box in drawing.iter(w("txbxContent")):
            state["boxes"].append(box)
        for blip in drawing.iter(f"{{{NS['a']}}}blip"):
            rid = blip.get(f"{{{R}}}embed") or blip.get(f"{{{R}}}link")
            described = drawing.find(f".//{{{NS['wp']}}}docPr")
            name = described.get("descr") or described.get("name") if described is not None else None
            extent = drawing.find(f".//{{{NS['wp']}}}extent")
            # (EMU: 36,000 a millimetre)
            width = int(extent.get("cx", "0")) / 36000 if extent is not None and extent.get("cx", "").isdigit() else None
            self.picture(rid, para, name, linked=blip.get(f"{{{R}}}embed") is None, width_mm=width or None)

    def vml(self, pict, para: Para, state: dict) -> None:
        for box in pict.iter(w("txbxContent")):
            state["boxes"].append(box)
        for image in pict.iter(f"{{{NS['v']}}}imagedata"):
            self.picture(image.get(f"{{{R}}}id"), para, image.get(f"{{{NS['v']}}}title") or image.get("title"))

    def picture(self, rid: str | None, para: Para, name: str | None, linked: bool = False,
                width_mm: float | None = None) -> None:
        self.reading.picture_count += 1
        number = self.reading.picture_count
        label = name or _("picture {n}").format(n=number)
        if linked or not rid or rid not in self.part.rels or self.part.rels[rid].is_external:
            log.warning(_("{path}: {picture} is linked, not stored in the document; left out").format(
                path=self.path, picture=label))
            return
        image = self.part.rels[rid].target_part
        suffix = PurePosixPath(str(image.partname)).suffix.lower()
        blob = image.blob
        if suffix in (".emf", ".wmf"):
            from publish.sources.office import convert_picture

            blob = convert_picture(blob, suffix, self.path, label)
            if blob is None:
                return
            suffix = ".png"
        if suffix not in (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".svg", ".webp"):
            log.warning(_("{path}: {picture} is in a format that cannot be printed ({suffix}); left out").format(
                path=self.path, picture=label, suffix=suffix))
            return
        stem = re.sub(r"[^\w-]+", "-", self.path.stem).strip("-") or "picture"
        src = f"images/{stem}-{number}{'.jpg' if suffix == '.jpeg' else suffix}"
        para.pictures.append(Figure(src, (), 0, blob, round(width_mm, 1) if width_mm else None))

    def left_out(self, what: str) -> None:
        log.warning(_("{path}: left out {what}").format(path=self.path, what=what))

    def report_headers(self) -> None:
        """Headers, footers and tables of contents are not printed (the
        layout sets its own page numbers, running heads and contents); say
        so when they hold words."""
        if self.toc:
            self.left_out(_("the table of contents (a compilation makes its own)"))
        texts = []
        for rel in self.part.rels.values():
            if rel.reltype.endswith(("/header", "/footer")) and not rel.is_external:
                root = _part_root_of(rel.target_part)
                if root is not None:
                    text = "".join(t.text or "" for t in root.iter(w("t"))).strip()
                    # page numbers (— 1 —, 第1页 共5页) are the layout's to print
                    if re.sub(r"[\d\s—\-－–第页共/]", "", text) and text not in texts:
                        texts.append(text)
        for text in texts:
            self.left_out(_("the page header or footer '{text}'").format(text=printable(text[:40])))
        # Reviewers' comments, and changes still tracked (their insertions
        # printed, their deletions not: as Word shows the final text), said
        # so that no one takes a comment's absence for its loss.
        body = self.part.element
        comments = len(body.findall(f".//{w('commentReference')}"))
        if comments:
            self.left_out(ngettext("{n} comment (批注)", "{n} comments (批注)", comments).format(n=comments))
        tracked = len(body.findall(f".//{w('ins')}")) + len(body.findall(f".//{w('del')}"))
        if tracked:
            log.warning(_("{path}: {n} tracked changes taken as accepted (the text printed is Word's final view)").format(
                path=self.path, n=tracked))


def _cells(tr):
    for child in tr:
        if child.tag == w("tc"):
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            yield from child.iter(w("tc"))


def _part_root_of(part):
    from lxml import etree

    element = getattr(part, "element", None)
    if element is not None:
        return element
    try:
        return etree.fromstring(part.blob)
    except Exception:
        return None


def _choice(alternate):
    """The one branch of ``mc:AlternateContent`` to read: the first Choice
    (Word writes its text boxes there), else the Fallback."""
    mc = NS["mc"]
    choice = alternate.find(f"{{{mc}}}Choice")
    return choice if choice is not None else alternate.find(f"{{{mc}}}Fallback")


def _field_kinds(fields: list) -> set[str]:
    return {(f["instr"].strip().split(" ")[:1] or [""])[0].upper() for f in fields}


# Fields that print the page's number or the count of pages
_PAGE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF"}  # (PAGEREF: 详见第{…}页)
# What a line of page numbering says around them (第 1 页 共 3 页, 本页为第页)
_PAGE_WORDS = re.compile(r"^[第页共本为页码/／\-—－，,.:：\s　]*$")


def _hidden_field(fields: list) -> bool:
    """Fields whose shown result is not text of the article (a table of
    contents, page numbers), also when nested in another field."""
    return bool(_field_kinds(fields) & {"TOC", "PAGE", "NUMPAGES", "SECTIONPAGES", "XE", "TC", "INDEX", "PAGEREF"})


def _mark_deleted(element) -> bool:
    """A paragraph mark deleted with changes tracked (w:pPr/w:rPr/w:del):
    accepted, as the rest of the deletions are, its paragraph runs on into
    the next."""
    return element.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None


def _dominant(look: Look, runs: list[tuple[Look, int]]) -> Look:
    """A paragraph's look as its text shows it: the size and face of most of
    its characters, bold when all of them are."""
    if not runs:
        return look
    sizes: Counter = Counter()
    fonts: Counter = Counter()
    for run, count in runs:
        sizes[run.size] += count
        fonts[run.font] += count
    counted = [(run, count) for run, count in runs if count]
    return replace(look, size=sizes.most_common(1)[0][0], font=fonts.most_common(1)[0][0],
                   bold=bool(counted) and all(run.bold for run, _ in counted))


def _merge_char_style(look: Look, styles: Styles, sid: str) -> Look:
    style = styles.elements.get(sid)
    chain = []
    while style is not None and len(chain) < 10:
        chain.append(style)
        parent = _val(style.find(w("basedOn")))
        style = styles.elements.get(parent) if parent else None
    for style in reversed(chain):
        look = look.apply_run(style.find(w("rPr")))
    return look


def _emphasis(run: Look, paragraph: Look) -> frozenset[str]:
    """Emphasis is what a run has and its paragraph's style does not: a
    paragraph style set in bold is not bold text."""
    style = set()
    if run.bold and not paragraph.bold:
        style.add("strong")
    if (run.italic and not paragraph.italic) or (run.underline and not paragraph.underline):
        style.add("em")
    if run.dot:
        style.add("dot")
    if run.vert and run.vert != paragraph.vert:
        style.add("sup" if run.vert == "superscript" else "sub")
    return frozenset(style)


def _blank_line(spaces: str) -> str:
    """Underlined spaces as the line they draw: full-width low lines as wide
    (a space half an em, an ideographic space or a tab one)."""
    ems = sum(0.5 if ch == " " else 1.0 for ch in spaces)
    return "\uff3f" * max(1, round(ems))


def _symbol(sym) -> str:
    code = sym.get(w("char")) or ""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:  # Symbol and Wingdings fonts map into the private-use area
        value -= 0xF000
        return {0xB7: "·", 0xA7: "§", 0x6C: "●", 0xD8: "➢", 0xFC: "✓", 0x6E: "■", 0x71: "❑"}.get(value, chr(value))
    return chr(value)


def _tidy(spans: list[Span]) -> list[Span]:
    """Neighbouring runs of one style joined; typed indents (U+3000, NBSP,
    spaces) taken off both ends; runs of spaces that aligned text in the
    middle shrunk to one full-width space."""
    merged = [Span(_SPACES.sub(_spaces, s.text), s.style) if "noteref" not in s.style else s
              for s in merge_spans(spans)]
    return _trim(merged)


def _spaces(match: re.Match) -> str:
    """A run of spaces inside a paragraph: one full-width space, but after a
    label's colon the blank a form leaves to fill in (单位（盖章）：　　　　填报人：),
    which kept the width it has (as full-width spaces, two half-width to one)."""
    if match.start() and match.string[match.start() - 1] in "：:":
        run = match.group()
        return "\u3000" * max(1, min(16, run.count("\u3000") + (len(run) - run.count("\u3000")) // 2))
    return "\u3000"


def _trim(spans: list[Span]) -> list[Span]:
    spans = list(spans)
    while spans and (spans[0].text == "\n" or not spans[0].text.strip(_EDGE_SPACES)) and "noteref" not in spans[0].style:
        spans.pop(0)
    while spans and (spans[-1].text == "\n" or not spans[-1].text.strip(_EDGE_SPACES)) and "noteref" not in spans[-1].style:
        spans.pop()
    if spans and "noteref" not in spans[0].style:
        spans[0] = Span(spans[0].text.lstrip(_EDGE_SPACES), spans[0].style)
    if spans and "noteref" not in spans[-1].style:
        spans[-1] = Span(spans[-1].text.rstrip(_EDGE_SPACES), spans[-1].style)
    return spans


# ---------------------------------------------------------------- roles

_TITLE_FONTS = ("小标宋", "标宋", "XBS", "xiaobiaosong", "大标宋", "方正小标宋")
_HEI = ("黑", "hei", "SimHei")
_KAI = ("楷", "kai", "KaiTi")
_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")
# a line of names: people (two to four characters each), or an office
_NAME_LINE = re.compile(r"^(?:[\u4e00-\u9fff·]{2,4}(?:[ \u3000、，,]+[\u4e00-\u9fff·]{2,4}){0,3}|[\u4e00-\u9fff]{1,3}[ \u3000][\u4e00-\u9fff]{1,3}"
                        r"|[\u4e00-\u9fff]{2,16}(?:部|委|局|办|厅|会|处|室|院|校|社|中心|政府|小组|支部))$")
_NOT_NAMES = re.compile(r"记录|目录|说明|附件|摘要|前言|通知|总则|简介|序言|引言|概述|附录|报告|方案|要求|申请")
_JUNK_TITLES = re.compile(r"^(?:microsoft word|word document|无标题|untitled|document|文档|新建|（填写|\(填写|\[|【)", re.I)
# The account a copy of Windows or Office was set up with, which Word
# writes as every new file's author: its default names (微软用户, Windows
# 用户) and those of the "editions" sold with second-hand PCs. Not a byline.
_JUNK_AUTHORS = re.compile(r"^(?:微软用户|微軟用戶|微软中国|windows\s*用户|windows\s*用戶|用户|用戶|管理员|系统管理员|"
                           r"番茄花园|雨林木风|深度技术|深度系统|系统之家|电脑公司|技术员联盟|萝卜家园|中关村|"
                           r"wps|kingsoft|金山|作者|佚名|未知)\d*$", re.I)
_COVER_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月|\d{4}[-./]\d{1,2}[-./]\d{1,2}")
# "目录" above a table of contents
_CONTENTS = re.compile(r"^(?:目\s*录|目\s*錄|contents)$", re.I)
# "附件1": the label an attachment carries above its title
_ATTACHMENT = re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]*\s*[:：]?$")
# what a cover has beside its title: a version, a date, a label with a colon,
# the organisation that issues it
_COVER_LINE = re.compile(r"版本|[Vv]\d|^[（(]?\d{4}\s*年\s*\d{1,2}\s*月|^[（(]?\d{4}[-./]\d|^[\u4e00-\u9fff]{1,4}\s*[:：]"
                         r"|(?:公司|集团|大学|学院|委员会|政府|办公室|办公厅|中心)$")


def _font_class(font: str) -> str:
    lower = font.lower()
    if any(name.lower() in lower for name in _TITLE_FONTS):
        return "title"
    if any(name.lower() in lower for name in _HEI):
        return "hei"
    if any(name.lower() in lower for name in _KAI):
        return "kai"
    return "body"


class Builder:
    """Decides each paragraph's role and builds the Article."""

    def __init__(self, reading: Reading, path: Path):
        self.reading = reading
        self.path = path
        paragraphs = [p for p in reading.items if isinstance(p, Para) and not p.in_table]
        sizes: Counter = Counter()
        fonts: Counter = Counter()
        for p in paragraphs:
            for span in p.spans:
                sizes[p.look.size] += len(span.text)
        self.body_size = sizes.most_common(1)[0][0] if sizes else 10.5
        for p in paragraphs:
            if not self._strong(p):
                fonts[_font_class(p.look.font)] += len(p.text)
        self.body_font = fonts.most_common(1)[0][0] if fonts else "body"
        # Every paragraph in one look (text pasted into Word): its headings,
        # bylines and captions are known by their shape alone, as in plain
        # text (一、总体要求, 文/图 …, 图为……).
        self.uniform = len(paragraphs) >= 3 and len({(p.look.size, _font_class(p.look.font), self._strong(p),
                                                      p.look.style, p.look.outline) for p in paragraphs}) == 1

    def _strong(self, p: Para) -> bool:
        """All of a paragraph's text in bold."""
        text = [s for s in p.spans if s.text.strip() and "noteref" not in s.style]
        return bool(text) and (p.look.bold or all("strong" in s.style for s in text))

    def _set_apart(self, p: Para) -> bool:
        """Set in a face or weight of its own: bold, 黑体 or 楷体 where the
        body is not, or larger than the body."""
        font = _font_class(p.look.font)
        return self._strong(p) or (font in ("hei", "kai", "title") and font != self.body_font) \
            or p.look.size >= self.body_size + 1  # (13 pt to a 12 pt body: a （一） set larger)

    def article(self, title: str | None, author: str | None) -> Article:
        items = self._closed_up(self.reading.items)
        start, meta = self.front(items)
        blocks = meta.pop("pictures", []) + self.blocks(items[start:])
        # (a news page or a WeChat post pasted into Word: its 来源 line, its
        # 责任编辑, 往期推荐 …)
        fields = Article(path=self.path, title="", blocks=(), author=meta.get("author"), date=meta.get("date"),
                         source=meta.get("source"))
        fields, blocks = shapes.without_furniture(blocks, fields, str(self.path))
        meta.update({name: getattr(fields, name) for name in ("author", "date", "source") if getattr(fields, name)})
        blocks = shapes.rank_headings(blocks)
        meta.setdefault("title", None)
        if not meta["title"]:
            meta["title"] = title.strip() if title and title.strip() and not _JUNK_TITLES.match(title.strip()) \
                else None
        if not meta["title"] and blocks and isinstance(blocks[0], (Paragraph, Heading)) \
                and shapes.is_short_line(plain_text(blocks[0].spans)):
            lines = [line.strip() for line in plain_text(blocks[0].spans).split("\n") if line.strip()]
            labels = [line for line in lines if _ATTACHMENT.match(line)]
            meta["title"] = shapes.join_title([line for line in lines if not _ATTACHMENT.match(line)],
                                              runs_on=False) or None
            if labels and meta["title"]:
                meta["subtitle"] = " ".join(labels + ([meta["subtitle"]] if meta.get("subtitle") else []))
            blocks = blocks[1:] if meta["title"] else blocks
        if not meta["title"]:
            meta["title"] = self.path.stem
        # (one character: a surname, as an account is named, not a byline)
        if author and _HAN.search(author) and len(author.strip()) > 1 and not _JUNK_AUTHORS.match(author.strip()) \
                and not meta.get("author"):
            meta["author"] = author.strip()
        blocks = shapes.letter_parts(blocks)
        notes = tuple(Footnote(label, spans) for label, spans in self.reading.notes.items())
        article = Article(path=self.path, title=meta["title"], blocks=tuple(blocks),
                          subtitle=meta.get("subtitle"), author=meta.get("author"),
                          date=meta.get("date"), source=meta.get("source"), notes=notes)
        return _title_notes(article, meta.get("title_spans", ()))

    # -- the front: title, subtitle, masthead

    def front(self, items: list) -> tuple[int, dict]:
        """The paragraphs before the body: the title (the first run of
        centred, large or bold lines with Chinese text; or a Title style),
        what stands around it (subtitle, 版头 and 发文字号 as the source).
        A cover table at the very start counts as such lines."""
        leading: list[tuple[int, Para]] = []
        for index, item in enumerate(items[:40]):
            if leading and _COVER_DATE.search(leading[-1][1].text) and len(leading[-1][1].text) <= 20 \
                    and not (isinstance(item, Para) and shapes.speaker_line(item.text, "")):
                break  # a cover ends with its date (a speech's, with who spoke under it)
            if isinstance(item, TableItem):
                cells = [p for row in item.rows for cell in row for p in cell]
                if index == len(leading) == 0 and all(len(row) <= 1 for row in item.rows) \
                        and all(p.look.jc == "center" for p in cells if p.text):
                    leading.extend((index, p) for p in cells)
                    continue
                break
            if self._front_line(item):
                leading.append((index, item))
                continue
            break
        meta: dict = {}
        if not leading:
            return 0, meta
        titles = [i for i, (_, p) in enumerate(leading) if self._title_like(p)]
        if not titles:
            return 0, meta
        first = titles[0]
        while first > 0 and self._same_title_line(leading[first - 1][1], leading[first][1]):
            first -= 1  # 西安电子科技大学 / 优才海外访学项目实施细则: one title on two lines
        last = first
        while last + 1 < len(leading) and (last + 1 in titles or leading[last][1].text.endswith(("—", "－", "-"))
                                           and not _COVER_LINE.search(leading[last + 1][1].text)):
            last += 1  # a title set on several lines (one ending in a dash runs on)
        title_paras = [p for _, p in leading[first:last + 1]]
        # (a cover table's cells are parts set apart, 第12部分：设计 / 编制说明:
        # Word's title paragraphs are one title wrapped)
        meta["title"] = shapes.join_title([p.text for p in title_paras], runs_on=not any(
            isinstance(items[index], TableItem) for index, _ in leading[first:last + 1]))
        meta["title_spans"] = tuple(s for p in title_paras for s in p.spans if "noteref" in s.style)
        # before the title: a 公文's 版头, 份号, 密级, 发文字号 (its source);
        # after it: 征求意见稿, a date, a subtitle
        source, subtitle = [], []
        for i, (_index, p) in enumerate(leading):
            if first <= i <= last:
                continue
            text = p.text.replace("\n", " ")
            if not re.search(r"\w", text) or _CONTENTS.match(text.strip()):
                continue  # a picture, kept below; the ★ of a 版头's red line; 目　录 over the contents left out
            if _ATTACHMENT.match(text):
                subtitle.insert(0, text)
            elif i < first or shapes.MASTHEAD.search(text) or shapes.DOC_NUMBER.search(text):
                source.append(text)
            elif "author" not in meta and (i == last + 1 and _NAME_LINE.match(text) and not _NOT_NAMES.search(text)
                                           or i > last and shapes.speaker_line(text, meta["title"])):
                meta["author"] = text  # 县委组织部, 张三 李四: who wrote it; 县委书记　李　明: who spoke
            else:
                subtitle.append(text)
        if source:
            meta["source"] = " ".join(source)
        if subtitle:
            meta["subtitle"] = " ".join(subtitle)
        meta["pictures"] = [picture for _, p in leading for picture in p.pictures]
        return leading[-1][0] + 1, meta

    def _front_line(self, p) -> bool:
        if not isinstance(p, Para):
            return False
        if p.pictures:
            return not p.text  # a cover's emblem or logo
        role = style_role(p.look.style)
        if role and role[0] in ("title", "subtitle"):
            return True
        if shapes.speaker_line(p.text, ""):
            return True  # 县委书记　张　三 under a speech's title
        if shapes.numbering_level(p.text) and not (p.look.jc == "center" and shapes.subtitle_line(p.text, True)):
            return False  # 第一章, 一、: the body has begun (not a centred ——在……上的讲话)
        if ((role and role[0] == "heading" and role[1] > 0) or (p.look.outline or 0) > 0) and p.look.jc != "center":
            return False  # a heading; a centred one may be the title (WPS gives titles outline levels too)
        if _ATTACHMENT.match(p.text):
            return True
        return p.look.jc == "center" or p.boxed or bool(shapes.DOC_NUMBER.search(p.text) and len(p.text) < 30)

    def _same_title_line(self, before: Para, title: Para) -> bool:
        text = before.text
        return bool(text) and before.look.jc == title.look.jc == "center" and before.look.size == title.look.size \
            and before.look.font == title.look.font and len(_HAN.findall(text)) >= 2 and not (
                shapes.MASTHEAD.search(text) or shapes.DOC_NUMBER.search(text) or _ATTACHMENT.match(text)
                or shapes.SECRECY.match(text))

    def _title_like(self, p: Para) -> bool:
        role = style_role(p.look.style)
        if role and role[0] == "title":
            return True
        if role and role[0] == "subtitle":
            return False
        text = p.text
        if shapes.MASTHEAD.search(text) and (p.boxed or p.look.size >= 26) or shapes.DOC_NUMBER.search(text) \
                or _ATTACHMENT.match(text) or _COVER_LINE.search(text) or shapes.SECRECY.match(text):
            return False
        if len(_HAN.findall(text)) < 2 or len(text) > 80 or text.startswith(("（", "(", "——", "—")):
            return False
        return p.look.jc == "center" and (self._big(p) or self._strong(p) or (role and role[0] == "heading"))

    def _big(self, p: Para) -> bool:
        """Set as titles are: large, or in 小标宋."""
        return p.look.size >= max(18.0, self.body_size * 1.3) or _font_class(p.look.font) == "title"

    # -- the body

    def blocks(self, items: list) -> list[Block]:
        if self.reading.toc:  # the heading of the table of contents goes with it
            items = [i for i in items if not (isinstance(i, Para) and _CONTENTS.match(re.sub(r"\s", "", i.text)))]
        out: list[Block] = []
        bullets: list[tuple[str, Para]] = []
        bold_lines: list[tuple[int, float]] = []   # (where in out, size) of unnumbered bold lines

        def flush() -> None:
            if bullets:
                ordered = bullets[0][0] == "ordered"
                items_ = tuple((Paragraph(tuple(p.spans)),) for _, p in bullets)
                out.append(ListBlock(ordered, items_, _first_number(bullets[0][1]) if ordered else 1))
                bullets.clear()

        for item in items:
            if isinstance(item, TableItem):
                flush()
                out.append(self.table(item))
                # pictures in cells (a form's photo) follow the table
                out.extend(picture for row in item.rows for cell in row for p in cell for picture in p.pictures)
                continue
            kind, block = self.block(item, out)
            if kind in ("bullet", "ordered"):
                if bullets and bullets[0][0] != kind:
                    flush()
                bullets.append((kind, item))
            else:
                flush()
                if block is not None:
                    if isinstance(block, Heading) and block.level == 0:
                        bold_lines.append((len(out), item.look.size))
                    out.append(block)
            for picture in item.pictures:
                flush()
                out.append(picture)
        flush()
        out = _ranked_by_size(out, bold_lines)
        # (a paragraph a line: a PDF's text pasted into Word)
        return shapes.attach_captions(shapes.joined_paragraphs(self._without_pdf_furniture(_join_titles(out))))

    def _closed_up(self, items: list) -> list:
        """Paragraphs of a PDF's text pasted with a space after every
        character (为 进 一 步 加 强, see sources/text.py), closed up before
        they are read as title, headings or text, said once; one set in one
        look only (a run of bold in it would be lost)."""
        from publish.sources.text import closed_up_line, spaced_out

        closed = 0
        for item in items:
            if isinstance(item, Para) and item.spans and spaced_out(item.text) \
                    and len({span.style for span in item.spans}) == 1:
                # (a short heading spaced out on purpose with ideographic
                # spaces, 目　录 or 通　知, is closed up too, as the typesetting
                # spaces it: no PDF's text, whose spaces are the narrow ones)
                closed += " " in item.text or len(item.text.replace("\u3000", "")) > 4
                item.spans = [Span(closed_up_line(item.text), item.spans[0].style)]
        if closed:
            log.warning(ngettext("{path}: closed up {n} paragraph copied from a PDF with a space after every character",
                                 "{path}: closed up {n} paragraphs copied from a PDF with a space after every character",
                                 closed).format(path=self.path, n=closed))
        return items

    def _without_pdf_furniture(self, blocks: list[Block]) -> list[Block]:
        """A PDF's text pasted into Word brings the numbers of its pages and
        the running head beside them (江门日报 2025年1月10日) as paragraphs of
        their own, found as in plain text (sources/text.py) and left out
        with a warning, two page numbers at least."""
        from publish.sources.text import page_numbers, running_heads

        plain = [i for i, block in enumerate(blocks) if isinstance(block, Paragraph) and not block.role]
        texts = [plain_text(blocks[i].spans) for i in plain]
        numbers = page_numbers(texts)
        if len(numbers) < 2:
            return blocks
        heads = running_heads(texts, numbers)
        log.warning(_("{path}: left out {count} page numbers of a PDF's page footers, pasted with its text").format(
            path=self.path, count=len(numbers)))
        for text in dict.fromkeys(texts[n - 1].strip() for n in sorted(heads)):
            log.warning(_("{path}: left out '{text}', a PDF's running head on every page, pasted with its text").format(
                path=self.path, text=printable(text)))
        dropped = {plain[n - 1] for n in numbers | heads}
        return [block for i, block in enumerate(blocks) if i not in dropped]

    def block(self, p: Para, before: list[Block]) -> tuple[str, Block | None]:
        spans = list(p.spans)
        number = p.number
        role = style_role(p.look.style)
        if number is not None and number.bullet:
            return "bullet", None
        if number is not None and number.fmt == "decimal" and re.fullmatch(r"\d+\.", number.text) \
                and p.look.outline is None and not (role and role[0] == "heading"):
            return "ordered", None
        if number is not None and number.text:
            spans = [Span(number.text)] + spans
        text = plain_text(tuple(spans)).strip()
        if not text and p.pictures:
            return "", None
        if role and role[0] == "caption":
            return "", Caption(tuple(spans))
        level = None
        if role and role[0] == "heading":
            level = role[1] + 1
        elif role and role[0] in ("title", "subtitle"):
            level = 1
        elif p.look.outline is not None:
            level = p.look.outline + 1
        if level is not None:
            return "", Heading(min(level, 9) * 10, _plain_heading(spans))
        if shapes.is_caption(text) and (p.boxed or p.look.jc == "center" or self.uniform):
            return "", Caption(tuple(spans))
        found = shapes.numbering_level(text)
        if not found and p.look.jc == "center" and shapes.is_short_line(text) and not p.in_table and not p.boxed \
                and self._big(p) and not shapes.is_caption(text) and len(_HAN.findall(text)) >= 2:
            return "", Heading(-1, _plain_heading(spans))  # an attachment's title in the body
        if found and shapes.is_short_line(text) and (self._set_apart(p) or self.uniform) and not self._quotation(p):
            return "", Heading(found, _plain_heading(spans))
        if found is None and shapes.is_short_line(text) and self._strong(p) and p.look.jc != "center" \
                and not p.in_table and not p.boxed and len(text) <= 30 and not shapes.is_caption(text):
            # a bold line on its own, unnumbered: a news article's sub-head
            return "", Heading(0, _plain_heading(spans))
        if shapes.is_byline(text) and (not before or self.uniform):
            return "", Byline(tuple(spans))
        return "", Paragraph(tuple(spans))

    def _quotation(self, p: Para) -> bool:
        """楷体 set apart as a quotation (引文), not a heading."""
        return _font_class(p.look.font) == "kai" and p.text.startswith(("“", "「", "‘"))

    def table(self, item: TableItem) -> Table:
        width = max((len(row) for row in item.rows), default=0)
        rows = []
        for row in item.rows:
            cells = []
            for cell in row + [[]] * (width - len(row)):
                spans: list[Span] = []
                for p in cell:
                    if spans:
                        spans.append(Span("\n"))
                    number = [Span(p.number.text)] if p.number and p.number.text and not p.number.bullet else []
                    spans.extend(number + list(p.spans))
                cells.append(tuple(spans))
            rows.append(tuple(cells))
        # a first row set in bold is the table's head
        head_rows = 1 if len(rows) > 1 and all(
            all(self._strong(p) for p in cell if p.text) and any(p.text for p in cell)
            for cell in item.rows[0] if cell) else 0
        head = tuple(tuple(_plain_heading(list(cell)) for cell in row) for row in rows[:head_rows])
        return Table(head, tuple(rows[head_rows:]), merges=tuple(item.merges))


def _ranked_by_size(blocks: list[Block], bold_lines: list[tuple[int, float]]) -> list[Block]:
    """Unnumbered bold lines (level 0) in a document that has no other
    headings, set in two or three sizes (14 pt sections, 12 pt sub-sections:
    Word files typed without heading styles), ranked by size as style levels
    are (10, 20 …), largest first, and not all on level 1. A size within
    half a point of a larger one is that size's rank."""
    if any(isinstance(b, Heading) and b.level != 0 for b in blocks):
        return blocks
    ranks: list[float] = []
    for size in sorted({size for _, size in bold_lines}, reverse=True):
        if not ranks or ranks[-1] - size >= 0.5:
            ranks.append(size)
    if len(ranks) < 2:
        return blocks
    out = list(blocks)
    for at, size in bold_lines:
        rank = next(i for i, ranked in enumerate(ranks) if ranked - size < 0.5)
        out[at] = replace(out[at], level=10 * (rank + 1))
    return out


def _join_titles(blocks: list[Block]) -> list[Block]:
    """Titles inside the body (an attachment's, marked -1 while reading),
    set on several lines, as one level-1 heading each."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level == -1 and out and isinstance(out[-1], Heading) \
                and out[-1].level == -1:
            out[-1] = Heading(-1, (Span(shapes.join_title([plain_text(out[-1].spans), plain_text(block.spans)])),))
        else:
            out.append(block)
    return [replace(b, level=1) if isinstance(b, Heading) and b.level == -1 else b for b in out]


def _first_number(p: Para) -> int:
    match = re.match(r"\d+", p.number.text if p.number else "")
    return int(match.group()) if match else 1


def _plain_heading(spans: list[Span]) -> Inline:
    """A heading's text: its face is the heading's, so bold runs are not
    emphasis there."""
    return tuple(Span(s.text, s.style - {"strong"}) if "noteref" not in s.style else s for s in spans)


def _title_notes(article: Article, refs: tuple[Span, ...]) -> Article:
    """A note on the title (作者简介, 基金项目) is referenced from the first
    paragraph, since a title is plain text here; notes are numbered again
    in the order their references now stand."""
    blocks = list(article.blocks)
    if refs:
        for i, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                blocks[i] = replace(block, spans=tuple(refs) + block.spans)
                break
        else:
            blocks.append(Paragraph(tuple(refs)))
    order = {}
    for label, _line in note_refs(tuple(blocks)):
        order.setdefault(label, str(len(order) + 1))
    if list(order.items()) == [(k, k) for k in order] and len(order) == len(article.notes):
        return replace(article, blocks=tuple(blocks))
    blocks = map_spans(tuple(blocks), lambda s: Span(order.get(s.text, s.text), s.style)
                       if "noteref" in s.style else s)
    notes = tuple(sorted((replace(n, label=order[n.label]) for n in article.notes if n.label in order),
                         key=lambda n: int(n.label)))
    return replace(article, blocks=blocks, notes=notes)
