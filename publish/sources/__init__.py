"""Sources: one article file -> one ``Article``.

Pure functions of the file's bytes; the dispatch is by file extension:
Markdown and plain text (decoded here), Word (.docx; .doc and .wps through
LibreOffice) and saved web pages (.html with their ``_files`` folder).
Documents that are not text are given line numbers of the Markdown that
`publish import` would write for them, which is also what
``read_source_text`` returns for them: checks and proofreading lists point
at lines an editor can find.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from publish.errors import SourceError, os_reason
from publish.i18n import _, ngettext
from publish.sources.decode import decode

if TYPE_CHECKING:  # not imported by a cached rebuild, which reads no article
    from publish.model import Article

log = logging.getLogger(__name__)

# A 10 MB article is an accident (a pasted scan, a log file), not a handout.
MAX_BYTES = 8 * 1024 * 1024
# Word files carry their pictures: a 40 MB report with photos is real.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
DOCUMENT_SUFFIXES = (".docx", ".doc", ".wps", ".html", ".htm", ".mht", ".mhtml")
SUFFIXES = TEXT_SUFFIXES + DOCUMENT_SUFFIXES


def is_lock_file(path: Path) -> bool:
    """Word and WPS keep ``~$name.docx`` beside an open document: a few
    bytes of lock, not an article."""
    return path.name.startswith(("~$", ".~")) and path.suffix.lower() in DOCUMENT_SUFFIXES


def read_article(path: Path, encoding: str | None = None, warn: bool = True) -> Article:
    """Read one article file. Raises ``SourceError`` naming the file.
    ``encoding`` forces the encoding of a text file; without ``warn``, what
    was dropped or mended in its text is not said, nor that it holds a
    title and nothing else (``publish check`` says where)."""
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        article = read_document(path).article
    elif suffix == ".txt":
        from publish.sources.text import parse_text

        article = parse_text(read_source_text(path, warn, encoding), path, warn)
    else:
        from publish.sources.markdown import parse_markdown

        article = parse_markdown(read_source_text(path, warn, encoding), path)
    if not article.blocks and warn:
        # (a file saved before its text was pasted in, a page of links;
        # ``publish check`` names it among its findings: W211)
        log.warning(_("{path}: a title and no text: is the whole article saved?").format(path=path))
    return article


def read_source_text(path: Path, warn: bool = True, encoding: str | None = None, as_saved: bool = False) -> str:
    """The decoded text of an article file, line ends normalised; for a
    document, the Markdown `publish import` writes for it. ``as_saved``:
    with its invisible characters and radicals (``strip_invisible``), so
    that a line's columns are where an editor finds them."""
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        return read_document(path).text
    if suffix not in SUFFIXES:
        raise SourceError(_("unsupported file type {suffix}").format(suffix=suffix or _("(none)")), path,
                          _("publish reads .md, .txt, .docx, .doc, .wps, .html and .mht articles"))
    data = _read_bytes(path, MAX_BYTES)
    text, _encoding = decode(data, path, encoding)
    if not as_saved:
        text = strip_invisible(text, path if warn else None)
    if not text.strip():
        raise SourceError(_("empty file"), path, _("an article needs at least a title"))
    return text


