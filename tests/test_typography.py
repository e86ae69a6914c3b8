"""Chinese typography measured from the PDF's glyph positions: flush right
edges, compressed punctuation where clreq wants it and only there, the 1/4 em
between Han and Latin, line-breaking rules, and a clean text layer."""

from __future__ import annotations

import re
import statistics

import pytest

from conftest import FIXTURES
from pdfread import MM, PAGE_NUMBER, page_lines, squeeze
from publish.typography import CLOSING, OPENING

SIZE = 16.0
PITCH = 156 * MM / 28
TRACKING = PITCH - SIZE - 0.01
LEFT = {1: 28 * MM, 0: 26 * MM}  # odd pages, even pages
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z0-9]")
SOURCE = (FIXTURES / "typography.md").read_text("utf-8")
PARAGRAPHS = [p for p in SOURCE.split("\n\n")[1:] if p.strip()]


@pytest.fixture(scope="module")
def typeset(tmp_path_factory):
    from publish.build import BuildOptions, build

    out = tmp_path_factory.mktemp("typography")
    options = BuildOptions(workspace=FIXTURES, out_dir=out, editions=("zh-Hans", "zh-Hant-HK", "zh-Hant-TW"))
    return {o.path.name.split(".")[1]: o.path for o in build([FIXTURES / "typography.md"], options)
            if o.path.suffix == ".pdf"}


def paragraphs(pdf):
    """Body lines grouped by paragraph: a paragraph starts with an indented
    line (two characters in from the block's left edge)."""
    groups = []
    for number, lines in enumerate(page_lines(pdf), start=1):
        left = LEFT[number % 2]
        for line in lines:
            if PAGE_NUMBER.match(line.text) or abs(line.size - SIZE) > 0.1 or "Serif" not in line.chars[0]["fontname"]:
                continue
            indented = line.x0 > left + 1.5 * PITCH - 1
            if indented or not groups:
                groups.append([])
            groups[-1].append((line, left))
    return groups


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant-HK", "zh-Hant-TW"])
def test_right_edges_flush(typeset, edition):
    groups = paragraphs(typeset[edition])
    assert len(groups) == len(PARAGRAPHS)
    checked = 0
    for group in groups:
        for line, left in group[:-1]:  # every line but a paragraph's last
            right = line.chars[-1]["x0"] + _advance(line.chars[-1])
            assert right == pytest.approx(left + 156 * MM, abs=0.5), line.text
            checked += 1
    assert checked >= 12


def _advance(char) -> float:
    """The advance of a character as set: a full-width mark at the end of a
    line is never compressed, so its nominal width is its advance."""
    return char["x1"] - char["x0"]


def gaps(line):
    chars = line.chars
    return [(a["text"], b["text"], b["x0"] - a["x0"]) for a, b in zip(chars, chars[1:])]


def stretch(line) -> float:
    """How much the line was stretched per gap: the usual Han-to-Han step
    less the grid pitch."""
    steps = [d for a, b, d in gaps(line) if HAN.match(a) and HAN.match(b)]
    return statistics.median(steps) - PITCH if steps else 0.0


def mark_runs(line):
    """(distance, marks) for every run of punctuation between two Han
    characters of a line: Han glyphs sit at their origin, while a centred
    mark set with halt is shifted inside its box, so runs are measured from
    Han to Han."""
    chars = line.chars
    runs = []
    i = 0
    while i < len(chars) - 1:
        if HAN.match(chars[i]["text"]) and chars[i + 1]["text"] in CLOSING | OPENING:
            j = i + 1
            while j < len(chars) and chars[j]["text"] in CLOSING | OPENING:
                j += 1
            if j < len(chars) and HAN.match(chars[j]["text"]):
                marks = "".join(c["text"] for c in chars[i + 1:j])
                runs.append((chars[j]["x0"] - chars[i]["x0"], marks))
            i = j
        else:
            i += 1
    return runs


def expected_run(marks: str, compress: bool, s: float) -> float:
    """Han pitch, then each mark: half an em when compressed (a closing mark
    followed by another mark, or an opening mark after an opening one), else
    a full em; plus the line's stretch after every character. The zero-width
    spaces that open breaks clreq allows and UAX #14 forbids (before an
    opening quote, after a closing one) take no room at all."""
    width = PITCH + s
    for index, mark in enumerate(marks):
        nxt = marks[index + 1] if index + 1 < len(marks) else ""
        prev = marks[index - 1] if index else ""
        halved = compress and ((nxt and mark in CLOSING and (nxt in CLOSING or nxt in OPENING))
                               or (prev in OPENING and mark in OPENING))
        width += (SIZE / 2 + TRACKING if halved else PITCH) + s
    return width


@pytest.mark.parametrize("edition,compress", [("zh-Hans", True), ("zh-Hant-HK", True), ("zh-Hant-TW", False)])
def test_punctuation_compressed_where_required_and_only_there(typeset, edition, compress):
    compressed = 0
    for group in paragraphs(typeset[edition]):
        for line, _ in group:
            s = stretch(line)
            for distance, marks in mark_runs(line):
                assert distance == pytest.approx(expected_run(marks, compress, s), abs=0.4), (line.text, marks)
                compressed += len(marks) > 1
    assert compressed >= 6


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant-TW"])
def test_quarter_em_between_han_and_latin(typeset, edition):
    found = 0
    for group in paragraphs(typeset[edition]):
        for line, left in group:
            s = stretch(line)
            for a, b, step in gaps(line):
                if HAN.match(a) and LATIN.match(b):
                    # the Han character's own pitch, then 1/4 em
                    assert step - s - PITCH == pytest.approx(SIZE / 4, abs=0.25), (line.text, a, b)
                    found += 1
            first = line.chars[0]
            if LATIN.match(first["text"]) and line is not group[0][0]:
                assert first["x0"] == pytest.approx(left, abs=0.3)  # no gap at a line start
    assert found >= 5


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant-HK", "zh-Hant-TW"])
def test_line_breaking_rules(typeset, edition):
    never_start = CLOSING | {"…", "—"}
    for group in paragraphs(typeset[edition]):
        texts = [line.text.replace(" ", "") for line, _ in group]
        for number, text in enumerate(texts):
            if number:
                assert text[0] not in never_start, text
            assert text[-1] not in OPENING, text
            # —— and …… are never split across lines
            assert not (text.endswith("—") and not text.endswith("——")) or text.endswith("———"), text
            assert not re.search(r"(?<!…)…$", text) or text.endswith("……"), text
        last = texts[-1]
        assert len(HAN.findall(last)) >= 2, last  # no single character on a paragraph's last line


