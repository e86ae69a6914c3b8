"""Benchmark: `publish import` of a 20-page Word document.

Issue target: importing a 20-page .docx takes under 1 s. The document is
made here with python-docx (headings, numbered paragraphs, tables, a
picture, footnotes: about 12,000 characters, 20 pages on the GB/T 9704
grid of 22 lines of 28 characters). Timed, best of N, alternating:

* ``publish import`` as a whole command (interpreter start and imports
  included), against the anchor ``python -c "import docx; docx.Document(f)"``,
  the least any Python reader of the file pays;
* the reading itself in one process (python-docx, the reading layer, the
  Markdown), against python-docx opening the file and listing its
  paragraphs' text.

    .venv/bin/python benchmarks/import_docx.py [--runs 5] [--pages]

``--pages`` also builds the document as an A4 handout and prints its page count.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

SENTENCE = ("各级党组织要把学习贯彻党的创新理论作为首要政治任务，健全完善理论学习中心组学习制度，"
            "推动理论学习从机关延伸到乡村、社区、企业和学校，让党的声音传遍千家万户。")


def make_document(path: Path) -> Path:
    from docx import Document
    from docxmaker import add_notes, note_ref, para, png, run

    doc = Document()
    para(doc, "关于深入开展主题教育的实施方案", 22, "方正小标宋简体", center=True)
    notes = {}
    for section in range(1, 7):
        para(doc, f"{'一二三四五六'[section - 1]}、第{section}部分的工作要求", font="黑体")
        for sub in range(1, 4):
            para(doc, f"（{'一二三'[sub - 1]}）具体措施{sub}", font="楷体_GB2312")
            for k in range(3):
                p = para(doc, SENTENCE * 2)
                if k == 0:
                    number = len(notes) + 1
                    note_ref(p, "footnote", number)
                    notes[number] = f"第{number}条注释：有关文件的出处和印发时间。"
                    run(p, "这是脚注之后的句子。")
        table = doc.add_table(rows=4, cols=3)
        for r in range(4):
            for c in range(3):
                table.cell(r, c).text = f"第{r + 1}行第{c + 1}列"
        if section == 3:
            doc.add_paragraph().add_run().add_picture(io.BytesIO(png()))
            para(doc, "图1 活动现场", font="黑体", center=True)
    add_notes(doc, "footnote", notes)
    doc.save(path)
    return path


def best(runs: int, *steps):
    """Best time of each step over ``runs`` alternating rounds."""
    times = [[] for _ in steps]
    for _ in range(runs):
        for i, step in enumerate(steps):
            started = time.perf_counter()
            step()
            times[i].append(time.perf_counter() - started)
    return [min(t) for t in times]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = make_document(work / "fangan.docx")
        chars = None
        (work / "ws" / "articles").mkdir(parents=True)

        def command():
            subprocess.run([sys.executable, "-m", "publish", "import", "--force", str(source)], cwd=work / "ws",
                           check=True, capture_output=True, env=ENV)

        def anchor_command():
            subprocess.run([sys.executable, "-c", f"import docx; docx.Document({str(source)!r})"],
                           check=True, capture_output=True, env=ENV)

        from publish.sources import _read_document

        def reading():
            _read_document.cache_clear()
            return _read_document(source, source.resolve(), 0, 0)

        def anchor_reading():
            import docx

            return [p.text for p in docx.Document(str(source)).paragraphs]

        exported = reading()
        chars = sum(len(text) for text, _ in __import__("publish.model", fromlist=["iter_text"]).iter_text(
            exported.article))
        cmd, cmd_anchor = best(args.runs, command, anchor_command)
        read, read_anchor = best(args.runs, reading, anchor_reading)
        print(f"document: {source.stat().st_size / 1024:.0f} KiB, {chars} characters, "
              f"{len(exported.article.notes)} footnotes")
        print(f"publish import (whole command):      {cmd:.3f} s   target < 1 s")
        print(f"  anchor: python -c 'docx.Document': {cmd_anchor:.3f} s   ratio {cmd / cmd_anchor:.2f}")
        print(f"reading + Markdown (in process):     {read:.3f} s")
        print(f"  anchor: python-docx paragraphs:    {read_anchor:.3f} s   ratio {read / read_anchor:.2f}")
        if args.pages:
            from publish.build import BuildOptions, build

            outputs = build([source], BuildOptions(workspace=work, out_dir=work / "dist"))
            print(f"as an A4 handout: {outputs[0].pages} pages")
        print("(best of %d on this machine; other processes share its cores)" % args.runs)


if __name__ == "__main__":
    main()
