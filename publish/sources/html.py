"""Saved web pages (.html/.htm, with the ``NAME_files/`` folder a browser
saves beside them) -> ``Article``.

trafilatura finds the article in the page (title, date, body) and leaves the
site's navigation, related links and footer out. The news furniture it lets
through (来源, 责任编辑, 分享到, 编者按) goes the way publish.sources.shapes
says, as in plain text; the 来源/作者 line it drops is looked for in the
whole page. Its buttons (an icon, a picture in a line of them) and an
account's QR code (beside its 长按识别二维码) go as furniture too.
Pictures come from the saved folder only: the network is never touched,
and a picture that stayed on the web is left out with a warning naming it.
"""

from __future__ import annotations

import base64
import binascii
import html
import logging
import re
from copy import deepcopy
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from publish.errors import SourceError
from publish.i18n import _, ngettext
from publish.model import (
    Article, Block, BlockQuote, Byline, Caption, Figure, Heading, Inline, ListBlock, Paragraph, Span, Table,
    merge_spans, plain_text,
)
from publish.paths import is_inside
from publish.sources import shapes

log = logging.getLogger(__name__)

_PICTURES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".svg")
_STYLES = {"#b": "strong", "#i": "em", "#u": "em", "#t": "code", "#sup": "sup", "#sub": "sub"}
_WHITESPACE = re.compile(r"[ \t\r\n\u00a0]+")
# what a site's page title adds after the article's: "标题--时政--人民网", "标题_新华网"
_SITE_SUFFIX = re.compile(r"\s*(?:[-_|｜—–]{1,2}\s*[^-_|｜—–]{1,20}){1,3}$")


