"""The request desk over HTTP (httpx, in-process): every page, permission
and limit. The app is the real one with its real build pool; the PDFs it
serves are checked like any other build."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from deskkit import PASSWORDS, client, csrf_of, desk_workspace, request_id_of, sign_in, token, upload, wait_for
from pdfread import embedded_fonts, squeeze

pytest.importorskip("starlette")
# Starlette's test client would rather have httpx2; httpx is what the desk's tests use.
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from starlette.testclient import TestClient

    from publish.desk.app import create_app

    workspace = desk_workspace(tmp_path_factory.mktemp("desk") / "ws")
    application = create_app(workspace, workers=1, queue_limit=8, timeout=120)
    with TestClient(application) as lifespan:  # starts and stops the build pool
        application.state.lifespan = lifespan
        yield application


@pytest.fixture(scope="module")
def hk_booklet(app):
    """An HK office's request for an HK booklet of guide.md, built."""
    hk = client(app, "hk")
    answer = hk.post("/request", data={"csrf": token(hk, "/request"), "publication": "guide",
                                       "edition": "zh-Hant-HK", "format": "booklet", "copies": "30",
                                       "note": "for the 5 June session"}, follow_redirects=False)
    assert answer.status_code == 303
    request_id = request_id_of(answer)
    assert wait_for(hk, request_id)["state"] == "done"
    return hk, request_id


# ------------------------------------------------------------ signing in

def test_pages_need_signing_in(app):
    anonymous = client(app)
    for path in ("/catalogue", "/request", "/upload", "/requests", "/requests/1", "/requests/1/status",
                 "/files/1/a4", "/password"):
        answer = anonymous.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == f"/login?next={path}", path
    assert anonymous.post("/request", data={}).status_code in (401, 403)
    assert anonymous.get("/", follow_redirects=False).headers["location"] == "/login"
    # what the sign-in page itself needs is served to anyone
    assert anonymous.get("/static/desk.css").headers["content-type"].startswith("text/css")
    assert anonymous.get("/static/desk.js").status_code == 200


def test_login_page_speaks_the_browsers_language(app):
    assert "登录" in client(app).get("/login").text
    assert "登入" in client(app, **{"Accept-Language": "zh-TW,zh;q=0.9"}).get("/login").text
    assert "Sign in" in client(app, **{"Accept-Language": "en-GB,en;q=0.8"}).get("/login").text
    # (the command an organizer types, set as code: its backticks were printed)
    page = client(app).get("/login").text
    assert "<code>publish desk add-office 名称</code>" in page and "`" not in page


def test_wrong_password_is_refused_without_saying_which_part(app):
    fresh = client(app)
    for name, password in (("hk", "wrong"), ("nobody", "wrong")):
        answer = fresh.post("/login", data={"csrf": token(fresh, "/login"), "name": name, "password": password})
        assert answer.status_code == 401
        assert "账户名或密码不正确" in answer.text
    assert fresh.get("/catalogue", follow_redirects=False).status_code == 303


def test_session_cookie_is_signed_httponly_and_samesite(app):
    fresh = client(app)
    page = fresh.get("/login")
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    answer = fresh.post("/login", data={"csrf": csrf_of(page.text), "name": "hk", "password": PASSWORDS["hk"]},
                        follow_redirects=False)
    assert answer.status_code == 303
    # A forged cookie (the payload changed, the signature not) is no session.
    value = fresh.cookies["publish_desk"]
    forged = client(app)
    forged.cookies.set("publish_desk", "x" + value[1:])
    assert forged.get("/catalogue", follow_redirects=False).status_code == 303


def test_every_form_needs_its_csrf_token(app):
    hk, org = client(app, "hk"), client(app, "org")
    posts = [(hk, "/request", {"publication": "guide", "edition": "zh-Hant-HK", "format": "a4"}),
             (hk, "/catalogue", {"publication": "guide", "edition": "zh-Hant-HK", "format": "a4"}),
             (hk, "/upload", {"edition": "zh-Hant-HK", "format": "a4"}),
             (hk, "/password", {"current": PASSWORDS["hk"], "new": "x" * 12, "again": "x" * 12}),
             (org, "/requests/1/handled", {}),
             (hk, "/logout", {})]
    for who, path, data in posts:
        for sent in ({}, {"csrf": "forged"}):
            answer = who.post(path, data={**data, **sent})
            assert answer.status_code == 403, path
    assert hk.get("/catalogue", follow_redirects=False).status_code == 200  # still signed in
    fresh = client(app)
    assert fresh.post("/login", data={"name": "hk", "password": PASSWORDS["hk"]}).status_code == 403


