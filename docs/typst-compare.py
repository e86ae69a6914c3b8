"""Typeset the typography test paragraphs with publish and with Typst (the
`typst` package from the test extras) and put page 1 of each side by side:
docs/images/typst-comparison.png.

    .venv/bin/python docs/typst-compare.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    import typst
    from PIL import Image

    from publish.build import BuildOptions, build

    source = REPO / "tests" / "fixtures" / "typography.md"
    paragraphs = [p.strip() for p in source.read_text("utf-8").split("\n\n")[1:] if p.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "t.typ").write_text(
            '#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm))\n'
            '#set text(font: "Noto Serif CJK SC", size: 16pt, lang: "zh", region: "cn")\n'
            "#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 12.99pt, "
            "spacing: 12.99pt)\n"
            '#align(center, text(size: 22pt, weight: "bold")[排版测试])\n\n' + "\n\n".join(paragraphs),
            encoding="utf-8")
        typst.compile(str(work / "t.typ"), output=str(work / "typst.pdf"), font_paths=["/usr/share/fonts"])
        ours = build([source], BuildOptions(workspace=source.parent, out_dir=work))[0].path
        for name, pdf in (("ours", ours), ("typst", work / "typst.pdf")):
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                            str(work / name)], check=True)
        left, right = Image.open(work / "ours.png"), Image.open(work / "typst.png")
        side = Image.new("RGB", (left.width + right.width, max(left.height, right.height)), "white")
        side.paste(left, (0, 0))
        side.paste(right, (left.width, 0))
        side.save(REPO / "docs" / "images" / "typst-comparison.png", optimize=True)


if __name__ == "__main__":
    main()
