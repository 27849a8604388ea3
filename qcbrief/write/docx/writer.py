"""write_docx: the whole bulletin as a .docx (see the package docstring)."""

from __future__ import annotations

from pathlib import Path

from docx.enum.section import WD_SECTION

from ...model import Article, Bulletin
from ...text.titles import title_lines
from .base import open_base
from .colophon import colophon
from .content import Builder
from .estimate import estimate, text_width
from .fields import add_page_field
from .fonts import role_fonts
from .front import masthead, preface, toc
from .ooxml import el, qn, set_ppr, twips


def wants_toc(bulletin: Bulletin, layout) -> bool:
    if layout.toc == "always":
        return True
    if layout.toc == "auto":
        return len(bulletin.full_articles) >= layout.toc_min_articles
    return False


def footer_distance(layout) -> int:
    """Footer bottom above the page edge so the number line's top sits 7 mm below the type area."""
    line = layout.page_number_size * 1.25
    return twips(layout.margin_bottom - layout.page_number_offset - line)


def _footer(footer, b: Builder, odd: bool) -> None:
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    ppr = p._p.get_or_add_pPr()
    ppr.style = "PageNumber"
    char = twips(b.layout.page_number_size)
    if odd:
        set_ppr(ppr, el("w:ind", {"w:left": 0, "w:right": char, "w:rightChars": 100}))
        set_ppr(ppr, el("w:jc", {"w:val": "right"}))
    else:
        set_ppr(ppr, el("w:ind", {"w:left": char, "w:leftChars": 100, "w:right": 0}))
        set_ppr(ppr, el("w:jc", {"w:val": "left"}))
    add_page_field(p._p, b.style_fonts.font("PageNumber"))


def _empty_footer(footer) -> None:
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p._p.get_or_add_pPr().style = "PageNumber"


def _article(b: Builder, a: Article, page_break: bool) -> None:
    wording = b.ctx.wording
    first = True
    if a.center:
        b.paragraph("CenterLine", wording.center_line(a), page_break=page_break)
        first = False
    if a.title:
        # break a long title between its phrases (GB/T 9704 7.3.1), as the PDF does
        size = b.layout.title_size
        lines = title_lines(a.title, lambda s: text_width(s) * size, b.layout.type_width - 2 * b.layout.char_pitch)
        b.paragraph("ArticleTitle", "\n".join(lines), page_break=page_break and first)
        first = False
    if first and page_break and a.blocks:
        # no center, no title: break before the first paragraph
        start = len(b.doc.element.body)
        b.blocks(a.blocks)
        for child in b.doc.element.body[start - 1:]:
            if child.tag == qn("w:p"):
                set_ppr(child.get_or_add_pPr(), el("w:pageBreakBefore"))
                break
    else:
        b.blocks(a.blocks)
    if a.commentary and a.commentary.blocks:
        b.paragraph("CommentaryLabel", wording.labels.get("commentary_label", "点评："))
        b.blocks(a.commentary.blocks, body_style="Commentary")


def _brief(b: Builder, a: Article, first_in_run: bool) -> None:
    p = b.paragraph("CenterLine", b.ctx.wording.center_line(a) if a.center else "")
    if not first_in_run:
        b.set_spacing_before(p, b.g["line"] // 2)
    if a.title:
        b.paragraph("Heading3", a.title)
    b.blocks(a.blocks)


def write_docx(bulletin: Bulletin, ctx, path: Path) -> None:
    layout = ctx.layout
    fonts = role_fonts(ctx.config)
    ctx.progress("正在准备 Word 文档样式")
    document = open_base(Path(ctx.root), layout, fonts, footer_distance(layout))
    b = Builder(document, layout, fonts, ctx)

    # --- front matter ----------------------------------------------------
    ctx.progress("正在排报头")
    masthead(b, bulletin)
    preface(b, bulletin)
    show_toc = wants_toc(bulletin, layout)
    pages: dict[str, int] = {}
    entries_text: list[tuple[str, str, str]] = []  # (key, text, center)
    for section in bulletin.sections:
        if section.heading:
            entries_text.append(("§" + section.heading, section.heading, ""))
        for a in section.articles:
            if not a.is_brief:
                te = ctx.wording.toc_entry(a)
                entries_text.append((a.stem, te.text, te.center))
    pages = estimate(bulletin, layout, ctx.wording, [(t, c) for _, t, c in entries_text] if show_toc else None,
                     b.image_height)
    if show_toc:
        toc(b, [(t, f"{c}（{pages.get(k, 1)}）") for k, t, c in entries_text])

    # --- articles and sections ---------------------------------------------
    first_article = True
    done = 0
    total = sum(1 for _ in bulletin.articles())
    for section in bulletin.sections:
        section_start = False
        if section.heading:
            b.paragraph("SectionHeading", section.heading, page_break=True)
            section_start = True
        brief_run = 0
        for a in section.articles:
            if a.is_brief:
                _brief(b, a, brief_run == 0)
                brief_run += 1
            else:
                brief_run = 0
                brk = layout.article_new_page and not section_start and (show_toc or not first_article)
                _article(b, a, brk)
                first_article = False
            section_start = False
            done += 1
            if done % 10 == 0:
                ctx.progress(f"已排 {done}/{total} 篇")

    # --- page numbers ----------------------------------------------------------
    main = document.sections[0]
    _footer(main.footer, b, odd=True)
    _footer(main.even_page_footer, b, odd=False)

    # --- 版记 in its own last section: new (even) page, bottom-aligned, no number
    ctx.progress("正在排版记")
    if ctx.wording.colophon(bulletin.publication):
        if layout.colophon_even_page and pages.get("§end", 1) % 2 == 0:
            # content estimated to end on an even page: an explicit, unnumbered blank
            # page, so exports that drop automatically inserted blank pages (LibreOffice's
            # PDF export) still print the 版记 on an even page.  The evenPage break below
            # keeps it right when the estimate is off.
            blank = document.add_section(WD_SECTION.NEW_PAGE)
            _empty_footer(blank.footer)
            _empty_footer(blank.even_page_footer)
            b.paragraph("Body")
        start = WD_SECTION.EVEN_PAGE if layout.colophon_even_page else WD_SECTION.NEW_PAGE
        last = document.add_section(start)
        sect = last._sectPr
        grid = sect.find(qn("w:docGrid"))
        valign = el("w:vAlign", {"w:val": "bottom"})
        if grid is not None:
            grid.addprevious(valign)
        else:
            sect.append(valign)
        _empty_footer(last.footer)
        _empty_footer(last.even_page_footer)
        colophon(b, bulletin)

    # --- document properties --------------------------------------------------
    pub = bulletin.publication
    cp = document.core_properties
    cp.title = f"{pub.name}（{bulletin.subtitle}）" if bulletin.subtitle else pub.name
    cp.subject = bulletin.subtitle
    cp.author = pub.author or pub.office
    cp.last_modified_by = pub.author or pub.office
    cp.language = "zh-CN"
    cp.keywords = bulletin.issue
    cp.created = ctx.built_at
    cp.modified = ctx.built_at
    cp.revision = 1
    ctx.progress("正在保存 Word 文档")
    document.save(str(path))
