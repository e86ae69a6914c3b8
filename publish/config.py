"""The workspace configuration, ``publish.toml`` -> ``Config``.

Declarative: every key is listed once in ``FIELDS`` (a table's keys in a
``FIELDS`` of their own) with its converter and what it expects. Every
mistake is reported at once, each with the file, line, key, what is
expected and a "did you mean"; a top-level key written below a ``[table]``
line (where TOML files it into that table) is named as such; TOML syntax
errors are explained in words.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.choices import ARTICLE_STARTS, BINDINGS, did_you_mean, edition_code, format_name, formats_in_order, \
    one_of
from publish.errors import ConfigError, os_reason
from publish.i18n import N_, _, ngettext
from publish.paths import shown

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
    article_start: str | None = None
    default_traditional: str = "zh-Hant-HK"
    taiwan_vocabulary: bool = False
    hk_forms: str = "press"
    allow_simplified: bool = False
    phrases: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    booklet: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    back_page: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    path: Path | None = None
    # (table, key) -> line in the file, for messages about a value
    lines: dict[tuple[str, ...], int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def is_compilation(self) -> bool:
        return bool(self.articles)

    def where(self, *key: str) -> str:
        """``publish.toml:5`` for a key, for messages about its value."""
        line = self.lines.get(key)
        return f"{shown(self.path)}:{line}" if self.path and line else shown(self.path) if self.path else CONFIG_NAME


# ---------------------------------------------------------------- converters
# Each takes the TOML value and returns what Config holds, or None when the
# value is of the wrong kind (the field's "expected" text is then shown), or
# raises ValueError with a message of its own.

def _text(value):
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return value if isinstance(value, str) else None


_NUMERIC_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")


def _date(value):
    """A date as text (2024-05-06, 2024年5月6日, 二〇二四年五月): one written in
    figures must be a day of the calendar (2024年13月45日 printed on a cover)."""
    text = _text(value)
    found = _NUMERIC_DATE.fullmatch(text.strip()) if text else None
    if found:
        try:
            _dt.date(*map(int, found.groups()))
        except ValueError:
            return None
    return text


def _strings(value):
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        if not value:
            raise ValueError(_("must not be empty"))
        return tuple(value)
    return None


def _editions(value):
    names = _strings(value)
    return None if names is None else tuple(dict.fromkeys(edition_code(name) for name in names))


def _formats(value):
    names = _strings(value)
    return None if names is None else formats_in_order(format_name(name) for name in names)


def _traditional(value):
    if not isinstance(value, str):
        return None
    code = edition_code(value)
    return code if code != "zh-Hans" else None


def _bool(value):
    return value if isinstance(value, bool) else None


def _choice(choices):
    def convert(value):
        return one_of(value, choices) if isinstance(value, str) else None
    return convert


def _number(value):
    if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*", value):
        raise ValueError(_("must be a number: write {value} without quotes").format(value=value.strip()))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _whole(value):
    number = _number(value)
    if number is None or isinstance(number, float) or number < 1:
        return None
    return number


def _millimetres(value):
    number = _number(value)
    if number is None or not 0 <= number <= 10:
        return None
    return float(number)


def _copies(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def _phrases(value):
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return dict(value)
    return None


def _table(value):
    return value if isinstance(value, dict) else None


# key -> (converter, what is expected). A table's keys have a FIELDS of
# their own in TABLES.
BOOKLET_FIELDS: dict[str, tuple] = {
    "bind": (_choice(BINDINGS), N_("left or right: the booklet's binding edge")),
    "sheets_per_signature": (_whole, N_("a whole number of sheets folded together, e.g. 4")),
    "creep_mm": (_millimetres, N_("a number of millimetres from 0 to 10, e.g. 0.5")),
    "marks": (_bool, N_("true or false: fold and trim marks")),
    "manual_duplex": (_bool, N_("true or false: also write fronts and backs files")),
}
BACK_PAGE_FIELDS: dict[str, tuple] = {
    "issuer": (_text, N_("who issues the publication (text)")),
    "date": (_date, N_("the printing date, e.g. 2024-05-06")),
    "copies": (_copies, N_("the number of copies printed, e.g. 200")),
}
TABLES: dict[str, dict[str, tuple]] = {"booklet": BOOKLET_FIELDS, "back_page": BACK_PAGE_FIELDS}

FIELDS: dict[str, tuple] = {
    "title": (_text, N_("the publication's title (text)")),
    "subtitle": (_text, N_("a subtitle (text)")),
    "organizer": (_text, N_("the 编印单位 printed on the cover (text)")),
    "date": (_date, N_("the publication date, e.g. 2024-05-06")),
    "editions": (_editions, N_("a list of editions: zh-Hans, zh-Hant-HK, zh-Hant-TW")),
    "formats": (_formats, N_("a list of formats: a4, a5, booklet, phone")),
    "layout": (_text, N_("a layout name, e.g. handout or large-print")),
    "articles": (_strings, N_("an ordered list of paths or globs under articles/")),
    "slug": (_text, N_("the output file name stem (default: from the folder name)")),
    "contents_sections": (_bool, N_("true or false: list section headings in the contents")),
    "article_start": (_choice(ARTICLE_STARTS), N_("right or page: where each article of a booklet starts")),
    "default_traditional": (_traditional, N_("zh-Hant-HK or zh-Hant-TW: the edition --traditional means")),
    "taiwan_vocabulary": (_bool, N_("true or false: zh-Hant-TW uses Taiwan vocabulary (OpenCC s2twp)")),
    "hk_forms": (_choice(("press", "standard")), N_("press (說 稅 戶) or standard (説 税 户): zh-Hant-HK's glyphs")),
    "allow_simplified": (_bool, N_("true or false: let simplified characters remain in traditional editions")),
    "phrases": (_phrases, N_("a table [phrases] of simplified = \"traditional\" phrases")),
    "booklet": (_table, N_("a table [booklet] with keys bind, sheets_per_signature, creep_mm, marks, "
                           "manual_duplex")),
    "back_page": (_table, N_("a table [back_page] with keys issuer, date, copies")),
}


def load_config(workspace: Path) -> Config:
    """The workspace's publish.toml, or the defaults when there is none."""
    path = workspace / CONFIG_NAME
    if not path.is_file():
        return Config()
    data, text = read_toml(path)
    lines = key_lines(text)
    problems: list[tuple[int, str]] = []

    def problem(key: tuple[str, ...], message: str) -> None:
        problems.append((lines.get(key) or lines.get(key[:1]) or 0, message))

    values = _convert(data, FIELDS, (), problem)
    for name, fields in TABLES.items():
        if isinstance(values.get(name), dict):
            values[name] = _convert(values[name], fields, (name,), problem)
    for key in values.get("phrases", {}):
        if key in FIELDS:  # a top-level key written below [phrases]
            problem(("phrases", key), _misplaced(key, "phrases"))
    if values.get("layout"):
        # which formats it must serve is known only when `formats` is right
        formats = values.get("formats", Config.formats) if "formats" in values or "formats" not in data else None
        try:
            _check_layout(values["layout"], formats, workspace)
        except ValueError as exc:
            problem(("layout",), f"`layout`: {exc}")
    raise_mistakes(path, problems)
    return Config(**values, path=path, lines=lines)


