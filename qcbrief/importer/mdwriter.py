"""Imported articles -> article Markdown that the loader reads back unchanged.

Every paragraph is escaped for CommonMark and then parsed back with the
project's own Markdown reader; when emphasis would not survive (CommonMark's
flanking rules around punctuation), the bold edge punctuation moves out of the
markers, and as a last resort the bold is dropped: the text itself is never
changed.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..load.markdown import CANONICAL_LABEL, parse_blocks
from ..model import Block, Heading, Image, Inline, ListBlock, Paragraph, Table

_ESC_ALWAYS = re.compile(r"([\\`*_\[\]<])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def _escape(text: str, table: bool = False) -> str:
    text = _ESC_ALWAYS.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    if table:
        text = text.replace("|", "\\|")
    return text


def _escape_line_start(line: str) -> str:
    if re.match(r"^#{1,6}(\s|$)", line):
        return "\\" + line
    if re.match(r"^[>+]", line) or re.match(r"^-(\s|$|-+\s*$)", line) or re.match(r"^=+\s*$", line):
        return "\\" + line
    m = re.match(r"^(\d{1,9})([.)])(\s|$)", line)
    if m:
        return m.group(1) + "\\" + line[len(m.group(1)):]
    if re.match(r"^~~~|^```", line):
        return "\\" + line
    return line


def _runs_md(inlines: list[Inline], table: bool = False, trim: bool = False) -> str:
    out = []
    for r in inlines:
        text = r.text
        if table:
            text = text.replace("\n", "<br>")
        if r.bold and r.text.strip():
            lead = trail = ""
            if trim:  # move edge punctuation out of the markers
                m = re.match(r"^([^\w\u4e00-\u9fff]*)(.*?)([^\w\u4e00-\u9fff]*)$", text, re.S)
                if m and m.group(2):
                    lead, text, trail = m.group(1), m.group(2), m.group(3)
            esc = lambda s: _escape(s, table).replace("\\<br\\>", "<br>") if table else _escape(s)
            out.append(f"{esc(lead)}**{esc(text)}**{esc(trail)}")
        elif r.italic and r.text.strip():
            out.append(f"*{_escape(text, table)}*")
        else:
            e = _escape(text, table)
            out.append(e.replace("\\<br>", "<br>") if table else e)
    s = "".join(out)
    if table:
        s = s.replace("\\<br>", "<br>")
    else:
        s = s.replace("\n", "\\\n")
    return s


def _line_starts(md: str) -> str:
    return "\n".join(_escape_line_start(x) for x in md.split("\n"))


def _same(a: list[Inline], b: list[Inline]) -> bool:
    def norm(x):
        merged = []
        for i in x:
            key = (bool(i.bold), bool(i.italic))
            if merged and merged[-1][0] == key:
                merged[-1] = (key, merged[-1][1] + i.text)
            else:
                merged.append((key, i.text))
        return merged
    return norm(a) == norm(b)


def paragraph_md(inlines: list[Inline]) -> str:
    """Markdown for one paragraph whose parse gives back these runs."""
    for attempt in range(3):
        if attempt == 2:
            inlines = [Inline(i.text, italic=i.italic) for i in inlines]  # last resort: no bold
        md = _line_starts(_runs_md(inlines, trim=attempt >= 1))
        blocks = parse_blocks(md, 1, Path("."))
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph) and _same(blocks[0].inlines, inlines):
            return md
    return md


def _table_md(t: Table) -> str:
    ncols = max([len(t.header)] + [len(r) for r in t.rows]) if (t.header or t.rows) else 0
    if not ncols:
        return ""
    header = list(t.header) + [[] for _ in range(ncols - len(t.header))]

    def row(cells):
        cells = list(cells) + [[] for _ in range(ncols - len(cells))]
        return "| " + " | ".join(_runs_md(c, table=True) or " " for c in cells) + " |"

    lines = [row(header), "| " + " | ".join("---" for _ in range(ncols)) + " |"]
    lines += [row(r) for r in t.rows]
    out = "\n".join(lines)
    if t.caption:
        out = paragraph_md(t.caption) + "\n\n" + out
    return out


def _list_md(lb: ListBlock) -> str:
    lines = []
    n = lb.start
    counters: dict[int, int] = {}
    for it in lb.items:
        d = it.depth
        for deeper in [k for k in counters if k > d]:
            del counters[deeper]
        counters[d] = counters.get(d, (n - 1) if d == 0 else 0) + 1
        marker = f"{counters[d]}." if lb.ordered else "-"
        indent = "   " * d if lb.ordered else "  " * d
        text = _runs_md(it.inlines).replace("\\\n", "<br>")
        lines.append(f"{indent}{marker} {text}")
    return "\n".join(lines)


def blocks_md(blocks: list[Block], heading_base: int = 3) -> str:
    parts = []
    levels = sorted({b.level for b in blocks if isinstance(b, Heading)})
    for b in blocks:
        if isinstance(b, Paragraph):
            parts.append(paragraph_md(b.inlines))
        elif isinstance(b, Heading):
            text = _escape(b.text.replace("\n", " ").strip())
            parts.append("#" * min(6, heading_base + levels.index(b.level)) + " " + text)
        elif isinstance(b, ListBlock):
            parts.append(_list_md(b))
        elif isinstance(b, Table):
            parts.append(_table_md(b))
        elif isinstance(b, Image):
            cap = b.caption.replace("[", "\\[").replace("]", "\\]")
            parts.append(f"![{cap}]({b.src})")
    return "\n\n".join(p for p in parts if p)


def _front(key: str, value: str) -> str:
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, width=10 ** 6).strip()


def article_md(center: str, title: str, kind: str, blocks: list[Block], commentary: list[Block] | None,
               source_note: str = "", center_note: str = "") -> str:
    lines = ["---"]
    if source_note:
        lines.append(f"# {source_note}")
    c = _front("center", center)
    lines.append(c + (f"  # {center_note}" if center_note else ""))
    if title or kind != "brief":
        lines.append(_front("title", title))
    if kind != "article":
        lines.append(f"kind: {kind}")
    lines.append("---")
    out = "\n".join(lines) + "\n\n" + blocks_md(blocks)
    if commentary is not None:
        out += f"\n\n{CANONICAL_LABEL}\n\n" + blocks_md(commentary)
    return out.rstrip("\n") + "\n"
