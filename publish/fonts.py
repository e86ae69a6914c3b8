"""Font roles and stacks: ``fonts/fonts.toml`` -> the faces that print.

The built-in ``fonts.toml`` names the open fonts Debian ships; a workspace's
``fonts/fonts.toml`` replaces roles one by one, and font files in the
workspace's ``fonts/`` folder are registered with ``@font-face``, so an
office can use its licensed 方正小标宋 or 仿宋_GB2312 by dropping the file
in and naming it.

``resolve`` is the one place that decides which face a name in a stack
means, for the build's CSS, the glyph check and ``publish doctor`` alike:
the workspace's files first, by any of their names in any language (name
table IDs 1, 4, 16, 21: ``仿宋_GB2312`` and ``FangSong_GB2312`` are one
font), then the installed fonts, by any of the family names fontconfig
knows for them (``霞鹜文楷`` is LXGW WenKai). A name that is neither is
missing: never silently replaced by whatever fontconfig substitutes.
"""

from __future__ import annotations

import logging
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from publish.choices import did_you_mean
from publish.errors import ConfigError, FontError
from publish.i18n import _, ngettext
from publish.paths import builtin_dir, shown

log = logging.getLogger(__name__)

ROLES = ("body", "title", "heading", "kai")
SCRIPTS = ("SC", "TC", "HK")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
# A CJK font always ends the stack, so nothing falls through to a Japanese face.
LAST_RESORT = {"SC": "Noto Sans CJK SC", "TC": "Noto Sans CJK TC", "HK": "Noto Sans CJK HK"}
# Name table IDs a font answers to: family, full name, typographic family, WWS family.
NAME_IDS = (1, 4, 16, 21)

# Fonts an office buys (or has with Windows): no package installs them.
LICENSED = ("方正", "FZ", "仿宋", "FangSong", "楷体", "KaiTi", "黑体", "SimHei", "宋体", "SimSun", "华文", "STSong",
            "STKaiti", "STFangsong", "STHeiti", "微软雅黑", "Microsoft YaHei", "汉仪", "HY")
# Open fonts and the Debian package that has them (lower case, blanks removed).
DEBIAN = {"notoserifcjk": "fonts-noto-cjk", "notosanscjk": "fonts-noto-cjk", "lxgwwenkai": "fonts-lxgw-wenkai",
          "arplumingcn": "fonts-arphic-uming", "arpluming": "fonts-arphic-uming", "arplukai": "fonts-arphic-ukai",
          "wenquanyizenhei": "fonts-wqy-zenhei", "wenquanyimicrohei": "fonts-wqy-microhei",
          "droidsansfallback": "fonts-droid-fallback"}


@dataclass(frozen=True)
class FontFile:
    path: Path
    family: str                  # the name the build gives it in CSS
    names: tuple[str, ...] = ()  # every name it answers to, in any language
    index: int = 0


@dataclass(frozen=True)
class Fonts:
    stacks: tuple[tuple[str, str, tuple[str, ...]], ...]  # (role, script, families)
    files: tuple[FontFile, ...]
    defined_in: tuple[tuple[str, str], ...] = ()  # role -> the fonts.toml that gives its stacks

    def stack(self, role: str, script: str) -> tuple[str, ...]:
        for r, s, families in self.stacks:
            if r == role and s == script:
                return families
        raise ConfigError(_("no font stack for role {role!r}, script {script}").format(role=role, script=script))

    def source(self, role: str) -> str:
        return dict(self.defined_in).get(role, "fonts.toml")


@dataclass(frozen=True)
class Face:
    family: str   # as CSS names it
    file: str
    index: int
    workspace: bool


@dataclass(frozen=True)
class Resolved:
    """What a role's stack comes to for one script."""

    role: str
    script: str
    stack: tuple[str, ...]                     # as fonts.toml asks
    found: tuple[tuple[str, Face], ...]        # (name asked, its face), in stack order
    missing: tuple[str, ...]                   # names no font answers to

    @property
    def used(self) -> Face | None:
        """The face the role's text is set in (None: no font of the stack)."""
        return self.found[0][1] if self.found else None

    @property
    def skipped(self) -> tuple[str, ...]:
        """The names asked for before the one used, which were not found."""
        if not self.found:
            return self.missing
        first = self.stack.index(self.found[0][0])
        return tuple(name for name in self.stack[:first] if name in self.missing)


def script_of(lang: str) -> str:
    return {"zh-Hant-TW": "TC", "zh-Hant-HK": "HK"}.get(lang, "SC")


def load_fonts(workspace: Path) -> Fonts:
    """The font stacks (built-in ``fonts.toml``, the workspace's over it)
    and the workspace's font files, read again only when one of them, or
    its folder, changes (``keys.settled``)."""
    from publish.keys import settled

    folder = workspace / "fonts"
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    return settled(("fonts", str(workspace)), [builtin_dir("fonts") / "fonts.toml", folder, *files],
                   lambda: _load_fonts(workspace))


