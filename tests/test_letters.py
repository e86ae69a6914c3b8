"""A 公文's or a letter's own lines (GB/T 9704-2012 7.3.3, 7.3.5.2): the
主送机关 under the title flush left, the 落款 (署名 and 成文日期) at the end
set to the right, from every reader, measured in the PDF."""

from __future__ import annotations

import re

import pytest
from docx import Document

from conftest import FIXTURES, make_workspace, run_cli
from docxmaker import para, run
from pdfread import MM, PAGE_NUMBER, page_lines
from conftest import REPO
from publish.model import Paragraph, Span, Table, plain_text, split_lines
from publish.sources import read_article
from publish.sources.shapes import is_salutation, letter_parts

PITCH = 156 * MM / 28          # the grid's character pitch
LINE = 225 * MM / 22           # the grid's line pitch
LEFT, RIGHT = 28 * MM, (28 + 156) * MM  # the text block of an odd page
BOTTOM = (37 + 225) * MM       # its foot (37 mm from the top of the page, 225 mm high)

NOTICE = (FIXTURES / "notice.txt").read_text(encoding="utf-8")  # (with its 附件说明, ATTACHED below: the README's picture)


def P(text: str, role: str = "") -> Paragraph:
    return Paragraph(tuple(Span(part) if part != "\n" else Span("\n") for part in _parts(text)), 0, role)


def _parts(text: str) -> list[str]:
    out: list[str] = []
    for n, line in enumerate(text.split("\n")):
        out += (["\n"] if n else []) + [line]
    return out


def lines_of(block: Paragraph) -> list[str]:
    return [plain_text(line) for line in split_lines(block.spans)]


@pytest.mark.parametrize("text", ["各党支部，机关各科室：", "同志们：", "各镇人民政府，市府直属各单位:",
                                  "尊敬的各位老党员：", "各乡镇党委，县直各单位党组（党委）：", "各位代表、同志们：",
                                  "各级党委（党组）主要负责同志：", "各申请单位：", "各需求单位：", "以下各单位：", "市委办公室：", "各街道党工委，各镇人民政府："])
def test_an_addressee_or_a_salutation_is_one(text):
    assert is_salutation(text)


@pytest.mark.parametrize("text", ["会议强调：", "习近平总书记指出：", "市委书记在讲话中说：", "一是要做到以下三点：",
                                  "各党支部要认真组织学习。", "各党支部：请于周五前报送名单：",
                                  "现将有关事项通知如下：", "各单位负责同志在会上表示：",
                                  "经研究，决定表彰以下同志为优秀共产党员：",
                                  "各单位要认真做好以下工作：", "各党支部应当及时组织学习：",
                                  "请各单位务必注意："])
def test_a_sentence_that_ends_with_a_colon_is_not_one(text):
    assert not is_salutation(text)


def test_the_first_paragraph_is_the_salutation_and_the_last_lines_the_signature():
    blocks = letter_parts([P("各党支部："), P("为深入开展党纪学习教育，决定举办读书班。"), P("特此通知。"),
                           P("中共某某局机关委员会"), P("2024年4月8日"), P("（此件公开发布）")])
    assert [b.role for b in blocks] == ["salutation", "", "", "signature", ""]
    assert lines_of(blocks[3]) == ["中共某某局机关委员会", "2024年4月8日"]
    assert blocks[4] == P("（此件公开发布）")


@pytest.mark.parametrize("tail, lines", [
    # in one paragraph, a line break between (Word's Shift+Enter)
    ([P("某某县人民政府办公室\n二〇二四年十二月三十一日")], ["某某县人民政府办公室", "二〇二四年十二月三十一日"]),
    # two issuing offices (联合行文), then the date
    ([P("中共某某县委组织部"), P("某某县人力资源和社会保障局"), P("2024年 4月 8日")],
     ["中共某某县委组织部", "某某县人力资源和社会保障局", "2024年 4月 8日"]),
    # a date alone
    ([P("2024年4月8日")], ["2024年4月8日"]),
    # a name given as case materials print it
    ([P("中共××县委办公室"), P("2024年4月8日")], ["中共××县委办公室", "2024年4月8日"]),
])
def test_the_signature_takes_the_names_above_its_date(tail, lines):
    blocks = letter_parts([P("全文如下。"), P("特此通知。"), *tail])
    assert [b.role for b in blocks] == ["", "", "signature"]
    assert lines_of(blocks[-1]) == lines


@pytest.mark.parametrize("blocks", [
    [P("全文如下。"), P("特此通知。")],                                 # no date
    [P("全文如下。"), P("会议于2024年4月8日召开。")],                    # a date inside a sentence
    [P("2024年4月8日")],                                                # nothing but the date
    [P("全文如下。"), P("本次活动共有三个环节，\n2024年4月8日")],          # a sentence above it in its paragraph
    [P("全文如下。"), P("2024年4月8日"), P("以上是会议的主要内容。")],     # text after it
])
def test_without_a_closing_date_there_is_no_signature(blocks):
    assert letter_parts(blocks) == blocks


