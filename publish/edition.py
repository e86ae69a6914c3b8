"""Edition: ``Article`` -> ``Article`` in the edition's script.

zh-Hans is the source and is not converted. zh-Hant-HK and zh-Hant-TW go
through OpenCC (``s2hk``, ``s2tw`` or, by configuration, ``s2twp``) with two
phrase dictionaries in front of it: the project's (fixes for OpenCC's known
mis-conversions, ``publish/data/phrases.txt``) and the workspace's
(``phrases.txt``), the user's winning over the project's and the project's
over OpenCC's. Then “”‘’ become 「」『』.

Every character whose traditional form depends on context (发 → 發/髮 …)
is recorded with its file, line and context, so an editor can proofread the
choices (``Review``). A converted text that still holds a simplified-only
character fails the build unless the user allows it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from publish.errors import ConfigError, EditionError
from publish.model import Article, iter_text, map_text

_DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Edition:
    code: str
    label: str | None      # the line a compilation's cover prints for the edition
    opencc: str | None     # OpenCC config, None for no conversion
    compress_punctuation: bool = True


EDITIONS = {
    "zh-Hans": Edition("zh-Hans", None, None),
    "zh-Hant-HK": Edition("zh-Hant-HK", "繁體中文版（香港）", "s2hk"),
    # Taiwan publications mostly set punctuation at full width.
    "zh-Hant-TW": Edition("zh-Hant-TW", "繁體中文版（臺灣）", "s2tw", compress_punctuation=False),
}
TRADITIONAL = ("zh-Hant-HK", "zh-Hant-TW")

# Characters whose traditional form depends on the word. Each maps to its
# possible forms; a character that is among its own forms may stay as it is.
AMBIGUOUS: dict[str, str] = {
    "发": "發髮", "干": "幹乾干榦", "后": "後后", "里": "裏裡里", "面": "面麵麪", "只": "只隻",
    "台": "台臺檯颱", "系": "系係繫", "范": "范範", "钟": "鐘鍾", "余": "餘余", "了": "了瞭",
    "复": "復複覆", "松": "松鬆", "历": "歷曆", "于": "於于", "云": "雲云", "冲": "衝沖",
    "尽": "盡儘", "斗": "鬥斗", "汇": "匯彙", "获": "獲穫", "蒙": "蒙矇濛懞", "卷": "卷捲",
    "制": "制製", "表": "表錶", "征": "征徵", "准": "准準", "周": "周週", "须": "須鬚",
    "郁": "郁鬱", "致": "致緻", "涂": "涂塗", "沈": "沈瀋", "借": "借藉", "划": "划劃",
    "朴": "朴樸", "仆": "仆僕", "御": "御禦", "吁": "吁籲", "曲": "曲麴", "游": "游遊",
    "荡": "蕩盪", "签": "簽籤", "采": "采採", "谷": "谷穀", "丑": "丑醜", "占": "佔占",
    "并": "並并併", "赞": "贊讚", "几": "幾几", "苏": "蘇甦囌", "胡": "胡鬍衚", "伙": "夥伙",
    "折": "折摺", "咸": "咸鹹", "回": "回迴", "注": "注註", "杰": "傑杰", "布": "布佈",
    "姜": "姜薑", "志": "志誌", "扎": "扎紮", "舍": "舍捨", "愿": "願愿", "叹": "嘆歎",
    "烟": "煙菸", "尝": "嘗嚐", "累": "累纍", "刮": "刮颳", "托": "托託", "辟": "辟闢",
}

_QUOTES = {"“": 0, "‘": 0, "”": 1, "’": 1}
_OPEN_BY_DEPTH = ("「", "『")
_CLOSE_BY_DEPTH = ("」", "』")


# ---------------------------------------------------------------- dictionaries

@dataclass(frozen=True)
class Entry:
    """One dictionary entry: the parts of its value, each ("convert", text),
    ("literal", text) or ("break", "")."""

    key: str
    parts: tuple[tuple[str, str], ...]
    origin: str  # "project dictionary" or "user dictionary (FILE:LINE)"


def parse_value(value: str) -> tuple[tuple[str, str], ...]:
    if "|" not in value and "[" not in value:
        return (("literal", value),)
    parts: list[tuple[str, str]] = []
    for token in re.findall(r"\[[^\]]*\]|\||[^\[|]+", value):
        if token == "|":
            parts.append(("break", ""))
        elif token.startswith("["):
            parts.append(("literal", token[1:-1]))
        else:
            parts.append(("convert", token))
    return tuple(parts)


def _expand(key: str, value: str, where: str) -> list[tuple[str, str]]:
    """``{a,b}`` groups: the key's and the value's correspond in order."""
    groups_k = re.findall(r"\{([^}]*)\}", key)
    groups_v = re.findall(r"\{([^}]*)\}", value)
    if not groups_k:
        return [(key, value)]
    if len(groups_k) != len(groups_v) or any(
            len(a.split(",")) != len(b.split(",")) for a, b in zip(groups_k, groups_v)):
        raise ConfigError("the {…} groups of key and value do not correspond", where)
    pairs = []
    choices = [range(len(g.split(","))) for g in groups_k]
    for combo in itertools.product(*choices):
        k, v = key, value
        for group_k, group_v, i in zip(groups_k, groups_v, combo):
            k = k.replace("{" + group_k + "}", group_k.split(",")[i], 1)
            v = v.replace("{" + group_v + "}", group_v.split(",")[i], 1)
        pairs.append((k, v))
    return pairs


def read_phrases(text: str, origin: str, path: Path | str) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        fields = line.split("\t") if "\t" in line else line.split()
        fields = [f.strip() for f in fields if f.strip()]
        where = f"{path}:{number}"
        if len(fields) != 2:
            raise ConfigError("expected two columns: simplified, then traditional", where)
        for key, value in _expand(fields[0], fields[1], where):
            label = origin if origin == "project dictionary" else f"{origin} ({where})"
            entries[key] = Entry(key, parse_value(value), label)
    return entries


@lru_cache(maxsize=1)
def project_phrases() -> dict[str, Entry]:
    path = _DATA / "phrases.txt"
    return read_phrases(path.read_text("utf-8"), "project dictionary", path)


def user_phrases(workspace: Path, edition: str, table: dict[str, str] | None = None) -> dict[str, Entry]:
    """``phrases.txt`` for every traditional edition, ``phrases.<edition>.txt``
    for one, and the ``[phrases]`` table of publish.toml; later ones win."""
    entries: dict[str, Entry] = {}
    for name in ("phrases.txt", f"phrases.{edition}.txt"):
        path = workspace / name
        if path.is_file():
            entries.update(read_phrases(path.read_text("utf-8-sig"), "user dictionary", path))
    for key, value in (table or {}).items():
        entries[key] = Entry(key, parse_value(value), "user dictionary (publish.toml [phrases])")
    return entries


# ---------------------------------------------------------------- converting

@dataclass(frozen=True)
class Choice:
    """One context-dependent character and the form the edition chose."""

    path: str
    line: int
    char: str
    chosen: str
    before: str    # source context
    after: str     # converted context
    origin: str


@lru_cache(maxsize=None)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def _opencc_convert(config: str, text: str) -> str:
    # OpenCC's C API stops at a NUL and drops the rest (found by fuzzing):
    # convert around it.
    if "\x00" in text:
        return "\x00".join(_opencc(config).convert(part) for part in text.split("\x00"))
    return _opencc(config).convert(text)


class Converter:
    """Converts text for one edition with its dictionaries. Built once per
    edition and workspace; OpenCC converters are cached per process."""

    def __init__(self, edition: Edition, user: dict[str, Entry] | None = None, taiwan_vocabulary: bool = False):
        self.edition = edition
        self.config = "s2twp" if (edition.code == "zh-Hant-TW" and taiwan_vocabulary) else edition.opencc
        self.entries = {**project_phrases(), **(user or {})}
        self.longest = max((len(k) for k in self.entries), default=0)

    def convert(self, text: str, path: str = "", line: int = 0, choices: list[Choice] | None = None) -> str:
        """Characters only; quotes are the caller's (they nest across runs)."""
        if self.config is None or not text:
            return text
        out: list[str] = []
        placed: list[tuple[int, str, int, str, list[str]]] = []  # src start, src, out start, out, origins
        src_at = out_at = 0
        for source, output, origins, kind in self._segment(text):
            converted = output if kind == "literal" else _opencc_convert(self.config, output)
            placed.append((src_at, source, out_at, converted, origins))
            out.append(converted)
            src_at += len(source)
            out_at += len(converted)
        result = "".join(out)
        if choices is not None:
            for src_start, source, out_start, converted, origins in placed:
                aligned = len(source) == len(converted)
                for offset, ch in enumerate(source):
                    if ch not in AMBIGUOUS:
                        continue
                    at_src, at_out = src_start + offset, out_start + (offset if aligned else 0)
                    choices.append(Choice(
                        path, line, ch, converted[offset] if aligned else converted,
                        _context(text, at_src), _context(result, at_out), origins[offset]))
        return result

    def _segment(self, text: str) -> list[tuple[str, str, list[str], str]]:
        """Split ``text`` into runs (source, output, origins, kind): "convert"
        runs go to OpenCC, "literal" runs are output as they are. Dictionary
        keys match longest first, scanning left to right; a "|" in an
        entry keeps OpenCC from joining the text on its two sides."""
        runs: list[list[str]] = []
        joinable = True
        i, n = 0, len(text)
        while i < n:
            entry = None
            for length in range(min(self.longest, n - i), 0, -1):
                entry = self.entries.get(text[i:i + length])
                if entry:
                    break
            if entry is None:
                parts: tuple[tuple[str, str], ...] = (("convert", text[i]),)
                key, origin = text[i], "OpenCC"
            else:
                parts, key, origin = entry.parts, entry.key, entry.origin
            used = 0
            remaining = sum(kind != "break" for kind, _ in parts)
            for kind, part in parts:
                if kind == "break":
                    joinable = False
                    continue
                # The key's characters this part stands for (all the rest
                # for the last part, when an entry changes the length).
                remaining -= 1
                source = key[used:] if remaining == 0 else key[used:used + len(part)]
                used += len(source)
                if joinable and runs and runs[-1][3] == "convert" == kind:
                    runs[-1][0] += source
                    runs[-1][1] += part
                    runs[-1][2] += [origin] * len(source)
                else:
                    runs.append([source, part, [origin] * len(source), kind])
                joinable = kind == "convert"
            i += len(key)
        return [tuple(run) for run in runs]


