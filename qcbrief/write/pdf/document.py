"""write_pdf: fonts -> multi-pass composition (TOC page numbers) -> drawing."""

from __future__ import annotations

from pathlib import Path

from ...errors import QcbriefError
from .compose import Composer
from .draw import Drawer

MAX_PASSES = 6


def printed_text(bulletin, ctx) -> str:
    """Text the writer adds around the articles (masthead, center lines, TOC, 版记, labels…)."""
    w = ctx.wording
    m = w.masthead(bulletin)
    parts = [m.name, m.number_line, m.issue_line, m.office, m.date]
    for a in bulletin.articles():
        parts.append(w.center_line(a))
        if not a.is_brief:
            e = w.toc_entry(a)
            parts += [e.text, e.center]
    for blk in w.colophon(bulletin.publication):
        parts += blk.lines
    parts += list(w.labels.values())
    parts.append("0123456789—（）：·. " + f"生成于 {ctx.built_at:%Y-%m-%d %H:%M}")
    return "\n".join(p for p in parts if p)


def load_fonts(bulletin, ctx):
    from . import fonts as F

    extra = printed_text(bulletin, ctx)
    issue = F.issue_text(bulletin, ctx.wording)
    chars = set(issue) | set(extra)
    fontset = F.resolve_fonts(ctx.config, chars=chars, use_system=ctx.use_system_fonts)
    try:
        F.check_coverage(fontset, {"body": issue + "\n" + extra})
    except QcbriefError as exc:
        raise _located(exc, bulletin, fontset.missing(issue + "\n" + extra, "body")) from None
    return fontset


def _located(exc: QcbriefError, bulletin, missing: set[str]) -> QcbriefError:
    """The coverage error at the first article line holding a character no font has."""
    for article in bulletin.articles():
        try:
            lines = article.path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
        except OSError:
            continue
        for n, line in enumerate(lines, start=1):
            col = next((k for k, ch in enumerate(line, start=1) if ch in missing), 0)
            if col:
                return QcbriefError(exc.message, article.path, n, col)
    return exc


def compose(bulletin, ctx, fontset):
    """Lay the issue out until the TOC's page numbers agree with where articles start.

    This converges: longer page numbers can only lengthen the TOC and move the
    articles later, never back, so after the first real numbers at most a pass
    or two more are needed.  With `page_numbering: first_article` (and articles on
    new pages) the TOC's length does not change the printed numbers at all: two
    passes."""
    toc_pages = None
    for _ in range(MAX_PASSES):
        comp = Composer(bulletin, ctx, fontset, toc_pages)
        pages = comp.compose()
        if not ctx.layout.wants_toc(bulletin) or comp.article_pages == toc_pages:
            return comp, pages
        toc_pages = comp.article_pages
    raise QcbriefError("目录页码无法稳定（排版反复变化），请检查文章内容。")  # pragma: no cover


def write_pdf(bulletin, ctx, path, fontset=None) -> None:
    path = Path(path)
    if fontset is None:
        ctx.progress("正在准备字体")
        fontset = load_fonts(bulletin, ctx)
    ctx.progress("正在排版 PDF")
    comp, pages = compose(bulletin, ctx, fontset)
    pub = bulletin.publication
    title = pub.title + (f"（{bulletin.subtitle}）" if bulletin.subtitle else "")
    meta = {"title": title, "subject": bulletin.subtitle or pub.title, "author": pub.author or pub.office,
            "keywords": bulletin.issue}
    draft_text = mark = ""
    if ctx.draft:
        mark = ctx.wording.labels.get("draft_watermark", "草稿")
        draft_text = f"{mark} · 生成于 {ctx.built_at:%Y-%m-%d %H:%M}"
    mark_font = fontset.faces[ctx.layout.role("watermark").font][0].name
    small_font = fontset.faces["song"][0].name
    drawer = Drawer(ctx.layout, path, meta, draft_text=draft_text, draft_font=small_font,
                    mark_font=mark_font, watermark=mark,
                    initial_font=fontset.faces["body"][0].name)
    for p in pages:
        drawer.page(p)
    drawer.page_labels(pages)
    drawer.save()
