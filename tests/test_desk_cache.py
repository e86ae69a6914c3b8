"""The desk builds through the library: one cache shared with ``publish
build`` (a file built on the command line is served at once, and the other
way round), files the cache lets go are built again, a worker that dies
takes no job with it, and a job that runs too long is stopped."""

from __future__ import annotations

import re
import time

import pytest

from conftest import run_cli
from deskkit import client, desk_workspace, request_id_of, token, upload, wait_for

pytest.importorskip("starlette")
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A desk over a fresh workspace, run from the workspace's folder as
    ``publish serve`` is; (app, workspace)."""
    from starlette.testclient import TestClient

    from publish.desk.app import create_app

    workspace = desk_workspace(tmp_path / "ws")
    monkeypatch.chdir(workspace)
    application = create_app(workspace, workers=1, queue_limit=8, timeout=120)
    with TestClient(application):
        yield application, workspace


def download(who, publication: str, edition: str, fmt: str):
    return who.post("/catalogue", data={"csrf": token(who), "publication": publication, "edition": edition,
                                        "format": fmt}, follow_redirects=False)


def test_what_the_command_line_built_is_served_at_once_and_the_other_way_round(desk):
    app, workspace = desk
    built = run_cli("build", "-e", "zh-Hant-HK", "-f", "booklet", "articles/guide.md", cwd=workspace)
    assert built.returncode == 0, built.stderr
    hk = client(app, "hk")
    answer = download(hk, "guide", "zh-Hant-HK", "booklet")
    # straight to the file: no build was queued for it
    assert answer.status_code == 303 and re.fullmatch(r"/files/\d+/booklet", answer.headers["location"])
    served = hk.get(answer.headers["location"])
    assert served.content == (workspace / "dist" / "guide.zh-Hant-HK.booklet.pdf").read_bytes()
    job = app.state.desk.store.job(int(answer.headers["location"].split("/")[2]))
    assert job.attempts == 0  # never run by a worker
    review = hk.get(f"/files/{job.id}/review").text
    # the same list, its notes in the office's language (the command line's: English)
    from publish.edition.review import restated

    assert review == restated((workspace / "dist" / "guide.zh-Hant-HK.review.txt").read_text("utf-8"), "zh_HK")
    assert "context-dependent" in (workspace / "dist" / "guide.zh-Hant-HK.review.txt").read_text("utf-8")
    assert "articles/guide.md:" in review  # named as the organizer's build names it

    # The desk builds the Taiwan A4 handout of news.txt; the command line
    # then takes it from the cache, typesetting nothing.
    answer = download(hk, "news", "zh-Hant-TW", "a4")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/requests/")
    assert wait_for(hk, request_id_of(answer))["state"] == "done"
    again = run_cli("build", "-e", "zh-Hant-TW", "-f", "a4", "articles/news.txt", cwd=workspace)
    assert again.returncode == 0, again.stderr
    assert "news.zh-Hant-TW.a4.pdf" in again.stderr and "from the cache" in again.stderr
    assert "typesetting" not in again.stderr
    # the desk keeps no results of its own
    assert not (workspace / ".publish" / "desk" / "results").exists()
    assert not any((workspace / ".publish" / "desk" / "work").glob("*/*"))


def test_pictures_of_a_command_line_build_are_made_while_its_files_are_served(desk):
    app, workspace = desk
    assert run_cli("build", "-f", "a4", "articles/news.txt", cwd=workspace).returncode == 0  # no --preview
    hk = client(app, "hk")
    answer = download(hk, "news", "zh-Hans", "a4")
    assert re.fullmatch(r"/files/\d+/a4", answer.headers["location"])
    job = int(answer.headers["location"].split("/")[2])
    deadline = time.monotonic() + 120
    while (picture := hk.get(f"/files/{job}/a4.preview")).status_code != 200:
        assert picture.status_code == 404 and time.monotonic() < deadline
        time.sleep(0.5)
    assert picture.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert hk.get(f"/files/{job}/a4.contact-sheet").headers["content-type"] == "image/png"


def test_files_the_cache_let_go_are_built_again(desk):
    app, workspace = desk
    hk = client(app, "hk")
    request_id = request_id_of(download(hk, "news", "zh-Hant-HK", "phone"))
    assert wait_for(hk, request_id)["state"] == "done"
    job = app.state.desk.store.request(request_id).job
    first = hk.get(f"/files/{job.id}/phone").content
    assert run_cli("clean", cwd=workspace).returncode == 0
    app.state.desk.files = type(app.state.desk.files)()  # what the web process kept in memory goes too
    answer = hk.get(f"/files/{job.id}/phone")
    assert answer.status_code == 503 and int(answer.headers["retry-after"]) >= 5
    assert "重新生成" in answer.text  # "being made again", in the office's Traditional Chinese
    assert wait_for(hk, request_id)["state"] == "done"
    assert hk.get(f"/files/{job.id}/phone").content == first  # the same bytes, built again


def test_a_worker_that_dies_takes_no_job_with_it(desk):
    app, _ = desk
    builds = app.state.desk.builds
    tw = client(app, "tw")
    asked = [request_id_of(download(tw, publication, "zh-Hant-TW", "a4")) for publication in ("guide", "news")]
    deadline = time.monotonic() + 120
    while tw.get(f"/requests/{asked[0]}/status").json()["state"] != "running":
        assert time.monotonic() < deadline, "the first build never started"
        time.sleep(0.1)
    for process in list(builds._pool._processes.values()):  # as the kernel's OOM killer would
        process.kill()
    for request_id in asked:
        assert wait_for(tw, request_id, 240)["state"] == "done", request_id
    store = app.state.desk.store
    assert store.request(asked[0]).job.attempts == 2  # run again after its worker died


def test_a_job_running_past_the_job_limit_is_stopped_and_the_queue_goes_on(tmp_path):
    from starlette.testclient import TestClient

    from publish.desk.app import create_app

    # Typesetting may take two minutes; the whole build only six seconds.
    application = create_app(desk_workspace(tmp_path / "ws"), workers=1, timeout=120, job_limit=6)
    paragraph = "在新的历史条件下，我们要把党纪学习教育同推动中心工作结合起来，切实把学习成果转化为发展动能。" * 8
    long = "很长的文章\n\n" + "\n\n".join([paragraph] * 1000)  # some 300 pages
    with TestClient(application):
        org = client(application, "org")
        stuck = request_id_of(upload(org, "long.txt", long.encode("utf-8"), edition="zh-Hans"))
        short = request_id_of(upload(org, "short.md", "# 通知\n\n请各支部按时参加学习。\n".encode(), edition="zh-Hans"))
        assert wait_for(org, stuck, 120)["state"] == "failed"
        assert "the build took longer than 6 s and was stopped" in org.get(f"/requests/{stuck}").text
        assert wait_for(org, short, 120)["state"] == "done"
