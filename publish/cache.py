"""The build cache: content key -> the files a build made, kept in the
workspace's ``.publish/cache/``.

    entries/ab/<key>.json   the files a key made (name, kind, pages, digest)
                            and the pictures it read, with their digests
    blobs/cd/<sha256>       file contents, stored once however many
                            entries name them

Safe under concurrent builds: every file is written under a temporary name
and renamed into place, blobs before the entry that names them, and a reader
checks each blob against its digest, so an entry evicted, or a blob half
copied by another process, reads as a miss, never as a wrong PDF.
Size-bounded: after a store, the least recently used entries (a hit touches
its entry) are dropped until the blobs fit the limit.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from publish.keys import Dependency

CACHE_DIR = Path(".publish") / "cache"
DEFAULT_LIMIT = 1 << 30  # 1 GiB: some hundred builds of a large compilation


@dataclass(frozen=True)
class Made:
    """One file a job made: its name (without folder), what it is, and its
    bytes."""

    name: str
    data: bytes
    kind: str
    pages: int = 0
    sheets: int = 0
    blank: int = 0


@dataclass(frozen=True)
class Entry:
    key: str
    files: tuple[Made, ...]
    deps: tuple[Dependency, ...] = ()
    # What the build said of its sources (a placeholder left, a character
    # dropped): said again whenever the entry is used, never lost to the cache.
    warnings: tuple[str, ...] = ()


class Cache:
    def __init__(self, folder: Path, limit: int = DEFAULT_LIMIT):
        self.folder = folder
        self.limit = limit

    @classmethod
    def of_workspace(cls, workspace: Path, limit: int | None = None) -> "Cache":
        env = os.environ.get("PUBLISH_CACHE_LIMIT_MB")
        if limit is None and env and env.isdigit():
            limit = int(env) << 20
        return cls(workspace / CACHE_DIR, DEFAULT_LIMIT if limit is None else limit)

    def _entry_path(self, key: str) -> Path:
        return self.folder / "entries" / key[:2] / f"{key}.json"

    def _blob_path(self, sha: str) -> Path:
        return self.folder / "blobs" / sha[:2] / sha

    def get(self, key: str) -> Entry | None:
        """The files ``key`` made, or None: never built, evicted, damaged, or
        a picture it read has changed since."""
        try:
            record, deps = self._record(key)
            if record is None:
                return None
            files = []
            for item in record["files"]:
                data = self._blob_path(item["sha256"]).read_bytes()
                if hashlib.sha256(data).hexdigest() != item["sha256"]:
                    return None
                files.append(Made(item["name"], data, item["kind"], item["pages"], item["sheets"],
                                  item.get("blank", 0)))
            os.utime(self._entry_path(key))  # recently used: evicted last
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return Entry(key, tuple(files), deps, tuple(record.get("warnings", ())))

    def files(self, key: str, use: bool = True) -> tuple[dict, ...] | None:
        """What ``key`` made without reading it: each file's name, kind,
        pages, sheets, blank and sha256 (its bytes are at ``blob(sha256)``),
        or None where ``get`` would miss (a blob is found, not re-hashed).
        A server serves the blobs themselves; ``use`` counts as a hit."""
        try:
            record, _deps = self._record(key)
            if record is None or not all(self._blob_path(f["sha256"]).is_file() for f in record["files"]):
                return None
            if use:
                os.utime(self._entry_path(key))
            return tuple(record["files"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def blob(self, sha256: str) -> Path:
        """Where a file's bytes are kept, named by their digest: they never
        change, and are gone once no entry names them."""
        return self._blob_path(sha256)

    def _record(self, key: str) -> tuple[dict | None, tuple]:
        """An entry's record and what it read, if that is unchanged."""
        record = json.loads(self._entry_path(key).read_text("utf-8"))
        deps = tuple(Dependency(**d) for d in record["deps"])
        return (record if all(dep.unchanged() for dep in deps) else None), deps

    def put(self, entry: Entry) -> None:
        """Store an entry; a cache that cannot be written is only slower."""
        try:
            files = []
            for made in entry.files:
                sha = hashlib.sha256(made.data).hexdigest()
                blob = self._blob_path(sha)
                if not blob.exists():
                    _write(blob, made.data)
                files.append({"name": made.name, "kind": made.kind, "pages": made.pages, "sheets": made.sheets,
                          "blank": made.blank, "sha256": sha})
            record = {"files": files, "deps": [d.__dict__ for d in entry.deps], "warnings": list(entry.warnings),
                      "stored": time.time()}
            _write(self._entry_path(entry.key), json.dumps(record, ensure_ascii=False).encode("utf-8"))
            self.evict()
        except OSError:
            pass

    def evict(self) -> None:
        """Drop least recently used entries until the blobs fit the limit,
        then the blobs no entry names."""
        blobs = {p.name: p.stat().st_size for p in self.folder.glob("blobs/*/*") if not p.name.endswith(".tmp")}
        if sum(blobs.values()) <= self.limit:
            return
        entries = []
        for path in self.folder.glob("entries/*/*.json"):
            try:
                record = json.loads(path.read_text("utf-8"))
                entries.append((path.stat().st_mtime, path, {f["sha256"] for f in record["files"]}))
            except (OSError, ValueError, KeyError):
                _unlink(path)
        entries.sort(key=lambda e: e[0])
        kept = {sha for _, _, shas in entries for sha in shas}
        total = sum(size for sha, size in blobs.items() if sha in kept)
        while entries and total > self.limit:
            _, path, shas = entries.pop(0)
            _unlink(path)
            still = {sha for _, _, s in entries for sha in s}
            total -= sum(blobs.get(sha, 0) for sha in shas - still)
            kept = still
        for sha in set(blobs) - kept:
            _unlink(self._blob_path(sha))

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.folder.glob("blobs/*/*"))

    def clear(self) -> int:
        """Empty the cache; the number of bytes it held."""
        held = self.size() if self.folder.is_dir() else 0
        shutil.rmtree(self.folder, ignore_errors=True)
        return held


def _write(path: Path, data: bytes) -> None:
    """A temporary file beside the target, renamed into place: a reader sees
    the whole file or none. No fsync: a cache lost in a crash is rebuilt."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        _unlink(Path(tmp))
        raise


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
