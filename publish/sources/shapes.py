"""The shapes Chinese office and news text takes, shared by every reader.

Plain text, Word documents and saved web pages carry their structure in the
same conventions: 一、 / （一） / 1． / （1） numbering for headings, ``文/图 …``
bylines, ``图为……（……摄）`` captions, and the furniture a news site wraps an
article in (来源, 责任编辑, 分享到). Each reader asks here instead of guessing on
its own, so a heading that one reader recognises the others recognise too.
Pure functions of strings and blocks.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, replace

from publish.i18n import _, printable
from publish.model import (
    Article, Block, BlockQuote, Caption, Figure, Heading, Inline, ListBlock, Paragraph, Span, Table, iter_blocks,
    merge_spans, plain_text, split_lines,
)

log = logging.getLogger(__name__)

# (with the 大写 numerals of Word's 壹、贰、 numbering, simplified and traditional)
NUMERALS = "一二三四五六七八九十百零〇壹贰叁肆伍陆柒捌玖拾佰貳參陸"
# Headings are short and do not end like a sentence; a paragraph that happens
# to begin with "一、" runs on for many characters and ends with 。
MAX_HEADING = 40
SENTENCE_END = ("。", "！", "？", "；", "…", "!", "?", ";", "．")
# A closing quote or bracket ends a sentence only after one of those (。”
# does; the ” of “四讲” in mid-sentence does not).
CLOSERS = "”’」』）)"
# What never begins a line of Chinese text (clreq: 行首禁则): a line that
# begins so goes on from the line before.
NOT_FIRST = "，。、；：？！）」』”’,.;:?!)"

# Level 1 一、 (and the letter sections and chapters news and reports use),
# 2 （一） (and the —— sub-heads of news features), 3 1． and 4 （1） (GB/T 9704).
_LEVELS = (
    (1, re.compile(rf"^(?:[{NUMERALS}]+[、．.](?!\d)|第[{NUMERALS}\d]+[章节部分篇]|[A-Z][ \u3000]+(?=\S))")),
    (2, re.compile(rf"^(?:[（(][{NUMERALS}]+[）)]|——(?=\S)|第[{NUMERALS}\d]+条[ \u3000]*\S|[㈠-㈩])")),
    (3, re.compile(r"^(?:\d{1,2}[．.、](?!\d)|[⒈-⒛])")),
    (4, re.compile(r"^(?:[（(]\d{1,2}[）)]|\d{1,2}[）)]|[①-⑳]|[⑴-⒇])")),
)
BYLINE = re.compile(r"^(?:文/|文／|图/|图／|文图/|文\s*\|\s*|记者[ \u3000]|本报记者|通讯员[ \u3000]|作者[:： \u3000])"
                    r"|^(?:本报|本刊|本台|人民日报|新华社|光明日报|经济日报)(?:特约)?评论员$")
# (a news photo's caption may lead with a line of its own: 深化党建引领基层治理。图为……)
CAPTION = re.compile(r"^(?:图为|图：|图:|↑)|↑|^图\d+[ \u3000：:]|^[^。！？]{2,30}[。！ \u3000]图为|（[^（）]{0,30}摄）$"
                     r"|\([^()]{0,30}摄\)$|[ \u3000]摄$")


def numbering_level(text: str) -> int | None:
    """The heading level a line's leading number stands for (1 for 一、, 2 for
    （一）, 3 for 1．, 4 for （1）), or None when it starts with none."""
    for level, pattern in _LEVELS:
        if pattern.match(text):
            return level
    return None


def is_short_line(text: str) -> bool:
    """Short enough for a heading and not ending like a sentence."""
    text = text.strip()
    return 0 < len(text) <= MAX_HEADING and not text.endswith(("。", "；", "，", "：", ";", ",", ":"))


def heading_level(text: str) -> int | None:
    """The level of a line that reads as a heading from its text alone."""
    return numbering_level(text.strip()) if is_short_line(text) else None


def is_byline(text: str) -> bool:
    return bool(BYLINE.match(text.strip())) and len(text.strip()) <= MAX_HEADING


def is_caption(text: str) -> bool:
    text = text.strip()
    return bool(CAPTION.search(text)) and len(text) <= 200


def ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(CLOSERS).endswith(SENTENCE_END)


# How a paragraph of running text may end: a sentence's mark, a closing
# quote or bracket, a colon before what follows, a dash or an ellipsis.
_PARAGRAPH_ENDS = tuple("。！？；：…—”’」』）》】.!?;:)\"'")


# A quotation's attribution after its last sentence (……使力量倍增。——习近平;
# ——摘自《人民日报》): the paragraph ends there, on a name.
_ATTRIBUTION = re.compile(r"[。！？…”’」』）》]\s*(?:——|－－|--)[^。！？，；：]{1,30}$")


def cut_off(text: str) -> bool:
    """A paragraph of running text (sentences: a comma or a full stop in
    it, twenty characters or more) that ends on a character, without a
    mark: most often the teaser a news page shows above an article, copied
    as it stood, cut off in mid-word (…江门坚持全面贯彻落实习近平总). Not a
    notice's line of a field and its value (参加人员：各党支部书记、委员，
    机关全体党员), which ends without one."""
    text = text.rstrip()
    field = "：" in text and "。" not in text
    return len(text) >= 20 and bool(re.search("[，。；！？]", text)) and not text.endswith(_PARAGRAPH_ENDS) \
        and text[-1].isalnum() and not field and not _ATTRIBUTION.search(text)  # (a Han character is alphanumeric)


def cut_off_paragraphs(blocks) -> list[tuple[Paragraph, str]]:
    """The paragraphs of running text ``cut_off`` holds to be cut off, with
    their text."""
    return [(block, text) for block in iter_blocks(blocks)
            if type(block) is Paragraph and not block.role and cut_off(text := plain_text(block.spans).rstrip())]


def lone_captions(blocks) -> list[tuple[Caption, str]]:
    """The photo captions that stand alone (``Caption``: news text copied
    without its photos, 图为……), with their text: each prints as a line
    among the paragraphs, about a photo the handout does not show; the
    text as a message shows it (its first twelve characters and …, if
    longer). Not one right under a picture that has a caption already (a
    Markdown picture's own words, then 图为……): its photo is there."""
    found, before = [], None
    for block in iter_blocks(blocks):
        if type(block) is Caption and not isinstance(before, Figure):
            text = plain_text(block.spans).strip()
            found.append((block, text if len(text) <= 14 else text[:12] + "…"))
        before = block
    return found


def goes_on(line: str) -> bool:
    """A line of wrapped text that begins as no paragraph does (，。、 …):
    the rest of the line before it."""
    first = line.lstrip()[:1]
    return bool(first) and first in NOT_FIRST


# ---------------------------------------------------------------- hard wraps

def width(text: str) -> int:
    """Display width: Han characters and full-width marks count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def full_lines(lines: list[str], evident: bool = False) -> set[int] | None:
    """Of text hard-wrapped at a fixed width (copied from a PDF or an
    e-mail: most lines about as wide as the widest, ending mid-sentence),
    the indices of the lines as wide as the text; None if the lines are
    not such text (four or more lines, 20 characters wide or more).
    ``evident``: only where there is no doubt (a Word file's paragraphs,
    which are paragraphs as a rule): eight lines or more, at least 40
    characters wide, half of them as wide as that and ending mid-sentence."""
    if len(lines) < (8 if evident else 4):
        return None
    widths = [width(line) for line in lines]
    ordered = sorted(widths)
    measure = ordered[int(len(ordered) * 0.9) - (len(ordered) >= 10)]
    # (a line well wider than the others, a title above the text, is not one of them)
    full = {i for i, w in enumerate(widths) if 0.85 * measure <= w <= 1.25 * measure}
    open_ended = sum(1 for i in full if not ends_sentence(lines[i]))
    if evident:
        return full if measure >= 40 and open_ended >= len(lines) / 2 else None
    return full if measure >= 20 and open_ended >= max(2, len(lines) // 4) else None


def join_lines(before: str, after: str) -> str:
    """Two lines of a paragraph broken by a hard wrap, as one: Chinese is
    written without spaces; Latin words keep theirs. A number in Chinese
    text broken by the wrap (开展宣讲活动80 | 0多场次: a PDF's lines end
    anywhere) is one number again."""
    return before + _joint(before, after) + after


def _joint(before: str, after: str) -> str:
    if before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() and after[:1].isalnum():
        if before[-1].isdigit() and after[0].isdigit():
            lead = before.rstrip("0123456789.,")
            if not lead or not lead[-1].isascii():
                return ""
        return " "
    return ""


def joined_paragraphs(blocks: list[Block]) -> list[Block]:
    """A document whose paragraphs are the lines of a PDF (its text pasted
    into Word, a paragraph a line): the lines of each paragraph joined. A
    paragraph ends at a line well short of the width, at one that ends a
    sentence, and before anything but plain text (a heading, a table). The
    first block, a title where the document has no other, stays alone."""
    def text_line(block) -> bool:  # (a caption's line too: it was read as one before it was joined)
        return isinstance(block, Paragraph) and not block.role or isinstance(block, Caption)

    plain = [i for i, block in enumerate(blocks) if text_line(block)]
    full = full_lines([plain_text(blocks[i].spans).strip() for i in plain], evident=True)
    if full is None:
        return blocks
    full = {plain[i] for i in full}
    out: list[Block] = []
    for i, block in enumerate(blocks):
        previous = blocks[i - 1] if i else None
        # (never onto the first: a document's title, as a line of its own)
        if i > 1 and isinstance(block, Paragraph) and not block.role and text_line(previous) and (
                i - 1 in full and not ends_sentence(plain_text(previous.spans)) or goes_on(plain_text(block.spans))):
            text = plain_text(block.spans)
            if goes_on(text) or not (heading_level(text) or is_caption(text) or furniture(text)):
                joint = _joint(plain_text(out[-1].spans).rstrip(), text.lstrip())
                out[-1] = replace(out[-1], spans=merge_spans((*out[-1].spans, *((Span(joint),) if joint else ()),
                                                              *block.spans)))
                continue
        out.append(block)
    return out


# ---------------------------------------------------------------- furniture

@dataclass(frozen=True)
class Furniture:
    """What a line of a news page's furniture is: ``meta`` (fields for the
    article: source, author, date, editor), ``drop`` (share buttons, print
    links), ``editor_note`` (编者按, with ``text`` the note itself)."""

    kind: str
    fields: tuple[tuple[str, str], ...] = ()
    text: str = ""


_FIELD_NAMES = {"来源": "source", "稿源": "source", "出处": "source", "供稿": "source", "作者": "author",
                "文字": "author", "编辑": "editor", "责任编辑": "editor", "责编": "editor", "审核": "editor",
                "校对": "editor", "初审": "editor", "二审": "editor", "三审": "editor", "复审": "editor",
                "终审": "editor", "审校": "editor", "审稿": "editor", "监制": "editor", "统筹": "editor",
                "策划": "editor", "排版": "editor", "美编": "editor", "图片": "editor", "摄影": "editor",
                "發布時間": "date", "发布时间": "date", "时间": "date", "日期": "date", "來源": "source",
                "責任編輯": "editor", "編輯": "editor", "審核": "editor", "浏览次数": "views", "阅读次数": "views",
                "点击数": "views", "访问量": "views", "浏览量": "views", "阅读量": "views"}
_NAMES = "|".join(sorted(_FIELD_NAMES, key=len, reverse=True))
_FIELD = re.compile(r"^(%s)[ \u3000]*[:：][ \u3000]*(.+)$" % _NAMES)
# A WeChat account writes its credits with a bar (编辑 | 张三, 审核丨李四: 丨
# is the character gun, looking like one): read as a colon.
_BAR = re.compile(r"(?<![^\s|｜丨（(【\[])(%s)[ \u3000]*[|｜丨][ \u3000]*(?=\S)" % _NAMES)
# Where a furniture line splits into its fields: bars, brackets, wide gaps,
# and a space before the next field's name or a date (来源：江门日报　2024-03-05).
_CHUNKS = re.compile(r"[|｜丨（）()【】\[\]]|[ \u3000]{2,}|[ \u3000]+(?=(?:%s)[ \u3000]*[:：]|\d{4}\s*[-年/.]\s*\d)"
                     % "|".join(_FIELD_NAMES))
_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
_SENTENCE = re.compile("[。；！？]")
DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
_DROP = re.compile(r"^(?:分享到|分享至|扫一扫|扫描二维码|掃一掃|微信扫一扫|打印本页|【打印】|【关闭】|【關閉】|关闭窗口|字号[:：]|"
                   r"【字号|【字體|返回顶部|上一篇|下一篇|相关新闻|相关阅读|相關新聞|责任编辑[:：]|（责任编辑|\(责任编辑|"
                   r"\[责任编辑|【责任编辑|（編輯|（编辑|\(编辑|【纠错】|点击查看|网友评论|我要评论|"
                   # a government site's: 当前位置：首页 > 工作动态, 【字体：大 中 小】, [打印本页] [关闭窗口]
                   r"当前位置[:：]|(?:您|你)(?:当前|现在)?(?:所在)?的位置[:：]|字体[:：]|【字体|[【\[](?:打印|关闭|關閉)|"
                   r"(?:浏览|阅读|点击|访问)(?:次数|量|数)[:：]?\s*\d)")
# What a WeChat account (公众号) prints around every article: its end mark,
# its other articles, the calls to follow, share and like. Short lines that
# start so: 关注 or 二维码 inside a sentence of the article is text.
_NEW_MEDIA = re.compile(r"^[-—–=·\s（）()【】]*(?:END|完|结束)[-—–=·\s（）()【】]*$|^(?:延伸阅读|推荐阅读)[:：\s]*$|"
                        r"^(?:长按|扫码|扫描(?:下方)?二维码|识别二维码)|"
                        r"^(?:点击|戳)(?:下方)?[“\"「]?(?:阅读原文|在看|关注)|^(?:喜欢就|记得)?点(?:个|亮)[“\"「]?在看|"
                        r"^[↑☝👆]?(?:点击|戳)(?:(?:上方|下方|蓝字)[^。！？]{0,14}关注|[^。！？]{0,14}关注(?:我们|本号|公众号))"
                        r"(?:我们|本号|公众号|吧)?[！!~～。]*$|"
                        r"^分享[、，,]?点赞|^(?:关注|欢迎关注)(?:我们|本号|公众号)[。！!]?$", re.IGNORECASE)
# The heading of the list of its other articles an account prints under
# each one (titles, a line each, with their covers): the list goes with it
# (``listed``).
_MORE = re.compile(r"^(?:往期推荐|往期回顾|往期精彩|精彩推荐|热文推荐|猜你喜欢|相关新闻|相關新聞|相关稿件|相关文章|相关链接|相关报道|"
                   r"相關稿件|相關文章|相關鏈接|相關報道)"
                   r"[:：\s]*$")
# The page links under an article a site splits: 上一页 1 2 3 下一页, 共2页 下一页.
_PAGER = re.compile(r"(?=.*(?:上一?[页頁]|下一?[页頁]))(?:共[ \u3000]*\d{1,2}[ \u3000]*[页頁][ \u3000，,]*)?"
                    r"(?:(?:首[页頁]|上一?[页頁]|下一?[页頁]|尾[页頁]|\d{1,2}|\[\d{1,2}\])[ \u3000|｜]*)+")
_EDITOR_NOTE = re.compile(r"^(?:【编者按】|【編者按】|编者按[:：]|編者按[:：]|〔编者按〕|\[编者按\])[ \u3000]*")


def furniture(line: str) -> Furniture | None:
    """The furniture a line of a news page is, or None when it is text."""
    text = line.strip(" \t\u3000")
    if not text or len(text) > 120:
        return None
    note = _EDITOR_NOTE.match(text)
    if note:
        return Furniture("editor_note", text=text[note.end():])
    fields = _fields(text)
    if fields:
        return Furniture("meta", fields)
    if _MORE.match(text):
        return Furniture("more")
    if _DROP.match(text) or len(text) <= 30 and _NEW_MEDIA.search(text) or _PAGER.fullmatch(text):
        return Furniture("drop")
    return None


def listed(block: Block) -> bool:
    """``block`` can be a line of the list under a ``more`` heading: a
    title (short, with no full stop), a list of them, or a cover picture.
    The list ends at the first block that is not (a paragraph of text)."""
    if isinstance(block, Figure):
        return True
    if isinstance(block, ListBlock):
        return all(listed(item) for blocks in block.items for item in blocks)
    text = plain_text(getattr(block, "spans", ())).strip(" \t\u3000")
    return bool(text) and len(text) <= 40 and "。" not in text


class OtherArticles:
    """Where a reader stands towards the list of other articles an account
    prints under 往期推荐 (a ``more`` heading), block by block: ``takes``
    says a block is one of its titles or covers (to be left out), ``after``
    hears what the block just read was (its furniture; None for text, which
    ends the list)."""

    def __init__(self) -> None:
        self.on = False

    def takes(self, block: Block) -> bool:
        return self.on and listed(block)

    def after(self, found: Furniture | None) -> None:
        self.on = found is not None and (self.on or found.kind == "more")


# The buttons a site prints in its 来源 line (【字体：大 中 小】, 打印,
# 分享到：微信 微博): not the source's name.
_WIDGETS = re.compile(r"(?:字号|字號|字体|字體)[ \u3000]*[:：]?[ \u3000]*(?:[大中小][ \u3000]*){2,3}"
                      r"|分享到?[ \u3000]*[:：]?(?:[ \u3000]*(?:微信|微博|朋友圈|QQ空间|QQ|新浪微博|腾讯微博|人民微博|豆瓣))+"
                      r"|(?:^|(?<=[\s【\[]))(?:打印本页|打印|关闭窗口|关闭|關閉|收藏本页|收藏|我要纠错|纠错)(?=[\s】\]]|$)")
# A source with its date run on (人民日报2024年05月06日 08:30).
_DATED = re.compile(r"(?<=[^\d\s])[ \u3000]*(\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?)"
                    r"(?:[ \u3000]*\d{1,2}:\d{2}(?::\d{2})?)?$")


def _fields(text: str) -> tuple[tuple[str, str], ...]:
    """The fields of a line made of nothing but ``来源：…``, ``作者：…`` and
    dates (and a site's buttons), or () when anything else stands in it."""
    fields: list[tuple[str, str]] = []
    for chunk in _CHUNKS.split(_BAR.sub(r"\1：", _WIDGETS.sub(" ", text))):
        chunk = chunk.strip(" \t\u3000")
        if not chunk or _TIME.match(chunk):
            continue
        field = _FIELD.match(chunk)
        date = DATE.fullmatch(re.sub(r"\s*\d{1,2}:\d{2}(?::\d{2})?$", "", chunk))
        if field and _SENTENCE.search(field.group(2)):
            return ()  # 二审：维持原判。 is the article's
        if field and (dated := _DATED.search(field.group(2))) and DATE.fullmatch(dated.group(1)):
            fields += [(_FIELD_NAMES[field.group(1)], field.group(2)[:dated.start()].strip()),
                       ("date", iso_date(DATE.fullmatch(dated.group(1))))]
        elif field and _FIELD_NAMES[field.group(1)] == "date" and (date := DATE.match(field.group(2).strip())):
            fields.append(("date", iso_date(date)))  # 发布时间：2024-05-08 09:30:12
        elif field:
            fields.append((_FIELD_NAMES[field.group(1)], field.group(2).strip()))
        elif date:
            fields.append(("date", iso_date(date)))
        else:
            return ()
    return tuple(fields) if any(name != "date" for name, _ in fields) else ()


def iso_date(match: re.Match) -> str:
    year, month, day = match.groups()
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def date_line(text: str) -> str | None:
    """An ISO date when a line is nothing but a date (and a time of day)."""
    text = text.strip(" \t\u3000")
    match = DATE.fullmatch(re.sub(r"\s*\d{1,2}:\d{2}(?::\d{2})?\s*$", "", text))
    return iso_date(match) if match else None


# ---------------------------------------------------------------- blocks

def editor_note(text: str, line: int) -> BlockQuote:
    """编者按 as editors print it: the label in bold, the note set apart."""
    return BlockQuote((Paragraph((Span("编者按：", frozenset({"strong"})), Span(text)), line),), line)


def take_fields(article: Article, fields, text: str, where: str) -> Article:
    """来源/作者/日期 of a furniture line into the article where it has none;
    the rest (editors, a second source) is left out with a warning."""
    kept = {}
    for name, value in fields:
        if name in ("source", "author", "date") and not getattr(article, name) and name not in kept:
            kept[name] = value
    # (a value the article has already, from the same line found elsewhere
    # in the page, is printed: not left out)
    left = [value for name, value in fields if kept.get(name) != value
            and (name not in ("source", "author", "date") or getattr(article, name) != value)]
    if left:
        log.warning(_("{where}: left out '{text}' (editors and repeated metadata are not printed)").format(
            where=where, text=printable(text)))
    return replace(article, **kept)


def left_out(where: str, text: str) -> None:
    log.warning(_("{path}: left out web-page furniture '{text}'").format(path=where, text=printable(text or "…")))


def without_furniture(blocks: list[Block], article: Article, where: str,
                      numbered: bool = False) -> tuple[Article, list[Block]]:
    """A news page or a WeChat post pasted into a Word document or a text
    file brings its furniture as paragraphs of their own: 来源/作者/日期
    lines go into ``article``, 编者按 becomes an editor's note, the rest (and
    the list of other articles under 往期推荐) is left out with a warning
    (``where``: the file, with the block's line if ``numbered``).
    A 来源 line after text, when there are several, is an excerpt's own (（来源：
    人民日报） under each piece of a 学习资料汇编) and stays where it stands;
    one alone is the article's, wherever it stands (a notice's, above its
    版记; a news page's, under its title or at its end)."""
    seen: list[tuple[Block, str | None, Furniture | None, bool]] = []  # (block, text, furniture, listed)
    others = OtherArticles()
    for block in blocks:
        text = plain_text(block.spans) if isinstance(block, Paragraph) and not block.role else None
        if (text is not None or isinstance(block, Figure)) and others.takes(block):
            seen.append((block, text, None, True))
            continue
        found = furniture(text) if text is not None else None
        others.after(found)
        seen.append((block, text, found, False))
    excerpts = _excerpt_sources(seen)
    out: list[Block] = []
    for i, (block, text, found, gone) in enumerate(seen):
        # (what stands before it: nothing, or the title a Word file without
        # styles gives as its first line)
        top = _at_top(out)
        at = f"{where}:{block.line}" if numbered and getattr(block, "line", None) else where
        if gone:
            left_out(at, text or block.src)
        elif found is None:
            out.append(block)
        elif i in excerpts and not top:
            out.append(replace(block, role="source"))  # (set as the article's own source line is)
        elif found.kind == "meta":
            article = take_fields(article, found.fields, text, at)
        elif found.kind == "editor_note":
            out.append(editor_note(found.text, block.line))
        else:
            left_out(at, text)
    return article, out


def _at_top(before: list[Block]) -> bool:
    """Nothing stands before, or only the title a Word file without styles
    gives as its first line."""
    return not before or len(before) == 1 and isinstance(before[0], (Paragraph, Heading)) \
        and is_short_line(plain_text(before[0].spans))


def excerpt_source_lines(blocks: list[Block]) -> list[Block]:
    """``blocks`` with the 来源 line under each piece of a compilation of
    excerpts marked as such (role "source", as ``without_furniture`` marks
    them): for Markdown, whose other furniture is its own markup (front
    matter), and which ``publish import`` writes such lines into as
    paragraphs."""
    seen = [(block, None, furniture(plain_text(block.spans)) if type(block) is Paragraph and not block.role else None,
             False) for block in blocks]
    excerpts = _excerpt_sources(seen)
    return [replace(block, role="source") if i in excerpts else block for i, block in enumerate(blocks)]


def _excerpt_sources(seen: list) -> set[int]:
    """Where the 来源 lines that stand after text are (not under a title
    line alone), if there are two or more: (block, text, furniture, listed)
    -> their indexes."""
    found_at = []
    texts: list[Block] = []
    for i, (block, _text, found, gone) in enumerate(seen):
        if found is None and not gone:
            texts.append(block)
        elif found is not None and found.kind == "meta" and any(name == "source" for name, _ in found.fields):
            if not _at_top(texts):
                found_at.append(i)
    return set(found_at) if len(found_at) >= 2 else set()


def rank_headings(blocks: list[Block]) -> list[Block]:
    """Heading levels from three sources onto one scale: a number's shape
    gives 1–4 (一、 … （1）), a style or outline level gives 10, 20 …
    (marked ×10 while reading), an unnumbered bold line 0. Style levels
    become their rank among those in use, numbers keep theirs, and a bold
    line takes the level below the last heading (1 if none came before);
    then levels no heading uses are closed up."""
    outline = sorted({b.level for b in blocks if isinstance(b, Heading) and b.level >= 10})
    rank = {level: i + 1 for i, level in enumerate(outline)}
    out: list[Block] = []
    last = 0
    for block in blocks:
        if isinstance(block, Heading):
            if block.level >= 10:
                level = rank[block.level]
            elif block.level == 0:
                level = min(last + 1, 4) if last else 1
            else:
                level = block.level
            level = min(level, 4)
            if block.level != 0:
                last = level
            block = replace(block, level=level)
        out.append(block)
    # levels a document skips close up: 一、 then 1． are levels 1 and 2
    used = sorted({b.level for b in out if isinstance(b, Heading)})
    close = {level: i + 1 for i, level in enumerate(used)}
    return [replace(b, level=close[b.level]) if isinstance(b, Heading) else b for b in out]


def attach_captions(blocks: list[Block]) -> list[Block]:
    """A caption right after a picture (a Caption block, 图为……（……摄）, 图1 …)
    becomes the picture's caption."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, (Caption, Paragraph)) and out and isinstance(out[-1], Figure) and not out[-1].caption:
            text = plain_text(block.spans)
            if isinstance(block, Caption) or is_caption(text) or re.match(r"^图\s*\d", text):
                out[-1] = replace(out[-1], caption=block.spans)
                continue
        out.append(block)
    return out


# A 公文's or a letter's own lines (GB/T 9704-2012 7.3.3, 7.3.5.2). The
# ---------------------------------------------------------------- a 公文's head

# 版头 (the red masthead) and 发文字号 of a 公文: the document's source, not its title
MASTHEAD = re.compile(r"(?:文件|简报|通报|快报|通讯|情况|专报)$")
DOC_NUMBER = re.compile(r"[〔\[［][\dX]{4}[〕\]］]\s*[\dX]+\s*号")
# 密级 and the like, printed above a title
SECRECY = re.compile(r"^(?:内部资料|内部文件|内部|秘密|机密|绝密|公开|特急|加急|平急)(?:[★☆*]\S*)?$|^[★☆]")


def above_title(text: str) -> bool:
    """A line of plain text a 公文 prints above its title: its 版头
    (中共××市委文件), 发文字号 (×纪发〔2024〕5号), 份号 or 密级. Not a title
    ending in 通报 or 情况 (关于……情况的通报): only 文件 is a 版头 here,
    where no type size tells it."""
    text = text.strip(_BLANKS)
    if not text or len(text) > 30 or re.search(r"[，。；：！？,;:!?]", text):
        return False
    return bool(DOC_NUMBER.search(text) or SECRECY.match(text) or re.fullmatch(r"\d{6}", text)
                or text.endswith("文件") and not text.startswith("关于"))


# What a 公文's title ends with (its 文种), on a line of its own when a PDF
# wrapped it: 关于在全市……开展党纪学习教育 / 的通知.
_DOCUMENT_KINDS = re.compile(r"(?:通知|通报|意见|决定|决议|报告|请示|批复|函|纪要|公告|通告|命令|议案|方案|办法|规定|细则|"
                             r"规则|条例|规划|计划|要点|总结|讲话|发言|倡议书|提纲|清单)$")


def title_goes_on(title: str, line: str) -> bool:
    """``line``, under the first line of a title, is the rest of it (a title
    wrapped where it was copied): a few words that start with a particle
    (的通知, 之研究), or a 文种 under a line starting 关于 or ending 的."""
    title, line = title.strip(_BLANKS), line.strip(_BLANKS)
    if not line or len(line) > 20 or re.search(r"[，。；：！？,;:!?]", line) or re.search(r"[。！？；：:]$", title):
        return False
    return line.startswith(("的", "之")) or bool(
        (title.startswith("关于") or title.endswith("的")) and _DOCUMENT_KINDS.search(line))


def subtitle_line(text: str, next_to_title: bool) -> bool:
    """A line under a title that belongs to it: in brackets ((2024年5月6日),
    (征求意见稿)), or after a dash on the very next line (——在全市……上的
    讲话; a line apart, it is a heading, but for a speech's occasion: a
    speech typed with a blank line after each line)."""
    text = text.strip(_BLANKS)
    dashed = re.fullmatch(r"[—－]{2}[^。！？；]{2,40}", text)
    return bool(_ANNOTATION.fullmatch(text) or dashed and (next_to_title or _SPEECH.search(text)))


# A speaker under a speech's title: 市委书记　张　三 (a name spaced out to
# three characters' width, as 公文 print it).
_SPEAKER = re.compile(r"(?:[\u4e00-\u9fff]{2,14}[ \u3000]+)?[\u4e00-\u9fff](?:[ \u3000]{0,2}[\u4e00-\u9fff]){1,3}")
_SPEECH = re.compile(r"(?:讲话|发言|致辞|讲稿|报告)$")


def speaker_line(text: str, title: str) -> bool:
    """``text``, under ``title``, names who speaks: with a space in it
    (市委书记　张　三), or two to four characters under a speech's title."""
    text = text.strip(_BLANKS)
    if is_caption(text) or is_byline(text):
        return False  # 新华社记者 王五 摄
    return bool(_SPEAKER.fullmatch(text)) and (re.search(r"[ \u3000]", text) is not None
                                                or len(text) <= 4 and bool(_SPEECH.search(title.strip(_BLANKS))))


def join_title(lines: list[str], runs_on: bool = True) -> str:
    """A title set on several lines, as one: Chinese runs on from line to
    line (the title is broken again for its page, between words: a space
    kept where Word's lines ended printed it in three lines, not two), as
    do lines a dash runs on from; other lines join with a space (Latin
    words; ``runs_on`` False: all, the parts of a cover set apart, 第12部分：
    设计 / 编制说明); letter-spaced words (通 知) close up."""
    out = ""
    for line in lines:
        line = line.replace("\n", " ").strip()
        if re.fullmatch(r"(?:[\u4e00-\u9fff][ \u3000]+)+[\u4e00-\u9fff]", line):
            line = re.sub(r"[ \u3000]+", "", line)
        chinese = runs_on and out and line and _CHINESE.match(out[-1]) and _CHINESE.match(line[0])
        if out and line and not out.endswith(("—", "－", "-")) and not chinese:
            out += " "
        out += line
    return out


_CHINESE = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef《》“”‘’]")


