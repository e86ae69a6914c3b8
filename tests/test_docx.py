"""Word documents (.docx from Word and WPS; .doc and .wps through
LibreOffice) -> Article -> PDF: title and heading levels from styles,
outline levels, generated numbers and direct formatting; nothing lost,
reordered or duplicated; notes at the page foot; pictures embedded."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import docxmaker
from conftest import REPO, make_workspace, run_cli
from pdfread import MM, drawn_pictures, outline, page_lines, squeeze
from publish.model import (
    Caption, Figure, Heading, ListBlock, Paragraph, Table, iter_blocks, iter_text, plain_text,
)
from publish.sources import read_article
from publish.sources.docx import chinese_number, format_number

SHARED = REPO.parent / "shared" / "docx"


def headings(article):
    return [(b.level, plain_text(b.spans)) for b in iter_blocks(article.blocks) if isinstance(b, Heading)]


def all_text(article) -> str:
    return "".join(text for text, _ in iter_text(article))


def in_order(text: str, pieces: list[str]) -> None:
    """Each piece once, after the one before: nothing lost, reordered or doubled."""
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} missing or out of order after …{text[max(0, at - 20):at]!r}"
        # pieces long enough to be unique stand once: nothing doubled
        assert text.count(piece) == 1 or len(piece) < 6, f"{piece!r} appears {text.count(piece)} times"
        at = found + len(piece)


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> Path:
    return docxmaker.rich_docx(tmp_path_factory.mktemp("docx") / "rich.docx")


def test_direct_formatting_gives_title_headings_and_text_in_order(rich, caplog):
    article = read_article(rich)
    assert article.title == "关于加强基层党组织建设的通知"  # the body's, not the core properties'
    assert article.author == "县委组织部"
    assert headings(article) == [(1, "一、总体要求"), (2, "（一）工作目标"), (3, "1．加强组织领导"), (1, "二、工作措施")]
    kinds = {plain_text(b.spans): type(b) for b in iter_blocks(article.blocks) if hasattr(b, "spans")}
    # "1．" in running text is a numbered paragraph, a 楷体 line a quotation
    assert kinds["1．各级党组织要高度重视基层党组织建设工作，认真研究部署，确保取得实效。"] is Paragraph
    assert kinds["习近平总书记指出"] is Paragraph
    text = all_text(article)
    in_order(squeeze(text), docxmaker.RICH_TEXT_IN_ORDER)
    for gone in ("删除内容", "批注内容不印", "目录项", "内部资料", "核心属性", "Administrator"):
        assert gone not in text and gone not in (article.author or "")
    assert text.count("文本框内容只出现一次") == 1
    assert "\u3000" not in plain_text(article.blocks[0].spans)[:2]  # typed indent removed
    assert "page header or footer '内部资料 注意保存'" in caplog.text
    assert "table of contents" in caplog.text


def test_emphasis_breaks_notes_tables_pictures(rich):
    article = read_article(rich)
    first = article.blocks[0]
    styles = {s.text: s.style for s in first.spans}
    assert styles["重点"] == {"strong"} and styles["必须"] == {"dot"} and styles["抓好落实"] == {"em"}
    assert any(s.text == "\n" for s in first.spans)  # the soft line break
    assert [n.label for n in article.notes] == ["1", "2"]
    assert plain_text(article.notes[0].spans) == "脚注：中共中央办公厅印发，2024年。"
    assert plain_text(article.notes[1].spans) == "尾注内容。"
    table = next(b for b in article.blocks if isinstance(b, Table))
    assert [plain_text(c) for c in table.head[0]] == ["项目", "责任与时限", ""]
    assert [[plain_text(c) for c in row] for row in table.body] == [["组织建设", "组织部", "6月底"], ["队伍建设", "", "年底"]]
    assert set(table.merges) == {(0, 1, 1, 2), (1, 1, 2, 1)}
    figure = next(b for b in article.blocks if isinstance(b, Figure))
    assert figure.data.startswith(b"\x89PNG") and plain_text(figure.caption) == "图1 党员活动现场"
    assert figure.src == "images/rich-1.png"
    assert not any(isinstance(b, Caption) for b in article.blocks)


@pytest.mark.parametrize("chinese_ids", [False, True], ids=["english-ids", "chinese-word-ids"])
def test_style_names_outline_levels_and_generated_numbers(tmp_path, chinese_ids):
    article = read_article(docxmaker.numbering_docx(tmp_path / "plan.docx", chinese_ids))
    assert article.title == "学习贯彻工作方案"
    assert headings(article) == docxmaker.NUMBERED_HEADINGS
    paragraphs = [plain_text(b.spans) for b in article.blocks if isinstance(b, Paragraph)]
    assert "1）第一项要求，要认真组织学习，确保人人参与；" in paragraphs
    assert "2）第二项要求，要及时总结经验，形成长效机制。" in paragraphs
    assert "不编号的段落，样式带编号也不编。" in paragraphs  # numId 0: no number
    lists = [b for b in article.blocks if isinstance(b, ListBlock)]
    assert [(l.ordered, [plain_text(i[0].spans) for i in l.items]) for l in lists] == [
        (False, ["要点一", "要点二"]), (True, ["第一步", "第二步"])]
    if chinese_ids:
        assert "用编号样式3写的正文，不是标题。" in paragraphs


def test_number_formats():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 21, 99, 100, 105, 110)] == [
        "一", "九", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十"]
    assert format_number(3, "japaneseCounting") == "三"
    assert format_number(12, "chineseCountingThousand") == "十二"
    assert format_number(2, "ideographTraditional") == "乙"  # Word's 甲乙丙丁
    assert format_number(27, "lowerLetter") == "aa"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(12, "decimalFullWidth") == "１２"
    # 大写 numbering printed 一、二、 where the document says 壹、贰、
    assert [format_number(n, "chineseLegalSimplified") for n in (1, 2, 3, 6, 10, 11, 20, 105, 110)] == [
        "壹", "贰", "叁", "陆", "壹拾", "壹拾壹", "贰拾", "壹佰零伍", "壹佰壹拾"]
    assert format_number(3, "ideographLegalTraditional") == "參"
    assert format_number(2, "ideographParenthesized") == "㈡"
    assert format_number(2, "decimalEnclosedParen") == "⑵"
    # …and they still number headings (壹、 came out as text when it stopped printing 一、)
    from publish.sources.shapes import numbering_level

    assert [numbering_level(format_number(12, "chineseLegalSimplified") + "、附则"), numbering_level("㈠健全学习制度"),
            numbering_level("⒈加强领导"), numbering_level("⑴要点")] == [1, 2, 3, 4]


@pytest.mark.parametrize("name", ["cc-bianzhi-shuoming-psr12", "ga-wenjian-template"])
def test_real_documents_pass_their_facts(name):
    if not (SHARED / f"{name}.docx").is_file():
        pytest.skip("../shared/docx is not here")
    facts = json.loads((SHARED / f"{name}.facts.json").read_text("utf-8"))
    article = read_article(SHARED / f"{name}.docx")
    text = squeeze(all_text(article))
    found = [plain_text(b.spans) for b in iter_blocks(article.blocks) if isinstance(b, Heading)]
    for check in facts["checks"]:
        if check["kind"] == "heading":
            assert any(check["text"] in h for h in found), check
        elif check["kind"] == "present":
            assert squeeze(check["text"]) in text, check
        elif check["kind"] == "count":
            assert text.count(squeeze(check["text"])) == 1, check
    if "headings" in facts:
        assert squeeze(article.title) == squeeze(facts["title"])
        assert [(level, squeeze(t)) for level, t in headings(article)][:len(facts["headings"])] != []
        expected = [(h["level"], squeeze(h["text"])) for h in facts["headings"]]
        got = [(level, squeeze(t)) for level, t in headings(article)]
        assert all(e in got for e in expected), (expected, got)


@pytest.fixture(scope="module")
def rich_pdf(rich, tmp_path_factory):
    from publish.build import BuildOptions, build

    ws = make_workspace(tmp_path_factory.mktemp("ws"))
    shutil.copy(rich, ws / "articles")
    outputs = build([ws / "articles" / "rich.docx"], BuildOptions(workspace=ws, out_dir=ws / "dist",
                    editions=("zh-Hans", "zh-Hant-HK")))
    return {o.path.name.split(".")[1]: o.path for o in outputs if o.path.suffix == ".pdf"}


def test_docx_prints_in_order_with_its_picture_and_outline(rich_pdf):
    pdf = rich_pdf["zh-Hans"]
    text = squeeze("".join(l.text for page in page_lines(pdf) for l in page))
    in_order(text, [squeeze(p) for p in ["关于加强基层党组织建设的通知"] + docxmaker.RICH_TEXT_IN_ORDER])
    assert "删除内容" not in text and text.count("文本框内容只出现一次") == 1
    assert drawn_pictures(pdf) == [(240, 160)]
    titles = [t for t, _ in outline(pdf)] + [c for _, children in outline(pdf) for c, _ in children]
    assert "一、总体要求" in str(outline(pdf)) and "脚注" not in str(outline(pdf)), titles


def test_word_footnotes_at_the_page_foot_in_every_edition(rich_pdf):
    for edition, note in (("zh-Hans", "脚注：中共中央办公厅印发"), ("zh-Hant-HK", "腳註：中共中央辦公廳印發")):
        pages = page_lines(rich_pdf[edition])
        page = next(p for p in pages if any(note in l.text.replace(" ", "") for l in p))
        note_line = next(l for l in page if note in l.text.replace(" ", ""))
        body = [l for l in page if l.size >= 15 and l.top < note_line.top]
        assert body, "the note shares its page with body text"
        assert note_line.top > max(l.top for l in body)
        assert note_line.size < 12
        assert note_line.text.startswith("1")


@pytest.fixture(scope="module")
def word97(tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (make test installs libreoffice-writer-nogui)")
    folder = tmp_path_factory.mktemp("doc")
    rich = docxmaker.rich_docx(folder / "rich.docx", box=False)
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(folder), str(rich)],
                   check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(folder)})
    return folder / "rich.doc"


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_doc_and_wps_through_libreoffice(word97, tmp_path, suffix):
    path = tmp_path / f"tongzhi{suffix}"
    shutil.copy(word97, path)  # a WPS file is Word 97 bytes under another name
    article = read_article(path)
    assert article.title == "关于加强基层党组织建设的通知"
    assert headings(article) == [(1, "一、总体要求"), (2, "（一）工作目标"), (3, "1．加强组织领导"), (1, "二、工作措施")]
    in_order(all_text(article), ["重点", "一、总体要求", "𠮷", "䶮", "原有文字新增内容", "组织部", "结尾段落"])
    assert plain_text(article.notes[0].spans) == "脚注：中共中央办公厅印发，2024年。"


def test_doc_without_libreoffice_names_the_package(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)})
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run_cli("build", "articles/old.doc", cwd=ws,
                     env={"PATH": str(empty), "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: articles/old.doc: reading .doc files needs LibreOffice, which is not installed "
        "(install the package libreoffice-writer-nogui, or save the file as .docx)")
    assert not (ws / "dist").exists()


def test_lock_files_skipped_in_folders_refused_by_name(rich, tmp_path):
    ws = make_workspace(tmp_path / "ws", {"~$rich.docx": b"\x05lock"})
    shutil.copy(rich, ws / "articles")
    result = run_cli("check", cwd=ws)
    assert "articles/~$rich.docx: skipped: a Word lock file" in result.stderr
    assert "1 file checked" in result.stderr
    result = run_cli("build", "articles/~$rich.docx", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"Error: articles/~\$rich.docx: a Word lock file", result.stderr)


def _zip_without_a_document() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "x")
    return out.getvalue()


@pytest.mark.parametrize("content,message", [
    (b"PK\x03\x04broken zip", "damaged Word document: it is not a whole .docx file"),
    (b"just some text, not a Word file", "not a Word document"),
    (_zip_without_a_document(), "not a Word document (.docx), or a damaged one"),
])
def test_damaged_docx_is_one_line(tmp_path, content, message):
    """In the user's words: not zipfile's 'File is not a zip file' nor
    'There is no item named '[Content_Types].xml' in the archive'."""
    ws = make_workspace(tmp_path / "ws", {"bad.docx": content})
    result = run_cli("build", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert message in result.stderr and "articles/bad.docx" in result.stderr
    assert "zip file" not in result.stderr and "archive" not in result.stderr


def test_emf_picture_without_libreoffice_is_named_and_left_out(tmp_path, monkeypatch, caplog):
    import io

    from docx import Document
    from docx.opc.packuri import PackURI

    doc = Document()
    docxmaker.para(doc, "带图的通知", 22, "方正小标宋简体", center=True)
    docxmaker.para(doc, "正文第一段，后面是一张示意图。")
    shape = doc.add_paragraph().add_run().add_picture(io.BytesIO(docxmaker.png()))
    shape._inline.docPr.set("name", "示意图 3")
    image = next(rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/image"))
    image.partname = PackURI("/word/media/image1.emf")
    image._blob = b"\x01\x00\x00\x00 an EMF drawing"
    docxmaker.para(doc, "图后的段落。")
    doc.save(tmp_path / "emf.docx")
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    article = read_article(tmp_path / "emf.docx")
    assert not any(isinstance(b, Figure) for b in article.blocks)
    assert [plain_text(b.spans) for b in article.blocks] == ["正文第一段，后面是一张示意图。", "图后的段落。"]
    assert "示意图 3 is an EMF drawing, which needs LibreOffice (libreoffice-writer-nogui) to print; left out" \
        in caplog.text


@pytest.mark.parametrize("account, byline", [("微软用户", None), ("Windows 用户", None), ("番茄花园", None),
                                             ("雨林木风1", None), ("张", None), ("县委宣传部", "县委宣传部")])
def test_the_account_windows_was_set_up_with_is_no_byline(tmp_path, account, byline):
    """Word writes the account of the PC a file was made on as its author:
    on Chinese Windows mostly its default (微软用户) or that of the copy
    the PC came with (番茄花园), or a surname alone (张). That is not
    printed as who wrote the article; an author the office typed in is."""
    from docx import Document

    doc = Document()
    docxmaker.para(doc, "关于开展学习的通知", size=22, font="方正小标宋简体", center=True)
    docxmaker.para(doc, "各党支部：请认真组织学习，按时报送学习情况。")
    doc.core_properties.author = account
    path = tmp_path / "a.docx"
    doc.save(path)
    assert read_article(path).author == byline


def test_a_gongwens_masthead_and_number_are_its_source_without_the_star_of_its_red_line(tmp_path):
    """A party organ's 公文 has a ★ in the middle of the red line under
    its 版头: a mark, not words of the source printed at the end."""
    from docx import Document

    doc = Document()
    docxmaker.para(doc, "中共某某县委员会文件", size=36, font="方正小标宋简体", center=True)
    docxmaker.para(doc, "县委发〔2024〕3号", center=True)
    docxmaker.para(doc, "★", center=True)
    docxmaker.para(doc, "关于开展学习的通知", size=22, font="方正小标宋简体", center=True)
    docxmaker.para(doc, "各党支部：请认真组织学习，按时报送学习情况。")
    path = tmp_path / "a.docx"
    doc.save(path)
    article = read_article(path)
    assert (article.title, article.source) == ("关于开展学习的通知", "中共某某县委员会文件 县委发〔2024〕3号")


def test_the_files_creation_date_is_not_the_articles(tmp_path):
    """Word keeps the date a file was first made: an office that copies
    last year's notice to write this year's, or a file made by a program
    from python-docx's template (2013-12-23), would print that date under
    the title. Only a date the document itself gives is the article's."""
    import datetime

    from docx import Document

    doc = Document()
    docxmaker.para(doc, "关于开展学习的通知", size=22, font="方正小标宋简体", center=True)
    docxmaker.para(doc, "各党支部：请认真组织学习，按时报送学习情况。")
    doc.core_properties.created = datetime.datetime(2019, 3, 1)
    path = tmp_path / "a.docx"
    doc.save(path)
    assert read_article(path).date is None


