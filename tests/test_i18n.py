"""Messages in the user's language: Simplified Chinese under zh_CN/zh_SG,
Traditional under zh_TW/zh_HK/zh_MO, English otherwise, PUBLISH_LANG first.
The catalogs hold every message the source marks, each translated, and the
command line speaks the catalog's language on every kind of message: help,
progress, warning, error, usage error."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest

from conftest import REPO, make_workspace, run_cli
from publish.i18n import catalog_for, translation, user_catalog

LOCALES = {"zh_CN.UTF-8": "zh_CN", "zh_SG.UTF-8": "zh_CN", "zh_TW.UTF-8": "zh_TW", "zh_HK.UTF-8": "zh_HK",
           "zh_MO.UTF-8": "zh_HK", "en_US.UTF-8": None,
           # no language set (a fresh server or container): the users' own
           "C.UTF-8": "zh_CN", "POSIX": "zh_CN"}


def in_locale(locale: str) -> dict[str, str]:
    """The environment of a user whose system speaks ``locale``."""
    return {"PUBLISH_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": locale}


def test_locale_names_choose_the_catalog():
    for locale, catalog in LOCALES.items():
        assert catalog_for(locale) == catalog, locale
    assert catalog_for("zh-Hant-HK") == "zh_HK" and catalog_for("zh-Hans") == "zh_CN"
    assert catalog_for("zh_Hant_TW") == "zh_TW" and catalog_for("zh") == "zh_CN"
    # PUBLISH_LANG wins over the locale; LANGUAGE's first entry over LC_ALL and LANG
    assert user_catalog({"PUBLISH_LANG": "en", "LANG": "zh_CN.UTF-8"}) is None
    assert user_catalog({"PUBLISH_LANG": "zh_TW", "LANG": "en_US.UTF-8"}) == "zh_TW"
    assert user_catalog({"LANGUAGE": "zh_HK:en", "LANG": "en_US.UTF-8"}) == "zh_HK"
    assert user_catalog({"LC_ALL": "zh_SG.UTF-8", "LANG": "en_US.UTF-8"}) == "zh_CN"
    assert user_catalog({}) == "zh_CN" and user_catalog({"PUBLISH_LANG": "en"}) is None


def test_catalogs_hold_every_message_translated():
    """The extracted messages and the three catalogs agree, every message is
    translated with its placeholders intact, and the .mo files are compiled
    from the .po files as they are (scripts/update_catalogs.py --check)."""
    pytest.importorskip("babel")
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "update_catalogs.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_traditional_catalogs_use_their_region_forms():
    cn, tw, hk = (translation(c) for c in ("zh_CN", "zh_TW", "zh_HK"))
    message = "--out: {path} is a file, not a folder: name a folder for the PDFs"
    assert "文件夹" in cn.gettext(message)
    assert "資料夾" in tw.gettext(message) and "檔案" in tw.gettext(message)  # Taiwan vocabulary
    assert "錯誤" in hk.gettext("Error: {message}") and "错误" in cn.gettext("Error: {message}")
    # glyph examples named in a message are data, kept as written
    help_text = "zh-Hant-HK glyphs: press (說 稅 戶, as newspapers print) or standard (説 税 户)."
    for catalog in (cn, tw, hk):
        assert "說 稅 戶" in catalog.gettext(help_text) and "説 税 户" in catalog.gettext(help_text)


def test_builtin_layout_descriptions_are_in_the_catalogs():
    from publish.layouts import BUILTIN_DESCRIPTIONS

    for toml in sorted((REPO / "layouts").glob("*/layout.toml")):
        description = tomllib.loads(toml.read_text("utf-8")).get("description")
        if description:
            assert description in BUILTIN_DESCRIPTIONS, toml


# English words of the messages below: none may reach a Chinese user.
ENGLISH = re.compile(r"\b(?:Error|WARNING|Usage|Options|Commands|Arguments|wrote|typesetting|written|files?|"
                     r"placeholder|replace|such|option|checked|errors?|warnings?|Show|message|exit|help|"
                     r"Try|default|Missing)\b")
OPTION = re.compile(r"(?<![\w/])-{1,2}[A-Za-z][\w-]*")


@pytest.fixture(scope="module")
def placeholder_workspace(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("i18n") / "ws", {"a.md": "# 标题\n\n正文XXXX内容。\n"})


@pytest.mark.parametrize("locale", ["zh_CN.UTF-8", "zh_TW.UTF-8", "zh_HK.UTF-8"])
def test_every_kind_of_message_in_chinese(locale, placeholder_workspace):
    env = in_locale(locale)
    traditional = locale != "zh_CN.UTF-8"
    ws = placeholder_workspace
    help_text = run_cli("build", "--help", cwd=ws, env=env)
    usage = run_cli("build", "--no-such-option", cwd=ws, env=env)
    error = run_cli("build", "articles/missing.md", cwd=ws, env=env)
    built = run_cli("build", "--no-cache", "-o", f"dist-{locale}", cwd=ws, env=env)
    checked = run_cli("check", cwd=ws, env=env)
    assert usage.returncode == 2 and error.returncode == 1 and built.returncode == 0, built.stderr
    expected = {
        "help": (help_text.stdout, "用法：" if not traditional else "用法：", "輸出" if traditional else "输出"),
        "usage error": (usage.stderr, "錯誤：" if traditional else "错误：", "沒有這個選項" if traditional else "没有这个选项"),
        "error": (error.stderr, "錯誤：" if traditional else "错误：", "不存在"),
        "warning": (built.stderr, "警告：", "佔位內容" if traditional else "占位内容"),
        "progress": (built.stderr, "正在排版", "已寫入" if traditional else "已写入"),
        "summary": (checked.stderr, "已檢查" if traditional else "已检查", "0 個錯誤" if traditional else "0 个错误"),
    }
    for kind, (text, *fragments) in expected.items():
        for fragment in fragments:
            assert fragment in text, (kind, fragment, text)
        # nothing English but names (options, paths, codes)
        words = ENGLISH.findall(OPTION.sub("", text))
        assert not words, (kind, words, text)


def test_english_elsewhere_and_publish_lang_overrides(placeholder_workspace):
    ws = placeholder_workspace
    english = run_cli("build", "articles/missing.md", cwd=ws, env=in_locale("de_DE.UTF-8"))
    assert "Error: articles/missing.md: no such file" in english.stderr
    forced = run_cli("build", "articles/missing.md", cwd=ws, env={**in_locale("en_US.UTF-8"), "PUBLISH_LANG": "zh_CN"})
    assert "错误：articles/missing.md: 文件不存在" in forced.stderr


def test_a_usage_error_of_an_option_with_a_short_name_is_translated(placeholder_workspace):
    """Click names such an option '--jobs' / '-j': the patterns took the
    first name only, and `publish build --jobs abc` said "Invalid value for
    '--jobs' / '-j': 'abc' is not a valid integer range." in a Chinese
    console."""
    from publish.cli.localize import translate_usage_error

    assert translate_usage_error("Invalid value for '--jobs' / '-j': 'abc' is not a valid integer range.") == \
        "Invalid value for --jobs: 'abc' is not a whole number."
    result = run_cli("build", "--jobs", "abc", cwd=placeholder_workspace, env=in_locale("zh_CN.UTF-8"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == "错误：--jobs 的值无效：'abc' 不是整数。"
