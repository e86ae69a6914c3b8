"""OpenCC's converters, and the character tables derived from its
dictionaries: which characters are both simplified and traditional, and
the Hong Kong press forms (``hk-press-forms.txt``).

Only OpenCC 1.4.2's dictionaries are used (pinned in pyproject.toml); the
tables here were read from them once and are checked against them by the
tests, so that an OpenCC upgrade cannot change them silently.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from publish.model import is_han
from publish.paths import cache_dir

log = logging.getLogger(__name__)

HK_FORMS = ("press", "standard")

# Characters that are simplified and traditional at once: OpenCC's
# STCharacters maps each to several forms, itself among them (干 → 幹 乾 干:
# 若干; 后 → 後 后: 皇后; 岳 → 嶽 岳: 岳父). A traditional text may hold them.
DUAL = frozenset(
    "㐹万丑丰了于云亘仆仇价仿伙余佛佣俊修借僵克党具冢冬准凌几凶出划刮制千升卜占卷厂厘只台叶吁吃合吊同后向吣呆周咨咸咽"
    "哄唇喂噪回困坐坯堤夫夸奸姜娘它家尸局岩岳巨布帘席干幸广庵弦彩征御志念恤愈愿戚扇才扎托扣折抵拐拿挂挨挽捆捍据搜斗斤"
    "斫旋昆暗曲札朱朴杆杠杯杰松板极果柜栗核梁棱檗欲沈沾泛注浚涂涌淀游溪漓澄焰熏狸玩琅璇症皂矩确硷私秋种穗筑筱糊系累耇"
    "胄背胜胡腊腌膻致舍芸苔苹范荐蒙蔑藤虫蚝蜡蝎表谷豆象跖辟适郁酸采里雇雕面"
)


# Traditional characters that simplified text uses as well (乾坤, 徵求,
# 藉口, 瞭望, 夥伴, 什麽, 著作, 覆盖): no sign of a traditional text.
_ALSO_SIMPLIFIED = frozenset("乾徵藉瞭夥麽著覆")
# Among the commonest characters of any traditional text, and never in a
# simplified one: a text without one of them is not looked at further.
_TRADITIONAL_HINTS = frozenset("們這個來說對時國會與學為發業產經動現實從關體點開黨層區幹員設過還進")


@lru_cache(maxsize=8192)
def is_traditional_only(ch: str) -> bool:
    """``ch`` is a traditional character simplified text does not use."""
    if not is_han(ch) or ch in _ALSO_SIMPLIFIED:
        return False
    return opencc_converter("t2s").convert(ch) != ch


@lru_cache(maxsize=8192)
def is_simplified_only(ch: str) -> bool:
    """``ch`` is a simplified character traditional text does not use."""
    if not is_han(ch):
        return False
    from publish.edition.review import AMBIGUOUS

    # 干, 后, 里 … are traditional forms too (若干, 皇后, 公里)
    return opencc_converter("s2t").convert(ch) != ch and opencc_converter("t2s").convert(ch) == ch \
        and ch not in AMBIGUOUS


def mostly_traditional(text: str, hinted: bool = False) -> bool:
    """``text`` is written in traditional characters: more of them than of
    simplified ones (a simplified text quoting a Hong Kong name is not).
    ``hinted``: a text without one of the commonest traditional characters
    is taken for simplified at once (a build of a simplified edition does
    not load OpenCC's tables for it)."""
    if hinted and _TRADITIONAL_HINTS.isdisjoint(text):
        return False
    han = [ch for ch in text if is_han(ch)]
    return sum(map(is_traditional_only, han)) > sum(map(is_simplified_only, han))


@lru_cache(maxsize=None)
def opencc_converter(config: str):
    """OpenCC's ``config`` (``s2hk`` …): its dictionaries in Python where
    they can be read (``engine.py``: a twentieth of OpenCC's start), else
    OpenCC itself; either converts alike."""
    from publish.edition.engine import engine

    found = engine(config)
    if found is not None:
        return found
    import opencc

    return opencc.OpenCC(config)


def opencc_convert(config: str, text: str) -> str:
    # OpenCC's C API stops at a NUL and drops the rest (found by fuzzing):
    # convert around it.
    if "\x00" in text:
        return "\x00".join(opencc_converter(config).convert(part) for part in text.split("\x00"))
    return opencc_converter(config).convert(text)


# OpenCC cuts the text with the keys of these dictionaries before it
# converts (s2hk, s2tw and s2twp alike).
SEGMENTATION_DICTIONARIES = ("STPhrases", "STPhrases_GeneratedFromRegionalPhrases")


def opencc_share() -> Path:
    """The opencc package's ``clib`` folder (its tools and dictionaries),
    found without importing the package (that loads its C++ library)."""
    import importlib.util

    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        raise OSError("the opencc package is not installed")
    return Path(list(spec.submodule_search_locations)[0]).resolve() / "clib"


def read_dictionary(name: str) -> dict[str, tuple[str, ...]]:
    """One of OpenCC's dictionaries (``STPhrases``, ``HKVariants`` …), read
    from the .ocd2 file the opencc package ships, with the ``opencc_dict``
    tool it ships beside it. Raises OSError when either is missing."""
    clib = opencc_share()
    tool, source = clib / "bin" / "opencc_dict", clib / "share" / "opencc" / f"{name}.ocd2"
    if not (tool.is_file() and source.is_file()):
        raise OSError(f"no {tool} or {source}")
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / f"{name}.txt"
        try:
            subprocess.run([str(tool), "-i", str(source), "-o", str(text), "-f", "ocd2", "-t", "text"],
                           capture_output=True, timeout=60, check=True)
        except subprocess.SubprocessError as exc:
            raise OSError(str(exc)) from None
        table = {}
        for line in text.read_text("utf-8").splitlines():
            key, _tab, values = line.partition("\t")
            table[key] = tuple(values.split())
    return table


@lru_cache(maxsize=1)
def longest_phrase() -> int:
    return max(map(len, phrase_keys()), default=0)


def dictionary_stamp(names) -> str:
    """OpenCC's dictionary files by content: a cache made from them is stale
    when they change, and every installation of the same dictionaries (two
    virtual environments, a reinstall) shares it. Empty when one is not
    readable."""
    try:
        return "|".join(f"{name}:{_digest(name)}" for name in names)
    except OSError:
        return ""


@lru_cache(maxsize=None)
def _digest(name: str) -> str:
    path = opencc_share() / "share" / "opencc" / f"{name}.ocd2"
    return hashlib.blake2b(path.read_bytes(), digest_size=12).hexdigest()


def cached(name: str, stamp: str, compute):
    """``compute()`` (marshal-able), kept under ~/.cache/publish/opencc by
    ``stamp``: loading it takes a few milliseconds where computing it takes
    OpenCC's start or a read of its dictionaries."""
    cache = cache_dir("opencc") / f"{name}-{hashlib.sha256(stamp.encode()).hexdigest()[:24]}.marshal"
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = compute()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, cache)
        # What an earlier version of the dictionaries (or of this table)
        # left under this name is stale: removed, not to pile up.
        for stale in cache.parent.glob(f"{name}-*.marshal"):
            if stale != cache and len(stale.name) == len(cache.name):
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # no cache then: correct, only slower
    return value


