"""The desk's interface languages: every message of its pages has its
Simplified text, the traditional ones are converted with the project's own
converter, placeholders survive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO

DESK = REPO / "publish" / "desk"
# Pages mark messages with _() in templates, M_() in Python (the command
# line's _() messages are the project catalogs' business).
_TEMPLATE = re.compile(r"""\b_\((["'])((?:(?!\1).)+)\1\)""")
_PYTHON = re.compile(r"""\bM_\((["'])((?:(?!\1).)+)\1\)""")


def desk_messages() -> set[str]:
    found = set()
    for pattern, paths in ((_PYTHON, DESK.glob("*.py")), (_TEMPLATE, (DESK / "templates").glob("*.html"))):
        for path in paths:
            found.update(m.group(2) for m in pattern.finditer(path.read_text("utf-8")))
    return found


def test_every_message_of_the_pages_has_its_simplified_text():
    from publish.desk.language import messages

    table = messages("zh-Hans")
    found = desk_messages()
    assert len(found) > 80
    assert sorted(found - set(table)) == []


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant-HK", "zh-Hant-TW"])
def test_placeholders_survive_translation(lang):
    from publish.desk.language import messages

    for english, text in messages(lang).items():
        assert sorted(re.findall(r"\{\w*\}", english)) == sorted(re.findall(r"\{\w*\}", text)), (english, text)


def test_traditional_interfaces_are_converted_in_their_regions_forms():
    from publish.desk.language import messages

    hk, tw = messages("zh-Hant-HK"), messages("zh-Hant-TW")
    hint = "To print the booklet: A4, double-sided, flip on the short edge, actual size (100%); " \
           "fold the stack in half and staple on the fold."
    assert "打印" in hk[hint] and "列印" in tw[hint]          # Taiwan vocabulary for Taiwan offices
    assert hk["Upload"] == "上載" and tw["Upload"] == "上傳"  # set by the table for Hong Kong
    assert "帳戶" in hk["Your account may not do this."]      # the interface's own phrase
    # signing in is 登入 in both (登錄 is to register); Taiwan's 帳號, 字元;
    # Hong Kong's 上載 in every message, not only the button's
    assert hk["Please sign in."] == "請先登入。" and tw["Please sign in."] == "請先登入。"
    assert "帳號" in tw["Unknown name or wrong password."] and "帳戶" not in "".join(tw.values())
    assert "字元" in tw["New password (at least 10 characters)"] and "目前密碼" in hk["Current password"]
    assert "上載" in hk["Choose an article file to upload."] and "上傳" not in "".join(hk.values())
    assert "摺線" in hk[hint] and "對摺" in hk[hint]
    simplified_only = set("这为请账户单处")
    for table in (hk, tw):
        assert not simplified_only & set("".join(table.values()))


def test_language_follows_the_account_then_the_browser():
    from publish.desk.language import language_for
    from publish.desk.store import Account

    office_tw = Account(1, "tw", "office", "TW", "")
    office_hk = Account(2, "hk", "office", "HK", "")
    organizer = Account(3, "org", "organizer", None, "")
    assert [language_for(a) for a in (office_tw, office_hk, organizer)] == ["zh-Hant-TW", "zh-Hant-HK", "zh-Hans"]
    assert language_for(None, "zh-HK,zh;q=0.8") == "zh-Hant-HK"
    assert language_for(None, "zh-TW") == "zh-Hant-TW"
    assert language_for(None, "zh-CN,zh;q=0.9,en;q=0.8") == "zh-Hans"
    assert language_for(None, "en-US,en;q=0.9") == "en"
    assert language_for(None, "") == "zh-Hans"


def test_a_download_says_large_print_and_taiwan_vocabulary_in_its_name():
    """Large print came down as the A4 handout's name, the Taiwan-vocabulary
    edition as the plain Taiwan edition's: one replaced the other in a
    download folder."""
    from types import SimpleNamespace

    from publish.desk.pages import _download_name

    def name(edition, fmt, made):
        return _download_name(None, SimpleNamespace(spec={"edition": edition, "format": fmt}), made)

    assert name("zh-Hant-HK", "large-print", "tongzhi.zh-Hant-HK.a4.pdf") == "tongzhi.zh-Hant-HK.large-print.a4.pdf"
    assert name("zh-Hant-HK", "large-print", "tongzhi.zh-Hant-HK.a4.png") == "tongzhi.zh-Hant-HK.large-print.a4.png"
    assert name("zh-Hant-HK", "a4", "tongzhi.zh-Hant-HK.a4.pdf") == "tongzhi.zh-Hant-HK.a4.pdf"
    assert name("zh-Hant-TW-vocabulary", "booklet", "tongzhi.zh-Hant-TW.booklet.pdf") == \
        "tongzhi.zh-Hant-TW-vocabulary.booklet.pdf"
    assert name("zh-Hant-TW", "phone", "tongzhi.zh-Hant-TW.phone.pdf") == "tongzhi.zh-Hant-TW.phone.pdf"


def test_a_failed_builds_words_are_shown_in_the_offices_script():
    """The server writes a failure in Simplified Chinese: an office's page
    showed it so in the middle of its Traditional text."""
    from publish.desk.language import in_script

    said = "binary.txt：是二进制文件，不是文本（请把文章另存为 UTF-8 或 GB18030 文本）"
    assert in_script(said, "zh-Hant-HK") == "binary.txt：是二進制文件，不是文本（請把文章另存為 UTF-8 或 GB18030 文本）"
    assert "請把文章另存為" in in_script(said, "zh-Hant-TW")
    assert in_script(said, "zh-Hans") == said and in_script(said, "en") == said
