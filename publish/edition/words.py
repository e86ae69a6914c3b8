"""One-character words: the form a character takes when it stands alone as
a word, decided by its word class and neighbours, where OpenCC's default
for the lone character is the wrong one; and the Cantonese copula 係.

Measured on 18 million characters of real Hong Kong and Taiwan text (RTHK,
news.gov.hk, Citizen News, InMedia, the Taiwan public broadcaster, Radio
Taiwan International, CTS, Taiwan newspapers, MOFA statements) turned into
simplified and segmented: for each one-character word and part of speech,
how the original printed it.
"""

from __future__ import annotations

import re

from publish.edition.segmenter import Token

WORD_CLASS = "word class"

# (character, part of speech) -> form. Counts: Hong Kong, Taiwan (this form
# / all occurrences); OpenCC's default for the lone character in brackets.
FORMS = {
    ("签", "v"): "簽",   # sign: HK 49/49, TW 44/49 (籤, a lot)
    ("注", "v"): "註",   # 注：, the note: HK 107/112, TW 66/69 (注); a lottery's 2注 is a measure word
    ("赞", "v"): "讚",   # praise: HK 29/30, TW 24/25 (贊)
    ("杆", "q"): "桿",   # the measure word (一杆枪, a golf stroke): TW 50/50 (杆)
}
# Each region's own.
REGION_FORMS = {
    True: {                  # Hong Kong
        ("挨", "v"): "捱",   # to endure (捱夜, 捱沽, 捱唔到): HK 45/50 (挨)
        ("伙", "n"): "伙",   # flats, the measure (2000伙住宅): HK 9/10 (夥)
        ("咸", "ns"): "咸",  # in place and club names (漆咸道, 韋斯咸): HK 11/12 (鹹)
    },
    False: {                 # Taiwan
        ("喂", "v"): "餵",   # to feed (餵爸爸吃藥): TW 91/114 (喂, the call)
    },
}

# 系 standing alone is the copula 係 in Hong Kong text (系由, 系指, 纯系,
# Cantonese 唔系): HK 3,220/3,369 — but a department (社会工作|系|教授)
# stays 系. In Taiwan text a lone 系 is a department (社工系, 竞技系四年级:
# news 193 of 239) or, before a verb, a preposition or a name, the copula of
# formal prose (国旗系侵犯其主权, 主张系依据开罗宣言: the foreign
# ministry's statements, news 33 of 239).
COPULA = ("系", "v")
_VERB_LIKE = ("v", "p", "d", "c", "m", "r", "a", "i", "ns", "nt", "nz", "nr")
_NOUN = ("n", "vn", "l", "j")   # a department's or a faction's name before it (n, nz, nt, ng …: 新潮流|系)

# After these, a lone 系 is a university department, or the noun (语系的);
# after a colour too (灰黑色|系, a range of colours).
_DEPARTMENT_NEXT = frozenset({
    "教授", "副教授", "助理教授", "讲座", "讲座教授", "讲师", "主任", "学生", "同学", "校友", "毕业", "硕士", "博士",
    "学士", "所", "上", "友", "助教", "毕业生", "系主任", "的", "之", "临床", "专任", "兼任", "一年级", "二年级",
    "三年级", "四年级", "五年级", "大一", "大二", "大三", "大四", "就读", "专任教师"})
# After a field of study, a school, a range of cars or a colour, a lone 系 is
# a department or a series (社会|系|退休教授, 工业设计|系, 各科|系, 电动车|系, 对流
# 云|系, 德|系, 灰黑色|系: TW 系 27 of the 31 that were 係 by the rules below,
# none of the copulas). Hong Kong's Cantonese copula follows most of them (今日
# 係, 社會係, 學校係), so there only 学 and 色.
_FIELDS = {True: ("学", "色"), False: (
    "学", "色", "社会", "设计", "教育", "科技", "事业", "休闲", "保育", "工程", "管理", "科学", "文学", "经济", "艺术", "传播",
    "化学", "物理", "数学", "医学", "法律", "历史", "哲学", "心理", "新闻", "外语", "中文", "英文", "资讯", "电机", "机械", "土木",
    "建筑", "财务", "会计", "企管", "运动", "护理", "药学", "昆虫", "生物", "分子", "地理", "森林", "农艺", "园艺", "音乐", "美术",
    "戏剧", "舞蹈", "体育", "语言", "政治", "社工", "科", "校", "云", "车", "德", "日", "韩", "美", "欧")}
