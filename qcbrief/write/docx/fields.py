"""Complex fields: PAGE in the footers, PAGEREF in the TOC entries, and bookmarks."""

from __future__ import annotations

from .ooxml import el, fonts_element, set_rpr


def _run(font: str, text: str | None = None, child=None, bold: bool = False):
    r = el("w:r")
    rpr = el("w:rPr")
    set_rpr(rpr, fonts_element(font))
    if bold:
        set_rpr(rpr, el("w:b"))
        set_rpr(rpr, el("w:bCs"))
    r.append(rpr)
    if child is not None:
        r.append(child)
    if text is not None:
        t = el("w:t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.append(t)
    return r


def fld_char(font: str, kind: str, dirty: bool = False):
    attrs = {"w:fldCharType": kind}
    if dirty:
        attrs["w:dirty"] = "true"
    return _run(font, child=el("w:fldChar", attrs))


def instr(font: str, code: str):
    i = el("w:instrText")
    i.text = code
    i.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return _run(font, child=i)


def text_run(font: str, text: str, bold: bool = False):
    return _run(font, text, bold=bold)


def tab_run(font: str):
    return _run(font, child=el("w:tab"))


def break_run(font: str):
    return _run(font, child=el("w:br"))


def add_field(p_element, font: str, code: str, cached: str) -> None:
    """Append a complex field (begin, instruction, separate, cached result, end) to a w:p."""
    p_element.append(fld_char(font, "begin"))
    p_element.append(instr(font, f" {code} "))
    p_element.append(fld_char(font, "separate"))
    p_element.append(text_run(font, cached))
    p_element.append(fld_char(font, "end"))


def add_page_field(p_element, font: str, cached: str = "1") -> None:
    """Append "— PAGE —" runs to a w:p."""
    p_element.append(text_run(font, "— "))
    add_field(p_element, font, "PAGE", cached)
    p_element.append(text_run(font, " —"))


def add_pageref(p_element, font: str, bookmark: str, cached: str) -> None:
    """Append a PAGEREF field: the page number (as printed in the target's section)
    of the bookmark, computed by Word, WPS and LibreOffice at layout time."""
    add_field(p_element, font, f"PAGEREF {bookmark} \\h", cached)


def add_bookmark(first_p, last_p, name: str, ident: int) -> None:
    """A bookmark from the start of first_p to the end of last_p (w:p elements)."""
    start = el("w:bookmarkStart", {"w:id": ident, "w:name": name})
    ppr = first_p.find(start.tag.replace("bookmarkStart", "pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        first_p.insert(0, start)
    last_p.append(el("w:bookmarkEnd", {"w:id": ident}))