# 主送机关, or the salutation of a letter or a speech, is the first line
# under the title: a list of whom it addresses, ending with a colon, that
# says nothing itself (会议强调： is the start of a quotation, not one).
_SALUTATION = re.compile(r"[^。！？；!?;：:]{1,60}[：:]")
_ADDRESSEE = re.compile(r"各|同志|同学|朋友|单位|政府|党委|党组|党工委|支部|部门|委员会|机关|领导|代表|局|厅|委|办|们|尊敬的|先生|女士")
_SAYING = re.compile(r"(?:指出|强调|表示|认为|介绍|提出|要求|宣布|回答|说|讲|道|问|称|如下)[：:]$")
# (a list of names says nothing: 各单位要认真做好以下工作： is a sentence)
# (as words that say something: 主要负责同志, 各申请单位, 各需求单位 and 以下各单位
# are addressees)
_PREDICATE = re.compile(r"应当|应该|必须|务必|做好|现将|进行|认真|切实|及时|抓好|加强|开展"
                        r"|要(?:认真|切实|把|做|抓|加强|坚持|严格|按|及时|高度)|请(?=各|你|您|于|在|按|将)")
# The 落款 at the end: the 成文日期 alone on its line (2024年3月1日, or
# 二〇二四年三月一日; a template's 20XX年XX月XX日), after at most two lines
# of names (the 发文机关署名: short, unpunctuated), before at most an 附注
# in brackets and the 版记 (抄送 …, … 印发: lines or a table).
_SIGNED_DATE = re.compile(r"[\dX]{4}[ \u3000]*年[ \u3000]*[\dX]{1,2}[ \u3000]*月[ \u3000]*[\dX]{1,2}[ \u3000]*日"
                          r"|[〇○零一二三四五六七八九]{4}年(?:十[一二]?|[一二三四五六七八九])月"
                          r"(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日")
