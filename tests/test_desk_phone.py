"""The phone layout (``--format phone``): small pages, larger type, no
imposition; what the desk's phone format builds, and ``publish build``
too."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, make_workspace, run_cli
from pdfread import HAN_ONLY, MM, body_text, page_lines, squeeze


@pytest.fixture(scope="module")
def phone_pdf(tmp_path_factory):
    workspace = make_workspace(tmp_path_factory.mktemp("phone"), {"news.txt": (FIXTURES / "news.txt").read_bytes()})
    result = run_cli("build", "--format", "phone", "-e", "zh-Hant-HK", cwd=workspace)
    assert result.returncode == 0, result.stderr
    return workspace / "dist" / "news.zh-Hant-HK.phone.pdf"


def test_pages_are_phone_sized(phone_pdf):
    from pypdf import PdfReader

    pages = PdfReader(phone_pdf).pages
    assert len(pages) > 3
    for page in pages:
        width, height = (float(v) for v in page.mediabox[2:])
        assert (round(width / MM), round(height / MM)) == (90, 160)


def test_body_is_larger_type_on_a_fourteen_character_line(phone_pdf):
    full_lines = [line for lines in page_lines(phone_pdf) for line in lines
                  if HAN_ONLY.match(line.text.replace(" ", "")) and len(line.text.replace(" ", "")) >= 10]
    assert len(full_lines) > 20
    assert {round(line.size) for line in full_lines} == {14}
    assert max(len(line.text.replace(" ", "")) for line in full_lines) <= 14
    # equal side margins on every page: nothing is bound (8 mm each side)
    assert min(line.x0 for line in full_lines) == pytest.approx(8 * MM, abs=1.5)
    assert max(line.x1 for line in full_lines) == pytest.approx(82 * MM, abs=1.5)


def test_every_page_numbered_at_the_centre_and_none_blank(phone_pdf):
    pages = page_lines(phone_pdf)
    for number, lines in enumerate(pages, start=1):
        assert len(lines) > 1, f"page {number} is blank"
        foot = max(lines, key=lambda line: line.top)
        assert foot.text.strip() == str(number)
        assert (foot.x0 + foot.x1) / 2 == pytest.approx(45 * MM, abs=2)


def test_text_is_all_there_in_the_edition(phone_pdf):
    text = body_text(phone_pdf)
    assert "黨員志願者走進社區開展義診活動" in squeeze(text)
    assert not re.search("[党员发]", text)


def test_layouts_lists_phone(tmp_path):
    result = run_cli("layouts", cwd=make_workspace(tmp_path))
    assert re.search(r"^phone\s+phone\s+built-in", result.stdout, re.M)
