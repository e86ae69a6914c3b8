"""Preview: a PDF -> pictures to look at instead of opening it (pypdfium2).

``X.pdf`` gets ``X.png``, its first pages side by side at a size to read,
and ``X.contact.png``, a contact sheet: every page small, in rows, on a
grey ground, so that a layout fault (a page nearly empty, a heading left at
the foot, a missing page number) shows at a glance.
"""

from __future__ import annotations

import io
import math

FIRST_PAGES = 2
FIRST_DPI = 100
GAP = 12          # pixels between pages
GROUND = (200, 200, 200)


def pictures(pdf: bytes, name: str) -> tuple:
    """``cache.Made`` files for the PDF named ``name``: the first pages and
    the contact sheet."""
    import pypdfium2 as pdfium

    from publish.cache import Made

    document = pdfium.PdfDocument(pdf)
    try:
        count = len(document)
        first = [_render(document[i], FIRST_DPI / 72) for i in range(min(FIRST_PAGES, count))]
        # Thumbnails shrink as the document grows: the sheet stays a few
        # thousand pixels across.
        height = 260 if count <= 24 else 180 if count <= 100 else 120
        thumbs = [_render(document[i], height / document[i].get_height()) for i in range(count)]
    finally:
        document.close()
    stem = name[:-4] if name.endswith(".pdf") else name
    columns = min(count, max(4, math.ceil(math.sqrt(count * 1.6))))
    return (Made(f"{stem}.png", _png(_sheet(first, len(first))), "preview", len(first)),
            Made(f"{stem}.contact.png", _png(_sheet(thumbs, columns)), "contact-sheet", count))


def _render(page, scale: float):
    return page.render(scale=scale, may_draw_forms=False).to_pil().convert("RGB")


def _sheet(images, columns: int):
    from PIL import Image

    cell_w = max(i.width for i in images)
    cell_h = max(i.height for i in images)
    rows = math.ceil(len(images) / columns)
    sheet = Image.new("RGB", (columns * cell_w + (columns + 1) * GAP, rows * cell_h + (rows + 1) * GAP), GROUND)
    for index, image in enumerate(images):
        row, column = divmod(index, columns)
        sheet.paste(image, (GAP + column * (cell_w + GAP), GAP + row * (cell_h + GAP)))
    return sheet


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False, compress_level=6)
    return buffer.getvalue()
