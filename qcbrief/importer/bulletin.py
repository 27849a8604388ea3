"""A whole published bulletin -> one article per piece, and the issue's facts.

The masthead lines (name as a heading, a large red paragraph or plain text; 第N期, the issue
line, office and date, a rule) fill the issue's subtitle/date/number, the 按语 (one or more
paragraphs) becomes the preface, the 版记 at the end is dropped (what differs from config.yaml
is kept as per-issue overrides).  The old TOC (toc.py) is the skeleton: each entry's title is
found again in the body and starts an article, whose center comes from the entry when its
center line is missing; center lines ("……——", "—", "–", "--", "-") start articles too, and
are all there is when the bulletin has no TOC.  Items under a 简讯 heading, or title-less
short items, are briefs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from ..model import Inline
from .blocks import (TITLE_MAX, _drop_prefix, _starts_new as _starts_numbered, _title_text, body_size, center_of,
                     continues_title, ends_sentence, fill_body, is_big, is_label, is_page_number, title_like)
from .patterns import (CENTER_INLINE_RE, CN_DATE_RE, COLOPHON_LABELS, DATE_RE, LABEL_RE, NUMBER_RE, PREFACE_RE,
                       RULE_RE, SECTION_RE, TOC_HEADING_RE, TOTAL_RE, center_name, cn_number, squash)
from .source import Imported, ImportResult, IssueMeta, Para
from .toc import _NUM_START, ORG_END, TocItem, match_titles, norm, parse_entry, read_toc, similar


def looks_like_bulletin(paras: list[Para], bulletin_name: str = "") -> bool:
    centers = sum(1 for p in paras if center_of(p))
    head = [p for p in paras[:8] if p.kind == "p"]
    masthead = any(p.role == "masthead_name" or (bulletin_name and squash(bulletin_name) in squash(p.text))
                   or re.search(r"简\s*报\s*$", p.text) for p in head)
    preface = any(p.kind == "p" and PREFACE_RE.match(p.text) for p in paras[:40])
    toc = any(p.role in ("toc", "toc_heading") or (p.kind == "p" and TOC_HEADING_RE.match(p.text)) for p in paras)
    if masthead and (preface or toc):
        return True
    return centers >= 2 and (masthead or preface or toc or centers >= 3)


def _colophon_start(items: list[Para], labels: tuple[str, ...], publishers: list[str]) -> int:
    """Index where the 版记 begins (len(items) when there is none)."""
    label_re = re.compile(r"^\s*(?:%s)\s*[：:]" % "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True)))
    n = len(items)
    start = n
    for k in range(n - 1, max(-1, n - 40), -1):
        p = items[k]
        if p.role == "colophon" or (p.kind == "p" and label_re.match(p.text)) or (
                p.kind == "table" and any(label_re.match(x) for x in p.lines)):
            start = k
        elif start < n:
            break
    if start == n:
        return n
    pubs = {squash(x) for x in publishers}
    k = start - 1
    while k >= 0:
        p = items[k]
        t = p.text.strip()
        if p.role == "colophon" or p.kind == "image" or squash(t) in pubs or (
                p.kind == "p" and len(t) <= 30 and not ends_sentence(t) and re.search(r"中心|办公室|公众号|委员会", t)
                and not center_of(p) and p.role not in ("title", "heading")):
            start = k
            k -= 1
        else:
            break
    return start


def _parse_colophon(items: list[Para], meta: IssueMeta, labels: tuple[str, ...]) -> None:
    label_re = re.compile(r"^\s*(%s)\s*[：:]\s*" % "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True)))
    for p in items:
        texts = [p.text] if p.kind == "p" else p.lines
        for line in (x for t in texts for x in re.split(r"\n|\t|\u3000{2,}| {3,}", t)):
            m = label_re.match(line)
            if not m:
                continue
            label, value = m.group(1), line[m.end():].strip()
            if label in ("投稿地址", "地址", "电话", "邮箱", "传真", "邮编", "联系电话"):
                meta.contact[label] = value
            else:
                meta.distribution[label] = [r.strip() for r in re.split(r"[；;]", value.rstrip("。.；;")) if r.strip()]


def _split_structural(p: Para) -> list[Para]:
    """A paragraph of Shift+Enter lines one of which is a center line, the 点评 label, a
    section heading, the 按语 or the TOC heading (text pasted from a web page): one paragraph
    per line, so each part is seen."""
    if p.kind != "p" or "\n" not in p.text or p.role not in (None, "body"):
        return [p]
    lines = p.text.split("\n")
    if not any(center_name(x) or LABEL_RE.match(x) or SECTION_RE.match(x) or PREFACE_RE.match(x)
               or TOC_HEADING_RE.match(x) for x in lines):
        return [p]
    out, runs = [], list(p.inlines)
    for k, line in enumerate(lines):
        part, runs = _take_chars(runs, len(line) + 1)  # the line and its break
        out.append(Para("p", part, role=p.role, style=p.style, centered=p.centered, size=p.size,
                        page_break=p.page_break and k == 0))
    return out


def _take_chars(runs: list[Inline], n: int) -> tuple[list[Inline], list[Inline]]:
    """The runs of the first n characters (line breaks dropped), and the rest."""
    head: list[Inline] = []
    while runs and n > 0:
        r = runs.pop(0)
        if len(r.text) > n:
            runs.insert(0, Inline(r.text[n:], r.bold, r.italic, r.code))
            r = Inline(r.text[:n], r.bold, r.italic, r.code)
        n -= len(r.text)
        if r.text.replace("\n", ""):
            head.append(Inline(r.text.replace("\n", ""), r.bold, r.italic, r.code))
    return head, runs


def _int(s: str) -> int | None:
    """12 or 十二."""
    try:
        return int(s) if s.isdigit() else cn_number(s)
    except (KeyError, ValueError):
        return None


def _parse_front(front: list[Para], meta: IssueMeta) -> None:
    # a masthead laid out in a table, or in lines of one paragraph: each cell's and each line counts
    lines = [x for p in front for t in (p.lines if p.kind == "table" else [p.text]) for x in re.split(r"[\t\n]", t)]
    for t in lines:
        if m := TOTAL_RE.search(t):
            meta.total_number = _int(m.group(1))
        if m := NUMBER_RE.search(t):
            meta.number = _int(m.group(1))
        m = DATE_RE.search(t)
        ymd = (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
        if ymd is None and (m := CN_DATE_RE.search(t)):
            try:
                ymd = (cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3)))
            except (KeyError, ValueError):
                ymd = None
        if ymd:
            try:
                meta.date = dt.date(*ymd)
            except ValueError:
                pass
        s = t.strip()
        m = re.fullmatch(r"[（(]\s*(.+?)\s*[）)]", s)
        if m and not meta.subtitle and not (TOTAL_RE.search(s) or NUMBER_RE.search(s)):
            meta.subtitle = m.group(1)  # "（2026年第1季度·省级质控中心篇）", not "（总第9期）"
        elif not meta.subtitle and len(s) <= 30 and re.search(r"\d{4}\s*年.*(?:季度|上半年|下半年|篇)", s) \
                and not DATE_RE.search(s) and "\t" not in s:
            meta.subtitle = s  # an issue line printed without parentheses


def _is_section_heading(p: Para, toc_sections: set[str]) -> bool:
    if p.kind != "p":
        return False
    t = p.text.strip()
    if p.role == "section":
        return True
    return bool(SECTION_RE.match(t)) or (squash(t) in toc_sections and p.role not in ("center",))


def is_masthead_name(p: Para, bulletin_name: str = "") -> bool:
    """The bulletin's name line, however it is set (heading, large red paragraph, plain text)."""
    if p.kind != "p":
        return False
    t = squash(p.text)
    return p.role == "masthead_name" or bool(bulletin_name and squash(bulletin_name) in t and len(t) <= 40) or (
        len(t) <= 30 and bool(re.search(r"简\s*报$|通\s*讯$", t)))


