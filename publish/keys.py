"""Content keys: what an output depends on -> one SHA-256 digest, known
before anything is built and computed without importing the typesetter
(an unchanged rebuild must cost a fraction of a second).

A key covers the articles' bytes, the files of the format's layout
(workspace and built-in, ``common`` included), the fonts (``fonts.toml``
and the workspace's font files; the system's font folders and fontconfig's
configuration by path, size and modification time, as fontconfig itself
decides whether its cache is stale), the user dictionaries of traditional
editions, the build options that reach the output (``publish.toml`` reaches
it through them), ``SOURCE_DATE_EPOCH``, and the versions of publish (its
own files), WeasyPrint, pydyf, Pango, HarfBuzz, OpenCC, rjieba and pikepdf.

What no key can know beforehand, the pictures an article shows, is recorded
with the result (``Dependency``) and checked when the result is reused.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from publish.paths import builtin_dir

_PACKAGE = Path(__file__).resolve().parent
# The system's fonts, as fontconfig finds them on Debian, and its configuration.
SYSTEM_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts", "/etc/fonts")
# module -> distribution whose version changes the bytes of an output (rjieba:
# the word segmenter behind traditional conversion; Pillow: pictures reduced)
LIBRARIES = {"weasyprint": "weasyprint", "pydyf": "pydyf", "pikepdf": "pikepdf", "opencc": "opencc",
             "fontTools": "fonttools", "pypdfium2": "pypdfium2", "rjieba": "rjieba", "PIL": "pillow"}


def digest(*parts) -> str:
    """One SHA-256 of JSON-able parts (paths and sets as sorted text)."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value):
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if hasattr(value, "__dataclass_fields__"):
        return {name: getattr(value, name) for name in value.__dataclass_fields__}
    return str(value)


def file_digest(path: Path) -> str:
    return settled(("digest", str(path)), (path,), lambda: hashlib.sha256(path.read_bytes()).hexdigest())


# A file changed less than this long ago is read again each time: a file
# system may keep its times to the second (FAT, some network shares), so a
# second change within it could leave them as they were.
SETTLED_NS = 2_000_000_000
_SETTLED_KEPT = 4096
_settled: dict = {}


def settled(key, paths, make):
    """``make()`` made once while ``paths`` (files and folders) stay as they
    are, by their inode, size and times (``os.stat``: some microseconds,
    where reading and parsing them takes milliseconds): a build asks for
    the same article digests, layout and fonts in every document it
    typesets (``file_digest``, ``layouts.load_layout``, ``fonts.load_fonts``),
    and ``publish watch`` and the desk in every build. Made again whenever
    one of them changed, or changed in the last ``SETTLED_NS``; what
    ``make`` raises is not kept."""
    stamps = []
    now = None
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            stamps.append(None)
            continue
        if now is None:
            now = time.time_ns()
        if now - max(stat.st_mtime_ns, stat.st_ctime_ns) < SETTLED_NS:
            return make()
        stamps.append((stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))
    known = _settled.get(key)
    if known is not None and known[0] == stamps:
        return known[1]
    value = make()
    if len(_settled) >= _SETTLED_KEPT:  # (a server over many workspaces)
        _settled.clear()
    _settled[key] = stamps, value
    return value


def files_of(folder: Path, content: bool = True) -> list:
    """Every file under ``folder`` (hidden ones and temporary files aside):
    relative path and bytes digest, or size and time when ``content`` is off."""
    if not folder.is_dir():
        return []
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(names):
            if name.startswith(".") or name.endswith((".tmp", ".pyc")):
                continue
            path = Path(root, name)
            try:
                if content:
                    found.append((path.relative_to(folder).as_posix(), file_digest(path)))
                else:
                    stat = path.stat()
                    found.append((str(path), stat.st_size, stat.st_mtime_ns))
            except OSError:
                continue  # vanished while we looked: the next build sees it
    return found


def layout_files(name: str, workspace: Path) -> str:
    """The files a layout is made of: its folder and ``common``, in the
    workspace and built in (the search path of ``layouts.load_layout``)."""
    from publish.layouts import COMMON, layout_roots

    own, builtin = layout_roots(workspace)
    roots = [builtin] if own.resolve() == builtin.resolve() else [own, builtin]
    return digest([(str(i), folder, files_of(root / folder)) for i, root in enumerate(roots)
                   for folder in (name, COMMON)])