def test_text_layer_is_clean(typeset):
    from pdfread import body_text

    expected = squeeze("".join(PARAGRAPHS)).replace("“", "“")
    got = body_text(typeset["zh-Hans"])
    assert got == squeeze("排版测试") + expected


@pytest.mark.parametrize("edition,shift", [("zh-Hans", SIZE / 2), ("zh-Hant-TW", 0.0)])
def test_opening_mark_at_line_start_gives_up_its_blank_half(typeset, edition, shift):
    starts = [(line, left) for group in paragraphs(typeset[edition]) for line, left in group[1:-1]
              if line.text[:1] in OPENING]
    assert starts, "the corpus has a line starting with an opening mark"
    for line, left in starts:
        assert line.chars[0]["x0"] == pytest.approx(left - shift, abs=0.3), line.text
        right = line.chars[-1]["x0"] + _advance(line.chars[-1])
        assert right == pytest.approx(left + 156 * MM, abs=0.5)


def test_headings_never_end_a_page_and_no_widows_or_orphans(tmp_path):
    """Over a many-page handout: a page never ends on a heading, and no page
    starts or ends with a single line of a longer paragraph."""
    from publish.build import BuildOptions, build

    sources = [FIXTURES / "news.txt", FIXTURES / "guide.md", FIXTURES / "typography.md"]
    checked = 0
    for source in sources:
        pdf = build([source], BuildOptions(workspace=FIXTURES, out_dir=tmp_path))[0].path
        pages = []
        for number, lines in enumerate(page_lines(pdf), start=1):
            left = LEFT[number % 2]
            body = []
            for line in lines:
                if PAGE_NUMBER.match(line.text) or abs(line.size - SIZE) > 0.2:
                    continue
                face = line.chars[0]["fontname"]
                kind = "heading" if "Sans" in face or "WenKai" in face else "text"
                indented = line.x0 > left + 1.5 * PITCH - 1
                body.append((kind, indented, line.text))
            pages.append(body)
        for this, nxt in zip(pages, pages[1:]):
            if not this or not nxt:
                continue
            assert this[-1][0] != "heading", f"a page ends on the heading {this[-1][2]}"
            last_kind, last_indented, last_text = this[-1]
            first_kind, first_indented, first_text = nxt[0]
            continues = first_kind == "text" and not first_indented
            if continues:
                # an orphan: the paragraph's first line alone at the foot
                assert not (last_kind == "text" and last_indented), f"orphan: {last_text}"
                # a widow: its last line alone at the head of the next page
                ends_at_once = len(nxt) == 1 or nxt[1][1] or nxt[1][0] != "text"
                assert not ends_at_once, f"widow: {first_text}"
            checked += 1
    assert checked >= 3


def test_a_closing_mark_that_a_leader_follows_is_marked_for_halt():
    """``mark_up(..., leader=True)`` (a section in the contents): a closing
    bracket or quote at the end is set with halt, like a mark beside
    another; nothing else changes, and nothing without a leader or with
    compression off."""
    from dataclasses import replace

    from publish.model import Span
    from publish.typography import Typography, mark_up

    on = Typography()
    # (word joiners beside it: letter-spacing, which halves it in a font
    # without halt, is not applied to a text's first or last character)
    assert mark_up((Span("深入学习《条例》"),), on, False, leader=True).endswith(
        '<span class="pc">\u2060》\u2060</span>')
    assert mark_up((Span("深入学习《条例》"),), on, False) == "深入学习《条例》"
    assert mark_up((Span("把纪律要求落到日常"),), on, False, leader=True) == "把纪律要求落到日常"
    assert mark_up((Span("为什么？"),), on, False, leader=True) == "为什么？"  # a question mark keeps its em
    assert "pc" not in mark_up((Span("深入学习《条例》"),), replace(on, compress_punctuation=False), False,
                               leader=True)
    # an article's title, as written: the same, where marks are compressed (not zh-Hant-TW)
    from publish.render import before_leader

    assert before_leader("学习《条例》") == '学习《条例<span class="pc">\u2060》\u2060</span>'
    assert before_leader("学习《条例》", compress=False) == "学习《条例》" and before_leader("<b>") == "&lt;b&gt;"