def _context(text: str, at: int, width: int = 10) -> str:
    return text[max(0, at - width): at + width + 1]


def convert_quotes(text: str, depth: int = 0) -> tuple[str, int]:
    """“”‘’ -> 「」『』 by nesting depth: the outer pair 「」, the inner 『』,
    whichever of “ or ‘ the source used at that depth. Returns the depth
    at the end, so a quote can open in one run and close in the next."""
    out = []
    for ch in text:
        kind = _QUOTES.get(ch)
        if kind is None:
            out.append(ch)
        elif kind == 0:
            out.append(_OPEN_BY_DEPTH[depth % 2])
            depth += 1
        else:
            depth = max(depth - 1, 0)
            out.append(_CLOSE_BY_DEPTH[depth % 2])
    return "".join(out), depth


# ---------------------------------------------------------------- the stage

@dataclass(frozen=True)
class Review:
    edition: str
    choices: tuple[Choice, ...]
    leftovers: tuple[tuple[str, int, str], ...]  # (path, line, char) simplified-only chars left


def make_edition(article: Article, converter: Converter) -> tuple[Article, Review]:
    """The article in the converter's edition, and what an editor should check."""
    code = converter.edition.code
    if converter.config is None:
        return article, Review(code, (), ())
    choices: list[Choice] = []
    path = str(article.path)
    # Quotes nest across the runs of one block (a quote may open in plain
    # text and close in emphasis); each block starts afresh, as a paragraph
    # of a multi-paragraph quotation reopens its quote.
    state = {"line": None, "depth": 0}

    def convert(text: str, line: int) -> str:
        if state["line"] != line:
            state["line"], state["depth"] = line, 0
        text, state["depth"] = convert_quotes(converter.convert(text, path, line, choices), state["depth"])
        return text

    converted = map_text(article, convert)
    leftovers = tuple((path, line, ch) for text, line in iter_text(converted)
                      for ch in simplified_only(text, converter.config))
    return replace(converted, lang=code), Review(code, tuple(choices), leftovers)


