"""Load test of the request desk (``publish serve``), on loopback only,
bounded in count and time.

    .venv/bin/python benchmarks/desk_load.py [--offices 50] [--downloads 2000] [--deadline 900]

1. **50 offices at once.** Each signs in, then all post a request at the
   same moment: most ask for an edition already built (served at once), the
   others for new builds (some of them the same one, which builds once).
   Each polls its request and downloads the file. Every request must end in
   a file (a valid PDF) or a clear refusal (429 / 503 with Retry-After).
2. **Cached downloads.** ``--downloads`` GETs of a built PDF by 50
   concurrent clients: requests per second (target >= 200). Anchor, same
   run: the same client load on a bare Starlette app serving the same file
   with no session, database or permission check.
3. **A new build's first byte**: from posting the request to the first byte
   of the PDF. Anchor, same run: ``publish build`` of the same article and
   format as one command.
4. **Peak memory** of the server and its build workers (RSS summed,
   sampled every 0.1 s) with ``--workers 2`` (target < 1 GB). Anchor: the
   idle server just started.
5. **Kill and restart.** New requests, the server killed (SIGKILL, whole
   process group) while they build, started again: every request must be
   on record and end done or failed.

The machine is shared: figures vary with its load; compare each with its
anchor from the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import psutil  # noqa: E402

from deskkit import free_port, kill_server, start_server  # noqa: E402

PASSWORD = "load-test-password"
EDITIONS = ("zh-Hant-HK", "zh-Hant-TW", "zh-Hant-TW-vocabulary")
FORMATS = ("a4", "booklet", "phone", "large-print")


class Memory:
    """Peak RSS of a process and its children, sampled in a thread."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def now(self, web_only: bool = False) -> int:
        total = 0
        try:
            for process in [self.root, *([] if web_only else self.root.children(recursive=True))]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        return total

    def _sample(self) -> None:
        self.web_peak = 0
        while not self._stop.is_set():
            self.peak = max(self.peak, self.now())
            self.web_peak = max(self.web_peak, self.now(web_only=True))
            time.sleep(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def make_workspace(root: Path, offices: int) -> Path:
    from publish.desk.app import open_store
    from publish.desk.auth import hash_password

    (root / "articles").mkdir(parents=True)
    for article in sorted((REPO / "articles").glob("*.*")):
        shutil.copy(article, root / "articles")
    if (REPO / "articles" / "images").is_dir():
        shutil.copytree(REPO / "articles" / "images", root / "articles" / "images")
    store = open_store(root)
    hashed = hash_password(PASSWORD)  # one hash for all: argon2 takes ~0.1 s a hash
    for n in range(offices):
        store.add_account(f"office{n:02d}", "office", hashed, "HK" if n % 2 else "TW")
    store.close()
    return root


async def sign_in(base: str, name: str) -> httpx.AsyncClient:
    from deskkit import csrf_of

    # idle connections dropped before uvicorn closes them (5 s): no reuse race
    client = httpx.AsyncClient(base_url=base, timeout=120,
                               limits=httpx.Limits(max_connections=4, keepalive_expiry=2))
    page = await client.get("/login")
    answer = await client.post("/login", data={"csrf": csrf_of(page.text), "name": name, "password": PASSWORD})
    assert answer.status_code == 303, answer.text[:200]
    return client


async def ask(client: httpx.AsyncClient, publication: str, edition: str, fmt: str) -> dict:
    """Post a request, follow it to its file or its refusal."""
    from deskkit import csrf_of

    token = csrf_of((await client.get("/request")).text)
    started = time.perf_counter()
    answer = await client.post("/request", data={"csrf": token, "publication": publication, "edition": edition,
                                                 "format": fmt, "copies": "10"})
    if answer.status_code in (429, 503):
        return {"outcome": "refused", "status": answer.status_code,
                "clear": "retry-after" in answer.headers and 'class="error"' in answer.text}
    if answer.status_code != 303:
        return {"outcome": "error", "status": answer.status_code}
    request_id = int(answer.headers["location"].rsplit("/", 1)[1])
    while True:
        status = (await client.get(f"/requests/{request_id}/status")).json()
        if status["state"] not in ("queued", "running"):
            break
        await asyncio.sleep(0.25)
    if status["state"] != "done":
        return {"outcome": "failed", "request": request_id, "state": status["state"]}
    page = (await client.get(f"/requests/{request_id}")).text
    main = {"a4": "a4", "large-print": "a4", "booklet": "booklet", "phone": "phone"}[fmt]
    link = page.split(f'data-kind="{main}"')[0].rsplit('href="', 1)[1].split('"')[0]
    first_byte = None
    body = b""
    async with client.stream("GET", link) as response:
        async for chunk in response.aiter_bytes():
            if first_byte is None:
                first_byte = time.perf_counter() - started
            body += chunk
    ok = response.status_code == 200 and body[:5] == b"%PDF-" and b"%%EOF" in body[-1024:]
    return {"outcome": "file" if ok else "error", "request": request_id, "first_byte": first_byte,
            "link": link, "bytes": len(body)}


async def phase_at_once(base: str, offices: int, articles: list[str]) -> tuple[list[dict], list, str]:
    clients = await asyncio.gather(*(sign_in(base, f"office{n:02d}") for n in range(offices)))
    # Warm one edition so that most offices find it built.
    warm = await ask(clients[0], articles[0], "zh-Hant-HK", "a4")
    assert warm["outcome"] == "file", warm
    orders = []
    for n in range(offices):
        if n % 10 < 7:  # 70 % ask for what is built
            orders.append((articles[0], "zh-Hant-HK", "a4", "cached"))
        else:          # 30 % new builds, in pairs: two offices ask for each
            k = (n // 2) % 12
            orders.append((articles[1 + k % (len(articles) - 1)], EDITIONS[k % 3], FORMATS[k % 4], "new"))
    started = time.perf_counter()
    results = await asyncio.gather(*(ask(c, *order[:3]) for c, order in zip(clients, orders)))
    wall = time.perf_counter() - started
    for result, order in zip(results, orders):
        result["kind"] = order[3]
    return results, clients, warm["link"], wall


async def fetch_many(port: int, path: str, cookie: str | None, connections: int, count: int) -> float:
    """Requests per second of ``count`` keep-alive GETs of ``path`` over
    ``connections`` connections at once. A bare asyncio HTTP/1.1 client:
    a Python HTTP library would be the bottleneck, not the server. Each
    answer must be 200 with a whole PDF."""
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n").encode()
    left = count

    async def connection():
        nonlocal left
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while left > 0:
                left -= 1
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = head.split(b" ", 2)[1]
                length = int(head.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
                body = await reader.readexactly(length)
                if status != b"200" or body[:5] != b"%PDF-":
                    raise AssertionError(f"a download failed: {head[:80]!r}")
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(connections)))
    return count / (time.perf_counter() - started)


def bare_server(pdf: Path, port: int) -> subprocess.Popen:
    """The anchor: Starlette serving the same file, nothing else."""
    code = ("import sys, uvicorn\nfrom starlette.applications import Starlette\n"
            "from starlette.responses import FileResponse\nfrom starlette.routing import Route\n"
            f"async def pdf(request):\n    return FileResponse({str(pdf)!r}, media_type='application/pdf')\n"
            "app = Starlette(routes=[Route('/f', pdf)])\n"
            f"uvicorn.run(app, host='127.0.0.1', port={port}, log_level='warning')\n")
    process = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/f", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the anchor server did not start")