def test_a_pdfs_text_pasted_into_word_a_paragraph_a_line_is_joined(tmp_path, caplog):
    """Text copied from a PDF and pasted into Word makes a paragraph of
    every line of the PDF: printed so, every line was a paragraph of its
    own, indented, and the PDF's page numbers and running heads were
    printed in the text. Its lines are joined into the paragraphs they were,
    the title kept apart, a heading and the text's own paragraphs kept, the
    page furniture left out."""
    from docx import Document

    from conftest import FIXTURES
    from publish.model import plain_text

    original = [p for p in (FIXTURES / "news.txt").read_text(encoding="utf-8").split("\n") if p.strip()]
    document = Document()
    count = 0
    for number, paragraph in enumerate(original):
        lines = [paragraph] if number == 0 else [paragraph[at:at + 28] for at in range(0, len(paragraph), 28)]
        for line in lines:
            document.add_paragraph(line)
            count += 1
            if count % 12 == 0:  # a page's foot, and the next one's head
                document.add_paragraph(f"— {count // 12} —")
                document.add_paragraph("滨江县委组织部编印")
    document.save(tmp_path / "pasted.docx")
    (tmp_path / "news.txt").write_text("\n\n".join(original) + "\n", encoding="utf-8")
    pasted, news = read_article(tmp_path / "pasted.docx"), read_article(tmp_path / "news.txt")
    assert pasted.title == news.title == "凝心聚力抓党建 实干笃行促发展"
    shapes = [(type(b).__name__, plain_text(b.spans)) for b in pasted.blocks if hasattr(b, "spans")]
    # the same headings, byline, caption and paragraphs as the text itself
    assert shapes == [(type(b).__name__, plain_text(b.spans)) for b in news.blocks if hasattr(b, "spans")]
    assert len(shapes) < len(original)  # (not a paragraph a line)
    said = [r.getMessage() for r in caplog.records]
    assert any(m.endswith("page numbers of a PDF's page footers, pasted with its text") for m in said)
    assert any("'滨江县委组织部编印', a PDF's running head" in m for m in said)


