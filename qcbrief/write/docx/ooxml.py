"""Small helpers for building WordprocessingML with lxml."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

__all__ = ["W_NS", "qn", "el", "parse_xml", "nsdecls", "twips", "set_run_fonts", "pt_half"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Run properties must appear in schema order (CT_RPr sequence).
RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
    "em", "lang", "eastAsianLayout", "specVanish", "oMath",
]
PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
    "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
]


def twips(points: float) -> int:
    """Points -> twentieths of a point."""
    return int(round(points * 20))


def pt_half(points: float) -> int:
    """Points -> half-points (w:sz)."""
    return int(round(points * 2))


def el(tag: str, attrs: dict | None = None, *children):
    """Make a w: element: el("w:spacing", {"w:line": 579})."""
    from lxml import etree

    e = etree.Element(qn(tag), nsmap={"w": W_NS})
    for k, v in (attrs or {}).items():
        e.set(qn(k), str(v))
    for c in children:
        if c is not None:
            e.append(c)
    return e


def _insert_ordered(parent, child, order: list[str]):
    """Insert child into parent respecting the schema order (replacing a same-tag element)."""
    local = child.tag.split("}")[1]
    for old in parent.findall(child.tag):
        parent.remove(old)
    idx = order.index(local)
    for i, existing in enumerate(parent):
        name = existing.tag.split("}")[1] if "}" in existing.tag else existing.tag
        if name in order and order.index(name) > idx:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def set_rpr(rpr, child):
    return _insert_ordered(rpr, child, RPR_ORDER)


def set_ppr(ppr, child):
    return _insert_ordered(ppr, child, PPR_ORDER)


def fonts_element(font: str):
    """w:rFonts naming font for every script, with the East Asian hint."""
    return el("w:rFonts", {"w:ascii": font, "w:hAnsi": font, "w:eastAsia": font, "w:cs": font, "w:hint": "eastAsia"})


def set_run_fonts(run_element, font: str):
    """Give a w:r the East Asian font explicitly (no theme attributes)."""
    rpr = run_element.get_or_add_rPr()
    set_rpr(rpr, fonts_element(font))
    return rpr
