"""One-character words: the form a character takes when it stands alone as
a word, decided by its word class and neighbours, where OpenCC's default
for the lone character is the wrong one."""

from __future__ import annotations

from publish.edition.segmenter import Token

WORD_FORM = "word class"


def form(token: Token, before: Token | None, after: Token | None, text: str) -> tuple[str, str] | None:
    """(traditional form, origin) for a word OpenCC would get wrong alone."""
    return None