def test_a_pdfs_lines_pasted_into_word_ending_in_a_quote_or_beginning_with_a_comma_go_on(tmp_path):
    """As in plain text (test_text_source): a pasted line ending in the ”
    of a quoted phrase mid-sentence, or beginning with ，, does not end or
    begin a paragraph."""
    from docx import Document

    from conftest import FIXTURES
    from publish.model import plain_text

    lines = [line for line in (FIXTURES / "wrapped-quotes.txt").read_text(encoding="utf-8").split("\n") if line]
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(tmp_path / "pasted.docx")
    article = read_article(tmp_path / "pasted.docx")
    assert article.title == lines[0]
    assert [plain_text(b.spans) for b in article.blocks] == ["".join(lines[1:6]), "".join(lines[6:])]


def test_a_word_files_own_short_paragraphs_are_not_joined():
    """A template's short paragraphs that end without a full stop are not
    a PDF's lines: the Word 公文 template's [此处输入正文内容] was joined to
    the 落款 XXXX人民政府 under it."""
    from publish.model import plain_text

    path = SHARED / "ga-wenjian-template.docx"
    if not path.is_file():
        pytest.skip("../shared/docx is not here")
    texts = [plain_text(b.spans) for b in read_article(path).blocks if hasattr(b, "spans")]
    assert "[此处输入正文内容]" in texts


