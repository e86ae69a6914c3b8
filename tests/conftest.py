"""Shared fixtures: throwaway workspaces and real builds.

Builds are real (WeasyPrint, fonts, OpenCC); the expensive ones are made once
per session and shared by the tests that read them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import sys
from pathlib import Path

import pytest

# Messages asserted in-process are the English ones, whatever the machine's locale.
os.environ.setdefault("PUBLISH_LANG", "en")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def make_workspace(root: Path, articles: dict[str, str | bytes] | None = None) -> Path:
    """A workspace folder with the given articles under articles/."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    for name, content in (articles or {}).items():
        path = root / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real console entry point in a subprocess, as a user would.
    Messages are in English unless ``env`` asks for another language."""
    return subprocess.run(
        [sys.executable, "-m", "publish", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, "PUBLISH_LANG": "en", **(env or {})}, timeout=300,
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


@pytest.fixture(scope="session")
def news_txt() -> Path:
    return FIXTURES / "news.txt"


@pytest.fixture(scope="session")
def guide_md() -> Path:
    return FIXTURES / "guide.md"


@pytest.fixture(scope="session")
def handout_pdfs(tmp_path_factory) -> dict[str, Path]:
    """The two fixture articles built once as A4 handouts."""
    from publish.build import BuildOptions, build

    out = tmp_path_factory.mktemp("handouts")
    options = BuildOptions(workspace=FIXTURES, out_dir=out)
    outputs = build([FIXTURES / "news.txt", FIXTURES / "guide.md"], options)
    return {o.path.name.split(".")[0]: o.path for o in outputs}


@pytest.fixture
def listener():
    """A TCP listener on loopback that records every connection attempt."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits: list[str] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append("connection")
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join(1)
    server.close()
