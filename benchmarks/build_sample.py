"""Benchmark: `publish build` of one article against bare WeasyPrint.

Issue #13 target: building the shared sample as an A4 handout takes at
most 1.15x the bare `weasyprint` command on the same document with
publish's typography turned off (see anchor.py), whole commands,
alternating, median of N.

    .venv/bin/python benchmarks/build_sample.py [ARTICLE] [--runs 7]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from anchor import SAMPLE, alternate, median, plain_html, table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("article", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    article = args.article.resolve()

    from publish.build import single_publication
    from publish.sources import read_article

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "ws"
        work.mkdir()
        html = plain_html(single_publication(read_article(article), "zh-Hans"), work, Path(tmp))
        results = alternate({
            "bare weasyprint": [sys.executable, "-m", "weasyprint", str(html), str(work / "bare.pdf")],
            # --no-cache: every run typesets (the warm-up run would fill the
            # cache, and the timed runs would measure a cached rebuild).
            "publish build": [sys.executable, "-m", "publish", "build", "--no-cache", str(article), "-o",
                              str(work / "out")],
        }, work, args.runs)
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
    print(f"article: {article.name}, {args.runs} alternating runs")
    print("\n".join(table(results)))
    ratio = median(results["publish build"], 0) / median(results["bare weasyprint"], 0)
    cpu = median(results["publish build"], 1) / median(results["bare weasyprint"], 1)
    print(f"ratio publish / bare, wall: {ratio:.2f} (target <= 1.15), CPU: {cpu:.2f}")
    ours, bare = results["publish build"], results["bare weasyprint"]
    print(f"BENCH|one article ({article.name}) vs bare WeasyPrint|{median(ours, 0):.2f} s (CPU {median(ours, 1):.2f} s)"
          f"|{median(bare, 0):.2f} s (CPU {median(bare, 1):.2f} s)|{ratio:.2f}x wall, {cpu:.2f}x CPU|<= 1.15x"
          f"|{'yes' if ratio <= 1.15 else 'NO'}", flush=True)
    print(f"zh-Hant-HK conversion: converter {created * 1000:.0f} ms once, article {converted * 1000:.1f} ms")


if __name__ == "__main__":
    main()
