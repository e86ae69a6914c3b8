"""Fonts: one resolution for the build, the glyph check and doctor. A font
file dropped into the workspace's fonts/ folder is found by any of its
names in any language, an installed family by its Chinese name; a stack of
which no font is installed stops the build (or prints with the fallback,
saying so); a stack whose first font is missing says which it uses; doctor's
advice fits the font."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_workspace, run_cli
from pdfread import embedded_fonts, page_lines
from publish.errors import ConfigError
from publish.fonts import advice, load_fonts, resolve

WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKaiMono-Regular.ttf")
TEXT = "办公室的仿宋字体测试。标题正文一二三"
ARTICLE = f"---\ntitle: 标题\nauthor: 本刊编辑部\n---\n\n{TEXT}\n"


def office_font(target: Path, english: str, chinese: str) -> None:
    """A stand-in for an office's licensed 仿宋_GB2312: a subset of an open
    font renamed to a family no system has, with an English family name and
    a Chinese one (name ID 1 for Windows en-US and zh-CN), as such fonts are
    made."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(WENKAI))
    subsetter = subset.Subsetter(subset.Options())
    subsetter.populate(text=TEXT + "—0123456789 ")
    subsetter.subset(font)
    names = font["name"]
    names.names = [r for r in names.names if r.nameID not in (1, 4, 6, 16, 17, 21)]
    for name_id, text in ((1, english), (4, english), (6, english.replace(" ", "-"))):
        names.setName(text, name_id, 3, 1, 0x409)
    names.setName(chinese, 1, 3, 1, 0x804)
    font.save(str(target))


def fonts_toml(ws: Path, text: str) -> None:
    (ws / "fonts").mkdir(exist_ok=True)
    (ws / "fonts" / "fonts.toml").write_text(text, encoding="utf-8")


