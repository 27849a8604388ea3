"""Paragraph-level building blocks: styled paragraphs with East-Asian-font runs,
article blocks (paragraphs, sub-headings, lists, tables, images) and 点评."""

from __future__ import annotations

import re

from docx.document import Document
from docx.image.image import Image as DocxImage
from docx.shared import Emu, Pt

from ...layout import Layout
from ...model import Heading, Image, Inline, ListBlock, Paragraph, Table
from .ooxml import el, fonts_element, qn, set_ppr, set_rpr
from .styles import geometry, style_specs


class StyleFonts:
    """The East Asian font each paragraph style resolves to (reading the actual
    styles part, so a reference.docx's fonts are honoured on runs too)."""

    def __init__(self, document: Document, fallback: dict[str, str]):
        self.styles = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
        self.fallback = fallback
        self.cache: dict[str, str] = {}
        default = document.styles.element.find(qn("w:docDefaults"))
        self.default_font = None
        if default is not None:
            f = default.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
            if f is not None:
                self.default_font = f.get(qn("w:eastAsia"))

    def font(self, style_id: str) -> str:
        if style_id not in self.cache:
            sid, seen, found = style_id, set(), None
            while sid and sid not in seen and found is None:
                seen.add(sid)
                s = self.styles.get(sid)
                if s is None:
                    break
                f = s.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
                if f is not None and f.get(qn("w:eastAsia")):
                    found = f.get(qn("w:eastAsia"))
                b = s.find(qn("w:basedOn"))
                sid = b.get(qn("w:val")) if b is not None else None
            self.cache[style_id] = found or self.default_font or self.fallback[style_id]
        return self.cache[style_id]


