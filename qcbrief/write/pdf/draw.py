"""Paint composed pages on a reportlab canvas."""

from __future__ import annotations

import math
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas

from .pages import Page, Picture, Rule, TextLine

BOLD_STROKE = 0.03  # simulated bold: outline width as a fraction of the size


def _runs(line: TextLine):
    """Split a line into runs drawable with one font and one character spacing."""
    runs = []
    cur = None
    for x, ch, st, adv in line.glyphs:
        if cur is not None and cur["style"] == st:
            h = st.hscale
            expect_cs = None
            last_x, last_adv = cur["last"]
            cs = (x - last_x) / h - last_adv
            if cur["cs"] is None:
                expect_cs = cs
            elif abs(cur["cs"] - cs) < 0.005:
                expect_cs = cur["cs"]
            if expect_cs is not None:
                cur["cs"] = expect_cs
                cur["text"].append(ch)
                cur["xs"].append(x)
                cur["last"] = (x, adv)
                continue
        cur = {"style": st, "x": x, "xs": [x], "text": [ch], "cs": None, "last": (x, adv)}
        runs.append(cur)
    return runs


class Drawer:
    def __init__(self, layout, path: Path, meta: dict, draft_text: str = "", draft_font: str | None = None,
                 mark_font: str | None = None, watermark: str = "", initial_font: str | None = None):
        self.lay = layout
        self.top = layout.page_height - layout.margin_top
        self.c = Canvas(str(path), pagesize=(layout.page_width, layout.page_height), lang="zh-CN",
                        pageCompression=1, initialFontName=initial_font, initialFontSize=layout.body_size)
        c = self.c
        c.setTitle(meta.get("title", ""))
        c.setAuthor(meta.get("author", ""))
        c.setSubject(meta.get("subject", ""))
        c.setCreator("qcbrief")
        c.setKeywords(meta.get("keywords", ""))
        self.draft_text = draft_text
        self.draft_font = draft_font
        self.mark_font = mark_font
        self.watermark = watermark
        self.c.setPageCompression(1)

    def Y(self, y: float) -> float:
        return self.top - y

    def page(self, page: Page) -> None:
        c = self.c
        for bm in page.bookmarks:
            c.bookmarkHorizontalAbsolute(bm.key, self.Y(bm.y) + 20)
            c.addOutlineEntry(bm.title, bm.key, level=bm.level, closed=False)
        if self.watermark and self.mark_font:
            self.draw_watermark()
        for item in page.items:
            if isinstance(item, TextLine):
                self.text(item)
            elif isinstance(item, Rule):
                self.rule(item)
            elif isinstance(item, Picture):
                c.drawImage(str(item.path), item.x, self.Y(item.y + item.h), item.w, item.h, mask="auto",
                            preserveAspectRatio=True)
        if self.draft_text and self.draft_font:
            c.saveState()
            c.setFont(self.draft_font, 9)
            c.setFillColor(HexColor("#808080"))
            c.drawString(self.lay.margin_left, self.top + 12 * 72 / 25.4, self.draft_text)
            c.restoreState()
        c.showPage()

    def draw_watermark(self) -> None:
        c = self.c
        size = self.lay.role("watermark").size
        c.saveState()
        c.setFillColor(HexColor("#D9D9D9"))
        c.translate(self.lay.page_width / 2, self.lay.page_height / 2)
        c.rotate(math.degrees(math.atan2(self.lay.page_height, self.lay.page_width)))
        c.setFont(self.mark_font, size)
        c.drawCentredString(0, -size / 3, self.watermark)
        c.restoreState()

    def text(self, line: TextLine) -> None:
        c = self.c
        y = self.Y(line.baseline)
        t = c.beginText()
        bold_lw = None
        for run in _runs(line):
            st = run["style"]
            t.setFont(st.font, st.size)
            t.setCharSpace(run["cs"] or 0.0)
            t.setHorizScale(st.hscale * 100)
            t.setFillColor(HexColor(st.color))
            if st.bold:
                t.setStrokeColor(HexColor(st.color))
                t.setTextRenderMode(2)
                bold_lw = BOLD_STROKE * st.size
            else:
                t.setTextRenderMode(0)
            # One text-positioning per font subset: reportlab switches subset fonts
            # inside a string, and text extractors (pdfminer) drop the character
            # spacing after the last glyph of each string; explicit origins keep
            # extracted positions exact.
            text = "".join(run["text"])
            k = 0
            for piece in self._pieces(st.font, text):
                t.setTextOrigin(run["xs"][k], y)
                t.textOut(piece)
                k += len(piece)
        c.saveState()
        if bold_lw:
            c.setLineWidth(bold_lw)
            c.setLineJoin(1)
        c.drawText(t)
        c.restoreState()

    def _pieces(self, font_name: str, text: str) -> list[str]:
        font = getFont(font_name)
        if not getattr(font, "_dynamicFont", False):
            return [text]
        out, k = [], 0
        for _subset, chunk in font.splitString(text, self.c._doc):
            n = len(chunk)
            out.append(text[k:k + n])
            k += n
        return out or [text]

    def rule(self, r: Rule) -> None:
        c = self.c
        c.saveState()
        c.setStrokeColor(HexColor(r.color))
        c.setLineWidth(r.width)
        if r.dots:
            c.setLineCap(1)
            c.setDash([0, 4.0])
        c.line(r.x0, self.Y(r.y0), r.x1, self.Y(r.y1))
        c.restoreState()

    def page_labels(self, pages: list[Page]) -> None:
        """/PageLabels so that viewers show the printed numbers: unnumbered front
        matter as i, ii…, then 1, 2… from the page printed as 1."""
        first = next((k for k, p in enumerate(pages) if p.printed is not None), None)
        if first is None or pages[first].printed == first + 1:
            return  # labels already equal the physical numbers
        if first > 0:
            self.c.addPageLabel(0, "ROMAN_LOWER", 1)
        self.c.addPageLabel(first, "ARABIC", pages[first].printed)

    def save(self) -> None:
        self.c.save()