def test_names_in_any_language_resolve_alike_for_build_check_and_doctor(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    (ws / "fonts").mkdir()
    office_font(ws / "fonts" / "gongwen.ttf", "Office FangSong Test", "公文仿宋测试")
    # the workspace file by its Chinese name; an installed family by its Chinese name
    fonts_toml(ws, '[body]\nSC = ["公文仿宋测试", "Noto Serif CJK SC"]\n[kai]\nSC = ["霞鹜文楷"]\n')
    fonts = load_fonts(ws)
    assert resolve(fonts, "body", "SC").used.family == "Office FangSong Test"
    assert resolve(fonts, "kai", "SC").used.family == "LXGW WenKai"
    assert resolve(fonts, "heading", "SC").used.family == "Noto Sans CJK SC"  # other roles keep the built-in stacks
    result = run_cli("build", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    pdf = ws / "dist" / "a.zh-Hans.a4.pdf"
    lines = page_lines(pdf)[0]
    body = next(line for line in lines if line.text == TEXT)
    assert "Office-FangSong-Test" in body.chars[0]["fontname"]
    author = next(line for line in lines if line.text == "本刊编辑部")
    assert "LXGW-WenKai" in author.chars[0]["fontname"]
    assert all(embedded for embedded in embedded_fonts(pdf).values())
    doctor = run_cli("doctor", cwd=ws)
    assert "body     SC: Office FangSong Test = 公文仿宋测试 (workspace fonts/)" in doctor.stdout
    assert "kai      SC: LXGW WenKai = 霞鹜文楷 (" in doctor.stdout
    assert "workspace font Office FangSong Test (also 公文仿宋测试)" in doctor.stdout
    # the glyph check tries the fonts the build prints with, by the same names
    (ws / "articles" / "a.md").write_text(f"# 标题\n\n{TEXT}\U00020000\n", encoding="utf-8")
    missing = run_cli("build", cwd=ws)
    assert missing.returncode == 1
    assert "has no glyph in Office FangSong Test, Noto Serif CJK SC, Noto Sans CJK SC" in missing.stderr


def test_no_installed_font_of_a_role_stops_the_build(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    fonts_toml(ws, '[body]\nSC = ["仿宋_GB2312"]\n')
    result = run_cli("build", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "Error: fonts/fonts.toml: no font of body (SC) is installed: 仿宋_GB2312; a licensed font no package "
        "installs: copy its file (.ttf, .otf) into fonts/ (or pass --allow-font-fallback to print with "
        "Noto Sans CJK SC)"]
    assert not (ws / "dist").exists()
    allowed = run_cli("build", "--allow-font-fallback", cwd=ws)
    assert allowed.returncode == 0, allowed.stderr
    assert ("WARNING: fonts/fonts.toml: no font of body (SC) is installed (仿宋_GB2312): printing with "
            "Noto Sans CJK SC instead") in allowed.stderr
    body = next(line for line in page_lines(ws / "dist" / "a.zh-Hans.a4.pdf")[0] if line.text == TEXT)
    assert "Noto-Sans-CJK-SC" in body.chars[0]["fontname"]


def test_a_skipped_font_is_named_in_one_line(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    fonts_toml(ws, '[body]\nSC = ["仿宋_GB2312", "Noto Serif CJK SC"]\n')
    result = run_cli("build", cwd=ws)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == ["WARNING: fonts/fonts.toml: body (SC) prints in Noto Serif CJK SC: 仿宋_GB2312 not "
                        "found; a licensed font no package installs: copy its file (.ttf, .otf) into fonts/"]
    doctor = run_cli("doctor", cwd=ws)
    assert doctor.returncode == 1
    assert "  !!  body     SC: Noto Serif CJK SC (" in doctor.stdout and "仿宋_GB2312 not found" in doctor.stdout


@pytest.mark.parametrize("family,expected", [
    ("方正小标宋简体", "licensed font"), ("FZXiaoBiaoSong-B05S", "licensed font"), ("楷体_GB2312", "licensed font"),
    ("黑体", "licensed font"), ("SimHei", "licensed font"),
    ("Noto Serif CJK SC", "apt-get install -y fonts-noto-cjk"), ("LXGW WenKai", "fonts-lxgw-wenkai"),
    ("AR PL UMing CN", "fonts-arphic-uming"), ("Some Font", "copy its font file into fonts/, or install it"),
])
def test_advice_fits_the_font(family, expected):
    assert expected in advice(family)


@pytest.mark.parametrize("content,message", [
    ("[bodyy]\nSC = [\"X\"]\n", "fonts/fonts.toml:1: unknown font role [bodyy] (did you mean 'body'?)"),
    ("[body]\nSX = [\"X\"]\n", "fonts/fonts.toml:2: [body] unknown script SX"),
    ("[body]\nSC = []\n", "fonts/fonts.toml:2: [body] SC must be a list of font family names"),
    ("[body\n", "fonts/fonts.toml:1:6: a [table] line must end with ]"),
])
def test_bad_fonts_toml(tmp_path, monkeypatch, content, message):
    monkeypatch.chdir(tmp_path)
    fonts_toml(tmp_path, content)
    with pytest.raises(ConfigError) as info:
        load_fonts(tmp_path)
    assert str(info.value).startswith(message), str(info.value)


def test_broken_font_file_is_named(tmp_path):
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "broken.ttf").write_bytes(b"not a font")
    with pytest.raises(ConfigError) as info:
        load_fonts(tmp_path)
    assert "broken.ttf" in str(info.value)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_workspace_font_leaves_no_copy_behind(tmp_path, jobs):
    """WeasyPrint copies a font of the workspace's fonts/ into a temporary
    folder for the typesetting; the command (and each of its workers, which
    end without Python's own end) leaves none of it: the system's temporary
    folder is as it was."""
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    (ws / "fonts").mkdir()
    office_font(ws / "fonts" / "gongwen.ttf", "Office FangSong Test", "公文仿宋测试")
    fonts_toml(ws, '[body]\nSC = ["公文仿宋测试", "Noto Serif CJK SC"]\n')
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    result = run_cli("build", "--format", "a4", "--booklet", "--jobs", jobs, "--no-cache", cwd=ws,
                     env={"TMPDIR": str(temporary)})
    assert result.returncode == 0, result.stderr
    assert (ws / "dist" / "a.zh-Hans.booklet.pdf").is_file()
    assert any("Office-FangSong-Test" in font for font in embedded_fonts(ws / "dist" / "a.zh-Hans.a4.pdf"))
    assert list(temporary.iterdir()) == []


def test_a_mistake_in_fonts_toml_is_reported_in_chinese_as_in_english(tmp_path):
    """The message was split at ": " to name where it is, and the Chinese
    one has ：: 内部错误：ValueError, from build and doctor alike."""
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    fonts_toml(ws, "[bodyy]\nSC = [\"Noto Serif CJK SC\"]\n")
    for command in (["build", "--no-cache", "--jobs", "1"], ["doctor"]):
        done = run_cli(*command, cwd=ws, env={"PUBLISH_LANG": "zh_CN"})
        assert done.returncode == 1, done.stderr
        assert "内部错误" not in done.stderr and "ValueError" not in done.stderr
        assert "fonts/fonts.toml:1" in done.stderr and "bodyy" in done.stderr, done.stderr
