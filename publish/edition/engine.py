"""OpenCC's conversion, run in Python from OpenCC's own dictionaries.

Why: ``opencc.OpenCC("s2hk")`` takes 0.12-0.17 s to start (it loads and
indexes STPhrases, 49,000 entries): half of a traditional converter's
start budget (0.3 s), the segmenter taking the other half. The same
dictionaries, exported once with the ``opencc_dict`` tool the opencc
package ships and kept marshalled under ``~/.cache/publish/opencc``, load
in about 20 ms.

The dictionaries and the configuration are OpenCC's, read from the
installed package; the algorithm is OpenCC's (1.4.2, ``src/``): the text is
cut by maximum matching on the segmentation dictionary (unmatched
characters gather into one segment), and each step of the conversion chain
converts each segment by maximum matching on its dictionary, writing the
first value of an entry. A dictionary group takes the first of its
dictionaries that matches (``short_circuit``) or the longest match of all,
the first on a tie (``union``: made one dictionary when the cache is made,
the first dictionary's entries winning).

What OpenCC treats specially goes to OpenCC itself: text holding a
character of a normalization dictionary (CJK compatibility ideographs), an
ideographic description character or a variation selector, and any
configuration this does not read (inline dictionaries, other segmenters).
``tests/test_engine.py`` holds the result to OpenCC's on the shared corpus
and on the upstream test cases of every configuration publish uses.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache

log = logging.getLogger(__name__)

# Characters OpenCC handles outside plain maximum matching: ideographic
# description characters (a sequence passes whole, unconverted) and
# variation selectors.
_SPECIAL = frozenset(chr(c) for c in (*range(0x2FF0, 0x3000), 0x31EF, *range(0xFE00, 0xFE10),
                                      *range(0xE0100, 0xE01F0)))

_FORMAT = "2"   # of the cached tables: a change makes the caches stale

_NO_KEYS: tuple[tuple[int, ...], dict[str, str], frozenset[str]] = ((), {}, frozenset())


class Unsupported(Exception):
    """A configuration this module does not read: OpenCC converts."""


class _Leaf:
    """One dictionary: its one-character keys as a dict, its longer keys in
    blocks by first character, made into dicts block by block as the text
    needs them (an article meets a fraction of STPhrases' 49,000 keys, and
    making them all costs more than OpenCC's own start)."""

    def __init__(self, singles: dict[str, str], blocks: dict[str, tuple[tuple[int, ...], str, str, str]]):
        self.singles = singles
        # first character -> (key lengths, longest first; keys, values and the
        # first two characters of the keys of three or more, a line each)
        self.blocks = blocks
        self.starts = frozenset(blocks)
        self.parsed: dict[str, tuple[tuple[int, ...], dict[str, str], frozenset[str]]] = {}

    def longer(self, first: str) -> tuple[tuple[int, ...], dict[str, str], frozenset[str]]:
        """(lengths, key -> value, pairs) of the keys of two characters or
        more starting with ``first``; ``pairs``: the first two characters of
        the keys of three or more. Most places start no key longer than two
        characters: the pair tells so in one lookup."""
        found = self.parsed.get(first)
        if found is None:
            block = self.blocks.get(first)
            if block is None:
                found = _NO_KEYS
            else:
                lengths, keys, values, pairs = block
                found = (lengths, dict(zip(keys.split("\n"), values.split("\n"))),
                         frozenset(pairs.split("\n")) if pairs else frozenset())
            self.parsed[first] = found
        return found

    def longest(self) -> int:
        return max((block[0][0] for block in self.blocks.values()), default=1 if self.singles else 0)


def _matcher(table: _Leaf):
    """(text, at, end) -> (length, value) of the longest key of ``table``
    starting at ``at``, or None."""
    starts, parsed, longer, singles = table.starts, table.parsed, table.longer, table.singles

    def match(text: str, at: int, end: int):
        first = text[at]
        if first in starts:
            lengths, keys, pairs = parsed.get(first) or longer(first)
            if text[at:at + 2] in pairs:
                room = end - at
                for length in lengths:
                    if length <= room:
                        value = keys.get(text[at:at + length])
                        if value is not None:
                            return length, value
            elif at + 2 <= end:
                value = keys.get(text[at:at + 2])
                if value is not None:
                    return 2, value
        value = singles.get(first)
        return None if value is None else (1, value)

    return match


def _first_of(matchers: list):
    def match(text: str, at: int, end: int):
        for one in matchers:
            found = one(text, at, end)
            if found is not None:
                return found
        return None

    return match


class _Step:
    """A dictionary (a leaf or a group) as OpenCC matches it: ``match``;
    ``starts``: the characters a key of two characters or more starts with;
    ``table``: what each character becomes where no longer key can start
    (the first dictionary that has it, nesting flattened), for
    ``str.translate``."""

    def __init__(self, node, leaves: dict[str, _Leaf]):
        def build(n) -> _Leaf | list:
            return leaves[n[1]] if n[0] == "leaf" else [build(child) for child in n[2]]

        def flat(built) -> list[_Leaf]:
            return [built] if isinstance(built, _Leaf) else [leaf for part in built for leaf in flat(part)]

        def matcher(built):
            if isinstance(built, _Leaf):
                return _matcher(built)
            parts = [matcher(part) for part in built]
            return parts[0] if len(parts) == 1 else _first_of(parts)

        built = build(node)
        self.root = built if isinstance(built, _Leaf) else None
        self.leaves = flat(built)
        self.match = matcher(built)
        self.starts = frozenset().union(*(leaf.starts for leaf in self.leaves))
        self.table = {ord(k): v for leaf in reversed(self.leaves) for k, v in leaf.singles.items()}

    def apply(self, text: str, plain: bool = False) -> str:
        """``text`` converted; ``plain``: no key of two characters or more
        can match in it."""
        if plain or self.starts.isdisjoint(text):
            return text.translate(self.table)
        match, out = self.match, []
        at, end = 0, len(text)
        while at < end:
            found = match(text, at, end)
            if found is None:
                out.append(text[at])
                at += 1
            else:
                out.append(found[1])
                at += found[0]
        return "".join(out)


class Engine:
    """One OpenCC configuration (``s2hk``, ``s2tw`` …) in Python;
    ``convert`` gives what ``opencc.OpenCC(config).convert`` gives."""

    def __init__(self, config: str, spec: dict, leaves: dict[str, _Leaf]):
        self.config = config
        self._segmentation = _Step(spec["segmentation"], leaves) if spec["segmentation"] else None
        self._chain = [_Step(node, leaves) for node in spec["chain"]]
        # In a run of characters the segmentation matched nothing in, a step
        # whose longer keys are all the segmentation's matches nothing
        # longer either (s2hk's first step: STPhrases, then STCharacters).
        segmentation_leaves = set(map(id, self._segmentation.leaves)) if self._segmentation else set()
        self._plain_in_runs = [all(id(leaf) in segmentation_leaves or not leaf.starts for leaf in step.leaves)
                               for step in self._chain]
        # Text with one of these goes to OpenCC: normalization would change it.
        self._special = _SPECIAL | frozenset(ch for name in spec["normalization"]
                                             for ch in (*leaves[name].singles, *leaves[name].starts))
        self.phrases = Phrases(self._segmentation.root if self._segmentation else None)

    def convert(self, text: str) -> str:
        if not text:
            return text
        if not self._special.isdisjoint(text):
            return _opencc(self.config).convert(text)
        out = []
        for segment, matched in (self._segments(text) if self._segmentation else [(text, False)]):
            for step, plain in zip(self._chain, self._plain_in_runs):
                segment = step.apply(segment, plain and not matched)
            out.append(segment)
        return "".join(out)

    def _segments(self, text: str) -> list[tuple[str, bool]]:
        """OpenCC's maximum-matching segmentation: (segment, matched a key).
        Only the keys' lengths matter here; the loop is OpenCC's with the
        matcher written out for a one-dictionary segmentation (s2hk's
        STPhrases and its generated phrases are one union), as it runs once
        a character."""
        step, segments = self._segmentation, []
        root = step.root
        start = at = 0
        end = len(text)
        while at < end:
            if root is None:
                found = step.match(text, at, end)
                length = found[0] if found else 0
            else:
                first, length = text[at], 0
                if first in root.starts:
                    lengths, keys, pairs = root.parsed.get(first) or root.longer(first)
                    if text[at:at + 2] in pairs:
                        for n in lengths:
                            if n <= end - at and text[at:at + n] in keys:
                                length = n
                                break
                    elif text[at:at + 2] in keys:
                        length = 2
                if not length and first in root.singles:
                    length = 1
            if not length:
                at += 1
                continue
            if start < at:
                segments.append((text[start:at], False))
            segments.append((text[at:at + length], True))
            at += length
            start = at
        if start < end:
            segments.append((text[start:], False))
        return segments


class Phrases:
    """The keys of two characters or more OpenCC cuts the text with (its
    segmentation dictionary): ``word in phrases``; ``longest``."""

    def __init__(self, root: _Leaf | None):
        self._root = root or _Leaf({}, {})
        self.longest = self._root.longest()

    def __contains__(self, word: str) -> bool:
        return len(word) > 1 and word in self.starting(word[0])[1]

    def starting(self, first: str) -> tuple[int, dict[str, str]]:
        """(the longest length, the keys) of the phrases starting with
        ``first``: the converter tries every run of words from each word."""
        lengths, keys, _pairs = self._root.parsed.get(first) or self._root.longer(first)
        return (lengths[0] if lengths else 0), keys


@lru_cache(maxsize=None)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def _spec(config: str) -> dict:
    """The configuration's structure, from OpenCC's JSON file."""
    from publish.edition.tables import opencc_share

    try:
        doc = json.loads((opencc_share() / "share" / "opencc" / f"{config}.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise Unsupported(str(exc)) from None
    def node(dict_doc: dict):
        kind = dict_doc.get("type")
        if kind == "group":
            policy = dict_doc.get("match_policy", "short_circuit")
            children = [node(d) for d in dict_doc["dicts"]]
            if policy == "union":
                # The longest match of all, the first on a tie: one
                # dictionary, the first one's entries winning.
                if not all(child[0] == "leaf" for child in children):
                    raise Unsupported(f"{config}: a union of groups")
                return ("leaf", "+".join(child[1] for child in children))
            if policy != "short_circuit":
                raise Unsupported(f"{config}: match policy {policy!r}")
            return ("group", policy, children)
        if kind == "ocd2" and str(dict_doc.get("file", "")).endswith(".ocd2"):
            return ("leaf", dict_doc["file"][:-len(".ocd2")])
        raise Unsupported(f"{config}: dictionary type {kind!r}")

    segmentation = doc.get("segmentation")
    if segmentation and segmentation.get("type") != "mmseg":
        raise Unsupported(f"{config}: segmentation {segmentation.get('type')!r}")
    spec = {
        "segmentation": node(segmentation["dict"]) if segmentation else None,
        "chain": [node(step["dict"]) for step in doc["conversion_chain"]],
        "normalization": [],
    }
    for step in doc.get("normalization", ()):
        found = node(step["dict"])
        if found[0] != "leaf":
            raise Unsupported(f"{config}: normalization group")
        spec["normalization"].append(found[1])
    return spec


def _leaf_names(spec: dict) -> list[str]:
    """The leaves of a configuration (a union's joined with ``+``)."""
    def walk(n):
        return [n[1]] if n[0] == "leaf" else [name for child in n[2] for name in walk(child)]

    nodes = [n for n in (spec["segmentation"], *spec["chain"]) if n]
    return sorted({name for n in nodes for name in walk(n)} | set(spec["normalization"]))


@lru_cache(maxsize=None)
def _leaf(name: str) -> _Leaf:
    """A leaf of the configurations (a dictionary, or a union's joined with
    ``+``), cached by itself: s2hk, s2t and t2hk share STCharacters, and
    a process keeps one copy, its blocks parsed once."""
    from publish.edition.tables import cached, dictionary_stamp

    stamp = dictionary_stamp(name.split("+"))
    if not stamp:
        raise OSError(f"OpenCC's {name} is not readable")
    return _Leaf(*cached(f"leaf-{name}", f"{_FORMAT}|{stamp}", lambda: _table(name)))


def _table(leaf: str) -> tuple[dict[str, str], dict[str, tuple[tuple[int, ...], str, str, str]]]:
    """(one-character key -> its first value, first character -> (lengths
    of the longer keys starting with it, longest first; those keys, their
    first values, and the first two characters of the keys of three or
    more, a line each))."""
    from publish.edition.tables import read_dictionary

    entries: dict[str, str] = {}
    for name in reversed(leaf.split("+")):   # the first dictionary's entries win
        entries.update((key, values[0]) for key, values in read_dictionary(name).items() if key and values)
    singles = {key: value for key, value in entries.items() if len(key) == 1}
    grouped: dict[str, list[str]] = {}
    for key in entries:
        if len(key) > 1:
            grouped.setdefault(key[0], []).append(key)
    return singles, {
        first: (tuple(sorted({len(key) for key in keys}, reverse=True)), "\n".join(keys),
                "\n".join(entries[key] for key in keys), "\n".join(sorted({key[:2] for key in keys if len(key) > 2})))
        for first, keys in grouped.items()}


@lru_cache(maxsize=None)
def engine(config: str) -> Engine | None:
    """The configuration's engine, its dictionaries loaded from the cache
    (made on first use); None where OpenCC itself must convert (no
    dictionary tool, a configuration this does not read)."""
    try:
        spec = _spec(config)
        leaves = {name: _leaf(name) for name in _leaf_names(spec)}
    except (Unsupported, OSError) as exc:
        log.debug("OpenCC converts %s itself (%s)", config, exc)
        return None
    return Engine(config, spec, leaves)