def _starts_toc(items: list[Para], k: int) -> bool:
    p = items[k]
    if p.role in ("toc", "toc_heading") or (p.kind in ("p", "list") and TOC_HEADING_RE.match(p.text)):
        return True
    first = p.text.split("\n")[0] if p.kind in ("p", "list") else ""
    entry = parse_entry(first) if first and len(first) <= 120 else None
    if p.kind == "table" or (first and _NUM_START.match(first)) or (entry is not None and entry.page is not None):
        entries, _ = read_toc(items, k)
        return len(entries) >= 1 and any(e.number is not None or e.page is not None for e in entries)
    return False


def _front_end(items: list[Para], bulletin_name: str) -> int:
    """Index of the first item after the masthead: the 按语, the TOC or the first article."""
    for k, p in enumerate(items[:60]):
        if p.kind == "p" and is_masthead_name(p, bulletin_name):
            continue
        if (p.kind == "p" and (PREFACE_RE.match(p.text) or center_of(p))) or _starts_toc(items, k) \
                or p.role in ("preface", "center", "title"):
            return k
    return 0  # no recognisable start: nothing is front matter


def _read_preface(items: list[Para], k: int, preface: list[str], titles: list[TocItem]) -> int:
    """The 按语 paragraph(s) from items[k]; returns the index after them.  A paragraph that
    is a TOC heading or entry, a center line, an article's title, a section heading or
    (when the TOC is known) one of its titles ends it."""
    known = [norm(t.title) for t in titles]
    while k < len(items):
        p = items[k]
        continues = preface and p.kind == "p" and (p.role == "preface" or (
            p.role in (None, "body") and not (_starts_toc(items, k) or center_of(p) or title_like(p)
                                             or SECTION_RE.match(p.text) or _known_title(norm(p.text), known)
                                             or CENTER_INLINE_RE.match(p.text))))
        if p.kind == "p" and (PREFACE_RE.match(p.text) or continues):
            preface.append(PREFACE_RE.sub("", p.text.strip(), count=1).strip())
            k += 1
            continue
        return k
    return k


