"""Placeholders left in a build are named before anything prints: the
values `publish new` writes for the user to replace, descriptions in
brackets in cover and byline fields, XXXX and notes to the editor in the
text (see publish/placeholders.py for the definition)."""

from __future__ import annotations

import pytest

from conftest import make_workspace, run_cli
from publish.placeholders import in_text, is_placeholder


@pytest.mark.parametrize("value", [
    "（编印单位）", "（印发单位）", "示例文章", "作者", "（单位名称）", "【作者】", "[日期]", "(填写单位)",
    "XX", "××", "○○○", "某某", "XXX县委组织部", "（XXXX）",
])
def test_field_placeholders(value):
    assert is_placeholder(value)


@pytest.mark.parametrize("value", [
    "（第一辑）", "中共示例县委组织部", "2024-05-06", "200", "《中国共产党纪律处分条例》", "党纪学习教育", "本刊编辑部",
    "（供基层党组织参考）", "", None,
])
def test_field_values_that_are_not(value):
    assert not is_placeholder(value)


def test_text_placeholders():
    assert list(in_text("联系电话：XXXX-XXXXXXX，【待补充】，TODO 核对")) == ["XXXX", "XXXXXXX", "【待补充】", "TODO"]
    # deliberate anonymisation in case materials is left alone
    assert list(in_text("×××同志，某某县XX镇干部，1970年生。")) == []
    # what a Word template asks for
    assert list(in_text("[此处输入主送机关]：（请输入正文）【在此处填写】")) == ["[此处输入主送机关]", "（请输入正文）",
                                                                      "【在此处填写】"]
    assert list(in_text("请输入密码后登录（此处不再赘述）。")) == []
    # a template's 落款 date (it printed as 20XX年XX月XX日 unsaid)
    assert list(in_text("中共示例市委办公室\n20XX年XX月XX日")) == ["20XX年XX月XX日"]
    assert list(in_text("2024年5月6日，××年×月")) == []


def test_the_build_names_each_placeholder_left(tmp_path):
    ws = make_workspace(tmp_path / "ws", {
        "01.md": "---\ntitle: 学习体会\nauthor: （作者姓名）\n---\n\n联系电话：XXXX-1234567。\n\n"
                 "×××同志的事迹【待补充】。\n",
        "02.md": "# 第二篇\n\n正文。\n",
    })
    (ws / "publish.toml").write_text(
        'title = "学习材料汇编"\nsubtitle = "（第一辑）"\norganizer = "（编印单位）"\narticles = ["articles/*"]\n\n'
        '[back_page]\nissuer = "（印发单位）"\ncopies = 200\n', encoding="utf-8")
    result = run_cli("build", cwd=ws)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [
        "WARNING: publish.toml:3: `organizer` is still a placeholder: （编印单位）; replace it before printing",
        "WARNING: publish.toml:7: `back_page.issuer` is still a placeholder: （印发单位）; replace it before printing",
        "WARNING: articles/01.md:3: `author` is still a placeholder: （作者姓名）; replace it before printing",
        "WARNING: articles/01.md:6: placeholder XXXX left in the text; replace it before printing",
        "WARNING: articles/01.md:8: placeholder 【待补充】 left in the text; replace it before printing",
    ]
