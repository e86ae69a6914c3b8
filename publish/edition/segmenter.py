"""Words: simplified text -> ``Token`` (word, part of speech, offset) list.

Conversion needs to know where words begin and end, so that a dictionary
phrase never spans two words (个中 inside 一个中国, 家具 inside 国家具有)
and a person's name can be told from an ordinary word (李干杰 from 干部).

The segmenter is rjieba, the binding of jieba-rs (MIT): jieba's dictionary,
its HMM for unknown words (names) and its part-of-speech tags, in Rust.
Chosen by measurement on this machine (2 shared cores, OpenCC 1.4.2):

==============  =========================  =====================  ==================
segmenter       load (from cold process)   tag the 5,000-char     corpus mistakes,
                                           sample                 word by word (HK/TW)
==============  =========================  =====================  ==================
jieba 0.42.1    3.4 s, even from its cache  (pure Python)          86 / 118
jieba_fast_dat  0.2 s (+ a 17 MB cache)    15-50 ms (posseg)      -
rjieba 0.2.2    0.15 s, no cache needed    2-3 ms                 86 / 118
==============  =========================  =====================  ==================

rjieba and jieba cut the same words (99.96 % of the 44,841 words of
``../shared/corpus`` in simplified form) and every sentence of issue #10 the
same way; only rjieba loads within the converter's 0.3 s budget.

rjieba keeps one dictionary per process, loaded when the first traditional
converter is made (never for a zh-Hans build, never by ``publish --help``).
Dictionary keys and curated names are added to it as words so they stay
whole; a process that serves several workspaces keeps every workspace's
words in it (they only keep those words whole: each workspace's conversion
still comes from its own dictionary).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    word: str
    tag: str     # jieba's part of speech: n, v, m, q, nr (a person's name), ns (a place) …
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.word)


_lock = threading.Lock()
_known: set[str] = set()
_words: dict[str, str | None] = {}   # words to add when rjieba loads, with their tag
_loaded = False


def add_words(words: Iterable[str], tag: str | None = None) -> None:
    """Make ``words`` whole words of the segmenter (loading it if needed)."""
    with _lock:
        new = [w for w in words if w not in _known and len(w) > 1]
        _known.update(new)
        if not _loaded:
            _words.update(dict.fromkeys(new, tag))
            return
    _add(new, tag)


def _add(words: Iterable[str], tag: str | None) -> None:
    import rjieba

    for word in words:
        rjieba.add_word(word, None, tag)


def load() -> None:
    """Load the dictionary now (converter start), not on the first sentence."""
    global _loaded
    with _lock:
        if _loaded:
            return
        import rjieba

        for word, tag in _words.items():
            rjieba.add_word(word, None, tag)
        _words.clear()
        # The first call builds the HMM tables: pay for it here too.
        rjieba.tag("李干杰同志")
        _loaded = True


def known(word: str) -> bool:
    """``word`` is in the dictionary, not guessed by the HMM from characters
    the dictionary does not join (names, Cantonese: 但系, 唔系)."""
    import rjieba

    return rjieba.has_word(word)


def tokens(text: str) -> list[Token]:
    """The words of ``text`` in order, covering it exactly."""
    import rjieba

    load()
    found = []
    at = 0
    for word, tag in rjieba.tag(text, True):
        found.append(Token(word, tag, at))
        at += len(word)
    return found


# What a title never breaks inside (GB/T 9704-2012 7.3.1: 回行时要词意完整)
# beyond jieba's words: the names of campaigns and of formulas that jieba
# cuts in two (党纪/学习/教育).
TITLE_TERMS = ("党纪学习教育", "党史学习教育", "主题教育", "全面从严治党", "从严治党",
               "党风廉政建设", "中央八项规定", "习近平新时代中国特色社会主义思想", "中国特色社会主义",
               "中国式现代化", "高质量发展", "百千万工程", "三中全会", "二十届三中全会",
               "党的二十届三中全会", "党的二十大", "二十大", "党的十八大", "两个确立", "两个维护",
               "四个意识", "四个自信", "基层党组织", "党建引领", "乡村振兴", "共同富裕",
               "粤港澳大湾区", "社会主义核心价值观", "警示教育", "廉洁文化", "作风建设", "纪律建设",
               "政治建设", "思想建设", "组织建设", "制度建设", "读书班", "新时代", "新征程", "新发展阶段",
               "新发展理念", "新发展格局")
# A suffix that makes a word of the one before (常态化, 长效化, 规范化):
# jieba leaves it alone, and a title broke 常态 / 化长效化.
_SUFFIXES = frozenset("化")
# A meeting named by what it does (推进会, 动员会, 部署会): jieba cuts 会
# off where the title goes on with 暨 or 上, and a title broke 推进 / 会暨….
_MEETING, _AFTER_MEETING = "会", frozenset({"暨", "上", "的", "、", "和", "与", "及"})
_titles = None   # a segmenter of its own: see title_words


def title_words(text: str) -> list[str]:
    """The words of a title, for breaking it between lines: by jieba's
    own dictionary and ``TITLE_TERMS`` only, never by the words conversion
    adds to the shared segmenter, so that a title breaks alike in every
    process whatever it converted before (a worker and a whole build give
    the same bytes). Traditional text is cut as its simplified form."""
    global _titles
    from publish.edition.tables import opencc_converter

    with _lock:
        if _titles is None:
            _titles = _segmenter_class()()
            for term in TITLE_TERMS:
                _titles.add_word(term, None, None)
        simplified = opencc_converter("t2s").convert(text)
        cut = _titles.cut(simplified if len(simplified) == len(text) else text, False)
    words, at = [], 0
    for n, word in enumerate(cut):
        piece = text[at:at + len(word)]
        if words and (word in _SUFFIXES or word == _MEETING and len(words[-1]) == 2
                      and (n + 1 == len(cut) or cut[n + 1] in _AFTER_MEETING)):
            words[-1] += piece
        else:
            words.append(piece)
        at += len(word)
    return words


def _segmenter_class():
    """rjieba's ``Jieba``. Importing the rjieba package makes its shared
    segmenter at once, which reads jieba's dictionary (0.14 s) and which
    only conversion uses; a title's segmenter is one of its own. So where
    the package is not imported yet (a simplified edition, a worker whose
    text was converted elsewhere), its compiled module is loaded alone
    (under its own name, where the package finds it if conversion imports
    it later): a long title costs one dictionary, not two."""
    import sys

    module = sys.modules.get("rjieba.rjieba")
    if module is None:
        import importlib.machinery
        import importlib.util

        package = importlib.util.find_spec("rjieba")  # (found, not imported)
        spec = None
        if package is not None and package.submodule_search_locations:
            finder = importlib.machinery.FileFinder(
                package.submodule_search_locations[0],
                (importlib.machinery.ExtensionFileLoader, importlib.machinery.EXTENSION_SUFFIXES))
            spec = finder.find_spec("rjieba.rjieba")
        if spec is None:  # (packaged otherwise: the package and its segmenter)
            import rjieba

            return rjieba.Jieba
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules["rjieba.rjieba"] = module
    return module.Jieba
