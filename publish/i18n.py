"""Messages in the user's language.

Organizers read Simplified Chinese, liaison offices Traditional Chinese.
Every message, warning, error and help text is written in English in the
source, marked with ``_()`` (or ``ngettext`` for counts), and looked up in
the gettext catalog of the user's language, shipped in ``publish/locale``:

* ``zh_CN`` for a ``zh_CN`` or ``zh_SG`` locale (and plain ``zh``), and
  where no language is set: the ``C`` or ``POSIX`` locale of a fresh server
  or container (a proofreading list written there for a Hong Kong office
  came out in English),
* ``zh_TW`` for ``zh_TW``, ``zh_HK`` for ``zh_HK`` and ``zh_MO``,
* English (the source text) for an English or any other locale.

``PUBLISH_LANG`` overrides the locale (``PUBLISH_LANG=zh_CN``, ``=en``).
The language is decided once, when the module is imported: a process speaks
one language. Only the standard library is used here, so ``publish --help``
stays instant.
"""

from __future__ import annotations

import gettext as _gettext
import os
from functools import lru_cache
from pathlib import Path

DOMAIN = "publish"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
CATALOGS = ("zh_CN", "zh_TW", "zh_HK")


def catalog_for(value: str | None) -> str | None:
    """The catalog a locale name asks for (``zh_CN.UTF-8`` -> ``zh_CN``), or
    None for English. Accepts POSIX and BCP 47 spellings (``zh-Hant-HK``).
    A locale that names no language (``C``, ``POSIX``) is the users'
    language, Simplified Chinese."""
    if not value:
        return None
    name = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").lower()
    if name in ("c", "posix", ""):
        return "zh_CN"
    parts = name.split("_")
    if parts[0] != "zh":
        return None
    rest = set(parts[1:])
    if rest & {"hk", "mo"}:
        return "zh_HK"
    if rest & {"tw", "hant"}:
        return "zh_TW"
    return "zh_CN"  # zh, zh_CN, zh_SG, zh_Hans


def user_catalog(environ=os.environ) -> str | None:
    """The catalog for this process: ``PUBLISH_LANG``, then the locale
    variables in gettext's order (the first one set decides)."""
    override = environ.get("PUBLISH_LANG")
    if override:
        return catalog_for(override)
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            return catalog_for(value.split(":", 1)[0])
    return "zh_CN"  # (no language set at all)


@lru_cache(maxsize=4)
def translation(catalog: str | None) -> _gettext.NullTranslations:
    if catalog is None:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[catalog], fallback=True)


CATALOG = user_catalog()
_current = translation(CATALOG)


class Message(str):
    """A message in the user's language that remembers what it says (its
    English text and the values put into it), so that it can be said again
    later in another language: a cached build repeats its warnings in the
    language of whoever builds now. Everywhere else it is a plain ``str``."""

    source: dict

    def format(self, *args, **fields) -> "Message":
        said = Message(str.format(self, *args, **fields))
        said.source = {**self.source, "fields": {name: value.source if isinstance(value, Message) else str(value)
                                                 for name, value in fields.items()}}
        return said


def _(message: str) -> str:
    """The message in the user's language (the English text when the catalog
    lacks it)."""
    said = Message(_current.gettext(message))
    said.source = {"id": message}
    return said


def ngettext(singular: str, plural: str, count: int) -> str:
    said = Message(_current.ngettext(singular, plural, count))
    said.source = {"id": singular, "plural": plural, "n": count}
    return said


def source_of(text: str) -> dict | str:
    """What ``restate`` needs to say ``text`` again: its source when it is a
    ``Message`` from ``_``/``ngettext``, else the text as it is."""
    return getattr(text, "source", None) or str(text)


def restate(source: dict | str) -> str:
    """A message said again in the current language (see ``Message``)."""
    if isinstance(source, str):
        return source
    text = ngettext(source["id"], source["plural"], source["n"]) if "plural" in source else _(source["id"])
    fields = {name: restate(value) for name, value in source.get("fields", {}).items()}
    return str.format(text, **fields) if fields else str(text)


def N_(message: str) -> str:
    """Marks a message for extraction where it is translated later (tables
    defined at import, translated when shown)."""
    return message


def printable(text: str) -> str:
    """A text of an article as a message quotes it: as written, spaces
    (U+3000) too, but for what prints nothing, written as its code
    (\\u200b, \\x01), which repr() would do to U+3000 as well."""
    return "".join(c if c.isprintable() or c == "\u3000" else c.encode("unicode_escape").decode() for c in text)


def is_chinese() -> bool:
    return CATALOG is not None


__all__ = ["CATALOG", "Message", "N_", "_", "catalog_for", "is_chinese", "ngettext", "printable", "restate",
           "source_of", "translation", "user_catalog"]
