"""Font merging: pikepdf.Pdf joined from parts -> the same PDF, each font once.

Every part of a compilation (``parts.py``) embeds its own subset of each
font it uses; joined, a 30-article compilation would carry 30 copies of
the body font. Here the copies of a font are replaced by one subset that
holds every glyph any of them uses, cut the way WeasyPrint cuts its own
(HarfBuzz, glyph ids kept, so every part's text stays valid) from the font
file they were cut from: an installed font, found by its PostScript name
through fontconfig, or one of the workspace's. Their widths (``/W``) and
text mappings (``/ToUnicode``, for copying and searching) are merged too.
A font whose file cannot be found keeps its copies: the PDF is only larger.
"""

from __future__ import annotations

import ctypes
import io
import re
import subprocess
from decimal import Decimal
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path


def merge_fonts(pdf, extra_files: Sequence[Path] = (), cut: bool = True, known: dict | None = None) -> dict:
    """Merge the copies of each font in ``pdf`` (in place). ``extra_files``:
    font files outside fontconfig's folders (the workspace's ``fonts/``). A
    font with one copy is cut again too: it may be a stand-in
    (``speed.fonts_cut_later``). Without ``cut``, the copies become one
    that keeps the first's program (a stand-in, to be cut later) with the
    widths and text of all. ``known``: what the copies of a font hold
    between them, by name (``font_contents``), where read from the PDF
    otherwise. Returns the same for every font of the PDF (None: neither
    known nor read)."""
    import pikepdf

    groups: dict[tuple[str, str], list] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and obj.get("/Subtype") == "/Type0":
            descendant = obj.DescendantFonts[0]
            groups.setdefault((str(obj.BaseFont), str(descendant.Subtype)), []).append(obj)
    known = known or {}
    fonts = [_Font.of(members, known.get(name)) for (name, _), members in groups.items() if cut or len(members) > 1]
    if cut:
        # HarfBuzz lets go of Python's lock while it cuts: the faces are cut
        # side by side (the join is the last step of a compilation, its
        # other core idle otherwise).
        # (pikepdf is read here, in one thread.)
        from concurrent.futures import ThreadPoolExecutor

        programs = [font.first.FontDescriptor[font.kind].read_bytes() for font in fonts]
        with ThreadPoolExecutor(max(1, min(len(fonts), 4))) as threads:
            cuts = list(threads.map(lambda font, program: font.cut(program, tuple(extra_files)), fonts, programs))
    else:
        cuts = [None] * len(fonts)
    for font, data in zip(fonts, cuts):
        if cut and not data:
            continue  # its file not found: the copies stay
        font.write(pdf, data)
    held = {name: known.get(name) for name, _ in groups}
    held.update((str(font.members[0].BaseFont), (font.widths, font.text)) for font in fonts)
    return held


def font_contents(noted) -> dict:
    """What each font of several PDFs holds between them, by name: ``noted``
    gives, for each PDF, its fonts as ``speed.fonts_cut_later`` noted them
    (``typeset.Typeset.fonts``) or as ``merge_fonts`` returns them. A font
    a PDF could not tell (None) is left out, to be read from the PDF; a PDF
    whose fonts were not noted at all (None) leaves every font out."""
    contents: dict[str, tuple[dict, dict]] = {}
    untold = set()
    for fonts in noted:
        if fonts is None:
            return {}
        for name, held in (fonts.items() if isinstance(fonts, dict) else
                           ((name, None if widths is None else (widths, text)) for name, widths, text in fonts)):
            if held is None:
                untold.add(name)
                continue
            widths, text = contents.setdefault(name, ({}, {}))
            widths.update(held[0])
            # (read back, a ToUnicode map has no entry for a glyph that stands for no text)
            text.update((gid, value) for gid, value in held[1].items() if value)
    return {name: held for name, held in contents.items() if name not in untold}


