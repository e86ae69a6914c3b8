"""Footnotes: ``text[^1]`` in Markdown (and Word's notes, see test_docx)
print at the foot of their page, numbered per article, converted in the
traditional editions, kept out of the outline and the contents, and checked
by `publish check`."""

from __future__ import annotations

import pytest

from conftest import make_workspace, run_cli
from pdfread import outline, page_lines
from publish.model import plain_text
from publish.sources import read_article

FIRST = """\
---
title: 第一篇学习文章
---

## 一、学习要求[^h]

学习贯彻条例，做到学纪知纪明纪守纪。这是正文，引用了一条注释[^src]，后面还有很多内容。再次引用同一条[^src]，又引用第二条[^2]。

把纪律要求落实到日常工作生活之中，做到知行合一。

[^src]: 《中国共产党纪律处分条例》，中共中央2023年12月印发。
[^2]: 这里说明“学纪知纪”的来历。
[^h]: 标题上的注释。
"""

SECOND = """\
---
title: 第二篇学习文章
---

## 一、落实措施

各级党组织要把纪律教育贯穿始终[^a]。

[^a]: 第二篇的第一条注释，编号从一开始。
"""

CONFIG = """\
title = "注释测试汇编"
editions = ["zh-Hans", "zh-Hant-HK", "zh-Hant-TW"]
formats = ["a4"]
articles = ["articles/*.md"]
"""

NOTES = {
    "zh-Hans": ("《中国共产党纪律处分条例》，中共中央2023年12月印发。", "第二篇的第一条注释，编号从一开始。"),
    "zh-Hant-HK": ("《中國共產黨紀律處分條例》，中共中央2023年12月印發。", "第二篇的第一條註釋，編號從一開始。"),
    "zh-Hant-TW": ("《中國共產黨紀律處分條例》，中共中央2023年12月印發。", "第二篇的第一條註釋，編號從一開始。"),
}


def test_markdown_notes_in_the_model(tmp_path, caplog):
    path = tmp_path / "a.md"
    path.write_text(FIRST + "\n缺注释的引用[^nope]。\n\n[^unused]: 没人引用。\n", encoding="utf-8")
    article = read_article(path)
    # numbered in the order of first reference: the heading's note first
    assert [(n.label, plain_text(n.spans)) for n in article.notes] == [
        ("1", "标题上的注释。"), ("2", NOTES["zh-Hans"][0]), ("3", "这里说明“学纪知纪”的来历。")]
    refs = [s.text for b in article.blocks for s in b.spans if "noteref" in s.style]
    assert refs == ["1", "2", "2", "3"]
    assert "footnote reference [^nope] has no note" in caplog.text
    assert "footnote [^unused] is never referenced" in caplog.text


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("notes"), {"a.md": FIRST, "b.md": SECOND})
    (ws / "publish.toml").write_text(CONFIG, encoding="utf-8")
    result = run_cli("build", cwd=ws)
    assert result.returncode == 0, result.stderr
    return {code: ws / "dist" / f"compilation.{code}.a4.pdf" if (ws / "dist" / f"compilation.{code}.a4.pdf").exists()
            else next((ws / "dist").glob(f"*.{code}.a4.pdf")) for code in NOTES}


@pytest.mark.parametrize("edition", list(NOTES))
def test_notes_at_the_foot_of_their_page_numbered_per_article(compiled, edition):
    pages = page_lines(compiled[edition])
    for note, number in zip(NOTES[edition], ("2", "1")):
        page = next(p for p in pages if any(note in l.text.replace(" ", "") for l in p))
        line = next(l for l in page if note in l.text.replace(" ", ""))
        body = [l for l in page if l.size > 14 and l.top < line.top]
        assert body and line.top > max(l.top for l in body), "below the last body line"
        assert line.size < 12, "set smaller than the body"
        assert line.text.replace(" ", "").startswith(number + note[:2]), line.text
        # the note's number is called in the text, as a small raised figure
        calls = [c for l in page if l.top < line.top for c in l.chars if c["text"] == number and 8 < c["size"] < 11]
        assert calls
        assert any(c["top"] < b.top + b.size for c in calls for b in body), "on a line of the text"


def test_notes_out_of_outline_and_contents(compiled):
    pdf = compiled["zh-Hans"]
    marks = str(outline(pdf))
    assert "一、学习要求" in marks and "标题上的注释" not in marks and "学习要求1" not in marks
    contents = next(p for p in page_lines(pdf) if any("目录" in l.text.replace(" ", "") for l in p))
    entry = next(l.text for l in contents if "学习要求" in l.text)
    assert "标题上的注释" not in entry and "学习要求1" not in entry.replace(" ", "")


def test_check_reports_missing_and_unused_notes(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n正文[^1]，未定义[^zz]。\n\n[^1]: 注释。\n[^x]: 多余。\n"})
    result = run_cli("check", cwd=ws)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "articles/a.md:3:11: E601 footnote reference [^zz] has no note",
        "articles/a.md:6:1: W602 footnote [^x] is never referenced",
    ]
