"""Compilations: a workspace's publish.toml turns many articles into one
publication with a cover, contents, running heads and an imprint."""

from __future__ import annotations

import re
import shutil

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import FIXTURES, make_workspace, run_cli
from pdfread import MM, PAGE_NUMBER, outline, page_lines, squeeze

CONFIG = """\
title = "学习材料汇编"
subtitle = "（测试辑）"
organizer = "测试编印单位"
date = 2024-05-06
slug = "huibian"
editions = ["zh-Hans", "zh-Hant-HK"]
formats = ["a4", "booklet"]
articles = ["articles/guide.md", "articles/news.txt", "articles/z-*.md"]

[back_page]
issuer = "测试编印单位"
date = "2024-05-06"
copies = "50"
"""

SHORT = "---\ntitle: {title}\n---\n\n## 一、{title}的要求\n\n{body}\n\n## 二、落实\n\n{body}\n"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("compilation"), {
        "z-1.md": SHORT.format(title="第三篇文章", body="学习贯彻条例，做到学纪知纪明纪守纪。" * 8),
        "z-2.md": SHORT.format(title="第四篇文章", body="把纪律要求落实到日常工作生活之中。" * 12)
        + "\n![一张很大的照片](images/photo.jpg)\n",
    })
    shutil.copy(FIXTURES / "guide.md", ws / "articles")
    shutil.copy(FIXTURES / "news.txt", ws / "articles")
    (ws / "articles" / "images").mkdir()
    # a 4000 x 3000 photo: far more pixels than 300 dpi across the text block
    Image.effect_noise((4000, 3000), 60).convert("RGB").save(ws / "articles" / "images" / "photo.jpg", quality=90)
    (ws / "publish.toml").write_text(CONFIG, encoding="utf-8")
    result = run_cli("build", cwd=ws)
    assert result.returncode == 0, result.stderr
    return ws


def labels(pdf):
    """Per page: the printed page number (None where none is printed), the
    running head (the top line when it is above the text block) and lines."""
    pages = []
    for lines in page_lines(pdf):
        number = next((int(l.text.strip("— ")) for l in lines if PAGE_NUMBER.match(l.text)), None)
        head = next((l.text for l in lines if l.top < 30 * MM and l.size < 12), None)
        pages.append((number, head, lines))
    return pages


TITLES = ["党纪学习教育学习指引", "凝心聚力抓党建 实干笃行促发展", "第三篇文章", "第四篇文章"]


def test_every_declared_output(compiled):
    names = sorted(p.name for p in (compiled / "dist").iterdir())
    assert names == ["huibian.zh-Hans.a4.pdf", "huibian.zh-Hans.a5.pdf", "huibian.zh-Hans.booklet.pdf",
                     "huibian.zh-Hant-HK.a4.pdf", "huibian.zh-Hant-HK.a5.pdf", "huibian.zh-Hant-HK.booklet.pdf",
                     "huibian.zh-Hant-HK.review.txt"]


def contents_entries(pages):
    """(title, page) pairs read from the contents pages."""
    entries = []
    for _, _, lines in pages:
        for line in lines:
            match = re.match(r"^(.+?)\s*\.{3,}\s*(\d+)$", line.text)
            if match:
                entries.append((match.group(1).replace(" ", ""), int(match.group(2))))
    return entries


def start_pages(pages, titles):
    """The printed number of the page on which each title is set as a title."""
    found = {}
    for number, _, lines in pages:
        for line in lines:
            text = line.text.replace(" ", "")
            if line.size > 14 and text in [t.replace(" ", "") for t in titles] and number is not None:
                found.setdefault(text, number)
    return found