def font_files(workspace: Path) -> str:
    """fonts.toml (built-in and workspace), the workspace's font files and
    the system's, by path, size and modification time."""
    own = workspace / "fonts"
    return digest(files_of(builtin_dir("fonts")), files_of(own) if own.resolve() != builtin_dir("fonts").resolve()
                  else [], [files_of(Path(d).expanduser(), content=False) for d in SYSTEM_FONT_DIRS])


@lru_cache(maxsize=1)
def software() -> str:
    """publish's own files and the versions of the libraries that write the
    bytes; the same for the life of a process."""
    return digest(files_of(_PACKAGE, content=False), _library_versions(), _native_versions())


def _library_versions() -> dict[str, str]:
    """Versions from the ``*.dist-info`` folder names beside each library:
    importlib.metadata takes tens of milliseconds, this one listing."""
    import importlib.util

    versions: dict[str, str] = {}
    listings: dict[str, list[str]] = {}
    for module, dist in LIBRARIES.items():
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.origin:
            versions[dist] = "absent"
            continue
        folder = str(Path(spec.origin).parent.parent)
        if folder not in listings:
            listings[folder] = os.listdir(folder)
        prefix = dist.lower() + "-"
        versions[dist] = next((n[len(prefix):-len(".dist-info")] for n in listings[folder]
                               if n.lower().startswith(prefix) and n.endswith(".dist-info")), spec.origin)
    return versions


# The native libraries whose versions enter every key: (name, file, function).
NATIVE = (("pango", "libpango-1.0.so.0", "pango_version_string"),
          ("harfbuzz", "libharfbuzz.so.0", "hb_version_string"))


def _native_versions() -> dict[str, str]:
    """Pango's and HarfBuzz's versions. Loading them to ask takes some ten
    milliseconds; what they said is kept (``cache_dir``) with the files the
    dynamic linker chose and what made it choose them (its cache, the
    environment): while none of that changes, neither can the answer."""
    from publish.paths import cache_dir

    memo = cache_dir("software") / "native.json"
    linker = [os.environ.get("LD_LIBRARY_PATH"), os.environ.get("LD_PRELOAD"), _stat("/etc/ld.so.cache")]
    try:
        kept = json.loads(memo.read_text("utf-8"))
        if kept["linker"] == linker and set(kept["versions"]) == {name for name, *_ in NATIVE} and kept["files"] \
                and all(_stat(path) == stat for path, stat in kept["files"].items()):
            return kept["versions"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    versions = _ask_native_versions()
    files = _loaded([library for _name, library, _function in NATIVE])
    if len(files) == len(NATIVE):
        from publish.errors import PublishError
        from publish.output import write_atomic

        try:
            write_atomic(memo, json.dumps({"linker": linker, "files": files, "versions": versions}).encode())
        except PublishError:  # a memo not kept: only slower next time
            pass
    return versions


def _stat(path: str) -> list | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def _loaded(libraries: list[str]) -> dict[str, list]:
    """The files this process mapped for ``libraries`` (by name), as
    ``_stat`` sees them; none where /proc cannot tell."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = {line.split(None, 5)[5].strip() for line in maps if line.count(" ") >= 5 and "/" in line}
    except OSError:
        return {}
    found = {}
    for library in libraries:
        for path in paths:
            if os.path.basename(path).startswith(library):
                found[path] = _stat(path)
                break
    return found


def _ask_native_versions() -> dict[str, str]:
    import ctypes

    versions = {}
    for name, library, function in NATIVE:
        try:
            call = getattr(ctypes.CDLL(library), function)
            call.restype = ctypes.c_char_p
            versions[name] = call().decode()
        except (OSError, AttributeError):
            versions[name] = "absent"
    return versions


@dataclass(frozen=True)
class Dependency:
    """A file an output read that its key could not name beforehand."""

    path: str
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> "Dependency":
        stat = path.stat()
        return cls(str(path.resolve()), stat.st_size, stat.st_mtime_ns, file_digest(path))

    def unchanged(self) -> bool:
        path = Path(self.path)
        try:
            stat = path.stat()
            if (stat.st_size, stat.st_mtime_ns) == (self.size, self.mtime_ns):
                return True
            return stat.st_size == self.size and file_digest(path) == self.sha256
        except OSError:
            return False