# A picture a page loads when it is scrolled to (WeChat's articles, sites
# built on jQuery lazyload, WordPress, UEditor) names its file in one of
# these, its src empty or a placeholder until then.
_LAZY = ("data-src", "data-original", "data-lazy-src", "data-actualsrc", "_src")
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""(?<![\w-])([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_TOKEN = re.compile(r"publish-picture-(\d+)\.png$")
# What a lazy page shows until it loads the picture (saved with the page when
# the reader never scrolled to it): an inline or blank image, a spinner.
_PLACEHOLDER = re.compile(r"^(?:data:|about:|javascript:)|(?:^|[/_-])(?:blank|loading|lazy|lazyload|placeholder|"
                          r"grey|gray|pixel|spacer|transparent|default|load)\d*\.(?:gif|png|jpe?g|svg|webp)(?:[?#]|$)",
                          re.IGNORECASE)
# A sticker or an emoji drawn as a picture (WeChat's wx_emoji [强], the
# emoji of WordPress, Weibo, QQ): a word's worth of a sentence on a screen,
# a stray picture with "[强]" under it on paper. By its class or the folder
# its file comes from.
_STICKER_CLASS = re.compile(r"emoji|emoticon", re.IGNORECASE)
_STICKER_FILE = re.compile(r"/(?:emotion|emoticons?|emojis?)/", re.IGNORECASE)
# A picture the page sets this small (its width and height attributes, in
# pixels) is one of its buttons and icons (分享到 微信, a print button):
# page furniture, not a picture of the article.
_ICON_PIXELS = 48
_PIXELS = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*", re.IGNORECASE)


def _pictures_named(page: str) -> tuple[str, list[str], int, set[int]]:
    """The page with each <img>'s file named by a token, the files, how
    many stickers (``_STICKER_CLASS``) were taken out of it, and which of
    the files are icons (``_ICON_PIXELS``).

    trafilatura keeps a picture only if the file it takes ends in .jpg,
    .png …, and takes data-src before src: WeChat's pictures
    (``640?wx_fmt=jpeg``), inline ones (``data:image/png;base64,…``) and
    lazy ones (no src) went with their captions, in silence, and a saved
    page's own copy lost to the web address beside it. The file is the src,
    unless that is empty or a placeholder (``_PLACEHOLDER``) and a
    lazy-loading attribute names one (as a browser would once the page
    scrolled to it)."""
    files: list[str] = []
    icons: set[int] = set()
    stickers = 0

    def named(match: re.Match) -> str:
        nonlocal stickers
        tag = match.group(0)
        attributes = {name.lower(): html.unescape(value.strip("'\"")).strip()
                      for name, value in _ATTRIBUTE.findall(tag)}
        src = attributes.get("src", "")
        lazy = next((attributes[name] for name in _LAZY if attributes.get(name)), None)
        if _STICKER_CLASS.search(attributes.get("class", "")) or any(
                _STICKER_FILE.search(urlsplit(address).path) for address in (src, lazy) if address):
            stickers += 1
            return ""  # (its alt text too: [强] is no word of the sentence)
        chosen = lazy if lazy and (not src or _PLACEHOLDER.search(src)) else src
        if not chosen:
            return tag
        files.append(chosen)
        sizes = [float(size.group(1)) for size in (_PIXELS.fullmatch(attributes.get(name, ""))
                                                   for name in ("width", "height")) if size]
        if sizes and max(sizes) <= _ICON_PIXELS:
            icons.add(len(files) - 1)
        kept = _ATTRIBUTE.sub(lambda a: "" if a.group(1).lower() in ("src", *_LAZY)
                              or a.group(1).lower().startswith("data-src") else a.group(0), tag)
        return f'{kept[:4]} src="publish-picture-{len(files) - 1}.png"{kept[4:]}'

    page = _IMG.sub(named, page)
    return page, files, stickers, icons


_CELL_BLOCKS = ("p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote")


def _layout_tables_opened(page: str) -> str:
    """The page with its layout tables made plain blocks.

    Government sites still lay their pages out in tables: the navigation in
    one cell, the notice in another, nested. trafilatura takes every table
    for a table of data: the notice came out as one cell of one table, its
    paragraphs run together, beside the menu. A table is laid out, not data,
    when it holds a table, has one row or one column, or a cell holds two
    paragraphs (or lists, headings) or more than 300 characters; its own
    rows and cells become <div>s. A table of data (rows and columns, a cell
    a name, a number, one short paragraph each, as Word writes them) stays
    a table, wherever it stands."""
    if "<table" not in page.lower():
        return page
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return page

    def own(table, tags: tuple) -> list:
        # its rows and cells, not those of a table inside it
        return [element for element in table.iter(*tags) if next(element.iterancestors("table"), None) is table]

    def laid_out(table) -> bool:
        if table.find(".//table") is not None:
            return True
        rows = own(table, ("tr",))
        if len(rows) <= 1 or all(len([c for c in row if c.tag in ("td", "th")]) <= 1 for row in rows):
            return True  # one row, or one column: a frame, not a table of data
        for cell in table.iter("td", "th"):
            blocks = sum(1 for element in cell.iter(*_CELL_BLOCKS) if element is not cell
                         and (element.text_content() or "").strip())
            if blocks >= 2 or len((cell.text_content() or "").strip()) > 300:
                return True
        return False

    tables = [table for table in root.iter("table") if laid_out(table)]
    if not tables:
        return page
    for table in tables:
        for element in [table, *own(table, ("tbody", "thead", "tfoot", "tr", "td", "th", "caption"))]:
            element.tag = "div"
    return lxml_html.tostring(root, encoding="unicode")


# What a page lays out as blocks (a run of text and inline tags between two
# of them is a paragraph of its own).
_PAGE_BLOCKS = {"p", "div", "section", "article", "table", "ul", "ol", "dl", "blockquote", "pre", "h1", "h2", "h3",
                "h4", "h5", "h6", "center", "figure", "header", "footer", "nav", "aside", "main", "form", "hr"}


def _loose_text_wrapped(page: str) -> str:
    """The page with each run of text standing loose beside blocks, or in a
    block that parts its text with blank lines (<br><br>), wrapped in <p>s,
    a <br> ending one: trafilatura passes such text by where a <div> holds
    paragraphs and text between them (<p>一</p>二<br>三<p>四</p>: 二 was
    lost), or text after a small table; and reads text parted by <br>s as
    one paragraph of lines.

    An inline tag holding blocks (新华网's <span id="detailContent"> around
    the article's <p>s) is a block itself, a <div>: taken for a run of
    text, it was wrapped in a <p>, and trafilatura ran all the paragraphs
    and captions in it together, its pictures and bold sub-heads after
    them."""
    if "<" not in page:
        return page
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return page
    body = root.find("body")
    changed = False
    # (innermost first: <span><font><p> makes both <div>s)
    for element in reversed(list((body if body is not None else root).iter())):
        if element.tag in _INLINE and any(isinstance(c.tag, str) and c.tag in _PAGE_BLOCKS for c in element):
            element.tag = "div"
            changed = True

    def parted(element) -> bool:
        # blocks among its children, or text parted by a blank line (<br><br>)
        children = [c for c in element if isinstance(c.tag, str)]
        return any(c.tag in _PAGE_BLOCKS for c in children) or any(
            a.tag == "br" and b.tag == "br" and not (a.tail or "").strip() for a, b in zip(children, children[1:]))

    for element in list((body if body is not None else root).iter()):
        if element.tag == "section" and not parted(element) and (
                element.text_content().strip() or element.find(".//img") is not None):
            # a WeChat editor's paragraph (秀米, 135: <section><span>…</span></section>),
            # or picture (<section><img></section>: trafilatura drops a
            # picture standing in a <section>, and keeps it in a <p>)
            element.tag = "p"
            changed = True
            continue
        if not isinstance(element.tag, str) or element.tag not in _PAGE_BLOCKS | {"body", "td", "th", "li"} \
                or element.tag == "p" or not parted(element):
            continue
        runs: list[list] = [[]]  # the inline children between blocks
        for child in element:
            if isinstance(child.tag, str) and child.tag in _PAGE_BLOCKS:
                runs.append([])
            else:
                runs[-1].append(child)
        # the text before the first child, then each run (with the tail of
        # the block before it); a <br> in a run parts it, as a paragraph
        # ends (such pages break their text with <br>s)
        blocks = [c for c in element if isinstance(c.tag, str) and c.tag in _PAGE_BLOCKS]
        for number, run in enumerate(runs):
            before = element if number == 0 else blocks[number - 1]
            text = element.text if number == 0 else before.tail
            if number == 0:
                element.text = None
            else:
                before.tail = None
            parts: list[tuple[str | None, list]] = [(text, [])]
            for child in run:
                if child.tag == "br":
                    parts.append((child.tail, []))
                    element.remove(child)
                else:
                    parts[-1][1].append(child)
            at = None if number == 0 else before
            for text, children in parts:
                if not ((text or "").strip() or any(
                        etree.tostring(c, method="text", encoding="unicode", with_tail=True).strip()
                        or c.tag == "img" or c.find(".//img") is not None for c in children)):
                    for child in children:
                        element.remove(child)  # (blank: spaces, an empty tag)
                    continue
                wrapper = lxml_html.Element("p")
                wrapper.text = text
                if at is None:
                    element.insert(0, wrapper)
                else:
                    at.addnext(wrapper)
                at = wrapper
                for child in children:
                    wrapper.append(child)  # (its tail comes with it)
                changed = True
    return lxml_html.tostring(root, encoding="unicode") if changed else page


# The date and time a page was published, as its header sets them in
# pieces: 2024 05/06 09:12:47, 2024-05-06 09:12.
_PUBLISHED = re.compile(r"(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(\d{1,2}:\d{2}(?::\d{2})?)")


def _date_widgets_joined(page: str) -> str:
    """The page with the date and time of its publication, where its
    header sets them in pieces, a tag each (新华网: <span class="year">
    <em>2024</em></span><span class="day"><em>05</em>/<em>06</em></span>
    <span class="time">09:12:47</span>), made one line: 2024-05-06
    09:12:47. trafilatura printed each piece as a paragraph of its own,
    some in emphasis; one line is the article's date (``read_html``). A
    time of day tells the header's date from a date the article writes (a
    notice's 2024年5月8日 under its signature)."""
    if not _PUBLISHED.search(re.sub(r"<[^>]*>", " ", page)):
        return page
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return page
    changed = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or not len(element) or element.getparent() is None or any(
                isinstance(child.tag, str) and (child.tag in _PAGE_BLOCKS or child.tag in ("img", "br"))
                for child in element.iterdescendants()):
            continue
        pieces = [text.strip() for text in element.itertext() if text.strip()]
        published = _PUBLISHED.fullmatch(" ".join(pieces)) if len(pieces) > 1 else None
        # (a table's cell, and a line that reads as a date as it is, are left as written)
        if published and next(element.iterancestors("table"), None) is None and not shapes.date_line(
                _WHITESPACE.sub(" ", element.text_content())):
            year, month, day, time = published.groups()
            for child in list(element):
                element.remove(child)  # (its tail with it: the element's own text)
            element.text = f"{int(year):04d}-{int(month):02d}-{int(day):02d} {time}"
            changed = True
    return lxml_html.tostring(root, encoding="unicode") if changed else page


# What trafilatura's own extraction writes (p, head, list, item, hi, lb,
# graphic, quote, table, row, cell) and the page's own tags it returns
# instead when its fallback wins (a page laid out in tables): the latter,
# in the former's terms.
_RENAMED = {"h1": ("head", {"rend": "h1"}), "h2": ("head", {"rend": "h2"}), "h3": ("head", {"rend": "h3"}),
            "h4": ("head", {"rend": "h4"}), "h5": ("head", {"rend": "h5"}), "h6": ("head", {"rend": "h6"}),
            "ul": ("list", {"rend": "ul"}), "ol": ("list", {"rend": "ol"}), "li": ("item", {}),
            "b": ("hi", {"rend": "#b"}), "strong": ("hi", {"rend": "#b"}), "i": ("hi", {"rend": "#i"}),
            "em": ("hi", {"rend": "#i"}), "u": ("hi", {"rend": "#u"}), "br": ("lb", {}), "img": ("graphic", {}),
            "sup": ("hi", {"rend": "#sup"}), "sub": ("hi", {"rend": "#sub"}),
            "blockquote": ("quote", {}), "tr": ("row", {}), "td": ("cell", {}), "th": ("cell", {"role": "head"})}
_CONTAINERS = {"div", "section", "article", "main", "center", "figure", "figcaption", "header", "footer", "form",
               "tbody", "thead", "tfoot"}
_INLINE = {"a", "span", "font", "small", "big", "label", "abbr", "cite", "q", "s", "strike", "del",
           "ins", "mark", "time", "nobr"}
_BLOCKS = {"p", "head", "list", "item", "quote", "table", "row", "cell", "graphic", "code"}


def _in_trafilaturas_terms(body) -> None:
    """``body`` rewritten in place: the page's tags renamed to trafilatura's,
    containers (<div>, <section> …) and inline wrappers (<a>, <span>,
    <font>) opened into their contents, a container's loose text made a
    paragraph of its own. A body in trafilatura's terms is left as it is."""
    if not any(isinstance(element.tag, str) and (element.tag in _RENAMED or element.tag in _CONTAINERS
                                                 or element.tag in _INLINE) for element in body.iter()):
        return
    from lxml import etree

    for element in reversed([e for e in body.iter() if e is not body]):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _RENAMED:
            element.tag, attributes = _RENAMED[tag]
            for name, value in attributes.items():
                element.set(name, value)
        elif tag in _CONTAINERS:
            if any(isinstance(child.tag, str) and child.tag in _BLOCKS for child in element):
                # loose text beside blocks: a paragraph of its own
                if (element.text or "").strip():
                    paragraph = etree.Element("p")
                    paragraph.text, element.text = element.text, None
                    element.insert(0, paragraph)
                for child in list(element):
                    if (child.tail or "").strip() and isinstance(child.tag, str) and child.tag in _BLOCKS:
                        paragraph = etree.Element("p")
                        paragraph.text, child.tail = child.tail, None
                        child.addnext(paragraph)
                _opened(element)
            else:
                element.tag = "p"  # a container of text alone is a paragraph
        elif tag in _INLINE or not tag:
            _opened(element)


def _lost_blocks_restored(body, page: str) -> None:
    """The page's paragraphs and lists that trafilatura left out from
    between two blocks it kept, put back where they stood. Where no
    container of the page is named as an article's, it gathers the page's
    <p>s one by one, passing every list by (共产党员网's 不按规定请示报告；
    搞拉票贿选；…), and a paragraph that is nothing but a link (the second
    attachment of a notice: 2．培训日程安排) it takes for a menu's. A
    list of links alone (相关链接) stays out."""
    kept: dict[str, object] = {}  # a kept block's text: the block
    for block in body:
        kept.setdefault(_squeezed("".join(block.itertext())), block)
    kept.pop("", None)
    if not kept:
        return
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return
    whole = _squeezed("".join(body.itertext()))

    def links_alone(element) -> bool:
        return all(_squeezed(item.text_content()) == _squeezed("".join(a.text_content() for a in item.iter("a")))
                   for item in element.iter("li"))

    for parent in root.iter():
        at, run = None, []  # the kept block before, the lost ones after it
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            text = _squeezed(child.text_content())
            if not text:
                continue
            if text in kept:
                holder = etree.Element("body")  # (read in trafilatura's terms)
                for lost in run:
                    holder.append(deepcopy(lost))
                _in_trafilaturas_terms(holder)
                for block in list(holder) if at is not None else ():
                    at.addnext(block)
                    at = block
                at, run = kept[text], []
            elif at is not None and child.tag in ("p", "ol", "ul") and text not in whole and not (
                    child.tag != "p" and links_alone(child)):
                run.append(child)
            else:
                at, run = None, []


def _nested_paragraphs_parted(body) -> None:
    """A paragraph holding paragraphs (trafilatura's reading of a <div>
    with text around its <p>s: <p>一<p>二</p>三</p>) made paragraphs side
    by side, so that each prints as one; and the copy of a nested one
    trafilatura adds after them (its recovery's), dropped."""
    from lxml import etree

    nested = {_squeezed("".join(p.itertext())) for outer in body if outer.tag == "p" for p in outer.iter("p")
              if p is not outer}
    for copy in [child for child in body if child.tag == "p" and not len(child) and child.getprevious() is not None
                 and _squeezed(child.text or "") in nested and any(
                     sibling.tag == "p" and sibling.find("p") is not None for sibling in child.itersiblings(
                         preceding=True))]:
        body.remove(copy)
    for outer in [child for child in body if child.tag == "p" and child.find("p") is not None]:
        at, rest = outer, None  # rest: what follows a nested paragraph, up to the next
        for child in list(outer):
            if child.tag != "p":
                if rest is not None:
                    rest.append(child)  # (moved out of the outer paragraph)
                continue
            outer.remove(child)
            if rest is not None and (len(rest) or (rest.text or "").strip()):
                at.addnext(rest)
                at = rest
            at.addnext(child)
            at = child
            rest = etree.Element("p")
            rest.text, child.tail = child.tail, None
        if rest is not None and (len(rest) or (rest.text or "").strip()):
            at.addnext(rest)


def _loose_text_kept(body) -> None:
    """Text standing in ``body`` itself, between its blocks, made paragraphs:
    trafilatura leaves a page's text broken by <br> after a heading as the
    heading's tail (<head>标题</head>各支部：…<p>…), where it would be lost."""
    from lxml import etree

    def paragraph(text: str):
        made = etree.Element("p")
        made.text = text
        return made

    if (body.text or "").strip():
        body.insert(0, paragraph(body.text))
        body.text = None
    for child in list(body):
        if (child.tail or "").strip():
            child.addnext(paragraph(child.tail))
            child.tail = None


def _opened(element) -> None:
    """``element`` replaced by its text and children (lxml.html's drop_tag,
    for the plain etree trafilatura returns)."""
    parent = element.getparent()
    if parent is None:
        return
    at = parent.index(element)
    previous = element.getprevious()
    if element.text:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.text
        else:
            parent.text = (parent.text or "") + element.text
    children = list(element)
    for offset, child in enumerate(children):
        parent.insert(at + offset, child)
    if element.tail:
        if children:
            children[-1].tail = (children[-1].tail or "") + element.tail
        elif previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _site_name_dropped(title: str, page) -> str:
    """The page's <title> without the site's name after it
    (关于……的通知_江门市人民政府门户网站, 标题--时政--人民网) when what is
    left stands in the page on its own (its headline)."""
    bare = _SITE_SUFFIX.sub("", title).strip()
    if not bare or bare == title or page is None:
        return title
    for element in page.iter("h1", "h2", "h3", "b", "strong", "td", "div", "p", "span"):
        if _WHITESPACE.sub(" ", element.text_content() or "").strip() == bare:
            return bare
    return title


def read_mhtml(data: bytes, path: Path) -> Article:
    """A page saved as one file (.mht, .mhtml: "网页，单个文件" in Chrome,
    Edge, 360 and Internet Explorer): a MIME message holding the page and
    its pictures, each under the web address it came from."""
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    page, parts = None, {}
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        if part.get_content_type() == "text/html" and page is None:
            charset = part.get_content_charset()
            try:
                page = payload.decode(_SUPERSETS.get(charset, charset)) if charset else payload
            except (LookupError, UnicodeDecodeError):
                page = payload  # (the page's own <meta charset> then decides)
        for name in ("Content-Location", "Content-ID"):
            if part.get(name):
                parts[part.get(name).strip().strip("<>")] = payload
    if page is None and re.search(rb"<(?:!doctype\s+html|html|body)\b", data[:4096], re.IGNORECASE):
        page = data  # a page saved as plain HTML under a .mht name
    if page is None:
        raise SourceError(_("no web page found in the saved file"), path,
                          _("save the page again as a complete web page (HTML)"))
    return read_html(page, path, parts)


def read_html(data: bytes | str, path: Path, archived: dict[str, bytes] | None = None) -> Article:
    """``archived``: the pictures a single-file page holds, by address."""
    import trafilatura
    from lxml import html as lxml_html

    from trafilatura.utils import decode_file

    # (decoded as trafilatura decodes it: its encoding found the same way)
    if isinstance(data, bytes):
        _damage_named(data, path)
    decoded = _in_its_superset(data) or decode_file(data)
    text, pictures, stickers, icons = _pictures_named(_loose_text_wrapped(_date_widgets_joined(
        _layout_tables_opened(decoded))))
    document = _extracted(text)
    body = getattr(document, "body", None) if document is not None else None
    if body is not None:
        _in_trafilaturas_terms(body)
        _lost_blocks_restored(body, text)
        _nested_paragraphs_parted(body)
        _loose_text_kept(body)
        _dump_parted(body)
    # a page of links and buttons gives a few words: that is no article
    if body is None or len("".join(body.itertext()).strip()) < 20:
        raise SourceError(_("no article text found in the web page"), path,
                          _("save the page as a complete web page (HTML), or copy its text into a .txt file"))
    try:
        # (the page as decoded above: a page that names no encoding, GBK,
        # read by lxml as Latin-1, lost its site name and 来源 line)
        page = lxml_html.fromstring(decoded)
    except ValueError:  # (a str with an XML declaration naming its encoding)
        try:
            page = lxml_html.fromstring(data)
        except Exception:
            page = None
    except Exception:
        page = None
    if stickers:
        log.warning(ngettext("{path}: left out {n} sticker or emoji picture (it does not print)",
                             "{path}: left out {n} sticker or emoji pictures (they do not print)", stickers).format(
            path=path, n=stickers))
    pages = _pages_of(page) if page is not None else 0
    if pages > 1:
        log.warning(_("{path}: the site splits this article over {n} pages and a saved page holds one of them: save "
                      "each page and list them in order, or save the site's single-page view (全文)").format(
            path=path, n=pages))
    reader = _Reader(path, pictures, archived or {}, icons)
    article = Article(path=path, title="", blocks=())
    article = _wechat_fields(page, _page_fields(page, article, path))
    blocks: list[Block] = []
    others = shapes.OtherArticles()  # under 往期推荐
    code_line = False  # the block before is a line about a QR code (扫码关注 …)
    for element in body:
        # (a picture left out still has its caption under it: printed as one,
        # as a caption standing alone in a text file is)
        reader.after_picture = bool(blocks) and isinstance(blocks[-1], Figure) and not blocks[-1].caption \
            or reader.lost
        reader.lost = False
        for kind, block in reader.block(element):
            if kind == "furniture":
                # an account's QR code stands above or under its 长按识别二维码
                code_line = block.kind == "drop" and bool(_CODE_LINE.search(block.text))
                if code_line and blocks and _a_code(blocks[-1]):
                    shapes.left_out(str(path), _text_of(blocks.pop(), reader.sources))
                article = _furniture(block, article, path, blocks)
                others.after(block)
                continue
            if block is not None and (others.takes(block) or code_line and _a_code(block)):
                shapes.left_out(str(path), _text_of(block, reader.sources))
            elif block is not None:
                others.after(None)
                date = shapes.date_line(plain_text(block.spans)) if type(block) is Paragraph and not any(
                    type(b) is Paragraph for b in blocks) else None
                if date and article.date in (None, date):
                    # a date (and time) above the article's text is its date,
                    # as in a text file (a page's header: _date_widgets_joined)
                    article = replace(article, date=date)
                else:
                    blocks.append(block)
            code_line = False
    title = _site_name_dropped((document.title or "").strip(), page)
    if not title and page is not None:
        title = _SITE_SUFFIX.sub("", (page.findtext(".//title") or "").strip())
    if blocks and isinstance(blocks[0], (Heading, Paragraph)) and _squeezed(plain_text(blocks[0].spans)) \
            == _squeezed(title):
        blocks = blocks[1:]  # the page's headline, given again in the body
    above = []  # a 公文's 文号 under the title the body repeats: its source, as in a Word file
    while blocks and type(blocks[0]) is Paragraph and shapes.above_title(plain_text(blocks[0].spans)):
        above.append(plain_text(blocks.pop(0).spans).strip())
    if above:
        article = replace(article, source=" ".join(filter(None, [article.source, *above])))
    if not title:
        if not blocks:
            raise SourceError(_("no article text found in the web page"), path)
        title, blocks = plain_text(blocks[0].spans), blocks[1:]
    # A line set as a heading right under the title that belongs to it
    # (<h3>——各地扎实推进党纪学习教育综述</h3>): the subtitle, not a
    # section printed below the date line.
    if blocks and not article.subtitle and type(blocks[0]) in (Heading, Paragraph) \
            and shapes.subtitle_line(plain_text(blocks[0].spans), True) \
            and not shapes.is_byline(plain_text(blocks[0].spans).strip(" \u3000（）()")):  # (（记者 张三）)
        article, blocks = replace(article, subtitle=plain_text(blocks[0].spans).strip()), blocks[1:]
    blocks = shapes.letter_parts(shapes.attach_captions(shapes.rank_headings(blocks)))
    return replace(article, title=title, blocks=tuple(blocks),
                   date=article.date or document.date or None,
                   author=article.author or _author(document.author))


# The card a government site's policy page sets above the document it
# publishes: 索引号, 主题分类, 发文机关, 成文日期, 发文字号, 发布日期 …
_CATALOGUE = frozenset({"索引号", "信息索引号", "主题分类", "体裁分类", "所属主题", "发文机关", "发布机构", "成文日期",
                        "生成日期", "发文字号", "文号", "发布日期", "主题词", "有效性", "公开方式", "公开范围", "公开时限"})


def _catalogue_card(table) -> bool:
    """``table`` (trafilatura's) is a policy page's catalogue card: three
    of its cells or more are the card's labels."""
    labels = {re.sub(r"[\s:：]", "", "".join(cell.itertext())) for cell in table.iter("cell")}
    return len(labels & _CATALOGUE) >= 3


# The encoding a page names in its head (<meta charset="gbk">, or the
# http-equiv form's content="text/html; charset=gb2312").
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "utf8": "utf-8", "big5": "big5hkscs"}


def _in_its_superset(data: bytes | str) -> str | None:
    """A page that names GB2312 or GBK read as GB18030, which those pages
    are written in (Python's gb2312 reads ——, A1AA, as U+2015 ―― where the
    other readers give U+2014 —: the dash printed otherwise than in a text
    file), or None to let trafilatura decode it."""
    if isinstance(data, str):
        return None
    named = _DECLARED.search(data[:4096])
    encoding = named and _SUPERSETS.get(named.group(1).decode("ascii", "replace").lower())
    if not encoding or not encoding.startswith("gb"):
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _damage_named(data: bytes, path: Path) -> None:
    """A page in the encoding it names but for a few bytes is damaged there,
    said as a text file's damage is (trafilatura read it in another
    encoding, and the page printed as mojibake, its glyphs missing). A page
    whose bytes are another encoding altogether (a head that lies) is left
    to trafilatura, which finds that out."""
    import codecs

    from publish.sources.decode import _damaged

    named = _DECLARED.search(data[:4096])
    encoding = named and named.group(1).decode("ascii", "replace").lower()
    encoding = _SUPERSETS.get(encoding, encoding)
    try:
        codecs.lookup(encoding or "")
        data.decode(encoding)
    except LookupError:
        return
    except UnicodeDecodeError as exc:
        if data.decode(encoding, errors="replace").count("\ufffd") <= 8:
            raise _damaged(data, exc, path, encoding, _("the page is damaged there: save it from its site again")) \
                from None


# The line of page links under an article a site splits (上一页 1 2 3 下一页;
# 共3页): trafilatura leaves it out, with the pages it names.
_NEXT_PAGE = re.compile(r"^(?:下一页|下页|下一頁|下頁)$")
_PAGE_COUNT = re.compile(r"共\s*(\d{1,2})\s*[页頁]")


def _pages_of(page) -> int:
    """How many pages the site splits the article over, by its line of page
    links: the numbers 1, 2 … beside a 下一页 (or 共N页); 0 if it has none."""
    for element in page.iter("div", "p", "center", "span", "td", "ul", "nav"):
        pieces = [piece.strip() for piece in element.itertext() if piece.strip()]
        if len(pieces) > 30 or not any(_NEXT_PAGE.match(piece) for piece in pieces):
            continue
        numbers = [int(piece) for piece in pieces if piece.isdigit() and len(piece) <= 2]
        counted = _PAGE_COUNT.search("".join(pieces))
        if counted and int(counted.group(1)) > 1:
            return int(counted.group(1))
        if len(numbers) > 1 and numbers == list(range(1, len(numbers) + 1)):
            return len(numbers)
    return 0


def _text_of(block: Block, sources: dict[str, str]) -> str:
    if isinstance(block, Figure):
        return _shown(sources.get(block.src, block.src))  # (the name the reader saw, not the one publish gave it)
    if isinstance(block, ListBlock):
        return " / ".join(plain_text(item.spans) for blocks in block.items for item in blocks)
    return plain_text(block.spans)


def _shown(src: str) -> str:
    """A picture's address as a message names it (an inline one cut short)."""
    return src if len(src) <= 80 else src[:79] + "…"


# What a WeChat account (and a news site) writes beside its QR code: the
# furniture lines (shapes.furniture) that speak of one.
_CODE_LINE = re.compile(r"二维码|二維碼|扫码|掃碼|扫一扫|掃一掃|长按识别|長按識別")


def _a_code(block: Block) -> bool:
    """``block`` can be a QR code: a picture without a caption, square."""
    if not isinstance(block, Figure) or block.caption or not block.data:
        return False
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(block.data)) as image:
            width, height = image.size
    except (OSError, ValueError, SyntaxError):
        return False  # (an SVG drawing)
    return abs(width - height) <= 0.05 * max(width, height)