def convert_source(text: str, path: str, converter: Converter) -> tuple[str, Review]:
    """A whole source file, line by line (front matter and markup included),
    for ``publish convert``: the same conversion a build makes."""
    choices: list[Choice] = []
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        out.append(convert_quotes(converter.convert(line, path, number, choices))[0])
    converted = "\n".join(out)
    leftovers = tuple((path, n, ch) for n, line in enumerate(out, start=1)
                      for ch in simplified_only(line, converter.config))
    return converted, Review(converter.edition.code, tuple(choices), leftovers)


def convert_strings(strings: dict[str, str], converter: Converter) -> dict[str, str]:
    """A layout's fixed strings (目录, 来源) in the edition's script."""
    return {key: convert_quotes(converter.convert(value))[0] for key, value in strings.items()}


@lru_cache(maxsize=8192)
def _is_simplified_only(ch: str, config: str) -> bool:
    """A character the edition's own OpenCC config would still change: it is
    never a form of that edition (unless it may stay as one of its forms)."""
    if not ("\u3400" <= ch <= "\u9fff"):
        return False
    if ch in AMBIGUOUS and ch in AMBIGUOUS[ch]:
        return False
    return _opencc(config).convert(ch) != ch


def simplified_only(text: str, config: str) -> list[str]:
    """Characters in ``text`` that are never a traditional form in ``config``."""
    return [ch for ch in text if _is_simplified_only(ch, config)]


