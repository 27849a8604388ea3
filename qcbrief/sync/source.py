"""An article's (or issue.yaml's) source text and the printed paragraphs mapped
back to it, so a change in the DOCX becomes a change of only those characters
in the file.

Each unit's source span runs from the line its block starts on to the line the
next block starts on (units.py).  Within the span, the unit's printed words are
matched character by character, left to right (the printed text is the source
minus markup: ** and * marks, heading and list marks, escapes, soft line
breaks, YAML indentation and quotes).  A deleted character is removed where it
stands, an inserted text goes right after the character before it, so the
markup around the edit stays as the author wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..importer.mdwriter import paragraph_md
from ..load.markdown import LABEL_INLINE_RE
from ..load.textfile import SourceText, read_source
from ..model import Inline
from .textdiff import Edit
from .units import Unit

_KEY = re.compile(r"^[^\s#\-][^:]*:(\s|$)")
_MARK = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d{1,9}[.)][ \t]+)?")
_MD_ESC = re.compile(r"([\\`*_\[\]<])")


class Unsyncable(Exception):
    """This change cannot be written back safely (the message says why)."""


@dataclass
class Source:
    path: Path
    src: SourceText
    is_yaml: bool  # a .yaml article or issue.yaml (body in a block scalar)
    front_end: int = 0  # md: line of the closing '---' (0: none)
    starts: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.src.text

    def __post_init__(self):
        self.starts = [0]
        for m in re.finditer("\n", self.text):
            self.starts.append(m.end())
        self.nlines = len(self.starts)

    def offset(self, line: int) -> int:
        """Offset of the start of 1-based line (past the end: len(text))."""
        if line < 1:
            return 0
        return self.starts[line - 1] if line <= self.nlines else len(self.text)

    def line_text(self, line: int) -> str:
        a = self.offset(line)
        b = self.offset(line + 1)
        return self.text[a:b].rstrip("\n")

    def key_lines(self) -> list[int]:
        last = self.front_end - 1 if self.front_end else self.nlines
        first = 2 if self.front_end else 1
        return [n for n in range(first, last + 1) if _KEY.match(self.line_text(n))]

    def next_key(self, line: int) -> int:
        later = [n for n in self.key_lines() if n > line]
        if later:
            return later[0]
        return self.front_end if self.front_end else self.nlines + 1


def open_source(path: Path, body_line: int = 0) -> Source:
    src = read_source(path)
    is_yaml = path.suffix.lower() in (".yaml", ".yml")
    return Source(path, src, is_yaml, front_end=(body_line - 1 if not is_yaml and body_line > 1 else 0))


def set_spans(units: list[Unit], source: Source, article) -> None:
    """Fill each unit's `end` line (see units.py)."""
    n = source.nlines + 1
    comm = article.commentary
    if source.is_yaml:
        body_end = source.next_key(article.key_lines.get("body", n)) if "body" in article.key_lines else n
    else:
        body_end = n
    comm_end = body_end
    if comm is not None and comm.from_front_matter:
        comm_end = source.next_key(comm.line)
    elif comm is not None:
        body_end = comm.line
    for u in units:
        if u.kind == "caption" and u.line == 0:  # a table's caption paragraph: the line above the table
            nxt = units[units.index(u) + 1]
            k = nxt.line - 1
            while k > 1 and not source.line_text(k).strip():
                k -= 1
            u.line = k
    for i, u in enumerate(units):
        if u.region == "front":
            u.end = source.next_key(u.line) if u.line else 0
            continue
        if u.region == "label":
            u.end = u.line + 1
            continue
        limit = body_end if u.region == "body" else comm_end
        nxt = [v.line for v in units[i + 1:] if v.region == u.region and v.line > u.line]
        u.end = min(nxt[0], limit) if nxt else limit
        if u.end <= u.line:
            u.end = u.line + 1


def _start(unit: Unit, source: Source) -> int:
    """Where the unit's words can start in its span (past key, list or heading marks)."""
    a = source.offset(unit.line)
    line = source.line_text(unit.line)
    if unit.region == "front" or (source.is_yaml and _KEY.match(line)) or (source.front_end and unit.line < source.front_end):
        colon = re.search(r":\s*[|>]?[-+]?\s*", line)
        return a + (colon.end() if colon else 0)
    m = LABEL_INLINE_RE.match(line)
    if m and unit.region == "commentary":
        return a + m.start("rest")
    if unit.kind in ("heading", "item", "body"):
        return a + _MARK.match(line).end()
    return a


