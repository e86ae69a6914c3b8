"""The desk's pages, one handler each; every handler starts with the one
permission check its action needs (``require``).

    /login, /logout, /password, /language   the session
    /catalogue                              publications; download an edition
    /request                                offices: ask for an edition
    /upload                                 one article, typeset and previewed
    /requests, /requests/{id}               requests and their builds
    /files/{job}/{kind}                     a built file, by the job's own list
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from publish.desk import auth
from publish.desk.app import Refusal, account_of, checked_form, desk_of, language_of, page, require
from publish.desk.catalogue import EDITIONS, FORMATS, TRADITIONAL
from publish.desk.jobs import Order, QueueFull
from publish.desk.language import LANGUAGES, M_, in_script, review_in
from publish.i18n import _

log = logging.getLogger("publish.desk")

MAIN_FILE = {"a4": "a4", "large-print": "a4", "booklet": "booklet", "phone": "phone"}
# The file read page by page, whose pictures a request's page shows.
READING_FILE = {"a4": "a4", "large-print": "a4", "booklet": "a5", "phone": "phone"}
FILE_TYPES = {"pdf": "application/pdf", "txt": "text/plain; charset=utf-8", "png": "image/png"}
UPLOADS = ".publish/desk/uploads/"
MB = 1024 * 1024


def routes():
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from publish.desk.app import HERE

    return [
        Route("/", home),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/password", password, methods=["GET", "POST"]),
        Route("/language", language),
        Route("/catalogue", catalogue, methods=["GET", "POST"]),
        Route("/request", request_page, methods=["GET", "POST"]),
        Route("/upload", upload, methods=["GET", "POST"]),
        Route("/requests", requests_page),
        Route("/requests/{id:int}", request_detail),
        Route("/requests/{id:int}/status", request_status),
        Route("/requests/{id:int}/handled", handled, methods=["POST"]),
        Route("/files/{job:int}/{kind:str}", file),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]


def _redirect(url: str):
    from starlette.responses import RedirectResponse

    return RedirectResponse(url, status_code=303)


def _local(url: str | None, default: str = "/catalogue") -> str:
    """Only a path of this site may be a redirect target."""
    return url if url and re.fullmatch(r"/[A-Za-z0-9/_\-]*", url) and not url.startswith("//") else default


# ---------------------------------------------------------------- session

async def home(request):
    return _redirect("/catalogue" if account_of(request) else "/login")


async def login(request):
    desk = desk_of(request)
    next_url = _local(request.query_params.get("next"))
    if request.method == "GET":
        return page(request, "login.html", next=next_url, error=None)
    form = await checked_form(request)
    name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
    # Failed attempts are counted, per name: guessing is slow, signing in is not.
    if wait := desk.logins.wait(name, count=False):
        raise Refusal(429, M_("Too many attempts; try again in {seconds} s."), retry_after=wait)
    account = desk.store.account_named(name)
    # Checked against a dummy hash when the name is unknown: the same time.
    good = auth.verify_password(account.password if account else auth.dummy_hash(), password)
    if not (account and good):
        desk.logins.wait(name)
        log.warning(_("failed sign-in as %r"), name)
        return page(request, "login.html", status=401, next=next_url,
                    error=M_("Unknown name or wrong password."))
    request.session.clear()  # a new session for the account: no fixation
    request.session["account"] = account.id
    log.info(_("%s %r signed in"), account.role, account.name)
    return _redirect(_local(str(form.get("next", "")), "/catalogue"))


async def logout(request):
    await checked_form(request)
    request.session.clear()
    return _redirect("/login")


async def password(request):
    account = require(request, "catalogue")
    if request.method == "GET":
        return page(request, "password.html", error=None, changed=False)
    form = await checked_form(request)
    new = str(form.get("new", ""))
    if not auth.verify_password(account.password, str(form.get("current", ""))):
        return page(request, "password.html", status=400, error=M_("The current password is wrong."),
                    changed=False)
    if len(new) < 10 or new != form.get("again"):
        return page(request, "password.html", status=400, changed=False,
                    error=M_("The new password must have at least 10 characters, typed twice the same."))
    desk_of(request).store.set_password(account.id, auth.hash_password(new))
    log.info(_("%s %r changed the password"), account.role, account.name)
    return page(request, "password.html", error=None, changed=True)


async def language(request):
    chosen = request.query_params.get("to")
    if chosen in LANGUAGES:
        request.session["lang"] = chosen
    return _redirect(_local(request.query_params.get("next")))


# -------------------------------------------------------------- catalogue

async def catalogue(request):
    account = require(request, "catalogue")
    desk = desk_of(request)
    if request.method == "POST":
        form = await checked_form(request)
        publication = desk.catalogue.get(str(form.get("publication", "")))
        if publication is None:
            raise Refusal(404, M_("No such publication."))
        edition, fmt = _choices(form, tuple(EDITIONS))
        request_id, job, cached = _order(request, account, "download", edition, fmt, publication=publication.id)
        if cached:
            return _redirect(f"/files/{job.id}/{MAIN_FILE[fmt]}")
        return _redirect(f"/requests/{request_id}")
    items = []
    publications = list(desk.catalogue.publications().values())
    orders = {(p.id, e, f): _catalogue_order(p, e, f) for p in publications for e in EDITIONS for f in FORMATS}
    keys = desk.builds.keys(list(orders.values()))  # every edition and format at once
    own = _own_edition(account)
    for publication in publications:
        # The cover: the first page of the A4 in the reader's edition (an
        # office's traditional one: the titles it reads above it), built
        # the first time the catalogue is shown; no more covers at a time
        # than there are workers, so that no one's request waits behind
        # them all (the page asks again while pictures are missing). The
        # Simplified A4's picture stands in meanwhile, if there is one.
        order = orders[publication.id, own, "a4"]
        cover = desk.builds.built(order, keys[order])
        if cover is None and desk.builds.pending() < desk.builds.workers:
            cover, _new = desk.builds.order(order, keys[order])
        if (cover is None or cover.state != "done") and own != "zh-Hans":
            simplified = orders[publication.id, "zh-Hans", "a4"]
            cover = desk.builds.built(simplified, keys[simplified]) or cover
        files = {o["kind"]: o for o in desk.builds.outputs(cover.key, use=False) or ()} \
            if cover is not None and cover.state == "done" else {}
        ready = [(e, f) for e in EDITIONS for f in FORMATS if desk.builds.holds(keys[orders[publication.id, e, f]])]
        items.append({"publication": publication, "cover": cover, "files": files, "ready": ready})
    return page(request, "catalogue.html", items=items, editions=EDITIONS, formats=FORMATS, default_edition=own)


def _own_edition(account, traditional: bool = False) -> str:
    """The edition an account reads: its region's traditional one for an
    office; Simplified for an organizer (``traditional``: Hong Kong's, for
    a form that offers traditional editions only)."""
    if account.region == "TW":
        return "zh-Hant-TW"
    return "zh-Hant-HK" if account.region or traditional else "zh-Hans"


def _catalogue_order(publication, edition: str, fmt: str) -> Order:
    return Order(edition, fmt, tuple(str(p) for p in publication.paths), publication.kind == "compilation")


def _choices(form, editions: tuple[str, ...]) -> tuple[str, str]:
    edition, fmt = str(form.get("edition", "")), str(form.get("format", ""))
    if edition not in editions or fmt not in FORMATS:
        raise Refusal(400, M_("Choose an edition and a format from the lists."))
    return edition, fmt


def _order(request, account, kind: str, edition: str, fmt: str, publication: str | None = None,
           upload=None, copies: int | None = None, note: str | None = None):
    """Record a request, then find or start its build: (request id, job,
    whether the file was ready). The request is committed before anything
    else happens, and a refused one stays on record with its reason."""
    desk = desk_of(request)
    if upload is not None:
        order = Order(edition, fmt, (f"{UPLOADS}{upload.id}/upload-{upload.id}{upload.suffix}",))
    else:
        order = _catalogue_order(desk.catalogue.get(publication), edition, fmt)
    # (builds are limited, not downloads of what is built: 35 downloads of
    # a ready file were refused after the 30th)
    key = desk.builds.keys([order])[order]
    if not desk.builds.holds(key) and (wait := desk.builds_per_account.wait(account.id)):
        log.warning(_("%s %r: rate limit reached"), account.role, account.name)
        raise Refusal(429, M_("Too many requests; try again in {seconds} s."), retry_after=wait)
    request_id = desk.store.add_request(account.id, kind, edition, fmt, publication=publication,
                                        upload_id=upload.id if upload else None, copies=copies, note=note)
    what = publication or f"upload {upload.id} ({upload.name!r})"
    try:
        job, cached = desk.builds.order(order, key)
    except QueueFull as full:
        desk.store.refuse(request_id, "queue full")
        log.warning(_("%s %r asked for %s %s %s: refused, the queue is full (request %d)"),
                    account.role, account.name, what, edition, fmt, request_id)
        raise Refusal(503, M_("Many builds are waiting; please try again in {seconds} s."),
                      retry_after=full.retry_after) from None
    except Exception as error:
        desk.store.refuse(request_id, str(error)[:500])
        raise
    desk.store.attach(request_id, job.id)
    log.info(_("%s %r asked for %s %s %s%s%s: request %d, job %d%s"), account.role, account.name, what, edition, fmt,
             f" x{copies}" if copies else "", f" ({note!r})" if note else "", request_id, job.id,
             " (ready)" if cached else "")
    return request_id, job, cached


# ---------------------------------------------------------------- request

async def request_page(request):
    account = require(request, "request")
    desk = desk_of(request)
    publications = desk.catalogue.publications()
    if request.method == "POST":
        form = await checked_form(request)
        publication = publications.get(str(form.get("publication", "")))
        if publication is None:
            raise Refusal(400, M_("Choose a publication from the list."))
        edition, fmt = _choices(form, TRADITIONAL)
        copies = str(form.get("copies", "1")).strip() or "1"
        if not copies.isdecimal() or len(copies) > 6 or not 1 <= int(copies) <= 10000:
            raise Refusal(400, M_("The number of copies must be between 1 and 10000."))
        note = str(form.get("note", "")).strip()[:1000] or None
        request_id, _job, _new = _order(request, account, "request", edition, fmt, publication=publication.id,
                                  copies=int(copies), note=note)
        return _redirect(f"/requests/{request_id}")
    return page(request, "request.html", publications=publications, editions={e: EDITIONS[e] for e in TRADITIONAL},
                formats=FORMATS, default_edition=_own_edition(account, traditional=True),
                **_named(request, mine := desk.store.requests(account.id, kinds=("request",), limit=50)), mine=mine)


# ----------------------------------------------------------------- upload

async def upload(request):
    from publish.output import write_atomic
    from publish.sources import SUFFIXES
    from starlette.datastructures import UploadFile

    account = require(request, "upload")
    desk = desk_of(request)
    if request.method == "GET":
        return page(request, "upload.html", editions=EDITIONS, formats=FORMATS, default_edition=_own_edition(account),
                    suffixes=SUFFIXES, limit=desk.limit_for(".docx") // MB, text_limit=desk.limit_for(".txt") // MB,
                    **_named(request, mine := desk.store.requests(account.id, kinds=("upload",), limit=20)), mine=mine)
    form = await checked_form(request, limit=desk.upload_limit)
    article = form.get("article")
    if not isinstance(article, UploadFile) or not article.filename:
        raise Refusal(400, M_("Choose an article file to upload."))
    suffix = Path(article.filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise Refusal(415, M_("This kind of file cannot be read; upload an article as {types}."),
                      types=", ".join(SUFFIXES))
    data = await article.read()
    if len(data) > desk.limit_for(suffix):
        raise Refusal(413, M_("A {suffix} file may be at most {most} MB; this one has {size} MB."), suffix=suffix,
                      most=desk.limit_for(suffix) // MB, size=f"{len(data) / MB:.1f}")
    if not data.strip():
        raise Refusal(400, M_("The file is empty."))
    edition, fmt = _choices(form, tuple(EDITIONS))
    name = re.sub(r"[\x00-\x1f\x7f/\\]", "_", article.filename)[-200:]
    stored = desk.store.add_upload(account.id, name, suffix, len(data))
    write_atomic(desk.uploads / str(stored.id) / f"upload-{stored.id}{suffix}", data)
    request_id, _job, _new = _order(request, account, "upload", edition, fmt, upload=stored)
    return _redirect(f"/requests/{request_id}")


# --------------------------------------------------------------- requests

async def requests_page(request):
    account = require(request, "catalogue")
    store = desk_of(request).store
    everyone = auth.can(account, "requests.all")
    found = store.requests(None if everyone else account.id)
    return page(request, "requests.html", requests=found, everyone=everyone, **_named(request, found),
                reviews={r.id: _review(request, r.job, summary=True) for r in found})


def _named(request, rows) -> dict:
    """What a list of requests shows for each: the publication's title, the
    uploaded file's name (it showed 03-tiaoli-xuexi-biji · zh-Hant-HK · booklet)."""
    desk = desk_of(request)
    return {"titles": {p.id: p.title for p in desk.catalogue.publications().values()},
            "uploads": {r.upload_id: upload.name for r in rows if r.upload_id and (upload := desk.store.upload(r.upload_id))},
            "all_editions": EDITIONS, "all_formats": FORMATS}