def test_the_signature_stands_before_the_record_of_who_printed_it():
    record = Table((), (((Span("某某县人民政府办公室\u30002024年4月9日印发"),),),))
    blocks = letter_parts([P("全文如下。"), P("某某县人民政府"), P("2024年4月8日"), P("（此件公开发布）"),
                           P("抄送：县委办公室。"), record])
    assert [getattr(b, "role", None) for b in blocks] == ["", "signature", "", "record"]
    # the 版记's lines, from paragraphs and a table's rows alike, in one block
    assert lines_of(blocks[-1]) == ["抄送：县委办公室。", "某某县人民政府办公室\u30002024年4月9日印发"]
    # (a table of something else is no record: no signature before it)
    other = Table((), (((Span("项目"),), (Span("金额"),)),))
    assert letter_parts([P("全文如下。"), P("2024年4月8日"), other])[1].role == ""


SHARED = REPO.parent / "shared" / "docx" / "ga-wenjian-template.docx"


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/docx (the real Word documents) is absent")
def test_a_real_word_template_of_a_gongwen_has_both():
    article = read_article(SHARED)
    roles = [(b.role, plain_text(b.spans)) for b in article.blocks if getattr(b, "role", "")]
    assert roles == [("salutation", "[此处输入主送机关]："), ("signature", "XXXX人民政府\n20XX年XX月XX日"),
                     ("record", "XXXX人民政府\u30002020年2月19日印发")]  # (its 版记: a table in the file)
    # its 版头 and 发文字号 are its source, without the ★ of the red line;
    # Word's account (张, a surname alone) is not its byline
    assert (article.source, article.author) == ("XXXX人民政府文件 XX发〔20XX〕XX号", None)


def test_three_lines_of_names_are_not_all_the_signature():
    blocks = letter_parts([P("全文如下。"), P("第一个单位"), P("第二个单位"), P("第三个单位"), P("2024年4月8日")])
    assert [b.role for b in blocks] == ["", "", "signature"]
    assert lines_of(blocks[-1]) == ["第二个单位", "第三个单位", "2024年4月8日"]


def test_a_text_file_a_markdown_file_and_a_word_file_give_the_same_parts(tmp_path):
    text = tmp_path / "notice.txt"
    text.write_text(NOTICE, encoding="utf-8")
    markdown = tmp_path / "notice.md"
    markdown.write_text("# " + NOTICE.replace("中共江门市某某局机关委员会\n", "中共江门市某某局机关委员会\\\n"),
                        encoding="utf-8")
    for path in (text, markdown, _word_file(tmp_path / "notice.docx", NOTICE)):
        article = read_article(path)
        # (Word's reader keeps one of a run of spaces)
        roles = [(getattr(b, "role", ""), re.sub("\u3000+", "\u3000", plain_text(b.spans)))
                 for b in article.blocks if getattr(b, "role", "")]
        assert roles == [("salutation", "各党支部，机关各科室："),
                         ("signature", "中共江门市某某局机关委员会\n2024年4月8日"),
                         ("record", "抄送：市纪委监委机关。\n中共江门市某某局机关委员会办公室　2024年4月9日印发")], path.name
        assert plain_text(article.blocks[-2].spans) == "（此件公开发布）"


def _word_file(path, text: str):
    """The text as Word has it: a paragraph a block, the title centred and
    large, the lines of a block broken within its paragraph."""
    doc = Document()
    for n, block in enumerate(text.strip().split("\n\n")):
        if "\n" in block:
            _broken(para(doc, ""), block.split("\n"))
        else:
            para(doc, block, center=not n, size=22 if not n else 16)
    doc.save(path)
    return path


def _broken(paragraph, lines: list[str]) -> None:
    """One Word paragraph holding the lines with line breaks between."""
    for n, line in enumerate(lines):
        added = run(paragraph, line)
        if n < len(lines) - 1:
            added.add_break()


def _handout(tmp_path, text: str) -> list:
    ws = make_workspace(tmp_path / "ws", {"notice.txt": text})
    done = run_cli("build", "--no-cache", "articles/notice.txt", cwd=ws)
    assert done.returncode == 0, done.stderr
    return page_lines(ws / "dist" / "notice.zh-Hans.a4.pdf")[0]