# (×× and ○○ too: case materials print names so on purpose, 中共××县委)
_SIGNATORY = re.compile(r"[\u4e00-\u9fffX×○（）()·][\u4e00-\u9fffX×○（）()· \u3000]{1,25}")
_ANNOTATION = re.compile(r"[（(][^（）()]{1,40}[）)]")
_RECORD = re.compile(r"^抄送|^抄报|印发$")
# The 附件说明 under the text (7.3.4): 附件： and the name of each
# attachment, numbered where there are several (附件：1．…, the others on
# the lines under it: 2．…), a name ending without punctuation.
ATTACHMENTS = re.compile(r"附件[ \u3000]*[：:][ \u3000]*")
ATTACHMENT_NUMBER = re.compile(r"(\d{1,2})[ \u3000]*[．.、][ \u3000]*")
_BLANKS = " \u3000\t"


def is_salutation(text: str) -> bool:
    """A 主送机关 or a salutation (各镇人民政府，市直各单位：, 同志们：)."""
    text = text.strip(" \u3000")
    # (each of its parts names someone: 经研究，决定表彰以下同志为…： is a sentence)
    return bool(_SALUTATION.fullmatch(text) and not _SAYING.search(text) and not _PREDICATE.search(text)
                and all(_ADDRESSEE.search(part) for part in re.split(r"[，,；;]", text[:-1])))


