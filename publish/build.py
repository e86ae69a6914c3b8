"""Build: the orchestrator. Reads like the recipe it is:

    find the articles -> plan the jobs (one a publication, edition and
    format, each named by a content key) -> take what the cache holds ->
    read, convert and check every edition still to make -> typeset (and
    impose) each job in a pool of worker processes -> write atomically.

The jobs are independent, so a pool of processes forked after the
conversion and the checks (``pool.py``) typesets them side by side; output
is byte-identical whatever the number of workers. ``make`` is one job from
start to end, what a worker runs; it finds the articles, conversions, fonts
and layouts already in memory when the building process prepared them
before forking, and makes them itself otherwise (a long-lived worker).
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from publish.choices import ARTICLE_STARTS, BINDINGS, EDITION_CODES, FORMAT_PAGES, PARTS_FROM
from publish.errors import ConfigError, FontError, OptionError, SourceError
from publish.i18n import CATALOG, _, ngettext, restate, source_of
from publish.impose import ImposeOptions
from publish.output import check_writable, write_atomic
from publish.progress import Report
from publish.sources import SUFFIXES, is_lock_file, read_article, read_source_text

if TYPE_CHECKING:
    from publish.edition import Review
    from publish.edition.converter import Converter
    from publish.layouts import Layout
    from publish.model import Article, Publication

# An unchanged rebuild plans its keys and takes its files from the cache:
# the conversion, the fonts, the glyph check and the document model are
# imported where they are used (``tests/test_cache.py`` checks what a cached
# rebuild imports).

log = logging.getLogger(__name__)

# Each format is typeset with its own layout unless --layout says otherwise.
FORMAT_LAYOUTS = {"a4": "handout", "a5": "booklet", "booklet": "booklet", "phone": "phone"}


@dataclass(frozen=True)
class Compilation:
    """Many articles as one publication (publish.toml with ``articles``)."""

    title: str
    slug: str
    subtitle: str | None = None
    organizer: str | None = None
    date: str | None = None
    imprint: Imprint | None = None
    contents_sections: bool = True
    places: tuple[tuple[str, str], ...] = ()  # field -> where publish.toml gives it ("publish.toml:5")


@dataclass(frozen=True)
class BuildOptions:
    workspace: Path
    out_dir: Path
    layout: str | None = None
    editions: tuple[str, ...] = ("zh-Hans",)
    formats: tuple[str, ...] = ("a4",)
    imposition: ImposeOptions = ImposeOptions()
    manual_duplex: bool = False
    allow_simplified: bool = False
    allow_missing_glyphs: bool = False
    pdf_variant: str | None = None         # e.g. "pdf/a-2b", "pdf/ua-1"
    timeout: float | None = 600.0          # seconds for one typesetting run
    taiwan_vocabulary: bool = False
    hk_forms: str = "press"                # zh-Hant-HK: "press" (說 稅 戶) or "standard" (説 税 户)
    phrases: tuple[tuple[str, str], ...] = ()   # publish.toml [phrases]
    compilation: Compilation | None = None
    allow_font_fallback: bool = False
    article_start: str | None = None       # booklets: "right" (a recto) or "page"; None: the layout's
    # A compilation typeset article by article, side by side, and joined
    # (parts.py): an edited article alone is typeset again. None: when it
    # pays, for compilations of PARTS_FROM articles or more (whatever the
    # number of workers, so that --jobs never changes a byte).
    parts: bool | None = None


@dataclass(frozen=True)
class Output:
    path: Path
    pages: int
    seconds: float
    kind: str = "a4"   # "a4", "a5", "booklet", "booklet-fronts", "booklet-backs", "review"
    sheets: int = 0
    blank: int = 0            # blank pages (A5 pages of a booklet, padding included)
    cached: bool = False      # taken from the cache, not typeset
    unchanged: bool = False   # the file already held these bytes: not written


@dataclass(frozen=True)
class Job:
    """One thing a build makes: a publication in one edition and format (the
    A4 PDF; or the A5 pages and the imposed booklet), or an edition's
    proofreading list (format ``review``). ``key`` names its content before
    it is built (``keys.py``)."""

    stem: str                    # the output files' name stem: guide.zh-Hans
    sources: tuple[Path, ...]    # the articles it holds, in order
    digests: tuple[str, ...]     # their bytes' SHA-256, as keyed
    edition: str
    format: str
    key: str
    # A compilation typeset in parts (parts.py): its parts, each a job of
    # one article whose ``part`` is its number in the compilation.
    parts: tuple["Job", ...] = ()
    part: int = 0
    # A compilation in parts: what the pieces of its frame depend on but
    # their parts (the options, the layout, the fonts, how many articles):
    # a piece is kept under it and its parts' keys, whatever comes after.
    frame_key: str = ""

    @property
    def title(self) -> str:
        return f"{self.stem}.{self.format}" + (f" [{self.sources[0].name}]" if self.part else "")

    @property
    def step(self) -> tuple[str, int]:
        """What making it is, and how many articles it holds (a part: 0)."""
        return ("convert" if self.format == "review" else "typeset"), 0 if self.part else len(self.sources)


def build(paths: Sequence[Path], options: BuildOptions, report: Report = Report(), jobs: int = 1,
          cache=None, preview: bool = False, pool=None) -> list[Output]:
    """Build every edition and format of the articles (or of the compilation
    ``options`` describes) into ``options.out_dir``. ``cache``: a
    ``cache.Cache`` to take unchanged outputs from and keep new ones in;
    ``jobs``: worker processes (1 typesets in this process); ``preview``:
    pictures of each PDF beside it (``preview.py``); ``pool``: a long-lived
    ``pool.Pool`` to use instead of one for this build (a server's: jobs
    with the same key, from builds running at once, are made once)."""
    _check_options(options)
    planned = plan(find_articles(paths, options.workspace), options)
    made = {job: cache.get(job.key) for job in planned} if cache else {}
    todo = [job for job in planned if made.get(job) is None]
    # What is logged until the end (an article's warnings, a file the
    # typesetter refused) is kept with the files it concerns.
    with _heard() as heard:
        return _build(planned, made, todo, heard, options, report, jobs, cache, preview, pool)


def _build(planned: list, made: dict, todo: list, heard: list, options: BuildOptions, report: Report, jobs: int,
           cache, preview: bool, pool) -> list[Output]:
    # Every edition is read and converted before anything is typeset, and
    # checked before any file is written, so a half-converted edition stops
    # the build with nothing written; the workers forked afterwards find it
    # all in memory. Where the files go is tried first.
    if planned:
        check_writable(options.out_dir)
    checks = prepare(todo, options, report, jobs)
    # What was said of the sources when a cached file was made is said
    # again, in the language of whoever builds now.
    said = {text for text, _source in heard}
    for text in dict.fromkeys(restate(w) for job in planned if job not in todo for w in made[job].warnings):
        if text not in said:
            log.warning("%s", text, extra={"restated": True})
    outputs: dict = {job: write(made[job], options.out_dir, report, cached=True) for job in planned if job not in todo}
    if todo or preview:  # an unchanged rebuild does not even import the pool
        from contextlib import nullcontext

        from publish.pool import Pool

        workers = jobs if len(todo) > 1 or preview or any(job.parts for job in todo) else 1
        with nullcontext(pool) if pool else Pool(workers, report.event) as pool:
            if pool.workers == 1:
                checks()  # (one process: nothing typeset before they pass)
            # Otherwise the checks run here once the workers have started,
            # before their first result is taken: a core is not left idle
            # meanwhile, and a check that fails stops them (the pool's end).
            started = time.perf_counter()
            parts = typeset_parts(todo, options, report, pool, cache, meanwhile=checks)
            for job, entry, seconds in pool.run(longest_first(todo) if workers > 1 else todo, make, options,
                                                per_job=parts.get, kin=lambda job: (job.edition, job.sources),
                                                meanwhile=checks):
                if cache and sources_unchanged(job):
                    cache.put(replace(entry, warnings=_warnings_of(job, heard, todo)))
                if job.parts:  # (its time is its parts', not the join's alone: 0.4 s for 14)
                    seconds = time.perf_counter() - started
                outputs[job] = write(entry, options.out_dir, report, seconds=seconds)
                report.event(job.title, "done")
            if preview:
                outputs.update(show(planned, outputs, options, report, pool, cache))
    return [output for job in (*planned, *(p for p in outputs if p not in set(planned))) for output in outputs[job]]


def longest_first(jobs: Sequence[Job]) -> list[Job]:
    """The jobs, those that take longest first, so that the workers finish
    together rather than one waiting for the last long job started late:
    more text first, and a booklet (A5 pages, then imposed) before an A4."""
    weight = {"review": 0.05, "booklet": 1.25}
    return sorted(jobs, key=lambda job: -sum(map(_file_size, job.sources)) * weight.get(job.format, 1.0))


def _file_size(path: Path) -> int:
    """The file's size in bytes (how much text it holds, roughly); 0 if it
    cannot be read (reading it says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


@contextmanager
def _heard():
    """The warnings publish logs meanwhile, as (text, source) pairs (printed
    as ever, and kept to be said again: ``i18n.restate``)."""
    heard: list[tuple[str, dict | str]] = []

    class Ear(logging.Handler):
        def emit(self, record):
            message = record.args[0] if record.msg == "%s" and len(record.args or ()) == 1 else record.msg
            heard.append((record.getMessage(), source_of(message)))

    class Once(logging.Filter):
        # The same warning from every output of a build (a file the
        # typesetter refused in each of them) is printed once (a filter
        # a handler: each handler gets it once).
        def __init__(self):
            super().__init__()
            self.printed: set[str] = set()

        def filter(self, record):
            if record.levelno < logging.WARNING:
                return True
            text = record.getMessage()
            if text in self.printed:
                return False
            self.printed.add(text)
            return True

    ear = Ear(logging.WARNING)
    logger = logging.getLogger("publish")
    logger.addHandler(ear)
    filters = [(handler, Once()) for handler in logging.getLogger().handlers]
    for handler, once in filters:
        handler.addFilter(once)
    try:
        yield heard
    finally:
        logger.removeHandler(ear)
        for handler, once in filters:
            handler.removeFilter(once)


def _warnings_of(job: "Job", heard: list, jobs: Sequence["Job"]) -> tuple:
    """The warnings that name one of ``job``'s sources, and those that name
    no source of the build (publish.toml's placeholders): kept with its file."""
    everyone = {str(path) for other in jobs for path in other.sources}
    own = {str(path) for path in job.sources}
    kept = {}
    for text, source in heard:
        if any(name in text for name in own) or not any(name in text for name in everyone):
            kept.setdefault(text, source)
    return tuple(kept.values())


def typeset_parts(jobs: Sequence[Job], options: BuildOptions, report: Report, pool, cache,
                  meanwhile=lambda: None) -> dict:
    """The parts of every compilation job (``parts.Part``, in order), from
    the cache or typeset in the pool, and the pieces of its frame, each
    typeset in the pool as soon as its parts are (``parts.Pieces``): job ->
    (parts, pieces). The front needs only the parts' frames, which workers
    tell as soon as a part is laid out (``_tell_frame``). ``meanwhile()``
    runs once the first are under way, before any result is taken."""
    if not any(job.parts for job in jobs):
        return {}  # (not even the imports: the matrix of a handout waits for them)
    from concurrent.futures import FIRST_COMPLETED, Future, InvalidStateError, wait

    from publish.cache import Entry
    from publish.keys import digest
    from publish.parts import Part, Pieces, View, frame_files, frame_from_files

    wanted = list(dict.fromkeys(part for job in jobs for part in job.parts))
    made = {part: Part.from_files(entry.files) for part in wanted
            for entry in [cache.get(part.key) if cache else None] if entry is not None}
    frames = {part: made[part].frame for part in made}
    waiting = [part for part in wanted if part not in made]
    chains = {job: Pieces(len(job.parts)) for job in jobs if job.parts}
    fronts: dict = {}
    running: dict = {}
    by_key = {part.key: part for part in waiting}
    told: dict = {}  # part key -> frame, from the thread that forwards the workers' events
    heard = [Future()]  # done when a frame was told: wakes the wait below

    def listen(_title, what, value) -> bool:
        if what != "frame" or value[0] not in by_key:
            return False  # (a server's pool: another build's part)
        told[value[0]] = value[1]
        try:
            heard[0].set_result(None)
        except InvalidStateError:
            pass
        return True

    def next_piece():
        for job, chain in chains.items():
            piece = chain.ready({part.part: made[part].frame.pages for part in job.parts if part in made},
                                parts_to_come=bool(waiting))
            if piece is not None:
                return job, piece
        return None

    def start() -> None:
        # As many jobs as workers, a piece of a frame before the next part
        # (but the last two pieces, ``Pieces.ready``): the pieces keep up
        # with the parts. The front goes first once every part is typeset
        # and a piece tells the sides articles start on, the last two
        # pieces beside it (after an edit, beside the pieces still to come).
        while len(running) < pool.workers:
            early = next((job for job, chain in chains.items() if job not in fronts and chain.typeset
                          and all(part in frames for part in job.parts)), None)
            if early is not None:
                start_front(early)
                continue
            ready = next_piece()
            if ready is not None:
                job, piece = ready
                # (its parts' keys name their articles: an edit reaches the
                # pieces from the edited article on, not those before it)
                key = digest("frame", job.frame_key, piece, [part.key for part in job.parts[:piece.last]])
                kept = cache.get(key) if cache else None
                if kept is not None:
                    chains[job].done(piece, frame_from_files(kept.files))
                    continue
                laid = {n: made[job.parts[n - 1]] for n in range(piece.first, piece.last + 1)}
                known = tuple(made[part].frame for part in job.parts[:piece.last])
                title = _("{title} [page numbers and running heads, articles {first}–{last}]").format(
                    title=job.title, first=piece.first, last=piece.last)
                running[pool.submit(key, title, ("typeset", 0), make_piece, job, piece, known, laid,
                                    options)] = (job, piece, key), title
                if piece.last == len(job.parts) and job not in fronts:
                    start_front(job)  # beside the last piece
            elif waiting:
                part = waiting.pop(0)
                running[pool.submit(part.key, part.title, part.step, make, part, options)] = part, part.title
            else:
                return

    def start_front(job) -> None:
        # On page numbers guessed (joined() checks them). Kept under what
        # it is made of, its HTML (the titles and headings, the numbers,
        # the cover's texts) and the frame's key: an edit that moves no
        # page and changes no heading finds it in the cache.
        known = tuple(frames[part] for part in job.parts)
        numbers = chains[job].guess_numbers(known)
        if cache:  # (rendering it here takes some 30 ms)
            key = digest("front", job.frame_key, rendered_as(job, options, frame=View(known, numbers=numbers)).html)
            kept = cache.get(key)
            if kept is not None:
                fronts[job] = numbers, frame_from_files(kept.files)
                return
        else:
            key = digest("front", job.key, numbers)
        title = _("{title} [cover and contents]").format(title=job.title)
        running[pool.submit(key, title, ("typeset", 0), make_front, job, known, numbers, options)] = \
            (job, numbers, key), title
        fronts[job] = None

    def keep(job, key: str, typeset, name: str) -> None:
        # A piece of a frame, or a front, into the cache.
        if cache and sources_unchanged(job) and (files := frame_files(typeset, f"{job.stem}.{job.format}.{name}")):
            cache.put(Entry(key, files))

    with pool.listening(listen):
        start()
        meanwhile()
        while running:
            finished, _pending = wait([*running, heard[0]], return_when=FIRST_COMPLETED)
            if heard[0].done():
                heard[0] = Future()
            for key in list(told):
                frames.setdefault(by_key[key], told.pop(key))
            for future in finished:
                if future not in running:
                    continue  # (heard)
                (what, title), (entry, _seconds) = running.pop(future), future.result()
                if isinstance(what, Job):
                    if cache and sources_unchanged(what):
                        cache.put(entry)
                    made[what] = Part.from_files(entry.files)
                    frames[what] = made[what].frame
                elif isinstance(what[1], dict):
                    job, numbers, key = what
                    keep(job, key, entry, "front")
                    fronts[job] = numbers, entry
                else:
                    job, piece, key = what
                    keep(job, key, entry, f"frame-{piece.first}-{piece.last}")
                    chains[job].done(piece, entry)
                report.event(title, "done")
            start()
    return {job: ([made[part] for part in job.parts], chain.typeset, fronts.get(job)) for job, chain in chains.items()}


def cached_or_made(jobs: Sequence, fn, args: tuple, report: Report, pool, cache) -> dict:
    """job -> (entry, seconds, cached): from the cache, or ``fn(job, *args)``
    in the pool and kept in the cache."""
    made = {}
    for job in jobs:
        entry = cache.get(job.key) if cache else None
        if entry is not None:
            made[job] = entry, 0.0, True
    for job, entry, seconds in pool.run([job for job in jobs if job not in made], fn, *args):
        if cache and sources_unchanged(job):
            cache.put(entry)
        made[job] = entry, seconds, False
        report.event(job.title, "done")
    return made


@dataclass(frozen=True)
class Pictures:
    """The preview pictures of one PDF written, keyed by its bytes."""

    pdf: Path
    key: str

    @property
    def title(self) -> str:
        return self.pdf.name

    step = ("preview", 0)


def show(planned, outputs: dict, options: BuildOptions, report: Report, pool, cache) -> dict:
    """Preview pictures of every PDF the jobs wrote (duplex booklets, not
    their fronts and backs copies), from the cache or made in the pool."""
    from publish.keys import file_digest

    wanted = [Pictures(o.path, pictures_key(file_digest(o.path)))
              for job in planned for o in outputs[job] if o.kind in PREVIEWED]
    made = cached_or_made(wanted, make_pictures, (), report, pool, cache)
    return {pictures: write(made[pictures][0], options.out_dir, report, cached=made[pictures][2],
                            seconds=made[pictures][1]) for pictures in wanted}


# The PDFs that get pictures: one a reading file or sheet (a duplex
# booklet, not its fronts and backs copies).
PREVIEWED = ("a4", "a5", "booklet", "phone")


def pictures_key(pdf_sha256: str) -> str:
    """The cache key of a PDF's pictures: its bytes' digest and the software
    that draws them (a server can name them from a cache entry's record)."""
    from publish import keys

    return keys.digest("preview", keys.software(), pdf_sha256)


def make_pictures(pictures: Pictures):
    from publish.cache import Entry
    from publish.preview import pictures as draw

    return Entry(pictures.key, draw(pictures.pdf.read_bytes(), pictures.pdf.name))


def plan(sources: Sequence[Path], options: BuildOptions) -> list[Job]:
    """The jobs a build makes, in output order: for each edition, each
    publication (one compilation of every article, or one handout per
    article) in each format, then its proofreading list."""
    from publish import keys

    digests = {path: _source_digest(path) for path in sources}
    publications = [(options.compilation.slug, tuple(sources))] if options.compilation else \
        [(path.stem, (path,)) for path in sources]
    env = keys.software(), os.environ.get("SOURCE_DATE_EPOCH")
    fonts = keys.font_files(options.workspace) if options.formats else ""
    layouts = {fmt: keys.layout_files(name, options.workspace) for fmt, name in layout_names(options).items()}
    jobs = []
    for code in options.editions:
        dictionaries = [keys.files_of(options.workspace / name) if (options.workspace / name).is_dir()
                        else (options.workspace / name).is_file() and keys.file_digest(options.workspace / name)
                        for name in ("phrases.txt", f"phrases.{code}.txt")] if code != "zh-Hans" else []
        for stem, held in publications:
            for fmt in (*options.formats, *(("review",) if code != "zh-Hans" else ())):
                # A PDF holds no path: a workspace moved elsewhere keeps its
                # cache. The proofreading list names each file as given.
                text = [(str(path) if fmt == "review" else _within(path, options.workspace), digests[path])
                        for path in held]
                # (The proofreading list is written in the user's language:
                # one kept from a build in another is written again.)
                key = keys.digest(env, code, fmt, text, dictionaries, output_options(options, code, fmt),
                                  layouts.get(fmt), fonts if fmt != "review" else CATALOG)
                parts, frame_key = (), ""
                in_parts = options.parts if options.parts is not None else len(held) >= PARTS_FROM
                if in_parts and options.compilation and fmt != "review" and options.pdf_variant is None:
                    # A part does not depend on the compilation's title or
                    # the other articles: each is keyed by its article alone.
                    alone = {**output_options(options, code, fmt), "compilation": None}
                    parts = tuple(Job(f"{stem}.{code}", (path,), (digests[path],), code, fmt,
                                      keys.digest("part", env, code, fmt, number, pair, dictionaries, alone,
                                                  layouts[fmt], fonts), part=number)
                                  for number, (path, pair) in enumerate(zip(held, text), start=1))
                    frame_key = keys.digest("frame", env, code, fmt, len(held), dictionaries,
                                            output_options(options, code, fmt), layouts[fmt], fonts)
                jobs.append(Job(f"{stem}.{code}", held, tuple(digests[p] for p in held), code, fmt, key, parts,
                                frame_key=frame_key))
    return jobs


def _within(path: Path, workspace: Path) -> str:
    try:
        return path.resolve().relative_to(workspace.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def _source_digest(path: Path) -> str:
    from publish.keys import file_digest

    try:
        return file_digest(path)
    except OSError:
        read_article(path)  # raises the reader's error, naming the file
        raise


# Options that reach no output, or only some. Every other field of BuildOptions
# enters every key: a new option invalidates too much, never too little.
NOT_IN_KEYS = ("workspace", "out_dir", "timeout", "editions", "formats",
               "layout")  # the layout a format uses enters its key by name and files
ONLY_FOR = {
    "imposition": lambda code, fmt: FORMAT_PAGES.get(fmt) == "A5",  # the binding side turns A5 pages too
    "manual_duplex": lambda code, fmt: fmt == "booklet",
    "allow_missing_glyphs": lambda code, fmt: fmt != "review",
    "allow_font_fallback": lambda code, fmt: fmt != "review",
    "article_start": lambda code, fmt: FORMAT_PAGES.get(fmt) == "A5",  # a booklet's setting
    "pdf_variant": lambda code, fmt: fmt != "review",
    "allow_simplified": lambda code, fmt: code != "zh-Hans",
    "phrases": lambda code, fmt: code != "zh-Hans",
    "taiwan_vocabulary": lambda code, fmt: code == "zh-Hant-TW",
    "hk_forms": lambda code, fmt: code == "zh-Hant-HK",
}


def output_options(options: BuildOptions, code: str, fmt: str) -> dict:
    """The options that can change what one job makes."""
    return {name: getattr(options, name) for name in options.__dataclass_fields__
            if name not in NOT_IN_KEYS and ONLY_FOR.get(name, lambda c, f: True)(code, fmt)}


def prepare(jobs: Sequence[Job], options: BuildOptions, report: Report = Report(), workers: int = 1):
    """Read and convert what ``jobs`` need, keeping it in this process for
    ``make``, and check the fonts: raises before anything is typeset.
    Returns the checks of what was read (``checks()``: warnings, and what
    refuses a file), to be run before any file is written: called again,
    it does nothing. With ``workers`` to spare, the traditional editions
    are converted in processes of their own while this one loads the
    typesetter."""
    from publish import early

    waiting = early.take()  # (the conversion's process, when the command forked one as it started)
    if not jobs:
        if waiting:
            waiting.stop()
        return lambda: None
    from publish.speed import no_garbage_collection

    with no_garbage_collection():
        checks = _prepare(jobs, options, report, workers, waiting)
    done = []

    def once() -> None:
        if not done:
            done.append(True)
            with no_garbage_collection():
                checks()

    return once


def _prepare(jobs: Sequence[Job], options: BuildOptions, report: Report, workers: int, waiting):
    from publish.edition import check_leftovers
    from publish.fonts import check_fonts, script_of

    # Each publication's articles (a handout's one, a compilation's all) are
    # converted as ``make`` asks for them, so that it finds them in memory.
    groups = tuple(dict.fromkeys(job.sources for job in jobs))
    codes = tuple(dict.fromkeys(job.edition for job in jobs))
    formats = tuple(dict.fromkeys(job.format for job in jobs if job.format != "review"))
    # Reading and converting in other processes pays while this one loads
    # the typesetter; once it is loaded (``publish watch``'s later builds),
    # here is sooner, and the converter loaded here is kept for the next.
    loading = formats and "weasyprint.text.ffi" not in sys.modules
    reading = _Reading(groups, codes, options, workers if loading else 1, waiting)
    try:
        # What needs no conversion is done while the traditional editions
        # are converted, the longest step before the first page.
        if formats:
            _load_typesetter(imposing=any(FORMAT_PAGES[fmt] == "A5" for fmt in formats),
                             warm=workers > 1 and (len(jobs) > 1 or any(job.parts for job in jobs)),
                             executor=workers > 1 and any(job.parts for job in jobs))
        articles = reading.articles()
        report.event("", "read", len(articles))
        fonts = _fonts(options.workspace)
        check_fonts(fonts, [script_of(code) for code in codes], options.allow_font_fallback)
        editions = reading.editions()
    finally:
        reading.stop()

    def checks() -> None:
        warn_placeholders(articles, options.compilation)
        warn_as_copied(articles)
        check_leftovers([review for edition in editions.values() for review in edition.reviews],
                        options.allow_simplified)
        if formats:
            layouts = {fmt: _layout(fmt, options) for fmt in formats}
            check_glyphs(editions, layouts, fonts, options.allow_missing_glyphs)
            check_stylesheets(layouts.values(), options.workspace)

    return checks


def _load_typesetter(imposing: bool, warm: bool, executor: bool = False) -> None:
    """Imported once here rather than in every worker forked afterwards
    (``warm``: and what each would do before its first page; ``executor``:
    and the process pool's executor, which a compilation in parts starts
    once the conversion is done; a build whose files go an edition to a
    process, ``pool.Pool._run_apart``, needs none)."""
    import publish.render  # noqa: F401
    import publish.typeset  # noqa: F401
    from publish.speed import import_weasyprint, warm_up

    import_weasyprint()
    if warm:
        warm_up(imposing=imposing, executor=executor)


# The least a process converts when the articles are dealt out: SHARE
# articles, and SHARE_BYTES of their files. A process of its own loads
# its own converter (a quarter of a second) on a core the building
# process is using to load the typesetter: the example compilation's ten
# short articles (14 KB) were built 18 % faster in one process, eight
# copies of the sample (118 KB) as fast, fifteen (222 KB) 7 % slower. (A
# Word file or a saved page holds more than its text: dealt out sooner.)
SHARE = 4
SHARE_BYTES = 64_000


class _Reading:
    """The articles of ``groups`` read and converted to each edition of
    ``codes``, each kept in ``_memo`` for ``make``. A converter takes a
    third of a second to load, the typesetter half a second, and thirty
    articles a fifth: with cores to spare (``workers``), each traditional
    edition not yet in memory is converted in processes of its own (many
    articles dealt out to one process a core; the first of them the
    process ``publish build`` forked as it started, ``waiting``, with the
    segmenter loaded: ``early.py``), which read their articles themselves
    while this process loads the typesetter and then reads them; with
    nothing to convert, articles not yet in memory are read in a process of
    their own meanwhile. What comes back is whole (articles and conversions
    pickle), and what was said there is said here (``pool.Forked``).
    Otherwise the articles are read at once, so that one that cannot be
    read stops the build before anything else is done."""

    def __init__(self, groups: Sequence[tuple[Path, ...]], codes: Sequence[str], options: BuildOptions,
                 workers: int, waiting=None):
        from publish.edition import EDITIONS

        self.groups, self.codes, self.options = groups, codes, options
        self.paths = tuple(dict.fromkeys(path for group in groups for path in group))
        aside = [code for code in codes if EDITIONS[code].opencc
                 and any(_key(_edition_key(group, code, options)) not in _memo for group in groups)]
        unread = [path for path in self.paths if _key(_article_key(path)) not in _memo]
        self.forked: dict = {}
        self.reading = None
        if workers > 1 and unread and not aside:
            from publish.pool import Forked

            self.reading = Forked(_("reading the articles"), _read_aside, unread)
        elif workers > 1 and aside:
            from publish.pool import Forked

            # Many articles (a compilation's thirty take three seconds to
            # convert, the longest step before its first page) are dealt out
            # to as many processes as there are cores, each loading its own
            # converter: at least SHARE articles and SHARE_BYTES each.
            size = sum(_file_size(path) for path in self.paths)
            shares = max(1, min(workers // len(aside), len(self.paths) // SHARE, size // SHARE_BYTES))
            for code in aside:
                what = _("the conversion to {edition}").format(edition=code)
                self.forked[code] = []
                for n in range(shares):
                    call = (_converted_aside, self.paths[n::shares], code, options,
                            fixed_texts(options) if n == 0 else None)
                    # The first share goes to the process the command
                    # forked as it started, if it waits with the segmenter
                    # loaded.
                    sent = waiting.send(what, *call) if waiting else None
                    if sent:
                        log.debug("%s: in the process forked as the command started (pid %d)", what, sent.pid)
                    waiting = None
                    self.forked[code].append(sent or Forked(what, *call))
        else:
            for path in unread:
                _article(path)
        if waiting:
            waiting.stop()

    def articles(self) -> list[Article]:
        """Every article."""
        if self.reading is not None:
            _memo.update(self.reading.result())
        return [_article(path) for path in self.paths]

    def editions(self) -> dict[str, "Converted"]:
        """Every edition of each group, and all of an edition's groups as
        one (what the checks read)."""
        for code in self.codes:
            if code not in self.forked:  # (while the others are converted)
                _converted_groups(self.groups, code, self.options)
        for code, shares in self.forked.items():
            converted, fixed = {}, ()
            for share in shares:
                pairs, texts = share.result()
                converted.update(pairs)
                fixed = fixed if texts is None else texts
            for group in self.groups:
                _memo[_key(_edition_key(group, code, self.options))] = Converted(
                    tuple(converted[path][0] for path in group), tuple(converted[path][1] for path in group), fixed)
        editions = {}
        for code in self.codes:
            converted = _converted_groups(self.groups, code, self.options)
            editions[code] = Converted(tuple(a for c in converted for a in c.articles),
                                       tuple(r for c in converted for r in c.reviews), converted[0].texts)
        return editions

    def stop(self) -> None:
        """End what still runs in the other processes (a check failed)."""
        for work in (*(share for shares in self.forked.values() for share in shares),
                     *([self.reading] if self.reading else [])):
            work.stop()


def _read_aside(paths: Sequence[Path]) -> dict:
    """In a process of its own: the articles, by their keys in ``_memo``."""
    return {_key(_article_key(path)): _article(path) for path in paths}


def _converted_aside(paths: Sequence[Path], code: str, options: BuildOptions, texts: tuple[str, ...] | None) -> tuple:
    """In a process of its own: the articles ``paths`` converted to ``code``,
    ((Article, Review) by path, the fixed texts ``texts`` converted, if
    given: the building process has them, and the layouts they come from).
    An article converts alone (as a compilation's part does). It is forked
    before the building process has read them (which it does once the
    typesetter is loaded, while this converts): it reads them too, and
    leaves what reading says (a warning, a file that cannot be read) to it."""
    from publish.edition import make_edition

    logging.disable(logging.WARNING)
    try:
        for path in paths:
            _article(path)
    finally:
        logging.disable(logging.NOTSET)
    converter = _converter(code, options)
    return ({path: make_edition(_article(path), converter) for path in paths},
            None if texts is None else _fixed_converted(converter, texts))


def _converted_groups(groups: Sequence[tuple[Path, ...]], code: str, options: BuildOptions) -> list["Converted"]:
    return [_edition(group, code, options) for group in groups]


def make(job: Job, options: BuildOptions, parts=None):
    """One job from its sources to its files (a ``cache.Entry``): what a
    worker process runs. A compilation in parts is joined from ``parts``."""
    from publish.cache import Entry, Made
    from publish.keys import Dependency

    edition = _edition(job.sources, job.edition, options)
    if job.format == "review":
        from publish.edition import format_review

        return Entry(job.key, (Made(f"{job.stem}.review.txt", format_review(list(edition.reviews)).encode("utf-8"),
                                    "review"),))
    from publish.layouts import style_files
    from publish.model import Figure, iter_blocks
    from publish.render import image_path

    if job.part:
        from publish.parts import Part

        return Entry(job.key, Part.of(typeset_as(job, options, part=job.part, laid_out=_tell_frame(job)),
                                      job.part).files(job.title))
    if parts is not None:
        result, pdf = joined(job, options, *parts)
    else:
        result = typeset_as(job, options)
        pdf = result.pdf
    files = format_files(job, pdf, result.pages, options, back_cover=options.compilation is not None
                         and options.compilation.imprint is not None, blank=result.blank)
    # Pictures are read at typesetting: the key could not name them (nor
    # those a layout's stylesheet names outside its folders).
    pictures = [image_path(block, article, options.workspace) for article in map(_article, job.sources)
                for block in iter_blocks(article.blocks) if isinstance(block, Figure) and block.data is None]
    pictures += style_files(_layout(job.format, options))
    return Entry(job.key, files, tuple(Dependency.of(path) for path in dict.fromkeys(pictures)))


def _tell_frame(job: Job):
    """In a worker, a part's frame (``parts.Frame``: its pages and marks) is
    sent to the building process as soon as its pages are laid out (a
    ``frame`` event), before they are drawn and written: the front of the
    compilation needs no more, and starts the sooner (``typeset_parts``)."""
    from publish import pool

    send = pool._send
    if send is None:
        return None

    def tell(laid_out) -> None:
        from publish.parts import Frame

        send(job.title, "frame", (job.key, Frame.of(laid_out, job.part)))

    return tell


def typeset_as(job: Job, options: BuildOptions, part: int | None = None, frame=None, laid_out=None):
    """Typeset ``job`` (``typeset.Typeset``): whole, as its article number
    ``part`` alone, or as a piece of its frame (``parts.View``);
    ``laid_out``: see ``typeset.typeset``."""
    from publish.errors import RenderError
    from publish.typeset import typeset

    try:
        return typeset(rendered_as(job, options, part, frame), options.pdf_variant, options.timeout,
                       cut_fonts_later=tuple(font.path for font in _fonts(options.workspace).files)
                       if part or frame else None, laid_out=laid_out)
    except RenderError as error:
        # (which file: a build of several said only that one took too long)
        if error.path is None:
            error.path = _relative(job.sources[0]) if len(job.sources) == 1 else job.title
        raise


def rendered_as(job: Job, options: BuildOptions, part: int | None = None, frame=None):
    """What ``typeset_as`` typesets: the HTML (``render.Rendered``)."""
    from publish.render import render

    edition = _edition(job.sources, job.edition, options)
    layout = _layout(job.format, options)
    return render(publication_of(job, edition, options), layout, _fonts(options.workspace), options.workspace,
                  edition.strings(layout.strings),
                  contents_sections=options.compilation is None or options.compilation.contents_sections,
                  bind=options.imposition.bind if FORMAT_PAGES[job.format] == "A5" else "left",
                  # (a booklet's: the A4 handout's articles start on the
                  # next page, the phone's too, whatever publish.toml says)
                  article_start=options.article_start if FORMAT_PAGES[job.format] == "A5" else None,
                  part=part, frame=frame)


def make_piece(job: Job, piece, frames: tuple, laid: dict, options: BuildOptions):
    """One piece of a compilation's frame (``parts.Piece``) with its parts
    laid on it: what a worker runs. ``frames``: the ``parts.Frame`` of each
    article up to its last; ``laid``: article number -> ``parts.Part``, its
    own (only these PDFs go to the worker)."""
    from publish.parts import View, lay_parts

    result = typeset_as(job, options, frame=View(frames, piece))
    pdf, fonts = lay_parts(result, laid)
    return replace(result, pdf=pdf, fonts=fonts)


def make_front(job: Job, frames: Sequence, numbers: dict, options: BuildOptions):
    """The front of a compilation in parts: its cover and contents, the
    link targets on ``numbers`` pages (``parts.View``; ``frames``: each
    article's ``parts.Frame``)."""
    from publish.parts import View

    return typeset_as(job, options, frame=View(tuple(frames), numbers=numbers))


def joined(job: Job, options: BuildOptions, parts: list, pieces: list, front=None):
    """A compilation joined from its parts, the pieces of its frame and its
    front (``(numbers, typeset.Typeset)``, typeset beside the last pieces:
    typeset again unless its page numbers were right): (the front's
    ``typeset.Typeset`` with the whole's pages and blank pages, the PDF)."""
    from publish.parts import join, page_numbers

    numbers = page_numbers(pieces)
    front = front[1] if front and front[0] == numbers else None
    for _ in range(3):
        front = front or make_front(job, [part.frame for part in parts], numbers, options)
        if not any((piece.start - piece.before - front.pages + 1) % 2 for piece, _ in pieces):
            break
        # The pieces were typeset for a front of an even number of pages
        # (the first article on a right-hand page; not so in every
        # layout): typeset again, their pages on the other sides.
        pieces = pieces_of(job, parts, options, front.pages - 1)
        if page_numbers(pieces) != numbers:
            numbers, front = page_numbers(pieces), None
    pdf = join(front, pieces, tuple(font.path for font in _fonts(options.workspace).files))
    pages = front.pages - 1 + sum(typeset.pages - piece.lead for piece, typeset in pieces)
    return replace(front, pages=pages, blank=front.blank + sum(typeset.blank for _, typeset in pieces)), pdf


def pieces_of(job: Job, parts: list, options: BuildOptions, front: int = 0) -> list:
    """The pieces of a compilation's frame typeset one after the other, here
    (``front``: the front's pages)."""
    from publish.parts import Pieces

    chain = Pieces(len(parts), front)
    while not chain.complete:
        piece = chain.ready({number: part.frame.pages for number, part in enumerate(parts, start=1)})
        chain.done(piece, make_piece(job, piece, tuple(part.frame for part in parts[:piece.last]),
                                     {n: parts[n - 1] for n in range(piece.first, piece.last + 1)}, options))
    return chain.typeset


def publication_of(job: Job, edition: "Converted", options: BuildOptions) -> Publication:
    """What one job's output holds: one article, or the compilation with
    its cover texts in the edition's script."""
    from publish.edition import EDITIONS
    from publish.model import Imprint, Publication

    spec = options.compilation
    articles = edition.articles
    if spec is None:
        return single_publication(articles[0], job.edition)
    convert = edition.convert
    imprint = spec.imprint and Imprint(convert(spec.imprint.issuer), spec.imprint.date, spec.imprint.copies)
    return Publication(
        title=convert(spec.title), articles=articles, subtitle=convert(spec.subtitle),
        organizer=convert(spec.organizer), date=spec.date or source_date(), lang=job.edition, slug=spec.slug,
        compilation=True, edition_label=EDITIONS[job.edition].label, imprint=imprint,
    )


def format_files(job: Job, pdf: bytes, pages: int, options: BuildOptions, back_cover: bool = False,
                 blank: int = 0) -> tuple:
    """The files one format makes of a typeset PDF: the A4 handout (or the
    A5 pages) as it is; for a booklet, the A5 pages in reading order and the
    imposed sheets. ``blank``: pages left blank (the sheets' padding added)."""
    from publish.cache import Made
    from publish.impose import impose

    if job.format != "booklet":
        return (Made(f"{job.stem}.{job.format}.pdf", pdf, job.format, pages, blank=blank),)
    # Impose before writing anything, so a failure leaves no partial set.
    imposed = impose(pdf, replace(options.imposition, back_cover=back_cover))
    padded = blank + imposed.pages - pages
    files = [Made(f"{job.stem}.a5.pdf", pdf, "a5", pages, blank=blank),
             Made(f"{job.stem}.booklet.pdf", imposed.duplex, "booklet", imposed.sheets * 2, imposed.sheets, padded)]
    if options.manual_duplex:
        files += [Made(f"{job.stem}.booklet-{side}.pdf", data, f"booklet-{side}", imposed.sheets, imposed.sheets, padded)
                  for side, data in (("fronts", imposed.fronts), ("backs", imposed.backs))]
    return tuple(files)


def write(entry, out_dir: Path, report: Report = Report(), cached: bool = False,
          seconds: float = 0.0) -> list[Output]:
    """Write a job's files atomically; a file that already holds the same
    bytes is left alone (an unchanged rebuild touches nothing)."""
    outputs = []
    for made in entry.files:
        path = out_dir / made.name
        unchanged = cached and _holds(path, made.data)
        if not unchanged:
            write_atomic(path, made.data)
        output = Output(path, made.pages, seconds, made.kind, made.sheets, made.blank, cached, unchanged)
        report.written(output)
        outputs.append(output)
    return outputs


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


# What ``prepare`` makes and ``make`` uses, kept for the life of the process
# (a worker forked after ``prepare`` inherits it). Keyed by content, so an
# edited article or dictionary is read afresh in a long-lived process.
_memo: dict = {}


def _key(parts: tuple) -> str:
    from publish.keys import digest

    return digest(*parts)


def _remember(parts: tuple, make_it):
    key = _key(parts)
    if len(_memo) > 2000:  # a long watch: what was edited away goes
        _memo.clear()
    if key not in _memo:
        _memo[key] = make_it()
    return _memo[key]


def _article(path: Path) -> Article:
    return _remember(_article_key(path), lambda: read_article(path))


def _article_key(path: Path) -> tuple:
    from publish.keys import file_digest

    return "article", str(path), file_digest(path)


@dataclass(frozen=True)
class Converted:
    """The articles in one edition, what to proofread in them, and the
    fixed texts its jobs print (the layouts' strings, the compilation's
    cover texts) in its script: all a job needs of the conversion. Unlike
    the converter, it pickles: another process can make it."""

    articles: tuple[Article, ...]
    reviews: tuple[Review, ...]
    texts: tuple[tuple[str, str], ...]

    def convert(self, text: str | None) -> str | None:
        return dict(self.texts)[text] if text else text

    def strings(self, strings: dict[str, str]) -> dict[str, str]:
        """A layout's strings (目录, 来源) in the edition's script."""
        return {key: self.convert(value) for key, value in strings.items()}


def convert_edition(articles: Sequence[Article], converter: Converter, texts: Sequence[str]) -> Converted:
    from publish.edition import make_edition

    pairs = [make_edition(article, converter) for article in articles]
    return Converted(tuple(a for a, _ in pairs), tuple(r for _, r in pairs), _fixed_converted(converter, texts))


def _fixed_converted(converter: Converter, texts: Sequence[str]) -> tuple[tuple[str, str], ...]:
    from publish.edition import convert_quotes

    return tuple((text, convert_quotes(converter.convert(text))[0]) for text in texts)


def fixed_texts(options: BuildOptions) -> tuple[str, ...]:
    """What a build prints besides the articles, in the source script: each
    layout's strings and the compilation's cover texts."""
    texts = [value for fmt in layout_names(options) for value in _layout(fmt, options).strings.values()]
    spec = options.compilation
    if spec is not None:
        texts += [spec.title, spec.subtitle, spec.organizer, spec.imprint and spec.imprint.issuer]
    return tuple(dict.fromkeys(text for text in texts if text))


def _edition(paths: Sequence[Path], code: str, options: BuildOptions) -> Converted:
    """The articles converted to an edition."""
    return _remember(_edition_key(paths, code, options), lambda: convert_edition(
        [_article(path) for path in paths], _converter(code, options), fixed_texts(options)))


def _edition_key(paths: Sequence[Path], code: str, options: BuildOptions) -> tuple:
    from publish.keys import file_digest

    return ("edition", *_converter_key(code, options), [(str(path), file_digest(path)) for path in paths],
            fixed_texts(options))


def _converter_key(code: str, options: BuildOptions) -> tuple:
    from publish import keys

    dictionaries = [keys.file_digest(options.workspace / name) for name in ("phrases.txt", f"phrases.{code}.txt")
                    if (options.workspace / name).is_file()]
    return code, str(options.workspace), dictionaries, output_options(options, code, "review")


def _converter(code: str, options: BuildOptions) -> Converter:
    return _remember(("converter", *_converter_key(code, options)), lambda: converter_for(code, options))


def _layout(fmt: str, options: BuildOptions) -> Layout:
    from publish.layouts import load_layout

    return load_layout(layout_names(options)[fmt], options.workspace)


def _fonts(workspace: Path):
    from publish.fonts import load_fonts

    return load_fonts(workspace)


def sources_unchanged(job: Job) -> bool:
    """The articles still hold what the job was keyed by (not saved again
    while it was typeset): only then is its result kept under that key."""
    from publish.keys import file_digest

    try:
        return all(file_digest(path) == digest for path, digest in zip(getattr(job, "sources", ()),
                                                                       getattr(job, "digests", ())))
    except OSError:
        return False


def check_glyphs(editions: dict[str, Converted], layouts: dict, fonts, allow: bool) -> None:
    """No character goes to the typesetter without a font that draws it."""
    from publish.glyphs import emoji_as_pasted, find_missing, source_texts

    sources = None
    missing = []
    for code, edition in editions.items():
        converted = list(edition.articles)
        if sources is None:
            sources = source_texts(converted)
        strings = "".join(edition.strings(layout.strings)[key] for layout in layouts.values()
                          for key in ("contents", "source_label"))
        missing += find_missing(converted, fonts, code, sources, {"heading": strings})
    if not missing:
        return
    # A character missing in every edition is one place in the text: said
    # once, with every font tried for it; an emoji, as it was pasted.
    places: dict = {}
    for m in emoji_as_pasted(missing, sources):
        place = (m.char, m.path, m.line, m.column)
        places[place] = replace(m, fonts=tuple(dict.fromkeys((*places[place].fonts, *m.fonts)))) \
            if place in places else m
    lines = tuple(str(m) for m in places.values())
    if allow:
        for line in lines:
            log.warning("%s", line)
        return
    emoji = list(dict.fromkeys(m.char for m in places.values() if m.emoji))
    if not emoji:
        hint = _("add a font that has them, or pass --allow-missing-glyphs")
    else:
        from publish.sources import DOCUMENT_SUFFIXES

        delete = _("delete the emoji ({emoji}) from the article").format(emoji=" ".join(emoji))
        if any(Path(m.path).suffix.lower() in DOCUMENT_SUFFIXES for m in places.values() if m.emoji):
            # (a saved page cannot be edited as it stands)
            delete += _(" (`publish import` makes a saved page or a Word file Markdown to edit)")
        else:
            delete += _(" (`publish check --fix` deletes them)")
        if len(emoji) == len({m.char for m in places.values()}):
            hint = _("{delete}: no font here prints them; or pass --allow-missing-glyphs").format(delete=delete)
        else:
            hint = _("{delete}: no font here prints them; for the others, add a font that has them, or pass "
                     "--allow-missing-glyphs").format(delete=delete)
    raise FontError(ngettext("{n} character has no glyph in the layout's fonts and would print as an empty box",
                             "{n} characters have no glyph in the layout's fonts and would print as empty boxes",
                             len(lines)).format(n=len(lines)), hint=hint, details=lines)


def check_stylesheets(layouts, workspace: Path) -> None:
    """Say what the typesetter would leave out of a workspace's own
    stylesheets (``layouts.stylesheet_problems``), once a layout."""
    from publish.layouts import stylesheet_problems

    for problem in dict.fromkeys(p for layout in {layout.name: layout for layout in layouts}.values()
                                 for p in stylesheet_problems(layout, workspace)):
        log.warning("%s", problem)


def warn_placeholders(articles: Sequence[Article], spec: Compilation | None) -> None:
    """A placeholder left in (（编印单位）, XXXX: see placeholders.py) would
    print as it is: say where, before anything is typeset."""
    from publish import placeholders
    from publish.model import Imprint

    fields = {}
    if spec is not None:
        imprint = spec.imprint or Imprint()
        values = {"title": spec.title, "subtitle": spec.subtitle, "organizer": spec.organizer, "date": spec.date,
                  "back_page.issuer": imprint.issuer, "back_page.date": imprint.date,
                  "back_page.copies": imprint.copies}
        places = dict(spec.places)
        fields = {name: (places.get(name, "publish.toml"), value) for name, value in values.items()}
    def text_of(article: Article) -> str | None:
        try:
            return read_source_text(article.path, warn=False)
        except SourceError:  # (gone since it was read: its title's line)
            return None

    for where, name, value in placeholders.find(articles, fields, text_of):
        if name is None:
            log.warning("%s", _("{where}: placeholder {value} left in the text; replace it before printing").format(
                where=where, value=value))
        else:
            log.warning("%s", _("{where}: `{name}` is still a placeholder: {value}; replace it before printing").format(
                where=where, name=name, value=value))


def warn_as_copied(articles: Sequence[Article]) -> None:
    """What was copied from a news page as it stood and would print so,
    said where: a paragraph cut off in mid-sentence (``shapes.cut_off``: the
    page's teaser), a photo's caption without the photo (``Caption``)."""
    from publish.sources.shapes import cut_off_paragraphs, lone_captions

    for article in articles:
        said = [(block.line, _("{where}: paragraph ends in mid-sentence, without a mark: '…{end}' (cut off where it "
                               "was copied?)").format(where=f"{article.path}:{block.line}", end=text[-8:]))
                for block, text in cut_off_paragraphs(article.blocks)]
        said += [(block.line, _("{where}: a photo's caption without the photo: '{caption}' (it prints among the "
                                "paragraphs; delete the line if the photo is not wanted)").format(
            where=f"{article.path}:{block.line}", caption=text)) for block, text in lone_captions(article.blocks)]
        for _line, message in sorted(said, key=lambda pair: pair[0]):  # (in the article's order)
            log.warning("%s", message)


def converter_for(code: str, options: BuildOptions) -> Converter:
    from publish.edition import EDITIONS, user_phrases
    from publish.edition.converter import Converter

    user = user_phrases(options.workspace, code, dict(options.phrases))
    return Converter(EDITIONS[code], user, taiwan_vocabulary=options.taiwan_vocabulary, hk_forms=options.hk_forms)


def build_options(workspace: Path, out_dir: Path, config=None, *, formats: Sequence[str] = (),
                  editions: Sequence[str] = (), layout: str | None = None, compiled: bool = False,
                  bind: str | None = None, sheets_per_signature: int | None = None, creep_mm: float | None = None,
                  marks: bool = False, manual_duplex: bool = False, allow_simplified: bool = False,
                  taiwan_vocabulary: bool = False, hk_forms: str | None = None, article_start: str | None = None,
                  **flags) -> BuildOptions:
    """The options of a build of ``workspace``: publish.toml's settings with
    what the caller asks for on top (a value given replaces the file's, a
    switch turned on adds to it); ``compiled``: the compilation publish.toml
    describes; ``flags``: options publish.toml has no key for (``timeout``,
    ``pdf_variant`` …). ``publish build`` and the desk both map through it,
    so the same request names the same outputs by the same cache keys."""
    if config is None:
        from publish.config import load_config

        config = load_config(workspace)
    booklet = config.booklet
    return BuildOptions(
        workspace=workspace, out_dir=out_dir, layout=layout or _configured_layout(config, formats, workspace),
        formats=tuple(formats) or config.formats, editions=tuple(editions) or config.editions,
        manual_duplex=manual_duplex or booklet.get("manual_duplex", False),
        imposition=ImposeOptions(
            bind=(bind or booklet.get("bind", "left")).lower(),
            sheets_per_signature=sheets_per_signature or booklet.get("sheets_per_signature"),
            creep_mm=creep_mm if creep_mm is not None else float(booklet.get("creep_mm", 0.0)),
            marks=marks or booklet.get("marks", False)),
        allow_simplified=allow_simplified or config.allow_simplified,
        taiwan_vocabulary=taiwan_vocabulary or config.taiwan_vocabulary, phrases=tuple(config.phrases.items()),
        hk_forms=hk_forms or config.hk_forms, compilation=compilation_of(config, workspace) if compiled else None,
        article_start=article_start or config.article_start, **flags)


def _configured_layout(config, formats: Sequence[str], workspace: Path) -> str | None:
    """publish.toml's ``layout``, where it makes one of ``formats`` (asked
    for on the command line; none: publish.toml's own). Asked only for what
    it does not make (``publish build --booklet`` beside ``layout =
    "handout"``), the build makes them in their own layouts, as it does
    beside the formats it makes: not an error about a ``--layout`` nobody
    gave."""
    if config.layout is None or not formats:
        return config.layout
    return config.layout if set(layout_serving(config.layout, (), workspace)) & set(formats) else None


def compilation_of(config, workspace: Path) -> Compilation:
    """The compilation publish.toml describes."""
    import re

    from publish.model import Imprint

    slug = config.slug or re.sub(r"[^\w.-]+", "-", workspace.resolve().name).strip("-") or "compilation"
    back = config.back_page
    imprint = Imprint(back.get("issuer"), back.get("date"), back.get("copies")) if back else None
    places = tuple((name, config.where(*name.split("."))) for name in (
        "title", "subtitle", "organizer", "date", "back_page.issuer", "back_page.date", "back_page.copies"))
    return Compilation(title=config.title or slug, slug=slug, subtitle=config.subtitle,
                       organizer=config.organizer, date=config.date, imprint=imprint,
                       contents_sections=config.contents_sections, places=places)


def single_publication(article: Article, edition: str) -> Publication:
    from publish.model import Publication

    return Publication(
        title=article.title, articles=(article,), subtitle=article.subtitle,
        date=article.date or source_date(), lang=edition, slug=article.stem,
    )


def source_date() -> str | None:
    """The build date for the PDF metadata: only from ``SOURCE_DATE_EPOCH``,
    never the clock, so that two builds of the same input are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%d")
    except (ValueError, OverflowError, OSError):
        raise ConfigError(_("SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp").format(epoch=epoch)) from None


def expand_articles(patterns: Sequence[str], workspace: Path) -> list[Path]:
    """publish.toml's ``articles``: paths or globs inside the workspace, in
    the order listed (a glob's matches sorted), each file once."""
    found: list[Path] = []
    wrong: list[str] = []  # what each pattern that finds nothing is, said together
    for pattern in patterns:
        if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
            wrong.append(_("`articles`: {pattern!r} must be a path inside the workspace").format(pattern=pattern))
            continue
        # (what a pattern finds that is no article is named, as a folder's
        # is: articles/* took x.pdf and 表.xlsx out in silence)
        matches = _sorted_out(sorted(p for p in workspace.glob(pattern) if p.is_file()
                                     and p.suffix.lower() not in PICTURES))  # (articles/**: their pictures)
        if not matches:
            wrong.append(_("`articles`: {pattern!r} matches no article file (.md, .txt, .docx, .doc, .wps, "
                           ".html, .mht)").format(pattern=pattern))
        found.extend(_relative(p) for p in matches if _relative(p) not in found)
    if wrong:
        # (where the key stands, as the file's other mistakes are named)
        from publish.config import key_lines

        config = workspace / "publish.toml"
        try:
            line = key_lines(config.read_text(encoding="utf-8")).get(("articles",))
        except (OSError, UnicodeDecodeError):
            line = None
        raise ConfigError(wrong[0], f"{_relative(config)}:{line}" if line else _relative(config), details=tuple(wrong[1:]))
    return found


def _relative(path: Path) -> Path:
    """Paths under the current folder are shown relative to it in messages."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()) if path.is_absolute() else path
    except ValueError:
        return path


def find_articles(paths: Sequence[Path], workspace: Path) -> list[Path]:
    """The article files to build: those named (folders expanded), or with
    none named, every article in the workspace's ``articles/``."""
    if not paths:
        folder = workspace / "articles"
        if not folder.is_dir():
            raise SourceError(_("no articles given and no articles/ folder here"), workspace,
                              _("name article files, or run `publish new DIR` to start a workspace"))
        paths = [folder]
    found: list[Path] = []
    paths = [_relative(p) for p in paths]
    for path in paths:
        if path.is_dir():
            found.extend(_articles_in(path))
        else:
            found.append(path)
    if not found:
        raise SourceError(_("no articles found (.md, .txt, .docx, .doc, .wps, .html, .mht)"), paths[0])
    # A file named twice (or inside a folder also named) is built once.
    found = list(dict.fromkeys(found))
    stems: dict[str, Path] = {}
    for path in found:
        if path.stem in stems and stems[path.stem] != path:
            raise SourceError(_("two articles would write the same output: {first} and {second}").format(
                first=stems[path.stem], second=path), path, _("rename one of them"))
        stems[path.stem] = path
    return found


def _articles_in(folder: Path) -> list[Path]:
    """A folder's article files, sorted. Word's lock files (``~$…``) are
    skipped with a note; any other file no reader takes is named in one
    warning, never skipped in silence."""
    return _sorted_out(sorted(path for path in folder.iterdir() if path.is_file()))


PICTURES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff"})


def _sorted_out(paths: Sequence[Path]) -> list[Path]:
    """The article files of ``paths``; the others named in a warning a
    folder, Word's lock files in a note each."""
    articles, locks, others = [], [], []
    for path in paths:
        if path.name.startswith(".") or path.suffix.lower() == ".bak":
            continue  # hidden files, check --fix backups
        if is_lock_file(path):
            locks.append(path)
        elif path.suffix.lower() in SUFFIXES:
            articles.append(path)
        else:
            others.append(path)
    for path in locks:
        log.warning(_("{path}: skipped: a Word lock file (its document is open in Word or WPS)").format(path=path))
    for folder, names in itertools.groupby(others, key=lambda path: path.parent):
        log.warning(_("{folder}: left out {files}: not articles (publish reads .md, .txt, .docx, .doc, .wps, "
                      ".html, .mht)").format(folder=_relative(folder), files=", ".join(p.name for p in names)))
    return articles


PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/ua-1")


def _check_options(options: BuildOptions) -> None:
    """Every option, before anything is read, built or written."""
    def choice(option: str, value, known) -> None:
        if value not in known:
            raise OptionError(_("{option}: unknown value {value!r}; expected one of {known}").format(
                option=option, value=value, known=", ".join(known)))

    if options.pdf_variant is not None:
        choice("--pdf-variant", options.pdf_variant, PDF_VARIANTS)
    for edition in options.editions:
        choice("--edition", edition, EDITION_CODES)
    for fmt in options.formats:
        choice("--format", fmt, FORMAT_PAGES)
    choice("--bind", options.imposition.bind, BINDINGS)
    if options.article_start is not None:
        choice("--article-start", options.article_start, ARTICLE_STARTS)
    if options.imposition.sheets_per_signature is not None and options.imposition.sheets_per_signature < 1:
        raise OptionError(_("--sheets-per-signature must be at least 1"))
    if not 0 <= options.imposition.creep_mm <= 10:
        raise OptionError(_("--creep must be between 0 and 10 mm, not {creep:g}").format(
            creep=options.imposition.creep_mm))
    # the first folder of --out that exists must be a folder one can write in
    out = options.out_dir
    existing = next(p for p in (out, *out.parents, *out.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise OptionError(_("--out: {path} is a file, not a folder: name a folder for the PDFs").format(
            path=existing))
    if not os.access(existing, os.W_OK):
        raise OptionError(_("--out: cannot write in {path}: permission denied").format(path=existing))
    layout_names(options)


def layout_names(options: BuildOptions) -> dict[str, str]:
    """The layout of each format: ``--layout`` (or publish.toml's) for the
    formats it serves, each other format its own. A layout that serves none
    of the formats asked for cannot be honoured."""
    if options.layout is None:
        return {fmt: FORMAT_LAYOUTS[fmt] for fmt in options.formats}
    serves = layout_serving(options.layout, (), options.workspace)
    if not set(serves) & set(options.formats):
        raise OptionError(_("--layout {layout} makes {serves}, not {formats}").format(
            layout=options.layout, serves=", ".join(serves), formats=", ".join(options.formats)))
    return {fmt: options.layout if fmt in serves else FORMAT_LAYOUTS[fmt] for fmt in options.formats}


def layout_serving(layout: str, formats: Sequence[str], workspace: Path) -> tuple[str, ...]:
    """The formats ``layout`` serves; OptionError when it does not exist or
    does not serve one of ``formats`` (those the user asked for with it)."""
    from publish.layouts import available_layouts, layout_formats

    known = available_layouts(workspace)
    if layout not in known:
        from publish.choices import did_you_mean

        raise OptionError(_("--layout: no layout named {layout!r}{hint}").format(
            layout=layout, hint=did_you_mean(layout, known)), hint=_("known layouts: {known}").format(
            known=", ".join(known)))
    serves = layout_formats(layout, workspace)
    for fmt in formats:
        if fmt not in serves:
            raise OptionError(_("--layout {layout} makes {serves} only, not {format}").format(
                layout=layout, serves=", ".join(serves), format=fmt),
                hint=_("build the {format} without --layout, or choose a layout that makes it; "
                       "`publish layouts` lists what each one makes").format(format=fmt))
    return serves


__all__ = ["BuildOptions", "Job", "Output", "build", "find_articles", "make", "plan", "prepare"]
