"""Source paragraphs -> model blocks, and the recognisers both splitters share.

Recognises center lines ("……——"), titles (style, centering, bold, size), the
点评 label in all its forms, sub-headings and bylines; turns the rest into
paragraphs, headings, lists, tables and images; joins paragraphs cut by a
page break and splits paragraphs made of Shift+Enter lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Block, Heading, Image, Inline, ListBlock, ListItem, Paragraph
from .patterns import DASHES, LABEL_INLINE_RE, LABEL_RE, PAGE_NUMBER_RE, byline_name, center_name, ends_sentence
from .source import Imported, Para

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
        return re.sub(rf"\s*{DASHES}+\s*$", "", p.text.strip())
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


_CAPTION = re.compile(r"^(?:续)?[表图]\s*\d")
_NUMBER_TOKEN = re.compile(r"(?:^|\s)[-+]?\d[\d.,]*[%‰]?(?=\s|$)")


def _row_like(text: str) -> bool:
    """A table row as text: cells apart by spaces, two of them figures, no sentence punctuation."""
    return len(text.split()) >= 3 and len(_NUMBER_TOKEN.findall(text)) >= 2 and not re.search(r"[，。；！？]", text)


def _cut(prev: str, nxt: Paragraph) -> bool:
    p = prev.rstrip()
    if not p or ends_sentence(p) or p.endswith(("：", ":")) or "\n" in p:
        return False
    if nxt.inlines and nxt.inlines[0].bold:
        return False  # a bold lead-in opens a paragraph
    t = nxt.text.lstrip()
    if not t or _starts_new(t) or center_name(t):
        return False
    if _row_like(p) or _row_like(t) or _CAPTION.match(p) or _CAPTION.match(t):
        return False  # a table pasted as text ("指标 1.52% 1.41%"), a caption "表1 …"
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
