"""Markdown article bodies -> model blocks, with markdown-it-py.

markdown-it-py is a maintained CommonMark parser with line maps on every
block token.  Plain CommonMark does not take `**lead-in。**正文` as bold,
because the closing `**` sits between Chinese punctuation and a letter;
mdit-py-cjk-friendly applies the CJK-friendly emphasis rules (the CommonMark
draft by tats-u) and joins soft line breaks between Chinese characters
without a space, which is how Chinese text must read.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_cjk_friendly import cjk_friendly

from ..model import Block, Heading, Image, Inline, ListBlock, ListItem, Paragraph, Table
from ..text.cjk import is_cjk

_BR = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]*>")

# markdown-it stops at its nesting limit (maxNesting, 20 levels in the commonmark
# preset: ten nested lists, or twenty quotes) and silently skips everything after
# it, later paragraphs and the 点评 included.  The guard below takes over before
# that depth: from MAX_BLOCK_LEVEL on, every line is read as a plain paragraph
# with its list and quote markers taken off, so deeper content comes out
# flattened (at the deepest supported list level), every character kept.
# A list level costs two (list + item), a quote one.
MAX_BLOCK_LEVEL = 16
# Container markers at the start of a flattened line: quote marks, bullets,
# ordered-list numbers ("1." / "1)") and the spaces between them.
_CONTAINER_MARKS = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+[ \t]*", re.M)


def _depth_guard(state, start_line: int, end_line: int, silent: bool) -> bool:
    """Block rule tried first: below MAX_BLOCK_LEVEL it does nothing; at it, it
    reads lines as a flat paragraph up to a blank line, a less indented line (the
    outer blocks take it) or a line starting with a marker (the next flat item),
    and no rule that nests is tried any deeper."""
    if state.level < MAX_BLOCK_LEVEL or silent:
        return False
    nxt = start_line + 1
    while nxt < end_line and not state.isEmpty(nxt) and state.sCount[nxt] >= state.blkIndent:
        if _CONTAINER_MARKS.match(state.src[state.bMarks[nxt] + state.tShift[nxt]:state.eMarks[nxt]]).end():
            break
        nxt += 1
    content = _CONTAINER_MARKS.sub("", state.getLines(start_line, nxt, state.blkIndent, False)).strip()
    state.line = nxt
    if content:  # a line of bare markers has nothing to print
        token = state.push("paragraph_open", "p", 1)
        token.map = [start_line, nxt]
        token = state.push("inline", "", 0)
        token.content, token.map, token.children = content, [start_line, nxt], []
        token.meta = {"flattened": True}
        state.push("paragraph_close", "p", -1)
    return True


# Link reference definitions ("[1]: http://…") are not read: a note such as "[注]: 数据来源于
# 省卫健委统计" is one (its "destination" has no space) and would vanish silently; contributors'
# texts never use reference-style links, so the line is printed as written.
_md = MarkdownIt("commonmark", {"html": True}).enable("table").disable("reference").use(cjk_friendly)
_md.block.ruler.before("table", "depth_guard", _depth_guard)
assert _md.options["maxNesting"] > MAX_BLOCK_LEVEL + 1

# markdown-it's `text` rule skips plain text one character at a time in Python and
# stops at every character some extension *might* use ("%", ":", "-", "=" …): each stop
# appends to `state.pending`, a string that is copied whole on every append, so a
# multi-megabyte paragraph costs quadratic time.  This rule skips, with a regular
# expression, everything up to a character that starts one of the inline rules
# enabled here (newline, escape, backticks, emphasis, link, image, autolink,
# html_inline, entity) or ends a link label ("]"): the same tokens, far fewer appends
# (tests/test_loading.py compares the two parsers).
_TEXT_RUN = re.compile(r"[^\n\\`*_\[\]!<&]+")
_TEXT_RULE_FOR = ["text", "newline", "escape", "backticks", "emphasis", "link", "image", "autolink",
                  "html_inline", "entity"]


def _text_rule(state, silent: bool) -> bool:
    m = _TEXT_RUN.match(state.src, state.pos, state.posMax)
    if m is None:
        return False
    if not silent:
        state.pending += m.group()
    state.pos = m.end()
    return True


if _md.inline.ruler.get_active_rules() == _TEXT_RULE_FOR:  # else markdown-it's own rule (another version)
    _md.inline.ruler.at("text", _text_rule)

# A line that is only the 点评 label: 点评 / 点评： / 点评: wrapped in emphasis or
# heading marks in any of the ways real contributors write it.
LABEL_RE = re.compile(r"^\s*(?:#{1,6}\s*)?[*_]{0,3}\s*点\s*评\s*[*_]{0,3}\s*[：:]?\s*[*_]{0,3}\s*$")
# The label followed by text on the same line: 点评：本文……
LABEL_INLINE_RE = re.compile(r"^\s*(?:#{1,6}\s*)?[*_]{0,3}\s*点\s*评\s*[*_]{0,3}\s*[：:]\s*[*_]{0,3}\s*(?P<rest>\S.*)$")
CANONICAL_LABEL = "点评："


@dataclass
class Split:
    body: str
    body_first_line: int  # 1-based line of body[0] in the file
    commentary: str | None = None
    commentary_first_line: int = 0
    label: str = ""
    label_line: int = 0
    label_inline: bool = False  # the label had text after it on the same line


def split_commentary(text: str, first_line: int) -> Split:
    """Split a Markdown body at the 点评 label, if any.

    The label is searched among top-level paragraphs and headings (so a label
    inside a code block or list does not count); the commentary runs to the
    end of the file.
    """
    lines = text.split("\n")
    for tok in _md.parse(text):
        if tok.type != "inline" or tok.map is None or tok.level != 1:
            continue
        start = tok.map[0]
        line = lines[start]
        if LABEL_RE.match(line):
            return Split(
                body="\n".join(lines[:start]),
                body_first_line=first_line,
                commentary="\n".join(lines[start + 1 :]),
                commentary_first_line=first_line + start + 1,
                label=line.strip(),
                label_line=first_line + start,
            )
        m = LABEL_INLINE_RE.match(line)
        if m:
            rest = m.group("rest").lstrip("*_ ").strip()
            return Split(
                body="\n".join(lines[:start]),
                body_first_line=first_line,
                commentary="\n".join([rest] + lines[start + 1 :]),
                commentary_first_line=first_line + start,
                label=line[: m.start("rest")].strip(),
                label_line=first_line + start,
                label_inline=True,
            )
    return Split(body=text, body_first_line=first_line)


def _join_soft(prev: str, nxt: str) -> str:
    """Text for a soft line break: nothing between Chinese, a space between Latin."""
    if prev and nxt and not is_cjk(prev[-1]) and not is_cjk(nxt[0]):
        return " "
    return ""


def inline_runs(token: Token) -> list[Inline]:
    """An inline token's children -> runs (consecutive equal styles merged)."""
    runs: list[Inline] = []
    bold = italic = 0

    def add(text: str, code: bool = False) -> None:
        if not text:
            return
        style = (bold > 0, italic > 0, code)
        if runs and (runs[-1].bold, runs[-1].italic, runs[-1].code) == style:
            runs[-1].text += text
        else:
            runs.append(Inline(text, bold=style[0], italic=style[1], code=code))

    children = token.children or []
    for i, child in enumerate(children):
        t = child.type
        if t == "text":
            add(child.content)
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "code_inline":
            add(child.content, code=True)
        elif t == "softbreak":
            prev = runs[-1].text if runs else ""
            nxt = next((c.content for c in children[i + 1 :] if c.content), "")
            add(_join_soft(prev, nxt))
        elif t == "hardbreak":
            add("\n")
        elif t == "html_inline":
            # <br> is a line break; other tags (and comments) are markup, not text
            if _BR.match(child.content):
                add("\n")
        elif t == "image":
            add(child.content or "")
        # link_open/link_close: the link text is kept, the address dropped
    return runs


