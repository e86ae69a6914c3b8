"""``publish import``: any article file -> an editable Markdown source.

A Word file, a saved web page or a messy text file is read as a build would
read it, and written as Markdown into the workspace's ``articles/`` (its
pictures into ``articles/images/``), with an account of what was found and
of every element left out, and why. Nothing existing is overwritten
without ``force``, and nothing is written when the file cannot be read.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from publish.errors import SourceError
from publish.i18n import _
from publish.model import Heading, Table, iter_blocks, plain_text
from publish.output import write_atomic


@dataclass(frozen=True)
class Imported:
    source: Path
    markdown: Path
    title: str
    headings: tuple[tuple[int, str], ...]
    tables: int
    pictures: tuple[Path, ...]
    footnotes: int
    left_out: tuple[str, ...]


def import_file(path: Path, articles: Path, encoding: str | None = None, force: bool = False) -> Imported:
    from publish.sources import DOCUMENT_SUFFIXES, read_article, read_document
    from publish.sources.export import to_markdown

    # Before the file is read (a .doc goes through LibreOffice: seconds).
    target = articles / f"{path.stem}.md"
    if target.resolve() == path.resolve():
        raise SourceError(_("is already the Markdown source in articles/"), path)
    if target.exists() and not force:
        raise SourceError(_("{file} exists already").format(file=target), path, _("pass --force to replace it"))
    with _left_out(path) as left_out:
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            if encoding:
                raise SourceError(_("--encoding is for text files; a {suffix} file says its own").format(
                    suffix=path.suffix.lower()), path)
            exported = read_document(path)
        else:
            exported = to_markdown(read_article(path, encoding))
    pictures = [(articles / src, data) for src, data in exported.pictures]
    clashes = [p for p, data in pictures if p.exists() and p.read_bytes() != data]
    if clashes and not force:
        raise SourceError(_("{file} exists already").format(file=clashes[0]), path,
                          _("pass --force to replace it"))
    for picture, data in pictures:
        write_atomic(picture, data)
    write_atomic(target, exported.text.encode("utf-8"))
    article = exported.article
    blocks = list(iter_blocks(article.blocks))
    return Imported(
        source=path, markdown=target, title=article.title,
        headings=tuple((b.level, plain_text(b.spans)) for b in blocks if isinstance(b, Heading)),
        tables=sum(isinstance(b, Table) for b in blocks),
        pictures=tuple(p for p, _ in pictures),
        footnotes=len(article.notes),
        left_out=tuple(left_out) + tuple(exported.losses),
    )


class _Collect(logging.Handler):
    def __init__(self, prefix: str):
        super().__init__(logging.WARNING)
        self.prefix = prefix
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        for prefix in (self.prefix + ": ", self.prefix + ":"):
            if message.startswith(prefix):
                message = message[len(prefix):]
                break
        self.messages.append(message)


@contextmanager
def _left_out(path: Path):
    """The readers' warnings about one file, gathered for the report
    instead of printed as they come."""
    logger = logging.getLogger("publish.sources")
    handler = _Collect(str(path))
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


__all__ = ["Imported", "import_file"]
