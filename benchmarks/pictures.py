"""Benchmark: what three photos cost. The shared sample as Markdown with
three 2400 x 1600 JPEG photos (wider than the 1842 pixels 300 dpi takes
across the 156 mm measure), typeset as A4 + booklet x zh-Hans + zh-Hant-HK
with ``--jobs 1``, against the same article without them (the anchor).
Each photo is reduced once a process (``publish/pictures.py``); WeasyPrint
alone reduced it for each of the four documents (about 1 s more here).

    .venv/bin/python benchmarks/pictures.py [--runs 5]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import CPU, PUBLISH, SAMPLE, alternate, cpu, median, result

MATRIX = ["build", "--no-cache", "--jobs", "1", "-f", "a4", "--booklet", "-e", "zh-Hans", "-e", "zh-Hant-HK", "-q"]


def _photo(path: Path, seed: int) -> None:
    """A photo-like JPEG: a gradient under fine noise, at quality 88."""
    from PIL import Image

    size = (2400, 1600)
    noise = Image.effect_noise((size[0] // 4, size[1] // 4), 40 + seed).convert("RGB").resize(size)
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    Image.blend(noise, gradient, 0.5).save(path, quality=88)


def _workspace(root: Path) -> Path:
    (root / "articles" / "images").mkdir(parents=True)
    paragraphs = [p.strip() for p in SAMPLE.read_text("utf-8").split("\n\n") if p.strip()]
    for name, photos in (("plain", False), ("photos", True)):
        lines = [f"# {paragraphs[0]}", ""]
        for n, paragraph in enumerate(paragraphs[1:]):
            lines += [paragraph, ""]
            if photos and n in (5, 15, 25):
                lines += [f"![党员志愿者开展服务活动](images/photo{n}.jpg)", ""]
        (root / "articles" / f"{name}.md").write_text("\n".join(lines), encoding="utf-8")
    for n in (5, 15, 25):
        _photo(root / "articles" / "images" / f"photo{n}.jpg", n)
    return root


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = _workspace(Path(tmp))
        times = alternate({
            "plain": (PUBLISH + MATRIX + ["articles/plain.md", "-o", "plain"], ws),
            "photos": (PUBLISH + MATRIX + ["articles/photos.md", "-o", "photos"], ws),
        }, args.runs, swap=True)
        sizes = {name: sum(p.stat().st_size for p in (ws / name).glob("*.a4.pdf")) / 2 for name in ("plain", "photos")}
    plain, photos = median(times["plain"]), median(times["photos"])
    print(f"the sample, A4 + booklet x zh-Hans + zh-Hant-HK, --jobs 1, {args.runs} rounds:")
    print(f"without photos {plain:.2f} s ({cpu('plain')}), with three 2400-pixel photos {photos:.2f} s "
          f"({cpu('photos')}): the photos add {photos - plain:.2f} s; an A4 file {sizes['plain'] / 1e6:.2f} MB "
          f"-> {sizes['photos'] / 1e6:.2f} MB")
    result("three photos in the 2 x 2 matrix, --jobs 1", f"{photos:.2f} s ({cpu('photos')})",
           f"without them {plain:.2f} s", f"+{photos - plain:.2f} s ({median(CPU['photos']) / median(CPU['plain']):.2f}x CPU)",
           "(once a photo a process)")


if __name__ == "__main__":
    main()