def raise_mistakes(path: Path, problems: list[tuple[int, str]]) -> None:
    """Every (line, message) found in the file at ``path``, at once, as one
    ConfigError (nothing when there are none)."""
    if not problems:
        return
    problems.sort()
    details = tuple(f"{shown(path)}:{line}: {message}" if line else f"{shown(path)}: {message}"
                    for line, message in problems)
    if len(details) == 1:
        raise ConfigError(details[0].split(": ", 1)[1], details[0].split(": ", 1)[0])
    raise ConfigError(ngettext("{n} mistake", "{n} mistakes", len(details)).format(n=len(details)), shown(path),
                      details=details)


def _convert(data: dict, fields: dict[str, tuple], table: tuple[str, ...], problem) -> dict[str, Any]:
    """Each key of ``data`` checked against ``fields``; the converted values."""
    values: dict[str, Any] = {}
    inside = f"[{table[0]}] " if table else ""
    for key, value in data.items():
        if key not in fields:
            problem((*table, key), _unknown(key, table, fields))
            continue
        convert, expected = fields[key]
        try:
            converted = convert(value)
        except ValueError as exc:
            problem((*table, key), f"{inside}`{key}`: {exc}")
            continue
        if converted is None:
            problem((*table, key), _("{inside}`{key}` must be {expected}").format(
                inside=inside, key=key, expected=_(expected)))
        else:
            values[key] = converted
    return values


def _unknown(key: str, table: tuple[str, ...], fields: dict[str, tuple]) -> str:
    if table and key in FIELDS:
        return _misplaced(key, table[0])
    home = next((name for name, own in TABLES.items() if key in own and (name,) != table), None)
    if home:
        return _("`{key}` belongs in [{home}]").format(key=key, home=home) + (
            _(", not in [{table}]").format(table=table[0]) if table else "")
    if table:
        return _("[{table}] unknown key `{key}`{hint}; keys: {known}").format(
            table=table[0], key=key, hint=did_you_mean(key, fields), known=", ".join(fields))
    return _("unknown key `{key}`{hint}").format(key=key, hint=did_you_mean(key, [*FIELDS, *TABLES]))


def _misplaced(key: str, table: str) -> str:
    return _("`{key}` is inside [{table}]: move it above the first [table] line "
             "(TOML puts every key below a [table] line into that table)").format(key=key, table=table)


def _check_layout(name: str, formats: tuple[str, ...] | None, workspace: Path) -> None:
    from publish.layouts import available_layouts, layout_formats

    known = available_layouts(workspace)
    if name not in known:
        raise ValueError(_("no layout named {name!r}{hint}; layouts: {known}").format(
            name=name, hint=did_you_mean(name, known), known=", ".join(known)))
    serves = layout_formats(name, workspace)
    if formats is not None and not set(serves) & set(formats):
        raise ValueError(_("{name!r} makes {serves}, but `formats` asks for {formats}").format(
            name=name, serves=", ".join(serves), formats=", ".join(formats)))