def test_a_space_typed_beside_a_full_width_mark_is_not_printed(tmp_path):
    """Word users type a space after 、 or between two brackets out of habit
    (a WPS 编制说明: "二、 编制过程"): the mark carries its own blank, and
    the space only widens it. It is not printed (the heading sets as its
    neighbour "一、任务来源" does), and ``publish check`` names it."""
    from conftest import make_workspace, run_cli

    from publish.build import BuildOptions, build

    source = ("---\ntitle: 编制说明\nsubtitle: （征求意见稿） （2023年3月）\n---\n\n## 一、任务来源\n\n本标准来源于国家能源局下达的计划。\n\n"
              "## 二、 编制过程\n\n（征求意见稿） （第二稿）是他说“ 你好 ”的记录。 His words.\n")
    ws = make_workspace(tmp_path / "ws", {"a.md": source})
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("a4",)))]
    lines = [line for page in page_lines(pdf) for line in page]
    one = next(line for line in lines if line.text.startswith("一、"))
    two = next(line for line in lines if line.text.startswith("二、"))
    assert two.text == "二、编制过程"
    advance = [line.chars[2]["x0"] - line.chars[1]["x0"] for line in (one, two)]
    assert advance[0] == pytest.approx(advance[1], abs=0.05) and advance[0] < 18
    body = next(line.text for line in lines if line.text.startswith("（征求意见稿）（第二稿）是"))
    assert body.startswith("（征求意见稿）（第二稿）是他说“你好”的记录。 His")  # beside Latin: as typed
    # the subtitle: no space between ） and （ (its 楷体 has no halt
    # feature: compressed by hand, half an em), its digits tight as in the date
    subtitle = next(line for line in lines if line.text.startswith("（征求") and "是" not in line.text)
    assert subtitle.text == "（征求意见稿）（2023年3月）"
    digit = next(i for i, c in enumerate(subtitle.chars) if c["text"] == "3" and subtitle.chars[i + 1]["text"] == "年")
    assert subtitle.chars[digit + 1]["x0"] - subtitle.chars[digit]["x1"] == pytest.approx(0, abs=0.3)
    close = next(i for i, c in enumerate(subtitle.chars) if c["text"] == "）")
    assert subtitle.chars[close + 1]["x0"] - subtitle.chars[close]["x0"] == pytest.approx(subtitle.size / 2, abs=0.3)
    checked = run_cli("check", cwd=ws)
    assert "a.md:10:6: W207 space beside full-width punctuation" in checked.stdout
    assert "a.md:3:18: W207 space beside full-width punctuation" in checked.stdout  # the subtitle
    assert run_cli("check", "--fix", cwd=ws).returncode == 0
    assert (ws / "articles" / "a.md").read_text(encoding="utf-8") == source.replace("、 ", "、").replace(
        "） （", "）（").replace("“ 你好 ”", "“你好”")


KAI_MARKS = "他说（真的），《条例》、「原文」。又（《纲要》）好。"


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant-HK"])
def test_marks_are_compressed_in_a_font_without_halt_as_in_one_with_it(tmp_path, edition):
    """LXGW WenKai (楷体: quotations, bylines, second-level headings) has no
    OpenType halt: two full-width marks side by side are compressed by
    hand there, each mark's ink where halt would put it, so that a quoted
    passage is spaced as the body around it. Its quotes, narrow as in a
    Latin font, are taken from the serif, full-width."""
    from conftest import make_workspace

    from publish.build import BuildOptions, build

    source = f"# 标点\n\n> {KAI_MARKS}\n\n{KAI_MARKS}\n\n> 他说：“学习。”\n"
    ws = make_workspace(tmp_path / "ws", {"a.md": source})
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("a4",),
                                                    editions=(edition,))) if o.path.suffix == ".pdf"]
    lines = [line for page in page_lines(pdf) for line in page if len(line.chars) > 3]
    kai, body = (next(line for line in lines if line.chars[2]["text"] in "（" and face in line.chars[0]["fontname"])
                 for face in ("WenKai", "Noto"))
    assert squeeze(kai.text) == squeeze(body.text) and len(kai.chars) == len(KAI_MARKS)

    def steps(line):
        return [round((b["x0"] - a["x0"]) / line.size, 2) for a, b in zip(line.chars, line.chars[1:])]

    # Half an em taken from ）、，、》、、 and 」 before another mark, and from
    # 《 after （: every character after them where the body's font puts it
    assert sum(steps(kai)) == pytest.approx((len(KAI_MARKS) - 1) * steps(kai)[0] - 7 * 0.5, abs=0.1)
    for a, b in zip(kai.chars, body.chars):
        if HAN.match(a["text"]):
            assert a["x0"] - kai.x0 == pytest.approx(b["x0"] - body.x0, abs=0.35), a["text"]
    # …and each mark's ink where halt puts it (the test's x0 is where a
    # glyph is placed: its origin moves with it), 《 half an em back
    assert steps(kai) == pytest.approx(steps(body), abs=0.02)
    # “” (zh-Hans; zh-Hant-HK has 「」) full-width, from the serif: ：“
    # is compressed as two full-width marks are (from 说 before the colon to
    # the quote after it: one em and a half)
    said = next(line for line in lines if line.text.startswith("他") and "：" in line.text
                and "WenKai" in line.chars[0]["fontname"])
    assert said.chars[3]["x0"] - said.chars[1]["x0"] == pytest.approx(2 * PITCH - said.size / 2, abs=0.3)
    quotes = [c for c in said.chars if c["text"] in "“”"]
    assert len(quotes) == (2 if edition == "zh-Hans" else 0)
    assert all("Noto-Serif-CJK-SC" in c["fontname"] and c["x1"] - c["x0"] == pytest.approx(said.size, abs=0.1)
               for c in quotes)


@pytest.mark.parametrize("edition, face", [("zh-Hans", "LXGW-WenKai"), ("zh-Hant-HK", "Noto-Serif-CJK-HK"),
                                           ("zh-Hant-TW", "Noto-Serif-CJK-TC")])