class _Font:
    """The copies of one font in a PDF: the first's descendant and program,
    the widths and text of all."""

    def __init__(self, members: list, first, kind: str, widths: dict, text: dict):
        self.members, self.first, self.kind, self.widths, self.text = members, first, kind, widths, text

    @classmethod
    def of(cls, members: list, known: tuple[dict, dict] | None = None) -> "_Font":
        """The copies of a font; ``known``: their widths and text between
        them, else read from each."""
        first = members[0].DescendantFonts[0]
        kind = "/FontFile3" if "/FontFile3" in first.FontDescriptor else "/FontFile2"
        if known is not None:
            return cls(members, first, kind, dict(known[0]), dict(known[1]))
        widths: dict[int, object] = {}
        text: dict[int, str] = {}
        read: set = set()  # copies merged already (in a part or a piece: lay_parts) share these
        for member in members:
            descendant, to_unicode = member.DescendantFonts[0], member.get("/ToUnicode")
            if descendant.objgen == (0, 0) or descendant.objgen not in read:
                read.add(descendant.objgen)
                widths.update(read_widths(descendant.get("/W", [])))
            if to_unicode is not None and (to_unicode.objgen == (0, 0) or to_unicode.objgen not in read):
                read.add(to_unicode.objgen)
                text.update(read_cmap(to_unicode.read_bytes()))
        return cls(members, first, kind, widths, text)

    def cut(self, program: bytes, extra_files: tuple[Path, ...]) -> bytes | None:
        """The face the copies' ``program`` was cut from, cut to the glyphs
        of every copy; or None (its file not found, or HarfBuzz failed)."""
        source = font_source(program, extra_files)
        return source and subset(*source, sorted(self.widths))

    def write(self, pdf, data: bytes | None) -> None:
        """One copy for all, its program ``data`` when cut."""
        import pikepdf

        first, kind = self.first, self.kind
        if data:
            program = first.FontDescriptor[kind]
            stream = pikepdf.Stream(pdf, data)
            for key, value in program.items():
                if key not in ("/Length", "/Filter", "/DecodeParms"):
                    stream[key] = value
            if "/Length1" in program:
                stream.Length1 = len(data)
            first.FontDescriptor[kind] = stream
        first.W = pikepdf.Array([item for gid in sorted(self.widths)
                                 for item in (gid, pikepdf.Array([self.widths[gid]]))])
        to_unicode = pdf.make_stream(write_cmap(self.text))
        for member in self.members:
            member.DescendantFonts = pikepdf.Array([first])
            member.ToUnicode = to_unicode


def read_widths(array) -> dict[int, object]:
    """``/W``: ``c [w1 w2 …]`` and ``c_first c_last w`` runs -> gid: width
    (read from its text: walking a long array item by item through pikepdf
    is slow)."""
    items: list = []
    stack = [items]
    for token in re.findall(rb"\[|\]|[-+.0-9]+", array.unparse() if hasattr(array, "unparse") else b""):
        if token == b"[":
            stack[-1].append([])
            stack.append(stack[-1][-1])
        elif token == b"]":
            stack.pop()
        else:
            stack[-1].append(Decimal(token.decode()) if b"." in token else int(token))
    if len(items) == 1 and isinstance(items[0], list):
        items = items[0]  # the array's own brackets
    widths: dict[int, object] = {}
    i = 0
    while i < len(items):
        start = int(items[i])
        if isinstance(items[i + 1], list):
            for offset, width in enumerate(items[i + 1]):
                widths[start + offset] = width
            i += 2
        else:
            for gid in range(start, int(items[i + 1]) + 1):
                widths[gid] = items[i + 2]
            i += 3
    return widths


_HEX = r"<([0-9a-fA-F]+)>"


