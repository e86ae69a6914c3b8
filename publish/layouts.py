"""Layouts are data: a folder with ``layout.toml``, Jinja2 templates and CSS.

A layout named N is searched in the workspace's ``layouts/N/`` first, then in
the built-in ``layouts/N/``, file by file, so a workspace can override one
template or the CSS and keep the rest. Both are followed by the ``common``
folders, which hold what every layout shares (block macros, base CSS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from publish.choices import FORMAT_PAGES
from publish.config import read_toml
from publish.errors import ConfigError, LayoutError, os_reason
from publish.i18n import N_, _
from publish.paths import builtin_dir, is_inside, shown

COMMON = "common"
# What ``publish layouts`` prints, translated when shown: where a layout
# comes from, and the built-in layouts' descriptions (their layout.toml;
# tests/test_i18n.py keeps the two in step).
ORIGINS = (N_("built-in"), N_("workspace"), N_("workspace override of built-in"))
BUILTIN_DESCRIPTIONS = (
    N_("A4 handout on the GB/T 9704 grid: 28 characters x 22 lines, 16 pt body"),
    N_("A5 booklet for saddle-stitching: cover, 30 characters x 26 lines, 10.5 pt body"),
    N_("A4 large print: 20 pt body, 22 characters x 18 lines"),
    N_("Phone: 90 x 160 mm pages, 14 pt body, 14 characters x 15 lines, no imposition"),
)
# "phone": a 9:16 page a PDF viewer fits to a phone screen (layouts/phone).
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "phone": (90.0, 160.0)}


@dataclass(frozen=True)
class Grid:
    """The character grid of plain body text (GB/T 9704: 28 x 22 at 16 pt)."""

    font_size_pt: float
    chars_per_line: int
    lines_per_page: int


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    page: str
    formats: tuple[str, ...]  # the formats it serves: a4 needs A4 pages, a5 and booklet A5
    page_mm: tuple[float, float]
    text_block_mm: tuple[float, float]
    grid: Grid
    search_path: tuple[Path, ...]
    origin: str  # "built-in", "workspace" or "workspace override of built-in"
    cover: bool
    typography: dict[str, object]
    sizes: dict[str, float]
    strings: dict[str, str]

    def pt(self, mm: float) -> float:
        return mm * 72 / 25.4


def layout_roots(workspace: Path) -> tuple[Path, Path]:
    return workspace / "layouts", builtin_dir("layouts")


def available_layouts(workspace: Path) -> dict[str, str]:
    """Name -> where it comes from, for ``publish layouts``."""
    own, builtin = layout_roots(workspace)
    found: dict[str, str] = {}
    for root, origin in ((builtin, "built-in"), (own, "workspace")):
        if not root.is_dir() or (origin == "workspace" and root.resolve() == builtin.resolve()):
            continue
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name != COMMON):
            overrides = origin == "workspace" and folder.name in found
            found[folder.name] = "workspace override of built-in" if overrides else origin
    return found


def load_layout(name: str, workspace: Path) -> Layout:
    """The layout ``name`` as the workspace has it (its own folder over the
    built-in one, ``common`` under both), read again only when one of its
    folders, ``layout.toml`` files or templates (the strings a workspace's
    layout.toml may give) changes (``keys.settled``)."""
    from publish.keys import settled

    folders = [root / folder for root in layout_roots(workspace) for folder in (name, COMMON)]
    files = [*(folder / "layout.toml" for folder in folders),
             *(template for folder in folders if folder.is_dir() for template in sorted(folder.glob("*.j2")))]
    return settled(("layout", name, str(workspace)), [*folders, *files], lambda: _load_layout(name, workspace))


def _load_layout(name: str, workspace: Path) -> Layout:
    own, builtin = layout_roots(workspace)
    if own.resolve() == builtin.resolve():
        own = None  # the repository is itself a workspace: one folder serves both
    candidates = [root / name for root in (own, builtin) if root is not None]
    folders = [f for f in candidates if f.is_dir()]
    if not folders:
        known = ", ".join(sorted(available_layouts(workspace))) or _("none")
        raise LayoutError(_("no layout named {name!r}").format(name=name),
                          hint=_("known layouts: {known}").format(known=known))
    config: dict = {}
    commons = [root / COMMON for root in (own, builtin) if root is not None and (root / COMMON).is_dir()]
    # common/layout.toml first, then the built-in layout's, then the
    # workspace's: each updates what came before.
    for folder in [*reversed(commons), *reversed(folders)]:
        toml_path = folder / "layout.toml"
        if toml_path.is_file():
            data, text = read_toml(toml_path)
            if own is not None and folder.parent == own:
                # (The built-in files are checked by the tests.)
                check_layout_file(toml_path, data, text, [*folders, *commons])
            config = _merge(config, data)
    if not any((folder / "layout.toml").is_file() for folder in folders):
        raise LayoutError(_("layout {name!r} has no layout.toml").format(name=name), folders[0])
    origin = "built-in"
    if own is not None and (own / name).is_dir():
        origin = "workspace override of built-in" if (builtin / name).is_dir() else "workspace"
    try:
        page = config.get("page", "A4")
        grid = config.get("grid", {})
        return Layout(
            name=name,
            description=str(config.get("description", "")),
            page=page,
            formats=_formats(config, page, folders[0] / "layout.toml"),
            page_mm=PAGE_SIZES_MM[page],
            text_block_mm=tuple(config["text_block_mm"]),
            grid=Grid(float(grid["font_size_pt"]), int(grid["chars_per_line"]), int(grid["lines_per_page"])),
            search_path=tuple(folders + commons),
            origin=origin,
            cover=bool(config.get("cover", False)),
            typography=dict(config.get("typography", {})),
            sizes={str(k): float(v) for k, v in config.get("sizes", {}).items()},
            strings={str(k): str(v) for k, v in config.get("strings", {}).items()},
        )
    except KeyError as exc:
        raise ConfigError(_("layout {name!r}: missing or unknown setting {setting}").format(name=name, setting=exc),
                          folders[0] / "layout.toml") from None


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


# What a layout.toml may hold, key by key: (is the value right, what is
# expected). A key not here is a mistake, named with its line: ignored, a
# misspelt `chars_per_lines` would leave the grid as it was without a word.
_NUMBER = (_number, N_("a number greater than 0"))
_SWITCH = (lambda value: isinstance(value, bool), N_("true or false"))
LAYOUT_FIELDS: dict[str, tuple] = {
    "description": (lambda value: isinstance(value, str), N_("a description (text)")),
    "page": (lambda value: value in PAGE_SIZES_MM, N_("the page size: A4, A5 or phone")),
    "formats": (lambda value: isinstance(value, list), N_("a list of formats: a4, a5, booklet, phone")),
    "text_block_mm": (lambda value: isinstance(value, list) and len(value) == 2 and all(map(_number, value)),
                      N_("the text block's width and height in millimetres, e.g. [156.0, 225.0]")),
    "cover": _SWITCH,
    "grid": (lambda value: isinstance(value, dict), N_("a table [grid]")),
    "sizes": (lambda value: isinstance(value, dict), N_("a table [sizes]")),
    "typography": (lambda value: isinstance(value, dict), N_("a table [typography]")),
    "strings": (lambda value: isinstance(value, dict), N_("a table [strings]")),
}
LAYOUT_TABLES: dict[str, dict[str, tuple]] = {
    "grid": {"font_size_pt": _NUMBER, "chars_per_line": (lambda value: isinstance(value, int) and _number(value),
                                                         N_("a whole number greater than 0")),
             "lines_per_page": (lambda value: isinstance(value, int) and _number(value),
                                N_("a whole number greater than 0"))},
    "sizes": {name: _NUMBER for name in ("title_pt", "cover_title_pt", "page_number_pt", "page_number_gap_mm",
                                         "running_head_pt", "running_head_gap_mm", "table_pt")}
    | {"page_number_inset_chars": (lambda value: _number(value) or value == 0, N_("a number of characters, 0 or more"))},
    "typography": {name: _SWITCH for name in ("latin_gap", "keep_last_line", "justify", "compress_punctuation",
                                              "compress_punctuation_zh-Hans", "compress_punctuation_zh-Hant-HK",
                                              "compress_punctuation_zh-Hant-TW")},
}


def check_layout_file(path: Path, data: dict, text: str, search_path: list[Path]) -> None:
    """A workspace's layout.toml: every key known and every value of its
    kind, or a ConfigError naming each mistake's line. [strings] holds the
    words the templates print: the built-in ones, and any the layout's own
    templates name (``strings.NAME``)."""
    from publish.choices import did_you_mean
    from publish.config import key_lines, raise_mistakes

    lines = key_lines(text)
    problems: list[tuple[int, str]] = []
    named = {match for folder in search_path for template in sorted(folder.glob("*.j2"))
             for match in re.findall(r"strings\.([A-Za-z_][A-Za-z0-9_]*)", template.read_text("utf-8"))}
    tables = {**LAYOUT_TABLES, "strings": {name: (lambda value: isinstance(value, str), N_("text"))
                                           for name in sorted({"subject", *named})}}

    def check(values: dict, fields: dict, table: str | None) -> None:
        for key, value in values.items():
            where = (table, key) if table else (key,)
            line = lines.get(where) or lines.get(where[:1]) or 0
            if key not in fields:
                message = _("[{table}] unknown key `{key}`{hint}; keys: {known}").format(
                    table=table, key=key, hint=did_you_mean(key, fields), known=", ".join(fields)) if table else \
                    _("unknown key `{key}`{hint}").format(key=key, hint=did_you_mean(key, fields))
                problems.append((line, message))
            elif isinstance(value, str) and fields[key] in (_NUMBER, tables["grid"]["chars_per_line"]) and \
                    re.fullmatch(r"\s*\d+(\.\d+)?\s*", value):
                problems.append((line, f"[{table}] `{key}`: " + _("must be a number: write {value} without quotes")
                                 .format(value=value.strip())))
            elif not fields[key][0](value):
                problems.append((line, _("{inside}`{key}` must be {expected}").format(
                    inside=f"[{table}] " if table else "", key=key, expected=_(fields[key][1]))))
            elif table is None and key in tables:
                check(value, tables[key], key)

    check(data, LAYOUT_FIELDS, None)
    raise_mistakes(path, problems)


def layout_formats(name: str, workspace: Path) -> tuple[str, ...]:
    """The formats a layout serves, from its layout.toml."""
    return load_layout(name, workspace).formats


def _formats(config: dict, page: str, where: Path) -> tuple[str, ...]:
    """``formats`` as declared, or by the page size: an A4 layout makes a4,
    an A5 one the booklet and its a5 reading copy."""
    declared = config.get("formats")
    if declared is None:
        return tuple(f for f, size in FORMAT_PAGES.items() if size == page)
    if not isinstance(declared, list) or not declared:
        raise ConfigError(_("`formats` must be a list of formats: {known}").format(
            known=", ".join(FORMAT_PAGES)), where)
    for fmt in declared:
        if FORMAT_PAGES.get(fmt) != page:
            raise ConfigError(_("`formats`: {format!r} cannot be made from {page} pages").format(
                format=fmt, page=page), where, _("{page} pages make {formats}").format(
                page=page, formats=", ".join(f for f, size in FORMAT_PAGES.items() if size == page)))
    return tuple(declared)


def _merge(base: dict, update: dict) -> dict:
    merged = dict(base)
    for key, value in update.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


# The stylesheets a document takes from its layout (document.html.j2).
STYLESHEETS = ("base.css", "style.css", "compilation.css", "part.css", "frame.css")
# WeasyPrint's words for a declaration it drops, and publish's.
_DROPPED = {"unknown property": N_("{where}: `{declaration}` is left out: no such property"),
            "invalid value": N_("{where}: `{declaration}` is left out: its value is not valid there")}


@dataclass(frozen=True)
class SetStyle:
    """A layout's stylesheet file as it is set into a document's <style>,
    and the files it brings in (imported, or named by ``url()``)."""

    text: str
    files: tuple[Path, ...] = ()


def set_style(text: str, path: Path, folders: tuple[Path, ...], _importing: tuple[Path, ...] = ()) -> SetStyle:
    """The stylesheet ``path`` (its ``text``) as a document holds it: its
    relative addresses (``url(logo.png)``) lead where they lead from the
    file itself, as in any stylesheet (the document's own base is the
    workspace), and each ``@import`` is replaced by the file it names, at
    its place in the cascade (in a document's <style>, after the built-in
    rules, an @import would be dropped). An imported file must lie in one
    of the layout's ``folders`` (the files its cache key is made of)."""
    lowered = text.lower()
    if "url(" not in lowered and "@import" not in lowered:
        return SetStyle(text)
    import tinycss2

    base = path.parent.resolve().as_uri() + "/"
    parts, files = [], []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=False):
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            imported = _imported(rule, path, folders, _importing)
            if imported is not None:
                parts.append(imported.text)
                files += imported.files
                continue
        for tokens in (getattr(rule, "prelude", None), getattr(rule, "content", None)):
            files += _rebase(tokens or [], base)
        parts.append(tinycss2.serialize([rule]))
    return SetStyle("".join(parts), tuple(dict.fromkeys(files)))