def _visible(request, request_id: int):
    """The request, if the signed-in account may see it (404 otherwise, so
    an office cannot even tell another office's request exists)."""
    found = desk_of(request).store.request(request_id)
    account = require(request, "catalogue")
    if found is None or not auth.can(account, "request.view", found.account_id):
        raise Refusal(404, M_("No such request."))
    return account, found


async def request_detail(request):
    account, found = _visible(request, request.path_params["id"])
    desk = desk_of(request)
    upload = desk.store.upload(found.upload_id) if found.upload_id else None
    job = found.job
    # What the cache holds now (pictures made since included); what the job
    # made, if the cache has let it go (a download builds it again).
    outputs = (desk.builds.outputs(job.key, use=False) if job.state == "done" else None) if job else None
    outputs = outputs if outputs is not None else list(job.outputs if job else ())
    files = [o for o in outputs if o["name"].endswith((".pdf", ".txt"))]
    pictures = {o["kind"]: o for o in outputs if o["name"].endswith(".png")}
    reading = READING_FILE[found.format]
    review = _review(request, job)
    kept_as = f"{UPLOADS}{upload.id}/upload-{upload.id}{upload.suffix}" if upload else None
    if review and upload:  # the upload's own name, not where the desk keeps it
        review = review.replace(kept_as, upload.name)
    # A failure, in the reader's script and with the upload's own name; one
    # that names the upload is its file's (binary, damaged, not a document):
    # the office can mend that itself, the organizers cannot.
    error = job.error if job and job.state == "failed" and job.error else ""
    # (the build names its files by their full path: the server's folders
    # are no office's business)
    error = error.replace(f"{desk.workspace}/", "")
    unreadable = bool(upload and error.startswith(kept_as))
    if error:
        error = in_script(error.replace(kept_as, upload.name) if upload else error, language_of(request))
    return page(request, "request_detail.html", item=found, upload=upload, files=files, error=error,
                unreadable=unreadable,
                preview=pictures.get(f"{reading}.preview"), contact=pictures.get(f"{reading}.contact-sheet"),
                main=MAIN_FILE[found.format], review=review,
                publication=desk.catalogue.get(found.publication) if found.publication else None,
                editions=EDITIONS, formats=FORMATS, position=desk.builds.pending())