def test_password_change_and_sign_out(app):
    from publish.desk.auth import hash_password

    store = app.state.desk.store
    store.add_account("hk3", "office", hash_password("first-password-1"), "HK")
    office = client(app)
    office.post("/login", data={"csrf": token(office, "/login"), "name": "hk3", "password": "first-password-1"})
    for new, again, wrong in (("short", "short", False), ("long-enough-1", "different-1", False),
                              ("long-enough-1", "long-enough-1", True)):
        answer = office.post("/password", data={"csrf": token(office), "current": "nope" if wrong else
                                                "first-password-1", "new": new, "again": again})
        assert answer.status_code == 400
    answer = office.post("/password", data={"csrf": token(office), "current": "first-password-1",
                                            "new": "second-password-2", "again": "second-password-2"})
    assert answer.status_code == 200 and "密碼已修改" in answer.text
    assert office.post("/logout", data={"csrf": token(office)}, follow_redirects=False).headers["location"] == "/login"
    assert office.get("/catalogue", follow_redirects=False).status_code == 303  # signed out
    again = client(app)
    bad = again.post("/login", data={"csrf": token(again, "/login"), "name": "hk3", "password": "first-password-1"})
    assert bad.status_code == 401
    sign_in(client(app), "hk3", "second-password-2")


def test_responses_carry_security_headers(app):
    answer = client(app, "hk").get("/catalogue")
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    # no inline script or style for the policy to block
    assert "<script>" not in answer.text and "style=" not in answer.text


# -------------------------------------------------------------- languages

def test_offices_read_their_regions_traditional_forms_organizers_simplified(app):
    hk = client(app, "hk").get("/upload").text
    tw = client(app, "tw").get("/upload").text
    org = client(app, "org").get("/upload").text
    assert "上載" in hk and "上傳" not in hk       # Hong Kong: 上載
    assert "上傳" in tw                            # Taiwan: 上傳
    assert "上传" in org and "排版自己的文章" in org
    assert 'lang="zh-Hant-HK"' in hk and 'lang="zh-Hant-TW"' in tw and 'lang="zh-Hans"' in org


def test_english_is_a_choice(app):
    hk = client(app, "hk")
    answer = hk.get("/language?to=en&next=/request", follow_redirects=False)
    assert answer.headers["location"] == "/request"
    assert "Request an edition" in hk.get("/request").text
    # an outside address is never a redirect target
    assert hk.get("/language?to=en&next=//evil.example/x", follow_redirects=False).headers["location"] == "/catalogue"


# ------------------------------------------------------------- permissions

def test_only_offices_make_requests(app):
    org = client(app, "org")
    assert org.get("/request").status_code == 403
    answer = org.post("/request", data={"csrf": token(org), "publication": "guide", "edition": "zh-Hant-HK",
                                        "format": "a4"})
    assert answer.status_code == 403


def test_only_organizers_mark_requests_handled(app, hk_booklet):
    hk, request_id = hk_booklet
    answer = hk.post(f"/requests/{request_id}/handled", data={"csrf": token(hk)})
    assert answer.status_code == 403
    assert "标记为已处理" not in hk.get(f"/requests/{request_id}").text


def test_offices_see_only_their_own_requests(app, hk_booklet):
    _, request_id = hk_booklet
    other = client(app, "hk2")
    assert other.get(f"/requests/{request_id}").status_code == 404
    assert other.get(f"/requests/{request_id}/status").status_code == 404
    assert f'href="/requests/{request_id}"' not in other.get("/requests").text
    assert f'href="/requests/{request_id}"' in client(app, "hk").get("/requests").text


def test_requests_page_lists_everything_for_organizers(app, hk_booklet):
    _, request_id = hk_booklet
    page = client(app, "org").get("/requests").text
    row = page[page.index(f'href="/requests/{request_id}"'):]
    row = row[:row.index("</tr>")]
    # the title and the edition as people say them (it read guide · zh-Hant-HK · booklet)
    assert "hk" in row and "党纪学习教育学习指引" in row and "香港" in row and "30份" in row
    assert "已完成" in row
    assert re.search(r"zh-Hant-HK：\d+ 处依上下文而定的转换需要校对", row)  # the review list's summary, in 简体