def _leftover(paras: list[Para], bulletin_name: str) -> bool:
    """Lines before the first article that are not an article: masthead or TOC lines the
    readers could not place (short lines, no sentence of body text)."""
    return all(p.kind != "image" and (is_masthead_name(p, bulletin_name) or parse_entry(p.text) is not None
                                      or len(p.text) <= 40 or (len(p.text) <= 80 and not ends_sentence(p.text)))
               for p in paras)


def _known_title(text: str, titles: list[str]) -> bool:
    """One of the TOC's titles, or the first line of one set over two."""
    return any(similar(text, t) or (len(text) >= 4 and t.startswith(text)) for t in titles)


def _plain_title(p: Para, nxt: Para | None, nxt2: Para | None = None) -> bool:
    """Text pasted in one style: the short line after a center line, followed by longer text."""
    t = p.text.strip()
    return (p.kind == "p" and p.role in (None, "body") and 2 <= len(t) <= TITLE_MAX and "\n" not in t
            and not ends_sentence(t) and not t.endswith(("，", "、", "：", ":", "；")) and is_label(p) is None
            and nxt is not None and (nxt.kind != "p" or len(nxt.text.strip()) > len(t)
                                     or _plain_title_goes_on(t, nxt, nxt2)))


def _plain_title_goes_on(title: str, p: Para, nxt: Para | None) -> bool:
    """A title pasted as two lines: a second short line, then the text (a long paragraph)."""
    t = p.text.strip()
    return (p.kind == "p" and p.role in (None, "body") and 2 <= len(t) <= 24 and len(title) + len(t) <= TITLE_MAX
            and not ends_sentence(t) and not _starts_numbered(t) and is_label(p) is None and center_of(p) is None
            and nxt is not None and nxt.kind == "p" and len(nxt.text.strip()) > 2 * len(t) and ends_sentence(nxt.text))


def _section_like(title: str) -> bool:
    """A TOC entry that reads as a part's heading: 简讯, 一、市州质控篇, 工作动态."""
    t = squash(title)
    return bool(SECTION_RE.match(t) or re.match(r"^[一二三四五六七八九十]+[、.．]", t) or t.endswith("篇") or len(t) <= 6)


