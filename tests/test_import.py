"""`publish import` writes editable Markdown (pictures beside it) and says
what it found and left out; `build` and `check` take Word files and web
pages directly; a compilation's globs include them; a file in articles/
that no reader takes is named."""

from __future__ import annotations

import shutil

import pytest

import docxmaker
from conftest import make_workspace, run_cli
from pdfread import body_text
from publish.model import iter_text
from publish.sources import read_article


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("import"))
    source = docxmaker.rich_docx(tmp_path_factory.mktemp("in") / "tongzhi.docx")
    result = run_cli("import", str(source), cwd=ws)
    return ws, source, result


def test_import_writes_markdown_and_pictures_and_reports(imported):
    ws, source, result = imported
    assert result.returncode == 0, result.stderr
    markdown = (ws / "articles" / "tongzhi.md").read_text("utf-8")
    assert markdown.startswith("---\ntitle: 关于加强基层党组织建设的通知\nauthor: 县委组织部\n")
    assert "\n## 一、总体要求\n" in markdown and "\n### （一）工作目标\n" in markdown
    assert "\n#### 1．加强组织领导\n" in markdown
    assert "\n![图1 党员活动现场](images/tongzhi-1.png)\n" in markdown
    assert "[^1]" in markdown and "\n[^1]: 脚注：中共中央办公厅印发，2024年。" in markdown
    assert (ws / "articles" / "images" / "tongzhi-1.png").read_bytes().startswith(b"\x89PNG")
    report = result.stderr
    for line in ("title: 关于加强基层党组织建设的通知", "4 headings", "level 1: 一、总体要求",
                 "  level 2: （一）工作目标", "1 table, 1 picture, 2 footnotes",
                 "the table of contents", "page header or footer '内部资料 注意保存'",
                 "merged table cells"):
        assert line in report, line
    # a 着重号 is written *…*, which prints as one (it was written as bold, a
    # loss reported for nothing: import-then-build printed 黑体)
    assert "**重点***必须抓好落实*" in markdown and "着重号" not in report


def test_imported_markdown_reads_as_the_word_file_does(imported):
    ws, source, _ = imported
    from_word = [text for text, _ in iter_text(read_article(source))]
    from_markdown = [text for text, _ in iter_text(read_article(ws / "articles" / "tongzhi.md"))]
    assert "".join(from_markdown) == "".join(from_word)


def test_imported_markdown_keeps_bylines_and_captions(tmp_path):
    """A news text's byline and photo caption are set as such (centred,
    in their face) whether the text is built as it came or imported to
    Markdown first: the Markdown reads them by their shape too."""
    ws = make_workspace(tmp_path / "ws")
    source = tmp_path / "news.txt"
    source.write_text("滨江县以高质量党建引领基层治理\n\n文/图 周明远\n\n"
                      "初夏时节，走进滨江县青石镇，干净整洁的村道两旁绿树成荫。\n\n"
                      "图为青石镇党员志愿者为群众提供健康咨询服务。（新华社记者 李清 摄）\n\n"
                      "一年来，滨江县坚持大抓基层的鲜明导向。\n", encoding="utf-8")
    assert run_cli("import", str(source), cwd=ws).returncode == 0

    def kinds(path):
        return [type(block).__name__ for block in read_article(path).blocks]

    assert kinds(source) == ["Byline", "Paragraph", "Caption", "Paragraph"]
    assert kinds(ws / "articles" / "news.md") == kinds(source)


def test_import_never_overwrites_without_force(imported):
    ws, source, _ = imported
    target = ws / "articles" / "tongzhi.md"
    target.write_text("# 我改过的稿子\n", encoding="utf-8")
    result = run_cli("import", str(source), cwd=ws)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {source}: articles/tongzhi.md exists already (pass --force to replace it)"
    assert target.read_text("utf-8") == "# 我改过的稿子\n"
    assert run_cli("import", "--force", str(source), cwd=ws).returncode == 0
    assert target.read_text("utf-8").startswith("---\ntitle: 关于加强基层党组织建设的通知")


def test_import_text_with_an_encoding(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    source = tmp_path / "hk.txt"
    source.write_bytes("家政服務通知\n\n各位居民：本週六上午舉行家政服務講座，歡迎參加。\n".encode("big5"))
    result = run_cli("import", "--encoding", "big5", str(source), cwd=ws)
    assert result.returncode == 0, result.stderr
    assert (ws / "articles" / "hk.md").read_text("utf-8").startswith("---\ntitle: 家政服務通知\n---")


def test_bad_file_imports_nothing(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really")
    result = run_cli("import", str(bad), cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "damaged Word document" in result.stderr
    assert list((ws / "articles").iterdir()) == []


def test_build_and_check_take_documents_and_name_what_they_cannot_read(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 第一篇\n\n正文。\n", "b.txt": "第二篇\n\n正文。\n",
                                          "notes.xlsx": b"PK\x03\x04", "photo.jpg": b"\xff\xd8"})
    docxmaker.numbering_docx(ws / "articles" / "c.docx")
    shutil.copy(ws / "articles" / "c.docx", ws / "articles" / "d.docx")
    (ws / "articles" / "~$c.docx").write_bytes(b"\x05lock")
    result = run_cli("check", cwd=ws)
    assert "4 files checked" in result.stderr
    assert "articles: left out notes.xlsx, photo.jpg: not articles" in result.stderr
    assert "articles/~$c.docx: skipped: a Word lock file" in result.stderr
    (ws / "publish.toml").write_text('title = "汇编"\narticles = ["articles/*"]\nformats = ["a4"]\n', encoding="utf-8")
    result = run_cli("build", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert "(4 articles)" in result.stderr
    # what publish.toml's pattern finds and cannot read is named too (its
    # pictures are an article's own)
    assert "articles: left out notes.xlsx: not articles" in result.stderr
    assert "articles/~$c.docx: skipped: a Word lock file" in result.stderr
    pdf = next((ws / "dist").glob("*.a4.pdf"))
    text = body_text(pdf)
    assert text.index("第一篇") < text.index("第二篇") < text.index("学习贯彻工作方案")
    assert text.count("一、指导思想") >= 2  # c.docx and d.docx, each in the contents and the text


def test_a_markdown_there_already_is_named_before_the_file_is_read(tmp_path, monkeypatch):
    """A .doc goes through LibreOffice (seconds): an import that would be
    refused is refused first."""
    from publish import sources
    from publish.errors import SourceError
    from publish.importing import import_file

    ws = make_workspace(tmp_path / "ws")
    (ws / "articles" / "tongzhi.md").write_text("# 我改过的稿子\n", encoding="utf-8")
    source = tmp_path / "tongzhi.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0")

    def unread(*args, **kwargs):
        raise AssertionError("read")

    monkeypatch.setattr(sources, "read_document", unread)
    with pytest.raises(SourceError, match="tongzhi.md exists already"):
        import_file(source, ws / "articles")
    assert (ws / "articles" / "tongzhi.md").read_text("utf-8") == "# 我改过的稿子\n"
