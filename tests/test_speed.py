"""Typesetting without waste (publish/speed.py, the collector in typeset.py):
the contents is laid out once more, not twice more, once the pages are
known; a leader's dots are drawn as one run of text; a line's glyphs are
read a run at a time; font files are not copied whole; Python's cyclic
garbage collector stays out of the way."""

from __future__ import annotations

import gc
import io
import logging
import re
import tracemalloc
from contextlib import contextmanager

import pikepdf
import pytest

from conftest import FIXTURES, make_workspace

ARTICLE = "---\ntitle: 第{n}篇文章\n---\n\n## 一、要求\n\n{body}\n\n## 二、落实\n\n{body}\n"
BODY = "学习贯彻条例，做到学纪知纪明纪守纪，把纪律要求落实到日常工作之中。" * 12


@pytest.fixture(scope="module")
def compilation(tmp_path_factory):
    """A small compilation, with WeasyPrint's progress log of the pages it
    laid out."""
    from publish.build import BuildOptions, Compilation, build

    ws = make_workspace(tmp_path_factory.mktemp("speed"),
                        {f"{n}.md": ARTICLE.format(n=n, body=BODY) for n in range(1, 4)})
    with progress_log() as records:
        [output] = build([], BuildOptions(workspace=ws, out_dir=ws / "dist",
                                          compilation=Compilation(title="学习材料汇编", slug="huibian")))
    return output.path, [message for message, _ in records]


@contextmanager
def progress_log():
    """WeasyPrint's progress messages, each with whether Python's cyclic
    garbage collector was on at the time."""
    records: list[tuple[str, bool]] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append((record.getMessage(), gc.isenabled()))

    progress = logging.getLogger("weasyprint.progress")
    handler, level = Collect(), progress.level
    progress.addHandler(handler)
    progress.setLevel(logging.INFO)
    try:
        yield records
    finally:
        progress.removeHandler(handler)
        progress.setLevel(level)


def test_contents_laid_out_again_only_once(compilation):
    pdf, records = compilation
    made = [int(m.group(1)) for m in map(re.compile(r"Creating layout - Page (\d+)$").search, records) if m]
    contents_page = 3  # after the cover and the blank page behind it
    assert made.count(contents_page) == 2  # once, then once with the page numbers
    assert made.count(6) == 1  # an article's page: once


def test_leader_dots_drawn_as_one_run(compilation):
    pdf, _ = compilation
    with pikepdf.open(pdf) as doc:
        page = doc.pages[2]
        shown = [operands for operands, operator in pikepdf.parse_content_stream(page)
                 if str(operator) in ("Tj", "TJ")]
    # the title, the leader and the page number of each of 3 articles and
    # 6 sections, and the contents' title
    assert 9 <= len(shown) <= 3 * 9 + 2


