"""``publish watch``: build, then build again on every save.

Takes ``build``'s options. Each rebuild goes through the cache, so only the
outputs whose sources, layouts, fonts or settings changed are typeset again,
in this process whose modules, converters and fonts stay warm. One line a
file rebuilt, with its time; a failed rebuild prints its error in one line,
keeps the last good files, and watching goes on.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from publish.cli.app import app, say
from publish.cli.build import build as build_command, build_request
from publish.i18n import _

# Saved files that are no article, picture, layout, font or setting of the
# workspace (the PDFs and their pictures are written in the output folder,
# which is not watched).
IGNORED_PARTS = {".publish", ".git", "__pycache__", ".venv", "node_modules"}
IGNORED_ENDINGS = (".tmp", ".swp", ".swx", "~", ".bak", ".pdf", ".log")


class _SaidOnce(logging.Filter):
    """What an unchanged file's source says is not said again if the build
    before said it: a build restates it for a file it takes from the cache
    (for whoever builds), and watching printed every article's warnings at
    every save, twice at the start. A file built again says its own."""

    def __init__(self):
        super().__init__()
        self.before: set[str] = set()
        self.now: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING:
            return True
        text = record.getMessage()
        self.now.add(text)
        return not (getattr(record, "restated", False) and text in self.before)

    def next_build(self) -> None:
        self.before, self.now = self.now, set()


@app.command("watch", help=_("Build, then build again whenever an article, picture, layout, font or publish.toml is saved."))
@functools.wraps(build_command)
def watch(**params) -> None:
    import watchfiles

    from publish.cli import Interrupted
    from publish.cli.report import Lines
    from publish.errors import PublishError
    from publish.sources import SUFFIXES

    request = build_request(**params)
    report = Lines(announce=False, show_unchanged=False)
    out = request.options.out_dir.resolve()
    workspace = request.options.workspace.resolve()
    # Where the articles come from: a file of an article's kind elsewhere
    # (watch's own output saved as out.txt beside publish.toml) is none, and
    # would rebuild at every line it gains, saying its warnings again.
    sources = {workspace / "articles", *(Path(p).resolve() if Path(p).is_dir() else Path(p).resolve().parent
                                         for p in request.paths)}
    named = {workspace, *sources}
    folders = sorted(f for f in named if not any(f != o and f.is_relative_to(o) for o in named))

    def wanted(change, path: str) -> bool:
        where = Path(path)
        if where.is_relative_to(out) or IGNORED_PARTS & set(where.parts) or where.name.startswith(".") \
                or where.name.endswith(IGNORED_ENDINGS):
            return False
        if where.suffix.lower() in SUFFIXES and not any(where.is_relative_to(folder) for folder in sources):
            return where.parent == workspace and where.name.startswith("phrases")  # (the dictionaries)
        return True

    def rebuild() -> None:
        # The command line read again, and publish.toml with it: a setting
        # changed, an article added to a folder a pattern names, a mistake
        # saved (said in one line, the last good files kept) — all were the
        # first read's for as long as it watched.
        try:
            build_request(**params).run(report)
        except PublishError as exc:
            say(_("Error: {message}").format(message=exc))
            for line in exc.details:
                say(f"  {line}")
        said_once.next_build()

    said_once = _SaidOnce()
    for handler in logging.getLogger().handlers:
        handler.addFilter(said_once)
    rebuild()
    started = False
    try:
        # The first (empty) yield comes once the watcher runs: what was saved
        # during the first build is built then, and nothing slips between.
        for changes in watchfiles.watch(*folders, watch_filter=wanted, debounce=100, step=20, rust_timeout=300,
                                        yield_on_timeout=True):
            if not started:
                started = True
                rebuild()
                say(_("watching {folders} for changes (Ctrl-C to stop)").format(
                    folders=", ".join(map(str, folders))))
            elif changes:
                rebuild()
    except (KeyboardInterrupt, Interrupted):
        pass  # Ctrl-C is how watching ends
    say(_("stopped watching"))
