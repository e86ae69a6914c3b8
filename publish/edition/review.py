"""The proofreading report: what an editor should check in a traditional
edition, and the guard against simplified characters left in it.

Three lists: every context-dependent character and the form chosen for it
(发 → 發/髮), every place where the word-aware conversion differs from plain
OpenCC with both readings, and every person's name that kept its own
characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from publish.edition.quotes import convert_quotes
from publish.errors import EditionError
from publish.i18n import _, ngettext

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
    "坛": "壇罈",
}


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
    at: int = -1   # where the character stands in both contexts (-1: unknown)


@dataclass(frozen=True)
class Difference:
    """Where the word-aware conversion differs from plain OpenCC: the words
    concerned in the source, as printed, and as plain OpenCC has them."""

    path: str
    line: int
    source: str
    ours: str
    opencc: str
    origin: str    # what decided: "word boundaries", "name", "word class", a dictionary


@dataclass(frozen=True)
class KeptName:
    """A person's name printed with its own traditional characters."""

    path: str
    line: int
    source: str
    printed: str


@dataclass
class Notes:
    """What a conversion finds, collected while it runs."""

    choices: list[Choice] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    names: list[KeptName] = field(default_factory=list)
    # (surname, given name) of the names kept after a post in this article:
    # the same name later without its post keeps its surname too
    surnames: set = field(default_factory=set)


@dataclass(frozen=True)
class Review:
    edition: str
    choices: tuple[Choice, ...]
    leftovers: tuple[tuple[str, int, str], ...]  # (path, line, char) simplified-only chars left
    differences: tuple[Difference, ...] = ()
    names: tuple[KeptName, ...] = ()


def _origin(origin: str) -> str:
    """The origin as the report prints it, in the user's language."""
    labels = {"project dictionary": _("project dictionary"), "user dictionary": _("user dictionary"),
              "name": _("name"), "word boundaries": _("word boundaries"), "word class": _("word class")}
    head, _sep, rest = origin.partition(" (")
    label = labels.get(head, head)
    return f"{label} ({rest}" if rest else label


def format_review(reviews: list[Review]) -> str:
    """The proofreading report: a summary of the forms chosen for each
    context-dependent character, then every occurrence with file:line; the
    places where the word-aware conversion departs from plain OpenCC; the
    names kept."""
    lines: list[str] = []
    for review in reviews:
        lines.append("# " + ngettext("{edition}: {n} context-dependent conversion to check",
                                     "{edition}: {n} context-dependent conversions to check",
                                     len(review.choices)).format(edition=review.edition, n=len(review.choices)))
        summary: dict[str, dict[str, int]] = {}
        for choice in review.choices:
            summary.setdefault(choice.char, {}).setdefault(choice.chosen, 0)
            summary[choice.char][choice.chosen] += 1
        for char, forms in sorted(summary.items(), key=lambda item: -sum(item[1].values())):
            counted = ", ".join(f"{form} ×{count}" for form, count in sorted(forms.items(), key=lambda f: -f[1]))
            # (了 → 了 reads as nothing done: it says which form was not taken)
            others = "".join(form for form in AMBIGUOUS[char] if form != char and form not in forms)
            kept = "  " + _("(kept; not {forms})").format(forms="/".join(others)) if char in forms and others else ""
            lines.append(f"#   {char} → {counted}{kept}")
        # Grouped by character, the rarer forms first: the one 发→髮 among
        # twenty-five 发→發 is the line to look at.
        rank = {(char, form): count for char, forms in summary.items() for form, count in forms.items()}
        for c in sorted(review.choices, key=lambda c: (c.char, rank[(c.char, c.chosen)], c.chosen)):
            mark = "" if c.origin == "OpenCC" else f"  [{_origin(c.origin)}]"
            # the context as printed, quotes included (「」 where the source has “”),
            # the character in 【】 (two 征 in …长征的征程: which one?)
            before, after = _marked(c.before, c.at), _marked(convert_quotes(c.after)[0], c.at)
            lines.append(f"{c.path}:{c.line}: {c.char}→{c.chosen}  {before}  →  {after}{mark}")
        if review.differences:
            lines.append("# " + ngettext(
                "{edition}: {n} place where the word-aware conversion differs from plain OpenCC",
                "{edition}: {n} places where the word-aware conversion differs from plain OpenCC",
                len(review.differences)).format(edition=review.edition, n=len(review.differences)))
            for d in review.differences:
                lines.append(f"{d.path}:{d.line}: {d.source} → {d.ours}  " + _("(OpenCC: {reading})").format(
                    reading=d.opencc) + f"  [{_origin(d.origin)}]")
        if review.names:
            kept: dict[tuple[str, str], list[str]] = {}
            for name in review.names:
                kept.setdefault((name.source, name.printed), []).append(f"{name.path}:{name.line}")
            lines.append("# " + ngettext("{edition}: {n} name kept with its own characters",
                                         "{edition}: {n} names kept with their own characters",
                                         len(kept)).format(edition=review.edition, n=len(kept)))
            for (source, printed), places in kept.items():
                lines.append(f"#   {source} → {printed} ×{len(places)}: {', '.join(dict.fromkeys(places))}")
        for path, line, ch in review.leftovers:
            lines.append(_("{path}:{line}: {char} U+{code} is still simplified").format(
                path=path, line=line, char=ch, code=f"{ord(ch):04X}"))
    return "\n".join(lines) + "\n"


