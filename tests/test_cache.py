"""Nothing built twice: the content-addressed cache gives back what an
unchanged input made, byte for byte, and a changed source, layout file,
font file, picture or option rebuilds exactly the outputs it reaches."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import FIXTURES, REPO, make_workspace, run_cli
from publish.build import BuildOptions, build
from publish.cache import Cache, Entry, Made
from publish.impose import ImposeOptions
from publish.progress import Report


class Typeset(Report):
    """Records which jobs were really made (typeset or converted)."""

    def __init__(self):
        self.made: list[str] = []

    def event(self, job, what, value=None):
        if what == "start":
            self.made.append(job)


MATRIX = dict(formats=("a4", "booklet"), editions=("zh-Hans", "zh-Hant-HK"))
ALL = {f"{stem}.{edition}.{fmt}" for stem in ("news", "guide") for edition in ("zh-Hans", "zh-Hant-HK")
       for fmt in ("a4", "booklet")} | {"news.zh-Hant-HK.review", "guide.zh-Hant-HK.review"}


def rebuild(ws: Path, **changes) -> tuple[set[str], list]:
    """Build in the workspace, as the CLI does (article paths relative to
    it, so a copy of the workspace keeps its cache); the jobs made."""
    report = Typeset()
    options = BuildOptions(workspace=ws, out_dir=ws / "dist", **{**MATRIX, **changes})
    with contextlib.chdir(ws):
        outputs = build([], options, report, cache=Cache.of_workspace(ws))
    return set(report.made), outputs


@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    """A workspace whose 2 x 2 matrix of two articles has been built once
    through the cache, and a copy built without it."""
    ws = make_workspace(tmp_path_factory.mktemp("cached"))
    for name in ("news.txt", "guide.md"):
        (ws / "articles" / name).write_bytes((FIXTURES / name).read_bytes())
    made, outputs = rebuild(ws)
    assert made == ALL
    with contextlib.chdir(ws):
        fresh = build([], BuildOptions(workspace=ws, out_dir=ws / "fresh", **MATRIX))
    return ws, outputs, fresh


@pytest.fixture
def ws(cached, tmp_path):
    """A copy of the built workspace, cache included, to change."""
    return Path(shutil.copytree(cached[0], tmp_path / "ws", symlinks=True))


def test_unchanged_rebuild_makes_nothing_and_touches_nothing(ws):
    before = {p.name: p.stat().st_mtime_ns for p in (ws / "dist").iterdir()}
    made, outputs = rebuild(ws)
    assert made == set()
    assert all(o.cached and o.unchanged for o in outputs)
    assert {p.name: p.stat().st_mtime_ns for p in (ws / "dist").iterdir()} == before


def test_cached_files_are_the_files_a_fresh_build_makes(cached, tmp_path):
    ws, outputs, fresh = cached
    assert len(outputs) == len(fresh) == 14
    # restored into an empty folder from the cache alone
    with contextlib.chdir(ws):
        restored = build([], BuildOptions(workspace=ws, out_dir=tmp_path / "restored", **MATRIX),
                         cache=Cache.of_workspace(ws))
    for a, b, c in zip(outputs, fresh, restored):
        assert a.path.name == b.path.name == c.path.name
        assert a.path.read_bytes() == b.path.read_bytes() == c.path.read_bytes(), a.path.name
        assert c.cached and not c.unchanged


def test_edited_article_rebuilds_only_its_outputs(ws):
    path = ws / "articles" / "news.txt"
    path.write_text(path.read_text("utf-8") + "\n新增一段。\n", "utf-8")
    made, _ = rebuild(ws)
    assert made == {job for job in ALL if job.startswith("news.")}


def test_layout_file_rebuilds_only_its_format(ws):
    (ws / "layouts" / "booklet").mkdir(parents=True)
    (ws / "layouts" / "booklet" / "style.css").write_text(
        (REPO / "layouts" / "booklet" / "style.css").read_text("utf-8") + "\n/* an edit */\n", "utf-8")
    made, _ = rebuild(ws)
    assert made == {job for job in ALL if job.endswith(".booklet")}


def test_font_file_rebuilds_every_pdf_but_no_review(ws):
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.is_file():
        pytest.skip("DejaVu Sans (fonts-dejavu-core) is not installed")
    (ws / "fonts").mkdir()
    shutil.copy(font, ws / "fonts")
    made, _ = rebuild(ws)
    assert made == {job for job in ALL if not job.endswith(".review")}


@pytest.mark.parametrize("changes, rebuilt", [
    (dict(imposition=ImposeOptions(creep_mm=0.5)), ".booklet"),
    (dict(layout="large-print"), ".a4"),
    (dict(phrases=(("指引", "指南"),)), "zh-Hant-HK"),
])
def test_option_rebuilds_what_it_reaches(ws, changes, rebuilt):
    made, _ = rebuild(ws, **changes)
    assert made == {job for job in ALL if rebuilt in job}


def test_picture_is_checked_when_reused(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"photo.md": "# 图片\n\n正文一段。\n\n![说明](photo.png)\n"})
    Image.new("RGB", (60, 40), (200, 30, 30)).save(ws / "articles" / "photo.png")
    options = dict(formats=("a4",), editions=("zh-Hans",))
    assert rebuild(ws, **options)[0] == {"photo.zh-Hans.a4"}
    assert rebuild(ws, **options)[0] == set()
    Image.new("RGB", (60, 40), (30, 30, 200)).save(ws / "articles" / "photo.png")
    assert rebuild(ws, **options)[0] == {"photo.zh-Hans.a4"}


def test_eviction_keeps_the_cache_under_its_limit(tmp_path):
    cache = Cache(tmp_path / "cache", limit=2500)
    for n in range(4):
        cache.put(Entry(f"{n:064x}", (Made(f"f{n}.pdf", bytes([n]) * 1000, "a4"),)))
    assert cache.size() <= 2500
    assert cache.get(f"{0:064x}") is None and cache.get(f"{3:064x}").files[0].data == bytes([3]) * 1000


def test_damaged_blob_reads_as_a_miss(tmp_path):
    cache = Cache(tmp_path / "cache")
    cache.put(Entry("a" * 64, (Made("x.pdf", b"%PDF whole file", "a4"),)))
    blob = next((tmp_path / "cache" / "blobs").glob("*/*"))
    blob.write_bytes(b"%PDF wh")  # as if another process were half-way through it
    assert cache.get("a" * 64) is None


def test_no_cache_clean_and_no_heavy_import_when_cached(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    (ws / "articles" / "news.txt").write_bytes((FIXTURES / "news.txt").read_bytes())
    args = ("build", "--edition", "zh-Hans", "--edition", "hk")
    assert run_cli(*args, "--no-cache", cwd=ws).returncode == 0
    assert not (ws / ".publish").exists()
    assert run_cli(*args, cwd=ws).returncode == 0
    assert any((ws / ".publish" / "cache" / "entries").rglob("*.json"))
    # An unchanged rebuild plans its keys and copies files: it loads neither
    # the typesetter nor the conversion, the document model, the fonts or
    # the process pool (each a few to some hundred milliseconds).
    heavy = ("weasyprint", "opencc", "rjieba", "pikepdf", "jinja2", "fontTools", "rich", "publish.edition",
             "publish.model", "publish.fonts", "publish.glyphs", "publish.render", "multiprocessing", "tomllib",
             "ctypes")
    probe = (f"import sys\nfrom publish.cli import main\nsys.argv = ['publish', *{args!r}]\ntry:\n    main()\n"
             "except SystemExit:\n    pass\n"
             f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ws, capture_output=True, text=True,
                            env={**__import__("os").environ, "PUBLISH_LANG": "en"})
    assert result.stdout.strip() == "[]", result.stderr
    assert "from the cache" in result.stderr or "unchanged" in result.stderr
    # (each file said to be kept, then "3 files written" read as if they were not)
    assert "nothing changed: the 3 files in dist/ are up to date" in result.stderr, result.stderr
    cleaned = run_cli("clean", cwd=ws)
    assert cleaned.returncode == 0 and "emptied the build cache" in cleaned.stderr
    assert not (ws / ".publish" / "cache").exists()


def test_warnings_are_said_again_when_the_cache_serves(tmp_path):
    """A placeholder left in an article is named on every build, also when
    the PDF comes from the cache; a warning about another article is not."""
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n正文XXXX内容。\n", "b.md": "# 另一篇\n\n正文。\n"})
    first = run_cli("build", cwd=ws)
    again = run_cli("build", cwd=ws)
    assert first.returncode == 0 and again.returncode == 0, again.stderr
    line = "WARNING: articles/a.md:3: placeholder XXXX left in the text; replace it before printing"
    assert line in first.stderr.splitlines()
    assert "unchanged" in again.stderr and again.stderr.splitlines().count(line) == 1
    # said again in the language of whoever builds now
    chinese = run_cli("build", cwd=ws, env={"PUBLISH_LANG": "zh_CN"})
    assert "警告：articles/a.md:3：正文中还留有占位内容 XXXX；印发前请替换" in chinese.stderr.splitlines()
    (ws / "articles" / "b.md").write_text("# 另一篇\n\n改过的正文。\n", encoding="utf-8")
    third = run_cli("build", "articles/b.md", cwd=ws)
    assert "XXXX" not in third.stderr


def test_a_proofreading_list_is_written_again_in_the_language_of_whoever_builds(tmp_path):
    """The proofreading list speaks the builder's language. A rebuild in
    another language used to keep the list the first build wrote (its key
    did not hold the language): an office reading Chinese got English
    headings. The PDFs, which do not depend on it, are kept."""
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n党员干部认真学习，头发白了。\n"})
    english = run_cli("build", "--edition", "zh-Hant-HK", cwd=ws)
    review = ws / "dist" / "a.zh-Hant-HK.review.txt"
    assert english.returncode == 0 and review.read_text(encoding="utf-8").startswith(
        "# zh-Hant-HK: 3 context-dependent conversions to check"), english.stderr
    chinese = run_cli("build", "--edition", "zh-Hant-HK", cwd=ws, env={"PUBLISH_LANG": "zh_CN"})
    assert chinese.returncode == 0, chinese.stderr
    assert review.read_text(encoding="utf-8").startswith("# zh-Hant-HK：3 处依上下文而定的转换需要校对")
    assert "保留 dist/a.zh-Hant-HK.a4.pdf" in chinese.stderr  # (unchanged)
    again = run_cli("build", "--edition", "zh-Hant-HK", cwd=ws, env={"PUBLISH_LANG": "zh_CN"})
    assert "保留 dist/a.zh-Hant-HK.review.txt" in again.stderr


@pytest.mark.parametrize("editions", [["zh-Hans"], ["zh-Hans", "zh-Hant-HK"]])
def test_what_reading_says_is_said_once_and_again_when_the_cache_serves(tmp_path, editions):
    """An article's reading warnings (a WeChat page's furniture left out),
    with the articles read, or converted, in processes of their own (two
    cores): said once, by the building process, and again when the cache
    serves the PDF."""
    ws = make_workspace(tmp_path / "ws", {"a.txt": "学习贯彻条例\n\n学习贯彻条例，做到学纪知纪明纪守纪，把纪律要求落实到日常"
                                                  "工作之中。\n\n- END -\n"})
    flags = [flag for code in editions for flag in ("--edition", code)]
    first = run_cli("build", "--jobs", "2", *flags, cwd=ws)
    again = run_cli("build", "--jobs", "2", *flags, cwd=ws)
    assert first.returncode == 0 and again.returncode == 0, again.stderr
    line = "WARNING: articles/a.txt:5: left out web-page furniture '- END -'"
    assert first.stderr.splitlines().count(line) == 1, first.stderr
    assert "unchanged" in again.stderr and again.stderr.splitlines().count(line) == 1, again.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_what_typesetting_says_is_said_once_and_again_when_the_cache_serves(tmp_path, jobs):
    """A file the typesetter refused (a workspace stylesheet's picture
    outside the workspace) is said once however many outputs meet it, by
    the building process even when a worker typeset them, and again when
    the cache serves them: before, a worker's warning was printed by the
    worker and never kept, and a cached rebuild said nothing."""
    ws = make_workspace(tmp_path / "ws", {"a.txt": "学习贯彻条例\n\n学习贯彻条例，做到学纪知纪明纪守纪。\n"})
    style = ws / "layouts" / "handout" / "style.css"
    style.parent.mkdir(parents=True)
    style.write_text('body { background-image: url("file:///etc/hostname"); }\n', encoding="utf-8")
    flags = ["--format", "a4", "--edition", "zh-Hans", "--edition", "zh-Hant-HK", "--jobs", jobs]
    first = run_cli("build", *flags, cwd=ws)
    again = run_cli("build", *flags, cwd=ws)
    assert first.returncode == 0 and again.returncode == 0, again.stderr
    line = "WARNING: refused to read file:///etc/hostname: only files inside the workspace are used"
    for result in (first, again):
        assert result.stderr.splitlines().count(line) == 1, result.stderr
        # WeasyPrint's own English line about the same picture is not printed
        assert "Failed to load image" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    assert again.stderr.count("unchanged") == 3, again.stderr


def test_native_versions_are_asked_again_only_when_the_libraries_change(tmp_path, monkeypatch):
    """Pango's and HarfBuzz's versions enter every key; loading them to ask
    is kept (a cached rebuild does not load them) while the files the linker
    chose, and what it chooses by, are unchanged."""
    import json

    from publish import keys

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    real = keys._native_versions()
    memo = tmp_path / "publish" / "software" / "native.json"
    kept = json.loads(memo.read_text("utf-8"))
    assert "absent" not in real.values() and len(kept["files"]) == 2

    def keep(**changes):
        memo.write_text(json.dumps({**kept, "versions": {name: "as kept" for name in real}, **changes}), "utf-8")

    keep()
    assert keys._native_versions() == {name: "as kept" for name in real}
    library = next(iter(kept["files"]))
    keep(files={**kept["files"], library: [*kept["files"][library][:1], kept["files"][library][1] + 1,
                                           *kept["files"][library][2:]]})
    assert keys._native_versions() == real  # a library replaced
    keep()
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path))
    assert keys._native_versions() == real  # another search path


def test_files_are_read_again_only_when_they_change(tmp_path, monkeypatch):
    """Every document of a build asks for the layout, the fonts and the
    articles' digests: read once while the files stay as they are, read
    again when one changes, even to the same size and modification time,
    and each time while one changed within the last seconds (a file
    system may keep times to the second)."""
    import os

    from publish import keys
    from publish.fonts import load_fonts
    from publish.layouts import load_layout

    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n正文。\n"})
    own = ws / "layouts" / "handout" / "layout.toml"
    own.parent.mkdir(parents=True)
    own.write_text('description = "ours"\n', "utf-8")
    (ws / "fonts").mkdir()
    article = ws / "articles" / "a.md"

    # just written: read each time
    assert load_layout("handout", ws) is not load_layout("handout", ws)
    monkeypatch.setattr(keys, "SETTLED_NS", 0)
    layout, fonts, digest = load_layout("handout", ws), load_fonts(ws), keys.file_digest(article)
    assert load_layout("handout", ws) is layout and load_fonts(ws) is fonts
    assert layout.description == "ours" and layout.grid.chars_per_line == 28

    def rewrite(path, text):  # the same size and times, other bytes
        before = path.stat()
        path.write_text(text, "utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)

    rewrite(own, 'description = "mine"\n')
    assert load_layout("handout", ws).description == "mine"
    rewrite(article, "# 标题\n\n正文！\n")
    assert keys.file_digest(article) != digest
    (ws / "fonts" / "fonts.toml").write_text('[body]\nSC = ["Noto Sans CJK SC"]\n', "utf-8")
    assert load_fonts(ws) is not fonts
    assert dict(((r, s), f) for r, s, f in load_fonts(ws).stacks)["body", "SC"] == ("Noto Sans CJK SC",)
