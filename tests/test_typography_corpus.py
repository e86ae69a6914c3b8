"""Long tokens, emphasis and a clean text layer, read back from real PDFs:
no justified line of the example articles, of a corpus of URLs, addresses,
paths and English, or of the shared sample widens the gap after a Han
character by more than 0.15 em; URLs keep their text; emphasis prints as
dots under the characters; bookmarks, metadata and the contents hold the
headings as written."""

from __future__ import annotations

import re
import shutil

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import FIXTURES, REPO
from pdfread import MM, PAGE_NUMBER, body_text, outline, page_lines

SIZE = 16.0
PITCH = 156 * MM / 28
LIMIT = 0.15 * SIZE
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z0-9]")
CORPUS = FIXTURES / "long-tokens.md"
SAMPLE = REPO.parent / "shared" / "samples" / "jiangmen-party-building.txt"
INVISIBLE = re.compile("[\u200b\u2060\ufeff]")


@pytest.fixture(scope="module")
def compilation(tmp_path_factory):
    """The example articles and the long-token corpus, as one compilation."""
    from publish.build import BuildOptions, Compilation, build

    ws = tmp_path_factory.mktemp("corpus")
    shutil.copytree(REPO / "articles", ws / "articles")
    shutil.copy(CORPUS, ws / "articles" / "99-long-tokens.md")
    spec = Compilation(title="学习材料汇编", slug="huibian")
    [output] = build([], BuildOptions(workspace=ws, out_dir=ws / "dist", compilation=spec))
    return output.path


def widened_gaps(pdf) -> list[tuple[float, str]]:
    """(how much wider than set on the grid, the two characters) for each
    Han character of the body text followed by a Han character, or by a
    Latin letter or digit (which starts 1/4 em further)."""
    found = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            rules = [edge["x0"] for edge in page.edges if edge["orientation"] == "v"]
            rows: dict[int, list] = {}
            for char in page.chars:  # spaces included, unlike in text lines
                if abs(char["size"] - SIZE) < 0.1 and "Serif" in char["fontname"]:
                    rows.setdefault(round(char["top"]), []).append(char)
            for row in rows.values():
                row.sort(key=lambda char: char["x0"])
                for a, b in zip(row, row[1:]):
                    if not HAN.match(a["text"]) or not (HAN.match(b["text"]) or LATIN.match(b["text"])):
                        continue
                    if any(a["x0"] < x < b["x0"] for x in rules):
                        continue  # two cells of a table
                    grid = PITCH + (SIZE / 4 if LATIN.match(b["text"]) else 0.0)
                    found.append((b["x0"] - a["x0"] - grid, a["text"] + b["text"]))
    return found


def test_no_wide_gaps_in_the_articles_and_the_long_token_corpus(compilation):
    gaps = widened_gaps(compilation)
    assert len(gaps) > 2000
    assert sum(1 for gap, _ in gaps if gap > 0.5) > 100  # justified lines were stretched
    worst = max(gaps)
    assert worst[0] <= LIMIT + 0.05, worst


def test_no_wide_gaps_in_the_shared_sample(tmp_path):
    if not SAMPLE.is_file():
        pytest.skip("the shared sample (../shared/samples) is not here")
    from publish.build import BuildOptions, build

    [output] = build([SAMPLE], BuildOptions(workspace=tmp_path, out_dir=tmp_path / "dist"))
    gaps = widened_gaps(output.path)
    assert len(gaps) > 1000
    worst = max(gaps)
    assert worst[0] <= LIMIT + 0.05, worst


def test_long_tokens_keep_their_text(compilation):
    text = body_text(compilation)
    assert not INVISIBLE.search(text)
    for token in ("https://www.example.gov.cn/xuexi/ziliao/2024/dangji-xuexi-jiaoyu/index.html，",
                  "https://study.example.org.cn/courses?id=20240506&page=2查看",
                  "（联系电话：0000-1234567，邮箱：djxx@example.gov.cn）",
                  "/srv/share/dangji/2024/xuexi-cailiao/di-yi-ji/目录",
                  "zuzhibu.xuexi.jiaoyu@example.gov.cn提交",
                  "http://www.example.cn/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z查阅"):
        assert token in text, token
    # ... and they did break: none of them sits on one line
    lines = [line.text for lines in page_lines(compilation) for line in lines]
    assert not any("example.gov.cn/xuexi" in line and "index.html" in line for line in lines)