def _is_dump(body) -> bool:
    """The baseline's last resort: all the page's text in one paragraph, a
    line to each run of text between two tags (``_extracted``)."""
    return (body is not None and len(body) == 1 and body[0].tag == "p" and not len(body[0])
            and "\n" in (body[0].text or ""))


def _dump_parted(body) -> None:
    """A dump (``_is_dump``) in paragraphs: its first line (the headline) on
    its own, then a paragraph ended by each line that ends a sentence, or
    that is a heading; the lines between joined (a line ends at a link or a
    sticker as well as at a paragraph's end)."""
    if not _is_dump(body):
        return
    from lxml import etree

    lines = [line.strip() for line in body[0].text.split("\n") if line.strip()]
    parts: list[str] = []
    open_ = False
    for number, line in enumerate(lines):
        if open_ and not shapes.heading_level(line):
            parts[-1] = shapes.join_lines(parts[-1], line)
        else:
            parts.append(line)
        open_ = number > 0 and not shapes.ends_sentence(line) and not shapes.heading_level(line)
    body.remove(body[0])
    for part in parts:
        etree.SubElement(body, "p").text = part


def _extracted(text: str):
    """trafilatura's extraction of the page (``bare_extraction``). A short
    article (a notice of a few lines, a WeChat post) keeps its headline and
    paragraphs: below 250 characters trafilatura takes its baseline instead
    as soon as that finds more text, and the baseline's last resort is all
    the page's text as one paragraph, the headline in it, a line broken at
    every link or sticker. Given that, the page is read again without the
    rescue, and that reading is taken if it holds every sentence the rescue
    found (its own headline aside: the title)."""
    import trafilatura

    # No extensive date search: on a page without a date it takes a year
    # the article mentions ("2024年以来") for 1 January of that year.
    options = dict(include_images=True, include_formatting=True, include_tables=True, include_comments=False,
                   include_links=False, with_metadata=True, date_extraction_params={"extensive_search": False})
    document = trafilatura.bare_extraction(text, **options)
    body = getattr(document, "body", None) if document is not None else None
    if not _is_dump(body):
        return document
    unrescued = trafilatura.bare_extraction(text, config=_no_rescue(), **options)
    if getattr(unrescued, "body", None) is None:
        return document
    kept = _squeezed(" ".join([unrescued.title or "", *unrescued.body.itertext()]))
    # every sentence of the page kept (a menu's 首页 or 分享 may go)
    lost = [line for line in body[0].text.split("\n") if (_squeezed(line) not in kept)
            and (len(_squeezed(line)) >= 15 or shapes.ends_sentence(line.strip()))]
    return document if lost else unrescued