def test_unknown_ids_are_not_found(app):
    hk = client(app, "hk")
    for path in ("/requests/999999", "/files/999999/a4", "/requests/abc", "/files/1/../../desk.sqlite3",
                 "/static/../store.py"):
        assert hk.get(path).status_code == 404, path


# ---------------------------------------------------------- the request

def test_office_requests_an_hk_booklet_and_downloads_it(app, hk_booklet):
    hk, request_id = hk_booklet
    page = hk.get(f"/requests/{request_id}").text
    assert "前幾頁預覽" in page and "下載" in page
    job = int(re.search(r'href="/files/(\d+)/booklet"', page).group(1))
    answer = hk.get(f"/files/{job}/booklet")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert "guide.zh-Hant-HK.booklet.pdf" in answer.headers["content-disposition"]
    reader = PdfReader(io.BytesIO(answer.content))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape sheets
    text = squeeze("".join(page.extract_text() for page in reader.pages))
    assert "學習" in text and "学习" not in text
    # the A5 reading file: its fonts embedded
    a5 = hk.get(f"/files/{job}/a5")
    path = app.state.desk.workspace / "a5-check.pdf"
    path.write_bytes(a5.content)
    fonts = embedded_fonts(path)
    assert fonts and all(fonts.values())


def test_request_page_shows_the_review_list(app, hk_booklet):
    """The review list speaks the reader's language, on the page and in
    the file downloaded, whatever language the server builds in (these
    tests' is English): its heads came in the server's."""
    hk, request_id = hk_booklet
    page = hk.get(f"/requests/{request_id}").text
    assert 'id="review"' in page
    assert re.search(r"articles/guide\.md:\d+: ", page)
    assert re.search(r"zh-Hant-HK：\d+ 處依上下文而定的轉換需要校對", page) and "context-dependent" not in page
    job = int(re.search(r'href="/files/(\d+)/review"', page).group(1))
    text = hk.get(f"/files/{job}/review").text
    assert re.match(r"# zh-Hant-HK：\d+ 處依上下文而定的轉換需要校對\n", text)
    english = client(app, "hk")
    english.get("/language?to=en")
    assert re.match(r"# zh-Hant-HK: \d+ context-dependent conversions to check\n",
                    english.get(f"/files/{job}/review").text)


def test_organizer_marks_a_request_handled(app, hk_booklet):
    _, request_id = hk_booklet
    org = client(app, "org")
    answer = org.post(f"/requests/{request_id}/handled", data={"csrf": token(org)}, follow_redirects=False)
    assert answer.status_code == 303
    assert "已由 org 于" in org.get(f"/requests/{request_id}").text
    assert "組織方已處理此申領" in client(app, "hk").get(f"/requests/{request_id}").text


def test_same_edition_again_is_served_at_once(app, hk_booklet):
    hk, request_id = hk_booklet
    job = client(app, "org").get(f"/requests/{request_id}/status")
    answer = hk.post("/catalogue", data={"csrf": token(hk), "publication": "guide", "edition": "zh-Hant-HK",
                                         "format": "booklet"}, follow_redirects=False)
    assert job.status_code == 200
    assert answer.status_code == 303 and re.fullmatch(r"/files/\d+/booklet", answer.headers["location"])
    assert hk.get(answer.headers["location"]).content[:5] == b"%PDF-"
    # the catalogue says it is ready in the office's words, not as zh-Hant-HK booklet
    assert '<span class="tag">香港版 小冊子</span>' in hk.get("/catalogue").text


def test_two_identical_requests_build_once(app):
    tw = client(app, "tw")
    data = {"csrf": token(tw, "/request"), "publication": "news", "edition": "zh-Hant-TW-vocabulary",
            "format": "phone"}
    first = request_id_of(tw.post("/request", data=data, follow_redirects=False))
    second = request_id_of(tw.post("/request", data=data, follow_redirects=False))
    store = app.state.desk.store
    assert store.request(first).job_id == store.request(second).job_id
    assert wait_for(tw, second)["state"] == "done"
    job = store.request(second).job
    assert [o["pages"] for o in job.outputs if o["kind"] == "phone"][0] > 1