def read_document(path: Path):
    """A Word file or saved web page as ``Exported`` (publish.sources.export):
    its article, its Markdown, its pictures. Read once per file version."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise SourceError(_("no such file"), path) from None
    except OSError as exc:
        raise SourceError(os_reason(exc), path) from None
    return _read_document(path, path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read_document(path: Path, _resolved: Path, _mtime: int, _size: int):
    from publish.model import map_text
    from publish.sources.export import to_markdown

    if is_lock_file(path):
        raise SourceError(_("a Word lock file (the document is open in Word or WPS), not an article"), path,
                          _("name the document itself, without ~$"))
    suffix = path.suffix.lower()
    data = _read_bytes(path, MAX_DOCUMENT_BYTES)
    if not data.strip():
        raise SourceError(_("empty file"), path, _("an article needs at least a title"))
    if suffix in (".html", ".htm"):
        from publish.sources.html import read_html
        article = read_html(data, path)
    elif suffix in (".mht", ".mhtml"):
        from publish.sources.html import read_mhtml
        article = read_mhtml(data, path)
    else:
        from publish.sources.docx import read_docx
        # WPS often saves .docx content under a .doc name, and Word 97
        # content under .docx: the bytes decide
        if not data.startswith(b"PK"):
            if suffix == ".docx" and not data.startswith(b"\xd0\xcf\x11\xe0"):
                raise SourceError(_("not a Word document"), path, _("open it in Word or WPS and save it as .docx"))
            if "EncryptedPackage".encode("utf-16-le") in data[:1 << 20]:
                # (a .docx with a password is a compound file holding it
                # encrypted: LibreOffice could only say it cannot load it)
                raise SourceError(_("the document is protected with a password"), path,
                                  _("remove the password in Word or WPS and save it again"))
            from publish.sources.office import legacy_to_docx
            data = legacy_to_docx(data, path)
        article = read_docx(data, path)
    # documents carry the same invisible characters pasted text does, and
    # radicals where text was pasted from a PDF
    article = map_text(article, lambda text, _line: _INVISIBLE.sub("", text))
    exported = to_markdown(article)
    if RADICALS.search(exported.text):
        from publish.edition.tables import mostly_traditional

        traditional = mostly_traditional(exported.text)
        _say_radicals(path, _unified(exported.text, traditional)[1])  # (once, for the whole document)
        exported = to_markdown(map_text(article, lambda text, _line: _unified(text, traditional)[0]))
    return exported


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise SourceError(_("file too large ({size} MB; at most {limit} MiB)").format(
                size=f"{size / 1e6:.1f}", limit=limit // 2**20), path, _("is this really an article?"))
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(_("no such file"), path) from None
    except IsADirectoryError:
        raise SourceError(_("is a folder, not an article file"), path) from None
    except PermissionError:
        raise SourceError(_("permission denied"), path) from None


# Control characters (C0 but tab and line feed, DEL, C1), zero-width and bidi
# controls: they print as boxes, hide text, or reverse it. `publish check`
# reports each (E101); a build drops them with a warning.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                        "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_invisible(text: str, path: Path | None) -> str:
    cleaned, count = _INVISIBLE.subn("", text)
    if count and path is not None:
        log.warning(ngettext("{path}: dropped {n} invisible or control character (see `publish check`)",
                             "{path}: dropped {n} invisible or control characters (see `publish check`)",
                             count).format(path=path, n=count))
    return unify_radicals(cleaned, path)


# Text copied from a PDF often holds radicals where the characters were
# (⼈⺠ for 人民, ⼲部 for 干部): a CJK font draws both with one glyph, and
# the PDF's map from glyphs back to text names the radical. They print
# alike, but conversion passes them by (⼲部 stays ⼲部 in a traditional
# edition, never 幹部), and search and copy fail on them. Each Kangxi
# radical is its character (Unicode's compatibility mapping, NFKC); the
# supplement's are those Noto CJK draws with a character's glyph, paired
# here. ⼾ is 户 in simplified text (the SC font's glyph), 戶 in traditional.
_SUPPLEMENT = "⺂乛⺃乚⺅亻⺇𠘨⺉刂⺋㔾⺍𭕄⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺩𤣩⺫罒⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺹耂⺺肀⺽𦥑⺾艹⺿艹⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟"
RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fd5]")


def radical_character(radical: str, traditional: bool) -> str | None:
    """The character a radical stands for in running text (None: a radical
    with none of its own)."""
    if radical == "\u2f3e":  # ⼾
        return "戶" if traditional else "户"
    if "\u2f00" <= radical <= "\u2fd5":
        return unicodedata.normalize("NFKC", radical)
    at = _SUPPLEMENT.find(radical)
    return _SUPPLEMENT[at + 1] if at >= 0 and at % 2 == 0 else None


def unify_radicals(text: str, path: Path | None, traditional: bool | None = None) -> str:
    """``text`` with each radical that stands for a character replaced by it,
    said with ``path`` (see ``publish check``, E102). ``traditional``: the
    article's script, if ``text`` is a piece of it (else ``text``'s own)."""
    if not RADICALS.search(text):
        return text
    if traditional is None:
        from publish.edition.tables import mostly_traditional

        traditional = mostly_traditional(text)
    unified, count = _unified(text, traditional)
    if path is not None:
        _say_radicals(path, count)
    return unified


def _unified(text: str, traditional: bool) -> tuple[str, int]:
    """``text`` with its radicals read as characters, and how many were."""
    count = 0

    def character(match: re.Match) -> str:
        nonlocal count
        found = radical_character(match.group(), traditional)
        count += found is not None
        return found or match.group()

    return RADICALS.sub(character, text), count


def _say_radicals(path: Path, count: int) -> None:
    if count:
        log.warning(ngettext("{path}: read {n} radical copied from a PDF as the character it stands for (⼈⺠ as 人民; "
                             "see `publish check`)",
                             "{path}: read {n} radicals copied from a PDF as the characters they stand for (⼈⺠ as 人民; "
                             "see `publish check`)", count).format(path=path, n=count))
