"""A table wider than the page on one line a row: its columns shared out so
that short entries (序号, 县委组织部, 4月至6月) stay whole and the rows take
the fewest lines (publish/columns.py), measured on the PDF."""

from __future__ import annotations

import pytest

from conftest import make_workspace, run_cli
from pdfread import MM, page_lines
from publish.columns import widths
from publish.model import Span, Table

TASKS = ("| 序号 | 工作任务 | 责任单位 |\n|---|---|---|\n"
         "| 1 | 组织开展党纪学习教育专题读书班，围绕《中国共产党纪律处分条例》逐章学习研讨，每位党员撰写不少于两千字的心得体会 "
         "| 县委组织部 |\n"
         "| 2 | 结合警示教育开展案例剖析，组织旁听职务犯罪案件庭审，观看警示教育片 | 县纪委监委 |\n"
         "| 3 | 建立学习台账，每月通报学习进度 | 县委办公室 |\n")
SHORT = ("序号", "责任单位", "县委组织部", "县纪委监委", "县委办公室")


def table(*rows: tuple[str, ...]) -> Table:
    return Table(((tuple((Span(cell),) for cell in rows[0])),), tuple(tuple((Span(cell),) for cell in row)
                                                                       for row in rows[1:]))


def cell_lines(pdf, texts) -> dict[str, int]:
    """On how many lines each text stands (its characters' distinct tops)."""
    chars = [c for page in page_lines(pdf) for line in page for c in line.chars]
    found = {}
    for text in texts:
        for at in range(len(chars) - len(text) + 1):
            run = chars[at:at + len(text)]
            if "".join(c["text"] for c in run) == text:
                found[text] = len({round(c["top"]) for c in run})
                break
    return found


@pytest.mark.parametrize("fmt", ["a4", "phone"])
def test_short_entries_stay_whole_beside_a_long_one(tmp_path, fmt):
    """CSS's own sharing broke 序 / 号, 责任单 / 位 and 县委组 / 织部 on the
    page, 工作任务's text wrapping anyway."""
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 任务分工\n\n{TASKS}\n表后的段落。\n"})
    assert run_cli("build", "-f", fmt, cwd=ws).returncode == 0
    pdf = ws / "dist" / f"a.zh-Hans.{fmt}.pdf"
    assert cell_lines(pdf, SHORT) == dict.fromkeys(SHORT, 1)
    # a cell's last line holds two characters at least, as a paragraph's does
    assert cell_lines(pdf, ["体会", "进度", "教育片"]) == {"体会": 1, "进度": 1, "教育片": 1}
    lines = [line for page in page_lines(pdf) for line in page]
    assert max(line.x1 for line in lines) <= (184 if fmt == "a4" else 82) * MM  # within the text block
    text = "".join(line.text.replace(" ", "") for line in lines)
    assert "组织开展党纪学习教育专题读书班，围绕《中国共产党纪律处分条例》逐章学习研讨，每位党员撰写不少于两千字的心得体会" \
        in text.replace("县委组织部", "")


def test_the_widths_follow_the_entries():
    rows = [("序号", "工作任务", "责任单位"), ("1", "组织开展党纪学习教育专题读书班，围绕《中国共产党纪律处分条例》逐章学习研讨", "县委组织部"),
            ("2", "建立学习台账，每月通报学习进度", "县委办公室")]
    shares = widths(table(*rows), 27.6)
    assert sum(shares) == pytest.approx(1)
    # 序号 on one line (two characters and the cell's padding), 县委组织部 too
    assert shares[0] * 27.6 >= 2.5 and shares[2] * 27.6 >= 5.5 and shares[1] > 0.6
    # a table whose entries fit on one line a row is left to CSS; so is one
    # that cannot fit at all (its narrowest entries wider than the page)
    assert widths(table(("时间", "内容"), ("4月", "学习条例")), 27.6) is None
    assert widths(table(("甲", "乙"), ("x" * 40, "y" * 40)), 27.6) is None


def test_a_tight_table_keeps_its_headings_whole_where_it_can(tmp_path):
    """Five columns of 4 to 25 characters on a phone's line: 学习阶段 and
    时间安排 broke (学习阶 / 段) under CSS's sharing."""
    rows = "\n".join(f"| {stage} | {when} | {task} |" for stage, when, task in (
        ("动员部署", "4月上旬", "制定方案，召开动员会"), ("集中学习", "4月至6月", "读原文、学条例、看案例"),
        ("总结提升", "7月", "交流体会，建章立制")))
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 安排\n\n| 学习阶段 | 时间安排 | 主要任务 |\n|---|---|---|\n{rows}\n"})
    assert run_cli("build", "-f", "phone", cwd=ws).returncode == 0
    whole = ("学习阶段", "时间安排", "主要任务", "动员部署", "集中学习", "总结提升", "4月上旬")
    assert cell_lines(ws / "dist" / "a.zh-Hans.phone.pdf", whole) == dict.fromkeys(whole, 1)