def test_a_pdfs_spaced_out_text_pasted_into_word_is_closed_up(tmp_path, caplog):
    from docx import Document

    from publish.model import Heading, plain_text

    document = Document()
    for line in ("关于加强干部工作的通知", "各 支 部 ：", "一 、 总 体 要 求",
                 "为 进 一 步 加 强 干 部 队 伍 建 设 ， 现 将 有 关 事 项 通 知 如 下 。"):
        document.add_paragraph(line)
    document.save(tmp_path / "a.docx")
    article = read_article(tmp_path / "a.docx")
    assert [(type(b).__name__, plain_text(b.spans)) for b in article.blocks] == [
        ("Paragraph", "各支部："), ("Heading", "一、总体要求"), ("Paragraph", "为进一步加强干部队伍建设，现将有关事项通知如下。")]
    assert isinstance(article.blocks[1], Heading)
    assert any(r.getMessage().endswith("closed up 3 paragraphs copied from a PDF with a space after every character")
               for r in caplog.records)


def test_a_news_page_or_wechat_post_pasted_into_word_prints_without_its_furniture(tmp_path, caplog):
    """Offices paste a news page or a WeChat post into Word: its 来源 line,
    编者按, the call to follow, 责任编辑 and the credits, and the account's
    other articles under 往期推荐 come along as paragraphs. As in a .txt or
    a saved page: 来源 and the date are the article's, 编者按 an editor's
    note, the rest left out and named. A notice's own 时间/地点 lines stay."""
    from docx import Document

    from publish.model import BlockQuote, plain_text

    document = Document()
    body = ("初夏时节，走进滨江县青石镇，党群服务中心里人来人往。“有事找支部，支部马上办。”",
            "一年来，滨江县坚持大抓基层的鲜明导向，推动基层党组织全面进步全面过硬。",
            "时间：2024年5月10日上午9:00", "地点：县委党校报告厅")
    for line in ("以高质量党建引领基层治理现代化", "来源：人民日报　2024-05-06", "点击上方蓝字关注我们",
                 "【编者按】基层是党的执政之基、力量之源。", *body, "（责任编辑：王五、赵六）", "编辑 | 张三 审核丨李四",
                 "往期推荐", "这些纪律红线，千万别碰！", "某某支部召开组织生活会"):
        document.add_paragraph(line)
    document.save(tmp_path / "a.docx")
    article = read_article(tmp_path / "a.docx")
    assert article.title == "以高质量党建引领基层治理现代化"
    assert (article.source, article.date) == ("人民日报", "2024-05-06")
    assert isinstance(article.blocks[0], BlockQuote)
    assert [plain_text(b.spans) for b in article.blocks[1:]] == list(body)
    said = " ".join(r.getMessage() for r in caplog.records)
    for line in ("点击上方蓝字关注我们", "往期推荐", "这些纪律红线，千万别碰！", "某某支部召开组织生活会"):
        assert f"left out web-page furniture '{line}'" in said
    assert "left out '（责任编辑：王五、赵六）'" in said and "left out '编辑 | 张三 审核丨李四'" in said


