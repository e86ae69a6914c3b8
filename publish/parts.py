"""Parts: a compilation typeset article by article, side by side, then joined.

An article's body is laid out the same whatever pages come before it: only
its page furniture (numbers, running heads) and its place in the outline
and the contents depend on them. So a compilation is made in three steps:

1. each article is typeset alone as a *part* (the compilation's CSS, its
   margin boxes off), in the process pool and cached by its own key: an
   edited article is the only part typeset again;
2. the *frame* is typeset: the whole publication, cover, contents and
   imprint included, with each article's pages left empty, as many as its
   part has, and marks where the part has its outline entries and link
   targets. WeasyPrint lays it out with the layout's own rules, so
   right-hand starts, blank pages, page numbers, running heads, the
   contents' page numbers and links, and the outline come out as they
   would in one document;
3. each part page is laid on its frame page as a form XObject (moved
   sideways where a left-hand page's margins differ from a right-hand
   one's), and the copies of each font the parts carry are merged into one
   (``fontmerge.py``).

The default for compilations of ``choices.PARTS_FROM`` articles or more;
``--parts``/``--no-parts`` (``BuildOptions.parts``) decide otherwise. On two
cores a first build gains little: the frame (a page for every page, with
its margin boxes, and the contents) and the join come after the last part,
and the parts cost a third more CPU than one piece. After an edit only the
edited article's part is typeset again. Parts and frame carry stand-ins for
their fonts (``speed.fonts_cut_later``): the join cuts every font once from
its file. Tagged PDFs (PDF/UA) and PDF/A are always typeset in one piece.
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


@dataclass(frozen=True)
class Part:
    pdf: bytes
    boxes: tuple[tuple[float, float], ...]  # per page: the text block's top left (px)
    frame: Frame

    @classmethod
    def of(cls, typeset, index: int) -> "Part":
        """A part from its typesetting (``typeset.Typeset``); ``index`` is
        the article's number in the compilation (its anchors'
        ``article-N-…``; ``article-N`` itself is the frame's)."""
        marks = []
        for page, (anchors, bookmarks) in enumerate(zip(typeset.anchors, typeset.bookmarks)):
            top = typeset.boxes[page][1]
            marks += [Mark(page, round(y - top, 3), id=name) for name, _, y in anchors
                      if name.startswith(f"article-{index}-")]
            marks += [Mark(page, round(y - top, 3), level, label) for level, label, _, y in bookmarks]
        return cls(typeset.pdf, typeset.boxes, Frame(typeset.pages, tuple(marks)))

    def files(self, stem: str) -> tuple:
        """As cache files: the PDF and where things stand in it."""
        from publish.cache import Made

        layout = {"boxes": self.boxes, "marks": [asdict(m) for m in self.frame.marks]}
        return (Made(f"{stem}.pdf", self.pdf, "part", self.frame.pages),
                Made(f"{stem}.json", json.dumps(layout).encode("utf-8"), "part-layout"))

    @classmethod
    def from_files(cls, files) -> "Part":
        pdf, layout = files[0], json.loads(files[1].data)
        marks = tuple(Mark(**m) for m in layout["marks"])
        return cls(pdf.data, tuple(map(tuple, layout["boxes"])), Frame(pdf.pages, marks))


def join(frame, parts, font_files=()) -> bytes:
    """Lay each part's pages on the frame's (``typeset.Typeset`` of the
    frame; the parts in the compilation's order) and merge their fonts
    (``font_files``: the workspace's)."""
    import pikepdf

    from publish.fontmerge import merge_fonts

    out = pikepdf.open(io.BytesIO(frame.pdf))
    where = {name: page for page, anchors in enumerate(frame.anchors) for name, _, _ in anchors}
    for index, part in enumerate(parts, start=1):
        source = pikepdf.open(io.BytesIO(part.pdf))
        for number, page in enumerate(source.pages):
            at = where[f"frame-{index}-{number}"]
            (fx, fy), (px, py) = frame.boxes[at], part.boxes[number]
            # PDF space: y upwards, in points.
            dx, dy = (fx - px) * PX, -(fy - py) * PX
            target = out.pages[at]
            # Named by page, not pikepdf's random default: output stays
            # reproducible; and by page because WeasyPrint's pages share
            # one resource dictionary.
            name = target.add_resource(out.copy_foreign(page.as_form_xobject()), pikepdf.Name.XObject,
                                       name=pikepdf.Name(f"/PublishPart{at + 1}"))
            target.contents_add(out.make_stream(b"q\n"), prepend=True)
            target.contents_add(out.make_stream(f"Q q 1 0 0 1 {dx:.4f} {dy:.4f} cm {name} Do Q".encode("ascii")))
    merge_fonts(out, font_files)
    buffer = io.BytesIO()
    out.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             deterministic_id=True)
    return buffer.getvalue()
