"""Glyph coverage: every character checked against the fonts that will
really draw it, before anything is typeset.

Each piece of text has a font role (body, title, heading, kai) from where it
stands in the layout; a character is covered when a font of the role's stack
for the edition's script, or the CJK face that ends every stack, has it.
What no font covers would print as an empty box (tofu): the build stops
with one line per character, naming its place and the fonts tried, and
suggests an installed font that has it.
"""

from __future__ import annotations

import array
import bisect
import hashlib
import os
import re
import subprocess
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from publish.fonts import Fonts, script_of, stack_faces
from publish.i18n import _
from publish.paths import cache_dir
from publish.model import Article, BlockQuote, Byline, Caption, Figure, Heading, ListBlock, Paragraph, Table


@dataclass(frozen=True)
class Missing:
    char: str
    path: str
    line: int
    column: int
    fonts: tuple[str, ...]
    suggestion: str | None

    def __str__(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "") + (f":{self.column}" if self.column else "")
        hint = _("; installed: {font} (copy it into fonts/ and name it in fonts/fonts.toml)").format(
            font=self.suggestion) if self.suggestion else ""
        return _("{where}: {char} U+{code} has no glyph in {fonts}{hint}").format(
            where=where, char=self.char, code=self.codes, fonts=", ".join(self.fonts), hint=hint)

    @property
    def codes(self) -> str:
        """Its code points, as after "U+" (an emoji may be several)."""
        return " U+".join(f"{ord(ch):04X}" for ch in self.char)

    @property
    def emoji(self) -> bool:
        return any(map(is_emoji, self.char))


_PICTOGRAPHS = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF"
# What dresses a pictograph: variation selectors (text or emoji style) and
# the tag characters of a region's flag.
_DRESS = "\uFE0E\uFE0F\U000E0020-\U000E007F"
# An emoji as pasted: a flag (two regional indicators), a keycap (its
# digit, a selector, the enclosing mark), or a pictograph with its dress,
# its skin tone and what a zero-width joiner adds to it (👨‍👩‍👧 is three).
_PICTOGRAPH = f"[{_PICTOGRAPHS}][{_DRESS}]*[\U0001F3FB-\U0001F3FF]?[{_DRESS}]*"
EMOJI_SEQUENCE = re.compile(f"[\U0001F1E6-\U0001F1FF]{{2}}|(?P<digit>[0-9#*]?)[\uFE0E\uFE0F]?\u20E3"
                            f"|{_PICTOGRAPH}(?:\u200D{_PICTOGRAPH})*")


def is_emoji(char: str) -> bool:
    """A pictograph pasted with the text (WeChat articles have them): the
    emoji and symbol blocks of Unicode's planes 0 and 1 that CJK fonts do not
    draw (★, ①, ☆ and the like are checked by the fonts, never here), a
    keycap's enclosing mark, a flag's tags."""
    code = ord(char)
    return (0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF
            or code == 0x20E3 or 0xE0020 <= code <= 0xE007F)


def without_emoji(text: str, missing: set[str]) -> tuple[str, int]:
    """``text`` without the emoji that hold a character of ``missing`` (no
    font here draws it), each whole (``EMOJI_SEQUENCE``) but for a keycap's
    digit; and how many."""
    count = 0

    def drop(match: re.Match) -> str:
        nonlocal count
        if missing.isdisjoint(match.group()):
            return match.group()
        count += 1
        return match.group("digit") or ""  # (a keycap's digit is text)

    return EMOJI_SEQUENCE.sub(drop, text), count