def test_english_words_are_hyphenated(compilation):
    lines = [line.text for lines in page_lines(compilation) for line in lines]
    source = CORPUS.read_text("utf-8")
    english = next(p for p in source.split("\n\n") if p.startswith("Party"))
    hyphenated = [(a, b) for a, b in zip(lines, lines[1:])
                  if re.search(r"[a-z]-$", a) and re.match(r"[a-z]", b)
                  and re.search(r"(\w+)-$", a).group(1) + re.match(r"\w+", b).group() in english]
    assert hyphenated


EMPHASISED = "党纪学习教育" + "学纪知纪明纪守纪"


def test_emphasis_prints_dots_under_the_characters(compilation):
    """着重号: a round dot under the centre of each emphasised character (not
    under the marks between them), below the line's glyphs; the text
    itself unchanged."""
    dotted = []
    with pdfplumber.open(compilation) as doc:
        for page in doc.pages:
            dots = [line for line in page.lines if line["width"] == 0 and line["height"] == 0]
            for dot in dots:
                assert dot["linewidth"] == pytest.approx(0.15 * SIZE, abs=0.1)
                above = [char for char in page.chars
                         if char["x0"] <= dot["x0"] <= char["x1"] and 0 < dot["top"] - char["bottom"] < SIZE / 2]
                assert len(above) == 1, dot
                char = above[0]
                assert dot["x0"] == pytest.approx((char["x0"] + char["x1"]) / 2, abs=0.5)
                dotted.append(char["text"])
    assert "".join(dotted) == EMPHASISED
    assert "要把党纪学习教育作为一项重要政治任务，切实抓紧抓好，确保取得实效，做到学纪、知纪、明纪、守纪。" \
        in body_text(compilation)


def test_outline_metadata_and_contents_hold_the_text_as_written(compilation):
    titles = []

    def walk(tree):
        for title, children in tree:
            titles.append(title)
            walk(children)

    walk(outline(compilation))
    assert "二、纪律面前没有“小事”" in titles
    assert "年轻干部要扣好廉洁从政“第一粒扣子”" in titles
    assert "长词与“着重号”排版测试" in titles
    assert not any(INVISIBLE.search(title) for title in titles)
    reader = PdfReader(compilation)
    assert reader.metadata.title == "学习材料汇编"
    # the contents: the pages before the first numbered one
    front = []
    for lines in page_lines(compilation):
        if any(PAGE_NUMBER.match(line.text) for line in lines):
            break
        front.extend(line.text for line in lines)
    contents = " ".join(front)
    assert "目 录" in contents
    assert "二、纪律面前没有“小事”" in contents.replace(" ", "")
    assert not INVISIBLE.search(contents)


def test_word_emphasis_marks_print_as_dots(tmp_path):
    """Word's 着重号 reach the model as the span style "dot" (the docx
    reader): they print as the same dots."""
    from publish.build import single_publication
    from publish.fonts import load_fonts
    from publish.layouts import load_layout
    from publish.model import Article, Paragraph, Span
    from publish.render import render
    from publish.typeset import typeset

    spans = (Span("各级党组织"), Span("必须", frozenset({"dot"})), Span("抓好落实。"))
    article = Article(path=tmp_path / "word.docx", title="着重号", blocks=(Paragraph(spans),))
    rendered = render(single_publication(article, "zh-Hans"), load_layout("handout", tmp_path),
                      load_fonts(tmp_path), tmp_path)
    pdf = tmp_path / "word.pdf"
    pdf.write_bytes(typeset(rendered).pdf)
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        dots = [line for line in page.lines if line["width"] == 0 and line["height"] == 0]
        chars = {char["text"]: (char["x0"] + char["x1"]) / 2 for char in page.chars if char["text"] in "必须"}
    assert sorted(round(dot["x0"]) for dot in dots) == sorted(round(x) for x in chars.values())
