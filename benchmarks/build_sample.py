"""Benchmark: `publish build` against a bare `weasyprint` run on the same HTML.

Issue target: building an article takes at most 1.3x the bare WeasyPrint
command rendering the HTML that publish generates. Both are timed as whole
commands (interpreter start and imports included), alternating, best of N.

    .venv/bin/python benchmarks/build_sample.py [ARTICLE] [--runs 5]
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


# As on a user's machine, Python keeps its compiled modules (some sandboxes
# set PYTHONDONTWRITEBYTECODE, which makes every start compile every module
# again and favours whichever command imports less).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("article", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    article = args.article.resolve()

    sys.path.insert(0, str(REPO))
    from publish.build import single_publication
    from publish.fonts import load_fonts
    from publish.layouts import load_layout
    from publish.render import render
    from publish.sources import read_article

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rendered = render(single_publication(read_article(article), "zh-Hans"),
                          load_layout("handout", work), load_fonts(work), work)
        html = work / "article.html"
        html.write_text(rendered.html, encoding="utf-8")
        bare = [sys.executable, "-m", "weasyprint", str(html), str(work / "bare.pdf")]
        ours = [sys.executable, "-m", "publish", "build", str(article), "-o", str(work / "out")]
        timed(bare, work), timed(ours, work)  # warm the disk cache and fontconfig
        bare_times, our_times = [], []
        for _ in range(args.runs):
            bare_times.append(timed(bare, work))
            our_times.append(timed(ours, work))
    # The traditional conversion, in process: converter creation once, then
    # the article (the share of a build it takes).
    from publish.edition import EDITIONS, Converter, make_edition

    started = time.perf_counter()
    converter = Converter(EDITIONS["zh-Hant-HK"])
    converter.convert("预热")
    created = time.perf_counter() - started
    source = read_article(article)
    started = time.perf_counter()
    make_edition(source, converter)
    converted = time.perf_counter() - started
    b, o = min(bare_times), min(our_times)
    print(f"article: {article.name}")
    print(f"bare weasyprint: best {b:.2f} s, median {statistics.median(bare_times):.2f} s")
    print(f"publish build:   best {o:.2f} s, median {statistics.median(our_times):.2f} s")
    print(f"ratio: {o / b:.2f} (target <= 1.30)")
    print(f"zh-Hant-HK conversion: converter {created * 1000:.0f} ms once, article {converted * 1000:.1f} ms")


if __name__ == "__main__":
    main()
