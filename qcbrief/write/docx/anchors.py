"""What `qcbrief sync` needs in the DOCX: a hidden anchor bookmark at the start of
each part (masthead, 按语, 目录, each article, section headings, 版记) and the
build's manifest in the document's custom properties (docProps/custom.xml).

Both survive an open-save in Word, WPS and LibreOffice (LibreOffice drops custom
XML parts but keeps bookmarks and custom document properties).  Bookmarks whose
names start with "_" are hidden from Word's bookmark list.  Word keeps only the
first 255 characters of a custom property's text, so the manifest is split into
numbered properties of at most 240 characters (see qcbrief/sync/manifest.py).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from .ooxml import el, qn

CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
FIRST_ID = 10000  # bookmark ids above the TOC bookmarks' (sections.Bookmarks)


class SyncAnchors:
    def __init__(self):
        self.marks: list[tuple[str, object]] = []

    def mark(self, name: str, p) -> None:
        """A point bookmark `_qcbs_<name>` at the start of w:p p (once per name)."""
        if p is not None and p.tag != qn("w:p"):  # a table (a masthead laid out in one, say): its first paragraph
            p = next(p.iter(qn("w:p")), None)
        if p is not None and all(n != name for n, _ in self.marks):
            self.marks.append((name, p))

    def apply(self) -> None:
        for i, (name, p) in enumerate(self.marks):
            ident = FIRST_ID + i
            start = el("w:bookmarkStart", {"w:id": ident, "w:name": f"_qcbs_{name}"})
            ppr = p.find(qn("w:pPr"))
            if ppr is not None:
                ppr.addnext(start)
            else:
                p.insert(0, start)
            start.addnext(el("w:bookmarkEnd", {"w:id": ident}))


def add_custom_properties(document, props: list[tuple[str, str]]) -> None:
    """docProps/custom.xml with the given (name, text) properties."""
    body = "".join(
        f'<property fmtid="{FMTID}" pid="{i + 2}" name="{escape(name)}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
        for i, (name, value) in enumerate(props))
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' + body + "</Properties>")
    package = document.part.package
    # a templates/reference.docx (often an earlier qcbrief DOCX) may carry custom properties of
    # its own: they are replaced, not added beside (two docProps/custom.xml in one ZIP is a
    # damaged file, and an old manifest would mislead sync)
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            package.rels.pop(rid)
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_CT, xml.encode("utf-8"), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