def test_the_printed_notice_sets_its_salutation_flush_left_and_its_signature_to_the_right(tmp_path):
    lines = {line.text.replace(" ", ""): line for line in _handout(tmp_path, NOTICE)}
    salutation = lines["各党支部，机关各科室："]
    body = next(line for text, line in lines.items() if text.startswith("为深入开展"))
    assert salutation.x0 == pytest.approx(LEFT, abs=0.5)
    assert body.x0 == pytest.approx(LEFT + 2 * PITCH, abs=0.5)  # (the body keeps its indent)
    # 署名 longer than the date: two characters from the right edge, the
    # date two characters right of the 署名's first
    name, date = lines["中共江门市某某局机关委员会"], lines["2024年4月8日"]
    assert name.x1 == pytest.approx(RIGHT - 2 * PITCH, abs=1)
    assert date.x0 == pytest.approx(name.x0 + 2 * PITCH, abs=1)
    # a line left blank between the text and the 署名, the date on the next
    last = lines["特此通知。"]
    assert (name.top - last.top) / LINE == pytest.approx(2, abs=0.05)
    assert (date.top - name.top) / LINE == pytest.approx(1, abs=0.05)
    assert lines["（此件公开发布）"].top > date.top


def test_a_date_longer_than_the_name_ends_two_characters_from_the_edge(tmp_path):
    lines = {line.text.replace(" ", ""): line for line in
             _handout(tmp_path, "通知\n\n同志们：\n\n请按时参加。\n\n办公室\n二〇二四年十二月三十一日\n")}
    name, date = lines["办公室"], lines["二〇二四年十二月三十一日"]
    assert lines["同志们："].x0 == pytest.approx(LEFT, abs=0.5)
    assert date.x1 == pytest.approx(RIGHT - 2 * PITCH, abs=1)
    assert name.x0 == pytest.approx(date.x0 - 2 * PITCH, abs=1)


def test_on_a_phone_the_signature_keeps_to_the_page(tmp_path):
    """A phone's line holds fourteen characters: the office name (thirteen)
    stands whole against the right edge, without the two GB/T 9704 keeps,
    and nothing runs past the edge."""
    ws = make_workspace(tmp_path / "ws", {"notice.txt": NOTICE})
    done = run_cli("build", "--no-cache", "--format", "phone", "articles/notice.txt", cwd=ws)
    assert done.returncode == 0, done.stderr
    lines = [line for page in page_lines(ws / "dist" / "notice.zh-Hans.phone.pdf") for line in page]
    name = next(line for line in lines if line.text.replace(" ", "") == "中共江门市某某局机关委员会")
    right = (90 - 8) * MM  # (phone: 90 mm pages, 8 mm margins)
    assert name.x1 == pytest.approx(right, abs=1)
    assert all(line.x1 <= right + 0.5 for line in lines)
    # the 版记's office, too long for the line, runs on to the next between
    # two words (it broke in one: …委员会办 / 公室), and the date follows it
    # at the right
    texts = [line.text.replace(" ", "") for line in lines]
    printed = next(n for n, text in enumerate(texts) if text.endswith("2024年4月9日印发"))
    assert texts[printed - 1:printed + 1] == ["中共江门市某某局机关委员会", "办公室2024年4月9日印发"], texts
    assert lines[printed].x1 == pytest.approx(right - 14 * 0.875, abs=1)  # (4号 of the 14 pt grid: a character in)


def test_the_record_of_who_printed_it_stands_between_rules_across_the_text_block(tmp_path):
    """The 版记 (GB/T 9704-2012 7.4), from lines of text as from a Word
    table: its lines in 4号 (14 pt), one character in from either edge,
    the 印发日期 at the right; a thick rule above it and below it as wide
    as the text block, a thin one between its lines."""
    import pdfplumber
    import pypdfium2

    ws = make_workspace(tmp_path / "ws", {"notice.txt": NOTICE})  # (its 版记: two lines of text)
    done = run_cli("build", "--no-cache", "articles/notice.txt", cwd=ws)
    assert done.returncode == 0, done.stderr
    lines = {line.text.replace(" ", ""): line for line in page_lines(ws / "dist" / "notice.zh-Hans.a4.pdf")[0]}
    copied = lines["抄送：市纪委监委机关。"]
    office = next(line for text, line in lines.items() if text.startswith("中共江门市某某局机关委员会办公室"))
    assert office.text.replace(" ", "").endswith("2024年4月9日印发")  # (the date on the office's line)
    assert copied.x0 == pytest.approx(LEFT + 14, abs=0.5) and office.x0 == pytest.approx(LEFT + 14, abs=0.5)
    assert office.x1 == pytest.approx(RIGHT - 14, abs=0.5)
    assert office.top > copied.top > lines["（此件公开发布）"].top
    with pdfplumber.open(ws / "dist" / "notice.zh-Hans.a4.pdf") as pdf:
        sizes = {round(char["size"], 1) for char in pdf.pages[0].chars if char["top"] >= copied.top - 1}
    assert sizes == {14.0}
    # The rules, as printed: rows of a 600 dpi picture of the page dark from
    # one edge of the text block to the other (and not beyond it).
    scale = 600 / 72
    document = pypdfium2.PdfDocument(ws / "dist" / "notice.zh-Hans.a4.pdf")
    picture = document[0].render(scale=scale).to_pil().convert("L")
    document.close()
    left, right = round(LEFT * scale), round(RIGHT * scale)
    rows = [y for y in range(picture.height)
            if all(picture.getpixel((x, y)) < 128 for x in range(left + 2, right - 2, 7))
            and picture.getpixel((left - 6, y)) > 128 and picture.getpixel((right + 6, y)) > 128]
    rules: list[list[int]] = []
    for y in rows:
        if rules and y == rules[-1][-1] + 1:
            rules[-1].append(y)
        else:
            rules.append([y])
    thickness = [len(rule) / scale / MM for rule in rules]
    assert thickness == [pytest.approx(0.35, abs=0.05), pytest.approx(0.25, abs=0.05),
                         pytest.approx(0.35, abs=0.05)], thickness
    tops = [rule[0] / scale for rule in rules]
    assert tops[0] < copied.top < tops[1] < office.top < tops[2]
    # at the foot of the page (7.4.1: its last line on the text block's
    # last), not under the text: a blank line's room or more between
    assert (rules[-1][-1] + 1) / scale == pytest.approx(BOTTOM, abs=0.5)
    assert copied.top - lines["（此件公开发布）"].top > 3 * LINE