def read_cmap(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's ``bfchar`` and ``bfrange`` entries -> gid: text."""
    text = data.decode("latin-1")
    found: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for gid, value in re.findall(_HEX + r"\s*" + _HEX, block):
            found[int(gid, 16)] = bytes.fromhex(value).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, value in re.findall(_HEX + r"\s*" + _HEX + r"\s*" + _HEX, block):
            first = bytes.fromhex(value).decode("utf-16-be", "replace")
            for offset in range(int(high, 16) - int(low, 16) + 1):
                found[int(low, 16) + offset] = first[:-1] + chr(ord(first[-1]) + offset)
    return found


def write_cmap(text: dict[int, str]) -> bytes:
    """A ToUnicode CMap as WeasyPrint writes them, 100 entries a block."""
    entries = [f"<{gid:04x}> <{value.encode('utf-16-be').hex()}>" for gid, value in sorted(text.items())]
    blocks = [f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar"
              for chunk in (entries[i:i + 100] for i in range(0, len(entries), 100))]
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
            "<< /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n"
            "/CMapType 2 def\n1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n" + "\n".join(blocks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend").encode("ascii")


def font_source(program: bytes, extra_files: tuple[Path, ...]) -> tuple[str, int] | None:
    """The font file and face a subset was cut from: same PostScript name,
    same revision and creation time in ``head``."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        cut = TTFont(io.BytesIO(program), lazy=True)
        name, head = cut["name"].getDebugName(6), cut["head"]
        stamp = (head.fontRevision, head.created, head.unitsPerEm)
    except (TTLibError, KeyError, AttributeError, ValueError):
        return None
    for path, index in _faces_named(extra_files).get(name, ()):
        try:
            other = TTFont(path, fontNumber=index, lazy=True)["head"]
        except (TTLibError, OSError, KeyError):
            continue
        if (other.fontRevision, other.created, other.unitsPerEm) == stamp:
            return path, index
    return None


@lru_cache(maxsize=4)
def _faces_named(extra_files: tuple[Path, ...]) -> dict[str, list[tuple[str, int]]]:
    """PostScript name -> (file, face index): the workspace's files first,
    then fontconfig's (one fc-list)."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    faces: dict[str, list[tuple[str, int]]] = {}
    for path in extra_files:
        try:
            fonts = TTCollection(str(path), lazy=True).fonts if path.suffix.lower() in (".ttc", ".otc") \
                else [TTFont(str(path), lazy=True)]
            for index, font in enumerate(fonts):
                faces.setdefault(font["name"].getDebugName(6), []).append((str(path), index))
        except (TTLibError, OSError, KeyError):
            continue
    try:
        listing = subprocess.run(["fc-list", "--format", "%{postscriptname}|%{index}|%{file}\n"],
                                 capture_output=True, text=True, timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    for line in sorted(listing.splitlines()):
        name, index, file = (line.split("|", 2) + ["", ""])[:3]
        if name and file:
            faces.setdefault(name, []).append((file, int(index or 0)))
    return faces


def subset(path: str, index: int, gids: list[int]) -> bytes | None:
    """The face cut down to ``gids`` exactly as WeasyPrint cuts its own
    subsets: its own method, given a HarfBuzz face of the file."""
    from types import SimpleNamespace

    from weasyprint.pdf.fonts import Font
    from weasyprint.text.ffi import ffi

    harfbuzz = _harfbuzz()
    if harfbuzz is None or not gids:
        return None
    blob = harfbuzz.hb_blob_create_from_file(path.encode())
    face = harfbuzz.hb_face_create(blob, index)
    try:
        # index, glyph_count, upem: what speed.py's subset cache keys by
        cut = SimpleNamespace(hb_face=ffi.cast("hb_face_t *", face), missing={}, family=path, index=index,
                              glyph_count=-1, upem=0, file_content=None)
        Font._harfbuzz_subset(cut, dict.fromkeys(gids, ""), False)  # WeasyPrint's default: no hinting
        return cut.file_content
    finally:
        harfbuzz.hb_face_destroy(face)
        harfbuzz.hb_blob_destroy(blob)


@lru_cache(maxsize=1)
def _harfbuzz():
    """The two HarfBuzz calls WeasyPrint's bindings lack (the library it
    loads, so the face can be handed to it)."""
    try:
        library = ctypes.CDLL("libharfbuzz.so.0")
    except OSError:
        return None
    library.hb_blob_create_from_file.restype = ctypes.c_void_p
    library.hb_blob_create_from_file.argtypes = [ctypes.c_char_p]
    library.hb_face_create.restype = ctypes.c_void_p
    library.hb_face_create.argtypes = [ctypes.c_void_p, ctypes.c_uint]
    library.hb_face_destroy.argtypes = [ctypes.c_void_p]
    library.hb_blob_destroy.argtypes = [ctypes.c_void_p]
    return library
