"""The command line: parse, call the library, print a summary.

Errors from the library (``PublishError``) become one line on stderr and
exit code 1; usage errors (Typer's, and ``OptionError``: a value or a
combination of options that cannot be honoured) exit with 2; Ctrl-C with
130, saying what was written. Tracebacks only with ``--debug``. Heavy
modules are imported inside the commands so that ``publish --help`` stays
instant. One module a concern: ``build``, ``text`` (check, convert),
``imports`` (import), ``watch``, ``workspace`` (new, layouts, doctor), ``desk`` (serve,
desk accounts).
"""

from __future__ import annotations

import signal
import sys

from publish.cli import localize

localize.before_typer()  # Typer reads some of its words when it is imported

import typer  # noqa: E402

from publish.cli.app import app, state  # noqa: E402
from publish.i18n import _, ngettext  # noqa: E402

localize.after_typer()

# The module that registers each command. Typer reads the signature of
# every command it knows at every start (a twentieth of a second for all
# of them): a command runs with its own module alone.
COMMANDS = {"build": "build", "clean": "build", "serve": "desk", "desk": "desk", "import": "imports",
            "convert": "text", "check": "text", "watch": "watch", "doctor": "workspace", "new": "workspace",
            "layouts": "workspace"}


def register(args: list[str] | None = None) -> None:
    """Register the command ``args`` names, or every command (for help, or
    a command mistyped: Typer lists them all)."""
    import importlib

    words = [arg for arg in args or () if not arg.startswith("-")]
    wanted = [COMMANDS[words[0]]] if words and words[0] in COMMANDS else dict.fromkeys(COMMANDS.values())
    for name in wanted:
        importlib.import_module(f"publish.cli.{name}")


class Interrupted(BaseException):
    """Ctrl-C. Raised from our own handler: Typer would turn a
    KeyboardInterrupt into a silent exit 130."""


def _interrupt(signum, frame):
    raise Interrupted()


def main() -> None:
    from publish.errors import OptionError, PublishError
    from publish.speed import deep_stack

    for stream in (sys.stdout, sys.stderr):
        # A message holding a character the console cannot show (𠮷 on a
        # GBK console) prints with "?" rather than crash.
        if hasattr(stream, "reconfigure") and getattr(stream, "errors", "strict") == "strict":
            stream.reconfigure(errors="replace")
    signal.signal(signal.SIGINT, _interrupt)
    # --debug anywhere on the line, as every error's hint says to add it
    # (publish build a.md --debug was refused: an option of publish's own)
    if "--debug" in sys.argv[2:] and "--" not in sys.argv[1:sys.argv.index("--debug", 2)]:
        sys.argv.remove("--debug")
        sys.argv.insert(1, "--debug")
    register(sys.argv[1:])
    from typer._click.exceptions import Abort, UsageError

    try:
        # Not standalone: usage errors come back here, to be printed in the
        # user's language (Typer would print Click's English in a box).
        # (In a deep frame: the build, and the workers forked from it, do
        # not map and unmap Python's frame stack a chunk at a time.)
        code = deep_stack(app, standalone_mode=False, prog_name="publish")
    except UsageError as exc:
        if exc.__class__.__name__ != "NoArgsIsHelpError":
            localize.usage_error(exc)
        sys.exit(exc.exit_code)
    except Abort:
        typer.echo(_("Aborted."), err=True)
        sys.exit(1)
    except PublishError as exc:
        if state["debug"]:
            raise
        typer.echo(_("Error: {message}").format(message=exc), err=True)
        for line in exc.details:
            typer.echo(f"  {line}", err=True)
        sys.exit(2 if isinstance(exc, OptionError) else 1)
    except Interrupted:
        written = len(state["written"])
        typer.echo("", err=True)
        if written:
            typer.echo(ngettext("Interrupted: {n} file had been written, each one complete; nothing is half-written.",
                                "Interrupted: {n} files had been written, each one complete; nothing is "
                                "half-written.", written).format(n=written), err=True)
        else:
            typer.echo(_("Interrupted: nothing was changed."), err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: still no traceback by default
        if state["debug"]:
            raise
        typer.echo(_("Error: internal error: {kind}: {message} (run with --debug for details)").format(
            kind=type(exc).__name__, message=exc), err=True)
        sys.exit(1)
    _ending()
    sys.exit(code if isinstance(code, int) else 0)


def run() -> None:
    """The ``publish`` command: ``main``, and then the process ends at once.
    Python's own end frees every object one by one and empties every
    module (some 30 ms once WeasyPrint is loaded, with the workers' ends
    waited for); the system frees a process's memory whole. What must be
    done at the end is done first: the functions registered to run at exit
    (logging's, the pool's), then the streams flushed. Not while another
    thread runs: Python's end waits for it."""
    import atexit
    import os
    import threading

    try:
        main()
        code = 0
    except SystemExit as exc:
        if not isinstance(exc.code, int | None):  # (a message to print: Python's own end prints it)
            raise
        code = exc.code or 0
    if threading.active_count() > 1:  # (Python's end waits for them)
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # (a closed pipe: nothing more reaches it)
            code = code or 1
    os._exit(code)


def _ending() -> None:
    """The process ends: Python's last collections would walk every object
    it holds to free nothing (a quarter of a second once WeasyPrint's
    libraries are loaded)."""
    import gc

    gc.freeze()


__all__ = ["app", "main", "register", "run"]
