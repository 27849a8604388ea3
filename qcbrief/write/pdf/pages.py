"""Laid-out pages: what the composer produces and the drawer paints.

Coordinates: x from the page's left edge, y downwards from the top of the
type area (the drawer converts to PDF coordinates).  All in points.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Style:
    font: str  # reportlab font name
    size: float
    bold: bool = False  # simulated: fill + stroke
    color: str = "#000000"
    hscale: float = 1.0  # horizontal scaling (masthead name)


class TextLine:
    """One line of placed glyphs, given as (x, ch, style, pdf advance) tuples and kept
    in columns: a tuple per glyph costs ~120 bytes, the columns ~26, which is what
    keeps a bulletin with a multi-megabyte article within a few hundred MB."""

    __slots__ = ("baseline", "kind", "xs", "text", "styles", "advs")

    def __init__(self, baseline: float, glyphs: list[tuple[float, str, Style, float]], kind: str = "body"):
        self.baseline = baseline  # y of the baseline, from the type area's top, downwards
        self.kind = kind  # body | title | heading | table | colophon | toc | other (for tests/debug)
        self.xs = array("d", [g[0] for g in glyphs])
        self.text = "".join(g[1] for g in glyphs)
        self.styles = [g[2] for g in glyphs]  # shared Style objects: one pointer each
        self.advs = array("d", [g[3] for g in glyphs])

    @classmethod
    def from_columns(cls, baseline: float, xs, text: str, styles: list, advs, kind: str = "body") -> "TextLine":
        """The same line from its columns (x, characters, styles, PDF advances) directly."""
        tl = cls.__new__(cls)
        tl.baseline, tl.kind = baseline, kind
        tl.xs, tl.text, tl.styles, tl.advs = array("d", xs), text, styles, array("d", advs)
        return tl

    @property
    def glyphs(self):
        """(x, ch, style, pdf advance) of each glyph, in order."""
        return zip(self.xs, self.text, self.styles, self.advs)


@dataclass
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: str = "#000000"
    dots: bool = False  # dotted leader line


@dataclass
class Picture:
    path: Path
    x: float
    y: float  # top edge
    w: float
    h: float


@dataclass
class Bookmark:
    key: str
    title: str
    level: int
    y: float


@dataclass
class Page:
    items: list = field(default_factory=list)
    number: int = 0  # page number (1-based physical index)
    printed: int | None = None  # the number printed in the footer (None: front matter, unnumbered)
    show_number: bool = True
    blank: bool = False
    bookmarks: list[Bookmark] = field(default_factory=list)
    article_starts: list[str] = field(default_factory=list)  # stems of articles starting here

    @property
    def empty(self) -> bool:
        return not self.items
