"""Column widths of a table, shared out so that its rows take the fewest lines.

Left to CSS's automatic layout, a table that is wider than the page when
set on one line gives each column its narrowest width (one character, for
Chinese) and a like share of what it would take more. A column of short
entries beside a long one then breaks them all: 序号 into 序 / 号, 负责人
into 负责 / 人, 县委组织部 into 县委组 / 织部, while the long column wraps
anyway.

Here the lines each cell takes at each width are reckoned from its
characters (a Han character or a full-width mark one em, “”…— too, a
Latin letter or a digit about half, the typography's quarter em between
the two) and the breaks the typography allows (between characters, never
before a closing mark or after an opening one, never inside a number or a
Latin word, never before a cell's last character). From CSS's share, and
from the widths at which no cell takes more than 2, 3 … lines, width moves
between columns, the move that lowers the cost most, until none does; the
cheapest end wins. The cost: the table's lines, three more for each short
heading or short name in quotes broken (a typesetter would rather a long
text took a line more a row than see 序 / 号 or “三会 / 一课”) and one for
each column with another short entry broken; then the short entries
broken; then all the cells' lines. The widths go to the typesetter as
percentages of the table's width (``<col>``); no column is made narrower
than its longest unbreakable run, and CSS keeps the last word: a column
whose text does not fit after all is widened, the others narrowed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from publish.model import Table, plain_text

STEP = 0.25     # ems: the finest share a column gets
PADDING = 0.5   # ems: a cell's padding, both sides (base.css: 0.25em)
SLACK = 0.1     # ems a line keeps spare: the widths here are reckoned, not measured
SHORT = 6       # ems: an entry this short (序号, 负责人, 2024年5月) is better whole
_NO_START = set("，。、；：？！）》」』”’〉】…—·%")
_NO_END = set("（《「『“‘〈【")
_LATIN = re.compile(r"[A-Za-z0-9.,:/%+\-_@#&=?~'’]+")


# A table whose columns do not fit the page side by side, each as narrow
# as its longest unbreakable run (thirteen columns of 出席 on a phone's
# page), is set smaller, down to this part of its type size.
SMALLEST = 0.7


# A table whose widths at its type size still break short entries (5月 /
# 27日, 县委书 / 记, 序 / 号: a six-column timetable on A4) is set a size or
# two smaller, as a typesetter sets tables: of these parts of its size (not
# below ``floor``), the one at which none breaks and the table is shortest,
# if it is no taller than at its size (on a phone's narrow page a smaller
# size that keeps 4月上旬 whole wraps the long entries into thin columns).
SMALLER = (0.875, 0.75)


def settle(table: Table, measure: float, floor: float = SMALLEST) -> tuple[float, tuple[float, ...] | None]:
    """(the part of its type size a table is set at, its columns' shares
    as ``widths``), for a text block ``measure`` ems of the table's type
    wide: smaller where its columns do not fit side by side (``fit``), or
    where short entries break at the size they fit at (``SMALLER``)."""
    part = max(SMALLEST, min(1.0, fit(table, measure)))
    shares = widths(table, measure / part)
    if not broken_short(table, measure / part, shares):
        return part, shares
    found = []
    tall = height(table, measure / part, shares) * part
    for smaller in (size for size in SMALLER if floor <= size < part):
        tried = widths(table, measure / smaller)
        if not broken_short(table, measure / smaller, tried) and (
                high := height(table, measure / smaller, tried) * smaller) <= tall:
            found.append((high, -smaller, tried))
    if not found:
        return part, shares
    _, smaller, tried = min(found)
    return -smaller, tried


def height(table: Table, measure: float, shares: tuple[float, ...] | None) -> int:
    """The table's lines at ``shares`` of ``measure`` ems (one a row where
    CSS's widths set every entry on its line)."""
    cells = _cells(table)
    if not cells or shares is None:
        return len(table.head + table.body)
    return sum(_Lines(cells).heights([int(part * measure / STEP) for part in shares]))


