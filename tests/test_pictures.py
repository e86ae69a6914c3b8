"""Pictures as they are embedded (publish/pictures.py): a photo wider than
300 dpi across the 156 mm measure is reduced once a process, to the same
pixels in every format and edition; a narrower one goes in as it is."""

from __future__ import annotations

import io

import pikepdf
from PIL import Image

from conftest import make_workspace
from pdfread import MM

ARTICLE = "# 党员志愿者走进社区\n\n社区里来了党员志愿者，为居民义诊。\n\n![志愿者为居民义诊](images/photo.jpg)\n\n活动持续了一整天。\n"


def _photo(size: tuple[int, int], orientation: int | None = None) -> bytes:
    """A JPEG whose left half is dark and right half light."""
    image = Image.new("RGB", size, (220, 220, 220))
    image.paste(Image.new("RGB", (size[0] // 2, size[1]), (30, 30, 30)), (0, 0))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def _build(tmp_path, photo: bytes, **options):
    from publish import pictures
    from publish.build import BuildOptions, build

    pictures._REDUCED.clear()
    ws = make_workspace(tmp_path / "ws", {"a.md": ARTICLE, "images/photo.jpg": photo})
    return build([], BuildOptions(workspace=ws, out_dir=ws / "dist", formats=("a4", "booklet"),
                                  editions=("zh-Hans", "zh-Hant-HK"), **options))


def _images(pdf_path) -> list[tuple[int, int, bytes]]:
    """(width, height, stream bytes as stored) of each picture the PDF holds."""
    with pikepdf.open(pdf_path) as pdf:
        found = {image.objgen: image for page in pdf.pages for image in page.get_images().values()}
        return [(int(image.Width), int(image.Height), image.read_raw_bytes()) for image in found.values()]


def _drawn(pdf_path) -> list[float]:
    """How wide each picture is drawn, in points."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        return [image["x1"] - image["x0"] for page in pdf.pages for image in page.images]


def test_a_large_photo_is_reduced_once_to_the_same_pixels_in_every_format(tmp_path, monkeypatch):
    """A 2400-pixel photo in the A4 handout and the A5 booklet of two
    editions: reduced once (WeasyPrint reduced it again for each of the four
    documents, to another size for A5), to 1842 pixels across (300 dpi over
    156 mm), the same bytes in every file; A4 prints it across the measure."""
    resized = []
    real = Image.Image.resize

    def resize(self, *args, **kwargs):
        resized.append(self.size)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "resize", resize)
    outputs = _build(tmp_path, _photo((2400, 1600)))
    assert len(resized) == 1, resized
    pdfs = [o.path for o in outputs if o.path.suffix == ".pdf" and ".booklet." not in o.path.name]
    assert len(pdfs) == 4
    images = {pdf.name: _images(pdf) for pdf in pdfs}
    streams = {stream for found in images.values() for (_w, _h, stream) in found}
    assert len(streams) == 1, {name: [(w, h, len(s)) for w, h, s in found] for name, found in images.items()}
    for found in images.values():
        [(width, height, stream)] = found
        assert (width, height) == (1842, 1228)
        assert Image.open(io.BytesIO(stream)).size == (1842, 1228)
    for pdf in pdfs:
        [drawn] = _drawn(pdf)
        # across the measure on A4 (300 dpi), across A5's (112 mm: 418 dpi)
        assert abs(drawn - (156 if pdf.name.endswith(".a4.pdf") else 112) * MM) < 1.0, (pdf.name, drawn / MM)


def test_a_photo_narrower_than_that_goes_in_byte_for_byte(tmp_path):
    """A 1200-pixel news photo is embedded as the file holds it, in A4 and
    A5, but for its EXIF block (WeasyPrint compressed a JPEG that carries
    one again, at quality 75; and A5's to fewer pixels)."""
    photo = _photo((1200, 800))
    assert b"Exif" in photo
    outputs = _build(tmp_path, photo)
    pdfs = [o.path for o in outputs if o.path.suffix == ".pdf" and ".booklet." not in o.path.name]
    scan = photo[photo.index(b"\xff\xda"):]  # the compressed picture itself
    for pdf in pdfs:
        [(width, height, stream)] = _images(pdf)
        assert (width, height) == (1200, 800) and stream.endswith(scan) and b"Exif" not in stream, pdf.name
        assert len(photo) - len(stream) < 200, (len(photo), len(stream))


def test_a_turned_phone_photo_is_reduced_upright(tmp_path):
    """A phone's photo stored on its side (3000 x 2000, EXIF orientation 6:
    turn it a quarter clockwise) prints upright, reduced across what is
    its width then (2000 pixels, to 1842): portrait, its dark half on top."""
    outputs = _build(tmp_path, _photo((3000, 2000), orientation=6))
    a4 = next(o.path for o in outputs if o.path.name.endswith(".zh-Hans.a4.pdf"))
    [(width, height, stream)] = _images(a4)
    assert (width, height) == (1842, 2763)
    image = Image.open(io.BytesIO(stream)).convert("L")
    assert image.getexif().get(0x0112, 1) == 1  # (no turn left for a viewer to make again)
    top, bottom = image.getpixel((921, 200)), image.getpixel((921, 2563))
    assert top < 60 < 150 < bottom, (top, bottom)
