"""``--preview``: pictures of the first pages and a contact sheet of every
page beside each PDF, drawn from the PDF itself."""

from __future__ import annotations

import pytest
from PIL import Image

from conftest import FIXTURES, make_workspace, run_cli
from publish.preview import FIRST_DPI, GAP, GROUND

A4_PX = (round(210 / 25.4 * FIRST_DPI), round(297 / 25.4 * FIRST_DPI))


@pytest.fixture(scope="module")
def previewed(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("preview"))
    (ws / "articles" / "news.txt").write_bytes((FIXTURES / "news.txt").read_bytes())
    result = run_cli("build", "--format", "a4", "--booklet", "--preview", cwd=ws)
    assert result.returncode == 0, result.stderr
    return ws, result.stderr


def cells(sheet: Image.Image) -> int:
    """Pages on a contact sheet: white runs along the first row of cells."""
    y = GAP + 5
    row = [sheet.getpixel((x, y)) for x in range(sheet.width)]
    return sum(1 for x in range(1, len(row)) if row[x] == (255, 255, 255) and row[x - 1] == GROUND)


def test_pictures_beside_every_pdf(previewed):
    ws, stderr = previewed
    names = sorted(p.name for p in (ws / "dist").iterdir())
    for stem in ("news.zh-Hans.a4", "news.zh-Hans.a5", "news.zh-Hans.booklet"):
        assert f"{stem}.png" in names and f"{stem}.contact.png" in names
        assert f"wrote dist/{stem}.contact.png" in stderr


def test_first_pages_at_reading_size(previewed):
    ws, _ = previewed
    first = Image.open(ws / "dist" / "news.zh-Hans.a4.png")
    assert abs(first.width - (2 * A4_PX[0] + 3 * GAP)) <= 4 and abs(first.height - (A4_PX[1] + 2 * GAP)) <= 4
    # the title, in black, near the top of page 1
    page1 = first.crop((GAP, GAP, GAP + A4_PX[0], GAP + A4_PX[1] // 3)).convert("L")
    assert page1.getextrema()[0] < 60


def test_contact_sheet_holds_every_page(previewed):
    ws, _ = previewed
    from pypdf import PdfReader

    for stem in ("news.zh-Hans.a4", "news.zh-Hans.a5"):
        pages = len(PdfReader(ws / "dist" / f"{stem}.pdf").pages)
        sheet = Image.open(ws / "dist" / f"{stem}.contact.png").convert("RGB")
        assert pages >= 3 and cells(sheet) == pages, stem
