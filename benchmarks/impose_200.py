"""Benchmark: imposing a 200-page A5 PDF (issue target: under 2 s).

The A5 file is a real build: a test article typeset 100 times over in the
booklet layout and cut to 200 pages, so the pages carry real subset CJK
fonts and distinct content. Times ``impose`` (duplex, fronts and backs).

    .venv/bin/python benchmarks/impose_200.py
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def two_hundred_pages() -> bytes:
    """Typeset the fixture article repeatedly as one A5 document (each copy
    starts on a new page), then cut it to exactly 200 pages."""
    import dataclasses

    import pikepdf

    from publish.build import single_publication
    from publish.fonts import load_fonts
    from publish.layouts import load_layout
    from publish.render import render
    from publish.sources import read_article
    from publish.typeset import typeset

    article = read_article(REPO / "tests" / "fixtures" / "news.txt")
    publication = dataclasses.replace(single_publication(article, "zh-Hans"), articles=(article,) * 100)
    pdf = typeset(render(publication, load_layout("booklet", REPO), load_fonts(REPO), REPO)).pdf
    document = pikepdf.open(io.BytesIO(pdf))
    assert len(document.pages) >= 200, len(document.pages)
    del document.pages[200:]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> None:
    from publish.impose import ImposeOptions, impose

    pdf = two_hundred_pages()
    times = []
    for _ in range(5):
        started = time.perf_counter()
        result = impose(pdf, ImposeOptions(creep_mm=1.0, marks=True))
        times.append(time.perf_counter() - started)
    print(f"A5 input: 200 pages, {len(pdf) / 1e6:.2f} MB; imposed: {result.sheets} sheets, "
          f"{len(result.duplex) / 1e6:.2f} MB (+ fronts and backs files)")
    print(f"impose: best {min(times):.3f} s, worst {max(times):.3f} s (target < 2 s)")


if __name__ == "__main__":
    main()