def _squeezed(text: str) -> str:
    # (U+3000 too: trafilatura keeps a paragraph's indent of two before a tag, not before text)
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=1)
def _no_rescue():
    """trafilatura's settings, but for the length under which it looks for
    more text than its own extraction found (MIN_EXTRACTED_SIZE)."""
    from trafilatura.settings import use_config

    config = use_config()
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "1"
    return config


def _author(value: str | None) -> str | None:
    # trafilatura's author comes from meta tags, often the site's name
    return value.strip() if value and value.strip() and len(value) <= 30 else None


def _page_fields(page, article: Article, path: Path) -> Article:
    """来源/作者/日期 from the page's own furniture line (trafilatura leaves it
    out of the body): the first short element whose text is nothing else."""
    if page is None:
        return article
    for element in page.iter("div", "p", "span", "td", "li", "h2", "h3", "h4"):
        text = _WHITESPACE.sub(" ", element.text_content()).strip()
        if not text or len(text) > 120:
            continue
        found = shapes.furniture(text)
        if found is not None and found.kind == "meta" and any(name == "source" for name, _ in found.fields):
            kept = {name: value for name, value in found.fields if name in ("source", "author", "date")}
            return replace(article, **{k: v for k, v in kept.items() if not getattr(article, k)})
    return article


