"""Sources: files in the shapes and encodings offices produce -> Article."""

from __future__ import annotations

import codecs

import pytest

from publish.errors import SourceError
from publish.model import (
    BlockQuote, Byline, Caption, Figure, Heading, ListBlock, Paragraph, Table, iter_text, plain_text,
)
from publish.sources import read_article


def kinds(article):
    return [type(b).__name__ for b in article.blocks]


def test_news_text_shape(news_txt):
    article = read_article(news_txt)
    assert article.title == "凝心聚力抓党建 实干笃行促发展"
    blocks = article.blocks
    bylines = [b for b in blocks if isinstance(b, Byline)]
    assert [plain_text(b.spans) for b in bylines] == ["文/图 周明远 李清"]
    sections = [plain_text(b.spans) for b in blocks if isinstance(b, Heading) and b.level == 1]
    assert sections == ["A 理论武装走深走实", "B 基层组织全面过硬", "C 发展动能持续增强"]
    subs = [plain_text(b.spans) for b in blocks if isinstance(b, Heading) and b.level == 2]
    assert subs == ["——以学铸魂，筑牢信仰之基", "——以学正风，锤炼过硬作风"]
    captions = [plain_text(b.spans) for b in blocks if isinstance(b, Caption)]
    assert captions == ["↑党员志愿者为群众提供健康咨询服务。"]
    # Source lines are kept for file:line reports.
    assert bylines[0].line == 7


def test_paragraph_starting_like_a_heading_stays_a_paragraph(tmp_path):
    long = "一、" + "这是一个很长的段落，" * 6 + "结束。"
    path = tmp_path / "a.txt"
    path.write_text(f"标题\n\n{long}\n\n一、短标题\n", encoding="utf-8")
    article = read_article(path)
    assert kinds(article) == ["Paragraph", "Heading"]


def test_markdown_front_matter_and_blocks(guide_md):
    article = read_article(guide_md)
    assert (article.title, article.subtitle, article.author, article.date, article.source) == (
        "党纪学习教育学习指引", "供基层党组织参考", "县委组织部", "2024-05-06", "内部学习资料")
    headings = [(b.level, plain_text(b.spans)) for b in article.blocks if isinstance(b, Heading)]
    assert headings[:3] == [(1, "一、学习内容"), (2, "（一）原文学习"), (2, "（二）专题研讨")]
    assert any(isinstance(b, ListBlock) and b.ordered and len(b.items) == 3 for b in article.blocks)
    assert any(isinstance(b, BlockQuote) for b in article.blocks)


def test_markdown_title_from_first_heading_and_inline_styles(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# 标题一\n\n第一段**重点**和*强调*，\n接着写。\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n"
                    "![图片说明](images/x.png)\n", encoding="utf-8")
    article = read_article(path)
    assert article.title == "标题一"
    paragraph = article.blocks[0]
    assert isinstance(paragraph, Paragraph)
    # A soft line break between Chinese characters joins them without a space.
    assert plain_text(paragraph.spans) == "第一段重点和强调，接着写。"
    assert {s.text: s.style for s in paragraph.spans}["重点"] == {"strong"}
    table = article.blocks[1]
    assert isinstance(table, Table) and plain_text(table.body[0][1]) == "2"
    figure = article.blocks[2]
    assert isinstance(figure, Figure) and figure.src == "images/x.png" and plain_text(figure.caption) == "图片说明"


