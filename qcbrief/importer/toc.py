"""A published bulletin's own 目录, read in every form editors' files have it, and its titles
found again in the body.

The TOC may be paragraphs, list items (one entry per item, or several entries joined by line
breaks), or a table (number / title / center / page in columns, or fewer columns); leaders are
dots, "……", "....."/"…..", middle dots, a tab or spaces; page numbers are in （）, () or bare;
and an entry may wrap over two or three lines (paragraphs or line breaks): "1.标题" then
"……××省X质量控制中心（1）".  read_toc() returns the entries and where the TOC ends;
match_titles() finds each entry's title in the body, in order, tolerant of spaces and
punctuation, so the TOC can serve as the skeleton that cuts the body into articles.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .patterns import SECTION_RE, TOC_HEADING_RE, center_name, cn_number
from .source import Para

# the organisation a center name ends with (for entries without a page number or a leader)
ORG_END = r"(?:中心|办公室|委员会|协会|学会|医院|局|处|科|所|站)"
_LEADER = r"(?:[.…·•⋯_\-—–－·\s]{2,}|\t[.…·⋯\s]*|[…⋯]+)"
_PAGE = r"(?:[（(]\s*(?P<page>\d{1,4})\s*[）)]|(?P<bare>\d{1,4}))"
ENTRY_RE = re.compile(
    rf"^\s*(?:(?P<num>\d{{1,3}}|[一二三四五六七八九十]{{1,3}})\s*[.．、]\s*)?(?P<title>\S.*?)\s*{_LEADER}\s*"
    rf"(?P<center>[^\t…·⋯.]*?)\s*{_PAGE}?\s*$")
_NUM_START = re.compile(r"^\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.．、]")
TITLE_MAX, CENTER_MAX = 80, 40


@dataclass
class TocItem:
    number: int | None
    title: str
    center: str
    page: int | None = None
    section: bool = False


def parse_entry(text: str) -> TocItem | None:
    """One TOC entry written on one line (the lines of a wrapped entry joined)."""
    m = ENTRY_RE.match(text.replace("\n", ""))
    if not m:
        return None
    title = m.group("title").strip(" \t.…·⋯")
    center = m.group("center").strip(" \t.…·⋯—–-")
    page = m.group("page") or m.group("bare")
    if not title or len(title) > TITLE_MAX or len(center) > CENTER_MAX:
        return None
    if page is None:
        # no page number: only "标题……××省X中心" (dots, and an organisation's name)
        leader = text[m.end("title"):m.start("center")]
        if not center or not re.search(ORG_END + "$", center) or not re.search(r"[.…·⋯]", leader):
            return None
    if not center and page is not None and m.group("bare") and not re.search(r"[.…·⋯\t]", text):
        return None  # "标题  3": spaces and a bare number are too weak a sign
    if not center:
        # "××省X中心：标题……（3）": the center first
        cf = re.match(rf"^(?P<c>[^\s：:]{{4,{CENTER_MAX}}})\s*[：:]\s*(?P<t>\S.*)$", title)
        if cf and re.search(ORG_END[:-1] + "|质控)", cf.group("c")):
            title, center = cf.group("t"), cf.group("c")
    if not center:
        # "标题 ××省X中心" with a single space before the center
        sp = re.match(rf"^(?P<t>.+?)\s+(?P<c>[^\s]{{4,{CENTER_MAX}}}{ORG_END})$", title)
        if sp and re.search(r"[省市州县区]", sp.group("c")):
            title, center = sp.group("t"), sp.group("c")
    return TocItem(_number(m.group("num")), title, center, int(page) if page else None,
                   section=bool(SECTION_RE.match(title)) and not center)


def _number(s: str | None) -> int | None:
    if not s:
        return None
    try:
        return int(s) if s.isdigit() else cn_number(s)
    except (KeyError, ValueError):
        return None


def _table_entries(p: Para) -> list[TocItem] | None:
    """A TOC laid out as a table: one entry per row (a header row is skipped)."""
    out: list[TocItem] = []
    bad = 0
    for k, row in enumerate(p.lines):
        cells = [c.strip() for c in row.split("\t") if c.strip()]
        if not cells:
            continue
        item = None
        num = None
        if re.fullmatch(r"\d{1,3}[.．、]?", cells[0]) and len(cells) > 1:
            num = int(re.sub(r"\D", "", cells[0]))
            cells = cells[1:]
        page = None
        pm = re.fullmatch(r"[（(]?\s*(\d{1,4})\s*[）)]?", cells[-1]) if len(cells) > 1 else None
        if pm:
            page = int(pm.group(1))
            cells = cells[:-1]
        if len(cells) == 1:
            item = parse_entry(cells[0] + ("" if page is None else f"\t{page}"))
            if item is None and page is not None:
                t = cells[0]
                m = _NUM_START.match(t)
                item = TocItem(_number(re.sub(r"[\s.．、]", "", m.group())) if m else None, t[m.end():] if m else t, "", page)
        elif len(cells) >= 2:
            t = cells[0]
            m = _NUM_START.match(t)
            if m:
                num, t = _number(re.sub(r"[\s.．、]", "", m.group())), t[m.end():]
            item = TocItem(num, t.strip(" .…·⋯"), cells[-1].strip(" .…·⋯—–-"), page)
        if item is not None and num is not None and item.number is None:
            item.number = num
        if item is not None and (item.page is not None or item.number is not None):
            item.section = bool(SECTION_RE.match(item.title)) and not item.center
            out.append(item)
        elif k == 0:
            continue  # a header row (序号 / 标题 / 单位 / 页码)
        else:
            bad += 1
    return out if out and bad * 3 <= len(out) else None


def _lines(items: list[Para], j: int) -> list[tuple[int, str]]:
    """(paragraph index, line) for the paragraphs and list items from items[j] (up to a table or picture)."""
    out = []
    for i in range(j, len(items)):
        p = items[i]
        if p.kind not in ("p", "list"):
            break
        out.extend((i, line) for line in p.text.split("\n") if line.strip())
        if len(out) > 400:
            break
    return out


_HAS_LEADER = re.compile(r"[.…·⋯]{2,}|[…⋯]|\t")
_OPENS_WITH_LEADER = re.compile(r"^[\s.…·⋯_\-—–－]")


def _join_wrapped(lines: list[str]) -> str:
    """The lines of a wrapped entry as one: a line after one without a leader, that does not
    open with a leader itself, goes on after a tab (the leader a text copy lost, or a wrapped
    title: the title then merely holds a tab)."""
    out = lines[0]
    for line in lines[1:]:
        out += line if _HAS_LEADER.search(out) or _OPENS_WITH_LEADER.match(line) else "\t" + line
    return out


def read_toc(items: list[Para], k: int) -> tuple[list[TocItem], int]:
    """The old TOC at items[k] (its heading and entries) -> (entries, index after it)."""
    entries: list[TocItem] = []
    j = k
    heading = False
    while j < len(items) and items[j].kind in ("p", "list") and (
            TOC_HEADING_RE.match(items[j].text) or items[j].role == "toc_heading"):
        heading, j = True, j + 1
    while j < len(items):
        p = items[j]
        if p.kind == "table":
            rows = _table_entries(p)
            if rows is None or not (heading or entries or p.role == "toc") and (
                    len(rows) < 2 or any(r.page is None for r in rows)):
                break  # without a heading, only a table of numbered entries with pages is a TOC
            entries.extend(rows)
            j += 1
            continue
        lines = _lines(items, j)
        pos, last = 0, None
        while pos < len(lines):
            found = None
            for n in (1, 2, 3):
                chunk = lines[pos:pos + n]
                if len(chunk) < n:
                    break
                if n > 1 and (_NUM_START.match(chunk[-1][1]) or len(chunk[-1][1]) > TITLE_MAX):
                    break  # the next entry begins: this one does not wrap
                if center_name(chunk[-1][1]):
                    break  # an article's center line: the TOC has ended
                item = parse_entry(_join_wrapped([x for _, x in chunk]))
                if item is not None:
                    found = (item, n)
                    break
            if found is None and SECTION_RE.match(lines[pos][1]) and (entries or heading):
                found = (TocItem(None, lines[pos][1].strip(), "", None, section=True), 1)
            if found is None:
                break
            entries.append(found[0])
            pos += found[1]
            last = lines[pos - 1][0]
        if last is None:
            if p.role == "toc":  # an entry we could not parse, in a TOC style
                j += 1
                continue
            break
        j = last + 1
        if pos < len(lines) and lines[pos][0] == last:
            break  # the paragraph goes on with text that is not the TOC
    # a TOC heading with nothing recognisable under it is still the TOC's
    return entries, j


def norm(text: str) -> str:
    """Text for comparing titles: no spaces, no punctuation."""
    return re.sub(r"[\W_]+", "", text)


def similar(a: str, b: str, cut: float = 0.85) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    if not 0.7 <= len(a) / len(b) <= 1.4:
        return False
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sm.real_quick_ratio() >= cut and sm.quick_ratio() >= cut and sm.ratio() >= cut


def _candidates(items: list[Para], pos: int, e: TocItem, t: str):
    """(index, span) of the paragraphs from pos that read as the entry's title."""
    for i in range(pos, len(items)):
        p = items[i]
        if p.kind != "p" or len(p.text) > len(e.title) * 1.5 + 8 or center_name(p.text):
            continue
        a = norm(p.text)
        if similar(a, t):
            yield i, 1
            continue
        nxt = items[i + 1] if i + 1 < len(items) else None
        if a and len(a) < len(t) * 0.8 and t.startswith(a[:2]) and nxt is not None and nxt.kind == "p" \
                and similar(a + norm(nxt.text), t):
            yield i, 2  # a long title set as two paragraphs


def match_titles(items: list[Para], start: int, entries: list[TocItem]) -> dict[int, tuple[TocItem, int]]:
    """Each entry's title in items[start:], in TOC order -> {index: (entry, paragraphs it spans)}.
    When the words occur more than once (a sub-heading worded like a later title), the one
    next to a center line wins, else the first."""
    found: dict[int, tuple[TocItem, int]] = {}
    pos = start
    for e in entries:
        t = norm(e.title)
        if len(t) < 2:
            continue
        cands = []
        for i, span in _candidates(items, pos, e, t):
            cands.append((i, span))
            if len(cands) >= 4:
                break
        if not cands:
            continue
        near = [(i, span) for i, span in cands if (i > 0 and center_name(items[i - 1].text))
                or (i + span < len(items) and center_name(items[i + span].text))]
        i, span = (near or cands)[0]
        found[i] = (e, span)
        pos = i + span
    return found
