"""Pictures as they are embedded: reduced once a process, not once a document.

WeasyPrint down-samples a picture to 300 dpi at the size each document
prints it: a photo in the A4 handout and the A5 booklet of two editions was
decoded, resized and encoded again four times (a 2400-pixel photo: 90 ms
each), and every JPEG it reduced, or that carried EXIF (a camera's, a
phone's), lost quality to a second compression at quality 75. Here a
picture wider than ``PICTURE_WIDTH`` (300 dpi across GB/T 9704's 156 mm
measure, the widest text of publish's layouts) is reduced to it, once a
process, for every format (an A5 page prints it at 418 dpi), upright as its
EXIF asks; a narrower JPEG goes in as the file holds it, without its EXIF
block. WeasyPrint still reduces, for each document, a picture printed
finer than 600 dpi (``typeset``): a tall photo in a 12 cm high figure."""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict

PICTURE_WIDTH = 1842  # 156 mm at 300 dpi: 1842.5 pixels

# Reduced pictures (None: as it is), by what they were made from (a
# file's path, size and time, or a picture's digest): some 0.5 MB each.
_REDUCED: OrderedDict[tuple, bytes | None] = OrderedDict()
_KEPT = 48
_lock = threading.Lock()

# What Pillow can reduce as it is read and write back in the same kind;
# other pictures (CMYK, 16-bit, SVG) go to the typesetter as they are.
_MODES = {"RGB", "L", "RGBA", "LA", "P"}
_KINDS = {"JPEG", "MPO", "PNG", "GIF", "BMP", "TIFF", "WEBP"}
_ORIENTATION = 0x0112  # EXIF: the turn the camera asks for (5 to 8 take a quarter turn)


def reduced(data: bytes) -> bytes | None:
    """The picture ``data`` reduced to ``PICTURE_WIDTH`` pixels across as it
    prints (upright, as its EXIF orientation asks), or None where it goes
    in as it is."""
    return _kept((hashlib.sha1(data).digest(),), lambda: data)


def reduced_file(path) -> bytes | None:
    """``reduced`` for the picture in the file ``path``: looked at once a
    process while the file stays as it is."""
    stat = path.stat()
    return _kept((str(path), stat.st_size, stat.st_mtime_ns), path)


def _kept(key: tuple, source) -> bytes | None:
    with _lock:  # (the desk typesets in threads)
        if key in _REDUCED:
            _REDUCED.move_to_end(key)
            return _REDUCED[key]
        made = _REDUCED[key] = _reduced(source)
        while len(_REDUCED) > _KEPT:
            _REDUCED.popitem(last=False)
        return made


def _reduced(source) -> bytes | None:
    """``source``: a file's path, or a function that gives the picture."""
    import warnings

    from PIL import Image, ImageOps

    from publish.render import allow_large_pictures

    allow_large_pictures()
    data = source.read_bytes() if hasattr(source, "stat") else source()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # (render.py says it, in words)
            with Image.open(io.BytesIO(data)) as image:
                orientation = image.getexif().get(_ORIENTATION, 1)
                across = image.height if orientation in (5, 6, 7, 8) else image.width
                jpeg = image.format in ("JPEG", "MPO")
                if across <= PICTURE_WIDTH and (not jpeg or orientation == 1):
                    # WeasyPrint compresses a JPEG that carries EXIF again
                    # (at quality 75), turned or not: without it, it goes in
                    # as it is.
                    # (An MPO's other pictures follow the first: left to it.)
                    return _without_exif(data) if image.format == "JPEG" and "exif" in image.info else None
                if image.mode not in _MODES or image.format not in _KINDS:
                    return None
                info = dict(image.info)
                scale = min(1.0, PICTURE_WIDTH / across)
                if jpeg and scale < 1:
                    # Decoded at a half, a quarter or an eighth of its size
                    # where that is still as large (a 108-megapixel photo).
                    image.draft(image.mode, (int(image.width * scale) + 1, int(image.height * scale) + 1))
                upright = ImageOps.exif_transpose(image)
            if upright.mode == "P":
                upright = upright.convert("RGBA" if "transparency" in info else "RGB")
            if upright.width > PICTURE_WIDTH:
                height = max(1, round(upright.height * PICTURE_WIDTH / upright.width))
                upright = upright.resize((PICTURE_WIDTH, height), Image.Resampling.BICUBIC, reducing_gap=3.0)
            out = io.BytesIO()
            profile = {"icc_profile": info["icc_profile"]} if info.get("icc_profile") else {}
            if jpeg:
                upright.save(out, "JPEG", quality=85, optimize=True, **profile)
            else:
                upright.save(out, "PNG", **profile)
            return out.getvalue()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None  # (the typesetter says what is wrong with it)


def _without_exif(data: bytes) -> bytes | None:
    """The JPEG ``data`` without its EXIF segments (APP1 ``Exif``), all the
    rest byte for byte; None where it has none (or is not read so)."""
    if data[:2] != b"\xff\xd8":
        return None
    kept, at, dropped = [data[:2]], 2, False
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xFF:  # (a fill byte)
            at += 1
            continue
        if marker == 0xDA:  # the scan: the picture itself, to the end
            break
        length = int.from_bytes(data[at + 2:at + 4], "big")
        segment = data[at:at + 2 + length]
        if marker == 0xE1 and segment[4:10] == b"Exif\x00\x00":
            dropped = True
        else:
            kept.append(segment)
        at += 2 + length
    if not dropped or at + 2 > len(data) or data[at:at + 2] != b"\xff\xda":
        return None
    return b"".join(kept) + data[at:]