# Taiwan's party factions before a lone 系, in both regions' news (新潮流|系|支持: TW 4/0).
_FACTIONS = frozenset({"新潮流", "正国会", "英", "苏", "谢", "游", "海派"})
# Before these a lone 系 is the copula in both regions' formal prose (系由,
# 系指, 系属, 系为: TW 係 before 由, 指 …).
_COPULA_NEXT = frozenset({"由", "指", "属", "为"})
# After a person or a sum of money a lone 系 is the copula of a case report
# in both regions (该同志|系|中共党员, 该款项|系|公款): a department follows
# a field of study or a school.
_SOMEONE = ("某", "同志", "本人", "人员", "干部", "党员", "职工", "款项", "资金", "钱款", "财物", "行为")
# A lone 系 before these is 繫, to tie.
_TIE = frozenset({"鞋带", "领带", "安全带", "红领巾", "围巾", "围裙", "绳子", "丝带", "缆绳"})


def form(token: Token, before: Token | None, after: Token | None, hong_kong: bool = True) -> tuple[str, str] | None:
    """(traditional form, origin) for a one-character word OpenCC would get
    wrong alone, or None."""
    if (token.word, token.tag) == COPULA:
        if after is not None and after.word in _TIE:
            return "繫", WORD_CLASS
        if after is not None and after.word in _COPULA_NEXT:
            return "係", WORD_CLASS
        if after is not None and after.word in _DEPARTMENT_NEXT or (
                before is not None and (before.word.endswith(_FIELDS[hong_kong]) or before.word in _FACTIONS)):
            return None
        if not hong_kong and before is not None and before.word in ("各校", "本", "各", "等", "该"):
            return None   # 各校|系, 本|系: a department
        if hong_kong or after is not None and after.tag.startswith(_VERB_LIKE) and after.tag != "vn" or (
                before is None or not before.tag.startswith(_NOUN)) or before.word.endswith(_SOMEONE):
            return "係", WORD_CLASS
        return None
    if token.word == "里":
        return ("里", WORD_CLASS) if borough(before, after, hong_kong) else None
    if token.word == "云" and saying(before, after):
        return "云", WORD_CLASS
    if token.word == "并" and not hong_kong and before is not None and after is not None and (
            before.word.endswith(_CONDITIONS) and _condition(after)):
        return "併", WORD_CLASS
    if token.word == "面" and noodles(before, after):
        return "麵", WORD_CLASS
    if token.word == "干" and dry(before, after):
        return "乾", WORD_CLASS
    if token.word == "冲" and after is not None and (
            after.word.startswith(_RINSED) or before is not None and before.word.endswith(("咖啡", "手", "浴室"))):
        return "沖", WORD_CLASS   # 冲|热水, 冲|煮, 手|冲, 冲|上岸 (OpenCC's 衝)
    if token.word == "姜" and ginger(before, after):
        return "薑", WORD_CLASS
    if token.word == "制" and before is not None and before.tag == "ns":
        return "製", WORD_CLASS   # made in a country (以色列|制|飞弹, 加拿大|制|的)
    if token.word in _BY_THE_NEXT_WORD and after is not None:
        form, starts, names = _BY_THE_NEXT_WORD[token.word]
        if after.word.startswith(starts) or names and before is not None and (
                after.tag in ("nr", "nrfg") and before.tag[:1] in ("d", "v", "u", "c", "p")
                or before.word in ("只好", "只能", "拜")):
            return form, WORD_CLASS
    if token.word == "划" and before is not None and before.word in ("用力", "奋力", "拼命", "努力", "往外", "继续"):
        return "划", WORD_CLASS
    if token.word == "只" and before is not None and not before.word[-1].isdigit():
        if before.word.endswith(_ANIMALS) or before.word in _COUNTING:
            return "隻", WORD_CLASS   # 猫|只, 该|只|水鹿, 像|只|小猴, 元/|只
        if before.word == "是":
            return "只", WORD_CLASS   # 是|只|依人数 (OpenCC's phrase 是隻)
    if token.word == "朴":
        return "朴", WORD_CLASS   # alone, the Korean surname Park (朴|槿惠: TW 15/15, HK 5/5; OpenCC's 樸)
    if token.word == "签" and before is not None and ("抽" in before.word or "求" in before.word):
        return "籤", WORD_CLASS   # a lot drawn (抽不到|签)
    if token.word == "喂" and (after is not None and after.word[0] in _CALL_AFTER
                               or before is not None and before.word[-1] in _CALL_BEFORE):
        return None   # the call on the telephone: 「喂，你是谁 (TW 喂 in 25 of 27 such places)
    if token.word == "并" and not hong_kong and after is not None and (
            after.word.startswith("罚") or before is not None and before.tag == "m" and after.word in _HOUSES):
        return "併", WORD_CLASS   # 并|罚 (fined on top), 4|并|双梯 (flats side by side): TW 9 of 9
    found = FORMS.get((token.word, token.tag)) or REGION_FORMS[hong_kong].get((token.word, token.tag))
    if found is None and token.word in _AFTER_A_FIGURE and before is not None and (
            before.tag == "m" or before.word[-1].isdigit()):
        found = _AFTER_A_FIGURE[token.word]
    return None if found is None else (found, WORD_CLASS)


