"""What ``build`` and ``watch`` show while they work: a Rich display on a
terminal (one row a file being typeset, with the page WeasyPrint is laying
out), plain lines when stderr is not a terminal or under ``--quiet``. Either
way each file written gets one line that stays."""

from __future__ import annotations

import sys

from publish.cli.app import say, wrote
from publish.i18n import _, ngettext
from publish.progress import Report


def reporter(quiet: bool = False) -> "Lines":
    if quiet or not sys.stderr.isatty():
        return Lines(announce=not quiet)
    return Terminal()


def written_line(output) -> str:
    if output.kind == "review":
        if output.unchanged:
            return _("kept {path} (conversions to proofread, unchanged)").format(path=output.path)
        return _("wrote {path} (conversions to proofread)").format(path=output.path)
    if output.sheets:
        count = ngettext("{n} sheet", "{n} sheets", output.sheets).format(n=output.sheets)
    else:
        count = ngettext("{n} page", "{n} pages", output.pages).format(n=output.pages)
    if output.blank and output.kind == "booklet":
        count += _(", ") + ngettext("{n} blank page of {total}", "{n} blank pages of {total}", output.blank).format(
            n=output.blank, total=output.sheets * 4)
    elif output.blank and output.kind in ("a4", "a5"):
        count += _(", ") + ngettext("{n} blank page", "{n} blank pages", output.blank).format(n=output.blank)
    if output.kind in ("preview", "contact-sheet"):
        return _("wrote {path} (picture of {count})").format(path=output.path, count=count)
    if output.unchanged:
        return _("kept {path} ({count}, unchanged)").format(path=output.path, count=count)
    if output.cached:
        return _("wrote {path} ({count}, from the cache)").format(path=output.path, count=count)
    return _("wrote {path} ({count}, {seconds} s)").format(path=output.path, count=count,
                                                          seconds=f"{output.seconds:.1f}")


class Lines(Report):
    def __init__(self, announce: bool = True, show_unchanged: bool = True):
        self.announce = announce
        self.show_unchanged = show_unchanged

    def event(self, job: str, what: str, value: object = None) -> None:
        if what == "start" and self.announce and value[0] == "typeset":
            say(_("typesetting {name} …").format(name=job) if not value[1] else ngettext(
                "typesetting {file} ({n} article)", "typesetting {file} ({n} articles)", value[1]).format(
                file=job, n=value[1]) + " …")

    def written(self, output) -> None:
        wrote(output.path)
        if self.show_unchanged or not output.unchanged:
            say(written_line(output))

    def close(self) -> None:
        pass


class Terminal(Lines):
    """A Rich progress display, started when the first job starts (an
    unchanged rebuild never imports Rich)."""

    def __init__(self):
        super().__init__()
        self.progress = None
        self.rows: dict[str, int] = {}
        self.read = 0
        self.done = 0
        self.pages: dict[str, int] = {}  # the furthest page each job has laid out

    def _display(self):
        if self.progress is None:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                     TextColumn("[dim]{task.fields[state]}"), TimeElapsedColumn(),
                                     console=Console(stderr=True), transient=True)
            self.progress.start()
            # A row for the whole build, first, with its time: a compilation in
            # parts shows each article's row for a moment (its time 0:00:00
            # for as long as the build took).
            self.whole = self.progress.add_task(_("building"), total=None, state="")
        return self.progress

    def event(self, job: str, what: str, value: object = None) -> None:
        if what == "read":
            self.read = int(value)
            return
        progress = self._display()
        if what == "start":
            state = ngettext("{n} article read", "{n} articles read", self.read).format(n=self.read)
            self.rows[job] = progress.add_task(job, total=None, state=state)
        elif job in self.rows and what == "page":
            # (WeasyPrint lays pages out again where the contents' numbers
            # change them: the count went 205, 3, 106)
            again = value < self.pages.get(job, 0)
            self.pages[job] = max(value, self.pages.get(job, 0))
            progress.update(self.rows[job], state=(_("laying out again for the page numbers: page {n}") if again
                                                   else _("laying out page {n}")).format(n=value))
        elif job in self.rows and what == "pdf":
            progress.update(self.rows[job], state=_("writing the PDF"))
        elif job in self.rows and what == "done":
            progress.remove_task(self.rows.pop(job))
            self.done += 1
            progress.update(self.whole, state=ngettext("{n} step done", "{n} steps done", self.done).format(
                n=self.done))

    def written(self, output) -> None:
        if self.progress is None:
            super().written(output)
        else:
            wrote(output.path)
            self.progress.console.print(written_line(output), highlight=False, markup=False)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None
