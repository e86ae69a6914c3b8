"""Benchmark: a 310-page compilation (30 copies of the shared sample, one
A4 zh-Hans file) against bare WeasyPrint on the same document.

Issue #13 target: CPU time at most 1.5x the bare run, and at most 400 MB
peak resident memory for the publish process.

The anchor, measured in the same run and alternating with publish: the
`weasyprint` command on the HTML publish renders for the same compilation
with its Chinese typography turned off (the same text, cover, contents,
running heads and fonts; no punctuation compression, Latin gaps, last-line
rule or inter-character justification, which bare WeasyPrint cannot do).
Both are whole commands (interpreter start and imports included); CPU time
(user + system) and peak RSS come from the kernel for each child process.

    .venv/bin/python benchmarks/compilation_310.py [ARTICLE] [--copies 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "samples" / "jiangmen-party-building.txt"
if not DEFAULT.exists():
    DEFAULT = REPO / "tests" / "fixtures" / "news.txt"
# As on a user's machine, Python keeps its compiled modules.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CONFIG = """title = "学习材料汇编"
organizer = "测试编印单位"
date = 2024-05-06
slug = "huibian"
editions = ["zh-Hans"]
formats = ["a4"]
articles = ["articles/*"]
"""
OFF = """[typography]
justify = false
compress_punctuation = false
latin_gap = false
keep_last_line = false
"""


def measure(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{cmd[2]} failed: {process.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def workspace(root: Path, article: Path, copies: int) -> Path:
    (root / "articles").mkdir(parents=True)
    text = article.read_bytes()
    for n in range(1, copies + 1):
        (root / "articles" / f"{n:02d}{article.suffix}").write_bytes(text)
    (root / "publish.toml").write_text(CONFIG, encoding="utf-8")
    return root


def plain_html(ws: Path, out: Path) -> Path:
    """The compilation's HTML with publish's typography turned off."""
    sys.path.insert(0, str(REPO))
    from publish.build import BuildOptions, Compilation, find_articles, publications
    from publish.edition import EDITIONS, Converter
    from publish.fonts import load_fonts
    from publish.layouts import load_layout
    from publish.render import render
    from publish.sources import read_article

    off = out / "off"
    (off / "layouts" / "handout").mkdir(parents=True)
    (off / "layouts" / "handout" / "layout.toml").write_text(OFF)
    articles = [read_article(p) for p in find_articles([ws / "articles"], ws)]
    options = BuildOptions(workspace=ws, out_dir=out,
                           compilation=Compilation(title="学习材料汇编", slug="huibian", organizer="测试编印单位",
                                                   date="2024-05-06"))
    converter = Converter(EDITIONS["zh-Hans"])
    _, publication, _ = next(publications(articles, [None] * len(articles), "zh-Hans", converter, options))
    rendered = render(publication, load_layout("handout", off), load_fonts(ws), ws)
    html = ws / "plain.html"
    html.write_text(rendered.html, encoding="utf-8")
    return html


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("article", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp) / "ws", args.article.resolve(), args.copies)
        html = plain_html(ws, Path(tmp))
        bare = [sys.executable, "-m", "weasyprint", str(html), str(ws / "bare.pdf")]
        ours = [sys.executable, "-m", "publish", "build", "-o", str(ws / "dist")]
        measure(bare, ws), measure(ours, ws)  # warm the disk cache, fontconfig and compiled templates
        runs: dict[str, list[tuple[float, float, float]]] = {"bare": [], "publish": []}
        for _ in range(args.runs):
            runs["bare"].append(measure(bare, ws))
            runs["publish"].append(measure(ours, ws))
        ours_pages, bare_pages = pages(ws / "dist" / "huibian.zh-Hans.a4.pdf"), pages(ws / "bare.pdf")

    def median(name: str, index: int) -> float:
        return statistics.median(run[index] for run in runs[name])

    print(f"compilation: {args.copies} x {args.article.name}, {ours_pages} pages (bare: {bare_pages} pages), "
          f"median of {args.runs} alternating runs")
    print(f"{'':16}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}")
    for name in ("bare", "publish"):
        print(f"{name:16}{median(name, 0):9.2f}{median(name, 1):9.2f}{median(name, 2):9.0f}")
    print(f"CPU ratio publish / bare: {median('publish', 1) / median('bare', 1):.2f} (target <= 1.50)")
    print(f"peak RSS of publish: {median('publish', 2):.0f} MB (target <= 400 MB)")


if __name__ == "__main__":
    main()