def cli_build_seconds(workspace: Path, article: str) -> float:
    """The anchor of a new build: the same build as one ``publish build``."""
    out = Path(tempfile.mkdtemp())
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "publish", "build", "-e", "zh-Hant-TW", "-f", "a4", "-o", str(out),
                    f"articles/{article}"], cwd=workspace, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    shutil.rmtree(out)
    return seconds


async def phase_kill(workspace: Path, port: int, articles: list[str]) -> dict:
    base = f"http://127.0.0.1:{port}"
    server = start_server(workspace, port, "--workers", "2")
    client = await sign_in(base, "office00")
    from deskkit import csrf_of

    asked = []
    for k, article in enumerate(articles[:8]):
        token = csrf_of((await client.get("/request")).text)
        answer = await client.post("/request", data={"csrf": token, "publication": Path(article).stem,
                                                     "edition": "zh-Hant-TW-vocabulary", "format": FORMATS[k % 4]})
        if answer.status_code == 303:
            asked.append(int(answer.headers["location"].rsplit("/", 1)[1]))
    deadline = time.monotonic() + 120
    while (await client.get(f"/requests/{asked[0]}/status")).json()["state"] == "queued":
        assert time.monotonic() < deadline
        await asyncio.sleep(0.1)
    await client.aclose()
    kill_server(server)

    from publish.desk.app import open_store

    store = open_store(workspace)
    before = {r.id: r.state for r in store.requests(limit=100000)}
    store.close()
    server = start_server(workspace, port, "--workers", "2")
    try:
        client = await sign_in(base, "office00")
        deadline = time.monotonic() + 600
        while True:
            states = [(await client.get(f"/requests/{r}/status")).json()["state"] for r in asked]
            if all(s not in ("queued", "running") for s in states) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        await client.aclose()
    finally:
        kill_server(server, signal.SIGTERM)
    store = open_store(workspace)
    after = {r.id: r.state for r in store.requests(limit=100000)}
    store.close()
    return {"asked": len(asked), "interrupted": sum(before[r] in ("queued", "running") for r in asked),
            "on_record": sum(r in after for r in asked), "done": sum(after.get(r) == "done" for r in asked),
            "failed": sum(after.get(r) == "failed" for r in asked),
            "lost": sum(r not in after or after[r] in ("queued", "running") for r in asked),
            "all_on_record": set(before) <= set(after)}