def _rules(pdf, page: int) -> list[float]:
    """Where the full-width rules of a page of ``pdf`` start, from the top."""
    import pypdfium2

    scale = 600 / 72
    document = pypdfium2.PdfDocument(pdf)
    picture = document[page].render(scale=scale).to_pil().convert("L")
    document.close()
    left, right = round(LEFT * scale), round(RIGHT * scale)
    rows = [y for y in range(picture.height) if all(picture.getpixel((x, y)) < 128 for x in range(left + 2, right - 2, 7))]
    return [y / scale for n, y in enumerate(rows) if not n or rows[n - 1] != y - 1]


def test_the_record_follows_the_source_line_and_takes_a_page_of_its_own_where_the_last_has_no_room(tmp_path):
    """The article's source line stands above the 版记, not under it; a
    last page full to the foot leaves the 版记 to a page of its own, at its
    foot (the text before it keeps its page)."""
    sourced = NOTICE.replace("特此通知。", "特此通知。\n\n来源：市纪委办公室", 1)
    lines = {line.text.replace(" ", ""): line for line in _handout(tmp_path / "a", sourced)}
    source = next(line for text, line in lines.items() if text.startswith("（来源"))
    assert lines["（此件公开发布）"].top < source.top < lines["抄送：市纪委监委机关。"].top - 2 * LINE
    # The text runs down to the foot of page 2 with a line to spare: the
    # 附注 stays there, the 版记 goes to page 3.
    filler = "\n\n".join(["请各党支部高度重视，认真组织，按时报送参学人员名单，做好学习记录。"] * 14)
    ws = make_workspace(tmp_path / "b", {"notice.txt": NOTICE.replace("特此通知。", filler + "\n\n特此通知。", 1)})
    done = run_cli("build", "--no-cache", "articles/notice.txt", cwd=ws)
    assert done.returncode == 0, done.stderr
    pdf = ws / "dist" / "notice.zh-Hans.a4.pdf"
    pages = [[line.text.replace(" ", "") for line in page] for page in page_lines(pdf)]
    assert len(pages) == 3 and "（此件公开发布）" in pages[1] and pages[2][0] == "抄送：市纪委监委机关。", pages
    assert not _rules(pdf, 1) and len(_rules(pdf, 2)) == 3
    assert _rules(pdf, 2)[0] > BOTTOM - 3 * LINE


def test_with_footnotes_the_record_stays_above_them(tmp_path):
    """Footnotes take the foot of their page: the 版记 of an article with
    footnotes follows its text, as it did before it went to the foot."""
    markdown = "# " + NOTICE.replace("中共江门市某某局机关委员会\n", "中共江门市某某局机关委员会\\\n").replace(
        "读书班于", "读书班[^1]于", 1) + "\n[^1]: 读书班地点另行通知。\n"
    ws = make_workspace(tmp_path / "ws", {"notice.md": markdown})
    done = run_cli("build", "--no-cache", "articles/notice.md", cwd=ws)
    assert done.returncode == 0, done.stderr
    lines = {line.text.replace(" ", ""): line for line in page_lines(ws / "dist" / "notice.zh-Hans.a4.pdf")[0]}
    office = next(line for text, line in lines.items() if text.startswith("中共江门市某某局机关委员会办公室"))
    note = next(line for text, line in lines.items() if text.endswith("读书班地点另行通知。"))
    assert lines["（此件公开发布）"].top < lines["抄送：市纪委监委机关。"].top < office.top
    assert office.top < note.top - 2 * LINE


