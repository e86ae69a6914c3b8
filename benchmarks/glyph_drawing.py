"""Benchmark: drawing a line's glyphs (speed.py's ``draw_first_line``)
against WeasyPrint's own, on the 310-page compilation (30 copies of the
shared sample) typeset in one piece, in one process.

The document is laid out once; then its PDF is written again and again,
the two drawings taking turns (a load that comes and goes on a shared
machine falls on both). Each write's CPU time and the CPU time spent
drawing lines are printed, medians and minima, and the PDFs compared.
Not part of ``make bench`` (a figure of one function, not a target).

    .venv/bin/python benchmarks/glyph_drawing.py [--copies 30] [--runs 5]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path

from common import result, workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from publish.build import build, build_options
    from publish.speed import warm_up

    warm_up()
    import weasyprint
    from weasyprint.draw import text

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp) / "ws", args.copies, compilation=True)
        documents = []
        render = weasyprint.HTML.render
        weasyprint.HTML.render = lambda self, *a, **k: documents.append(render(self, *a, **k)) or documents[-1]
        try:
            [output] = build([], build_options(ws, Path(tmp) / "dist", compiled=True, parts=False))
        finally:
            weasyprint.HTML.render = render
    [document] = documents

    wrapper = text.draw_first_line  # typography's: it looks the drawing up when called
    fast = wrapper.original
    drawings = {"publish": fast, "WeasyPrint": fast.original}
    drawing_cpu = [0.0]

    def timed(draw):
        def run(*args):
            started = time.process_time()
            try:
                return draw(*args)
            finally:
                drawing_cpu[0] += time.process_time() - started
        return run

    writes: dict[str, list[float]] = {name: [] for name in drawings}
    drawn: dict[str, list[float]] = {name: [] for name in drawings}
    pdfs = {}
    gc.disable()  # as while typesetting (speed.no_garbage_collection)
    try:
        for round_ in range(args.runs + 1):  # the first round: a warm-up
            for name, draw in drawings.items():
                wrapper.original, drawing_cpu[0] = timed(draw), 0.0
                started = time.process_time()
                pdfs[name] = document.write_pdf()
                if round_:
                    writes[name].append(time.process_time() - started)
                    drawn[name].append(drawing_cpu[0])
                gc.collect()
    finally:
        wrapper.original = fast
        gc.enable()

    print(f"{output.pages} pages, {args.runs} alternating runs; load average {load:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after; identical PDFs: {pdfs['publish'] == pdfs['WeasyPrint']}")
    for name in drawings:
        print(f"{name:10s} drawing lines: CPU median {statistics.median(drawn[name]):.3f} s, min {min(drawn[name]):.3f} s"
              f" | writing the PDF: CPU median {statistics.median(writes[name]):.3f} s, min {min(writes[name]):.3f} s")
    ours, theirs = statistics.median(drawn["publish"]), statistics.median(drawn["WeasyPrint"])
    result(f"drawing the lines of {output.pages} pages: CPU", f"CPU {ours:.2f} s", f"WeasyPrint's {theirs:.2f} s",
           f"{ours / theirs:.2f}x", "same PDF", pdfs["publish"] == pdfs["WeasyPrint"])


if __name__ == "__main__":
    main()
