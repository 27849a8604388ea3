"""The year's volume (合订本) as one DOCX: title page, year TOC, every issue as printed, index.

Every issue is appended by the issue writer itself (writer.add_bulletin): its masthead,
TOC, numbering restarting at its first article and its 版记 section, each issue in
sections of its own.  The year TOC and the index of centers are static text with
PAGEREF fields to the issues' bookmarks, as the issue TOC is: Word, WPS and LibreOffice
compute the page numbers (the number printed on that page of that issue); the cached
results are the issue writer's estimates.  Issues start on right-hand pages: the
front matter and each issue have an even number of pages (explicit blank pages, by
the estimate, as the issue writer does for its 版记).
"""

from __future__ import annotations

import math
from pathlib import Path

from ...volume import Volume, build_index, index_heading, index_note, refs_text
from .content import Builder
from .estimate import TOC_GAP, TOC_LINE, text_width, toc_entry_lines
from .fields import add_pageref, break_run, tab_run, text_run
from .front import set_masthead_name
from .ooxml import el, qn, set_ppr, set_rpr, twips
from .sections import Bookmarks, end_section
from .writer import IssuePlan, _empty_footer, _last_paragraph, add_bulletin, new_document, plan_issue, set_properties


def _blank_page(b: Builder):
    """An empty paragraph on a page of its own (an explicit blank page)."""
    return b.paragraph("Body", page_break=True)


def _key(k: int, stem: str) -> str:
    return f"{k}/{stem}"


def _close(b: Builder, empty_footers: bool = True):
    """Close the document's current last section at its last paragraph."""
    sect = end_section(b.doc, _last_paragraph(b))
    if empty_footers:
        _empty_footer(sect.footer)
        _empty_footer(sect.even_page_footer)
    return sect


def _title_page(b: Builder, volume: Volume) -> None:
    pub = volume.publication
    g = b.g
    # the name as in each issue's masthead: one or two lines, never condensed (text/masthead.py)
    name = b.paragraph("MastheadName")
    set_masthead_name(b, name, pub.name)
    b.set_spacing_before(name, 4 * g["line"])
    color = b.layout.name_color.lstrip("#").upper()
    set_ppr(name._p.get_or_add_pPr(),
            el("w:pBdr", None, el("w:bottom", {"w:val": "single", "w:sz": 18, "w:space": 8, "w:color": color})))
    title = b.paragraph("ArticleTitle", volume.title)
    b.set_spacing_before(title, 3 * g["line"])
    rng = b.paragraph("MastheadNumber", volume.issue_range())
    b.set_spacing_before(rng, g["line"])
    if pub.office:
        office = b.paragraph("MastheadNumber", pub.office)
        b.set_spacing_before(office, 8 * g["line"])


def _toc_pages(b: Builder, volume: Volume, plans: list[IssuePlan]) -> int:
    """Estimated pages of the year TOC (the issue writer's TOC model)."""
    lay = b.layout
    line = lay.toc_size * TOC_LINE
    total = 3 * lay.line_pitch
    for plan in plans:
        total += 2 * lay.line_pitch
        for _, text, center in plan.entries:
            total += toc_entry_lines(text, center, lay) * line + lay.toc_size * TOC_GAP
    return max(1, math.ceil(total / lay.type_height))


def _entry(b: Builder, text: str, tail_runs, long: bool):
    """A TocEntry paragraph: text, a dot-leader tab, then tail_runs(p, font)."""
    font = b.style_fonts.font("TocEntry")
    p = b.paragraph("TocEntry")._p
    p.append(text_run(font, text))
    if long:  # the leader and the tail on a second line, indented two characters
        indent = twips(2 * b.layout.toc_size)
        set_ppr(p.get_or_add_pPr(), el("w:ind", {"w:left": indent, "w:hanging": indent}))
        p.append(break_run(font))
    p.append(tab_run(font))
    tail_runs(p, font)
    return p