@pytest.mark.parametrize("name", ["huibian.zh-Hans.a4.pdf", "huibian.zh-Hans.a5.pdf"])
def test_contents_page_numbers_are_where_articles_start(compiled, name):
    pages = labels(compiled / "dist" / name)
    entries = dict(contents_entries(pages))
    starts = start_pages(pages, TITLES)
    assert len(starts) == 4
    for title in TITLES:
        key = title.replace(" ", "")
        assert entries[key] == starts[key], title
    # numbering starts at the first article: 1
    assert starts[TITLES[0]] == 1
    # sections are listed too, with their pages
    assert entries["一、学习内容"] == starts[TITLES[0]]


def test_a_closing_mark_before_the_leader_gives_up_its_blank_half(tmp_path):
    """A title ending in 》 or ） is followed in the contents by the leader's
    dots as by a line's end: the mark is set half-width (halt), so the dots
    start half an em after it rather than a whole one; the text reads as
    written."""
    ws = make_workspace(tmp_path / "ws", {
        "a.md": "# 学习贯彻《中国共产党纪律处分条例》\n\n## 一、逐条学习《条例》\n\n正文内容。\n",
        "b.md": "# 第二篇文章（摘要）\n\n正文。\n",
        "c.md": "# 第三篇文章\n\n正文。\n"})
    (ws / "publish.toml").write_text('title = "学习材料汇编"\nslug = "hb"\narticles = ["articles/*"]\n', encoding="utf-8")
    result = run_cli("build", "--no-cache", cwd=ws)
    assert result.returncode == 0, result.stderr
    gaps, faces = {}, {}
    for line in (line for lines in page_lines(ws / "dist" / "hb.zh-Hans.a4.pdf") for line in lines):
        match = re.match(r"^(.+?)\.{3,}\s*\d+$", line.text)
        if match:
            last = len(match.group(1).rstrip()) - 1
            mark, dot = line.chars[last], line.chars[last + 1]
            assert dot["text"] == "."
            gaps[match.group(1).rstrip()] = (dot["x0"] - mark["x0"]) / mark["size"]
            faces[match.group(1).rstrip()] = mark["fontname"]
    assert set(gaps) == {"学习贯彻《中国共产党纪律处分条例》", "一、逐条学习《条例》", "第二篇文章（摘要）", "第三篇文章"}
    assert gaps["学习贯彻《中国共产党纪律处分条例》"] < 0.8 and gaps["第二篇文章（摘要）"] < 0.8  # was 1.07 and 1.01
    # a section, in 楷体 (LXGW WenKai, a font without halt: halved by hand)
    assert "WenKai" in faces["一、逐条学习《条例》"] and gaps["一、逐条学习《条例》"] < 0.8  # was 1.29
    assert gaps["第三篇文章"] > 1  # a character keeps its whole em


