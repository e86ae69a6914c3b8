"""Benchmark: a 310-page compilation (30 copies of the shared sample, one
A4 zh-Hans file) against bare WeasyPrint on the same document.

Issue #13 target: CPU time at most 1.5x the bare `weasyprint` command on
the compilation's HTML with publish's typography turned off (see
anchor.py), and at most 400 MB peak resident memory for a process of
publish; the default build (in parts, on both cores: its CPU time is that
of every process) and the compilation typeset in one piece (--no-parts
--jobs 1), no cache.

    .venv/bin/python benchmarks/compilation_310.py [ARTICLE] [--copies 30] [--runs 2]
"""

from __future__ import annotations

import argparse
import os
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
    from publish.build import _edition, build_options, find_articles, plan, publication_of

    options = build_options(ws, ws / "dist", compiled=True)
    job = plan(find_articles([], ws), options)[0]
    return publication_of(job, _edition(job.sources, job.edition, options), options)


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("article", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    load = [os.getloadavg()[0]]  # a shared machine: the load beside the figures
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp) / "ws", args.article.resolve(), args.copies)
        html = plain_html(compilation(ws), ws, Path(tmp))
        # No cache: each run typesets. The default build (in parts, both
        # cores) and the compilation typeset in one piece in one process.
        results = alternate({
            "bare weasyprint": [sys.executable, "-m", "weasyprint", str(html), str(ws / "bare.pdf")],
            "publish build": [sys.executable, "-m", "publish", "build", "--no-cache", "-o", str(ws / "dist")],
            "--no-parts -j1": [sys.executable, "-m", "publish", "build", "--no-cache", "--no-parts", "--jobs", "1",
                               "-o", str(ws / "whole")],
        }, ws, args.runs)
        ours_pages, bare_pages = pages(ws / "dist" / "huibian.zh-Hans.a4.pdf"), pages(ws / "bare.pdf")
    print(f"compilation: {args.copies} x {args.article.name}: publish {ours_pages} pages, bare {bare_pages} pages; "
          f"{args.runs} alternating runs; load average {load[0]:.2f} before, {os.getloadavg()[0]:.2f} after")
    print("\n".join(table(results)))
    bare = results["bare weasyprint"]
    for name in ("publish build", "--no-parts -j1"):
        ours = results[name]
        cpu = median(ours, 1) / median(bare, 1)
        peak = max(run[2] for run in ours)
        print(f"{name}: CPU ratio publish / bare: {cpu:.2f} (target <= 1.50); peak RSS of a process {peak:.0f} MB"
              " (target <= 400 MB)")
        label = "default build" if name == "publish build" else "one piece, --jobs 1"
        print(f"BENCH|compilation {ours_pages} pages, {label}: CPU|CPU {median(ours, 1):.2f} s"
              f"|bare CPU {median(bare, 1):.2f} s|{cpu:.2f}x|<= 1.50x|{'yes' if cpu <= 1.5 else 'NO'}", flush=True)
        print(f"BENCH|compilation {ours_pages} pages, {label}: peak memory|{peak:.0f} MB"
              f"|bare {max(run[2] for run in bare):.0f} MB|{peak:.0f} MB|<= 400 MB|{'yes' if peak <= 400 else 'NO'}",
              flush=True)


if __name__ == "__main__":
    main()
