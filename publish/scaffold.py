"""``publish new DIR``: a workspace to start from."""

from __future__ import annotations

from pathlib import Path

from publish.errors import ConfigError

CONFIG = """\
# publish.toml: what `publish build` makes of this workspace.
title = "学习材料汇编"
subtitle = "（第一辑）"
organizer = "（编印单位）"
date = {date}
editions = ["zh-Hans"]          # add "zh-Hant-HK" or "zh-Hant-TW" for overseas readers
formats = ["a4", "booklet"]
layout = "handout"              # or "large-print"
articles = ["articles/*"]       # in this order; globs are sorted by name

# [back_page]
# issuer = "（印发单位）"
# date = "{date}"
# copies = "100"
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


def new_workspace(folder: Path, date: str) -> list[Path]:
    if folder.exists() and any(folder.iterdir()):
        raise ConfigError("folder exists and is not empty", folder, "choose a new folder name")
    files = {
        folder / "publish.toml": CONFIG.format(date=date),
        folder / "articles" / "01-example.md": EXAMPLE.format(date=date),
        folder / "fonts" / "README.md": FONTS_README,
        folder / "layouts" / "README.md": LAYOUTS_README,
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