def letter_parts(blocks: list[Block]) -> list[Block]:
    """The salutation under the title and the 落款 at the end of a 公文 or a
    letter marked as such (``Paragraph.role``), for every reader alike:
    the lines of the 落款, in one paragraph or several, become one."""
    out = _attachment_note(list(blocks))
    if out and type(out[0]) is Paragraph and not out[0].role and is_salutation(plain_text(out[0].spans)):
        out[0] = replace(out[0], role="salutation")
    # The attachments a 附件说明 names, after the 落款, each under its label
    # (附件1, on a page of its own: GB/T 9704 8.?): the 落款 is the main
    # text's end, and the 版记 the whole's.
    noted = next((i for i, block in enumerate(out) if type(block) is Paragraph and block.role == "attachments"), None)
    label = next((i for i in range(noted + 2, len(out)) if type(out[i]) in (Paragraph, Heading)
                  and ANNEX_LABEL.fullmatch(plain_text(out[i].spans).strip(_BLANKS))), None) if noted is not None else None
    if label is not None:
        end = len(out)
        while end > label + 1 and len(out) - end < 3 and _after_signature(out[end - 1]):
            end -= 1
        annexes = [Paragraph(b.spans, b.line, role="annex") if i == label or type(b) in (Paragraph, Heading)
                   and ANNEX_LABEL.fullmatch(plain_text(b.spans).strip(_BLANKS)) else b
                   for i, b in enumerate(out[label:end], start=label)]
        # (its title, a short line under the label: a heading is set so too)
        annexes = [replace(b, role="annex-title") if type(b) is Paragraph and not b.role and n
                   and annexes[n - 1].role == "annex" and is_short_line(plain_text(b.spans))
                   and not ends_sentence(plain_text(b.spans)) else b for n, b in enumerate(annexes)]
        return [*_signed(out[:label]), *annexes, *_record(out[end:])]
    return _signed(out)