# A lone 只 after an animal or a word that counts is the measure word 隻
# (猫|只, 牛|只, 羊|只: livestock counted; 该|只, 像|只, 很多|只, 上千|只, 元/|只);
# after 是 the adverb 只 (是|只|找登记的): TW 隻 23 of 23, 只 6 of 7.
_ANIMALS = ("猫", "狗", "犬", "牛", "羊", "鸡", "鸭", "鹅", "猪", "鸟", "鱼", "虾", "蟹")
_COUNTING = frozenset({"该", "像", "很多", "上千", "上万", "不同", "每", "哪", "另", "首", "/", "／", "好几", "数十", "数百"})


_CALL_AFTER = frozenset("，,…！!？?")
_CALL_BEFORE = frozenset("「（(…")
_HOUSES = frozenset({"双梯", "电梯", "、", "格局"})


# After a figure these are a time or a sum and 後 (10天后, 8000元后): OpenCC
# and jieba's dictionary know them as the goddess and the empress (天后 HK
# 27/19, TW 67/38; 元后 TW 70/0, HK 2/0).
# (坛 after a figure is a jar: 白酒6坛, 收受名酒两坛; OpenCC's 壇 is an altar
# or a forum.)
_AFTER_A_FIGURE = {"天后": "天後", "元后": "元後", "坛": "罈"}


# A cup played for is 盃 (世界盃 and the like are in phrases.txt): a word the
# segmenter guessed that ends in 杯 (欧霸杯, 亚冠杯, 优霸杯: HK 15/0, 9/0, TW
# 17/0), or 杯 after a name (谢国城|杯, 三太子|杯, 嘉士伯|杯) or before a match
# (杯|决赛, 杯|资格赛), or a little before one (议长|杯|龙舟|锦标赛, 城市|杯|
# 体操|锦标赛: TW 盃 19 of 20, HK 1 of 1). The others are drinks (塑胶|杯, 6|杯, 外卖|杯), and so
# is a guessed word the segmenter tags a measure, a figure or a verb (那|这杯|
# 咖啡, 点杯|手摇饮, 分杯|羹, 叠杯: TW 杯 14 of 15).
_NAMES = ("nr", "nrt", "nz", "nt", "eng")
_MEASURE_TAGS = ("q", "m", "v")


def cup(token: Token, before: Token | None, ahead: list[Token], known: bool) -> bool:
    """杯 in ``token`` is a cup played for; ``ahead``: the next words."""
    if token.word == "杯":
        after = ahead[0] if ahead else None
        return (before is not None and before.tag in _NAMES) or (
            after is not None and (after.word.endswith("赛") or after.word in _MATCH)) or (
            before is not None and any("赛" in word.word or "锦标" in word.word for word in ahead[:3]))
    return (token.word.endswith("杯") and token.word[:-1] not in _VESSELS and not known
            and token.tag not in _MEASURE_TAGS)


