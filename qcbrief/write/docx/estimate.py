"""A simple model of the page flow, for the page numbers in the TOC's cached result.

Counts body lines (Layout.lines_per_page a page, Layout.chars_per_line a line;
Latin letters and digits count half a character).  Word or LibreOffice replace
these numbers with the real ones when the field is updated.
"""

from __future__ import annotations

import math
from functools import lru_cache
import unicodedata

from ...text.masthead import line_height as name_line_height, set_name
from ...keep import Piece, carries, must_break, para_breaks
from ...text.titles import title_lines
from ...layout import Layout
from ...model import Article, Bulletin, Heading, Image, ListBlock, Paragraph, Table
from ...wording import Wording


@lru_cache(maxsize=8)  # the page model asks again for the same (possibly megabyte) paragraphs
def text_width(text: str) -> float:
    """Width in Chinese characters."""
    # each distinct character's width once, then the same left-to-right sum at C speed
    # (sum() adds floats one by one from 0; a newline adds 0.0, which changes nothing)
    cw = {ch: 0.0 if ch == "\n" else 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.55
          for ch in set(text)}
    return sum(map(cw.__getitem__, text), 0.0)


def lines_for(text: str, per_line: float, indent: float = 0.0) -> int:
    return max(1, math.ceil((text_width(text) + indent) / per_line))


class PageModel:
    def __init__(self, layout: Layout):
        self.layout = layout
        self.capacity = float(layout.lines_per_page)
        self.page = 1
        self.used = 0.0

    def add(self, lines: float) -> None:
        self.used += lines
        while self.used > self.capacity + 1e-6:
            self.page += 1
            self.used -= self.capacity

    def new_page(self) -> None:
        if self.used > 0:
            self.page += 1
            self.used = 0.0

    def flow(self, pieces: list[Piece]) -> int:
        """Lay out an article's pieces by the keep rules (qcbrief/keep.py), as Word and
        LibreOffice do with the DOCX's keepNext/widowControl; returns the page it starts on."""
        per = int(self.capacity)
        first = None
        for i, p in enumerate(pieces):
            if must_break(pieces, i, self.used, per):
                self.new_page()
            start = math.ceil(self.used - 1e-6)
            if first is None:
                first = self.page if start < per else self.page + 1
            if p.blank:  # dropped at the head of a page
                if start >= per:
                    self.page, self.used = self.page + 1, 0.0
                elif self.used > 1e-6:
                    self.used = float(start + 1)
            elif p.split:
                if start >= per:
                    self.page, start = self.page + 1, 0
                breaks = para_breaks(int(p.lines), per - start, per)
                if breaks:
                    self.page += len(breaks)
                    self.used = float(p.lines - breaks[-1])
                else:
                    self.used = float(start + p.lines)
            else:
                if p.head is None and start > 0 and start + p.lines > per + 1e-6:
                    self.page, start = self.page + 1, 0  # a heading, a picture: not split
                self.used = float(start)
                self.add(p.lines)
        return first if first is not None else self.page


def image_lines(layout: Layout, height_pt: float) -> float:
    return height_pt / layout.line_pitch + 0.3


def block_lines(block, layout: Layout, image_height=None) -> float:
    cpl = layout.chars_per_line
    if isinstance(block, Paragraph):
        return lines_for(block.text, cpl, 2)
    if isinstance(block, Heading):
        return lines_for(block.text, cpl)
    if isinstance(block, ListBlock):
        return sum(lines_for(i.text, cpl, 4 + 2 * i.depth) for i in block.items)
    if isinstance(block, Table):
        ncols = max(1, len(block.header) or max((len(r) for r in block.rows), default=1))
        # table type: about 36 characters of 12 pt across the type area
        cell_chars = max(2.0, layout.type_width / layout.table_size / ncols - 1)
        row_pitch = layout.table_size * 1.5 / layout.line_pitch
        total = 0.0
        for row in [block.header, *block.rows]:
            n = max((lines_for("".join(i.text for i in cell), cell_chars) for cell in row), default=1)
            total += n * row_pitch + 0.15
        return total + 0.5
    if isinstance(block, Image):
        h = image_height(block) if image_height else layout.type_height / 3
        return image_lines(layout, h) + (1.5 if block.caption else 0.5)
    return 1


def estimated_lines(block, layout: Layout) -> int:
    """Lines of a paragraph, or of a list's last item (what stands before a 点评 label)."""
    if isinstance(block, ListBlock):
        item = block.items[-1]
        return lines_for(item.text, layout.chars_per_line, 4 + 2 * item.depth)
    return lines_for(block.text, layout.chars_per_line, 2)


def block_pieces(blocks, layout: Layout, image_height=None) -> list[Piece]:
    """The blocks as the keep rules see them (paragraphs and list items may split, sub-headings keep with
    what follows)."""
    cpl = layout.chars_per_line
    out = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(Piece(lines_for(b.text, cpl, 2), split=True))
        elif isinstance(b, Heading):
            out.append(Piece(lines_for(b.text, cpl), keep=True))
        elif isinstance(b, ListBlock):
            out += [Piece(lines_for(i.text, cpl, 4 + 2 * i.depth), split=True) for i in b.items]
        else:
            if isinstance(b, Table):
                if b.caption:
                    out.append(Piece(1, keep=True))
                # rows flow onto the next page; the caption keeps with the header and first row
                out.append(Piece(block_lines(b, layout, image_height), head=3.0))
            else:
                out.append(Piece(block_lines(b, layout, image_height)))
    return out


