"""Typer's and Click's own words in the user's language.

Typer looks its panel titles and a few messages up with ``gettext`` when it
is imported, and the Click it ships writes the rest into its code ("Usage:",
"Show this message and exit.", "No such option: …"). ``before_typer``
points ``gettext`` at publish's catalog before Typer is imported;
``after_typer`` replaces the fixed words; ``usage_error`` prints a usage
error as the rest of the command line prints errors: the usage, a hint, and
one line ``Error: …`` in the user's language.

Only the command line calls these (a library user's process keeps its own
``gettext``).
"""

from __future__ import annotations

import re

from publish.i18n import CATALOG, N_, _, translation

# Click's usage-error messages, as patterns over the English text it builds,
# and the message each becomes (named groups fill the placeholders). An
# option's other names follow its first: '--jobs' / '-j'.
USAGE_ERRORS = (
    (r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<options>.*)\))?",
     N_("No such option: {name}")),
    (r"Option '(?P<name>[^']+)' requires an argument\.", N_("Option {name} requires a value.")),
    (r"Option '(?P<name>[^']+)' requires (?P<n>\d+) arguments\.", N_("Option {name} requires {n} values.")),
    (r"Option '(?P<name>[^']+)' does not take a value\.", N_("Option {name} does not take a value.")),
    (r"Missing argument '(?P<name>[^']+)'\.", N_("Missing argument {name}.")),
    (r"Missing option '(?P<name>[^']+)'\.", N_("Missing option {name}.")),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", N_("Unexpected extra argument: {args}")),
    (r"Invalid value for '(?P<name>[^']+)'(?: / '[^']+')*: (?P<value>.+?) is not a valid integer(?: range)?\.",
     N_("Invalid value for {name}: {value} is not a whole number.")),
    (r"Invalid value for '(?P<name>[^']+)'(?: / '[^']+')*: (?P<value>.+?) is not a valid float(?: range)?\.",
     N_("Invalid value for {name}: {value} is not a number.")),
    (r"Invalid value for '(?P<name>[^']+)'(?: / '[^']+')*: (?P<value>.+?) is not a valid boolean\..*",
     N_("Invalid value for {name}: {value} is not true or false.")),
    (r"Invalid value for '(?P<name>[^']+)'(?: / '[^']+')*: (?P<value>.+?) is not in the range (?P<range>.+)\.",
     N_("Invalid value for {name}: {value} is not in the range {range}.")),
    (r"Invalid value for '(?P<name>[^']+)'(?: / '[^']+')*: (?P<message>.+)", N_("Invalid value for {name}: {message}")),
)
# The words Typer looks up with gettext (see before_typer), here so that
# the catalogs hold them.
TYPER_WORDS = (
    N_("Arguments"), N_("Options"), N_("Commands"), N_("Error"), N_("Aborted."), N_("Aborted!"),
    N_("[default: {}]"), N_("[required]"), N_("[env var: {}]"), N_("(deprecated) "), N_("(dynamic)"),
    N_("default: {default}"), N_("required"), N_("env var: {var}"), N_("Missing command."),
    N_("No such command {name!r}."), N_("Try [blue]'{command_path} {help_option}'[/] for help."),
)


def translate_usage_error(message: str) -> str:
    """Click's English message in the user's language (as it is when no
    pattern knows it)."""
    for pattern, template in USAGE_ERRORS:
        # Compiled on a usage error only (re keeps them), not at every start.
        match = re.match(pattern + r"\Z", message.strip(), re.S)
        if match:
            return _(template).format(**{k: v or "" for k, v in match.groupdict().items()})
    return message


def before_typer() -> None:
    """Typer's gettext look-ups (panel titles, "Missing command.", "Aborted.")
    go to publish's catalog. Must run before Typer is imported: it reads
    some of them into constants then."""
    import gettext

    if CATALOG is None:
        return
    catalog = translation(CATALOG)
    gettext.gettext = catalog.gettext
    gettext.ngettext = catalog.ngettext


def after_typer() -> None:
    """Click's fixed words in the user's language. Rich (Typer's help
    panels) is patched only when help is shown: a build never imports it."""
    from typer import _click, core

    write_usage = _click.formatting.HelpFormatter.write_usage

    def localized_usage(self, prog, args="", prefix=None):
        return write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    _click.formatting.HelpFormatter.write_usage = localized_usage

    get_help_option = _click.core.Command.get_help_option

    def localized_help_option(self, ctx):
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    _click.core.Command.get_help_option = localized_help_option

    for command in (core.TyperCommand, core.TyperGroup):
        command.format_help = _folding(command.format_help)


def _folding(format_help):
    def format_help_folded(self, ctx, formatter):
        _fold_rich_help()
        return format_help(self, ctx, formatter)

    return format_help_folded


def _fold_rich_help() -> None:
    """Chinese has no spaces to wrap at: help texts fold at the column's
    edge rather than stop short with "…"."""
    from typer import rich_utils

    if getattr(rich_utils, "_publish_folds", False):
        return
    make_rich_text = rich_utils._make_rich_text

    def folded(*args, **kwargs):
        text = make_rich_text(*args, **kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text

    rich_utils._make_rich_text = folded
    rich_utils.Table = _whole_names(rich_utils.Table)
    rich_utils._publish_folds = True


def _whole_names(table_class):
    """Rich's table, which on a narrow terminal (80 columns) cut the names
    of options and commands short (``--allow-missing-g…``) and left wide
    gaps between them: a column of names (words without spaces) as wide as
    its longest, one of other words (an option's type) as its longest word,
    and the help beside them folding into what is left."""

    class Table(table_class):
        def _calculate_column_widths(self, console, options):
            from rich.cells import cell_len

            widths = super()._calculate_column_widths(console, options)
            last = len(widths) - 1  # (the help)
            fitted = []
            for index, column in enumerate(self.columns[:last]):
                cells = [getattr(cell, "plain", None) for cell in column._cells]
                if not cells or None in cells:
                    return widths
                whole = all(" " not in cell for cell in cells)
                fitted.append(self._get_padding_width(index) + max(
                    max((cell_len(word) for word in (cell.split() if not whole else [cell])), default=0)
                    for cell in cells))
            help_width = sum(widths) - sum(fitted)
            return [*fitted, help_width] if help_width >= min(widths[last], 20) else widths

    return Table


def usage_error(error) -> None:
    """A usage error as the command line prints every error: the usage, a
    hint, and one line ``Error: …`` (Click's message in the user's language)."""
    import typer

    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            typer.echo(_("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]), err=True)
    typer.echo(_("Error: {message}").format(message=translate_usage_error(error.format_message())), err=True)


class LogFormatter:
    """Logged warnings as one line in the user's language: ``WARNING: …``,
    ``警告：…`` (a ``logging.Formatter`` made lazily: logging stays unimported
    until a command configures it)."""

    def __new__(cls):
        import logging

        class Formatter(logging.Formatter):
            def format(self, record):
                label = {"WARNING": _("WARNING"), "ERROR": _("ERROR"), "CRITICAL": _("ERROR"),
                         "INFO": _("NOTE")}.get(record.levelname, record.levelname)
                text = _("{label}: {message}").format(label=label, message=record.getMessage())
                if record.exc_info:
                    text += "\n" + self.formatException(record.exc_info)
                return text

        return Formatter()


__all__ = ["LogFormatter", "after_typer", "before_typer", "translate_usage_error", "usage_error"]
