"""Both cores: the pool runs jobs in worker processes, each key once, and a
parallel build writes the same bytes as a sequential one."""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FIXTURES, make_workspace, run_cli
from publish import build as building
from publish.build import BuildOptions, Compilation, build
from publish.errors import PublishError, RenderError, SourceError
from publish.pool import Pool
from publish.progress import Report


@dataclass(frozen=True)
class Task:
    key: str
    title: str = "task"
    step: tuple = ("typeset", 1)


def pid(task):
    return os.getpid()


def slow_pid(task):
    time.sleep(0.5)
    return os.getpid()


def napping_pid(task):
    time.sleep({"a1": 0.5, "b2": 0.8}.get(task.key, 0.1))
    return os.getpid()


def fail(task):
    raise RenderError("typesetting took longer than 1 s", "x.md", "split the article")


def telling(task):
    from publish import pool

    for what in ("mine", "theirs", "nobody's"):
        pool._send(task.title, "frame", what)
    return os.getpid()


def test_listeners_hear_the_workers_events_first():
    """A listener hears every event of the workers before the report does,
    and keeps those it answers True for (a build's own parts' frames: two
    builds share a server's pool); the others go on."""
    heard, reported = [], []
    with Pool(2, lambda *event: reported.append(event[1:])) as pool:
        with pool.listening(lambda title, what, value: heard.append(("first", value)) or value == "mine"), \
                pool.listening(lambda title, what, value: heard.append(("second", value)) or value == "theirs"):
            list(pool.run([Task("a")], telling))
            time.sleep(0.5)  # (the events' thread)
    assert ("first", "mine") in heard and ("second", "mine") not in heard
    assert ("second", "theirs") in heard and ("second", "nobody's") in heard
    frames = [value for what, value in reported if what == "frame"]
    assert frames == ["nobody's"]


def test_jobs_run_in_worker_processes():
    with Pool(2) as pool:
        pids = {result for _, result, _ in pool.run([Task("a"), Task("b"), Task("c")], slow_pid)}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    with Pool(1) as pool:
        assert {result for _, result, _ in pool.run([Task("a"), Task("b")], pid)} == {os.getpid()}


def test_one_key_runs_once():
    with Pool(2) as pool:
        first = pool.submit("same", "t", ("typeset", 1), slow_pid, None)
        second = pool.submit("same", "t", ("typeset", 1), slow_pid, None)
        other = pool.submit("other", "t", ("typeset", 1), slow_pid, None)
        assert first is second and other is not first
        assert first.result() == second.result()


def test_kindred_jobs_go_to_the_same_worker():
    """The A4 and the booklet of one edition share the typography of its
    text and the font subsets of its glyphs, which a worker keeps: a worker
    that frees takes a kin of the job it did, not the next in line (b1's
    worker takes b2, not a2, which waits for a1's)."""
    with Pool(2) as pool:
        ran = {task.key: result for task, result, _ in pool.run(
            [Task("a1"), Task("b1"), Task("a2"), Task("b2")], napping_pid, kin=lambda task: task.key[0])}
    assert ran["a1"] == ran["a2"] != ran["b1"] == ran["b2"]


def test_a_workers_error_arrives_whole():
    with pytest.raises(RenderError) as raised, Pool(2) as pool:
        list(pool.run([Task("a"), Task("b")], fail))
    assert str(raised.value) == "x.md: typesetting took longer than 1 s (split the article)"


def test_events_reach_the_building_process():
    seen = []

    def events(job, what, value):
        seen.append((job, what, value))

    with Pool(2, events) as pool:
        list(pool.run([Task("a", "first"), Task("b", "second")], pid))
    assert {(job, what) for job, what, *_ in seen} == {("first", "start"), ("second", "start")}


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    """The 2 x 2 matrix of two articles built with one worker and with two."""
    ws = make_workspace(tmp_path_factory.mktemp("matrix"))
    for name in ("news.txt", "guide.md"):
        (ws / "articles" / name).write_bytes((FIXTURES / name).read_bytes())
    base = BuildOptions(workspace=ws, out_dir=ws / "one", formats=("a4", "booklet"),
                        editions=("zh-Hans", "zh-Hant-HK"))
    one = build([], base, jobs=1)
    # Nothing kept from the first build: the second converts its own
    # traditional edition, in a process of its own (building._editions).
    building._memo.clear()
    two = build([], BuildOptions(**{**base.__dict__, "out_dir": ws / "two"}), jobs=2)
    return ws, one, two


def test_parallel_output_is_byte_identical(matrix):
    ws, one, two = matrix
    assert [o.path.name for o in one] == [o.path.name for o in two]
    assert len(one) == 14
    for a, b in zip(one, two):
        assert a.path.read_bytes() == b.path.read_bytes(), a.path.name
        assert (a.pages, a.sheets, a.kind) == (b.pages, b.sheets, b.kind)


def test_traditional_editions_are_converted_aside_while_the_typesetter_loads(tmp_path):
    """With a core to spare, the HK edition is converted in a process of its
    own, forked at once (this one loads WeasyPrint meanwhile): this process
    never loads the HK converter, and what comes back equals a conversion
    here."""
    ws = make_workspace(tmp_path / "ws")
    paths = []
    for name in ("news.txt", "guide.md"):
        paths.append(ws / "articles" / name)
        paths[-1].write_bytes((FIXTURES / name).read_bytes())
    options = BuildOptions(workspace=ws, out_dir=ws / "dist", editions=("zh-Hans", "zh-Hant-HK"))
    groups = [(path,) for path in paths]  # two handouts: each job asks for its own article's edition
    building._memo.clear()
    reading = building._Reading(groups, options.editions, options, 2)
    assert reading.forked and reading.reading is None
    aside = reading.editions()
    converter = building._key(("converter", *building._converter_key("zh-Hant-HK", options)))
    assert converter not in building._memo
    # what each job will ask for is here, converted in the other process
    for group in groups:
        assert building._key(building._edition_key(group, "zh-Hant-HK", options)) in building._memo
    building._memo.clear()
    here = building._Reading(groups, options.editions, options, 1).editions()
    assert converter in building._memo
    assert aside == here and aside["zh-Hant-HK"].articles != here["zh-Hans"].articles


