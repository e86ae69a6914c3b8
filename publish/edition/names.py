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

import re
from collections.abc import Callable
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
KEEP = frozenset("范杰余岳于干朴郁涂游后岩党种里咸斗涌采筑")
# These are also everyday words (于 the preposition, 余 the rest, 后 after,
# 种 a kind, 党 the party): in the names the segmenter finds they are kept
# only in the middle of a three-character name (廖于诚), never as its first
# or last character (于德辅 is 於 + 德輔道, 奥氏后 奧氏 + 後, and jieba's
# dictionary itself tags 寄希望于 and 于本周 as names) — except 余 first in
# a three-character name, the surname (余健强: 余 HK 36/36, TW 32/32, where
# two-character "names" starting 余 are 餘 half the time).
# 采 and 筑 are given names' in the middle of three characters (柳采葳,
# 王采淋, 杨筑钧: TW 17/0 and 12/0, HK 13/0; OpenCC's 採 and 築), but
# first in a name the segmenter guessed they are mostly words (采访).
KNOWN_ONLY = frozenset("于余后种党采筑")
SURNAME_FIRST = frozenset("余")
# Hong Kong and Taiwan print these otherwise in the names the segmenter
# finds, whatever the mainland writes: 杰 is 傑 (last of three characters HK
# 41/15, TW 86/46; middle HK 10/3, TW 23/11), as OpenCC has it; 升 last of
# three is 昇 (HK 12/6, TW 24/6). The curated names keep their own (李干杰).
CURATED_ONLY = frozenset("杰")
LAST_OF_THREE_FORMS = {"升": "昇"}
# Both regions print 艳 as 艷 in names (李艳秋, 许艳玲, 陈氏艳翠: TW 6/2, HK
# 30/3, where OpenCC says 豔); Taiwan prints 升 as 昇 anywhere in a name
# (杨升儒, 吴升: TW 290/54, but HK 109/176: Hong Kong keeps the rule above),
# and keeps 布 in one where OpenCC's phrases say 佈 (布雷斯特: TW 1,386/7;
# Hong Kong's names the segmenter finds print 佈 as often as 布).
NAME_FORMS = {True: {"艳": "艷"}, False: {"艳": "艷", "升": "昇", "布": "布"}}


# Surnames among those characters that the segmenter leaves as a word of their
# own, or glues to the next character: a name all the same before a title
# (游|同学, 范|姓, 涂|家人), before the given name it tagged (游|玛雅), after
# a byline (摄影╱游|竹君, 记者|游), and 于 glued to a surname in a word it
# guessed, before the given name's last character (林于|如, 程于|宝, 王于|渐:
# 于 HK 19/0, TW 57/0 where OpenCC prints 於; before anything else it is
# 於, as in 黄于|5月, 陈于|庭上 — and 曾于 is always 曾於).
SURNAMES_KEPT = frozenset("范余游涂岳郁")
# …and in a byline's list of names even where the segmenter knows the word
# (中央社记者叶素萍、赖于|榛: 赖于 is "to rely on"; TW 70/0).
_LISTED = frozenset({"记者", "、", "摄影", "编辑"})
# A three-character word the segmenter guessed but did not tag as a name
# is one when it starts with one of them (游淑慧, 余奕贤, 范滋庭: 游 HK 15/1,
# TW 83/4; 余 HK 24/1, TW 36/2) — not 郁 (郁男病 is 鬱).
TITLES = frozenset({
    "先生", "女士", "小姐", "太太", "老师", "同学", "同志", "书记", "主任", "局长", "部长", "处长", "科长", "县长",
    "市长", "省长", "镇长", "乡长", "村长", "里长", "院长", "校长", "院士", "教授", "医生", "医师", "律师", "法官",
    "社工", "议员", "立委", "委员", "主席", "师傅", "老板", "姓", "家人", "男", "女", "男子", "女子", "妈妈", "爸爸",
    "阿姨", "阿嬷", "伯", "嫂", "某"})
BYLINES = frozenset({"记者", "摄影", "编辑", "撰文", "报导", "报道", "采访", "╱", "／", "/", "【"})
# Common surnames (the hundred commonest of Hong Kong and Taiwan), for 于
# glued to one of them in a word the segmenter guessed.
_SURNAMES = frozenset(
    "陈林黄张李王吴刘蔡杨许郑谢郭洪邱廖赖徐周叶苏庄吕江何萧罗高潘简朱钟彭游詹胡施沈余卢梁赵颜柯翁魏孙戴范方宋"
    "邓杜傅侯曹薛丁卓马阮董唐温蓝蒋石古纪姚连冯欧程汤田康姜白汪邹尤巫黎涂龚严韩袁金童陆夏柳邵钱伍倪谭麦区")


