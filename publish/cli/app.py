"""The Typer application and the options every command shares.

Commands live in their own modules (``build``, ``text``, ``workspace`` …),
each registering itself on ``app``; ``publish.cli.main`` is the entry point.
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated, Optional

import typer

from publish import __version__
from publish.i18n import _

app = typer.Typer(
    help=_("Turn Chinese articles into print-ready study handouts, booklets and traditional editions."),
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"publish {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help=_("Print the version and exit."))] = None,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show tracebacks and debug logging."))] = False,
) -> None:
    state["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s: %(message)s", stream=sys.stderr)
    if not debug:
        # WeasyPrint's own chatter (progress, font subsetting notes).
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        logging.getLogger("fontTools").setLevel(logging.ERROR)


def say(message: str) -> None:
    """A line of progress or summary for the user, on stderr (stdout is for
    what a command produces: converted text, JSON)."""
    typer.echo(message, err=True)