def _image_only(token: Token) -> Token | None:
    kids = [c for c in (token.children or []) if not (c.type == "text" and not c.content.strip()) and c.type != "softbreak"]
    if len(kids) == 1 and kids[0].type == "image":
        return kids[0]
    return None


# Characters that print nothing and that no font draws: control characters (not tab or
# newline), zero-width spaces and joiners, bidi controls (RTL overrides), soft hyphen, BOM.
# Dropped from the printed text (the check rules still see the source as written).
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")


def parse_blocks(text: str, first_line: int, base_dir: Path, flattened: list[int] | None = None,
                 unclosed: list[int] | None = None) -> list[Block]:
    """Parse a Markdown body into model blocks; lines are file lines (1-based).
    Lines whose lists or quotes nest deeper than supported are printed flat and
    added to `flattened` when given; an HTML comment that never ends (it hides
    everything after it) is added to `unclosed`."""
    tokens = _md.parse(INVISIBLE.sub("", text))
    blocks: list[Block] = []
    i = 0
    list_stack: list[ListBlock] = []
    depth = -1

    def line_of(tok: Token) -> int:
        return first_line + (tok.map[0] if tok.map else 0)

    while i < len(tokens):
        tok = tokens[i]
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if not list_stack:
                start = int(tok.attrs.get("start", 1)) if tok.attrs else 1
                lb = ListBlock(ordered=t == "ordered_list_open", items=[], start=start, line=line_of(tok))
                list_stack.append(lb)
                blocks.append(lb)
            else:
                list_stack.append(list_stack[-1])
        elif t in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            list_stack.pop()
        elif t == "paragraph_open":
            inline = tokens[i + 1]
            if flattened is not None and inline.meta.get("flattened"):
                flattened.append(line_of(tok))
            if list_stack:
                list_stack[-1].items.append(ListItem(inline_runs(inline), line=line_of(tok), depth=depth))
            else:
                img = _image_only(inline)
                if img is not None:
                    # markdown-it percent-encodes link targets (images/图1.png ->
                    # images/%E5%9B%BE1.png); the file on disk has the plain name.
                    src = unquote(str(img.attrs.get("src", ""))) if img.attrs else ""
                    caption = "".join(c.content for c in (img.children or [])) or img.content
                    blocks.append(Image(src=str(src), path=(base_dir / str(src)), caption=caption, line=line_of(tok)))
                else:
                    runs = inline_runs(inline)
                    if runs:
                        blocks.append(Paragraph(runs, line=line_of(tok)))
            i += 2
        elif t == "heading_open":
            level = int(tok.tag[1])
            runs = inline_runs(tokens[i + 1])
            if list_stack:
                list_stack[-1].items.append(ListItem(runs, line=line_of(tok), depth=depth))
            elif runs:
                blocks.append(Heading(level=level, inlines=runs, line=line_of(tok)))
            i += 2
        elif t == "table_open":
            i = _parse_table(tokens, i, blocks, line_of(tok))
            continue
        elif t in ("fence", "code_block"):
            content = tok.content.rstrip("\n")
            if content:
                blocks.append(Paragraph([Inline(content, code=True)], line=line_of(tok)))
        elif t == "html_block" and tok.content.lstrip().startswith("<!--"):
            if unclosed is not None and "-->" not in tok.content:
                unclosed.append(line_of(tok))
        elif t == "html_block":
            # HTML pasted from a web page or Word: keep its text, drop the tags
            text = _TAG.sub("", _BR.sub("\n", tok.content)).strip()
            if text:
                blocks.append(Paragraph([Inline(html.unescape(text))], line=line_of(tok)))
        # hr, html_block (comments, suppression markers), blockquote marks: nothing to keep
        i += 1

    _attach_table_captions(blocks)

    # Sub-heading levels are relative: the highest level an article uses is 1.
    heads = [b for b in blocks if isinstance(b, Heading)]
    if heads:
        top = min(h.level for h in heads)
        levels = sorted({h.level for h in heads})
        for h in heads:
            h.level = levels.index(h.level) + 1 if h.level >= top else 1
    return blocks