# Guessed words for cups to drink from (胶杯 HK 9/0, 空杯 TW 6/0).
_VESSELS = frozenset({"胶", "纸", "塑胶", "塑料", "玻璃", "空", "水", "茶", "酒", "咖啡", "奶茶", "饮料", "冷饮", "热饮",
                      "外卖", "环保", "随行", "保温", "量", "手摇", "啤酒", "红酒", "高脚", "马克", "一次性", "重用"})


_MATCH = frozenset({"冠军", "决赛", "国际", "全国", "青少棒", "青棒", "职业", "单打", "双打", "男单", "女单", "男双",
                    "女双", "团体", "比赛", "赛事"})


# A watch is 錶 (OpenCC knows 手錶, 腕錶, 錶帶, but prints 表 alone): a lone
# 表, or a word ending in 表, after what describes a watch, a maker's name or
# buying and wearing one (珠宝|表, 陀飞轮|表, 豪雅表, 纪念表, 新表, OMEGA|表,
# 爱买|表): Taiwan 66 of 71 (the rest 鑽表 and 表 after an English word in a
# dictionary column), Hong Kong 2 of 2 (计时表, 戴表; its 提名表 and 资金表
# are forms, so not 名, 金).
_WATCH = ("珠宝", "飞轮", "月相", "皮带", "飞行", "年历", "救难", "中古", "古董", "限量", "智慧", "钻", "热门", "潜水", "计时",
          "机械", "石英", "女", "男", "情侣", "劳力士", "欧米茄", "浪琴", "豪雅", "翡丽", "卡地亚", "积家", "宝玑", "名士", "天梭",
          "帝舵", "伯爵", "萧邦", "丹顿", "爱彼", "沛纳海", "精工", "西铁城", "卡西欧", "纪念", "陶瓷", "镶钻", "新",
          "买", "戴", "卖", "修", "送", "收藏", "欣赏")


def watch(token: Token, before: Token | None) -> bool:
    """表 ending ``token`` is a watch."""
    if token.word == "表":
        return before is not None and (before.tag == "eng" or before.word.endswith(_WATCH))
    return token.word.endswith("表") and token.word[:-1].endswith(_WATCH)


# In a word the segmenter guessed, 系 after these is the copula 係 (但系,
# 唔系, 即系, 真系); after anything else it ends the name of a department
# or a faction (政政系, 传理系, 长和系, 英系, 军系: HK 27, 6, 6, TW 9, 8 …).
_BEFORE_COPULA = frozenset("但唔即真就我你佢而只梗净都又仲先亦已咪也还就算")


def formal_copula(token: Token, known: bool) -> bool:
    """系 glued to the person before it in a word the segmenter guessed
    (王|某系|该局原局长, 他系|党员领导干部): the copula of a case report, 係
    in both regions."""
    return not known and len(token.word) == 2 and token.word[1] == "系" and token.word[0] in "某他她其"


def copula(token: Token, known: bool, cantonese: bool = False, before: Token | None = None) -> bool:
    """系 inside a word the segmenter guessed (not a dictionary word) is the
    copula 係 in Hong Kong text: Cantonese 但系, 唔系好, 即系话, 系咪 (HK
    text 2,734 times) — unless the word ends in 系 after something other
    than a particle or a pronoun (a department, a faction), in text that
    is not Cantonese (想系, 似系, 术系 in 唔会想系伸张正义 are 係)."""
    if known or len(token.word) < 2 or "系" not in token.word:
        return False
    if not cantonese and token.word[:2] in _FASTENED and (
            before is None or before.tag == "x" or before.tag[:1] in ("d", "v", "p", "c")):
        # (引以为戒，系好|廉洁从政的“第一粒扣子”: to fasten, 繫好 — after a
        # subject it is the copula still: SWHK|系好庞大, 係好)
        return False
    return cantonese or not (token.word.endswith("系") and token.word[-2] not in _BEFORE_COPULA)