def align_span(words: str, text: str, pos: int, end: int) -> list[int]:
    """Offsets of each character of words in text[pos:end], matched left to right."""
    out: list[int] = []
    for ch in words:
        if ch == " " or ch == "\n":
            cands = [j for j in (text.find(c, pos, end) for c in (" \n" if ch == " " else "\n<")) if j >= 0]
            j = min(cands) if cands else -1
        else:
            j = text.find(ch, pos, end)
        if j < 0:
            raise Unsyncable("这一段的文字与文件对不上（可能含特殊写法），请手工修改")
        out.append(j)
        pos = j + 1
        if ch == "\n" and text.startswith("<", j):
            pos = text.find(">", j, end) + 1 or pos
    return out


def align(unit: Unit, source: Source) -> list[int | None]:
    """Source offset of each printed character of the unit (None for the prefix/suffix)."""
    if not unit.line:
        raise Unsyncable("找不到这一段在文件中的位置")
    end = source.offset(unit.end) if unit.end else len(source.text)
    found = align_span(unit.words, source.text, _start(unit, source), end)
    return [None] * len(unit.prefix) + list(found) + [None] * len(unit.suffix)


def _escape(text: str, unit: Unit) -> str:
    if unit.region == "front":
        if "\n" in text:
            raise Unsyncable("标题或署名中不能有换行")
        return text
    text = _MD_ESC.sub(r"\\\1", text)
    if unit.region == "table":
        text = text.replace("|", "\\|")
    return text.replace("\n", "<br>")


def char_patches(unit: Unit, source: Source, edits: list[Edit]) -> list[Edit]:
    """Printed-text edits of one unit -> edits of the source text (offsets in source.text)."""
    if not edits:
        return []
    if unit.kind in ("figure", "label"):
        raise Unsyncable({"figure": "图片不能在 Word 中修改后同步",
                          "label": "“点评：”标签来自 templates/labels.yaml，未同步"}[unit.kind])
    if unit.kind == "table":
        return table_patches(unit, source, edits)
    return _patches(align(unit, source), unit, source.text, edits)