def _imported(rule, path: Path, folders: tuple[Path, ...], importing: tuple[Path, ...]) -> SetStyle | None:
    """What ``@import`` ``rule`` of ``path`` brings in, under ``@media`` if
    it names media; None for an import of another kind (``layer()``,
    ``supports()``), left as written."""
    import tinycss2
    from urllib.parse import unquote, urlsplit

    tokens = [t for t in rule.prelude if t.type not in ("whitespace", "comment")]
    address = None
    if tokens and tokens[0].type in ("string", "url"):
        address = tokens[0].value
    elif tokens and tokens[0].type == "function" and tokens[0].lower_name == "url":
        address = next((t.value for t in tokens[0].arguments if t.type == "string"), None)
    if address is None or any(t.type == "function" for t in tokens[1:]):
        return None
    where = f"{shown(path)}:{rule.source_line}"
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", address) and not address.lower().startswith("file:"):
        raise LayoutError(_("cannot import {address}: only a file of the layout's folders can be imported")
                          .format(address=address), where)
    target = (Path(unquote(urlsplit(address).path)) if address.lower().startswith("file:")
              else path.parent / unquote(address)).resolve()
    if not any(is_inside(target, folder) for folder in folders):
        raise LayoutError(_("cannot import {address}: only a file of the layout's folders can be imported")
                          .format(address=address), where)
    if target in importing:
        raise LayoutError(_("{address} imports itself").format(address=address), where)
    try:
        text = target.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise LayoutError(_("cannot import {address}: {error}").format(address=address, error=_("no such file")),
                          where) from None
    except UnicodeDecodeError:
        raise LayoutError(_("cannot import {address}: {error}").format(
            address=address, error=_("not UTF-8 text: save it as UTF-8")), where) from None
    except OSError as exc:
        raise LayoutError(_("cannot import {address}: {error}").format(address=address, error=os_reason(exc)),
                          where) from None
    inner = set_style(text, target, folders, (*importing, path.resolve()))
    media = tinycss2.serialize(rule.prelude[rule.prelude.index(tokens[0]) + 1:]).strip()
    return SetStyle(f"@media {media} {{\n{inner.text}\n}}\n" if media else inner.text + "\n",
                    (target, *inner.files))


