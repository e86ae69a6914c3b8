"""OpenCC's conversion run in Python from OpenCC's dictionaries
(``publish/edition/engine.py``) gives what OpenCC itself gives."""

import json
import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from publish.edition.engine import engine

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
FIXTURES = Path(__file__).parent / "fixtures"
CONFIGS = ("s2hk", "s2tw", "s2twp", "s2t", "t2hk", "t2tw")


def _corpus() -> str:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the repository")
    return "\n".join(path.read_text("utf-8") for path in sorted(CORPUS.glob("*.txt")))


@pytest.mark.parametrize("config", CONFIGS)
def test_the_engine_converts_real_text_as_opencc_does(config):
    """Hong Kong and Taiwan news, made simplified by OpenCC, then converted
    back (84,000 characters): every character alike; the traditional
    originals through the same configuration, too."""
    original = _corpus()
    text = opencc.OpenCC("hk2s").convert(original) + opencc.OpenCC("tw2s").convert(original)
    ours = engine(config)
    assert ours is not None
    for sample in (text, original):
        expected = opencc.OpenCC(config).convert(sample)
        got = ours.convert(sample)
        if got != expected:
            diff = next(i for i, (a, b) in enumerate(zip(got, expected)) if a != b)
            pytest.fail(f"{config}: {got[diff - 10:diff + 10]!r} != {expected[diff - 10:diff + 10]!r}")


def test_the_engine_passes_opencc_upstream_cases():
    data = json.loads((FIXTURES / "opencc_testcases.json").read_text("utf-8"))
    checked = 0
    for case in data["cases"]:
        for config, expected in case["expected"].items():
            assert engine(config).convert(case["input"]) == expected, (case["id"], config)
            checked += 1
    assert checked >= 70


@pytest.mark.parametrize("text", [
    "豈有此理",          # U+F900, a compatibility ideograph OpenCC normalizes first
    "⿰氵干的干部",       # an ideographic description sequence passes whole
    "葛\U000E0100根发展",  # a variation selector
    "头发\x00发展",       # OpenCC's C API stops at NUL: publish converts around it
    "",
])
def test_text_opencc_treats_specially_converts_as_opencc_does(text):
    from publish.edition.tables import opencc_convert

    for config in ("s2hk", "s2tw"):
        expected = "\x00".join(opencc.OpenCC(config).convert(part) for part in text.split("\x00"))
        assert opencc_convert(config, text) == expected


def test_boundaries_and_groups_as_opencc_matches_them():
    """Phrases across the cut between a matched phrase and the rest
    (一个中国: 一個|中國, not 箇中), Taiwan's phrase dictionaries in their
    order (short circuit), the union of STPhrases and its generated part."""
    for config in ("s2hk", "s2tw", "s2twp"):
        for text in ("坚持一个中国原则", "国家具有五千多年历史", "鼠标和软件的打印机", "香港回归祖国", "一出好戏"):
            assert engine(config).convert(text) == opencc.OpenCC(config).convert(text), (config, text)


def test_a_traditional_converter_starts_without_opencc_library(tmp_path):
    """The point of the engine: a converter (segmenter included) starts and
    converts without loading OpenCC's C++ library, from the cache the first
    start made."""
    code = ("import sys\n"
            "from publish.edition import EDITIONS, Converter\n"
            "c = Converter(EDITIONS['zh-Hant-HK'])\n"
            "print(c.convert('坚持一个中国原则，李干杰同志'))\n"
            "print(sorted(m for m in sys.modules if m.startswith('opencc')))\n")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
            for _ in range(2)]
    for run in runs:
        converted, modules = run.stdout.strip().splitlines()
        assert converted == "堅持一個中國原則，李干杰同志"
        assert modules == "[]"