def test_an_excerpts_own_source_line_in_a_word_compilation_stays(tmp_path, caplog):
    """A 学习资料汇编 in one Word file: each excerpt ends with its own
    （来源：…）. Those between two excerpts stay where they are, and so does
    the last one's, after the text (the compilation is not 新华社's); the
    compilation's own 责任编辑 line at the end is not printed. A single
    article's 来源 line at the end is the article's source, printed under
    its title."""
    from docx import Document

    from publish.model import plain_text

    document = Document()
    first = ("纪律是党的生命线，是管党治党的戒尺。", "（来源：人民日报）")
    second = ("党员干部要学纪、知纪、明纪、守纪，做到知敬畏、存戒惧、守底线。", "（来源：新华社）")
    for line in ("党纪学习教育学习资料汇编", *first, *second, "责任编辑：王五"):
        document.add_paragraph(line)
    document.save(tmp_path / "a.docx")
    article = read_article(tmp_path / "a.docx")
    assert [plain_text(b.spans) for b in article.blocks] == [*first, *second]
    assert article.source is None
    assert caplog.text.count("left out") == 1 and "left out '责任编辑：王五'" in caplog.text
    assert [b.role for b in article.blocks] == ["", "source", "", "source"]
    # `publish import` writes them into Markdown as paragraphs: read back,
    # they are the excerpts' source lines again
    ws = make_workspace(tmp_path / "ws")
    assert run_cli("import", str(tmp_path / "a.docx"), cwd=ws).returncode == 0
    article = read_article(ws / "articles" / "a.md")
    assert [(b.role, plain_text(b.spans)) for b in article.blocks] == [
        ("", first[0]), ("source", first[1]), ("", second[0]), ("source", second[1])]
    document = Document()
    for line in ("某某支部开展党纪学习教育", *first[:1], *second[:1], "（来源：新华社）"):
        document.add_paragraph(line)
    document.save(tmp_path / "b.docx")
    article = read_article(tmp_path / "b.docx")
    assert [plain_text(b.spans) for b in article.blocks] == [first[0], second[0]]
    assert article.source == "新华社"


@pytest.mark.parametrize("suffix, gap", [("tab", "\u3000"), ("space", "\u3000"), ("nothing", "")])
def test_an_article_number_is_set_apart_from_its_text(tmp_path, suffix, gap):
    """A 细则's articles numbered by Word (第%1条, followed by a tab or a
    space) printed 第一条本细则……: a full-width space follows, as 条例 set it."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    doc.part.numbering_part.element.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="chineseCounting"/><w:suff w:val="{suffix}"/><w:lvlText w:val="第%1条"/></w:lvl>'
        '</w:abstractNum>'))
    doc.part.numbering_part.element.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="80"><w:abstractNumId w:val="80"/></w:num>'))
    docxmaker.para(doc, "党支部工作细则", size=22, font="方正小标宋简体", center=True)
    for text in ("为规范党支部工作，依据党章和有关党内法规，制定本细则。", "党支部是党的基础组织。"):
        p = docxmaker.para(doc, text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="80"/></w:numPr>'))
    path = tmp_path / "a.docx"
    doc.save(path)
    texts = [plain_text(b.spans) for b in read_article(path).blocks]
    assert texts == [f"第一条{gap}为规范党支部工作，依据党章和有关党内法规，制定本细则。", f"第二条{gap}党支部是党的基础组织。"]


@pytest.mark.parametrize("lines, subtitle, author", [
    (["——在县纪委四次全会上的讲话", "县委书记\u3000李\u3000明"], "——在县纪委四次全会上的讲话", "县委书记\u3000李\u3000明"),
    (["（2024年4月12日）", "县委书记\u3000张\u3000三"], "（2024年4月12日）", "县委书记\u3000张\u3000三"),
])
def test_a_speechs_subtitle_and_speaker_stand_under_its_title(tmp_path, lines, subtitle, author):
    """A 讲话稿 in Word: its ——在……上的讲话 became a heading of the outline,
    and the speaker under the date a paragraph of the body."""
    from docx import Document

    doc = Document()
    docxmaker.para(doc, "坚持严的基调 推动全面从严治党向纵深发展", size=22, font="方正小标宋简体", center=True)
    for line in lines:
        docxmaker.para(doc, line, font="楷体_GB2312", center=True)
    docxmaker.para(doc, "同志们：")
    docxmaker.para(doc, "这次全会的主要任务是总结工作、部署任务。")
    path = tmp_path / "a.docx"
    doc.save(path)
    article = read_article(path)
    assert (article.subtitle, article.author) == (subtitle, author)
    assert [(type(b).__name__, b.role) for b in article.blocks] == [("Paragraph", "salutation"), ("Paragraph", "")]


def test_a_title_on_two_paragraphs_is_broken_again_for_its_page(tmp_path):
    """Word's two title lines were joined with a space, a break the title
    then kept: 中共示例县委关于在全县 / 党员干部中深入开展 / 党纪学习教育的
    实施方案, three lines where two hold it."""
    from docx import Document

    doc = Document()
    for line in ("中共示例县委关于在全县党员干部中深入开展", "党纪学习教育的实施方案"):
        docxmaker.para(doc, line, size=22, font="方正小标宋简体", center=True)
    docxmaker.para(doc, "为深入贯彻落实党中央部署，结合本县实际，制定本方案。")
    ws = make_workspace(tmp_path / "ws")
    doc.save(ws / "articles" / "fangan.docx")
    title = "中共示例县委关于在全县党员干部中深入开展党纪学习教育的实施方案"
    assert read_article(ws / "articles" / "fangan.docx").title == title
    assert run_cli("build", "--no-cache", "articles/fangan.docx", cwd=ws).returncode == 0
    lines = [line.text.replace(" ", "") for line in page_lines(ws / "dist" / "fangan.zh-Hans.a4.pdf")[0]
             if line.size > 16]
    assert "".join(lines) == title and len(lines) == 2, lines


def test_a_password_protected_document_is_named_so(tmp_path):
    """A .docx with a password is a compound file holding it encrypted:
    LibreOffice was asked to convert it, and said it could not load it."""
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512)
    ws = make_workspace(tmp_path / "ws", {"secret.docx": content})
    result = run_cli("build", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "articles/secret.docx: the document is protected with a password" in result.stderr


def test_a_picture_keeps_the_width_the_document_sets(tmp_path):
    """A 1000-pixel emblem set 2 cm wide in Word printed 6 cm wide: the width
    the document sets (its extent) is the width printed, up to the text's."""
    import io as _io

    from docx import Document
    from docx.shared import Cm

    doc = Document()
    docxmaker.para(doc, "带徽标的通知", size=22, font="方正小标宋简体", center=True)
    doc.add_paragraph().add_run().add_picture(_io.BytesIO(docxmaker.png(size=(1000, 1000))), width=Cm(2))
    docxmaker.para(doc, "徽标后的段落。")
    doc.add_paragraph().add_run().add_picture(_io.BytesIO(docxmaker.png(size=(1200, 800))), width=Cm(30))
    ws = make_workspace(tmp_path / "ws", {})
    doc.save(ws / "articles" / "a.docx")
    figures = [b for b in iter_blocks(read_article(ws / "articles" / "a.docx").blocks) if isinstance(b, Figure)]
    assert [f.width_mm for f in figures] == [20.0, 300.0]
    result = run_cli("build", "-f", "a4", cwd=ws)
    assert result.returncode == 0, result.stderr
    import pdfplumber

    with pdfplumber.open(ws / "dist" / "a.zh-Hans.a4.pdf") as pdf:
        widths = [round((image["x1"] - image["x0"]) / MM) for page in pdf.pages for image in page.images]
    assert widths == [20, 156]  # (the second as wide as the text block)