def test_bad_choices_are_refused_with_one_message(app):
    hk = client(app, "hk")
    base = {"csrf": token(hk, "/request"), "publication": "guide", "edition": "zh-Hant-HK", "format": "a4"}
    for change, message in (({"publication": "../publish.toml"}, "请从列表中选择资料"),
                            ({"edition": "zh-Hans"}, "選擇版本"),
                            ({"format": "a3"}, "選擇版本"),
                            ({"copies": "0"}, "份數"),
                            ({"copies": "many"}, "份數"),
                            ({"copies": "²"}, "份數"),      # isdigit(), not int(): it was a 500
                            ({"copies": "⑤"}, "份數")):
        answer = hk.post("/request", data={**base, **change})
        assert answer.status_code in (400, 404)
        assert message in answer.text or message in answer.text.replace("請從列表中選擇資料", "请从列表中选择资料")


# ----------------------------------------------------------------- upload

@pytest.fixture(scope="module")
def uploaded(app):
    hk = client(app, "hk")
    text = "# 基层党建工作简报\n\n今年以来，我们把党纪学习教育同业务工作结合起来，取得了新的发展。\n"
    answer = upload(hk, "简报.md", text.encode("utf-8"))
    assert answer.status_code == 303, answer.text
    request_id = request_id_of(answer)
    assert wait_for(hk, request_id)["state"] == "done"
    return hk, request_id


