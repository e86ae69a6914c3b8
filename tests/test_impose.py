"""Imposition for saddle-stitching, read back from the imposed PDFs: which
page stands on which half of which side, blank padding, right binding,
signatures, creep offsets from the placement matrices, the manual-duplex
files, and the file size."""

from __future__ import annotations

import io

import pdfplumber
import pikepdf
import pytest

from publish.errors import ImpositionError
from publish.impose import A4_LANDSCAPE, MM, ImposeOptions, impose, plan

A5 = (419.53, 595.28)
HALF = A4_LANDSCAPE[0] / 2


def numbered_pdf(pages: int) -> bytes:
    """A5 pages each showing its number (``P7``) in Helvetica."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    for number in range(1, pages + 1):
        page = pdf.add_blank_page(page_size=A5)
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(f"BT /F1 40 Tf 150 300 Td (P{number}) Tj ET".encode())
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def read_sides(pdf: bytes) -> list[tuple[int | None, int | None]]:
    """For each imposed page, the page numbers on its left and right halves."""
    sides = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            assert (round(page.width, 1), round(page.height, 1)) == (841.9, 595.3)
            halves: dict[str, int | None] = {"left": None, "right": None}
            for word in page.extract_words():
                half = "left" if (word["x0"] + word["x1"]) / 2 < HALF else "right"
                assert halves[half] is None, "two pages on one half"
                text = word["text"] if word["text"].startswith("P") else word["text"][::-1]  # turned 180°
                halves[half] = int(text.lstrip("P"))
            sides.append((halves["left"], halves["right"]))
    return sides


def fold(sides: list[tuple], sheets_per_signature: int | None = None, bind: str = "left") -> list:
    """The reading order of the folded booklet, worked out physically: each
    signature's sheets are stacked (the first outermost) and folded; the
    booklet is then read page by page. Independent of the imposition code."""
    sheets = [(sides[i], sides[i + 1]) for i in range(0, len(sides), 2)]
    size = sheets_per_signature or len(sheets)
    order = []
    for start in range(0, len(sheets), size):
        group = sheets[start:start + size]
        near, far = (1, 0) if bind == "left" else (0, 1)
        first_half, second_half = [], []
        for front, back in group:
            first_half += [front[near], back[far]]
            second_half = [back[near], front[far]] + second_half
        order += first_half + second_half
    return order


@pytest.mark.parametrize("pages", range(1, 18))
def test_page_order_folds_into_reading_order(pages):
    imposed = impose(numbered_pdf(pages))
    sides = read_sides(imposed.duplex)
    sheets = -(-pages // 4)
    assert imposed.sheets == sheets and len(sides) == 2 * sheets
    padded = list(range(1, pages + 1)) + [None] * (4 * sheets - pages)
    assert fold(sides) == padded
    if pages >= 4:
        # spot check of the rule itself: sheet 0 front is (n, 1), back (2, n-1)
        n = 4 * sheets
        assert sides[0] == (padded[n - 1], 1) and sides[1] == (2, padded[n - 2])


def test_back_cover_stays_last():
    sides = read_sides(impose(numbered_pdf(6), ImposeOptions(back_cover=True)).duplex)
    assert fold(sides) == [1, 2, 3, 4, 5, None, None, 6]


@pytest.mark.parametrize("pages", [4, 7, 12])
def test_right_binding_mirrors(pages):
    left = read_sides(impose(numbered_pdf(pages)).duplex)
    right = read_sides(impose(numbered_pdf(pages), ImposeOptions(bind="right")).duplex)
    assert right == [(b, a) for a, b in left]
    assert fold(right, bind="right") == list(range(1, pages + 1)) + [None] * (-pages % 4)


@pytest.mark.parametrize("pages,per,expected_signatures", [(16, 2, 2), (17, 2, 3), (12, 1, 3), (10, 5, 1)])
def test_signatures(pages, per, expected_signatures):
    imposed = impose(numbered_pdf(pages), ImposeOptions(sheets_per_signature=per))
    sides = read_sides(imposed.duplex)
    assert fold(sides, per) == list(range(1, pages + 1)) + [None] * (-pages % 4)
    # the first signature of 2 sheets holds pages 1-8: its outer sheet is (8, 1)
    if per == 2:
        assert sides[0] == (8, 1)
    assert len(plan(pages, ImposeOptions(sheets_per_signature=per))) // 2 == imposed.sheets
    assert -(-imposed.sheets // per) == expected_signatures


def placements(pdf: bytes) -> list[list[tuple[float, float]]]:
    """Per imposed page, the (x, y) of every placed page, from the `cm`
    operators that precede each `Do`."""
    result = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            found, matrix = [], None
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "cm":
                    matrix = [float(v) for v in operands]
                elif str(operator) == "Do":
                    found.append((matrix[4], matrix[5]))
            result.append(found)
    return result


def test_creep_is_shared_linearly_from_outer_to_innermost_sheet():
    creep = 2.0
    imposed = impose(numbered_pdf(16), ImposeOptions(creep_mm=creep))
    places = placements(imposed.duplex)
    # 4 sheets: shifts 0, 1/3, 2/3, 1 of the creep, toward the fold
    for index, spots in enumerate(places):
        sheet = index // 2
        expected = creep * MM * sheet / 3
        left_x, right_x = sorted(x for x, _ in spots)
        assert left_x - (HALF - A5[0]) == pytest.approx(expected, abs=0.01)
        assert HALF - right_x == pytest.approx(expected, abs=0.01)
    assert places[0][0][1] == pytest.approx(0, abs=0.01)  # A5 is exactly as tall as the sheet


def test_creep_restarts_in_each_signature():
    places = placements(impose(numbered_pdf(16), ImposeOptions(creep_mm=1.0, sheets_per_signature=2)).duplex)
    shifts = [min(x for x, _ in spots) - (HALF - A5[0]) for spots in places]
    assert shifts == pytest.approx([0, 0, MM, MM, 0, 0, MM, MM], abs=0.01)


def test_manual_duplex_files_match_the_duplex_file():
    imposed = impose(numbered_pdf(11))
    duplex = read_sides(imposed.duplex)
    fronts, backs = read_sides(imposed.fronts), read_sides(imposed.backs)
    assert fronts == duplex[0::2]
    # Backs are turned 180 degrees (the stack is turned over like a book
    # page), so what the duplex file has on the left stands on the right.
    assert backs == [(b, a) for a, b in duplex[1::2]]
    with pikepdf.open(io.BytesIO(imposed.backs)) as doc:
        first = [op for op in pikepdf.parse_content_stream(doc.pages[0]) if str(op[1]) == "cm"][0]
        assert [float(v) for v in first[0][:4]] == [-1, 0, 0, -1]


def test_marks_are_drawn_only_when_asked():
    plain = impose(numbered_pdf(4)).duplex
    marked = impose(numbered_pdf(8), ImposeOptions(marks=True, creep_mm=1)).duplex
    with pdfplumber.open(io.BytesIO(plain)) as doc:
        assert not doc.pages[0].lines
    with pdfplumber.open(io.BytesIO(marked)) as doc:
        xs = sorted({round(line["x0"], 1) for line in doc.pages[0].lines})
    # the fold, and the two fore-edge trims pulled in by the creep
    assert xs == pytest.approx([round(HALF - A5[0] + MM, 1), round(HALF, 1), round(HALF + A5[0] - MM, 1)], abs=0.2)


@pytest.mark.parametrize("options,message", [
    (ImposeOptions(bind="top"), "--bind"),
    (ImposeOptions(sheets_per_signature=0), "--sheets-per-signature"),
    (ImposeOptions(creep_mm=-1), "--creep"),
])
def test_bad_options(options, message):
    with pytest.raises(ImpositionError, match=message):
        impose(numbered_pdf(4), options)


def test_not_a_pdf():
    with pytest.raises(ImpositionError):
        impose(b"not a pdf")
