"""``publish doctor``: what this machine gives the typesetter, and the
command that fixes each problem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from publish.fonts import ROLES, SCRIPTS, load_fonts, resolve_family

APT = "sudo apt-get install -y"


def diagnose(workspace: Path) -> Iterator[tuple[bool, str]]:
    from weasyprint import __version__ as weasyprint_version
    from weasyprint.text.ffi import harfbuzz_subset, pango

    yield True, f"WeasyPrint {weasyprint_version}"
    number = pango.pango_version()
    version = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    yield pango.pango_version() >= 14400, f"Pango {version}" + (
        "" if pango.pango_version() >= 14400 else f" is older than 1.44: {APT} libpango-1.0-0")
    if harfbuzz_subset is not None:
        yield True, "HarfBuzz subsetting available (libharfbuzz-subset0)"
    else:
        yield False, f"libharfbuzz-subset0 missing: CJK builds are about 12x slower; fix: {APT} libharfbuzz-subset0"
    fonts = load_fonts(workspace)
    for font in fonts.files:
        yield True, f"workspace font {font.family} ({font.path})"
    own = {f.family for f in fonts.files}
    lang = {"SC": "zh-Hans", "TC": "zh-Hant-TW", "HK": "zh-Hant-HK"}
    for role in ROLES:
        for script in SCRIPTS:
            stack = fonts.stack(role, script)
            chosen = next((f for f in stack if f in own), None)
            if chosen:
                yield True, f"{role:<8} {script}: {chosen} (workspace fonts/)"
                continue
            resolved = next((r for f in stack if (r := resolve_family(f, lang[script]))), None)
            if resolved:
                yield True, f"{role:<8} {script}: {resolved[0]} ({resolved[1]})"
            else:
                yield False, (f"{role:<8} {script}: none of {', '.join(stack)} installed; "
                              f"fix: {APT} fonts-noto-cjk fonts-lxgw-wenkai")
