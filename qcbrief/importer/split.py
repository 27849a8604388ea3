"""Source paragraphs -> articles: one submission, or a whole published bulletin.

A submission: center line ("……——", before or after the title), title (styled,
centered, bold or a short first line), body, 点评 (any label form).
A bulletin (masthead, 按语, TOC, several center lines): the front lines fill the
issue's subtitle/date/number, the 按语 becomes the preface, the old TOC is
kept only to name the center of an article whose center line is missing, the
版记 at the end is dropped, and every center line (or title) starts an article;
items under a 简讯 heading are briefs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Block, Heading, Image, Inline, ListBlock, ListItem, Paragraph
from .patterns import (CENTER_INLINE_RE, CN_DATE_RE, COLOPHON_LABELS, DATE_RE, TOC_PLAIN_RE, byline_name, cn_number, LABEL_INLINE_RE, LABEL_RE, NUMBER_RE, PAGE_NUMBER_RE,
                       PREFACE_RE, SECTION_RE, TOC_ENTRY_RE, TOC_HEADING_RE, TOTAL_RE, center_name, ends_sentence,
                       squash)
from .source import Imported, ImportResult, IssueMeta, Para

TITLE_MAX = 60
HEADING_MAX = 40


# --------------------------------------------------------------------------- inlines
def _clean(inlines: list[Inline], keep_breaks: bool = True) -> list[Inline]:
    """Merge equal runs, drop indentation and trailing spaces, tabs -> spaces."""
    out: list[Inline] = []
    for i in inlines:
        text = i.text.replace("\t", " ").replace("\u00a0", " ").replace("\r", "")
        if not keep_breaks:
            text = text.replace("\n", "")
        if not text:
            continue
        bold = i.bold and bool(text.strip())
        if out and (out[-1].bold, out[-1].italic, out[-1].code) == (bold, i.italic, i.code):
            out[-1] = Inline(out[-1].text + text, bold=bold, italic=i.italic, code=i.code)
        else:
            out.append(Inline(text, bold=bold, italic=i.italic, code=i.code))
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        out[0] = Inline(out[0].text.lstrip(" \u3000\n"), out[0].bold, out[0].italic, out[0].code)
        out[-1] = Inline(out[-1].text.rstrip(" \u3000\n"), out[-1].bold, out[-1].italic, out[-1].code)
        # a space at the edge of a bold run belongs outside it
        moved: list[Inline] = []
        for r in out:
            core = r.text.strip(" \u3000")
            if r.bold and core != r.text:
                lead, trail = r.text[: len(r.text) - len(r.text.lstrip(" \u3000"))], r.text[len(r.text.rstrip(" \u3000")):]
                moved += [Inline(lead), Inline(core, True, r.italic, r.code), Inline(trail)]
            else:
                moved.append(r)
        out = []
        for r in moved:
            if not r.text:
                continue
            if out and (out[-1].bold, out[-1].italic, out[-1].code) == (r.bold, r.italic, r.code):
                out[-1] = Inline(out[-1].text + r.text, r.bold, r.italic, r.code)
            else:
                out.append(r)
    return out


def _title_text(p: Para) -> str:
    """A title paragraph as one line (a long title may be broken between phrases)."""
    parts = [s.strip() for s in p.text.replace("\t", " ").split("\n") if s.strip()]
    sep = "\u3000" if "\u3000" in p.text else " "
    return sep.join(parts).strip()


def _drop_prefix(inlines: list[Inline], n: int) -> list[Inline]:
    """The runs after the first n characters."""
    out = []
    for i in inlines:
        if n >= len(i.text):
            n -= len(i.text)
            continue
        out.append(Inline(i.text[n:], i.bold, i.italic, i.code))
        n = 0
    return out


# --------------------------------------------------------------------------- recognisers
def is_label(p: Para) -> list[Inline] | None:
    """The 点评 label: [] when alone on its line, else the text after it."""
    if p.kind != "p":
        return None
    text = p.text.replace("\n", " ")
    if LABEL_RE.match(text):
        return []
    m = LABEL_INLINE_RE.match(text)
    if m:
        rest = _clean(_drop_prefix(p.inlines, m.end()))
        return rest or []
    return None


def center_of(p: Para) -> str | None:
    if p.kind != "p":
        return None
    name = center_name(p.text)
    if name:
        return name
    if p.role == "center" and p.text.strip() and len(p.text) <= 50:
        return re.sub(r"\s*(?:——|—|--|-)+\s*$", "", p.text.strip())
    return None


def body_size(paras: list[Para]) -> float:
    """The usual font size of body text (median of the longer paragraphs); 0 when unknown."""
    sizes = sorted(p.size for p in paras if p.kind == "p" and p.size and len(p.text) > 40)
    return sizes[len(sizes) // 2] if sizes else 0.0


def is_big(p: Para, base: float) -> bool:
    return bool(base and p.size and p.size >= base + 3)


def title_like(p: Para, big: bool = False) -> bool:
    if p.kind != "p" or not p.text.strip() or center_of(p) or is_label(p) is not None:
        return False
    text = p.text.strip()
    if p.role == "title":
        return len(text) <= 120
    if len(text) > TITLE_MAX or text.endswith(("。", "；", "：", ":")):
        return False
    return p.role == "heading" or p.centered or p.all_bold or big


def continues_title(prev: Para | None, p: Para) -> bool:
    """A long title set as two centered paragraphs: the second looks like the first."""
    return (prev is not None and p.kind == "p" and p.centered == prev.centered and p.all_bold == prev.all_bold
            and abs((p.size or 0) - (prev.size or 0)) < 1 and (p.centered or p.role == "title")
            and p.role == prev.role and title_like(p, True) and not ends_sentence(p.text) and len(p.text) <= 30)


def _heading_level(p: Para) -> int:
    """Sub-heading level of a body paragraph, 0 when it is not one."""
    text = p.text.strip()
    if p.role == "heading":
        return max(p.level, 1)
    if p.role not in (None, "body") or p.kind != "p" or "\n" in text:
        return 0
    if len(text) > HEADING_MAX or ends_sentence(text) or text.endswith(("，", "、", "：", ":")):
        return 0
    if re.match(r"^[一二三四五六七八九十]{1,3}\s*[、.．]", text):
        return 1
    if re.match(r"^[（(][一二三四五六七八九十]{1,3}[）)]", text):
        return 2
    if p.all_bold and len(text) >= 2:
        return 1
    return 0


def is_page_number(p: Para) -> bool:
    return p.kind == "p" and bool(PAGE_NUMBER_RE.match(p.text))


# --------------------------------------------------------------------------- blocks
_BULLET = re.compile(r"^[•●▪◆■·]\s*")


def to_blocks(paras: list[Para], art: Imported) -> list[Block]:
    """Body paragraphs -> model blocks (images recorded on the article)."""
    blocks: list[Block] = []
    current_list: ListBlock | None = None
    list_key = None
    for p in paras:
        if p.kind == "image":
            img = Image(src="", path=Path(), caption=p.caption)
            art.images[id(img)] = p.image
            blocks.append(img)
            current_list = None
            continue
        if p.kind == "table":
            blocks.append(p.block)
            current_list = None
            continue
        if p.kind == "p" and p.role == "caption" and blocks and isinstance(blocks[-1], Image) \
                and not blocks[-1].caption and len(p.text) <= 80:
            blocks[-1].caption = _title_text(p)
            continue
        inl = _clean(p.inlines)
        if not inl:
            continue
        bullet = p.kind == "p" and _BULLET.match(inl[0].text) and p.role in (None, "body", "commentary")
        if p.kind == "list" or bullet:
            if bullet:
                inl = _clean([Inline(_BULLET.sub("", inl[0].text, count=1), inl[0].bold, inl[0].italic)] + inl[1:])
            ordered = p.ordered if p.kind == "list" else False
            key = (ordered, p.list_id if p.kind == "list" else "bullet")
            if current_list is None or list_key[0] != ordered:
                current_list = ListBlock(ordered=ordered, items=[])
                blocks.append(current_list)
            list_key = key
            current_list.items.append(ListItem(inl, depth=p.depth))
            continue
        current_list = None
        level = _heading_level(p)
        if level:
            blocks.append(Heading(level=level, inlines=_clean(p.inlines, keep_breaks=False)))
        else:
            blocks.extend(Paragraph(part) for part in split_at_breaks(inl))
    return join_page_breaks(blocks)


def split_at_breaks(inlines: list[Inline]) -> list[list[Inline]]:
    """A Word paragraph made of several paragraphs joined by line breaks
    (Shift+Enter, text pasted from the web): split where a line ends a sentence."""
    parts: list[list[Inline]] = [[]]
    for i in inlines:
        pieces = i.text.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                before = "".join(x.text for x in parts[-1])
                if ends_sentence(before) or re.match(r"^[\u3000 ]{2}", piece):
                    parts.append([])
                else:
                    parts[-1].append(Inline("\n", i.bold, i.italic, i.code))
            if piece:
                parts[-1].append(Inline(piece, i.bold, i.italic, i.code))
    out = [_clean(p) for p in parts]
    return [p for p in out if p]


def _starts_new(text: str) -> bool:
    return bool(re.match(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[•●▪]|第.{1,3}[章节条])", text))


def join_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join a paragraph cut at a page break with its continuation: the first ends
    mid-sentence (no closing punctuation) and the second does not open a new item."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if isinstance(b, Paragraph) and isinstance(prev, Paragraph) and _cut(prev.text, b):
            merged = _clean(prev.inlines + b.inlines)
            out[-1] = Paragraph(merged)
            continue
        out.append(b)
    return out


def _cut(prev: str, nxt: Paragraph) -> bool:
    p = prev.rstrip()
    if not p or ends_sentence(p) or p.endswith(("：", ":")) or "\n" in p:
        return False
    if nxt.inlines and nxt.inlines[0].bold:
        return False  # a bold lead-in opens a paragraph
    t = nxt.text.lstrip()
    if not t or _starts_new(t) or center_name(t):
        return False
    mid = p[-1] in "，、,（(《“‘—-"
    return mid or len(p) >= 28


def _split_commentary(paras: list[Para]) -> tuple[list[Para], list[Para] | None, list[Inline] | None]:
    for k, p in enumerate(paras):
        rest = is_label(p) if p.role != "title" else None
        if rest is not None:
            return paras[:k], paras[k + 1:], rest
    # qcbrief's own commentary style without a label line
    for k, p in enumerate(paras):
        if p.role == "commentary" and all(q.role == "commentary" for q in paras[k:] if q.kind == "p"):
            return paras[:k], paras[k:], []
    return paras, None, None


def _take_byline(art: Imported, paras: list[Para]) -> list[Para]:
    """A "供稿单位：…" / "（…供稿）" line at the start or end of the text names the center."""
    for k in (0, len(paras) - 1):
        if 0 <= k < len(paras) and paras[k].kind == "p" and (name := byline_name(paras[k].text)):
            if not art.center:
                art.center, art.center_from = name, "line"
            return paras[:k] + paras[k + 1:]
    return paras


def fill_body(art: Imported, paras: list[Para]) -> None:
    paras = _take_byline(art, paras)
    body, comm, rest = _split_commentary(paras)
    if comm is not None:
        body = _take_byline(art, body)
    art.blocks = to_blocks(body, art)
    if comm is not None:
        first = [Para("p", rest)] if rest else []
        art.commentary = to_blocks(first + comm, art)


# --------------------------------------------------------------------------- one submission
def split_single(paras: list[Para], source: Path, center_option: str | None = None,
                 brief_max: int = 400) -> ImportResult:
    items = [p for p in paras if (p.kind != "p" or p.text.strip()) and not is_page_number(p)]
    art = Imported(source=source)
    base = body_size(items)
    i = 0
    # leading lines: center line and title in either order
    for _ in range(2):
        if i < len(items) and not art.center and (name := byline_name(items[i].text)):
            art.center = name
            i += 1
        while i < len(items) and center_of(items[i]) and (not art.center or not art.title):
            name = center_of(items[i])  # two center lines over one article: joint authors
            art.center = f"{art.center}、{name}" if art.center else name
            i += 1
        if i < len(items) and not art.title and title_like(items[i], is_big(items[i], base)):
            art.title = _title_text(items[i])
            i += 1
            while i < len(items) and continues_title(items[i - 1], items[i]):
                art.title += " " + _title_text(items[i])
                i += 1
    if not art.title and i + 1 < len(items) and items[i].kind == "p" and items[i].role in (None, "body") \
            and len(items[i].text.strip()) <= 40 and not ends_sentence(items[i].text) \
            and is_label(items[i]) is None and len(items[i + 1].text) > len(items[i].text):
        art.title = _title_text(items[i])  # plain text: a short first line is the title
        i += 1
    fill_body(art, items[i:])
    if not art.center:
        if center_option:
            art.center, art.center_from = center_option, "option"
        else:
            art.center, art.center_from = _center_from_filename(source), "file"
            art.notes.append("未找到中心署名行，center 取自文件名，请核对")
    if not art.title:
        chars = sum(len(getattr(b, "text", "")) for b in art.blocks)
        if art.commentary is None and len(art.blocks) <= 2 and chars <= brief_max:
            art.kind, art.section = "brief", "简讯"
        else:
            art.notes.append("未找到标题，请补写 title")
    return ImportResult(source=source, articles=[art])


def _center_from_filename(path: Path) -> str:
    name = re.sub(r"[（(].*?[)）]|\d{4}年?|第.季度|Q[1-4]|投稿|稿件|来稿|简报|[_\-\s]+", "", path.stem)
    return name or path.stem


# --------------------------------------------------------------------------- whole bulletin
@dataclass
class TocItem:
    number: int | None
    title: str
    center: str


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


def _parse_front(front: list[Para], meta: IssueMeta) -> None:
    for p in front:
        t = p.text
        if m := TOTAL_RE.search(t):
            meta.total_number = int(m.group(1))
        if m := NUMBER_RE.search(t):
            meta.number = int(m.group(1))
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
        if m and not meta.subtitle:
            meta.subtitle = m.group(1)
        elif not meta.subtitle and len(s) <= 30 and re.search(r"\d{4}\s*年.*(?:季度|上半年|下半年|篇)", s) \
                and not DATE_RE.search(s) and "\t" not in s:
            meta.subtitle = s  # an issue line printed without parentheses


def _toc_item(p: Para) -> TocItem | None:
    text = p.text.replace("\n", "")
    m = TOC_ENTRY_RE.match(text)
    if m:
        center = m.group("center").strip()
    else:
        m = TOC_PLAIN_RE.match(text)
        if m is None or not (p.role == "toc" or "\t" in text):
            return None
        center = ""
    num = int(m.group("num")) if m.group("num") else None
    return TocItem(num, m.group("title").strip(" \t.…·"), center)


def _is_section_heading(p: Para, toc_sections: set[str]) -> bool:
    if p.kind != "p":
        return False
    t = p.text.strip()
    if p.role == "section":
        return True
    return bool(SECTION_RE.match(t)) or (squash(t) in toc_sections and p.role not in ("center",))


def _read_preface(items: list[Para], k: int, preface: list[str]) -> int:
    """The 按语 paragraph(s) from items[k]; returns the index after them."""
    while k < len(items):
        p = items[k]
        continues = preface and p.kind == "p" and (p.role == "preface" or (
            p.role in (None, "body") and not (TOC_HEADING_RE.match(p.text) or _toc_item(p) or center_of(p)
                                             or title_like(p) or SECTION_RE.match(p.text))))
        if p.kind == "p" and (PREFACE_RE.match(p.text) or continues):
            preface.append(PREFACE_RE.sub("", p.text.strip(), count=1).strip())
            k += 1
            continue
        return k
    return k


def _read_toc(items: list[Para], k: int, toc: list[TocItem]) -> int:
    """The old TOC (heading and entries) from items[k]; returns the index after it."""
    while k < len(items):
        p = items[k]
        if p.kind == "p" and (TOC_HEADING_RE.match(p.text) or p.role == "toc_heading"):
            k += 1
            continue
        item = _toc_item(p) if p.kind == "p" else None
        if item is not None and (p.role == "toc" or item.number is not None or toc):
            toc.append(item)
            k += 1
            continue
        if p.role == "toc" and p.kind == "p":  # an entry we could not parse
            k += 1
            continue
        return k
    return k


def split_bulletin(paras: list[Para], source: Path, config_labels: tuple[str, ...] = (),
                   publishers: list[str] | None = None, bulletin_name: str = "", brief_max: int = 400) -> ImportResult:
    items = [p for p in paras if (p.kind != "p" or p.text.strip()) and not is_page_number(p)]
    meta = IssueMeta()
    result = ImportResult(source=source, articles=[], meta=meta)
    labels = tuple(dict.fromkeys(COLOPHON_LABELS + tuple(config_labels)))
    end = _colophon_start(items, labels, publishers or [])
    _parse_colophon(items[end:], meta, labels)
    items = items[:end]

    # front matter: everything before the 按语, the TOC or the first article
    k = 0
    while k < len(items):
        p = items[k]
        if (p.kind == "p" and (PREFACE_RE.match(p.text) or TOC_HEADING_RE.match(p.text) or center_of(p)
                               or _toc_item(p))) or p.role in ("preface", "toc", "toc_heading", "center", "title"):
            break
        k += 1
    if k == len(items):  # no recognisable start: nothing is front matter
        k = 0
    _parse_front(items[:k], meta)

    # 按语 and the old TOC (in either order)
    preface: list[str] = []
    toc: list[TocItem] = []
    toc_sections: set[str] = set()
    for _ in range(2):
        k = _read_preface(items, k, preface)
        k = _read_toc(items, k, toc)
    meta.preface = "\n".join(x for x in preface if x)

    # an unnumbered entry among numbered ones (or one called 简讯) is a section heading
    numbered_toc = any(t.number is not None for t in toc)
    for t in list(toc):
        if (numbered_toc and t.number is None and not t.center) or SECTION_RE.match(t.title):
            toc_sections.add(squash(t.title))
            toc.remove(t)

    # articles
    section: str | None = None
    art: Imported | None = None
    body: list[Para] = []
    expect_title = False
    title_para: Para | None = None

    def close() -> None:
        nonlocal art, body
        if art is not None:
            fill_body(art, body)
            if art.title or art.blocks or art.commentary:
                result.articles.append(art)
        art, body = None, []

    base = body_size(items[k:])
    for p in items[k:]:
        if _is_section_heading(p, toc_sections) and not (art and expect_title):
            close()
            section = re.sub(r"\s+", "", p.text)
            continue
        name = center_of(p)
        if name and p.role in (None, "center", "body"):
            if art is not None and not art.title and not body and art.center:
                art.center += "、" + name  # two centers over one article
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
        if expect_title and art is not None and title_like(p, big) and not art.title:
            art.title = _title_text(p)
            title_para = p
            expect_title = False
            continue
        expect_title = False
        if art is not None and art.title and not body and continues_title(title_para, p):
            art.title += " " + _title_text(p)
            title_para = p
            continue
        if p.role == "title" or (p.kind == "p" and title_like(p, big) and p.role not in ("caption", "heading")
                                 and p.centered and (big or p.page_break and p.all_bold)
                                 and art is not None and (body or art.title)):
            if art is not None and not art.title and not body:
                art.title = _title_text(p)
                title_para = p
                continue
            close()  # an article whose center line is missing
            art = Imported(source=source, title=_title_text(p), section=section, center_from="none")
            title_para = p
            continue
        if art is None:
            art = Imported(source=source, section=section, center_from="none")
        body.append(p)
    close()

    _centers_from_toc(result.articles, toc)
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
