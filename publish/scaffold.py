"""``publish new DIR``: a workspace to start from, or what is missing
from a folder that already holds texts. Never overwrites a file."""

from __future__ import annotations

import json
from pathlib import Path

from publish.errors import ConfigError, os_reason
from publish.i18n import _
from publish.sources import SUFFIXES

# The placeholders written here (（编印单位）, （印发单位）, the example's
# 示例文章 and 作者) are listed in placeholders.py: a build names any left.
CONFIG = """\
# publish.toml：本工作区用 `publish build` 印制什么。
# 先写各项设置，[表] 放在最后：TOML 把写在 [表] 行下面的设置都归入该表。
title = "学习材料汇编"
subtitle = "（第一辑）"
organizer = "（编印单位）"        # 印在封面上：请替换
date = {date}
editions = ["zh-Hans"]          # 给海外读者加 "zh-Hant-HK"（香港繁体）或 "zh-Hant-TW"（台湾繁体）
formats = ["a4", "booklet"]     # 只要 A5 页面时写 "a5"
layout = "handout"              # 或 "large-print"（A4 大字版，正文 20 磅；小册子仍用自己的版式）
articles = {articles}       # 按此顺序；通配符按文件名排序
# slug = "xuexi-huibian"        # 输出文件名（默认用文件夹名）
# article_start = "page"        # 小册子：每篇文章从下一页起，而不是从右页起

# 版记（封底）：删去行首的 # 并填写。
# [back_page]
# issuer = "（印发单位）"
# date = {date}
# copies = 100

# 小册子的默认设置（见 `publish build --help`）。
# [booklet]
# creep_mm = 0.5
"""

EXAMPLE = """\
---
title: 示例文章
author: 作者
date: {date}
---

这是一篇示例文章。把要印发的文章放进 articles 文件夹：Markdown（.md）或纯文本（.txt）均可，\
纯文本可以是 UTF-8，也可以是记事本保存的 GB18030（ANSI）。

## 一、一级标题

正文段落首行缩进两字，按每行28字、每页22行排版。

### （一）二级标题

引用“双引号”和‘单引号’在繁体版中会自动转换为「」和『』。
"""

FONTS_README = """\
# fonts/

把字体文件（.ttf、.otf、.ttc）放在这里，例如单位已购买授权的方正小标宋、仿宋_GB2312，
然后在本文件夹新建 fonts.toml 指定用途（只写需要改的角色）：

    [body]
    SC = ["仿宋_GB2312", "Noto Serif CJK SC"]
    [title]
    SC = ["方正小标宋简体", "Noto Serif CJK SC"]

角色：body（正文）、title（标题）、heading（一级标题，黑体）、kai（二级标题、署名，楷体）；
SC 简体、TC 台湾繁体、HK 香港繁体。运行 `publish doctor` 查看每个角色实际使用的字体。
"""

LAYOUTS_README = """\
# layouts/

覆盖内置版式：新建与内置版式同名的文件夹（handout、booklet、large-print），
只放需要修改的文件，其余文件沿用内置版式。例如 layouts/handout/style.css
可以改页边距。新的文件夹名（含 layout.toml）就是一个新版式。
运行 `publish layouts` 查看可用版式及其来源。
"""


NOT_ARTICLES = ("readme", "license", "licence", "changelog", "authors")


def new_workspace(folder: Path, date: str) -> tuple[list[Path], list[Path]]:
    """Create what a workspace needs in ``folder`` and is not there yet:
    (created, kept). A folder that already holds texts keeps them: its
    publish.toml lists them, and no example article is added."""
    if folder.exists() and not folder.is_dir():
        raise ConfigError(_("is a file, not a folder"), folder, _("name a folder for the workspace"))
    texts = _texts(folder / "articles")
    loose = [] if texts else _texts(folder)
    articles = json.dumps([p.name for p in loose], ensure_ascii=False) if loose else '["articles/*"]'
    files = {
        folder / "publish.toml": CONFIG.format(date=date, articles=articles),
        folder / "fonts" / "README.md": FONTS_README,
        folder / "layouts" / "README.md": LAYOUTS_README,
    }
    if not texts and not loose:
        files[folder / "articles" / "01-example.md"] = EXAMPLE.format(date=date)
    created, kept = [], []
    for path, text in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
                handle.write(text)
            created.append(path)
        except FileExistsError:
            kept.append(path)
        except OSError as exc:
            raise ConfigError(_("cannot create: {reason}").format(reason=os_reason(exc)), path) from None
    if not texts and not loose and not (folder / "articles").is_dir():
        (folder / "articles").mkdir()
    return created, kept


def _texts(folder: Path) -> list[Path]:
    """The article files directly in ``folder``."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not p.stem.lower().startswith(NOT_ARTICLES))