def test_a_name_in_quotes_stays_whole_as_a_heading_does(tmp_path):
    """A short name in quotes (“三会一课”) beside a long text on a phone's
    line: its quotes were reckoned as narrow as a Latin letter, and the
    name broke (“三会 / 一课”) as a plain entry may; reckoned full-width,
    as the font sets them, and weighed as a broken heading, it stays whole
    and so does the heading 序号, the long text taking the lines."""
    tasks = (("“三会一课”", "各党支部严格落实组织生活制度，每月召开支部党员大会和支委会，按时上好党课"),
             ("“主题党日”", "每月固定一天开展主题党日活动，组织党员集中学习、过组织生活、开展志愿服务"),
             ("“双报到”", "机关党组织和在职党员到社区报到，参与基层治理和志愿服务"))
    rows = "\n".join(f"| {n} | {name} | {text} |" for n, (name, text) in enumerate(tasks, start=1))
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 重点任务\n\n| 序号 | 重点任务 | 工作内容 |\n|---|---|---|\n{rows}\n"})
    assert run_cli("build", "-f", "phone", cwd=ws).returncode == 0
    whole = ("序号", "重点任务", "工作内容", "“三会一课”", "“主题党日”", "“双报到”")
    assert cell_lines(ws / "dist" / "a.zh-Hans.phone.pdf", whole) == dict.fromkeys(whole, 1)


REGISTER = ("| 姓名 | " + " | ".join(f"{m}月" for m in range(1, 13)) + " |\n|" + "---|" * 13 + "\n" +
            "\n".join(f"| 张{i}同志 | " + " | ".join("出席" if (i + m) % 3 else "请假" for m in range(1, 13)) + " |"
                      for i in range(1, 8)) + "\n")


def test_a_cell_is_set_on_the_lines_reckoned_for_it(tmp_path):
    """In large print the widths were reckoned for 责任单 / 位10 and the cell
    was set as 责任 / 单位 / 10 (the typography keeps a last Han character
    with the one before it, the reckoning did not see it before a number),
    and 2024年10 / 月 broke after the gap that a zero-width space carried:
    a row a line taller than reckoned, a character or a number alone."""
    rows = "\n".join(f"| {n} | 第{n}项工作任务的具体内容和要求，需要认真落实 | 2024年{n % 12 + 1}月 | 责任单位{n} |"
                     for n in range(1, 16))
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 重点任务清单\n\n| 序号 | 任务 | 时间 | 责任单位 |\n"
                                                  f"|---|---|---|---|\n{rows}\n"})
    assert run_cli("build", "--layout", "large-print", "-f", "a4", cwd=ws).returncode == 0
    units, months = [], 0
    for page in page_lines(ws / "dist" / "a.zh-Hans.a4.pdf"):
        chars = [c for line in page for c in line.chars]
        right = min(c["x0"] for c in chars if c["text"] == "责") - 1  # the last column's
        column = [text for line in page if (text := "".join(c["text"] for c in line.chars if c["x0"] >= right))
                  and "—" not in text]  # (not the page number)
        assert column[:1] == ["责任单位"]  # the head, on every page
        units += column[1:]
        for c in chars:
            if c["text"] == "月":  # with its number on its line: 10月, never 月 alone
                months += 1
                assert any(d["text"].isdigit() and abs(d["top"] - c["top"]) < 1 and 0 <= c["x0"] - d["x1"] < 8
                           for d in chars), c
    assert months == 15
    # short entries whole, where the page has room for them all (they were
    # reckoned 责任单 / 位10 and set 责任 / 单位 / 10)
    assert units == [f"责任单位{n}" for n in range(1, 16)]


def test_a_register_of_alike_columns_fits_the_page_evenly(tmp_path):
    """Thirteen columns: on a phone's page, where they do not fit side by
    side at the table's size, the table is set smaller (it ran 26 pt past
    the page's edge); on A4 the twelve months are equally wide (the search
    had set 10月 to 12月 whole, the others broken)."""
    import pdfplumber

    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 考勤表\n\n{REGISTER}\n表后。\n"})
    built = run_cli("build", "-f", "a4", "-f", "phone", cwd=ws)
    assert built.returncode == 0 and "WARNING" not in built.stderr, built.stderr
    with pdfplumber.open(ws / "dist" / "a.zh-Hans.phone.pdf") as pdf:
        page = pdf.pages[0]
        assert max(r["x1"] for r in page.rects) <= 82.2 * MM  # the text block's edge (8 + 74 mm), its rule
        sizes = {round(c["size"], 1) for c in page.chars if c["text"] in "出请"}
        assert len(sizes) == 1 and 7.8 <= sizes.pop() < 11.2
    with pdfplumber.open(ws / "dist" / "a.zh-Hans.a4.pdf") as pdf:
        page = pdf.pages[0]
        heading = min(c["top"] for c in page.chars if c["text"] == "姓")
        starts = sorted(c["x0"] for c in page.chars if abs(c["top"] - heading) < 1 and c["text"] in "0123456789月"
                        and not (c["text"].isdigit() and any(abs(d["x1"] - c["x0"]) < 0.5 and d["text"].isdigit()
                                                             for d in page.chars if abs(d["top"] - heading) < 1)))
        months = [b - a for a, b in zip(starts, starts[1:])]
        assert len(months) == 11 and max(months) - min(months) <= 1, starts


