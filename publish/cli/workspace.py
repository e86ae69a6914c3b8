"""``publish new``, ``publish layouts``, ``publish doctor``: the workspace
and the machine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from publish.cli.app import app, pad, wrote
from publish.i18n import _


@app.command(help=_("Check the machine: Pango, HarfBuzz subsetting, and the font for each role."))
def doctor() -> None:
    from publish.doctor import diagnose
    from publish.paths import find_workspace

    problems = 0
    for ok, line in diagnose(find_workspace()):
        typer.echo(("  ok  " if ok else "  !!  ") + line)
        problems += not ok
    if problems:
        raise typer.Exit(1)


@app.command(help=_("Start a workspace: publish.toml, articles/ with an example, fonts/ and layouts/. "
                    "In a folder that already holds texts, adds what is missing and changes nothing."))
def new(folder: Annotated[Path, typer.Argument(help=_("The workspace's folder (new or existing)."),
                                               show_default=False)]) -> None:
    import datetime

    from publish.scaffold import new_workspace

    created, kept = new_workspace(folder, datetime.date.today().isoformat())
    for path in created:
        wrote(path)
        typer.echo(_("created {path}").format(path=path))
    for path in kept:
        typer.echo(_("kept {path} (already there)").format(path=path))
    here = folder.resolve() == Path.cwd().resolve()
    typer.echo(_("Next: publish build") if here else _("Next: cd {folder} && publish build").format(
        folder=shell_quoted(str(folder))))


def shell_quoted(text: str) -> str:
    """A path as the user's shell takes it: quoted when it holds spaces."""
    import os
    import shlex

    if os.name == "nt":
        return f'"{text}"' if any(ch in text for ch in " &()^") else text
    return shlex.quote(text)


@app.command(help=_("List the layouts this workspace can use and where each comes from."))
def layouts() -> None:
    from publish.errors import PublishError
    from publish.layouts import available_layouts, load_layout
    from publish.paths import find_workspace

    workspace = find_workspace()
    broken: list[PublishError] = []
    for name, origin in available_layouts(workspace).items():
        try:
            layout = load_layout(name, workspace)
        except PublishError as exc:
            # Every layout is listed; what is wrong with one is said at the end.
            broken.append(exc)
            unusable = _("cannot be used (below)")
            typer.echo(f"{pad(name, 12)} {pad('', 14)} {pad(_(origin), 32)} {unusable}")
            continue
        typer.echo(f"{pad(name, 12)} {pad(', '.join(layout.formats), 14)} {pad(_(origin), 32)} "
                   f"{_(layout.description) if layout.description else ''}")
    if broken:
        first, *rest = broken
        raise type(first)(first.message, first.path, first.hint,
                          first.details + tuple(line for other in rest for line in (str(other), *other.details)))
