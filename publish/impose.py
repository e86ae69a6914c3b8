"""Impose: an A5 PDF in reading order -> A4 landscape sheets for saddle-stitching.

Pure geometry on pages. ``plan`` decides which page stands on which half of
which side of which sheet (and how far creep moves it); ``impose`` draws that
plan with pikepdf, placing every page as a form XObject so its fonts and
images are stored once.

Saddle stitch, left binding: pad to a multiple of 4 (blanks before a back
cover if there is one); sheet k (from 0) of a signature of n pages carries on
its front pages n-2k (left half) and 2k+1 (right half), on its back 2k+2 and
n-2k-1 (1-based). Right binding mirrors left and right. The sheets are
printed double-sided, flipped on the short edge.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from publish.errors import ImpositionError
from publish.i18n import _

MM = 72 / 25.4
A4_LANDSCAPE = (841.89, 595.28)


@dataclass(frozen=True)
class ImposeOptions:
    bind: str = "left"                      # "left" or "right"
    sheets_per_signature: int | None = None  # None: the whole booklet is one signature
    creep_mm: float = 0.0                   # how far the innermost sheet's pages move toward the fold
    marks: bool = False                     # fold and trim marks
    back_cover: bool = False                # the last page is a back cover: pad before it


@dataclass(frozen=True)
class Side:
    """One side of one sheet: the source pages (0-based; None = blank) on the
    left and right halves, and the creep shift toward the fold in points."""

    sheet: int
    front: bool
    left: int | None
    right: int | None
    shift: float


@dataclass(frozen=True)
class Imposed:
    duplex: bytes
    fronts: bytes
    backs: bytes
    sheets: int
    pages: int  # after padding


def padded_order(pages: int, back_cover: bool = False) -> list[int | None]:
    """The reading order with blank pages (None) added up to a multiple of 4."""
    if pages < 1:
        raise ImpositionError(_("nothing to impose: the PDF has no pages"))
    blanks = [None] * (-pages % 4)
    order: list[int | None] = list(range(pages))
    if back_cover and pages > 1 and blanks:
        return order[:-1] + blanks + order[-1:]
    return order + blanks


def plan(pages: int, options: ImposeOptions = ImposeOptions()) -> tuple[Side, ...]:
    if options.bind not in ("left", "right"):
        raise ImpositionError(_("--bind must be left or right, not {bind!r}").format(bind=options.bind))
    if options.sheets_per_signature is not None and options.sheets_per_signature < 1:
        raise ImpositionError(_("--sheets-per-signature must be at least 1"))
    if options.creep_mm < 0:
        raise ImpositionError(_("--creep must not be negative"))
    order = padded_order(pages, options.back_cover)
    per_signature = 4 * (options.sheets_per_signature or len(order) // 4)
    sides: list[Side] = []
    sheet_number = 0
    for start in range(0, len(order), per_signature):
        signature = order[start:start + per_signature]
        n = len(signature)
        sheets = n // 4
        for k in range(sheets):
            # Creep grows linearly from nothing on the outer sheet to the
            # full amount on the innermost one.
            shift = options.creep_mm * MM * (k / (sheets - 1) if sheets > 1 else 0.0)
            pairs = ((True, n - 2 * k, 2 * k + 1), (False, 2 * k + 2, n - 2 * k - 1))
            for front, left, right in pairs:
                if options.bind == "right":
                    left, right = right, left
                sides.append(Side(sheet_number, front, signature[left - 1], signature[right - 1], shift))
            sheet_number += 1
    return tuple(sides)


def impose(pdf: bytes, options: ImposeOptions = ImposeOptions()) -> Imposed:
    import pikepdf

    try:
        source = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PdfError as exc:
        raise ImpositionError(_("cannot read the A5 PDF: {error}").format(error=exc)) from None
    sides = plan(len(source.pages), options)
    duplex = _draw(source, sides, options, rotate_backs=False)
    fronts = _draw(source, [s for s in sides if s.front], options, rotate_backs=False)
    backs = _draw(source, [s for s in sides if not s.front], options, rotate_backs=True)
    return Imposed(duplex, fronts, backs, len(sides) // 2, len(sides) * 2)


def _draw(source, sides, options: ImposeOptions, rotate_backs: bool) -> bytes:
    import pikepdf

    out = pikepdf.new()
    width, height = A4_LANDSCAPE
    forms: dict[int, pikepdf.Object] = {}

    def form(index: int):
        if index not in forms:
            forms[index] = out.copy_foreign(source.pages[index].as_form_xobject())
        return forms[index]

    max_shift = max((s.shift for s in sides), default=0.0)
    for side in sides:
        page = out.add_blank_page(page_size=(width, height))
        ops: list[str] = []
        if rotate_backs and not side.front:
            # Manual duplex: the stack is turned over like a page of a book
            # (left edge to the right), which turns each back 180 degrees
            # relative to a duplex unit flipping on the short edge.
            ops.append(f"q -1 0 0 -1 {width:.4f} {height:.4f} cm")
        for index, on_left in ((side.left, True), (side.right, False)):
            if index is None:
                continue
            src = source.pages[index]
            box = [float(v) for v in src.mediabox]
            w, h = box[2] - box[0], box[3] - box[1]
            # Each page abuts the fold, moved toward it by the creep shift.
            x = width / 2 - w + side.shift if on_left else width / 2 - side.shift
            y = (height - h) / 2
            # Named by page number, not by pikepdf's random default: output stays reproducible.
            name = page.add_resource(form(index), pikepdf.Name.XObject, name=pikepdf.Name(f"/P{index + 1}"))
            ops.append(f"q 1 0 0 1 {x - box[0]:.4f} {y - box[1]:.4f} cm {name} Do Q")
        if options.marks:
            ops.append(_marks(width, height, source, max_shift))
        if rotate_backs and not side.front:
            ops.append("Q")
        page.Contents = out.make_stream("\n".join(ops).encode("ascii"))
    buffer = io.BytesIO()
    out.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             deterministic_id=True)
    return buffer.getvalue()


def _marks(width: float, height: float, source, creep: float) -> str:
    """Fold marks at the spine and trim marks where the fore-edges are cut
    after creep, all in the top and bottom 10 mm, hairline grey."""
    box = [float(v) for v in source.pages[0].mediabox]
    trim = (box[2] - box[0]) - creep
    lines = []
    for x in (width / 2, width / 2 - trim, width / 2 + trim):
        lines.append(f"{x:.3f} {height - 4 * MM:.3f} m {x:.3f} {height - 10 * MM:.3f} l")
        lines.append(f"{x:.3f} {4 * MM:.3f} m {x:.3f} {10 * MM:.3f} l")
    return "q 0.25 w 0.4 G [2 1] 0 d " + " ".join(lines) + " S Q"
