"""Bytes -> text, for the encodings Chinese offices really produce.

UTF-8 (with or without BOM), GB18030/GBK ("ANSI" in Chinese Windows Notepad),
Big5 and Big5-HKSCS ("ANSI" on traditional-Chinese Windows, in Taiwan and
Hong Kong), UTF-16 with BOM; CRLF and CR line ends. Detection never asks the
user, and never guesses its way into mojibake: a UTF-8 file with a damaged
byte in the middle is reported as damaged, not silently decoded as GB18030.

Big5 bytes are nearly always valid GBK too (and decode to rare characters
and private-use code points), so a legacy file is decoded both ways and the
reading made of common characters wins. Where both readings look alike, a
warning names the encoding chosen; a file named ``NAME.big5.txt`` (or
``.gbk``, ``.gb18030``, ``.big5hkscs``, ``.utf8``) is read in that encoding
without guessing.
"""

from __future__ import annotations

import codecs
import logging
import re
from functools import lru_cache
from pathlib import Path

from publish.errors import SourceError
from publish.i18n import _

log = logging.getLogger(__name__)

# The names a file may carry before its suffix to say its encoding.
NAMED_ENCODINGS = {"big5": "big5hkscs", "big5hkscs": "big5hkscs", "cp950": "cp950", "gbk": "gb18030",
                   "gb2312": "gb18030", "gb18030": "gb18030", "utf8": "utf-8", "utf-8": "utf-8",
                   "utf16": "utf-16", "utf-16": "utf-16"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab, LF, CR, form feed: a text file has none of these
# in quantity; a binary file is full of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` with line ends normalised to ``\\n``.
    ``encoding`` (or one named in the file name) skips detection."""
    encoding = encoding or named_encoding(path)
    if encoding:
        text = _decode_as(data, path, encoding)
    else:
        text, encoding = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise _damaged(data, exc, path, encoding) from None
    if b"\x00" in data[:8192]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        raise SourceError(_("binary file, not text"), path, _("save the article as UTF-8 or GB18030 text"))
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data[: exc.start]):
            raise _damaged(data, exc, path, "utf-8") from None
        text, encoding = _legacy(data, path)
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise SourceError(_("binary file, not text"), path, _("save the article as UTF-8 or GB18030 text"))
    return text, encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without its byte-order mark (some converters' "Unicode"):
    the reading, little- or big-endian, that is Chinese text of common
    characters (a binary file read so is rare characters and controls)."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        han = sum(1 for ch in text[:8192] if "\u4e00" <= ch <= "\u9fff")
        if han >= 4 and _common_share(text) >= 0.8 and not _CONTROL.search(text[:8192]):
            return text, encoding
    return None


def named_encoding(path: Path) -> str | None:
    """The encoding a name such as ``news.big5.txt`` asks for."""
    tag = Path(path.stem).suffix.lower().lstrip(".")
    return NAMED_ENCODINGS.get(tag)


def _decode_as(data: bytes, path: Path, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise SourceError(_("unknown encoding {encoding!r}").format(encoding=encoding), path) from None
    try:
        # utf-8-sig and utf-16 take a byte-order mark off when there is one
        return data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        raise _damaged(data, exc, path, encoding) from None


def _legacy(data: bytes, path: Path) -> tuple[str, str]:
    """GB18030 or Big5(-HKSCS): whichever reading is made of common
    characters; a warning when the two are too close to call."""
    readings = []
    for encoding in ("gb18030", "big5hkscs", "cp950"):
        try:
            readings.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    if not readings:
        # Chinese text up to a byte no encoding reads: a damaged file (a
        # Notepad file cut or recopied), said where, as for UTF-8
        failures = []
        for encoding in ("gb18030", "big5hkscs"):
            try:
                data.decode(encoding)
            except UnicodeDecodeError as exc:
                failures.append((exc.start, encoding, exc))
        start, encoding, exc = max(failures, key=lambda failure: failure[0])
        prefix = data[:start].decode(encoding)
        if sum(1 for ch in prefix if _common(ch)) >= 10 and _common_share(prefix) >= 0.9:
            raise _damaged(data, exc, path, encoding)
        raise SourceError(_("not text in UTF-8, GB18030/GBK, Big5 or UTF-16"), path,
                          _("open it in an editor and save it as UTF-8"))
    big5 = [r for r in readings if r[1] != "gb18030"][:1]
    readings = [r for r in readings if r[1] == "gb18030"] + big5
    scored = sorted(((_common_share(text), i, text, encoding) for i, (text, encoding) in enumerate(readings)),
                    key=lambda r: (-r[0], r[1]))
    best = scored[0]
    if len(scored) > 1 and best[0] - scored[1][0] < 0.05:
        other = scored[1][3]
        log.warning(_("{path}: read as {chosen}, but {other} reads almost as well; if the text looks wrong, "
                      "rename the file to {example} to read it as {other}").format(
            path=path, chosen=_label(best[3]), other=_label(other),
            example=path.with_name(f"{path.stem}.{'big5' if other != 'gb18030' else 'gbk'}{path.suffix}").name))
    return best[2], best[3]


def _label(encoding: str) -> str:
    return {"gb18030": "GB18030/GBK", "big5hkscs": "Big5-HKSCS", "cp950": "Big5 (CP950)"}.get(encoding, encoding)


def _common_share(text: str) -> float:
    """The share of the Han characters (and private-use code points, which
    a wrong reading produces) that are among the common ones of either
    script: GB2312's first level (3,755 characters) or Big5's frequent
    characters (5,401). A text decoded in the wrong encoding is made of
    rare characters."""
    han = common = 0
    for ch in text[:20000]:
        code = ord(ch)
        if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xE000 <= code <= 0xF8FF:
            han += 1
            common += _common(ch)
    return common / han if han else 0.0


@lru_cache(maxsize=16384)
def _common(ch: str) -> bool:
    try:
        if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA440 <= int.from_bytes(ch.encode("big5"), "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def _mostly_utf8(prefix: bytes) -> bool:
    """True when the bytes before the first UTF-8 error already held well-formed
    multi-byte UTF-8 characters. GBK text almost never forms a valid UTF-8
    sequence by accident, so one good Chinese character decides it."""
    good = prefix.decode("utf-8", errors="ignore")
    return sum(1 for ch in good if ord(ch) >= 0x800) >= 2


def _damaged(data: bytes, exc: UnicodeDecodeError, path: Path, encoding: str, hint: str | None = None) -> SourceError:
    line = data[: exc.start].count(b"\n") + 1
    error = SourceError(
        _("invalid {encoding} bytes at line {line} (byte offset {offset})").format(
            encoding=encoding.upper(), line=line, offset=exc.start),
        path, hint or _("the file is damaged there: retype or recopy that line"))
    error.line = line  # (publish check names it where it is)
    return error
