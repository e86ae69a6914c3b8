"""Person names: which characters of a name keep their form.

A name is a word the segmenter tags as a person's name, or one of the
curated names of ``names.txt``. In a curated name every character that is
itself a traditional character keeps its form (李干杰, 范长江, 余秋雨); the
others convert as usual (赵乐际 → 趙樂際). In a name only the segmenter
found, what a character keeps was measured on Hong Kong and Taiwan text
(RTHK, news.gov.hk, Citizen News, InMedia, the Taiwan public broadcaster,
Radio Taiwan International, CTS, Taiwan newspapers: 18 million characters
turned into simplified and segmented; counts below are distinct names, Hong
Kong / Taiwan). 干部, 关于, 其余 are words of their own, never names.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from publish.edition.segmenter import Token

# jieba's tags for a person's name: nr, nrfg (a full name), nrt (a
# transliterated one).
NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})

# The characters a name keeps: traditional characters that OpenCC turns
# into another word's character (范 → 範, 余 → 餘, 岳 → 嶽, 于 → 於, 干 → 幹,
# 朴 → 樸, 郁 → 鬱, 涂 → 塗, 游 → 遊, 后 → 後, 岩 → 巖, 党 → 黨, 种 → 種, 杰 →
# 傑), and those of transliterations and place names (里 → 裡 in 查里, 咸 →
# 鹹 in 韋斯咸, 斗 → 鬥 in 海斗, 涌 → 湧 in 東涌: names printed 里 HK 12/0,
# TW 36/5). Not 叶 云 万 丰 胜 适: in a name they are the surnames and given
# names 葉 雲 萬 豐 勝 適.
KEEP = frozenset("范杰余岳于干朴郁涂游后岩党种里咸斗涌")
# These are also everyday words (于 the preposition, 余 the rest, 后 after,
# 种 a kind, 党 the party): in the names the segmenter finds they are kept
# only in the middle of a three-character name (廖于诚), never as its first
# or last character (于德辅 is 於 + 德輔道, 奥氏后 奧氏 + 後, and jieba's
# dictionary itself tags 寄希望于 and 于本周 as names) — except 余 first in
# a three-character name, the surname (余健强: 余 HK 36/36, TW 32/32, where
# two-character "names" starting 余 are 餘 half the time).
KNOWN_ONLY = frozenset("于余后种党")
SURNAME_FIRST = frozenset("余")
# Hong Kong and Taiwan print these otherwise in the names the segmenter
# finds, whatever the mainland writes: 杰 is 傑 (last of three characters HK
# 41/15, TW 86/46; middle HK 10/3, TW 23/11), as OpenCC has it; 升 last of
# three is 昇 (HK 12/6, TW 24/6). The curated names keep their own (李干杰).
CURATED_ONLY = frozenset("杰")
LAST_OF_THREE_FORMS = {"升": "昇"}


@lru_cache(maxsize=1)
def curated() -> frozenset[str]:
    lines = Path(__file__).with_name("names.txt").read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_name(token: Token) -> bool:
    """A name with a character to keep or to print otherwise (周 alone, a
    surname or the week, is left to OpenCC and its phrases: 这周 → 這週)."""
    if token.word in curated():
        return any(ch in KEEP for ch in token.word)
    return token.tag in NAME_TAGS and any(
        (ch in KEEP and ch not in CURATED_ONLY) or ch in LAST_OF_THREE_FORMS for ch in token.word)


def keep(source: str, converted: str, phrases: frozenset[str] = frozenset()) -> str:
    """``converted`` with the name's own characters put back. In a name the
    segmenter found, a character inside one of OpenCC's ``phrases``
    converts as that phrase says (师范 in 高雄师范)."""
    if len(source) != len(converted):
        return converted
    if source in curated():
        return "".join(s if s in KEEP else c for s, c in zip(source, converted))
    inside = set()
    for i in range(len(source)):
        for j in range(i + 2, len(source) + 1):
            if source[i:j] in phrases:
                inside.update(range(i, j))
    three = len(source) == 3

    def form(i: int, s: str, c: str) -> str:
        if i in inside:
            return c
        if three and i == 2 and s in LAST_OF_THREE_FORMS:
            return LAST_OF_THREE_FORMS[s]
        if s not in KEEP or s in CURATED_ONLY:
            return c
        if s not in KNOWN_ONLY or (three and i == 1) or (three and i == 0 and s in SURNAME_FIRST):
            return s
        return c

    return "".join(form(i, s, c) for i, (s, c) in enumerate(zip(source, converted)))
