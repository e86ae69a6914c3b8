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