def opencc_phrases(config: str):
    """The phrases OpenCC cuts ``config``'s text with (``word in phrases``,
    ``phrases.starting(first)``): from the configuration's own dictionaries
    where they are read in Python, else from ``phrase_keys``."""
    found = getattr(opencc_converter(config), "phrases", None)
    return found if found is not None else _Keys(phrase_keys())


class _Keys(frozenset):
    """``phrase_keys`` as ``engine.Phrases`` answers: ``starting(first)``."""

    def starting(self, first: str) -> tuple[int, frozenset[str]]:
        return longest_phrase(), self


@lru_cache(maxsize=1)
def phrase_keys() -> frozenset[str]:
    """The phrases OpenCC matches (simplified keys of two characters or
    more), cached: reading them takes a tenth of a second. Empty, and
    conversion stays word by word, where the opencc package lacks its
    dictionary tool."""
    def read() -> list[str]:
        return sorted({key for name in SEGMENTATION_DICTIONARIES for key in read_dictionary(name) if len(key) > 1})

    try:
        return frozenset(cached("phrase-keys", dictionary_stamp(SEGMENTATION_DICTIONARIES), read))
    except OSError as exc:
        log.debug("OpenCC's phrase keys are not readable (%s): converting word by word", exc)
        return frozenset()