def _rebase(nodes: list, base: str) -> list[Path]:
    """Make the relative addresses of ``nodes`` lead from ``base``; the
    files they name."""
    from urllib.parse import unquote, urljoin, urlsplit

    from tinycss2.serializer import serialize_string_value, serialize_url

    files = []

    def rebase(token) -> None:
        # (an address with a scheme, data: included, or a fragment alone stays)
        address = token.value
        if not address or address.startswith("#") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", address):
            return
        # (a token is written out as it was read: its representation)
        token.value = urljoin(base, address)
        token.representation = (f"url({serialize_url(token.value)})" if token.type == "url"
                                else f'"{serialize_string_value(token.value)}"')
        files.append(Path(unquote(urlsplit(token.value).path)))

    for node in nodes:
        if node.type == "url":
            rebase(node)
        elif node.type == "function" and node.lower_name == "url":
            for argument in node.arguments:
                if argument.type == "string":
                    rebase(argument)
        elif node.type in ("function", "() block", "[] block", "{} block"):
            files += _rebase(node.arguments if node.type == "function" else node.content, base)
    return files


def style_files(layout: Layout) -> tuple[Path, ...]:
    """The files a layout's stylesheets bring in that are not in its
    folders (a picture elsewhere in the workspace): what its outputs
    depend on beyond their keys."""
    found = []
    for name in STYLESHEETS:
        path = next((folder / name for folder in layout.search_path if (folder / name).is_file()), None)
        if path is not None:
            found += [file for file in set_style(path.read_text(encoding="utf-8-sig"), path, layout.search_path).files
                      if file.is_file() and not any(is_inside(file, folder) for folder in layout.search_path)]
    return tuple(dict.fromkeys(found))