def test_a_traditional_editions_marks_are_centred_in_kai_too(tmp_path, edition, face):
    """LXGW WenKai sets ，。、：；！？ low on the left of the em, as
    simplified Chinese prints them; Hong Kong and Taiwan print them in the
    middle, as the body's Noto Serif CJK HK and TC do. In a traditional
    edition, a 楷体 line's marks are set in the serif (the next family of
    its stack that centres them): the Han characters stay 楷体, and every
    character where it was."""
    from conftest import make_workspace

    from publish.build import BuildOptions, build

    text = "学纪在常，知纪在深、明纪：守纪！真？是；好。"
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 标点\n\n> {text}\n\n{text}\n"})
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("a4",),
                                                    editions=(edition,))) if o.path.suffix == ".pdf"]
    lines = [line for page in page_lines(pdf) for line in page if len(line.chars) == len(text)]
    kai = next(line for line in lines if "WenKai" in line.chars[0]["fontname"])
    body = next(line for line in lines if "WenKai" not in line.chars[0]["fontname"])
    marks = [c for c in kai.chars if c["text"] in "，。、：；！？"]
    assert len(marks) == 7 and all(face in c["fontname"] for c in marks), {c["fontname"] for c in marks}
    assert all("WenKai" in c["fontname"] for c in kai.chars if HAN.match(c["text"]))
    assert [round(c["x0"] - kai.x0, 1) for c in kai.chars] == [round(c["x0"] - body.x0, 1) for c in body.chars]


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant-HK", "zh-Hant-TW"])
def test_a_kai_line_with_the_serifs_marks_keeps_the_lines_after_it_on_the_grid(tmp_path, edition):
    """A 楷体 heading or quotation of a traditional edition takes its
    ，。、 from the serif (above), whose ascent and descent are shared
    otherwise than LXGW WenKai's: each such line grew by 2.3 pt, and the
    lines after it fell off the grid (a page of a Word file's traditional
    edition held 21 lines where its simplified one held 22). Every body
    line stays on the grid's pitch, before and after such lines."""
    from conftest import make_workspace

    from publish.build import BuildOptions, build

    body = "学纪知纪明纪守纪，把党的纪律规矩转化为日常行为准则，做到知行合一、表里如一。" * 3
    quote = "> 严明政治纪律和政治规矩，做到令行禁止、步调一致；学纪、知纪、明纪、守纪。\n"
    sections = "".join(f"### （{n}）学习、讨论、交流\n\n{body}\n\n{quote}\n{body}\n\n" for n in "一二三四五六")
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 学习体会\n\n{body}\n\n{sections}"})
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("a4",),
                                                    editions=(edition,))) if o.path.suffix == ".pdf"]
    pages = page_lines(pdf)
    kai = [line for page in pages for line in page if "WenKai" in line.chars[0]["fontname"]
           and any(c["text"] in "、，。；" and "WenKai" not in c["fontname"] for c in line.chars)]
    assert len(kai) >= 6 or edition == "zh-Hans", len(kai)  # (the serif's marks in 楷体 lines)
    line_pitch = 225 * MM / 22
    for lines in pages:
        tops = [841.89 - line.chars[0]["matrix"][5] for line in lines if not PAGE_NUMBER.match(line.text)
                and "Serif" in line.chars[0]["fontname"] and abs(line.size - 16) < 0.1]
        for a, b in zip(tops, tops[1:]):
            assert (b - a) / line_pitch == pytest.approx(round((b - a) / line_pitch), abs=0.02), (a, b)


def test_a_subtitle_breaks_between_its_bracketed_parts(tmp_path):
    """A Word file's subtitle (its 征求意见稿 line) in the Hong Kong edition
    broke before its last character: 月） stood alone on the second line. A
    subtitle of bracketed parts breaks between them, its ）（ compressed as
    within a line; a paragraph's last line never holds one character alone,
    a number before it counting as one of the two."""
    from conftest import make_workspace

    from publish.build import BuildOptions, build
    from publish.model import Span
    from publish.typography import GAP_JOINER, Typography, mark_up

    # (the gap between Latin and Han carried by a zero-width no-break space:
    # after a zero-width space, Pango breaks whatever follows)
    assert mark_up((Span("（2023年3月）"),), Typography()).endswith(f"3{GAP_JOINER}月）")
    subtitle = "（征求意见稿）（从工作组讨论稿一直写到报批稿）（2023年3月）"
    body = "本标准来源于能源行业标准制修订计划，项目组开展中心组专题学习23次。"
    ws = make_workspace(tmp_path / "ws", {"a.md": f"---\nsubtitle: {subtitle}\n---\n\n# 编制说明\n\n{body}\n"})
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("a4",),
                                                    editions=("zh-Hant-HK",))) if o.path.suffix == ".pdf"]
    page = page_lines(pdf)[0]
    lines = [line.text.replace(" ", "") for line in page]
    first = next(n for n, text in enumerate(lines) if text.startswith("（徵求意見稿）"))
    assert lines[first:first + 2] == ["（徵求意見稿）（從工作組討論稿一直寫到報批稿）", "（2023年3月）"], lines
    chars = page[first].chars
    closing, opening = next((a, b) for a, b in zip(chars, chars[1:]) if a["text"] == "）" and b["text"] == "（")
    assert opening["x0"] - closing["x0"] == pytest.approx(16 / 2, abs=0.5)
    # a paragraph ending so keeps the quarter em between the number and the character
    [line] = [line for line in page_lines(pdf)[0] if "3" in line.text and line.text.replace(" ", "").endswith("次。")]
    three, times = next((a, b) for a, b in zip(line.chars, line.chars[1:]) if a["text"] == "3" and b["text"] == "次")
    assert times["x0"] - three["x1"] == pytest.approx(16 / 4, abs=0.3)


