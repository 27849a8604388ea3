"""The year's volume (合订本) as one PDF: title page, year TOC, every issue as printed, index.

Each issue is composed by the issue composer exactly as `qcbrief build` prints it (its
masthead, TOC, page numbers, 版记), and the pages of all of them are painted by one
Drawer into one reportlab document: no PDF concatenation, one embedded subset per font.
The volume's own pages (title, TOC, index) are composed by VolumeComposer, the issue
composer's text placement with the volume's content; they carry no printed number.
"""

from __future__ import annotations

import math
from pathlib import Path

from ...errors import QcbriefError
from ...text.masthead import USABLE as NAME_ROOM, line_height as name_line_height, set_name
from ...volume import IndexGroup, Volume, build_index, format_refs, index_heading, index_note
from .compose import ASCENT, EPS, MM, SECTION_KEY, Composer, Spec, _x
from .document import compose, printed_text
from .draw import Drawer
from .linebreak import break_lines
from .pages import Bookmark, Page, TextLine


def volume_text(volume: Volume, ctx) -> str:
    """What the volume prints besides the issues (for the fonts to carry)."""
    pub = volume.publication
    parts = [pub.name, pub.office, volume.title, volume.issue_range(), index_heading(ctx.wording), index_note(ctx.wording),
             ctx.wording.labels.get("toc_heading", "目录"), "ABCDEFGHIJKLMNOPQRSTUVWXYZ#", "第期页；、"]
    for vi in volume.issues:
        parts.append(vi.heading)
    return "\n".join(parts)


def volume_fonts(volume: Volume, ctx):
    from . import fonts as F

    texts = [volume_text(volume, ctx)]
    for vi in volume.issues:
        texts += [F.issue_text(vi.bulletin, ctx.wording), printed_text(vi.bulletin, ctx)]
    allt = "\n".join(texts)
    fontset = F.resolve_fonts(ctx.config, chars=set(allt), use_system=ctx.use_system_fonts)
    try:
        F.check_coverage(fontset, {"body": allt})
    except QcbriefError as exc:
        from .document import _located

        missing = fontset.missing(allt, "body")
        for vi in volume.issues:
            located = _located(exc, vi.bulletin, missing)
            if located is not exc:
                raise located from None
        raise
    return fontset