def test_a_contents_entry_too_long_for_its_line_breaks_between_words(tmp_path):
    """On a phone's 15-em line, contents entries wrap. They break between
    words, at a title's space or after a pause where that does as well,
    and the dots and number follow the entry's last words on its last
    line. WeasyPrint broke them where the line ran out: 一、深刻认识纪律建设的重 /
    要意义 ……2, 准确把握“六大纪律”的基本要 / 求 ……3, and 二、让群众的“烦心事”变 /
    成 / “暖心事”……4 once the line was broken before it."""
    ws = make_workspace(tmp_path / "ws", {
        "a.md": "# 学条例 守底线 做忠诚干净担当的党员干部\n\n## 一、深刻认识纪律建设的重要意义\n\n正文。\n\n"
                "## 二、让群众的“烦心事”变成“暖心事”\n\n正文。\n",
        "b.md": "# 准确把握“六大纪律”的基本要求\n\n## 一、政治纪律是最重要、最根本、最关键的纪律\n\n正文。\n",
        "c.md": "# 党建引领 让基层治理更有温度\n\n## 一、把支部建在网格上\n\n正文。\n"})
    (ws / "publish.toml").write_text('title = "学习材料汇编"\nslug = "hb"\narticles = ["articles/*"]\n'
                                     'formats = ["phone"]\neditions = ["zh-Hans", "zh-Hant-HK"]\n', encoding="utf-8")
    result = run_cli("build", "--no-cache", cwd=ws)
    assert result.returncode == 0, result.stderr

    def contents(name):
        pages = page_lines(ws / "dist" / name)
        start = next(i for i, lines in enumerate(pages) if any(squeeze(l.text) in ("目录", "目錄") for l in lines))
        return [re.sub(r"\s*\.{3,}\s*", " … ", l.text) for lines in pages[start:start + 2] for l in lines
                if squeeze(l.text) not in ("目录", "目錄", "")][:11]

    assert contents("hb.zh-Hans.phone.pdf") == [
        "学条例 守底线", "做忠诚干净担当的党员干部 … 1",
        "一、深刻认识纪律建设的", "重要意义 … 1",
        "二、让群众的“烦心事”", "变成“暖心事” … 1",
        "准确把握“六大纪律”的基本", "要求 … 2",
        # (under 一、 it has two ems less: one word of the pause's phrase goes up)
        "一、政治纪律是最重要、最", "根本、最关键的纪律 … 2",
        "党建引领 让基层治理更有温度 … 3",  # (it fits with its dots: not broken)
    ]
    # a traditional edition breaks where its simplified text does
    assert contents("hb.zh-Hant-HK.phone.pdf")[2:4] == ["一、深刻認識紀律建設的", "重要意義 … 1"]
    # A line an entry goes on to stands in: a title's by an em, a section's
    # under the text after its number (it stood flush under the entry's
    # first line, read as an entry of its own)
    pages = page_lines(ws / "dist" / "hb.zh-Hans.phone.pdf")
    start = next(i for i, lines in enumerate(pages) if any(squeeze(l.text) == "目录" for l in lines))
    x: dict[str, float] = {}
    for line in (l for lines in pages[start:start + 2] for l in lines):
        x.setdefault(squeeze(line.text)[:4], line.x0)  # (the contents' lines, not the first article's title)
    size = 14
    assert abs(x["做忠诚干"] - x["学条例守"] - size) < 1 and abs(x["要求.."] - x["准确把握"] - size) < 1
    assert abs(x["重要意义"] - x["一、深刻"] - 2 * size) < 1 and abs(x["变成“暖"] - x["二、让群"] - 2 * size) < 1


def test_cover_and_contents_carry_no_page_number(compiled):
    pages = labels(compiled / "dist" / "huibian.zh-Hans.a4.pdf")
    cover = " ".join(l.text for l in pages[0][2])
    assert "学习材料汇编" in cover and "测试编印单位" in cover and "2024年5月6日" in cover
    first_article = next(i for i, (n, _, _) in enumerate(pages) if n == 1)
    assert all(n is None for n, _, _ in pages[:first_article])


def test_traditional_cover_names_the_edition(compiled):
    pages = labels(compiled / "dist" / "huibian.zh-Hant-HK.a4.pdf")
    cover = " ".join(l.text for l in pages[0][2])
    assert "學習材料彙編" in cover or "學習材料匯編" in cover
    assert "繁體中文版（香港）" in cover
    assert any("目錄" in l.text.replace(" ", "") for _, _, lines in pages for l in lines)


def test_running_heads(compiled):
    pages = labels(compiled / "dist" / "huibian.zh-Hans.a4.pdf")
    current = None
    seen = 0
    for number, head, lines in pages:
        titles_here = [l.text.replace(" ", "") for l in lines if l.size > 14]
        opening = any(t in [x.replace(" ", "") for x in TITLES] for t in titles_here)
        if opening:
            current = next(t for t in TITLES if t.replace(" ", "") in titles_here)
        if number is None or opening:
            assert head is None, (number, head)  # cover, contents, imprint, openings: none
            continue
        if number % 2 == 0:
            assert head == "学习材料汇编", number
        else:
            assert head is not None and head.replace(" ", "") == current.replace(" ", ""), number
        seen += 1
    assert seen >= 3


