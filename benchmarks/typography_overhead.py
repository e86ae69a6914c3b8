"""Benchmark: what the typography features add to a build (issue target:
at most 25 % on the shared sample article).

Builds the article in one process, alternating a workspace whose handout
layout turns every feature off ([typography] in layouts/handout/layout.toml:
no justification, compression, Latin gaps or last-line rule) with the
default one, best and median of N each.

    .venv/bin/python benchmarks/typography_overhead.py [ARTICLE] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from anchor import SAMPLE, TYPOGRAPHY_OFF


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("article", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    from publish.build import BuildOptions, build

    with tempfile.TemporaryDirectory() as tmp:
        plain, styled = Path(tmp) / "plain", Path(tmp) / "styled"
        (plain / "layouts" / "handout").mkdir(parents=True)
        (plain / "layouts" / "handout" / "layout.toml").write_text(TYPOGRAPHY_OFF)
        styled.mkdir()
        times: dict[str, list[float]] = {"off": [], "on": []}
        for round_ in range(args.runs + 1):
            for name, workspace in (("off", plain), ("on", styled)):
                # CPU time of this process: steadier than the wall clock on a
                # shared machine, and the build is single-threaded.
                started = time.process_time()
                build([args.article.resolve()], BuildOptions(workspace=workspace, out_dir=workspace / "dist"))
                if round_:  # the first round warms fonts and caches
                    times[name].append(time.process_time() - started)
    off, on = min(times["off"]), min(times["on"])
    print(f"article: {args.article.name}")
    print("CPU time of one build, in process:")
    print(f"typography off: best {off:.3f} s, median {statistics.median(times['off']):.3f} s")
    print(f"typography on:  best {on:.3f} s, median {statistics.median(times['on']):.3f} s")
    print(f"added: {100 * (on / off - 1):+.1f} % best to best, "
          f"{100 * (statistics.median(times['on']) / statistics.median(times['off']) - 1):+.1f} % median to median "
          "(target <= +25 %)")


if __name__ == "__main__":
    main()
