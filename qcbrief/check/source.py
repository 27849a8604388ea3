"""The source-text view for typography rules (scope "text").

`text_docs(loaded)` gives one TextDoc per article file (.md, .yaml) and one
for issue.yaml.  A TextDoc holds the prose of the file as paragraphs; every
character of a paragraph knows its file line and column, so a rule can
report, and fix, exactly where the text stands in the file.

Only prose is kept.  Markdown syntax (heading #s, list markers, emphasis
`**`, link brackets and targets, table pipes, HTML comments) is dropped;
code spans and fences, URLs, e-mail addresses, images and HTML tags are
replaced by one OPAQUE placeholder (a boundary that is neither Han nor
Latin); YAML keys, quotes and indentation are never part of the text.
Nothing is removed by shifting: each kept character carries its own column.
"""

from __future__ import annotations

from array import array
from itertools import repeat

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Fix
from ..load.markdown import LABEL_INLINE_RE, LABEL_RE
from ..model import Article
from ..text.cjk import HAN_RE, OPAQUE

ARTICLE_FIELDS = {"title": "title", "center": "center", "点评": "commentary", "comment": "commentary", "body": "body"}
ISSUE_FIELDS = {"subtitle": "subtitle", "preface": "preface"}
MARKDOWN_FIELDS = {"body", "commentary"}


class Positions:
    """(line, col) of each character, kept in two int arrays rather than a tuple per
    character: a 4 MB paragraph costs 8 bytes a character, not ~90."""

    __slots__ = ("lines", "cols")

    def __init__(self) -> None:
        self.lines, self.cols = array("l"), array("l")

    def append(self, lc: tuple[int, int]) -> None:
        self.lines.append(lc[0])
        self.cols.append(lc[1])

    def extend(self, line: int, cols: range) -> None:
        """Characters at consecutive columns of one line."""
        self.lines.extend(repeat(line, len(cols)))
        self.cols.extend(cols)

    def pop(self) -> tuple[int, int]:
        return self.lines.pop(), self.cols.pop()

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, i: int) -> tuple[int, int]:
        return self.lines[i], self.cols[i]

    def __iter__(self):
        return zip(self.lines, self.cols)


_SHARED: dict[str, str] = {}  # one str object per distinct character in Para.chars


@dataclass
class Para:
    """A paragraph (or title, heading, list item, table cell) of prose.

    text[i] stands at file position pos[i] = (line, col); "\\n" joins the
    lines of one paragraph and OPAQUE stands for masked inline content."""

    field: str  # title|center|body|commentary|preface|subtitle
    kind: str = "text"  # text|heading|item|cell
    chars: list = field(default_factory=list)
    pos: Positions = field(default_factory=Positions)
    _text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self.chars)
        return self._text

    @property
    def has_han(self) -> bool:
        return HAN_RE.search(self.text) is not None


@dataclass
class TextDoc:
    path: Path
    lines: list[str]  # the file's lines (normalised text split at "\n")
    paras: list[Para] = field(default_factory=list)
    article: Article | None = None

    def fields(self, *names: str):
        """Paragraphs of the given fields (all when none given)."""
        return [p for p in self.paras if not names or p.field in names]

    def loc(self, para: Para, i: int) -> tuple[int, int]:
        """File (line, column) of para.text[i] (end of text: just after the last char)."""
        if i < len(para.pos):
            return para.pos[i]
        if not para.pos:
            return (1, 1)
        line, col = para.pos[-1]
        return (line, col + 1)

    def fix(self, para: Para, i: int, j: int, replacement: str) -> Fix | None:
        """A Fix replacing para.text[i:j], or None when those characters are not
        one contiguous run of one file line (masked syntax inside)."""
        if i == j:
            line, col = self.loc(para, i)
            return Fix(line, col, col, replacement)
        if j > len(para.pos) or i < 0:
            return None
        text = para.text
        line, col = para.pos[i]
        for k in range(i, j):
            if text[k] in ("\n", OPAQUE) or para.pos[k] != (line, col + (k - i)):
                return None
        return Fix(line, col, col + (j - i), replacement)

