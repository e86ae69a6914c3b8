"""The request desk in a real browser: Debian's Chromium, driven by
Selenium through Debian's chromedriver, against ``publish serve`` started
here on loopback. An office requests a Hong Kong booklet, watches it
finish, downloads it, and the PDF is checked like any other build; an
organizer sees the request and its review list.

With ``PUBLISH_DESK_SCREENSHOTS=DIR`` the main pages are saved as PNG
pictures in DIR (the README's are made so: docs/make-desk-images.sh).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from deskkit import PASSWORDS, desk_workspace, serving
from pdfread import MM, body_text, embedded_fonts

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
if not (os.access(CHROMIUM, os.X_OK) and os.access(DRIVER, os.X_OK)):
    pytest.skip("Debian's chromium and chromium-driver are not installed (make test installs them)",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the test extra)")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SHOTS = os.environ.get("PUBLISH_DESK_SCREENSHOTS")
WAIT = 180  # seconds a build may take on a loaded 2-core machine


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``publish serve`` on a free loopback port, stopped after the tests."""
    workspace = desk_workspace(tmp_path_factory.mktemp("browser") / "ws")
    with serving(workspace, "--workers", "1") as base:
        yield base, workspace


@pytest.fixture
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,1300",
                     "--disable-gpu", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    from selenium.webdriver.chrome.service import Service

    # Chromium's profile and its singleton socket in a folder of their own,
    # removed afterwards (not left behind in /tmp); a short path, as a Unix
    # socket's path must be under 108 bytes
    scratch = Path(tempfile.mkdtemp(prefix="chromium-"))
    options.add_argument(f"--user-data-dir={scratch / 'profile'}")
    service = Service(DRIVER, env={**os.environ, "TMPDIR": str(scratch)})
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    driver.downloads = downloads
    yield driver
    driver.quit()
    shutil.rmtree(scratch, ignore_errors=True)


def shoot(driver, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(driver.get_window_size()["width"], min(max(height, 600), 2400))
        driver.save_screenshot(str(Path(SHOTS) / f"desk-{name}.png"))


def download(driver, kind: str) -> Path:
    """Click the request page's link to the ``kind`` file; the file once
    the browser has saved it whole."""
    driver.find_element(By.CSS_SELECTOR, f"a[data-kind={kind}]").click()
    deadline = time.monotonic() + 60
    while not list(driver.downloads.glob(f"*.{kind}.pdf")) or list(driver.downloads.glob("*.crdownload")):
        assert time.monotonic() < deadline, f"the {kind} file was not downloaded"
        time.sleep(0.3)
    return next(driver.downloads.glob(f"*.{kind}.pdf"))


def sign_in(driver, base: str, name: str) -> None:
    driver.get(f"{base}/login")
    driver.find_element(By.NAME, "name").send_keys(name)
    driver.find_element(By.NAME, "password").send_keys(PASSWORDS[name])
    driver.find_element(By.CSS_SELECTOR, "form.stack button").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/catalogue"))


def test_office_requests_an_hk_booklet_watches_it_and_downloads_it(server, browser):
    base, workspace = server
    sign_in(browser, base, "hk")
    browser.get(f"{base}/request")
    assert browser.find_element(By.CSS_SELECTOR, "h1").text == "申領資料"  # a Hong Kong office reads traditional
    browser.find_element(By.CSS_SELECTOR, "select[name=publication] option[value=guide]").click()
    assert browser.find_element(By.CSS_SELECTOR, "input[name=edition][value=zh-Hant-HK]").is_selected()
    browser.find_element(By.CSS_SELECTOR, "input[name=format][value=booklet]").click()
    copies = browser.find_element(By.NAME, "copies")
    copies.clear()
    copies.send_keys("40")
    browser.find_element(By.NAME, "note").send_keys("六月五日學習會用")
    shoot(browser, "request")
    browser.find_element(By.CSS_SELECTOR, "#request-form button").click()

    # The request's page: waiting or being typeset, then (the page updates
    # itself) ready, with the downloads.
    WebDriverWait(browser, 30).until(lambda d: "/requests/" in d.current_url)
    first = browser.find_element(By.CSS_SELECTOR, ".status .badge").text
    assert first in ("排隊中", "排版中", "已完成")
    WebDriverWait(browser, WAIT).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".status .badge.done"))
    shoot(browser, "ready")
    pdf = download(browser, "booklet")
    assert pdf.name == "guide.zh-Hant-HK.booklet.pdf"

    from pypdf import PdfReader

    pages = PdfReader(pdf).pages
    assert {(round(float(p.mediabox[2]) / MM), round(float(p.mediabox[3]) / MM)) for p in pages} == {(297, 210)}
    text = body_text(pdf)
    assert "黨紀學習教育" in text and "党纪" not in text
    # the A5 pages in reading order: A5, fonts embedded (the imposed sheets
    # hold the same pages as forms)
    a5 = download(browser, "a5")
    assert {(round(float(p.mediabox[2]) / MM), round(float(p.mediabox[3]) / MM)) for p in PdfReader(a5).pages} \
        == {(148, 210)}
    fonts = embedded_fonts(a5)
    assert fonts and all(fonts.values())
    # the request is listed as the office's own, ready
    browser.get(f"{base}/requests")
    row = browser.find_element(By.CSS_SELECTOR, "table.requests tbody tr")
    assert "黨紀學習教育學習指引" in row.text and "40份" in row.text and "已完成" in row.text