def _marked(context: str, at: int) -> str:
    """``context`` with its character at ``at`` in 【】."""
    if not 0 <= at < len(context):
        return context
    return f"{context[:at]}【{context[at]}】{context[at + 1:]}"


# What the report says in the user's language (``format_review``): its
# heads and leftovers, the reading OpenCC would give, the origins marked
# [in brackets] (``_origin``). ``restated`` finds them to say them again.
# The same messages as there, written out (the catalogs take a message
# from its call): a report said in Chinese and back in English is the
# report again, or tests/test_edition_words.py fails.
_SAID = (("{edition}: {n} context-dependent conversion to check",
          "{edition}: {n} context-dependent conversions to check"),
         ("{edition}: {n} place where the word-aware conversion differs from plain OpenCC",
          "{edition}: {n} places where the word-aware conversion differs from plain OpenCC"),
         ("{edition}: {n} name kept with its own characters", "{edition}: {n} names kept with their own characters"),
         ("(OpenCC: {reading})",), ("(kept; not {forms})",), ("{path}:{line}: {char} U+{code} is still simplified",))
_ORIGINS = ("project dictionary", "user dictionary", "name", "word boundaries", "word class")


def restated(report: str, catalog: str | None) -> str:
    """``report`` (``format_review``'s, made in any of publish's languages)
    in the language of ``catalog`` (``i18n.CATALOGS``, None for English):
    a server's report as the office that reads it speaks. A line the
    report's messages do not make is left as it is."""
    forms, origins, marked = _restating(catalog)

    def line_in(line: str) -> str:
        for form, again in forms:
            match = form.search(line)
            if match:
                line = line[:match.start()] + again(match.groupdict()) + line[match.end():]
                break
        mark = marked.search(line)
        if mark and mark.group("label") in origins:
            line = line[:mark.start()] + f"  [{origins[mark.group('label')]}{mark.group('rest') or ''}]"
        return line

    return "\n".join(line_in(line) for line in report.split("\n"))


@lru_cache(maxsize=None)
def _restating(catalog: str | None) -> tuple:
    """For ``restated``: each message of the report as a pattern in every
    language, with how ``catalog`` says it; the origins likewise; the
    pattern of a line's origin mark."""
    import re

    from publish.i18n import CATALOGS, translation

    def pattern(text: str):
        return re.compile(re.sub(r"\\\{(\w+)\\\}", lambda m: rf"(?P<{m.group(1)}>.+?)", re.escape(text)))

    said = translation(catalog)
    forms = []
    for message in _SAID:
        def again(fields, message=message):
            text = said.ngettext(*message, int(fields["n"])) if len(message) > 1 else said.gettext(message[0])
            return text.format(**fields)
        for source in (None, *CATALOGS):
            t = translation(source)
            texts = {t.ngettext(*message, n) for n in (1, 2)} if len(message) > 1 else {t.gettext(message[0])}
            forms += [(pattern(text), again) for text in texts]
    origins = {translation(source).gettext(o): said.gettext(o) for o in _ORIGINS for source in (None, *CATALOGS)}
    return forms, origins, re.compile(r"  \[(?P<label>[^\[\]]+?)(?P<rest> \(.*\))?\]$")


def check_leftovers(reviews: list[Review], allow: bool) -> None:
    leftovers = [item for review in reviews for item in review.leftovers]
    if leftovers and not allow:
        first = "; ".join(f"{p}:{l}: {c} (U+{ord(c):04X})" for p, l, c in leftovers[:8])
        more = _(" and {n} more").format(n=len(leftovers) - 8) if len(leftovers) > 8 else ""
        raise EditionError(_("simplified characters left in the traditional edition: {first}{more}").format(
            first=first, more=more), hint=_("fix the source or phrases.txt, or pass --allow-simplified"))
