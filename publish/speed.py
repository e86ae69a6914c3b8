"""WeasyPrint 70 without waste: patches that make typesetting cheaper and
change nothing in what is printed (the typesetter installs them once).

* Fonts: WeasyPrint copies every font file it uses into memory as soon as
  a document uses it (each Noto CJK collection is some 20 MB), only to
  subset it when writing the PDF. The copy is made when something really
  needs the whole file (never, for the subset fonts publish embeds), and a
  subset made once is kept for the next document that needs the same
  glyphs of the same face (the A4 and booklet files of one edition), and
  so is its compressed stream (pydyf compresses at zlib's level 9: 40 ms
  a document for the faces of a handout, the same bytes each time). A
  PDF whose fonts are cut again when it is joined to others (the parts
  and the frame of a compilation: ``fontmerge.py``) carries a stand-in of
  each font that says which it is (``fonts_cut_later``), not a subset
  that would be compressed only to be thrown away.
* Leaders: ``leader(".")`` is laid out as one text box per dot, each drawn
  on its own (a hundred per contents line); the dots of a leader become one
  text box, drawn in one go, at the same places.
* Drawing text: WeasyPrint reads a line's glyphs field by field through
  cffi and writes each glyph's piece of the PDF's TJ array afresh. A run
  is read at once (``_glyphs_read_at_once``), and each piece is written
  once: kept for the rest of the document, and for the documents after
  it wherever the glyph is as wide in its face (a face of another file
  under the same name need not be). A 310-page compilation typeset in 37
  parts and pieces wrote 88 000 pieces, 3 000 in one document; what text
  each glyph draws is still noted in each document, as WeasyPrint does.
* Cutting a face: WeasyPrint cuts each face twice (keeping every glyph's
  number, then dropping the empty slots after the last glyph); HarfBuzz's
  first cut already ends there, so where it keeps nothing after the last
  glyph used, one cut with the second's flags is made (``_cut_once``: a
  third of the time, the same bytes).
* Fonts of a PDF to be joined: what each holds (widths, text) is noted as
  it is written (``fonts_cut_later``), so that the join merges what it
  knows rather than read it back from the PDF.
* Page references: the contents' ``target-counter()`` makes WeasyPrint lay
  the contents out again once the articles' pages are known. A slip in
  ``formatting_structure/build.py`` (the list of a target's missing
  counters is passed on as the box's own missing counters too) made it do
  so twice; once is enough.
* Loading: WeasyPrint asks for each library under its Windows and macOS
  names first (``libpango-1.0-0``); on Linux every miss makes
  ``ctypes.util.find_library`` run ldconfig, gcc and ld (22 misses, 54
  processes) before the Linux name (``libpango-1.0.so.0``) loads directly:
  0.2 s of every start on a quiet machine, 0.5 s or more on a busy one.
  ``import_weasyprint`` imports it with those misses answered at once,
  and without parsing the stylesheets of presentational hints and forms
  (20 ms) or importing Pillow's colour management: publish uses neither,
  and they are there when something does.
* C declarations: WeasyPrint's 450 lines of them were parsed by cffi's
  pycparser at every start (0.1 s with the parser's import), and every
  type named while typesetting again with all their typedefs (7 ms each,
  a dozen a process). Its FFI is the one cffi compiles of the same
  declarations, made once and kept (``_declarations_compiled``).
* Stylesheets: a document's ``<style>`` is parsed once a process (its
  selectors compiled, its page rules read): the parts of a compilation,
  the pieces of its frame and the editions of a handout bring the same.
* Page styles: WeasyPrint names every page's type by its number, so the
  page and its sixteen margin boxes get their styles cascaded and
  computed afresh on every page (and each page looks through every page
  styled before it). Pages that the same ``@page`` rules match share one
  set of styles; whatever is computed for one page is there for the next.
* Empty margins: WeasyPrint makes all sixteen margin boxes of every page,
  computing their styles and resolving their sizes, before it finds which
  have anything to show. Only the sides with content get their boxes made
  (the three of the foot for a page number, of the head for a running
  head), and a corner only with content of its own: a page of the frame
  of a compilation makes six, not sixteen; a part's page, none.
* Shrink-to-fit: the width of an inline block (each phrase of a title:
  render.py) is its widest unbroken width, capped by the line, but never
  under its narrowest; WeasyPrint measures the narrowest first, breaking
  the phrase after every character and laying each piece out (a twentieth
  of a compilation part's time). When the widest fits, the narrowest
  cannot change the width, and is not measured.
* Line breaking: to find where a line ends, WeasyPrint has Pango lay out
  the rest of the paragraph, or its first four lines' worth of characters
  at one em each (meant for Latin text, four characters an em). Chinese
  sets about one character an em: Pango laid out some four lines for each
  line kept. A line and a half of characters is laid out instead, kept
  when the line found ends before two Han characters that follow it in
  that text (the break between them is the next one, found as in the
  whole text); otherwise the whole text is laid out, as before (8 % fewer
  instructions for a part of a compilation).
* Pango contexts: every text WeasyPrint lays out (459 for a ten-page part
  of a compilation) gets a Pango context and a font description made
  afresh, set from its style. Texts of the same font, size, language and
  direction share one context and one description, made once a process
  (the time spent setting layouts up halves).
* Font keys: WeasyPrint names a style's font by a string of fourteen of
  its values, made afresh each time a text is set up or its line height
  looked up (three times a line, a twentieth of a part's time); it is
  made once a style (``_font_keys_kept``).
* Stack: CPython 3.11 keeps Python frames in 16 kB chunks; a chunk is
  mapped when the frames outgrow the one before and unmapped as soon as
  they return below its start. WeasyPrint's layout recurses back and forth
  across such a boundary thousands of times a page: a 310-page compilation
  mapped and unmapped 250 000 chunks, each a page fault (3 s of system
  time, a sixth of the build). ``deep_stack`` runs a command, and each job
  of a worker, in a frame that leaves room for all of it in one chunk.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from contextlib import contextmanager, suppress
from functools import lru_cache

# Subsets kept for the next document: a CJK subset is a few hundred kB.
_SUBSETS: OrderedDict[tuple, bytes] = OrderedDict()
_SUBSETS_KEPT = 16
# The compressed stream of each subset kept (by the subset's bytes object,
# the one _SUBSETS gives every document that uses it): (subset, level, stream).
_COMPRESSED: OrderedDict[int, tuple[bytes, int, bytes]] = OrderedDict()
# Stand-ins (see fonts_cut_later) by face: a few kB each, one a face.
_STAND_INS: dict[tuple, bytes] = {}
# The glyphs drawn, for the documents after (see _glyphs_read_at_once): by
# font size and kind (bitmap or not), then by glyph, advance and offset,
# the glyph's width in its face and its piece of a TJ array.
_DRAWN: dict[tuple, dict[tuple, tuple[int, str]]] = {}
_DRAWN_KEPT = 100_000  # a size's glyphs (a 310-page compilation draws 3000)
_installed = False
# While fonts are cut later: the font files fontmerge looks in besides
# fontconfig's (see fonts_cut_later).
_cut_later: tuple | None = None
# Meanwhile: what each font written holds (see fonts_cut_later).
_fonts_written: list | None = None
# Spans without the collector since its last full collection (see
# no_garbage_collection): every so many, one first. A typeset document
# leaves some 8000 objects in cycles (1.5 MB, its Pango layouts); a full
# collection walks what the process holds (70 ms, its fonts' large maps)
# and frees them (10 ms a document). A build of a 310-page compilation
# makes 40 documents: none, in a command; a server's workers, every 50.
_SPANS_A_COLLECTION = 50
_spans = 0


@contextmanager
def fonts_cut_later(font_files: tuple = ()):
    """Fonts written meanwhile are stand-ins (the font's glyph 0 and its
    names), as long as ``fontmerge`` finds the file to cut them from
    (installed, or one of ``font_files``): a PDF made to be joined. Yields
    the list that receives, for each font written, its name, widths and
    text (``(name, {gid: width}, {gid: text})``; None and None when its
    dictionary holds others): what ``fontmerge`` would otherwise read back
    from the PDF's ``/W`` arrays and ``/ToUnicode`` maps."""
    global _cut_later, _fonts_written
    _cut_later, _fonts_written = tuple(font_files), []
    try:
        yield _fonts_written
    finally:
        _cut_later = _fonts_written = None


