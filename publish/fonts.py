"""Font roles and stacks: ``fonts/fonts.toml`` -> CSS.

The built-in ``fonts.toml`` names the open fonts Debian ships; a workspace's
``fonts/fonts.toml`` replaces roles one by one, and font files in the
workspace's ``fonts/`` folder are registered with ``@font-face`` under their
own family name (read from the file), so an office can use its licensed
方正小标宋 or 仿宋_GB2312 by dropping the file in and naming it.
"""

from __future__ import annotations

import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from publish.errors import ConfigError
from publish.paths import builtin_dir

ROLES = ("body", "title", "heading", "kai")
SCRIPTS = ("SC", "TC", "HK")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
# A CJK font always ends the stack, so nothing falls through to a Japanese face.
LAST_RESORT = {"SC": "Noto Sans CJK SC", "TC": "Noto Sans CJK TC", "HK": "Noto Sans CJK HK"}


@dataclass(frozen=True)
class FontFile:
    path: Path
    family: str


@dataclass(frozen=True)
class Fonts:
    stacks: tuple[tuple[str, str, tuple[str, ...]], ...]  # (role, script, families)
    files: tuple[FontFile, ...]

    def stack(self, role: str, script: str) -> tuple[str, ...]:
        for r, s, families in self.stacks:
            if r == role and s == script:
                return families
        raise ConfigError(f"no font stack for role {role!r}, script {script}")


def script_of(lang: str) -> str:
    return {"zh-Hant-TW": "TC", "zh-Hant-HK": "HK"}.get(lang, "SC")


def load_fonts(workspace: Path) -> Fonts:
    table = _read_toml(builtin_dir("fonts") / "fonts.toml")
    own = workspace / "fonts" / "fonts.toml"
    if own.is_file() and own.resolve() != (builtin_dir("fonts") / "fonts.toml").resolve():
        for role, scripts in _read_toml(own).items():
            if role not in ROLES:
                raise ConfigError(f"unknown font role [{role}] (roles: {', '.join(ROLES)})", own)
            table[role] = {**table.get(role, {}), **scripts}
    stacks = []
    for role in ROLES:
        for script in SCRIPTS:
            families = tuple(str(f) for f in table.get(role, {}).get(script, ()))
            if not families:
                raise ConfigError(f"no fonts for role [{role}] script {script}", own if own.is_file() else None)
            stacks.append((role, script, families))
    return Fonts(tuple(stacks), tuple(_workspace_font_files(workspace / "fonts")))


def font_css(fonts: Fonts, lang: str, workspace: Path) -> str:
    """``@font-face`` rules for the workspace's files and one CSS variable per
    role (``--font-body`` …) holding the stack for the edition's script."""
    script = script_of(lang)
    rules = []
    for font in fonts.files:
        url = font.path.resolve().relative_to(workspace.resolve()).as_posix()
        rules.append(f'@font-face {{ font-family: "{font.family}"; src: url("{url}"); }}')
    variables = []
    for role in ROLES:
        families = list(fonts.stack(role, script))
        if LAST_RESORT[script] not in families:
            families.append(LAST_RESORT[script])
        variables.append(f"  --font-{role}: {', '.join(_quote(f) for f in families)};")
    return "\n".join(rules + [":root {", *variables, "}"])


def resolve_family(family: str, lang: str) -> tuple[str, str] | None:
    """What fontconfig really gives for ``family``: ``(family, file)``, or None
    when fontconfig substitutes another family for a missing one."""
    fc_lang = {"SC": "zh-cn", "TC": "zh-tw", "HK": "zh-hk"}[script_of(lang)]
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{family}\n%{file}", f"{family}:lang={fc_lang}"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    got = [name.strip() for name in out[0].split(",")]
    if family not in got:
        return None
    return got[0], out[1] if len(out) > 1 else ""


def _quote(family: str) -> str:
    return '"' + "".join(ch for ch in family if ch not in '"<>\\') + '"'


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path) from None


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
            names = font["name"]
            family = names.getDebugName(16) or names.getDebugName(1)
        except (TTLibError, OSError, KeyError, IndexError) as exc:
            raise ConfigError(f"not a usable font file ({exc})", path) from None
        if family:
            files.append(FontFile(path, family))
    return files
