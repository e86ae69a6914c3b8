"""Benchmark: a 310-page compilation (30 copies of the shared sample, one
A4 zh-Hans file) against bare WeasyPrint on the same document.

Issue #13 target: CPU time at most 1.5x the bare `weasyprint` command on
the compilation's HTML with publish's typography turned off (see
anchor.py), and at most 400 MB peak resident memory for publish.

    .venv/bin/python benchmarks/compilation_310.py [ARTICLE] [--copies 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from anchor import SAMPLE, alternate, median, plain_html, table

CONFIG = """title = "学习材料汇编"
organizer = "测试编印单位"
date = 2024-05-06
slug = "huibian"
editions = ["zh-Hans"]
formats = ["a4"]
articles = ["articles/*"]
"""


def workspace(root: Path, article: Path, copies: int) -> Path:
    (root / "articles").mkdir(parents=True)
    text = article.read_bytes()
    for n in range(1, copies + 1):
        (root / "articles" / f"{n:02d}{article.suffix}").write_bytes(text)
    (root / "publish.toml").write_text(CONFIG, encoding="utf-8")
    return root


def compilation(ws: Path):
    """The publication publish.toml describes, as the build makes it."""
    from publish.build import BuildOptions, compilation_of, find_articles, publications
    from publish.config import load_config
    from publish.edition import EDITIONS, Converter
    from publish.sources import read_article

    articles = [read_article(p) for p in find_articles([ws / "articles"], ws)]
    options = BuildOptions(workspace=ws, out_dir=ws / "dist", compilation=compilation_of(load_config(ws), ws))
    _, publication, _ = next(publications(articles, [None] * len(articles), "zh-Hans",
                                          Converter(EDITIONS["zh-Hans"]), options))
    return publication


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("article", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp) / "ws", args.article.resolve(), args.copies)
        html = plain_html(compilation(ws), ws, Path(tmp))
        results = alternate({
            "bare weasyprint": [sys.executable, "-m", "weasyprint", str(html), str(ws / "bare.pdf")],
            "publish build": [sys.executable, "-m", "publish", "build", "-o", str(ws / "dist")],
        }, ws, args.runs)
        ours, bare = pages(ws / "dist" / "huibian.zh-Hans.a4.pdf"), pages(ws / "bare.pdf")
    print(f"compilation: {args.copies} x {args.article.name}: publish {ours} pages, bare {bare} pages; "
          f"{args.runs} alternating runs")
    print("\n".join(table(results)))
    cpu = median(results["publish build"], 1) / median(results["bare weasyprint"], 1)
    print(f"CPU ratio publish / bare: {cpu:.2f} (target <= 1.50)")
    print(f"peak RSS of publish: {max(run[2] for run in results['publish build']):.0f} MB (target <= 400 MB)")


if __name__ == "__main__":
    main()