def test_many_articles_are_dealt_out_to_a_conversion_process_a_core(tmp_path, monkeypatch):
    """A compilation's articles (here eight) are converted in two processes
    on two cores, each with its own converter and half of them: the
    edition that comes back equals one converted here, in order, with its
    proofreading notes and its cover texts. One article is not dealt out,
    nor are eight short ones (21 KB: a second converter would take longer
    to load than it saves)."""
    ws = make_workspace(tmp_path / "ws")
    paths = []
    for n in range(8):
        name = ("news.txt", "guide.md")[n % 2]
        paths.append(ws / "articles" / f"{n}{name}")
        paths[-1].write_bytes((FIXTURES / name).read_bytes())
    options = BuildOptions(workspace=ws, out_dir=ws / "dist", editions=("zh-Hans", "zh-Hant-HK"),
                           compilation=Compilation(title="学习材料汇编", slug="hb"))
    groups = [tuple(paths)]
    building._memo.clear()
    short = building._Reading(groups, options.editions, options, 2)
    assert [len(shares) for shares in short.forked.values()] == [1]
    short.stop()
    # (as if each held 16 KB of text, as eight articles of the shared sample do)
    monkeypatch.setattr(building, "SHARE_BYTES", 2_000)
    building._memo.clear()
    reading = building._Reading(groups, options.editions, options, 2)
    assert [len(shares) for shares in reading.forked.values()] == [2]
    aside = reading.editions()
    assert building._key(("converter", *building._converter_key("zh-Hant-HK", options))) not in building._memo
    building._memo.clear()
    here = building._Reading(groups, options.editions, options, 1).editions()
    assert aside == here and aside["zh-Hant-HK"].texts == here["zh-Hant-HK"].texts != ()
    assert len(aside["zh-Hant-HK"].articles) == 8
    building._memo.clear()
    one = building._Reading([(paths[0],)], options.editions, options, 2)
    assert [len(shares) for shares in one.forked.values()] == [1]
    one.stop()
    building._memo.clear()