def import_weasyprint() -> None:
    """Import WeasyPrint, its libraries loaded by their Linux names without
    asking ldconfig, gcc and ld about the names that cannot load, and
    without fontTools' subsetter and variable-font instancer (a tenth of a
    second), which it imports for fonts publish does not print (variable
    fonts, a font HarfBuzz fails to cut): they load if ever used."""
    import sys

    if "weasyprint.text.ffi" in sys.modules:
        import weasyprint  # noqa: F401
        return
    import ctypes.util

    find = ctypes.util.find_library
    if sys.platform.startswith("linux"):
        ctypes.util.find_library = lambda name: None
    try:
        with (_imported_when_used("fontTools.subset", "fontTools.varLib.instancer", "PIL.ImageCms"),
              _declarations_compiled(), _unused_sheets_parsed_when_used()):
            import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = find


@contextmanager
def _declarations_compiled():
    """Meanwhile, WeasyPrint's C declarations come compiled: its FFI is the
    one cffi makes of them out of line (ABI mode), not one that parses them
    at every start. cffi parses the 450 lines with pycparser (70 ms, and
    30 ms to import its parser) and then every type named later together
    with all of their typedefs (7 ms each, eleven in a typesetting process);
    the compiled FFI holds them as tables that its C code reads, loaded in
    5 ms, every type looked up in C. Made once, keyed by the declarations
    and cffi's version, and kept in the user's cache (``paths.cache_dir``);
    where that cannot be written, made in memory at each start (as fast as
    before). The libraries, functions and types are the same."""
    import cffi
    import cffi.api

    class Declared:
        # What ``cffi.FFI()`` gives the module meanwhile: it becomes the
        # compiled FFI at ``cdef`` (WeasyPrint 70 makes one; were there a
        # second, or options, an FFI of cffi's own would take them all).
        def __init__(self):
            self.ffi = None
            self.said = []

        def cdef(self, source, *args, **kwargs):
            self.said.append((source, args, kwargs))
            if len(self.said) == 1 and not args and not kwargs:
                self.ffi = _compiled_ffi(source)
                return
            self.ffi = cffi.api.FFI()
            for said, args, kwargs in self.said:
                self.ffi.cdef(said, *args, **kwargs)

        def __getattr__(self, attribute):
            return getattr(self.__dict__["ffi"], attribute)

    @contextmanager
    def declared(module):
        plain, cffi.FFI = cffi.FFI, Declared
        try:
            yield
        finally:
            cffi.FFI = plain
        if isinstance(module.ffi, Declared):  # before any module imports it
            module.ffi = module.ffi.ffi

    with _run_within("weasyprint.text.ffi", declared):
        yield


@contextmanager
def _unused_sheets_parsed_when_used():
    """Meanwhile, of the stylesheets WeasyPrint parses as it is imported,
    those of presentational hints and of forms are parsed when something
    first reads them: publish asks for neither (the hints' sheet took 20 ms
    of every start). The user agent's own sheet, which every document
    uses, is parsed as before."""

    @contextmanager
    def later(module):
        import weasyprint

        plain = weasyprint.CSS

        class Later(plain):
            # Parsed when one of its attributes is first asked for (none is
            # set before).
            def __init__(self, **kwargs):
                self.__dict__["_later"] = kwargs

            def __getattr__(self, attribute):
                kwargs = self.__dict__.pop("_later", None)
                if kwargs is None:
                    raise AttributeError(attribute)
                plain.__init__(self, **kwargs)
                return getattr(self, attribute)

        def sheet(**kwargs):
            unused = kwargs.get("string") in (getattr(module, "UA_FORM", None), getattr(module, "PH", None))
            return (Later if unused else plain)(**kwargs)

        weasyprint.CSS = sheet  # what ``from . import CSS`` finds in the module
        try:
            yield
        finally:
            weasyprint.CSS = module.CSS = plain

    with _run_within("weasyprint.html", later):
        yield


