"""The built-in layouts and font configuration ship inside the wheel, so a
plain (non-editable) `pip install` can typeset."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory):
    """The repository's files without build leftovers (setuptools would
    reuse a stale build/ folder and hide a missing file)."""
    target = tmp_path_factory.mktemp("src") / "publish"
    shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(
        ".venv", "build", "dist", ".git", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"))
    return target


def test_wheel_ships_layouts_and_fonts(tmp_path, source_copy):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(source_copy)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    # Every folder of data files is named in pyproject.toml: setuptools says
    # twenty lines about each one that is not, at every install (make demo).
    assert "is absent from the `packages` configuration" not in built.stdout + built.stderr
    wheel = next(tmp_path.glob("publish-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    builtin = [p.relative_to(REPO).as_posix() for folder in ("layouts", "fonts") for p in (REPO / folder).rglob("*")
               if p.is_file() and p.suffix in (".toml", ".j2", ".css", ".md")]
    assert len(builtin) >= 10
    for required in [f"publish/{path}" for path in builtin] + [
            "publish/edition/phrases.txt", "publish/edition/names.txt", "publish/edition/hk-press-forms.txt",
            "publish/cli/__init__.py", "publish/sources/text.py",
            "publish/desk/templates/base.html", "publish/desk/static/desk.css", "publish/desk/static/desk.js",
            "publish/desk/messages.zh-Hans.toml", "publish/layouts/phone/layout.toml",
            *(f"publish/locale/{locale}/LC_MESSAGES/publish.mo" for locale in ("zh_CN", "zh_HK", "zh_TW"))]:
        assert required in names, required


def test_installed_copy_finds_builtin_layouts(tmp_path, source_copy):
    """Install the wheel into a folder of its own and typeset from there."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "-q",
         "--target", str(target), str(source_copy)],
        check=True, capture_output=True, timeout=300,
    )
    article = tmp_path / "a.md"
    article.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    (tmp_path / "publish.toml").write_text('editions = ["zh-Hans", "zh-Hant-HK"]\nformats = ["a4", "booklet"]\n')
    result = subprocess.run(
        [sys.executable, "-c", "import publish, sys; print(publish.__file__); "
         "from publish.cli import main; sys.argv=['publish','build','a.md']; main()"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout  # the installed copy, not the checkout
    assert (tmp_path / "dist" / "a.zh-Hans.a4.pdf").exists()
    assert (tmp_path / "dist" / "a.zh-Hant-HK.booklet.pdf").exists()