# An attachment's label above it: 附件1, 附件 2, 附件二, 附件.
ANNEX_LABEL = re.compile(r"附件[ \u3000]*(?:\d{1,2}|[一二三四五六七八九十]{1,3})?")


def _signed(out: list[Block]) -> list[Block]:
    """``out`` with its 落款 (and what follows it, the 附注 and the 版记) found."""
    end = len(out)
    while end > 2 and len(out) - end < 3 and _after_signature(out[end - 1]):
        end -= 1
    if end < 2 or type(out[end - 1]) is not Paragraph or out[end - 1].role:
        return out
    *names, date = split_lines(out[end - 1].spans)
    if not _SIGNED_DATE.fullmatch(plain_text(date).strip(" \u3000")) \
            or not all(_SIGNATORY.fullmatch(plain_text(name).strip(" \u3000")) for name in names):
        return out
    out[end:] = _record(out[end:])
    start = end - 1
    while len(names) < 2 and start > 1 and type(out[start - 1]) is Paragraph and not out[start - 1].role \
            and "\n" not in (span.text for span in out[start - 1].spans) \
            and _SIGNATORY.fullmatch(plain_text(out[start - 1].spans).strip(" \u3000")):
        start -= 1
        names.insert(0, out[start].spans)
    out[start:end] = [Paragraph(_joined([*names, date], Span("\n")), out[start].line, role="signature")]
    return out


