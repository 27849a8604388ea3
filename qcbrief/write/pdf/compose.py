"""The layout engine: Bulletin -> list of Page with positioned lines, rules and pictures.

Body text sits on the type area's line grid (Layout.lines_per_page lines of
Layout.line_pitch); Chinese characters advance by Layout.char_pitch (scaled
for other sizes), Latin characters by their natural width.  Large type
(masthead name, article titles), tables and pictures are placed freely and
the text after them snaps back to the next grid line.
"""

from __future__ import annotations

import math
import re
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from operator import add
from typing import Callable

from reportlab.pdfbase.pdfmetrics import stringWidth

from ...keep import Piece, carries, must_break, para_breaks
from ...model import Article, Bulletin, Heading, Image, Inline, ListBlock, Paragraph, Table
from ...text.masthead import USABLE as NAME_ROOM, line_height as name_line_height, set_name
from ...text.titles import title_lines
from ...text.cjk import is_cjk
from .linebreak import CLOSING, OPENING, break_lines, clusters
from .punct import CENTERED, compress_pairs, glyph_shift, glyph_x, place
from .pages import Bookmark, Page, Picture, Rule, Style, TextLine

MM = 72 / 25.4
EPS = 0.01
ASCENT = 0.88  # baseline sits this far (x size) below the top of a Chinese em box
TOC_LEADING = 1.3  # TOC line pitch, in entry sizes (about)


@dataclass(frozen=True)
class Spec:
    """Type for a run of text: font role, size, bold, colour."""

    font: str
    size: float
    bold: bool = False
    color: str = "#000000"


@dataclass
class Prepared:
    """A paragraph broken into lines, not yet placed."""

    text: str
    widths: list
    styles: list
    advs: list
    lines: list
    size: float
    avail: Callable[[int], float]
    x0: float
    first_indent: float
    rest_indent: float
    align: str


@dataclass
class Item:
    """One piece of an article's flow, as the keep rules (qcbrief/keep.py) see it."""

    what: str  # text (lines on the grid) | title | blank | table | image
    make: Callable[[], Prepared | None] | None = None  # text: breaks it into lines (when first needed)
    kind: str = "body"  # the TextLines' kind
    keep: bool = False  # keeps with what follows: center line, title, sub-heading, 点评 label, caption
    split: bool = False  # a paragraph: may break across pages, never leaving a lone first or last line
    block: object = None  # the Table or Image
    parts: list = field(default_factory=list)  # title: one Prepared per title line
    _prep: Prepared | None = None
    _made: bool = False

    @property
    def prep(self) -> Prepared | None:
        """The text broken into lines (None: no printable text), made when first asked for:
        only the pieces the keep rules look ahead to are held, not a whole article's."""
        if not self._made:
            self._prep, self._made, self.make = self.make() if self.make else None, True, None
        return self._prep

    def release(self) -> None:
        self._prep = None  # placed: its lines are on the page now


@lru_cache(maxsize=200_000)
def _adv(ch: str, font: str, size: float) -> float:
    return stringWidth(ch, font, size)


# characters glyph_x may move within their cell (all others are drawn at the cell's start)
PLACED = OPENING | CLOSING | CENTERED
_PLACED_RE = re.compile("[%s]" % re.escape("".join(sorted(PLACED))))


def _x(x: float, ch: str, width: float, adv: float, st: Style) -> float:
    """Where to draw a glyph whose layout cell starts at x and is `width` wide."""
    return glyph_x(x, ch, width, adv, st.font, st.size * st.hscale)


def _split_lines(inlines: list[Inline]) -> list[list[Inline]]:
    """Runs split at hard line breaks ("\\n")."""
    out: list[list[Inline]] = [[]]
    for i in inlines:
        pieces = i.text.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                out.append([])
            if piece:
                out[-1].append(Inline(piece, i.bold, i.italic, i.code))
    return [p for p in out if p] or [[]]


_DRAWN_AS = str.maketrans("\r\n\t", "   ")  # what _glyph draws for these (the rest as they are)
SECTION_KEY = "§"  # article_pages key prefix of a section heading (stems never start with it)


