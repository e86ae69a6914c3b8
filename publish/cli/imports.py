"""``publish import``: Word files, web pages and text into editable Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from publish.cli.app import app, say
from publish.i18n import _, ngettext


@app.command("import", help=_("Turn .docx, .doc, .wps, .html, .mht or .txt files into Markdown articles in articles/, "
                              "saying what was found and what was left out."))
def import_(
    paths: Annotated[list[Path], typer.Argument(help=_("The files to import."), show_default=False)],
    out: Annotated[Path, typer.Option("--to", help=_("Folder to write into."))] = Path("articles"),
    encoding: Annotated[Optional[str], typer.Option(
        "--encoding", help=_("Encoding of text files (gbk, big5, big5hkscs, utf-8) instead of detecting it."))] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Replace Markdown and pictures already there."))] = False,
) -> None:
    from publish.importing import import_file

    for path in paths:
        done = import_file(path, out, encoding, force)
        say(_("{source} -> {target}").format(source=path, target=done.markdown))
        say("  " + _("title: {title}").format(title=done.title))
        say("  " + ngettext("{n} heading", "{n} headings", len(done.headings)).format(n=len(done.headings)))
        for level, text in done.headings:
            say("    " + "  " * (level - 1) + _("level {level}: {text}").format(level=level, text=text))
        say("  " + ", ".join([
            ngettext("{n} table", "{n} tables", done.tables).format(n=done.tables),
            ngettext("{n} picture", "{n} pictures", len(done.pictures)).format(n=len(done.pictures)),
            ngettext("{n} footnote", "{n} footnotes", done.footnotes).format(n=done.footnotes)]))
        if done.left_out:
            say("  " + _("left out or changed:"))
        for line in done.left_out:
            say(f"    - {line}")
