"""Quotation marks: “”‘’ -> 「」『』, the way traditional editions print them."""

from __future__ import annotations

_QUOTES = {"“": 0, "‘": 0, "”": 1, "’": 1}
_OPEN_BY_DEPTH = ("「", "『")
_CLOSE_BY_DEPTH = ("」", "』")


def convert_quotes(text: str, depth: int = 0) -> tuple[str, int]:
    """“”‘’ -> 「」『』 by nesting depth: the outer pair 「」, the inner 『』,
    whichever of “ or ‘ the source used at that depth. Returns the depth
    at the end, so a quote can open in one run and close in the next."""
    if not any(ch in text for ch in _QUOTES):
        return text, depth
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