async def main_async(args) -> int:
    root = Path(tempfile.mkdtemp(prefix="desk-load-"))
    try:
        workspace = make_workspace(root / "ws", args.offices)
        articles = sorted(p.name for p in (workspace / "articles").glob("*.*") if p.suffix in (".md", ".txt"))
        stems = [Path(a).stem for a in articles]
        port = free_port()
        server = start_server(workspace, port, "--workers", "2", "--queue", "16")
        memory = Memory(server.pid)
        time.sleep(1.0)
        idle = memory.now()
        try:
            results, clients, link, wall = await phase_at_once(f"http://127.0.0.1:{port}", args.offices, stems)
            cookie = "publish_desk=" + clients[0].cookies["publish_desk"]
            await asyncio.gather(*(c.aclose() for c in clients))
            rps = await fetch_many(port, link, cookie, args.offices, args.downloads)
            # the anchor serves the very file the desk served (from its cache)
            pdf = root / "anchor.pdf"
            pdf.write_bytes(httpx.get(f"http://127.0.0.1:{port}{link}", headers={"Cookie": cookie}).content)
        finally:
            peak = memory.stop()
            kill_server(server, signal.SIGTERM)
        anchor_port = free_port()
        anchor = bare_server(pdf, anchor_port)
        try:
            bare_rps = await fetch_many(anchor_port, "/f", None, args.offices, args.downloads)
        finally:
            kill_server(anchor)
        cli_seconds = cli_build_seconds(workspace, articles[1])
        killed = await phase_kill(workspace, port, articles[1:])
    finally:
        shutil.rmtree(root, ignore_errors=True)

    by = {}
    for result in results:
        by.setdefault(result["outcome"], []).append(result)
    new = sorted(r["first_byte"] for r in results if r["kind"] == "new" and r["outcome"] == "file")
    cached = sorted(r["first_byte"] for r in results if r["kind"] == "cached" and r["outcome"] == "file")
    refusals_clear = all(r["clear"] for r in by.get("refused", []))
    print(f"desk load test: {args.offices} offices, --workers 2, {os.cpu_count()} cores "
          f"(load average {os.getloadavg()[0]:.1f}: the machine is shared, compare with the anchors)")
    print(f"{'figure':<46} {'desk':>12} {'anchor':>12}  anchor")
    print(f"{f'{args.offices} requests at once: wall time (s)':<46} {wall:>12.1f}")
    print(f"{'  ended in a file':<46} {len(by.get('file', [])):>12}")
    print(f"{'  refused clearly (429/503 + Retry-After)':<46} {len(by.get('refused', [])):>12}")
    print(f"{'  failed or error (must be 0)':<46} {len(by.get('failed', [])) + len(by.get('error', [])):>12}")
    print(f"{'cached downloads (requests/s, target >= 200)':<46} {rps:>12.0f} {bare_rps:>12.0f}  "
          f"bare Starlette FileResponse, same file and clients")
    if cached:
        print(f"{'request of a built edition to first byte (s)':<46} {cached[len(cached) // 2]:>12.2f}")
    if new:
        print(f"{'new build to first byte, fastest (s)':<46} {new[0]:>12.1f} {cli_seconds:>12.1f}  "
              f"one `publish build` of such an article")
        print(f"{'new build to first byte, median (s)':<46} {new[len(new) // 2]:>12.1f}")
        print(f"{'new build to first byte, slowest (s)':<46} {new[-1]:>12.1f}")
    print(f"{'peak memory, server + 2 workers (MB, < 1024)':<46} {peak / 2**20:>12.0f} {idle / 2**20:>12.0f}  "
          f"the idle server")
    print(f"{'  of which the web process (MB)':<46} {memory.web_peak / 2**20:>12.0f}")
    print(f"{'kill -9 during builds, restart: requests':<46} {killed['asked']:>12}")
    print(f"{'  interrupted (queued or running at the kill)':<46} {killed['interrupted']:>12}")
    print(f"{'  on record after the restart':<46} {killed['on_record']:>12}")
    print(f"{'  done / failed / lost (lost must be 0)':<46} "
          f"{str(killed['done']) + ' / ' + str(killed['failed']) + ' / ' + str(killed['lost']):>12}")
    ok = (not by.get("failed") and not by.get("error") and refusals_clear and killed["lost"] == 0
          and killed["all_on_record"])
    print("every request ended in a file or a clear refusal, none lost" if ok else "SOME REQUESTS WERE LOST OR FAILED")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offices", type=int, default=50)
    parser.add_argument("--downloads", type=int, default=2000)
    parser.add_argument("--deadline", type=float, default=900, help="seconds before the test gives up")
    args = parser.parse_args()
    try:
        return asyncio.run(asyncio.wait_for(main_async(args), args.deadline))
    except asyncio.TimeoutError:
        print(f"desk load test: not finished in {args.deadline:.0f} s")
        return 1


if __name__ == "__main__":
    sys.exit(main())