def broken_short(table: Table, measure: float, shares: tuple[float, ...] | None) -> int:
    """How many short entries of the body (a date, a name, a place: ``SHORT``)
    take more than a line at ``shares`` of ``measure`` ems (None: CSS's
    widths, which break none when every entry fits on its line)."""
    cells = _cells(table)
    if not cells or not measure:
        return 0
    lines = _Lines(cells, _named(table, len(cells[0])))
    if shares is None:
        steps = int(measure / STEP)
        least = sum(math.ceil((max((max(cell, default=0.0) for cell in column), default=0.0) + PADDING + SLACK)
                              / STEP) for column in zip(*cells))
        return 0 if least <= steps else 1  # (every entry on its line, or none fits)
    share = [int(part * measure / STEP) for part in shares]
    return sum(n > 1 and short for c, k in enumerate(share) for n, short in zip(lines.of(c, k)[1:], lines.short[c][1:]))


def widths(table: Table, measure: float) -> tuple[float, ...] | None:
    """Each column's share of the table's width (fractions summing to 1),
    for a text block ``measure`` ems of the table's type wide; None where CSS's own
    layout is as good (every entry fits on one line, or nothing fits)."""
    cells = _cells(table)
    if not cells or not measure:
        return None
    return _share(cells, _named(table, len(cells[0])), len(cells[0]), measure)


def fit(table: Table, measure: float) -> float:
    """How many times over the table's columns, each at its narrowest (its
    longest unbreakable run), fit side by side in ``measure`` ems: below 1,
    the table is wider than the page at its type size."""
    cells = _cells(table)
    if not cells or not measure:
        return 1.0
    return measure / sum(max((max(cell, default=0.0) for cell in column), default=0.0) + PADDING + SLACK
                         for column in zip(*cells))


def _cells(table: Table) -> tuple:
    """Each cell's unbreakable runs (``_units``), row by row, every row as
    long as the longest; a merged cell's none; () for a single column."""
    rows = table.head + table.body
    columns = max((len(row) for row in rows), default=0)
    if columns < 2:
        return ()
    merged = {(r, c) for r, c, down, across in table.merges if down > 1 or across > 1}
    return tuple(tuple(tuple(_units(plain_text(row[c]))) if c < len(row) and (r, c) not in merged else ()
                       for c in range(columns)) for r, row in enumerate(rows))


# A name in quotes or a title in brackets (“三会一课”, 《条例》): broken, it
# looks like a mistake, as a short heading broken does.
_NAMED = re.compile(r"[“「『《][^“”「」『』《》]+[”」』》]")


def _named(table: Table, columns: int) -> tuple:
    """Per cell, as ``_cells``: whether it is a name in quotes or a title in
    brackets and nothing else."""
    return tuple(tuple(c < len(row) and bool(_NAMED.fullmatch(plain_text(row[c]).strip())) for c in range(columns))
                 for row in table.head + table.body)


# A long table is shared out by this many of its rows (its head, then rows
# taken evenly through its body): a list of names is alike all through.
ROWS = 80