def format_review(reviews: list[Review]) -> str:
    """The proofreading report: a summary of the forms chosen for each
    context-dependent character, then every occurrence with file:line."""
    lines: list[str] = []
    for review in reviews:
        lines.append(f"# {review.edition}: {len(review.choices)} context-dependent conversions to check")
        summary: dict[str, dict[str, int]] = {}
        for choice in review.choices:
            summary.setdefault(choice.char, {}).setdefault(choice.chosen, 0)
            summary[choice.char][choice.chosen] += 1
        for char, forms in sorted(summary.items(), key=lambda item: -sum(item[1].values())):
            counted = ", ".join(f"{form} ×{count}" for form, count in sorted(forms.items(), key=lambda f: -f[1]))
            lines.append(f"#   {char} → {counted}")
        # Grouped by character, the rarer forms first: the one 发→髮 among
        # twenty-five 发→發 is the line to look at.
        rank = {(char, form): count for char, forms in summary.items() for form, count in forms.items()}
        for c in sorted(review.choices, key=lambda c: (c.char, rank[(c.char, c.chosen)], c.chosen)):
            mark = "" if c.origin == "OpenCC" else f"  [{c.origin}]"
            # the context as printed, quotes included (「」 where the source has “”)
            after = convert_quotes(c.after)[0]
            lines.append(f"{c.path}:{c.line}: {c.char}→{c.chosen}  {c.before}  →  {after}{mark}")
        for path, line, ch in review.leftovers:
            lines.append(f"{path}:{line}: {ch} U+{ord(ch):04X} is still simplified")
    return "\n".join(lines) + "\n"


def check_leftovers(reviews: list[Review], allow: bool) -> None:
    leftovers = [item for review in reviews for item in review.leftovers]
    if leftovers and not allow:
        first = "; ".join(f"{p}:{l}: {c} (U+{ord(c):04X})" for p, l, c in leftovers[:8])
        more = f" and {len(leftovers) - 8} more" if len(leftovers) > 8 else ""
        raise EditionError(f"simplified characters left in the traditional edition: {first}{more}",
                           hint="fix the source or phrases.txt, or pass --allow-simplified")