@pytest.mark.parametrize("fmt", ["a4", "phone"])
def test_a_number_keeps_the_last_character_after_it(tmp_path, fmt):
    """A paragraph ending …2024年10月。 printed 月。 alone on its last line
    in one paragraph of four: the word joiner there followed the zero-width
    space that carries the gap after 10, and Pango breaks after a
    zero-width space whatever follows it (UAX #14, LB8)."""
    from conftest import make_workspace

    from publish.build import BuildOptions, build

    filler = "各级党组织要认真组织开展党纪学习教育推动全面从严治党向纵深发展确保取得实效并按时报送工作总结材料"
    paragraphs = "\n\n".join(filler[:n] + "，时间为2024年10月。" for n in range(10, 50))
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 学习\n\n{paragraphs}\n"})
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=(fmt,)))]
    lines = [line for page in page_lines(pdf) for line in page]
    ends = [line for line in lines if line.text.replace(" ", "").endswith("月。")]
    assert len(ends) == 40
    assert not [line.text for line in ends if line.text.replace(" ", "") == "月。"]
    for line in ends:  # the quarter em between 10 and 月 kept (a justified line's stretch beside it)
        zero, month = next((a, b) for a, b in zip(line.chars, line.chars[1:]) if b["text"] == "月")
        assert line.chars[-1]["size"] / 4 - 0.3 <= month["x0"] - zero["x1"] <= line.chars[-1]["size"] / 2


@pytest.mark.parametrize("kind", ["heading", "caption"])
def test_a_headings_or_captions_last_line_holds_two_characters(tmp_path, kind):
    """On a phone's page the sample's heading A 黨的創新理論武裝持續加強
    broke before its last character, 強 alone on the second line: headings
    and captions keep their last two characters together, as paragraphs do."""
    from conftest import make_workspace
    from docxmaker import png

    from publish.build import BuildOptions, build

    # (each breaks before its last character on this page, as things were)
    text = "A 党的创新理论武装持续加强" if kind == "heading" else "党的创新理论武装持续加强宣讲活"
    body = "连日来，在南楼纪念公园，开平市发挥国字号品牌作用。"
    block = f"## {text}" if kind == "heading" else f"![{text}](../p.png)"
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 学习\n\n{body}\n\n{block}\n\n{body}\n"})
    (ws / "p.png").write_bytes(png(size=(120, 80)))
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("phone",),
                                                    editions=("zh-Hant-HK",))) if o.path.suffix == ".pdf"]
    lines = [line.text.replace(" ", "") for page in page_lines(pdf) for line in page]
    first = next(n for n, line in enumerate(lines) if "黨的創新" in line)
    assert len(HAN.findall(lines[first + 1])) >= 2 and lines[first + 1] != "連日來，在南樓紀念公園，", lines


def test_a_long_token_broken_between_characters_keeps_its_marks_and_numbers(tmp_path):
    """On a phone's page a Word file's NB/T 20442.12-2017 broke before its
    hyphen, a line starting with -2017 (a negative number). A token broken
    between two characters (a line would be too loose otherwise) breaks
    neither before one of its marks nor inside a number; a URL still
    breaks between its letters."""
    from conftest import make_workspace

    from publish.build import BuildOptions, build

    body = ("计划要求对NB/T 20442.12-2017《核电厂定期安全审查指南 第12部分：设计》进行修订。\n\n"
            "详见网站https://www.nea.gov.cn/policy/abcdefghijklmnopqrstuvwxyz/index.html。\n")
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 标题\n\n{body}"})
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("phone",),
                                                    editions=("zh-Hant-TW",))) if o.path.suffix == ".pdf"]
    lines = [line.text.replace(" ", "") for page in page_lines(pdf) for line in page
             if not PAGE_NUMBER.match(line.text.strip())]
    assert "".join(lines[1:]).startswith("計畫要求對NB/T20442.12-2017《"), lines
    for before, after in zip(lines, lines[1:]):
        assert after[0] not in "-./_@?=&", (before, after)
        assert not (before[-1].isdigit() and after[0].isdigit()), (before, after)
    assert any(before[-1].islower() and after[0].islower() for before, after in zip(lines, lines[1:])), lines


def test_an_address_with_a_long_number_breaks_in_it_rather_than_spread_its_letters(tmp_path):
    """A news page's address in an A5 booklet of the Taiwan edition:
    …/06/ARTI1714978000000000.shtml. Its sixteen digits (the page's
    identifier) never broke, as a number does not, so the line ended after
    ARTI and its blank was spread between all its letters:
    h t t p s : / / w w w. An identifier's digits break as its letters do;
    the line is set tight, the year 2024 before it whole."""
    from conftest import make_workspace

    from publish.build import BuildOptions, build

    address = "https://www.12371.cn/2024/05/06/ARTI1714978000000000.shtml"
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 标题\n\n网址：{address}。\n"})
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("a5",),
                                                    editions=("zh-Hant-TW",))) if o.path.suffix == ".pdf"]
    [first, second] = [line for page in page_lines(pdf) for line in page if "網址" in line.text or "shtml" in line.text]
    assert (first.text + second.text).replace(" ", "") == f"網址：{address}。"
    assert first.text.replace(" ", "")[-1].isdigit() and second.text[0].isdigit()  # (inside the identifier)
    assert "2024/05/06/ARTI1" in first.text.replace(" ", "")
    latin = [c for c in first.chars if c["text"].isascii() and c["text"].strip()]
    gaps = [b["x0"] - a["x1"] for a, b in zip(latin, latin[1:])]
    assert max(gaps) < 1.0, gaps  # (were up to 3.1 pt)


