"""``publish watch``: started as a user would, an article edited and saved,
the PDF rebuilt; a broken save keeps the last good PDF and watching goes on."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time

from conftest import FIXTURES, make_workspace
from pdfread import body_text


class Watcher:
    def __init__(self, cwd, *args):
        self.process = subprocess.Popen([sys.executable, "-m", "publish", "watch", *args], cwd=cwd,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, "PUBLISH_LANG": "en"})
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, fragment: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, f"watch ended: {self.seen}"
                continue
            self.seen.append(line)
            if fragment in line:
                return line
        raise AssertionError(f"no line with {fragment!r} within {timeout} s: {self.seen}")

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


def test_watch_rebuilds_on_save_and_survives_a_broken_save(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    article = ws / "articles" / "news.txt"
    article.write_bytes((FIXTURES / "news.txt").read_bytes())
    watcher = Watcher(ws, "--jobs", "1", "--preview")
    try:
        watcher.wait_for("wrote dist/news.zh-Hans.a4.pdf")
        pdf = ws / "dist" / "news.zh-Hans.a4.pdf"
        watcher.wait_for("watching")
        picture = (ws / "dist" / "news.zh-Hans.a4.contact.png").read_bytes()

        article.write_text(article.read_text("utf-8") + "\n监视之下新写的一段话。\n", "utf-8")
        line = watcher.wait_for("wrote dist/news.zh-Hans.a4.pdf")
        assert line.endswith(" s)") and "from the cache" not in line
        assert "监视之下新写的一段话。" in body_text(pdf)
        watcher.wait_for("wrote dist/news.zh-Hans.a4.contact.png")
        assert (ws / "dist" / "news.zh-Hans.a4.contact.png").read_bytes() != picture
        good = pdf.read_bytes()

        article.write_bytes(b"")  # a save gone wrong
        assert watcher.wait_for("Error:") == "Error: articles/news.txt: empty file (an article needs at least a title)"
        assert pdf.read_bytes() == good

        article.write_bytes((FIXTURES / "news.txt").read_bytes())
        assert "from the cache" in watcher.wait_for("wrote dist/news.zh-Hans.a4.pdf")
        assert "监视之下" not in body_text(pdf)
    finally:
        code = watcher.stop()
    assert code == 0
    assert not [line for line in watcher.seen if "Traceback" in line]


def test_a_picture_saved_again_is_printed_again(tmp_path):
    """A PNG an article shows (a chart redrawn) was not watched: only its
    JPEG siblings were. Saving it rebuilds the handout with it."""
    from docxmaker import png
    from pdfread import drawn_pictures

    ws = make_workspace(tmp_path / "ws", {"chart.md": "# 图表\n\n本季度的学习情况如下。\n\n![](../images/chart.png)\n"})
    (ws / "images").mkdir()
    (ws / "images" / "chart.png").write_bytes(png(size=(240, 160)))
    watcher = Watcher(ws, "--jobs", "1")
    try:
        watcher.wait_for("wrote dist/chart.zh-Hans.a4.pdf")
        watcher.wait_for("watching")
        (ws / "images" / "chart.png").write_bytes(png(size=(300, 200)))
        watcher.wait_for("wrote dist/chart.zh-Hans.a4.pdf")
        assert drawn_pictures(ws / "dist" / "chart.zh-Hans.a4.pdf") == [(300, 200)]
    finally:
        code = watcher.stop()
    assert code == 0


def test_a_file_that_is_no_input_does_not_rebuild(tmp_path):
    """`publish watch > out.txt` in the workspace: every line it wrote
    there was a save that rebuilt, and said the article's warning again,
    forty times a second. A text or log file beside publish.toml is no
    article; saving the article still rebuilds."""
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n正文XXXX。\n"})
    watcher = Watcher(ws, "--jobs", "1")
    try:
        watcher.wait_for("wrote dist/a.zh-Hans.a4.pdf")
        watcher.wait_for("watching")
        warned = sum("placeholder XXXX" in line for line in watcher.seen)
        for n in range(5):
            (ws / "out.txt").write_text("WARNING\n" * (n + 1), encoding="utf-8")
            (ws / "watch.log").write_text("WARNING\n" * (n + 1), encoding="utf-8")
            time.sleep(0.3)
        (ws / "articles" / "a.md").write_text("# 标题\n\n正文XXXX，改过。\n", encoding="utf-8")
        watcher.wait_for("wrote dist/a.zh-Hans.a4.pdf")
        time.sleep(0.5)
        while not watcher.lines.empty():
            watcher.seen.append(watcher.lines.get())
        assert sum("placeholder XXXX" in line for line in watcher.seen) == warned + 1, watcher.seen
    finally:
        code = watcher.stop()
    assert code == 0


def test_watch_reads_publish_toml_again_and_says_each_warning_once(tmp_path):
    """publish.toml is read again at each save: a setting changed reaches
    the next build, a mistake saved there is said in one line with the last
    good files kept, and an article added to the folder its pattern names
    is built (all were the first read's for as long as watch ran). An
    unchanged article's warnings are said once, not at every save and
    twice at the start."""
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 第一篇\n\n正文XXXX。\n"})
    config = ws / "publish.toml"
    config.write_text('title = "学习材料汇编"\nslug = "hb"\narticles = ["articles/*.md"]\n', encoding="utf-8")
    watcher = Watcher(ws, "--jobs", "1")
    pdf = ws / "dist" / "hb.zh-Hans.a4.pdf"
    try:
        watcher.wait_for("wrote dist/hb.zh-Hans.a4.pdf")
        watcher.wait_for("watching")
        config.write_text('title = "第二辑学习材料"\nslug = "hb"\narticles = ["articles/*.md"]\n', encoding="utf-8")
        watcher.wait_for("wrote dist/hb.zh-Hans.a4.pdf")
        assert "第二辑学习材料" in body_text(pdf)
        good = pdf.read_bytes()
        config.write_text('title = "第二辑学习材料"\nslgu = "hb"\narticles = ["articles/*.md"]\n', encoding="utf-8")
        assert "publish.toml:2" in watcher.wait_for("Error:") and pdf.read_bytes() == good
        config.write_text('title = "第二辑学习材料"\nslug = "hb"\narticles = ["articles/*.md"]\n', encoding="utf-8")
        (ws / "articles" / "b.md").write_text("# 新加的一篇\n\n新加的正文。\n", encoding="utf-8")
        deadline = time.monotonic() + 60
        while "新加的正文" not in body_text(pdf) and time.monotonic() < deadline:
            watcher.wait_for("wrote dist/hb.zh-Hans.a4.pdf")
        assert "新加的正文" in body_text(pdf)
        time.sleep(0.5)
        while not watcher.lines.empty():
            watcher.seen.append(watcher.lines.get())
    finally:
        code = watcher.stop()
    assert code == 0
    # once before watching starts (it was twice: the first build, and the
    # one from the cache as the watcher starts)
    start = next(n for n, line in enumerate(watcher.seen) if "watching" in line)
    assert sum("placeholder XXXX" in line for line in watcher.seen[:start]) == 1, watcher.seen