class Builder:
    """Appends content to the body of a python-docx Document."""

    def __init__(self, document: Document, layout: Layout, fonts: dict[str, str], ctx):
        self.doc = document
        self.layout = layout
        self.fonts = fonts
        self.ctx = ctx
        self.g = geometry(layout)
        fallback = {s.id: fonts[layout.role(s.role).font] for s in style_specs(layout)}
        fallback.update(Normal=fonts[layout.role("body").font], TOC1=fonts[layout.role("toc_entry").font])
        self.style_fonts = StyleFonts(document, fallback)
        self.kai = fonts["kai"]

    # --- paragraphs and runs -------------------------------------------
    def paragraph(self, style_id: str, content: list[Inline] | str | None = None, *, page_break: bool = False,
                  bold: bool = False):
        p = self.doc.add_paragraph()
        ppr = p._p.get_or_add_pPr()
        ppr.style = style_id
        if page_break:
            set_ppr(ppr, el("w:pageBreakBefore"))
        if content is not None:
            self.add_runs(p, style_id, content, bold=bold)
        return p

    def add_runs(self, p, style_id: str, content: list[Inline] | str, bold: bool = False, font: str | None = None):
        font = font or self.style_fonts.font(style_id)
        inlines = [Inline(content)] if isinstance(content, str) else content
        for inline in inlines:
            if not inline.text:
                continue
            run = p.add_run()
            rpr = run._r.get_or_add_rPr()
            run_font = self.kai if inline.italic and not inline.code else font
            set_rpr(rpr, fonts_element(run_font))
            if inline.bold or bold:
                set_rpr(rpr, el("w:b"))
                set_rpr(rpr, el("w:bCs"))
            _add_text(run._r, inline.text)
        return p

    def set_spacing_before(self, p, before: int) -> None:
        ppr = p._p.get_or_add_pPr()
        sp = ppr.find(qn("w:spacing"))
        if sp is None:
            sp = set_ppr(ppr, el("w:spacing"))
        sp.set(qn("w:before"), str(before))

    # --- article blocks ---------------------------------------------------
    def blocks(self, blocks, body_style: str = "Body") -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                self.paragraph(body_style, block.inlines)
            elif isinstance(block, Heading):
                level = min(max(block.level, 1), 3)
                self.paragraph(f"Heading{level}", block.inlines)
            elif isinstance(block, ListBlock):
                self.list_block(block, body_style)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Image):
                self.image(block)

    def list_block(self, block: ListBlock, body_style: str) -> None:
        for marker, item in zip(block.markers(), block.items):
            d = item.depth
            p = self.paragraph(body_style, [Inline(marker), *item.inlines])
            if d:
                ppr = p._p.get_or_add_pPr()
                set_ppr(ppr, el("w:ind", {"w:left": d * self.g["indent"], "w:leftChars": d * 200,
                                          "w:firstLineChars": 200, "w:firstLine": self.g["indent"]}))

    def table(self, block: Table) -> None:
        rows = [block.header, *block.rows] if block.header else list(block.rows)
        if not rows:
            return
        if block.caption:  # "表1 …" above the table, kept with it (as in the PDF)
            cap = self.paragraph("Caption", block.caption)
            set_ppr(cap._p.get_or_add_pPr(), el("w:keepNext"))
        ncols = max(len(r) for r in rows)
        weights = []
        for c in range(ncols):
            w = max((sum(_width(i.text) for i in r[c]) if c < len(r) else 0) for r in rows)
            head = sum(_width(i.text) for i in block.header[c]) if block.header and c < len(block.header) else 0
            weights.append(max(min(max(w, 3.0), 14.0), min(head, 10.0)) + 2.5)
        total_w = self.g["type_w"]
        widths = [int(total_w * w / sum(weights)) for w in weights]
        widths[-1] = total_w - sum(widths[:-1])
        table = self.doc.add_table(rows=len(rows), cols=ncols)
        tbl = table._tbl
        tblPr = tbl.tblPr
        for child in list(tblPr):
            tblPr.remove(child)
        tblPr.append(el("w:tblW", {"w:w": total_w, "w:type": "dxa"}))
        tblPr.append(el("w:jc", {"w:val": "center"}))
        borders = el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(el(f"w:{side}", {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": "000000"}))
        tblPr.append(borders)
        tblPr.append(el("w:tblLayout", {"w:type": "fixed"}))
        mar = el("w:tblCellMar")
        for side, v in (("top", 28), ("left", 85), ("bottom", 28), ("right", 85)):
            mar.append(el(f"w:{side}", {"w:w": v, "w:type": "dxa"}))
        tblPr.append(mar)
        tblPr.append(el("w:tblLook", {"w:val": "04A0", "w:firstRow": 1, "w:lastRow": 0, "w:firstColumn": 0,
                                      "w:lastColumn": 0, "w:noHBand": 0, "w:noVBand": 1}))
        for gc, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
            gc.set(qn("w:w"), str(w))
        aligns = list(block.aligns) + [None] * ncols
        for ri, (row, cells) in enumerate(zip(table.rows, rows)):
            trPr = row._tr.get_or_add_trPr()
            trPr.append(el("w:cantSplit"))
            header = ri == 0 and bool(block.header)
            if header:
                trPr.append(el("w:tblHeader"))
            for ci, cell in enumerate(row.cells):
                tcPr = cell._tc.get_or_add_tcPr()
                tcW = tcPr.find(qn("w:tcW"))
                if tcW is None:
                    tcW = el("w:tcW")
                    tcPr.insert(0, tcW)
                tcW.set(qn("w:w"), str(widths[ci]))
                tcW.set(qn("w:type"), "dxa")
                tcPr.append(el("w:vAlign", {"w:val": "center"}))
                p = cell.paragraphs[0]
                ppr = p._p.get_or_add_pPr()
                ppr.style = "TableText"
                align = "center" if header else {"left": "left", "center": "center", "right": "right"}.get(
                    aligns[ci] or "", None)
                if align:
                    set_ppr(ppr, el("w:jc", {"w:val": align}))
                inlines = cells[ci] if ci < len(cells) else []
                self.add_runs(p, "TableText", inlines, bold=header)

    def image_size(self, block: Image):
        """Displayed (width, height) in points, or None when the file can't be read."""
        try:
            img = DocxImage.from_file(str(block.path))
        except Exception:  # missing or unreadable: check reports it
            return None
        w = img.px_width / (img.horz_dpi or 72) * 72
        h = img.px_height / (img.vert_dpi or 72) * 72
        if not w or not h:
            return None
        scale = min(1.0, self.layout.type_width / w, self.layout.type_height / 2 / h)
        return w * scale, h * scale

    def image_height(self, block: Image) -> float:
        size = self.image_size(block)
        return size[1] if size else self.layout.line_pitch

    def image(self, block: Image) -> None:
        size = self.image_size(block)
        if size is None:
            self.paragraph("Caption", f"［图片：{block.src}］")
        else:
            p = self.paragraph("Figure")
            p.add_run().add_picture(str(block.path), width=Emu(int(Pt(size[0]))), height=Emu(int(Pt(size[1]))))
        if block.caption:
            self.paragraph("Caption", block.caption)


def _width(text: str) -> float:
    from .estimate import text_width

    return text_width(text)


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _add_text(r, text: str) -> None:
    """Text into a w:r, with tabs and line breaks as w:tab / w:br; never interpreted."""
    text = _XML_BAD.sub("", text)
    parts = re.split(r"(\t|\n)", text)
    for part in parts:
        if part == "\t":
            r.append(el("w:tab"))
        elif part == "\n":
            r.append(el("w:br"))
        elif part:
            t = el("w:t")
            t.text = part
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