def _year_toc(b: Builder, volume: Volume, plans: list[IssuePlan], marks: Bookmarks) -> None:
    b.paragraph("TocHeading", b.ctx.wording.labels.get("toc_heading", "目录"), page_break=True)
    for k, (vi, plan) in enumerate(zip(volume.issues, plans)):
        head = b.paragraph("Heading1", vi.heading)
        if k:
            b.set_spacing_before(head, b.g["line"] // 2)
        for key, text, center in plan.entries:
            name = marks.name(_key(k, key))
            cached = str(plan.printed(key))

            def tail(p, font, center=center, name=name, cached=cached):
                p.append(text_run(font, f"{center}（"))
                add_pageref(p, font, name, cached)
                p.append(text_run(font, "）"))

            _entry(b, text, tail, toc_entry_lines(text, center, b.layout, cached) > 1)


def _index(b: Builder, volume: Volume, plans: list[IssuePlan], marks: Bookmarks) -> None:
    groups = build_index(volume, [{} for _ in volume.issues])
    b.paragraph("TocHeading", index_heading(b.ctx.wording))
    if index_note(b.ctx.wording):
        note = b.paragraph("MastheadNumber", index_note(b.ctx.wording))
        for r in note._p.findall(qn("w:r")):
            set_rpr(r.get_or_add_rPr(), el("w:sz", {"w:val": round(b.layout.toc_size * 0.86 * 2)}))
    for n, g in enumerate(groups):
        head = b.paragraph("Heading1", g.letter)
        if n:
            b.set_spacing_before(head, b.g["line"] // 2)
        for e in g.entries:
            pieces = refs_text(volume, e.refs)
            plain = "；".join(f"{label} 第{'、'.join('00' for _ in rs)}页" for label, rs in pieces)

            def tail(p, font, pieces=pieces):
                for n, (label, rs) in enumerate(pieces):
                    p.append(text_run(font, ("；" if n else "") + f"{label} 第"))
                    for j, r in enumerate(rs):
                        if j:
                            p.append(text_run(font, "、"))
                        add_pageref(p, font, marks.name(_key(r.issue, r.stem)), str(plans[r.issue].printed(r.stem)))
                    p.append(text_run(font, "页"))

            per_line = b.layout.type_width / (b.layout.toc_size - 0.25)
            _entry(b, e.center, tail, text_width(e.center) + text_width(plain) + 1.2 > per_line)


def write_volume_docx(volume: Volume, ctx, path: Path) -> None:
    b = new_document(ctx)
    marks = Bookmarks()
    plans = [plan_issue(b, vi.bulletin) for vi in volume.issues]

    # --- title page, its blank back, the year TOC (an even number of pages) ------------
    _title_page(b, volume)
    _blank_page(b)
    _year_toc(b, volume, plans, marks)
    if _toc_pages(b, volume, plans) % 2 == 1:
        _blank_page(b)
    _close(b)

    # --- the issues, as printed ------------------------------------------------------
    for k, vi in enumerate(volume.issues):
        ctx.progress(f"正在排 {vi.label}（{vi.bulletin.issue}）")
        add_bulletin(b, vi.bulletin, marks, key_prefix=f"{k}/", restart=True, mark_briefs=True)
        _close(b, empty_footers=False)
        # an issue ending on an odd page (no 版记, or colophon_even_page: false): a blank
        # page so that the next issue, or the index, starts on a right-hand page
        has_colophon = bool(ctx.wording.colophon(vi.bulletin.publication))
        if not (ctx.layout.colophon_even_page and has_colophon):
            total = plans[k].pages["§end"] + (1 if has_colophon else 0)  # the 版记 has a page of its own
            if total % 2 == 1:
                _blank_page(b)
                _close(b)

    # --- index of centers ------------------------------------------------------------------
    _index(b, volume, plans, marks)
    sect = b.doc.sections[-1]
    _empty_footer(sect.footer)
    _empty_footer(sect.even_page_footer)

    pub = volume.publication
    set_properties(b.doc, ctx, f"《{pub.title}》{volume.title}", f"{pub.title} {volume.title}",
                   pub.author or pub.office, " ".join(vi.bulletin.issue for vi in volume.issues))
    ctx.progress("正在保存 Word 文档")
    b.doc.save(str(path))