class VolumeComposer(Composer):
    """Title page, year TOC and index of centers, with the issue composer's type and grid."""

    def __init__(self, volume: Volume, ctx, fonts):
        super().__init__(volume.issues[0].bulletin, ctx, fonts)
        self.volume = volume

    def pad_even(self) -> None:
        """A blank page so that what follows starts on a right-hand (odd) page."""
        if len(self.pages) % 2 == 1:
            self.new_page()
            self.page.blank = True

    # --- title page -----------------------------------------------------------
    def title_page(self) -> None:
        v, lay = self.volume, self.lay
        pub = v.publication
        self.new_page()
        self.bookmark(f"《{pub.title}》{v.title}", 0)
        # the name as in each issue's masthead: one or two lines, never condensed (text/masthead.py)
        setting = set_name(pub.name, lay.name_size, self.W)
        name = self.spec("name", color=lay.name_color, size=setting.size)
        widest = max(self.width_of(line, name) for line in setting.lines)
        if widest > NAME_ROOM * self.W:
            name = self.spec("name", color=lay.name_color, size=setting.size * NAME_ROOM * self.W / widest)
        top = self.H * 0.22
        step = name_line_height(name.size)
        for n, line in enumerate(setting.lines):
            self.text_at(line, name, top + ASCENT * name.size + n * step, x=self.left + self.W / 2, align="center",
                         kind="name")
        y = top + name.size + (len(setting.lines) - 1) * step + 10 * MM
        from .pages import Rule

        self.page.items.append(Rule(self.left, y, self.left + self.W, y, 2.25, lay.name_color))
        title = Spec(lay.role("title").font, 1.5 * lay.title_size)
        y += 22 * MM
        self.text_at(v.title, title, y + ASCENT * title.size, x=self.left + self.W / 2, align="center",
                     kind="title")
        y += title.size + 12 * MM
        sub = self.spec("issue_line")
        self.text_at(v.issue_range(), sub, y + ASCENT * sub.size, x=self.left + self.W / 2, align="center",
                     kind="masthead")
        office = self.spec("office_line")
        if pub.office:
            base = self.H - 2 * self.pitch + ASCENT * office.size
            self.text_at(pub.office, office, base, x=self.left + self.W / 2, align="center", kind="masthead")
        self.y = self.H
        self.new_page()  # the back of the title page stays blank
        self.page.blank = True

    # --- year TOC -------------------------------------------------------------
    def toc_blank(self) -> None:
        """Skip one TOC line, unless at the top or the foot of a page."""
        pitch, per_page = self.toc_grid()
        k = max(0, math.ceil(self.y / pitch - 1e-6))
        if 0 < k < per_page:
            self.y = (k + 1) * pitch

    def toc_line(self, text: str, spec: Spec, keep: int = 2, kind: str = "toc") -> None:
        """One unbroken line on the TOC grid, kept with `keep` lines after it."""
        pitch, per_page = self.toc_grid()
        k = max(0, math.ceil(self.y / pitch - 1e-6))
        if k + 1 + keep > per_page:
            self.new_page()
        base = self.toc_baseline(spec.size)
        self.text_at(text, spec, base, x=self.left, kind=kind)

    def year_toc(self, issue_pages: list[dict[str, int | None]]) -> None:
        self.new_page()
        heading = self.wording.labels.get("toc_heading", "目录")
        self.bookmark(heading, 0)
        self.place([(heading, self.spec("toc_heading"))], align="center", kind="heading")
        spec = self.spec("toc_entry")
        group = Spec(self.lay.role("heading1").font, self.lay.toc_size)
        for k, vi in enumerate(self.volume.issues):
            if k:
                self.toc_blank()  # a blank TOC line between issues
            self.toc_line(vi.heading, group, kind="toc_issue")
            pages = issue_pages[k]
            for section in vi.bulletin.sections:
                if section.heading:
                    self.toc_entry(section.heading, f"（{pages.get(SECTION_KEY + section.heading) or 0}）", spec)
                for a in section.articles:
                    if a.is_brief:
                        continue
                    e = self.wording.toc_entry(a)
                    self.toc_entry(e.text, f"{e.center}（{pages.get(a.stem) or 0}）", spec)
        self.pad_even()

    # --- index of centers -----------------------------------------------------------
    def index(self, groups: list[IndexGroup]) -> None:
        self.new_page()
        heading, note_text = index_heading(self.wording), index_note(self.wording)
        self.bookmark(heading, 0)
        self.place([(heading, self.spec("toc_heading"))], align="center", kind="heading")
        if note_text:
            note = self.spec("issue_line", size=self.lay.toc_size * 0.86)
            self.place([(note_text, note)], align="center", grid=False, line_height=note.size * 1.6, kind="note")
        spec = self.spec("toc_entry")
        letter = Spec(self.lay.role("heading1").font, self.lay.toc_size)
        for n, g in enumerate(groups):
            if n:
                self.toc_blank()  # a blank line between letters
            self.toc_line(g.letter, letter, keep=2, kind="index_letter")
            for e in g.entries:
                self.index_entry(e.center, format_refs(self.volume, e.refs), spec)
        self.pad_even()

    def index_entry(self, name: str, refs: str, spec: Spec) -> None:
        """"名称……第1期 第3页；第2期 第5页" on one line where it fits; else the name on its
        line and the references right-aligned on the next (broken after a "；" if long)."""
        cell = self.cell(spec.size)
        W = self.W
        name_w = self.width_of(name, spec)
        refs_w = self.width_of(refs, spec)
        min_lead = 1.5 * cell
        if name_w + min_lead + refs_w <= W + EPS:
            self.toc_entry(name, refs, spec)
            return
        # refs on lines of their own, indented two characters, split at "；"
        chunks, cur = [], ""
        for part in refs.split("；"):
            trial = f"{cur}；{part}" if cur else part
            if cur and self.width_of(trial, spec) > W - 2 * cell:
                chunks.append(cur + "；")
                cur = part
            else:
                cur = trial
        chunks.append(cur)
        pitch, per_page = self.toc_grid()
        k = max(0, math.ceil(self.y / pitch - 1e-6))
        if k + 1 + len(chunks) > per_page:
            self.new_page()
        text_s, widths, styles, advs = self.shape([(name, spec)])
        for ln in break_lines(text_s, widths, W, cell, justify=False):
            base = self.toc_baseline(spec.size)
            glyphs = [(_x(self.left + ln.xs[j], text_s[i], widths[i], advs[i], styles[i]), text_s[i], styles[i],
                       advs[i]) for j, i in enumerate(range(ln.start, ln.end))]
            self.page.items.append(TextLine(base, glyphs, "toc"))
        for chunk in chunks:
            base = self.toc_baseline(spec.size)
            self.text_at(chunk, spec, base, x=self.left + W, align="right", kind="toc")