def test_a_line_in_the_middle_of_an_address_ends_where_the_address_breaks(tmp_path):
    """On a phone's page an address longer than a line: its middle line,
    without a Han character, took the first letters of the next part to
    fill it (15/ARTI1705300000000000.sht), and the next line, ml 以及 The,
    had its blank spread between its letters: m l 以 及 T h e. A line
    without CJK gaps is not justified anyway: it ends at the address's own
    break, after the dot, and shtml 以及 The Communist follows."""
    from conftest import make_workspace

    from publish.build import BuildOptions, build

    body = ("为深入学习贯彻党的二十大精神，制定本实施意见。详见 https://www.12371.cn/2024/01/15/"
            "ARTI1705300000000000.shtml 以及 The Communist Party of China Disciplinary Regulations 英文版。")
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 标题\n\n{body}\n"})
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("phone",)))]
    lines = [line for page in page_lines(pdf) for line in page if not PAGE_NUMBER.match(line.text.strip())]
    texts = [line.text.replace(" ", "") for line in lines]
    [middle] = [n for n, text in enumerate(texts) if "ARTI" in text]
    assert texts[middle].endswith("."), texts
    assert texts[middle + 1].startswith("shtml以及TheCommunist"), texts
    following = [c for c in lines[middle + 1].chars if c["text"].strip()]
    assert "".join(c["text"] for c in following[:5]) == "shtml"
    assert max(b["x0"] - a["x1"] for a, b in zip(following, following[1:5])) < 0.5  # (its letters tight)


def test_a_line_mostly_han_too_loose_for_its_han_gaps_keeps_its_latin_tight(tmp_path):
    """A Word file's e)安全重要的设计修改审查； on a phone's page: its last two
    characters go to the next line, and the first must widen by two ems,
    more than its Han gaps take at most. The rest went to the one gap of
    e), a hole of 13 pt (and 800 was set 8 0 0). In a line mostly Han, the
    Han gaps take it all; a Latin run stays (nearly) as set."""
    from conftest import make_workspace

    from publish.build import BuildOptions, build

    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\ne)安全重要的设计修改审查；\n\nf)经验反馈评价；\n"})
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("phone",),
                                                    editions=("zh-Hant-TW",))) if o.path.suffix == ".pdf"]
    lines = {line.text.replace(" ", "")[:2]: line for page in page_lines(pdf) for line in page}
    loose, tight = lines["e)"].chars, lines["f)"].chars
    assert [c["text"] for c in loose][-1] == "改"  # (審查； on the next line)
    def widened(n):  # the blank after the nth character, against the tight line's
        return (loose[n + 1]["x0"] - loose[n]["x1"]) - (tight[n + 1]["x0"] - tight[n]["x1"])

    latin, han = widened(0), widened(2)
    assert han > 3 and latin < min(han, 2)  # (e and its ), half a gap of its own: 1.7 pt)


@pytest.mark.parametrize("title, line, lines", [
    # as few lines as hold it, as even as the words allow; a campaign's name whole
    ("关于开展党纪学习教育读书班的通知", 14.4, ["关于开展党纪学习教育", "读书班的通知"]),
    ("關於開展黨紀學習教育讀書班的通知", 11.7, ["關於開展黨紀學習教育", "讀書班的通知"]),  # (cut as its simplified form)
    # 党的 stays with what it governs; a line never begins with 的
    ("中共江门市委关于学习贯彻党的二十届三中全会精神的决定", 20.1, ["中共江门市委关于学习贯彻", "党的二十届三中全会精神的决定"]),
    # the author's phrases whole where they fit; a phrase broken has its lines to itself
    ("以党建聚合力 为发展增动能 党建领航推动侨都高质量发展", 20.1, ["以党建聚合力 为发展增动能", "党建领航推动侨都高质量发展"]),
    ("以党建聚合力 为发展增动能 党建领航推动侨都高质量发展", 11.7, ["以党建聚合力", "为发展增动能", "党建领航推动",
                                                       "侨都高质量发展"]),  # (侨都: single characters kept together)
    # a book's title whole where a line holds it; never a line beginning with 》
    ("学习《中国共产党纪律处分条例》的心得体会", 14.4, ["学习", "《中国共产党纪律处分条例》", "的心得体会"]),
    ("深入学习《习近平关于加强和改进党的作风建设论述摘编》的体会", 11.7,
     ["深入学习", "《习近平关于加强和改进", "党的作风建设论述", "摘编》的体会"]),
    # a formula no line holds breaks around the name inside it, not in a word
    ("深入学习贯彻习近平新时代中国特色社会主义思想", 14.4, ["深入学习贯彻习近平新时代", "中国特色社会主义思想"]),
    ("學習習近平新時代中國特色社會主義思想", 11.7, ["學習習近平新時代", "中國特色社會主義思想"]),
    # a —— subtitle starts its line
    ("以案为鉴 以案促改——江门市党员干部警示教育读本", 20.1, ["以案为鉴 以案促改", "——江门市党员干部警示教育读本"]),
])
def test_a_long_title_breaks_between_words_into_even_lines(title, line, lines):
    """GB/T 9704-2012 7.3.1: a title that wraps keeps its words whole and
    its lines even (回行时要词意完整，排列对称). The browser broke it where
    the line ran out: 关于开展党纪学习教育读书班的 / 通知 on an A5 cover,
    關於開展黨紀學習教育讀 / 書班的通知 on a phone."""
    from publish.render import title_lines

    assert [words for words, _ in title_lines(title, line)] == lines
    assert title_lines("学习材料汇编", 14.4) is None  # (one line: nothing to do)


