"""Bytes -> text, for the encodings Chinese offices really produce.

UTF-8 (with or without BOM), GB18030/GBK ("ANSI" in Chinese Windows Notepad),
UTF-16 with BOM; CRLF and CR line ends. Detection never asks the user, and
never guesses its way into mojibake: a UTF-8 file with a damaged byte in the
middle is reported as damaged, not silently decoded as GB18030.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from publish.errors import SourceError

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


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Return ``(text, encoding)`` with line ends normalised to ``\\n``."""
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
        raise SourceError("binary file, not text", path, "save the article as UTF-8 or GB18030 text")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data[: exc.start]):
            raise _damaged(data, exc, path, "utf-8") from None
        try:
            text = data.decode("gb18030")
            encoding = "gb18030"
        except UnicodeDecodeError:
            raise SourceError(
                "not text in UTF-8, GB18030/GBK or UTF-16", path,
                "open it in an editor and save it as UTF-8") from None
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise SourceError("binary file, not text", path, "save the article as UTF-8 or GB18030 text")
    return text, encoding


def _mostly_utf8(prefix: bytes) -> bool:
    """True when the bytes before the first UTF-8 error already held well-formed
    multi-byte UTF-8 characters. GBK text almost never forms a valid UTF-8
    sequence by accident, so one good Chinese character decides it."""
    good = prefix.decode("utf-8", errors="ignore")
    return sum(1 for ch in good if ord(ch) >= 0x800) >= 2


def _damaged(data: bytes, exc: UnicodeDecodeError, path: Path, encoding: str) -> SourceError:
    line = data[: exc.start].count(b"\n") + 1
    return SourceError(
        f"invalid {encoding.upper()} bytes at line {line} (byte offset {exc.start})",
        path, "the file is damaged there: retype or recopy that line")
