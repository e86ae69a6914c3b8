"""Word-aware conversion: simplified text -> the edition's traditional text.

1. The segmenter cuts the text into words (``segmenter.py``).
2. Dictionary entries (the workspace's, then the project's) apply where they
   do not cut through a word: a key inside one word, or whole words.
3. A person's name keeps its own traditional characters (``names.py``).
4. A one-character word takes the form of its word class (``words.py``).
5. Everything else goes to OpenCC word by word: one of its phrases applies
   only where it does not cut through a word (个中 in 一个中国, 家具 in
   国家具有, 港制 in 香港制定 do not), and may cover several whole words
   (内卷 is 内|卷, 鲗鱼涌 鲗鱼|涌). The phrases' keys are read from OpenCC's
   own dictionaries (``tables.phrase_keys``). Measured on
   ``../shared/corpus`` before any dictionary entry: plain OpenCC makes 100
   real mistakes in the Hong Kong text and 128 in the Taiwan one; strictly
   one word at a time 86 and 118; with phrases over whole words 95 and 118,
   the difference being one OpenCC phrase (贸易伙伴 → 貿易伙伴, which the
   project dictionary corrects), and that way keeps OpenCC's own test cases
   (鲗鱼涌, 梳芙厘, 今周刊, 英伟达 → 輝達).
6. Hong Kong editions print the press forms unless ``hk_forms`` is
   "standard" (``tables.py``); Taiwan's print 帳 for OpenCC's 賬.

OpenCC stays the character and phrase source: this applies its
dictionaries word by word, it does not replace them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from publish.edition import names, segmenter, words
from publish.edition.dictionaries import Entry, project_phrases
from publish.edition.review import AMBIGUOUS, Choice, Difference, KeptName, Notes
from publish.edition.tables import (HK_FORMS, opencc_convert, opencc_phrases, simplified_at, to_press,
                                    variant_forms)
from publish.errors import ConfigError
from publish.i18n import _

OPENCC = "OpenCC"
NAME = "name"
WORDS = "word boundaries"

# The step of each config that turns OpenCC's standard traditional into the
# region's forms: the project dictionary's literal values pass through it.
_VARIANTS = {"s2hk": "t2hk", "s2tw": "t2tw", "s2twp": "t2tw"}


@dataclass
class _Piece:
    start: int       # where its source starts in the text
    source: str
    value: str       # what OpenCC converts, or the output itself
    kind: str        # "convert" (OpenCC), "name" (OpenCC, then the name's own characters), "literal"
    origin: str
    out: str = field(default="")
    joins: bool = True   # may start one of OpenCC's phrases over several words
    guessed: bool = False  # a word the segmenter guessed (``_phrases``)
    kept: frozenset[int] = frozenset()   # a name's characters kept, by the words around it


# Taiwan prints accounts 帳 (帳戶, 轉帳, 臺帳: 教育部 lists 賬 as its variant),
# where OpenCC's s2tw writes 賬.
_TAIWAN_FORMS = str.maketrans({"賬": "帳"})


class Converter:
    """Converts text for one edition with its dictionaries. Built once per
    edition and workspace; the segmenter and OpenCC load with the first
    traditional converter of a process, never for zh-Hans."""

    def __init__(self, edition, user: dict[str, Entry] | None = None, taiwan_vocabulary: bool = False,
                 hk_forms: str = "press"):
        if hk_forms not in HK_FORMS:
            raise ConfigError(_("unknown hk_forms {value!r}").format(value=hk_forms),
                              hint=_("press or standard"))
        self.edition = edition
        self.config = "s2twp" if (edition.code == "zh-Hant-TW" and taiwan_vocabulary) else edition.opencc
        self.press = self.config == "s2hk" and hk_forms == "press"
        self.hong_kong = self.config == "s2hk"
        self.taiwan = edition.code == "zh-Hant-TW"
        self.entries: dict[str, Entry] = {}
        if self.config is None:
            return
        written = project_phrases(edition.code)
        forms = variant_forms(_VARIANTS[self.config], tuple(sorted(
            {text for entry in written.values() for kind, text in entry.parts if kind == "literal"})))
        project = {key: self._in_forms(entry, forms) for key, entry in written.items()}
        self.entries = {**project, **(user or {})}
        self.longest = max((len(k) for k in self.entries), default=0)
        self.first_chars = frozenset(k[0] for k in self.entries)
        segmenter.add_words(names.curated(), "nr")
        segmenter.add_words(key for key, entry in self.entries.items() if entry.is_word)
        segmenter.load()
        opencc_convert(self.config, "")
        self.phrases = opencc_phrases(self.config)

    def _in_forms(self, entry: Entry, forms: dict[str, str]) -> Entry:
        """A project entry's literal text in the edition's forms (the file
        is written in OpenCC's standard traditional; ``forms``: its literals
        in the region's variants)."""
        parts = tuple((kind, self._forms(forms[text]) if kind == "literal" else text) for kind, text in entry.parts)
        return replace(entry, parts=parts)

    def _forms(self, text: str) -> str:
        if self.taiwan:
            return text.translate(_TAIWAN_FORMS)
        return to_press(text) if self.press else text

    def convert(self, text: str, path: str = "", line: int = 0, notes: Notes | None = None) -> str:
        """Characters only; quotes are the caller's (they nest across runs)."""
        if self.config is None or not text:
            return text
        tokens = segmenter.tokens(text)
        surnames = notes.surnames if notes is not None else set()
        # Names by the text around them, over the words the segmenter cut
        # them in: a list of people, then (there and further on) a name
        # kept earlier in the article.
        edges = {token.start for token in tokens}, {token.end for token in tokens}
        listed = {at: length for at, lengths in names.listed(text, segmenter.known).items()
                  if (length := _name_at(at, lengths, *edges))}
        surnames.update((text[at], text[at + 1:at + length]) for at, length in listed.items())
        named = {**{at: length for at, length in names.remembered(text, surnames, segmenter.known).items()
                    if _name_at(at, (length,), *edges)}, **listed}
        pieces = self._pieces(text, tokens, self.hong_kong and words.cantonese(text), surnames, named)
        self._convert_pieces(pieces)
        result = "".join(piece.out for piece in pieces)
        if notes is not None:
            self._note(text, result, tokens, pieces, path, line, notes)
        return result

    def from_traditional(self, text: str) -> str:
        """A text written in traditional characters, its words as written,
        in the edition's forms of the characters (OpenCC's t2hk or t2tw,
        then Hong Kong's press forms): 周年 stays 周年, which s2hk takes
        for simplified and makes 週年; 裏 becomes 裡 in Taiwan's."""
        if self.config is None or not text:
            return text
        text = self._forms(opencc_convert(_VARIANTS[self.config], text))
        # A simplified character typed among them (将 in a Hong Kong text)
        # takes the form the edition prints in its words, as the guard
        # against leftovers reads them (恒 of 恒指 stays); the others stay as
        # written (周年 is not made 週年).
        at = simplified_at(text, self.config, self.press)
        return "".join(at.get(i, ch) for i, ch in enumerate(text)) if at else text

    # ------------------------------------------------------------ the pieces

    def _pieces(self, text: str, tokens: list[segmenter.Token], cantonese: bool,
                surnames: set | None = None, named: dict | None = None) -> list[_Piece]:
        """Cut ``text`` into pieces, each converted one way: dictionary
        entries where they fit the words, then the rest word by word."""
        starts = [t.start for t in tokens]
        pieces: list[_Piece] = []
        run = 0      # start of the text not yet cut into pieces
        i, n = 0, len(text)
        while i < n:
            entry = self._entry_at(text, i, tokens, starts) if text[i] in self.first_chars else None
            if entry is not None:
                self._plain(text, run, i, tokens, starts, pieces, cantonese, surnames, named)
                pieces.extend(self._entry_pieces(entry, i))
                i += len(entry.key)
                run = i
            else:
                i += 1
        self._plain(text, run, n, tokens, starts, pieces, cantonese, surnames, named)
        return pieces

    def _entry_at(self, text: str, i: int, tokens, starts: list[int]) -> Entry | None:
        """The longest entry starting at ``i`` that does not cut through a
        word: it lies inside one word, or starts and ends at word edges."""
        for length in range(min(self.longest, len(text) - i), 0, -1):
            entry = self.entries.get(text[i:i + length])
            if entry is None:
                continue
            end = i + length
            first = tokens[bisect_right(starts, i) - 1]
            last = tokens[bisect_right(starts, end - 1) - 1]
            if first is last or (first.start == i and last.end == end):
                return entry
        return None

    def _entry_pieces(self, entry: Entry, start: int) -> list[_Piece]:
        pieces = []
        used = 0
        remaining = sum(kind != "break" for kind, _text in entry.parts)
        for kind, part in entry.parts:
            if kind == "break":
                continue
            # The key's characters this part stands for (all the rest for
            # the last part, when an entry changes the length).
            remaining -= 1
            source = entry.key[used:] if remaining == 0 else entry.key[used:used + len(part)]
            pieces.append(_Piece(start + used, source, part, kind, entry.origin))
            used += len(source)
        return pieces

    def _plain(self, text: str, start: int, end: int, tokens, starts: list[int], pieces: list[_Piece],
               cantonese: bool, surnames: set | None = None, named: dict | None = None) -> None:
        """The text between entries, cut at word edges: names, one-character
        words with a form of their own, OpenCC for the rest, where one of
        its phrases may cover several whole words (内卷, 贸易伙伴)."""
        if start >= end:
            return
        words_here: list[_Piece] = []
        index = bisect_right(starts, start) - 1
        i = start
        while i < end:
            token = tokens[index]
            stop = min(token.start + len(token.word), end)
            name = named.get(i, 0) if named and i == token.start and i + named.get(i, 0) <= end else 0
            if name:
                # (its surname kept, the rest converted as a name's)
                words_here.append(_Piece(i, text[i:i + name], text[i:i + name], "name", NAME, kept=frozenset({0})))
                i += name
                while index < len(tokens) and tokens[index].end <= i:
                    index += 1
                continue
            measure = words.measure_word(text, i, token.word == text[i]) if text[i] in words.MEASURES else None
            if measure is not None:
                words_here.append(_Piece(i, text[i], self._forms(measure), "literal", words.WORD_CLASS))
                stop = i + 1
            elif i == token.start and stop == token.start + len(token.word):
                before = tokens[index - 1] if index > 0 else None
                found = self._word(token, before, tokens[index + 1:index + 4], cantonese, surnames)
                # A one-character conjunction starts no phrase: 并|为 is 並為,
                # not OpenCC's 併為 (HK 17 and TW 17 of 17 in 18 million
                # characters, 并|到, 并|购买 likewise).
                found[0].joins = not (len(token.word) == 1 and token.tag == "c")
                words_here.extend(found)
            else:
                words_here.append(_Piece(i, text[i:stop], text[i:stop], "convert", OPENCC))
            i = stop
            if i >= token.start + len(token.word):
                index += 1
        pieces.extend(self._phrases(text, words_here))

    def _phrases(self, text: str, words_here: list[_Piece]) -> list[_Piece]:
        """Join the words OpenCC converts where one of its phrases covers
        several of them whole: the longest phrase from each word on. In a
        word the segmenter guessed from characters its dictionary does not
        join (要松 of 要松一口气: its HMM glues them), no word of OpenCC's
        either, such a phrase may also start inside it (松一口气: 鬆一口氣)."""
        joined = []
        ends = [p.start + len(p.source) for p in words_here]
        converting = [p.kind == "convert" for p in words_here]
        k = 0
        while k < len(words_here):
            piece = words_here[k]
            k += 1
            if not (converting[k - 1] and piece.joins):
                joined.append(piece)
                continue
            starts = range(piece.start, ends[k - 1]) if piece.guessed else (piece.start,)
            for start in starts:
                longest = self._longest_phrase(text, start, k, ends, converting)
                if longest is not None:
                    if start > piece.start:  # (the rest of the guessed word)
                        head = text[piece.start:start]
                        joined.append(_Piece(piece.start, head, head, "convert", OPENCC))
                    source = text[start:ends[longest]]
                    piece = _Piece(start, source, source, "convert", OPENCC)
                    k = longest + 1
                    break
            joined.append(piece)
        return joined

    def _longest_phrase(self, text: str, start: int, after: int, ends: list[int], converting: list[bool]) -> int | None:
        """The last of the words from ``after`` on (whole, each converted by
        OpenCC) that the longest of OpenCC's phrases from ``start`` ends
        with, or None."""
        longest = None
        reach, keys = self.phrases.starting(text[start])
        j = after
        while j < len(ends) and converting[j] and ends[j] - start <= reach:
            if text[start:ends[j]] in keys:
                longest = j
            j += 1
        return longest

    def _word(self, token: segmenter.Token, before, ahead: list[segmenter.Token], cantonese: bool,
              surnames: set | None = None) -> list[_Piece]:
        """A whole word: a one-character word with a form of its own, a
        word holding the copula 係 (guessed, or Cantonese), a name, or a word
        for OpenCC; ``ahead``: the next few words."""
        after = ahead[0] if ahead else None
        form = words.form(token, before, after, self.hong_kong)
        if form is not None:
            return [_Piece(token.start, token.word, self._forms(form[0]), "literal", form[1])]
        if "杯" in token.word and words.cup(token, before, ahead, segmenter.known(token.word)):
            cup = _Piece(token.end - 1, "杯", self._forms("盃"), "literal", words.WORD_CLASS)
            name = token.word[:-1]
            return [_Piece(token.start, name, name, "convert", OPENCC), cup] if name else [cup]
        if token.word[-1] == "表" and words.watch(token, before):
            head = token.word[:-1]
            watch = _Piece(token.end - 1, "表", self._forms("錶"), "literal", words.WORD_CLASS)
            return [_Piece(token.start, head, head, "convert", OPENCC), watch] if head else [watch]
        if "系" in token.word and (self.hong_kong and (
                words.copula(token, segmenter.known(token.word), cantonese, before)
                or cantonese and token.word in words.CANTONESE_COPULA)
                or words.formal_copula(token, segmenter.known(token.word))):
            pieces, at = [], token.start
            for part in re.split("(系)", token.word):
                if part == "系":
                    pieces.append(_Piece(at, part, self._forms("係"), "literal", words.WORD_CLASS))
                elif part:
                    pieces.append(_Piece(at, part, part, "convert", OPENCC))
                at += len(part)
            return pieces
        # A surname by the words around it comes first: 赖于 is one of
        # OpenCC's phrases (賴於), but not in 记者叶素萍、赖于|榛; 于伟国 after
        # 副书记 is a name, not the preposition's 于.
        kept = names.surname_word(token, before, after, segmenter.known, surnames)
        if kept:
            return [_Piece(token.start, token.word, token.word, "name", NAME, kept=kept)]
        if names.preposition(token, before):
            rest = token.word[1:]
            return [_Piece(token.start, "于", self._forms("於"), "literal", NAME),
                    _Piece(token.start + 1, rest, rest, "convert", OPENCC)]
        if token.word in self.phrases:
            return [_Piece(token.start, token.word, token.word, "convert", OPENCC)]
        if names.is_name(token, self.hong_kong):
            return [_Piece(token.start, token.word, token.word, "name", NAME)]
        guessed = token.tag not in names.NAME_TAGS and not segmenter.known(token.word)
        return [_Piece(token.start, token.word, token.word, "convert", OPENCC, guessed=guessed)]

    def _convert_pieces(self, pieces: list[_Piece]) -> None:
        """OpenCC converts every piece separately, in one call."""
        chunks = [p.value for p in pieces if p.kind != "literal"]
        joined = "".join(chunks)
        separator = next(ch for ch in "\n\ue000\ue001\ue002\ue003" if ch not in joined)
        converted = iter(self._forms(opencc_convert(self.config, separator.join(chunks))).split(separator))
        for piece in pieces:
            if piece.kind == "literal":
                piece.out = piece.value
                continue
            out = next(converted)
            if piece.kind == "name":
                out = names.keep(piece.source, out, self.phrases, piece.kept, self.hong_kong)
            else:
                out = words.preferred(piece.source, out, self.hong_kong)
            piece.out = out

    # ------------------------------------------------------------ the review

    def plain(self, text: str) -> str:
        """What plain OpenCC makes of ``text``, in the edition's forms."""
        return self._forms(opencc_convert(self.config, text))

    def _note(self, text: str, result: str, tokens, pieces: list[_Piece], path: str, line: int,
              notes: Notes) -> None:
        origins = [OPENCC] * len(text)
        out_at = 0
        for piece in pieces:
            aligned = len(piece.source) == len(piece.out)
            for offset, ch in enumerate(piece.source):
                at = piece.start + offset
                origins[at] = piece.origin
                if ch in AMBIGUOUS:
                    chosen = piece.out[offset] if aligned else piece.out
                    where = out_at + (offset if aligned else 0)
                    # (the contexts are alike around the character when the texts are as long)
                    mark = min(at, CONTEXT) if len(result) == len(text) else -1
                    notes.choices.append(Choice(path, line, ch, chosen, _context(text, at), _context(result, where),
                                                piece.origin, mark))
            out_at += len(piece.out)
            if piece.kind == "name" and piece.out != self._forms(opencc_convert(self.config, piece.source)):
                notes.names.append(KeptName(path, line, piece.source, piece.out))
        plain = self.plain(text)
        if plain == result or not (len(plain) == len(result) == len(text)):
            return
        # Every run of characters where the result differs from plain OpenCC,
        # widened to the words it touches and one word either side (the
        # phrase OpenCC would have made across them: 被|发明 → 被髮明).
        starts = [t.start for t in tokens]
        spans: list[list[int]] = []
        for i, (ours, theirs) in enumerate(zip(result, plain)):
            if ours == theirs:
                continue
            index = bisect_right(starts, i) - 1
            first = index - 1 if index > 0 and _han(tokens[index - 1].word) else index
            last = index + 1 if index + 1 < len(tokens) and _han(tokens[index + 1].word) else index
            a, b = tokens[first].start, tokens[last].end
            if spans and a < spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], b)
            else:
                spans.append([a, b])
        for a, b in spans:
            decided = [o for i, o in enumerate(origins[a:b], start=a) if o != OPENCC and result[i] != plain[i]]
            notes.differences.append(Difference(path, line, text[a:b], result[a:b], plain[a:b],
                                                decided[0] if decided else WORDS))


def _name_at(at: int, lengths: tuple[int, ...], starts: set[int], ends: set[int]) -> int:
    """The first of ``lengths`` a name at ``at`` may have that starts and
    ends where words do (``starts``, ``ends``: the words'; 0: none)."""
    return next((length for length in lengths if at in starts and at + length in ends), 0)


def _han(word: str) -> bool:
    return "\u3400" <= word[0] <= "\u9fff"


CONTEXT = 10  # characters either side of a choice in the review


def _context(text: str, at: int, width: int = CONTEXT) -> str:
    return text[max(0, at - width): at + width + 1]
