"""Builds for the desk: the one seam between the web application and the
library's build API.

An ``Order`` says what to make (articles or the compilation, an edition,
a format). ``Builds.order`` gives the job that serves it: a finished build
with the same content key (served at once), a build of the same key already
under way (two identical requests build once), or a new job for the pool.
Builds run in a bounded pool of worker processes, never in the web
process; a full queue raises ``QueueFull`` instead of waiting.

The content key covers everything an output depends on: the order, the
bytes of the articles, ``publish.toml``, ``phrases.txt``, the layout and
font folders (the workspace's and the built-in ones) and the versions of
publish, WeasyPrint and OpenCC. Results are kept in
``.publish/desk/results/<key>/``, written to a temporary folder and renamed
into place, so a killed build leaves nothing half-written behind.

Issue #13 brings the library's own content-addressed cache and process
pool (``.publish/cache/``); until it is on main, this module is the seam,
and only three functions change when it lands:

* ``content_key``: the key of an order becomes the keys of the library's
  own jobs for it (``plan(paths, options)`` on ``build_options``), so the
  desk and ``publish build`` share one key and one cache;
* ``Builds.order`` / ``Builds._done``: "built" means the library's cache
  holds every job of the order (served at once, no worker);
* ``run_order``: ``build(paths, options, jobs=1, cache=<the workspace's
  cache>, preview=True)`` in the worker, its pictures replacing
  ``render_previews``.

The long-lived worker processes (a server's builds outlive the request
that started them) and the queue bound stay here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from publish.desk.catalogue import EDITIONS, FORMATS
from publish.desk.store import Job, Store

log = logging.getLogger(__name__)

# How many pages of each result are rendered as pictures (cover thumbnail,
# upload preview), and how wide.
PREVIEW_PAGES = 3
PREVIEW_WIDTH_PX = 600
# A job interrupted by a server stop is run again at start-up this many times
# in all, then failed: a build that kills its server must not loop.
MAX_ATTEMPTS = 2


class QueueFull(Exception):
    """The pool has as many jobs as it may hold; try again after ``retry_after`` s."""

    def __init__(self, retry_after: int):
        super().__init__(f"the build queue is full; retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Order:
    """What one build makes. ``paths`` are article files relative to the
    workspace (from the catalogue or the upload store, never from a request)."""

    edition: str               # an id of catalogue.EDITIONS
    format: str                # an id of catalogue.FORMATS
    paths: tuple[str, ...] = ()
    compilation: bool = False  # build the compilation publish.toml describes

    def spec(self) -> dict:
        return {**asdict(self), "paths": list(self.paths)}

    @classmethod
    def from_spec(cls, spec: dict) -> "Order":
        return cls(spec["edition"], spec["format"], tuple(spec["paths"]), bool(spec["compilation"]))


# ------------------------------------------------------------ content keys

_digests: dict[tuple, str] = {}
_digests_lock = threading.Lock()


def _file_digest(path: Path) -> str:
    """A file's SHA-256, remembered while its size and mtime stay the same."""
    stat = path.stat()
    stamp = (str(path), stat.st_size, stat.st_mtime_ns)
    with _digests_lock:
        if stamp in _digests:
            return _digests[stamp]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with _digests_lock:
        _digests[stamp] = digest
    return digest