# 系 and how it is fastened, in Mandarin: 系好, 系紧, 系牢, 系上, 系住.
_FASTENED = frozenset({"系好", "系紧", "系牢", "系上", "系住"})
# Cantonese: these dictionary words hold the copula, not 系 "to tie", in
# Hong Kong text that is written in Cantonese (唔系好重手: 係好 HK 164/164,
# 係有 77/86, 係個 30/30, 係到 9/9). Mandarin 系好 (安全带) keeps 繫.
CANTONESE_COPULA = frozenset({"系好", "系有", "系个", "系到"})
_CANTONESE = re.compile("[嘅唔咗喺佢哋啲嘢冇嗰㗎喎嚟啱攞谂睇噉]")


def cantonese(text: str) -> bool:
    """The text is written in Cantonese (its particles and pronouns)."""
    return _CANTONESE.search(text) is not None


# Measure words after a figure (2只猫, ３杆, 头奖2注, 12厘的利率): OpenCC
# knows 一只 两只 几只, not the digits, and the segmenter often joins 只 and
# 杆 to the following noun. 注 is a lottery's stake (TW 144/144 after a
# figure), 厘 the per cent of an interest rate (HK 230/230) — when they
# stand alone: 5厘米 is a word.
# 云 "says" after a book or a master, before what they say: 《周易》云：,
# 孟子云, 诗云 (OpenCC's 雲 alone; its phrases know 古人云 and 子曰诗云).
_SAYERS = ("》", "诗", "书", "经", "传", "记", "古人", "古语", "先贤", "前人", "俗语", "语")
_MASTERS = frozenset({"孔子", "孟子", "荀子", "庄子", "老子", "墨子", "韩非子", "管子", "朱子", "曾子", "子"})


def saying(before: Token | None, after: Token | None) -> bool:
    """云 alone between ``before`` and ``after`` is "says"."""
    return before is not None and (before.word.endswith(_SAYERS) or before.word in _MASTERS) and (
        after is None or after.tag == "x" or after.word[0] in "：:，,“「\"'")


MEASURES = {"只": "隻", "杆": "桿", "注": "注", "厘": "厘"}
_ALONE = frozenset("注厘")


def measure_word(text: str, at: int, alone: bool) -> str | None:
    """The traditional form of a measure word after a figure, or None;
    ``alone``: the segmenter made it a word of its own."""
    if at == 0 or not text[at - 1].isdigit() or (text[at] in _ALONE and not alone):
        return None
    return MEASURES.get(text[at])


# A lone 里 is the locative 裡 (病房|里, 客厅|里: TW 829 of 1,082 lone
# 里) unless it is one of Taiwan's boroughs, the 里 of 里長 and 里辦公處
# (湖滨|里|里长, 当地|里|长方, the segmenter reading 里长江 as 里|长江; TW
# 251), or the start of a foreign name the segmenter cut (主任|里|耶拉: both
# regions). Before 、 it is one borough of a list (福兴|里|、寿峰|里|、: TW 34
# of 35).
_BOROUGH_NEXT = frozenset({"里长", "办公处", "办公室", "干事", "民", "居民", "民众", "内", "邻", "范围", "建设"})
_FOREIGN = ("nrt", "eng")


_FIGURES = frozenset("一二三四五六七八九十百千万两几数0123456789")


def borough(before: Token | None, after: Token | None, hong_kong: bool) -> bool:
    """A lone 里 that is not the locative 裡."""
    if after is not None and after.tag in _FOREIGN:
        return True
    # 重光|里|1处, 广成|里|13日 (回家|里|一次 is the locative)
    if not hong_kong and before is not None and before.word in ("其他", "各", "邻近", "该", "全", "每", "本"):
        return True   # 其他|里, 各|里
    # after a lone character the segmenter could not place, an adjective or
    # 的: a place or a name (峇|里, 大|里, 佳|里, 的|里|欧: TW 里 85 of 89)
    if not hong_kong and before is not None and before.tag in ("zg", "a", "uj"):
        return True
    # after a figure: the measure, both regions (一万二千五百|里, 几十|里|山路)
    if before is not None and before.word[-1] in _FIGURES and (after is None or after.word[0] not in "面边头外"):
        return True
    return not hong_kong and after is not None and (
        after.word in _BOROUGH_NEXT or after.word == "、" or after.word[0] == "长" and after.word != "长大" or after.word[0].isdigit())


