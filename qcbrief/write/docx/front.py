"""Page 1: masthead (报头), 按语 and the 目录 with its TOC field."""

from __future__ import annotations

from ...model import Bulletin
from .content import Builder
from .fields import fill_toc
from .estimate import text_width, toc_entry_lines
from .ooxml import el, qn, set_ppr, set_rpr


def masthead(b: Builder, bulletin: Bulletin) -> None:
    m = b.ctx.wording.masthead(bulletin)
    p = b.paragraph("MastheadName", m.name)
    # a long name is condensed horizontally (as printers do) to stay on one line
    width = text_width(m.name) * b.layout.name_size
    if width > b.layout.type_width:
        scale = max(50, int(b.layout.type_width / width * 100) - 1)
        for r in p._p.findall(qn("w:r")):
            set_rpr(r.get_or_add_rPr(), el("w:w", {"w:val": scale}))
    if m.number_line:
        b.paragraph("MastheadNumber", m.number_line)
    if m.issue_line:
        b.paragraph("MastheadNumber", m.issue_line)
    p = b.paragraph("MastheadOffice", m.office)
    if m.date:
        b.add_runs(p, "MastheadOffice", "\t" + m.date)
    # the red rule across the type area: a bottom border on the office line
    color = b.layout.name_color.lstrip("#").upper()
    bdr = el("w:pBdr", None, el("w:bottom", {"w:val": "single", "w:sz": 18, "w:space": 8, "w:color": color}))
    set_ppr(p._p.get_or_add_pPr(), bdr)


def preface(b: Builder, bulletin: Bulletin) -> None:
    text = bulletin.preface.strip()
    if not text:
        return
    p = b.paragraph("Preface")
    b.add_runs(p, "Preface", b.ctx.wording.labels.get("preface_label", "按："), bold=True, font=b.fonts["heading"])
    b.add_runs(p, "Preface", text)


def toc(b: Builder, entries: list[tuple[str, str]]) -> None:
    """目录 heading and a TOC field whose cached result lists every entry: the
    numbered title, dot leader, center（page）; an entry too long for one line puts
    the leader and center on a second line."""
    b.paragraph("TocHeading", b.ctx.wording.labels.get("toc_heading", "目录"))
    paras = [b.paragraph("TocEntry")._p for _ in (entries or [None])]
    wrapped = [toc_entry_lines(text, tail, b.layout) > 1 for text, tail in entries]
    fill_toc(paras, entries, b.style_fonts.font("TocEntry"), wrapped)
