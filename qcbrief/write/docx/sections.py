"""Section breaks placed on existing paragraphs, and the bookmarks the TOC points to."""

from __future__ import annotations

import copy

from docx.document import Document
from docx.section import Section

from .fields import add_bookmark
from .ooxml import el, qn, set_ppr

# section-level children that belong to one section only
_OWN = ("w:headerReference", "w:footerReference", "w:type", "w:titlePg", "w:vAlign")
_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
          "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg",
          "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]


def end_section(document: Document, last_p) -> Section:
    """Close the current last section with paragraph last_p (a w:p already in the body):
    the paragraph takes the section's properties (a section break with no paragraph
    of its own, so no empty line can spill onto a page of its own), and the body's
    sectPr starts the next section afresh: new page, numbering continued, footers
    linked until set.  Returns the section just closed."""
    body_sect = document.element.body.find(qn("w:sectPr"))
    closed = copy.deepcopy(body_sect)
    set_ppr(last_p.get_or_add_pPr(), closed)
    for tag in _OWN:
        for e in body_sect.findall(qn(tag)):
            body_sect.remove(e)
    pg = body_sect.find(qn("w:pgNumType"))
    if pg is not None:
        pg.attrib.pop(qn("w:start"), None)
    return Section(closed, document.part)


def set_section_start(sect_pr, kind: str) -> None:
    """w:type: nextPage | evenPage | oddPage | continuous."""
    for e in sect_pr.findall(qn("w:type")):
        sect_pr.remove(e)
    t = el("w:type", {"w:val": kind})
    idx = _ORDER.index("type")
    for child in sect_pr:
        name = child.tag.split("}")[1]
        if name in _ORDER and _ORDER.index(name) > idx:
            child.addprevious(t)
            return
    sect_pr.append(t)


def restart_numbering(sect_pr, start: int) -> None:
    pg = sect_pr.find(qn("w:pgNumType"))
    if pg is None:
        pg = el("w:pgNumType", {"w:fmt": "decimal"})
        sect_pr.find(qn("w:cols")).addprevious(pg)
    pg.set(qn("w:start"), str(start))


class Bookmarks:
    """Hidden bookmarks (names starting with "_" stay out of Word's bookmark list), one
    per TOC target key."""

    def __init__(self):
        self.names: dict[str, str] = {}

    def name(self, key: str) -> str:
        if key not in self.names:
            self.names[key] = f"_qcb{len(self.names) + 1:04d}"
        return self.names[key]

    def add(self, key: str, first_p, last_p) -> None:
        add_bookmark(first_p, last_p, self.name(key), list(self.names).index(key) + 1)
