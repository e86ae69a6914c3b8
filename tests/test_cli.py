"""The command line as a user meets it: exit codes, one-line errors without
tracebacks, atomic output."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from conftest import FIXTURES, make_workspace, run_cli


def assert_clean_error(result, *fragments):
    assert result.returncode == 1, result.stderr
    lines = [l for l in result.stderr.splitlines() if l.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_version_and_help(tmp_path):
    result = run_cli("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("publish ")
    for command in ("build", "doctor", "layouts"):
        assert run_cli(command, "--help", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_help_on_an_80_column_terminal_names_every_option_whole(tmp_path, language):
    """Typer's table cut long option names short on an 80-column terminal
    (``--allow-missing-g…``, ``--sheets-per-sign…``): a user could not read
    the option to type."""
    import re

    for command in ("build", "watch", "serve", "convert"):
        result = run_cli(command, "--help", cwd=tmp_path, env={"COLUMNS": "80", "PUBLISH_LANG": language})
        assert result.returncode == 0, result.stderr
        assert "…" not in result.stdout, result.stdout
        assert all(len(line) <= 80 for line in result.stdout.splitlines())
        named = set(re.findall(r"│ (--[a-z][a-z-]*)", result.stdout))
        assert named and all(re.search(rf"(?<![\w-]){name}(?![\w-])", result.stdout) for name in named)
    build = run_cli("build", "--help", cwd=tmp_path, env={"COLUMNS": "80", "PUBLISH_LANG": language}).stdout
    assert {"--allow-missing-glyphs", "--allow-font-fallback", "--sheets-per-signature"} <= set(
        re.findall(r"--[a-z-]+", build))


def test_usage_error_exits_2(tmp_path):
    assert run_cli("build", "--no-such-option", cwd=tmp_path).returncode == 2


def test_build_workspace_articles(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    shutil.copy(FIXTURES / "guide.md", ws / "articles")
    result = run_cli("build", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert (ws / "dist" / "guide.zh-Hans.a4.pdf").stat().st_size > 10_000
    assert "wrote dist/guide.zh-Hans.a4.pdf" in result.stderr


def test_missing_file(tmp_path):
    assert_clean_error(run_cli("build", "nope.md", cwd=tmp_path), "nope.md", "no such file")


def test_bad_inputs_exit_1_without_traceback(tmp_path):
    ws = make_workspace(tmp_path / "ws", {
        "yaml.md": "---\ntitle: [\n---\n正文\n",
        "bin.txt": bytes(range(256)) * 8,
        "utf8.txt": "标题\n\n正文。\n".encode() + b"\xc3\x28" + "后文。\n".encode(),
        "empty.txt": b"",
    })
    for name, message in [("yaml.md", "broken YAML"), ("bin.txt", "binary file"),
                          ("utf8.txt", "invalid UTF-8"), ("empty.txt", "empty file")]:
        assert_clean_error(run_cli("build", f"articles/{name}", cwd=ws), name, message)
    assert not (ws / "dist").exists() or not any((ws / "dist").iterdir())


def test_debug_shows_the_traceback_wherever_it_is_given(tmp_path):
    """Every internal error says to add --debug; after the command's name it
    was refused (no such option: --debug), where users type it."""
    ws = make_workspace(tmp_path / "ws")
    for args in (["--debug", "build", "nosuch.md"], ["build", "nosuch.md", "--debug"]):
        done = run_cli(*args, cwd=ws)
        assert done.returncode == 1 and "Traceback" in done.stderr and "no such file" in done.stderr, done.stderr
    # (a value that happens to be --debug, after --, is left alone)
    assert "Traceback" not in run_cli("build", "--", "nosuch.md", cwd=ws).stderr


def test_failed_build_keeps_previous_output(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    article = ws / "articles" / "a.md"
    article.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    assert run_cli("build", cwd=ws).returncode == 0
    good = (ws / "dist" / "a.zh-Hans.a4.pdf").read_bytes()
    # The next version refers to a picture outside the workspace: the build
    # fails at render time and the good PDF stays as it was.
    outside = tmp_path / "outside.png"
    Image.new("RGB", (10, 10)).save(outside)
    article.write_text("# 标题\n\n正文。\n\n![图](../../outside.png)\n", encoding="utf-8")
    assert_clean_error(run_cli("build", cwd=ws), "a.md:5", "outside the workspace")
    assert (ws / "dist" / "a.zh-Hans.a4.pdf").read_bytes() == good
    assert sorted(p.name for p in (ws / "dist").iterdir()) == ["a.zh-Hans.a4.pdf"]


def test_image_urls_refused_with_file_and_line(tmp_path):
    ws = make_workspace(tmp_path / "ws", {
        "http.md": "# 标题\n\n![图](http://127.0.0.1:9/x.png)\n",
        "abs.md": "# 标题\n\n正文\n\n![图](/etc/passwd)\n",
    })
    assert_clean_error(run_cli("build", "articles/http.md", cwd=ws), "http.md:3", "not a file in the workspace")
    assert_clean_error(run_cli("build", "articles/abs.md", cwd=ws), "abs.md:5", "not a file in the workspace")


@pytest.mark.parametrize("picture, problem", [
    (b"not a picture", "not a picture publish knows"),
    ("truncated", "the file is damaged"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "not an SVG drawing"),
    ("huge", "too large to print: 20000 x 13000 pixels (at most 250 million)"),
])
def test_a_picture_that_cannot_be_read_stops_the_build_naming_it(tmp_path, picture, problem):
    """A picture the typesetter could not draw used to be left out with
    WeasyPrint's English "ERROR" while the handout went to print without
    it: now the build stops as for a missing picture, naming the article's
    line, and writes nothing."""
    import io

    name = "photo.svg" if problem.startswith("not an SVG") else "photo.png"
    if picture == "truncated":
        made = io.BytesIO()
        Image.effect_noise((64, 64), 40).save(made, "PNG")
        picture = made.getvalue()[: len(made.getvalue()) // 2]
    elif picture == "huge":  # (the header of a 260-megapixel PNG is enough)
        picture = png_header(20000, 13000)
    ws = make_workspace(tmp_path / "ws", {"a.md": f"# 标题\n\n正文。\n\n![图一]({name})\n\n正文。\n"})
    (ws / "articles" / name).write_bytes(picture)
    assert_clean_error(run_cli("build", "--no-cache", cwd=ws), "a.md:5", f"image '{name}' cannot be read: {problem}")
    assert not (ws / "dist").exists() or list((ws / "dist").iterdir()) == []


def png_header(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + \
        chunk(b"IEND", b"")


def test_a_108_megapixel_phone_photo_prints_without_a_word_of_decompression_bombs(tmp_path):
    """Pillow warns, in English and from inside its own code, that a
    picture over 89 million pixels "could be decompression bomb DOS
    attack": a 108-megapixel phone photo prints, down-sampled, without it."""
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n正文。\n\n![现场照片](photo.jpg)\n"})
    Image.new("L", (12000, 9000), 200).save(ws / "articles" / "photo.jpg", quality=50)
    result = run_cli("build", "--no-cache", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr and "bomb" not in result.stderr, result.stderr
    import pikepdf

    with pikepdf.open(ws / "dist" / "a.zh-Hans.a4.pdf") as pdf:
        [image] = [pikepdf.PdfImage(x) for page in pdf.pages for x in page.get_images().values()]
        assert image.width < 3000  # down-sampled to 300 dpi at its printed size


def test_doctor_reports_fonts(tmp_path):
    result = run_cli("doctor", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "HarfBuzz subsetting available" in result.stdout
    assert "body     SC: Noto Serif CJK SC" in result.stdout


YOSHINOYA = "# 𠮷野家\n\n吉野家的“𠮷”字。\n"


def test_convert_into_a_gbk_pipe_writes_utf8(tmp_path):
    import subprocess
    import sys

    ws = make_workspace(tmp_path / "ws", {"y.md": YOSHINOYA})
    env = {**__import__("os").environ, "PUBLISH_LANG": "en", "PYTHONIOENCODING": "gbk"}
    result = subprocess.run([sys.executable, "-m", "publish", "convert", "articles/y.md"], cwd=ws,
                            capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr.decode("gbk", "replace")
    assert "吉野家的「𠮷」字。" in result.stdout.decode("utf-8")
    written = run_cli("convert", "articles/y.md", "-o", "y.hk.md", cwd=ws, env={"PYTHONIOENCODING": "gbk"})
    assert written.returncode == 0 and "wrote y.hk.md" in written.stderr
    assert (ws / "y.hk.md").read_bytes().decode("utf-8") == result.stdout.decode("utf-8")
    refused = run_cli("convert", "articles/y.md", "-o", "articles/y.md", cwd=ws)
    assert refused.returncode == 2 and "is the article itself" in refused.stderr


def _read_terminal(master: int) -> bytes:
    """All a command wrote to the terminal ``master`` is the other end of,
    until it closes."""
    import os

    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return shown


def test_convert_on_a_gbk_terminal_replaces_and_says_so(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    ws = make_workspace(tmp_path / "ws", {"y.md": YOSHINOYA})
    master, slave = pty.openpty()
    run = subprocess.Popen([sys.executable, "-m", "publish", "convert", "articles/y.md"], cwd=ws, stdout=slave,
                           stderr=subprocess.PIPE, env={**os.environ, "PUBLISH_LANG": "en", "PYTHONIOENCODING": "gbk"})
    os.close(slave)
    shown = _read_terminal(master)
    assert run.wait(timeout=120) == 0
    assert "吉野家的「?」字。" in shown.decode("gbk")
    warning = run.stderr.read().decode("gbk")
    assert "this console (gbk) cannot show U+20BB7: printed as ?" in warning and "-o FILE (UTF-8)" in warning


def test_a_workspace_is_found_from_a_folder_below_it(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"02.md": "# 标题\n\n正文。\n"})
    (ws / "publish.toml").write_text('formats = ["a5"]\n', encoding="utf-8")
    result = run_cli("build", "02.md", cwd=ws / "articles")
    assert result.returncode == 0, result.stderr
    assert "wrote ../dist/02.zh-Hans.a5.pdf" in result.stderr
    assert [p.name for p in (ws / "dist").iterdir()] == ["02.zh-Hans.a5.pdf"]
    assert not (ws / "articles" / "dist").exists()
    # paths named on the command line stay relative to where the user is
    elsewhere = run_cli("build", "02.md", "-o", "here", cwd=ws / "articles")
    assert elsewhere.returncode == 0 and (ws / "articles" / "here" / "02.zh-Hans.a5.pdf").is_file()
    missing = run_cli("build", "nope.md", cwd=ws / "articles")
    assert missing.returncode == 1 and "Error: nope.md: no such file" in missing.stderr


def test_counts_in_words(capsys):
    from pathlib import Path

    from publish.build import Output
    from publish.cli.report import Lines

    Lines().written(Output(Path("dist/a.booklet.pdf"), 2, 0.5, "booklet", sheets=1, blank=1))
    Lines().written(Output(Path("dist/a.a5.pdf"), 1, 0.5, "a5"))
    assert capsys.readouterr().err.splitlines() == [
        "wrote dist/a.booklet.pdf (1 sheet, 1 blank page of 4, 0.5 s)", "wrote dist/a.a5.pdf (1 page, 0.5 s)"]


def test_the_options_know_every_edition_without_loading_the_conversion():
    """``--edition`` is checked against ``choices.EDITION_CODES`` (a cached
    rebuild does not import the conversion): the editions there are."""
    from publish.choices import EDITION_CODES
    from publish.edition import EDITIONS

    assert EDITION_CODES == tuple(EDITIONS)


def test_typer_reads_the_build_options_without_evaluating_text():
    """Typer evaluates every annotation written as text (``from __future__
    import annotations``) at every start: 20 ms of build's options."""
    import importlib
    import inspect

    from publish.cli import build

    for command in (build.build, importlib.import_module("publish.cli.app")._root):
        assert not [name for name, hint in inspect.get_annotations(command).items() if isinstance(hint, str)]


def test_a_command_loads_its_own_module_and_help_loads_all():
    """Typer reads the signature of every command it knows at every start:
    `publish build` registers build's module alone, help and a mistyped
    command every one."""
    import subprocess
    import sys

    def loaded(*args):
        code = ("import sys; from publish.cli import register; register(sys.argv[1:]); "
                "print(' '.join(sorted(m for m in sys.modules if m.startswith('publish.cli.'))))")
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return set(done.stdout.split())

    every = {f"publish.cli.{name}" for name in ("build", "desk", "imports", "text", "watch", "workspace")}
    assert loaded("--debug", "build", "--jobs", "1") & every == {"publish.cli.build"}
    assert loaded("check", "a.md") & every == {"publish.cli.text"}
    assert loaded("--help") >= every
    assert loaded("buidl") >= every


@pytest.mark.parametrize("args, code", [(["build", "--jobs", "1"], 0), (["build", "--format", "nope"], 2)])
def test_the_command_ends_without_pythons_teardown_after_what_must_run_at_exit(tmp_path, args, code):
    """`publish` ends its process at once once the command is done: what is
    registered to run at exit runs, what was printed is all there and the
    exit code is the command's, but no module is emptied object by object
    (some 30 ms after a build). The probe hears Python's own end: the
    interpreter's state cleared, after the modules."""
    import subprocess
    import sys

    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n正文。\n"})
    probe = ("import atexit, os, sys\n"
             "def heard(event, args, write=os.write):\n"
             "    if event == 'cpython.PyInterpreterState_Clear':\n        write(1, b'torn down\\n')\n"
             "sys.addaudithook(heard)\natexit.register(lambda: print('at exit'))\n"
             f"sys.argv = ['publish', *{args!r}]\nfrom publish.cli import run\nrun()\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ws, capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "PUBLISH_LANG": "en"})
    assert done.returncode == code, done.stderr
    assert done.stdout.split("\n") == ["at exit", ""]
    if code == 0:
        assert "1 file written to dist/" in done.stderr
        assert (ws / "dist" / "a.zh-Hans.a4.pdf").exists()
    else:
        assert done.stderr.startswith("Error: --format: unknown format 'nope'")


def test_what_the_system_refuses_is_said_in_the_users_words(tmp_path):
    """The C library's reasons are English (No such file or directory,
    Not a directory): the commonest are said in the user's language. A
    folder that cannot be made is found before anything is typeset (it was
    once the pages were done)."""
    import errno

    from publish.errors import os_reason

    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n正文。\n"})
    # (no folder can be made in /proc) said before anything is typeset
    result = run_cli("build", "articles/a.md", "-o", "/proc/publish-out", cwd=ws, env={"PUBLISH_LANG": "zh_CN"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["错误：/proc/publish-out: 无法写入：文件或文件夹不存在"]
    # the trial leaves nothing behind
    assert run_cli("build", "articles/a.md", "-o", "out/new", cwd=ws).returncode == 0
    assert sorted(p.name for p in ws.iterdir() if p.name.startswith(".publish-")) == []
    assert [p.name for p in (ws / "out").iterdir()] == ["new"]
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "the disk is full"
    assert os_reason(OSError(errno.EBUSY, "Device or resource busy")) == "Device or resource busy"


def test_a_terminal_shows_the_whole_build_and_a_compilations_own_time(tmp_path):
    """On a terminal a compilation in parts showed each article's row for
    a moment, its time 0:00:00 for as long as the build took; and its file's
    line said the join's time (0.4 s for a 14 s build)."""
    import os
    import pty
    import re
    import subprocess
    import sys

    ws = make_workspace(tmp_path / "ws", {f"{n}.md": f"# 第{n}篇\n\n" + "学纪知纪明纪守纪，做到知行合一。" * 40 + "\n"
                                          for n in range(1, 6)})
    (ws / "publish.toml").write_text('title = "汇编"\nslug = "hb"\narticles = ["articles/*.md"]\n', encoding="utf-8")
    master, slave = pty.openpty()
    run = subprocess.Popen([sys.executable, "-m", "publish", "build", "--parts", "--jobs", "1", "--no-cache"], cwd=ws,
                           stdout=subprocess.PIPE, stderr=slave, env={**os.environ, "PUBLISH_LANG": "en",
                                                                     "COLUMNS": "120"})
    os.close(slave)
    shown = _read_terminal(master)
    assert run.wait(timeout=300) == 0
    text = shown.decode("utf-8", "replace")
    assert "building" in text and re.search(r"\d+ steps? done", text), text[-2000:]
    seconds = float(re.search(r"wrote dist/hb\.zh-Hans\.a4\.pdf \(\d+ pages[^)]*?, ([\d.]+) s\)", text).group(1))
    assert seconds >= 1.0, text[-500:]