def _shift_bookmarks(pages: list[Page], prefix: str, levels: int = 1) -> None:
    """Bookmark keys unique in the volume (each composer numbers its own from 1)."""
    for p in pages:
        for bm in p.bookmarks:
            bm.key = f"{prefix}{bm.key}"
            bm.level += levels


def compose_volume(volume: Volume, ctx, fontset):
    """(front pages, [(issue, issue pages, printed page by stem)], index pages, index groups)."""
    laid = []
    for k, vi in enumerate(volume.issues):
        ctx.progress(f"正在排版 {vi.label}（{vi.bulletin.issue}）")
        comp, pages = compose(vi.bulletin, ctx, fontset)
        _shift_bookmarks(pages, f"v{k}-")
        pages[0].bookmarks.insert(0, Bookmark(f"v{k}", vi.heading, 0, 0.0))
        if len(pages) % 2 == 1:  # the next issue starts on a right-hand page
            pages.append(Page(number=len(pages) + 1, blank=True, show_number=False))
        laid.append((vi, pages, dict(comp.article_pages)))
    issue_pages = [p for _, _, p in laid]
    groups = build_index(volume, issue_pages)
    vc = VolumeComposer(volume, ctx, fontset)
    vc.title_page()
    vc.year_toc(issue_pages)
    front = vc.pages
    _shift_bookmarks(front, "vf-", 0)
    ic = VolumeComposer(volume, ctx, fontset)
    ic.index(groups)
    _shift_bookmarks(ic.pages, "vi-", 0)
    return front, laid, ic.pages, groups


def write_volume_pdf(volume: Volume, ctx, path: Path) -> None:
    path = Path(path)
    ctx.progress("正在准备字体")
    fontset = volume_fonts(volume, ctx)
    front, laid, back, _groups = compose_volume(volume, ctx, fontset)
    pub = volume.publication
    meta = {"title": f"《{pub.title}》{volume.title}", "subject": f"{pub.title} {volume.title}",
            "author": pub.author or pub.office, "keywords": " ".join(vi.bulletin.issue for vi in volume.issues)}
    drawer = Drawer(ctx.layout, path, meta, initial_font=fontset.faces["body"][0].name)
    c = drawer.c
    n = 0
    c.addPageLabel(0, "ROMAN_LOWER", 1)
    for p in front:
        drawer.page(p)
    n += len(front)
    for vi, pages, _ in laid:
        prefix = f"{vi.label}·"
        first = next((k for k, p in enumerate(pages) if p.printed is not None), None)
        if first is None or first > 0:
            c.addPageLabel(n, "ROMAN_LOWER", 1, prefix)
        if first is not None:
            c.addPageLabel(n + first, "ARABIC", pages[first].printed, prefix)
        for p in pages:
            drawer.page(p)
        n += len(pages)
    c.addPageLabel(n, "ARABIC", 1, "索引·")
    for p in back:
        drawer.page(p)
    drawer.save()
