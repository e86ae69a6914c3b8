"""Where things are: the built-in data folders and the workspace sandbox."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    """The built-in ``layouts`` or ``fonts`` folder.

    In a wheel they are shipped inside the package; in a source checkout
    (editable install) they are the repository's top-level folders, which
    is also what makes the repository a workspace of its own.
    """
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def is_inside(path: Path, root: Path) -> bool:
    """True when ``path`` (resolved, links followed) lies within ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def cache_dir(name: str) -> Path:
    """A folder of the user's cache (XDG), for things that are slow to make
    and safe to lose: compiled templates, font coverage."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "publish" / name


def shown(path: Path | str) -> str:
    """A path as messages show it: relative to the current folder when it
    is near it (``publish.toml``, ``../publish.toml``), else as it is."""
    path = Path(path)
    if not path.is_absolute():
        return str(path)
    try:
        relative = os.path.relpath(path)
        common = Path(os.path.commonpath([path, Path.cwd()]))
    except ValueError:  # another drive (Windows)
        return str(path)
    # ../publish.toml from a folder of the workspace; not ../../tmp/x
    return relative if common.parent != common and relative.count("..") <= 2 else str(path)


WORKSPACE_MARK = "publish.toml"


def find_workspace(start: Path | None = None) -> Path:
    """The workspace the current folder lies in, found as git finds its
    repository: the nearest folder, from here upward, that holds
    ``publish.toml``; the current folder itself when none does."""
    here = Path.cwd() if start is None else start
    for folder in (here, *here.resolve().parents):
        if (folder / WORKSPACE_MARK).is_file():
            return folder
    return here
