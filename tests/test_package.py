"""The built-in layouts and font configuration ship inside the wheel, so a
plain (non-editable) `pip install` can typeset."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import REPO


def test_wheel_ships_layouts_and_fonts(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )
    wheel = next(tmp_path.glob("publish-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("publish/layouts/handout/layout.toml", "publish/layouts/handout/document.html.j2",
                     "publish/layouts/handout/style.css", "publish/layouts/common/base.css",
                     "publish/layouts/common/blocks.html.j2", "publish/fonts/fonts.toml",
                     "publish/cli.py", "publish/sources/text.py"):
        assert required in names, required


def test_installed_copy_finds_builtin_layouts(tmp_path):
    """Install the wheel into a folder of its own and typeset from there."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "-q",
         "--target", str(target), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )
    article = tmp_path / "a.md"
    article.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "import publish, sys; print(publish.__file__); "
         "from publish.cli import main; sys.argv=['publish','build','a.md']; main()"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout  # the installed copy, not the checkout
    assert (tmp_path / "dist" / "a.zh-Hans.a4.pdf").exists()
