"""The desk's content keys: a result is served again only while nothing it
depends on has changed."""

from __future__ import annotations

import os

from conftest import FIXTURES, make_workspace


def test_content_key_changes_with_exactly_what_the_output_depends_on(tmp_path):
    from publish.desk.jobs import Order, content_key

    workspace = make_workspace(tmp_path / "ws", {"guide.md": (FIXTURES / "guide.md").read_text("utf-8"),
                                                 "news.txt": (FIXTURES / "news.txt").read_bytes()})
    guide = Order("zh-Hant-HK", "booklet", ("articles/guide.md",))
    first = content_key(guide, workspace)
    assert content_key(guide, workspace) == first
    # another edition, format or article: another output
    assert content_key(Order("zh-Hant-TW", "booklet", ("articles/guide.md",)), workspace) != first
    assert content_key(Order("zh-Hant-TW-vocabulary", "booklet", ("articles/guide.md",)), workspace) \
        != content_key(Order("zh-Hant-TW", "booklet", ("articles/guide.md",)), workspace)
    assert content_key(Order("zh-Hant-HK", "large-print", ("articles/guide.md",)), workspace) \
        != content_key(Order("zh-Hant-HK", "a4", ("articles/guide.md",)), workspace)
    # another article changing does not touch this one
    news = workspace / "articles" / "news.txt"
    news.write_bytes(news.read_bytes() + "补充一段。\n".encode())
    assert content_key(guide, workspace) == first
    # the article itself, the workspace's phrases, configuration, layouts and fonts do
    changes = [
        (workspace / "articles" / "guide.md", "\n补充一段。\n"),
        (workspace / "phrases.txt", "党纪 黨紀\n"),
        (workspace / "publish.toml", 'title = "汇编"\n'),
        (workspace / "layouts" / "booklet" / "style.css", "body { color: black; }\n"),
        (workspace / "fonts" / "fonts.toml", "# a change\n"),
    ]
    seen = {first}
    for path, text in changes:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
        os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
        key = content_key(guide, workspace)
        assert key not in seen, path
        seen.add(key)
