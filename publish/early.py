"""The conversion's process, forked as ``publish build`` starts.

A traditional edition's conversion is the longest step before the first
page of a build on two cores: the segmenter's dictionary alone takes 0.15 s
to load (``edition/segmenter.py``), and the conversion waits for the
command line to be parsed and the articles planned before it starts. So
``publish build``, when it may use more than one process, forks one at
once, before anything else is imported (``start``). That process looks at
the command line and ``publish.toml`` the way the build will: when they
name a traditional edition it loads the segmenter while the command line is
parsed and the typesetter loaded; then it runs the conversion the build
sends it (``take``, then ``Waiting.send``: ``build._Reading`` sends it what
it would fork a process for). The build ends it if it does not use it
(every file from the cache, no traditional edition after all); it also
ends when the building process ends without a word for it.

Nothing here is imported but the standard library's ``os`` before the fork:
the command line's start is not delayed.
"""

from __future__ import annotations

import os

_waiting: "Waiting | None" = None


def start(args: list[str]) -> None:
    """Fork the conversion's process if ``args`` (the command line, without
    the program's name) is a build that may use more than one process."""
    global _waiting
    if _waiting is None and _parallel_build(args):
        _waiting = Waiting(args)


def take() -> "Waiting | None":
    """The process forked by ``start`` (once: then it is the caller's)."""
    global _waiting
    waiting, _waiting = _waiting, None
    return waiting


def _parallel_build(args: list[str]) -> bool:
    """``args`` is ``build`` with more than one job: ``--jobs``/``-j`` above
    1, or not given on a machine of more than one core."""
    command = next((arg for arg in args if not arg.startswith("-")), None)
    if command != "build" or "--help" in args:
        return False
    if not hasattr(os, "fork"):
        return False
    jobs = _value(args, "--jobs", "-j")
    if jobs is None:  # (pool.default_workers, without importing the pool)
        return (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1) > 1
    return jobs.isdigit() and int(jobs) > 1


def _value(args: list[str], long: str, short: str, every: bool = False):
    """The value of an option (the last one given), or all of them."""
    values = []
    for n, arg in enumerate(args):
        if arg in (long, short) and n + 1 < len(args):
            values.append(args[n + 1])
        elif arg.startswith(long + "="):
            values.append(arg[len(long) + 1:])
        elif arg.startswith(short) and len(arg) > len(short) and not arg.startswith("--"):
            values.append(arg[len(short):])
    return values if every else (values[-1] if values else None)


def _traditional(args: list[str]) -> tuple[str, ...]:
    """The traditional editions the build makes: ``--traditional``'s, those
    ``--edition`` names, or (with neither) ``publish.toml``'s. A guess: the
    build decides (a wrong one costs this process's work, or the conversion
    the usual process)."""
    from publish.choices import edition_code

    named = [edition_code(name) for name in _value(args, "--edition", "-e", every=True)]
    if named and "--traditional" not in args:
        return tuple(code for code in dict.fromkeys(named) if code != "zh-Hans")
    from publish.config import load_config
    from publish.paths import find_workspace

    config = load_config(find_workspace())
    if "--traditional" in args:
        return tuple(code for code in dict.fromkeys([*named, config.default_traditional]) if code != "zh-Hans")
    return tuple(code for code in config.editions if code != "zh-Hans")


class Waiting:
    """A process forked now that prepares a conversion and then runs the one
    call it is sent (``send``), as ``pool.Forked`` runs its call."""

    def __init__(self, args: list[str]):
        order_in, self._order = os.pipe()
        self._result, result_out = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(self._order)
            os.close(self._result)
            _wait(args, order_in, result_out)
        os.close(order_in)
        os.close(result_out)

    def send(self, what: str, fn, *args):
        """``fn(*args)`` run there: a ``pool.Forked`` to wait for its result,
        or None if the process is gone (killed)."""
        import logging
        import pickle

        from publish.pool import Forked

        # The building process's logging levels (--debug), which the
        # process took before the command line set them.
        levels = {name: logging.getLogger(name).getEffectiveLevel() for name in ("", "publish")}
        try:
            with os.fdopen(self._order, "wb") as order:
                order.write(pickle.dumps((fn, args, levels)))
        except BrokenPipeError:
            self.stop()
            return None
        return Forked.sent(what, self.pid, self._result)

    def stop(self) -> None:
        """End it unused."""
        import signal

        from publish.pool import ended

        for fd in (self._order, self._result):
            try:
                os.close(fd)
            except OSError:  # (closed by send)
                pass
        os.kill(self.pid, signal.SIGKILL)
        ended(self.pid)


def _wait(args: list[str], order_in: int, result_out: int) -> None:
    """In the forked process: prepare, wait for the call, run it."""
    import gc
    import signal

    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the building process ends it
        # It says nothing there (what the call logs goes back with its
        # result), and a pipe the command's output goes to (publish build |
        # tee) closes when the command ends, not when this process does.
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        gc.disable()  # (a short life: what it makes goes with it)
        try:
            codes = _traditional(args)
        except Exception:  # (a mistake the build will report)
            codes = ()
        if codes:
            # The segmenter, the longest to load (the converter's tables,
            # loaded here too, made no difference: this process is still
            # loading when the build sends it its call).
            from publish.edition import segmenter

            segmenter.load()
            import publish.build  # noqa: F401 (what the conversion runs)
        # Whatever it guessed, it runs the call it is sent (it may be sent
        # one at any time): a guess only saves the work before it.
        with os.fdopen(order_in, "rb") as pipe:
            data = pipe.read()
        if not data:  # the build ended without a word
            return
        import logging
        import pickle

        from publish.pool import _child

        fn, call_args, levels = pickle.loads(data)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        _child(result_out, fn, call_args)
    except BaseException:
        code = 1
    finally:
        os._exit(code)
