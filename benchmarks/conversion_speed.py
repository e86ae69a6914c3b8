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

# Timed in a new interpreter, its own start not counted; publish's modules
# are imported before the clock starts, as a build has them already.
START = """
import time
{setup}
started, cpu = time.perf_counter(), time.process_time()
{body}
print(time.perf_counter() - started, time.process_time() - cpu)
"""
PUBLISH = ("from publish.edition import EDITIONS, Converter", "Converter(EDITIONS[{code!r}])")
OPENCC = ("", "import opencc\nopencc.OpenCC({config!r}).convert('')")


def fresh(setup: str, body: str) -> tuple[float, float]:
    """(wall, CPU) seconds ``body`` takes in a new interpreter."""
    out = subprocess.run([sys.executable, "-c", START.format(setup=setup, body=body)], check=True,
                         capture_output=True, text=True, cwd=REPO)
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def best(function, runs: int) -> tuple[float, float]:
    """The best wall time of ``runs`` and the best CPU time: on a machine
    shared with other work the CPU time says more."""
    times = [function() for _ in range(runs)]
    return min(t[0] for t in times), min(t[1] for t in times)


def clocked(function) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - started, time.process_time() - cpu


def figure(times: tuple[float, float]) -> str:
    return f"{times[0]:.3f} s (CPU {times[1]:.3f} s)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("article", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import opencc

    from publish.edition import EDITIONS, Converter, convert_source

    text = args.article.read_text("utf-8")
    print(f"article: {args.article} ({len(text)} characters); best of {args.runs}")
    for code, config in (("zh-Hant-HK", "s2hk"), ("zh-Hant-TW", "s2tw")):
        ours = (PUBLISH[0], PUBLISH[1].format(code=code))
        plain = (OPENCC[0], OPENCC[1].format(config=config))
        fresh(*ours)  # fills ~/.cache/publish, as a first build would
        print(f"{code} converter start: {figure(best(lambda: fresh(*ours), args.runs))} (target 0.3 s)   "
              f"anchor, plain OpenCC {config} start: {figure(best(lambda: fresh(*plain), args.runs))}")
        read = f"text = open({str(args.article)!r}, encoding='utf-8').read()"
        both = (f"from publish.edition import EDITIONS, Converter, convert_source\n{read}",
                f"convert_source(text, 'sample', Converter(EDITIONS[{code!r}]))")
        both_plain = (read, f"import opencc\nopencc.OpenCC({config!r}).convert(text)")
        print(f"{code} start and convert the article, fresh process: {figure(best(lambda: fresh(*both), args.runs))}   "
              f"anchor, plain OpenCC {config}: {figure(best(lambda: fresh(*both_plain), args.runs))}")
        converter = Converter(EDITIONS[code])
        plain_opencc = opencc.OpenCC(config)
        first = clocked(lambda: convert_source(text, "sample", converter))
        again = best(lambda: clocked(lambda: convert_source(text, "sample", converter)), args.runs)
        print(f"{code} convert the article: first {figure(first)}, then {figure(again)} (target 0.1 s)   "
              f"anchor, plain OpenCC: {figure(best(lambda: clocked(lambda: plain_opencc.convert(text)), args.runs))}")


if __name__ == "__main__":
    main()
