"""Paint composed pages on a reportlab canvas."""

from __future__ import annotations

import math
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen import canvas as _rl_canvas
from reportlab.pdfgen.canvas import Canvas

from .pages import Page, Picture, Rule, TextLine

BOLD_STROKE = 0.03  # simulated bold: outline width as a fraction of the size


def _runs(line: TextLine) -> list[tuple]:
    """Split a line into runs drawable with one style and one character spacing:
    (style, first glyph, end glyph, character spacing or None for one glyph)."""
    xs, styles, advs = line.xs, line.styles, line.advs
    n = len(styles)
    runs = []
    i = 0
    while i < n:
        st = styles[i]
        h = st.hscale
        cs = None
        j = i + 1
        while j < n:
            sj = styles[j]
            if sj is not st and sj != st:
                break
            c = (xs[j] - xs[j - 1]) / h - advs[j - 1]
            if cs is None:
                cs = c
            elif abs(cs - c) >= 0.005:
                break
            j += 1
        runs.append((st, i, j, cs))
        i = j
    return runs


def _hex_string(codes: bytes) -> str:
    return f"<{codes.hex()}>"


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
        self._styles: dict = {}  # Style -> operands (see _style_ops)
        self._style_by_id: dict = {}  # id(Style) -> (the Style, *operands)
        self._image_names: dict[str, str] = {}  # image path -> path drawn (see _image_source)
        self._image_by_digest: dict[str, str] = {}

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
                c.drawImage(self._image_source(item.path), item.x, self.Y(item.y + item.h), item.w, item.h, mask="auto",
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
        doc = self.c._doc
        # the canvas's _escape without its method call (it is escapePDF)
        escape = _rl_canvas.escapePDF if type(self.c)._escape is Canvas._escape else self.c._escape
        y_text = fp_str(self.Y(line.baseline))
        y = float(y_text)
        code = ["BT"]
        px = py = 0.0  # origin of the current text line, as written
        xs, line_text = line.xs, line.text
        # a line in one style whose characters all have their subset codes (nearly every
        # body line) is encoded once; each run then takes its pieces from that
        styles = line.styles
        cid_whole = None
        if styles and len(set(map(id, styles))) == 1:
            font0 = self._style_ops(styles[0])[0]
            if hasattr(font0, "cid_encode"):  # one embedded CID font (cidfont.py): 2-byte codes
                cid_whole = font0.getSubsetInternalName(0, doc), font0.cid_encode(line_text, doc)
        by_id = self._style_by_id
        last_ops = None
        for st, i, j, cs in _runs(line):
            ops = by_id.get(id(st))  # by identity: the dataclass hash is Python code
            if ops is None:
                ops = by_id[id(st)] = (st, *self._style_ops(st))  # holds st: its id is not reused
            _, font, tz, rg, lw, size = ops
            cs = fp_str(cs) if cs else "0"
            if ts.get("Tc") != cs:  # compared as written
                ts["Tc"] = cs
                code.append(f"{cs} Tc")
            if ops is not last_ops:  # the same style as the run before: these are already set
                last_ops = ops
                if ts.get("Tz") != tz:
                    ts["Tz"] = tz
                    code.append(f"{tz} Tz")
                if ts.get("rg") != rg:
                    ts["rg"] = rg
                    code.append(f"{rg} rg")
                if lw:  # simulated bold: fill and stroke
                    if ts.get("RG") != rg:
                        ts["RG"] = rg
                        code.append(f"{rg} RG")
                    if ts.get("w") != lw:
                        ts["w"] = lw
                        code.append(f"{lw} w 1 j")
                mode = 2 if lw else 0
                if ts.get("Tr", 0) != mode:
                    ts["Tr"] = mode
                    code.append(f"{mode} Tr")
            k = i
            # 2-byte codes of a CID font (cidfont.py) as a hex string: smaller than octal escapes once compressed
            string = _hex_string if hasattr(font, "cid_encode") else lambda b: f"({escape(b)})"
            if cid_whole is not None:  # the line encoded once, 2 bytes a character
                pieces = ((cid_whole[0], cid_whole[1][2 * i:2 * j], j - i),)
            else:
                pieces = self._pieces(font, st.font, line_text[i:j], doc)
            for fname, chunk, n in pieces:
                if ts.get("Tf") != (fname, size):
                    ts["Tf"] = (fname, size)
                    code.append(f"{fname} {size} Tf")
                dx = fp_str(xs[k] - px)
                px += float(dx)
                if py != y:  # the first piece of the line
                    code.append(f"{dx} {y_text} Td {string(chunk)} Tj")
                    py = y
                else:
                    code.append(f"{dx} 0 Td {string(chunk)} Tj")
                k += n
        code.append("ET")
        self._emit(" ".join(code))

    def _image_source(self, path: Path) -> str:
        """The first file drawn with the same bytes as path: reportlab embeds an image
        once per file name, so two copies of one picture (the same logo in two articles'
        folders) are embedded once."""
        key = str(path)
        src = self._image_names.get(key)
        if src is None:
            import hashlib

            try:
                digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            except OSError:
                digest = key  # reportlab reports the unreadable file
            src = self._image_names[key] = self._image_by_digest.setdefault(digest, key)
        return src

    def _emit(self, code: str) -> None:
        self.c._code.append(code)

    def _end_text(self) -> None:
        """Close a run of text lines: `Q` restores the graphics and text state."""
        if self._ts is not None:
            self._emit("Q")
            self._ts = None

    def _style_ops(self, st) -> tuple:
        """(reportlab font, Tz, rg operands, bold line width or "", size) of a style, as written."""
        ops = self._styles.get(st)
        if ops is None:
            h = HexColor(st.color)
            ops = self._styles[st] = (getFont(st.font), fp_str(st.hscale * 100), fp_str(h.red, h.green, h.blue),
                                      fp_str(BOLD_STROKE * st.size) if st.bold else "", fp_str(st.size))
        return ops

    def _pieces(self, font, font_name: str, text: str, doc):
        """(PDF font name, encoded bytes, number of characters) per font subset of text."""
        encode = getattr(font, "cid_encode", None)
        if encode is not None:  # one embedded CID font, 2-byte codes (cidfont.py)
            return [(font.getSubsetInternalName(0, doc), encode(text, doc), len(text))]
        # a standard (Type 1) font; every TrueType font is a CID font (ttfcache.load_ttfont)
        return [(doc.getInternalFontName(font_name), font.formatForPdf(text) if hasattr(font, "formatForPdf")
                 else text.encode("latin-1", "replace"), len(text))]

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
        """Write the file, its objects packed into object streams (objstreams.py) and its
        page contents deflated at zlib's level 9 (reportlab compresses them when it writes
        the file, at the default level 6: 1 % larger)."""
        import zlib

        from reportlab.pdfbase import pdfdoc

        from .objstreams import pack

        flate = pdfdoc.PDFZCompress
        flate.encode = lambda data: zlib.compress(data.encode("utf8") if isinstance(data, str) else data, 9)
        try:
            data = pack(self.c.getpdfdata())
            with open(self.c._filename, "wb") as fh:
                fh.write(data)
        finally:
            del flate.encode  # the class's own method again
            rl_config.useA85 = self._use_a85
