"""Never print a wrong handout: hostile and broken input, reproducible and
concurrent builds, interrupted builds, valid PDFs, PDF variants."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from conftest import FIXTURES, make_workspace, run_cli
from pdfread import body_text

SECRET = "TOP-SECRET-OUTSIDE-THE-WORKSPACE"


def qpdf_ok(path: Path) -> bool:
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0


HOSTILE = {
    # name: (content, expected exit code, text the output or the error must hold)
    "script.md": ("# 标题\n\n<script>alert('x')</script><iframe src=\"file:///etc/passwd\"></iframe>\n", 0,
                  "<script>alert('x')</script>"),
    "style.md": ("# 标题\n\n<style>body{background:url(http://127.0.0.1:{port}/x)}</style>正文\n", 0, "<style>"),
    # markdown-it refuses javascript: and file: links: they stay literal text
    "links.md": ("# 标题\n\n[点我](javascript:alert(1)) [文件](file:///etc/passwd) [网站](http://127.0.0.1:{port}/)\n",
                 0, "[点我](javascript:alert(1))[文件](file:///etc/passwd)网站"),
    "file-url.md": ("# 标题\n\n![图](file:///etc/passwd)\n", 0, "![图](file:///etc/passwd)"),
    "data-image.md": ("# 标题\n\n![图](data:image/png;base64,iVBORw0KGgo=)\n", 1, "not a file in the workspace"),
    "http-image.md": ("# 标题\n\n![图](http://127.0.0.1:{port}/x.png)\n", 1, "not a file in the workspace"),
    "https-image.md": ("# 标题\n\n![图](https://127.0.0.1:{port}/x.png)\n", 1, "not a file in the workspace"),
    "ftp-image.md": ("# 标题\n\n![图](ftp://127.0.0.1:{port}/x.png)\n", 1, "not a file in the workspace"),
    "dotdot.md": ("# 标题\n\n![图](../../secret.png)\n", 1, "outside the workspace"),
    "absolute.md": ("# 标题\n\n![图](/etc/hosts)\n", 1, "not a file in the workspace"),
    "c0.txt": ("标题\n\n正文\x01\x02\x07\x1b[31m红色\x7f。\u202e反向\u200b字\n", 0, "正文[31m红色。反向字"),
    "token.md": ("# 标题\n\n" + "A" * 6000 + "\n", 0, "A" * 6000),
    "long.md": ("# 标题\n\n" + "党的纪律是党的生命线，" * 9091 + "\n", 0, "党的纪律是党的生命线，" * 50),
    "binary.txt": (bytes(range(256)) * 40, 1, "binary file"),
    "invalid-utf8.txt": ("标题\n\n第一段。\n".encode() + b"\xe4\xb8" + "第二段。\n".encode(), 1, "invalid UTF-8"),
    "huge.txt": (b"a" * (10 * 1024 * 1024), 1, "file too large"),
}


@pytest.fixture(scope="module")
def hostile_workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    (root / "secret.png").write_text(SECRET)
    return make_workspace(root / "ws")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input(hostile_workspace, listener, name):
    port, hits = listener
    content, code, expected = HOSTILE[name]
    if isinstance(content, str):
        content = content.replace("{port}", str(port)).encode("utf-8")
    path = hostile_workspace / "articles" / name
    path.write_bytes(content)
    started = time.monotonic()
    result = run_cli("build", f"articles/{name}", "-o", f"out-{name}", cwd=hostile_workspace)
    assert time.monotonic() - started < 120
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert hits == [], "a network connection was attempted"
    out = hostile_workspace / f"out-{name}"
    if code == 0:
        pdf = next(out.glob("*.pdf"))
        assert qpdf_ok(pdf)
        assert SECRET.encode() not in pdf.read_bytes() and b"root:x:" not in pdf.read_bytes()
        assert expected.replace(" ", "") in body_text(pdf)
    else:
        error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(error) == 1 and name in error[0] and expected in error[0]
        assert not out.exists() or not any(out.iterdir())


def test_render_time_is_bounded(hostile_workspace):
    (hostile_workspace / "articles" / "slow.md").write_text("# 标题\n\n" + "纪律严明，" * 30000 + "\n", "utf-8")
    result = run_cli("build", "articles/slow.md", "--timeout", "1", "-o", "out-slow", cwd=hostile_workspace)
    assert result.returncode == 1
    assert "Error: articles/slow.md: typesetting took longer than 1 s" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (hostile_workspace / "out-slow").exists() or not any((hostile_workspace / "out-slow").iterdir())


def test_two_builds_are_byte_identical(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    for name in ("news.txt", "guide.md"):
        (ws / "articles" / name).write_bytes((FIXTURES / name).read_bytes())
    env = {"SOURCE_DATE_EPOCH": "1714953600"}
    args = ("build", "--format", "a4", "--booklet", "--edition", "zh-Hans", "--edition", "zh-Hant-HK")
    assert run_cli(*args, "-o", "one", cwd=ws, env=env).returncode == 0
    assert run_cli(*args, "-o", "two", cwd=ws, env=env).returncode == 0
    files = sorted(p.name for p in (ws / "one").iterdir())
    assert len(files) == 14  # 2 articles x 2 editions x (a4, a5, booklet) + 2 review files
    for name in files:
        assert (ws / "one" / name).read_bytes() == (ws / "two" / name).read_bytes(), name
    # the .txt article has no date of its own: SOURCE_DATE_EPOCH gives it
    with pikepdf.open(ws / "one" / "news.zh-Hans.a4.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20240506")


def test_concurrent_builds_into_one_folder(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    (ws / "articles" / "guide.md").write_bytes((FIXTURES / "guide.md").read_bytes())
    command = [sys.executable, "-m", "publish", "build", "--booklet", "--format", "a4"]
    runs = [subprocess.Popen(command, cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read().decode()
    names = sorted(p.name for p in (ws / "dist").iterdir())
    assert names == ["guide.zh-Hans.a4.pdf", "guide.zh-Hans.a5.pdf", "guide.zh-Hans.booklet.pdf"]
    assert all(qpdf_ok(ws / "dist" / name) for name in names)


def test_interrupted_build_leaves_no_partial_file(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    (ws / "articles" / "long.md").write_text("# 标题\n\n" + "党的纪律是党的生命线，" * 60000 + "\n", "utf-8")
    (ws / "dist").mkdir()
    (ws / "dist" / "long.zh-Hans.a4.pdf").write_bytes(b"%PDF previous good file")
    run = subprocess.Popen([sys.executable, "-m", "publish", "build"], cwd=ws, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env={**os.environ, "PUBLISH_LANG": "en"})
    time.sleep(4)  # well into typesetting (the article takes far longer than that to set)
    run.send_signal(signal.SIGINT)
    assert run.wait(timeout=60) == 130
    stderr = run.stderr.read().decode()
    assert stderr.splitlines()[-1] == "Interrupted: nothing was changed." and "Traceback" not in stderr
    assert [p.name for p in (ws / "dist").iterdir()] == ["long.zh-Hans.a4.pdf"]
    assert (ws / "dist" / "long.zh-Hans.a4.pdf").read_bytes() == b"%PDF previous good file"


def test_every_output_passes_qpdf(handout_pdfs):
    for pdf in handout_pdfs.values():
        assert qpdf_ok(pdf)


def test_pdf_variants(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    (ws / "articles" / "guide.md").write_bytes((FIXTURES / "guide.md").read_bytes())
    assert run_cli("build", "--pdf-variant", "pdf/a-2b", "-o", "a", cwd=ws).returncode == 0
    with pikepdf.open(ws / "a" / "guide.zh-Hans.a4.pdf") as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert "/OutputIntents" in pdf.Root
        fonts_embedded = all("/FontFile2" in f.FontDescriptor or "/FontFile3" in f.FontDescriptor
                             or "/FontFile" in f.FontDescriptor
                             for page in pdf.pages for font in page.Resources.Font.values()
                             for f in font.get("/DescendantFonts", [font]))
        assert fonts_embedded
    assert qpdf_ok(ws / "a" / "guide.zh-Hans.a4.pdf")
    assert run_cli("build", "--pdf-variant", "pdf/ua-1", "-o", "ua", cwd=ws).returncode == 0
    with pikepdf.open(ws / "ua" / "guide.zh-Hans.a4.pdf") as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "zh-Hans"
        assert "pdfuaid:part" in str(pdf.open_metadata())
    bad = run_cli("build", "--pdf-variant", "pdf/x", cwd=ws)
    assert bad.returncode == 2 and "--pdf-variant: unknown value 'pdf/x'" in bad.stderr
