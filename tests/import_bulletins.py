"""Whole published bulletins as editors' Word files really are, made from an issue's articles.

An issue (the sample, the invented twin, the real corpus) is rendered to the text it prints —
masthead lines, 按语, 目录 with leaders and page numbers, center lines, titles, bodies, 点评,
简讯, 版记 — one paragraph per line, all in one style, as text pasted from a PDF or a web page.
Variants change what real files vary in: the dash ending the center lines, the TOC written as
paragraphs, a bulleted list with line breaks or a table, leaders, page-number brackets, wrapped
entries, the masthead as a Heading 1 or a large red paragraph, a lost center line, a 按语 over
several paragraphs.  The nodes are then written as Markdown for pandoc (whose smart typography
turns "--" into "–", as Word's AutoCorrect does), as HTML for LibreOffice, or with python-docx.

`expected(...)` is what an import must give back: per article center, title, the printed
body and 点评 lines, kind; and the 按语 paragraphs.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from qcbrief.model import Heading, Image, ListBlock, Paragraph, Table

Node = tuple  # ("p", text) | ("h1", text) | ("ul", [item, …]) | ("table", [[cell, …], …])


@dataclass(eq=False)
class Variant:
    name: str
    producer: str  # pandoc | libreoffice | python-docx | text
    dash: str = "——"  # what ends a center line as typed
    toc: str = "paragraphs"  # paragraphs | list | table | one-paragraph (line breaks) | none
    leader: str = "……"  # between title and center ("\t" for a tab)
    page: str = "（{}）"  # page number form
    wrap: bool = False  # every other TOC entry over two lines (title / leader+center+page)
    masthead: str = "plain"  # plain | heading | big-red | title-style (Word's "Title")
    rule: str = ""  # a text rule under the masthead
    toc_heading: str = "目  录"
    lost_center: int | None = None  # index of the article printed without its center line
    preface_paras: int = 1
    page_numbers: bool = False  # "— 3 —" lines left between articles
    title_split: bool = False  # long titles printed over two lines (as a PDF wraps them)
    toc_first: bool = False  # the TOC before the 按语
    toc_centers: bool = True  # False: Word's own TOC field (title, tab, page)
    build: bool = True  # the test also builds the imported issue (a few variants: a build costs seconds)
    # join_articles, title_first, styled (python-docx, LibreOffice), toc_briefs, center_first, toc_drop, toc_edit,
    # tables_as_text (a table pasted from a PDF: a line of cells per row), unnumbered (TOC entries)
    extra: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.name


# Every center-line dash is in some variant: "--" survives LibreOffice's HTML import as typed and
# becomes "–" through pandoc; "-", "—", "——" and "–" as written.
VARIANTS = [
    Variant("pandoc-plain", "pandoc", dash="--", leader=".....", page="（{}）", extra={"tables_as_text": True}),
    Variant("lo-plain", "libreoffice", dash="——", leader=".....", page="({})", rule="━" * 20, page_numbers=True,
            build=False),
    # the case of issue 15: masthead a Word heading, the TOC a bulleted list with line breaks under
    # "目 录", titles centered bold and larger on new pages, a center line lost
    Variant("lo-list", "libreoffice", dash="--", toc="list", toc_heading="目 录", masthead="heading", lost_center=1,
            preface_paras=2, extra={"styled": True}),
    Variant("pandoc-table", "pandoc", dash="-", toc="table", masthead="heading", lost_center=2, preface_paras=2,
            build=False),
    Variant("docx-wrapped", "python-docx", dash="—", leader="\t", page="{}", wrap=True, masthead="big-red",
            lost_center=0, rule="—" * 24),
    Variant("docx-one-paragraph", "python-docx", dash="–", toc="one-paragraph", leader="……", masthead="title-style",
            lost_center=0, preface_paras=2, title_split=True, build=False),
    # no TOC at all (center lines are all there is), a title over two lines
    Variant("docx-no-toc", "python-docx", dash="——", toc="none", title_split=True, build=False),
    # the TOC before a two-paragraph 按语, without a heading, a center line lost mid-issue
    Variant("pandoc-toc-first", "pandoc", dash="--", toc_first=True, toc_heading="", preface_paras=2, lost_center=3,
            build=False),
    # a two-paragraph 按语, then a TOC of unnumbered entries without a heading
    Variant("docx-toc-unnumbered", "python-docx", dash="——", toc_heading="", preface_paras=2, lost_center=2,
            extra={"unnumbered": True}, build=False),
    # Word's own TOC field: title, tab, page; no centers
    Variant("docx-word-toc", "python-docx", dash="-", leader="\t", page="{}", toc_centers=False, build=False),
    # each article pasted from a web page as one paragraph of Shift+Enter lines
    Variant("docx-line-breaks", "python-docx", dash="--", extra={"join_articles": True}, build=False),
    # laid out by hand in Word: a new page per article, titles centered bold 22 pt; the masthead and
    # "目 录" as Heading 1, the TOC a bulleted list with line breaks, a center line lost
    Variant("docx-styled-list", "python-docx", dash="——", toc="list", toc_heading="目 录", masthead="heading",
            lost_center=4, extra={"styled": True}, build=False),
    # "1.湖北省X中心：标题……（3）" entries, and the TOC forgot an article (its center line and
    # plain title still make it one)
    Variant("pandoc-center-first", "pandoc", dash="--", extra={"center_first": True, "toc_drop": 3}, build=False),
    # a TOC table without a heading that also lists each brief by its center; one entry worded
    # differently from its article's title; a center line lost
    Variant("docx-briefs-listed", "python-docx", dash="-", toc="table", toc_heading="", lost_center=1,
            extra={"toc_briefs": True, "toc_edit": 5}, build=False),
    # a plain-text file: wrapped TOC entries whose tab leader opened the second line (a text copy
    # drops it), bare page numbers, a list TOC with bullets, tables pasted as text
    Variant("text-wrapped", "text", dash="--", leader="\t", page="{}", wrap=True, lost_center=2,
            extra={"tables_as_text": True}, build=False),
    Variant("text-list", "text", dash="—", toc="list", toc_heading="目 录", preface_paras=2, lost_center=0,
            extra={"tables_as_text": True}, build=False),
    # the center line under the title; one center line lost
    Variant("docx-title-first", "python-docx", dash="——", extra={"title_first": True}, lost_center=2, build=False),
]
# --------------------------------------------------------------------------- what an issue prints
def block_lines(b) -> list:
    """The lines a block prints as plain text (tables keep their rows: they stay tables)."""
    if isinstance(b, Paragraph):
        return [b.text]
    if isinstance(b, Heading):
        return [b.text]
    if isinstance(b, ListBlock):
        return [f"{b.start + k}.{it.text}" if b.ordered else it.text for k, it in enumerate(b.items)]
    if isinstance(b, Table):
        cells = lambda row: tuple("".join(i.text for i in c) for c in row)
        cap = "".join(i.text for i in b.caption)
        return ([cap] if cap else []) + [("row",) + cells(b.header)] + [("row",) + cells(r) for r in b.rows]
    if isinstance(b, Image):
        return [b.caption] if b.caption else []
    raise TypeError(b)


def lines_of(blocks) -> list:
    return [x for b in blocks for x in block_lines(b)]


def _text_rows(lines: list) -> list:
    """Tables pasted from a PDF: each row a line of its cells apart by spaces."""
    return [" ".join(x[1:]) if isinstance(x, tuple) else x for x in lines]


def _nodes_of_blocks(blocks, tables_as_text: bool = False) -> list[Node]:
    out: list[Node] = []
    rows: list = []
    lines = lines_of(blocks)
    for line in (_text_rows(lines) if tables_as_text else lines) + [None]:
        if isinstance(line, tuple):
            rows.append(list(line[1:]))
            continue
        if rows:
            out.append(("table", rows))
            rows = []
        if line is None:
            break
        if line:
            out.append(("p", line))
    return out


def _pages(bulletin) -> dict[str, int]:
    page, pages = 1, {}
    for s in bulletin.sections:
        if s.heading:
            pages["§" + s.heading] = page
        for a in s.articles:
            pages[a.stem] = page
            chars = sum(len(str(x)) for x in lines_of(a.blocks))
            page += 0 if s.heading else max(1, chars // 800 + 1)
        if s.heading:
            page += 1
    return pages


def split_preface(text: str, n: int) -> list[str]:
    """The 按语 as n printed paragraphs (cut after a full stop)."""
    if n <= 1:
        return [text]
    cuts = [m.end() for m in re.finditer("。", text)][:-1]
    if not cuts:
        return [text]
    mid = cuts[len(cuts) // 2]
    return [text[:mid], text[mid:]]


def render(bulletin, v: Variant) -> list[Node]:
    pub = bulletin.publication
    nodes: list[Node] = []
    nodes.append(("h1" if v.masthead == "heading" else "name", pub.name))
    if bulletin.number:
        nodes.append(("p", f"第{bulletin.number}期" + (f"（总第{bulletin.total_number}期）" if bulletin.total_number else "")))
    if bulletin.subtitle:
        nodes.append(("p", f"（{bulletin.subtitle}）"))
    d = bulletin.date
    nodes.append(("p", f"{pub.office}    {d.year}年{d.month}月{d.day}日" if d else pub.office))
    if v.rule:
        nodes.append(("p", v.rule))
    pages = _pages(bulletin)
    preface_nodes: list[Node] = []
    if bulletin.preface:
        parts = split_preface(bulletin.preface, v.preface_paras)
        preface_nodes.append(("p", "按：" + parts[0]))
        preface_nodes.extend(("p", x) for x in parts[1:])
    if not v.toc_first:
        nodes.extend(preface_nodes)
    if v.toc != "none":
        if v.toc_heading:
            nodes.append(("h1" if v.toc == "list" else "p", v.toc_heading))
        entries = []
        n = 0
        for s in bulletin.sections:
            if s.heading:
                entries.append(("", s.heading, "", pages["§" + s.heading]))
                if v.extra.get("toc_briefs"):  # each brief listed by its center
                    entries.extend(("", a.center, "", pages["§" + s.heading]) for a in s.articles)
                continue
            for a in s.articles:
                n += 1
                if v.extra.get("toc_drop") == n:  # the TOC forgot an article
                    n -= 1
                    continue
                if v.extra.get("toc_edit") == n:  # the TOC words a title differently
                    entries.append((f"{n}.", "关于" + a.title[: len(a.title) // 2] + "的工作", a.center, pages[a.stem]))
                elif v.extra.get("center_first"):  # "1.湖北省X中心：标题……（3）"
                    entries.append((f"{n}.{a.center}：", a.title, "", pages[a.stem]))
                else:
                    entries.append(("" if v.extra.get("unnumbered") else f"{n}.", a.title, a.center, pages[a.stem]))
        if v.toc == "table":
            nodes.append(("table", [[num + title, center, str(page)] for num, title, center, page in entries]))
        else:
            items = []
            for k, (num, title, center, page) in enumerate(entries):
                tail = f"{v.leader}{center if v.toc_centers else ''}{v.page.format(page)}"
                items.append(f"{num}{title}\n{tail}" if (v.wrap and k % 2 == 0) or v.toc == "list"
                             else f"{num}{title}{tail}")
            if v.toc == "list":
                nodes.append(("ul", items))
            elif v.toc == "one-paragraph":
                nodes.append(("p", "\n".join(items)))
            else:
                for it in items:
                    nodes.extend(("p", x) for x in it.split("\n"))
    if v.toc_first:
        nodes.extend(preface_nodes)
    number = 0
    for s in bulletin.sections:
        if s.heading:
            nodes.append(("p", s.heading))
        for a in s.articles:
            if v.page_numbers and number:
                nodes.append(("p", f"— {pages[a.stem]} —"))
            if not s.heading:
                number += 1
            start = len(nodes)
            center_line = [("center", a.center + v.dash)] if number - 1 != v.lost_center or s.heading else []
            if not v.extra.get("title_first"):
                nodes.extend(center_line)
            if a.title and v.title_split and len(a.title) > 20 and " " in a.title.strip():
                cut = min((m.start() for m in re.finditer(r"[ \u3000]", a.title)), key=lambda x: abs(x - len(a.title) / 2))
                nodes.extend([("title", a.title[:cut]), ("title", a.title[cut + 1:])])
            elif a.title:
                nodes.append(("title", a.title))
            if v.extra.get("title_first"):
                nodes.extend(center_line)
            as_text = bool(v.extra.get("tables_as_text"))
            nodes.extend(_nodes_of_blocks(a.blocks, as_text))
            if a.commentary is not None:
                nodes.append(("p", "点评："))
                nodes.extend(_nodes_of_blocks(a.commentary.blocks, as_text))
            if v.extra.get("join_articles") and all(n[0] in ("p", "center", "title") for n in nodes[start:]):
                nodes[start:] = [("p", "\n".join(n[1] for n in nodes[start:]))]  # Shift+Enter lines
    nodes.extend(("p", x) for x in pub.publishers)
    for line in pub.distribution:
        nodes.append(("p", f"{line.label}：{'；'.join(line.recipients)}。"))
    if pub.contact:
        label, value = pub.contact[0]
        nodes.append(("p", f"{label}：{value}"))
        nodes.append(("p", "\u3000\u3000".join(f"{l}：{x}" for l, x in pub.contact[1:])))
    return nodes


def expected(bulletin, v: Variant) -> dict:
    rows = _text_rows if v.extra.get("tables_as_text") else (lambda x: x)
    arts = []
    for s in bulletin.sections:
        for a in s.articles:
            arts.append({"center": a.center, "title": re.sub(r"\s+", "", a.title), "kind": a.kind,
                         "body": rows(lines_of(a.blocks)),
                         "commentary": rows(lines_of(a.commentary.blocks)) if a.commentary is not None else None})
    return {"preface": split_preface(bulletin.preface, v.preface_paras), "articles": arts}


def imported_view(bulletin) -> dict:
    arts = []
    for a in bulletin.articles():
        arts.append({"center": a.center, "title": re.sub(r"\s+", "", a.title), "kind": a.kind,
                     "body": lines_of(a.blocks),
                     "commentary": lines_of(a.commentary.blocks) if a.commentary is not None else None})
    return {"preface": [x for x in bulletin.preface.split("\n") if x.strip()], "articles": arts}


# --------------------------------------------------------------------------- writers
_MD_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#+!|~^$@&])")


def _md_text(text: str) -> str:
    s = _MD_ESCAPE.sub(r"\\\1", text)
    s = re.sub(r"^(\d+)\.", r"\1\\.", s)
    s = re.sub(r"^([-:])", r"\\\1", s)
    return s


def to_markdown(nodes: list[Node]) -> str:
    out = []
    for kind, *rest in nodes:
        if kind == "h1":
            out.append("# " + _md_text(rest[0]))
        elif kind == "ul":
            out.append("\n".join("- " + "\\\n  ".join(_md_text(x) for x in it.split("\n")) for it in rest[0]))
        elif kind == "table":
            rows = rest[0]
            cells = lambda r: "| " + " | ".join(_md_text(c) for c in r) + " |"
            head = [""] * len(rows[0]) if len(rows[0]) == 3 and rows[0][0][:1].isdigit() else rows[0]
            body = rows if head is not rows[0] else rows[1:]
            out.append("\n".join([cells(head), "|" + "---|" * len(rows[0])] + [cells(r) for r in body]))
        else:
            out.append("\n".join(_md_text(x) for x in rest[0].split("\n")))
    return "\n\n".join(out) + "\n"


def to_html(nodes: list[Node], styled: bool = False) -> str:
    """styled: titles centered, bold and larger, each article on a new page (as laid out by hand)."""
    e = html.escape
    out = []
    new_page = False
    for kind, *rest in nodes:
        if styled and kind in ("center", "title"):
            brk = "" if new_page else "page-break-before:always;"
            new_page = True
            if kind == "title":
                out.append(f'<p style="{brk}text-align:center;font-size:22pt"><b>{e(rest[0])}</b></p>')
            else:
                out.append(f'<p style="{brk}">{e(rest[0])}</p>')
            continue
        new_page = False
        if kind == "h1":
            out.append(f"<h1>{e(rest[0])}</h1>")
        elif kind == "ul":
            out.append("<ul>" + "".join("<li>" + "<br>".join(e(x) for x in it.split("\n")) + "</li>"
                                        for it in rest[0]) + "</ul>")
        elif kind == "table":
            out.append("<table border=\"1\">" + "".join(
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rest[0]) + "</table>")
        else:
            out.append(f"<p>{e(rest[0])}</p>")
    return "<html><head><meta charset=\"utf-8\"></head><body>\n" + "\n".join(out) + "\n</body></html>\n"


def to_docx(nodes: list[Node], path: Path, masthead: str, styled: bool = False) -> Path:
    """styled: laid out as an office does by hand (no qcbrief styles): each article on a new page,
    titles centered, bold and larger, body text 16 pt."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    d = docx.Document()
    if styled:
        d.styles["Normal"].font.size = Pt(16)
    new_page = False
    for kind, *rest in nodes:
        if styled and kind == "center":
            p = d.add_paragraph(rest[0])
            p.paragraph_format.page_break_before = not new_page
            new_page = True
            continue
        if styled and kind == "title":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(rest[0])
            r.bold, r.font.size = True, Pt(22)
            p.paragraph_format.page_break_before = not new_page
            new_page = True
            continue
        new_page = False
        if kind == "name" and masthead == "big-red":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(rest[0])
            r.font.size = Pt(42)
            r.font.color.rgb = RGBColor(0xE6, 0x00, 0x12)
        elif kind == "name" and masthead == "title-style":
            d.add_paragraph(rest[0], style="Title")
        elif kind == "h1":
            d.add_paragraph(rest[0], style="Heading 1")
        elif kind == "ul":
            for it in rest[0]:
                d.add_paragraph(it, style="List Bullet")  # "\n" -> a line break
        elif kind == "table":
            rows = rest[0]
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    t.cell(r, c).text = text
        else:
            d.add_paragraph(rest[0])  # "\n" in a TOC line -> a line break inside the paragraph
    d.save(str(path))
    return path


