"""Paint composed pages on a reportlab canvas."""

from __future__ import annotations

import math
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str
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
        # streams are Flate-compressed binary, not ASCII85 text on top (+25 %)
        self._use_a85 = rl_config.useA85
        rl_config.useA85 = 0
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
        self._ts: dict | None = None  # text state of the open run of text lines (see text())
        self._colors: dict[str, tuple[float, float, float]] = {}

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
                continue
            self._end_text()
            if isinstance(item, Rule):
                self.rule(item)
            elif isinstance(item, Picture):
                c.drawImage(str(item.path), item.x, self.Y(item.y + item.h), item.w, item.h, mask="auto",
                            preserveAspectRatio=True)
        self._end_text()
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
        """One line as a text object, written directly as PDF operators.

        Only what changes is written: the font (subset) and size, character
        spacing, horizontal scaling, colours and bold simulation are kept from
        the previous line of the same run of lines (self._ts, reset by `Q` when
        anything else is drawn), and pieces are placed with relative `Td` moves.
        Each piece of one font subset gets its own position: text extractors
        (pdfminer) drop the character spacing after the last glyph of a string,
        explicit origins keep extracted positions exact."""
        if self._ts is None:
            self._emit("q")
            self._ts = {}
        ts = self._ts
        doc, escape = self.c._doc, self.c._escape
        y_text = fp_str(self.Y(line.baseline))
        y = float(y_text)
        code = ["BT"]
        px = py = 0.0  # origin of the current text line, as written
        for run in _runs(line):
            st = run["style"]
            font = getFont(st.font)
            fill = self._rgb(st.color)
            cs = run["cs"] or 0.0
            for op, value in (("Tc", fp_str(cs)), ("Tz", fp_str(st.hscale * 100)), ("rg", fp_str(*fill))):
                if ts.get(op) != value:  # compared as written
                    ts[op] = value
                    code.append(f"{value} {op}")
            if st.bold:
                lw = BOLD_STROKE * st.size
                if ts.get("RG") != fill:
                    ts["RG"] = fill
                    code.append(f"{fp_str(*fill)} RG")
                if ts.get("w") != lw:
                    ts["w"] = lw
                    code.append(f"{fp_str(lw)} w 1 j")
            mode = 2 if st.bold else 0
            if ts.get("Tr", 0) != mode:
                ts["Tr"] = mode
                code.append(f"{mode} Tr")
            text = "".join(run["text"])
            xs = run["xs"]
            k = 0
            for fname, chunk, n in self._pieces(font, st.font, text, doc):
                if ts.get("Tf") != (fname, st.size):
                    ts["Tf"] = (fname, st.size)
                    code.append(f"{fname} {fp_str(st.size)} Tf")
                dx = fp_str(xs[k] - px)
                px += float(dx)
                if py != y:  # the first piece of the line
                    code.append(f"{dx} {y_text} Td ({escape(chunk)}) Tj")
                    py = y
                else:
                    code.append(f"{dx} 0 Td ({escape(chunk)}) Tj")
                k += n
        code.append("ET")
        self._emit(" ".join(code))

    def _emit(self, code: str) -> None:
        self.c._code.append(code)

    def _end_text(self) -> None:
        """Close a run of text lines: `Q` restores the graphics and text state."""
        if self._ts is not None:
            self._emit("Q")
            self._ts = None

    def _rgb(self, color: str) -> tuple[float, float, float]:
        rgb = self._colors.get(color)
        if rgb is None:
            h = HexColor(color)
            rgb = self._colors[color] = (h.red, h.green, h.blue)
        return rgb

    @staticmethod
    def _pieces(font, font_name: str, text: str, doc):
        """(PDF font name, encoded bytes, number of characters) per font subset of text."""
        if not getattr(font, "_dynamicFont", False):
            yield doc.getInternalFontName(font_name), font.formatForPdf(text) if hasattr(font, "formatForPdf") \
                else text.encode("latin-1", "replace"), len(text)
            return
        for subset, chunk in font.splitString(text, doc):
            yield font.getSubsetInternalName(subset, doc), chunk, len(chunk)

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
        try:
            self.c.save()
        finally:
            rl_config.useA85 = self._use_a85