def emoji_as_pasted(missing: list[Missing], sources: dict[str, str]) -> list[Missing]:
    """``missing`` with each emoji whole as it was pasted, where it starts
    (👍🏻 for 👍 and 🏻, 👨‍👩‍👧 for its three): once a place, with every font
    tried for it. ``sources``: each article's text as it stands in its file."""
    out: list[Missing] = []
    at: dict[tuple[str, int, int], int] = {}
    for m in missing:
        lines = sources.get(m.path, "").split("\n")
        text = lines[m.line - 1] if is_emoji(m.char) and m.column and 0 < m.line <= len(lines) else ""
        match = next((found for found in EMOJI_SEQUENCE.finditer(text) if found.start() < m.column <= found.end()),
                     None)
        if match is None:
            out.append(m)
            continue
        place = (m.path, m.line, match.start() + 1)
        if place in at:
            first = out[at[place]]
            out[at[place]] = replace(first, fonts=tuple(dict.fromkeys((*first.fonts, *m.fonts))))
            continue
        at[place] = len(out)
        out.append(replace(m, char=match.group(), column=match.start() + 1, suggestion=None))
    return out


def texts_with_roles(article: Article):
    """(text, line, role) for every piece of an article, by where the
    layout sets it (see layouts/common/base.css)."""
    yield article.title, article.title_line, "title"
    for value in (article.subtitle, article.author, article.source):
        if value:
            yield value, article.title_line, "kai"
    yield from _blocks(article.blocks, "body")
    for note in article.notes:  # footnotes are set in the body face, smaller
        yield from _spans(note.spans, note.line, "body")


def _blocks(blocks, role):
    for block in blocks:
        if isinstance(block, Heading):
            yield from _spans(block.spans, block.line, {1: "heading", 2: "kai"}.get(block.level, role))
        elif isinstance(block, (Byline, Caption)):
            yield from _spans(block.spans, block.line, "kai")
        elif isinstance(block, Paragraph):
            yield from _spans(block.spans, block.line, role)
        elif isinstance(block, Figure):
            yield from _spans(block.caption, block.line, "kai")
        elif isinstance(block, BlockQuote):
            yield from _blocks(block.blocks, "kai")
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _blocks(item, role)
        elif isinstance(block, Table):
            for row in block.head:
                for cell in row:
                    yield from _spans(cell, block.line, "heading")
            for row in block.body:
                for cell in row:
                    yield from _spans(cell, block.line, role)


def _spans(spans, line, role):
    for span in spans:
        if span.text == "\n" or "noteref" in span.style:
            continue
        styled = "kai" if "em" in span.style else "heading" if "strong" in span.style else role
        yield span.text, line, styled


def find_missing(articles: list[Article], fonts: Fonts, lang: str, sources: dict[str, str] | None = None,
                 extra: dict[str, str] | None = None) -> list[Missing]:
    """Characters no font of their role covers. ``sources`` maps a path to
    the article's text as it stands in the file (for the column);
    ``extra`` holds other text to set (layout strings) by role."""
    script = script_of(lang)
    found: list[Missing] = []
    seen: set[tuple[str, str, int]] = set()
    for article in articles:
        path = str(article.path)
        lines = (sources or {}).get(path, "").split("\n")
        for text, line, role in texts_with_roles(article):
            for ch in _missing_chars(text, fonts, role, script):
                if (ch, path, line) in seen:
                    continue
                seen.add((ch, path, line))
                at_line, column = _locate_char(lines, line, ch)
                found.append(Missing(ch, path, at_line, column, _tried(fonts, role, script), suggest_font(ch)))
    for role, text in (extra or {}).items():
        for ch in _missing_chars(text, fonts, role, script):
            found.append(Missing(ch, _("the layout's own words"), 0, 0, _tried(fonts, role, script), suggest_font(ch)))
    return found


def _missing_chars(text: str, fonts: Fonts, role: str, script: str) -> list[str]:
    drawn = _drawn(fonts, role, script)
    if drawn.issuperset(text):  # as a rule (a set's test runs in C, a tenth of the loop's time)
        return []
    tables = _coverage(fonts, role, script)
    out = []
    for ch in dict.fromkeys(text):
        if ch in drawn:
            continue
        # (a variation selector prints as nothing where the font has no
        # variant: ★️ prints ★, HarfBuzz hides the selector)
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") or _selector(ch) \
                or any(_has(table, ord(ch)) for table in tables):
            drawn.add(ch)
        else:
            out.append(ch)
    return out