# ---------------------------------------------------------------- 附件说明

ATTACHED = NOTICE.replace("特此通知。\n", "特此通知。\n\n附件：1．读书班日程安排\n"
                          "　　　2．参训人员名单\n      3．滨江县党纪学习教育读书班参训人员分组讨论安排及各组召集人联系方式一览表\n")


@pytest.mark.parametrize("note, lines", [
    # a paragraph a line
    ([P("附件：1．读书班日程安排"), P("2．参训人员名单")], ["附件：1．读书班日程安排", "2．参训人员名单"]),
    # lines of one paragraph, lined up with blanks
    ([P("附件：1．读书班日程安排\n\u3000\u3000\u30002．参训人员名单")], ["附件：1．读书班日程安排", "2．参训人员名单"]),
    # half-width marks, indented with spaces
    ([P("\u3000\u3000附件:1.读书班日程安排"), P("    2.参训人员名单")], ["附件:1.读书班日程安排", "2.参训人员名单"]),
])
def test_the_attachment_note_is_one_paragraph_a_line_an_attachment(note, lines):
    """GB/T 9704-2012 7.3.4: under the text, 附件： and each attachment's
    name, numbered where there are several, before the 落款."""
    blocks = letter_parts([P("各党支部："), P("请认真组织学习。"), P("特此通知。"), *note, P("中共某某局机关委员会"),
                           P("2024年4月8日")])
    assert [b.role for b in blocks] == ["salutation", "", "", "attachments", "signature"]
    assert lines_of(blocks[3]) == lines


def test_one_attachment_is_named_without_a_number():
    blocks = letter_parts([P("请认真组织学习。"), P("附件：读书班日程安排"), P("2024年4月8日")])
    assert [b.role for b in blocks] == ["", "attachments", "signature"]


@pytest.mark.parametrize("note", [
    [P("附件：请各单位于5月10日前报送。")],                          # a sentence about attachments
    [P("附件：1．读书班日程安排"), P("3．参训人员名单")],               # numbers that do not count on
    [P("附件：1．读书班日程安排"), P("2．参训人员名单。")],             # a name ending like a sentence
    [P("附件：读书班日程安排\n参训人员名单")],                        # two names, no numbers
])
def test_what_is_not_an_attachment_note_stays_text(note):
    blocks = [P("请认真组织学习。"), *note, P("以上请遵照执行。")]
    assert letter_parts(blocks) == blocks


def test_a_text_file_a_markdown_file_and_a_word_file_give_the_same_attachment_note(tmp_path):
    text = tmp_path / "notice.txt"
    text.write_text(ATTACHED, encoding="utf-8")
    markdown = tmp_path / "notice.md"
    markdown.write_text("# " + ATTACHED.replace("中共江门市某某局机关委员会\n", "中共江门市某某局机关委员会\\\n")
                        .replace("安排\n", "安排\\\n").replace("名单\n", "名单\\\n"), encoding="utf-8")
    for path in (text, markdown, _word_file(tmp_path / "notice.docx", ATTACHED)):
        note = [b for b in read_article(path).blocks if getattr(b, "role", "") == "attachments"]
        assert [lines_of(b) for b in note] == [["附件：1．读书班日程安排", "2．参训人员名单",
                                               "3．滨江县党纪学习教育读书班参训人员分组讨论安排及各组召集人联系方式一览表"]], path.name


def test_the_printed_attachment_note_lines_up_its_numbers_and_its_names(tmp_path):
    """A line below the text, two characters in; the numbers under one
    another, the names too, and a long name wraps under its first character."""
    lines = _handout(tmp_path, ATTACHED)
    at = next(n for n, line in enumerate(lines) if line.text.startswith("附件"))
    first, second, third, wrapped = lines[at:at + 4]
    last = lines[at - 1]
    assert last.text.replace(" ", "") == "特此通知。"
    assert (first.top - last.top) / LINE == pytest.approx(2, abs=0.05)  # a line left blank
    assert [(b.top - a.top) / LINE for a, b in zip(lines[at:at + 3], lines[at + 1:at + 4])] == \
        pytest.approx([1, 1, 1], abs=0.05)
    assert first.x0 == pytest.approx(LEFT + 2 * PITCH, abs=0.5)
    label_end = next(c for c in first.chars if c["text"] == "：")["x1"]
    numbers = [next(c for c in line.chars if c["text"] in "123") for line in (first, second, third)]
    assert [n["x0"] for n in numbers] == pytest.approx([label_end] * 3, abs=0.5)
    names = [next(c for c in line.chars if c["text"] in "读参滨") for line in (first, second, third)]
    assert [n["x0"] for n in names] == pytest.approx([names[0]["x0"]] * 3, abs=0.5)
    assert wrapped.x0 == pytest.approx(names[0]["x0"], abs=0.5)
    assert names[0]["x0"] - numbers[0]["x0"] < 2 * PITCH  # (the name follows its number closely)
    # the 署名 a line below the note
    name = next(line for line in lines if line.text.replace(" ", "") == "中共江门市某某局机关委员会")
    assert (name.top - wrapped.top) / LINE == pytest.approx(2, abs=0.05)