def _wechat_fields(page, article: Article) -> Article:
    """A WeChat article's (微信公众号) account as its source, and its author
    where the account names one (beside the account's name, and in
    ``<meta name="author">``), where the page's text gives neither."""
    name = page.find('.//*[@id="js_name"]') if page is not None else None
    account = _WHITESPACE.sub(" ", name.text_content()).strip() if name is not None else ""
    if not account or len(account) > 30:
        return article
    authors = [_WHITESPACE.sub(" ", element.text_content()).strip()
               for element in page.iterfind('.//span[@class]') if "rich_media_meta_text" in element.get("class")]
    authors += [element.get("content", "").strip() for element in page.iterfind('.//meta[@name="author"]')]
    author = next((text for text in authors if text and text not in ("原创", account) and len(text) <= 30), None)
    # (printed in the article's language, whatever the messages' language)
    return replace(article, source=article.source or f"{account}微信公众号", author=article.author or author)


def _furniture(found: shapes.Furniture, article: Article, path: Path, blocks: list) -> Article:
    if found.kind == "meta":
        return shapes.take_fields(article, found.fields, found.text, str(path))
    if found.kind == "editor_note":
        blocks.append(shapes.editor_note(found.text, 0))
        return article
    shapes.left_out(str(path), found.text)
    return article