# A name a case report withholds (干某某, 范某: 纪委 通报 print those
# they punish so) keeps its surname: 幹某某 and 範某 name nobody. After a
# title or a mark, or first: 干 before 某些 is "do", 后某某 after 会 is
# "after" (会后|某某部门).
ANONYMISED = frozenset("范余岳于干朴郁涂游后党种")
_WITHHELD = frozenset({"某", "某某"})
_BEFORE_WITHHELD = frozenset({"原", "和", "与", "及", "对", "将", "把", "被", "让", "给", "向", "由", "党员", "干部",
                              "职工", "村民", "群众", "工作人员", "科员", "经理", "董事长", "总经理"})


# A person's post, which a name follows in a report (县纪委书记|余|建国, 副县长|
# 于|洪, 市委副书记|于伟国): after it 余 alone, and 于 before a given name,
# are surnames, not 餘 "more than" and the preposition 於 — which after a
# post comes before a time or a place (书记|于|近日, 市长|于|北京).
POSTS = ("书记", "县长", "市长", "省长", "镇长", "乡长", "村长", "区长", "局长", "部长", "处长", "科长", "厅长", "司长",
         "所长", "院长", "校长", "站长", "队长", "组长", "行长", "主任", "主席", "常委", "委员", "秘书长", "经理",
         "董事长", "同志", "代表")
_GIVEN_NAME_TAGS = frozenset({"nr", "nrfg", "nz"})


def _after_a_post(word: str, before: Token | None, after: Token | None, known: Callable[[str], bool]) -> bool:
    if before is None or not before.word.endswith(POSTS):
        return False
    if len(word) == 2 and word[0] in "于余":
        return not known(word)   # (局长|于强: a name the segmenter guessed, not 于今, 余下)
    if word == "余":
        return after is not None and after.tag != "m" and "\u3400" <= after.word[0] <= "\u9fff"
    if word == "于":
        return after is not None and after.tag in _GIVEN_NAME_TAGS and len(after.word) <= 2
    return len(word) == 3 and word[0] in "于余" and not known(word[1:])


def surname_word(token: Token, before: Token | None, after: Token | None,
                 known: Callable[[str], bool], surnames: set | None = None) -> frozenset[int]:
    """The positions in ``token`` that are a name's own characters to keep,
    by the words around it (empty: none); ``known``: is a word in the
    segmenter's dictionary; ``surnames``: the (surname, given name) pairs
    kept after a post earlier in the article, which this adds to."""
    word = token.word
    given = word[1:] if len(word) == 3 else after.word if len(word) == 1 and after is not None else ""
    if _after_a_post(word, before, after, known):
        if surnames is not None and given:
            surnames.add((word[0], given))
        return frozenset({0})
    if surnames and (word[:1], given) in surnames:
        return frozenset({0})  # (书记余建国…, then 余建国被处分)
    if word[0] in ANONYMISED and (word[1:] in _WITHHELD or len(word) == 1 and after is not None
                                  and after.word in _WITHHELD) and (
            before is None or before.tag == "x" or before.word in TITLES or before.word in _BEFORE_WITHHELD
            or before.word.endswith(POSTS)):
        return frozenset({0})
    if word in SURNAMES_KEPT and after is not None and (
            after.word in TITLES or after.tag in NAME_TAGS or before is not None and before.word in BYLINES):
        return frozenset({0})
    if len(word) == 3 and word[0] in SURNAMES_KEPT and word[0] != "郁" and not known(word):
        return frozenset({0})
    if len(word) == 2 and word[1] == "于" and word[0] in _SURNAMES and after is not None and (
            len(after.word) == 1 and "\u3400" <= after.word <= "\u9fff" and after.tag != "m") and (
            not known(word) or before is not None and before.word in _LISTED):
        return frozenset({1})
    return frozenset()


# A list of people (于强、范伟、余斌、于洪、范军参加会议; 于发明、范志干等人):
# items of two or three characters between 、 (the first may end a longer
# run, the last start one). Such an item that starts with 于 is a surname
# whatever the segmenter says of it (于洪 is also a district of Shenyang:
# a place in a list keeps 于 too, never the preposition); with 余 or 范 it
# is one unless the item is a word (余额、余粮, 规范、范围).
_HAN = re.compile(r"[\u3400-\u9fff]+")
LISTED = frozenset("于余范")


