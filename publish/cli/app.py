"""The Typer application and the options every command shares.

Commands live in their own modules (``build``, ``text``, ``workspace`` …),
each registering itself on ``app``; ``publish.cli.main`` is the entry point.
"""

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
state: dict = {"debug": False, "written": []}  # files written so far, for an interrupted run


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
    from publish.cli.localize import LogFormatter

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(LogFormatter())
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, handlers=[handler])
    if not debug:
        # WeasyPrint's own chatter (progress, font subsetting notes), and
        # trafilatura's about a page it finds no article in ("discarding
        # data: None"), which publish says in its own words.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        for name in ("fontTools", "trafilatura", "htmldate", "courlan"):
            logging.getLogger(name).setLevel(logging.ERROR)


DAY = 86400.0


def seconds(value: float) -> float:
    """A time limit's callback: up to a day (a timer takes no more: 1e30
    failed halfway through a build), and a number (click's range lets nan
    through: every comparison with it is false)."""
    if not value <= DAY:
        from publish.i18n import _

        raise typer.BadParameter(_("{value} is not a number of seconds up to a day ({day:g})").format(
            value=value, day=DAY))
    return value


def checked(option: str, convert, value):
    """An option's value read by ``convert`` (publish.choices); its
    ValueError becomes a usage error naming the option."""
    from publish.errors import OptionError
    from publish.i18n import _

    try:
        return convert(value)
    except ValueError as exc:
        raise OptionError(_("{option}: {message}").format(option=option, message=exc)) from None


def wrote(path) -> None:
    """Note a file written (for the message if the run is interrupted)."""
    state["written"].append(path)


def emit_text(text: str) -> None:
    """What a command produces (converted text) on stdout: UTF-8 into a
    file or a pipe, whatever the console's code page (GBK on Chinese
    Windows); on a terminal that cannot show a character, "?" for it and a
    warning that says how to get the text whole."""
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if not stream.isatty() and hasattr(stream, "buffer"):
        stream.flush()
        stream.buffer.write(text.encode("utf-8"))
        stream.buffer.flush()
        return
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        lost = sorted({ch for ch in text if not _encodable(ch, encoding)})
        logging.getLogger("publish").warning(
            _("this console ({encoding}) cannot show {chars}: printed as ?; write the text to a file with "
              "-o FILE (UTF-8)").format(encoding=encoding, chars=" ".join(f"U+{ord(ch):04X}" for ch in lost[:10])))
        text = text.encode(encoding, errors="replace").decode(encoding)
    typer.echo(text, nl=False)


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` columns of a terminal, where a Chinese
    character takes two."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def say(message: str) -> None:
    """A line of progress or summary for the user, on stderr (stdout is for
    what a command produces: converted text, JSON)."""
    typer.echo(message, err=True)