def test_text_embedded_as_a_web_page_is_named(tmp_path, caplog):
    """An OA system's export holds its body as an embedded web page
    (w:altChunk): it printed a title and nothing else, without a word."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    docxmaker.para(doc, "关于开展廉洁文化进机关活动的通知", size=22, font="方正小标宋简体", center=True)
    chunk = Part(PackURI("/word/afchunk.htm"), "text/html", "<html><body><p>各党支部：</p></body></html>".encode(),
                 doc.part.package)
    rid = doc.part.relate_to(chunk, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk")
    doc.element.body.insert(1, parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>'))
    path = tmp_path / "a.docx"
    doc.save(path)
    read_article(path)
    assert "a.docx: part of the text is an embedded web page (altChunk), which is not read" in caplog.text


def test_an_underlined_blank_to_fill_in_is_a_line(tmp_path):
    """A test paper's blanks (姓名：______, underlined spaces) came out as one
    space with an emphasis dot under it: they print as the line they draw."""
    from docx import Document

    doc = Document()
    docxmaker.para(doc, "党纪学习教育知识测试卷", size=22, font="方正小标宋简体", center=True)
    p = doc.add_paragraph()
    docxmaker.run(p, "姓名：")
    docxmaker.run(p, " " * 12, underline=True)
    docxmaker.run(p, "单位：")
    docxmaker.run(p, "\u3000" * 4, underline=True)
    path = tmp_path / "a.docx"
    doc.save(path)
    [block] = read_article(path).blocks
    assert [(s.text, s.style) for s in block.spans] == [("姓名：＿＿＿＿＿＿单位：＿＿＿＿", frozenset())]


def test_the_heading_of_a_table_of_contents_is_no_byline(tmp_path, caplog):
    """WPS writes a table of contents as a bare field under a centred 目　录:
    the field is left out, and 目　录 was taken for the author's name."""
    from docx import Document

    doc = Document()
    docxmaker.para(doc, "党纪学习教育实施方案", size=22, font="方正小标宋简体", center=True)
    docxmaker.para(doc, "目\u3000录", size=16, font="黑体", center=True)
    docxmaker.para(doc, "坚持以习近平新时代中国特色社会主义思想为指导。")
    path = tmp_path / "a.docx"
    doc.save(path)
    article = read_article(path)
    assert (article.title, article.author, article.subtitle) == ("党纪学习教育实施方案", None, None)
    # (nor was it said to be text copied from a PDF: a short heading spaced
    # with an ideographic space is spaced on purpose)
    assert "copied from a PDF" not in caplog.text
    assert [plain_text(b.spans) for b in article.blocks] == ["坚持以习近平新时代中国特色社会主义思想为指导。"]


def test_bold_lines_in_two_sizes_are_two_heading_levels(tmp_path):
    """A Word file typed without heading styles or numbers: 14 pt bold
    sections over 12 pt bold sub-sections came out all on level 1 (one
    level in the outline and the same face in print)."""
    from docx import Document

    doc = Document()
    docxmaker.para(doc, "关于加强基层党组织建设的调研报告", size=22, font="方正小标宋简体", center=True)
    for section, subs in (("基本情况", ("组织设置", "队伍建设")), ("存在问题", ("学习不够深入",))):
        docxmaker.para(doc, section, size=14, font="宋体", bold=True)
        docxmaker.para(doc, docxmaker.BODY, size=12, font="宋体")
        for sub in subs:
            docxmaker.para(doc, sub, size=12, font="宋体", bold=True)
            docxmaker.para(doc, docxmaker.BODY, size=12, font="宋体")
    path = tmp_path / "a.docx"
    doc.save(path)
    found = [(b.level, plain_text(b.spans)) for b in read_article(path).blocks if isinstance(b, Heading)]
    assert found == [(1, "基本情况"), (2, "组织设置"), (2, "队伍建设"), (1, "存在问题"), (2, "学习不够深入")]
    # one size: one level, as before; and a numbered document keeps its numbers' levels
    doc = Document()
    docxmaker.para(doc, "关于加强基层党组织建设的调研报告", size=22, font="方正小标宋简体", center=True)
    docxmaker.para(doc, "一、基本情况", size=14, font="黑体")
    docxmaker.para(doc, docxmaker.BODY, size=12, font="宋体")
    docxmaker.para(doc, "组织设置", size=12, font="宋体", bold=True)
    docxmaker.para(doc, docxmaker.BODY, size=12, font="宋体")
    docxmaker.para(doc, "队伍建设", size=13, font="宋体", bold=True)
    docxmaker.para(doc, docxmaker.BODY, size=12, font="宋体")
    doc.save(path)
    found = [(b.level, plain_text(b.spans)) for b in read_article(path).blocks if isinstance(b, Heading)]
    assert found == [(1, "一、基本情况"), (2, "组织设置"), (2, "队伍建设")]