# Taiwan's medical writing joins one condition to the next with 併 (肝炎|并|肝
# 硬化, 骨折|并|脊髓损伤, 乳癌|并|扩散: TW 69 of the lone 并 printed 併,
# nearly all between two conditions); elsewhere a lone 并 is 並.
_CONDITIONS = ("炎", "癌", "症", "瘤", "伤", "硬化", "衰竭", "骨折", "出血", "转移", "中风", "病变", "损伤", "狭窄",
               "阻塞", "血栓", "钙化", "断裂", "复发", "第一期", "第二期", "第三期", "第四期")
_CONDITION_STARTS = ("转移", "多处", "脊髓", "视神经", "脊椎", "肝", "肺", "肠", "脑", "骨", "呼吸", "蜘蛛", "颅",
                     "气血", "水脑", "失智", "肿瘤", "败血", "心肺", "皮肤", "腰", "颈")


def _condition(token: Token) -> bool:
    return token.word.endswith(_CONDITIONS) or token.word.startswith(_CONDITION_STARTS)


# A lone 面 is noodles after a pot, a bowl or cooking it, or before a stall
# or a shop (大锅|面, 煮的|面, 一碗|面, 面|店: TW 26 of the 218 lone 面, all
# in such places), or after a dish's name (义大利|面, 肉燥|面, 海鲜|面: TW 30 of
# 30 with them in the mine text); elsewhere the face or the side (OpenCC's 面).
_NOODLES_AFTER = ("锅", "碗", "煮", "卖", "汤", "炒", "拌", "泡", "吃剩的", "大利", "海鲜", "乌龙", "手工", "家常", "铁板", "肉燥",
                  "麻酱", "炸酱", "鸡丝", "牛肉", "番茄", "担仔", "阳春")
_NOODLES_BEFORE = ("摊", "店", "馆", "线", "条", "食")


def noodles(before: Token | None, after: Token | None) -> bool:
    return (before is not None and before.word.endswith(_NOODLES_AFTER)) or (
        after is not None and after.word.startswith(_NOODLES_BEFORE))


# Characters a region prints one way in every word OpenCC would print
# otherwise, but the words listed: (form, words keeping OpenCC's).
# - 签 is 簽, to sign, in the words OpenCC does not know (专签, 签分, 洽签,
#   延签, 签账: TW 簽 in 80 of 81 such words, HK likewise), but 籤, a lot
#   or a tag, in 标签, 抽签, 求签 …
# - 霉 is mould and bad luck, printed 霉 (霉味, 发霉, 霉运: TW 26/0, HK
#   18/1); OpenCC says 黴. Taiwan's 霉菌 is 黴菌 (2/0).
# - 赞 is 讚, to praise, in the words OpenCC does not know (力赞, 网赞,
#   获赞, 赖清德|赞, 田北俊|赞: TW 37/0, HK 25/0); 贊 in 赞成, 赞同, 赞助 …
# - 念 in Taiwan where OpenCC's phrases say 唸 (念完, 改念, 念念有词, 默念:
#   TW 念 in 5 of 6), its Ministry of Education's form.
_LOTS = ("标签", "抽签", "求签", "牙签", "中签", "书签", "签文", "解签", "签选", "签表", "签墙", "签箱", "签诗", "竹签",
         "灵签", "签筒", "上上签", "下下签", "胶签", "签王", "藏签", "掣签", "页签", "卜签", "签运", "肉签")
_ASSENT = ("赞成", "赞同", "赞助", "赞比亚", "参赞", "赞普", "襄赞", "赞礼")
_PREFERRED = {
    True: {"签": ("簽", _LOTS), "霉": ("霉", ()), "赞": ("讚", _ASSENT)},
    False: {"签": ("簽", _LOTS), "霉": ("霉", ("霉菌", "防霉", "抗霉")), "念": ("念", ()), "赞": ("讚", _ASSENT)},
}


def preferred(source: str, converted: str, hong_kong: bool) -> str:
    """``converted`` (OpenCC's for ``source``) with the region's preferred
    characters."""
    for ch, (form, keeping) in _PREFERRED[hong_kong].items():
        if ch in source and len(source) == len(converted) and not any(word in source for word in keeping):
            last = len(source) - 1
            converted = "".join(form if s == ch and (ch not in _AT_THE_END or i == last) else c
                                for i, (s, c) in enumerate(zip(source, converted)))
    return converted


