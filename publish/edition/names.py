"""Person names: which characters of a name keep their form.

A name is a word the segmenter tags as a person's name, or one of the
curated names of ``names.txt``. In a name, a character that is itself a
traditional character keeps its form (范 杰 余 岳 于 干 …: 李干杰, 范长江,
余秋雨); the others convert as usual (赵乐际 → 趙樂際). 干部, 关于, 其余 are
words of their own, never names.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from publish.edition.segmenter import Token

# jieba's tags for a person's name: nr, nrfg (a full name), nrt (a
# transliterated one).
NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})

# The characters a name keeps: traditional characters that OpenCC turns
# into another word's character (范 → 範, 杰 → 傑, 余 → 餘, 岳 → 嶽, 于 → 於,
# 干 → 幹, 朴 → 樸, 郁 → 鬱, 涂 → 塗, 游 → 遊, 后 → 後, 岩 → 巖, 党 → 黨,
# 种 → 種). Not 叶 云 万 丰 胜 适: in a name they are the surnames and
# given names 葉 雲 萬 豐 勝 適.
KEEP = frozenset("范杰余岳于干朴郁涂游后岩党种")
# These are also everyday words (于 the preposition, 余 the rest, 后 after,
# 种 a kind, 党 the party): in the names the segmenter finds they are kept
# only in the middle of a three-character name (廖于诚), never as its first
# or last character (于德辅 is 於 + 德輔道, 奥氏后 奧氏 + 後, and jieba's
# dictionary itself tags 寄希望于 and 于本周 as names). The names of
# names.txt keep them anywhere.
KNOWN_ONLY = frozenset("于余后种党")


@lru_cache(maxsize=1)
def curated() -> frozenset[str]:
    lines = Path(__file__).with_name("names.txt").read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_name(token: Token) -> bool:
    """A name with a character to keep (周 alone, a surname or the week,
    is left to OpenCC and its phrases: 这周 → 這週)."""
    return (token.tag in NAME_TAGS or token.word in curated()) and any(ch in KEEP for ch in token.word)


def keep(source: str, converted: str, phrases: frozenset[str] = frozenset()) -> str:
    """``converted`` with the name's own traditional characters put back.
    In a name the segmenter found, a character inside one of OpenCC's
    ``phrases`` converts as that phrase says (师范 in 高雄师范)."""
    if len(source) != len(converted):
        return converted
    listed = source in curated()
    inside = set()
    if not listed:
        for i in range(len(source)):
            for j in range(i + 2, len(source) + 1):
                if source[i:j] in phrases:
                    inside.update(range(i, j))
    def kept(i: int, ch: str) -> bool:
        if ch not in KEEP or i in inside:
            return False
        return listed or ch not in KNOWN_ONLY or (len(source) == 3 and i == 1)

    return "".join(s if kept(i, s) else c for i, (s, c) in enumerate(zip(source, converted)))