def test_organizer_sees_the_request_and_its_review_list(server, browser):
    base, workspace = server
    sign_in(browser, base, "org")
    browser.get(f"{base}/requests")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.requests tbody tr")
    row = next(r for r in rows if "小册子" in r.text and "hk" in r.text)
    assert "40份" in row.text and "六月五日學習會用" in row.text
    assert "处依上下文而定的转换需要校对" in row.text  # the review list's summary, in the organizer's language
    shoot(browser, "requests")
    row.find_element(By.CSS_SELECTOR, "td a").click()
    review = browser.find_element(By.CSS_SELECTOR, "pre.review").text
    assert "articles/guide.md:" in review and "→" in review
    browser.find_element(By.XPATH, "//button[text()='标记为已处理']").click()
    WebDriverWait(browser, 30).until(lambda d: "已由 org 于" in d.page_source)


def test_office_uploads_an_article_and_sees_its_first_pages(server, browser, tmp_path):
    base, workspace = server
    article = tmp_path / "通知.md"
    article.write_text("# 关于开展主题党日活动的通知\n\n各党支部：\n\n为深入开展党纪学习教育，现就有关事项通知如下。\n\n"
                       "## 一、活动时间\n\n六月五日下午。\n", encoding="utf-8")
    sign_in(browser, base, "tw")
    browser.get(f"{base}/upload")
    browser.find_element(By.NAME, "article").send_keys(str(article))
    browser.find_element(By.CSS_SELECTOR, "select[name=format] option[value=phone]").click()
    browser.find_element(By.CSS_SELECTOR, "form.stack button").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".previews img"))
    picture = browser.find_element(By.CSS_SELECTOR, ".previews img")
    # the PNG loaded: publish's preview of the first page, one 90 mm phone page wide
    from publish.preview import FIRST_DPI, GAP

    width = browser.execute_script("return arguments[0].naturalWidth", picture)
    assert width == pytest.approx(90 / 25.4 * FIRST_DPI + 2 * GAP, abs=2)
    assert browser.find_element(By.CSS_SELECTOR, "a[data-kind=phone]")
    assert "通知.md:1: 于→於" in browser.find_element(By.CSS_SELECTOR, "pre.review").text
    shoot(browser, "upload")


def test_catalogue_on_a_phone(server, browser):
    base, _ = server
    browser.set_window_size(400, 860)
    sign_in(browser, base, "hk")
    WebDriverWait(browser, WAIT, poll_frequency=2).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, ".cover img")) == 2 or d.refresh())
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 400  # nothing wider than the phone's screen
    shoot(browser, "catalogue-phone")
    browser.set_window_size(1100, 1300)
    browser.get(f"{base}/catalogue")
    shoot(browser, "catalogue")
