"""The desk's keys are the library's: an order is named by the keys
``plan`` gives the jobs that make it, so a result is served again only while
nothing it depends on has changed, and ``publish build`` finds it too."""

from __future__ import annotations

import os

import pytest

from conftest import FIXTURES, make_workspace


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    # From the workspace, as `publish serve` runs: articles are named as
    # `publish build` run there names them.
    workspace = make_workspace(tmp_path / "ws", {"guide.md": (FIXTURES / "guide.md").read_text("utf-8"),
                                                 "news.txt": (FIXTURES / "news.txt").read_bytes()})
    monkeypatch.chdir(workspace)
    return workspace


def key(order, workspace):
    from publish.desk.jobs import order_keys

    return order_keys([order], workspace, 300.0)[order]


def test_an_orders_key_is_the_keys_of_the_library_jobs_that_make_it(workspace):
    from pathlib import Path

    from publish.build import build_options, find_articles, plan
    from publish.desk.jobs import Order

    (workspace / "publish.toml").write_text('hk_forms = "standard"\n[booklet]\nbind = "right"\n', encoding="utf-8")
    found = key(Order("zh-Hant-HK", "booklet", ("articles/guide.md",)), workspace).split()
    # what `publish build -e zh-Hant-HK -f booklet articles/guide.md` plans
    options = build_options(workspace, Path("dist"), formats=("booklet",), editions=("zh-Hant-HK",))
    jobs = plan(find_articles([Path("articles/guide.md")], workspace), options)
    assert found == [job.key for job in jobs]
    assert [job.format for job in jobs] == ["booklet", "review"]
    assert options.hk_forms == "standard" and options.imposition.bind == "right"  # publish.toml's, as the CLI's


def test_orders_planned_together_have_the_keys_they_have_alone(workspace):
    from publish.desk.catalogue import EDITIONS, FORMATS
    from publish.desk.jobs import Order, order_keys

    (workspace / "publish.toml").write_text('title = "汇编"\narticles = ["articles/*"]\n', encoding="utf-8")
    orders = [Order(e, f, (p,)) for e in EDITIONS for f in FORMATS for p in ("articles/guide.md", "articles/news.txt")]
    orders += [Order(e, f, (), compilation=True) for e in EDITIONS for f in FORMATS]
    together = order_keys(orders, workspace, 300.0)
    assert len(set(together.values())) == len(orders)  # every choice is its own output
    for order in orders[::5]:
        assert together[order] == key(order, workspace), order


def test_key_changes_with_exactly_what_the_output_depends_on(workspace):
    from publish.desk.jobs import Order

    guide = Order("zh-Hant-HK", "booklet", ("articles/guide.md",))
    first = key(guide, workspace)
    assert key(guide, workspace) == first
    # another edition, format or article: another output
    assert key(Order("zh-Hant-TW", "booklet", ("articles/guide.md",)), workspace) != first
    assert key(Order("zh-Hant-TW-vocabulary", "booklet", ("articles/guide.md",)), workspace) \
        != key(Order("zh-Hant-TW", "booklet", ("articles/guide.md",)), workspace)
    assert key(Order("zh-Hant-HK", "large-print", ("articles/guide.md",)), workspace) \
        != key(Order("zh-Hant-HK", "a4", ("articles/guide.md",)), workspace)
    # another article changing, or a setting that reaches no handout, does not touch this one
    news = workspace / "articles" / "news.txt"
    news.write_bytes(news.read_bytes() + "补充一段。\n".encode())
    (workspace / "publish.toml").write_text('title = "汇编"\n', encoding="utf-8")
    assert key(guide, workspace) == first
    # the article itself, the workspace's phrases, settings, layouts and fonts do
    changes = [
        (workspace / "articles" / "guide.md", "\n补充一段。\n"),
        (workspace / "phrases.txt", "党纪 黨紀\n"),
        (workspace / "publish.toml", 'hk_forms = "standard"\n'),
        (workspace / "layouts" / "booklet" / "style.css", "body { color: black; }\n"),
        (workspace / "fonts" / "fonts.toml", "# a change\n"),
    ]
    seen = {first}
    for path, text in changes:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
        os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
        changed = key(guide, workspace)
        assert changed not in seen, path
        seen.add(changed)
