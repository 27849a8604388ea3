"""The document model as plain values for the HTML templates.

Templates see only dicts, lists and strings (no model objects), so an edited
template cannot reach into Python, and article text reaches the page only
through Jinja2's autoescaping.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ...text.masthead import set_name
from ...model import Article, Bulletin, Heading, Image, Inline, ListBlock, Paragraph, Table
from ...text.cjk import is_cjk
from .images import data_uri

_LABEL = re.compile(r"^([^：:]{1,8})[：:]")


def runs(inlines: list[Inline]) -> list[dict]:
    return [{"text": i.text, "bold": i.bold, "italic": i.italic, "code": i.code} for i in inlines if i.text]


def list_items(block: ListBlock) -> list[dict]:
    """A list as marked paragraphs, numbered as in the DOCX and PDF (ListBlock.markers)."""
    return [{"kind": "item", "marker": m, "depth": item.depth, "runs": runs(item.inlines)}
            for m, item in zip(block.markers(), block.items)]


def blocks(items) -> list[dict]:
    out: list[dict] = []
    for b in items:
        if isinstance(b, Paragraph):
            out.append({"kind": "p", "runs": runs(b.inlines)})
        elif isinstance(b, Heading):
            out.append({"kind": "h", "level": min(max(b.level, 1), 3), "runs": runs(b.inlines)})
        elif isinstance(b, ListBlock):
            out.extend(list_items(b))
        elif isinstance(b, Table):
            n = max([len(b.header), *(len(r) for r in b.rows)] or [0])
            aligns = [(b.aligns[i] if i < len(b.aligns) else None) or "left" for i in range(n)]
            pad = lambda cells: [runs(c) for c in cells] + [[] for _ in range(n - len(cells))]  # noqa: E731
            out.append({"kind": "table", "caption": runs(b.caption), "header": pad(b.header) if b.header else [],
                        "rows": [pad(r) for r in b.rows], "aligns": aligns})
        elif isinstance(b, Image):
            out.append({"kind": "image", "uri": data_uri(b.path), "src": b.src, "caption": b.caption})
    return out


def anchor(article: Article) -> str:
    """The in-page id of an article: its file stem (unique in an issue), spaces dashed."""
    return "a-" + re.sub(r"\s+", "-", article.stem)


def href(ident: str) -> str:
    return "#" + quote(ident, safe="-_.~")


def article_view(article: Article, wording) -> dict:
    te = wording.toc_entry(article) if not article.is_brief else None
    c = article.commentary
    ident = anchor(article)
    return {
        "id": ident, "href": href(ident), "stem": article.stem, "brief": article.is_brief,
        "center": wording.center_line(article) if article.center else "",
        "center_name": article.center,
        "title": article.title,
        "blocks": blocks(article.blocks),
        "commentary": ({"label": wording.labels.get("commentary_label", "点评："), "blocks": blocks(c.blocks)}
                       if c and c.blocks else None),
        "toc_text": te.text if te else "", "toc_center": te.center if te else "",
    }


def label_chars(line: str) -> int:
    """Width in em of a colophon line's label (报：, 分送：) for the hanging indent."""
    m = _LABEL.match(line)
    if not m:
        return 0
    return round(sum(1 if is_cjk(ch) else 0.5 for ch in m.group(0)))


def name_lines(name: str, layout) -> tuple[str, ...]:
    """The masthead name's lines, as the PDF and DOCX set them (text/masthead.py)."""
    return set_name(name, layout.name_size, layout.type_width).lines


def bulletin_view(bulletin: Bulletin, ctx) -> dict:
    wording = ctx.wording
    m = wording.masthead(bulletin)
    sections = []
    for i, s in enumerate(bulletin.sections):
        sid = f"s-{i + 1}"
        sections.append({"heading": s.heading, "id": sid, "href": href(sid),
                         "articles": [article_view(a, wording) for a in s.articles]})
    colophon = [{"lines": [{"text": line, "hang": label_chars(line)} for line in block.lines]}
                for block in wording.colophon(bulletin.publication)]
    pub = bulletin.publication
    return {
        "issue": bulletin.issue,
        "title": pub.title + (f"（{bulletin.subtitle}）" if bulletin.subtitle else ""),
        "masthead": {"name": m.name, "name_lines": list(name_lines(m.name, ctx.layout)), "number_line": m.number_line, "issue_line": m.issue_line,
                     "office": m.office, "date": m.date},
        "preface": bulletin.preface.strip(),
        "labels": dict(wording.labels),
        "toc": ctx.layout.wants_toc(bulletin) and any(a for s in sections for a in s["articles"] if not a["brief"]),
        "sections": sections,
        "colophon": colophon,
        "draft": f"{wording.labels.get('draft_watermark', '草稿')}　生成于 {ctx.built_at:%Y-%m-%d %H:%M}"
                 if ctx.draft else "",
    }
