"""Layouts as data: workspace overrides file by file, new layouts, the
large-print layout, `publish layouts`, and `publish new`."""

from __future__ import annotations

import pytest

from conftest import make_workspace, run_cli
from pdfread import HAN_ONLY, MM, PAGE_NUMBER, drawn_pictures, page_lines
from publish.config import load_config
from publish.errors import ConfigError, LayoutError
from publish.layouts import available_layouts, load_layout

ARTICLE = "# 标题\n\n" + "党的纪律是党的各级组织和全体党员必须遵守的行为规则。" * 30 + "\n"


def test_override_one_file_keeps_the_rest(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    (ws / "layouts" / "handout").mkdir(parents=True)
    # only the page CSS: a 40 mm binding margin; templates and grid stay built-in
    (ws / "layouts" / "handout" / "style.css").write_text(
        "@page { size: A4; margin: 37mm 14mm 35mm 40mm; }\n@page :left { margin: 37mm 40mm 35mm 14mm; }\n")
    layout = load_layout("handout", ws)
    assert layout.origin == "workspace override of built-in"
    assert layout.grid.chars_per_line == 28
    assert run_cli("build", cwd=ws).returncode == 0
    first = page_lines(ws / "dist" / "a.zh-Hans.a4.pdf")[0]
    body = [l for l in first if HAN_ONLY.match(l.text) and not PAGE_NUMBER.match(l.text)]
    assert min(l.x0 for l in body) == pytest.approx(40 * MM, abs=0.5)


def test_new_layout_in_the_workspace(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    folder = ws / "layouts" / "notice"
    folder.mkdir(parents=True)
    (folder / "layout.toml").write_text(
        'description = "a notice"\npage = "A4"\ntext_block_mm = [156.0, 225.0]\n'
        '[grid]\nfont_size_pt = 16\nchars_per_line = 28\nlines_per_page = 22\n', encoding="utf-8")
    (folder / "style.css").write_text("@page { size: A4; margin: 37mm 26mm 35mm 28mm; }\n")
    assert available_layouts(ws)["notice"] == "workspace"
    listing = run_cli("layouts", cwd=ws)
    assert "notice" in listing.stdout and "workspace" in listing.stdout and "large-print" in listing.stdout
    assert run_cli("build", "--layout", "notice", cwd=ws).returncode == 0


def test_unknown_layout(tmp_path):
    with pytest.raises(LayoutError, match="no layout named 'nope'"):
        load_layout("nope", tmp_path)
    result = run_cli("build", "--layout", "nope", cwd=make_workspace(tmp_path / "ws", {"a.md": ARTICLE}))
    # an option naming what does not exist is a usage error
    assert result.returncode == 2 and "known layouts: booklet, handout, large-print" in result.stderr


def test_large_print(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    assert run_cli("build", "--layout", "large-print", cwd=ws).returncode == 0
    pages = page_lines(ws / "dist" / "a.zh-Hans.a4.pdf")
    body = [l for lines in pages for l in lines if HAN_ONLY.match(l.text) and l.size < 21]
    assert {round(l.size) for l in body} == {20}
    full = [l for l in body if l.x1 - l.x0 > 150 * MM]
    assert full and all(len(l.text) == 22 for l in full)


def test_a_phone_page_sets_a_table_a_size_smaller(tmp_path):
    """A table of five columns on a phone's line of 14 characters set one
    character a line in its narrow columns, over two pages: its type is a
    size smaller than the text's (11.2 pt, not 14), within the page."""
    table = ("| 时间 | 内容 | 形式 | 责任单位 | 备注 |\n| --- | --- | --- | --- | --- |\n"
             "| 4月上旬 | 学习《中国共产党纪律处分条例》全文 | 集中学习 | 机关党委 | 每人撰写心得体会一篇 |\n"
             "| 4月中旬 | 观看警示教育片 | 警示教育 | 纪检组 | 结合本单位典型案例 |\n")
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 安排表\n\n各党支部按下表组织学习。\n\n{table}\n表后的段落。\n"})
    assert run_cli("build", "-f", "phone", cwd=ws).returncode == 0
    lines = [line for page in page_lines(ws / "dist" / "a.zh-Hans.phone.pdf") for line in page]
    text = {round(line.size, 1) for line in lines if line.text.startswith(("各党支部", "表后"))}
    cells = {round(c["size"], 1) for line in lines for c in line.chars if c["text"] in "责任单位备注纪检警示"}
    assert text == {14.0} and cells == {11.2}, (text, cells)
    assert max(line.x1 for line in lines) <= 82 * MM


def test_new_then_build(tmp_path):
    result = run_cli("new", "ws", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ws = tmp_path / "ws"
    for path in ("publish.toml", "articles/01-example.md", "fonts/README.md", "layouts/README.md"):
        assert (ws / path).is_file(), path
    built = run_cli("build", cwd=ws)
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (ws / "dist").iterdir()) == ["ws.zh-Hans.a4.pdf", "ws.zh-Hans.a5.pdf",
                                                                "ws.zh-Hans.booklet.pdf"]
    assert "WARNING: publish.toml:5: `organizer` is still a placeholder: （编印单位）" in built.stderr
    assert "typesetting ws.zh-Hans.a4 (1 article) …" in built.stderr  # not "1 article(s)"
    # publish.toml's layout (the handout's) makes the A4 only: a booklet
    # asked for alone is made in its own, as beside the A4
    booklet = (ws / "dist" / "ws.zh-Hans.booklet.pdf").read_bytes()
    alone = run_cli("build", "--booklet", "--no-cache", "-o", "alone", cwd=ws)
    assert alone.returncode == 0, alone.stderr
    assert (ws / "alone" / "ws.zh-Hans.booklet.pdf").read_bytes() == booklet
    assert sorted(p.name for p in (ws / "alone").iterdir()) == ["ws.zh-Hans.a5.pdf", "ws.zh-Hans.booklet.pdf"]
    told = run_cli("build", "--layout", "handout", "--booklet", cwd=ws)  # asked for, it cannot be honoured
    assert told.returncode == 2 and "--layout handout makes a4 only, not booklet" in told.stderr
    # again: nothing is overwritten
    (ws / "publish.toml").write_text('title = "我的汇编"\narticles = ["articles/*"]\n', encoding="utf-8")
    again = run_cli("new", "ws", cwd=tmp_path)
    assert again.returncode == 0 and "kept ws/publish.toml (already there)" in again.stdout
    assert (ws / "publish.toml").read_text(encoding="utf-8").startswith('title = "我的汇编"')


def test_new_in_a_folder_that_holds_texts(tmp_path):
    folder = tmp_path / "my texts"
    folder.mkdir()
    (folder / "01 学习.md").write_text("# 一\n\n正文。\n", encoding="utf-8")
    (folder / "02.txt").write_text("二\n\n正文。\n", encoding="utf-8")
    (folder / "README.md").write_text("notes\n", encoding="utf-8")
    (folder / "fonts").mkdir()
    (folder / "fonts" / "README.md").write_text("my own notes\n", encoding="utf-8")
    result = run_cli("new", "my texts", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "created my texts/publish.toml", "created my texts/layouts/README.md",
        "kept my texts/fonts/README.md (already there)", "Next: cd 'my texts' && publish build"]
    assert (folder / "fonts" / "README.md").read_text(encoding="utf-8") == "my own notes\n"
    assert not (folder / "articles").exists()  # no example beside the user's texts
    config = load_config(folder)
    assert config.articles == ("01 学习.md", "02.txt")
    # the template's [tables] are last: a key added at the end is named as misplaced
    text = (folder / "publish.toml").read_text(encoding="utf-8").replace("# [back_page]", "[back_page]")
    (folder / "publish.toml").write_text(text + 'slug = "huibian"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="`slug` is inside \\[back_page\\]: move it above the first"):
        load_config(folder)


def test_config_articles_must_match(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    (ws / "publish.toml").write_text('title = "汇编"\narticles = ["articles/a.md", "articles/missing-*.md",\n'
                                     '            "articles/b.md"]\n', encoding="utf-8")
    result = run_cli("build", cwd=ws)
    # named where the key stands, as the file's other mistakes are, and
    # every pattern that finds nothing at once
    assert result.returncode == 1 and result.stderr.startswith(
        "Error: publish.toml:2: `articles`: 'articles/missing-*.md' matches no article file"), result.stderr
    assert "\n  `articles`: 'articles/b.md' matches no article file" in result.stderr
    (ws / "publish.toml").write_text('title = "汇编"\narticles = ["../outside.md"]\n', encoding="utf-8")
    result = run_cli("build", cwd=ws)
    assert result.returncode == 1 and "must be a path inside the workspace" in result.stderr


def test_what_the_typesetter_leaves_out_of_a_workspace_stylesheet_is_named_by_file_and_line(tmp_path):
    """A declaration or rule WeasyPrint drops from a workspace's own
    stylesheet is said in the user's language, naming the file and line,
    once; WeasyPrint's English lines (counting from the top of the whole
    document's stylesheet, naming no file) are not printed. The PDF is
    still made: the rest of the stylesheet holds."""
    ws = make_workspace(tmp_path / "ws", {"a.txt": "学习贯彻条例\n\n学习贯彻条例，做到学纪知纪明纪守纪。\n"})
    style = ws / "layouts" / "handout" / "style.css"
    style.parent.mkdir(parents=True)
    style.write_text("/* 本单位的讲义 */\n\np { colr: red; }\nh1 {\n  margin: 1zz;\n}\nh2::foo { color: red }\n",
                     encoding="utf-8")
    result = run_cli("build", "--format", "a4", "--edition", "zh-Hans", "--no-cache", cwd=ws,
                     env={"PUBLISH_LANG": "zh_CN"})
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("警告")]
    assert warnings == ["警告：layouts/handout/style.css:3：`colr: red` 未生效：没有这个属性",
                        "警告：layouts/handout/style.css:5：`margin: 1zz` 未生效：这个值在此处无效",
                        "警告：layouts/handout/style.css:7：排版引擎未采用：Invalid or unsupported selector, 'h2::foo '"], \
        result.stderr
    assert (ws / "dist" / "a.zh-Hans.a4.pdf").is_file()


def test_the_built_in_stylesheets_give_the_typesetter_nothing_to_leave_out():
    """What WeasyPrint says while parsing a document's stylesheet is not
    printed (publish names a workspace's problems itself): the built-in
    stylesheets must give it nothing to say."""
    import logging

    from weasyprint import CSS

    from publish.paths import builtin_dir

    heard = []

    class Ear(logging.Handler):
        def emit(self, record):
            heard.append((path.name, record.getMessage()))

    logger = logging.getLogger("weasyprint")
    ear = Ear(logging.WARNING)
    logger.addHandler(ear)
    try:
        paths = sorted(builtin_dir("layouts").glob("*/*.css"))
        for path in paths:
            CSS(string=path.read_text("utf-8"), base_url=path.as_uri())
    finally:
        logger.removeHandler(ear)
    assert len(paths) >= 8 and heard == []


def test_a_workspace_layout_toml_with_unknown_keys_or_wrong_values_stops_the_build_naming_each(tmp_path):
    """A misspelt key of a workspace's layout.toml was ignored without a
    word (`chars_per_lines = 30` left the grid at 28 characters), and a
    word where a number belongs ended in a traceback: every mistake is now
    named with its line and a "did you mean", and nothing is written."""
    ws = make_workspace(tmp_path / "ws", {"a.txt": "学习贯彻条例\n\n学习贯彻条例，做到学纪知纪明纪守纪。\n"})
    folder = ws / "layouts" / "handout"
    folder.mkdir(parents=True)
    (folder / "layout.toml").write_text('colour = "red"\n\n[grid]\nchars_per_lines = 30\nlines_per_page = "x"\n'
                                        'font_size_pt = "16"\n\n[strings]\ncontens = "目次"\n', encoding="utf-8")
    result = run_cli("build", "--format", "a4", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "Error: layouts/handout/layout.toml: 5 mistakes", result.stderr
    assert [line.split(": ", 1)[0].strip() for line in lines[1:6]] == [
        f"layouts/handout/layout.toml:{n}" for n in (1, 4, 5, 6, 9)], result.stderr
    assert "unknown key `chars_per_lines` (did you mean 'chars_per_line'?)" in lines[2]
    assert "`lines_per_page` must be a whole number greater than 0" in lines[3]
    assert "`font_size_pt`: must be a number: write 16 without quotes" in lines[4]
    assert "unknown key `contens` (did you mean 'contents'?)" in lines[5]
    assert not (ws / "dist").exists()


def test_publish_layouts_lists_every_layout_and_then_names_what_is_wrong_with_each_broken_one(tmp_path):
    """A broken layout.toml stopped the listing at that layout, the layouts
    after it not shown."""
    ws = make_workspace(tmp_path / "ws", {"a.txt": "学习贯彻条例\n\n学习贯彻条例，做到学纪知纪明纪守纪。\n"})
    for name, text in (("booklet", 'colour = "red"\n'), ("phone", "[grid\n")):
        (ws / "layouts" / name).mkdir(parents=True)
        (ws / "layouts" / name / "layout.toml").write_text(text, encoding="utf-8")
    result = run_cli("layouts", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    listed = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert set(listed) == {"booklet", "handout", "large-print", "phone"}, result.stdout
    assert "cannot be used" in listed["booklet"] and "cannot be used" in listed["phone"]
    assert "A4 handout" in listed["handout"] and "cannot be used" not in listed["large-print"]
    errors = result.stderr.splitlines()
    assert errors[0].startswith("Error: layouts/booklet/layout.toml:1: unknown key `colour`"), result.stderr
    assert any(line.strip().startswith("layouts/phone/layout.toml:1:") for line in errors[1:]), result.stderr


def test_a_workspace_layout_may_name_words_of_its_own_templates_and_override_the_grid(tmp_path):
    """[strings] takes the words the layout's own templates print, and a
    right key takes effect (a 26-character grid)."""
    ws = make_workspace(tmp_path / "ws", {"a.txt": "学习贯彻条例\n\n" + "学习贯彻条例做到学纪知纪明纪守纪" * 8 + "。\n"})
    folder = ws / "layouts" / "handout"
    folder.mkdir(parents=True)
    (folder / "layout.toml").write_text('[grid]\nchars_per_line = 26\n\n[strings]\nmotto = "学纪知纪"\n',
                                        encoding="utf-8")
    assert run_cli("build", "--format", "a4", cwd=ws).returncode == 1  # no template names `motto` yet
    from publish.paths import builtin_dir

    blocks = (builtin_dir("layouts") / "common" / "blocks.html.j2").read_text("utf-8")
    (folder / "blocks.html.j2").write_text(blocks + "\n{# strings.motto: printed by a later version #}\n",
                                           encoding="utf-8")
    result = run_cli("build", "--format", "a4", cwd=ws)
    assert result.returncode == 0, result.stderr
    body = [line.text for line in page_lines(ws / "dist" / "a.zh-Hans.a4.pdf")[0] if len(line.text) > 10]
    assert [len(text) for text in body[:3]] == [24, 26, 26], body  # two characters' indent, then 26


def test_the_built_in_layout_files_hold_only_known_keys():
    """The schema a workspace's layout.toml is checked against knows every
    key the built-in ones use."""
    from publish.config import read_toml
    from publish.layouts import check_layout_file
    from publish.paths import builtin_dir

    root = builtin_dir("layouts")
    for path in sorted(root.glob("*/layout.toml")):
        data, text = read_toml(path)
        check_layout_file(path, data, text, [path.parent, root / "common"])


def _styled_workspace(tmp_path, style: str, extra: str = ".salutation::before { content: url(\"mark.png\"); }\n"):
    from docxmaker import png

    ws = make_workspace(tmp_path / "ws", {"notice.txt": "通知\n\n各党支部：\n\n请按时参加学习。\n"})
    folder = ws / "layouts" / "handout"
    (folder / "more").mkdir(parents=True)
    (folder / "logo.png").write_bytes(png(size=(200, 60)))
    (folder / "more" / "mark.png").write_bytes(png(size=(60, 60)))
    (folder / "more" / "extra.css").write_text(extra, encoding="utf-8")
    (folder / "style.css").write_text(style, encoding="utf-8")
    return ws


def test_a_layout_stylesheet_s_addresses_lead_from_its_own_folder(tmp_path):
    """``url(logo.png)`` in ``layouts/handout/style.css`` is the picture
    beside it, as in any stylesheet (the document's base is the workspace),
    and an ``@import``ed file is set in, its own addresses leading from its
    folder: both pictures are printed."""
    ws = _styled_workspace(tmp_path, '@import "more/extra.css";\n'
                                     "h1.title::before { content: url(logo.png); display: block; }\n")
    result = run_cli("build", "--no-cache", cwd=ws)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    assert drawn_pictures(ws / "dist" / "notice.zh-Hans.a4.pdf") == [(200, 60), (60, 60)]


@pytest.mark.parametrize("address, error", [
    ('"../../outside.css"', "cannot import ../../outside.css: only a file of the layout's folders can be imported"),
    ('url(http://example.com/a.css)', "cannot import http://example.com/a.css: only a file of the layout's folders"),
    ('"missing.css"', "cannot import missing.css: no such file"),
    ('"style.css"', "style.css imports itself"),
])
def test_an_import_that_cannot_be_set_in_stops_the_build_naming_its_line(tmp_path, address, error):
    ws = _styled_workspace(tmp_path, f"/* 讲义 */\n@import {address};\nh1 {{ color: red }}\n")
    (ws / "outside.css").write_text("h1 { color: blue }\n", encoding="utf-8")
    result = run_cli("build", "--no-cache", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"Error: layouts/handout/style.css:2: {error}"), result.stderr
    assert not (ws / "dist").exists()


def test_what_an_imported_stylesheet_loses_is_named_in_it(tmp_path):
    ws = _styled_workspace(tmp_path, '@import "more/extra.css";\n', extra="p {\n  colr: red;\n}\n")
    result = run_cli("build", "--no-cache", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("WARNING")] == [
        "WARNING: layouts/handout/more/extra.css:2: `colr: red` is left out: no such property"], result.stderr


def test_a_picture_a_stylesheet_names_outside_the_layout_is_read_again_when_it_changes(tmp_path):
    """The cache's key holds the layout's folders; a picture elsewhere in the
    workspace that its stylesheet names is followed as a dependency."""
    from docxmaker import png

    ws = _styled_workspace(tmp_path, "h1.title::after { content: url(../../images/seal.png); display: block; }\n")
    (ws / "images").mkdir()
    (ws / "images" / "seal.png").write_bytes(png(size=(80, 80)))
    assert "wrote" in run_cli("build", cwd=ws).stderr
    assert "unchanged" in run_cli("build", cwd=ws).stderr
    (ws / "images" / "seal.png").write_bytes(png(size=(90, 90)))
    assert "wrote" in run_cli("build", cwd=ws).stderr
    assert drawn_pictures(ws / "dist" / "notice.zh-Hans.a4.pdf") == [(90, 90)]


def test_a_picture_a_stylesheet_names_that_is_not_there_is_named_as_missing(tmp_path):
    """It was said to be "refused: only files inside the workspace are
    used", though it would have been inside."""
    ws = _styled_workspace(tmp_path, "h1.title::before { content: url(nothere.png); display: block; }\n")
    result = run_cli("build", "--no-cache", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("WARNING")] == [
        "WARNING: layouts/handout/nothere.png: no such file; it is left out"], result.stderr
    assert drawn_pictures(ws / "dist" / "notice.zh-Hans.a4.pdf") == []


def test_an_import_whose_address_holds_a_semicolon(tmp_path):
    """The check of the importing stylesheet sets its imports aside: one
    ended at a semicolon inside its quoted address, and what followed was
    named as a mistake of style.css."""
    ws = _styled_workspace(tmp_path, '@import "more/a;b.css";\nh1 { color: red }\n')
    (ws / "layouts" / "handout" / "more" / "a;b.css").write_text("p {\n  colr: red;\n}\n", encoding="utf-8")
    result = run_cli("build", "--no-cache", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("WARNING")] == [
        "WARNING: layouts/handout/more/a;b.css:2: `colr: red` is left out: no such property"], result.stderr