def _explains(items: list[Para], k: int, anchors: dict, toc_sections: set[str]) -> bool:
    """Every center line before the first section heading (简讯) heads a TOC title (or
    another center line over it): the TOC accounts for every article."""
    for i in range(k, len(items)):
        if _is_section_heading(items[i], toc_sections):
            break
        if center_of(items[i]) and items[i].role in (None, "center", "body"):
            j = i + 1
            while j < len(items) and center_of(items[j]) and j - i <= 3:
                j += 1
            if j not in anchors and i - 1 not in anchors:  # (or the center line under its title)
                return False
    return True


def split_bulletin(paras: list[Para], source: Path, config_labels: tuple[str, ...] = (),
                   publishers: list[str] | None = None, bulletin_name: str = "", brief_max: int = 400) -> ImportResult:
    items = [q for p in paras for q in _split_structural(p)]
    items = [p for p in items if (p.kind != "p" or p.text.strip()) and not is_page_number(p)
             and not (p.kind == "p" and RULE_RE.match(p.text))]
    meta = IssueMeta()
    result = ImportResult(source=source, articles=[], meta=meta)
    labels = tuple(dict.fromkeys(COLOPHON_LABELS + tuple(config_labels)))
    end = _colophon_start(items, labels, publishers or [])
    _parse_colophon(items[end:], meta, labels)
    items = items[:end]

    # front matter: the masthead, everything before the 按语, the TOC or the first article
    k = _front_end(items, bulletin_name)
    _parse_front(items[:k], meta)

    # 按语 and the old TOC (in either order)
    preface: list[str] = []
    toc: list[TocItem] = []
    for _ in range(2):
        if not preface:
            k = _read_preface(items, k, preface, toc)
        if not toc:
            toc, k = read_toc(items, k)
    meta.preface = "\n".join(x for x in preface if x)

    # an unnumbered entry without a center among numbered ones (or one called 简讯) is a section heading
    # (or one without a center when the others name theirs: "一、省级质控中心篇")
    numbered_toc = any(t.number is not None for t in toc)
    centered_toc = sum(1 for t in toc if t.center) * 2 > len(toc)
    toc_sections = {squash(t.title) for t in toc
                    if t.section or not t.center and (centered_toc and _section_like(t.title)
                                                      or numbered_toc and t.number is None)}
    full_toc = [t for t in toc if squash(t.title) not in toc_sections]
    # under a 简讯 entry, entries that are only a center's name list the briefs: no titles to find
    brief_entries = set()
    for i, t in enumerate(toc):
        if not t.center and re.search(ORG_END + "$", t.title) and any(SECTION_RE.match(x.title) for x in toc[:i]):
            brief_entries.add(id(t))
    full_toc = [t for t in full_toc if id(t) not in brief_entries]
    # the TOC as the skeleton: every entry's title found again in the body
    anchors = match_titles(items, k, full_toc)
    skeleton = bool(full_toc) and len(anchors) == len(full_toc) and _explains(items, k, anchors, toc_sections)

    # articles
    section: str | None = None
    art: Imported | None = None
    body: list[Para] = []
    expect_title = False
    title_para: Para | None = None
    skip = 0
    plain_title = False  # the title just read was found by the plain-text rule

    lead: list[Para] = []  # what stands before the first article
    begun = False

    def close() -> None:
        nonlocal art, body, lead, begun
        if lead:
            if _leftover(lead, bulletin_name):
                result.notes.append(f"正文前有 {len(lead)} 段未能识别（原报头或目录的残余？），未导入："
                                    + "／".join(p.text.replace("\n", " ")[:20] for p in lead[:3]))
            else:
                first = Imported(source=source, center_from="none")
                fill_body(first, lead)
                result.articles.append(first)
            lead = []
        begun = True
        if art is not None:
            fill_body(art, body)
            if art.title or art.blocks or art.commentary:
                result.articles.append(art)
        art, body = None, []

    rest = items[k:]
    base = body_size(rest)
    for idx, p in enumerate(rest, start=k):
        if skip:
            skip -= 1
            continue
        nxt = items[idx + 1] if idx + 1 < len(items) else None
        nxt2 = items[idx + 2] if idx + 2 < len(items) else None
        if idx in anchors:
            entry, span = anchors[idx]
            title = " ".join(_title_text(q) for q in items[idx:idx + span])
            if _NUM_START.match(title) and not _NUM_START.match(entry.title):
                title = _NUM_START.sub("", title, count=1).strip()  # "1.标题" numbered as in the TOC
            skip = span - 1
            title_para = items[idx + span - 1]
            expect_title = False
            if art is not None and art.center and not art.title and not body:
                art.title = title
                continue
            close()
            art = Imported(source=source, title=title, section=section, center_from="none")
            if entry.center:
                art.center, art.center_from = entry.center, "toc"
                art.notes.append("文中缺少中心署名行，center 取自原目录")
            continue
        if _is_section_heading(p, toc_sections) and not (art and expect_title):
            close()
            section = re.sub(r"[\s【】\[\]［］]+", "", p.text)
            continue
        name = center_of(p)
        if name and p.role in (None, "center", "body"):
            if art is not None and not art.title and not body and art.center:
                art.center += "、" + name  # two centers over one article
                continue
            if art is not None and art.title and not body and art.center_from in ("toc", "none") \
                    and art.commentary is None:
                art.center, art.center_from = name, "line"  # the center line under the title
                art.notes = [n for n in art.notes if "取自原目录" not in n]
                continue
            close()
            art = Imported(source=source, center=name, section=section)
            expect_title = True
            continue
        m = CENTER_INLINE_RE.match(p.text) if p.kind == "p" and p.role in (None, "body") else None
        if m and len(p.text) > m.end() + 4:
            close()
            art = Imported(source=source, center=m.group("name"), section=section)
            body.append(Para("p", _drop_prefix(p.inlines, m.end())))
            expect_title = False
            continue
        big = is_big(p, base)
        plain = False
        if expect_title and art is not None and not art.title and (
                title_like(p, big) or (plain := not skeleton and section is None and _plain_title(p, nxt, nxt2))):
            art.title = _title_text(p)
            title_para = p
            expect_title = False
            plain_title = plain
            continue
        expect_title = False
        if art is not None and art.title and not body and (
                continues_title(title_para, p) or plain_title and _plain_title_goes_on(art.title, p, nxt)):
            art.title += " " + _title_text(p)
            title_para = p
            plain_title = False
            continue
        plain_title = False
        if not skeleton and (p.role == "title" or (
                p.kind == "p" and title_like(p, big) and p.role not in ("caption", "heading")
                and p.centered and (big or p.page_break and p.all_bold) and art is not None and (body or art.title))):
            if art is not None and not art.title and not body:
                art.title = _title_text(p)
                title_para = p
                continue
            close()  # an article whose center line is missing
            art = Imported(source=source, title=_title_text(p), section=section, center_from="none")
            title_para = p
            continue
        if art is None and not begun:
            lead.append(p)
            continue
        if art is None:
            art = Imported(source=source, section=section, center_from="none")
        body.append(p)
    close()

    _centers_from_toc(result.articles, full_toc)
    for a in result.articles:
        chars = sum(len(getattr(b, "text", "")) for b in a.blocks)
        if not a.title and (a.section is not None or a.center and a.commentary is None and chars <= brief_max):
            a.kind = "brief"  # a center line and a short text: a 简讯 even without a 简讯 heading
        if not a.title and a.kind == "article":
            a.notes.append("未找到标题，请补写 title")
    return result


def _centers_from_toc(articles: list[Imported], toc: list[TocItem]) -> None:
    full = [a for a in articles if a.title]
    for idx, a in enumerate(full):
        if a.center_from == "toc":
            continue
        if a.center:
            continue
        best, score = None, 0.0
        for item in toc:
            r = difflib.SequenceMatcher(None, squash(item.title), squash(a.title)).ratio()
            if r > score:
                best, score = item, r
        if best is None or score < 0.8:
            # same position when the TOC and the articles line up one to one
            if len(toc) == len(full) and toc[idx].center:
                best, score = toc[idx], 1.0
        if best is not None and score >= 0.8 and best.center:
            a.center, a.center_from = best.center, "toc"
            a.notes.append("文中缺少中心署名行，center 取自原目录")
        else:
            a.notes.append("缺少中心署名（center），请补写")
    for a in articles:
        if not a.center and not a.title:
            a.notes.append("缺少中心署名（center），请补写")
