"""Parts: a compilation typeset article by article, side by side, then joined.

An article's body is laid out the same whatever pages come before it: only
its page furniture (numbers, running heads) and its place in the outline
and the contents depend on them. So a compilation is made in steps that
keep both cores busy to the end:

1. each article is typeset alone as a *part* (the compilation's CSS, its
   margin boxes off), in the process pool and cached by its own key: an
   edited article is the only part typeset again (and the pieces below
   from it on: a piece is cached under its parts' keys and what the frame
   depends on besides, ``build.Job.frame_key``);
2. the *frame* carries the furniture: the publication with each article's
   pages left empty, as many as its part has, and marks where the part has
   its outline entries and link targets. WeasyPrint lays it out with the
   layout's own rules, so right-hand starts, blank pages, page numbers and
   running heads come out as in one document. It is typeset in *pieces*
   of a few articles (``Piece``), each once its parts and the piece before
   it are (``Pieces``), or beside the piece before it on the pages that
   one is guessed to take (kept if right: after an edit, the pieces go two
   at a time), beside the parts still running; but the last two wait for
   every part, to go beside the front: lead pages, left
   out afterwards, give a piece's first page the side and the number it
   has in the whole. Each piece lays its parts' pages on its own as form
   XObjects (moved sideways where a left-hand page's margins differ from a
   right-hand one's) and merges the copies of its fonts (``lay_parts``);
3. the *front*, cover and contents, is typeset once every part and a
   first piece are (cold, beside the last two pieces), the contents' page
   numbers written in (guessed from the pieces typeset, and typeset again
   if the guess was wrong), cached under its HTML;
4. the join puts the pieces' pages after the front's, makes the outline
   and the link targets of the whole (the contents' links name them), and
   cuts each font once from its file (``fontmerge.py``).

The default for compilations of ``choices.PARTS_FROM`` articles or more;
``--parts``/``--no-parts`` (``BuildOptions.parts``) decide otherwise. Parts,
pieces and front carry stand-ins for their fonts (``speed.fonts_cut_later``).
Tagged PDFs (PDF/UA) and PDF/A are always typeset in one piece.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass

PX = 0.75  # PDF points in a CSS pixel


@dataclass(frozen=True)
class Mark:
    """An outline entry (``level``, ``label``) or a link target (``id``) of a
    part: on which of its pages, how far below the text block's top (px)."""

    page: int
    top: float
    level: int = 0
    label: str = ""
    id: str = ""


@dataclass(frozen=True)
class Frame:
    """What the frame needs of one part: its pages and its marks."""

    pages: int
    marks: tuple[Mark, ...]

    @classmethod
    def of(cls, typeset, index: int) -> "Frame":
        """An article's frame from its part's typesetting (``typeset.Typeset``,
        its PDF not needed); ``index``: the article's number in the
        compilation (its anchors' ``article-N-…``; ``article-N`` itself is
        the frame's)."""
        marks = []
        for page, (anchors, bookmarks) in enumerate(zip(typeset.anchors, typeset.bookmarks)):
            top = typeset.boxes[page][1]
            marks += [Mark(page, round(y - top, 3), id=name) for name, _, y in anchors
                      if name.startswith(f"article-{index}-")]
            marks += [Mark(page, round(y - top, 3), level, label) for level, label, _, y in bookmarks]
        return cls(typeset.pages, tuple(marks))


