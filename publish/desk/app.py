"""The desk's Starlette application: ``create_app(workspace)``.

The application holds one ``Desk`` (the store, the builds, the catalogue,
the limits) and hands it to the page handlers in ``pages.py``. What every
page shares lives here: the session and the signed-in account, the CSRF
check on every form, the rate limit, refusals as pages with a status code,
and the security headers every response carries.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

from publish.desk import auth
from publish.desk.catalogue import Catalogue
from publish.desk.jobs import Builds
from publish.desk.language import LANGUAGES, M_, in_script, language_for, translator
from publish.desk.store import Account, Store
from publish.i18n import _

log = logging.getLogger("publish.desk")

HERE = Path(__file__).resolve().parent
# The largest upload; text files (.md, .txt) no larger than the reader takes
# (``publish.sources.MAX_BYTES``: 8 MB of text is an accident, not an article).
UPLOAD_LIMIT = 10 * 1024 * 1024

# Pages run no inline script or style: everything comes from /static.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
                                 b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class Refusal(Exception):
    """A request the desk will not carry out, shown as a page with its
    status code (and Retry-After when waiting helps)."""

    def __init__(self, status: int, message: str, retry_after: int | None = None, **values):
        super().__init__(message)
        self.status = status
        self.message = message    # English, translated when shown, then formatted with values
        self.retry_after = retry_after
        self.values = {"seconds": retry_after or 0, **values}


class RateLimit:
    """At most ``count`` actions per ``seconds`` for each key (an account)."""

    def __init__(self, count: int, seconds: float):
        self.count = count
        self.seconds = seconds
        self._seen: dict[object, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def wait(self, key: object, count: bool = True) -> int:
        """0 (and the action counted, unless not ``count``), or the seconds
        until one is allowed."""
        now = time.monotonic()
        with self._lock:
            seen = self._seen[key]
            while seen and seen[0] <= now - self.seconds:
                seen.popleft()
            if len(seen) >= self.count:
                return max(1, int(seen[0] + self.seconds - now + 0.999))
            if count:
                seen.append(now)
            return 0


class FileCache:
    """Finished files kept in memory, most recently served first, up to
    ``limit`` bytes: a download of a built edition is then one write to the
    socket instead of a file read in 64 KB pieces, each on a thread."""

    def __init__(self, limit: int = 64 * 1024 * 1024, largest: int = 8 * 1024 * 1024):
        from collections import OrderedDict

        self.limit = limit
        self.largest = largest
        self._files: OrderedDict = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def read(self, path: Path) -> bytes | None:
        """The file's bytes, or None when it is too large to keep (serve it
        from disk). The files are the build cache's, named by the digest of
        their bytes: a name never holds other bytes."""
        with self._lock:
            data = self._files.get(path)
            if data is not None:
                self._files.move_to_end(path)
                return data
        if path.stat().st_size > self.largest:
            return None
        data = path.read_bytes()
        with self._lock:
            if path not in self._files:
                self._files[path] = data
                self._size += len(data)
            while self._size > self.limit:
                _key, dropped = self._files.popitem(last=False)
                self._size -= len(dropped)
        return data


@dataclass
class Desk:
    workspace: Path
    store: Store
    builds: Builds
    catalogue: Catalogue
    uploads: Path
    upload_limit: int = UPLOAD_LIMIT
    builds_per_account: RateLimit = field(default_factory=lambda: RateLimit(30, 60.0))
    logins: RateLimit = field(default_factory=lambda: RateLimit(10, 300.0))
    files: FileCache = field(default_factory=FileCache)

    def limit_for(self, suffix: str) -> int:
        """The largest upload of a file type: the desk's limit, and no more
        than the article readers take."""
        from publish.sources import MAX_BYTES, MAX_DOCUMENT_BYTES, TEXT_SUFFIXES

        return min(self.upload_limit, MAX_BYTES if suffix in TEXT_SUFFIXES else MAX_DOCUMENT_BYTES)


def desk_folder(workspace: Path) -> Path:
    return workspace / ".publish"


def open_store(workspace: Path) -> Store:
    return Store(desk_folder(workspace) / "desk.sqlite3")


def create_app(workspace: Path, workers: int | None = None, queue_limit: int = 16, timeout: float = 300.0,
               rate: tuple[int, float] = (30, 60.0), upload_limit: int = UPLOAD_LIMIT,
               secure_cookies: bool = False, job_limit: float | None = None):
    """The desk over ``workspace``: ``workers`` build processes (default:
    the cores), at most ``queue_limit`` builds waiting or running,
    ``timeout`` seconds for one typesetting, ``job_limit`` for a whole
    build (default: twice the timeout and a minute)."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.sessions import SessionMiddleware

    from publish.desk.pages import routes
    from publish.errors import PublishError
    from publish.pool import default_workers

    workspace = workspace.resolve()
    store = open_store(workspace)
    builds = Builds(workspace, store, workers or default_workers(), queue_limit, timeout, job_limit)
    desk = Desk(workspace, store, builds, Catalogue(workspace), desk_folder(workspace) / "desk" / "uploads",
                upload_limit, RateLimit(*rate))

    @contextlib.asynccontextmanager
    async def lifespan(app):
        builds.start()
        log.info(_("desk serving %s with %d build worker(s)"), workspace, builds.workers)
        try:
            yield
        finally:
            builds.shutdown()

    app = Starlette(
        routes=routes(),
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(SessionMiddleware, secret_key=auth.session_secret(desk_folder(workspace)),
                       session_cookie="publish_desk", same_site="lax", https_only=secure_cookies,
                       max_age=8 * 3600),
        ],
        exception_handlers={Refusal: _refused, PublishError: _broken, 404: _not_found, 500: _failed},
        lifespan=lifespan,
    )
    app.state.desk = desk
    app.state.templates = _templates()
    return app


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every response (pure ASGI: streamed
    downloads pass through untouched)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