class _Reader:
    def __init__(self, path: Path, pictures: list[str] = (), archived: dict[str, bytes] | None = None,
                 icons: set[int] | frozenset[int] = frozenset()):
        self.pictures = pictures  # the files the tokens of _pictures_named stand for
        self.icons = icons  # (the tokens' numbers)
        self.sources: dict[str, str] = {}  # a figure's file (images/page-1.jpg): the page's name for it
        self.archived = archived or {}
        self.path = path
        self.folder = path.resolve().parent
        self.count = 0
        self.after_picture = False  # the block before is a picture without a caption
        self.lost = False  # a picture of the element just read was left out

    def block(self, element):
        """(kind, block) pairs for one element of trafilatura's body."""
        tag = element.tag
        if tag == "p":
            spans = self.inline(element)
            text = plain_text(spans).strip()
            # the pictures of a line of buttons (分享到 微信) are its buttons;
            # a photo beside its credit (来源：…) stays
            found = shapes.furniture(text) if text else None
            for graphic in element.findall(".//graphic"):
                yield from self.picture_block(graphic, found is not None and found.kind in ("drop", "more"))
            if text:
                yield self.paragraph(spans, text, element)
        elif tag == "head":
            spans = self.inline(element)
            text = plain_text(spans).strip()
            if text and shapes.furniture(text) is not None:
                yield self.paragraph(spans, text, element)  # 相关新闻 over the site's links: furniture
            elif text:
                rank = int((element.get("rend") or "h2")[1:] or 2) if (element.get("rend") or "").startswith("h") \
                    else 2
                level = shapes.numbering_level(plain_text(spans)) or rank * 10
                yield "", Heading(level, _strip(spans))
        elif tag == "graphic":
            yield from self.picture_block(element)
        elif tag == "list":
            items = tuple((Paragraph(_strip(self.inline(item))),) for item in element.findall("item")
                          if "".join(item.itertext()).strip())
            if items:
                yield "", ListBlock(element.get("rend") == "ol", items)
        elif tag == "quote":
            inner = [block for child in element for kind, block in self.block(child) if block is not None
                     and kind != "furniture"]
            if not inner and "".join(element.itertext()).strip():
                inner = [Paragraph(_strip(self.inline(element)))]
            if inner:
                yield "", BlockQuote(tuple(inner))
        elif tag == "table" and _catalogue_card(element):
            # (the document repeats what it says: its title, 文号 and 落款)
            yield "furniture", shapes.Furniture("drop", text=_WHITESPACE.sub(" ", " ".join(
                "".join(cell.itertext()).strip() for cell in element.iter("cell")))[:60] + "…")
        elif tag == "table":
            yield "", self.table(element)
        elif tag == "code":
            yield "", Paragraph((Span("".join(element.itertext()), frozenset({"code"})),))
        elif "".join(element.itertext()).strip():
            yield self.paragraph(self.inline(element), "".join(element.itertext()).strip(), element)

    def paragraph(self, spans: Inline, text: str, element):
        found = shapes.furniture(text)
        if found is not None:
            return "furniture", replace(found, text=found.text if found.kind == "editor_note" else text)
        spans = _strip(spans)
        # A short centred line under a picture is its caption (a WeChat
        # article's 党员干部参加植树活动。), as 图为…… and （……摄） are anywhere.
        centred = "text-align:center" in (element.get("style") or "").replace(" ", "")
        if shapes.is_caption(text) or centred and self.after_picture and len(text) <= 80:
            return "", Caption(spans)
        if shapes.is_byline(text):
            return "", Byline(spans)
        bold = all("strong" in s.style for s in spans if s.text.strip())
        level = shapes.heading_level(text)
        if level and (bold or level <= 2):
            return "", Heading(level, _unbold(spans))
        if bold and shapes.is_short_line(text) and len(text) <= 30:
            return "", Heading(0, _unbold(spans))  # a news article's bold sub-head
        return "", Paragraph(spans)

    def inline(self, element, style: frozenset[str] = frozenset()) -> Inline:
        spans: list[Span] = []
        if element.text:
            spans.append(Span(element.text, style))
        for child in element:
            if child.tag == "lb":
                spans.append(Span("\n"))
            elif child.tag == "hi":
                spans.extend(self.inline(child, style | {_STYLES.get(child.get("rend") or "", "strong")}))
            elif child.tag != "graphic":
                spans.extend(self.inline(child, style))
            if child.tail:
                spans.append(Span(child.tail, style))
        return tuple(Span(_WHITESPACE.sub(" ", s.text), s.style) if s.text != "\n" else s for s in spans)

    def table(self, element) -> Table:
        head, body = [], []
        for row in element.findall("row"):
            cells = tuple(_strip(self.inline(cell)) for cell in row.findall("cell"))
            (head if row.findall("cell") and all(c.get("role") == "head" for c in row.findall("cell")) and not body
             else body).append(cells)
        width = max((len(r) for r in head + body), default=0)
        pad = lambda rows: tuple(r + ((),) * (width - len(r)) for r in rows)  # noqa: E731
        return Table(pad(head), pad(body))

    def picture_block(self, graphic, furniture: bool = False):
        """(kind, block) for a picture: its figure, or it as furniture (an
        icon, a button of a furniture line), or nothing (left out)."""
        token = _TOKEN.search(graphic.get("src") or "")
        if furniture or token and int(token.group(1)) in self.icons:
            yield "furniture", shapes.Furniture("drop", text=_shown(self.source(graphic)))
            return
        figure = self.figure(graphic)
        if figure is not None:
            self.after_picture = not figure.caption
            yield "", figure
        else:
            self.after_picture = self.lost = True

    def source(self, graphic) -> str:
        """The picture's file as the page names it (its src or data-src)."""
        src = (graphic.get("src") or "").strip()
        token = _TOKEN.search(src)
        return self.pictures[int(token.group(1))] if token and int(token.group(1)) < len(self.pictures) else src

    def figure(self, graphic) -> Figure | None:
        src = self.source(graphic)
        caption = (graphic.get("title") or graphic.get("alt") or "").strip()
        data, suffix = self.picture(src)
        if data is None:
            return None
        stem = re.sub(r"[^\w-]+", "-", self.path.stem).strip("-")[:40] or "picture"
        self.count += 1
        name = f"images/{stem}-{self.count}{'.jpg' if suffix == '.jpeg' else suffix}"
        self.sources[name] = src
        return Figure(name, (Span(caption),) if caption else (), 0, data)

    def picture(self, src: str) -> tuple[bytes | None, str]:
        """The bytes of a picture in the saved folder (or inline), and its suffix."""
        if not src:
            return None, ""
        held = self.archived.get(src[4:] if src.startswith("cid:") else src)
        if held is not None:
            suffix = _kind_of(held)
            if suffix is None:
                log.warning(_("{path}: picture {src} is in a format that cannot be printed; left out").format(
                    path=self.path, src=src))
                return None, ""
            return held, suffix
        if src.startswith("data:"):
            header, _sep, payload = src.partition(",")
            kind = header[5:].split(";")[0]
            suffix = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg",
                      "image/webp": ".webp"}.get(kind)
            try:
                data = base64.b64decode(payload) if ";base64" in header else unquote(payload).encode()
            except (binascii.Error, ValueError):
                data = None
            return (data, suffix) if data and suffix else (None, "")
        parts = urlsplit(src)
        if parts.scheme and parts.scheme != "file" or src.startswith("//"):
            log.warning(_("{path}: picture {src} is on the web, not in the saved page's folder; left out "
                          "(publish never downloads)").format(path=self.path, src=src))
            return None, ""
        target = (self.folder / unquote(parts.path)).resolve()
        if not is_inside(target, self.folder):
            log.warning(_("{path}: picture {src} lies outside the page's folder; left out").format(
                path=self.path, src=src))
            return None, ""
        if not target.is_file():
            log.warning(_("{path}: picture {src} is missing from the saved folder; left out").format(
                path=self.path, src=src))
            return None, ""
        data = target.read_bytes()
        # A browser keeps a file's name from its address: WeChat's pictures
        # are saved as "640" or "640.webp" whatever they hold.
        suffix = _kind_of(data) or target.suffix.lower()
        if suffix not in _PICTURES:
            log.warning(_("{path}: picture {src} is in a format that cannot be printed; left out").format(
                path=self.path, src=src))
            return None, ""
        return data, suffix


def _kind_of(data: bytes) -> str | None:
    """A picture's suffix from its first bytes, None if not one of these."""
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return ".gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data[:2] == b"BM":
        return ".bmp"
    return None


def _strip(spans: Inline) -> Inline:
    spans = [s for s in spans if s.text]
    if spans and spans[0].text != "\n":
        spans[0] = Span(spans[0].text.lstrip(" \u3000\u00a0"), spans[0].style)
    if spans and spans[-1].text != "\n":
        spans[-1] = Span(spans[-1].text.rstrip(" \u3000\u00a0"), spans[-1].style)
    while spans and spans[0].text in ("", "\n"):
        spans.pop(0)
    while spans and spans[-1].text in ("", "\n"):
        spans.pop()
    return merge_spans(spans)


def _unbold(spans: Inline) -> Inline:
    return tuple(Span(s.text, s.style - {"strong"}) for s in spans)
