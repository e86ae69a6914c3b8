"""A server killed in the middle of builds loses no request: each was
recorded before it was acknowledged, and at the next start every job left
queued or running is built again (or failed, after too many tries)."""

from __future__ import annotations

import time

import pytest

from deskkit import desk_workspace, free_port, kill_server, request_id_of, sign_in, start_server, token, wait_for

httpx = pytest.importorskip("httpx")


def test_killed_server_resumes_its_jobs_and_loses_no_request(tmp_path):
    workspace = desk_workspace(tmp_path / "ws")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(workspace, port, "--workers", "1")
    try:
        office = sign_in(httpx.Client(base_url=base, timeout=30), "hk")
        asked = []
        for publication, edition, fmt in (("guide", "zh-Hant-HK", "booklet"), ("news", "zh-Hant-HK", "a4"),
                                          ("guide", "zh-Hant-TW", "a4"), ("news", "zh-Hant-TW", "phone")):
            answer = office.post("/request", data={"csrf": token(office, "/request"), "publication": publication,
                                                   "edition": edition, "format": fmt, "copies": "5"})
            asked.append(request_id_of(answer))
        # Kill the whole server (web process and build workers) while the
        # first build runs and the others wait.
        deadline = time.monotonic() + 120
        while office.get(f"/requests/{asked[0]}/status").json()["state"] != "running":
            assert time.monotonic() < deadline, "the first build never started"
            time.sleep(0.1)
        kill_server(server)
    finally:
        kill_server(server)

    from publish.desk.app import open_store

    store = open_store(workspace)
    states = {r.id: r.state for r in store.requests()}
    store.close()
    assert sorted(states) == sorted(asked)                      # every request on record
    assert "running" in states.values() or "queued" in states.values()  # killed mid-way

    server = start_server(workspace, port, "--workers", "1")
    try:
        office = sign_in(httpx.Client(base_url=base, timeout=30), "hk")
        for request_id in asked:
            assert wait_for(office, request_id, 240)["state"] == "done", request_id
        pdf = office.get(f"/files/{_job(workspace, asked[0])}/booklet")
        assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    finally:
        kill_server(server)
    log = (workspace / "serve.log").read_text()
    assert "resumed after a restart" in log
    assert "'hk' asked for guide zh-Hant-HK booklet x5" in log  # who asked for what


def _job(workspace, request_id: int) -> int:
    from publish.desk.app import open_store

    store = open_store(workspace)
    try:
        return store.request(request_id).job_id
    finally:
        store.close()


def test_a_job_interrupted_too_often_fails_instead_of_looping(tmp_path):
    from publish.desk.app import open_store
    from publish.desk.jobs import MAX_ATTEMPTS, Builds, Order

    workspace = desk_workspace(tmp_path / "ws")
    store = open_store(workspace)
    job_id = store.add_job("key", Order("zh-Hant-HK", "a4", ("articles/guide.md",)).spec())
    for _ in range(MAX_ATTEMPTS):
        store.job_started(job_id)  # each start a server that died during the build
    builds = Builds(workspace, store, 1, 4, 60)
    builds.start()
    try:
        job = store.job(job_id)
        assert job.state == "failed" and job.error == "interrupted"
        assert builds.pending() == 0
    finally:
        builds.shutdown()
        store.close()


def test_a_server_stopped_of_itself_mid_build_does_not_use_up_the_job(tmp_path):
    """Stopped twice with Ctrl-C while one build ran (a restart, then
    another), the desk failed the request as "interrupted 2 times": a clean
    stop gives the attempt back; a crash still counts."""
    from publish.desk.app import open_store
    from publish.desk.jobs import Builds, Order

    workspace = desk_workspace(tmp_path / "ws")
    store = open_store(workspace)
    job_id = store.add_job("key", Order("zh-Hant-HK", "booklet", ("articles/guide.md",)).spec())
    try:
        for _ in range(3):
            builds = Builds(workspace, store, 1, 4, 60)
            builds.start()
            try:
                deadline = time.monotonic() + 60
                while store.job(job_id).state != "running":
                    assert time.monotonic() < deadline, store.job(job_id)
                    time.sleep(0.05)
            finally:
                builds.shutdown()  # as Ctrl-C does, mid-build
            assert store.job(job_id).state == "running" and store.job(job_id).attempts == 0
    finally:
        store.close()


def _children(pid: int) -> list[int]:
    from pathlib import Path

    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_a_server_killed_outright_leaves_no_worker_behind(tmp_path):
    """kill -9 of the server alone (the OOM killer, a careless admin): its
    build workers went on with their builds for nobody, 400 MB each, and
    stayed when they were done."""
    import os
    import signal

    workspace = desk_workspace(tmp_path / "ws")
    port = free_port()
    server = start_server(workspace, port, "--workers", "1")
    try:
        office = sign_in(httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30), "hk")
        answer = office.post("/request", data={"csrf": token(office, "/request"), "publication": "guide",
                                               "edition": "zh-Hant-HK", "format": "booklet", "copies": "5"})
        asked = request_id_of(answer)
        deadline = time.monotonic() + 120
        while office.get(f"/requests/{asked}/status").json()["state"] != "running":
            assert time.monotonic() < deadline, "the build never started"
            time.sleep(0.1)
        workers = _children(server.pid)
        assert workers
        os.kill(server.pid, signal.SIGKILL)  # the server alone, not its group
        server.wait(10)
        deadline = time.monotonic() + 15
        while [pid for pid in workers if os.path.exists(f"/proc/{pid}")
               and open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"]:
            assert time.monotonic() < deadline, "a worker outlived its server"
            time.sleep(0.2)
    finally:
        kill_server(server)