def listed(text: str, known: Callable[[str], bool]) -> dict[int, tuple[int, ...]]:
    """Where a name of a list in ``text`` starts with a surname of
    ``LISTED``: its position -> the lengths it may have, longest first
    (the last item's is not known: 范军参加会议)."""
    found: dict[int, tuple[int, ...]] = {}
    lists: list[list[tuple[int, int]]] = []
    for m in _HAN.finditer(text):
        if lists and lists[-1][-1][1] == m.start() - 1 and text[m.start() - 1] == "、":
            lists[-1].append((m.start(), m.end()))
        else:
            lists.append([(m.start(), m.end())])
    for runs in lists:
        if len(runs) < 2 or any(end - start > 3 for start, end in runs[1:-1]):
            continue   # (no list, or one of phrases)
        # (items that all start alike are words in parallel, not people of
        # one surname: 于党、于国、于民, 于情、于理、于法, 余震、余温、余波)
        if len({text[end - 2] if k == 0 and end - start > 3 else text[start] for k, (start, end) in enumerate(runs)}) == 1:
            continue
        items = []  # (where, the lengths it may have, whether it stands whole between marks)
        for k, (start, end) in enumerate(runs):
            if end - start <= 3:
                items.append((start, (end - start,), True))
            elif k == 0:   # the first item ends a longer run: 参加会议的有|于强
                items.append((end - 2, (2,), False))
            elif not (text[start] == "于" and known(text[start + 1:start + 3])):
                # the last starts one: 范军|参加会议 (not 于|在野立委: a word after it)
                items.append((start, (3, 2), False))

        def named(at: int, lengths: tuple[int, ...], whole: bool) -> bool:
            # (an item whole between marks that is 于… or no word of the
            # dictionary: 规范、范围 is a list of words)
            return whole and (text[at] == "于" and not _when(text[at + 1:at + lengths[0]])
                              or not known(text[at:at + lengths[0]]))

        for at, lengths, whole in items:
            if max(lengths) < 2 or text[at] not in LISTED or text[at] == "于" and _when(text[at + 1:at + max(lengths)]):
                continue
            # (于 after a word is the preposition unless the others are names:
            # 相较于|北、东部, but 参加会议的有|于强、范伟)
            if named(at, lengths, whole) or not (text[at] == "于" and whole) and \
                    any(named(*other) for other in items if other[0] != at):
                found[at] = lengths
    return found


def _when(words: str) -> bool:
    """``words`` after 于 start with a time, a figure or a place in
    relation (将于今晚、明晚; 于上、下半年): the preposition's object."""
    from publish.edition.segmenter import tokens

    first = tokens(words)[0] if words else None
    return first is not None and first.tag[:1] in ("t", "m", "f", "r")


def remembered(text: str, surnames: set, known: Callable[[str], bool]) -> dict[int, int]:
    """Where a name kept earlier in the article (``surnames``: (surname,
    given name) pairs) comes again in ``text``: position -> its length. Not
    where its surname ends a word (优于|强化 is no 于强) or its given name
    starts one."""
    found: dict[int, int] = {}
    for surname, given in surnames:
        if not given:
            continue
        name = surname + given
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if not (at > 0 and known(text[at - 1:at + 1])) and not (
                    len(name) == 2 and end < len(text) and known(text[end - 1:end + 1])):
                found[at] = len(name)
            at = text.find(name, at + 1)
    return found


# A name the segmenter guessed that starts with 于 right after a word (对|于军演,
# 设|于贝尔|格勒, 将|于本周) is the preposition 於 and what follows it: TW 於
# 99 of 101, HK 90 of 94 — OpenCC's phrases keep 于 in some (于军 as a
# name). After punctuation it is as often the surname (、于煥亞).
def preposition(token: Token, before: Token | None) -> bool:
    return (token.word[0] == "于" and len(token.word) > 1 and token.tag in NAME_TAGS and before is not None
            and before.tag != "x" and token.word not in curated())


@lru_cache(maxsize=1)
def curated() -> frozenset[str]:
    lines = Path(__file__).with_name("names.txt").read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_name(token: Token, hong_kong: bool = True) -> bool:
    """A name with a character to keep or to print otherwise (周 alone, a
    surname or the week, is left to OpenCC and its phrases: 这周 → 這週)."""
    if token.word in curated():
        return any(ch in KEEP for ch in token.word)
    return token.tag in NAME_TAGS and any(
        (ch in KEEP and ch not in CURATED_ONLY) or ch in LAST_OF_THREE_FORMS or ch in NAME_FORMS[hong_kong]
        for ch in token.word)


def keep(source: str, converted: str, phrases: frozenset[str] = frozenset(),
         kept: frozenset[int] = frozenset(), hong_kong: bool = True) -> str:
    """``converted`` with the name's own characters put back: those at
    ``kept``, or else as the name's kind says. In a name the segmenter
    found, a character inside one of OpenCC's ``phrases`` converts as that
    phrase says (师范 in 高雄师范)."""
    if len(source) != len(converted):
        return converted
    if kept:
        return "".join(s if i in kept else c for i, (s, c) in enumerate(zip(source, converted)))
    if source in curated():
        return "".join(s if s in KEEP else c for s, c in zip(source, converted))
    inside = set()
    for i in range(len(source)):
        for j in range(i + 2, len(source) + 1):
            if source[i:j] in phrases:
                inside.update(range(i, j))
    three = len(source) == 3

    def form(i: int, s: str, c: str) -> str:
        if s in NAME_FORMS[hong_kong]:
            return NAME_FORMS[hong_kong][s]
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
