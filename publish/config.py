"""The workspace configuration, ``publish.toml`` -> ``Config``.

Declarative: every key is listed once in ``FIELDS`` with its type and what
it means. All errors are collected and reported together, each naming the
key and what is expected; an unknown key is an error with a "did you mean".
"""

from __future__ import annotations

import datetime as _dt
import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.errors import ConfigError

CONFIG_NAME = "publish.toml"


@dataclass(frozen=True)
class Config:
    title: str | None = None
    subtitle: str | None = None
    organizer: str | None = None
    date: str | None = None
    editions: tuple[str, ...] = ("zh-Hans",)
    formats: tuple[str, ...] = ("a4",)
    layout: str | None = None
    articles: tuple[str, ...] = ()
    slug: str | None = None
    contents_sections: bool = True
    default_traditional: str = "zh-Hant-HK"
    taiwan_vocabulary: bool = False
    allow_simplified: bool = False
    phrases: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    booklet: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    back_page: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    path: Path | None = None

    @property
    def is_compilation(self) -> bool:
        return bool(self.articles)


def _text(value):
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return value if isinstance(value, str) else None


def _strings(value):
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _bool(value):
    return value if isinstance(value, bool) else None


def _table_of_strings(value):
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, (str, int)) for k, v in value.items()):
        return {k: str(v) for k, v in value.items()}
    return None


_BOOKLET_KEYS = {"bind": str, "sheets_per_signature": int, "creep_mm": (int, float), "marks": bool,
                 "manual_duplex": bool}


def _booklet(value):
    if not isinstance(value, dict):
        return None
    for key, item in value.items():
        if key not in _BOOKLET_KEYS or not isinstance(item, _BOOKLET_KEYS[key]) or isinstance(item, bool) != (
                _BOOKLET_KEYS[key] is bool):
            return None
    return dict(value)


# key -> (converter returning None when the value is wrong, what is expected)
FIELDS: dict[str, tuple] = {
    "title": (_text, "the publication's title (text)"),
    "subtitle": (_text, "a subtitle (text)"),
    "organizer": (_text, "the 编印单位 printed on the cover (text)"),
    "date": (_text, "the publication date, e.g. 2024-05-06"),
    "editions": (_strings, "a list of editions: zh-Hans, zh-Hant-HK, zh-Hant-TW"),
    "formats": (_strings, "a list of formats: a4, booklet"),
    "layout": (_text, "a layout name for the a4 format, e.g. handout or large-print"),
    "articles": (_strings, "an ordered list of paths or globs under articles/"),
    "slug": (_text, "the output file name stem (default: from the folder name)"),
    "contents_sections": (_bool, "true or false: list section headings in the contents"),
    "default_traditional": (_text, "zh-Hant-HK or zh-Hant-TW: the edition --traditional means"),
    "taiwan_vocabulary": (_bool, "true or false: zh-Hant-TW uses Taiwan vocabulary (OpenCC s2twp)"),
    "allow_simplified": (_bool, "true or false: let simplified characters remain in traditional editions"),
    "phrases": (_table_of_strings, "a table of simplified = traditional phrases"),
    "booklet": (_booklet, f"a table with keys {', '.join(_BOOKLET_KEYS)}"),
    "back_page": (_table_of_strings, "a table with issuer, date, copies (text)"),
}


def load_config(workspace: Path) -> Config:
    """The workspace's publish.toml, or the defaults when there is none."""
    path = workspace / CONFIG_NAME
    if not path.is_file():
        return Config()
    try:
        data = tomllib.loads(path.read_text("utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path) from None
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in data.items():
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            problems.append(f"unknown key `{key}`" + (f" (did you mean `{close[0]}`?)" if close else ""))
            continue
        convert, expected = FIELDS[key]
        converted = convert(value)
        if converted is None:
            problems.append(f"`{key}` must be {expected}")
        else:
            values[key] = converted
    for key in ("editions", "formats"):
        if key in values and not values[key]:
            problems.append(f"`{key}` must not be empty")
    if values.get("default_traditional", "zh-Hant-HK") not in ("zh-Hant-HK", "zh-Hant-TW"):
        problems.append("`default_traditional` must be zh-Hant-HK or zh-Hant-TW")
    if problems:
        raise ConfigError("; ".join(problems), path)
    return Config(**values, path=path)
