"""Placeholders: text written to be replaced, that would print as it is.

A placeholder is

* a value ``publish new`` writes for the user to replace: （编印单位）,
  （印发单位）, and the example article's title 示例文章 and author 作者;
* a cover, imprint or byline field (title, subtitle, organizer, issuer,
  date, copies; an article's title, subtitle, author, source) that is a
  description in brackets — （单位名称）, 【作者】, [日期] — or is made of
  stand-in marks: XX, ××, ○○, 某某;
* anywhere in the text, a run of four or more X (XXXX, the stand-in for a
  number), a template's date (20XX年XX月XX日), or a note to the editor: 【待补充】, 【请填写…】, TODO, TBD, or
  what a Word template asks for: [此处输入正文内容], （请输入主送机关）.

In running text ×× and 某某 are left alone: case materials anonymise names
that way on purpose (×××同志, 某某县).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publish.model import Article, iter_text

# What `publish new` writes for the user to replace (see scaffold.py).
SCAFFOLD = ("（编印单位）", "（印发单位）", "示例文章", "作者")

_DESCRIBES = "单位|名称|姓名|作者|日期|时间|标题|题目|编号|份数|数量|电话|地址|填写|待定|待补充|请输入|此处|副标题"
_BRACKETED = re.compile(f"^[（(【\\[<〈［]\\s*[^）)】\\]>〉］]*(?:{_DESCRIBES})[^）)】\\]>〉］]*\\s*[）)】\\]>〉］]$")
_STAND_IN = re.compile("^[\\s（(]*(?:[Xx×＊*○〇□]{2,}|某某)[\\s）)]*$|[Xx×]{3,}")
_IN_TEXT = re.compile("X{4,}|x{4,}|【(?:待|请)[^】]{0,20}】|\\b(?:TODO|TBD|FIXME)\\b"
                      "|(?:\\d{2})?XX年X{1,2}月(?:X{1,2}日)?"  # (a template's 落款 date: 20XX年XX月XX日)
                      "|[\\[［【（(]\\s*(?:请?在?此处|请在此|请)(?:输入|填写|添加)[^\\]］】）)]{0,20}[\\]］】）)]")


def is_placeholder(value: str | None) -> bool:
    """Whether a field's whole value is a placeholder."""
    if not value:
        return False
    value = value.strip()
    return value in SCAFFOLD or bool(_BRACKETED.match(value) or _STAND_IN.search(value))


def in_text(text: str) -> Iterator[str]:
    """The placeholders standing in a piece of running text."""
    for match in _IN_TEXT.finditer(text):
        yield match.group()


def find(articles, fields: dict[str, tuple[str, str | None]] | None = None,
         text_of=None) -> list[tuple[str, str | None, str]]:
    """(where, field, placeholder) for each placeholder left in a build, the
    field None for running text. ``fields`` maps a name to (where it is
    written, its value), for the publication's own fields (publish.toml);
    then each article's fields and text. ``text_of(article)``: its text as
    written (or None), read only where one of its fields is a placeholder,
    for the line that sets it."""
    found = [(where, name, value) for name, (where, value) in (fields or {}).items() if is_placeholder(value)]
    for article in articles:
        found += [(f"{article.path}:{line}", name, value) for line, name, value in in_article(article, text_of)]
    return found


def in_article(article: Article, text_of=None) -> list[tuple[int, str | None, str]]:
    """(line, field, placeholder) for each placeholder of an article, the
    field None for running text. A field's line is the title's, or with
    ``text_of`` (see ``find``) the line of the front matter that sets it."""
    found = []
    written = None  # (the article's text, read once, if a field needs its line)
    for name in ("title", "subtitle", "author", "source", "date"):
        value = getattr(article, name)
        if is_placeholder(value):
            if written is None and text_of is not None:
                written = text_of(article) or ""
            # (imported here: the Markdown reader's modules take 60 ms, for
            # articles read elsewhere, in another format or with no
            # placeholder)
            from publish.sources.markdown import front_matter_line

            found.append((written and front_matter_line(written, name) or article.title_line, name, value))
    seen = set()
    for text, line in iter_text(article.blocks):
        for placeholder in in_text(text):
            if (line, placeholder) not in seen:
                seen.add((line, placeholder))
                found.append((line, None, placeholder))
    return found