class Composer:
    def __init__(self, bulletin: Bulletin, ctx, fonts, toc_pages: dict[str, int] | None = None):
        self.b = bulletin
        self.ctx = ctx
        self.lay = ctx.layout
        self.wording = ctx.wording
        self.fonts = fonts
        self.toc_pages = toc_pages or {}
        lay = self.lay
        self.left = lay.margin_left
        self.W = lay.type_width
        self.H = lay.type_height
        self.pitch = lay.line_pitch
        self.cp = lay.char_pitch
        self.pages: list[Page] = []
        self.y = 0.0
        self.article_pages: dict[str, int] = {}  # stem -> printed page number (after compose)
        self.colophon_page: int | None = None
        self.first_body: int | None = None  # physical page where the articles begin
        self._pixels: dict[str, tuple[int, int]] = {}  # image path -> pixel size
        self._bm = 0
        self._glyphs: dict[Spec, tuple[dict, dict, dict]] = {}  # spec -> char -> width, style, advance
        self._styles: dict[tuple, Style] = {}
        self._shifts: dict[tuple, tuple] = {}  # (mark, width, advance, id(style)) -> (style, glyph_shift)

    # ------------------------------------------------------------------ type
    def spec(self, role_name: str, bold: bool | None = None, size: float | None = None,
             color: str | None = None) -> Spec:
        r = self.lay.role(role_name)
        return Spec(r.font, size or r.size, r.bold if bold is None else bold, color or "#000000")

    def _glyph(self, ch: str, spec: Spec, cell: float) -> tuple[str, float, Style, float]:
        """(character drawn, layout width, style, PDF advance) of ch in spec."""
        if ch in "\r\n\t":
            ch = " "
        face = self.fonts.face_for(spec.font, ch) or self.fonts.faces[spec.font][0]
        adv = _adv(ch, face.name, spec.size)
        # Latin letters and digits keep their natural width with the same
        # tracking ratio as Chinese (a half-width digit is exactly half a cell)
        width = cell if is_cjk(ch) else adv * cell / spec.size
        key = (face.name, spec.size, spec.bold, spec.color)
        st = self._styles.get(key)
        if st is None:  # one Style object per (face, spec), not per character
            st = self._styles[key] = Style(*key)
        return ch, width, st, adv

    def cell(self, size: float) -> float:
        """Advance of one Chinese character at this size (the body's tracking ratio)."""
        return size * self.cp / self.lay.body_size

    def shape(self, runs: list[tuple[str, Spec]]):
        """Text, per-char layout widths, styles and PDF advances of a list of runs."""
        text, widths, styles, advs, cells = [], [], [], [], []
        for s, spec in runs:
            if not s:
                continue
            cell = self.cell(spec.size)
            memo = self._glyphs.get(spec)
            if memo is None:
                memo = self._glyphs[spec] = ({}, {}, {})  # char -> layout width, style, PDF advance
            new = set(s).difference(memo[0])
            for ch in new:
                _, memo[0][ch], memo[1][ch], memo[2][ch] = self._glyph(ch, spec, cell)
            # one column at a time, at C speed (a paragraph can be megabytes: no tuple per glyph)
            text.append(s.translate(_DRAWN_AS))
            widths += map(memo[0].__getitem__, s)
            styles += map(memo[1].__getitem__, s)
            advs += map(memo[2].__getitem__, s)
            cells += [cell] * len(s)
        joined = "".join(text)
        compress_pairs(joined, widths, cells)
        return joined, widths, styles, advs
    def inline_runs(self, inlines: list[Inline], base: str, bold_role: str | None = None) -> list[tuple[str, Spec]]:
        out = []
        for i in inlines:
            if i.bold:
                out.append((i.text, self.spec(bold_role) if bold_role else self.spec(base, bold=True)))
            else:
                out.append((i.text, self.spec(base)))
        return out

    # ------------------------------------------------------------------ pages & grid
    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> Page:
        self.pages.append(Page(number=len(self.pages) + 1))
        self.y = 0.0
        return self.page

    def fresh_page(self) -> None:
        """Start a new page unless the current one is still empty."""
        if not self.pages or not self.page.empty or self.page.bookmarks:
            self.new_page()

    def next_grid(self) -> int:
        return max(0, math.ceil(self.y / self.pitch - 1e-6))

    def lines_left(self) -> int:
        return self.lay.lines_per_page - self.next_grid()

    def grid_baseline(self, size: float) -> float:
        k = self.next_grid()
        if k >= self.lay.lines_per_page:
            self.new_page()
            k = 0
        self.y = (k + 1) * self.pitch
        return k * self.pitch + (self.pitch - size) / 2 + ASCENT * size

    def free_baseline(self, height: float, size: float) -> float:
        if self.y + height > self.H + EPS:
            self.new_page()
        base = self.y + (height - size) / 2 + ASCENT * size
        self.y += height
        return base

    def blank_line(self) -> None:
        if self.y <= EPS:
            return
        k = self.next_grid()
        self.y = min(self.H, (k + 1) * self.pitch)

    # ------------------------------------------------------------------ text placement
    def prepare(self, runs, *, first_indent=0.0, rest_indent=0.0, right_indent=0.0, align="justify",
                x0=None, width=None) -> Prepared | None:
        """Break runs into lines (not placed yet: the keep rules look at the line count)."""
        text, widths, styles, advs = self.shape(runs)
        if not text.strip():
            return None
        size = max(s.size for s in styles)
        cell = self.cell(size)
        x0 = self.left if x0 is None else x0
        W = self.W if width is None else width

        def avail(n):
            return W - right_indent - (first_indent if n == 0 else rest_indent)

        lines = break_lines(text, widths, avail, cell, justify=(align == "justify"))
        return Prepared(text, widths, styles, advs, lines, size, avail, x0, first_indent, rest_indent, align)

    def place(self, runs, *, first_indent=0.0, rest_indent=0.0, right_indent=0.0, align="justify",
              grid=True, line_height=None, kind="body", x0=None, width=None):
        """Break runs into lines and place them (a paragraph: no lone first or last line
        at a page break). Returns the placed TextLines."""
        prep = self.prepare(runs, first_indent=first_indent, rest_indent=rest_indent, right_indent=right_indent,
                            align=align, x0=x0, width=width)
        if prep is None:
            return []
        breaks = para_breaks(len(prep.lines), self.lines_left(), self.lay.lines_per_page) if grid else ()
        return self.put(prep, breaks, grid=grid, line_height=line_height, kind=kind)

    def put(self, prep: Prepared, breaks=(), *, grid=True, line_height=None, kind="body"):
        """Place prepared lines, starting a new page before each line index in breaks."""
        text, widths, styles, advs = prep.text, prep.widths, prep.styles, prep.advs
        size, avail, x0, align = prep.size, prep.avail, prep.x0, prep.align
        breaks = set(breaks)  # a multi-megabyte paragraph has thousands
        shifts = self._shifts
        placed = []
        for n, ln in enumerate(prep.lines):
            if n in breaks:
                self.new_page()
            ind = prep.first_indent if n == 0 else prep.rest_indent
            off = x0 + ind
            if align == "center":
                off += (avail(n) - ln.natural) / 2
            elif align == "right":
                off += avail(n) - ln.natural
            if grid:
                base = self.grid_baseline(size)
            else:
                base = self.free_baseline(line_height or size * 1.5, size)
            s, e = ln.start, ln.end
            xs = array("d", map(add, repeat(off), ln.xs))  # off + x, at C speed
            chars = text[s:e]
            for m in _PLACED_RE.finditer(chars):  # only marks move within their cell
                k = m.start()
                ch, w, a, st = chars[k], widths[s + k], advs[s + k], styles[s + k]
                key = (ch, w, a, id(st))  # styles live as long as the composer (self._styles)
                hit = shifts.get(key)
                if hit is None or hit[0] is not st:
                    hit = shifts[key] = (st, glyph_shift(ch, w, a, st.font, st.size * st.hscale))
                xs[k] = place(xs[k], hit[1])
            tl = TextLine.from_columns(base, xs, chars, styles[s:e], advs[s:e], kind)
            self.page.items.append(tl)
            placed.append(tl)
        return placed

    def text_at(self, text: str, spec: Spec, baseline: float, *, x: float, align="left", kind="other",
                hscale: float = 1.0) -> TextLine:
        """One line of text at a fixed position (no breaking)."""
        t, widths, styles, advs = self.shape([(text, spec)])
        if hscale != 1.0:
            styles = [Style(s.font, s.size, s.bold, s.color, hscale) for s in styles]
            widths = [w * hscale for w in widths]
        total = sum(widths)
        if align == "center":
            x -= total / 2
        elif align == "right":
            x -= total
        glyphs, cx = [], x
        for ch, w, st, a in zip(t, widths, styles, advs):
            glyphs.append((_x(cx, ch, w, a * st.hscale, st), ch, st, a))
            cx += w
        tl = TextLine(baseline, glyphs, kind)
        self.page.items.append(tl)
        return tl

    def width_of(self, text: str, spec: Spec) -> float:
        return sum(self.shape([(text, spec)])[1])

    def bookmark(self, title: str, level: int) -> None:
        self._bm += 1
        self.page.bookmarks.append(Bookmark(f"qc{self._bm}", title, level, self.y))

    # ------------------------------------------------------------------ the document
    def compose(self) -> list[Page]:
        self.new_page()
        self.masthead()
        if self.b.preface:
            self.preface()
        show_toc = self.lay.wants_toc(self.b)
        if show_toc:
            self.toc()
        first = True
        for section in self.b.sections:
            if section.heading:
                self.fresh_page()
                self.body_begins()
                self.bookmark(section.heading, 0)
                self.article_pages[SECTION_KEY + section.heading] = self.page.number
                self.place([(section.heading, self.spec("section_heading"))], align="center", kind="heading")
                self.blank_line()
            prev_brief = False
            for k, a in enumerate(section.articles):
                if a.is_brief:
                    self.brief(a, section.heading is not None, after_brief=prev_brief)
                    prev_brief = True
                else:
                    # a new page for each article, except the first one right under the
                    # masthead (no TOC) or right under its section heading — as in the DOCX
                    under_heading = section.heading is not None and k == 0
                    self.article(a, new_page=not under_heading and (show_toc or not first),
                                 blank_before=not under_heading)
                    prev_brief = False
                first = False
        self.colophon()
        self.finish()
        return self.pages

    # --- masthead, preface, TOC ------------------------------------------
    def masthead(self) -> None:
        m = self.wording.masthead(self.b)
        lay = self.lay
        # one or two lines, never condensed: a line wider than the type area shrinks the size
        setting = set_name(m.name, lay.name_size, self.W)
        name_spec = self.spec("name", color=lay.name_color, size=setting.size)
        widest = max(self.width_of(line, name_spec) for line in setting.lines)
        if widest > NAME_ROOM * self.W:  # real advances (Latin letters) wider than estimated
            name_spec = self.spec("name", color=lay.name_color, size=setting.size * NAME_ROOM * self.W / widest)
        top = 20 * MM
        step = name_line_height(name_spec.size)
        for n, line in enumerate(setting.lines):
            self.text_at(line, name_spec, top + ASCENT * name_spec.size + n * step, x=self.left + self.W / 2,
                         align="center", kind="name")
        self.y = top + name_spec.size + (len(setting.lines) - 1) * step + 0.3 * self.pitch
        for line in (m.number_line, m.issue_line):
            if line:
                self.place([(line, self.spec("issue_line"))], align="center", kind="masthead")
        self.blank_line()
        spec = self.spec("office_line")
        base = self.grid_baseline(spec.size)
        if m.office:
            self.text_at(m.office, spec, base, x=self.left, kind="masthead")
        if m.date:
            self.text_at(m.date, spec, base, x=self.left + self.W, align="right", kind="masthead")
        ry = base + 0.12 * spec.size + 4 * MM
        self.page.items.append(Rule(self.left, ry, self.left + self.W, ry, 2.25, lay.name_color))
        self.y = ry + 0.25 * self.pitch

    def preface(self) -> None:
        label = self.wording.labels.get("preface_label", "按：")
        self.place([(label, self.spec("preface_label")), (self.b.preface, self.spec("preface"))],
                   first_indent=2 * self.cp, kind="preface")

    def toc(self) -> None:
        self.blank_line()
        spec = self.spec("toc_entry")
        pitch, _ = self.toc_grid()
        # the heading stays with at least two entry lines
        if self.y + self.pitch + 2 * pitch > self.H + EPS:
            self.new_page()
        heading = self.wording.labels.get("toc_heading", "目录")
        self.place([(heading, self.spec("toc_heading"))], align="center", kind="heading")
        # as in the DOCX: a section (简讯 …) has an entry of its own, before its articles
        for section in self.b.sections:
            if section.heading:
                page = self.toc_pages.get(SECTION_KEY + section.heading) or 0
                self.toc_entry(section.heading, f"（{page}）", spec)
            for a in section.articles:
                if a.is_brief:
                    continue
                e = self.wording.toc_entry(a)
                page = self.toc_pages.get(a.stem) or 0
                self.toc_entry(e.text, f"{e.center}（{page}）", spec)

    def toc_grid(self) -> tuple[float, int]:
        """(line pitch, lines per page) of the TOC: the type height divided evenly into
        lines of about TOC_LEADING times the entry size (4号: 30 lines of 21.3 pt)."""
        n = max(1, int(self.H / (TOC_LEADING * self.lay.toc_size) + EPS))
        return self.H / n, n

    def toc_baseline(self, size: float) -> float:
        pitch, n = self.toc_grid()
        k = max(0, math.ceil(self.y / pitch - 1e-6))
        if k >= n:
            self.new_page()
            k = 0
        self.y = (k + 1) * pitch
        return k * pitch + (pitch - size) / 2 + ASCENT * size

    def toc_entry(self, text: str, tail: str, spec: Spec) -> None:
        """One entry: "1.标题……中心（页）" on one line where it fits; else the title
        wraps (continuation lines hang under the title) and the leader, center and
        page number end the last line, right-aligned."""
        text_s, widths, styles, advs = self.shape([(text, spec)])
        dot = text_s.find(".")
        cell = self.cell(spec.size)
        hang = sum(widths[: dot + 1]) if 0 <= dot < 6 else 2 * cell
        t_text, t_widths, t_styles, t_advs = self.shape([(tail, spec)])
        tail_w = sum(t_widths)
        W = self.W
        min_lead = 1.5 * cell  # at least a few leader dots
        if sum(widths) + min_lead + tail_w <= W + EPS:
            lines = break_lines(text_s, widths, W, cell, justify=False)
        else:
            lines = break_lines(text_s, widths, lambda n: W if n == 0 else W - hang, cell, justify=False)
        last_w = lines[-1].natural + (hang if len(lines) > 1 else 0) if lines else 0
        own_line = last_w + min_lead + tail_w > W + EPS
        pitch, per_page = self.toc_grid()
        k = max(0, math.ceil(self.y / pitch - 1e-6))
        if k + len(lines) + (1 if own_line else 0) > per_page:  # an entry never splits across pages
            self.new_page()
        last_base = None
        last_end = 0.0
        for n, ln in enumerate(lines):
            off = self.left + (0 if n == 0 else hang)
            base = self.toc_baseline(spec.size)
            glyphs = [(_x(off + ln.xs[k], text_s[i], widths[i], advs[i], styles[i]), text_s[i], styles[i], advs[i])
                      for k, i in enumerate(range(ln.start, ln.end))]
            self.page.items.append(TextLine(base, glyphs, "toc"))
            last_base, last_end = base, off + ln.natural
        if own_line or last_base is None:
            last_base = self.toc_baseline(spec.size)
            last_end = self.left + hang
        tx = self.left + W - tail_w
        glyphs, cx = [], tx
        for ch, w, st, a in zip(t_text, t_widths, t_styles, t_advs):
            glyphs.append((_x(cx, ch, w, a, st), ch, st, a))
            cx += w
        self.page.items.append(TextLine(last_base, glyphs, "toc"))
        gap = 0.3 * cell
        if tx - gap - (last_end + gap) > 2:
            yy = last_base - 0.05 * spec.size
            self.page.items.append(Rule(last_end + gap, yy, tx - gap, yy, 1.1, dots=True))

    # --- articles ------------------------------------------------------------
    def article(self, a: Article, new_page: bool, blank_before: bool = True) -> None:
        if self.lay.article_new_page and new_page:
            self.fresh_page()
        elif blank_before:  # a blank line from what precedes (the section heading has its own)
            self.blank_line()
        items = self.article_items(a)
        self.keep_with_next(items, 0)  # center line, title and the first lines together
        self.body_begins()
        self.page.article_starts.append(a.stem)
        self.article_pages[a.stem] = self.page.number
        entry = self.wording.toc_entry(a)
        self.bookmark(entry.text or a.title, 0)
        self.flow(items)

    def article_items(self, a: Article) -> list[Item]:
        items = []
        center = self.wording.center_line(a)
        if center:
            items.append(self.text_item([(center, self.spec("center"))], kind="center", keep=True, align="left"))
        if a.title:
            spec = self.spec("title")
            # break between phrases where the title needs several lines (GB/T 9704 7.3.1)
            parts = [self.prepare([(part, spec)], align="center", first_indent=self.cp, rest_indent=self.cp,
                                  right_indent=self.cp)
                     for part in title_lines(a.title, lambda t: self.width_of(t, spec), self.W - 2 * self.cp)]
            items.append(Item("title", keep=True, parts=[p for p in parts if p is not None]))
        items += self.block_items(a.blocks, "body")
        if a.commentary and a.commentary.blocks:
            items += self.commentary_items(a, items)
        return items

    def text_item(self, runs, *, kind: str, keep=False, split=False, **kw) -> Item:
        return Item("text", lambda: self.prepare(runs, **kw), kind=kind, keep=keep, split=split)

    def brief(self, a: Article, in_section: bool, after_brief: bool) -> None:
        if after_brief:
            self.blank_line()
        items = []
        center = self.wording.center_line(a)
        if center:
            items.append(self.text_item([(center, self.spec("center"))], kind="center", keep=True, align="left"))
        if a.title:
            items.append(self.text_item([(a.title, self.spec("heading1"))], kind="heading", keep=True,
                                        align="center"))
        items += self.block_items(a.blocks, "body")
        if a.commentary and a.commentary.blocks:
            items += self.commentary_items(a, items)
        self.keep_with_next(items, 0)
        self.body_begins()
        self.page.article_starts.append(a.stem)
        self.article_pages[a.stem] = self.page.number
        self.bookmark(a.center or center or a.title or a.stem, 1 if in_section else 0)
        self.flow(items)

    def commentary_items(self, a: Article, before: list[Item]) -> list[Item]:
        # the 点评 does not start a page alone: a short paragraph before it goes with the label, whole
        if before and before[-1].split and before[-1].prep and carries(len(before[-1].prep.lines)):
            before[-1].keep, before[-1].split = True, False
        # the label on a line of its own, then the commentary (as in the DOCX and real bulletins)
        label = self.wording.labels.get("commentary_label", "点评：")
        return [Item("blank"),
                self.text_item([(label, self.spec("commentary_label"))], kind="commentary", keep=True,
                               align="left"),
                *self.block_items(list(a.commentary.blocks), "commentary")]

    def block_items(self, blocks, base: str) -> list[Item]:
        items = []
        for blk in blocks:
            if isinstance(blk, Paragraph):
                bold_role = "lead_in" if base == "body" else None
                # a hard line break (Markdown "\\" or <br>) starts a new, unindented line
                for k, part in enumerate(_split_lines(blk.inlines)):
                    items.append(self.text_item(self.inline_runs(part, base, bold_role), split=True,
                                                first_indent=2 * self.cp if k == 0 else 0,
                                                kind="body" if base == "body" else base))
            elif isinstance(blk, Heading):
                role = {1: "heading1", 2: "heading2"}.get(blk.level, "heading3")
                items.append(self.text_item(self.inline_runs(blk.inlines, role), kind="heading", keep=True,
                                            align="left"))
            elif isinstance(blk, ListBlock):
                spec = self.spec(base)
                for marker, item in zip(blk.markers(), blk.items):
                    indent = 2 * self.cp * (1 + item.depth)
                    hang = indent + self.width_of(marker, spec)
                    runs = [(marker, spec)] + self.inline_runs(item.inlines, base,
                                                               "lead_in" if base == "body" else None)
                    items.append(self.text_item(runs, split=True, first_indent=indent, rest_indent=hang,
                                                kind="list"))
            elif isinstance(blk, Table):
                if blk.caption:  # the caption stays with the table's first rows
                    items.append(self.text_item(self.inline_runs(blk.caption, "caption"), kind="caption",
                                                keep=True, align="center"))
                items.append(Item("table", block=blk))
            elif isinstance(blk, Image):
                items.append(Item("image", block=blk))
        return items

    # --- keep-together (qcbrief/keep.py) ---------------------------------------
    def flow(self, items: list[Item]) -> None:
        """Place an article's pieces; a page breaks only where the keep rules allow."""
        per_page = self.lay.lines_per_page
        for i, it in enumerate(items):
            if it.keep or it.what == "blank":
                self.keep_with_next(items, i)
            if it.what == "text":
                if it.prep is None:
                    continue
                breaks = ()
                if it.split:
                    breaks = para_breaks(len(it.prep.lines), self.lines_left(), per_page)
                self.put(it.prep, breaks, kind=it.kind)
                it.release()
            elif it.what == "title":
                self.y += 0.35 * self.pitch
                for prep in it.parts:
                    self.put(prep, grid=False, line_height=prep.size * 1.45, kind="title")
                self.y += 0.35 * self.pitch
            elif it.what == "blank":
                self.blank_line()
            elif it.what == "table":
                self.table(it.block)
            elif it.what == "image":
                self.image(it.block)

    def piece(self, it: Item) -> Piece:
        """The item as the keep rules measure it, in grid lines (each item starts on a grid line)."""
        if it.what == "text":
            return Piece(len(it.prep.lines) if it.prep else 0, keep=it.keep, split=it.split)
        if it.what == "blank":
            return Piece(1, blank=True)
        if it.what == "title":
            return Piece(0.7 + sum(len(p.lines) * p.size * 1.45 for p in it.parts) / self.pitch, keep=True)
        if it.what == "table":  # what must follow a caption: the header and first row (about two lines each)
            return Piece(0.2 + 2 * (2 * self.lay.table_size * 1.5 + 6.0) / self.pitch)
        _, h = self.image_box(it.block)
        return Piece(0.2 + (h + (self.pitch if it.block.caption else 0)) / self.pitch)

    def chain(self, items: list[Item], i: int) -> list[Piece]:
        """Pieces from items[i] to the first one that does not keep with the next (included)."""
        out = []
        for it in items[i:]:
            out.append(self.piece(it))
            if not (it.keep or it.what == "blank"):
                break
        return out

    def keep_with_next(self, items: list[Item], i: int) -> None:
        """Start a new page now unless items[i] and what it keeps with fit on this one."""
        if must_break(self.chain(items, i), 0, self.y / self.pitch, self.lay.lines_per_page):
            self.new_page()

    # --- tables ----------------------------------------------------------------
    def table(self, t: Table) -> None:
        size = self.lay.table_size
        body = self.spec("table")
        head = Spec(self.lay.role("heading1").font, size)
        ncols = max([len(t.header)] + [len(r) for r in t.rows]) if (t.header or t.rows) else 0
        if not ncols:
            return
        padx, pady, lh = 0.4 * self.cell(size), 3.0, size * 1.5
        cell = self.cell(size)

        def runs_of(inlines, header):
            return [(i.text, head if header else (Spec(body.font, size, True) if i.bold else body)) for i in inlines]

        rows = []
        if t.header:
            rows.append(([runs_of(c, True) for c in t.header] + [[]] * (ncols - len(t.header)), True))
        for r in t.rows:
            rows.append(([runs_of(c, False) for c in r] + [[]] * (ncols - len(r)), False))
        shaped = [[self.shape(c) if c else ("", [], [], []) for c in cells] for cells, _ in rows]
        nat = [0.0] * ncols
        mins = [2 * cell] * ncols
        for r in shaped:
            for c, (text, widths, _, _) in enumerate(r):
                nat[c] = max(nat[c], sum(widths))
                for s, e in clusters(text):
                    mins[c] = max(mins[c], min(sum(widths[s:e]), self.W / ncols))
        nat = [n + 2 * padx for n in nat]
        mins = [m + 2 * padx for m in mins]
        W = self.W
        if sum(nat) <= W:
            colw = [n + (W - sum(nat)) * n / sum(nat) for n in nat]
        elif sum(mins) >= W:
            colw = [m * W / sum(mins) for m in mins]
        else:
            flex = [max(0.0, n - m) for n, m in zip(nat, mins)]
            extra = W - sum(mins)
            colw = [m + extra * f / sum(flex) for m, f in zip(mins, flex)]
        xs = [self.left]
        for w in colw:
            xs.append(xs[-1] + w)
        aligns = list(t.aligns) + [None] * ncols

        # lay out every cell
        laid = []
        for (cells, is_head), srow in zip(rows, shaped):
            row_cells = []
            nlines = 1
            for c, (text, widths, styles, advs) in enumerate(srow):
                lines = break_lines(text, widths, colw[c] - 2 * padx, cell, justify=False) if text.strip() else []
                nlines = max(nlines, len(lines))
                row_cells.append((text, widths, styles, advs, lines))
            laid.append((is_head, row_cells, nlines * lh + 2 * pady))

        header = laid[0] if laid and laid[0][0] else None
        # start on the grid, below the previous line
        self.y = self.next_grid() * self.pitch + 0.2 * self.pitch
        seg_top = None
        bounds: list[float] = []

        def close_segment():
            if seg_top is None or not bounds:
                return
            for k, yy in enumerate(bounds):
                wdt = 0.75 if k in (0, len(bounds) - 1) else 0.5
                self.page.items.append(Rule(xs[0], yy, xs[-1], yy, wdt))
            for k, x in enumerate(xs):
                wdt = 0.75 if k in (0, len(xs) - 1) else 0.5
                self.page.items.append(Rule(x, bounds[0], x, bounds[-1], wdt))

        def draw_row(row):
            is_head, row_cells, h = row
            for c, (text, widths, styles, advs, lines) in enumerate(row_cells):
                al = "center" if is_head else (aligns[c] or "left")
                for n, ln in enumerate(lines):
                    base = self.y + pady + n * lh + (lh - size) / 2 + ASCENT * size
                    avail = colw[c] - 2 * padx
                    off = xs[c] + padx
                    if al == "center":
                        off += (avail - ln.natural) / 2
                    elif al == "right":
                        off += avail - ln.natural
                    glyphs = [(_x(off + ln.xs[k], text[i], widths[i], advs[i], styles[i]), text[i], styles[i], advs[i])
                              for k, i in enumerate(range(ln.start, ln.end))]
                    self.page.items.append(TextLine(base, glyphs, "table"))
            self.y += h
            bounds.append(self.y)

        first_rows = (header[2] if header else 0) + (laid[1][2] if header and len(laid) > 1 else laid[0][2])
        if self.y + first_rows > self.H:
            self.new_page()
        seg_top = self.y
        bounds = [self.y]
        for k, row in enumerate(laid):
            if self.y + row[2] > self.H + EPS and len(bounds) > 1 + (1 if header else 0):
                close_segment()
                self.new_page()
                seg_top = self.y
                bounds = [self.y]
                if header and not row[0]:
                    draw_row(header)
            draw_row(row)
        close_segment()
        self.y += 0.3 * self.pitch

    # --- images ------------------------------------------------------------------
    def image_pixels(self, img: Image) -> tuple[int, int]:
        from reportlab.lib.utils import ImageReader

        key = str(img.path)
        if key not in self._pixels:
            try:
                self._pixels[key] = ImageReader(key).getSize()
            except Exception:
                self._pixels[key] = (0, 0)
        return self._pixels[key]

    def image_box(self, img: Image) -> tuple[float, float]:
        """Width and height of the picture on the page (at most the type width and half its height)."""
        iw, ih = self.image_pixels(img)
        maxw, maxh = self.W, self.H / 2
        if iw and ih:
            s = min(maxw / iw, maxh / ih)
            return iw * s, ih * s
        return maxw / 2, maxh / 3

    def image(self, img: Image) -> None:
        iw, ih = self.image_pixels(img)
        cap_h = self.pitch if img.caption else 0
        w, h = self.image_box(img)
        self.y = self.next_grid() * self.pitch + 0.2 * self.pitch
        if self.y + h + cap_h > self.H:
            self.new_page()
        x = self.left + (self.W - w) / 2
        if iw and ih:
            self.page.items.append(Picture(img.path, x, self.y, w, h))
        else:  # missing picture: a frame with its name (check reports the error)
            for y0, y1, x0, x1 in ((self.y, self.y, x, x + w), (self.y + h, self.y + h, x, x + w),
                                   (self.y, self.y + h, x, x), (self.y, self.y + h, x + w, x + w)):
                self.page.items.append(Rule(x0, y0, x1, y1, 0.5, "#999999"))
        self.y += h + 0.15 * self.pitch
        if img.caption:
            spec = self.spec("caption")
            self.place([(img.caption, spec)], align="center", grid=False, line_height=spec.size * 1.6,
                       kind="caption")
        self.y += 0.2 * self.pitch

    # --- 版记 ------------------------------------------------------------------
    def colophon_lines(self):
        spec = self.spec("colophon")
        cell = self.cell(spec.size)
        W = self.W - 2 * cell
        blocks = []
        for blk in self.wording.colophon(self.b.publication):
            lines = []
            for text in blk.lines:
                t, widths, styles, advs = self.shape([(text, spec)])
                colon = t.find("：")
                hang = sum(widths[: colon + 1]) if 0 < colon <= 6 else 0.0
                broken = break_lines(t, widths, lambda n: W if n == 0 else W - hang, cell)
                for n, ln in enumerate(broken):
                    x = self.left + cell + (0 if n == 0 else hang)
                    lines.append([(_x(x + ln.xs[k], t[i], widths[i], advs[i], styles[i]), t[i], styles[i], advs[i])
                                  for k, i in enumerate(range(ln.start, ln.end))])
            blocks.append(lines)
        return blocks, spec

    def colophon(self) -> None:
        blocks, spec = self.colophon_lines()
        if not blocks:  # no 版记 configured: the page count is still even (a blank back page)
            if self.lay.colophon_even_page and self.page.number % 2 == 1:
                self.new_page()
                self.page.blank = True
            return
        lh = self.pitch * spec.size / self.lay.body_size
        pad = 0.3 * lh
        height = sum(len(b) * lh + pad for b in blocks)
        fits = self.y + self.pitch + height <= self.H
        last = self.page.number
        even_needed = self.lay.colophon_even_page
        if not (fits and (not even_needed or last % 2 == 0)):
            self.new_page()
            if even_needed and self.page.number % 2 == 1:
                self.page.blank = True
                self.new_page()
            self.colophon_page = self.page.number
        top = self.H - height
        y = top
        thick, thin = 0.35 * MM, 0.25 * MM
        self.page.items.append(Rule(self.left, y, self.left + self.W, y, thick))
        for k, lines in enumerate(blocks):
            for n, glyphs in enumerate(lines):
                base = y + pad / 2 + n * lh + (lh - spec.size) / 2 + ASCENT * spec.size
                self.page.items.append(TextLine(base, glyphs, "colophon"))
            y += len(lines) * lh + pad
            wdt = thick if k == len(blocks) - 1 else thin
            self.page.items.append(Rule(self.left, y, self.left + self.W, y, wdt))
        self.y = self.H

    # --- page numbers -------------------------------------------------------------
    def body_begins(self) -> None:
        """The first article (or section heading) is being set on the current page."""
        if self.first_body is None:
            self.first_body = self.page.number

    def printed_number(self, physical: int) -> int | None:
        """The number printed on a physical page: with `page_numbering: first_article`
        the masthead, 按语 and TOC pages are not numbered and the page where the
        articles begin is page 1; with `cover` the masthead page is page 1."""
        if self.lay.page_numbering == "cover" or self.first_body is None:
            return physical
        n = physical - self.first_body + 1
        return n if n >= 1 else None

    def finish(self) -> None:
        spec = self.spec("page_number")
        one = spec.size  # one character of the page-number type
        self.article_pages = {k: self.printed_number(v) for k, v in self.article_pages.items()}
        for p in self.pages:
            p.printed = self.printed_number(p.number)
            p.show_number = not p.blank and p.number != self.colophon_page and p.printed is not None
            if not p.show_number:
                continue
            text = f"— {p.printed} —"
            top = self.H + self.lay.page_number_offset
            base = top + ASCENT * spec.size
            t, widths, styles, advs = self.shape([(text, spec)])
            total = sum(widths)
            if p.printed % 2 == 1:  # odd printed numbers at the right, even at the left
                x = self.left + self.W - one - total
            else:
                x = self.left + one
            glyphs, cx = [], x
            for ch, w, st, a in zip(t, widths, styles, advs):
                glyphs.append((cx, ch, st, a))
                cx += w
            p.items.append(TextLine(base, glyphs, "page_number"))