@dataclass(frozen=True)
class Part:
    pdf: bytes
    boxes: tuple[tuple[float, float], ...]  # per page: the text block's top left (px)
    frame: Frame
    fonts: tuple | None = None  # what its fonts hold (``typeset.Typeset.fonts``)

    @classmethod
    def of(cls, typeset, index: int) -> "Part":
        """A part from its typesetting (``typeset.Typeset``); ``index``: the
        article's number (``Frame.of``)."""
        return cls(typeset.pdf, typeset.boxes, Frame.of(typeset, index), typeset.fonts)

    def files(self, stem: str) -> tuple:
        """As cache files: the PDF and where things stand in it."""
        from publish.cache import Made

        layout = {"boxes": self.boxes, "marks": [asdict(m) for m in self.frame.marks],
                  "fonts": None if self.fonts is None else _noted_as_json(self.fonts)}
        return (Made(f"{stem}.pdf", self.pdf, "part", self.frame.pages),
                Made(f"{stem}.json", json.dumps(layout).encode("utf-8"), "part-layout"))

    @classmethod
    def from_files(cls, files) -> "Part":
        pdf, layout = files[0], json.loads(files[1].data)
        marks = tuple(Mark(**m) for m in layout["marks"])
        fonts = layout.get("fonts")  # (none in a part cached before fonts were noted)
        return cls(pdf.data, tuple(map(tuple, layout["boxes"])), Frame(pdf.pages, marks),
                   None if fonts is None else _noted_from_json(fonts))


def _noted_as_json(fonts) -> list:
    """What the fonts of a PDF hold, as ``speed.fonts_cut_later`` notes them
    (name, widths by glyph, text by glyph), in JSON's terms."""
    return [(name, None if widths is None else sorted(widths.items()), None if text is None else sorted(text.items()))
            for name, widths, text in fonts]


def _noted_from_json(fonts) -> tuple:
    return tuple((name, None if widths is None else dict(widths), None if text is None else dict(text))
                 for name, widths, text in fonts)


def frame_files(typeset, stem: str) -> tuple | None:
    """A piece of the frame, its parts laid on it (``build.make_piece``), or
    the front (``build.make_front``), as cache files: the PDF and where
    things stand in it (None: what its fonts hold does not keep; it is not
    kept)."""
    from publish.cache import Made

    fonts = typeset.fonts
    if isinstance(fonts, dict):  # a piece's, merged (``lay_parts``)
        fonts = {"merged": [(name, None if held is None else (sorted(held[0].items()), sorted(held[1].items())))
                            for name, held in fonts.items()]}
    elif fonts is not None:  # the front's, as noted (``speed.fonts_cut_later``)
        fonts = {"noted": _noted_as_json(fonts)}
    layout = {"pages": typeset.pages, "blank": typeset.blank, "refused": typeset.refused, "boxes": typeset.boxes,
              "anchors": typeset.anchors, "bookmarks": typeset.bookmarks, "fonts": fonts}
    try:
        data = json.dumps(layout).encode("utf-8")
    except TypeError:  # (widths read from a PDF: pikepdf's numbers)
        return None
    return (Made(f"{stem}.pdf", typeset.pdf, "frame", typeset.pages), Made(f"{stem}.json", data, "frame-layout"))


def frame_from_files(files):
    """The ``typeset.Typeset`` kept by ``frame_files``."""
    from publish.typeset import Typeset

    layout = json.loads(files[1].data)
    fonts = layout["fonts"]
    if fonts is not None and "merged" in fonts:
        fonts = {name: None if held is None else (dict(held[0]), dict(held[1])) for name, held in fonts["merged"]}
    elif fonts is not None:
        fonts = _noted_from_json(fonts["noted"])
    return Typeset(files[0].data, layout["pages"], tuple(layout["refused"]), layout["blank"],
                   tuple(map(tuple, layout["boxes"])),
                   tuple(tuple(tuple(anchor) for anchor in page) for page in layout["anchors"]),
                   tuple(tuple(tuple(mark) for mark in page) for page in layout["bookmarks"]), fonts)


# The frame's pieces hold articles of at least this many pages between them
# (the last piece what is left): a piece is typeset as soon as its parts
# are, while later parts are, so the last piece is all that waits for the
# last part; a document has its fixed costs, too many pieces add them up.
PIECE_PAGES = 48


@dataclass(frozen=True)
class Piece:
    """A piece of the frame: articles ``first`` to ``last`` (their numbers),
    after ``before`` pages of the articles before them (blank pages
    included), its first page ``start`` pages into the whole (but for the
    front's pages, of which only the parity counts); with the imprint when
    it ends the compilation."""

    first: int
    last: int
    before: int
    start: int
    imprint: bool

    @property
    def lead(self) -> int:
        """Pages typeset before its first article and left out when joined:
        they give its pages the sides (left or right) they have in the
        whole; an article but the first is never the first of its document
        either (CSS's ``:first-of-type``), so a piece without the first
        article leads with one page at least."""
        if self.first == 1 and self.start % 2 == 0:
            return 0
        return 2 if self.start % 2 == 0 else 1