def article_pieces(article: Article, layout: Layout, image_height=None) -> list[Piece]:
    out = []
    if article.center:
        out.append(Piece(1, keep=True))
    if article.title:
        per_line = max(1, int(layout.type_width // layout.title_size))
        title_pitch = layout.title_size * 1.45 / layout.line_pitch
        parts = title_lines(article.title, lambda t: text_width(t) * layout.title_size,
                            layout.type_width - 2 * layout.char_pitch)
        # 0.35 line above and below (styles.py), the body snaps to the next grid line
        out.append(Piece(0.7 + sum(lines_for(t, per_line) for t in parts) * title_pitch, keep=True))
    out += block_pieces(article.blocks, layout, image_height)
    if article.commentary and article.commentary.blocks:
        if out and out[-1].split and carries(int(out[-1].lines)):
            out[-1].keep, out[-1].split = True, False  # a short paragraph goes with the 点评, whole
        out += [Piece(1, blank=True), Piece(1, keep=True)]
        out += block_pieces(article.commentary.blocks, layout, image_height)
    return out


# TOC entries: lines 1.2 × the TOC type size apart within an entry, 0.2 × between entries
# (a two-line entry reads as one; ~50 entries with masthead and 按语 fit 3 pages at 4号)
TOC_LINE, TOC_GAP = 1.2, 0.2


def toc_line_height(layout: Layout) -> float:
    """Points."""
    return layout.toc_size * TOC_LINE


def toc_gap(layout: Layout) -> float:
    """Points before each TOC entry."""
    return layout.toc_size * TOC_GAP


def toc_entry_lines(text: str, center: str, layout: Layout, page: str = "00") -> int:
    """Lines of a TOC entry "text……center（page）": one when it fits with at least one
    character of leader dots, else the text's lines plus one for the leader and center."""
    per_line = layout.type_width / (layout.toc_size - 0.25)  # the entries are tightened by 0.25 pt
    if text_width(text) + text_width(f"{center}（{page}）") + 1.2 <= per_line:
        return 1
    return lines_for(text, per_line - 2) + 1


def estimate(bulletin: Bulletin, layout: Layout, wording: Wording, toc_entries: list[tuple[str, str]] | None,
             image_height=None, split_front: bool = False) -> dict[str, int]:
    """Estimated first physical page of each article (by stem) and of each section heading
    ("§" + heading); "§front": pages of the front matter when it is a section of its own
    (split_front: the content starts on the next page), else 0;
    "§end": the last page of the content."""
    model = PageModel(layout)
    # masthead: name (~2.5 lines with its space), number and issue lines, office line and rule
    m = wording.masthead(bulletin)
    name = set_name(m.name, layout.name_size, layout.type_width)  # a two-line name adds its second line
    extra = (len(name.lines) - 1) * name_line_height(name.size) / layout.line_pitch
    model.add(3.2 + extra + (1 if m.number_line else 0) + (1 if m.issue_line else 0) + 1.8)
    if bulletin.preface.strip():
        model.add(0.5 + lines_for(wording.labels.get("preface_label", "按：") + bulletin.preface, layout.chars_per_line, 2))
    if toc_entries is not None:
        model.add(2)
        pitch = toc_line_height(layout) / layout.line_pitch
        for text, center in toc_entries:
            model.add(toc_entry_lines(text, center, layout) * pitch + toc_gap(layout) / layout.line_pitch)
    elif not bulletin.preface.strip():
        # the first article right under the masthead: LibreOffice sets its center line about a
        # quarter line lower than the lines above add up to (the rule's border spacing), which
        # leaves the page one body line fewer — and decides where the keep rules break it
        model.add(0.3)
    pages: dict[str, int] = {"§front": 0}
    if split_front:
        pages["§front"] = model.page
        model.new_page()
    first_article = True
    for section in bulletin.sections:
        in_section_start = False
        if section.heading:
            model.new_page()
            pages["§" + section.heading] = model.page
            model.add(2)
            in_section_start = True
        for i, a in enumerate(section.articles):
            if a.is_brief:
                model.add(0.5)
                head = [Piece(1, keep=True)] + ([Piece(1, keep=True)] if a.title else [])
                pages[a.stem] = model.flow(head + block_pieces(a.blocks, layout, image_height))
                continue
            pieces = article_pieces(a, layout, image_height)
            if layout.article_new_page and not in_section_start and (toc_entries is not None or not first_article):
                model.new_page()
            elif not in_section_start and not first_article:
                pieces.insert(0, Piece(1, blank=True))  # set on after the previous article, a blank line between
            in_section_start = False
            first_article = False
            pages[a.stem] = model.flow(pieces)
    pages["§end"] = model.page
    return pages