def test_a_table_too_wide_even_smaller_is_named(tmp_path):
    head = "| " + " | ".join(f"第{n}项" for n in range(1, 21)) + " |\n|" + "---|" * 20 + "\n"
    row = "| " + " | ".join("完成" for _ in range(20)) + " |\n"
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 表\n\n{head}{row}"})
    built = run_cli("build", "-f", "phone", cwd=ws)
    assert built.returncode == 0
    assert "WARNING: articles/a.md:3: a table of 20 columns is wider than the page even in smaller type" \
        in built.stderr


def test_a_timetable_keeps_its_dates_and_places_whole_a_size_smaller(tmp_path):
    """A six-column timetable on A4 at the text's size broke every date and
    place (5月 / 27日, 第一报 / 告厅) to give a line to the long columns: it
    is set a size or two smaller (as typesetters set tables), its short
    entries whole, and no taller than before."""
    rows = [("5月27日", "上午", "开班式暨警示教育大会", "县委书记 张华", "第一报告厅", "全体学员参加，8:30前入场"),
            ("5月27日", "下午", "《中国共产党纪律处分条例》修订背景和主要内容", "省委党校教授 赵立新", "第一报告厅", "携带《条例》单行本"),
            ("5月28日", "上午", "以案说纪：违反廉洁纪律典型案例剖析", "县纪委副书记 孙海燕", "第一报告厅", "观看警示片约40分钟"),
            ("5月28日", "下午", "分组研讨：对照“六大纪律”查摆问题", "各组组长", "第二至第五教室", "每人发言不少于10分钟"),
            ("5月29日", "全天", "现场教学：县廉政教育基地参观", "县纪委宣传部", "县廉政教育基地", "统一乘车，7:50发车")]
    table = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 读书班课程安排\n\n| 日期 | 时段 | 课程内容 | 授课人 | 地点 | 备注 |\n"
                                                  f"|---|---|---|---|---|---|\n{table}\n"})
    assert run_cli("build", "-f", "a4", cwd=ws).returncode == 0
    lines = [line for page in page_lines(ws / "dist" / "a.zh-Hans.a4.pdf") for line in page]
    cells = [c for line in lines if "报告厅" in line.text.replace(" ", "") for c in line.chars]
    assert {round(c["size"], 1) for c in cells} == {12.0}  # 小四 under the text's 三号 (16 pt)
    texts = ["".join(c["text"] for c in line.chars).replace(" ", "") for line in lines]
    assert sum("5月27日" in t for t in texts) == 2 and sum("第一报告厅" in t for t in texts) == 3


def test_keeping_short_entries_whole_never_makes_a_table_much_taller(tmp_path):
    """A tester's list of model party members in large print: kept whole,
    the names, units and posts squeezed 主要事迹 to six characters a line and
    the table ran over two pages (673 pt) where it had taken one (354)."""
    table = """| 姓名 | 单位 | 职务 | 主要事迹 |
| --- | --- | --- | --- |
| 张建华 | 城关镇党委 | 党委书记 | 带领全镇党员干部深入开展党纪学习教育，推动建立村级小微权力清单制度，群众满意度提升至96.5% |
| 李秀英 | 县人民医院 | 护士长 | 扎根临床一线28年，累计护理患者5万余人次，多次获评“优秀共产党员” |
| 司马明 | 县税务局 | 科员 | 主动退还服务对象所送红包3次，共计6000元 |"""
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 表二\n\n{table}\n"})
    assert run_cli("build", "--layout", "large-print", "-f", "a4", cwd=ws).returncode == 0
    import pdfplumber

    with pdfplumber.open(ws / "dist" / "a.zh-Hans.a4.pdf") as pdf:
        ruled = [page for page in pdf.pages if page.lines or page.rects]
        assert len(ruled) == 1
        edges = ruled[0].lines + ruled[0].rects
        assert max(e["bottom"] for e in edges) - min(e["top"] for e in edges) < 420


def test_rows_left_blank_to_be_filled_in_are_printed(tmp_path):
    """A 回执's form: its blank rows had no height, and it printed as its
    head alone, the text under it where the rows should be."""
    ws = make_workspace(tmp_path / "ws", {"form.md": (
        "# 参训人员回执\n\n| 姓名 | 性别 | 职务 | 联系电话 |\n|---|---|---|---|\n" + "|   |   |   |   |\n" * 3
        + "\n以上为回执。\n")})
    assert run_cli("build", "--no-cache", "articles/form.md", cwd=ws).returncode == 0
    lines = {line.text.replace(" ", ""): line for line in page_lines(ws / "dist" / "form.zh-Hans.a4.pdf")[0]}
    head, after = lines["姓名性别职务联系电话"], lines["以上为回执。"]
    assert (after.top - head.top) / (225 * MM / 22) == pytest.approx(4, abs=0.1)
