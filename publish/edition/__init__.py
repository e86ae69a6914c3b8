"""Edition: ``Article`` -> ``Article`` in the edition's script, and a
``Review`` of what an editor should check.

zh-Hans is the source and is not converted (an article written in
traditional characters is, to simplified ones). zh-Hant-HK and zh-Hant-TW are
converted word by word (``converter.py``): the segmenter cuts the text into
words (``segmenter.py``); the dictionaries (``dictionaries.py``: the
workspace's, then the project's) apply where they fit the words; names keep
their own characters (``names.py``); OpenCC (``s2hk``, ``s2tw`` or, by
configuration, ``s2twp``: its dictionaries, applied by ``engine.py``)
converts the rest one word at a time; Hong Kong
editions print the press forms 說 稅 戶 or, by configuration, the standard
ones 説 税 户 (``tables.py``). Then “”‘’ become 「」『』 (``quotes.py``).

Every character whose traditional form depends on context (发 → 發/髮),
every place where the result differs from plain OpenCC and every name kept
is listed with its file and line for the proofreader (``review.py``). A
converted text that still holds a simplified-only character fails the build
unless the user allows it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from publish.edition.dictionaries import Entry, project_phrases, read_phrases, user_phrases
from publish.edition.quotes import convert_quotes
from publish.edition.review import AMBIGUOUS, Choice, Notes, Review, check_leftovers, format_review
from publish.edition.tables import HK_FORMS, mostly_traditional, opencc_converter as _opencc, simplified_only
from publish.i18n import _
from publish.model import Article, iter_text, map_text

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from publish.edition.converter import Converter


def __getattr__(name: str):
    # The converter (segmenter, names, word classes) loads when an edition is
    # converted, not when a cached build only plans its keys.
    if name == "Converter":
        from publish.edition.converter import Converter

        return Converter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Edition:
    code: str
    label: str | None      # the line a compilation's cover prints for the edition
    opencc: str | None     # OpenCC config, None for no conversion
    compress_punctuation: bool = True


EDITIONS = {
    "zh-Hans": Edition("zh-Hans", None, None),
    "zh-Hant-HK": Edition("zh-Hant-HK", "繁體中文版（香港）", "s2hk"),
    # Taiwan publications mostly set punctuation at full width.
    "zh-Hant-TW": Edition("zh-Hant-TW", "繁體中文版（臺灣）", "s2tw", compress_punctuation=False),
}
TRADITIONAL = ("zh-Hant-HK", "zh-Hant-TW")


def make_edition(article: Article, converter: Converter) -> tuple[Article, Review]:
    """The article in the converter's edition, and what an editor should check."""
    code = converter.edition.code
    if converter.config is None:
        return _simplified(article), Review(code, (), ())
    notes = Notes()
    path = str(article.path)
    words = _words_of("".join(text for text, _line in iter_text(article)), article.path, converter)
    # Quotes nest across the runs of one block (a quote may open in plain
    # text and close in emphasis); each block starts afresh, as a paragraph
    # of a multi-paragraph quotation reopens its quote.
    state = {"line": None, "depth": 0}

    def convert(text: str, line: int) -> str:
        if state["line"] != line:
            state["line"], state["depth"] = line, 0
        text, state["depth"] = convert_quotes(words(text, path, line, notes), state["depth"])
        return text

    converted = map_text(article, convert)
    leftovers = tuple((path, line, ch) for text, line in iter_text(converted)
                      for ch in simplified_only(text, converter.config, converter.press))
    return replace(converted, lang=code), _review(code, notes, leftovers)


def _words_of(text: str, path, converter: "Converter"):
    """How the words of an article (all its ``text``) are converted: word
    by word from simplified characters, or, for one written in traditional
    ones (a Hong Kong paper's, saved in Big5), as written, in the edition's
    forms of the characters (``Converter.from_traditional``), and said so."""
    if not mostly_traditional(text, hinted=True):
        return converter.convert
    log.warning(_("{path}: written in traditional characters: the {edition} edition prints its words as written, "
                  "in that edition's forms of the characters").format(path=path, edition=converter.edition.code))
    return lambda text, _path, _line, _notes: converter.from_traditional(text)


# Hong Kong's and Taiwan's quotation marks, as the mainland writes them.
_MAINLAND_QUOTES = str.maketrans("「」『』", "“”‘’")


def _simplified(article: Article) -> Article:
    """The article of the simplified edition: as written, or, when it is
    written in traditional characters (a Hong Kong paper's article, saved
    in Big5), converted with OpenCC's t2s, which is nearly one-to-one, and
    said so."""
    if not mostly_traditional("".join(text for text, _line in iter_text(article)), hinted=True):
        return article
    log.warning(_("{path}: written in traditional characters: the zh-Hans edition prints it in simplified ones "
                  "(OpenCC t2s); proofread it").format(path=article.path))
    t2s = _opencc("t2s")
    return map_text(article, lambda text, _line: t2s.convert(text).translate(_MAINLAND_QUOTES))


def convert_source(text: str, path: str, converter: Converter) -> tuple[str, Review]:
    """A whole source file, line by line (front matter and markup included),
    for ``publish convert``: the same conversion a build makes."""
    notes = Notes()
    out = []
    words = _words_of(text, path, converter)
    for number, line in enumerate(text.split("\n"), start=1):
        out.append(convert_quotes(words(line, path, number, notes))[0])
    converted = "\n".join(out)
    leftovers = tuple((path, n, ch) for n, line in enumerate(out, start=1)
                      for ch in simplified_only(line, converter.config, converter.press))
    return converted, _review(converter.edition.code, notes, leftovers)


def _review(code: str, notes: Notes, leftovers) -> Review:
    return Review(code, tuple(notes.choices), leftovers, tuple(notes.differences), tuple(notes.names))


def convert_strings(strings: dict[str, str], converter: Converter) -> dict[str, str]:
    """A layout's fixed strings (目录, 来源) in the edition's script."""
    return {key: convert_quotes(converter.convert(value))[0] for key, value in strings.items()}


__all__ = [
    "AMBIGUOUS", "EDITIONS", "HK_FORMS", "TRADITIONAL", "Choice", "Converter", "Edition", "Entry", "Review",
    "_opencc", "check_leftovers", "convert_quotes", "convert_source", "convert_strings", "format_review",
    "make_edition", "project_phrases", "read_phrases", "simplified_only", "user_phrases",
]
