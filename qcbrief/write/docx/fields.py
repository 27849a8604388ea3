"""Complex fields: PAGE in the footers and the TOC with a pre-filled cached result."""

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


def add_page_field(p_element, font: str, cached: str = "1") -> None:
    """Append "— PAGE —" runs to a w:p."""
    p_element.append(text_run(font, "— "))
    p_element.append(fld_char(font, "begin"))
    p_element.append(instr(font, " PAGE "))
    p_element.append(fld_char(font, "separate"))
    p_element.append(text_run(font, cached))
    p_element.append(fld_char(font, "end"))
    p_element.append(text_run(font, " —"))


TOC_INSTRUCTION = ' TOC \\o "1-1" \\h \\z \\u '


def fill_toc(paragraphs: list, entries: list[tuple[str, str]], font: str, wrapped: list[bool] | None = None) -> None:
    """Turn the given (empty, styled) w:p elements into a TOC field whose cached
    result is one entry per paragraph: text, a tab (dot leader from the style), tail.
    paragraphs must have len(entries) items, or 1 when entries is empty."""
    first, last = paragraphs[0], paragraphs[-1]
    first.append(fld_char(font, "begin"))
    first.append(instr(font, TOC_INSTRUCTION))
    first.append(fld_char(font, "separate"))
    wrapped = wrapped or [False] * len(entries)
    for p, (text, tail), wrap in zip(paragraphs, entries, wrapped):
        p.append(text_run(font, text))
        if wrap:
            p.append(_run(font, child=el("w:br")))
        p.append(tab_run(font))
        p.append(text_run(font, tail))
    last.append(fld_char(font, "end"))