@contextmanager
def _run_within(name: str, around):
    """Meanwhile, the module ``name``, if imported, runs within
    ``around(module)`` (a context manager)."""
    import importlib.abc
    import sys

    class Loader(importlib.abc.Loader):
        def __init__(self, loader):
            self.loader = loader

        def create_module(self, spec):
            return self.loader.create_module(spec)

        def exec_module(self, module):
            with around(module):
                self.loader.exec_module(module)

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path, target=None):
            if fullname != name:
                return None
            for finder in sys.meta_path:
                spec = finder.find_spec(fullname, path, target) if finder is not self else None
                if spec is not None:
                    spec.loader = Loader(spec.loader)
                    return spec
            return None

    finder = Finder()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def _compiled_ffi(source: str, folder=None):
    """The out-of-line FFI of the C declarations ``source`` (see
    ``_declarations_compiled``), kept in ``folder`` (the user's cache); a
    kept copy that does not load (damaged, edited) is made again."""
    import hashlib
    import io
    import os
    from pathlib import Path

    import cffi
    from cffi.api import FFI  # (cffi.FFI is Declared meanwhile)

    from publish.paths import cache_dir

    key = hashlib.sha256(f"{cffi.__version__}\0{source}".encode()).hexdigest()[:20]
    try:
        kept = Path(folder or cache_dir("ffi")) / f"weasyprint-ffi.{key}.py"
    except RuntimeError:  # no home folder to keep it in
        kept = None
    if kept is not None:
        try:
            return _loaded(kept.read_text(encoding="utf-8"), kept)
        except Exception:  # (none kept yet, or one that does not load: made again)
            pass
    from cffi.recompiler import make_py_source  # (what FFI.emit_python_code writes, unsaid)

    builder = FFI()
    builder.cdef(source)
    made = io.StringIO()
    make_py_source(builder, "_weasyprint_ffi", made)
    code = made.getvalue()
    if kept is not None:
        part = kept.with_name(f"{kept.name}.{os.getpid()}")
        try:  # whole or not at all: processes may start side by side
            kept.parent.mkdir(parents=True, exist_ok=True)
            part.write_text(code, encoding="utf-8")
            os.replace(part, kept)
        except OSError:
            with suppress(OSError):
                part.unlink()
    return _loaded(code, kept)


def _loaded(code: str, path) -> object:
    namespace: dict = {}
    exec(compile(code, str(path or "<weasyprint-ffi>"), "exec"), namespace)
    return namespace["ffi"]


