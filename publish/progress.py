"""Progress: what a build tells whoever watches it, as it happens.

The library reports through a ``Report``: ``event(job, what, value)`` for
steps (``read``: articles read; ``start``: a job begins typesetting;
``page``: WeasyPrint laid out a page) and ``written(output)`` for each file.
The base class ignores everything; the CLI shows a Rich display on a
terminal and plain lines elsewhere (``publish.cli.report``), and the desk
can keep what it needs. Events raised in a worker process travel to the
building process through the pool (``pool.py``).
"""

from __future__ import annotations

import logging
import re

# WeasyPrint logs "Step 5 - Creating layout - Page 3" to this logger.
_PAGE = re.compile(r"Page (\d+)")


class Report:
    def event(self, job: str, what: str, value: object = None) -> None:
        """A step of ``job`` (its output title, "" for the whole build)."""

    def written(self, output) -> None:
        """A file written (``build.Output``; ``output.cached`` when it was
        taken from the cache)."""


class PageEvents(logging.Handler):
    """Turns WeasyPrint's layout log ("Step 5 - Creating layout - Page 3",
    again for pages laid out anew) into ``page`` events of the job being
    typeset in this process, and "Step 6 - Creating PDF" into ``pdf``."""

    def __init__(self, send):
        super().__init__(logging.INFO)
        self.send = send
        self.job = ""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Step 5 - Creating layout - Page"):
            self.send(self.job, "page", int(_PAGE.search(message).group(1)))
        elif message.startswith("Step 6"):
            self.send(self.job, "pdf", None)


def listen_to_pages(send) -> PageEvents:
    """Install a ``PageEvents`` handler on ``weasyprint.progress``. Its INFO
    records stop there unless debugging: the user sees warnings only."""
    logger = logging.getLogger("weasyprint.progress")
    handler = PageEvents(send)
    handler.saved = logger.level, logger.propagate
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
        logger.propagate = False
    logger.addHandler(handler)
    return handler


def stop_listening(handler: PageEvents) -> None:
    logger = logging.getLogger("weasyprint.progress")
    logger.removeHandler(handler)
    logger.level, logger.propagate = handler.saved