def test_font_files_not_copied_whole(tmp_path):
    """Each Noto CJK collection is some 20 MB; the four faces of a handout
    used to be copied into memory whole before being subset."""
    from publish.build import BuildOptions, build

    build([FIXTURES / "guide.md"], BuildOptions(workspace=FIXTURES, out_dir=tmp_path / "warm"))
    tracemalloc.start()
    try:
        build([FIXTURES / "guide.md"], BuildOptions(workspace=FIXTURES, out_dir=tmp_path / "dist"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20


def test_no_garbage_collection_while_typesetting(tmp_path):
    """WeasyPrint reports its progress as it lays out and writes: the
    collector is off at every step, and as it was once the build is done."""
    from publish.build import BuildOptions, build

    with progress_log() as records:
        build([FIXTURES / "guide.md"], BuildOptions(workspace=FIXTURES, out_dir=tmp_path))
    assert len(records) > 5
    assert not any(enabled for _, enabled in records)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_what_was_made_without_the_collector_is_not_walked_on_the_way_out():
    """A typeset document, still held when the collector comes back, joins
    the oldest generation: the next allocation does not walk it young."""
    from publish.speed import no_garbage_collection

    with no_garbage_collection():
        held = [[index] for index in range(50_000)]
    assert gc.get_count()[0] < 1000  # young: nothing of it
    assert any(obj is held for obj in gc.get_objects(generation=2))
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_pages_alike_share_their_styles(compilation, tmp_path, monkeypatch):
    """The pages the same @page rules match are styled once, not once a
    page, and the PDF is the one WeasyPrint makes styling every page."""
    from weasyprint.css import StyleFor
    from weasyprint.layout import page

    from publish.build import BuildOptions, Compilation, build

    pdf, _ = compilation
    ws = pdf.parent.parent
    styled = []
    declare = StyleFor.add_page_declarations
    monkeypatch.setattr(StyleFor, "add_page_declarations",
                        lambda self, page_type: styled.append(page_type) or declare(self, page_type))
    options = BuildOptions(workspace=ws, out_dir=tmp_path / "shared",
                           compilation=Compilation(title="学习材料汇编", slug="huibian"))
    [shared] = build([], options)
    kinds = len(styled)
    monkeypatch.setattr(page, "set_page_type_computed_styles", page.set_page_type_computed_styles.original)
    styled.clear()
    [each] = build([], BuildOptions(**{**options.__dict__, "out_dir": tmp_path / "each"}))
    assert kinds < shared.pages < len(styled)
    assert shared.path.read_bytes() == each.path.read_bytes() == pdf.read_bytes()


def test_weasyprint_loads_without_asking_the_system_for_library_names():
    """WeasyPrint tries Windows and macOS names of its libraries first; on
    Linux each miss made ctypes run ldconfig, gcc and ld (54 processes, a
    fifth of a second at every start). Loaded through publish, none runs,
    and every library is there."""
    assert fresh_python("import sys; seen = []\n"
                        "sys.addaudithook(lambda event, args: event == 'subprocess.Popen' and seen.append(args[1]))\n"
                        "from publish.speed import import_weasyprint; import_weasyprint()\n"
                        "from weasyprint.text.ffi import harfbuzz_subset, pango, fontconfig, pangoft2\n"
                        "assert pango.pango_version() >= 14400 and harfbuzz_subset is not None\n"
                        "print(len(seen))") == ["0"]


def test_looking_for_placeholders_reads_no_markdown_reader(tmp_path):
    """The build looks for placeholders in every article; the Markdown
    reader (markdown-it and YAML, 60 ms to import) is loaded only for the
    line of a field that is one, not for a text article or a clean field."""
    text = tmp_path / "a.txt"
    text.write_text("学习体会\n\n联系电话：XXXX。\n", encoding="utf-8")
    assert fresh_python("import sys\n"
                        "from pathlib import Path\n"
                        "from publish.placeholders import find\n"
                        "from publish.sources import read_article\n"
                        "article = read_article(Path(sys.argv[1]))\n"
                        "print(find([article], {}, lambda a: '# 学习体会'))\n"
                        "print('publish.sources.markdown' in sys.modules)", str(text)) == [
        f"[('{text}:3', None, 'XXXX')]", "False"]


def fresh_python(code: str, *args: str) -> list[str]:
    """The lines ``code`` prints, run in a Python of its own (nothing
    imported yet)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_weasyprints_c_declarations_come_compiled(tmp_path):
    """cffi parsed WeasyPrint's 450 lines of C declarations with pycparser
    at every start (0.1 s with its parser), and every type named while
    typesetting again with all their typedefs (7 ms each). Through publish,
    the FFI is the one cffi compiles of the same declarations: a process
    typesets without ever importing the parser, and every library has the
    same names, every type the same size, as with cffi's parsing."""
    ws = make_workspace(tmp_path / "ws", {"news.txt": (FIXTURES / "news.txt").read_bytes()})
    check = tmp_path / "check.py"
    check.write_text(f"""import re, sys
from pathlib import Path
from publish.build import BuildOptions, build
ws = Path({str(ws)!r})
build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("a4", "booklet")))
from weasyprint.text import ffi as F
print(sorted(m for m in sys.modules if m.split(".")[0] == "pycparser" or m == "cffi.cparser"))
print(type(F.ffi).__module__)
import cffi
source = re.search(r"ffi[.]cdef[(]'''(.*?)'''[)]", Path(F.__file__).read_text(), re.S)[1]
own = cffi.FFI()
own.cdef(source)
names = ("libpango-1.0.so.0", "libharfbuzz.so.0", "libfontconfig.so.1", "libpangoft2-1.0.so.0")
print(all(sorted(dir(own.dlopen(n))) == sorted(dir(F.ffi.dlopen(n))) for n in names))
sized = []
for name in own._parser._declarations:
    kind, _, type_name = name.partition(" ")
    if kind in ("typedef", "struct"):
        declared = type_name if kind == "typedef" else name
        try:
            size = own.sizeof(declared)
        except Exception:  # opaque
            continue
        sized.append(size == F.ffi.sizeof(declared))
print(len(sized), all(sized))
""", encoding="utf-8")
    parsed, compiled, libraries, sizes = fresh_python(f"exec(open({str(check)!r}).read())")
    assert (parsed, compiled, libraries) == ("[]", "_cffi_backend", "True")
    count, same = sizes.split()
    assert int(count) > 20 and same == "True"
    assert len(list((ws / "out").glob("*.pdf"))) == 3


def test_compiled_declarations_are_kept_once_made(tmp_path, monkeypatch):
    """Made once and kept (whole: never a part another process could
    read); where they cannot be kept, made in memory and used all the same."""
    import cffi.recompiler

    from publish.speed import _compiled_ffi

    source = "typedef struct { int a; double b; } pair; int abs (int);"
    ffi = _compiled_ffi(source, tmp_path)
    assert ffi.sizeof("pair") == 16 and ffi.dlopen(None).abs(-3) == 3
    assert [p.name.split(".")[0] for p in tmp_path.iterdir()] == ["weasyprint-ffi"]

    def refuse(*args, **kwargs):
        raise AssertionError("made again")

    monkeypatch.setattr(cffi.recompiler, "make_py_source", refuse)
    assert _compiled_ffi(source, tmp_path).sizeof("pair") == 16  # read back
    monkeypatch.undo()
    blocked = tmp_path / "file"
    blocked.write_text("")
    ffi = _compiled_ffi(source, blocked / "folder")
    assert ffi.sizeof("pair") == 16
    assert sorted(p.name for p in tmp_path.iterdir())[0] == "file" and len(list(tmp_path.iterdir())) == 2
    # a kept copy damaged (a disk full, an edit) is made again, not trusted
    [kept] = tmp_path.glob("weasyprint-ffi.*.py")
    kept.write_text("ffi = (", encoding="utf-8")
    assert _compiled_ffi(source, tmp_path).sizeof("pair") == 16
    assert kept.read_text(encoding="utf-8").startswith("# auto-generated file")


def test_weasyprint_loads_without_the_font_tools_it_does_not_use():
    """WeasyPrint imports fontTools' subsetter and variable-font instancer
    (a tenth of a second of every start) for fonts publish does not print;
    loaded through publish they are stand-ins until used, then the real ones."""
    before, subsetter, instancer = fresh_python("import sys\nfrom publish.speed import import_weasyprint; import_weasyprint()\n"
            "from weasyprint.pdf import fonts\n"
            "print(sorted(m for m in ('fontTools.subset', 'fontTools.varLib.instancer') if m in sys.modules))\n"
            "import fontTools.subset\nprint(fonts.subset.Subsetter is fontTools.subset.Subsetter)\n"
            "try:\n    fonts.instantiateVariableFont(None, {})\nexcept Exception as exc:\n"
            "    print(type(exc).__name__, sys.modules['fontTools.varLib.instancer'].__file__.endswith('.py'))\n")
    assert (before, subsetter) == ("[]", "True")
    assert instancer.endswith(" True")  # the real instancer ran, and refused None


def test_weasyprint_loads_without_parsing_the_sheets_publish_does_not_use():
    """WeasyPrint parses its presentational hints' and forms' stylesheets as
    it is imported (20 ms of every start) and imports Pillow's colour
    management (for ``@color-profile``); publish uses none of them. Loaded
    through publish, they wait until used, and then work: a paragraph's
    ``align=right`` hint puts its character on the right of the page, a
    form field makes a PDF form."""
    lines = fresh_python(
        "import sys\nfrom publish.speed import import_weasyprint; import_weasyprint()\n"
        "from weasyprint import HTML, html\n"
        "print(sorted(vars(html.PH_STYLESHEET)), sorted(vars(html.UA_FORM_STYLESHEET)), 'PIL.ImageCms' in sys.modules)\n"
        "import pikepdf, pypdfium2\n"
        "for hints in (False, True):\n"
        "    pdf = pypdfium2.PdfDocument(HTML(string='<p align=right>右</p>').write_pdf(presentational_hints=hints))\n"
        "    print(round(pdf[0].get_textpage().get_charbox(0)[0]))\n"
        "form = pikepdf.open(__import__('io').BytesIO(HTML(string='<input name=a value=b>').write_pdf(pdf_forms=True)))\n"
        "print([str(field.T) for field in form.Root.AcroForm.Fields])\n")
    assert lines[0] == "['_later'] ['_later'] False"  # neither parsed yet, nor Pillow's colour management
    left, right = int(lines[1]), int(lines[2])
    assert left < 100 and right > 450  # A4 is 595 pt wide, its margins 75 pt
    assert lines[3] == "['a']"


def test_a_stylesheet_is_parsed_once_a_process():
    """The parts of a compilation, the pieces of its frame, the editions of
    a handout bring the same stylesheet: parsed for the first, the same
    rules for the next (the same PDF)."""
    import uuid

    from publish.render import Rendered
    from publish.speed import import_weasyprint
    from publish.typeset import typeset

    import_weasyprint()  # its own stylesheets parsed now, not counted below (the test alone)

    css = (f"/* {uuid.uuid4()} */ @page {{ size: A5; @bottom-center {{ content: counter(page); }} }}"
           " p { font-family: 'Noto Serif CJK SC'; font-size: 30pt; } .next { break-before: page; }")
    html = f"<html><style>{css}</style><body><p>学习贯彻条例</p><p class='next'>守纪</p></body></html>"
    rendered = Rendered(html, FIXTURES.as_uri() + "/", (FIXTURES,))
    typesets, parsed = [], []
    for _ in range(2):
        with progress_log() as records:
            typesets.append(typeset(rendered))
        parsed.append([message for message, _ in records if message.startswith("Step 2") and "CSS string" in message])
    assert [len(found) for found in parsed] == [1, 0]
    one, two = typesets
    assert one.pdf == two.pdf and one.pages == 2
    with pikepdf.open(io.BytesIO(two.pdf)) as pdf:
        assert [round(float(v)) for v in pdf.pages[1].mediabox] == [0, 0, 420, 595]  # A5: the page rule holds


def test_page_numbers_are_not_measured(tmp_path, monkeypatch):
    """A page number's margin box spans the text block, its text aligned to
    the outer side: WeasyPrint places it without laying its text out twice
    more to measure it (a tenth of the time of a compilation's frame)."""
    from weasyprint.layout import page

    from publish.build import BuildOptions, build

    measured = []
    for name in ("min_content_width", "max_content_width"):
        original = getattr(page, name)
        monkeypatch.setattr(page, name, lambda context, box, *args, original=original, **kwargs:
                            measured.append(box.at_keyword) or original(context, box, *args, **kwargs))
    [output] = build([FIXTURES / "guide.md"], BuildOptions(workspace=FIXTURES, out_dir=tmp_path))
    assert output.pages > 1
    assert measured == []


def test_the_command_ends_without_walking_what_it_leaves(tmp_path):
    """Once WeasyPrint's libraries are loaded, Python's collections at exit
    take a quarter of a second and free nothing: the command freezes what
    it holds before it ends."""
    import os
    import subprocess
    import sys

    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n正文。\n"})
    probe = ("import atexit, gc, sys\natexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
             "from publish.cli import main\nsys.argv = ['publish', 'build', '--no-cache']\nmain()\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ws, capture_output=True, text=True,
                            env={**os.environ, "PUBLISH_LANG": "en"}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (ws / "dist" / "a.zh-Hans.a4.pdf").exists()
    assert result.stdout.strip() == "frozen True"


def test_no_garbage_collection_while_the_sources_are_read(tmp_path, monkeypatch):
    """Reading, converting and checking the articles (and importing
    WeasyPrint) make many objects too: the collector is off meanwhile."""
    from publish import build as building
    from publish.build import BuildOptions, build

    checked, check = [], building.check_glyphs
    monkeypatch.setattr(building, "check_glyphs", lambda *args: checked.append(gc.isenabled()) or check(*args))
    build([FIXTURES / "guide.md"], BuildOptions(workspace=FIXTURES, out_dir=tmp_path))
    assert checked == [False]
    assert gc.isenabled() and gc.get_freeze_count() == 0


@contextmanager
def glyph_drawing(counted: dict[str, int] | None = None, fast: bool = True):
    """Lines drawn by speed.py's ``draw_first_line`` (``fast``) or by
    WeasyPrint's alone; ``counted``: how many lines each drew."""
    from publish import speed, typography

    typography.install()
    speed.install()  # as the typesetter does, in this order
    from weasyprint.draw import text

    wrapper = text.draw_first_line  # typography's, which looks the drawing up when called
    drawing = wrapper.original
    weasyprint_s = drawing.original

    def counting(name, function):
        if counted is None:
            return function

        def draw(*args):
            counted[name] = counted.get(name, 0) + 1
            return function(*args)
        return draw

    wrapper.original = counting("fast", drawing) if fast else weasyprint_s
    drawing.original = counting("weasyprint", weasyprint_s)
    try:
        yield
    finally:
        wrapper.original, drawing.original = drawing, weasyprint_s


VARIED = (FIXTURES / "typography.md").read_text("utf-8") + (
    "\n\n## 三、其他\n\n要把*学纪、知纪*落到实处，运行 `make test` 检查；"
    "本条含一个缺字\ue000，照常排出。\n")


def test_glyphs_drawn_at_once_give_the_same_pdf(tmp_path):
    """A line's glyphs read a run at a time give the PDF WeasyPrint's
    field-by-field drawing gives: Latin, digits, compressed punctuation,
    tracked titles, emphasis, code, a missing glyph (.notdef, warned)."""
    from publish.build import BuildOptions, build

    ws = make_workspace(tmp_path / "ws", {"varied.md": VARIED})
    pdfs, counted = {}, {}
    for fast in (True, False):
        options = BuildOptions(workspace=ws, out_dir=tmp_path / str(fast), allow_missing_glyphs=True)
        with glyph_drawing(counted if fast else None, fast=fast):
            [output] = build([], options)
        pdfs[fast] = output.path.read_bytes()
    assert pdfs[True] == pdfs[False]
    assert counted.get("fast", 0) > 30 and "weasyprint" not in counted  # every line the fast way
    with pikepdf.open(io.BytesIO(pdfs[True])) as pdf:
        moves = [item for page in pdf.pages for operands, operator in pikepdf.parse_content_stream(page)
                 if str(operator) == "TJ" for item in operands[0] if not isinstance(item, pikepdf.String)]
    assert sum(1 for move in moves if move) > 100  # the grid's tracking, compressed punctuation


RARE = ("<html><style>@page { size: A5 } body { font: 12pt 'Noto Serif CJK SC' } .l { font-family: 'DejaVu Sans' }"
        " h1 { letter-spacing: .5em } .cut { width: 6em; white-space: nowrap; overflow: hidden;"
        " text-overflow: ellipsis }</style><body><h1>学习材料</h1><p>学纪知纪。AVAWAY To 2024年，35.6%</p>"
        "<p class='l'>مرحبا بالعالم שָׁלוֹם e\u0301 a\u0323\u0302 q\u0307\u0323 AVAWAY</p>"
        "<p>缺字\ue000\U0010fffd测试\u200b零宽</p><p class='cut'>很长很长很长很长很长很长很长的一行</p></body></html>")


def test_rare_glyphs_drawn_as_weasyprint_draws_them():
    """Right-to-left text, marks placed by offsets and rises, missing and
    empty glyphs: the same operators as WeasyPrint's; a line it cuts with
    an ellipsis is drawn by WeasyPrint itself."""
    from publish.render import Rendered
    from publish.typeset import typeset

    rendered = Rendered(RARE, FIXTURES.as_uri() + "/", (FIXTURES,))
    counted = {}
    with glyph_drawing(counted):
        fast = typeset(rendered).pdf
    with glyph_drawing(fast=False):
        slow = typeset(rendered).pdf
    assert fast == slow
    assert counted == {"fast": 5, "weasyprint": 1}
    with pikepdf.open(io.BytesIO(fast)) as pdf:
        operators = [str(operator) for _, operator in pikepdf.parse_content_stream(pdf.pages[0])]
    assert "Ts" in operators  # a mark raised


def test_glyphs_drawn_in_one_document_are_drawn_alike_in_the_next():
    """A document typeset after others gives the bytes it gives typeset
    first: the pieces kept from the documents before are the ones it would
    write, and a piece kept for a glyph of another width (another face of
    the same name) is not taken."""
    from publish import speed
    from publish.render import Rendered
    from publish.typeset import typeset

    rendered = Rendered(RARE, FIXTURES.as_uri() + "/", (FIXTURES,))
    with glyph_drawing():
        speed._DRAWN.clear()
        first = typeset(rendered).pdf
        kept = {size: dict(pieces) for size, pieces in speed._DRAWN.items()}
        assert sum(map(len, kept.values())) > 40
        assert typeset(rendered).pdf == first
        # Kept from a face whose glyphs are a unit wider: written afresh.
        for size, pieces in kept.items():
            speed._DRAWN[size] = {key: (width + 1, "<ffff>") for key, (width, _) in pieces.items()}
        assert typeset(rendered).pdf == first
        # (The kept pieces are taken, where the widths agree.)
        for size, pieces in kept.items():
            speed._DRAWN[size] = {key: (width, "<ffff>") for key, (width, _) in pieces.items()}
        assert typeset(rendered).pdf != first
        speed._DRAWN.clear()


def test_margin_boxes_are_made_only_on_the_sides_that_have_content(monkeypatch):
    """A page none of whose sixteen margin boxes has content (a part of a
    compilation) gets none made; one with a number at its foot gets the
    three of its foot; running heads add the three of its head, a corner
    itself; pages alike in every other way: the PDF is the one WeasyPrint
    makes making all sixteen on every page."""
    from weasyprint import HTML, layout
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import page

    from publish.speed import import_weasyprint, install

    import_weasyprint()
    install()
    made = []
    init = boxes.MarginBox.__init__
    monkeypatch.setattr(boxes.MarginBox, "__init__", lambda self, *args, **kwargs: made.append(args[0]) or init(
        self, *args, **kwargs))
    body = "<h1>学习材料</h1><p>" + "学习材料汇编。" * 400 + "</p>"
    page_rules = {
        "bare": "",
        "numbered": "@bottom-center { content: counter(page) }",
        "headed": "@bottom-center { content: '— ' counter(page) ' —' } @top-left { content: string(title) }"
                  " @top-right { content: '学习材料'; width: 30% } @top-right-corner { content: '★' }"
                  " @left-middle { content: none }",
    }
    sixteen = {}
    for name, rules in page_rules.items():
        html = (f"<style>@page {{ size: A5; margin: 20mm; {rules} }} h1 {{ string-set: title content() }}"
                f"</style>{body}")
        made.clear()
        pdf = HTML(string=html).write_pdf()
        mine = list(made)
        with monkeypatch.context() as patched:
            patched.setattr(layout, "make_margin_boxes", page.make_margin_boxes)  # WeasyPrint's own
            made.clear()
            assert HTML(string=html).write_pdf() == pdf, name
            sixteen[name] = list(made)
        pages = len(sixteen[name]) // 16
        assert pages >= 3 and len(sixteen[name]) == 16 * pages
        kept = {"bare": set(), "numbered": {"@bottom-left", "@bottom-center", "@bottom-right"},
                "headed": {"@bottom-left", "@bottom-center", "@bottom-right", "@top-left", "@top-center",
                           "@top-right", "@top-right-corner"}}[name]
        assert sorted(mine) == sorted(list(kept) * pages)


def _down(depth: int) -> int:
    return 0 if depth == 0 else _down(depth - 1) + 1


def _back_and_forth() -> None:
    # Down to every depth up to 300 frames and back, as layout recurses:
    # wherever the stack stands, a boundary of its 16 kB chunks is crossed.
    for _ in range(10):
        for depth in range(1, 300):
            _down(depth)


def _page_faults(fn, *args) -> int:
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    fn(*args)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_deep_recursion_does_not_map_and_unmap_the_frame_stack():
    """Python frames recursing across a chunk boundary of CPython's frame
    stack map and unmap a chunk each time (a page fault each: 3 s of system
    time in a 310-page compilation); in ``deep_stack`` they stay in one."""
    from publish.speed import deep_stack

    plain = min(_page_faults(_back_and_forth) for _ in range(3))
    if plain < 500:
        pytest.skip(f"this Python does not free its frame stack a chunk at a time ({plain} page faults)")
    deep = min(_page_faults(deep_stack, _back_and_forth) for _ in range(3))
    assert deep < plain / 10, (plain, deep)


def faults_of_back_and_forth(task) -> int:
    return _page_faults(_back_and_forth)


@pytest.mark.parametrize("workers", [1, 2])
def test_every_job_runs_with_room_for_deep_recursion(workers):
    """A job of the pool, in this process or in a worker, recurses without
    mapping chunks of the frame stack."""
    from publish.pool import Pool

    plain = min(_page_faults(_back_and_forth) for _ in range(3))
    if plain < 500:
        pytest.skip(f"this Python does not free its frame stack a chunk at a time ({plain} page faults)")
    with Pool(workers) as pool:
        faults = [pool.submit(f"k{n}", "t", ("typeset", 1), faults_of_back_and_forth, None).result()[0]
                  for n in range(3)]
    assert min(faults) < plain / 10, (plain, faults)


@pytest.mark.parametrize("phrase", ["为发展增动能", "推动全面从严治党向纵深发展的实施意见" * 2])
def test_an_inline_block_that_fits_is_not_measured_at_its_narrowest(phrase, monkeypatch):
    """A title's phrases (inline blocks) that fit on the line are not
    broken after every character to find their narrowest width; one longer
    than the line is, and breaks inside. Either way the PDF is the one
    WeasyPrint makes measuring both."""
    from weasyprint import HTML
    from weasyprint.layout import inline, preferred

    from publish.speed import import_weasyprint, install

    import_weasyprint()
    install()
    measured = []
    narrowest = preferred.min_content_width
    monkeypatch.setattr(preferred, "min_content_width",
                        lambda *args, **kwargs: measured.append(args[1]) or narrowest(*args, **kwargs))
    html = ("<style>@page { size: A5; margin: 20mm } h1 { font-size: 22pt; text-align: center }"
            "h1 span { display: inline-block }</style>"
            f"<h1><span>以党建聚合力</span> <span>{phrase}</span></h1>")
    pdf = HTML(string=html).write_pdf()
    fits = len(phrase) < 10
    assert (not measured) if fits else measured
    monkeypatch.setattr(inline, "shrink_to_fit", inline.shrink_to_fit.original)  # WeasyPrint's own
    measured.clear()
    assert HTML(string=html).write_pdf() == pdf and measured


def test_lines_are_broken_from_a_short_text(tmp_path, monkeypatch):
    """Pango is given a line and a half of the text to break a line, not
    four lines' worth or the rest of the paragraph, and the PDFs are the
    ones WeasyPrint makes from the whole text: mixed Latin, digits, long
    URLs, hyphenated English, emphasis, footnotes, both editions, A4 and
    the booklet's A5."""
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    from publish.build import BuildOptions, build
    from publish.speed import import_weasyprint, warm_up

    import_weasyprint()
    warm_up()
    names = ("typography.md", "long-tokens.md", "news.txt", "guide.md")
    ws = make_workspace(tmp_path / "ws", {name: (FIXTURES / name).read_bytes() for name in names})
    laid_out = []  # the characters of each text Pango lays out to break a line
    create_layout = line_break.create_layout
    monkeypatch.setattr(line_break, "create_layout",
                        lambda text, *args, **kwargs: laid_out.append(len(text)) or create_layout(text, *args, **kwargs))

    def typeset(out: str) -> dict:
        laid_out.clear()
        outputs = build([], BuildOptions(workspace=ws, out_dir=ws / out, formats=("a4", "booklet"),
                                         editions=("zh-Hans", "zh-Hant-HK")))
        return {output.path.name: output.path.read_bytes() for output in outputs if output.path.suffix == ".pdf"}

    short = typeset("short")
    short_chars = sum(laid_out)
    wrapper = inline.split_first_line
    monkeypatch.setattr(wrapper, "original", wrapper.original.plain)  # WeasyPrint's own
    whole = typeset("whole")
    assert len(short) == 24 and short == whole
    assert short_chars < sum(laid_out) * 0.9, (short_chars, sum(laid_out))


def test_texts_of_one_font_size_and_language_share_a_pango_context(tmp_path, monkeypatch):
    """The hundreds of texts laid out for a handout share a few Pango
    contexts (one a font, size, language and direction), and the PDF is
    the one WeasyPrint makes with a context for each."""
    import cffi
    from weasyprint.text import line_break

    from publish.build import BuildOptions, build
    from publish.speed import import_weasyprint, warm_up

    import_weasyprint()
    warm_up()
    # WeasyPrint does not declare it; its FFI is compiled (no cdef): one of our own.
    ffi = cffi.FFI()
    ffi.cdef("void * pango_layout_get_context (void *layout);")
    pango = ffi.dlopen("libpango-1.0.so.0")
    names = ("typography.md", "news.txt", "guide.md")
    ws = make_workspace(tmp_path / "ws", {name: (FIXTURES / name).read_bytes() for name in names})
    layouts = []  # Pango's, kept alive: no context is freed and made again at the same address
    init = line_break.Layout.__init__

    def made(self, *args, **kwargs):
        init(self, *args, **kwargs)
        layouts.append(self.layout)

    monkeypatch.setattr(line_break.Layout, "__init__", made)

    def typeset(out: str) -> tuple[dict, int]:
        layouts.clear()
        outputs = build([], BuildOptions(workspace=ws, out_dir=ws / out))
        contexts = {int(ffi.cast("uintptr_t", pango.pango_layout_get_context(ffi.cast("void *", layout))))
                    for layout in layouts}
        return {output.path.name: output.path.read_bytes() for output in outputs}, len(contexts)

    shared, contexts = typeset("shared")
    assert len(shared) == 3 and len(layouts) > 100 and contexts <= 12, (len(layouts), contexts)
    monkeypatch.setattr(line_break.Layout, "setup", line_break.Layout.setup.original)  # WeasyPrint's own
    own, own_contexts = typeset("own")
    assert own == shared and own_contexts == len(layouts)


def test_a_styles_font_key_is_made_once(tmp_path, monkeypatch):
    """The string that names a style's font (fourteen of its values, asked
    for three times a line) is made once a style and size, and the PDF is
    the one WeasyPrint makes when it makes the string every time."""
    from weasyprint.text import line_break

    from publish.build import BuildOptions, build
    from publish.speed import import_weasyprint, install

    import_weasyprint()
    install()
    kept = line_break._font_style_cache_key
    own = kept.original  # WeasyPrint's
    asked, made = [], []

    def making(style, include_size=False):
        made.append((id(style), include_size))
        return own(style, include_size)

    def asking(style, include_size=False):
        asked.append((id(style), include_size))
        return kept(style, include_size)

    monkeypatch.setattr(kept, "original", making)
    monkeypatch.setattr(line_break, "_font_style_cache_key", asking)
    ws = make_workspace(tmp_path / "ws", {"guide.md": (FIXTURES / "guide.md").read_bytes()})
    [output] = build([], BuildOptions(workspace=ws, out_dir=ws / "kept"))
    assert len(asked) > 100 and len(made) == len(set(made)) and len(made) * 3 < len(asked), (len(asked), len(made))
    monkeypatch.setattr(line_break, "_font_style_cache_key", own)
    [again] = build([], BuildOptions(workspace=ws, out_dir=ws / "own"))
    assert again.path.read_bytes() == output.path.read_bytes()


def test_what_the_typography_reads_of_a_style_is_read_once(tmp_path, monkeypatch):
    """The typography's settings, the facts of the style's font and the
    marks taken from another font are asked for with every text laid out
    and drawn: each is worked out once a style (a HK edition takes its
    marks from another font), and the PDF is the same."""
    from publish import typography
    from publish.build import BuildOptions, build

    ws = make_workspace(tmp_path / "ws", {"guide.md": (FIXTURES / "guide.md").read_bytes()})
    options = dict(workspace=ws, editions=("zh-Hant-HK",))
    [kept] = [o for o in build([], BuildOptions(out_dir=ws / "kept", **options)) if o.path.suffix == ".pdf"]
    worked = {name: [] for name in ("_read_settings", "_style_font_facts", "_find_marks_elsewhere")}
    for name, calls in worked.items():
        def noted(style, work=getattr(typography, name), calls=calls):
            calls.append(id(style))
            return work(style)

        monkeypatch.setattr(typography, name, noted)
    asked = []
    settings = typography._settings
    monkeypatch.setattr(typography, "_settings", lambda style: asked.append(id(style)) or settings(style))
    [again] = [o for o in build([], BuildOptions(out_dir=ws / "again", **options)) if o.path.suffix == ".pdf"]
    assert again.path.read_bytes() == kept.path.read_bytes()
    assert all(calls and len(calls) == len(set(calls)) for calls in worked.values()), worked
    assert len(asked) > 5 * len(worked["_read_settings"]), (len(asked), len(worked["_read_settings"]))


def test_a_face_is_cut_once_where_once_is_enough(tmp_path, monkeypatch):
    """WeasyPrint cuts every face twice: keeping each glyph's number, then
    again to drop the empty slots after the last glyph used. The faces of
    the simplified edition are cut once, that of a traditional edition's
    body (whose punctuation reaches glyphs after the last one used) twice
    as before, and the PDFs are WeasyPrint's own."""
    from weasyprint.pdf import fonts
    from weasyprint.text import ffi as text_ffi

    from publish import speed
    from publish.build import BuildOptions, build

    speed.import_weasyprint()
    speed.install()
    cuts = []

    class Counting:
        def __init__(self, library):
            self._library = library

        def __getattr__(self, name):
            found = getattr(self._library, name)
            if name != "hb_subset_or_fail":
                return found
            return lambda *args: cuts.append(1) or found(*args)

    counting = Counting(text_ffi.harfbuzz_subset)
    monkeypatch.setattr(text_ffi, "harfbuzz_subset", counting)
    monkeypatch.setattr(fonts, "harfbuzz_subset", counting)
    names = ("typography.md", "news.txt", "guide.md")
    ws = make_workspace(tmp_path / "ws", {name: (FIXTURES / name).read_bytes() for name in names})

    def typeset(out: str, edition: str) -> tuple[dict, int]:
        speed._SUBSETS.clear()  # each face cut afresh
        cuts.clear()
        outputs = build([], BuildOptions(workspace=ws, out_dir=ws / out, editions=(edition,)))
        return {output.path.name: output.path.read_bytes() for output in outputs if output.path.suffix == ".pdf"}, \
            len(cuts)

    once = {edition: typeset(f"once-{edition}", edition) for edition in ("zh-Hans", "zh-Hant-HK")}
    monkeypatch.setattr(speed, "_cut_once", lambda font, used, hinting, twice: twice(font, used, hinting))
    twice = {edition: typeset(f"twice-{edition}", edition) for edition in ("zh-Hans", "zh-Hant-HK")}
    cut = {edition: (once[edition][1], twice[edition][1]) for edition in once}
    for edition in once:
        assert once[edition][0] == twice[edition][0] and len(once[edition][0]) == 3
        faces = twice[edition][1] // 2
        assert twice[edition][1] == 2 * faces >= 6 and faces <= once[edition][1] < twice[edition][1], cut
    assert once["zh-Hans"][1] <= 1.5 * twice["zh-Hans"][1] / 2, cut  # most faces: once


def test_a_subset_written_twice_is_compressed_once(tmp_path, monkeypatch):
    """The A4 and the booklet of one edition embed the same subsets of the
    same faces: each is compressed once (at pydyf's level 9), and the files
    are those made when every stream is compressed afresh."""
    import zlib

    import pydyf

    from publish import speed
    from publish.build import BuildOptions, build

    speed.import_weasyprint()
    speed.install()
    sizes: list[int] = []
    faces: set[int] = set()
    real = zlib.compressobj

    def counting(*args, **kwargs):
        compressor = real(*args, **kwargs)

        class Counted:
            def compress(self, data):
                sizes.append(len(data))
                if len(data) > 100_000:  # (a face: a few hundred kB)
                    faces.add(hash(bytes(data)))
                return compressor.compress(data)

            def flush(self, *rest):
                return compressor.flush(*rest)

        return Counted()

    monkeypatch.setattr(zlib, "compressobj", counting)
    ws = make_workspace(tmp_path / "ws", {"news.txt": (FIXTURES / "news.txt").read_bytes()})

    def typeset(out: str) -> tuple[dict, int]:
        speed._SUBSETS.clear()
        speed._COMPRESSED.clear()
        sizes.clear()
        faces.clear()
        outputs = build([], BuildOptions(workspace=ws, out_dir=ws / out, formats=("a4", "booklet")))
        return {output.path.name: output.path.read_bytes() for output in outputs}, \
            sum(1 for size in sizes if size > 100_000)

    once, compressed_once = typeset("once")
    monkeypatch.setattr(pydyf, "zlib", zlib)  # pydyf's own: every stream compressed afresh
    afresh, compressed_afresh = typeset("afresh")
    assert once == afresh and len(once) == 3
    # each subset once; the A4 and the booklet share most of theirs
    assert compressed_once == len(faces) <= compressed_afresh - 2, (compressed_once, len(faces), compressed_afresh)