def test_superscripts_and_subscripts_print_raised_and_lowered(tmp_path):
    """面积120m² and CO₂ in a Word file printed as 120m2 and CO2."""
    from docx import Document

    doc = Document()
    docxmaker.para(doc, "活动中心建设情况", size=22, font="方正小标宋简体", center=True)
    p = doc.add_paragraph()
    docxmaker.run(p, "活动中心面积120m")
    docxmaker.run(p, "2").font.superscript = True
    docxmaker.run(p, "，年减少CO")
    docxmaker.run(p, "2").font.subscript = True
    docxmaker.run(p, "排放。")
    path = tmp_path / "a.docx"
    doc.save(path)
    [block] = read_article(path).blocks
    assert [(s.text, sorted(s.style)) for s in block.spans] == [
        ("活动中心面积120m", []), ("2", ["sup"]), ("，年减少CO", []), ("2", ["sub"]), ("排放。", [])]
    # publish import: m² as the raised digit every font has, CO2 on the line and said
    from publish.sources.export import to_markdown

    exported = to_markdown(read_article(path))
    assert "活动中心面积120m²，年减少CO2排放。" in exported.text
    assert [loss for loss in exported.losses if "subscripts" in loss]


def test_a_superscript_is_raised_and_small_and_keeps_the_lines_on_the_grid(tmp_path):
    """Without a line height of its own: a raised 2 in a paragraph moved its
    line off the grid the page's other lines keep."""
    from docx import Document

    from publish.build import BuildOptions, build

    ws = make_workspace(tmp_path / "ws")
    doc = Document()
    docxmaker.para(doc, "活动中心建设情况", size=22, font="方正小标宋简体", center=True)
    for n in range(3):
        p = doc.add_paragraph()
        docxmaker.run(p, docxmaker.BODY + "新建活动中心面积120m")
        docxmaker.run(p, "2").font.superscript = True
        docxmaker.run(p, "，年减少CO")
        docxmaker.run(p, "2").font.subscript = True
        docxmaker.run(p, "排放。" + docxmaker.BODY)
    doc.save(ws / "articles" / "a.docx")
    [pdf] = [o.path for o in build([ws / "articles" / "a.docx"], BuildOptions(workspace=ws, out_dir=ws / "dist"))
             if o.path.suffix == ".pdf"]
    import pdfplumber

    with pdfplumber.open(pdf) as opened:
        [page] = opened.pages
        chars = page.chars
    body = [c for c in chars if c["text"] == "面"][0]
    raised = [(chars[i - 1], c) for i, c in enumerate(chars) if c["text"] == "2" and chars[i - 1]["text"] == "m"]
    lowered = [(chars[i - 1], c) for i, c in enumerate(chars) if c["text"] == "2" and chars[i - 1]["text"] == "O"]
    assert len(raised) == len(lowered) == 3
    for (m, up), (o, down) in zip(raised, lowered):
        assert up["size"] < 0.7 * m["size"] and down["size"] < 0.7 * o["size"]
        assert up["bottom"] < m["bottom"] - 2 and down["bottom"] > o["bottom"] + 1
    # the lines stay on the grid: one pitch from the first line to the last
    tops = sorted({round(c["top"], 1) for c in chars if c["size"] == body["size"] and c["text"] in docxmaker.BODY})
    pitches = {round(b - a, 1) for a, b in zip(tops, tops[1:])}
    assert len(pitches) <= 2 and max(pitches) - min(pitches) < 0.2, pitches


