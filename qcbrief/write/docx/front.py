"""The front matter: masthead (报头), 按语 and the 目录 (static entries with PAGEREF fields)."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Bulletin
from ...text.masthead import set_name
from .content import Builder
from .fields import add_pageref, break_run, tab_run, text_run
from .estimate import toc_entry_lines
from .ooxml import el, qn, set_ppr, set_rpr, twips


def set_masthead_name(b: Builder, p, name: str) -> None:
    """The bulletin name in paragraph p: one or two lines (a line break within the
    paragraph), never condensed horizontally; a name too long for the line gets a
    smaller size (text/masthead.py, as the PDF and HTML)."""
    setting = set_name(name, b.layout.name_size, b.layout.type_width)
    for n, line in enumerate(setting.lines):
        if n:
            p._p.append(break_run(b.style_fonts.font("MastheadName")))
        b.add_runs(p, "MastheadName", line)
    if abs(setting.size - b.layout.name_size) > 0.01:
        half_points = max(2, int(setting.size * 2))
        for r in p._p.findall(qn("w:r")):
            set_rpr(r.get_or_add_rPr(), el("w:sz", {"w:val": half_points}))
            set_rpr(r.get_or_add_rPr(), el("w:szCs", {"w:val": half_points}))


def masthead(b: Builder, bulletin: Bulletin) -> None:
    m = b.ctx.wording.masthead(bulletin)
    p = b.paragraph("MastheadName")
    set_masthead_name(b, p, m.name)
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


@dataclass
class TocLine:
    text: str  # "1.标题" (templates/toc_entry.j2) or a section heading
    center: str  # the center, before the page number ("" for a section heading)
    bookmark: str  # name of the bookmark on the article's title
    page: int  # the cached PAGEREF result: the estimated printed page


def toc(b: Builder, entries: list[TocLine]) -> list:
    """目录 heading and one static paragraph per entry: "1.标题", a right tab with a dot
    leader, "center（" PAGEREF "）".  Word, WPS and LibreOffice compute the PAGEREF
    numbers at layout time; F9 (更新域) refreshes them and keeps the wording.  An entry
    too long for one line puts the leader and center on a second line.
    Returns the entry paragraphs (w:p)."""
    b.paragraph("TocHeading", b.ctx.wording.labels.get("toc_heading", "目录"))
    font = b.style_fonts.font("TocEntry")
    paras = []
    for e in entries:
        p = b.paragraph("TocEntry")._p
        p.append(text_run(font, e.text))
        if toc_entry_lines(e.text, e.center, b.layout, str(e.page)) > 1:
            # the leader and center on a second line, indented two characters
            indent = twips(2 * b.layout.toc_size)
            set_ppr(p.get_or_add_pPr(), el("w:ind", {"w:left": indent, "w:hanging": indent}))
            p.append(break_run(font))
        p.append(tab_run(font))
        p.append(text_run(font, f"{e.center}（"))
        add_pageref(p, font, e.bookmark, str(e.page))
        p.append(text_run(font, "）"))
        paras.append(p)
    return paras
