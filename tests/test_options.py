"""Options as a user types them: checked before anything is built or
written (usage errors exit 2 and leave no file), editions and formats read
in any case and under their common aliases, layouts that make only the
formats they declare, and files named by their page size."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import make_workspace, run_cli
from publish.choices import edition_code, format_name

ARTICLE = "# 标题\n\n正文第一段。\n"


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("options") / "ws", {"a.md": ARTICLE})


def assert_usage_error(result, *fragments):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("args,fragments", [
    (("--bind", "top", "--format", "a4", "--booklet"), ("--bind", "'top'", "left, right")),
    (("--layout", "large-print", "--booklet"), ("--layout large-print makes a4 only, not booklet",)),
    (("--layout", "booklet", "-f", "a4"), ("--layout booklet makes booklet, a5 only, not a4",)),
    (("--layout", "booklet"), ("--layout booklet makes booklet, a5, not a4",)),
    (("--layout", "handuot"), ("no layout named 'handuot' (did you mean 'handout'?)",)),
    (("-e", "zh-Hant-XX"), ("--edition", "'zh-Hant-XX'", "did you mean")),
    (("-f", "a6"), ("--format", "'a6'", "a4, a5, booklet")),
    (("--pdf-variant", "pdf/x"), ("--pdf-variant",)),
    (("--article-start", "recto", "--booklet"), ("--article-start", "right, page")),
    (("--creep", "50", "--booklet"), ("--creep",)),
    (("-o", "articles/a.md"), ("--out: articles/a.md is a file, not a folder",)),
    (("-o", "articles/a.md/sub"), ("--out: articles/a.md is a file, not a folder",)),
])
def test_bad_options_are_usage_errors_and_write_nothing(ws, args, fragments):
    result = run_cli("build", *args, cwd=ws)
    assert_usage_error(result, *fragments)
    assert not (ws / "dist").exists()
    assert (ws / "articles" / "a.md").read_text(encoding="utf-8") == ARTICLE


@pytest.mark.parametrize("word,code", [
    ("zh-hant-hk", "zh-Hant-HK"), ("zh-HK", "zh-Hant-HK"), ("zh_HK", "zh-Hant-HK"), ("hk", "zh-Hant-HK"),
    ("HK", "zh-Hant-HK"), ("zh-TW", "zh-Hant-TW"), ("zh_tw", "zh-Hant-TW"), ("tw", "zh-Hant-TW"),
    ("ZH-HANT-TW", "zh-Hant-TW"), ("zh-CN", "zh-Hans"), ("zh-hans", "zh-Hans"),
])
def test_edition_aliases(word, code):
    assert edition_code(word) == code


def test_unknown_edition_says_what_is_close():
    with pytest.raises(ValueError, match=r"unknown edition 'zh-Hant-HX' \(did you mean 'zh-Hant-HK'\?\)"):
        edition_code("zh-Hant-HX")
    assert format_name("A4") == "a4" and format_name(" Booklet ") == "booklet"
    # traditional without its region is not zh-Hans, the closest spelling
    with pytest.raises(ValueError, match=r"'zh-Hant' \(zh-Hant-HK for Hong Kong, zh-Hant-TW for Taiwan\)"):
        edition_code("zh-Hant")
    with pytest.raises(ValueError, match=r"'hkk' \(did you mean 'hk'\?\)"):
        edition_code("hkk")


def test_aliases_build_the_editions_they_name(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    result = run_cli("build", "-e", "hk", "-e", "zh-TW", "-e", "zh_HK", "-f", "A4", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (ws / "dist").iterdir()) == [
        "a.zh-Hant-HK.a4.pdf", "a.zh-Hant-HK.review.txt", "a.zh-Hant-TW.a4.pdf", "a.zh-Hant-TW.review.txt"]


def test_a5_alone_writes_the_reading_order_file(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    result = run_cli("build", "-f", "A5", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (ws / "dist").iterdir()] == ["a.zh-Hans.a5.pdf"]
    box = PdfReader(ws / "dist" / "a.zh-Hans.a5.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)  # 148 x 210 mm


def test_a_layout_cannot_claim_a_format_of_another_page_size(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    folder = ws / "layouts" / "small"
    folder.mkdir(parents=True)
    (folder / "layout.toml").write_text(
        'page = "A5"\nformats = ["a4"]\ntext_block_mm = [112.0, 170.0]\n'
        '[grid]\nfont_size_pt = 10.5\nchars_per_line = 30\nlines_per_page = 26\n', encoding="utf-8")
    result = run_cli("build", "--layout", "small", cwd=ws)
    assert result.returncode == 1 and "'a4' cannot be made from A5 pages" in result.stderr
    assert not (ws / "dist").exists()
    # without `formats`, an A5 layout makes booklets and their a5 file
    (folder / "layout.toml").write_text(
        'page = "A5"\ntext_block_mm = [112.0, 170.0]\n'
        '[grid]\nfont_size_pt = 10.5\nchars_per_line = 30\nlines_per_page = 26\n', encoding="utf-8")
    listing = run_cli("layouts", cwd=ws)
    assert any(line.split()[:3] == ["small", "a5,", "booklet"] for line in listing.stdout.splitlines()), listing.stdout


def test_a_default_output_folder_that_cannot_be_written_is_no_usage_error(tmp_path):
    """Without --out, dist/ that cannot be written was reported as a
    mistake in --out, exit 2: it is a failure, exit 1, naming dist."""
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE})
    (ws / "dist").write_text("not a folder", encoding="utf-8")
    result = run_cli("build", cwd=ws)
    assert result.returncode == 1 and "--out" not in result.stderr and "dist" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert (ws / "dist").read_text(encoding="utf-8") == "not a folder"
