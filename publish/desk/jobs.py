"""Builds for the desk: the one seam between the web application and the
library's build API.

An ``Order`` says what to make (articles or the compilation, an edition,
a format). It is mapped to build options as ``publish build`` maps its
command line (``build.build_options``), and its key is the library's own:
the keys ``build.plan`` gives the jobs that make it. "Built" means the
workspace's cache (``.publish/cache/``, ``cache.py``) holds every one of
those jobs: such an order is served at once from the cache's own files,
with no worker. The desk keeps no results of its own: what ``publish
build`` or ``publish watch`` made is served at once, and what the desk made
the command line takes from the cache.

``Builds.order`` gives the job that serves an order: a built one (served
at once), a build of the same key already under way (two identical
requests build once), or a new job. Builds run in a bounded pool of
long-lived worker processes, never in the web process; each calls
``build(..., cache=<the workspace's>, preview=True)``, so the pictures are
the library's own (``preview.py``), cached like the PDFs. A full queue
raises ``QueueFull`` instead of waiting.

A process pool cannot lose one worker without failing every job it holds:
when a worker dies, the jobs it took with it run again (each job at most
``MAX_ATTEMPTS`` times in all). A watchdog stops a job that runs longer
than ``job_limit`` seconds, whatever it is stuck in (the typesetter's own
timeout covers typesetting alone).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from publish.desk.catalogue import EDITIONS, FORMATS
from publish.desk.store import Job, Store
from publish.progress import Report
from publish.i18n import _

log = logging.getLogger(__name__)

# A job runs at most this many times in all (a server stopped during it, a
# worker that died), then fails: a build that kills its worker must not loop.
MAX_ATTEMPTS = 2
# The watchdog's limit for a job: a typesetting timeout for its typesetting,
# as much again and a minute for the reading, converting, imposing and
# pictures around it.
JOB_LIMIT_FACTOR, JOB_LIMIT_MARGIN = 2, 60.0
WATCH_EVERY = 0.5  # seconds
# Where a worker's build writes its files, removed once built: the cache
# keeps them.
SCRATCH = Path(".publish") / "desk" / "work"
# The results folder of desks before the shared cache; removed at start.
OLD_RESULTS = Path(".publish") / "desk" / "results"


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


# ---------------------------------------------------------- orders -> jobs

def order_options(order: Order, workspace: Path, config, out_dir: Path, timeout: float):
    """(article paths, BuildOptions) of an order: publish.toml's settings
    with the order's choices on top, as ``publish build`` would take them."""
    from publish.build import FORMAT_LAYOUTS, build_options, expand_articles
    from publish.layouts import layout_formats

    edition, fmt = EDITIONS[order.edition], FORMATS[order.format]
    layout = fmt.layout
    if layout is None and config.layout and fmt.format not in layout_formats(config.layout, workspace):
        layout = FORMAT_LAYOUTS[fmt.format]  # publish.toml's layout does not make this format: its own does
    paths = expand_articles(config.articles, workspace) if order.compilation else [workspace / p for p in order.paths]
    return paths, build_options(workspace, out_dir, config, formats=(fmt.format,), editions=(edition.edition,),
                                layout=layout, taiwan_vocabulary=edition.taiwan_vocabulary,
                                compiled=order.compilation, timeout=timeout)


def order_keys(orders: Sequence[Order], workspace: Path, timeout: float) -> dict[Order, str]:
    """Each order's key: the keys of the library's jobs that make it, as
    ``plan`` names them, space-separated. Orders whose options differ in
    edition and format alone are planned together (the catalogue asks about
    every edition and format of every publication at once)."""
    from publish.build import find_articles, plan
    from publish.config import load_config

    config = load_config(workspace)
    groups: dict = {}
    for order in orders:
        paths, options = order_options(order, workspace, config, workspace / SCRATCH, timeout)
        groups.setdefault(replace(options, editions=(), formats=()), {})[order] = \
            tuple(find_articles(paths, workspace)), options
    keys = {}
    for common, members in groups.items():
        def every(field: str) -> tuple:
            return tuple(dict.fromkeys(value for _, options in members.values() for value in getattr(options, field)))

        jobs = plan(list(dict.fromkeys(path for paths, _ in members.values() for path in paths)),
                    replace(common, editions=every("editions"), formats=every("formats")))
        for order, (paths, options) in members.items():
            keys[order] = " ".join(job.key for job in jobs if job.sources == paths and job.edition in options.editions
                                   and job.format in (*options.formats, "review"))
    return keys


