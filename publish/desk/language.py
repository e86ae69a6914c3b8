"""The desk's interface language, per request.

Organizers read Simplified Chinese, offices Traditional Chinese in their
region's forms (Hong Kong or Taiwan), anyone may choose English. The pages
are written in English; ``messages.zh-Hans.toml`` gives the Simplified
text, and the traditional texts are converted from it with the project's
own converter (``s2hk``; ``s2twp`` for Taiwan, whose offices expect Taiwan
words in an interface), then corrected where the table says so.

Unlike the command line, which speaks one language a process
(``publish.i18n``), one server answers in several.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LANGUAGES = {"zh-Hans": "简体中文", "zh-Hant-HK": "繁體中文（香港）", "zh-Hant-TW": "繁體中文（臺灣）", "en": "English"}
# Each language's catalog of the command line (``publish.i18n``), which says
# what a build writes (its review list).
CATALOGS = {"zh-Hans": "zh_CN", "zh-Hant-HK": "zh_HK", "zh-Hant-TW": "zh_TW", "en": None}
_TABLE = Path(__file__).resolve().parent / "messages.zh-Hans.toml"


def language_for(account, accept_language: str = "") -> str:
    """An account's language: its region's traditional forms for an office,
    Simplified for an organizer; before signing in, the browser's choice."""
    if account is not None:
        if account.role == "office":
            return "zh-Hant-TW" if account.region == "TW" else "zh-Hant-HK"
        return "zh-Hans"
    from publish.i18n import catalog_for

    first = accept_language.split(",", 1)[0].split(";", 1)[0].strip()
    if first and not first.lower().startswith("zh"):
        return "en"
    return {"zh_HK": "zh-Hant-HK", "zh_TW": "zh-Hant-TW"}.get(catalog_for(first) or "", "zh-Hans")


@lru_cache(maxsize=None)
def messages(lang: str) -> dict[str, str]:
    """English text -> the text in ``lang`` (empty for English)."""
    if lang == "en":
        return {}
    data = tomllib.loads(_TABLE.read_text("utf-8"))
    simplified = {k: v for k, v in data.items() if isinstance(v, str)}
    if lang == "zh-Hans":
        return simplified
    from publish.edition import EDITIONS, Converter, Entry, convert_strings
    from publish.edition.dictionaries import parse_value

    phrases = {k: Entry(k, parse_value(v), "desk interface")
               for k, v in {**data.get("phrases", {}), **data.get(f"phrases-{lang}", {})}.items()}
    converter = Converter(EDITIONS[lang], phrases, taiwan_vocabulary=lang == "zh-Hant-TW")
    return {**convert_strings(simplified, converter), **data.get(lang, {})}


@lru_cache(maxsize=4)
def _converter(lang: str):
    from publish.edition import EDITIONS, Converter

    return Converter(EDITIONS[lang], taiwan_vocabulary=lang == "zh-Hant-TW")


def in_script(text: str, lang: str) -> str:
    """A title from the workspace, shown in the reader's script (an office
    in Hong Kong reads the catalogue in traditional characters)."""
    if lang not in ("zh-Hant-HK", "zh-Hant-TW") or not text:
        return text
    from publish.edition import convert_quotes

    return convert_quotes(_converter(lang).convert(text))[0]


def M_(text: str) -> str:
    """Marks a message of the desk's pages: translated by
    ``messages.zh-Hans.toml`` when shown, not by the command line's
    catalogs (which hold what the command line says)."""
    return text


def translator(lang: str):
    """The ``_`` of the pages: the text in ``lang``, or the English when the
    table lacks it."""
    table = messages(lang)
    return lambda text: table.get(text, text)


@lru_cache(maxsize=2)
def _converter(lang: str):
    from publish.edition import EDITIONS, Converter

    return Converter(EDITIONS[lang], taiwan_vocabulary=lang == "zh-Hant-TW")


def in_script(text: str, lang: str) -> str:
    """A message the server wrote (a failed build's, in Simplified Chinese)
    in the script an office reads: it showed the Simplified text in the
    middle of a Traditional page."""
    return _converter(lang).convert(text) if lang in ("zh-Hant-HK", "zh-Hant-TW") else text


def review_in(text: str, lang: str) -> str:
    """A build's review list (written in the server's language) in
    ``lang``: the office reads its heads and notes as it reads the page."""
    from publish.edition.review import restated

    return restated(text, CATALOGS[lang])
