"""Benchmark: how long a traditional edition's converter takes to start and
to convert an article (issue #10).

Targets: converter start (segmenter included) at most 0.3 s; the shared
sample article converted in at most 0.1 s once loaded. Each figure is
printed beside its anchor, measured in the same run: plain OpenCC starting
(``opencc.OpenCC("s2hk")`` in a fresh interpreter) and converting the same
text. Starts are timed in fresh interpreters, best of N, after one run that
fills ``~/.cache/publish`` as a user's first build does.

    .venv/bin/python benchmarks/conversion_speed.py [ARTICLE] [--runs 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "samples" / "jiangmen-party-building.txt"
if not DEFAULT.exists():
    DEFAULT = REPO / "tests" / "fixtures" / "news.txt"

START = """
import time
started = time.perf_counter()
{body}
print(time.perf_counter() - started)
"""
PUBLISH = "from publish.edition import EDITIONS, Converter\nConverter(EDITIONS[{code!r}])"
OPENCC = "import opencc\nopencc.OpenCC({config!r}).convert('')"


def fresh(body: str) -> float:
    """Seconds ``body`` takes in a new interpreter (its start not counted)."""
    out = subprocess.run([sys.executable, "-c", START.format(body=body)], check=True, capture_output=True,
                         text=True, cwd=REPO)
    return float(out.stdout.strip().splitlines()[-1])


def best(function, runs: int) -> float:
    return min(function() for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("article", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from publish.edition import EDITIONS, Converter, convert_source
    from publish.edition.tables import opencc_convert

    text = args.article.read_text("utf-8")
    print(f"article: {args.article} ({len(text)} characters); best of {args.runs}")
    for code, config in (("zh-Hant-HK", "s2hk"), ("zh-Hant-TW", "s2tw")):
        fresh(PUBLISH.format(code=code))  # fills the cache, as a first build would
        start = best(lambda: fresh(PUBLISH.format(code=code)), args.runs)
        anchor = best(lambda: fresh(OPENCC.format(config=config)), args.runs)
        print(f"{code} converter start: {start:.3f} s (target 0.3 s)   anchor, plain OpenCC {config} start: "
              f"{anchor:.3f} s")
        converter = Converter(EDITIONS[code])

        def ours() -> float:
            started = time.perf_counter()
            convert_source(text, "sample", converter)
            return time.perf_counter() - started

        def plain() -> float:
            started = time.perf_counter()
            opencc_convert(config, text)
            return time.perf_counter() - started

        ours()
        print(f"{code} convert the article: {best(ours, args.runs):.4f} s (target 0.1 s)   "
              f"anchor, plain OpenCC: {best(plain, args.runs):.4f} s")


if __name__ == "__main__":
    main()