def pictured(outputs: Sequence[dict]) -> bool:
    """Every PDF of a build has its pictures."""
    from publish.build import PREVIEWED

    kinds = {output["kind"] for output in outputs}
    return all(f"{kind}.preview" in kinds for kind in kinds & set(PREVIEWED))


# --------------------------------------------------------------- the pool

class Builds:
    """The builds of one workspace: orders by key, the workspace's cache,
    the bounded pool of workers and its watchdog."""

    def __init__(self, workspace: Path, store: Store, workers: int, queue_limit: int, timeout: float,
                 job_limit: float | None = None):
        from publish.cache import Cache

        self.workspace = workspace.resolve()
        self.store = store
        self.workers = workers
        self.queue_limit = queue_limit
        self.timeout = timeout
        self.job_limit = job_limit or JOB_LIMIT_FACTOR * timeout + JOB_LIMIT_MARGIN
        self.cache = Cache.of_workspace(self.workspace)
        self._lock = threading.RLock()
        self._active: dict[str, int] = {}   # key -> job id, queued or running
        self._overdue: set[int] = set()     # jobs the watchdog stopped
        self._pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.RLock()
        self._stopping = threading.Event()
        self._watchdog: threading.Thread | None = None

    # -- life cycle

    def start(self) -> None:
        """Start the pool and the watchdog, and take up the jobs a stopped
        server left: each is served from the cache if it is there now, runs
        again (with the workspace as it is now), or fails for good after
        ``MAX_ATTEMPTS``."""
        self._stopping.clear()
        self._pool = self._new_pool()
        if (self.workspace / OLD_RESULTS).is_dir():
            shutil.rmtree(self.workspace / OLD_RESULTS, ignore_errors=True)
            log.info(_("removed %s: the desk's files are kept in the build cache (.publish/cache) now"), OLD_RESULTS)
        for job in self.store.unfinished_jobs():
            if job.attempts >= MAX_ATTEMPTS:
                self.store.job_failed(job.id, "interrupted")
                log.warning(_("job %d failed: interrupted %d times"), job.id, job.attempts)
                continue
            order = Order.from_spec(job.spec)
            try:
                key = self.keys([order])[order]
            except Exception as exc:  # an article removed since: the build would fail the same way
                self.store.job_failed(job.id, _message(exc))
                continue
            outputs = self.outputs(key)
            if outputs is not None and pictured(outputs):
                self.store.job_done(job.id, outputs, key)
                log.info(_("job %d found in the build cache after a restart"), job.id)
                continue
            self.store.job_requeued(job.id, key)
            with self._lock:
                self._active[key] = job.id
            log.info(_("job %d resumed after a restart"), job.id)
            self._submit(job.id, order, key)
        self._watchdog = threading.Thread(target=self._watch, name="desk-watchdog", daemon=True)
        self._watchdog.start()

    def shutdown(self) -> None:
        """Stop the workers; their jobs stay on record and are taken up at
        the next start, the attempt they were in not counted (a server
        stopped twice in one build failed it as \"interrupted\")."""
        self._stopping.set()
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            _kill(pool)
            pool.shutdown(wait=False, cancel_futures=True)
        self.store.jobs_given_back()
        if self._watchdog is not None:
            self._watchdog.join(timeout=5)

    def _new_pool(self) -> ProcessPoolExecutor:
        import multiprocessing

        # spawn, not fork: the web process has threads (and an event loop)
        # that a forked child must not inherit.
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_worker_init, max_tasks_per_child=25)

    # -- keys and the cache

    def keys(self, orders: Sequence[Order]) -> dict[Order, str]:
        return order_keys(orders, self.workspace, self.timeout)

    def outputs(self, key: str, pictures: bool = True, use: bool = True) -> list[dict] | None:
        """The files the cache holds for a key: every job's (``kind``,
        ``name``, ``pages``, ``sheets``, ``sha256``), then the pictures of
        each PDF (kinds ``a4.preview``, ``a4.contact-sheet`` …) it has made;
        None unless it holds every job."""
        from publish.build import PREVIEWED, pictures_key

        files: list[dict] = []
        for job_key in key.split():
            made = self.cache.files(job_key, use)
            if made is None:
                return None
            files += made
        if pictures:
            for pdf in [f for f in files if f["kind"] in PREVIEWED]:
                files += [{**picture, "kind": f"{pdf['kind']}.{picture['kind']}"}
                          for picture in self.cache.files(pictures_key(pdf["sha256"]), use) or ()]
        return files if key else None

    def holds(self, key: str) -> bool:
        """The cache holds every job of the key (its pictures or not)."""
        return self.outputs(key, pictures=False, use=False) is not None

    def file(self, job: Job, kind: str) -> tuple[Path, dict] | None:
        """The file of a job by its kind (``booklet``, ``review``,
        ``a5.preview`` …): looked up in what the cache holds for the job's
        key, never built from the request. None when there is no such file
        or the cache no longer holds it (``rebuild``)."""
        for output in self.outputs(job.key, pictures="." in kind) or ():
            if output["kind"] == kind:
                return self.cache.blob(output["sha256"]), output
        return None

    # -- orders

    def order(self, order: Order, key: str | None = None) -> tuple[Job, bool]:
        """The job that serves ``order`` and whether it was built already.
        Raises ``QueueFull`` when a new build would not fit in the queue."""
        key = key or self.keys([order])[order]
        with self._lock:
            built = self.built(order, key)
            if built is not None:
                return built, True
            if key in self._active:
                return self.store.job(self._active[key]), False
            if len(self._active) >= self.queue_limit:
                raise QueueFull(self.retry_after())
            job_id = self.store.add_job(key, order.spec())
            self._active[key] = job_id
        self._submit(job_id, order, key)
        return self.store.job(job_id), False

    def built(self, order: Order, key: str | None = None) -> Job | None:
        """The finished job for ``order`` if the cache holds it, or None.
        What was built elsewhere (``publish build``) is put on record here;
        if it was built without pictures, they are made now, while its
        files are served already."""
        key = key or self.keys([order])[order]
        outputs = self.outputs(key)
        if outputs is None:
            return None
        with self._lock:
            job = self.store.done_job(key)
            if job is None:
                job = self.store.job(self.store.add_job(key, order.spec()))
                self.store.job_done(job.id, outputs)
                log.info(_("job %d: found in the build cache"), job.id)
            if not pictured(outputs) and key not in self._active and len(self._active) < self.queue_limit:
                pictures = self.store.add_job(key, order.spec())
                self._active[key] = pictures
                self._submit(pictures, order, key)
        return job

    def rebuild(self, job: Job) -> None:
        """Build a finished job again: its files are gone from the cache
        (evicted, or emptied by ``publish clean``). ``QueueFull`` when the
        queue has no room."""
        order = Order.from_spec(job.spec)
        key = self.keys([order])[order]
        with self._lock:
            if job.id in self._active.values():
                return
            if len(self._active) >= self.queue_limit:
                raise QueueFull(self.retry_after())
            self.store.job_requeued(job.id, key)
            self._active[key] = job.id
        log.info(_("job %d: its files left the build cache; building it again"), job.id)
        self._submit(job.id, order, key)

    def retry_after(self) -> int:
        """Seconds until a place in the queue is likely: about ten seconds
        a queued build per worker."""
        with self._lock:
            waiting = len(self._active)
        return max(5, min(300, 10 * waiting // max(1, self.workers)))

    def pending(self) -> int:
        with self._lock:
            return len(self._active)

    # -- the workers

    def _submit(self, job_id: int, order: Order, key: str) -> None:
        args = (run_order, str(self.workspace), str(self.store.path), job_id, order.spec(), self.timeout)
        with self._pool_lock:
            if self._stopping.is_set() or self._pool is None:
                return  # the job stays queued: the next start takes it up
            try:
                future = self._pool.submit(*args)
            except (BrokenProcessPool, RuntimeError):  # a worker died: the pool is spent
                broken, self._pool = self._pool, self._new_pool()
                broken.shutdown(wait=False)
                future = self._pool.submit(*args)
        future.add_done_callback(lambda f: self._finished(f, job_id, key))

    def _finished(self, future: Future, job_id: int, key: str) -> None:
        """A job's end, in the pool's thread: done (its files in the cache),
        failed, or run again when its worker died under it."""
        from publish.i18n import _

        if self._stopping.is_set() or future.cancelled():
            with self._lock:
                self._active.pop(key, None)
            return  # the server is stopping: the job stays on record and is taken up at start-up
        error = future.exception()
        job = self.store.job(job_id)
        again = False
        if job_id in self._overdue:
            self._overdue.discard(job_id)
            self.store.job_failed(job_id, _("the build took longer than {limit:g} s and was stopped").format(
                limit=self.job_limit))
            log.warning(_("job %d stopped: it ran longer than %g s"), job_id, self.job_limit)
        elif error is None:
            built = future.result()  # the key as the worker found the workspace
            outputs = self.outputs(built)
            if outputs is not None:
                self.store.job_done(job_id, outputs, built)
                log.info(_("job %d done"), job_id)
            elif job.attempts < MAX_ATTEMPTS:
                again = True  # an article saved during the build: its files were not kept under the old key
            else:
                self.store.job_failed(job_id, _("the build cache (.publish/cache) did not keep the files: an article "
                                                "changed during the build, or the cache cannot be written"))
        elif isinstance(error, BrokenProcessPool) and job.attempts < MAX_ATTEMPTS:
            again = True
            log.warning(_("job %d: a build worker stopped unexpectedly; the job runs again"), job_id)
        else:
            self.store.job_failed(job_id, _message(error))
            log.warning(_("job %d failed: %s"), job_id, _message(error))
        with self._lock:
            if not again and self._active.get(key) == job_id:
                del self._active[key]
        if again:
            self.store.job_requeued(job_id, key)
            self._submit(job_id, Order.from_spec(job.spec), key)

    def _watch(self) -> None:
        """Stop the workers when a job has run longer than ``job_limit``."""
        while not self._stopping.wait(WATCH_EVERY):
            with self._lock:
                ids = [job_id for job_id in self._active.values() if job_id not in self._overdue]
            now = datetime.now(timezone.utc)
            late = [job.id for job in map(self.store.job, ids) if job is not None and job.state == "running"
                    and job.started and (now - datetime.fromisoformat(job.started)).total_seconds() > self.job_limit]
            if late:
                self._overdue.update(late)
                with self._pool_lock:
                    pool = self._pool
                if pool is not None:
                    _kill(pool)  # the late job fails; the others it takes with it run again (_finished)


def _kill(pool: ProcessPoolExecutor) -> None:
    # ProcessPoolExecutor cannot stop one running job (Python 3.14 adds
    # terminate_workers); its processes can be. The pool sees a worker gone
    # and fails every job it holds with BrokenProcessPool.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()


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
    _die_with(os.getppid())
    try:
        os.nice(5)
    except OSError:
        pass
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # Imported once a worker, before its first job: a job's time is its build.
    import publish.build  # noqa: F401
    import publish.render  # noqa: F401
    import publish.typeset  # noqa: F401


def _die_with(server: int) -> None:
    """A server killed outright (kill -9, the OOM killer) cannot stop its
    workers: they went on with its builds for nobody, 400 MB each, while
    the server started again built them anew. A worker looks for its
    server every second and stops when it is gone (its parent is then
    another process)."""
    import time

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="server-watch", daemon=True).start()


class Steps(Report):
    """The build's report, as the job's step: each file written."""

    def __init__(self, store: Store, job_id: int):
        self.store = store
        self.job_id = job_id

    def written(self, output) -> None:
        self.store.job_step(self.job_id, f"wrote {output.kind}")


def run_order(workspace: str, database: str, job_id: int, spec: dict, timeout: float) -> str:
    """Build one order into the workspace's cache, pictures included (in a
    worker process), as ``publish build --preview`` would; its files are
    written to a scratch folder and dropped (the cache keeps them). Returns
    the order's key as built: the workspace as it is now."""
    from publish.build import build
    from publish.cache import Cache
    from publish.config import load_config

    root = Path(workspace)
    store = Store(Path(database))
    scratch = root / SCRATCH / str(os.getpid())
    try:
        store.job_started(job_id)
        order = Order.from_spec(spec)
        key = order_keys([order], root, timeout)[order]
        paths, options = order_options(order, root, load_config(root), scratch, timeout)
        store.job_step(job_id, "typesetting")
        build(paths, options, Steps(store, job_id), cache=Cache.of_workspace(root), preview=True)
        return key
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        store.close()