def _attachment_note(blocks: list[Block]) -> list[Block]:
    """The 附件说明, in one paragraph or a paragraph a line, as one paragraph
    of role "attachments", a line an attachment (the blanks that lined the
    names up in a text file left out)."""
    at = next((i for i, block in enumerate(blocks) if i and type(block) is Paragraph and not block.role
               and ATTACHMENTS.match(plain_text(block.spans).lstrip(_BLANKS))), None)
    if at is None:
        return blocks
    lines = [_lstripped(line) for line in split_lines(blocks[at].spans)]
    end = at + 1
    numbered = bool(ATTACHMENT_NUMBER.match(ATTACHMENTS.sub("", plain_text(lines[0]), count=1)))
    while numbered and end < len(blocks) and type(blocks[end]) is Paragraph and not blocks[end].role \
            and ATTACHMENT_NUMBER.match(plain_text(blocks[end].spans).lstrip(_BLANKS)):
        lines += [_lstripped(line) for line in split_lines(blocks[end].spans)]
        end += 1
    texts = [plain_text(line).rstrip(_BLANKS) for line in lines]
    numbers = [ATTACHMENT_NUMBER.match(text) for text in [ATTACHMENTS.sub("", texts[0], count=1), *texts[1:]]]
    counted = all(numbers) and [int(n.group(1)) for n in numbers] == list(range(1, len(lines) + 1))
    if not (counted or len(lines) == 1) or any(len(text) > 60 or ends_sentence(text) for text in texts):
        return blocks
    return [*blocks[:at], Paragraph(_joined(lines, Span("\n")), blocks[at].line, role="attachments"), *blocks[end:]]


