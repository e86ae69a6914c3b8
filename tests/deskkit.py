"""Helpers for the desk's tests: a workspace with accounts, a signed-in
client, waiting for a build. The app and its build pool are real."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES, make_workspace

PASSWORDS = {"hk": "hk-password-1", "tw": "tw-password-1", "org": "org-password-1", "hk2": "hk2-password-1"}


def desk_workspace(root: Path) -> Path:
    """Two short articles and four accounts: offices hk, hk2 (Hong Kong)
    and tw (Taiwan), organizer org."""
    from publish.desk.app import open_store
    from publish.desk.auth import hash_password

    workspace = make_workspace(root, {"guide.md": (FIXTURES / "guide.md").read_text("utf-8"),
                                      "news.txt": (FIXTURES / "news.txt").read_bytes()})
    store = open_store(workspace)
    for name, role, region in (("hk", "office", "HK"), ("hk2", "office", "HK"), ("tw", "office", "TW"),
                               ("org", "organizer", None)):
        store.add_account(name, role, hash_password(PASSWORDS[name]), region)
    store.close()
    return workspace


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client, name: str, password: str | None = None):
    page = client.get("/login")
    answer = client.post("/login", data={"csrf": csrf_of(page.text), "name": name,
                                          "password": password or PASSWORDS[name], "next": "/catalogue"},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client


def client(app, name: str | None = None, **headers):
    """A test client of the in-process app, signed in as ``name``."""
    from starlette.testclient import TestClient

    fresh = TestClient(app, headers=headers or None)
    return sign_in(fresh, name) if name else fresh


def upload(who, name: str, data: bytes, edition: str = "zh-Hant-HK", fmt: str = "a4"):
    return who.post("/upload", data={"csrf": token(who, "/upload"), "edition": edition, "format": fmt},
                    files={"article": (name, data, "application/octet-stream")}, follow_redirects=False)


def token(client, path: str = "/catalogue") -> str:
    return csrf_of(client.get(path).text)


def wait_for(client, request_id: int, seconds: float = 120) -> dict:
    """Poll a request's status until its build ends."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(f"/requests/{request_id}/status").json()
        if status["state"] not in ("queued", "running"):
            return status
        time.sleep(0.3)
    raise AssertionError(f"request {request_id} still building after {seconds} s")


def request_id_of(answer) -> int:
    match = re.fullmatch(r"/requests/(\d+)", answer.headers["location"])
    assert match, answer.headers.get("location")
    return int(match.group(1))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(workspace: Path, port: int, *args: str) -> subprocess.Popen:
    """``publish serve`` in its own process group (so that the whole server,
    build workers included, can be killed at once), once it answers."""
    log = (workspace / "serve.log").open("a")
    process = subprocess.Popen([sys.executable, "-m", "publish", "serve", "--port", str(port), *args],
                               cwd=workspace, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                               env={**os.environ, "PUBLISH_LANG": "en"})
    log.close()
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                kill_server(process)
                raise AssertionError("publish serve did not start:\n" + (workspace / "serve.log").read_text())
            time.sleep(0.2)


def kill_server(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Signal the server's whole process group and wait for the server."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


@contextlib.contextmanager
def serving(workspace: Path, *args: str):
    """A running server's base URL; stopped (SIGTERM, as Ctrl-C would) after."""
    port = free_port()
    process = start_server(workspace, port, *args)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        kill_server(process, signal.SIGTERM)