def _load_fonts(workspace: Path) -> Fonts:
    builtin = builtin_dir("fonts") / "fonts.toml"
    table = _read_stacks(builtin)
    defined_in = {role: "fonts.toml (built-in)" for role in table}
    own = workspace / "fonts" / "fonts.toml"
    if own.is_file() and own.resolve() != builtin.resolve():
        for role, scripts in _read_stacks(own).items():
            table[role] = {**table.get(role, {}), **scripts}
            defined_in[role] = shown(own)
    stacks = []
    for role in ROLES:
        for script in SCRIPTS:
            families = tuple(table.get(role, {}).get(script, ()))
            if not families:
                raise ConfigError(_("no fonts for role [{role}] script {script}").format(role=role, script=script),
                                  shown(own) if own.is_file() else None)
            stacks.append((role, script, families))
    return Fonts(tuple(stacks), tuple(_workspace_font_files(workspace / "fonts")), tuple(defined_in.items()))


@lru_cache(maxsize=128)
def resolve(fonts: Fonts, role: str, script: str) -> Resolved:
    """Which face each name of a role's stack means (see the module's doc)."""
    own: dict[str, FontFile] = {}
    for font in fonts.files:
        for name in (font.family, *font.names):
            own.setdefault(_key(name), font)
    installed = installed_faces()
    found: list[tuple[str, Face]] = []
    missing: list[str] = []
    for name in fonts.stack(role, script):
        if (font := own.get(_key(name))) is not None:
            found.append((name, Face(font.family, str(font.path), font.index, True)))
        elif (face := installed.get(_key(name))) is not None:
            found.append((name, face))
        else:
            missing.append(name)
    return Resolved(role, script, fonts.stack(role, script), tuple(found), tuple(missing))


def last_resort(script: str) -> Face | None:
    return installed_faces().get(_key(LAST_RESORT[script]))


def check_fonts(fonts: Fonts, scripts, allow_fallback: bool = False) -> None:
    """Before anything is typeset, for the scripts being built: a role none
    of whose fonts is installed stops the build (or, allowed, prints with
    the fallback, saying so); a role whose first fonts are missing says, in
    one line, which font it prints with instead."""
    failed = []
    for script in dict.fromkeys(scripts):
        for role in ROLES:
            resolved = resolve(fonts, role, script)
            if resolved.used is None:
                failed.append(resolved)
            elif resolved.skipped:
                log.warning("%s", _("{where}: {role} ({script}) prints in {used}: {missing} not found; {advice}").format(
                    where=fonts.source(role), role=role, script=script, used=resolved.used.family,
                    missing=", ".join(resolved.skipped), advice=advice(resolved.skipped[0])))
    if not failed:
        return
    lines = tuple(_("{where}: no font of {role} ({script}) is installed: {families}; {advice}").format(
        where=fonts.source(r.role), role=r.role, script=r.script, families=", ".join(r.stack),
        advice=advice(r.stack[0])) for r in failed)
    if allow_fallback:
        for r in failed:
            log.warning("%s", _("{where}: no font of {role} ({script}) is installed ({families}): printing with "
                                "{fallback} instead").format(where=fonts.source(r.role), role=r.role, script=r.script,
                                                             families=", ".join(r.stack),
                                                             fallback=LAST_RESORT[r.script]))
        return
    if len(lines) == 1:
        raise FontError(lines[0], hint=_("or pass --allow-font-fallback to print with {fallback}").format(
            fallback=LAST_RESORT[failed[0].script]))
    raise FontError(ngettext("{n} font role has no installed font", "{n} font roles have no installed font",
                             len(lines)).format(n=len(lines)),
                    hint=_("or pass --allow-font-fallback to print with the fallback font"), details=lines)


def advice(family: str) -> str:
    """What to do about a missing font: its file for a licensed one, its
    Debian package for an open one."""
    key = _key(family)
    package = next((pkg for prefix, pkg in DEBIAN.items() if key.startswith(prefix)), None)
    if package:
        return _("install it: sudo apt-get install -y {package}").format(package=package)
    if any(key.startswith(_key(prefix)) for prefix in LICENSED):
        return _("a licensed font no package installs: copy its file (.ttf, .otf) into fonts/")
    return _("copy its font file into fonts/, or install it")


def font_css(fonts: Fonts, lang: str, workspace: Path) -> str:
    """``@font-face`` rules for the workspace's files and one CSS variable per
    role (``--font-body`` …) holding the resolved stack for the edition's
    script: only fonts that exist, by the name the build knows them by."""
    script = script_of(lang)
    rules = []
    for font in fonts.files:
        url = font.path.resolve().relative_to(workspace.resolve()).as_posix()
        rules.append(f'@font-face {{ font-family: {_quote(font.family)}; src: url("{url}"); }}')
    variables = []
    for role in ROLES:
        families = [face.family for _name, face in resolve(fonts, role, script).found]
        families.append(LAST_RESORT[script])
        variables.append(f"  --font-{role}: {', '.join(_quote(f) for f in dict.fromkeys(families))};")
    return "\n".join(rules + [":root {", *variables, "}"])


