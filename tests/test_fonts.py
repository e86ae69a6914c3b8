"""Fonts: a font file dropped into the workspace's fonts/ folder and named
in its fonts.toml is used and embedded; bad font configuration is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_workspace, run_cli
from pdfread import embedded_fonts, page_lines
from publish.errors import ConfigError
from publish.fonts import load_fonts

WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKaiMono-Regular.ttf")
TEXT = "办公室的仿宋字体测试。标题正文一二三"


def office_font(target: Path) -> None:
    """A stand-in for an office's licensed 仿宋_GB2312: a subset of an open
    font renamed to a family no system has."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(WENKAI))
    options = subset.Options()
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=TEXT + "—0123456789 ")
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            record.string = "Office FangSong Test"
        elif record.nameID == 6:
            record.string = "OfficeFangSongTest"
    font.save(str(target))


def test_workspace_font_is_registered_and_embedded(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 标题\n\n{TEXT}\n"})
    (ws / "fonts").mkdir()
    office_font(ws / "fonts" / "office-fangsong.ttf")
    (ws / "fonts" / "fonts.toml").write_text('[body]\nSC = ["Office FangSong Test", "Noto Serif CJK SC"]\n',
                                             encoding="utf-8")
    fonts = load_fonts(ws)
    assert [f.family for f in fonts.files] == ["Office FangSong Test"]
    assert fonts.stack("body", "SC")[0] == "Office FangSong Test"
    assert fonts.stack("heading", "SC") == ("Noto Sans CJK SC",)  # other roles keep the built-in stacks
    result = run_cli("build", cwd=ws)
    assert result.returncode == 0, result.stderr
    pdf = ws / "dist" / "a.zh-Hans.a4.pdf"
    assert any("Office-FangSong-Test" in name for name in embedded_fonts(pdf))
    body = [l for l in page_lines(pdf)[0] if l.text == TEXT]
    assert body and "Office-FangSong-Test" in body[0].chars[0]["fontname"]
    doctor = run_cli("doctor", cwd=ws)
    assert "body     SC: Office FangSong Test (workspace fonts/)" in doctor.stdout


@pytest.mark.parametrize("content,message", [
    ("[bodyy]\nSC = [\"X\"]\n", "unknown font role [bodyy]"),
    ("[body\n", "invalid TOML"),
])
def test_bad_fonts_toml(tmp_path, content, message):
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "fonts.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_fonts(tmp_path)


def test_broken_font_file_is_named(tmp_path):
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "broken.ttf").write_bytes(b"not a font")
    with pytest.raises(ConfigError) as info:
        load_fonts(tmp_path)
    assert "broken.ttf" in str(info.value)
