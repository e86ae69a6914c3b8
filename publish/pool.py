"""Pool: jobs run in worker processes, each key once.

A build forks its workers after it has read and converted what the jobs
need (``build.prepare``), so they start with the articles, conversions,
fonts and layouts in memory and only typeset; it checks what it read
meanwhile (``run``'s ``meanwhile``), before it takes their first result.
One worker, or one job, runs in the calling process: no fork, as before
there was a pool.
A job whose key is already running is not started twice: the second caller
gets the first one's future (two identical requests at the desk build once).
Kin jobs (an edition's A4 and booklet) in as many groups as there are
workers go a group to a process forked for it, without the executor
(``Pool._run_apart``).

Workers ignore Ctrl-C: the building process stops them (``close``) and
writes nothing of what they were doing. Their progress events (pages laid
out) travel to the building process through a queue and reach the
``Report``'s ``event`` there, from one thread.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, as_completed
from contextlib import contextmanager

from publish.progress import listen_to_pages, stop_listening
from publish.speed import deep_stack


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# In a worker: where events go (the queue to the building process).
_send: Callable | None = None


def _start_worker(queue) -> None:
    global _send, _said
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _send = lambda *event: queue.put(event)  # noqa: E731
    _said = _kept_back()


# In a worker: the records logged during the job it runs (``_in_worker``).
_said: list | None = None


def _in_worker(job_title: str, step, fn, args):
    """``_timed`` in a worker: (result, seconds, what the job logged). What
    a job logs (a refused file, WeasyPrint's word on a stylesheet) goes back
    with its result and is logged by the building process: printed there,
    once, and heard (``build._heard``), so that it is said again when the
    file comes from the cache, as after a build in one process."""
    _said.clear()
    try:
        value, seconds = _timed(job_title, step, fn, args)
    except BaseException as exc:
        try:
            exc.publish_said = [_picklable(record) for record in _said]
        except (AttributeError, TypeError):  # (an exception that takes no attribute)
            pass
        raise
    return value, seconds, [_picklable(record) for record in _said]


def _log_said(records) -> None:
    for record in records or ():
        logging.getLogger(record.name).handle(record)


def _timed(job_title: str, step, fn, args, send=None):
    """Run one job, its pages reported as events; (result, seconds)."""
    send = send or _send
    handler = listen_to_pages(send)
    handler.job = job_title
    started = time.perf_counter()
    send(job_title, "start", step)
    try:
        return deep_stack(fn, *args), time.perf_counter() - started
    finally:
        stop_listening(handler)


class Forked:
    """``fn(*args)`` in a process forked for it at once; ``result()`` waits
    for it and returns its value or raises its exception (both pickled back
    through a pipe). For one call made while this process goes on with
    something else: no pool, no thread, and not the 20 ms of importing
    multiprocessing first. ``stop()`` ends it unfinished. ``what`` names the
    work in the error raised if the process dies without a result. What the
    call logs (an article's warnings) is logged here, with its result: this
    process prints it, and hears it (``build._heard``: said again when a
    cached file is kept)."""

    def __init__(self, what: str, fn: Callable, *args):
        _reap()
        self.what = what
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(read)
            self._run(write, fn, args)
        os.close(write)
        self._pipe = os.fdopen(read, "rb")

    def _run(self, write: int, fn: Callable, args: tuple) -> None:
        """In the child: the call, its outcome written to ``write``."""
        _child(write, fn, args)

    @classmethod
    def sent(cls, what: str, pid: int, read: int) -> "Forked":
        """A process forked earlier that was sent its call since
        (``early.Waiting``), its result to come through ``read``."""
        forked = cls.__new__(cls)
        forked.what, forked.pid, forked._pipe = what, pid, os.fdopen(read, "rb")
        return forked

    def result(self):
        import pickle

        with self._pipe:
            data = self._pipe.read()
        # It has sent all it had to; not waited for while it ends (a
        # process with a converter loaded takes 5 ms to give back its
        # memory).
        ended(self.pid)
        self.pid = None
        if not data:
            from publish.errors import PublishError
            from publish.i18n import _

            raise PublishError(_("{what} stopped: its process ended without a result (out of memory?)").format(
                what=self.what))
        done, value, said = pickle.loads(data)
        _log_said(said)
        if done:
            return value
        raise value

    def stop(self) -> None:
        """End it if it is still running (nothing if ``result`` came)."""
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None
        self._pipe.close()


class Streamed(Forked):
    """``fn(*args, send=…, said=…)`` in a process forked for it, which sends
    what it has as it goes (``send(*frame)``: each frame pickled, its length
    before it) rather than one result at its end: ``Pool`` runs a group of
    jobs so, each job's events and result coming back as they happen
    (``said``: what was logged since the list was last emptied)."""

    def _run(self, write: int, fn: Callable, args: tuple) -> None:
        _streaming_child(write, fn, args)

    def frames(self) -> Iterator[tuple]:
        """Every frame it sends, then ``("end",)`` (an error raised there is
        an ``("error", exception, said)`` frame)."""
        import pickle

        # Read unbuffered, a frame at a time, so that a frame that has come
        # is never kept in a buffer while ``select`` waits for the next.
        fd = self._pipe.fileno()

        def read(size: int) -> bytes:
            data = bytearray()
            while len(data) < size:
                chunk = os.read(fd, size - len(data))
                if not chunk:
                    break
                data += chunk
            return bytes(data)

        with self._pipe:
            while len(head := read(8)) == 8:
                yield pickle.loads(read(int.from_bytes(head, "little")))
        ended(self.pid)
        self.pid = None


def _streaming_child(write: int, fn: Callable, args: tuple) -> None:
    import pickle

    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops it
        said = _kept_back()
        with os.fdopen(write, "wb") as pipe:
            def send(*frame) -> None:
                data = pickle.dumps(frame)
                pipe.write(len(data).to_bytes(8, "little") + data)
                pipe.flush()

            try:
                fn(*args, send=send, said=said)
            except BaseException as exc:  # (raised again in the parent)
                records = [_picklable(record) for record in said]
                try:
                    send("error", exc, records)
                except Exception:  # an exception that does not pickle
                    send("error", RuntimeError(repr(exc)), records)
            else:
                send("end")
        code = 0
    finally:
        os._exit(code)


def _run_calls(calls: list, send: Callable, said: list) -> None:
    """In a process of ``Pool``'s: each call ``(title, step, fn, args)`` in
    turn, its events sent as they come and its result as it ends, with
    what it logged."""
    for index, (title, step, fn, args) in enumerate(calls):
        said.clear()
        value, seconds = _timed(title, step, fn, args, lambda *event: send("event", *event))
        send("result", index, value, seconds, [_picklable(record) for record in said])


# Forked processes that sent their result, or were killed, and may still be
# ending: each is reaped by the next Forked (a long-lived process, the desk,
# leaves no more than a few unreaped; a command's end leaves them to the
# system).
_ending: list[int] = []


def ended(pid: int) -> None:
    """The child ``pid`` ends (it has been killed, or has sent its result):
    reaped later, not waited for."""
    _ending.append(pid)


def _reap() -> None:
    for pid in list(_ending):
        try:
            gone = os.waitpid(pid, os.WNOHANG)[0]
        except ChildProcessError:  # (reaped already)
            gone = pid
        if gone:
            _ending.remove(pid)


def _child(write: int, fn: Callable, args: tuple) -> None:
    import pickle

    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops it
        said = _kept_back()
        try:
            outcome = (True, fn(*args))
        except BaseException as exc:  # (raised again in the parent)
            outcome = (False, exc)
        said = [_picklable(record) for record in said]
        try:
            data = pickle.dumps((*outcome, said))
        except Exception as exc:  # an exception that does not pickle
            data = pickle.dumps((False, RuntimeError(repr(outcome[1] if not outcome[0] else exc)), said))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        # Not Python's exit: the buffers and handlers are the parent's.
        os._exit(code)


def _kept_back() -> list:
    """The records logged from now on in this (forked) process, kept for
    the parent instead of going to the handlers it inherited."""
    said: list = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(record)

    for name in ("", "publish"):
        logging.getLogger(name).handlers = []
    logging.getLogger().addHandler(Keep())
    return said


def _picklable(record: logging.LogRecord) -> logging.LogRecord:
    import pickle

    if record.exc_info:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    try:
        pickle.dumps(record.args)
    except Exception:
        record.msg, record.args = record.getMessage(), None
    return record


def _said_here(future: Future) -> Future:
    """A future of the worker's (result, seconds), done once what the job
    logged there has been logged here: whoever waits for it finds the
    warnings heard (a failed job's too, before its exception)."""
    outer: Future = Future()

    def done(inner: Future) -> None:
        if inner.cancelled():  # (the pool shut down)
            outer.cancel()
            return
        try:
            value, seconds, said = inner.result()
        except BaseException as exc:
            _log_said(getattr(exc, "publish_said", None))
            outer.set_exception(exc)
            return
        _log_said(said)
        outer.set_result((value, seconds))

    future.add_done_callback(done)
    return outer


class Pool:
    """``submit(key, title, step, fn, *args)`` runs ``fn(*args)`` (picklable,
    module-level) in a worker and returns a future of ``(result, seconds)``.
    ``events(job_title, what, value)`` receives the workers' events, the
    first of each job ``start`` with its ``step`` (("typeset", articles) …)."""

    def __init__(self, workers: int, events: Callable = lambda *event: None):
        self.workers = max(1, workers)
        self.events = events
        self._executor = None  # a ProcessPoolExecutor, once a job needs one
        self._queue = None
        self._drain: threading.Thread | None = None
        self._running: dict[str, Future] = {}
        self._listeners: list[Callable] = []  # see listening
        # Re-entrant: a future that is done already runs its callback
        # (_forget) at once, inside submit, which holds the lock.
        self._lock = threading.RLock()

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close(kill=kind is not None)

    def submit(self, key: str, title: str, step, fn, *args) -> Future:
        with self._lock:
            if key in self._running:
                return self._running[key]
            if self.workers == 1:
                future: Future = Future()
                self._running[key] = future
            else:
                future = _said_here(self._start().submit(_in_worker, title, step, fn, args))
                if not self._drain.is_alive():
                    self._drain.start()  # after the fork: no thread is copied into a worker
                self._running[key] = future
                future.add_done_callback(lambda _, key=key: self._forget(key))
        if self.workers == 1:
            try:
                future.set_result(_timed(title, step, fn, args, self.events))
            except BaseException as exc:
                future.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise
            finally:
                self._forget(key)
        return future

    def run(self, jobs: Sequence, fn, *args, per_job=None, kin=None, meanwhile=lambda: None) -> Iterator[tuple]:
        """``fn(job, *args)`` for every job (``job.key``, ``title``, ``step``),
        and ``per_job(job)`` after them when given; yields ``(job, result,
        seconds)`` as each finishes. The first failure is raised, the other
        jobs are abandoned. ``kin(job)``: jobs that share work (the A4 and
        the booklet of one edition: a worker keeps the typography of its
        text and the font subsets of its glyphs) go to the same worker; the
        jobs are then handed out one at a time, a worker that frees getting
        a kin of the job it did, or one no other worker is doing the kin of.
        ``meanwhile()`` runs here once the workers have started, before the
        first result is taken (in one process: before the first job); what
        it raises stops them."""
        def arguments(job):
            return (job, *args, per_job(job)) if per_job else (job, *args)

        def submit(job) -> Future:
            return self.submit(job.key, job.title, job.step, fn, *arguments(job))

        if self.workers == 1:
            meanwhile()
            for job in jobs:
                yield job, *submit(job).result()
            return
        if kin is not None and self._executor is None:
            groups: dict = {}
            for job in jobs:
                groups.setdefault(kin(job), []).append(job)
            if len(groups) == self.workers:
                yield from self._run_apart(list(groups.values()), fn, arguments, meanwhile)
                return
        if kin is None:
            futures = {submit(job): job for job in jobs}
            meanwhile()
            for future in as_completed(futures):
                yield futures[future], *future.result()
            return
        from concurrent.futures import FIRST_COMPLETED, wait

        waiting, running = list(jobs), {}

        def start(after=None) -> None:
            # With no more jobs running than workers, the worker that
            # finished ``after`` is the one idle: it takes the next.
            elsewhere = {kin(job) for job in running.values()}
            job = next((job for job in waiting if after is not None and kin(job) == kin(after)), None) or \
                next((job for job in waiting if kin(job) not in elsewhere), waiting[0])
            waiting.remove(job)
            running[submit(job)] = job

        while waiting and len(running) < self.workers:
            start()
        meanwhile()
        while running:
            done, _pending = wait(list(running), return_when=FIRST_COMPLETED)
            for future in done:
                job = running.pop(future)
                if waiting:
                    start(after=job)
                yield job, *future.result()

    def _run_apart(self, groups: list, fn, arguments, meanwhile=lambda: None) -> Iterator[tuple]:
        """Each group of kin jobs in a process forked for it, its jobs one
        after the other (as many groups as workers: each keeps one busy).
        No executor to import and start, and no worker waiting between two
        jobs for the next to be handed to it. Yields ``(job, result,
        seconds)`` as each ends; the first failure is raised, the other
        processes stopped."""
        import select

        from publish.errors import PublishError
        from publish.i18n import _

        streams = [Streamed(_("typesetting {title}").format(title=group[0].title), _run_calls,
                            [(job.title, job.step, fn, arguments(job)) for job in group]) for group in groups]
        reading = {stream._pipe.fileno(): (stream, group, stream.frames()) for stream, group in zip(streams, groups)}
        try:
            meanwhile()
            while reading:
                for fd in select.select(list(reading), [], [])[0]:
                    stream, group, frames = reading[fd]
                    # (a frame is read whole: a job's result follows its
                    # last event at once)
                    frame = next(frames, ("gone",))
                    kind = frame[0]
                    if kind == "event":
                        self._dispatch(frame[1:])
                    elif kind == "result":
                        index, value, seconds, said = frame[1:]
                        _log_said(said)
                        yield group[index], value, seconds
                    elif kind == "error":
                        _log_said(frame[2])
                        raise frame[1]
                    elif kind == "end":
                        del reading[fd]
                    else:
                        raise PublishError(_("{what} stopped: its process ended without a result (out of "
                                             "memory?)").format(what=stream.what))
        finally:
            for stream in streams:
                stream.stop()

    def _dispatch(self, event: tuple) -> None:
        if not any(listener(*event) for listener in list(self._listeners)):
            self.events(*event)

    @contextmanager
    def listening(self, listener: Callable):
        """Meanwhile, ``listener(job_title, what, value)`` hears the workers'
        events first (from the thread that forwards them); an event it
        returns True for is its own, and goes no further."""
        self._listeners.append(listener)
        try:
            yield
        finally:
            self._listeners.remove(listener)

    def _forget(self, key: str) -> None:
        with self._lock:
            self._running.pop(key, None)

    def _start(self):
        import multiprocessing  # with the executor, 40 ms: not on a cached rebuild
        from concurrent.futures import ProcessPoolExecutor

        if self._executor is None:
            # fork: the workers inherit what the build prepared (and the
            # modules already imported) instead of starting from nothing.
            context = multiprocessing.get_context("fork")
            self._queue = context.SimpleQueue()
            self._executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker,
                                                 initargs=(self._queue,))
            self._drain = threading.Thread(target=self._forward, daemon=True)
        return self._executor

    def _forward(self) -> None:
        while True:
            try:
                event = self._queue.get()
            except (EOFError, OSError):  # every writer gone (see close)
                return
            if event is None:
                return
            self._dispatch(event)

    def close(self, kill: bool = False) -> None:
        """Wait for the workers to finish (or, with ``kill``, stop them)."""
        if self._executor is None:
            return
        if kill:
            # ProcessPoolExecutor cannot stop a running job (Python 3.14 adds
            # terminate_workers); its processes can be.
            for process in list(getattr(self._executor, "_processes", {}).values()):
                process.kill()
        self._executor.shutdown(wait=True, cancel_futures=kill)
        if self._drain.is_alive():
            if kill:
                # A killed worker may have died holding the queue's write
                # lock, and put() would wait for it forever. Closing this
                # process's end of the pipe ends the reader instead: with
                # the workers gone, no writer is left and it reads EOF.
                self._queue._writer.close()
            else:
                self._queue.put(None)
            self._drain.join(timeout=10)
        self._executor = None
