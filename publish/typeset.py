"""Typeset: HTML -> PDF bytes (WeasyPrint).

WeasyPrint's default URL fetcher reads any ``file://`` URL and makes network
requests; ``SandboxFetcher`` allows only ``data:`` URLs and files inside the
folders the renderer declared, and the same fetcher serves the HTML, its CSS
and attachments. One ``FontConfiguration`` is kept per process, as WeasyPrint
recommends.
"""

from __future__ import annotations

import logging
import mimetypes
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from publish import pictures
from publish.errors import RenderError
from publish.paths import is_inside, shown
from publish.render import Rendered, allow_large_pictures
from publish.i18n import _

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Typeset:
    pdf: bytes
    pages: int
    refused: tuple[str, ...]
    blank: int = 0  # pages left blank so that a part starts on a right-hand page
    # Where things stand, in CSS pixels from each page's top left, for
    # joining parts of a compilation (parts.py): per page, the content
    # box's origin, the anchors (name, x, y) and bookmarks (level, label, x, y).
    boxes: tuple[tuple[float, float], ...] = ()
    anchors: tuple[tuple[tuple[str, float, float], ...], ...] = ()
    bookmarks: tuple[tuple[tuple[int, str, float, float], ...], ...] = ()
    # A PDF to be joined (its fonts cut later): what each of its fonts
    # holds, as ``speed.fonts_cut_later`` notes it (or, for a piece of a
    # compilation's frame, as ``fontmerge.merge_fonts`` merged it); None:
    # not noted.
    fonts: tuple | dict | None = None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Reduced(URLFetcherResponse):
        path = None

    class SandboxFetcher(URLFetcher):
        def __init__(self, roots: tuple[Path, ...]):
            super().__init__(timeout=1, allowed_protocols={"data", "file"}, allow_redirects=False)
            self.roots = tuple(Path(r).resolve() for r in roots)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                response = super().fetch(url, headers)
                if not _picture(url[5:].split(";", 1)[0].split(",", 1)[0]):
                    return response
                data = response.read()
                return URLFetcherResponse(url, pictures.reduced(data) or data, response.headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path))
                if any(is_inside(path, root) for root in self.roots):
                    if path.is_file():
                        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                        made = pictures.reduced_file(path) if _picture(mime) else None
                        if made is not None:
                            # (its bytes, not the file's: WeasyPrint reads a
                            # response's file again when it writes a JPEG)
                            return Reduced(url, made, {"Content-Type": mime})
                        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
                    # (a picture a layout's stylesheet names, not there: left out)
                    log.warning(_("{path}: no such file; it is left out").format(path=shown(path)))
                    raise ValueError(f"{_SAID}: {url[:200]}")
            self.refused.append(url)
            log.warning(_("refused to read {url}: only files inside the workspace are used").format(url=url[:200]))
            raise ValueError(f"{_SAID}: {url[:200]}")

    return SandboxFetcher


def _picture(mime: str) -> bool:
    """A picture's type that ``pictures`` may reduce (not a drawing)."""
    mime = mime.strip().lower()
    return mime.startswith("image/") and mime != "image/svg+xml"


# In the error a refused or missing file raises: the fetcher has said why,
# and WeasyPrint's own line on it is not printed.
_SAID = "said already"


def sandbox_fetcher(roots: tuple[Path, ...]):
    return _fetcher_class()(roots)


class _WeasyPrintSays:
    """A filter on WeasyPrint's logger: what it says while typesetting, as
    publish says it. A picture it cannot draw (left out, in English, as an
    "ERROR" of a build that goes on) is named in the user's language; one
    the sandbox refused, and what it says of a document's stylesheet, are
    dropped: publish has said them, naming the file (``refused to read``;
    ``layouts.stylesheet_problems``)."""

    def filter(self, record) -> bool:
        from publish import speed

        if speed.parsing_document_style:
            return False
        if record.msg == "Failed to load image at %r: %s" and len(record.args or ()) == 2:
            url, error = record.args
            if _SAID in str(error):
                return False
            shown = _("a picture inside the document") if url.startswith("data:") else \
                unquote(urlsplit(url).path) if url.startswith("file:") else url[:200]
            record.msg, record.args = "%s", (_("{picture}: the typesetter cannot draw it ({error}); it is left out")
                                             .format(picture=shown, error=str(error) or type(error).__name__),)
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def _hear_weasyprint() -> None:
    logger = logging.getLogger("weasyprint")
    if not any(isinstance(f, _WeasyPrintSays) for f in logger.filters):
        logger.addFilter(_WeasyPrintSays())


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    _copies_removed_at_the_end(config)
    return config