def _lstripped(line: Inline) -> Inline:
    spans = list(line)
    while spans and not spans[0].text.lstrip(_BLANKS):
        spans.pop(0)
    if spans:
        spans[0] = replace(spans[0], text=spans[0].text.lstrip(_BLANKS))
    return tuple(spans)


def _record(blocks: list[Block]) -> list[Block]:
    """What follows a 落款: its 附注 as they are, then the lines of its 版记
    (抄送 …, the issuing office and date … 印发; in a table as Word's
    templates keep them, a row a line) as one paragraph, their lines
    joined by "\n" spans (``Paragraph.role`` "record")."""
    kept: list[Block] = []
    lines: list[Inline] = []
    for block in blocks:
        if isinstance(block, Table):
            lines.extend(_joined([cell for cell in row if plain_text(cell).strip(" \u3000")])
                         for row in (*block.head, *block.body))
        elif _RECORD.search(plain_text(block.spans).strip(" \u3000")):
            lines.extend(split_lines(block.spans))
        else:
            kept.append(block)
    lines = [line for line in lines if plain_text(line).strip(" \u3000")]
    if not lines:
        return kept
    return [*kept, Paragraph(_joined(lines, Span("\n")), next(b.line for b in blocks if b not in kept),
                             role="record")]


def _joined(pieces: list[Inline], between: Span = Span("\u3000")) -> Inline:
    spans: list[Span] = []
    for piece in pieces:
        spans.extend((*([between] if spans else []), *piece))
    return tuple(spans)


def _after_signature(block: Block) -> bool:
    """An 附注 (（此件公开发布）) or a line of the 版记 (抄送 …, … 印发)."""
    if type(block) is Paragraph:
        text = plain_text(block.spans).strip(" \u3000")
        return bool(_ANNOTATION.fullmatch(text) or _RECORD.search(text))
    if not isinstance(block, Table):
        return False
    cells = [plain_text(cell).strip(" \u3000") for row in (*block.head, *block.body) for cell in row]
    return any(cells) and all(_RECORD.search(text) for text in cells if text)
