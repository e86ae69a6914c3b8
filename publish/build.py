"""Build: the orchestrator. Reads like the recipe it is:

    read every article -> for each edition, convert -> for each format,
    render with the format's layout -> typeset -> (impose) -> write atomically.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from publish.errors import ConfigError, SourceError
from publish.fonts import load_fonts
from publish.layouts import Layout, load_layout
from publish.model import Article, Publication
from publish.output import write_atomic
from publish.render import render
from publish.sources import SUFFIXES, read_article
from publish.typeset import typeset

EDITIONS = ("zh-Hans",)
# Each format is typeset with its own layout unless --layout says otherwise.
FORMAT_LAYOUTS = {"a4": "handout"}


@dataclass(frozen=True)
class BuildOptions:
    workspace: Path
    out_dir: Path
    layout: str | None = None
    editions: tuple[str, ...] = ("zh-Hans",)
    formats: tuple[str, ...] = ("a4",)


@dataclass(frozen=True)
class Output:
    path: Path
    pages: int
    seconds: float


Progress = Callable[[Output], None]


def build(paths: Sequence[Path], options: BuildOptions, progress: Progress = lambda _: None) -> list[Output]:
    _check_options(options)
    sources = find_articles(paths, options.workspace)
    articles = [read_article(path) for path in sources]
    fonts = load_fonts(options.workspace)
    layouts = {fmt: load_layout(options.layout or FORMAT_LAYOUTS[fmt], options.workspace) for fmt in options.formats}
    outputs: list[Output] = []
    for article in articles:
        for edition in options.editions:
            publication = single_publication(article, edition)
            for fmt in options.formats:
                started = time.perf_counter()
                result = typeset(render(publication, layouts[fmt], fonts, options.workspace))
                target = options.out_dir / f"{article.stem}.{edition}.{fmt}.pdf"
                write_atomic(target, result.pdf)
                output = Output(target, result.pages, time.perf_counter() - started)
                outputs.append(output)
                progress(output)
    return outputs


def single_publication(article: Article, edition: str) -> Publication:
    return Publication(
        title=article.title, articles=(article,), subtitle=article.subtitle,
        date=article.date or source_date(), lang=edition, slug=article.stem,
    )


def source_date() -> str | None:
    """The build date for the PDF metadata: only from ``SOURCE_DATE_EPOCH``,
    never the clock, so that two builds of the same input are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%d")
    except (ValueError, OverflowError, OSError):
        raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None


def find_articles(paths: Sequence[Path], workspace: Path) -> list[Path]:
    """The article files to build: those named (folders expanded), or with
    none named, every article in the workspace's ``articles/``."""
    if not paths:
        folder = workspace / "articles"
        if not folder.is_dir():
            raise SourceError("no articles given and no articles/ folder here", workspace,
                              "name article files, or run `publish new DIR` to start a workspace")
        paths = [folder]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()))
        else:
            found.append(path)
    if not found:
        raise SourceError("no .md or .txt articles found", paths[0])
    stems: dict[str, Path] = {}
    for path in found:
        if path.stem in stems and stems[path.stem] != path:
            raise SourceError(f"two articles would write the same output: {stems[path.stem]} and {path}", path,
                              "rename one of them")
        stems[path.stem] = path
    return found


def _check_options(options: BuildOptions) -> None:
    for edition in options.editions:
        if edition not in EDITIONS:
            raise ConfigError(f"unknown edition {edition!r}", hint=f"editions: {', '.join(EDITIONS)}")
    for fmt in options.formats:
        if fmt not in FORMAT_LAYOUTS:
            raise ConfigError(f"unknown format {fmt!r}", hint=f"formats: {', '.join(FORMAT_LAYOUTS)}")


__all__ = ["BuildOptions", "Layout", "Output", "build", "find_articles"]