def _templates():
    import jinja2
    from starlette.templating import Jinja2Templates

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = _when
    env.filters["code"] = _code
    return Jinja2Templates(env=env)


def _code(text: str):
    """A message's `command` set as code (its backticks were printed)."""
    import re

    from markupsafe import Markup, escape

    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def _when(stamp: str | None) -> str:
    """A stored UTC time as the server's local time, to the minute."""
    from datetime import datetime

    if not stamp:
        return ""
    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")


# ------------------------------------------------------------ page helpers

def desk_of(request) -> Desk:
    return request.app.state.desk


def account_of(request) -> Account | None:
    account_id = request.session.get("account")
    return desk_of(request).store.account(account_id) if isinstance(account_id, int) else None


def require(request, action: str, owner_id: int | None = None) -> Account:
    """The signed-in account, if it may do ``action``; else a refusal (the
    sign-in page for a visitor)."""
    account = account_of(request)
    if account is None:
        raise Refusal(401, M_("Please sign in."))
    if not auth.can(account, action, owner_id):
        log.warning(_("%s %r was refused %s"), account.role, account.name, action)
        raise Refusal(403, M_("Your account may not do this."))
    return account


def language_of(request) -> str:
    chosen = request.session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return language_for(account_of(request), request.headers.get("accept-language", ""))


def page(request, template: str, status: int = 200, headers: dict | None = None, **context):
    lang = language_of(request)
    account = context.pop("account", None) or account_of(request)
    return request.app.state.templates.TemplateResponse(request, template, {
        "_": translator(lang), "script": lambda text: in_script(text, lang), "lang": lang, "languages": LANGUAGES, "account": account,
        "can": lambda action, owner=None: auth.can(account, action, owner),
        "csrf": auth.csrf_token(request.session), "path": request.url.path, **context,
    }, status_code=status, headers=headers)


async def checked_form(request, limit: int = 64 * 1024):
    """The posted form, once its CSRF token is checked; a body larger than
    ``limit`` is refused with 413 while it streams in."""
    from starlette.requests import Request

    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise Refusal(413, M_("The file is larger than {limit} MB."))
    received = 0

    async def receive():
        nonlocal received
        message = await request.receive()
        received += len(message.get("body", b""))
        if received > limit + 64 * 1024:
            raise Refusal(413, M_("The file is larger than {limit} MB."))
        return message

    form = await Request(request.scope, receive).form(max_files=1, max_fields=20, max_part_size=limit + 1)
    if not auth.csrf_ok(request.session, form.get("csrf")):
        raise Refusal(403, M_("The form has expired; please reload the page and try again."))
    return form


async def _broken(request, exc):
    """The workspace itself is wrong (a publish.toml mistake, an article
    that cannot be read): the page says so in the library's words."""
    log.error("%s", exc)
    return await _refused(request, Refusal(500, M_("The workspace cannot be built: {error}"), error=str(exc)))


async def _not_found(request, exc):
    """A page that is not there, in the reader's language (Starlette's own
    answer is an English "Not Found"); the status poll gets JSON."""
    return await _refused(request, Refusal(404, M_("No such page.")))


async def _failed(request, exc):
    """Whatever went wrong inside, a page in the reader's language, not an
    English "Internal Server Error" (the log holds the traceback)."""
    log.error(_("%s %s failed: %s"), request.method, request.url.path, exc, exc_info=exc)
    said = M_("Something went wrong on the server; the organizers can see what in its log.")
    try:
        return await _refused(request, Refusal(500, said))
    except Exception:  # (no session, no templates: as plain as it gets)
        from starlette.responses import PlainTextResponse

        return PlainTextResponse(translator(language_of(request))(said), status_code=500)


async def _refused(request, exc: Refusal):
    from starlette.responses import RedirectResponse

    if exc.status == 401 and request.method == "GET":
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
    message = translator(language_of(request))(exc.message).format(
        limit=desk_of(request).upload_limit // (1024 * 1024), **exc.values)
    if request.url.path.endswith("/status"):  # (desk.js polls it for JSON)
        from starlette.responses import JSONResponse

        return JSONResponse({"state": "missing", "error": message}, status_code=exc.status, headers=headers)
    return page(request, "refused.html", status=exc.status, headers=headers, message=message)