def stack_faces(fonts: Fonts, role: str, script: str) -> tuple[Face, ...]:
    """The faces a role's text may be set in, the fallback last."""
    faces = [face for _name, face in resolve(fonts, role, script).found]
    fallback = last_resort(script)
    if fallback is not None:
        faces.append(fallback)
    return tuple(dict.fromkeys(faces))


@lru_cache(maxsize=1)
def installed_faces() -> dict[str, Face]:
    """Every installed family, under each of its names in every language
    (one fc-list for all): name key -> the regular face of the family."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{file}|%{index}|%{style[0]}|%{family}\n"],
                             capture_output=True, text=True, timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    faces: dict[str, Face] = {}
    regular: set[str] = set()
    for line in sorted(out.splitlines()):  # sorted: the same choice every run
        file, index, style, families = (line.split("|", 3) + ["", "", ""])[:4]
        names = [n.strip() for n in families.split(",") if n.strip()]
        if not names:
            continue
        upright = style.strip() in ("Regular", "Book", "Normal")
        face = Face(names[0], file, int(index or 0), False)
        for name in names:
            key = _key(name)
            # the regular face stands for the family, not its Bold or Light
            if key not in faces or (upright and key not in regular):
                faces[key] = face
                if upright:
                    regular.add(key)
    return faces


def _key(name: str) -> str:
    """Family names compare as fontconfig compares them: case and blanks aside."""
    return "".join(name.split()).casefold()


def _quote(family: str) -> str:
    return '"' + "".join(ch for ch in family if ch not in '"<>\\') + '"'


def _read_stacks(path: Path) -> dict[str, dict[str, tuple[str, ...]]]:
    """A fonts.toml: role -> script -> families, every mistake reported."""
    from publish.config import key_lines, read_toml

    data, text = read_toml(path)
    lines = key_lines(text)
    named = shown(path)  # (once: 0.1 ms a call, twenty keys)
    problems: list[tuple[str, str]] = []  # (where, the message that starts with it)
    stacks: dict[str, dict[str, tuple[str, ...]]] = {}
    for role, scripts in data.items():
        where = f"{named}:{lines.get((role,), 0)}"
        if role not in ROLES:
            problems.append((where, _("{where}: unknown font role [{role}]{hint} (roles: {roles})").format(
                where=where, role=role, hint=did_you_mean(role, ROLES), roles=", ".join(ROLES))))
            continue
        if not isinstance(scripts, dict):
            problems.append((where, _("{where}: [{role}] must be a table of scripts: SC = [\"…\"]").format(
                where=where, role=role)))
            continue
        stacks[role] = {}
        for script, families in scripts.items():
            where = f"{named}:{lines.get((role, script), 0)}"
            if isinstance(families, str):
                families = [families]
            if script not in SCRIPTS:
                message = _("{where}: [{role}] unknown script {script}{hint} (scripts: {scripts})")
                problems.append((where, message.format(where=where, role=role, script=script,
                                                       hint=did_you_mean(script, SCRIPTS), scripts=", ".join(SCRIPTS))))
            elif not isinstance(families, list) or not families or not all(isinstance(f, str) for f in families):
                message = _("{where}: [{role}] {script} must be a list of font family names")
                problems.append((where, message.format(where=where, role=role, script=script)))
            else:
                stacks[role][script] = tuple(families)
    if len(problems) == 1:
        # (each message starts with where it is: after a ： in Chinese)
        where, message = problems[0]
        raise ConfigError(message[len(where):].lstrip(":： ") if message.startswith(where) else message, where)
    if problems:
        raise ConfigError(ngettext("{n} mistake", "{n} mistakes", len(problems)).format(n=len(problems)),
                          shown(path), details=tuple(message for _where, message in problems))
    return stacks


def _workspace_font_files(folder: Path) -> list[FontFile]:
    if not folder.is_dir():
        return []
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    files = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        try:
            if path.suffix.lower() in (".ttc", ".otc"):
                font = TTCollection(str(path), lazy=True).fonts[0]
            else:
                font = TTFont(str(path), lazy=True)
            table = font["name"]
            family = table.getDebugName(16) or table.getDebugName(1)
            names = tuple(dict.fromkeys(
                text for record in table.names if record.nameID in NAME_IDS
                for text in [_decoded(record)] if text))
        except (TTLibError, OSError, KeyError, IndexError, AssertionError) as exc:
            raise ConfigError(_("not a usable font file ({reason})").format(reason=exc), shown(path)) from None
        if family:
            files.append(FontFile(path, family, names))
    return files


def _decoded(record) -> str:
    try:
        return record.toUnicode().strip()
    except (UnicodeDecodeError, ValueError):
        return ""