LONG_TITLE = "关于深入学习贯彻习近平总书记关于党的建设的重要思想进一步加强新时代基层党组织建设的实施意见"


@pytest.mark.parametrize("parts", [False, True])
def test_a_long_title_is_cut_short_in_the_running_head(tmp_path, parts):
    """A title wider than the running head's line (45 characters: 42 fit
    an A4 head in 10.5 pt, 39 an A5 one in 8 pt) is cut there between two
    words and ends in ……: the head stays one line over its rule. It was
    set whole on two lines, a second title above the text. The title
    itself, the contents and the outline keep it whole; a short title's
    head is as it was. Alike when the compilation is typeset in parts."""
    body = "各级党组织要高度重视，切实加强领导，确保各项任务落到实处。" * 120
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# {LONG_TITLE}\n\n{body}\n",
                                          "b.md": f"# 第二篇文章\n\n{body}\n"})
    (ws / "publish.toml").write_text('title = "学习材料汇编"\nslug = "hb"\nformats = ["a4", "a5"]\n'
                                     'articles = ["articles/*"]\n', encoding="utf-8")
    result = run_cli("build", "--no-cache", *(["--parts"] if parts else []), cwd=ws)
    assert result.returncode == 0, result.stderr
    for name, text_top in (("hb.zh-Hans.a4.pdf", 35 * MM), ("hb.zh-Hans.a5.pdf", 20 * MM)):
        pdf = ws / "dist" / name
        heads = [[line for line in lines if line.top < text_top and line.size < 12 and not PAGE_NUMBER.match(line.text)]
                 for lines in page_lines(pdf)]
        cut = [h[0].text.replace(" ", "") for h in heads if h and h[0].text.replace(" ", "") not in ("学习材料汇编", "第二篇文章")]
        assert len(cut) >= 2, (name, heads)
        for head in heads:
            assert len(head) <= 1, (name, [line.text for line in head])  # one line
        for text in cut:
            assert text.endswith("……") and LONG_TITLE.startswith(text[:-2]), (name, text)
            assert 30 <= len(text) - 2 < len(LONG_TITLE)
            # cut between words: 关于深入学习贯彻……党组织……, never inside 组织 or 建设
            assert text[:-2].endswith(("党组织", "新时代", "基层", "加强")), text
        assert len(set(cut)) == 1
        assert LONG_TITLE in [t for t, _ in outline(pdf)[0][1]]
        assert any(LONG_TITLE in squeeze(" ".join(l.text for l in lines)) for lines in page_lines(pdf)[:3])


def test_outline_publication_article_section(compiled):
    tree = outline(compiled / "dist" / "huibian.zh-Hans.a4.pdf")
    assert [t for t, _ in tree] == ["学习材料汇编"]
    children = [t for t, _ in tree[0][1]]
    assert children[0] == "目录"
    assert children[1:] == TITLES
    guide = tree[0][1][1]
    assert [t for t, _ in guide[1]] == ["一、学习内容", "二、方法步骤", "三、工作要求"]


