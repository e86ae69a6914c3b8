"""Sources: one article file -> one ``Article``.

Pure functions of the file's bytes; the dispatch is by file extension.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from publish.errors import SourceError
from publish.model import Article
from publish.sources.decode import decode

log = logging.getLogger(__name__)

# A 10 MB article is an accident (a pasted scan, a log file), not a handout.
MAX_BYTES = 8 * 1024 * 1024

SUFFIXES = (".md", ".markdown", ".txt")


def read_article(path: Path) -> Article:
    """Read one article file. Raises ``SourceError`` naming the file."""
    text = read_source_text(path)
    if path.suffix.lower() == ".txt":
        from publish.sources.text import parse_text
        return parse_text(text, path)
    from publish.sources.markdown import parse_markdown
    return parse_markdown(text, path)


def read_source_text(path: Path, warn: bool = True) -> str:
    """The decoded text of an article file, line ends normalised."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(f"unsupported file type {suffix or '(none)'}", path,
                          "publish reads .md and .txt articles")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(f"file too large ({size / 1e6:.1f} MB; at most {MAX_BYTES // 2**20} MiB)",
                              path, "is this really an article?")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("no such file", path) from None
    except IsADirectoryError:
        raise SourceError("is a folder, not an article file", path) from None
    except PermissionError:
        raise SourceError("permission denied", path) from None
    text, _encoding = decode(data, path)
    text = strip_invisible(text, path if warn else None)
    if not text.strip():
        raise SourceError("empty file", path, "an article needs at least a title")
    return text


# Control characters (C0 but tab and line feed, DEL, C1), zero-width and bidi
# controls: they print as boxes, hide text, or reverse it. `publish check`
# reports each (E101); a build drops them with a warning.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                        "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_invisible(text: str, path: Path | None) -> str:
    cleaned, count = _INVISIBLE.subn("", text)
    if count and path is not None:
        log.warning("%s: dropped %d invisible or control character(s) (see `publish check`)", path, count)
    return cleaned