async def request_status(request):
    from starlette.responses import JSONResponse

    _, found = _visible(request, request.path_params["id"])
    job = found.job
    return JSONResponse({"state": found.state, "step": job.step if job else None,
                         "files": [o["kind"] for o in job.outputs] if job else []},
                        headers={"Cache-Control": "no-store"})


async def handled(request):
    account = require(request, "request.handle")
    await checked_form(request)
    store = desk_of(request).store
    found = store.request(request.path_params["id"])
    if found is None:
        raise Refusal(404, M_("No such request."))
    store.mark_handled(found.id, account.id)
    log.info(_("organizer %r marked request %d handled"), account.name, found.id)
    return _redirect(f"/requests/{found.id}")


def _review(request, job, summary: bool = False) -> str | None:
    """The proofreading list of a traditional build (its first line when
    ``summary``)."""
    if job is None or job.state != "done":
        return None
    found = desk_of(request).builds.file(job, "review")
    if found is None:
        return None
    try:
        with found[0].open(encoding="utf-8") as handle:
            text = handle.readline() if summary else handle.read(256 * 1024)
    except OSError:  # let go by the cache just now
        return None
    text = review_in(text, language_of(request))
    return text.lstrip("# ").strip() if summary else text


# ------------------------------------------------------------------ files