def _cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a Markdown table row (pipes escaped with \\ are text)."""
    pipes = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    bounds = [-1] + pipes + [len(line)]
    spans = [(a + 1, b) for a, b in zip(bounds, bounds[1:])]
    if spans and not line[:spans[0][1]].strip():
        spans = spans[1:]
    if spans and not line[spans[-1][0]:].strip():
        spans = spans[:-1]
    return spans


def table_patches(unit: Unit, source: Source, edits: list[Edit]) -> list[Edit]:
    """A table edited in Word: cell by cell, when no row or column was added or removed."""
    from .textdiff import apply_edits, char_edits

    old_rows = [r.split("\t") for r in unit.text.split("\n")]
    new_rows = [r.split("\t") for r in apply_edits(unit.text, edits).split("\n")]
    if [len(r) for r in old_rows] != [len(r) for r in new_rows]:
        raise Unsyncable("表格的行或列有增减，请手工修改文章中的表格")
    out: list[Edit] = []
    for r, (old, new) in enumerate(zip(old_rows, new_rows)):
        if old == new:
            continue
        line = unit.line + (r + 1 if r >= 1 else 0)  # the |---| line follows the header row
        a = source.offset(line)
        spans = _cells(source.line_text(line))
        if len(spans) != len(old):
            raise Unsyncable("表格的写法无法逐格对应，请手工修改")
        for (s0, s1), o, n in zip(spans, old, new):
            if o != n and not o.strip():  # an empty cell filled in
                at = a + s0 + (1 if source.text[a + s0:a + s1].startswith(" ") else 0)
                out.append(Edit(at, at, _escape(n.strip(), Unit("cell", n, line, region="table"))))
            elif o != n:
                cell = Unit("cell", o, line, region="table")
                pos = align_span(o, source.text, a + s0, a + s1)
                out.extend(_patches(list(pos), cell, source.text, char_edits(o, n)))
    return out


def _patches(pos: list[int | None], unit: Unit, text: str, edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in edits:
        deleted = pos[e.i1:e.i2]
        if any(p is None for p in deleted):
            raise Unsyncable("改动涉及模板生成的文字（如署名后的“——”或列表编号），未同步")
        for p in deleted:
            out.append(Edit(p, p + 1, ""))
        if e.text:
            if deleted:
                at = deleted[0]
            else:
                before = next((p for p in reversed(pos[:e.i1]) if p is not None), None)
                after = next((p for p in pos[e.i1:] if p is not None), None)
                if before is not None and after is not None:
                    # between two characters: after any markup or line break between them
                    # (text typed after a bold lead-in belongs to the plain text that follows)
                    gap = text[before + 1:after]
                    at = after if (gap.strip() or "\n" in gap or text[before] == "\n") else before + 1
                elif after is not None:
                    at = after
                elif before is not None:
                    at = before + 1
                else:
                    raise Unsyncable("找不到插入位置")
            out.append(Edit(at, at, _escape(e.text, unit)))
    return out


def _indent(source: Source, unit: Unit) -> str:
    if not source.is_yaml or not unit.line:
        return ""
    return re.match(r"^[ \t]*", source.line_text(unit.line)).group(0)


def new_paragraph_md(text: str, prev: Unit | None, inlines: list | None = None) -> str:
    """Markdown for a paragraph a reviewer added (its bold runs kept as **…**)."""
    if prev is not None and prev.kind == "item":
        m = re.match(r"^(\d{1,9})[.)]\s*", text)
        if text.startswith("• "):
            return "- " + paragraph_md([Inline(text[2:])])
        if m:
            return f"{m.group(1)}. " + paragraph_md([Inline(text[m.end():])])
    if inlines and "".join(i.text for i in inlines) == text:
        return paragraph_md(inlines)
    return paragraph_md([Inline(text)])


def insert_patch(source: Source, before: Unit | None, after_unit: Unit | None, texts: list[str],
                 inlines: list | None = None) -> Edit:
    """New paragraphs placed before unit `before` (a body/commentary unit) or, when
    None, after the span of `after_unit`."""
    if before is not None and before.region in ("body", "commentary") and before.line:
        at = source.offset(before.line)
        ref = before
        tail = "\n\n"
    elif after_unit is not None and after_unit.region in ("body", "commentary") and after_unit.end:
        at = source.offset(after_unit.end)
        ref = after_unit
        tail = "\n\n" if at < len(source.text) else "\n"
    else:
        raise Unsyncable("新增段落的位置无法确定（文章没有正文）")
    ind = _indent(source, ref)
    runs = inlines or [None] * len(texts)
    mds = [new_paragraph_md(t, after_unit, r) for t, r in zip(texts, runs)]
    list_like = after_unit is not None and after_unit.kind == "item" and all(
        re.match(r"^(- |\d+\. )", m) for m in mds)
    sep = "\n" if list_like else "\n\n"
    body = sep.join("\n".join(ind + ln for ln in m.split("\n")) for m in mds)
    head = source.text[:at]
    lead = "" if head.endswith("\n\n") or not head or list_like else ("\n" if head.endswith("\n") else "\n\n")
    if list_like:
        tail = "\n"
    return Edit(at, at, lead + body + tail)


def delete_patch(source: Source, unit: Unit) -> Edit:
    if unit.region not in ("body", "commentary") or not unit.line:
        raise Unsyncable({"center": "删除了中心署名行", "title": "删除了标题"}.get(unit.kind, "删除的段落无法对应到文件")
                         + "，未同步；如需删除请直接修改文章文件")
    return Edit(source.offset(unit.line), source.offset(unit.end), "")


def apply_patches(text: str, patches: list[Edit]) -> str:
    ps = sorted(patches, key=lambda e: (e.i1, e.i2))
    for a, b in zip(ps, ps[1:]):
        if b.i1 < a.i2:
            raise Unsyncable("多处修改相互重叠")
    out = text
    for e in reversed(ps):
        out = out[:e.i1] + e.text + out[e.i2:]
    if "****" in out and "****" not in text:  # all the words of a bold run deleted: drop its marks
        out = out.replace("****", "")
    return out