@lru_cache(maxsize=64)
def _share(cells: tuple, named: tuple, columns: int, measure: float) -> tuple[float, ...] | None:
    steps = int(measure / STEP)
    narrowest = [max((max(cell, default=0.0) for cell in column), default=0.0) for column in zip(*cells)]
    widest = [max((sum(cell) for cell in column), default=0.0) for column in zip(*cells)]
    least = [math.ceil((width + PADDING + SLACK) / STEP) for width in narrowest]
    most = [math.ceil((width + PADDING + SLACK) / STEP) for width in widest]
    if sum(most) <= steps or sum(least) > steps:
        return None
    if len(cells) > ROWS:
        taken = [0] + [1 + (len(cells) - 1) * n // (ROWS - 1) for n in range(ROWS - 1)]
        cells, named = tuple(cells[r] for r in taken), tuple(named[r] for r in taken)
    lines = _Lines(cells, named)
    share = _widths(lines, least, most, steps)
    # Short entries (序号, 5月27日, 第一报告厅) whole where the page allows
    # them all (the cost weighs one column of them broken as one line),
    # unless the long entries would take a quarter more lines for it: then
    # a smaller size (``settle``) keeps them whole better.
    whole = [lines.least(c, least[c], [1 if short else len(cells) * 99 for short in lines.short[c]])
             for c in range(columns)]
    if sum(whole) <= steps:
        kept = _widths(lines, whole, [max(high, low) for high, low in zip(most, whole)], steps)
        if sum(lines.heights(kept)) <= 1.25 * sum(lines.heights(share)):
            share = kept
    return tuple(k / sum(share) for k in _alike(share, widest))


def _widths(lines: "_Lines", least: list[int], most: list[int], steps: int) -> list[int]:
    """Each column's steps, none narrower than ``least`` nor wider than ``most``."""
    columns = len(least)
    # CSS's share to start from: the narrowest, and a like part of the rest.
    part = (steps - sum(least)) / max(sum(most) - sum(least), 1)
    share = [low + int((high - low) * part) for low, high in zip(least, most)]
    while sum(share) < steps:
        share[max(range(columns), key=lambda c: most[c] - share[c])] += 1
    # From it, and from the widths that set no cell on more than 2, 3 …
    # lines (where they fit), the moves that lower the cost most, until
    # none does (``_descend``): the cheapest end wins.
    starts = [share] + [start for height in range(2, 8) if (start := _at_most(height, steps, lines, least, most))]
    _cost, share = min(_descend(start, steps, lines, least, most) for start in starts)
    return share


# Columns side by side whose entries are all short and about as wide (the
# months of a register of attendance: 1月 … 12月 over 出席 and 请假) are
# set equally wide, three or more of them: some whole and some broken
# would look like a mistake.
ALIKE = 1.0  # ems between the widest entries of alike columns


def _alike(share: list[int], widest: list[float]) -> list[float]:
    """``share`` with each run of alike columns given their mean width."""
    share = [float(k) for k in share]
    start = 0
    for end in range(1, len(share) + 1):
        if end < len(share) and widest[end] <= SHORT and widest[start] <= SHORT \
                and abs(widest[end] - min(widest[start:end])) <= ALIKE:
            continue
        if end - start >= 3:
            share[start:end] = [sum(share[start:end]) / (end - start)] * (end - start)
        start = end
    return share


def _at_most(height: int, steps: int, lines: "_Lines", least: list[int], most: list[int]) -> list[int] | None:
    """The narrowest widths at which no cell takes more than ``height``
    lines, what is left given as CSS would; None if they do not fit."""
    limit = [height] * len(lines.cells)
    given = [lines.least(c, least[c], limit) for c in range(len(least))]
    if sum(given) > steps:
        return None
    while sum(given) < steps:
        given[max(range(len(given)), key=lambda c: most[c] - given[c])] += 1
    return given


def _descend(share: list[int], steps: int, lines: "_Lines", least: list[int], most: list[int]):
    """(cost, widths) at the end of the moves that lower the cost most."""
    cost = lines.cost(share)
    while True:
        moves = [(lines.cost(moved), moved)
                 for moved in (*_moves(share, least, most), *_rows_shorter(share, steps, lines, least, most))]
        if not moves or min(moves)[0] >= cost:
            return cost, share
        cost, share = min(moves)


def _rows_shorter(share: list[int], steps: int, lines: "_Lines", least: list[int], most: list[int]):
    """For each height of row, the widths that set one such row a line
    shorter and no row longer (if they fit), what is left over given as CSS
    would (to the columns furthest from their entries on one line)."""
    heights = lines.heights(share)
    needed = [lines.least(c, least[c], heights) for c in range(len(share))]
    tried = set()
    for r, height in enumerate(heights):
        if height == 1 or lines.cells[r] in tried:
            continue
        tried.add(lines.cells[r])
        shorter = list(heights)
        shorter[r] -= 1
        given = [max(needed[c], lines.least(c, least[c], shorter, r)) for c in range(len(share))]
        while sum(given) < steps:
            given[max(range(len(given)), key=lambda c: most[c] - given[c])] += 1
        if sum(given) == steps:
            yield given


# The steps of width moved at once: a line saved often needs more than one.
MOVES = (1, 2, 3, 4, 6, 8, 12, 16, 24)


def _moves(share: list[int], least: list[int], most: list[int]):
    """Every share with some steps moved from one column to another, no
    column narrower than its narrowest or wider than its widest."""
    for give, k in enumerate(share):
        for take in range(len(share)):
            if take != give:
                for steps in MOVES:
                    if steps > k - least[give] or steps > most[take] - share[take]:
                        break
                    moved = list(share)
                    moved[give] -= steps
                    moved[take] += steps
                    yield moved


class _Lines:
    """Lines each cell takes at a column width (in steps), kept."""

    def __init__(self, cells: tuple, named: tuple = ()):
        self.cells = cells
        self.known: dict[tuple[int, int], tuple[int, ...]] = {}
        self.short = [[0 < sum(row[c]) <= SHORT for row in cells] for c in range(len(cells[0]))]
        # (short names: a short heading's weight when broken)
        self.named = [[r == 0 or bool(named and named[r][c]) for r in range(len(cells))] for c in range(len(cells[0]))]

    def of(self, column: int, steps: int) -> tuple[int, ...]:
        key = (column, steps)
        if key not in self.known:
            room = steps * STEP - PADDING - SLACK
            self.known[key] = tuple(_lines(row[column], room) for row in self.cells)
        return self.known[key]

    def least(self, column: int, start: int, heights: list[int], row: int | None = None) -> int:
        """The fewest steps, from ``start``, at which the column's cells take
        no more lines than ``heights`` (only row ``row``'s, if given)."""
        k = start
        while True:
            taken = self.of(column, k)
            if (taken[row] <= heights[row]) if row is not None else all(n <= h for n, h in zip(taken, heights)):
                return k
            k += 1

    def heights(self, share: list[int]) -> list[int]:
        return [max(row) for row in zip(*(self.of(c, k) for c, k in enumerate(share)))]

    def cost(self, share: list[int]) -> tuple[int, int, int]:
        """The table's lines, three more for each short heading or short name
        broken (序 / 号, “三会 / 一课”: a typesetter would rather a long text
        took a line more a row) and one for each column with another short entry
        broken (县委组 / 织部); then the short entries broken; then all the
        cells' lines."""
        per_column = [self.of(c, k) for c, k in enumerate(share)]
        broken = [[n > 1 and short for n, short in zip(column, self.short[c])] for c, column in enumerate(per_column)]
        named = sum(b and name for column, names in zip(broken, self.named) for b, name in zip(column, names))
        columns = sum(any(b and not name for b, name in zip(column[1:], names[1:]))
                      for column, names in zip(broken, self.named))
        return (sum(max(row) for row in zip(*per_column)) + 3 * named + columns, sum(map(sum, broken)) - named,
                sum(map(sum, per_column)))


def _lines(units: tuple[float, ...], room: float) -> int:
    """Lines ``units`` fill, breaking between them, in ``room`` characters."""
    if not units:
        return 1
    lines, used = 1, 0.0
    for width in units:
        if used and used + width > room + 1e-9:
            lines, used = lines + 1, 0.0
        if width > room:  # longer than a line: broken where it must be
            lines += math.ceil(width / room) - 1 if room > 0 else 0
            used = width % room if room > 0 else 0.0
        else:
            used += width
    return lines


def _units(text: str) -> list[float]:
    """The widths of what cannot be broken apart in ``text`` (in ems): each
    Han character with the marks that may not stand at a line's start after
    it or its end before it, a number or a Latin word, a space (which may
    end a line). Latin letters and digits as Noto CJK draws them (0.56 em,
    capitals 0.7), a quarter em between them and Han characters (at the
    end of the line, where the line breaks between them)."""
    from publish.typography import last_kept

    units: list[float] = []
    unit_of: list[int] = []  # per character, its unit
    glue = False  # the next unit joins the last (after an opening mark)
    was_wide = None
    at = 0
    text = text.strip()
    while at < len(text):
        char = text[at]
        start = at
        latin = _LATIN.match(text, at)
        if latin and not char.isspace():
            width = sum(0.7 if c.isupper() else 0.47 if c == "1" else 0.56 if c.isalnum() else 0.92 if c == "%"
                        else 0.35 for c in latin.group())
            at, wide = latin.end(), False
        else:
            # (the marks Unicode leaves to the context, “”…—, a Chinese
            # font sets full-width)
            wide = unicodedata.east_asian_width(char) in "WFA"
            width, at = (1.0 if wide else 0.3), at + 1
        if char.isspace():
            units.append(width)
            unit_of += [len(units) - 1] * (at - start)
            glue, was_wide = False, None
            continue
        if was_wide is not None and wide != was_wide and units:
            # The typography's gap: a zero-width space carries it and may
            # end the line, where it stays (typography.mark_up).
            units[-1] += 0.25
        was_wide = wide
        if units and (glue or char in _NO_START):
            units[-1] += width
        else:
            units.append(width)
        unit_of += [len(units) - 1] * (at - start)
        glue = char in _NO_END
    # A cell's last line holds two characters at least, as the typography
    # keeps them: its last Han character with the character or the number
    # before it (单位 of 责任单位10, 10月 of 2024年10月).
    last = last_kept(text)
    if last is not None and unit_of[last - 1] != unit_of[last]:
        first = unit_of[last - 1]
        units[first:unit_of[last] + 1] = [sum(units[first:unit_of[last] + 1])]
    return units