def _tree(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


@lru_cache(maxsize=1)
def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    from publish import __version__

    found = {"publish": __version__}
    for name in ("weasyprint", "opencc", "pikepdf"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


def _digest(paths, start: str = "") -> str:
    digest = hashlib.sha256(start.encode())
    for path in paths:
        digest.update(str(path).encode() + b"\0")
        digest.update((_file_digest(path) if path.is_file() else "-").encode() + b"\0")
    return digest.hexdigest()


def workspace_key(workspace: Path) -> str:
    """What every output of the workspace depends on: configuration,
    phrases, layouts, fonts, versions."""
    from publish.paths import builtin_dir

    return _digest([workspace / "publish.toml", *workspace.glob("phrases*.txt"),
                    *_tree(workspace / "layouts"), *_tree(workspace / "fonts"),
                    *_tree(builtin_dir("layouts")), *_tree(builtin_dir("fonts")),
                    *sorted((Path(__file__).resolve().parent.parent / "edition").glob("*.txt"))],
                   json.dumps(_versions(), sort_keys=True))


def content_key(order: Order, workspace: Path, shared: str | None = None) -> str:
    """Everything the order's output depends on, hashed. ``shared`` is
    ``workspace_key``, when the caller keys many orders at once."""
    from publish.build import expand_articles
    from publish.config import load_config

    if order.compilation:
        articles = expand_articles(load_config(workspace).articles, workspace)
    else:
        articles = [workspace / p for p in order.paths]
    return _digest(articles, json.dumps([order.spec(), shared or workspace_key(workspace)], sort_keys=True))


# --------------------------------------------------------------- the pool

class Builds:
    """The jobs of one workspace: lookup by content key, the bounded pool,
    and the results folder."""

    def __init__(self, workspace: Path, store: Store, workers: int, queue_limit: int, timeout: float):
        self.workspace = workspace.resolve()
        self.store = store
        self.workers = workers
        self.queue_limit = queue_limit
        self.timeout = timeout
        self.results = self.workspace / ".publish" / "desk" / "results"
        self._lock = threading.RLock()
        self._active: dict[str, int] = {}   # content key -> job id, queued or running
        self._pool: ProcessPoolExecutor | None = None

    # -- life cycle

    def start(self) -> None:
        """Start the pool and take up the jobs a stopped server left: each
        runs again (with the workspace as it is now), or fails for good
        after ``MAX_ATTEMPTS``."""
        self._pool = self._new_pool()
        for job in self.store.unfinished_jobs():
            if job.attempts >= MAX_ATTEMPTS:
                self.store.job_failed(job.id, "interrupted")
                log.warning("job %d failed: interrupted %d times", job.id, job.attempts)
                continue
            order = Order.from_spec(job.spec)
            try:
                key = content_key(order, self.workspace)
            except Exception as exc:  # an article removed since: the build would fail the same way
                self.store.job_failed(job.id, _message(exc))
                continue
            self.store.job_requeued(job.id, key)
            with self._lock:
                self._active[key] = job.id
            log.info("job %d resumed after a restart", job.id)
            self._submit(job.id, order, key)

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _new_pool(self) -> ProcessPoolExecutor:
        import multiprocessing

        # spawn, not fork: the web process has threads (and an event loop)
        # that a forked child must not inherit.
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_worker_init, max_tasks_per_child=25)

    # -- orders

    def order(self, order: Order) -> tuple[Job, bool]:
        """The job that serves ``order`` and whether it was already built.
        Raises ``QueueFull`` when a new build would not fit in the queue."""
        key = content_key(order, self.workspace)
        with self._lock:
            done = self._done(key)
            if done is not None:
                return done, True
            if key in self._active:
                return self.store.job(self._active[key]), False
            if len(self._active) >= self.queue_limit:
                raise QueueFull(self.retry_after())
            job_id = self.store.add_job(key, order.spec())
            self._active[key] = job_id
        self._submit(job_id, order, key)
        return self.store.job(job_id), False

    def built(self, order: Order) -> Job | None:
        """The finished job for ``order``, or None (nothing started)."""
        return self._done(content_key(order, self.workspace))

    def _done(self, key: str) -> Job | None:
        done = self.store.done_job(key)
        return done if done is not None and (self.results / key / "manifest.json").is_file() else None

    def retry_after(self) -> int:
        """Seconds until a place in the queue is likely: about ten seconds
        a queued build per worker."""
        with self._lock:
            waiting = len(self._active)
        return max(5, min(300, 10 * waiting // max(1, self.workers)))

    def pending(self) -> int:
        with self._lock:
            return len(self._active)

    def file(self, job: Job, kind: str) -> tuple[Path, dict] | None:
        """The file of a finished job by its kind (``booklet``, ``review``,
        ``page-1`` …): looked up in the job's own list, never built from
        the request."""
        for output in job.outputs:
            if output["kind"] == kind:
                path = self.results / job.key / output["name"]
                return (path, output) if path.is_file() else None
        return None

    def _submit(self, job_id: int, order: Order, key: str) -> None:
        try:
            future = self._pool.submit(run_order, str(self.workspace), str(self.store.path), job_id,
                                       order.spec(), key, self.timeout)
        except (BrokenProcessPool, RuntimeError):
            self._pool = self._new_pool()
            future = self._pool.submit(run_order, str(self.workspace), str(self.store.path), job_id,
                                       order.spec(), key, self.timeout)
        future.add_done_callback(lambda f: self._finished(f, job_id, key))

    def _finished(self, future: Future, job_id: int, key: str) -> None:
        try:
            if future.cancelled():
                return  # the server is stopping: the job stays queued and is resumed at start-up
            error = future.exception()
            if error is None:
                self.store.job_done(job_id, future.result())
                log.info("job %d done", job_id)
            else:
                self.store.job_failed(job_id, _message(error))
                log.warning("job %d failed: %s", job_id, _message(error))
        finally:
            with self._lock:
                if self._active.get(key) == job_id:
                    del self._active[key]


def _message(error: BaseException) -> str:
    from publish.errors import PublishError

    if isinstance(error, PublishError):
        return "\n".join([str(error), *error.details[:20]])
    if isinstance(error, BrokenProcessPool):
        return "the build process stopped unexpectedly"
    return f"internal error: {type(error).__name__}: {error}"


# ------------------------------------------------------ in the worker process

def _worker_init() -> None:
    import signal

    # Ctrl-C stops the server, which stops the pool: no traceback from each
    # worker. Builds yield the CPU to the web process's pages and downloads.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        os.nice(5)
    except OSError:
        pass
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def build_options(order: Order, workspace: Path, out_dir: Path, timeout: float):
    """(article paths, BuildOptions) for an order, with the workspace's
    publish.toml settings as ``publish build`` would use them."""
    from publish.build import BuildOptions, compilation_of, expand_articles
    from publish.config import load_config
    from publish.impose import ImposeOptions

    config = load_config(workspace)
    edition, fmt = EDITIONS[order.edition], FORMATS[order.format]
    booklet = config.booklet
    paths = expand_articles(config.articles, workspace) if order.compilation else [workspace / p for p in order.paths]
    options = BuildOptions(
        workspace=workspace, out_dir=out_dir, formats=(fmt.format,), editions=(edition.edition,),
        layout=fmt.layout or (config.layout if fmt.format == "a4" else None),
        imposition=ImposeOptions(bind=booklet.get("bind", "left").lower(),
                                 sheets_per_signature=booklet.get("sheets_per_signature"),
                                 creep_mm=float(booklet.get("creep_mm", 0.0)), marks=booklet.get("marks", False)),
        allow_simplified=config.allow_simplified, timeout=timeout,
        taiwan_vocabulary=edition.taiwan_vocabulary or (edition.edition == "zh-Hant-TW" and config.taiwan_vocabulary),
        phrases=tuple(config.phrases.items()),
        compilation=compilation_of(config, workspace) if order.compilation else None,
        article_start=config.article_start, hk_forms=config.hk_forms,
    )
    return paths, options


def run_order(workspace: str, database: str, job_id: int, spec: dict, key: str, timeout: float) -> list[dict]:
    """Build one order into ``results/<key>/`` (in a worker process) and
    return its files: ``[{"kind", "name", "pages", "sheets"}]``."""
    from publish.build import build

    root = Path(workspace)
    final = root / ".publish" / "desk" / "results" / key
    if (final / "manifest.json").is_file():  # built by an earlier server run
        return json.loads((final / "manifest.json").read_text("utf-8"))
    store = Store(Path(database))
    try:
        store.job_started(job_id)
        tmp = final.parent / f".{key}.{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        paths, options = build_options(Order.from_spec(spec), root, tmp, timeout)
        store.job_step(job_id, "typesetting")
        outputs = build(paths, options, _Steps(store, job_id))
        store.job_step(job_id, "previews")
        files = [{"kind": o.kind, "name": o.path.name, "pages": o.pages, "sheets": o.sheets} for o in outputs]
        reading = next((o.path for o in outputs if o.kind in ("a4", "a5", "phone")), None)
        if reading is not None:
            files += render_previews(reading, tmp)
        (tmp / "manifest.json").write_text(json.dumps(files, ensure_ascii=False), "utf-8")
        try:
            os.replace(tmp, final)
        except OSError:  # another server's build of the same key got there first
            shutil.rmtree(tmp, ignore_errors=True)
        return files
    finally:
        store.close()


def _Steps(store, job_id: int):
    """The build's report: each file written is a step of the job."""
    from publish.progress import Report

    class Steps(Report):
        def written(self, output) -> None:
            store.job_step(job_id, f"wrote {output.kind}")

    return Steps()


def render_previews(pdf_path: Path, folder: Path) -> list[dict]:
    """PNG pictures of the first pages (the cover thumbnail, the preview of
    an upload), rendered with PDFium."""
    import pypdfium2 as pdfium

    files = []
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        for index in range(min(PREVIEW_PAGES, len(document))):
            page = document[index]
            image = page.render(scale=PREVIEW_WIDTH_PX / page.get_width()).to_pil()
            name = f"page-{index + 1}.png"
            image.save(folder / name, optimize=True)
            files.append({"kind": f"page-{index + 1}", "name": name, "pages": 1, "sheets": 0})
            page.close()
    finally:
        document.close()
    return files