# --------------------------------------------------------------------------- building
class _Builder:
    def __init__(self, doc: TextDoc):
        self.doc = doc
        self.cur: Para | None = None

    def new(self, fld: str, kind: str = "text") -> None:
        self.end()
        self.cur = Para(fld, kind)

    def end(self) -> None:
        if self.cur is not None and self.cur.chars:
            while self.cur.chars and self.cur.chars[-1] == "\n":
                self.cur.chars.pop()
                self.cur.pos.pop()
            self.doc.paras.append(self.cur)
        self.cur = None

    def line_break(self, line: int, col: int) -> None:
        if self.cur is not None and self.cur.chars and self.cur.chars[-1] != "\n":
            self.cur.chars.append("\n")
            self.cur.pos.append((line, col))

    def add(self, ch: str, line: int, col: int) -> None:
        self.cur.chars.append(_SHARED.setdefault(ch, ch))
        self.cur.pos.append((line, col))


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HR = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){2,})$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_LIST = re.compile(r"^[ \t]*(?:[-*+•·●▪]|\d{1,3}[.)])(?:[ \t]+|$)")
_TABLE_DELIM = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")

# Inline spans, in order of precedence: (regex, action) - "opaque" becomes one
# placeholder, "drop" disappears; "link" keeps the link text only.
_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)]*)\)")
_TAG = re.compile(r"<(?:(?:https?|ftp|mailto):[^>\s]+|[^\s<>@]+@[^\s<>@]+|/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?)>")
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff“”‘’<>]*[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff“”‘’<>.,;:!?)\]]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_EMPH = re.compile(r"\*{2,3}|_{2,3}|(?<![A-Za-z0-9])_(?=\S)|(?<=\S)_(?![A-Za-z0-9])")
_STAR = re.compile(r"\*")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")

PROSE, DROP, OPAQ = 0, 1, 2


def _mask_inline(s: str) -> bytearray:
    mask = bytearray(len(s))
    if not s:
        return mask
    claimed = bytearray(len(s))  # characters already taken by an earlier span

    def take(a: int, b: int, how: int) -> bool:
        if any(claimed[a:b]):
            return False
        for k in range(a, b):
            claimed[k] = 1
            mask[k] = how
        return True

    for m in _ESCAPE.finditer(s):
        take(m.start(), m.end(), DROP)
    if "`" in s:
        for m in _CODE.finditer(s):
            take(m.start(), m.end(), OPAQ)
    if "<" in s:
        for m in _COMMENT.finditer(s):
            take(m.start(), m.end(), DROP)
        for m in _TAG.finditer(s):
            take(m.start(), m.end(), OPAQ)
    if "](" in s:
        for m in _IMAGE.finditer(s):
            take(m.start(), m.end(), OPAQ)
        for m in _LINK.finditer(s):
            if any(claimed[m.start():m.end()]):
                continue
            take(m.start(), m.start() + 1, DROP)
            take(m.end(1), m.end(), DROP)
            url = _URL.fullmatch(m.group(1)) or _EMAIL.fullmatch(m.group(1))
            if url:
                take(m.start(1), m.end(1), OPAQ)
    if "://" in s or "www." in s:
        for m in _URL.finditer(s):
            take(m.start(), m.end(), OPAQ)
    if "@" in s:
        for m in _EMAIL.finditer(s):
            take(m.start(), m.end(), OPAQ)
    if "*" in s or "_" in s:
        for m in _EMPH.finditer(s):
            take(m.start(), m.end(), DROP)
        for m in _STAR.finditer(s):
            take(m.start(), m.end(), OPAQ)
    return mask


def _emit(b: _Builder, s: str, line: int, col0: int, start: int, end: int) -> None:
    """Add s[start:end] (inline Markdown) at file line `line`; s[0] is at column col0 + 1."""
    while start < end and s[start] in " \t":
        start += 1
    while end > start and s[end - 1] in " \t":
        end -= 1
    if start >= end:
        return
    piece = s[start:end]
    if b.cur.chars:
        b.line_break(line, col0 + start + 1)
    mask = _mask_inline(piece)
    base = col0 + start + 1
    chars, pos = b.cur.chars, b.cur.pos
    shared = _SHARED.setdefault
    # a run of prose at a time (a paragraph can be megabytes): its characters, one
    # line number each and consecutive columns; each run of masked inline content
    # stands as one OPAQUE at its first column; dropped syntax adds nothing
    for m in _MASK_RUNS.finditer(mask):
        a, z = m.span()
        how = mask[a]
        if how == PROSE:
            run = piece[a:z]
            chars.extend(map(shared, run, run))
            pos.extend(line, range(base + a, base + z))
        elif how == OPAQ:
            chars.append(OPAQUE)
            pos.append((line, base + a))


