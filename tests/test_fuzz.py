"""Fuzzing the readers and the conversion with Hypothesis: whatever the
bytes, a reader returns an article or raises SourceError; whatever the
text, conversion returns text and keeps quotes paired."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from publish.edition import EDITIONS, Converter, convert_quotes, make_edition
from publish.errors import SourceError
from publish.sources.decode import decode
from publish.sources.markdown import parse_markdown
from publish.sources.text import parse_text

HK = Converter(EDITIONS["zh-Hant-HK"])
chinese = st.text(alphabet=st.sampled_from(list("发干后里面只台系范钟余了复松历于一二三你我他的“”‘’，。、：；！？（）《》——…\n #*-[]()!`>|ab12 \t")),
                  max_size=300)
anything = st.text(max_size=300)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_never_crashes(data):
    try:
        text, encoding = decode(data, Path("x.txt"))
    except SourceError:
        return
    assert isinstance(text, str) and "\r" not in text


@SETTINGS
@given(st.one_of(chinese, anything))
def test_text_reader(text):
    if not text.strip():
        return
    article = parse_text(text, Path("x.txt"))
    assert isinstance(article.title, str)


@SETTINGS
@given(st.one_of(chinese, anything))
def test_markdown_reader(text):
    try:
        article = parse_markdown(text, Path("x.md"))
    except SourceError:
        return
    assert article.title
    converted, review = make_edition(article, HK)
    assert converted.lang == "zh-Hant-HK"


@SETTINGS
@given(st.one_of(chinese, anything))
def test_conversion(text):
    converted = HK.convert(text)
    assert isinstance(converted, str)
    quoted, depth = convert_quotes(converted)
    assert not set("“”‘’") & set(quoted)
    if text.isascii():
        assert converted == text


@SETTINGS
@given(st.lists(st.sampled_from(["“", "”", "‘", "’", "字"]), max_size=40))
def test_balanced_quotes_come_out_balanced(pieces):
    text = "".join(pieces)
    depth = 0
    balanced = True
    for ch in text:
        if ch in "“‘":
            depth += 1
        elif ch in "”’":
            depth -= 1
            balanced &= depth >= 0
    balanced &= depth == 0
    quoted, end = convert_quotes(text)
    if balanced:
        assert end == 0
        assert quoted.count("「") == quoted.count("」") and quoted.count("『") == quoted.count("』")
