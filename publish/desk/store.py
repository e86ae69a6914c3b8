"""The desk's state: SQLite in ``.publish/desk.sqlite3`` (WAL mode).

Accounts, uploads, requests and the jobs that build them. A request is
written (and committed) before the web page acknowledges it, so a server
killed at any moment loses no request; jobs left queued or running by a
killed server are found again at start-up (``unfinished_jobs``).

Rows come back as frozen dataclasses; nothing outside this module writes SQL.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROLES = ("office", "organizer")
REGIONS = ("HK", "TW")
# A job is queued, running, then done or failed; a request without a job
# was refused (a full queue) and says why.
JOB_STATES = ("queued", "running", "done", "failed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('office', 'organizer')),
    region TEXT CHECK (region IN ('HK', 'TW')),
    password TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    spec TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    step TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    outputs TEXT,
    created TEXT NOT NULL,
    started TEXT,
    finished TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_key ON jobs (key, state);
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    suffix TEXT NOT NULL,
    size INTEGER NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL CHECK (kind IN ('request', 'download', 'upload')),
    publication TEXT,
    upload_id INTEGER REFERENCES uploads (id),
    edition TEXT NOT NULL,
    format TEXT NOT NULL,
    copies INTEGER,
    note TEXT,
    job_id INTEGER REFERENCES jobs (id),
    refusal TEXT,
    created TEXT NOT NULL,
    handled TEXT,
    handled_by INTEGER REFERENCES accounts (id)
);
CREATE INDEX IF NOT EXISTS requests_by_account ON requests (account_id, id);
CREATE INDEX IF NOT EXISTS requests_by_job ON requests (job_id);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str
    region: str | None
    password: str  # the argon2 hash

    @property
    def is_organizer(self) -> bool:
        return self.role == "organizer"


@dataclass(frozen=True)
class Upload:
    id: int
    account_id: int
    name: str     # as the user's browser sent it: shown, never used as a path
    suffix: str
    size: int
    created: str


@dataclass(frozen=True)
class Job:
    id: int
    key: str
    spec: dict
    state: str
    step: str | None
    error: str | None
    attempts: int
    outputs: tuple[dict, ...]
    created: str
    started: str | None
    finished: str | None


@dataclass(frozen=True)
class Request:
    id: int
    account_id: int
    account: str
    kind: str
    publication: str | None
    upload_id: int | None
    edition: str
    format: str
    copies: int | None
    note: str | None
    job_id: int | None
    refusal: str | None
    created: str
    handled: str | None
    handled_by: str | None
    job: Job | None

    @property
    def state(self) -> str:
        return self.job.state if self.job else "refused"


class Store:
    """One connection shared by the web process's threads (behind a lock:
    every statement is short); build workers open their own."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL with synchronous=NORMAL: a committed row survives a killed
        # process (not a power cut), and commits cost no fsync each.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _run(self, sql: str, args=()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, args)

    def _all(self, sql: str, args=()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # ------------------------------------------------------------ accounts

    def add_account(self, name: str, role: str, password_hash: str, region: str | None = None) -> Account:
        self._run("INSERT INTO accounts (name, role, region, password, created) VALUES (?, ?, ?, ?, ?)",
                  (name, role, region, password_hash, now()))
        return self.account_named(name)

    def set_password(self, account_id: int, password_hash: str) -> None:
        self._run("UPDATE accounts SET password = ? WHERE id = ?", (password_hash, account_id))

    def account_named(self, name: str) -> Account | None:
        rows = self._all("SELECT id, name, role, region, password FROM accounts WHERE name = ?", (name,))
        return Account(*rows[0]) if rows else None

    def account(self, account_id: int) -> Account | None:
        rows = self._all("SELECT id, name, role, region, password FROM accounts WHERE id = ?", (account_id,))
        return Account(*rows[0]) if rows else None

    def accounts(self) -> list[Account]:
        return [Account(*row) for row in self._all("SELECT id, name, role, region, password FROM accounts ORDER BY name")]

    # ------------------------------------------------------------- uploads

    def add_upload(self, account_id: int, name: str, suffix: str, size: int) -> Upload:
        cursor = self._run("INSERT INTO uploads (account_id, name, suffix, size, created) VALUES (?, ?, ?, ?, ?)",
                           (account_id, name, suffix, size, now()))
        return self.upload(cursor.lastrowid)

    def upload(self, upload_id: int) -> Upload | None:
        rows = self._all("SELECT id, account_id, name, suffix, size, created FROM uploads WHERE id = ?", (upload_id,))
        return Upload(*rows[0]) if rows else None

    # ---------------------------------------------------------------- jobs

    def add_job(self, key: str, spec: dict) -> int:
        cursor = self._run("INSERT INTO jobs (key, spec, state, created) VALUES (?, ?, 'queued', ?)",
                           (key, json.dumps(spec, sort_keys=True), now()))
        return cursor.lastrowid

    def job(self, job_id: int) -> Job | None:
        rows = self._all("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return _job(rows[0]) if rows else None

    def done_job(self, key: str) -> Job | None:
        """The latest finished build with this content key."""
        rows = self._all("SELECT * FROM jobs WHERE key = ? AND state = 'done' ORDER BY id DESC LIMIT 1", (key,))
        return _job(rows[0]) if rows else None

    def unfinished_jobs(self) -> list[Job]:
        return [_job(row) for row in self._all("SELECT * FROM jobs WHERE state IN ('queued', 'running') ORDER BY id")]

    def job_started(self, job_id: int) -> None:
        self._run("UPDATE jobs SET state = 'running', started = ?, attempts = attempts + 1 WHERE id = ?",
                  (now(), job_id))

    def jobs_given_back(self) -> None:
        """The builds running when the server stops of itself (Ctrl-C, a
        restart): their attempt does not count, as one a crash cut short
        does."""
        self._run("UPDATE jobs SET attempts = MAX(attempts - 1, 0) WHERE state = 'running'", ())

    def job_step(self, job_id: int, step: str) -> None:
        self._run("UPDATE jobs SET step = ? WHERE id = ?", (step, job_id))

    def job_done(self, job_id: int, outputs: list[dict], key: str | None = None) -> None:
        """Finished, with the files it made; ``key``: what it was built as,
        when the workspace changed while it waited."""
        self._run("UPDATE jobs SET state = 'done', outputs = ?, finished = ?, error = NULL, key = COALESCE(?, key)"
                  " WHERE id = ?", (json.dumps(outputs), now(), key, job_id))

    def job_failed(self, job_id: int, error: str) -> None:
        self._run("UPDATE jobs SET state = 'failed', error = ?, finished = ? WHERE id = ?", (error, now(), job_id))

    def job_requeued(self, job_id: int, key: str) -> None:
        self._run("UPDATE jobs SET state = 'queued', step = NULL, key = ? WHERE id = ?", (key, job_id))

    # ------------------------------------------------------------ requests

    def add_request(self, account_id: int, kind: str, edition: str, fmt: str, publication: str | None = None,
                    upload_id: int | None = None, copies: int | None = None, note: str | None = None) -> int:
        cursor = self._run(
            "INSERT INTO requests (account_id, kind, publication, upload_id, edition, format, copies, note, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (account_id, kind, publication, upload_id, edition, fmt, copies, note, now()))
        return cursor.lastrowid

    def attach(self, request_id: int, job_id: int) -> None:
        self._run("UPDATE requests SET job_id = ? WHERE id = ?", (job_id, request_id))

    def refuse(self, request_id: int, reason: str) -> None:
        self._run("UPDATE requests SET refusal = ? WHERE id = ?", (reason, request_id))

    def mark_handled(self, request_id: int, by: int) -> None:
        self._run("UPDATE requests SET handled = ?, handled_by = ? WHERE id = ?", (now(), by, request_id))

    def request(self, request_id: int) -> Request | None:
        found = self._requests("WHERE r.id = ?", (request_id,))
        return found[0] if found else None

    def requests(self, account_id: int | None = None, kinds: tuple[str, ...] = ("request", "download", "upload"),
                 limit: int = 200) -> list[Request]:
        """The latest requests, newest first: one account's, or everyone's."""
        marks = ",".join("?" * len(kinds))
        if account_id is None:
            return self._requests(f"WHERE r.kind IN ({marks}) ORDER BY r.id DESC LIMIT ?", (*kinds, limit))
        return self._requests(f"WHERE r.account_id = ? AND r.kind IN ({marks}) ORDER BY r.id DESC LIMIT ?",
                              (account_id, *kinds, limit))

    def may_read_job(self, account_id: int, job_id: int) -> bool:
        """True when one of the account's own requests is served by the job."""
        return bool(self._all("SELECT 1 FROM requests WHERE account_id = ? AND job_id = ? LIMIT 1",
                              (account_id, job_id)))

    def counts(self) -> dict[str, int]:
        """Requests by state, for the load test's accounting."""
        rows = self._all("SELECT COALESCE(j.state, 'refused'), COUNT(*) FROM requests r"
                         " LEFT JOIN jobs j ON j.id = r.job_id GROUP BY 1")
        return {state: count for state, count in rows}

    def _requests(self, where: str, args) -> list[Request]:
        rows = self._all(
            "SELECT r.id, r.account_id, a.name, r.kind, r.publication, r.upload_id, r.edition, r.format,"
            " r.copies, r.note, r.job_id, r.refusal, r.created, r.handled, h.name"
            " FROM requests r JOIN accounts a ON a.id = r.account_id"
            " LEFT JOIN accounts h ON h.id = r.handled_by " + where, args)
        ids = sorted({row["job_id"] for row in rows if row["job_id"] is not None})
        jobs = {}
        if ids:
            jobs = {row["id"]: _job(row) for row in self._all(
                f"SELECT * FROM jobs WHERE id IN ({','.join('?' * len(ids))})", ids)}
        return [Request(*tuple(row), jobs.get(row["job_id"])) for row in rows]


def _job(row: sqlite3.Row) -> Job:
    return Job(row["id"], row["key"], json.loads(row["spec"]), row["state"], row["step"], row["error"],
               row["attempts"], tuple(json.loads(row["outputs"] or "[]")), row["created"], row["started"],
               row["finished"])