_MASK_RUNS = re.compile(rb"\x00+|\x01+|\x02+")


def _markdown(b: _Builder, lines: list[tuple[int, int, str]], fld: str, label_line: int = 0) -> None:
    """Scan Markdown lines [(file line, column offset, text)] into paragraphs."""
    fence = None
    in_comment = False
    table = False
    b.new(fld)
    n = len(lines)
    for idx, (line, off, s) in enumerate(lines):
        if label_line and line >= label_line and fld != "commentary":
            fld = "commentary"
            b.new(fld)
        if in_comment:
            if "-->" in s:
                in_comment = False
            continue
        if fence is not None:
            m = _FENCE.match(s)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not s[m.end():].strip():
                fence = None
            continue
        m = _FENCE.match(s)
        if m:
            fence = m.group(1)
            b.new(fld)
            continue
        stripped = s.strip()
        if not stripped:
            table = False
            b.new(fld)
            continue
        if line == label_line:
            if LABEL_RE.match(s):
                b.new(fld)
                continue
            lm = LABEL_INLINE_RE.match(s)
            if lm:
                b.new(fld)
                _emit(b, s, line, off, lm.start("rest"), len(s))
                continue
        if stripped.startswith("<!--"):
            b.new(fld)
            if "-->" not in stripped:
                in_comment = True
            continue
        if _HR.match(s):
            b.new(fld)
            continue
        if "|" in s and (table or (idx + 1 < n and _TABLE_DELIM.match(lines[idx + 1][2]) and "-" in lines[idx + 1][2])):
            table = True
        if table:
            if _TABLE_DELIM.match(s):
                continue
            start = 0
            for cell in re.finditer(r"(?:\\\||[^|])+", s):
                b.new(fld, "cell")
                _emit(b, s, line, off, cell.start(), cell.end())
            b.new(fld)
            continue
        start = 0
        q = _QUOTE.match(s)
        if q:
            start = q.end()
        h = _HEADING.match(s, start) if "#" in s[start:start + 10] else None
        if h:
            b.new(fld, "heading")
            end = len(s)
            c = _CLOSING_HASHES.search(s, h.end())
            if c:
                end = c.start()
            _emit(b, s, line, off, h.end(), end)
            b.new(fld)
            continue
        lm = _LIST.match(s, start)
        if lm:
            b.new(fld, "item")
            start = lm.end()
        _emit(b, s, line, off, start, len(s))
    b.end()


# --------------------------------------------------------------------------- YAML values
_KEY = re.compile(r"^([^\s#'\"\-?:][^:#]*?|\"[^\"]+\"|'[^']+')[ \t]*:(?:[ \t]+|$)")


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" "))


def _yaml_values(lines: list[str], first: int, wanted: dict[str, str]):
    """Top-level prose values of a YAML text: yields (field, [(file line, col offset, text)], block).

    `lines` are the YAML lines, lines[0] being file line `first`."""
    n = len(lines)
    i = 0
    while i < n:
        s = lines[i]
        m = _KEY.match(s)
        if not m:
            i += 1
            continue
        key = m.group(1).strip("'\"")
        # the value's continuation lines: more indented, or blank
        j = i + 1
        while j < n and (not lines[j].strip() or _indent(lines[j]) > 0 or lines[j].lstrip().startswith("#") and _indent(lines[j]) > 0):
            j += 1
        while j > i + 1 and not lines[j - 1].strip():
            j -= 1
        fld = wanted.get(key)
        if fld is None:
            i = j
            continue
        rest_col = m.end()
        rest = s[rest_col:]
        out: list[tuple[int, int, str]] = []
        block = False
        r = rest.rstrip()
        if r[:1] in ("|", ">") and re.fullmatch(r"[|>][-+0-9]*(?:[ \t]+#.*)?", r):
            block = True
            body = lines[i + 1:j]
            ind = min((_indent(x) for x in body if x.strip()), default=0)
            for k, x in enumerate(body):
                out.append((first + i + 1 + k, ind, x[ind:] if x.strip() else ""))
        elif r[:1] in ('"', "'"):
            q = r[0]
            text = rest
            k = 1
            close = -1
            while k < len(text):
                if text[k] == "\\" and q == '"':
                    k += 2
                    continue
                if text[k] == q:
                    if q == "'" and k + 1 < len(text) and text[k + 1] == "'":
                        k += 2
                        continue
                    close = k
                    break
                k += 1
            if close > 0:
                out.append((first + i, rest_col + 1, text[1:close]))
            else:  # a quoted value over several lines
                out.append((first + i, rest_col + 1, text[1:]))
                for k2 in range(i + 1, j):
                    x = lines[k2]
                    ind = _indent(x)
                    seg = x[ind:]
                    seg = seg[: seg.rfind(q)] if q in seg else seg
                    out.append((first + k2, ind, seg))
        else:
            c = re.search(r"[ \t]#", rest)
            out.append((first + i, rest_col, rest[: c.start()] if c else rest))
            for k2 in range(i + 1, j):
                x = lines[k2]
                ind = _indent(x)
                seg = x[ind:]
                c = re.search(r"[ \t]#", seg)
                out.append((first + k2, ind, seg[: c.start()] if c else seg))
        yield fld, out, block
        i = j