def variant_forms(config: str, texts: tuple[str, ...]) -> dict[str, str]:
    """``texts`` (standard traditional) in a region's variants (OpenCC
    ``t2hk``/``t2tw``), cached: the project dictionary's literal values at
    every converter start would otherwise load a second OpenCC
    configuration (a tenth of a second)."""
    stamp = "|".join((config, dictionary_stamp(("HKVariants", "HKVariantsPhrases", "TWVariants", "TWVariantsPhrases")),
                      *texts))
    return cached(f"{config}-forms", stamp, lambda: {text: opencc_convert(config, text) for text in texts})


@lru_cache(maxsize=1)
def press_forms() -> dict[str, str]:
    """The Hong Kong standard form -> the form the Hong Kong press prints."""
    forms = {}
    for raw in (Path(__file__).with_name("hk-press-forms.txt")).read_text("utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            standard, press = raw.split("\t")
            forms[standard] = press
    return forms


@lru_cache(maxsize=1)
def _press_table() -> dict[int, str]:
    return str.maketrans(press_forms())


def to_press(text: str) -> str:
    return text.translate(_press_table())


_LEFTOVER: dict[tuple[str, bool], dict[str, bool]] = {}


def simplified_only(text: str, config: str, press: bool = False) -> list[str]:
    """Characters in ``text`` that the edition (OpenCC ``config``, Hong Kong
    press forms or not) never prints: simplified characters left over."""
    return [text[i] for i in simplified_at(text, config, press)]


def simplified_at(text: str, config: str, press: bool = False) -> dict[int, str]:
    """Where ``text`` holds a character the edition never prints, and what
    it prints there (the same character where that cannot be told)."""
    known = _LEFTOVER.setdefault((config, press), {})
    new = sorted({ch for ch in text if ch not in known and "\u3400" <= ch <= "\u9fff"})
    if new:
        # One OpenCC call for all the new characters, a line each so that
        # no phrase joins them.
        lines = "\n".join(new)
        standard = opencc_convert("s2t", lines).split("\n")
        printed = opencc_convert(config, lines).split("\n")
        for ch, traditional, edition in zip(new, standard, printed):
            known[ch] = _is_simplified_only(ch, traditional, to_press(edition) if press else edition)
    found = [i for i, ch in enumerate(text) if known.get(ch)]
    if not found:
        return {}
    # A character OpenCC's phrases keep as it is, in the words around it,
    # is what the edition prints there: 恒 of 恒生指数 and 恒指 (Hang Seng,
    # so written in Hong Kong and Taiwan), where 恒 alone becomes 恆.
    edition = opencc_convert(config, text)
    edition = to_press(edition) if press else edition
    if len(edition) != len(text):
        return {i: text[i] for i in found}
    return {i: edition[i] for i in found if edition[i] != text[i]}


def _is_simplified_only(ch: str, traditional: str, printed: str) -> bool:
    if ch in DUAL:
        return False
    # A character OpenCC's own simplified-to-traditional table leaves alone
    # is no simplified character (說 in a standard-form Hong Kong edition);
    # 税 户 温 are the mainland's code points and Hong Kong's standard forms
    # too: a simplified character is one the edition would not print as is.
    return traditional != ch and printed != ch