def test_a_titles_words_do_not_depend_on_what_conversion_added():
    """A worker that typesets a title has never converted anything; a
    whole build has, and conversion adds its dictionaries' words to the
    segmenter: the title's words are the same either way (the files are
    byte-identical)."""
    import subprocess
    import sys

    # (in a process of its own: the words added stay in the segmenter)
    script = ("from publish.edition import segmenter\n"
              "before = segmenter.title_words('关于开展党纪学习教育读书班的通知')\n"
              "segmenter.add_words(['教育读书班', '开展党纪'])\n"
              "assert '开展党纪' in [t.word for t in segmenter.tokens('关于开展党纪学习教育读书班的通知')]  # (counted there)\n"
              "assert segmenter.title_words('关于开展党纪学习教育读书班的通知') == before, before\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_a_titles_segmenter_is_the_only_dictionary_a_simplified_build_reads():
    """Importing rjieba makes its shared segmenter, which reads jieba's
    dictionary (0.14 s) for conversion alone: a simplified edition's long
    title reads it once, for the title's own segmenter. Conversion, later
    in the same process, imports the package as before; the title's words
    are those of a segmenter made from the package."""
    import subprocess
    import sys

    title = "关于开展党纪学习教育读书班的通知"
    script = ("import sys\n"
              "from publish.edition import segmenter\n"
              f"words = segmenter.title_words({title!r})\n"
              "assert 'rjieba' not in sys.modules, 'the shared segmenter was made'\n"
              "import rjieba\n"
              "made = rjieba.Jieba()\n"
              "for term in segmenter.TITLE_TERMS:\n"
              "    made.add_word(term, None, None)\n"
              f"assert made.cut({title!r}, False) == words, words\n"
              f"assert ''.join(t.word for t in segmenter.tokens({title!r})) == {title!r}\n"
              "print('/'.join(words))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "关于/开展/党纪学习教育/读书班/的/通知"


def test_a_long_title_prints_on_even_lines_in_every_format(tmp_path):
    """The notice's title on the cover of its A5 booklet and at the head of
    its phone pages: 关于开展党纪学习教育 / 读书班的通知; the running head, the
    outline and the document's title keep it whole."""
    from conftest import make_workspace, run_cli

    ws = make_workspace(tmp_path / "ws", {"notice.txt": "关于开展党纪学习教育读书班的通知\n\n请各党支部认真组织学习。\n"})
    done = run_cli("build", "--no-cache", "-f", "a5", "-f", "phone", "-e", "zh-Hans", "-e", "hk", "articles/notice.txt",
                   cwd=ws)
    assert done.returncode == 0, done.stderr
    import pikepdf

    for name, title in (("zh-Hans", "关于开展党纪学习教育读书班的通知"), ("zh-Hant-HK", "關於開展黨紀學習教育讀書班的通知")):
        for fmt in ("a5", "phone"):
            pdf = ws / "dist" / f"notice.{name}.{fmt}.pdf"
            top = [line.text.replace(" ", "") for line in page_lines(pdf)[0]][:2]
            assert top == [title[:10], title[10:]], (pdf.name, top)
            with pikepdf.open(pdf) as doc:
                assert str(doc.docinfo["/Title"]) == title
                with doc.open_outline() as outline:
                    assert [item.title for item in outline.root] == [title]
    # In one process (which converts, adding words to the segmenter, before
    # it typesets) as in workers: the same bytes.
    alone = run_cli("build", "--no-cache", "--jobs", "1", "-o", "alone", "-f", "a5", "-f", "phone", "-e", "zh-Hans",
                    "-e", "hk", "articles/notice.txt", cwd=ws)
    assert alone.returncode == 0, alone.stderr
    for pdf in (ws / "dist").glob("*.pdf"):
        assert (ws / "alone" / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def test_a_compilations_cover_breaks_its_title_and_its_organizer_between_words(tmp_path):
    """On a phone's cover the organizer (中共示例县委党纪学习教育工作专班,
    sixteen characters on a line of fifteen) left 专班 alone on its second
    line: it breaks as a title does."""
    from conftest import make_workspace, run_cli

    ws = make_workspace(tmp_path / "ws", {"a.md": "# 第一篇\n\n正文。\n", "b.md": "# 第二篇\n\n正文。\n"})
    (ws / "publish.toml").write_text('title = "党纪学习教育学习材料汇编"\norganizer = "中共示例县委党纪学习教育工作专班"\n'
                                     'articles = ["articles/*.md"]\n', encoding="utf-8")
    done = run_cli("build", "--no-cache", "-f", "phone", cwd=ws)
    assert done.returncode == 0, done.stderr
    [pdf] = (ws / "dist").glob("*.phone.pdf")
    cover = [line.text.replace(" ", "") for line in page_lines(pdf)[0]]
    assert cover[:2] == ["党纪学习教育", "学习材料汇编"]
    assert cover[2:4] == ["中共示例县委", "党纪学习教育工作专班"], cover


def test_a_heading_that_runs_on_breaks_between_words(tmp_path):
    """On a phone (fourteen characters, two of them the heading's indent)
    一、深刻认识纪律建设的重要意义 broke as …建设的重 / 要意义: it breaks between
    words, its first line not spread to the edge."""
    from conftest import make_workspace, run_cli

    body = "纪律是党的生命线。党的纪律是党的各级组织和全体党员必须遵守的行为规则。"
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 学习\n\n## 一、深刻认识纪律建设的重要意义\n\n{body}\n"})
    done = run_cli("build", "--no-cache", "-f", "phone", "articles/a.md", cwd=ws)
    assert done.returncode == 0, done.stderr
    lines = page_lines(ws / "dist" / "a.zh-Hans.phone.pdf")[0]
    at = next(n for n, line in enumerate(lines) if line.text.replace(" ", "").startswith("一、"))
    assert [line.text.replace(" ", "") for line in lines[at:at + 2]] == ["一、深刻认识纪律建设的", "重要意义"]
    # (ragged: not spread to the edge the body's first line reaches)
    assert lines[at].x1 < lines[at + 2].x1 - 10


def test_a_subtitle_of_one_phrase_breaks_between_words(tmp_path):
    """On a phone's page the subtitle 在全县党纪学习教育读书班开班式上的讲话
    broke inside a word: …读书班开班 / 式上的讲话."""
    from conftest import make_workspace

    from publish.build import BuildOptions, build

    subtitle = "在全县党纪学习教育读书班开班式上的讲话"
    ws = make_workspace(tmp_path / "ws", {"a.md": f"---\nsubtitle: {subtitle}\n---\n\n# 讲话\n\n同志们，今天我们开会。\n"})
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("phone",)))]
    lines = [line.text.replace(" ", "") for line in page_lines(pdf)[0]]
    at = next(n for n, text in enumerate(lines) if subtitle.startswith(text) and len(text) > 4)
    assert lines[at:at + 2] == ["在全县党纪学习教育读书班", "开班式上的讲话"], lines


