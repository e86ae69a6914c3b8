"""Sources: one article file -> one ``Article``.

Pure functions of the file's bytes; the dispatch is by file extension.
"""

from __future__ import annotations

from pathlib import Path

from publish.errors import SourceError
from publish.model import Article
from publish.sources.decode import decode

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


def read_source_text(path: Path) -> str:
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
    if not text.strip():
        raise SourceError("empty file", path, "an article needs at least a title")
    return text
