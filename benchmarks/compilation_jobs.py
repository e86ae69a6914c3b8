"""Benchmark: a compilation of 30 copies of the sample (310 A4 pages)
against bare WeasyPrint on a plain HTML of the same text (issue target: at
most 0.9x its wall time, both cores used), whole commands; then one
article edited and the compilation built again through the cache, against
the cold build.

The two commands take turns; the figure is the median of each round's
ratio (a slow spell of the shared machine falls on both commands of a
round), the ratio of the medians printed beside it. Seven rounds: on a
host whose speed drifts, bare WeasyPrint took 5.3 to 8.0 s within one
run of three rounds, and within one run of five the rounds' ratios went
from 0.79 to 1.05 (the second core shared by the host at times: each
round says what two processes at once took against one alone).

    .venv/bin/python benchmarks/compilation_jobs.py [--runs 7] [--copies 30] [--parts | --no-parts]
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import tempfile
from pathlib import Path

from common import CPU, PUBLISH, REPO, SAMPLE, alternate, cpu, median, result, timed, workspace

PLAIN_CSS = """@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "Noto Serif CJK SC"; font-size: 16pt; line-height: 28.9pt; text-align: justify; }
h1 { font-family: "Noto Sans CJK SC"; font-size: 22pt; text-align: center; break-before: page; }
p { text-indent: 2em; margin: 0; }"""


# A fixed amount of pure Python work (about half a second).
LOOP = "x = 0\nfor i in range(8_000_000):\n    x += i\n"


def plain_html(copies: int) -> str:
    """The sample's title and paragraphs as plain HTML, ``copies`` times."""
    sys.path.insert(0, str(REPO))
    from publish.model import iter_blocks, plain_text
    from publish.sources import read_article

    article = read_article(SAMPLE)
    body = "".join(f"<p>{html.escape(plain_text(b.spans))}</p>" for b in iter_blocks(article.blocks)
                   if hasattr(b, "spans"))
    one = f"<h1>{html.escape(article.title)}</h1>{body}"
    return f'<!DOCTYPE html><html lang="zh-Hans"><meta charset="utf-8"><style>{PLAIN_CSS}</style><body>{one * copies}</body></html>'


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--parts", action=argparse.BooleanOptionalAction, default=None,
                        help="publish build --parts / --no-parts (default: as publish decides)")
    args = parser.parse_args()
    flags = [] if args.parts is None else ["--parts" if args.parts else "--no-parts"]
    load = [os.getloadavg()[0]]  # a shared machine: the load beside the figures
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp) / "ws", args.copies, compilation=True)
        (ws / "plain.html").write_text(plain_html(args.copies), encoding="utf-8")
        times = alternate({
            "bare": ([sys.executable, "-m", "weasyprint", "plain.html", "plain.pdf"], ws),
            "publish": (PUBLISH + ["build", "--no-cache", "--jobs", str(args.jobs)] + flags, ws),
            # What two cores give at that time: a fixed loop alone, and two
            # copies of it at once (bare WeasyPrint uses one core, publish
            # both: a host that shares the second slows publish alone).
            "loop": ([sys.executable, "-c", LOOP], ws),
            "loops": ([sys.executable, "-c", LOOP], ws),
        }, args.runs, simultaneous={"loops": 2}, swap=True)
        from pypdf import PdfReader

        pages = len(PdfReader(ws / "dist" / "huibian.zh-Hans.a4.pdf").pages)
        bare_pages = len(PdfReader(ws / "plain.pdf").pages)
        # the cache filled, one article edited: only what it touches again
        again = PUBLISH + ["build"] + flags
        timed(again, ws)
        article = sorted((ws / "articles").glob("*.txt"))[args.copies // 2]
        article.write_text(article.read_text("utf-8") + "\n编辑之后新增的一段。\n", "utf-8")
        edited = timed(again, ws)
    load.append(os.getloadavg()[0])
    bare, ours = median(times["bare"]), median(times["publish"])
    print(f"compilation of {args.copies} copies of {SAMPLE.name}: publish {pages} pages, bare {bare_pages} pages;"
          f" whole commands, {args.runs} rounds; load average {load[0]:.2f} before, {load[1]:.2f} after")
    ratio = median([p / b for b, p in zip(times["bare"], times["publish"])])
    print("rounds (bare, publish, ratio; two loops at once against one alone): " + ", ".join(
        f"{b:.2f} {p:.2f} {p / b:.2f} ({two / one:.2f})"
        for b, p, one, two in zip(times["bare"], times["publish"], times["loop"], times["loops"])))
    print(f"two processes at once took {median([two / one for one, two in zip(times['loop'], times['loops'])]):.2f}x "
          "one alone (median of the rounds; 1.00 where the machine has two cores free)")
    print(f"bare weasyprint: {bare:.2f} s (CPU {median(CPU['bare']):.2f} s)")
    print(f"publish build --jobs {args.jobs} {' '.join(flags)}: {ours:.2f} s (CPU {median(CPU['publish']):.2f} s)"
          f"   ratio of the medians {ours / bare:.2f}, median of the rounds' ratios {ratio:.2f} (target <= 0.90)")
    print(f"one article edited, rebuilt through the cache: {edited:.2f} s (cold {ours:.2f} s)")
    result(f"compilation {pages} pages, --jobs {args.jobs}, vs bare WeasyPrint (wall)", f"{ours:.2f} s ({cpu('publish')})",
           f"{bare:.2f} s ({cpu('bare')})", f"{ratio:.2f}x", "<= 0.90x", ratio <= 0.9)
    result("compilation, one article edited", f"{edited:.2f} s", f"cold {ours:.2f} s", f"{edited / ours:.2f}x",
           "only its part again")


if __name__ == "__main__":
    main()