def test_the_attachments_line_and_the_signature_never_stand_on_a_page_without_text(tmp_path):
    """A notice whose text ended at a page's foot printed its 附件说明, 落款
    and date alone on the next page (此页无正文, which GB/T 9704 7.3.5 rules
    out): the text's last lines go over with them."""
    text = "关于做好党纪学习教育有关工作的通知\n\n各党支部：\n\n" + "".join(
        f"这是第{n}段通知正文，用于占位，共二十八个字左右。\n\n" for n in range(1, 15)) + \
        "附件：1．党纪学习教育工作安排表\n2．参训人员回执\n\n中共示例县委组织部\n2024年4月8日\n"
    ws = make_workspace(tmp_path / "ws", {"a.txt": text})
    assert run_cli("build", "-f", "a4", cwd=ws).returncode == 0
    pages = page_lines(ws / "dist" / "a.zh-Hans.a4.pdf")
    last = [line.text.replace(" ", "") for line in pages[-1]]
    assert any(t.startswith("附件：") for t in last) and "中共示例县委组织部" in last
    assert any(t.startswith("这是第") for t in last), last  # a line of the text with them


@pytest.mark.parametrize("layout, issuer, first, second", [
    ("phone", "中共示例县委党纪学习教育工作专班", "中共示例县委党纪学习教育工作", "专班"),
    ("large-print", "中共示例县委党纪学习教育工作领导小组办公室", "中共示例县委党纪学习教育工作领导小组", "办公室")])
def test_an_issuer_longer_than_a_phones_line_is_set_to_the_right(tmp_path, layout, issuer, first, second):
    """On a phone the 落款 中共示例县委党纪学习教育工作专班 broke …工作 / 专班 and
    stood flush left, the date under it indented as on A4; in large print
    too."""
    text = ("关于做好党纪学习教育有关工作的通知\n\n各党支部：\n\n现将有关事项通知如下，请认真贯彻落实。\n\n"
            f"{issuer}\n2024年4月8日\n")
    ws = make_workspace(tmp_path / "ws", {"a.txt": text})
    fmt = "phone" if layout == "phone" else "a4"
    assert run_cli("build", "--layout", layout, "-f", fmt, cwd=ws).returncode == 0
    lines = page_lines(ws / "dist" / f"a.zh-Hans.{fmt}.pdf")[0]
    body = max(line.x1 for line in lines if line.text.startswith("现将"))
    tail = [line for line in lines if line.top > min(l.top for l in lines if l.text.startswith("中共示例"))
            and not line.text.strip().strip("— ").isdigit()]  # (not the page number)
    tail.insert(0, next(l for l in lines if l.text.startswith("中共示例")))
    assert [l.text.replace(" ", "") for l in tail] == [first, second, "2024年4月8日"]
    # set to the right: one right edge, at the text's (a phone's) or two characters in from it
    edge = tail[0].x1
    assert all(abs(l.x1 - edge) < 3 for l in tail) and body - edge < 2.2 * tail[0].size, \
        [(l.text, l.x1, body) for l in tail]


def test_markdown_lines_of_the_attachments_and_the_signature_keep_their_lines(tmp_path):
    """In Markdown 附件：1．…, next line 2．…, and the issuer over its date
    are one paragraph with soft breaks: they printed as one run of text (附件：1．读书班学员名单2．分组研讨安排表),
    and the 落款 as a paragraph, not set to the right."""
    path = tmp_path / "a.md"
    path.write_text("# 关于举办读书班的通知\n\n各党支部：\n\n现将有关事项通知如下。\n\n附件：1．读书班学员名单\n2．分组研讨安排表\n\n"
                    "中共示例县委组织部\n2024年4月8日\n", encoding="utf-8")
    blocks = read_article(path).blocks
    assert [(b.role, plain_text(b.spans)) for b in blocks[-2:]] == [
        ("attachments", "附件：1．读书班学员名单\n2．分组研讨安排表"), ("signature", "中共示例县委组织部\n2024年4月8日")]
    # two issuers over the date: three lines
    path.write_text("# 通知\n\n现将有关事项通知如下。\n\n中共示例县委组织部\n示例县人力资源和社会保障局\n2024年4月8日\n",
                    encoding="utf-8")
    last = read_article(path).blocks[-1]
    assert (last.role, plain_text(last.spans)) == ("signature", "中共示例县委组织部\n示例县人力资源和社会保障局\n2024年4月8日")
    # a soft break elsewhere still joins Chinese lines
    path.write_text("# 题\n\n第一行\n第二行，2．不是附件\n", encoding="utf-8")
    assert plain_text(read_article(path).blocks[0].spans) == "第一行第二行，2．不是附件"


