"""`publish check` and glyph coverage: findings with file:line:col and a
code, JSON for tools, safe fixes in place, and builds that refuse to print
empty boxes."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import make_workspace, run_cli

LINT_ME = (
    "---\ntitle: 测试\nauthr: 某人\n---\n\n"      # 3: unknown key
    "我们,你们.他们(一)很好。\n"                   # 6: half-width , . ( )
    "这是“未闭合的引号。。\n"                      # 7: unbalanced, repeated
    "中文 中文，ＡＢＣ１２３，们是對的。\n"          # 8: stray space, full-width, traditional
    "零\u200b宽\x01字符\U00020000。\n\n"           # 9: invisible, control, missing glyph
    "![图](missing.png)\n"                          # 11: broken image
)


def findings(stdout: str) -> set[tuple[int, int, str]]:
    out = set()
    for line in stdout.splitlines():
        where, code = line.split(": ", 1)[0], line.split(": ", 1)[1].split()[0]
        _, number, column = where.rsplit(":", 2)
        out.add((int(number), int(column), code))
    return out


def test_check_reports_each_problem_where_it_is(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": LINT_ME})
    result = run_cli("check", cwd=ws)
    assert result.returncode == 1  # errors among the findings
    assert all(line.startswith("articles/a.md:") for line in result.stdout.splitlines())
    assert findings(result.stdout) == {
        (3, 1, "W501"),
        (6, 3, "W201"), (6, 6, "W201"), (6, 9, "W201"), (6, 11, "W201"),
        (7, 3, "W203"), (7, 10, "W202"),
        (8, 3, "W204"), (8, 7, "W205"), (8, 16, "W206"),
        (9, 2, "E101"), (9, 4, "E101"), (9, 7, "E301"),
        (11, 1, "E401"),
    }
    assert "4 errors, 10 warnings" in result.stderr


def test_check_names_the_placeholders_a_build_warns_of(tmp_path):
    """What a build would warn of as still to be replaced (a Word
    template's [此处输入主送机关], XXXX, a title that is a description in
    brackets) is what the editor runs `publish check` to find before
    printing: W701, where it stands."""
    ws = make_workspace(tmp_path / "ws", {"a.md": "---\ntitle: （文件标题）\n---\n\n[此处输入主送机关]：\n\n"
                                                  "请拨打电话XXXX-XXXXXXX咨询。\n"})
    result = run_cli("check", cwd=ws)
    assert result.returncode == 0, result.stderr  # warnings only
    assert findings(result.stdout) == {(2, 8, "W701"), (5, 1, "W701"), (7, 6, "W701"), (7, 11, "W701")}
    assert "articles/a.md:2:8: W701 `title` is still a placeholder: （文件标题）; replace it before printing" \
        in result.stdout.splitlines()
    built = run_cli("build", cwd=ws)
    said = [line.split(": ")[1] for line in built.stderr.splitlines() if "placeholder" in line]
    assert said == ["articles/a.md:2", "articles/a.md:5", "articles/a.md:7", "articles/a.md:7"]  # (the same lines)


def test_check_json(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": LINT_ME})
    result = run_cli("check", "--format", "json", cwd=ws)
    data = json.loads(result.stdout)
    assert {"path", "line", "column", "code", "message", "severity"} <= set(data[0])
    assert {d["severity"] for d in data if d["code"].startswith("E")} == {"error"}
    assert len(data) == 14


def test_clean_article_exits_0(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n正文“引号”，3.6万人，file.txt。\n"})
    result = run_cli("check", cwd=ws)
    assert result.returncode == 0 and result.stdout == ""


def test_fix_keeps_encoding_line_ends_and_a_backup(tmp_path):
    original = "标题\r\n\r\n我们,你们.中文 中文\u200b。\r\n"
    ws = make_workspace(tmp_path / "ws", {"a.txt": original.encode("gb18030", errors="ignore")})
    path = ws / "articles" / "a.txt"
    before = path.read_bytes()
    result = run_cli("check", "--fix", cwd=ws)
    assert "fixed" in result.stderr
    assert (ws / "articles" / "a.txt.bak").read_bytes() == before
    after = path.read_bytes()
    assert after.decode("gb18030") == "标题\r\n\r\n我们，你们。中文中文。\r\n"
    assert run_cli("check", cwd=ws).stdout == ""


def test_build_refuses_missing_glyphs(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n人名\U00020000先生，\U0002A6A5。\n\n## 一、\u05d0\n"})
    result = run_cli("build", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: 3 characters have no glyph")
    assert "  articles/a.md:3:3: \U00020000 U+20000 has no glyph in Noto Serif CJK SC, Noto Sans CJK SC" in lines
    assert any(l.startswith("  articles/a.md:3:7: \U0002A6A5 U+2A6A5") for l in lines)
    # the heading is set in the sans: that is the font tried there
    alef = next(l for l in lines if "U+05D0" in l)
    assert alef.startswith("  articles/a.md:5:6:") and "Noto Sans CJK SC" in alef
    installed = subprocess.run(["fc-list", ":charset=5d0", "family"], capture_output=True, text=True).stdout
    if installed.strip():
        assert "installed:" in alef  # a font on this machine has it: say which
    assert not (ws / "dist").exists()
    allowed = run_cli("build", "--allow-missing-glyphs", cwd=ws)
    assert allowed.returncode == 0 and "WARNING" in allowed.stderr


def test_emoji_are_named_as_such_and_each_place_is_said_once(tmp_path):
    """A WeChat article's emoji print in no font here: the build says to
    delete them, and a place missing in both editions is one line."""
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 心得\U0001F44D\n\n点赞\U0001F339，人名\U00020000。\n"})
    result = run_cli("build", "-e", "zh-Hans", "-e", "hk", cwd=ws)
    assert result.returncode == 1 and not (ws / "dist").exists()
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: 3 characters have no glyph")
    assert "delete the emoji (\U0001F44D \U0001F339) from the article" in lines[0]
    assert "for the others, add a font that has them" in lines[0]
    assert lines[1:] == [
        f"  articles/a.md:{line}:{column}: {char} U+{ord(char):04X} has no glyph in Noto Serif CJK SC, Noto Sans CJK SC, "
        "Noto Serif CJK HK, Noto Sans CJK HK"
        for line, column, char in ((1, 5, "\U0001F44D"), (3, 3, "\U0001F339"), (3, 7, "\U00020000"))]
    checked = run_cli("check", cwd=ws).stdout.splitlines()
    assert [line.endswith("(an emoji: delete it)") for line in checked] == [True, True, False]
    # a saved page cannot be edited as it stands: the way to its text is named
    (ws / "articles" / "a.md").unlink()
    (ws / "articles" / "b.html").write_text(
        "<html><head><meta charset='utf-8'><title>心得</title></head><body><article><h1>心得</h1>"
        "<p>大家都说好\U0001F44D，认真学习党纪条例，坚持学以致用，推动工作落实见效。</p>"
        "<p>各支部要结合实际，认真组织开展专题学习，确保取得实效。</p></article></body></html>", encoding="utf-8")
    page = run_cli("build", cwd=ws)
    assert page.returncode == 1
    assert "delete the emoji (\U0001F44D) from the article (`publish import` makes a saved page or a Word file " \
           "Markdown to edit): no font here prints them" in page.stderr


def test_fix_deletes_the_emoji_no_font_draws_whole_and_keeps_the_symbols_fonts_draw(tmp_path):
    """WeChat text holds emoji with skin tones, joiners, flags and keycaps:
    `check --fix` deletes each whole (a keycap keeps its digit), keeps what
    the fonts draw (★ ☆ ①), and the build then goes through; the build's
    error said so."""
    line = ("条例\U0001F44D\U0001F3FB，收获\u2764\uFE0F。家庭\U0001F468\u200D\U0001F469\u200D\U0001F467和睦，"
            "1\uFE0F\u20E3第一点☆★①，国旗\U0001F1E8\U0001F1F3。")
    ws = make_workspace(tmp_path / "ws", {"a.txt": f"学习心得\n\n{line}\n\n第二段正文内容，继续学习。\n"})
    path = ws / "articles" / "a.txt"
    before = path.read_bytes()
    refused = run_cli("build", cwd=ws)
    assert refused.returncode == 1
    at = {ch: line.index(ch) + 1 for ch in line}  # (the first of each; columns of the file as saved)
    # the build names each emoji as it was pasted, where it stands in the file
    assert next(l for l in refused.stderr.splitlines() if l.startswith("Error")).startswith(
        "Error: 5 characters have no glyph in the layout's fonts and would print as empty boxes (delete the emoji "
        "(\U0001F44D\U0001F3FB \u2764\uFE0F \U0001F468\u200D\U0001F469\u200D\U0001F467 1\uFE0F\u20E3 "
        "\U0001F1E8\U0001F1F3) from the article (`publish check --fix` deletes them): no font here prints them")
    assert f"  articles/a.txt:3:{at['1']}: 1\uFE0F\u20E3 U+0031 U+FE0F U+20E3 has no glyph in" in refused.stderr
    # one finding an emoji as it was pasted, where it starts: its skin
    # tone, selector and joiners (no E101 for them) are part of it
    report = run_cli("check", cwd=ws).stdout
    assert findings(report) == {(3, at[ch], "E301") for ch in "\U0001F44D\u2764\U0001F468" "1\U0001F1E8"}
    assert "\U0001F468\u200D\U0001F469\u200D\U0001F467 U+1F468 U+200D U+1F469 U+200D U+1F467 has no glyph" in report
    assert "\U0001F1E8\U0001F1F3 U+1F1E8 U+1F1F3 has no glyph" in report
    fixed = run_cli("check", "--fix", cwd=ws)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "fixed 5 problems" in fixed.stderr  # (one an emoji)
    assert (ws / "articles" / "a.txt.bak").read_bytes() == before
    assert path.read_text(encoding="utf-8").split("\n")[2] == "条例，收获。家庭和睦，1第一点☆★①，国旗。"
    built = run_cli("build", cwd=ws)
    assert built.returncode == 0, built.stderr


def test_a_variation_selector_is_no_missing_glyph(tmp_path):
    """★️ (with U+FE0F, as phones type it) prints ★: the selector is not a
    character without a glyph, and the build does not stop on it."""
    ws = make_workspace(tmp_path / "ws", {"a.txt": "标题\n\n正文★\uFE0F测试，再看☆\uFE0E符号。\n"})
    assert run_cli("check", cwd=ws).stdout == ""
    built = run_cli("build", "--format", "a4", cwd=ws)
    assert built.returncode == 0 and "no glyph" not in built.stderr
    text = subprocess.run(["pdftotext", "-layout", str(next((ws / "dist").glob("*.a4.pdf"))), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "正文★测试，再看☆符号。" in text.replace(" ", "")


def test_radicals_copied_from_a_pdf_are_named_mended_and_converted(tmp_path):
    """⼲部 (a Kangxi radical for 干, as a Mac's PDF gives it back) printed
    as ⼲部 in the Hong Kong edition: the build reads it as 干部 and says
    so, the check names each place and --fix mends the file."""
    from pdfread import body_text

    ws = make_workspace(tmp_path / "ws", {"a.txt": "⼲部⼯作\n\n⼈⺠群众，⼲部队伍。\n"})
    checked = run_cli("check", cwd=ws)
    assert checked.returncode == 1 and checked.stderr.splitlines()[-1] == "1 file checked: 5 errors, 0 warnings"
    assert checked.stdout.splitlines()[:2] == [
        "articles/a.txt:1:1: E102 radical ⼲ U+2F32 where the character 干 belongs (text copied from a PDF)",
        "articles/a.txt:1:3: E102 radical ⼯ U+2F2F where the character 工 belongs (text copied from a PDF)"]
    built = run_cli("build", "-e", "hk", cwd=ws)
    assert built.returncode == 0, built.stderr
    assert "articles/a.txt: read 5 radicals copied from a PDF as the characters they stand for" in built.stderr
    assert body_text(ws / "dist" / "a.zh-Hant-HK.a4.pdf") == "幹部工作人民群眾，幹部隊伍。"
    assert run_cli("check", "--fix", cwd=ws).returncode == 0
    assert (ws / "articles" / "a.txt").read_text(encoding="utf-8") == "干部工作\n\n人民群众，干部队伍。\n"


def test_lines_with_a_space_after_every_character_are_named_and_closed_up(tmp_path):
    from pdfread import body_text

    ws = make_workspace(tmp_path / "ws", {"a.txt": "通 知\n\n各 支 部 ：\n\n为 进 一 步 加 强 干 部 队 伍 建 设 ， 现 将 有 关 事 项 "
                                                   "通 知 如 下 。\n"})
    checked = run_cli("check", cwd=ws)
    assert checked.stdout.splitlines() == [
        f"articles/a.txt:{n}:1: W208 a space after every character (copied from a PDF): the build closes the line up"
        for n in (1, 3, 5)]
    built = run_cli("build", cwd=ws)
    assert "articles/a.txt: closed up 3 lines copied from a PDF with a space after every character (lines 1, 3, 5)" \
        in built.stderr
    assert body_text(ws / "dist" / "a.zh-Hans.a4.pdf") == "通知各支部：为进一步加强干部队伍建设，现将有关事项通知如下。"
    fixed = run_cli("check", "--fix", cwd=ws)
    assert fixed.returncode == 0 and "closed up" not in fixed.stderr
    assert (ws / "articles" / "a.txt").read_text(encoding="utf-8") == \
        "通知\n\n各支部：\n\n为进一步加强干部队伍建设，现将有关事项通知如下。\n"


def test_a_paragraph_cut_off_in_mid_sentence_is_named(tmp_path):
    """The shared sample's lead paragraph is a news page's teaser, copied as
    the page showed it: …江门坚持全面贯彻落实习近平总, then the byline. It
    printed so. The check names it where it ends; a heading, a list's
    items, a byline, a paragraph ending in ：, ”, …… or ——, a notice's line
    of a field and its value, a quotation ending on its attribution
    (……使力量倍增。——习近平) are not named."""
    text = ("标题\n\n"
            "从严从实开展党纪学习教育，锻造堪当现代化建设重任的干部队伍……刚刚过去的一年，江门坚持全面贯彻落实习近平总\n\n"
            "文/图 黎禹君 江钊轩\n\n"
            "一、党的创新理论武装持续加强\n\n"
            "主要做法有以下几个方面，具体如下：\n\n"
            "他说：“我们要把纪律挺在前面，让党员干部知敬畏、存戒惧、守底线”\n\n"
            "各支部要认真组织学习，确保参学人员按时参加……\n\n"
            "参加人员：各党支部书记、委员，机关全体党员和入党积极分子\n\n"   # a field and its value
            "党的力量来自组织，组织能使力量倍增。——习近平\n\n"   # an attribution
            "坚持以人民为中心，把群众满意作为工作标准。——摘自《人民日报》\n\n"
            "读书班日程安排\n")
    ws = make_workspace(tmp_path / "ws", {"a.txt": text})
    checked = run_cli("check", cwd=ws)
    assert checked.returncode == 0  # (a warning)
    assert checked.stdout.splitlines() == [
        "articles/a.txt:3:53: W209 paragraph ends in mid-sentence, without a mark: '…贯彻落实习近平总' "
        "(cut off where it was copied?)"]
    # a build says so too (it prints what it is given), once
    built = run_cli("build", cwd=ws)
    assert built.returncode == 0
    assert built.stderr.count("paragraph ends in mid-sentence") == 1
    assert "articles/a.txt:3: paragraph ends in mid-sentence, without a mark: '…贯彻落实习近平总'" in built.stderr


def test_a_photos_caption_without_the_photo_is_named(tmp_path):
    """The shared sample opens with the captions of the news page's photos,
    copied without them (…。图为江海区江南街道建联社区开展民主议事。): they
    print among the paragraphs, about photos the handout does not show.
    The check names each (W210), and so does a build, which still prints
    them; a caption under its picture (in Markdown, a paragraph right
    under a picture without one) is the picture's, centred under it, and
    one under a picture with a caption of its own is not named either."""
    from PIL import Image

    from pdfread import body_text, page_lines

    text = ("标题\n\n"
            "深化党建引领基层治理。图为江海区江南街道建联社区开展民主议事。\n\n"
            "社区党委坚持党建引领，推动基层治理提质增效。\n\n"
            "↑社区党员志愿者走访群众（李四 摄）\n")
    ws = make_workspace(tmp_path / "ws", {"a.txt": text, "b.md": "# 标题\n\n正文。\n\n![](p.png)\n\n图为党员志愿者走访群众。\n",
                                          # a picture with words of its own, then its caption: not named
                                          "c.md": "# 标题\n\n正文。\n\n![走访](p.png)\n\n图为党员志愿者走访群众。\n"})
    Image.new("RGB", (40, 30), "white").save(ws / "articles" / "p.png")
    checked = run_cli("check", cwd=ws)
    assert checked.returncode == 0  # (warnings)
    named = [line for line in checked.stdout.splitlines() if " W210 " in line]
    assert named == [
        "articles/a.txt:3:1: W210 a photo's caption without the photo: '深化党建引领基层治理。图…' (it prints among the "
        "paragraphs; delete the line if the photo is not wanted)",
        "articles/a.txt:7:1: W210 a photo's caption without the photo: '↑社区党员志愿者走访群众…' (it prints among the "
        "paragraphs; delete the line if the photo is not wanted)"]
    built = run_cli("build", cwd=ws)
    assert built.returncode == 0
    assert built.stderr.count("caption without the photo") == 2
    assert "articles/a.txt:3: a photo's caption without the photo: '深化党建引领基层治理。图…'" in built.stderr
    assert "图为江海区江南街道建联社区开展民主议事。" in body_text(ws / "dist" / "a.zh-Hans.a4.pdf")
    [caption] = [line for page in page_lines(ws / "dist" / "b.zh-Hans.a4.pdf") for line in page
                 if "图为党员志愿者走访群众" in line.text]
    assert abs((caption.x0 + caption.x1) / 2 - 595.28 / 2) < 8  # centred on the text block (A4: 595 pt)


def test_an_article_of_a_title_alone_is_a_finding(tmp_path):
    """A file saved before its text was pasted in: the check said so as a
    log line and then counted no warning. It is a finding (W211), said
    once; a build still warns."""
    ws = make_workspace(tmp_path / "ws", {"a.txt": "只有标题\n"})
    checked = run_cli("check", cwd=ws)
    assert checked.returncode == 0
    assert checked.stdout.splitlines() == ["articles/a.txt:1:1: W211 a title and no text: is the whole article saved?"]
    assert "no text" not in checked.stderr and "1 warning" in checked.stderr
    built = run_cli("build", cwd=ws)
    assert "WARNING: articles/a.txt: a title and no text: is the whole article saved?" in built.stderr


def test_traditional_edition_checks_its_own_characters(tmp_path):
    # 髮 exists in the fonts; the check runs on the converted text too
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n头发\U00020000。\n"})
    result = run_cli("build", "--edition", "zh-Hant-HK", cwd=ws)
    assert result.returncode == 1 and "U+20000" in result.stderr and "Noto Serif CJK HK" in result.stderr


PARTS = (
    "标题\n\n"
    "新华社记者 王五 摄\n\n"             # 3: a credit: its parts stay apart
    "第一编 总则\n\n"                    # 5: a heading of a rule
    "第一条 为了维护党的章程，制定本条例。\n\n"   # 7: the label of an article of a rule
    "参会人员：张三 李四 王五。\n\n"      # 9: a list of names
    "（新华社记者 王五 摄）会议现场。\n\n"  # 11: a credit inside a sentence
    "认真学习 ，深刻领会（ 一）。\n\n"      # 13: spaces beside full-width punctuation
    "我们 要认真学习。\n"                  # 15: a stray space in running text
)


def test_fix_keeps_the_parts_of_bylines_headings_and_names(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.txt": PARTS})
    result = run_cli("check", cwd=ws)
    # (the credit on line 3 is a photo's, standing alone: W210, nothing to fix)
    assert findings(result.stdout) == {(3, 1, "W210"), (13, 5, "W207"), (13, 12, "W207"), (15, 3, "W204")}
    assert "space beside full-width punctuation" in result.stdout
    fixed = run_cli("check", "--fix", cwd=ws)
    assert "fixed 3 problems" in fixed.stderr
    assert (ws / "articles" / "a.txt").read_text(encoding="utf-8") == (
        PARTS.replace("认真学习 ，深刻领会（ 一）", "认真学习，深刻领会（一）").replace("我们 要", "我们要"))


def test_fix_that_cannot_write_changes_nothing_and_leaves_no_backup(tmp_path, monkeypatch):
    from publish import output
    from publish.check import fix_file
    from publish.errors import PublishError

    ws = make_workspace(tmp_path / "ws", {"a.txt": "标题\n\n我们,你们.\n"})
    path = ws / "articles" / "a.txt"
    before = path.read_bytes()
    path.chmod(0o444)  # read-only: respected, even by root
    result = run_cli("check", "--fix", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "a.txt: cannot write the fixes: the file is read-only; nothing was changed" in result.stderr
    assert path.read_bytes() == before and not (ws / "articles" / "a.txt.bak").exists()
    # the file itself cannot be written after its backup was (a full disk)
    path.chmod(0o644)
    real = output.write_atomic

    def failing(target, data):
        if target == path:
            raise PublishError("cannot write: No space left on device", target)
        real(target, data)

    monkeypatch.setattr(output, "write_atomic", failing)
    with pytest.raises(PublishError):
        fix_file(path)
    assert path.read_bytes() == before and not (ws / "articles" / "a.txt.bak").exists()


def test_check_of_a_missing_file_is_reported_not_a_crash(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    for args in (("check", "missing.txt"), ("check", "--fix", "missing.txt")):
        result = run_cli(*args, cwd=ws)
        assert result.returncode == 1 and "internal error" not in result.stderr and "Traceback" not in result.stderr
        assert result.stdout.startswith("missing.txt:0:0: E001 no such file")


def test_each_character_is_looked_up_once(tmp_path, monkeypatch):
    """A compilation's articles share most of their characters: each is
    looked up in the fonts once, and a missing one is still named in every
    article that has it."""
    from publish import glyphs
    from publish.fonts import load_fonts
    from publish.sources import read_article

    ws = make_workspace(tmp_path / "ws", {f"{n}.md": "# 标题\n\n人名\U00020000先生，学习贯彻条例。\n" for n in (1, 2)})
    articles = [read_article(ws / "articles" / f"{n}.md") for n in (1, 2)]
    looked: list[int] = []
    has = glyphs._has
    monkeypatch.setattr(glyphs, "_has", lambda table, cp: looked.append(cp) or has(table, cp))
    # (what this process found drawn before, in another test's build of
    # the same fonts, is not looked up again: start from nothing)
    glyphs._drawn.cache_clear()
    missing = glyphs.find_missing(articles, load_fonts(ws), "zh-Hans")
    assert [(m.char, m.path.rsplit("/", 1)[-1]) for m in missing] == [("\U00020000", "1.md"), ("\U00020000", "2.md")]
    drawn = [cp for cp in looked if cp != 0x20000]
    assert drawn and len(drawn) == len(set(drawn))


def test_a_text_whose_characters_were_all_found_is_not_read_character_by_character(tmp_path, monkeypatch):
    """Once a role's fonts were found to draw every character of a text,
    the next text made of characters seen before is passed in one test
    (30 articles: a tenth of the time), and what is missing is still found."""
    from publish import glyphs
    from publish.fonts import load_fonts
    from publish.sources import read_article

    body = "学习贯彻条例，做到学纪知纪明纪守纪。\n\n"
    ws = make_workspace(tmp_path / "ws", {"1.md": "# 标题\n\n" + body * 3, "2.md": "# 标题\n\n" + body + "人名\U00020000。\n"})
    articles = [read_article(ws / "articles" / f"{n}.md") for n in (1, 2)]
    fonts = load_fonts(ws)
    glyphs._drawn.cache_clear()
    read = []  # the texts read character by character
    coverage = glyphs._coverage
    monkeypatch.setattr(glyphs, "_coverage", lambda fonts, role, script: read.append(role) or coverage(fonts, role, script))
    missing = glyphs.find_missing(articles, fonts, "zh-Hans")
    assert [(m.char, m.path.rsplit("/", 1)[-1]) for m in missing] == [("\U00020000", "2.md")]
    texts = [text for article in articles for text in glyphs.texts_with_roles(article)]
    # the first title, the first paragraph, the one with new characters
    assert len(texts) == 7 and read == ["title", "body", "body"], read


def test_quotes_and_page_numbers_of_text_copied_from_a_pdf(tmp_path, caplog):
    """A speech copied from its PDF: every quotation and 《条例》 the wrap
    cut in two was named twice (W203 “ not closed, ” without “), and its
    page number 第 3 页 共 3 页, which the build leaves out, was named as a
    line to close up (W208), and said closed up by the build as well.
    Quotes and brackets are matched over a paragraph's lines; a quote left
    open in its paragraph is still named."""
    def wrapped(paragraph: str) -> list[str]:  # at 18 characters, as the PDF's lines
        return [paragraph[at:at + 18] for at in range(0, len(paragraph), 18)]

    first = wrapped("　　今天，我们在这里认真学习《中国共产党纪律处分条例》，要做到“学纪、知纪、明纪、守纪”，"
                    "一个都不能少，推动党纪学习教育走深走实。")
    second = wrapped("　　大家要把“学习成果转化为推动工作的强大动力，以实际行动检验学习成效，确保各项任务落到实处。")
    lines = ["在读书班开班式上的讲话", *first, "第 3 页 共 3 页", *second]
    ws = make_workspace(tmp_path / "ws", {"a.txt": "\n".join(lines) + "\n"})
    result = run_cli("check", cwd=ws)
    at = lines.index(second[0]) + 1
    assert findings(result.stdout) == {(at, 7, "W203")}, result.stdout
    assert "“ not closed in its paragraph" in result.stdout
    built = run_cli("build", "-f", "a4", cwd=ws)
    assert "left out 1 page numbers" in built.stderr and "closed up" not in built.stderr, built.stderr