def _selector(ch: str) -> bool:
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


@lru_cache(maxsize=64)
def _drawn(fonts: Fonts, role: str, script: str) -> set[str]:
    """The characters found drawn (or not to be drawn) in a role's fonts so
    far: a compilation's articles share most of theirs, each is looked up
    once (30 articles: 0.2 s before anything is typeset)."""
    return set()


def _has(table: tuple[tuple[int, ...], tuple[int, ...]], cp: int) -> bool:
    starts, ends = table
    i = bisect.bisect_right(starts, cp) - 1
    return i >= 0 and cp <= ends[i]


def _locate_char(lines: list[str], line: int, ch: str) -> tuple[int, int]:
    """Where ``ch`` stands in the source: from the block's first line on
    (a Markdown paragraph may run over several lines). (line, 0) when the
    source does not hold it (a converted edition's character)."""
    for number in range(max(line, 1), min(line + 200, len(lines) + 1)):
        index = lines[number - 1].find(ch)
        if index >= 0:
            return number, index + 1
    return line, 0


def _tried(fonts: Fonts, role: str, script: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(face.family for face in stack_faces(fonts, role, script)))


@lru_cache(maxsize=64)
def _coverage(fonts: Fonts, role: str, script: str) -> tuple:
    """The code-point ranges of each font a role's text may be set in: the
    faces the build's CSS names (fonts.resolve), the fallback last."""
    return tuple(_cmap(face.file, face.index) for face in stack_faces(fonts, role, script))


@lru_cache(maxsize=32)
def _cmap(file: str, index: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The code points a font has, as sorted (starts, ends) ranges. Reading
    a CJK font's cmap with fontTools takes about 0.2 s, so the ranges are
    kept in the user's cache folder, keyed by the file's path, face, size
    and date (as fontconfig does)."""
    cached = _cache_path(file, index)
    ranges = None
    if cached is not None and cached.is_file():
        try:
            flat = array.array("I")
            flat.frombytes(cached.read_bytes())
            ranges = list(zip(flat[0::2], flat[1::2]))
        except (OSError, ValueError):
            ranges = None  # a damaged cache entry is read again from the font
    if ranges is None:
        from fontTools.ttLib import TTFont

        font = TTFont(file, fontNumber=index, lazy=True) if file.lower().endswith((".ttc", ".otc")) \
            else TTFont(file, lazy=True)
        ranges = _ranges(font.getBestCmap() or {})
        if cached is not None:
            _store(cached, ranges)
    return tuple(a for a, _ in ranges), tuple(b for _, b in ranges)


def _ranges(points) -> list[tuple[int, int]]:
    ranges: list[list[int]] = []
    for cp in sorted(points):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return [(a, b) for a, b in ranges]


def _cache_path(file: str, index: int) -> Path | None:
    try:
        stat = os.stat(file)
    except OSError:
        return None
    root = cache_dir("cmaps")
    key = hashlib.sha256(f"{file}|{index}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:32]
    return root / f"{key}.bin"


def _store(path: Path, ranges: list[tuple[int, int]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(array.array("I", [v for pair in ranges for v in pair]).tobytes())
        os.replace(tmp, path)
    except OSError:
        pass  # no cache then: correct, only slower


@lru_cache(maxsize=256)
def suggest_font(ch: str) -> str | None:
    """An installed font that has ``ch``, for the hint."""
    try:
        out = subprocess.run(["fc-list", f":charset={ord(ch):x}", "family", "file"],
                             capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    first = next((line for line in out.splitlines() if line.strip()), None)
    if not first:
        return None
    file, _, family = first.partition(":")
    return f"{family.strip().split(',')[0]} ({file.strip()})"


def source_texts(articles: list[Article]) -> dict[str, str]:
    """The decoded source text of each article as saved (invisible
    characters included), for columns."""
    from publish.sources import read_source_text

    return {str(article.path): read_source_text(Path(article.path), warn=False, as_saved=True) for article in articles}
