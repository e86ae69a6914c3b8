"""The words an option or a ``publish.toml`` key accepts, read the way a
user writes them: editions in any case and under their common aliases
(``zh-TW``, ``zh_HK``, ``hk``), formats in any case (``A4``), and a "did
you mean" for the rest. Shared by the command line and the configuration,
so that both accept and refuse the same words.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from publish.i18n import _

# Format -> the page size its file holds: a file's name always tells it.
FORMAT_PAGES = {"a4": "A4", "a5": "A5", "booklet": "A5", "phone": "phone"}
BINDINGS = ("left", "right")
ARTICLE_STARTS = ("right", "page")
# Compilations of this many articles or more are typeset in parts by
# default (build.py). Measured on two cores with the sample (ten pages an
# article): the parts typeset side by side, then the frame and the join,
# took about 0.93 of the one-piece time at 30 articles and 1.07 at 12 (in
# CPU seconds of the critical path; the parts cost a third more CPU in
# all). An edited article is all that is typeset again, whatever the size.
PARTS_FROM = 20

# Lower-case spellings, ``_`` read as ``-``.
EDITION_ALIASES = {
    "zh-hans": "zh-Hans", "zh": "zh-Hans", "zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "zh-hans-cn": "zh-Hans",
    "hans": "zh-Hans", "cn": "zh-Hans", "sc": "zh-Hans", "simplified": "zh-Hans",
    "zh-hant-hk": "zh-Hant-HK", "zh-hk": "zh-Hant-HK", "hk": "zh-Hant-HK", "zh-mo": "zh-Hant-HK",
    "zh-hant-mo": "zh-Hant-HK",
    "zh-hant-tw": "zh-Hant-TW", "zh-tw": "zh-Hant-TW", "tw": "zh-Hant-TW", "tc": "zh-Hant-TW",
}
# The editions (``publish.edition.EDITIONS``, in its order), known without
# importing the conversion: a cached rebuild checks its options with them.
EDITION_CODES = tuple(dict.fromkeys(EDITION_ALIASES.values()))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing."""
    choices = list(choices)
    lowered = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return _(" (did you mean {choice!r}?)").format(choice=lowered[close[0]]) if close else ""


def edition_code(value: str) -> str:
    """The edition a user's word names (``zh_HK`` -> ``zh-Hant-HK``);
    ValueError with a did-you-mean when it names none."""
    word = value.strip().lower().replace("_", "-")
    code = EDITION_ALIASES.get(word)
    if code is None:
        # (zh-Hant alone is traditional without its region: not zh-Hans,
        # the closest spelling; hkk is hk)
        hint = _(" (zh-Hant-HK for Hong Kong, zh-Hant-TW for Taiwan)") if word in _TRADITIONAL else \
            did_you_mean(word, [*EDITION_CODES, "zh-TW", "zh-HK", "hk", "tw"])
        raise ValueError(_("unknown edition {value!r}{hint}; editions: {known}").format(
            value=value, hint=hint, known=", ".join(EDITION_CODES)))
    return code


_TRADITIONAL = frozenset({"zh-hant", "hant", "traditional", "tc", "zh-tc", "繁体", "繁體", "big5"})


def format_name(value: str) -> str:
    """``A4`` -> ``a4``; ValueError with a did-you-mean for an unknown format."""
    name = value.strip().lower()
    if name not in FORMAT_PAGES:
        raise ValueError(_("unknown format {value!r}{hint}; formats: {known}").format(
            value=value, hint=did_you_mean(name, FORMAT_PAGES), known=", ".join(FORMAT_PAGES)))
    return name


def one_of(value: str, choices: Iterable[str]) -> str:
    """``value`` when it is one of ``choices`` (any case)."""
    choices = tuple(choices)
    name = value.strip().lower()
    if name not in choices:
        raise ValueError(_("must be one of {choices}, not {value!r}{hint}").format(
            choices=", ".join(choices), value=value, hint=did_you_mean(name, choices)))
    return name


def formats_in_order(names: Iterable[str]) -> tuple[str, ...]:
    """Formats without repeats; ``a5`` is dropped beside ``booklet``, which
    writes the A5 file too."""
    chosen = tuple(dict.fromkeys(names))
    return tuple(f for f in chosen if not (f == "a5" and "booklet" in chosen))