def test_booklet_articles_open_on_right_hand_pages(compiled):
    pdf = compiled / "dist" / "huibian.zh-Hans.a5.pdf"
    pages = labels(pdf)
    for index, (number, _, lines) in enumerate(pages, start=1):
        if any(l.size > 14 and l.text.replace(" ", "") in [t.replace(" ", "") for t in TITLES] for l in lines):
            assert index % 2 == 1 and number % 2 == 1, (index, number)
    # the imprint is the back cover: after padding it is the last page, on
    # the left half of the outer sheet's front
    assert "（共印50份）" in " ".join(l.text for l in pages[-1][2])
    imposed = PdfReader(compiled / "dist" / "huibian.zh-Hans.booklet.pdf")
    assert len(imposed.pages) == 2 * -(-len(pages) // 4)
    front = page_lines(compiled / "dist" / "huibian.zh-Hans.booklet.pdf")[0]
    # (characters, not lines: the cover's foot on the right half stands at
    # the height of the imprint's last line)
    assert "（共印50份）" in "".join(c["text"] for l in front for c in l.chars if c["x1"] < 841.89 / 2)
    # set on a left-hand page, as the back cover is one: in the A5 file an
    # even page, and on the sheet with a left-hand page's margins (16 mm
    # outside, and 1 em in: it was set 4 mm towards the fold)
    assert len(pages) % 2 == 0
    imprint = [c for l in front for c in l.chars if c["x1"] < 841.89 / 2 and c["top"] > 100 * MM]
    assert min(c["x0"] for c in imprint) == pytest.approx(16 * MM + 10.5, abs=1.5)


def test_imprint_on_the_last_a4_page(compiled):
    pages = labels(compiled / "dist" / "huibian.zh-Hans.a4.pdf")
    last = pages[-1][2]
    text = " ".join(l.text for l in last)
    assert "测试编印单位" in text and "2024年5月6日印发" in text and "（共印50份）" in text
    assert pages[-1][0] is None
    assert max(l.top for l in last) > 200 * MM  # at the foot of the page
    # on the last side of the sheets (GB/T 9704 7.4, 封四), a left-hand
    # page: printed double-sided, it was a leaf's front with a blank back
    assert len(pages) % 2 == 0


def test_a_booklets_article_start_leaves_the_handout_and_the_phone_alone(tmp_path):
    """article_start = "right" (the README's publish.toml, a booklet's
    setting) gave the A4 handout five blank pages between its articles and
    the phone blank pages with numbers on them: it sets the booklet's A5
    pages, and nothing else. The A4 imprint stays on a left-hand page."""
    body = "学习贯彻条例，做到学纪知纪明纪守纪，把纪律要求落实到日常工作生活之中。"
    files = {f"{n}.md": SHORT.format(title=f"第{n}篇文章", body=body * reps) for n, reps in enumerate((3, 14, 5), 1)}
    built = {}
    for start in (None, "right", "page"):
        ws = make_workspace(tmp_path / f"ws-{start}", files)
        config = CONFIG.replace('formats = ["a4", "booklet"]', 'formats = ["a4", "phone", "a5"]').replace(
            'editions = ["zh-Hans", "zh-Hant-HK"]', 'editions = ["zh-Hans"]').replace(
            'articles = ["articles/guide.md", "articles/news.txt", "articles/z-*.md"]', 'articles = ["articles/*.md"]')
        (ws / "publish.toml").write_text((f'article_start = "{start}"\n' if start else "") + config, encoding="utf-8")
        result = run_cli("build", cwd=ws)
        assert result.returncode == 0, result.stderr
        built[start] = {fmt: (ws / "dist" / f"huibian.zh-Hans.{fmt}.pdf").read_bytes() for fmt in ("a4", "phone", "a5")}
    for fmt in ("a4", "phone"):
        assert built[None][fmt] == built["right"][fmt] == built["page"][fmt], fmt
    assert built[None]["a5"] == built["right"]["a5"] != built["page"]["a5"]
    assert len(PdfReader(ws / "dist" / "huibian.zh-Hans.a4.pdf").pages) % 2 == 0


def test_the_imprint_is_set_as_a_record_and_breaks_between_words(tmp_path):
    """The imprint (版记) at a compilation's back is set as a 公文's: 4号 to
    the body's 3号 (14 pt on A4, GB/T 9704-2012 7.4.1). An issuer too long
    for its line with the date breaks between words, the date under it at
    the right: on a phone 中共示例县委 / 党纪学习教育工作专班, then the date. It
    was set in the body's size, the issuer and the date squeezed side by
    side: …党纪学习教 / 育工作专班 beside 2024年5月6 / 日印发."""
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 第一篇文章\n\n正文。\n", "b.md": "# 第二篇文章\n\n正文。\n"})
    (ws / "publish.toml").write_text(
        'title = "学习材料汇编"\nslug = "hb"\narticles = ["articles/*"]\nformats = ["a4", "phone"]\n'
        '[back_page]\nissuer = "中共示例县委党纪学习教育工作专班"\ndate = "2024-05-06"\ncopies = "50"\n', encoding="utf-8")
    result = run_cli("build", "--no-cache", cwd=ws)
    assert result.returncode == 0, result.stderr
    a4 = page_lines(ws / "dist" / "hb.zh-Hans.a4.pdf")[-1]
    line = next(l for l in a4 if squeeze(l.text).startswith("中共示例县委"))
    assert squeeze(line.text) == "中共示例县委党纪学习教育工作专班2024年5月6日印发"  # (one line on A4)
    assert {round(c["size"], 1) for c in line.chars} == {14.0}
    phone = [l for l in page_lines(ws / "dist" / "hb.zh-Hans.phone.pdf")[-1] if squeeze(l.text)]
    texts = [squeeze(l.text) for l in phone]
    start = texts.index("中共示例县委")
    assert texts[start:start + 4] == ["中共示例县委", "党纪学习教育工作专班", "2024年5月6日印发", "（共印50份）"], texts
    right = (90 - 8) * MM - 14 * 0.875  # (the text block's right edge, a character of 4号 in)
    assert phone[start + 2].x1 == pytest.approx(right, abs=1) and phone[start + 3].x1 == pytest.approx(right, abs=1)
    assert phone[start].x0 == pytest.approx(8 * MM + 14 * 0.875, abs=1)


def test_photo_scaled_to_the_text_width_and_down_sampled(compiled):
    pdf = compiled / "dist" / "huibian.zh-Hans.a4.pdf"
    with pikepdf.open(pdf) as doc:
        images = [obj for page in doc.pages for obj in page.get_images().values()]
        assert images
        widths = [int(img.Width) for img in images]
    # 156 mm at 300 dpi is 1843 pixels; the 4000-pixel photo must not be kept
    assert max(widths) <= 1843 + 2
    assert pdf.stat().st_size < 2_500_000
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        placed = [img for page in doc.pages for img in page.images]
    assert placed and all(img["x1"] - img["x0"] <= 156 * MM + 0.5 for img in placed)


def test_a_long_cover_keeps_its_foot_on_its_page(tmp_path):
    """A three-line title, a subtitle and the edition's line on a large-print
    cover pushed the date onto a page of its own: the organizer and the date
    stand at the foot of the cover's page."""
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 第一篇\n\n正文。\n", "b.md": "# 第二篇\n\n正文。\n"})
    (ws / "publish.toml").write_text(
        'title = "全县党员领导干部党纪学习教育专题读书班学习材料汇编"\nsubtitle = "（第二辑）"\n'
        'organizer = "中共示例县委党纪学习教育工作专班"\ndate = 2024-05-20\nslug = "hb"\nlayout = "large-print"\n'
        'formats = ["a4"]\neditions = ["zh-Hant-HK"]\narticles = ["articles/*"]\n', encoding="utf-8")
    result = run_cli("build", "--no-cache", cwd=ws)
    assert result.returncode == 0, result.stderr
    pages = page_lines(ws / "dist" / "hb.zh-Hant-HK.a4.pdf")
    cover = [squeeze(l.text) for l in pages[0]]
    assert cover[-2:] == ["中共示例縣委黨紀學習教育工作專班", "2024年5月20日"] and "繁體中文版（香港）" in cover
    assert pages[1] == []  # the cover's blank back
    # at the foot of the text block
    assert pages[0][-1].top > 0.8 * 841.89


def test_a_cover_too_full_for_its_foot_puts_it_after_never_over_its_title(tmp_path):
    """A phone's five-line title and a two-line subtitle: the organizer and
    the date, set at the page's foot, printed over the subtitle."""
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 第一篇\n\n正文。\n", "b.md": "# 第二篇\n\n正文。\n"})
    (ws / "publish.toml").write_text(
        'title = "推进党纪学习教育常态化长效化暨新时代新征程全面从严治党学习材料汇编"\n'
        'subtitle = "（2024年第二辑·供党员干部学习使用）"\n'
        'organizer = "中共示例县委党纪学习教育工作领导小组办公室暨县委组织部（县委党校）"\ndate = 2024-05-06\n'
        'slug = "hb"\nformats = ["phone"]\neditions = ["zh-Hant-HK"]\narticles = ["articles/*"]\n', encoding="utf-8")
    assert run_cli("build", "--no-cache", cwd=ws).returncode == 0
    pages = page_lines(ws / "dist" / "hb.zh-Hant-HK.phone.pdf")
    lines = [(n, line) for n, page in enumerate(pages[:2]) for line in page]
    edition = next((n, l) for n, l in lines if "繁體中文版" in l.text)
    organizer = next((n, l) for n, l in lines if l.text.replace(" ", "").startswith("中共示例"))
    assert (organizer[0], organizer[1].top) > (edition[0], edition[1].top + edition[1].size), (edition, organizer)
    for n, page in enumerate(pages[:2]):  # no two lines on one another
        tops = sorted((l.top, l.top + l.size) for l in page)
        assert all(b[0] >= a[1] - 1 for a, b in zip(tops, tops[1:])), (n, tops)


def test_a_contents_entry_stays_on_one_page(tmp_path):
    """A phone's contents split an entry of five lines three on one page and
    two on the next, with room for both on the first."""
    sections = "".join(f"## {n}、健全学纪知纪明纪守纪的长效机制，把纪律教育贯穿干部培养选拔管理监督全过程第{n}项\n\n正文。\n\n"
                       for n in "一二三四五六七八九十")
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 第一篇\n\n{sections}", "b.md": "# 第二篇\n\n正文。\n"})
    (ws / "publish.toml").write_text('title = "学习材料汇编"\nslug = "hb"\narticles = ["articles/*"]\n'
                                     'formats = ["phone"]\n', encoding="utf-8")
    assert run_cli("build", "--no-cache", cwd=ws).returncode == 0
    pages = page_lines(ws / "dist" / "hb.zh-Hans.phone.pdf")
    contents = [page for page in pages if any(squeeze(l.text) in ("目录",) for l in page)]
    start = pages.index(contents[0])
    following = []
    for page in pages[start + 1:]:
        lines = [l for l in page if not l.text.strip().isdigit()]
        if not lines or not any("." * 3 in l.text for l in lines):
            break
        following.append(lines[0])
    assert following, "the contents fit one page: the test needs more entries"
    starts = {round(l.x0) for page in pages[start:start + 1 + len(following)] for l in page
              if re.match(r"^[一二三四五六七八九十]、|^第", l.text.replace(" ", ""))}
    assert all(round(line.x0) in starts for line in following), [(l.text, l.x0) for l in following]


def test_the_contents_leaders_and_numbers_are_of_one_face(compiled):
    """Leaders and page numbers in each entry's face were dense dots in 黑体
    for the articles and spaced ones in 楷体 for their sections."""
    for lines in page_lines(compiled / "dist" / "huibian.zh-Hans.a4.pdf")[:4]:
        if not any(line.text.replace(" ", "") == "目录" for line in lines):
            continue
        tails = [c for line in lines if "…" in line.text or "..." in line.text.replace(" ", "")
                 for c in line.chars if c["text"] in ".0123456789"]
        assert tails and len({c["fontname"] for c in tails}) == 1, {c["fontname"] for c in tails}
        return
    raise AssertionError("no contents page")
