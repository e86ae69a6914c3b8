"""publish.toml: every table checked against its schema, every mistake
reported at once with file, line, key, what is expected and a did-you-mean;
a top-level key that TOML files into the table above it named as such;
TOML syntax errors explained in words."""

from __future__ import annotations

import pytest

from conftest import make_workspace, run_cli
from publish.config import load_config
from publish.errors import ConfigError

MISTAKES = """\
title = "汇编"
editions = ["zh-TW", "zh-Hant-XX"]
layout = "handuot"
formats = ["A4", "booklet"]
articles = ["articles/*"]

[back_page]
isuer = "某单位"
copys = 200
date = 2024-05-06
slug = "huibian"

[booklet]
creep_mm = "0.5"
bind = "top"
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages name files relative to where the user is


def mistakes(tmp_path, text: str) -> list[str]:
    (tmp_path / "publish.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    return list(info.value.details) or [str(info.value)]


def test_every_mistake_at_once_with_line_and_key(tmp_path):
    found = mistakes(tmp_path, MISTAKES)
    assert found == [
        "publish.toml:2: `editions`: unknown edition 'zh-Hant-XX' (did you mean 'zh-Hant-TW'?); "
        "editions: zh-Hans, zh-Hant-HK, zh-Hant-TW",
        "publish.toml:3: `layout`: no layout named 'handuot' (did you mean 'handout'?); "
        "layouts: booklet, handout, large-print, phone",
        "publish.toml:8: [back_page] unknown key `isuer` (did you mean 'issuer'?); keys: issuer, date, copies",
        "publish.toml:9: [back_page] unknown key `copys` (did you mean 'copies'?); keys: issuer, date, copies",
        "publish.toml:11: `slug` is inside [back_page]: move it above the first [table] line "
        "(TOML puts every key below a [table] line into that table)",
        "publish.toml:14: [booklet] `creep_mm`: must be a number: write 0.5 without quotes",
        "publish.toml:15: [booklet] `bind`: must be one of left, right, not 'top'",
    ]


def test_good_values_are_read_in_the_users_spelling(tmp_path):
    (tmp_path / "publish.toml").write_text(
        'editions = ["zh-TW", "hk"]\nformats = ["A4", "Booklet"]\nlayout = "large-print"\n'
        'article_start = "page"\n\n[back_page]\ncopies = 200\ndate = 2024-05-06\n\n'
        '[booklet]\ncreep_mm = 0.5\nbind = "Right"\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert config.editions == ("zh-Hant-TW", "zh-Hant-HK")
    assert config.formats == ("a4", "booklet")
    assert config.back_page == {"copies": "200", "date": "2024-05-06"}
    # (a date in words, or in figures that name a day, is taken as written)
    (tmp_path / "publish.toml").write_text('date = "二〇二四年五月"\n\n[back_page]\ndate = "2024年5月6日"\n', "utf-8")
    assert load_config(tmp_path).date == "二〇二四年五月"
    assert config.booklet == {"creep_mm": 0.5, "bind": "right"}
    assert config.article_start == "page"
    assert config.where("back_page", "copies") == "publish.toml:7"


@pytest.mark.parametrize("text,expected", [
    ("creep_mm = 0.5\n", "publish.toml:1: `creep_mm` belongs in [booklet]"),
    ("[back_page]\ncreep_mm = 0.5\n", "publish.toml:2: `creep_mm` belongs in [booklet], not in [back_page]"),
    ("booklet = 3\n", "publish.toml:1: `booklet` must be a table [booklet] with keys"),
    ("editions = []\n", "publish.toml:1: `editions`: must not be empty"),
    ('layout = "booklet"\n', "publish.toml:1: `layout`: 'booklet' makes booklet, a5, but `formats` asks for a4"),
    ('[phrases]\n"头发" = "頭髮"\ntitle = "汇编"\n', "publish.toml:3: `title` is inside [phrases]"),
    ('default_traditional = "zh-Hans"\n', "publish.toml:1: `default_traditional` must be zh-Hant-HK or zh-Hant-TW"),
    # a date in figures that is no day of the calendar (printed on the cover as it was)
    ('date = "2024年13月45日"\n', "publish.toml:1: `date` must be the publication date, e.g. 2024-05-06"),
    ('[back_page]\ndate = "2024-02-30"\n', "publish.toml:2: [back_page] `date` must be the printing date"),
])
def test_one_mistake(tmp_path, text, expected):
    found = mistakes(tmp_path, text)
    assert len(found) == 1 and found[0].startswith(expected), found


@pytest.mark.parametrize("text,expected", [
    ('title = "汇编"\nsubtitle = “第一辑”\n', 'publish.toml:2:12: use straight quotes "…" around text, not “…”'),
    ("title = 汇编\n", 'publish.toml:1:9: a value TOML cannot read: write text in straight double quotes'),
    ('title ＝ "汇编"\n', "publish.toml:1:7: use a half-width = here, not the full-width ＝"),
    ('editions = ["zh-Hans"，"zh-Hant-HK"]\n', "use a half-width , here, not the full-width ，"),
    ("date = 2024-5-6\n", "publish.toml:1:12: not a date: write it as 2024-05-06"),
    ('title = "a"\ntitle = "b"\n', "publish.toml:2:12: this key is given twice"),
    ('title = "汇编\n', 'a text is not closed: end it with a straight quote "'),
    ('articles = ["a.md"\n', "a list is not closed: end it with ]"),
    ('path = "C:\\dir"\n', 'a backslash in "…" must be doubled'),
])
def test_syntax_errors_in_words(tmp_path, text, expected):
    found = mistakes(tmp_path, text)
    assert len(found) == 1 and expected in found[0], found
    # a full-width comma inside a text is text, not syntax
    (tmp_path / "publish.toml").write_text('title = "学习，再学习"\n', encoding="utf-8")
    assert load_config(tmp_path).title == "学习，再学习"


def test_the_command_line_lists_them_all(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n正文。\n"})
    (ws / "publish.toml").write_text(MISTAKES, encoding="utf-8")
    result = run_cli("build", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: publish.toml: 7 mistakes"
    assert lines[1].startswith("  publish.toml:2: `editions`") and len(lines) == 8
    assert not (ws / "dist").exists()