def _copies_removed_at_the_end(config) -> None:
    """WeasyPrint copies each font of an ``@font-face`` rule (a workspace's
    fonts/, some 15 MB for a 楷体) into a temporary folder of its own, and
    removes it when the configuration is freed: never, in a process that
    ends at once (the command, its workers; ``cli.run``), so that every
    build left a copy a process in the system's temporary folder. The
    copies go into one folder a process, inside one folder made by the
    process that made the configuration (before it forks its workers, which
    inherit it), and removed by it at its end, with whatever its workers
    copied there, whether they ended or were stopped. It is made when a
    font is first copied, or before the process first forks."""
    import atexit
    import os
    import shutil
    import tempfile

    owner = os.getpid()
    made: list[Path] = []
    add_font_face = config.add_font_face

    def root() -> Path:
        if not made:
            made.append(Path(tempfile.mkdtemp(prefix="publish-fonts-")))
        return made[0]

    def add(rule_descriptors, url_fetcher):
        own = root() / str(os.getpid())
        own.mkdir(exist_ok=True)  # (WeasyPrint writes its copy there)
        config._folder = own
        return add_font_face(rule_descriptors, url_fetcher)

    def remove() -> None:
        if os.getpid() == owner and made:
            shutil.rmtree(made[0], ignore_errors=True)

    config.add_font_face = add
    os.register_at_fork(before=lambda: os.getpid() == owner and root())
    atexit.register(remove)


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException so WeasyPrint's own
    ``except Exception`` blocks cannot swallow it."""


@contextmanager
def _time_limit(seconds: float | None):
    """Bound the render time (hostile input must not hang a build). Only in
    the main thread, where signals are delivered."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def alarm(signum, frame):
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _weasyprint(rendered: Rendered, fetcher, pdf_variant: str | None, cut_fonts_later: tuple | None,
                laid_out=None):
    from contextlib import nullcontext

    from publish import speed, typography

    speed.import_weasyprint()
    from weasyprint import HTML

    typography.install()  # Chinese typography
    speed.install()  # the same PDF, cheaper
    _hear_weasyprint()
    allow_large_pictures()
    later = nullcontext() if cut_fonts_later is None else speed.fonts_cut_later(cut_fonts_later)
    with speed.no_garbage_collection(), later as fonts:
        # Photos come reduced from the fetcher (``pictures``), once for
        # every document; WeasyPrint reduces again, for each document, only
        # one printed finer than 600 dpi (a tall photo in a 12 cm figure).
        document = HTML(string=rendered.html, base_url=rendered.base_url, url_fetcher=fetcher).render(
            font_config=_font_config(), dpi=600)
        # Bookmarks hold the headings as written, without the invisible
        # characters that carry line breaking.
        for page in document.pages:
            page.bookmarks = [(level, typography.plain(label), *rest) for level, label, *rest in page.bookmarks]
        if laid_out is not None:
            laid_out(_laid_out(Typeset(b"", len(document.pages), ()), document.pages))
        # PDF/UA needs the structure tree; the other variants take it as is.
        pdf = document.write_pdf(pdf_variant=pdf_variant, pdf_tags=pdf_variant == "pdf/ua-1")
    return document, pdf, None if fonts is None else tuple(fonts)


def typeset(rendered: Rendered, pdf_variant: str | None = None, timeout: float | None = None,
            cut_fonts_later: tuple | None = None, laid_out=None) -> Typeset:
    """``cut_fonts_later``: the PDF is to be joined to others, its fonts cut
    then (``fontmerge``); the workspace's font files (``speed.fonts_cut_later``).
    ``laid_out(typeset)``: told where things stand (a ``Typeset`` without its
    PDF) once the pages are laid out, before they are drawn and written."""
    fetcher = sandbox_fetcher(rendered.roots)
    try:
        with _time_limit(timeout):
            document, pdf, fonts = _weasyprint(rendered, fetcher, pdf_variant, cut_fonts_later, laid_out)
    except _TimeUp:
        raise RenderError(_("typesetting took longer than {seconds} s").format(seconds=f"{timeout:g}"),
                          hint=_("split the article, or raise --timeout")) from None
    except (ValueError, TypeError, AssertionError, RecursionError) as exc:
        raise RenderError(_("WeasyPrint failed: {kind}: {error}").format(kind=type(exc).__name__, error=exc)) from exc
    return _laid_out(Typeset(pdf, len(document.pages), tuple(fetcher.refused), fonts=fonts), document.pages)


def _laid_out(typeset: Typeset, pages) -> Typeset:
    """``typeset`` with where things stand on WeasyPrint's ``pages``."""
    # WeasyPrint marks the pages it adds for `break-before: recto` (pinned version)
    return replace(typeset, blank=sum(1 for page in pages if page._page_box.page_type.blank),
                   boxes=tuple((p._page_box.content_box_x(), p._page_box.content_box_y()) for p in pages),
                   anchors=tuple(tuple((name, x, y) for name, (x, y, *_) in p.anchors.items()) for p in pages),
                   bookmarks=tuple(tuple((level, label, x, y) for level, label, (x, y), _ in p.bookmarks)
                                   for p in pages))