def test_an_interpunct_never_starts_a_line(tmp_path):
    """A fee table's head (住宿费（元/人·天）) broke before its ·: 人 / ·天）
    at the start of a cell's line (Pango breaks before an interpunct,
    its line-break class ambiguous)."""
    from conftest import make_workspace

    from publish.build import BuildOptions, build

    table = ("| 培训类别 | 住宿费（元/人·天） | 伙食费（元/人·天） | 综合定额（元/人·天） |\n|---|---|---|---|\n"
             + "\n".join(f"| {kind}类培训 | {a} | {b} | {c} |" for kind, a, b, c in
                         (("一", 500, 150, 800), ("二", 400, 150, 700), ("三", 340, 130, 550))))
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 经费标准\n\n各地区培训经费标准如下表：\n\n{table}\n"})
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("a4",)))]
    chars = [c for page in page_lines(pdf) for line in page for c in line.chars]
    dots = [c for c in chars if c["text"] == "·"]
    assert len(dots) == 3
    for dot in dots:  # 人 before it, on its line
        assert any(c["text"] == "人" and abs(c["top"] - dot["top"]) < 1 and 0 <= dot["x0"] - c["x1"] < 4 for c in chars)


def test_a_figure_keeps_its_unit_and_a_telephone_number_stays_whole(tmp_path):
    """On a phone a line broke 为期5 / 天, 6 / 月20日, 2023 / 年 (the gap after
    the figure carried by a zero-width space), and a telephone number at
    its hyphen, 0759- / 1234567, as an address is broken."""
    from conftest import make_workspace, run_cli

    from publish.model import Span
    from publish.typography import GAP_JOINER, WJ, ZWSP, Typography, mark_up

    html = str(mark_up((Span("为期5天，电话0759-1234567。"),), Typography()))
    assert f"5{GAP_JOINER}天" in html and f"0759-{WJ}1234567" in html
    # a table's cell may still break there (its columns are reckoned so)
    assert f"5{ZWSP}天" in str(mark_up((Span("为期5天，共10人"),), Typography(), cell=True))
    sentence = "培训为期5天，共有30人参加，于2023年6月20日结业，咨询电话0759-1234567，请各单位做好安排。"
    # (the sentence at every offset in its line: a paragraph opened by k characters more)
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 通知\n\n" + "".join("这次" + "党员" * k + sentence + "\n\n"
                                                                      for k in range(14))})
    assert run_cli("build", "-f", "phone", cwd=ws).returncode == 0
    lines = [line for page in page_lines(ws / "dist" / "a.zh-Hans.phone.pdf") for line in page]
    units = 0
    for line in lines:
        for k, c in enumerate(line.chars):
            if c["text"] in "天人年" and k and line.chars[k - 1]["text"] in "0123456789":
                units += 1
            elif c["text"] in "天人":
                assert k and not line.chars[k - 1]["text"].isspace(), line.text  # never first on its line
    text = [line.text.replace(" ", "") for line in lines]
    assert not any(t.endswith("0759-") or t.startswith("1234567") for t in text), text
    assert not any(t and t[0] in "天年" for t in text), text


def test_a_title_breaks_between_words_not_before_a_suffix(tmp_path):
    """推动党纪学习教育常态 / 化长效化的实践与思考 on A4, and 新 / 时代 on a
    phone: 化 makes a word of the one before it, 新时代 is one word."""
    from conftest import make_workspace, run_cli

    from publish.edition import segmenter

    assert segmenter.title_words("推动党纪学习教育常态化长效化的实践与思考")[2:4] == ["常态化", "长效化"]
    # a meeting named by what it does, before 暨 or 上 (推进 / 会暨…); 会计 stays a word
    assert "推进会" in segmenter.title_words("在全市党纪学习教育工作推进会暨警示教育大会上的讲话")
    assert segmenter.title_words("全面推进会计制度改革")[1:3] == ["推进", "会计制度"]
    titles = ("推动党纪学习教育常态化长效化的实践与思考", "关于进一步加强和改进新时代基层党组织建设的实施意见",
              "在全市党纪学习教育工作推进会暨警示教育大会上的讲话")
    ws = make_workspace(tmp_path / "ws", {f"{n}.md": f"# {title}\n\n正文。\n" for n, title in enumerate(titles)})
    assert run_cli("build", "-f", "a4", "-f", "phone", *(f"articles/{n}.md" for n in range(3)), cwd=ws).returncode == 0
    for pdf in sorted((ws / "dist").glob("*.pdf")):
        lines = [line.text.replace(" ", "") for line in page_lines(pdf)[0] if line.size > 16]
        assert "".join(lines) in titles, lines
        for a, b in zip(lines, lines[1:]):
            assert not (a.endswith("常态") or a.endswith("长效") or a.endswith("新") or b.startswith("化")
                        or b.startswith("会暨")), lines
