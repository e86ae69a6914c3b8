"""One-character words: the form a character takes when it stands alone as
a word, decided by its word class and neighbours, where OpenCC's default
for the lone character is the wrong one.

Measured on 6 million characters of real Hong Kong and Taiwan news (RTHK,
Citizen News, Taiwan newspapers, MOFA statements) turned into simplified
and segmented: for each one-character word and part of speech, how the
original printed it.
"""

from __future__ import annotations

from publish.edition.segmenter import Token

WORD_CLASS = "word class"

# (character, part of speech) -> form. Counts: Hong Kong, Taiwan (this form
# / all occurrences); OpenCC's default for the lone character in brackets.
FORMS = {
    ("签", "v"): "簽",   # sign: HK 49/49, TW 44/49 (籤, a lot)
    ("注", "v"): "註",   # 注：, the note: HK 107/112, TW 66/69 (注)
    ("赞", "v"): "讚",   # praise: HK 29/30, TW 24/25 (贊)
    ("杆", "q"): "桿",   # the measure word (一杆枪, a golf stroke): TW 50/50 (杆)
    # 系 standing alone is the copula 係 (系由, 系指, 纯系, Cantonese 唔系):
    # HK 2,734/2,864 (系) — but a department (社会工作|系|教授) stays 系.
    ("系", "v"): "係",
}

# After these, a lone 系 is a university department, or the noun (语系的).
_DEPARTMENT_NEXT = frozenset({"教授", "副教授", "助理教授", "讲师", "主任", "学生", "同学", "校友", "毕业", "硕士",
                              "博士", "学士", "所", "上", "友", "助教", "毕业生", "系主任", "的", "之"})
# A lone 系 before these is 繫, to tie.
_TIE = frozenset({"鞋带", "领带", "安全带", "红领巾", "围巾", "围裙", "绳子", "丝带", "缆绳"})


def form(token: Token, before: Token | None, after: Token | None) -> tuple[str, str] | None:
    """(traditional form, origin) for a one-character word OpenCC would get
    wrong alone, or None."""
    found = FORMS.get((token.word, token.tag))
    if found is None:
        return None
    if token.word == "系":
        if after is not None and after.word in _TIE:
            return "繫", WORD_CLASS
        if after is not None and after.word in _DEPARTMENT_NEXT or before is not None and before.word.endswith("学"):
            return None
    return found, WORD_CLASS


def copula(token: Token, known: bool) -> bool:
    """系 inside a word the segmenter guessed (not a dictionary word) is the
    copula 係: Cantonese 但系, 唔系好, 即系话, 系咪 (HK text 2,734 times)."""
    return not known and len(token.word) > 1 and "系" in token.word


# Measure words after a figure (2只猫, ３杆): OpenCC knows 一只 两只 几只,
# not the digits, and the segmenter often joins them to the following noun.
MEASURES = {"只": "隻", "杆": "桿"}


def measure_word(text: str, at: int) -> str | None:
    """The traditional form of a measure word after a figure, or None."""
    return MEASURES.get(text[at]) if at > 0 and text[at - 1].isdigit() else None