@dataclass(frozen=True)
class View:
    """What the template sees of the frame (``frame``): every article's
    ``Frame``; the piece typeset (None: the front, its cover and
    contents, with the page number of every link target in ``numbers``)."""

    articles: tuple[Frame, ...]
    piece: Piece | None = None
    numbers: dict | None = None

    @property
    def front(self) -> bool:
        return self.piece is None

    @property
    def lead(self) -> int:
        return self.piece.lead if self.piece else 0

    @property
    def imprint(self) -> bool:
        return self.piece is not None and self.piece.imprint

    def holds(self, article: int) -> bool:
        return self.piece is not None and self.piece.first <= article <= self.piece.last

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(self.numbers or ())


class Pieces:
    """The pieces of one compilation's frame, each typeset once its parts
    are, after the pieces before it (its first page's side and number
    follow from the pages before it, blank ones included): or beside the
    one before it, on the pages that one is guessed to take (its parts'
    pages, and blank pages as the pieces typeset so far had them), kept if
    the guess was right (``done``), typeset again if not."""

    def __init__(self, articles: int, front: int = 0):
        self.articles = articles
        self.front = front  # the front's pages (their parity: it ends on a left-hand page, as a rule)
        self.typeset: list[tuple[Piece, object]] = []  # (Piece, typeset.Typeset), in order
        self._next, self._before = 1, 0  # after the pieces typeset
        self._flight: list[Piece] = []  # being typeset, in order: the second on a guess
        self._held: dict[Piece, object] = {}  # typeset, waiting for the piece before

    def ready(self, pages: dict[int, int], parts_to_come: bool = False) -> Piece | None:
        """The next piece to typeset, when its parts are typeset (``pages``:
        article number -> its part's pages), and no more than one is being
        typeset before it. While ``parts_to_come`` (of any frame), the piece
        before the last waits, but for the first: the front, typeset once
        every part is, then has it and the last piece beside it, not the
        last piece alone, a core idle (the front takes longer)."""
        if len(self._flight) > 1:
            return None
        first, before = self._next, self._before
        if self._flight:
            running = self._flight[-1]
            first, before = running.last + 1, self._end(running, pages)
        if first > self.articles:
            return None
        last, total = first - 1, 0
        while last < self.articles and total < PIECE_PAGES:
            last += 1
            if last not in pages:
                return None
            total += pages[last]
        if parts_to_come and first > 1 and last + (last - first + 1) >= self.articles:
            return None  # (a piece of as many articles after it would be the last)
        piece = Piece(first, last, before, self.front + before, last == self.articles)
        self._flight.append(piece)
        return piece

    def _end(self, piece: Piece, pages: dict[int, int]) -> int:
        """The pages up to the end of ``piece``, guessed: its articles' pages,
        and a blank page before each that would start on a left-hand page if
        articles start on right-hand pages (``_recto``)."""
        recto = self._recto(pages)
        offset = piece.before
        for number in range(piece.first, piece.last + 1):
            offset += 1 if recto and offset % 2 else 0
            offset += pages[number]
        return offset

    def done(self, piece: Piece, typeset) -> None:
        """``piece`` typeset: kept once the pieces before it are, if it was
        typeset on the pages they really take (else ``ready`` offers it again)."""
        if piece not in self._flight:
            return  # typeset on a guess found wrong already
        self._held[piece] = typeset
        while self._flight and self._flight[0] in self._held:
            first = self._flight.pop(0)
            result = self._held.pop(first)
            self.typeset.append((first, result))
            self._before += result.pages - first.lead
            self._next = first.last + 1
            if self._flight and self._flight[0].before != self._before:
                self._held.pop(self._flight.pop(0), None)  # the guess was wrong

    @property
    def complete(self) -> bool:
        return self._next > self.articles

    def guess_numbers(self, frames: tuple[Frame, ...]) -> dict[str, int]:
        """The page number of every link target (``page_numbers``) before
        the pieces still to come are typeset: the front is typeset meanwhile
        and kept if they were right. Their articles are taken to start on
        the next page, or the next right-hand page if an article before
        them was preceded by a blank page."""
        numbers = page_numbers(self.typeset)
        recto = self._recto({number: frame.pages for number, frame in enumerate(frames, start=1)})
        offset = self._before
        for number in range(self._next, self.articles + 1):
            offset += 1 if recto and offset % 2 else 0
            numbers.setdefault(f"article-{number}", offset + 1)
            for mark in frames[number - 1].marks:
                if mark.id:
                    numbers.setdefault(mark.id, offset + mark.page + 1)
            offset += frames[number - 1].pages
        return numbers

    def _recto(self, pages: dict[int, int]) -> bool:
        """Whether an article of the pieces typeset (but the first) was
        preceded by a blank page: articles start on right-hand pages."""
        numbers = page_numbers(self.typeset)
        starts = [numbers.get(f"article-{n}", 0) for n in range(1, self._next)]
        return any(later > start + pages[n] for n, (start, later) in enumerate(zip(starts, starts[1:]), start=1))


