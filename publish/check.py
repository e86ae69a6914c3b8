"""``publish check``: lint article sources without building them.

Reads each file as it stands and reports ``file:line:col: CODE message``,
like compilers and linters. Errors (E) stop a handout from printing right;
warnings (W) are for the editor to judge. ``fix`` applies the safe fixes
(punctuation width, stray spaces, invisible characters) and writes the file
back atomically, in its own encoding and line ends, keeping a backup.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from publish.errors import PublishError
from publish.fonts import Fonts
from publish.i18n import _
from publish.model import Article, Figure, Paragraph, iter_blocks
from publish.sources import _INVISIBLE, RADICALS, radical_character, unify_radicals
from publish.sources.markdown import FRONT_MATTER_KEYS
from publish.typography import stray_spaces_at_marks

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—·"
_CJK = re.compile(f"[{HAN}{CJK_PUNCT}]")
_HAN = re.compile(f"[{HAN}]")

FULL_WIDTH = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_STRAY_SPACE = re.compile(f"(?<=[{HAN}，。、；：？！”’）》])[ \u3000\u00a0]+(?=[{HAN}“‘（《])")
# A space before a closing or pausing mark, or after an opening one, is
# never wanted in Chinese text: `认真学习 ，`, `（ 一）`.
_SPACE_AT_PUNCT = re.compile("[ \u3000\u00a0]+(?=[，。、；：？！”’）》】」』])|(?<=[“‘（《【「『])[ \u3000\u00a0]+")
# Where a space between Han characters is meant: after the label of a part
# of a rule or law (第一编 总则, 第三条 …), and around the words of a byline
# or photo credit (新华社记者 王五 摄).
_LABEL = re.compile("^\\s*第[一二三四五六七八九十百千零〇两\\d]+[编章节条款部分篇讲课]$")
_CREDIT = re.compile("(记者|通讯员|摄影|供图|编辑|责编|校对|审核|撰文|本报讯)$|^(摄|文|图|电|作者)$")
_SENTENCE = re.compile("[，。；！？]")
_FULL_WIDTH_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]+")
_REPEATED = re.compile("([，。、；：？！])\\1+")
_PAIRS = (("“", "”"), ("‘", "’"), ("（", "）"), ("《", "》"), ("【", "】"), ("「", "」"), ("『", "』"))
# Traditional forms that are also at home in simplified text (乾隆, 瞭望 …).


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    message: str

    @property
    def error(self) -> bool:
        return self.code.startswith("E")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"

    def as_dict(self) -> dict:
        return {**asdict(self), "severity": "error" if self.error else "warning"}


def check_file(path: Path, fonts: Fonts, workspace: Path) -> list[Finding]:
    from publish.sources import read_article

    where = str(path)
    quiet = logging.getLogger("publish.sources.markdown")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # W501 reports unknown keys here
    try:
        # first: it says why a file cannot be read (missing, binary …); what
        # a build would drop or mend in it is said below, where it stands
        article = read_article(path, warn=False)
        text = _raw_text(path)
    except PublishError as exc:
        line = getattr(exc, "line", 0)  # (a damaged file's, where it is damaged)
        return [Finding(where, line, 1 if line else 0, "E001", exc.message)]
    finally:
        quiet.setLevel(level)
    glyphs, emoji = _glyph_findings(article, fonts, text)
    # (a joiner inside an emoji is part of it: the emoji is the finding)
    findings = [f for f in _line_findings(where, text, _paragraph_lines(article, text))
                if not (f.code == "E101" and (f.line, f.column) in emoji)]
    findings += _pair_findings(where, text, article)
    findings += glyphs
    findings += _image_findings(article, workspace)
    findings += _note_findings(article, text, markdown=path.suffix.lower() in (".md", ".markdown"))
    findings += _placeholder_findings(article, text)
    findings += _cut_off_findings(where, article, text)
    findings += _as_copied_findings(where, article)
    if path.suffix.lower() == ".txt":
        spaced = _spaced_findings(where, text)
        # (a spaced-out line's spaces are one finding, not one a space)
        lines = {finding.line for finding in spaced}
        findings = [f for f in findings if not (f.line in lines and f.code in ("W204", "W207"))] + spaced
    if path.suffix.lower() in (".md", ".markdown"):
        findings += _front_matter_findings(where, text)
    return sorted(findings, key=lambda f: (f.line, f.column, f.code))


def _raw_text(path: Path) -> str:
    """The text as it stands in the file, invisible characters included
    (the build drops them; the check must see them). A Word file or web
    page is checked as the Markdown `publish import` makes of it."""
    from publish.sources import read_source_text

    return read_source_text(path, warn=False, as_saved=True)


def _line_findings(where: str, text: str, paragraphs: set[int]) -> list[Finding]:
    found: list[Finding] = []
    from publish.edition.tables import is_simplified_only, is_traditional_only, mostly_traditional

    traditional = mostly_traditional(text)
    for number, line in enumerate(text.split("\n"), start=1):
        def add(col: int, code: str, msg: str, number: int = number) -> None:
            found.append(Finding(where, number, col + 1, code, msg))
        for m in _INVISIBLE.finditer(line):
            name = unicodedata.name(m.group(), "control character")
            add(m.start(), "E101", _("invisible character U+{code} {name}").format(code=f"{ord(m.group()):04X}", name=name))
        for m in RADICALS.finditer(line):
            char = radical_character(m.group(), traditional)
            if char:
                add(m.start(), "E102", _("radical {radical} U+{code} where the character {char} belongs (text copied "
                                         "from a PDF)").format(radical=m.group(), code=f"{ord(m.group()):04X}",
                                                               char=char))
        for col, ch in enumerate(line):
            if ch in FULL_WIDTH and _half_width_in_chinese(line, col):
                add(col, "W201", _("half-width {char!r} in Chinese text; use {wide}").format(char=ch, wide=FULL_WIDTH[ch]))
        for m in _REPEATED.finditer(line):
            add(m.start(), "W202", _("repeated punctuation {marks!r}").format(marks=m.group()))
        # What the typesetter takes out too (二、 编制过程), named once.
        at_marks = {m.start() for m in _SPACE_AT_PUNCT.finditer(line)}
        at_marks.update(start for start, _end in stray_spaces_at_marks(line))
        if number in paragraphs:
            for start, _end in stray_spaces(line):
                if start not in at_marks:
                    add(start, "W204", _("stray space between Chinese characters"))
        for start in sorted(at_marks):
            add(start, "W207", _("space beside full-width punctuation"))
        for m in _FULL_WIDTH_ALNUM.finditer(line):
            add(m.start(), "W205", _("full-width letters or digits {text!r}; use half-width").format(text=m.group()))
        for col, ch in enumerate(line):
            if traditional and is_simplified_only(ch):
                add(col, "W206", _("simplified character {char} in a traditional text").format(char=ch))
            elif not traditional and is_traditional_only(ch):
                add(col, "W206", _("traditional character {char} in a simplified text").format(char=ch))
    return found


def _pair_findings(where: str, text: str, article: Article) -> list[Finding]:
    """Quotes and brackets not closed, or closed without being opened, in
    a block: over the lines of a paragraph the file wraps (a PDF's copy,
    a Markdown paragraph), or on a line of its own."""
    raw = text.split("\n")
    starts = sorted({block.line for block in iter_blocks(article.blocks) if 0 < getattr(block, "line", 0) <= len(raw)})
    groups, grouped = [], set()
    for start, after in zip(starts, [*starts[1:], len(raw) + 1]):
        group = []
        for number in range(start, after):
            if not raw[number - 1].strip():
                break
            group.append(number)
        groups.append(group)
        grouped.update(group)
    groups += [[number] for number in range(1, len(raw) + 1) if number not in grouped]
    found = []
    for group in groups:
        chars = [(number, col, ch) for number in group for col, ch in enumerate(raw[number - 1])]
        for opening, closing in _PAIRS:
            depth, first = 0, None
            for number, col, ch in chars:
                if ch == opening:
                    depth += 1
                    first = (number, col) if first is None else first
                elif ch == closing:
                    depth -= 1
                    if depth < 0:
                        found.append(Finding(where, number, col + 1, "W203", _("{closing} without {opening}").format(
                            closing=closing, opening=opening)))
                        depth = 0
            if depth > 0:
                found.append(Finding(where, first[0], first[1] + 1, "W203", _(
                    "{opening} not closed in its paragraph").format(opening=opening)))
    return found


def _cut_off_findings(where: str, article: Article, text: str) -> list[Finding]:
    """Paragraphs cut off in mid-sentence (``shapes.cut_off``), named where
    they end."""
    from publish.sources.shapes import cut_off_paragraphs

    raw = text.split("\n")
    found = []
    for block, words in cut_off_paragraphs(article.blocks):
        # its last line in the file: the paragraph's, up to a blank one
        number = block.line
        while 0 < number < len(raw) and raw[number].strip():
            number += 1
        if not 0 < number <= len(raw):
            continue
        line = raw[number - 1].rstrip()
        found.append(Finding(where, number, max(len(line), 1), "W209", _(
            "paragraph ends in mid-sentence, without a mark: '…{end}' (cut off where it was copied?)").format(
            end=words[-8:])))
    return found


def _as_copied_findings(where: str, article: Article) -> list[Finding]:
    """Photo captions without their photos (``shapes.lone_captions``); an
    article of a title and nothing else (W211, which a build says too)."""
    from publish.sources.shapes import lone_captions

    if not article.blocks:
        return [Finding(where, article.title_line, 1, "W211", _("a title and no text: is the whole article saved?"))]
    return [Finding(where, block.line, 1, "W210", _(
        "a photo's caption without the photo: '{caption}' (it prints among the paragraphs; delete the line if the "
        "photo is not wanted)").format(caption=text)) for block, text in lone_captions(article.blocks)]


def _spaced_findings(where: str, text: str) -> list[Finding]:
    """Lines of plain text with a space after every character (copied from
    a PDF): the build closes them up."""
    from publish.sources.text import close_up, page_numbers

    lines = text.split("\n")
    closed = close_up(lines)
    dropped = page_numbers(closed)  # (第 3 页 共 3 页: left out, not closed up)
    return [Finding(where, number, 1, "W208", _("a space after every character (copied from a PDF): the build "
                                                "closes the line up"))
            for number, (line, after) in enumerate(zip(lines, closed), start=1) if line != after
            and number not in dropped]


def _half_width_in_chinese(line: str, col: int) -> bool:
    ch = line[col]
    before = line[col - 1] if col else ""
    after = line[col + 1] if col + 1 < len(line) else ""
    if ch == ".":
        # 3.6万 and file.txt keep their dot; a sentence ending in . does not
        return bool(_CJK.match(before or " ")) and not (after.isascii() and after.isalnum())
    if ch == "(":
        return bool(_CJK.match(after or " ") or _CJK.match(before or " "))
    if ch == ")":
        return bool(_CJK.match(before or " ") or _CJK.match(after or " "))
    return bool(_CJK.match(before or " "))


def stray_spaces(line: str) -> list[tuple[int, int]]:
    """Spaces between Han characters that are stray: in running text (a
    line with sentence punctuation), not after a 第…条 label, not among the
    words of a byline or a list of names (three or more parts)."""
    if not _SENTENCE.search(line):
        return []  # a heading, a byline, a title: spaces there separate parts
    found = []
    for m in _STRAY_SPACE.finditer(line):
        before = re.split(f"[^{HAN}]", line[:m.start()])[-1]
        after = re.split(f"[^{HAN}]", line[m.end():])[0]
        if _LABEL.match(line[:m.start()]) or _CREDIT.search(before) or _CREDIT.search(after):
            continue
        if _in_name_list(line, m.start(), m.end()):
            continue
        found.append((m.start(), m.end()))
    return found


def _in_name_list(line: str, start: int, end: int) -> bool:
    """Whether the space at start:end separates one of three or more short
    parts in a row (张三 李四 王五): names, not a broken sentence."""
    run = re.compile(f"[{HAN}]{{1,4}}(?:[ \u3000\u00a0]+[{HAN}]{{1,4}}){{2,}}(?![{HAN}])")
    return any(m.start() <= start and end <= m.end() and (m.start() == 0 or not _HAN.match(line[m.start() - 1]))
               for m in run.finditer(line))


def _paragraph_lines(article: Article, text: str) -> set[int]:
    """Lines holding running text, where a space between Han characters is
    stray (in titles and bylines it separates phrases and names). A
    paragraph runs from its first line to the next blank one."""
    raw = text.split("\n")
    lines: set[int] = set()
    for block in iter_blocks(article.blocks):
        if isinstance(block, Paragraph):
            number = block.line
            while 0 < number <= len(raw) and raw[number - 1].strip():
                lines.add(number)
                number += 1
    return lines


def _glyph_findings(article: Article, fonts: Fonts, text: str) -> tuple[list[Finding], set[tuple[int, int]]]:
    """E301 for each character no font draws, an emoji whole as it was
    pasted (👍🏻, 👨‍👩‍👧, 🇨🇳, 1️⃣: one each, ``glyphs.emoji_as_pasted``);
    and the places (line, column) the emoji take."""
    from publish.glyphs import emoji_as_pasted, find_missing

    sources = {str(article.path): text}
    found, places = [], set()
    for m in emoji_as_pasted(find_missing([article], fonts, "zh-Hans", sources), sources):
        found.append(Finding(m.path, m.line, m.column, "E301", _("{char} U+{code} has no glyph in {fonts}").format(
            char=m.char, code=m.codes, fonts=", ".join(m.fonts))
            + (_(" (installed: {font})").format(font=m.suggestion) if m.suggestion else "")
            + (_(" (an emoji: delete it)") if m.emoji else "")))
        if m.emoji:
            places.update((m.line, m.column + k) for k in range(len(m.char)))
    return found, places


def _image_findings(article: Article, workspace: Path) -> list[Finding]:
    from publish.render import image_path

    found = []
    for block in iter_blocks(article.blocks):
        if isinstance(block, Figure) and block.data is None:  # pictures inside a Word file are there
            try:
                image_path(block, article, workspace)
            except PublishError as exc:
                found.append(Finding(str(article.path), block.line, 1, "E401", exc.message))
    return found


_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")


def _note_findings(article: Article, text: str, markdown: bool) -> list[Finding]:
    """A footnote reference without its note (E601: it would print as
    "[^1]"), a note nobody references (W602: it would not print). Markdown
    is read as written, labels and all; other sources through the model."""
    from publish.model import note_refs

    where = str(article.path)
    found = []
    if markdown:
        lines = text.split("\n")
        defined = {m.group(1): n for n, line in enumerate(lines, start=1) if (m := _NOTE_DEF.match(line))}
        used = set()
        for number, line in enumerate(lines, start=1):
            for m in _NOTE_REF.finditer(line):
                if _NOTE_DEF.match(line) and m.start() == line.index("["):
                    continue
                used.add(m.group(1))
                if m.group(1) not in defined:
                    found.append(Finding(where, number, m.start() + 1, "E601",
                                         _("footnote reference {ref} has no note").format(ref=m.group())))
        return found + [Finding(where, n, 1, "W602", _("footnote {ref} is never referenced").format(
            ref=f"[^{label}]")) for label, n in defined.items() if label not in used]
    labels = {note.label: note for note in article.notes}
    refs = note_refs(article)
    for label, line in refs:
        if label not in labels:
            found.append(Finding(where, line, 1, "E601", _("footnote reference {ref} has no note").format(ref=label)))
    referenced = {label for label, _ in refs}
    return found + [Finding(where, note.line, 1, "W602", _("footnote {ref} is never referenced").format(
        ref=note.label)) for note in article.notes if note.label not in referenced]


def _placeholder_findings(article: Article, text: str) -> list[Finding]:
    """What a build warns of as still to be replaced (placeholders.py):
    XXXX, [此处输入正文内容], a title that is still （文件标题）."""
    from publish import placeholders

    lines = text.splitlines()
    found = []
    for number, name, value in placeholders.in_article(article, lambda _article: text):
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        column = line.find(value) + 1 if value in line else 1
        message = _("`{name}` is still a placeholder: {value}; replace it before printing").format(
            name=name, value=value) if name else _("placeholder {value} left in the text; replace it before "
                                                    "printing").format(value=value)
        found.append(Finding(str(article.path), number, column, "W701", message))
    return found


def _front_matter_findings(where: str, text: str) -> list[Finding]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return []
    found = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match and match.group(1) not in FRONT_MATTER_KEYS:
            found.append(Finding(where, number, 1, "W501",
                                 _("unknown front-matter key {key!r} (known: {known})").format(
                                     key=match.group(1), known=", ".join(FRONT_MATTER_KEYS))))
    return found


# ---------------------------------------------------------------- fixing

def fix_text(text: str, paragraphs: set[int], emoji: set[str] = frozenset()) -> tuple[str, int]:
    """The safe fixes, and how many were made; ``emoji``: pictographs no
    font here draws, deleted (``glyphs.without_emoji``)."""
    from publish.glyphs import without_emoji

    fixed_lines = []
    count = 0
    traditional = None
    if RADICALS.search(text):
        from publish.edition.tables import mostly_traditional

        traditional = mostly_traditional(text)
    for number, line in enumerate(text.split("\n"), start=1):
        if emoji:  # (first: an emoji's joiners go with it)
            line, n = without_emoji(line, emoji)
            count += n
        line, n = _INVISIBLE.subn("", line)
        count += n
        if traditional is not None:
            unified = unify_radicals(line, None, traditional)
            count += sum(a != b for a, b in zip(line, unified))
            line = unified
        chars = list(line)
        for col, ch in enumerate(line):
            if ch in FULL_WIDTH and _half_width_in_chinese(line, col):
                chars[col] = FULL_WIDTH[ch]
                count += 1
        line = "".join(chars)
        if number in paragraphs:
            for start, end in reversed(stray_spaces(line)):
                line = line[:start] + line[end:]
                count += 1
        line, n = _SPACE_AT_PUNCT.subn("", line)
        count += n
        for start, end in reversed(stray_spaces_at_marks(line)):
            line = line[:start] + line[end:]
            count += 1
        fixed_lines.append(line)
    return "\n".join(fixed_lines), count


def fix_file(path: Path, fonts: Fonts | None = None) -> int:
    """Apply the safe fixes in place, keeping ``<file>.bak``: with the
    workspace's ``fonts``, the emoji none of them draws are deleted too
    (E301 says so: they would print as empty boxes). A file that
    cannot be read is left to the check, which reports it; one that cannot
    be written stays as it was, and no ``.bak`` is left behind."""
    from publish.output import write_atomic
    from publish.sources import DOCUMENT_SUFFIXES, read_article
    from publish.sources.decode import decode

    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return 0  # a Word file or web page is fixed where it was written, or after `publish import`
    try:
        article = read_article(path, warn=False)
        data = path.read_bytes()
    except (PublishError, OSError):
        return 0
    text, encoding = decode(data, path)
    closed = 0
    if path.suffix.lower() == ".txt":
        from publish.sources.text import close_up

        lines = text.split("\n")
        unspaced = close_up(lines)
        closed = sum(a != b for a, b in zip(lines, unspaced))
        text = "\n".join(unspaced)
    emoji: set[str] = set()
    if fonts is not None:
        from publish.glyphs import find_missing, is_emoji

        emoji = {m.char for m in find_missing([article], fonts, "zh-Hans") if is_emoji(m.char)}
    fixed, count = fix_text(text, _paragraph_lines(article, text), emoji)
    count += closed
    if not count:
        return 0
    if b"\r\n" in data:
        fixed = fixed.replace("\n", "\r\n")
    bom = next((b for b in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                            codecs.BOM_UTF32_BE) if data.startswith(b)), b"")
    if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:
        # a rename would replace a read-only file all the same (and root may
        # write anything): the file's own read-only mark is respected
        raise PublishError(_("cannot write the fixes: the file is read-only; nothing was changed"), path)
    backup = path.with_name(path.name + ".bak")
    write_atomic(backup, data)
    try:
        write_atomic(path, bom + fixed.encode(encoding))
    except BaseException:
        backup.unlink(missing_ok=True)
        raise
    return count