# 赞 first or inside a word is a name's (曾|赞荣, 赞恩, 林赞宗: OpenCC's 贊);
# last, the verb (力赞, 获赞, 赖清德赞).
_AT_THE_END = frozenset("赞")


# A lone 干 is dry, 乾, after what dries or weeps (哭|干, 泪流|干, 胶水|干,
# 先湿后|干) and before what is dried or adopted (干|木耳, 干|毛巾, 干|兄妹):
# TW 34 of the 54 lone 干, OpenCC's 幹 being right before 大事, 什么. Dried
# food too, after a fruit, a fish or a bird (芒果|干, 凤梨|干, 鸵鸟|干, 小鱼|
# 干) and before what is cooked dry (干|拌面, 干|煎) or adopted (干|哥哥): TW
# 乾 in 58 of 58 more in the mine text.
_DRIES = ("哭", "流", "水", "晒", "吹", "擦", "烘", "晾", "喝", "吸", "口", "湿后", "烤", "风", "果", "梨", "鱼", "茄", "鸟")
_DRIED = ("木耳", "毛巾", "面条", "兄", "姊", "姐", "妹", "爹", "妈", "女儿", "儿子", "贮", "衣", "粮", "货", "冰", "哥", "拌",
          "煎", "炒")


def dry(before: Token | None, after: Token | None) -> bool:
    return (before is not None and before.word.endswith(_DRIES)) or (
        after is not None and after.word.startswith(_DRIED))


# A lone 冲 is 沖, to pour water or to be washed, before what is brewed or
# rinsed and where the sea washes up (冲|热水, 冲|煮, 冲|咖啡, 冲|上岸, 冲|回海中)
# and after coffee or a hand (手|冲): TW 沖 in all 14 such places of the mine
# text; OpenCC's 衝 (to rush) elsewhere.
_RINSED = ("煮", "热水", "开水", "咖啡", "茶", "泡", "洗", "上岸", "回海", "凉")


# A lone 姜 is ginger, 薑, in a list of ingredients (葱、|姜|、蒜), young, old
# or galangal (嫩|姜, 老|姜, 南|姜) and before what is made of it (姜|母鸭,
# 姜|炒匀): TW 薑 26 of 26 in the mine text; elsewhere the surname (姜|兴隆).
_GINGER_AFTER = ("嫩", "老", "南", "野", "挖", "切", "生")
_GINGER_BEFORE = ("母鸭", "炒", "片", "丝", "末", "汁", "泥", "蓉", "茶", "糖")


def ginger(before: Token | None, after: Token | None) -> bool:
    return (before is not None and (before.word == "、" or before.word.endswith(_GINGER_AFTER))) or (
        after is not None and (after.word == "、" or after.word.startswith(_GINGER_BEFORE)))


# One-character verbs whose sense the next word gives (TW, HK alike):
# 托 is 託, to entrust, before the people trusted (两个孩子|托|不同|亲友,
# 也得|托|梁枝梅|照顾: TW 19 of the 47 lone 托; a name's first character
# after a title, 总统|托|卡耶夫); 折 is 摺, to fold, before what
# is folded (折|衣服, 折|被子, 折|金纸: TW 19 of 66); 划 is 划, to row, before
# a boat (划|独木舟: OpenCC's 劃 is to draw).
_BY_THE_NEXT_WORD = {
    "托": ("託", ("不同", "亲友", "朋友", "邻居", "亲戚", "家人", "娘家", "保母", "保姆", "友人", "同事", "别人", "他人",
                  "外婆", "奶奶", "阿嬷", "婆婆", "母亲", "父亲", "妈妈", "爸爸"), True),
    "折": ("摺", ("衣服", "被子", "棉被", "纸", "金纸", "莲花", "元宝", "毛巾", "衣物", "纸鹤"), False),
    "划": ("划", ("独木舟", "船", "桨", "龙舟", "小船", "竹筏", "橡皮艇", "舢舨", "皮艇", "向"), False),
}