# A paragraph "表1 …" / "续表2 …" right before a table is that table's caption.
TABLE_CAPTION_RE = re.compile(r"^\s*续?表\s*[0-9０-９一二三四五六七八九十]+")


def _attach_table_captions(blocks: list[Block]) -> None:
    i = 0
    while i + 1 < len(blocks):
        blk, nxt = blocks[i], blocks[i + 1]
        if isinstance(blk, Paragraph) and isinstance(nxt, Table) and TABLE_CAPTION_RE.match(blk.text) \
                and len(blk.text) <= 60:
            nxt.caption = blk.inlines
            del blocks[i]
            continue
        i += 1


def _parse_table(tokens: list[Token], i: int, blocks: list[Block], line: int) -> int:
    header: list = []
    rows: list = []
    aligns: list = []
    row: list | None = None
    in_head = False
    while i < len(tokens) and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            if in_head:
                header = row or []
            else:
                rows.append(row or [])
            row = None
        elif tok.type in ("th_open", "td_open"):
            style = (tok.attrs or {}).get("style", "")
            if in_head:
                m = re.search(r"text-align:(\w+)", str(style))
                aligns.append(m.group(1) if m else None)
        elif tok.type == "inline" and row is not None:
            row.append(inline_runs(tok))
        i += 1
    blocks.append(Table(header=header, rows=rows, aligns=aligns, line=line))
    return i + 1