def test_raw_html_stays_text(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# 标题\n\n<script>alert(1)</script>\n\n正文<b>加粗</b>。\n", encoding="utf-8")
    text = "".join(t for t, _ in iter_text(read_article(path)))
    assert "<script>alert(1)</script>" in text and "<b>加粗</b>" in text


@pytest.mark.parametrize("encoding,line_end,bom", [
    ("gb18030", "\r\n", b""),
    ("gbk", "\r", b""),
    ("utf-8", "\r\n", codecs.BOM_UTF8),
    ("utf-16-le", "\r\n", codecs.BOM_UTF16_LE),
    ("utf-16-be", "\n", codecs.BOM_UTF16_BE),
    ("utf-16-le", "\r\n", b""),  # (some converters' "Unicode", without its mark: was "binary file")
    ("utf-16-be", "\r\n", b""),
])
def test_office_encodings_read_the_same(news_txt, tmp_path, encoding, line_end, bom):
    original = read_article(news_txt)
    text = news_txt.read_text("utf-8").replace("\n", line_end)
    copy = tmp_path / "news.txt"
    copy.write_bytes(bom + text.encode(encoding))
    converted = read_article(copy)
    assert list(iter_text(converted)) == list(iter_text(original))


@pytest.mark.parametrize("name,content,message", [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"  \n\n \n", "empty file"),
    ("yaml.md", "---\ntitle: [未闭合\n---\n正文\n".encode(), "broken YAML front matter"),
    ("list.md", "---\n- a\n- b\n---\n正文\n".encode(), "front matter must be"),
    ("binary.txt", bytes(range(256)) * 4, "binary file"),
    ("damaged.txt", "标题\n\n第一段正文。\n".encode() + b"\xff\xfe\xfa" + "第二段。\n".encode(), "invalid UTF-8 bytes at line 4"),
    # (Notepad's GBK: no reading of the whole file, the damage named as for UTF-8)
    ("gbk.txt", "关于开展党纪学习教育的通知\r\n\r\n各党支部：\r\n　　为深入开展党纪学习教育，现将有关事项通知如下。\r\n".encode("gbk")
     + b"\xff" + "一、学习内容\r\n".encode("gbk"), "invalid GB18030 bytes at line 5"),
    ("notitle.md", "## 只有二级标题\n\n正文。\n".encode(), "no title"),
    ("a.docx", b"PK\x03\x04", "damaged Word document"),
    ("a.pdf", b"%PDF-1.7", "unsupported file type .pdf"),
])
def test_bad_input_names_the_problem(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError) as info:
        read_article(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_text_left_as_it_was_is_not_copied(news_txt):
    """``map_text`` copies what its function changes and nothing else: the
    article itself comes back when no text changed (reading every text of
    a compilation's articles, for placeholders, makes no copy of them), and
    a block whose text changed is a new one beside the old blocks."""
    from publish.model import map_text

    article = read_article(news_txt)
    assert map_text(article, lambda text, _line: text) is article
    assert list(iter_text(article)) and map_text(article, lambda text, _line: text + "") is article
    first = next(text for text, _ in iter_text(article.blocks))
    changed = map_text(article, lambda text, _line: "改" if text == first else text)
    assert changed is not article and changed.title == article.title
    assert [t for t, _ in iter_text(changed.blocks)] == ["改" if t == first else t for t, _ in iter_text(article.blocks)]
    kept = [new is old for new, old in zip(changed.blocks, article.blocks)]
    assert not kept[0] and all(kept[1:]) and len(kept) > 3


@pytest.mark.parametrize("name, content", [("a.txt", "只有标题\n"), ("b.md", "# 只有标题\n"),
                                           ("c.md", "---\ntitle: 只有标题\n---\n")])
def test_an_article_with_a_title_and_no_text_is_said(tmp_path, name, content, caplog):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    article = read_article(path)
    assert article.title == "只有标题" and article.blocks == ()
    assert f"{name}: a title and no text: is the whole article saved?" in caplog.text


def test_an_article_with_text_says_nothing_of_it(tmp_path, caplog):
    path = tmp_path / "a.txt"
    path.write_text("标题\n\n正文一段。\n", encoding="utf-8")
    assert read_article(path).blocks and "no text" not in caplog.text


@pytest.mark.parametrize("source,strong,after", [
    # a bold lead-in that ends with 。 and runs on: CommonMark left its asterisks
    ("**第二，要在知行合一上见实效。**学纪知纪明纪守纪。", "第二，要在知行合一上见实效。", "学纪知纪明纪守纪。"),
    ("**第一，“学”。**《条例》要逐条学。", "第一，“学”。", "《条例》要逐条学。"),
    ("要把**“严”**字贯穿始终。", "“严”", "字贯穿始终。"),
])
def test_bold_next_to_chinese_punctuation_closes(tmp_path, source, strong, after):
    path = tmp_path / "a.md"
    path.write_text(f"# 标题\n\n{source}\n", encoding="utf-8")
    spans = read_article(path).blocks[0].spans
    assert "*" not in plain_text(spans)
    assert [s.text for s in spans if "strong" in s.style] == [strong]
    assert plain_text(spans).endswith(after)


def test_a_misspelt_front_matter_key_is_answered_with_the_close_one(tmp_path, caplog):
    path = tmp_path / "a.md"
    path.write_text("---\ntitel: 标题\n---\n\n# 标题\n\n正文。\n", encoding="utf-8")
    read_article(path)
    assert "unknown front-matter key 'titel' (did you mean 'title'?)" in caplog.text


def test_a_lone_asterisk_next_to_chinese_stays_a_mark(tmp_path):
    """A lone * marks a name or a term (张三*、李四): the CJK-friendly
    closing is for ** alone, or 、李四、王五 printed with emphasis dots."""
    path = tmp_path / "a.md"
    path.write_text("# 标题\n\n新任委员：张三*、李四、王五*、赵六。\n\n甲方*（签字）：　乙方*（签字）：\n", encoding="utf-8")
    blocks = read_article(path).blocks
    assert [plain_text(b.spans) for b in blocks] == ["新任委员：张三*、李四、王五*、赵六。", "甲方*（签字）：　乙方*（签字）："]
    assert not any(s.style for b in blocks for s in b.spans)


@pytest.mark.parametrize("line", ["本报评论员", "人民日报评论员", "本刊特约评论员"])
def test_a_commentators_byline_is_a_byline(tmp_path, line):
    path = tmp_path / "a.md"
    path.write_text(f"# 以严明纪律锻造忠诚干净担当的干部队伍\n\n{line}\n\n纪律是管党治党的“戒尺”。\n", encoding="utf-8")
    blocks = read_article(path).blocks
    assert isinstance(blocks[0], Byline) and plain_text(blocks[0].spans) == line


@pytest.mark.parametrize("front,said", [
    ("title: [未闭合", "a bracket is not closed"), ("title: a: b", "a colon inside a value: put the value in quotes"),
    ('title: "未闭合', "a quotation mark is not closed"), ("x: 1\n\ty: 1", "a tab: indent with spaces"),
])
def test_broken_front_matter_is_said_in_the_users_words(tmp_path, front, said):
    """YAML's own words are English (expected ',' or ']', but got '<stream
    end>'): the common mistakes are said in the user's language."""
    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}\n---\n\n# 标题\n\n正文。\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read_article(path)
    assert str(info.value).endswith(said), str(info.value)
