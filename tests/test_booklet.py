"""A real booklet build: the A5 file in reading order, the imposed file,
blank padding without page numbers, and the size bound."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import FIXTURES, make_workspace, run_cli
from pdfread import HAN_ONLY, MM, PAGE_NUMBER, page_lines


@pytest.fixture(scope="module")
def booklet(tmp_path_factory):
    from publish.build import BuildOptions, build
    from publish.impose import ImposeOptions

    out = tmp_path_factory.mktemp("booklet")
    options = BuildOptions(workspace=FIXTURES, out_dir=out, formats=("booklet",), manual_duplex=True,
                           imposition=ImposeOptions(creep_mm=0.5))
    outputs = build([FIXTURES / "news.txt"], options)
    return {o.kind: o for o in outputs}


def test_outputs_and_names(booklet):
    assert sorted(booklet) == ["a5", "booklet", "booklet-backs", "booklet-fronts"]
    assert booklet["a5"].path.name == "news.zh-Hans.a5.pdf"
    assert booklet["booklet"].path.name == "news.zh-Hans.booklet.pdf"


def test_a5_pages_cover_and_numbers(booklet):
    reader = PdfReader(booklet["a5"].path)
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (419.5, 595.3)
    pages = page_lines(booklet["a5"].path)
    # page 1 is the cover: the title, no page number; page 2 is the blank
    # inside cover; the text starts on page 3, which is numbered 1.
    assert "凝心聚力抓党建" in " ".join(l.text for l in pages[0])
    assert not any(PAGE_NUMBER.match(l.text) for l in pages[0])
    assert pages[1] == []
    for index, lines in enumerate(pages[2:], start=1):
        marks = [l for l in lines if PAGE_NUMBER.match(l.text)]
        assert [m.text for m in marks] == [f"— {index} —"]
        # outer corners: right on right-hand (odd) pages, left on left-hand pages
        if index % 2:
            assert marks[0].x1 == pytest.approx((148 - 16) * MM, abs=1)
        else:
            assert marks[0].x0 == pytest.approx(16 * MM, abs=1)


def test_body_is_10_5_pt_on_a_30_character_grid(booklet):
    pages = page_lines(booklet["a5"].path)
    sizes = {round(l.size, 1) for lines in pages[2:] for l in lines if "Serif" in l.chars[0]["fontname"] and "Bold" not in l.chars[0]["fontname"]
             and not PAGE_NUMBER.match(l.text)}
    assert sizes == {10.5}
    full = [l for lines in pages[2:] for l in lines if len(l.text) == 30 and HAN_ONLY.match(l.text)]
    assert full, "no full line of Han characters"
    for line in full:
        assert line.x1 - line.x0 == pytest.approx(112 * MM, abs=0.6)


def test_imposed_sheets_and_padding(booklet):
    a5_pages = len(PdfReader(booklet["a5"].path).pages)
    imposed = PdfReader(booklet["booklet"].path)
    assert len(imposed.pages) == 2 * -(-a5_pages // 4)
    assert booklet["booklet"].sheets == len(imposed.pages) // 2
    for page in imposed.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (841.9, 595.3)
    # The padding blanks stand on the last left halves of the first sheet:
    # its front carries (last page, cover); with padding the last is blank.
    first = page_lines(booklet["booklet"].path)[0]
    left = [l for l in first if l.x1 < 841.89 / 2]
    right = " ".join(l.text for l in first if l.x0 > 841.89 / 2)
    if a5_pages % 4:
        assert left == []  # a blank page: no text, no page number
    assert "凝心聚力抓党建" in right


def test_imposed_file_stores_fonts_once(booklet):
    a5 = booklet["a5"].path.stat().st_size
    for kind in ("booklet", "booklet-fronts", "booklet-backs"):
        assert booklet[kind].path.stat().st_size <= 1.2 * a5, kind


def test_cli_booklet_prints_how_to_print(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n正文。\n"})
    result = run_cli("build", "--booklet", "--format", "a4", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (ws / "dist").iterdir()) == [
        "a.zh-Hans.a4.pdf", "a.zh-Hans.a5.pdf", "a.zh-Hans.booklet.pdf"]
    assert "双面打印，短边翻转" in result.stderr
    bad = run_cli("build", "--booklet", "--bind", "top", cwd=ws)
    assert bad.returncode == 2 and "Error: --bind: unknown value 'top'; expected one of left, right" in bad.stderr


def test_right_bound_booklet_mirrors_the_page(tmp_path):
    """Bound on the right, page 1 is a left-hand page: its binding margin is
    on the right and its number in the outer (left) corner."""
    from publish.build import BuildOptions, build
    from publish.impose import ImposeOptions

    options = BuildOptions(workspace=FIXTURES, out_dir=tmp_path, formats=("booklet",),
                           imposition=ImposeOptions(bind="right"))
    a5 = next(o.path for o in build([FIXTURES / "news.txt"], options) if o.kind == "a5")
    pages = page_lines(a5)
    for index, lines in enumerate(pages[2:], start=1):
        marks = [l for l in lines if PAGE_NUMBER.match(l.text)]
        body = [l for l in lines if HAN_ONLY.match(l.text)]
        assert [m.text for m in marks] == [f"— {index} —"]
        if index % 2:  # odd: a left-hand page, the fold on its right
            assert marks[0].x0 == pytest.approx(16 * MM, abs=1)
            assert min(l.x0 for l in body) == pytest.approx(16 * MM, abs=0.5)
        else:
            assert marks[0].x1 == pytest.approx((148 - 16) * MM, abs=1)
            assert min(l.x0 for l in body) == pytest.approx(20 * MM, abs=0.5)


def _compilation(root, count: int, start: str | None = None):
    paragraph = "党的纪律是党的各级组织和全体党员必须遵守的行为规则。" * 8
    ws = make_workspace(root, {f"{i:02}.md": f"# 第{i}篇\n\n{paragraph}\n" for i in range(1, count + 1)})
    extra = f'article_start = "{start}"\n' if start else ""
    (ws / "publish.toml").write_text(f'title = "汇编"\norganizer = "县委"\narticles = ["articles/*"]\n'
                                     f'formats = ["booklet"]\n{extra}', encoding="utf-8")
    return ws


def _article_pages(pdf) -> list[int]:
    """The 0-based page each article opens on: where its title stands (15
    pt; the running heads are 8 pt)."""
    return [i for i, lines in enumerate(page_lines(pdf))
            if any(l.text.startswith("第") and l.text.endswith("篇") and l.size > 12 for l in lines)]


@pytest.mark.parametrize("start", [None, "page"])
def test_article_start_blank_pages_and_thick_booklets(tmp_path, start):
    ws = _compilation(tmp_path / "ws", 17, start)
    result = run_cli("build", cwd=ws)
    assert result.returncode == 0, result.stderr
    a5 = ws / "dist" / "ws.zh-Hans.a5.pdf"
    pages = page_lines(a5)
    opens = _article_pages(a5)
    assert len(opens) == 17
    if start is None:  # each article on a right-hand page: odd page numbers, even 0-based indexes
        assert all(i % 2 == 0 for i in opens) and opens[1] - opens[0] == 2
    else:  # each on the next page: no blank page between articles
        assert [b - a for a, b in zip(opens, opens[1:])] == [1] * 16
    blank = sum(1 for lines in pages if not lines)
    reader = PdfReader(ws / "dist" / "ws.zh-Hans.booklet.pdf")
    sheets = len(reader.pages) // 2
    padding = sheets * 4 - len(pages)
    summary = f"wrote dist/ws.zh-Hans.a5.pdf ({len(pages)} pages, {blank} blank page"
    assert summary in result.stderr, result.stderr
    assert (f"wrote dist/ws.zh-Hans.booklet.pdf ({sheets} sheets, {blank + padding} blank pages of {sheets * 4}, "
            in result.stderr)
    hint = (f"dist/ws.zh-Hans.booklet.pdf: {sheets} sheets folded into one another are hard to fold flat and the "
            "inner pages stick out (creep): try --sheets-per-signature 4 and --creep 0.5")
    # Right-hand starts leave many pages blank: the summary says how to
    # print the booklet on fewer sheets.
    fewer = (f"dist/ws.zh-Hans.booklet.pdf: {blank + padding} of its {sheets * 4} pages are blank, most so that each "
             "article starts on a right-hand page: --article-start page (article_start = \"page\" in publish.toml) "
             "starts each on the next page, on fewer sheets")
    if start is None:
        assert sheets > 8 and hint in result.stderr.splitlines()
        assert 4 * (blank + padding) >= sheets * 4 and fewer in result.stderr.splitlines()
    else:
        assert sheets <= 8 and "fold flat" not in result.stderr and "are blank" not in result.stderr


def test_no_fewer_sheets_hint_where_article_starts_cannot_save_one(tmp_path):
    """A new workspace's booklet (cover, contents, two short articles: 5 of
    8 pages blank) was told to start each article on the next page, which
    changed nothing: its blank pages are the cover's and the padding."""
    assert run_cli("new", str(tmp_path / "ws"), cwd=tmp_path).returncode == 0
    result = run_cli("build", "-f", "booklet", cwd=tmp_path / "ws")
    assert result.returncode == 0, result.stderr
    assert "blank pages of 8" in result.stderr and "--article-start page" not in result.stderr, result.stderr