def _plain_value(b: _Builder, fld: str, lines: list[tuple[int, int, str]]) -> None:
    """A one-paragraph value (title, center, subtitle): no Markdown inside."""
    b.new(fld)
    for line, off, s in lines:
        if not s.strip():
            continue
        start = len(s) - len(s.lstrip(" \t"))
        end = len(s.rstrip(" \t"))
        if b.cur.chars:
            b.line_break(line, off + start + 1)
        for k in range(start, end):
            b.add(s[k], line, off + k + 1)
    b.end()


def _prose_value(b: _Builder, fld: str, lines: list[tuple[int, int, str]], block: bool) -> None:
    if block:
        _markdown(b, lines, fld)
    else:  # a plain or quoted scalar: one paragraph, inline Markdown masked
        b.new(fld)
        for line, off, s in lines:
            if s.strip():
                _emit(b, s, line, off, 0, len(s))
        b.end()


# --------------------------------------------------------------------------- files
def _label_line(article: Article | None) -> int:
    c = article.commentary if article else None
    if c is None or c.from_front_matter:
        return 0
    return c.line


def _article_doc(path: Path, text: str, article: Article | None) -> TextDoc:
    lines = text.split("\n")
    doc = TextDoc(path=path, lines=lines, article=article)
    b = _Builder(doc)
    is_md = path.suffix.lower() == ".md"
    body_start = 0
    if is_md:
        if lines and re.match(r"^---\s*$", lines[0]):
            for i in range(1, len(lines)):
                if re.match(r"^(---|\.\.\.)\s*$", lines[i]):
                    yaml_lines, first, body_start = lines[1:i], 2, i + 1
                    break
            else:
                yaml_lines, first = [], 1
        else:
            yaml_lines, first = [], 1
    else:
        yaml_lines, first = lines, 1
    label = _label_line(article)
    for fld, vals, block in _yaml_values(yaml_lines, first, ARTICLE_FIELDS):
        if fld in ("title", "center") and not block:
            _plain_value(b, fld, vals)
        elif fld == "body":
            _markdown(b, vals, "body", label)
        elif fld in MARKDOWN_FIELDS:
            _prose_value(b, fld, vals, block)
        else:
            _markdown(b, vals, fld)
    if is_md:
        body = [(body_start + 1 + k, 0, s) for k, s in enumerate(lines[body_start:])]
        _markdown(b, body, "body", label)
    return doc


def _issue_doc(path: Path, text: str) -> TextDoc:
    lines = text.split("\n")
    doc = TextDoc(path=path, lines=lines)
    b = _Builder(doc)
    for fld, vals, block in _yaml_values(lines, 1, ISSUE_FIELDS):
        if fld == "subtitle":
            _plain_value(b, fld, vals)
        else:
            _prose_value(b, fld, vals, block)
    return doc


def text_docs(loaded, only: set[Path] | None = None) -> list[TextDoc]:
    """One TextDoc per article file and for issue.yaml of a loaded issue
    (only for the files in `only`, resolved paths, when given)."""
    by_path: dict[Path, Article] = {}
    if loaded.bulletin is not None:
        for a in list(loaded.bulletin.articles()) + list(loaded.extra_articles):
            by_path[a.path] = a
    docs: list[TextDoc] = []
    for path, src in loaded.sources.items():
        if only is not None and path.resolve() not in only:
            continue
        if loaded.issue_file is not None and path == loaded.issue_file:
            docs.append(_issue_doc(path, src.text))
        elif path.suffix.lower() in (".md", ".yaml", ".yml"):
            docs.append(_article_doc(path, src.text, by_path.get(path)))
    return docs
