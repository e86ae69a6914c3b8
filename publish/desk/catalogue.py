"""What the workspace offers: its publications and the choices of edition
and format, as the desk's pages and forms name them.

A publication is the compilation ``publish.toml`` describes (when it lists
``articles``) or one article of ``articles/``. Each has an id that is its
slug or its file stem: a request names a publication by id, and the id is
looked up here, so no text from a request ever becomes a path.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from publish.desk.language import M_


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Choice:
    """An edition or a format as a form offers it, and what it means for
    the build."""

    id: str
    label: str             # English, translated when shown
    short: str = ""        # the same in a word or two (what is ready), translated when shown
    edition: str = ""      # editions: the library's edition code
    taiwan_vocabulary: bool = False
    format: str = ""       # formats: the library's format
    layout: str | None = None


EDITIONS = {c.id: c for c in (
    Choice("zh-Hant-HK", M_("Traditional Chinese, Hong Kong (zh-Hant-HK)"), M_("Hong Kong"), edition="zh-Hant-HK"),
    Choice("zh-Hant-TW", M_("Traditional Chinese, Taiwan (zh-Hant-TW)"), M_("Taiwan"), edition="zh-Hant-TW"),
    Choice("zh-Hant-TW-vocabulary", M_("Traditional Chinese, Taiwan, with Taiwan vocabulary"),
           M_("Taiwan, Taiwan vocabulary"), edition="zh-Hant-TW", taiwan_vocabulary=True),
    Choice("zh-Hans", M_("Simplified Chinese (zh-Hans)"), M_("Simplified"), edition="zh-Hans"),
)}
TRADITIONAL = tuple(code for code, choice in EDITIONS.items() if choice.edition != "zh-Hans")

FORMATS = {c.id: c for c in (
    Choice("a4", M_("A4 handout"), M_("A4"), format="a4"),
    Choice("booklet", M_("A5 booklet (printed on A4, folded and stapled)"), M_("booklet"), format="booklet"),
    Choice("large-print", M_("A4 large print"), M_("large print"), format="a4", layout="large-print"),
    Choice("phone", M_("Phone (small pages, larger type)"), M_("phone"), format="phone"),
)}


@dataclass(frozen=True)
class Publication:
    id: str
    title: str
    kind: str                   # "compilation" or "article"
    paths: tuple[Path, ...]     # the article files, relative to the workspace


def check_workspace(folder: Path) -> Path:
    """``folder`` if it is a workspace (a publish.toml or an articles/
    folder), else a ConfigError: the desk serves one workspace."""
    from publish.errors import ConfigError
    from publish.i18n import _

    if not ((folder / "publish.toml").is_file() or (folder / "articles").is_dir()):
        raise ConfigError(_("not a workspace: no publish.toml and no articles/ folder here"), folder,
                          _("run it from a workspace, or start one with `publish new DIR`"))
    return folder.resolve()


class Catalogue:
    """The workspace's publications, read again when a file under
    ``articles/`` or ``publish.toml`` changes."""

    def __init__(self, workspace: Path):
        self.workspace = workspace
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._items: dict[str, Publication] = {}

    def publications(self) -> dict[str, Publication]:
        stamp = self._fingerprint()
        with self._lock:
            if stamp != self._stamp:
                self._items = self._read()
                self._stamp = stamp
            return self._items

    def get(self, publication_id: str) -> Publication | None:
        return self.publications().get(publication_id)

    def _fingerprint(self) -> tuple:
        files = [self.workspace / "publish.toml", *sorted((self.workspace / "articles").glob("*"))]
        return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.exists())

    def _read(self) -> dict[str, Publication]:
        from publish.build import compilation_of, expand_articles, find_articles
        from publish.config import load_config
        from publish.errors import PublishError
        from publish.sources import read_article

        root = self.workspace
        config = load_config(root)
        items: dict[str, Publication] = {}
        if config.is_compilation:
            slug = compilation_of(config, root).slug
            paths = tuple(_inside(p, root) for p in expand_articles(config.articles, root))
            items[slug] = Publication(slug, config.title or slug, "compilation", paths)
        try:
            articles = find_articles([], root)
        except PublishError:
            articles = []
        for path in articles:
            try:
                title = read_article(path).title
            except PublishError as exc:
                log.warning("%s", exc)
                continue
            items.setdefault(path.stem, Publication(path.stem, title, "article", (_inside(path, root),)))
        return items


def _inside(path: Path, root: Path) -> Path:
    """A workspace file as a path relative to the workspace."""
    return path.resolve().relative_to(root.resolve())