@contextmanager
def _imported_when_used(*names: str):
    """Meanwhile, an import of one of the modules ``names`` not yet imported
    gives a stand-in that imports the module when one of its attributes is
    used (a name imported from it meanwhile: when that is called)."""
    import importlib
    import sys
    import types

    class Later(types.ModuleType):
        def __getattr__(self, attribute):
            if attribute.startswith("__"):
                raise AttributeError(attribute)
            if sys.modules.get(self.__name__) is self:  # ``from module import function``, meanwhile
                return lambda *args, **kwargs: getattr(importlib.import_module(self.__name__), attribute)(
                    *args, **kwargs)
            return getattr(importlib.import_module(self.__name__), attribute)

    stand_ins = {name: Later(name) for name in names if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


def warm_up(imposing: bool = False, executor: bool = False) -> None:
    """What every worker would do again before its first page, done once in
    the process that forks them (some 0.2 s a worker): the template engine
    and pikepdf (``imposing``: booklets) imported, the patches installed,
    the font configuration made (fontconfig reads its caches). And with
    ``executor``, the process pool's executor's modules (10 ms), while a
    conversion may still run."""
    if executor:
        import concurrent.futures.process  # noqa: F401 (pool.Pool's, when it starts)
        import multiprocessing  # noqa: F401

    import jinja2  # noqa: F401 (publish.render's, imported when a document is rendered)

    from publish import typography
    from publish.typeset import _font_config

    import_weasyprint()
    if imposing:
        import pikepdf  # noqa: F401

    typography.install()
    install()
    _font_config()


def install() -> None:
    global _installed
    if _installed:
        return
    _lazy_font_files()
    _subsets_compressed_once()
    _fonts_noted()
    _single_box_leaders()
    _page_references_laid_out_once()
    _page_styles_shared()
    _empty_margins_skipped()
    _shrink_to_fit_measured_when_needed()
    _lines_broken_from_a_short_text()
    _layouts_share_their_context()
    _font_keys_kept()
    _stylesheets_parsed_once()
    _glyphs_read_at_once()
    _installed = True


def _glyphs_read_at_once() -> None:
    """``draw_first_line`` (see the module's docstring): the same operators
    with the same operands, for every line it draws itself. Under
    ``typography``'s wrapper, which looks it up at call time."""
    from weasyprint.draw import text
    from weasyprint.logger import LOGGER
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    drawn = text.draw_first_line
    wrapper = drawn if hasattr(drawn, "original") else None
    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    sized_by_style = pango.pango_version() < 14802  # (WeasyPrint's workaround for Pango's issue 530)
    # A PangoGlyphInfo as 32-bit words: the glyph, its width and offsets.
    size = ffi.sizeof("PangoGlyphInfo")
    words = size // 4
    geometry = ffi.offsetof("PangoGlyphInfo", "geometry")
    glyph_field = ffi.offsetof("PangoGlyphInfo", "glyph") // 4
    width_field, x_field, y_field = ((geometry + ffi.offsetof("PangoGlyphGeometry", name)) // 4
                                     for name in ("width", "x_offset", "y_offset"))

    def runs_of(first_line, stream):
        """The line's runs, each with its font and size where the font
        changes (None where it stays); None if a font draws emoji."""
        runs, previous = [], None
        run = first_line.runs[0]
        while run != ffi.NULL:
            glyph_item = run.data
            run = run.next
            pango_font = glyph_item.item.analysis.font
            if pango_font == previous:
                runs.append((glyph_item, None, None, None))
                continue
            previous = pango_font
            font, font_size = stream.add_font(pango_font)
            if font.svg or font.png or font.colr:
                return None
            if sized_by_style:
                font_size = None  # the style's, below
            runs.append((glyph_item, pango_font, font, font_size))
        return runs

    def width_of(stream, pango_font, font_size, widths: dict, glyph_id: int) -> int:
        # The glyph's width in its face (thousandths of an em), noted in
        # the font's widths the first time.
        width = widths.get(glyph_id)
        if width is None:
            pango.pango_font_get_glyph_extents(pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
            width = widths[glyph_id] = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
        return width

    def text_of(utf8_text: bytes, glyph_item, count: int, i: int) -> str:
        # The text the run's glyph i draws: its cluster's bytes.
        clusters = memoryview(ffi.buffer(glyph_item.glyphs.log_clusters, count * 4)).cast("i")
        item = glyph_item.item
        t1 = clusters[i]
        if item.analysis.level % 2:  # right to left
            t2 = item.length if i == 0 else clusters[i - 1]
        else:
            t2 = item.length if i == count - 1 else clusters[i + 1]
        return utf8_text[item.offset + t1:item.offset + t2].decode()

    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        if text_overflow == "ellipsis" or block_ellipsis != "none":
            return draw_first_line.original(stream, textbox, text_overflow, block_ellipsis, matrix)
        if not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
            return []
        layout = textbox.pango_layout
        pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
        first_line, _ = layout.get_first_line()
        runs = runs_of(first_line, stream)
        if runs is None:
            return draw_first_line.original(stream, textbox, text_overflow, block_ellipsis, matrix)
        stream.set_text_matrix(*matrix.values)
        pieces = []
        utf8_text = None
        for glyph_item, new_font, new_font_object, new_size in runs:
            if new_font is not None:
                pango_font, font = new_font, new_font_object
                font_size = textbox.style["font_size"] if new_size is None else new_size
                string = "".join(pieces)
                if string:
                    stream.show_text(string)
                pieces = []
                stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
                glyph_format = "02x" if font.bitmap else "04x"
                widths, to_unicode = font.widths, font.to_unicode
                kept = font.__dict__.setdefault("_publish_pieces", {}).setdefault(font_size, {})
                earlier = _DRAWN.setdefault((font_size, font.bitmap), {})
                if len(earlier) > _DRAWN_KEPT:  # (a server's years of documents)
                    earlier.clear()
            pieces.append("<")
            glyph_string = glyph_item.glyphs
            count = glyph_string.num_glyphs
            glyph_ids = advances = x_offsets = y_offsets = ()
            if count:
                raw = memoryview(ffi.buffer(glyph_string.glyphs, count * size))
                signed = raw.cast("i")
                glyph_ids = raw.cast("I")[glyph_field::words].tolist()
                advances = signed[width_field::words].tolist()
                x_offsets = signed[x_field::words].tolist()
                y_offsets = signed[y_field::words].tolist()
                if not any(y_offsets):
                    # Mostly, every glyph of the run has been drawn before.
                    known = list(map(kept.get, zip(glyph_ids, advances, x_offsets)))
                    if None not in known:
                        pieces += known
                        glyph_ids = ()
            for i, glyph_id in enumerate(glyph_ids):
                width, x_offset, y_offset = advances[i], x_offsets[i], y_offsets[i]
                if not y_offset:
                    piece = kept.get((glyph_id, width, x_offset))
                    if piece is not None:
                        pieces.append(piece)
                        continue
                    known = earlier.get((glyph_id, width, x_offset))
                    if known is not None:
                        # Drawn in an earlier document: the same piece if
                        # the glyph is as wide in this face (a face of
                        # another file under the same name need not be).
                        logical_width, piece = known
                        if width_of(stream, pango_font, font_size, widths, glyph_id) == logical_width:
                            if glyph_id not in to_unicode:
                                utf8_text = utf8_text or layout.text.encode()
                                to_unicode[glyph_id] = text_of(utf8_text, glyph_item, count, i)
                            kept[glyph_id, width, x_offset] = piece
                            pieces.append(piece)
                            continue

                # Below: WeasyPrint's draw_first_line, glyph by glyph.
                if glyph_id == empty:
                    piece = kept[glyph_id, width, x_offset] = f">{-width / font_size}<"
                    pieces.append(piece)
                    continue

                if glyph_id & unknown:
                    codepoint = glyph_id - unknown
                    LOGGER.warning(
                        '.notdef glyph rendered for Unicode string unsupported by fonts: '
                        '"%s" (U+%04X)', chr(codepoint), codepoint)
                    glyph_id = font.get_unused_glyph_id(codepoint)
                    widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                    if 0 not in widths:
                        widths[0] = widths[glyph_id]

                if glyph_id not in to_unicode:
                    utf8_text = utf8_text or layout.text.encode()
                    to_unicode[glyph_id] = text_of(utf8_text, glyph_item, count, i)

                offset = x_offset / font_size
                rise = y_offset / 1000
                glyph = format(glyph_id, glyph_format)
                if rise:
                    string = "".join(pieces)
                    if string[-1] == "<":
                        string = string[:-1]
                    else:
                        string += ">"
                    if string:
                        stream.show_text(string)
                    stream.set_text_rise(-rise)
                    string = f"{-offset}" if offset else ""
                    stream.show_text(f"{string}<{glyph}>")
                    stream.set_text_rise(0)
                    pieces = ["<"]
                    piece = ""
                else:
                    piece = f">{-offset}<{glyph}" if offset else glyph

                logical_width = width_of(stream, pango_font, font_size, widths, glyph_id)

                kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
                if kerning:
                    piece += f">{int(kerning)}<"
                if piece:
                    pieces.append(piece)
                if not rise and glyph_id == glyph_ids[i] and glyph_id != 0xFFFF:
                    # Not a missing glyph: it takes an unused id, its width
                    # set anew each time, and once a font's ids run out
                    # that id is 0xFFFF, a real glyph's.
                    kept[glyph_id, width, x_offset] = piece
                    earlier[glyph_id, width, x_offset] = logical_width, piece

            # Close the last glyphs list, remove if empty.
            if pieces[-1][-1] == "<":
                pieces[-1] = pieces[-1][:-1]
            else:
                pieces.append(">")

        stream.show_text("".join(pieces))
        return []

    if wrapper is None:
        draw_first_line.original = drawn
        text.draw_first_line = draw_first_line
    else:
        draw_first_line.original = wrapper.original
        wrapper.original = draw_first_line


def _lazy_font_files() -> None:
    from weasyprint.pdf import fonts
    from weasyprint.text.ffi import ffi

    font_class = fonts.Font
    read_whole = fonts.get_hb_object_data
    original_init = font_class.__init__
    original_subset = font_class._harfbuzz_subset

    class WholeFileWhenAsked:
        def __get__(self, font, owner=None):
            if font is None:
                return self
            content = font.__dict__.get("_file_content")
            if content is None:
                content = font.__dict__["_file_content"] = read_whole(font.hb_face)
            return content

        def __set__(self, font, content):
            font.__dict__["_file_content"] = content

    def init(self, pango_font, description, font_size):
        # The constructor's one call reads the whole face: not yet.
        fonts.get_hb_object_data = lambda face, *args, **kwargs: \
            read_whole(face, *args, **kwargs) if args or kwargs else None
        try:
            original_init(self, pango_font, description, font_size)
        finally:
            fonts.get_hb_object_data = read_whole

    def subset(self, to_unicode, hinting):
        face = (self.family, self.index, self.glyph_count, self.upem, int(ffi.cast("uintptr_t", self.hb_face)),
                hinting)
        if _cut_later is not None and not self.missing:
            # The same stand-in for every document of the process (each
            # part of a compilation, each piece of its frame).
            stand_in = _STAND_INS.get((face, _cut_later))
            if stand_in is None:
                from publish.fontmerge import font_source

                original_subset(self, {0: ""}, hinting)
                stand_in = self.__dict__.get("_file_content")
                stand_in = _STAND_INS[face, _cut_later] = \
                    stand_in if stand_in is not None and font_source(stand_in, _cut_later) is not None else b""
            if stand_in:
                self.file_content = stand_in
                return
        key = (*face, bool(self.missing), tuple(sorted(to_unicode)))
        content = _SUBSETS.get(key)
        if content is not None:
            _SUBSETS.move_to_end(key)
            self.file_content = content
            return
        _cut_once(self, to_unicode, hinting, original_subset)
        content = self.__dict__.get("_file_content")
        if content is not None:  # (None: HarfBuzz failed, the whole file goes in)
            _SUBSETS[key] = content
            while len(_SUBSETS) > _SUBSETS_KEPT:
                _SUBSETS.popitem(last=False)

    font_class.file_content = WholeFileWhenAsked()
    font_class.__init__ = init
    font_class._harfbuzz_subset = subset


def _subsets_compressed_once() -> None:
    """pydyf compresses a stream as its ``data`` is read, with
    ``zlib.compressobj(level=9)``: its zlib becomes one that gives a subset
    kept in ``_SUBSETS`` the stream it gave it before (the same object, so
    the same bytes: nothing is hashed, nothing else is matched)."""
    import zlib

    import pydyf

    class Compressing:
        def __init__(self, level: int = -1, *args, **kwargs):
            self.level, self.args, self.kwargs = level, args, kwargs
            self.made: bytes | None = None
            self.compressor = None

        def compress(self, data) -> bytes:
            if not any(data is subset for subset in _SUBSETS.values()):
                self.compressor = zlib.compressobj(self.level, *self.args, **self.kwargs)
                return self.compressor.compress(data)
            known = _COMPRESSED.get(id(data))
            if known is None or known[0] is not data or known[1] != self.level:
                compressor = zlib.compressobj(self.level, *self.args, **self.kwargs)
                known = _COMPRESSED[id(data)] = (data, self.level, compressor.compress(data) + compressor.flush())
                while len(_COMPRESSED) > _SUBSETS_KEPT:
                    _COMPRESSED.popitem(last=False)
            _COMPRESSED.move_to_end(id(data))
            self.made = b""
            return known[2]

        def flush(self, *args) -> bytes:
            return self.made if self.made is not None else self.compressor.flush(*args)

    class Zlib:
        def __getattr__(self, name):
            return getattr(zlib, name)

        compressobj = Compressing

    pydyf.zlib = Zlib()


def _cut_once(font, to_unicode, hinting, cut_twice) -> None:
    """``font`` cut down to the glyphs of ``to_unicode`` as WeasyPrint's
    ``_harfbuzz_subset`` (``cut_twice``) cuts it, in one cut where one is
    enough. WeasyPrint cuts a face keeping each glyph's number, then cuts
    that again keeping every glyph up to the last one used, so as to drop
    the empty slots after it; the second cut rewrites all those slots (some
    63 000 in a Noto CJK face, whose Han glyphs lie all over it): two
    thirds of the time. HarfBuzz's first cut already ends at the last glyph
    kept, so a first cut that drops the hints as the second would makes the
    same face, unless it kept glyphs after the last one used (those GSUB
    reaches from a traditional edition's punctuation): then the second cut
    is made, as WeasyPrint makes it. For the faces publish's fonts.toml
    names, the PDFs are byte-identical; other faces may keep a table
    HarfBuzz passes through (FontForge's ``FFTM``)."""
    from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset
    from weasyprint.text.fonts import get_hb_object_data

    if harfbuzz_subset is None or not to_unicode:
        return cut_twice(font, to_unicode, hinting)
    cut = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy)
    glyphs = harfbuzz_subset.hb_subset_input_glyph_set(cut)
    used = sorted(to_unicode)
    harfbuzz.hb_set_add_sorted_array(glyphs, ffi.new("hb_codepoint_t[]", used), len(used))
    flags = harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    if font.missing:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    harfbuzz_subset.hb_subset_input_set_flags(cut, flags | harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS)
    dropped = _dropped_tables()
    harfbuzz.hb_set_add_sorted_array(harfbuzz_subset.hb_subset_input_set(
        cut, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG), ffi.new("hb_codepoint_t[]", dropped), len(dropped))
    face = ffi.gc(harfbuzz_subset.hb_subset_or_fail(font.hb_face, cut), harfbuzz.hb_face_destroy)
    if face == ffi.NULL:
        return cut_twice(font, to_unicode, hinting)
    if harfbuzz.hb_face_get_glyph_count(face) != used[-1] + 1:
        every = list(range(used[-1] + 1))
        harfbuzz.hb_set_add_sorted_array(glyphs, ffi.new("hb_codepoint_t[]", every), len(every))
        harfbuzz_subset.hb_subset_input_set_flags(cut, flags)
        face = ffi.gc(harfbuzz_subset.hb_subset_or_fail(face, cut), harfbuzz.hb_face_destroy)
        if face == ffi.NULL:
            return cut_twice(font, to_unicode, hinting)
    content = get_hb_object_data(face)
    if not content:
        return cut_twice(font, to_unicode, hinting)
    font.file_content = content


@lru_cache(maxsize=1)
def _dropped_tables() -> list[int]:
    """The tables WeasyPrint drops from every face it cuts, sorted."""
    from weasyprint.text.ffi import harfbuzz

    return sorted(harfbuzz.hb_tag_from_string(name, -1) for name in (
        b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG "))


def _fonts_noted() -> None:
    from weasyprint import pdf

    original = pdf.build_fonts_dictionary

    def build_fonts_dictionary(document, fonts, compress, subset, options):
        built = original(document, fonts, compress, subset, options)
        if _fonts_written is not None:
            for font in fonts.values():
                # (as WeasyPrint wrote them: the glyphs used, unless the
                # font went whole into a form or is a bitmap font)
                name = font.name.decode("latin-1")
                if subset and not font.used_in_forms and not font.bitmap:
                    _fonts_written.append((name, dict(font.widths), dict(font.to_unicode)))
                else:
                    _fonts_written.append((name, None, None))
        return built

    pdf.build_fonts_dictionary = build_fonts_dictionary


def _single_box_leaders() -> None:
    from weasyprint.layout import inline
    from weasyprint.layout.leader import leader_index
    from weasyprint.text.line_break import create_layout

    original = inline.handle_leader

    def handle_leader(context, line, containing_block):
        original(context, line, containing_block)
        _, leader = leader_index(line)
        if leader is None or len(leader.children) < 2:
            return
        dots = sorted(leader.children, key=lambda box: box.position_x)
        first = dots[0]
        merged = first.copy_with_text(first.text * len(dots))
        merged.pango_layout = create_layout(merged.text, merged.style, context, None, 0)
        merged.pango_layout.deactivate()
        merged.width = dots[-1].position_x + dots[-1].width - first.position_x
        leader.children = (merged,)

    inline.handle_leader = handle_leader


def _page_references_laid_out_once() -> None:
    from weasyprint.css.targets import TargetCollector

    original = TargetCollector.collect_missing_counters

    def collect_missing_counters(self, parent_box, css_token, parse_again, missing_counters,
                                 missing_target_counters):
        if any(missing_counters is wanted for wanted in missing_target_counters.values()):
            missing_counters = []  # the slip: not the box's own counters
        if None in missing_target_counters:
            # target-counter(attr(href), page) is filed under no name, so the
            # target's page could not reach it: file it under the link's.
            href = parent_box.element.get("href", "") if parent_box.element is not None else ""
            if href.startswith("#"):
                missing_target_counters = {name: counters for name, counters in missing_target_counters.items()
                                           if name is not None} | {href[1:]: missing_target_counters[None]}
        original(self, parent_box, css_token, parse_again, missing_counters, missing_target_counters)

    TargetCollector.collect_missing_counters = collect_missing_counters


def _shrink_to_fit_measured_when_needed() -> None:
    from weasyprint.layout import absolute, inline, preferred
    from weasyprint.layout import float as floats

    def shrink_to_fit(context, box, available_content_width):
        # min(max(narrowest, available), widest), as WeasyPrint computes it
        widest = preferred.max_content_width(context, box, outer=False)
        if widest <= available_content_width:
            return widest
        return min(max(preferred.min_content_width(context, box, outer=False), available_content_width), widest)

    shrink_to_fit.original = preferred.shrink_to_fit
    for module in (preferred, inline, floats, absolute):  # each imported the name
        module.shrink_to_fit = shrink_to_fit


# Characters laid out to break a line, in lines of one em characters (see
# the module docstring: Line breaking; 1.25 and 2 measured worse).
_SHORT_TEXT_LINES = 1.5
_TWO_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]{2}")


def _lines_broken_from_a_short_text() -> None:
    from weasyprint.layout import inline

    current = inline.split_first_line
    if hasattr(current, "original"):  # typography's, calling WeasyPrint's
        current.original = _from_a_short_text(current.original)
    else:
        inline.split_first_line = _from_a_short_text(current)


def _from_a_short_text(split):
    def split_first_line(text, style, context, max_width, justification_spacing, is_line_start=True,
                         minimum=False):
        size = style["font_size"]
        if (not minimum and max_width is not None and size and size * _SHORT_TEXT_LINES < max_width < math.inf
                and style["white_space"] in ("normal", "pre-wrap", "pre-line") and style["word_break"] == "normal"):
            short = text[:int(max_width / size * _SHORT_TEXT_LINES)]
            if len(short) < len(text):
                result = split(short, style, context, max_width, justification_spacing, is_line_start, minimum)
                _, _, resume, width, *_ = result
                # A line that fits, followed in the short text by a break
                # between two Han characters: the lines Pango finds in the
                # whole text start the same, and WeasyPrint looks no further
                # than the next break after the line (for a word to pull up
                # or hyphenate).
                if resume is not None and width <= max_width and \
                        _TWO_HAN.search(short.encode()[resume:].decode("utf-8", "ignore")[:-1]):
                    return result
        return split(text, style, context, max_width, justification_spacing, is_line_start, minimum)

    split_first_line.plain = split  # (tests)
    return split_first_line


def _layouts_share_their_context() -> None:
    from weasyprint.text import line_break
    from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
    from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango, unicode_to_char_p
    from weasyprint.text.fonts import font_features, get_font_description

    made: dict = {}

    def shared(style):
        # What WeasyPrint 70's Layout.setup makes of a style before its
        # layout, made once for all the styles that make the same.
        font_config = style.font_config
        pango_context = ffi.gc(pango.pango_font_map_create_context(font_config.font_map), gobject.g_object_unref)
        pango.pango_context_set_round_glyph_positions(pango_context, False)
        pango.pango_context_set_base_dir(pango_context, PANGO_DIRECTION[style["direction"]])
        language_p = None
        if style["font_language_override"] != "normal":
            language_p, _ = unicode_to_char_p(LST_TO_ISO.get(style["font_language_override"].lower(),
                                                               style["font_language_override"]))
        elif style["lang"]:
            language_p, _ = unicode_to_char_p(style["lang"])
        if language_p is not None:
            language = pango.pango_language_from_string(language_p)
            pango.pango_context_set_language(pango_context, language)
        else:
            language = pango.pango_language_get_default()
        description = get_font_description(style)
        metrics = None
        if style["text_decoration_line"] != "none":
            values = ffi.gc(pango.pango_context_get_metrics(pango_context, description, language),
                            pango.pango_font_metrics_unref)
            metrics = tuple(FROM_UNITS * getter(values) for getter in (
                pango.pango_font_metrics_get_ascent, pango.pango_font_metrics_get_underline_position,
                pango.pango_font_metrics_get_strikethrough_position,
                pango.pango_font_metrics_get_underline_thickness,
                pango.pango_font_metrics_get_strikethrough_thickness))
        features = font_features(
            style["font_kerning"], style["font_variant_ligatures"], style["font_variant_position"],
            style["font_variant_caps"], style["font_variant_numeric"], style["font_variant_alternates"],
            style["font_variant_east_asian"], style["font_feature_settings"])
        features = ",".join(f"{key} {value}" for key, value in features.items()).encode() if features else None
        return font_config, pango_context, language, description, metrics, features

    def setup(self, style):
        key = (id(style.font_config), style["direction"], style["font_kerning"], style["text_decoration_line"] != "none",
               line_break._font_style_cache_key(style, include_size=True))
        font_config, pango_context, language, description, metrics, features = made.get(key) or \
            made.setdefault(key, shared(style))
        self.style = style
        self.first_line_direction = 0
        self.language = language
        self.layout = ffi.gc(pango.pango_layout_new(pango_context), gobject.g_object_unref)
        pango.pango_layout_set_auto_dir(self.layout, False)
        pango.pango_layout_set_font_description(self.layout, description)
        if metrics is not None:
            (self.ascent, self.underline_position, self.strikethrough_position, self.underline_thickness,
             self.strikethrough_thickness) = metrics
        else:
            self.ascent = self.underline_position = self.strikethrough_position = None
        if features:
            # (as WeasyPrint does: one attribute a feature string, kept)
            attr = font_config.font_features.setdefault(features, pango.pango_attr_font_features_new(features))
            attr_list = pango.pango_attr_list_new()
            pango.pango_attr_list_insert(attr_list, attr)
            pango.pango_layout_set_attributes(self.layout, attr_list)

    setup.original = line_break.Layout.setup
    line_break.Layout.setup = setup


_NOT_KEPT = object()


def kept_on(style, name: str, make):
    """``make(style)``, made once a style and kept on it under ``name``: for
    what is asked for with every text laid out and drawn (three times a
    line) and made from a computed style's values, which do not change
    once read (WeasyPrint sets values only on styles it has just made or
    copied, and a copy starts without what was kept)."""
    kept = style.__dict__
    value = kept.get(name, _NOT_KEPT)
    if value is _NOT_KEPT:
        value = kept[name] = make(style)
    return value


def _font_keys_kept() -> None:
    from weasyprint.text import line_break

    def sized(style):
        return font_style_cache_key.original(style, True)

    def unsized(style):
        return font_style_cache_key.original(style, False)

    def font_style_cache_key(style, include_size=False):
        # (a string of fourteen of the style's values, made each time a
        # text is set up or its strut looked up)
        return kept_on(style, "_publish_key_sized", sized) if include_size else \
            kept_on(style, "_publish_key", unsized)

    font_style_cache_key.original = line_break._font_style_cache_key
    line_break._font_style_cache_key = font_style_cache_key


# The margin boxes of a page (CSS Paged Media).
MARGIN_BOXES = tuple(f"@{side}-{place}" for side, places in (
    ("top", ("left-corner", "left", "center", "right", "right-corner")),
    ("bottom", ("left-corner", "left", "center", "right", "right-corner")),
    ("left", ("top", "middle", "bottom")), ("right", ("top", "middle", "bottom"))) for place in places)


def _empty_margins_skipped() -> None:
    from weasyprint import layout
    from weasyprint.layout import page as pages

    def make_box(context, page, state, at_keyword, containing_block):
        # WeasyPrint's own (page.py's make_margin_boxes.make_box), unchanged.
        style = context.style_for(page.page_type, at_keyword)
        if style is None:
            style = page.style.anonymous_style
        pages._standardize_page_based_counters(style, at_keyword)
        box = pages.boxes.MarginBox(at_keyword, style)
        box.is_generated = style["content"] not in ("normal", "inhibit", "none")
        if box.is_generated:
            margin_state = pages.copy.deepcopy(state)
            quote_depth, counter_values, counter_scopes, _page_groups = margin_state
            counter_scopes.append(set())
            pages.build.update_counters(margin_state, box.style)
            box.children = pages.build.content_to_boxes(
                box.style, box, quote_depth, counter_values, context.get_image_from_uri,
                context.target_collector, context.counter_style, context, page)
            box.process_whitespace()
            box.process_text_transform()
            box = pages.build.create_anonymous_boxes(box)
        pages.resolve_percentages(box, containing_block)
        if not box.is_generated:
            box.width = box.height = 0
            for side in ("top", "right", "bottom", "left"):
                box._reset_spacing(side)
        return box

    def make_margin_boxes(context, page, state):
        # WeasyPrint's, but a side none of whose three boxes has content,
        # and a corner without content, are passed by before their boxes
        # are made (WeasyPrint makes them, resolves their sizes, and then
        # passes them by): a page with a number at its foot and a running
        # head makes six margin boxes, not sixteen; one with neither, none.
        generated = {at_keyword for at_keyword in MARGIN_BOXES
                     if (style := context.style_for(page.page_type, at_keyword)) is not None
                     and style["content"] not in ("normal", "inhibit", "none")}
        if not generated:
            return
        width, height = page.border_width(), page.border_height()
        end_x, end_y = page.margin_left + width, page.margin_top + height
        made = []
        for prefix, vertical, containing_block, x, y in (
                ("top", False, (width, page.margin_top), page.margin_left, 0),
                ("bottom", False, (width, page.margin_bottom), page.margin_left, end_y),
                ("left", True, (page.margin_left, height), 0, page.margin_top),
                ("right", True, (page.margin_right, height), end_x, page.margin_top)):
            suffixes = ("top", "middle", "bottom") if vertical else ("left", "center", "right")
            keywords = [f"@{prefix}-{suffix}" for suffix in suffixes]
            if generated.isdisjoint(keywords):
                continue
            fixed_outer, variable_outer = containing_block if vertical else containing_block[::-1]
            side = [make_box(context, page, state, keyword, containing_block) for keyword in keywords]
            pages.compute_variable_dimension(context, side, vertical, variable_outer)
            for box, offset in zip(side, (0, 0.5, 1)):
                if not box.is_generated:
                    continue
                box.position_x, box.position_y = x, y
                if vertical:
                    box.position_y += offset * (variable_outer - box.margin_height())
                else:
                    box.position_x += offset * (variable_outer - box.margin_width())
                pages.compute_fixed_dimension(context, box, fixed_outer, not vertical, prefix in ("top", "left"))
                made.append(box)
        for at_keyword, cb_width, cb_height, x, y in (
                ("@top-left-corner", page.margin_left, page.margin_top, 0, 0),
                ("@top-right-corner", page.margin_right, page.margin_top, end_x, 0),
                ("@bottom-left-corner", page.margin_left, page.margin_bottom, 0, end_y),
                ("@bottom-right-corner", page.margin_right, page.margin_bottom, end_x, end_y)):
            if at_keyword not in generated:
                continue
            box = make_box(context, page, state, at_keyword, (cb_width, cb_height))
            box.position_x, box.position_y = x, y
            pages.compute_fixed_dimension(context, box, cb_height, True, "top" in at_keyword)
            pages.compute_fixed_dimension(context, box, cb_width, False, "left" in at_keyword)
            made.append(box)
        for box in made:
            yield pages.margin_box_content_layout(context, page, box)

    layout.make_margin_boxes = make_margin_boxes


def _page_styles_shared() -> None:
    from weasyprint.layout import page

    def set_page_type_computed_styles(page_type, html, style_for):
        # The rules matching a page type decide its styles: nothing else
        # from the page type reaches them.
        matched = tuple((sheet, rule, selector) for sheet, (stylesheet, _, _) in enumerate(style_for._sheets)
                        for rule, (_, selectors, _) in enumerate(stylesheet.page_rules)
                        for selector, (_, _, page_selector) in enumerate(selectors)
                        if style_for._page_type_match(page_selector, page_type))
        shared = style_for.__dict__.setdefault("_publish_page_types", {})
        like = shared.get(matched)
        if like is None:
            shared[matched] = page_type
            cascaded = style_for.get_cascaded_styles()
            style_for.add_page_declarations(page_type)
            style_for.set_computed_styles(page_type, root=html.etree_element, parent=html.etree_element,
                                          base_url=html.base_url)
            for pseudo_type in [pseudo for element, pseudo in cascaded if pseudo and element == page_type]:
                style_for.set_computed_styles(page_type, pseudo_type=pseudo_type, root=html.etree_element,
                                              parent=page_type, base_url=html.base_url)
            return
        cascaded, computed = style_for.get_cascaded_styles(), style_for.get_computed_styles()
        pseudo_types = shared.get(("pseudo", like))
        if pseudo_types is None:
            pseudo_types = shared["pseudo", like] = [None, *(pseudo for element, pseudo in cascaded
                                                             if pseudo and element == like)]
        for pseudo_type in pseudo_types:
            if (like, pseudo_type) in cascaded:
                cascaded[page_type, pseudo_type] = cascaded[like, pseudo_type]
            computed[page_type, pseudo_type] = computed[like, pseudo_type]

    set_page_type_computed_styles.original = page.set_page_type_computed_styles
    page.set_page_type_computed_styles = set_page_type_computed_styles


# Above 0 while WeasyPrint parses a document's <style> (and what it
# imports): what it says of it then, publish has said already, naming the
# file and line (``layouts.stylesheet_problems``; ``typeset._WeasyPrintSays``).
parsing_document_style = 0


@contextmanager
def _document_style(document: bool):
    global parsing_document_style
    if not document:
        yield
        return
    parsing_document_style += 1
    try:
        yield
    finally:
        parsing_document_style -= 1


def _stylesheets_parsed_once() -> None:
    from weasyprint import CSS

    original = CSS.__init__
    parsed: OrderedDict[tuple, tuple] = OrderedDict()

    def init(self, guess=None, filename=None, url=None, file_obj=None, string=None, encoding=None, base_url=None,
             url_fetcher=None, _check_mime_type=False, media_type="print", font_config=None, counter_style=None,
             color_profiles=None, matcher=None, page_rules=None, layers=None, layer=None):
        arguments = dict(guess=guess, filename=filename, url=url, file_obj=file_obj, string=string, encoding=encoding,
                         base_url=base_url, url_fetcher=url_fetcher, _check_mime_type=_check_mime_type,
                         media_type=media_type, font_config=font_config, counter_style=counter_style,
                         color_profiles=color_profiles, matcher=matcher, page_rules=page_rules, layers=layers,
                         layer=layer)
        # A document's <style>: its rules go to the document's lists. Not
        # one with @font-face: a font file replaced under the same name
        # (a long-lived process: the desk, watch) is registered again.
        if string is None or guess or filename or url or file_obj or matcher is not None or layer is not None \
                or page_rules is None or layers is None or counter_style is None or color_profiles is None \
                or "@font-face" in string:
            with _document_style(string is not None and page_rules is not None):
                return original(self, **arguments)
        key = (string, str(base_url), media_type, id(font_config))
        known = parsed.get(key)
        if known is None:
            before = len(page_rules), len(layers), len(counter_style), len(color_profiles)
            with _document_style(True):
                original(self, **arguments)
            if (len(layers), len(counter_style), len(color_profiles)) == before[1:]:
                # The selectors matched and the page rules, kept for the
                # next document (the font configuration kept alive: its id
                # is in the key).
                parsed[key] = self.base_url, self.matcher, tuple(page_rules[before[0]:]), font_config
                while len(parsed) > 8:
                    parsed.popitem(last=False)
            return None
        parsed.move_to_end(key)
        self.base_url, self.matcher, rules, _ = known
        page_rules.extend(rules)
        self.page_rules, self.layers = page_rules, layers
        return None

    CSS.__init__ = init


# Slots (8 bytes each) a deep_stack frame reserves: CPython rounds its chunk
# up to the next power of two (512 kB), leaving 240 kB for the frames
# called from it, some two thousand deep. Unused, they are never touched.
_STACK_ROOM = 32768


def deep_stack(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, its frames and their callees' in one chunk
    of CPython's frame stack (see the module docstring: Stack)."""
    return _in_deep_frame(fn, args, kwargs)


def _in_deep_frame(fn, args, kwargs):
    return fn(*args, **kwargs)


try:
    # A frame as large as its code says its value stack may grow; nothing
    # else reads the size (the slots beyond what is pushed stay untouched).
    _in_deep_frame.__code__ = _in_deep_frame.__code__.replace(
        co_stacksize=_in_deep_frame.__code__.co_stacksize + _STACK_ROOM)
except (AttributeError, TypeError, ValueError):  # another Python: an ordinary frame
    pass


@contextmanager
def no_garbage_collection():
    """WeasyPrint makes millions of objects and few cycles: Python's cyclic
    collector would walk them all again and again (a tenth of the time of a
    long compilation); pikepdf and reading a compilation's articles make
    many too. Off while typesetting, while a build reads and checks its
    sources (``build.prepare``) and while the parts of a compilation are
    joined (``parts.py``); back as it was after. What existed before is
    frozen so that the next collection skips it.

    What was made meanwhile (a typeset document: a million objects, still
    held) joins the oldest generation on the way out. Left young, the first
    allocation after the collector is back would walk all of it (13 ms
    after each part of a compilation, 75 ms after its front); old, it is
    walked only by a full collection. So that the cycles of documents let
    go are not kept for ever (a server's workers), every 50th span starts
    with one, when the last document is gone."""
    import gc

    global _spans
    enabled = gc.isenabled()
    if enabled:
        _spans += 1
        if _spans >= _SPANS_A_COLLECTION:
            _spans = 0
            gc.collect()
    gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        gc.freeze()  # what was made meanwhile, with what was there
        gc.unfreeze()  # all of it: the oldest generation
        if enabled:
            gc.enable()