def test_a_deleted_paragraph_mark_joins_its_paragraph_to_the_next(tmp_path):
    """Changes tracked, a paragraph mark deleted (two paragraphs made one):
    the deletion was taken and the mark not, and the sentence printed as
    two paragraphs."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    deleted = (f'<w:rPr {nsdecls("w")}><w:del w:id="{{}}" w:author="a" w:date="2024-05-06T00:00:00Z"/></w:rPr>')
    doc = Document()
    docxmaker.para(doc, "关于开展党纪学习教育的通知", size=22, font="方正小标宋简体", center=True)
    for n, text in enumerate(("各党支部要认真组织学习，", "确保人人参与。", "第二段。")):
        p = docxmaker.para(doc, text)
        if n == 0:
            p._p.get_or_add_pPr().append(parse_xml(deleted.format(7)))
    table = doc.add_table(rows=1, cols=1)
    table.style = "Table Grid"  # (a table drawn as one: without rules it would be its paragraphs)
    cell = table.cell(0, 0)
    cell.paragraphs[0].add_run("单元格里的")
    cell.paragraphs[0]._p.get_or_add_pPr().append(parse_xml(deleted.format(8)))
    cell.add_paragraph("一句话。")
    p = docxmaker.para(doc, "表后最后一段，")
    p._p.get_or_add_pPr().append(parse_xml(deleted.format(9)))
    path = tmp_path / "a.docx"
    doc.save(path)
    blocks = read_article(path).blocks
    assert [plain_text(b.spans) for b in blocks if isinstance(b, Paragraph)] == [
        "各党支部要认真组织学习，确保人人参与。", "第二段。", "表后最后一段，"]
    [table] = [b for b in blocks if isinstance(b, Table)]
    assert [[plain_text(cell) for cell in row] for row in table.head + table.body] == [["单元格里的一句话。"]]


def _field(paragraph, instruction: str, shown: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {nsdecls("w")}><w:t>{shown}</w:t></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml))


def test_page_numbers_typed_into_the_text_are_named(tmp_path, caplog):
    """A form's 第 页 共 页 line in the body (Word fields) printed as 第页共页
    without a word; a sentence holding a page count lost its number."""
    from docx import Document

    doc = Document()
    docxmaker.para(doc, "党员信息采集表", size=22, font="方正小标宋简体", center=True)
    docxmaker.para(doc, "请各支部认真填写。")
    p = docxmaker.para(doc, "第")
    _field(p, "PAGE", "1")
    docxmaker.run(p, "页　共")
    _field(p, "NUMPAGES", "2")
    docxmaker.run(p, "页")
    p = docxmaker.para(doc, "本表共")
    _field(p, "NUMPAGES", "2")
    docxmaker.run(p, "页，请逐页签字。")
    p = docxmaker.para(doc, "具体要求详见第")
    _field(p, "PAGEREF _Ref1 \\h", "3")
    docxmaker.run(p, "页附表。")
    path = tmp_path / "a.docx"
    doc.save(path)
    caplog.set_level("WARNING")
    blocks = read_article(path).blocks
    assert [plain_text(b.spans) for b in blocks] == ["请各支部认真填写。", "本表共页，请逐页签字。", "具体要求详见第页附表。"]
    messages = [r.getMessage() for r in caplog.records]
    assert any("第页　共页" in m and "numbers the pages" in m for m in messages), messages
    assert any("本表共页，请逐页签字。" in m and "check the sentence" in m for m in messages), messages
    assert any("具体要求详见第页附表。" in m for m in messages), messages  # a PAGEREF too


def test_a_forms_blanks_keep_their_width(tmp_path):
    """单位（盖章）：　　　　　　填报人：　　　　　电话：, the blanks of a 回执 to
    fill in by hand, printed a space wide (runs of spaces that align text
    shrink to one; a blank after a label's colon is the form's)."""
    from docx import Document

    doc = Document()
    docxmaker.para(doc, "参训人员回执", size=22, font="方正小标宋简体", center=True)
    docxmaker.para(doc, "单位（盖章）：\u3000\u3000\u3000\u3000\u3000\u3000填报人：" + " " * 10 + "电话：")
    docxmaker.para(doc, "各单位\u3000\u3000\u3000按时报送。")
    path = tmp_path / "a.docx"
    doc.save(path)
    texts = [plain_text(b.spans) for b in read_article(path).blocks]
    assert texts == ["单位（盖章）：" + "\u3000" * 6 + "填报人：" + "\u3000" * 5 + "电话：", "各单位\u3000按时报送。"]


def test_a_table_without_rules_that_sets_the_signature_to_the_right_is_its_paragraphs(tmp_path):
    """Word's common way of setting a 落款 to the right: a two-column table
    without rules, the names and date in the second column. It printed as a
    ruled table beside an empty column; a table with rules stays one."""
    from docx import Document

    doc = Document()
    docxmaker.para(doc, "关于举办培训班的通知", size=22, font="方正小标宋简体", center=True)
    docxmaker.para(doc, "各基层党组织：")
    docxmaker.para(doc, "经研究，决定举办2024年度党务干部培训班。")
    ruled = doc.add_table(rows=2, cols=2)
    ruled.style = "Table Grid"
    ruled.cell(0, 1).text, ruled.cell(1, 1).text = "甲", "乙"
    layout = doc.add_table(rows=2, cols=2)
    layout.cell(0, 1).text, layout.cell(1, 1).text = "中共示例市直机关工委", "2024年6月3日"
    path = tmp_path / "a.docx"
    doc.save(path)
    blocks = read_article(path).blocks
    assert [(type(b).__name__, getattr(b, "role", "")) for b in blocks] == [
        ("Paragraph", "salutation"), ("Paragraph", ""), ("Table", ""), ("Paragraph", "signature")]
    assert plain_text(blocks[3].spans).replace("\n", "") == "中共示例市直机关工委2024年6月3日"


def test_numbered_lines_set_a_point_larger_are_headings(tmp_path):
    """一、 at 14 pt and （一） at 13 pt over a 12 pt body: the （一） lines were
    paragraphs (larger by 1.5 pt or more counted as set apart)."""
    from docx import Document

    doc = Document()
    docxmaker.para(doc, "参加培训班的心得体会", size=22, font="方正小标宋简体", center=True)
    docxmaker.para(doc, "5月中旬，我有幸参加了市委组织部举办的基层党组织书记培训班，收获很大。", size=12)
    docxmaker.para(doc, "一、明确了工作方向", size=14)
    docxmaker.para(doc, "培训中，授课老师结合实际案例，讲解了党支部工作的方法和技巧。", size=12)
    docxmaker.para(doc, "（一）抓好“三会一课”", size=13)
    docxmaker.para(doc, "严格落实组织生活制度，做到经常、认真、严肃。", size=12)
    path = tmp_path / "a.docx"
    doc.save(path)
    headings = [(b.level, plain_text(b.spans)) for b in read_article(path).blocks if isinstance(b, Heading)]
    assert headings == [(1, "一、明确了工作方向"), (2, "（一）抓好“三会一课”")]



def test_comments_and_tracked_changes_are_said(tmp_path, caplog):
    """A reviewer's comment was left out, and a tracked insertion printed,
    without a word: the import's report promises all it leaves out."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    docxmaker.para(doc, "关于开展党纪学习教育的通知", size=22, font="方正小标宋简体", center=True)
    p = docxmaker.para(doc, "各党支部要认真组织学习。")
    doc.add_comment(p.runs, text="请核对", author="审核人")
    p = docxmaker.para(doc, "确保人人参与")
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="9" w:author="a" w:date="2024-05-06T00:00:00Z">'
                          '<w:r><w:t>，不落一人。</w:t></w:r></w:ins>'))
    path = tmp_path / "a.docx"
    doc.save(path)
    texts = [plain_text(b.spans) for b in read_article(path).blocks]
    assert texts == ["各党支部要认真组织学习。", "确保人人参与，不落一人。"]
    assert "left out 1 comment (批注)" in caplog.text
    assert "1 tracked changes taken as accepted" in caplog.text
