"""The command line: parse, call the library, print a summary.

Errors from the library (``PublishError``) become one line on stderr and
exit code 1; usage errors are Typer's, exit code 2. Tracebacks only with
``--debug``. Heavy modules are imported inside the commands so that
``publish --help`` stays instant. One module a concern: ``build``,
``text`` (check, convert), ``imports`` (import), ``workspace`` (new, layouts, doctor).
"""

from __future__ import annotations

import sys

import typer

from publish.cli import build, imports, text, workspace  # noqa: F401  (they register their commands)
from publish.cli.app import app, state
from publish.i18n import _


def main() -> None:
    from publish.errors import PublishError

    try:
        app()
    except PublishError as exc:
        if state["debug"]:
            raise
        typer.echo(_("Error: {message}").format(message=exc), err=True)
        for line in exc.details:
            typer.echo(f"  {line}", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug, not bad input: still no traceback by default
        if state["debug"]:
            raise
        typer.echo(_("Error: internal error: {kind}: {message} (run with --debug for details)").format(
            kind=type(exc).__name__, message=exc), err=True)
        sys.exit(1)


__all__ = ["app", "main"]