def test_upload_is_typeset_and_previewed_before_download(app, uploaded):
    hk, request_id = uploaded
    page = hk.get(f"/requests/{request_id}").text
    previews = re.findall(r'<img src="(/files/\d+/a4\.preview)"', page)
    assert previews
    picture = hk.get(previews[0])
    assert picture.headers["content-type"] == "image/png" and picture.content[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = hk.get(re.search(r'href="(/files/\d+/a4)"', page).group(1))
    assert "filename*=utf-8''%E7%AE%80%E6%8A%A5.zh-Hant-HK.a4.pdf" in pdf.headers["content-disposition"]
    text = squeeze("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    assert "基層黨建工作簡報" in text and "發展" in text


def test_upload_takes_every_type_the_readers_take(app, tmp_path):
    """A Word file: the desk accepts what ``publish.sources`` reads."""
    docx = pytest.importorskip("docx")
    from publish.sources import SUFFIXES

    assert ".docx" in SUFFIXES
    document = docx.Document()
    document.add_heading("关于开展学习活动的通知", level=1)
    document.add_paragraph("各支部要认真组织党员干部学习，确保取得实效。")
    path = tmp_path / "通知.docx"
    document.save(path)
    hk = client(app, "hk")
    request_id = request_id_of(upload(hk, path.name, path.read_bytes(), edition="zh-Hant-TW"))
    assert wait_for(hk, request_id)["state"] == "done"
    page = hk.get(f"/requests/{request_id}").text
    pdf = hk.get(re.search(r'href="(/files/\d+/a4)"', page).group(1))
    text = squeeze("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    assert "關於開展學習活動的通知" in text and "確保取得實效" in text


def test_uploads_are_private_to_their_office(app, uploaded):
    hk, request_id = uploaded
    files = re.findall(r'href="(/files/\d+/\w+)"', hk.get(f"/requests/{request_id}").text)
    assert files
    other, org = client(app, "hk2"), client(app, "org")
    for path in files:
        assert other.get(path).status_code == 404, path
        assert org.get(path).status_code == 200, path


def test_upload_of_an_unreadable_type_is_refused(app):
    hk = client(app, "hk")
    for name in ("page.exe", "photo.png", "noextension"):
        answer = upload(hk, name, b"MZ\x90\x00 not an article")
        assert answer.status_code == 415, name
        assert "無法讀取這種檔案" in answer.text or "無法讀取這種文件" in answer.text
        assert ".md" in answer.text


def test_upload_over_ten_megabytes_is_refused(app):
    hk = client(app, "hk")
    answer = upload(hk, "big.txt", "党".encode() * (11 * 1024 * 1024 // 3))
    assert answer.status_code == 413
    assert "10 MB" in answer.text


def test_text_upload_over_the_readers_limit_is_refused_with_that_limit(app):
    """A text file the reader would refuse (over 8 MB) is refused at once,
    with the limit for text files, not built and failed."""
    from publish.sources import MAX_BYTES

    hk = client(app, "hk")
    assert "8 MB" in hk.get("/upload").text and "10 MB" in hk.get("/upload").text
    before = app.state.desk.store.counts()
    answer = upload(hk, "big.md", "# 题\n\n".encode() + "党".encode() * (MAX_BYTES // 3 + 100))
    assert answer.status_code == 413
    assert ".md 檔案不得超過 8 MB" in answer.text or ".md 文件不得超過 8 MB" in answer.text
    assert app.state.desk.store.counts() == before  # no request, no build


def test_empty_upload_is_refused(app):
    assert upload(client(app, "hk"), "empty.md", b"  \n").status_code == 400


def test_upload_that_fails_to_build_says_why(app):
    hk = client(app, "hk")
    answer = upload(hk, "binary.txt", bytes(range(256)) * 40)
    request_id = request_id_of(answer)
    assert wait_for(hk, request_id)["state"] == "failed"
    page = hk.get(f"/requests/{request_id}").text
    # the library's one-line error, naming the file the office sent (not
    # where the desk keeps it), in the office's script (it was Simplified
    # in the middle of a Traditional page)
    error = re.search(r'<pre class="error">([^<]*)</pre>', page).group(1)
    assert error.startswith("binary.txt") and "upload-" not in page, error
    # the file is the office's to mend, not the organizers': it is told so
    assert "您上載的檔案無法讀取" in page and "組織方已收到出錯記錄" not in page


def test_uploaded_source_is_never_served(app, uploaded):
    hk, request_id = uploaded
    job = app.state.desk.store.request(request_id).job
    for kind in ("source", "upload", "md", "manifest", "..", "page-9"):
        assert hk.get(f"/files/{job.id}/{kind}").status_code == 404, kind


# ------------------------------------------------------------------ limits

def test_build_time_limit_fails_the_job_with_a_clear_message(tmp_path):
    from starlette.testclient import TestClient

    from publish.desk.app import create_app

    application = create_app(desk_workspace(tmp_path / "ws"), workers=1, timeout=1)
    paragraph = "在新的历史条件下，我们要把党纪学习教育同推动中心工作结合起来，切实把学习成果转化为发展动能。" * 8
    long = "很长的文章\n\n" + "\n\n".join([paragraph] * 300)  # about 100 pages: more than 1 s
    with TestClient(application):
        hk = client(application, "hk")
        request_id = request_id_of(upload(hk, "long.txt", long.encode("utf-8")))
        assert wait_for(hk, request_id, 300)["state"] == "failed"
        assert "took longer than 1 s" in hk.get(f"/requests/{request_id}").text


def test_rate_limit_per_account(tmp_path):
    from starlette.testclient import TestClient

    from publish.desk.app import create_app

    application = create_app(desk_workspace(tmp_path / "ws"), workers=1, rate=(2, 60.0))
    with TestClient(application):
        hk = client(application, "hk")
        data = {"csrf": token(hk, "/request"), "publication": "guide", "edition": "zh-Hant-HK", "format": "a4"}
        first = hk.post("/request", data=data, follow_redirects=False)
        assert first.status_code == 303 and wait_for(hk, request_id_of(first))["state"] == "done"
        # asking again for what is built is no build: not counted (the 31st
        # download of a ready file was refused)
        for _ in range(3):
            assert hk.post("/request", data=data, follow_redirects=False).status_code == 303
        assert hk.post("/request", data={**data, "format": "booklet"}, follow_redirects=False).status_code == 303
        answer = hk.post("/request", data={**data, "format": "phone"}, follow_redirects=False)
        assert answer.status_code == 429 and 1 <= int(answer.headers["retry-after"]) <= 60
        # the list names what was asked for as the office reads it
        listed = hk.get("/requests").text
        assert "學習指引" in listed or "学习指引" in listed, listed[:2000]
        assert "· zh-Hant-HK ·" not in listed and "香港" in listed
        # another office is not held up by this one
        tw = client(application, "tw")
        assert tw.post("/request", data={**data, "csrf": token(tw, "/request")},
                       follow_redirects=False).status_code == 303


def test_full_queue_answers_503_and_records_the_refusal(tmp_path):
    from starlette.testclient import TestClient

    from publish.desk.app import create_app

    application = create_app(desk_workspace(tmp_path / "ws"), workers=1, queue_limit=1)
    with TestClient(application):
        hk = client(application, "hk")
        data = {"csrf": token(hk, "/request"), "publication": "guide", "edition": "zh-Hant-HK", "format": "a4"}
        assert hk.post("/request", data=data, follow_redirects=False).status_code == 303
        answer = hk.post("/request", data={**data, "format": "booklet"}, follow_redirects=False)
        assert answer.status_code == 503
        assert int(answer.headers["retry-after"]) >= 5
        assert "秒後再試" in answer.text
        counts = application.state.desk.store.counts()
        assert counts.get("refused") == 1 and sum(counts.values()) == 2


def test_catalogue_shows_publications_with_covers_and_page_counts(app):
    """An office's catalogue shows each publication's first page in the
    office's edition, under the title in its script (it showed the
    Simplified A4 to every reader), and its form offers that edition
    first."""
    import time

    hk = client(app, "hk")
    page = hk.get("/catalogue").text
    assert "党纪学习教育学习指引" not in page and "黨紀學習教育學習指引" in page  # titles in the office's script
    deadline = time.monotonic() + 90

    def cover_edition(page):
        cover = re.search(r'<img src="/files/(\d+)/a4\.preview"', page)
        if cover is None:
            return None
        first = squeeze(PdfReader(io.BytesIO(hk.get(f"/files/{cover.group(1)}/a4").content)).pages[0].extract_text())
        return "zh-Hant-HK" if "黨紀學習教育" in first else "zh-Hans" if "党纪学习教育" in first else first

    while cover_edition(page) != "zh-Hant-HK" and time.monotonic() < deadline:
        time.sleep(1)
        page = hk.get("/catalogue").text
    assert cover_edition(page) == "zh-Hant-HK"
    cover = re.search(r'<img src="(/files/\d+/a4\.preview)"', page)
    assert hk.get(cover.group(1)).content[:4] == b"\x89PNG"
    assert re.search(r"A4 共\d+頁", page)
    # the form's edition: the reader's own
    for name, edition in (("hk", "zh-Hant-HK"), ("tw", "zh-Hant-TW"), ("org", "zh-Hans")):
        assert re.findall(r'<option value="([^"]+)" selected>', client(app, name).get("/catalogue").text)[:1] == \
            [edition], name


def test_file_cache_keeps_the_latest_files_within_its_limit(tmp_path):
    from publish.desk.app import FileCache

    files = []
    for n in range(4):
        files.append(tmp_path / f"{n}.pdf")
        files[-1].write_bytes(bytes([n]) * 400)
    (tmp_path / "big.pdf").write_bytes(b"x" * 2000)
    cache = FileCache(limit=1000, largest=1000)
    assert [cache.read(f)[0] for f in files] == [0, 1, 2, 3]
    assert cache.read(tmp_path / "big.pdf") is None  # served from disk instead
    files[3].write_bytes(b"changed")  # results never change; the kept bytes are served
    assert cache.read(files[3]) == bytes([3]) * 400
    assert sum(len(v) for v in cache._files.values()) <= 1000 and files[0] not in cache._files


def test_a_broken_workspace_is_named_not_a_server_error(tmp_path):
    from starlette.testclient import TestClient

    from publish.desk.app import create_app

    workspace = desk_workspace(tmp_path / "ws")
    application = create_app(workspace, workers=1)
    with TestClient(application):
        hk = client(application, "hk")
        (workspace / "publish.toml").write_text('editions = ["zh-Hant-XX"]\n', encoding="utf-8")
        answer = hk.get("/catalogue")
        assert answer.status_code == 500
        assert "工作區無法排版" in answer.text and "publish.toml" in answer.text and "zh-Hant-XX" in answer.text


def test_a_page_that_is_not_there_is_said_in_the_readers_language(app):
    """/nothing and /requests/abc answered a plain English "Not Found", and
    the status that desk.js polls an HTML page."""
    hk = client(app, "hk")
    for path in ("/nothing", "/requests/abc"):
        answer = hk.get(path)
        assert answer.status_code == 404 and "沒有這個頁面" in answer.text and "Not Found" not in answer.text, path
    answer = hk.get("/requests/999999/status")
    assert answer.status_code == 404 and answer.json()["state"] == "missing"
