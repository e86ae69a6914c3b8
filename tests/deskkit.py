"""Helpers for the desk's tests: a workspace with accounts, a signed-in
client, waiting for a build. The app and its build pool are real."""

from __future__ import annotations

import re
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