def test_articles_are_read_aside_while_the_typesetter_loads(tmp_path, monkeypatch):
    """With a core to spare and nothing to convert, the articles are read in
    a process of their own while this one loads WeasyPrint: they come back
    whole, into this process's memory, equal to what reading here gives.
    A bad one stops the build with its reader's error."""
    ws = make_workspace(tmp_path / "ws")
    paths = []
    for name in ("news.txt", "guide.md"):
        paths.append(ws / "articles" / name)
        paths[-1].write_bytes((FIXTURES / name).read_bytes())
    options = BuildOptions(workspace=ws, out_dir=ws / "dist")
    groups = [tuple(paths)]
    reads = []
    original = building.read_article
    monkeypatch.setattr(building, "read_article", lambda path: reads.append(path) or original(path))
    building._memo.clear()
    reading = building._Reading(groups, options.editions, options, 2)
    aside = reading.articles()
    assert reads == []  # (read in the other process: its list is its own)
    assert all(building._key(building._article_key(path)) in building._memo for path in paths)
    assert reading.editions()["zh-Hans"].articles == tuple(aside)
    building._memo.clear()
    building._Reading(groups, options.editions, options, 1)
    assert reads == paths  # read at once: a bad article stops the build before WeasyPrint loads
    assert building._Reading(groups, options.editions, options, 1).articles() == aside
    building._memo.clear()
    (ws / "articles" / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(SourceError, match="bad.txt"):
        building._Reading([(ws / "articles" / "bad.txt",)], options.editions, options, 2).articles()
    building._memo.clear()


def sleep_then(seconds, value):
    time.sleep(seconds)
    return value, os.getpid()


def die():
    os._exit(3)


def warn_then(value):
    import logging

    logging.getLogger("publish.test").warning("%s", f"warned in {os.getpid()}")
    return value


@contextmanager
def heard_here():
    """What is logged to ``publish`` here meanwhile (a list of messages)."""
    heard = []

    class Ear(logging.Handler):
        def emit(self, record):
            heard.append(record.getMessage())

    ear = Ear()
    logging.getLogger("publish").addHandler(ear)
    try:
        yield heard
    finally:
        logging.getLogger("publish").removeHandler(ear)


def test_a_forked_call_gives_back_its_result_or_its_error():
    """``pool.Forked``: the call runs in another process and its value
    comes back, its exception whole (type, path, hint); a process that
    dies gives an error naming the work; one stopped unfinished is gone."""
    from publish.errors import PublishError
    from publish.pool import Forked

    call = Forked("a nap", sleep_then, 0.1, {"a": (1, "二")})
    value, child = call.result()
    assert value == {"a": (1, "二")} and child != os.getpid()
    with pytest.raises(RenderError) as raised:
        Forked("a failure", fail, Task("x")).result()
    assert (raised.value.path, raised.value.hint) == ("x.md", "split the article")
    with pytest.raises(PublishError, match="a sudden end stopped: its process ended without a result"):
        Forked("a sudden end", die).result()
    with heard_here() as heard:
        call = Forked("a warning", warn_then, 7)
        assert heard == [] and call.result() == 7
    assert len(heard) == 1 and heard[0].startswith("warned in ") and heard[0] != f"warned in {os.getpid()}"
    long = Forked("a long nap", sleep_then, 30, None)
    started = time.monotonic()
    long.stop()
    assert time.monotonic() - started < 5 and long.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # reaped, not a zombie


def _news_to_convert(tmp_path) -> tuple:
    """An article, and options asking for its zh-Hans and HK editions."""
    ws = make_workspace(tmp_path / "ws")
    path = ws / "articles" / "news.txt"
    path.write_bytes((FIXTURES / "news.txt").read_bytes())
    return path, BuildOptions(workspace=ws, out_dir=ws / "dist", editions=("zh-Hans", "zh-Hant-HK"))


def _forks_noted(monkeypatch) -> list:
    """Every ``pool.Forked`` started from now on (this test's)."""
    from publish import pool

    started = []
    original = pool.Forked.__init__

    def noting(self, *args):
        original(self, *args)
        started.append(self)

    monkeypatch.setattr(pool.Forked, "__init__", noting)
    return started


def test_a_check_that_fails_meanwhile_stops_the_conversion(tmp_path, monkeypatch):
    """What this process does while the HK edition is converted (loading
    the typesetter) ends the build at once if it fails, the conversion
    stopped (not waited for), its process gone."""
    path, options = _news_to_convert(tmp_path)
    started = _forks_noted(monkeypatch)

    def failing(**_):
        raise RenderError("WeasyPrint failed", "x.md")

    monkeypatch.setattr(building, "_load_typesetter", failing)
    monkeypatch.delitem(sys.modules, "weasyprint.text.ffi", raising=False)  # (as in a process just started)
    building._memo.clear()
    with pytest.raises(RenderError, match="WeasyPrint failed"):
        building.prepare(building.plan([path], options), options, Report(), 2)
    assert len(started) == 1 and started[0].pid is None  # stopped and reaped
    building._memo.clear()


def test_a_process_with_the_typesetter_loaded_reads_and_converts_itself(tmp_path, monkeypatch):
    """``publish watch``'s builds after the first: nothing to do meanwhile,
    so no process is forked to read or convert, and the converter loaded
    here is kept for the next build."""
    from publish.speed import import_weasyprint

    import_weasyprint()
    path, options = _news_to_convert(tmp_path)
    started = _forks_noted(monkeypatch)
    building._memo.clear()
    building.prepare(building.plan([path], options), options, Report(), 2)
    assert started == []
    assert building._key(("converter", *building._converter_key("zh-Hant-HK", options))) in building._memo
    building._memo.clear()


def test_what_every_worker_would_do_is_done_once_before_they_fork(tmp_path):
    """The building process imports pikepdf and the template engine and
    makes the font configuration before it forks the workers, which
    typeset everything: they inherit it all."""
    import subprocess
    import sys

    ws = make_workspace(tmp_path / "ws")
    (ws / "articles" / "news.txt").write_bytes((FIXTURES / "news.txt").read_bytes())
    code = ("import sys\nfrom pathlib import Path\nfrom publish.build import BuildOptions, build\n"
            "ws = Path(sys.argv[1])\n"
            "options = dict(workspace=ws, formats=('a4', 'booklet'), editions=('zh-Hans',))\n"
            "build([], BuildOptions(out_dir=ws / 'two', **options), jobs=2)\n"
            "from publish.typeset import _font_config\n"
            "print('pikepdf' in sys.modules, 'jinja2' in sys.modules, _font_config.cache_info().currsize)\n")
    done = subprocess.run([sys.executable, "-c", code, str(ws)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["True True 1"]


def test_the_longest_jobs_start_first(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    (ws / "articles" / "short.md").write_text("# 短\n\n一段。\n", encoding="utf-8")
    (ws / "articles" / "long.md").write_text("# 长\n\n" + "一段文字。" * 400 + "\n", encoding="utf-8")
    jobs = building.plan(building.find_articles([], ws), BuildOptions(
        workspace=ws, out_dir=ws / "dist", formats=("a4", "booklet"), editions=("zh-Hans", "zh-Hant-HK")))
    order = [(job.sources[0].stem, job.edition, job.format) for job in building.longest_first(jobs)]
    assert order[:4] == [("long", "zh-Hans", "booklet"), ("long", "zh-Hant-HK", "booklet"),
                         ("long", "zh-Hans", "a4"), ("long", "zh-Hant-HK", "a4")]
    assert order[-1] == ("short", "zh-Hant-HK", "review")


def test_jobs_option_on_the_command_line(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    (ws / "articles" / "news.txt").write_bytes((FIXTURES / "news.txt").read_bytes())
    bad = run_cli("build", "--jobs", "0", cwd=ws)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    # a limit no timer takes (1e30: OverflowError halfway through), or none
    for limit in ("1e30", "inf", "nan"):
        bad = run_cli("build", "--timeout", limit, "--no-cache", "-o", "out", cwd=ws)
        assert bad.returncode == 2 and "Traceback" not in bad.stderr and "internal error" not in bad.stderr, limit
        assert "--timeout" in bad.stderr and not (ws / "out").exists()
    slow = "# 标题\n\n" + "纪律严明，" * 30000 + "\n"
    (ws / "articles" / "slow.md").write_text(slow, "utf-8")
    result = run_cli("build", "--jobs", "2", "--timeout", "1", "--no-cache", "-o", "out", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    # (naming the file: of the build's, which took too long; on a busy
    # machine the short one may be the first to)
    assert len(errors) == 1 and re.fullmatch(r"Error: articles/(slow\.md|news\.txt): typesetting took longer than 1 s "
                                             r"\(split the article, or raise --timeout\)", errors[0]), errors


COMPILATION = """title = "学习材料汇编"
organizer = "测试编印单位"
date = 2024-05-06
slug = "huibian"
formats = ["a4", "booklet"]
articles = ["articles/guide.md", "articles/news.txt", "articles/typography.md"]

[back_page]
issuer = "测试编印单位"
copies = "50"
"""


@pytest.fixture(scope="module")
def compilation(tmp_path_factory):
    """A three-article compilation built in parts, with one worker and two."""
    import contextlib

    from publish.build import compilation_of
    from publish.config import load_config

    ws = make_workspace(tmp_path_factory.mktemp("parts"))
    for name in ("guide.md", "news.txt", "typography.md"):
        (ws / "articles" / name).write_bytes((FIXTURES / name).read_bytes())
    (ws / "publish.toml").write_text(COMPILATION, "utf-8")
    config = load_config(ws)
    options = BuildOptions(workspace=ws, out_dir=ws / "one", formats=config.formats,
                           compilation=compilation_of(config, ws), parts=True)
    paths = [ws / p for p in config.articles]
    report = Started()
    # A piece of the frame for each article: pieces after others, which
    # start on either side, in the booklet after blank pages.
    fronts = []
    with contextlib.chdir(ws), pytest.MonkeyPatch.context() as patch:
        patch.setattr("publish.parts.PIECE_PAGES", 1)
        make_front = building.make_front
        with pytest.MonkeyPatch.context() as spy:
            spy.setattr("publish.build.make_front", lambda job, *args: fronts.append(job.format) or make_front(job, *args))
            one = build(paths, options, report, jobs=1)
        two = build(paths, BuildOptions(**{**options.__dict__, "out_dir": ws / "two"}), jobs=2)
    assert sorted(title for title in report.made if "[page numbers" in title or "[cover" in title) == [
        f"huibian.zh-Hans.{fmt} [{what}]" for fmt in ("a4", "booklet")
        for what in ("cover and contents", *(f"page numbers and running heads, articles {n}–{n}" for n in (1, 2, 3)))]
    # The front, typeset beside the last piece on page numbers guessed, was
    # right and kept (the booklet's articles start on right-hand pages).
    assert fronts == ["a4", "booklet"]
    return ws, options, paths, one, two


class Started(Report):
    """The titles of the jobs started."""

    def __init__(self):
        self.made = []

    def event(self, job, what, value=None):
        if what == "start":
            self.made.append(job)


def test_compilation_in_parts_is_byte_identical_whatever_the_jobs(compilation):
    ws, options, paths, one, two = compilation
    assert [o.path.name for o in one] == ["huibian.zh-Hans.a4.pdf", "huibian.zh-Hans.a5.pdf",
                                          "huibian.zh-Hans.booklet.pdf"]
    for a, b in zip(one, two):
        assert a.path.read_bytes() == b.path.read_bytes(), a.path.name


@pytest.mark.parametrize("fmt", ["a4", "booklet"])
def test_compilation_in_parts_looks_and_reads_like_one_document(compilation, fmt):
    """The joined PDF against the same compilation typeset in one piece:
    every page the same pixels, the same text, the same outline, and each
    font embedded once."""
    import contextlib
    import dataclasses

    import pdfplumber
    import pikepdf
    import pypdfium2
    from PIL import ImageChops

    from publish.build import make, plan

    ws, options, paths, one, _ = compilation
    joined = next(o.path for o in one if o.kind == ("a4" if fmt == "a4" else "a5"))
    with contextlib.chdir(ws):
        job = next(j for j in plan(paths, options) if j.format == fmt)
        assert len(job.parts) == 3
        whole = make(dataclasses.replace(job, parts=()), options).files[0].data
    (ws / "whole.pdf").write_bytes(whole)
    a, b = pypdfium2.PdfDocument(joined), pypdfium2.PdfDocument(whole)
    assert len(a) == len(b) >= 8
    for i in range(len(a)):
        left, right = (doc[i].render(scale=1).to_pil().convert("L") for doc in (a, b))
        assert ImageChops.difference(left, right).getbbox() is None, f"page {i + 1}"
    with pdfplumber.open(joined) as x, pdfplumber.open(ws / "whole.pdf") as y:
        assert [p.extract_text() for p in x.pages] == [p.extract_text() for p in y.pages]
    with pikepdf.open(joined) as x, pikepdf.open(ws / "whole.pdf") as y:
        def tree(pdf, items):
            pages = {page.objgen: n for n, page in enumerate(pdf.pages)}

            def where(item):  # the page, and the place on it (to a tenth of a point)
                destination = item.destination
                return pages[destination[0].objgen], [round(float(v), 1) for v in destination[2:4]]
            return [(str(item.title), where(item), tree(pdf, item.children)) for item in items]

        def links(pdf):
            pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
            names = {}
            if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
                names = {str(k): v for k, v in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
            found = []
            for n, page in enumerate(pdf.pages):
                for annot in page.get("/Annots", []):
                    target = annot.get("/Dest") or annot.get("/A", {}).get("/D")
                    target = names.get(str(target), target) if target is not None else None
                    if isinstance(target, pikepdf.Array):
                        target = (pages[target[0].objgen], [round(float(v), 1) for v in target[2:4]])
                    found.append((n, [round(float(v), 1) for v in annot.Rect], target))
            return found
        assert tree(x, x.open_outline().root) == tree(y, y.open_outline().root)
        assert links(x) == links(y) and len(links(x)) >= 3 and all(target for *_, target in links(x))
        programs: dict[str, set] = {}
        for obj in x.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/Type0":
                descriptor = obj.DescendantFonts[0].FontDescriptor
                programs.setdefault(str(obj.BaseFont), set()).add(
                    (descriptor.get("/FontFile3") or descriptor.get("/FontFile2")).objgen)
        assert programs and all(len(found) == 1 for found in programs.values()), programs
    assert joined.stat().st_size < 1.1 * len(whole)


def test_pieces_typeset_for_the_other_sides_are_typeset_again(compilation, monkeypatch):
    """A front of an odd number of pages (a layout whose first article need
    not open on a right-hand page) puts the pieces' pages on the other
    sides than they were typeset for: they are typeset again, and the
    booklet's pages come out as ever."""
    import contextlib

    from publish.build import joined, make, pieces_of, plan
    from publish.parts import Part

    ws, options, paths, one, _ = compilation
    monkeypatch.setattr("publish.parts.PIECE_PAGES", 1)
    with contextlib.chdir(ws):
        job = next(j for j in plan(paths, options) if j.format == "booklet")
        parts = [Part.from_files(make(part, options).files) for part in job.parts]
        other = pieces_of(job, parts, options, front=1)
        right = pieces_of(job, parts, options)
        assert [piece.lead for piece, _ in other] != [piece.lead for piece, _ in right]
        result, pdf = joined(job, options, parts, other)
    a5 = next(o for o in one if o.kind == "a5")
    assert pdf == a5.path.read_bytes() and result.pages == a5.pages and result.blank == a5.blank


def test_the_join_cuts_the_faces_side_by_side(compilation, monkeypatch):
    """The join is the last step, the other core idle: HarfBuzz cuts the
    faces in threads (two at once here, or the barrier breaks), and the
    file is the same."""
    import contextlib
    import threading

    from publish import fontmerge
    from publish.build import joined, make, pieces_of, plan
    from publish.parts import Part

    ws, options, paths, one, _ = compilation
    monkeypatch.setattr("publish.parts.PIECE_PAGES", 1)
    together, calls, cut = threading.Barrier(2, timeout=20), [], fontmerge.subset

    def waiting(*args):
        calls.append(args)
        if len(calls) <= 2:
            together.wait()
        return cut(*args)

    with contextlib.chdir(ws):
        job = next(j for j in plan(paths, options) if j.format == "a4")
        parts = [Part.from_files(make(part, options).files) for part in job.parts]
        pieces = pieces_of(job, parts, options)
        monkeypatch.setattr(fontmerge, "subset", waiting)
        _, pdf = joined(job, options, parts, pieces)
    assert len(calls) >= 3
    assert pdf == one[0].path.read_bytes()


def test_fonts_are_merged_from_what_was_noted_not_read_back(compilation, monkeypatch):
    """The parts, the pieces and the front tell what their fonts hold
    (widths, text), kept with a cached part too: the pieces and the join
    merge that, and read no /W array or ToUnicode map back from a PDF. The
    file is the one made reading them (a part cached without notes)."""
    import contextlib
    import dataclasses

    from publish import fontmerge
    from publish.build import joined, make, pieces_of, plan
    from publish.parts import Part

    ws, options, paths, one, _ = compilation
    monkeypatch.setattr("publish.parts.PIECE_PAGES", 1)
    with contextlib.chdir(ws):
        job = next(j for j in plan(paths, options) if j.format == "a4")
        parts = [Part.from_files(make(part, options).files) for part in job.parts]
        assert all(part.fonts and all(widths for _, widths, _ in part.fonts) for part in parts)
        with monkeypatch.context() as unread:
            for name in ("read_widths", "read_cmap"):
                unread.setattr(fontmerge, name, lambda *args: pytest.fail("read back"))
            _, noted = joined(job, options, parts, pieces_of(job, parts, options))
        untold = [dataclasses.replace(part, fonts=None) for part in parts]
        _, read = joined(job, options, untold, pieces_of(job, untold, options))
    assert noted == read == one[0].path.read_bytes()


def test_pieces_and_the_join_keep_the_collector_out(compilation, monkeypatch):
    """pikepdf makes many objects and few cycles: the pieces' parts are laid
    and the whole joined with Python's cyclic collector off, as WeasyPrint
    typesets, and on again afterwards."""
    import contextlib
    import gc

    from publish import fontmerge
    from publish.build import joined, make, pieces_of, plan
    from publish.parts import Part

    ws, options, paths, one, _ = compilation
    collecting, merge = [], fontmerge.merge_fonts
    monkeypatch.setattr(fontmerge, "merge_fonts", lambda *args, **kwargs: collecting.append(
        (kwargs.get("cut", True), gc.isenabled())) or merge(*args, **kwargs))
    with contextlib.chdir(ws):
        job = next(j for j in plan(paths, options) if j.format == "a4")
        parts = [Part.from_files(make(part, options).files) for part in job.parts]
        joined(job, options, parts, pieces_of(job, parts, options))
    assert (False, False) in collecting and (True, False) in collecting
    assert not any(enabled for _, enabled in collecting)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_one_edited_article_typesets_only_its_part(compilation, tmp_path):
    import contextlib
    import shutil

    from publish.cache import Cache

    ws, options, paths, _, _ = compilation
    ws = Path(shutil.copytree(ws, tmp_path / "ws"))
    options = BuildOptions(**{**options.__dict__, "workspace": ws, "out_dir": ws / "dist"})
    paths = [ws / "articles" / p.name for p in paths]

    def rebuild():
        report = Started()
        with contextlib.chdir(ws):
            build(paths, options, report, cache=Cache.of_workspace(ws))
        # the frame's pieces are typeset again whatever changed
        return sorted(title for title in report.made if "[page numbers" not in title and "[cover" not in title)

    assert len(rebuild()) == 2 * 3 + 2  # every part of both formats, and both frames
    news = ws / "articles" / "news.txt"
    news.write_text(news.read_text("utf-8") + "\n编辑之后新增的一段。\n", "utf-8")
    assert rebuild() == ["huibian.zh-Hans.a4", "huibian.zh-Hans.a4 [news.txt]",
                         "huibian.zh-Hans.booklet", "huibian.zh-Hans.booklet [news.txt]"]


def test_after_an_edit_the_front_goes_beside_the_pieces(compilation, tmp_path, monkeypatch):
    """Every other part from the cache, a section added (the contents
    change): the cover and contents are typeset as soon as the edited part
    and a first piece are, not after the pieces before the last (one after
    the other, each waiting for the one before); the file is the one a cold
    build makes."""
    import contextlib
    import shutil

    from publish.cache import Cache

    ws, options, paths, _, _ = compilation
    ws = Path(shutil.copytree(ws, tmp_path / "ws"))
    options = BuildOptions(**{**options.__dict__, "workspace": ws, "out_dir": ws / "dist", "formats": ("a4",)})
    paths = [ws / "articles" / p.name for p in paths]
    monkeypatch.setattr("publish.parts.PIECE_PAGES", 1)
    with contextlib.chdir(ws):
        build(paths, options, cache=Cache.of_workspace(ws))
        guide = ws / "articles" / "guide.md"
        guide.write_text(guide.read_text("utf-8") + "\n## 编辑之后新增的一节\n\n编辑之后新增的一段。\n", "utf-8")
        report = Started()
        [edited] = build(paths, options, report, cache=Cache.of_workspace(ws))
        [cold] = build(paths, BuildOptions(**{**options.__dict__, "out_dir": ws / "cold"}))
    frame = [title.split("[", 1)[1] for title in report.made if "[page numbers" in title or "[cover" in title]
    assert frame == ["page numbers and running heads, articles 1–1]", "cover and contents]",
                     "page numbers and running heads, articles 2–2]", "page numbers and running heads, articles 3–3]"]
    assert edited.path.read_bytes() == cold.path.read_bytes()


def test_the_front_starts_as_soon_as_the_last_part_is_laid_out(compilation, tmp_path, monkeypatch):
    """The cover and contents need the parts' pages and marks only: a
    worker tells them as soon as a part is laid out, and the front is
    typeset while the last part is still being drawn and written (here, a
    part slow to write); the file is the same."""
    import contextlib
    import time

    ws, options, paths, one, _ = compilation
    monkeypatch.setattr("publish.parts.PIECE_PAGES", 1)
    options = BuildOptions(**{**options.__dict__, "out_dir": tmp_path / "early", "formats": ("a4",)})
    last = building.plan(paths, options)[0].parts[-1]
    tell = building._tell_frame

    def slow_to_write(job):
        told = tell(job)
        if told is None or job.key != last.key:
            return told
        return lambda laid_out: told(laid_out) or time.sleep(2)

    class Timed(Report):
        def __init__(self):
            self.at = {}

        def event(self, job, what, value=None):
            self.at.setdefault((job, what), time.monotonic())
            assert what != "frame"  # the pool's own

    monkeypatch.setattr(building, "_tell_frame", slow_to_write)
    report = Timed()
    with contextlib.chdir(ws):
        [early] = build(paths, options, report, jobs=2)
    front = next(job for job, what in report.at if job.endswith("[cover and contents]"))
    assert report.at[front, "start"] < report.at[last.title, "done"] - 1
    assert early.path.read_bytes() == one[0].path.read_bytes()


def test_a_piece_goes_beside_the_one_before_on_the_pages_guessed(monkeypatch):
    """A piece whose parts are typeset need not wait for the piece before
    it: it is typeset on the pages that one is guessed to take, kept when
    the guess was right, offered again on the right pages when not."""
    from types import SimpleNamespace

    from publish.parts import Piece, Pieces

    monkeypatch.setattr("publish.parts.PIECE_PAGES", 10)
    pages = {1: 10, 2: 10, 3: 10, 4: 9}

    def typeset(piece, pages, blank=0):  # what the chain reads of a piece typeset
        return SimpleNamespace(pages=piece.lead + pages, blank=blank, anchors=())

    chain = Pieces(4)
    first, second = chain.ready(pages), chain.ready(pages)
    assert (first, second) == (Piece(1, 1, 0, 0, False), Piece(2, 2, 10, 10, False))
    assert chain.ready(pages) is None  # two at once at most
    chain.done(second, typeset(second, 10))
    assert chain.typeset == []  # kept until the piece before it is
    chain.done(first, typeset(first, 11, blank=1))  # a blank page the guess did not see
    assert [piece for piece, _ in chain.typeset] == [first]
    again = chain.ready(pages)
    assert again == Piece(2, 2, 11, 11, False)
    third = chain.ready(pages)
    assert third == Piece(3, 3, 21, 21, False)
    chain.done(again, typeset(again, 10))
    chain.done(third, typeset(third, 10))
    last = chain.ready(pages)
    assert last == Piece(4, 4, 31, 31, True)
    chain.done(last, typeset(last, 9))
    assert chain.complete and [piece for piece, _ in chain.typeset] == [first, again, third, last]


def test_the_piece_before_the_last_waits_for_every_part(monkeypatch):
    """While parts are still to come, the piece before the last is not
    offered (the first piece is: it tells the sides articles start on):
    it goes with the last piece beside the front, which waits for the last
    part, rather than before the last parts, the front then beside the
    last piece alone, a core idle."""
    from types import SimpleNamespace

    from publish.parts import Piece, Pieces

    monkeypatch.setattr("publish.parts.PIECE_PAGES", 20)
    pages = {n: 10 for n in range(1, 9)}
    chain = Pieces(8)
    first = chain.ready(pages, parts_to_come=True)
    assert first == Piece(1, 2, 0, 0, False)  # the first piece goes
    second = chain.ready(pages, parts_to_come=True)
    assert second == Piece(3, 4, 20, 20, False)  # and one in the middle
    chain.done(first, SimpleNamespace(pages=20, blank=0, anchors=()))
    chain.done(second, SimpleNamespace(pages=second.lead + 20, blank=0, anchors=()))
    assert chain.ready(pages, parts_to_come=True) is None  # 5-6: the last (7-8) follows it
    assert chain.ready(pages) == Piece(5, 6, 40, 40, False)
    # Before any other, the first piece goes even if the last follows it.
    assert Pieces(4).ready({n: 10 for n in range(1, 5)}, parts_to_come=True) == Piece(1, 2, 0, 0, False)


def test_after_an_edit_the_pieces_go_two_at_a_time(compilation, tmp_path, monkeypatch):
    """Every part but the edited one from the cache: the pieces of the frame
    are typeset side by side, not one after the other, and the file is the
    one a cold build makes."""
    import contextlib
    import shutil

    from publish.cache import Cache

    ws, options, paths, _, _ = compilation
    ws = Path(shutil.copytree(ws, tmp_path / "ws"))
    options = BuildOptions(**{**options.__dict__, "workspace": ws, "out_dir": ws / "dist", "formats": ("a4",)})
    paths = [ws / "articles" / p.name for p in paths]
    monkeypatch.setattr("publish.parts.PIECE_PAGES", 1)

    class Heard(Report):
        def __init__(self):
            self.heard = []

        def event(self, job, what, value=None):
            if what in ("start", "done") and "[page numbers" in job:
                self.heard.append((what, job.split("articles ")[1]))

    with contextlib.chdir(ws):
        build(paths, options, cache=Cache.of_workspace(ws))
        edited = ws / "articles" / "guide.md"
        edited.write_text(edited.read_text("utf-8") + "\n编辑之后新增的一段。\n", "utf-8")
        report = Heard()
        [edited] = build(paths, options, report, jobs=2, cache=Cache.of_workspace(ws))
        [cold] = build(paths, BuildOptions(**{**options.__dict__, "out_dir": ws / "cold"}))
    assert report.heard.index(("start", "2–2]")) < report.heard.index(("done", "1–1]"))
    assert edited.path.read_bytes() == cold.path.read_bytes()


def test_after_an_edit_the_pieces_before_it_come_from_the_cache(compilation, tmp_path, monkeypatch):
    """A piece of the frame is kept under its parts' keys and what the
    frame depends on besides, the front under its HTML: after an edit of
    the last article (its pages and headings as they were), the pieces
    before it are not typeset again, the one holding it is, and the front
    is not; after a change of the compilation's title (the cover, the
    running head), every piece and the front are; and the files are those
    a cold build makes."""
    import contextlib
    import shutil

    from publish.build import compilation_of
    from publish.cache import Cache
    from publish.config import load_config

    ws, options, paths, _, _ = compilation
    ws = Path(shutil.copytree(ws, tmp_path / "ws"))
    options = BuildOptions(**{**options.__dict__, "workspace": ws, "out_dir": ws / "dist", "formats": ("a4",)})
    paths = [ws / "articles" / p.name for p in paths]
    monkeypatch.setattr("publish.parts.PIECE_PAGES", 1)

    def pieces_typeset(options) -> list[str]:
        report = Started()
        [made] = build(paths, options, report, jobs=2, cache=Cache.of_workspace(ws))
        [cold] = build(paths, BuildOptions(**{**options.__dict__, "out_dir": ws / "cold"}))
        assert made.path.read_bytes() == cold.path.read_bytes()
        return sorted(title.split(" [")[1] for title in report.made if "[page numbers" in title or "[cover" in title)

    every = ["cover and contents]", *(f"page numbers and running heads, articles {n}–{n}]" for n in (1, 2, 3))]
    with contextlib.chdir(ws):
        assert pieces_typeset(options) == every
        last = ws / "articles" / "typography.md"
        last.write_text(last.read_text("utf-8").replace("。", "！", 1), "utf-8")
        assert pieces_typeset(options) == ["page numbers and running heads, articles 3–3]"]
        (ws / "publish.toml").write_text(COMPILATION.replace("学习材料汇编", "学习资料汇编"), "utf-8")
        retitled = BuildOptions(**{**options.__dict__, "compilation": compilation_of(load_config(ws), ws)})
        assert pieces_typeset(retitled) == every


def test_parts_carry_stand_ins_for_the_fonts_the_join_cuts(compilation):
    """A part's fonts are cut again when the parts are joined: the part
    carries a stand-in of each (its names, glyph 0), not a subset of
    hundreds of kB compressed for nothing; the joined file has them whole
    (the pictures above are the same as the document typeset in one piece)."""
    import contextlib
    import io

    import pikepdf

    from publish.build import make, plan

    ws, options, paths, one, _ = compilation

    def programs(data: bytes) -> dict[str, int]:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return {str(o.FontName).split("+")[-1]: len((o.get("/FontFile3") or o.get("/FontFile2")).read_bytes())
                    for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"}

    with contextlib.chdir(ws):
        job = next(j for j in plan(paths, options) if j.format == "a4")
        part = programs(make(job.parts[1], options).files[0].data)
    joined = programs(one[0].path.read_bytes())
    assert "Noto-Serif-CJK-SC" in part and set(part) <= set(joined)
    assert all(size < 4000 for size in part.values()), part
    assert all(size > 20000 for name, size in joined.items() if name in part), joined


@pytest.mark.parametrize("articles, parts, expected", [
    (19, None, 0), (20, None, 20), (20, False, 0), (3, True, 3)])
def test_compilations_go_in_parts_from_twenty_articles(tmp_path, articles, parts, expected):
    """By default a compilation of PARTS_FROM articles or more is typeset in
    parts (whatever the number of workers: --jobs changes no byte);
    --parts and --no-parts decide otherwise."""
    from publish.build import Compilation, plan
    from publish.choices import PARTS_FROM

    assert PARTS_FROM == 20
    ws = make_workspace(tmp_path, {f"{n}.md": f"# 第{n}篇\n\n正文。\n" for n in range(articles)})
    options = BuildOptions(workspace=ws, out_dir=ws / "dist", formats=("a4", "booklet"), editions=("zh-Hans",),
                           compilation=Compilation(title="汇编", slug="huibian"), parts=parts)
    jobs = plan(sorted((ws / "articles").iterdir()), options)
    assert [len(job.parts) for job in jobs] == [expected, expected]
    assert [part.part for part in jobs[0].parts] == list(range(1, expected + 1))


def test_no_parts_on_the_command_line(tmp_path):
    ws = make_workspace(tmp_path, {f"{n}.md": f"# 第{n}篇\n\n正文。\n" for n in range(3)})
    (ws / "publish.toml").write_text('title = "汇编"\nslug = "huibian"\narticles = ["articles/*.md"]\n', "utf-8")
    for flag in ("--no-parts", "--parts"):
        result = run_cli("build", flag, "--no-cache", "-o", flag.strip("-"), cwd=ws)
        assert result.returncode == 0, result.stderr
    import pypdfium2

    a, b = (pypdfium2.PdfDocument(ws / name / "huibian.zh-Hans.a4.pdf") for name in ("no-parts", "parts"))
    assert len(a) == len(b) >= 5
    assert (ws / "no-parts" / "huibian.zh-Hans.a4.pdf").read_bytes() != (ws / "parts" / "huibian.zh-Hans.a4.pdf").read_bytes()


def test_a_build_on_two_cores_forks_the_conversion_as_it_starts(tmp_path):
    """``publish build`` on more than one core forks the conversion's
    process before it imports anything (``early.py``); it loads the
    segmenter when the command line or publish.toml names a traditional
    edition. Read as the build reads them: the command, --jobs, --edition,
    --traditional, and the workspace's editions when none is named."""
    import contextlib

    from publish import early

    cores = len(os.sched_getaffinity(0)) > 1
    assert early._parallel_build(["build", "--jobs", "2"]) and early._parallel_build(["--debug", "build", "-j3"])
    assert early._parallel_build(["build", "--jobs=2", "a.md"])
    assert not early._parallel_build(["build", "--jobs", "1"]) and not early._parallel_build(["build", "-j1"])
    assert early._parallel_build(["build", "-e", "hk"]) == cores
    for other in (["convert", "a.md"], ["watch", "--jobs", "2"], ["build", "--help"], [], ["--version"]):
        assert not early._parallel_build(other), other
    assert early._traditional(["build", "-e", "hk"]) == ("zh-Hant-HK",)
    assert early._traditional(["build", "--edition=zh-Hant-TW", "-ezh_HK", "-e", "tw"]) == ("zh-Hant-TW", "zh-Hant-HK")
    assert early._traditional(["build", "--edition", "zh-Hans", "-e", "SC"]) == ()
    ws = make_workspace(tmp_path / "ws")
    with contextlib.chdir(ws):
        assert early._traditional(["build"]) == () and early._traditional(["build", "--traditional"]) == ("zh-Hant-HK",)
        (ws / "publish.toml").write_text('editions = ["zh-Hans", "tw"]\ndefault_traditional = "tw"\n', "utf-8")
        (ws / "articles").mkdir(exist_ok=True)
        with contextlib.chdir(ws / "articles"):  # (the workspace is found upward, as the build finds it)
            assert early._traditional(["build"]) == ("zh-Hant-TW",)
            assert early._traditional(["build", "-e", "zh-Hans"]) == ()
            assert early._traditional(["build", "-e", "hk", "--traditional"]) == ("zh-Hant-HK", "zh-Hant-TW")


def doubled(value):
    return value * 2, os.getpid()


def test_the_process_forked_at_the_start_runs_what_it_is_sent_or_is_ended(tmp_path):
    """The early process runs the one call it is sent, as ``pool.Forked``
    runs its own (value and warnings back), whether or not it guessed a
    traditional edition; unused, it is ended, not waited for."""
    from publish import early, pool

    for args in (["build", "-e", "hk"], ["build", "-e", "zh-Hans"]):
        waiting = early.Waiting(args)
        sent = waiting.send("a call", doubled, "二")
        assert sent.result() == ("二二", waiting.pid) and waiting.pid != os.getpid()
        with pytest.raises(RenderError, match="took longer"):
            early.Waiting(args).send("a failure", fail, Task("x")).result()
        with pytest.raises(PublishError, match="a sudden end stopped: its process ended without a result"):
            early.Waiting(args).send("a sudden end", die).result()
    unused = early.Waiting(["build", "-e", "hk"])
    unused.stop()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        pool._reap()
        try:
            os.kill(unused.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the unused process is still there")


def test_a_build_from_the_command_line_converts_in_the_process_forked_at_its_start(tmp_path):
    """The whole command, as a user runs it: the HK edition is converted in
    the process forked as the command started, and the files are the bytes
    ``--jobs 1`` writes, each warning said once; a build whose files all
    come from the cache ends that process unused."""
    ws = make_workspace(tmp_path / "ws")
    (ws / "articles" / "news.txt").write_bytes((FIXTURES / "news.txt").read_bytes())
    (ws / "articles" / "news.txt").write_text((FIXTURES / "news.txt").read_text("utf-8") + "\n图为现场。\n", "utf-8")
    one = run_cli("build", "-e", "zh-Hans", "-e", "hk", "--jobs", "1", "--no-cache", "-o", "one", cwd=ws)
    two = run_cli("--debug", "build", "-e", "zh-Hans", "-e", "hk", "--jobs", "2", "-o", "two", cwd=ws)
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    assert "the conversion to zh-Hant-HK: in the process forked as the command started" in two.stderr
    names = sorted(p.name for p in (ws / "one").iterdir())
    assert names == sorted(p.name for p in (ws / "two").iterdir()) and len(names) == 3
    for name in names:
        assert (ws / "one" / name).read_bytes() == (ws / "two" / name).read_bytes(), name
    warnings = [line for line in one.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings and [line for line in two.stderr.splitlines() if line.startswith("WARNING")] == warnings
    again = run_cli("--debug", "build", "-e", "zh-Hans", "-e", "hk", "--jobs", "2", "-o", "two", cwd=ws)
    assert again.returncode == 0 and "forked as the command started" not in again.stderr
    assert [line for line in again.stderr.splitlines() if line.startswith("WARNING")] == warnings


def warn_nap_pid(task):
    logging.getLogger("publish.test").warning("%s", f"{task.key} warned")
    time.sleep({"a1": 0.3}.get(task.key, 0.05))
    if task.key == "b2":
        raise RenderError("typesetting took longer than 1 s", "b.md", "split the article")
    return os.getpid()


def test_as_many_kin_groups_as_workers_run_a_group_a_process():
    """Two editions on two cores: each edition's jobs go to a process forked
    for them, one after the other there (no executor, no job handed out
    after another). Each job's events and result come back as it ends, its
    warnings logged here with it; the first failure arrives whole, the other
    process stopped."""
    seen = []
    with heard_here() as heard, Pool(2, lambda job, what, value: seen.append((job, what))) as pool:
        done = [(task.key, pid) for task, pid, _ in pool.run(
            [Task("a1", "A1"), Task("b1", "B1"), Task("a2", "A2"), Task("b3", "B3")], warn_nap_pid,
            kin=lambda task: task.key[0])]
        assert pool._executor is None
    keys = [key for key, _ in done]
    assert sorted(keys) == ["a1", "a2", "b1", "b3"] and keys.index("b3") < keys.index("a1")  # as each ends
    pids = dict(done)
    assert pids["a1"] == pids["a2"] != pids["b1"] == pids["b3"] and os.getpid() not in pids.values()
    assert sorted(heard) == ["a1 warned", "a2 warned", "b1 warned", "b3 warned"]
    assert {job for job, what in seen if what == "start"} == {"A1", "A2", "B1", "B3"}
    with pytest.raises(RenderError) as raised, Pool(2) as pool:
        list(pool.run([Task("a1"), Task("b2")], warn_nap_pid, kin=lambda task: task.key[0]))
    assert (raised.value.path, raised.value.hint) == ("b.md", "split the article")
    with pytest.raises(PublishError, match="typesetting task stopped: its process ended without a result"), \
            Pool(2) as pool:
        list(pool.run([Task("a1"), Task("b1")], lambda task: die() if task.key == "b1" else 1,
                      kin=lambda task: task.key[0]))


def note_start_and_nap(task):
    Path(task.title).write_text("started", "utf-8")
    time.sleep(20 if task.key.endswith("long") else 0.1)
    return task.key


def by_letter(task):
    return task.key[0]


@pytest.mark.parametrize("workers, keys, kin", [
    (1, ("a1", "b1"), None),
    (2, ("a1", "b1"), None),  # the executor, results as they come
    (2, ("a1", "b1"), by_letter),  # a process a kin group
    (2, ("a1", "b1", "c1"), by_letter),  # the executor, kin handed out
])
def test_the_checks_run_while_the_workers_typeset(tmp_path, workers, keys, kin):
    """A build's checks (``build.prepare``) run in the building process once
    the workers have started, before a result is taken: no core waits for
    them. In one process they run before the first job. What they raise
    ends the build at once, the workers stopped, not waited for."""
    markers = {key: tmp_path / f"{key}.started" for key in keys}

    def started_meanwhile() -> list[str]:
        deadline = time.monotonic() + 10
        while workers > 1 and not any(marker.exists() for marker in markers.values()) and time.monotonic() < deadline:
            time.sleep(0.01)
        return sorted(key for key, marker in markers.items() if marker.exists())

    seen = []
    with Pool(workers) as pool:
        done = [task.key for task, *_ in pool.run([Task(key, str(markers[key])) for key in keys], note_start_and_nap,
                                                  kin=kin, meanwhile=lambda: seen.append(started_meanwhile()))]
    assert sorted(done) == list(keys) and len(seen) == 1
    assert seen[0] == [] if workers == 1 else seen[0]
    if workers == 1:
        return
    for marker in markers.values():
        marker.unlink()

    def failing() -> None:
        if started_meanwhile():
            raise RenderError("1 character has no glyph", "x.md")

    began = time.monotonic()
    with pytest.raises(RenderError, match="no glyph"), Pool(workers) as pool:
        list(pool.run([Task(f"{key}-long", str(markers[key])) for key in keys], note_start_and_nap, kin=kin,
                      meanwhile=failing))
    assert time.monotonic() - began < 10  # (each job naps 20 s)


def test_a_check_that_fails_on_two_cores_writes_nothing(tmp_path):
    """A compilation typeset in parts on two cores, one article with a
    character no font draws: the build stops with the check's error, naming
    the article, and nothing is written (the parts under way are dropped)."""
    ws = make_workspace(tmp_path, {f"{n}.md": f"# 第{n}篇\n\n正文。\n" for n in range(1, 4)})
    (ws / "articles" / "2.md").write_text("# 第2篇\n\n正文\U00020000。\n", "utf-8")
    (ws / "publish.toml").write_text('title = "汇编"\nslug = "huibian"\narticles = ["articles/*.md"]\n', "utf-8")
    result = run_cli("build", "--parts", "--jobs", "2", "--no-cache", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "articles/2.md" in result.stderr and "U+20000" in result.stderr
    assert not (ws / "dist").exists()