# ---------------------------------------------------------------- reading TOML

_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_TABLE_LINE = re.compile(rf"^\s*\[\[?\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*\]\]?")
_KEY_LINE = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=\s*(.*)$")


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Where each key and table is written: (table..., key) -> line. tomllib
    keeps no positions; a line scan is enough for messages."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    closing = None  # inside a multi-line string: the quotes that end it
    for number, line in enumerate(text.split("\n"), start=1):
        if closing:
            if closing in line:
                closing = None
            continue
        if match := _TABLE_LINE.match(line):
            table = _key_parts(match.group(1))
            lines.setdefault(table, number)
        elif match := _KEY_LINE.match(line):
            lines.setdefault(table + _key_parts(match.group(1)), number)
            value = match.group(2)
            for quotes in ('"""', "'''"):
                if value.startswith(quotes) and value.count(quotes) == 1:
                    closing = quotes
    return lines


def _key_parts(key: str) -> tuple[str, ...]:
    return tuple(part.strip("\"'") for part in re.findall(_KEY_PART, key))


def read_toml(path: Path) -> tuple[dict, str]:
    """A TOML file's data and text; ConfigError naming the line and the
    mistake in words when it is not valid TOML."""
    import tomllib  # a workspace without publish.toml builds without it

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(_("not UTF-8 text: save it as UTF-8"), shown(path)) from None
    except OSError as exc:
        raise ConfigError(_("cannot read: {reason}").format(reason=os_reason(exc)), shown(path)) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        line, column, message = explain_toml_error(text, exc)
        where = shown(path) + (f":{line}:{column}" if line else "")
        raise ConfigError(message, where) from None


_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")
_FULL_WIDTH_SYNTAX = {"＝": "=", "［": "[", "］": "]", "【": "[", "】": "]", "，": ",", "＃": "#", "｛": "{", "｝": "}"}


def explain_toml_error(text: str, exc: Exception) -> tuple[int, int, str]:
    """(line, column, what is wrong in words) for a TOML syntax error."""
    raw = str(exc)
    match = _POSITION.search(raw)
    reason = _POSITION.sub("", raw)
    line = int(match.group(1)) if match and match.group(1) else text.rstrip().count("\n") + 1
    column = int(match.group(2)) if match and match.group(2) else 0
    source = text.split("\n")[line - 1] if 0 < line <= len(text.split("\n")) else ""
    if any(q in source for q in "“”‘’＂＇"):
        return line, column, _('use straight quotes "…" around text, not “…” or ‘…’ (switch the input '
                               'method to half-width punctuation)')
    code = _outside_strings(source)
    for wide, plain in _FULL_WIDTH_SYNTAX.items():
        if wide in code:
            return line, column, _("use a half-width {plain} here, not the full-width {wide}").format(
                plain=plain, wide=wide)
    if reason.startswith("Expected newline") and re.search(r"=\s*\d{4}-\d{1,2}-\d{1,2}", source):
        reason = "Invalid date or datetime"
    explained = {
        "Invalid value": _('a value TOML cannot read: write text in straight double quotes, key = "…"; '
                           'numbers, true/false and dates without quotes'),
        "Cannot overwrite a value": _("this key is given twice: keep one"),
        "Cannot declare": _("this [table] is given twice: keep one and put all its keys under it"),
        "Expected '=' after a key": _("expected key = value on this line (keys are plain words without spaces; "
                                      "quote text)"),
        "Unclosed array": _("a list is not closed: end it with ]"),
        "Unclosed inline table": _("a { … } table is not closed: end it with }"),
        "Unterminated string": _('a text is not closed: end it with a straight quote "'),
        "Illegal character '\\n'": _('a text is not closed: end it with a straight quote " on the same line'),
        "Invalid date or datetime": _("not a date: write it as 2024-05-06 (two digits for month and day)"),
        "Expected newline": _("more on this line than one key = value: put text in quotes, and a comment "
                              "after #"),
        "Unescaped '\\'": _("a backslash in \"…\" must be doubled (\\\\); or write the path with / "
                            "or in single quotes '…'"),
        "Illegal character": _("a control character inside a text: delete it"),
        "Expected ']'": _("a [table] line must end with ]"),
        "Invalid statement": _("this line is neither key = value nor a [table] line"),
        "Invalid initial character for a key part": _("this line is neither key = value nor a [table] line"),
        "Found invalid character": _("unexpected characters after the value (a comment starts with #)"),
    }
    message = next((words for start, words in explained.items() if reason.startswith(start)), reason)
    return line, column, message


def _outside_strings(line: str) -> str:
    """A TOML line without its quoted texts and comment: where syntax is."""
    out, quote = [], None
    for ch in line:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        else:
            out.append(ch)
    return "".join(out)
