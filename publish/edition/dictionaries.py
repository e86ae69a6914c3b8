"""Phrase dictionaries: ``phrases.txt`` files -> ``Entry`` tables.

The project's (``phrases.txt`` beside this module for every traditional
edition, ``phrases.<edition>.txt`` for one region) and the workspace's
(``phrases.txt``, ``phrases.<edition>.txt``, publish.toml's ``[phrases]``).
The user's entries win over the project's, the project's over OpenCC's.

Format: simplified <TAB> how to convert it
  |        a word boundary: the two sides are converted separately
  [...]    literal output, not converted (姓[范]: the surname stays 范)
  {a,b}    alternatives; the key's and the value's groups correspond in order
A value with neither | nor [...] is literal as a whole.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from publish.errors import ConfigError
from publish.i18n import _

PROJECT = "project dictionary"
USER = "user dictionary"


@dataclass(frozen=True)
class Entry:
    """One dictionary entry: the parts of its value, each ("convert", text),
    ("literal", text) or ("break", "")."""

    key: str
    parts: tuple[tuple[str, str], ...]
    origin: str  # "project dictionary" or "user dictionary (FILE:LINE)"

    @property
    def is_word(self) -> bool:
        """An entry without a break is a word the segmenter keeps whole."""
        return all(kind != "break" for kind, _text in self.parts)


def parse_value(value: str) -> tuple[tuple[str, str], ...]:
    if "|" not in value and "[" not in value:
        return (("literal", value),)
    parts: list[tuple[str, str]] = []
    for token in re.findall(r"\[[^\]]*\]|\||[^\[|]+", value):
        if token == "|":
            parts.append(("break", ""))
        elif token.startswith("["):
            parts.append(("literal", token[1:-1]))
        else:
            parts.append(("convert", token))
    return tuple(parts)


def _expand(key: str, value: str, where: str) -> list[tuple[str, str]]:
    """``{a,b}`` groups: the key's and the value's correspond in order."""
    groups_k = re.findall(r"\{([^}]*)\}", key)
    groups_v = re.findall(r"\{([^}]*)\}", value)
    if not groups_k:
        return [(key, value)]
    if len(groups_k) != len(groups_v) or any(
            len(a.split(",")) != len(b.split(",")) for a, b in zip(groups_k, groups_v)):
        raise ConfigError(_("the {…} groups of key and value do not correspond"), where)
    pairs = []
    choices = [range(len(g.split(","))) for g in groups_k]
    for combo in itertools.product(*choices):
        k, v = key, value
        for group_k, group_v, i in zip(groups_k, groups_v, combo):
            k = k.replace("{" + group_k + "}", group_k.split(",")[i], 1)
            v = v.replace("{" + group_v + "}", group_v.split(",")[i], 1)
        pairs.append((k, v))
    return pairs


def read_phrases(text: str, origin: str, path: Path | str) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        fields = line.split("\t") if "\t" in line else line.split()
        fields = [f.strip() for f in fields if f.strip()]
        where = f"{path}:{number}"
        if len(fields) != 2:
            raise ConfigError(_("expected two columns: simplified, then traditional"), where)
        for key, value in _expand(fields[0], fields[1], where):
            label = origin if origin == PROJECT else f"{origin} ({where})"
            entries[key] = Entry(key, parse_value(value), label)
    return entries


@lru_cache(maxsize=4)
def project_phrases(edition: str) -> dict[str, Entry]:
    """The project's entries for ``edition``: the common file, then the
    region's own, which wins."""
    entries: dict[str, Entry] = {}
    folder = Path(__file__).resolve().parent
    for path in (folder / "phrases.txt", folder / f"phrases.{edition}.txt"):
        if path.is_file():
            entries.update(read_phrases(path.read_text("utf-8"), PROJECT, path))
    return entries


def user_phrases(workspace: Path, edition: str, table: dict[str, str] | None = None) -> dict[str, Entry]:
    """``phrases.txt`` for every traditional edition, ``phrases.<edition>.txt``
    for one, and the ``[phrases]`` table of publish.toml; later ones win."""
    entries: dict[str, Entry] = {}
    for name in ("phrases.txt", f"phrases.{edition}.txt"):
        path = workspace / name
        if path.is_file():
            entries.update(read_phrases(path.read_text("utf-8-sig"), USER, path))
    for key, value in (table or {}).items():
        entries[key] = Entry(key, parse_value(value), f"{USER} (publish.toml [phrases])")
    return entries
