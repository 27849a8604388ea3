"""write_docx: the whole bulletin as a .docx (see the package docstring)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...keep import carries
from ...model import Article, Bulletin, ListBlock, Paragraph
from ...text.titles import title_lines
from .base import open_base
from .colophon import colophon
from .content import Builder
from .estimate import estimate, estimated_lines, text_width
from .fields import add_page_field
from .fonts import role_fonts
from .front import TocLine, masthead, preface, toc
from .sections import Bookmarks, end_section, restart_numbering, set_section_start
from .ooxml import el, qn, set_ppr, twips
from .anchors import SyncAnchors


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
        # the 点评 does not start a page alone: a short paragraph before the label goes with it,
        # whole (qcbrief/keep.py; LibreOffice moves a keepNext paragraph in one piece) — as in the PDF
        last = b.doc.element.body[-2] if len(b.doc.element.body) > 1 else None
        before = a.blocks[-1] if a.blocks else None
        if isinstance(before, (Paragraph, ListBlock)) and last is not None and last.tag == qn("w:p") \
                and _style(last) == "Body" and carries(estimated_lines(before, b.layout)):
            set_ppr(last.get_or_add_pPr(), el("w:keepNext"))
            set_ppr(last.get_or_add_pPr(), el("w:keepLines"))
        b.paragraph("CommentaryLabel", wording.labels.get("commentary_label", "点评："))
        b.blocks(a.commentary.blocks, body_style="Commentary")


def _brief(b: Builder, a: Article, first_in_run: bool) -> None:
    p = b.paragraph("CenterLine", b.ctx.wording.center_line(a) if a.center else "")
    if not first_in_run:
        b.set_spacing_before(p, b.g["line"] // 2)
    if a.title:
        b.paragraph("Heading3", a.title)
    b.blocks(a.blocks)


def _style(p) -> str | None:
    s = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return s.get(qn("w:val")) if s is not None else None


def _last_paragraph(b: Builder):
    """The body's last w:p, to carry a section break; a table at the end gets a
    one-twip paragraph after it (a full-height empty line could spill onto a new page)."""
    body = b.doc.element.body
    last = body[-2] if len(body) > 1 else None  # body[-1] is the body's sectPr
    if last is not None and last.tag == qn("w:p"):
        return last
    p = b.paragraph("Body")._p
    ppr = p.get_or_add_pPr()
    set_ppr(ppr, el("w:snapToGrid", {"w:val": 0}))
    set_ppr(ppr, el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 2, "w:lineRule": "exact"}))
    return p


def new_document(ctx) -> Builder:
    """An empty document with the writer's styles (or the workspace's reference.docx)."""
    layout = ctx.layout
    fonts = role_fonts(ctx.config)
    ctx.progress("正在准备 Word 文档样式")
    document = open_base(Path(ctx.root), layout, fonts, footer_distance(layout))
    return Builder(document, layout, fonts, ctx)


@dataclass
class IssuePlan:
    show_toc: bool
    split_front: bool  # masthead, 按语 and 目录 are a section of their own (numbering from article 1)
    entries: list[tuple[str, str, str]]  # (key, text, center) of the TOC entries
    pages: dict[str, int]  # estimated physical page (within the issue) by key, see estimate()

    @property
    def front_pages(self) -> int:
        return self.pages["§front"]

    def printed(self, key: str) -> int:
        """The estimated printed page of an article, brief or section heading."""
        return max(1, self.pages.get(key, 1) - self.front_pages)


def plan_issue(b: Builder, bulletin: Bulletin) -> IssuePlan:
    ctx, layout = b.ctx, b.layout
    show_toc = layout.wants_toc(bulletin)
    # first_article numbering: masthead, 按语 and 目录 are a section of their own, without
    # page numbers; the articles' section restarts at 1.  Without a TOC the first article
    # shares page 1 with the masthead, so numbering starts on the cover.
    split_front = show_toc and layout.page_numbering == "first_article"
    entries: list[tuple[str, str, str]] = []  # (key, text, center)
    for section in bulletin.sections:
        if section.heading:
            entries.append(("§" + section.heading, section.heading, ""))
        for a in section.articles:
            if not a.is_brief:
                te = ctx.wording.toc_entry(a)
                entries.append((a.stem, te.text, te.center))
    pages = estimate(bulletin, layout, ctx.wording, [(t, c) for _, t, c in entries] if show_toc else None,
                     b.image_height, split_front=split_front)
    return IssuePlan(show_toc, split_front, entries, pages)


def add_bulletin(b: Builder, bulletin: Bulletin, marks: Bookmarks | None = None, key_prefix: str = "",
                 restart: bool = False, mark_briefs: bool = False, sync: SyncAnchors | None = None) -> IssuePlan:
    """Append the issue as printed (masthead, 按语, 目录, articles, 版记) in its own sections,
    after whatever the document holds (a closed section).  Bookmarks are named by
    marks under key_prefix + stem; restart: the issue's first section numbers from 1
    (when it is not numbered from the first article anyway); mark_briefs: 简讯 items
    get a bookmark too (the volume's index points to them); sync: collects the anchors of
    `qcbrief sync` (anchors.py) at the start of each part."""
    ctx, layout, document = b.ctx, b.layout, b.doc
    marks = marks if marks is not None else Bookmarks()
    sync = sync if sync is not None else SyncAnchors()
    body = document.element.body
    plan = plan_issue(b, bulletin)
    show_toc, split_front, pages = plan.show_toc, plan.split_front, plan.pages
    first_section = document.sections[-1]
    # --- front matter ----------------------------------------------------
    ctx.progress("正在排报头")
    at = len(body) - 1
    masthead(b, bulletin)
    sync.mark("m", body[at] if len(body) - 1 > at else None)
    at = len(body) - 1
    preface(b, bulletin)
    sync.mark("p", body[at] if len(body) - 1 > at else None)
    front_pages = plan.front_pages
    front_end = None
    if show_toc:
        toc_at = len(body) - 1
        lines = [TocLine(t, c, marks.name(key_prefix + k), plan.printed(k)) for k, t, c in plan.entries]
        front_end = toc(b, lines)[-1] if lines else None
        sync.mark("t", body[toc_at])
    if split_front and front_end is None:
        front_end = b.doc.element.body[-2]

    # --- articles and sections ---------------------------------------------
    first_article = True
    done = 0
    total = sum(1 for _ in bulletin.articles())
    for section in bulletin.sections:
        section_start = False
        if section.heading:
            p = b.paragraph("SectionHeading", section.heading, page_break=not (split_front and first_article))
            marks.add(key_prefix + "§" + section.heading, p._p, p._p)
            sync.mark(f"s{len([n for n, _ in sync.marks if n[0] == 's']) + 1:02d}", p._p)
            section_start = True
        brief_run = 0
        for a in section.articles:
            start = len(b.doc.element.body) - 1
            if a.is_brief:
                _brief(b, a, brief_run == 0)
                brief_run += 1
                if mark_briefs:
                    paras = [e for e in b.doc.element.body[start:-1] if e.tag == qn("w:p")]
                    if paras:
                        marks.add(key_prefix + a.stem, paras[0], paras[0])
            else:
                brief_run = 0
                brk = (layout.article_new_page and not section_start and (show_toc or not first_article)
                       and not (split_front and first_article))
                _article(b, a, brk)
                if not brk and not section_start and not first_article:
                    # an article set on after the previous one: a blank line between (as in the PDF)
                    p0 = next(e for e in b.doc.element.body[start:] if e.tag == qn("w:p"))
                    sp = p0.get_or_add_pPr().find(qn("w:spacing"))
                    if sp is None:
                        sp = set_ppr(p0.get_or_add_pPr(), el("w:spacing"))
                    sp.set(qn("w:before"), str(b.g["line"]))
                first_article = False
                # the bookmark the TOC's PAGEREF points to: the article's first paragraphs
                # (center line and title, kept together on the page where it starts)
                paras = [e for e in b.doc.element.body[start:-1] if e.tag == qn("w:p")]
                if paras:
                    head = [x for x in paras[:2] if _style(x) in ("CenterLine", "ArticleTitle")] or paras[:1]
                    marks.add(key_prefix + a.stem, head[0], head[-1])
            sync.mark(f"a{done + 1:04d}", next((e for e in body[start:-1] if e.tag == qn("w:p")), None))
            section_start = False
            done += 1
            if done % 10 == 0:
                ctx.progress(f"已排 {done}/{total} 篇")

    # --- sections: [front matter,] articles[, 版记] ------------------------------------
    main = document.sections[-1]
    if split_front:
        front = end_section(document, front_end)
        _empty_footer(front.footer)
        _empty_footer(front.even_page_footer)
        main = document.sections[-1]
        restart_numbering(main._sectPr, 1)
    elif restart:
        restart_numbering(first_section._sectPr, 1)
    _footer(main.footer, b, odd=True)
    _footer(main.even_page_footer, b, odd=False)

    # --- 版记 in its own last section: on the back of the last sheet, bottom-aligned, no number
    ctx.progress("正在排版记")
    if ctx.wording.colophon(bulletin.publication):
        end_section(document, _last_paragraph(b))
        last = document.sections[-1]
        sect = last._sectPr
        # The 版记 page must be an even physical page (the back of the last sheet).
        # Word and LibreOffice place an odd/even section start by the printed number (with
        # an odd number of unnumbered front pages, printed odd = physical even) and insert
        # a blank page when needed; but LibreOffice's PDF export drops such automatic blank
        # pages.  So when the content is estimated to end on an even physical page, the
        # section starts with an explicit blank page; the odd/even start stays as the
        # safety net (Word adds a blank page if the estimate was wrong).
        blank = layout.colophon_even_page and pages["§end"] % 2 == 0
        physical_even = "evenPage" if front_pages % 2 == 0 else "oddPage"
        physical_odd = "oddPage" if physical_even == "evenPage" else "evenPage"
        if layout.colophon_even_page:
            set_section_start(sect, physical_odd if blank else physical_even)
        pg = sect.find(qn("w:pgNumType"))
        if pg is not None:
            pg.attrib.pop(qn("w:start"), None)
        grid = sect.find(qn("w:docGrid"))
        valign = el("w:vAlign", {"w:val": "bottom"})
        if grid is not None:
            grid.addprevious(valign)
        else:
            sect.append(valign)
        _empty_footer(last.footer)
        _empty_footer(last.even_page_footer)
        if blank:
            b.paragraph("Body")
        first = colophon(b, bulletin)
        sync.mark("c", first._p if first is not None else None)
        if blank:
            set_ppr(first._p.get_or_add_pPr(), el("w:pageBreakBefore"))
    elif layout.colophon_even_page and pages["§end"] % 2 == 1:
        # no 版记 (none configured): the page count is still even: a blank, unnumbered
        # back page in a section of its own (starting on the even physical page)
        end_section(document, _last_paragraph(b))
        last = document.sections[-1]
        set_section_start(last._sectPr, "evenPage" if front_pages % 2 == 0 else "oddPage")
        _empty_footer(last.footer)
        _empty_footer(last.even_page_footer)
        b.paragraph("Body")

    return plan


def set_properties(document, ctx, title: str, subject: str, author: str, keywords: str) -> None:
    cp = document.core_properties
    cp.title = title
    cp.subject = subject
    cp.author = author
    cp.last_modified_by = author
    cp.language = "zh-CN"
    cp.keywords = keywords
    cp.created = ctx.built_at
    cp.modified = ctx.built_at
    cp.revision = 1


def write_docx(bulletin: Bulletin, ctx, path: Path) -> None:
    from ...sync.embed import embed_manifest

    b = new_document(ctx)
    sync = SyncAnchors()
    add_bulletin(b, bulletin, sync=sync)
    pub = bulletin.publication
    set_properties(b.doc, ctx, f"{pub.title}（{bulletin.subtitle}）" if bulletin.subtitle else pub.title,
                   bulletin.subtitle, pub.author or pub.office, bulletin.issue)
    # what `qcbrief sync` needs: the anchors and the manifest of what this DOCX was built from
    embed_manifest(b.doc, bulletin, ctx.wording, ctx.layout, sync)
    ctx.progress("正在保存 Word 文档")
    b.doc.save(str(path))
