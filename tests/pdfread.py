"""Reading back what a reader of the PDF would see: lines of text with their
positions, fonts, metadata, outline. Built on pdfplumber and pypdf."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pypdf import PdfReader

MM = 72 / 25.4
PAGE_NUMBER = re.compile(r"^— \d+ —$")
# A line of nothing but Han characters and full-width punctuation.
HAN_ONLY = re.compile(r"^[\u4e00-\u9fff，。、；：！？“”‘’《》（）——…]+$")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float
    chars: list


def page_lines(pdf_path: Path) -> list[list[Line]]:
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            lines = []
            for raw in page.extract_text_lines(return_chars=True):
                chars = raw["chars"]
                lines.append(Line(raw["text"], raw["x0"], raw["x1"], raw["top"],
                                  max(c["size"] for c in chars), chars))
            pages.append(lines)
    return pages


def body_text(pdf_path: Path) -> str:
    """All text, page numbers dropped, whitespace removed."""
    parts = []
    for lines in page_lines(pdf_path):
        parts.extend(line.text for line in lines if not PAGE_NUMBER.match(line.text))
    return re.sub(r"\s+", "", "".join(parts))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def embedded_fonts(pdf_path: Path) -> dict[str, bool]:
    """Base font name -> whether its program is embedded in the file."""
    found: dict[str, bool] = {}
    reader = PdfReader(pdf_path)
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            found[name] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def outline(pdf_path: Path) -> list:
    """The outline as nested (title, children) pairs."""
    reader = PdfReader(pdf_path)

    def walk(items):
        result = []
        for item in items:
            if isinstance(item, list):
                result[-1] = (result[-1][0], walk(item))
            else:
                result.append((item.title, []))
        return result

    return walk(reader.outline)


def drawn_pictures(pdf: Path) -> list[tuple[int, int]]:
    """The pictures drawn on the pages (pixel sizes), in page order."""
    with pdfplumber.open(pdf) as doc:
        return [tuple(int(v) for v in image["srcsize"]) for page in doc.pages for image in page.images]