def test_a_numbered_list_is_set_as_paragraphs_and_keeps_its_numbers(tmp_path):
    """Markdown's 1. 2. print as GB/T 9704's 1． 2．: the number two
    characters in, a wrapped line back at the edge (they hung under the
    text); a list broken by a paragraph goes on with the source's number
    (2. printed 1.)."""
    ws = make_workspace(tmp_path / "ws", {"list.md": (
        "# 说明\n\n各单位要认真做好以下工作：\n\n"
        "1. 严格落实中央八项规定精神，坚决反对形式主义、官僚主义，切实减轻基层负担，把更多精力放到抓落实上来。\n\n"
        "中间插入一段说明文字。\n\n2. 聚焦优化营商环境。\n3. 按时报送学习情况。\n")})
    done = run_cli("build", "--no-cache", "articles/list.md", cwd=ws)
    assert done.returncode == 0, done.stderr
    lines = page_lines(ws / "dist" / "list.zh-Hans.a4.pdf")[0]
    texts = [line.text.replace(" ", "") for line in lines]
    first = texts.index(next(t for t in texts if t.startswith("1．严格落实")))
    assert lines[first].x0 == pytest.approx(LEFT + 2 * PITCH, abs=0.5)
    assert lines[first + 1].x0 == pytest.approx(LEFT, abs=0.5)
    assert any(t.startswith("2．聚焦优化营商环境") for t in texts)
    assert any(t.startswith("3．按时报送") for t in texts)
    # (a sentence ending in a colon that says what to do is no 主送机关)
    intro = lines[texts.index("各单位要认真做好以下工作：")]
    assert intro.x0 == pytest.approx(LEFT + 2 * PITCH, abs=0.5)


ANNEXED = """关于举办2024年度党务干部培训班的通知

各基层党组织：

经研究，决定举办2024年度党务干部培训班。请各单位于6月10日前将参训人员回执（见附件2）报送机关党委。

附件：1．培训日程安排
　　　2．参训人员回执

中共示例市直机关工委
2024年6月3日

附件1

培训日程安排

6月17日上午开班式，下午分组讨论。

附件2

参训人员回执

单位（盖章）：　　　　填报人：

抄送：市委组织部。
中共示例市直机关工委办公室　2024年6月3日印发
"""


def test_attachments_after_the_signature_each_on_a_page_of_their_own(tmp_path):
    """A notice with its attachments after the 落款: the 落款 was not found
    (the attachments were the text's end), the attachments ran on after it
    (附件2 at the foot of a page, its title on the next) and the 版记 was
    not set as one. Each now opens a page, its label top left, its title
    centred under it; the 落款 ends the notice, the 版记 the whole."""
    ws = make_workspace(tmp_path / "ws", {"notice.txt": ANNEXED})
    article = read_article(ws / "articles" / "notice.txt")
    roles = [(type(b).__name__, getattr(b, "role", "")) for b in article.blocks]
    assert ("Paragraph", "signature") in roles and roles[-1] == ("Paragraph", "record")
    assert [plain_text(b.spans) for b in article.blocks if getattr(b, "role", "") == "annex"] == ["附件1", "附件2"]
    done = run_cli("build", "--no-cache", "articles/notice.txt", cwd=ws)
    assert done.returncode == 0, done.stderr
    pages = page_lines(ws / "dist" / "notice.zh-Hans.a4.pdf")
    assert len(pages) == 3
    first = {line.text.replace(" ", ""): line for line in pages[0]}
    assert first["2024年6月3日"].x1 > LEFT + 14 * PITCH  # (the 落款, to the right)
    for page, (label, title) in zip(pages[1:], (("附件1", "培训日程安排"), ("附件2", "参训人员回执"))):
        texts = [line.text.replace(" ", "") for line in page]
        assert texts[:2] == [label, title], texts
        assert page[0].x0 == pytest.approx(LEFT if page is pages[2] else 26 * MM, abs=0.5)
        assert (page[1].x0 + page[1].x1) / 2 == pytest.approx((page[0].x0 + page[0].x0 + 156 * MM) / 2, abs=2)
    assert any(t.replace(" ", "").startswith("抄送") for t in (line.text for line in pages[2]))