def stylesheet_problems(layout: Layout, workspace: Path) -> list[str]:
    """What the typesetter would leave out of the stylesheets a workspace
    gives ``layout`` (its own or an override of a built-in one), one line
    each naming the file and line, in the user's language. WeasyPrint says
    it in English while typesetting, counting lines from the top of the
    document's whole stylesheet, and naming no file (``typeset`` keeps
    those lines back). The built-in stylesheets are kept clean by the tests."""
    import logging

    files = [next((folder / name for folder in layout.search_path if (folder / name).is_file()), None)
             for name in STYLESHEETS]
    own = [path for path in files if path is not None and is_inside(path, workspace)]
    if not own:
        return []
    from weasyprint import CSS

    from publish.typeset import sandbox_fetcher

    heard: list[logging.LogRecord] = []

    class Ear(logging.Handler):
        def emit(self, record):
            heard.append(record)

    problems = []
    logger = logging.getLogger("weasyprint")
    ear = Ear(logging.WARNING)
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(ear)
    try:
        checked: set[Path] = set()
        while own:
            path = own.pop(0)
            if path in checked:
                continue
            checked.add(path)
            heard.clear()
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise LayoutError(_("cannot read the stylesheet: {error}").format(error=exc), path) from None
            # What it imports (there, readable, not itself) is checked as a
            # file of its own, not as part of this one.
            own += [file for file in set_style(text, path, layout.search_path).files
                    if file.suffix.lower() == ".css" and is_inside(file, workspace)]
            text = _IMPORT.sub(lambda rule: "\n" * rule.group(0).count("\n"), text)
            # (No font configuration: the @font-face rules are the fonts
            # module's business, and nothing is fetched.)
            CSS(string=text, base_url=path.as_uri(), url_fetcher=sandbox_fetcher((workspace,)))
            where = path.relative_to(workspace) if is_inside(path, workspace) else path
            for record in heard:
                message = record.getMessage()
                at = re.search(r" at (\d+):(\d+)", message)
                line = int(at.group(1)) if at else _line_of(text, message)
                spot = f"{where}:{line}" if line else str(where)
                dropped = re.match(r"Ignored `(.+)` at \d+:\d+, (.+)\.$", message, re.S)
                if dropped and dropped.group(2) in _DROPPED:
                    problems.append(_(_DROPPED[dropped.group(2)]).format(where=spot,
                                                                         declaration=dropped.group(1).strip()))
                else:
                    said = (message[:at.start()] + message[at.end():]) if at else message
                    problems.append(_("{where}: left out by the typesetter: {message}").format(
                        where=spot, message=said.strip(" .:,")))
    finally:
        logger.removeHandler(ear)
        logger.propagate = propagate
    return problems


# An @import rule (imports stand first), a semicolon in a quoted address
# part of it.
_IMPORT = re.compile(r"""@import\b(?:"[^"]*"|'[^']*'|[^;"'])*;""", re.I)


def _line_of(text: str, message: str) -> int | None:
    """The line of ``text`` that holds what ``message`` quotes (WeasyPrint
    names a selector it cannot use without saying where)."""
    quoted = re.search(r"'([^']+)'", message)
    at = text.find(quoted.group(1).strip()) if quoted and quoted.group(1).strip() else -1
    return text.count("\n", 0, at) + 1 if at >= 0 else None