async def file(request):
    from urllib.parse import quote

    from starlette.responses import FileResponse, Response

    account = require(request, "catalogue")
    desk = desk_of(request)
    job = desk.store.job(request.path_params["job"])
    if job is None or (job.state != "done" and not job.outputs):
        raise Refusal(404, M_("No such file."))
    # Catalogue builds are for every account; an upload's only for whoever
    # sent it (and organizers).
    if any(p.startswith(UPLOADS) for p in job.spec["paths"]):
        owner = account.id if desk.store.may_read_job(account.id, job.id) else None
        if not auth.can(account, "file.read", owner):
            raise Refusal(404, M_("No such file."))
    kind = request.path_params["kind"]
    found = desk.builds.file(job, kind) if job.state == "done" else None
    if found is None:
        if job.state == "failed" or not any(o["kind"] == kind for o in job.outputs):
            raise Refusal(404, M_("No such file."))
        if job.state == "done":  # made once, and let go by the cache since: made again
            try:
                desk.builds.rebuild(job)
            except QueueFull as full:
                raise Refusal(503, M_("Many builds are waiting; please try again in {seconds} s."),
                              retry_after=full.retry_after) from None
        raise Refusal(503, M_("This file is being made again; please try again in {seconds} s."),
                      retry_after=desk.builds.retry_after())
    path, output = found  # the cache's copy, named by its digest: the file's own name is in the entry
    suffix = Path(output["name"]).suffix.lstrip(".")
    disposition = "inline" if suffix == "png" or request.query_params.get("view") == "1" else "attachment"
    name = _download_name(desk, job, output["name"])
    log.log(logging.DEBUG if suffix == "png" else logging.INFO, "%s %r downloaded %s of job %d", account.role,
            account.name, output["kind"], job.id)
    try:
        data = desk.files.read(path)
    except FileNotFoundError:  # let go by the cache just now: the next download builds it again
        raise Refusal(404, M_("No such file.")) from None
    if data is not None and output["kind"] == "review":  # (in the reader's language, as on the page)
        data = review_in(data.decode("utf-8"), language_of(request)).encode("utf-8")
    if data is None:
        return FileResponse(path, media_type=FILE_TYPES[suffix], filename=name, content_disposition_type=disposition,
                            headers={"Cache-Control": "private, max-age=3600"})
    return Response(data, media_type=FILE_TYPES[suffix], headers={
        "Cache-Control": "private, max-age=3600",
        "Content-Disposition": f"{disposition}; filename*=utf-8''{quote(name)}"})


def _download_name(desk, job, name: str) -> str:
    """An upload's files are named after the file the user sent; the large
    print and the Taiwan-vocabulary edition say so in the name (they came
    down as the A4 handout's and the plain Taiwan edition's: one replaced
    the other in a download folder)."""
    edition, choice = job.spec.get("edition"), job.spec.get("format")
    if edition in EDITIONS and EDITIONS[edition].edition != edition:
        name = name.replace(f".{EDITIONS[edition].edition}.", f".{edition}.", 1)
    if choice in FORMATS and FORMATS[choice].layout:
        name = re.sub(rf"\.({re.escape(FORMATS[choice].format)}\.[a-z]+)$", rf".{choice}.\1", name)
    match = re.match(r"upload-(\d+)(\..*)$", name)
    if not match:
        return name
    upload = desk.store.upload(int(match.group(1)))
    return (Path(upload.name).stem if upload else "article") + match.group(2)