def page_numbers(pieces) -> dict[str, int]:
    """Every anchor of the pieces (``(Piece, Typeset)``) -> its page number
    (page 1: the first article's first)."""
    numbers: dict[str, int] = {}
    for piece, typeset in pieces:
        for page, anchors in enumerate(typeset.anchors[piece.lead:]):
            for name, _, _ in anchors:
                if not name.startswith("frame-"):
                    numbers.setdefault(name, piece.before + page + 1)
    return numbers


def lay_parts(typeset, parts: dict) -> tuple[bytes, dict]:
    """A piece of the frame (its ``typeset.Typeset``) with the pages of its
    parts (article number -> ``Part``) laid on its pages as form XObjects,
    and the copies of each font merged, not yet cut (the join cuts them
    once for the whole): done beside the other parts and pieces, not after
    them. With what its fonts hold (``fontmerge.merge_fonts``), for the
    join."""
    from publish.speed import no_garbage_collection

    with no_garbage_collection():
        return _lay_parts(typeset, parts)


def _lay_parts(typeset, parts: dict) -> bytes:
    import pikepdf

    from publish.fontmerge import font_contents, merge_fonts

    out = pikepdf.open(io.BytesIO(typeset.pdf))
    where = {name: page for page, names in enumerate(typeset.anchors) for name, _, _ in names}
    for index, part in parts.items():
        source = pikepdf.open(io.BytesIO(part.pdf))
        for number, page in enumerate(source.pages):
            at = where[f"frame-{index}-{number}"]
            (fx, fy), (px, py) = typeset.boxes[at], part.boxes[number]
            # PDF space: y upwards, in points.
            dx, dy = (fx - px) * PX, -(fy - py) * PX
            target = out.pages[at]
            # Named by page, not pikepdf's random default: output stays
            # reproducible; and by page because WeasyPrint's pages share
            # one resource dictionary.
            name = target.add_resource(out.copy_foreign(page.as_form_xobject()), pikepdf.Name.XObject,
                                       name=pikepdf.Name(f"/PublishPart{index}.{number + 1}"))
            target.contents_add(out.make_stream(b"q\n"), prepend=True)
            target.contents_add(out.make_stream(f"Q q 1 0 0 1 {dx:.4f} {dy:.4f} cm {name} Do Q".encode("ascii")))
    fonts = merge_fonts(out, cut=False, known=font_contents([typeset.fonts, *(part.fonts for part in parts.values())]))
    return _saved(out, final=False), fonts


def join(front, pieces, font_files=()) -> bytes:
    """The compilation from its front (``typeset.Typeset`` of the cover and
    contents) and the pieces of its frame (``(Piece, Typeset)``, in order,
    their parts laid on them: ``lay_parts``): the pieces' pages follow the
    front's, the outline and the link targets are made for the whole, and
    each font is cut once (``font_files``: the workspace's)."""
    from publish.speed import no_garbage_collection

    with no_garbage_collection():
        return _join(front, pieces, font_files)


