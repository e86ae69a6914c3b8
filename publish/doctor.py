"""``publish doctor``: what this machine gives the typesetter, and the
command that fixes each problem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from publish.fonts import ROLES, SCRIPTS, Resolved, advice, load_fonts, resolve
from publish.i18n import _

APT = "sudo apt-get install -y"


def diagnose(workspace: Path) -> Iterator[tuple[bool, str]]:
    from publish.speed import import_weasyprint

    import_weasyprint()
    from weasyprint import __version__ as weasyprint_version
    from weasyprint.text.ffi import harfbuzz_subset, pango

    yield True, f"WeasyPrint {weasyprint_version}"
    number = pango.pango_version()
    version = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    yield number >= 14400, f"Pango {version}" + ("" if number >= 14400 else _(
        " is older than 1.44: {apt} libpango-1.0-0").format(apt=APT))
    if harfbuzz_subset is not None:
        yield True, _("HarfBuzz subsetting available (libharfbuzz-subset0)")
    else:
        yield False, _("libharfbuzz-subset0 missing: CJK builds are about 12x slower; fix: {apt} "
                       "libharfbuzz-subset0").format(apt=APT)
    fonts = load_fonts(workspace)
    for font in fonts.files:
        others = [name for name in font.names if name != font.family]
        also = _(" (also {names})").format(names=", ".join(others)) if others else ""
        yield True, _("workspace font {family}{also}: {path}").format(family=font.family, also=also, path=font.path)
    for role in ROLES:
        for script in SCRIPTS:
            yield _role_line(resolve(fonts, role, script), fonts)


def _role_line(resolved: Resolved, fonts) -> tuple[bool, str]:
    """One role and script: the face that prints it (the build's own
    resolution) and, when a font asked for is missing, what to do."""
    head = f"{resolved.role:<8} {resolved.script}: "
    used = resolved.used
    if used is None:
        return False, head + _("none of {families} is installed ({where}); {advice}").format(
            families=", ".join(resolved.stack), where=fonts.source(resolved.role),
            advice="; ".join(f"{name}: {advice(name)}" for name in resolved.stack))
    asked = resolved.found[0][0]
    name = used.family if asked == used.family else f"{used.family} = {asked}"
    where = _("workspace fonts/") if used.workspace else used.file
    line = f"{head}{name} ({where})"
    if resolved.skipped:
        return False, line + _("; {missing} not found: {advice}").format(
            missing=", ".join(resolved.skipped), advice=advice(resolved.skipped[0]))
    return True, line