def to_text(nodes: list[Node]) -> str:
    """A .txt copy (Word's "save as plain text", or text copied from a PDF): a line per paragraph,
    list items with a bullet, table rows as cells apart by tabs."""
    lines: list[str] = []
    for kind, *rest in nodes:
        if kind == "ul":
            lines += ["• " + x if k == 0 else x for it in rest[0] for k, x in enumerate(it.split("\n"))]
        elif kind == "table":
            lines += ["\t".join(r) for r in rest[0]]
        else:
            lines += rest[0].split("\n")
    return "\n".join(lines) + "\n"


def write_source(nodes: list[Node], v: Variant, folder: Path, stem: str) -> Path:
    """The variant's source file: .md (pandoc), .html (LibreOffice), the .docx itself or a .txt."""
    folder.mkdir(parents=True, exist_ok=True)
    if v.producer == "text":
        path = folder / f"{stem}.txt"
        path.write_text(to_text(nodes), encoding="utf-8")
    elif v.producer == "pandoc":
        path = folder / f"{stem}.md"
        path.write_text(to_markdown(nodes), encoding="utf-8")
    elif v.producer == "libreoffice":
        path = folder / f"{stem}.html"
        path.write_text(to_html(nodes, bool(v.extra.get("styled"))), encoding="utf-8")
    else:
        path = to_docx(nodes, folder / f"{stem}.docx", v.masthead, bool(v.extra.get("styled")))
    return path