def _join(front, pieces, font_files) -> bytes:
    import pikepdf

    from publish.fontmerge import font_contents, merge_fonts

    out = pikepdf.open(io.BytesIO(front.pdf))
    del out.pages[-1]  # where the first article would start
    # Per page of the whole: its anchors and bookmarks (px).
    anchors, bookmarks = list(front.anchors[:len(out.pages)]), list(front.bookmarks[:len(out.pages)])
    sources = []  # open until saved
    for piece, typeset in pieces:
        sources.append(pikepdf.open(io.BytesIO(typeset.pdf)))
        out.pages.extend(sources[-1].pages[piece.lead:])
        anchors.extend(typeset.anchors[piece.lead:])
        bookmarks.extend(typeset.bookmarks[piece.lead:])
    _destinations(out, anchors)
    _outline(out, bookmarks)
    merge_fonts(out, font_files, known=font_contents([front.fonts, *(typeset.fonts for _, typeset in pieces)]))
    return _saved(out)


def _saved(pdf, final: bool = True) -> bytes:
    """The PDF's bytes; not ``final``: to be joined (its objects not packed
    into object streams, which the join would unpack)."""
    import pikepdf

    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=True, deterministic_id=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate if final else pikepdf.ObjectStreamMode.preserve)
    return buffer.getvalue()


def _point(out, page: int, x: float, y: float) -> tuple[float, float]:
    """CSS pixels from a page's top left -> PDF points from its bottom left."""
    return x * PX, float(out.pages[page].mediabox[3]) - y * PX


def _destinations(out, anchors) -> None:
    """The named destinations of every anchor (the first of a name), as
    WeasyPrint writes them; the front's link annotations name them."""
    import pikepdf

    found: dict[str, pikepdf.Array] = {}
    for page, names in enumerate(anchors):
        for name, x, y in names:
            if name not in found and not name.startswith("frame-"):
                found[name] = pikepdf.Array([out.pages[page].obj, pikepdf.Name.XYZ, *_point(out, page, x, y), 0])
    if "/Names" not in out.Root:
        out.Root.Names = pikepdf.Dictionary()
    out.Root.Names.Dests = out.make_indirect(pikepdf.Dictionary(
        Names=pikepdf.Array([item for name in sorted(found) for item in (pikepdf.String(name), found[name])])))


def _outline(out, bookmarks) -> None:
    """The outline of the whole, nested as WeasyPrint nests it."""
    from types import SimpleNamespace

    import pikepdf
    from weasyprint.matrix import Matrix
    from weasyprint.anchors import make_page_bookmark_tree

    tree: list = []
    skipped: list = []
    last_by_depth = [tree]
    previous = 0
    for number, marks in enumerate(bookmarks):
        height = float(out.pages[number].mediabox[3]) / PX
        page = SimpleNamespace(bookmarks=[(level, label, (x, y), "open") for level, label, x, y in marks])
        previous = make_page_bookmark_tree(page, skipped, last_by_depth, previous, number,
                                           Matrix(a=PX, d=-PX, f=height * PX))

    def add(items, parent) -> tuple[list, int]:
        made: list = []
        count = len(items)
        for label, (page, x, y), children, _state in items:
            item = out.make_indirect(pikepdf.Dictionary(
                Title=pikepdf.String(label), Dest=pikepdf.Array([out.pages[page].obj, pikepdf.Name.XYZ, x, y, 0]),
                Parent=parent))
            kids, kids_count = add(children, item)
            item.Count = kids_count
            count += kids_count
            if made:
                item.Prev, made[-1].Next = made[-1], item
            if kids:
                item.First, item.Last = kids[0], kids[-1]
            made.append(item)
        return made, count

    if "/Outlines" in out.Root:
        del out.Root.Outlines
    if tree:
        root = out.make_indirect(pikepdf.Dictionary())
        items, count = add(tree, root)
        root.Count, root.First, root.Last = count, items[0], items[-1]
        out.Root.Outlines = root
