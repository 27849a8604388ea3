"""Keep-together rules: where a page may break.  One set of rules for every writer.

The PDF composer applies them to the lines it has broken; the DOCX page estimate
applies them to its estimated line counts; Word, WPS and LibreOffice apply them to the
DOCX through w:keepNext, w:keepLines and w:widowControl.  README: 分页规则.

- A paragraph never leaves its first line alone at a page foot (orphan) nor its
  last line alone at a page head (widow): a page break inside it leaves at least
  MIN_LINES lines on either side.  So paragraphs of two or three lines never split.
- A center line, a title, a sub-heading or a 点评 label never ends a page: it keeps
  with what follows, down to the first MIN_LINES lines of the next paragraph (all of
  it when the paragraph is shorter than 2 × MIN_LINES lines and so cannot split).
  Chains add up: center line + title + the first two body lines stay together.
- The 点评 does not start a page alone: the paragraph before the label, when it has at
  most CARRY_MAX lines, goes with the label as a whole.  (A whole paragraph, not its
  last two lines: that is what keepNext means to LibreOffice, which moves a paragraph
  that keeps with the next in one piece; a longer paragraph is not carried over, so
  that no page foot is left emptier than a few lines.)
- A rule gives way only when what it keeps together is taller than a whole page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_LINES = 2  # lines a paragraph keeps together at a page foot and at a page head
CARRY_MAX = 5  # the paragraph before the 点评 label goes over with it when it has at most this many lines


def head_lines(n: int) -> int:
    """Lines of an n-line paragraph that must stand on the page where it starts."""
    return n if n < 2 * MIN_LINES else MIN_LINES


def para_breaks(n: int, left: int, per_page: int) -> list[int]:
    """Where an n-line paragraph breaks across pages: the indices of the lines that
    start a new page (0: the whole start moves to the next page).

    left: grid lines free on the current page; per_page: lines on a full page."""
    breaks: list[int] = []
    start, room = 0, left  # first line of the current segment, lines free where it goes
    while n - start > room:
        rest = n - start
        k = min(room, rest - MIN_LINES)  # no lone last line on the next page
        if k < MIN_LINES and room < per_page:
            k = 0  # no lone first line here: the paragraph starts on the next page
        breaks.append(start + k)
        start += k
        room = per_page
    return breaks


def carries(n: int) -> bool:
    """Whether the n-line paragraph just before the 点评 label goes over with it."""
    return n <= CARRY_MAX


@dataclass
class Piece:
    """One piece of an article's flow, measured in grid lines; every piece starts on a grid line."""

    lines: float  # height (a paragraph or heading: its line count; a title, table, picture: height / pitch)
    keep: bool = False  # keeps with what follows (center line, title, sub-heading, 点评 label, caption)
    split: bool = False  # a paragraph that may break across pages, by the rules above
    blank: bool = False  # an empty line (before the 点评 label), dropped at the head of a page
    head: float | None = None  # a table: its rows flow onto the next page; what must follow a caption


def _grid(y: float) -> int:
    return max(0, math.ceil(y - 1e-6))


def chain_end(pieces: list[Piece], i: int, y: float) -> float:
    """Where (in lines from the page top) the run that must stay together from pieces[i]
    on ends, starting at y: each piece that keeps with the next, then the head of the first
    one that does not (a paragraph's first lines, a table's first rows, a picture)."""
    for p in pieces[i:]:
        if p.blank:
            if y > 1e-6:
                y = _grid(y) + 1
            continue
        if p.split and not p.keep:
            return _grid(y) + head_lines(int(p.lines))
        if p.head is not None:
            return _grid(y) + min(p.lines, p.head)
        y = _grid(y) + p.lines
        if not p.keep:
            return y
    return y


def must_break(pieces: list[Piece], i: int, y: float, per_page: int) -> bool:
    """Whether pieces[i] must start a new page (y lines of this page are used): what it
    keeps with does not fit here but does fit an empty page."""
    if i >= len(pieces) or y <= 1e-6:
        return False
    p = pieces[i]
    if not (p.keep or p.blank or (i == 0 and p.split)):
        return False
    return chain_end(pieces, i, y) > per_page + 1e-6 and chain_end(pieces, i, 0.0) <= per_page + 1e-6