def test_a_paragraph_before_a_list_stays_where_it_fits(tmp_path):
    """WeasyPrint's own stylesheet keeps a list with what comes before it:
    a paragraph that fitted went to the next page with the list whose first
    item did not, leaving four lines empty."""
    body = "\n\n".join(f"第{n}段，一行的话。" for n in range(1, 16))
    ws = make_workspace(tmp_path / "ws", {"list.md": "# 列表前的段落\n\n" + body + "\n\n" + "这一段有三行，" * 14
                                          + "结束。\n\n- " + "第一项有两行，" * 6 + "完。\n- 第二项。\n"})
    assert run_cli("build", "--no-cache", "articles/list.md", cwd=ws).returncode == 0
    pages = page_lines(ws / "dist" / "list.zh-Hans.a4.pdf")
    texts = [[line.text.replace(" ", "") for line in page if not PAGE_NUMBER.match(line.text)] for page in pages]
    assert texts[0][-1].endswith("结束。") and texts[1][0].startswith("•第一项"), (texts[0][-2:], texts[1][:2])


def test_on_a_phone_a_long_attachment_note_breaks_between_attachments(tmp_path):
    """Kept whole with the text's last lines, a 附件说明 of two long names
    (a dozen lines on a phone) took a page of its own and left the page
    before it with nine of its fifteen lines empty."""
    notice = ("关于举办专题读书班的通知\n\n各县（市、区）委组织部：\n\n" + "为深入开展党纪学习教育，经研究，决定举办专题读书班。" * 6
              + "\n\n请各单位于5月15日前将报名回执（见附件1）报送市委组织部干部教育科，联系人：李四，电话：0750-1234567。\n\n"
              "附件：1．全市党员领导干部党纪学习教育专题读书班报名回执\n"
              "2．全市党员领导干部党纪学习教育专题读书班日程安排（含分组讨论名单及各组召集人、联络员名单）\n\n"
              "中共示例市委办公室\n2024年5月8日\n")
    ws = make_workspace(tmp_path / "ws", {"notice.txt": notice})
    assert run_cli("build", "--no-cache", "-f", "phone", "articles/notice.txt", cwd=ws).returncode == 0
    pages = [[line for line in page if not line.text.strip().isdigit()]
             for page in page_lines(ws / "dist" / "notice.zh-Hans.phone.pdf")]
    assert all(len(page) >= 10 for page in pages[:-1]), [len(page) for page in pages]


def test_a_list_inside_a_numbered_item_stands_in_under_its_text(tmp_path):
    """Numbered items set as paragraphs: an inner list had the outer
    numbers' place (1．外层 / 1．内层 / 2．内层 / 2．外层 read as one list),
    and an item's bullets stood left of its number."""
    ws = make_workspace(tmp_path / "ws", {"nested.md": (
        "# 说明\n\n1. 外层一\n   1. 内层一\n   2. 内层二\n2. 外层二\n   - 要点甲\n   - 要点乙\n")})
    assert run_cli("build", "--no-cache", "articles/nested.md", cwd=ws).returncode == 0
    lines = {line.text.replace(" ", ""): line for line in page_lines(ws / "dist" / "nested.zh-Hans.a4.pdf")[0]}
    outer, inner = lines["1．外层一"], lines["1．内层一"]
    assert inner.x0 == pytest.approx(outer.x0 + 2 * PITCH, abs=1)
    bullet = next(line for text, line in lines.items() if text.endswith("要点甲"))
    assert bullet.x0 > lines["2．外层二"].x0 + 0.5 * PITCH


def test_a_date_the_subtitle_gives_is_not_printed_again(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"speech.md": (
        "---\ntitle: 在全市党纪学习教育工作会议上的讲话\nsubtitle: （2024年5月6日）\ndate: 2024-05-06\n---\n\n同志们：\n\n"
        "今天召开会议。\n")})
    assert run_cli("build", "--no-cache", "articles/speech.md", cwd=ws).returncode == 0
    texts = [line.text.replace(" ", "") for line in page_lines(ws / "dist" / "speech.zh-Hans.a4.pdf")[0]]
    assert sum("2024年5月6日" in text for text in texts) == 1, texts


def test_a_document_number_in_the_source_line_is_never_broken(tmp_path):
    """（来源：中共示例市纪律检查委员会文件 示纪发〔2024〕5 / 号）: the source
    line was printed as it came, no word held together."""
    ws = make_workspace(tmp_path / "ws", {"a.md": (
        "---\ntitle: 关于开展党纪学习教育的通知\nsource: 中共示例市纪律检查委员会文件 示纪发〔2024〕5号\n---\n\n"
        "各党支部：\n\n请认真组织学习。\n")})
    for fmt in ("a4", "phone"):
        assert run_cli("build", "--no-cache", "-f", fmt, "articles/a.md", cwd=ws).returncode == 0
        texts = [line.text.replace(" ", "") for page in page_lines(ws / "dist" / f"a.zh-Hans.{fmt}.pdf")
                 for line in page]
        assert any("示纪发〔2024〕5号" in text for text in texts), (fmt, texts)
