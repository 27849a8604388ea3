"""Chinese line breaking for the PDF writer: pure functions, no reportlab.

Input is a string and the advance of each of its characters (Chinese
characters and full-width punctuation advance by one "cell", the character
pitch; Latin letters and digits by their natural width).  Output is a list of
lines, each a glyph range with the x offset of every glyph.

Rules (GB/T 15834 practice, clreq / JIS X 4051), classes from
qcbrief.text.cjk:

* no line starts with a NO_LINE_START character (，。、；：？！）》”…—％ …),
  no line ends with a NO_LINE_END character (（《“ …);
* "……" and "——" are never split;
* runs of ASCII (Latin words, numbers such as 96.8%, 0000-12345678, e-mails,
  URLs) are never split, except a run longer than a whole line, which is cut
  after "/" "." "-" "@" "?" "&" "=" where possible, anywhere as a last resort;
* a space is a break opportunity; spaces at the ends of a line are dropped.

When the next cluster (the characters between two break opportunities) does
not fit, the breaker chooses, in this order:

1. squeeze: when only trailing punctuation (e.g. the "，" after the 28th
   character) overflows, and the punctuation on the line can absorb it, the
   half-empty side of full-width punctuation is compressed (at most half a
   cell per mark, at most one cell per line): the line keeps its last
   character and the comma;
2. push: the cluster moves to the next line when that leaves at most one
   cell empty; the line is then justified (space spread between glyphs);
3. squeeze for any other cluster when possible;
4. push anyway (a long Latin word): the line is stretched.

So a full line of Chinese holds 28 cells (27 when one character was pushed
down); squeezed punctuation counts half a cell.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from operator import add, sub
from typing import Callable, Iterator, Sequence

from ...text.cjk import INSEPARABLE, NO_LINE_END, NO_LINE_START

NO_START = frozenset(NO_LINE_START)
NO_END = frozenset(NO_LINE_END)

# Full-width punctuation whose glyph fills half its cell: squeezable by half a cell.
CLOSING = frozenset("，。、；：？！）》」』】〕〗〉”’")
OPENING = frozenset("（《「『【〔〖〈“‘")
# Where an over-long ASCII run may be cut (after these characters).
URL_BREAK_AFTER = frozenset("/.-@?&=_#")

EPS = 0.01


def wordish(ch: str) -> bool:
    """Part of a Latin word / number / URL: printable, non-space ASCII."""
    return ch < "\x80" and ch.isprintable() and not ch.isspace()


def can_break(prev: str, nxt: str) -> bool:
    """May a line end after prev and the next start with nxt?"""
    if not prev or not nxt:
        return True
    if nxt.isspace():
        return False  # break after the space, never before it
    if nxt in NO_START:
        return False
    if prev.isspace():
        return True
    if prev in NO_END:
        return False
    if prev == nxt and prev in INSEPARABLE:
        return False
    if wordish(prev) and wordish(nxt):
        return False
    return True


def clusters(text: str) -> list[tuple[int, int]]:
    """Unbreakable units of text as (start, end) index pairs."""
    return list(iter_clusters(text))


_PAIRS: dict[str, bool] = {}  # "ab" -> can_break("a", "b"): a text has few distinct pairs


def iter_clusters(text: str) -> Iterator[tuple[int, int]]:
    """clusters(), one at a time: a 4 MB paragraph never holds a million pairs at once."""
    start = 0
    pairs = _PAIRS
    if len(pairs) > 500_000:
        pairs.clear()
    for i in range(1, len(text)):
        pair = text[i - 1:i + 1]
        ok = pairs.get(pair)
        if ok is None:
            ok = pairs[pair] = can_break(pair[0], pair[1])
        if ok:
            yield start, i
            start = i
    if text:
        yield start, len(text)


def _cls(chars) -> str:
    return re.escape("".join(sorted(chars)))


# Positions i where can_break(text[i-1], text[i]) is False, as one regex over the
# whole text (the match is text[i]): before a space or a no-line-start mark; after a
# no-line-end mark; inside "……" / "——"; between two characters of a Latin word.
# Equivalent to can_break because none of the "after" classes holds a space
# (tests/test_linebreak.py compares the two on random text).
_NOBREAK = re.compile(
    rf"[\s{_cls(NO_START)}]|(?<=[{_cls(NO_END)}]).|(?<=([{_cls(INSEPARABLE)}]))\1|(?<=[!-~])[!-~]", re.S)
assert not any(ch.isspace() for ch in NO_END | INSEPARABLE)
_RUN = re.compile(rb"\x01+")
_MARKS = re.compile(f"[{_cls(OPENING | CLOSING)}]")
_OPENING = re.compile(f"[{_cls(OPENING)}]")


def nobreak_flags(text: str) -> bytearray:
    """flags[i] == 1 where no line may break before text[i] (i >= 1): a cluster
    ends at every other position and at the end of text."""
    flags = bytearray(len(text))
    for m in _NOBREAK.finditer(text, 1):
        flags[m.start()] = 1
    return flags


def squeeze_room(ch: str, width: float, cell: float) -> float:
    """How much the advance of ch may shrink: half a cell for full-width punctuation."""
    if (ch in CLOSING or ch in OPENING) and width >= 0.9 * cell:
        return 0.5 * width
    return 0.0


@dataclass
class BrokenLine:
    start: int  # first glyph (index into the text)
    end: int  # one past the last glyph
    xs: list[float]  # drawing x of each glyph start..end, relative to the line's left edge
    natural: float  # width of the line before justification (after squeezing)
    avail: float  # width the line may fill
    last: bool = False  # last line of the paragraph (not justified)
    squeezed: int = 0  # number of compressed punctuation marks

    @property
    def width(self) -> float:
        """Width the glyphs occupy after justification."""
        return self.avail if (not self.last and self.end > self.start) else self.natural


def break_lines(
    text: str,
    widths: Sequence[float],
    avail: Callable[[int], float] | float,
    cell: float,
    *,
    justify: bool = True,
    max_squeeze: float | None = None,
) -> list[BrokenLine]:
    """Break text into lines.

    widths: advance of each character; avail: width of line n (or one width
    for all lines); cell: the Chinese character pitch (for squeezing and the
    push-one-character rule)."""
    if len(widths) != len(text):
        raise ValueError("one width per character")
    width_of = avail if callable(avail) else (lambda n, w=avail: w)
    max_sq = cell if max_squeeze is None else max_squeeze
    lines: list[tuple[int, int, list[float] | None]] = []  # start, end, squeeze per glyph (None: none)

    n = len(text)
    flags = nobreak_flags(text)

    def end_after(p: int) -> int:
        """End of the cluster starting at p."""
        q = flags.find(0, p + 1)
        return n if q < 0 else q

    def after(p: int) -> tuple[int, int] | None:
        """The cluster that starts where the one ending at p ends."""
        return (p, end_after(p)) if p < n else None

    # clusters are accepted a window at a time (running sums + bisect) when the
    # sums are monotonic, i.e. no negative width
    bulk = n > 0 and min(widths) >= 0

    def fill(p: int, used: float, a: float) -> tuple[int, float, tuple[int, int] | None]:
        """Accept, from p on, the clusters that fit a line of width a already holding `used`:
        exactly the sums and decisions of the one-cluster-at-a-time loop below, whose
        sum for a cluster is widths[s] or sum(widths[s:e]).  Returns (line end, used,
        first cluster that does not fit or None at the end of text)."""
        lim = a + EPS
        # a window of about the characters of one line of Chinese; doubled while it all fits
        m = max(16, int(max(0.0, lim - used) / cell) + 8) if cell > 0 else 64
        while p < n:
            w_end = min(n, p + m)
            if w_end < n and flags[w_end]:  # extend the window to a cluster boundary
                w_end = end_after(w_end - 1)
            items: list[float] = []
            ends: list[int] = []
            q = p
            for r in _RUN.finditer(flags, p + 1, w_end):  # clusters of several characters
                a0, b0 = r.span()
                if a0 - 1 > q:
                    items += widths[q:a0 - 1]
                    ends += range(q + 1, a0)
                items.append(sum(widths[a0 - 1:b0]))
                ends.append(b0)
                q = b0
            if w_end > q:
                items += widths[q:w_end]
                ends += range(q + 1, w_end + 1)
            run = list(accumulate(items, initial=used))
            k = bisect_right(run, lim, 1) - 1  # how many of the window's clusters fit
            if k == len(items):
                used, p, m = run[-1], w_end, m * 2
                continue
            if k:
                used, p = run[k], ends[k - 1]
            return p, used, (p, ends[k])
        return n, used, None

    cur = after(0)  # the cluster being placed
    ls: int | None = None  # start of the current line
    le = 0  # end of the current line
    used = 0.0
    a_for, a = -1, 0.0  # line number whose available width `a` is

    def trimmed_end(s: int, e: int) -> int:
        while e > s and text[e - 1].isspace():
            e -= 1
        return e

    def plan_squeeze(s: int, e: int, over: float) -> list[float] | None:
        room = [0.0] * (e - s)
        for r in _MARKS.finditer(text, s, e):  # squeeze_room() is 0 for every other character
            i = r.start()
            room[i - s] = squeeze_room(text[i], widths[i], cell)
        if over > max_sq + EPS or over > sum(room) + EPS:
            return None
        sq = [0.0] * (e - s)
        # compress adjacent punctuation pairs first, then any mark, from the end
        order = sorted(
            (i for i in range(e - s) if room[i] > 0),
            key=lambda i: (
                0 if ((i > 0 and room[i - 1] > 0) or (i + 1 < e - s and room[i + 1] > 0)) else 1,
                -i,
            ),
        )
        left = over
        for i in order:
            take = min(room[i], left)
            sq[i] = take
            left -= take
            if left <= EPS:
                break
        return sq

    def emit(s: int, e: int, sq: list[float] | None = None) -> None:
        lines.append((s, e, sq))

    while cur is not None:
        s, e = cur
        if ls is None:
            while s < e and text[s].isspace():
                s += 1
            if s == e:
                cur = after(e)
                continue
            ls, le, used = s, s, 0.0
        w = widths[s] if e == s + 1 else sum(widths[s:e])
        if a_for != len(lines):  # the width of the line being filled, asked once per line
            a_for = len(lines)
            a = width_of(a_for)
        if used + w <= a + EPS:
            if bulk:
                le, used, cur = fill(e, used + w, a)
            else:
                le, used = e, used + w
                cur = after(e)
            continue
        if le == ls:
            # a single cluster wider than the line: cut it
            acc, k = 0.0, s
            while k < e and acc + widths[k] <= a + EPS:
                acc += widths[k]
                k += 1
            k = max(k, s + 1)
            cut = k
            for j in range(k - 1, s, -1):
                if text[j - 1] in URL_BREAK_AFTER:
                    cut = j
                    break
            if cut - s < (k - s) // 2:
                cut = k
            emit(s, cut)
            cur = (cut, e)
            ls = None
            continue
        line_end = trimmed_end(ls, le)
        natural = sum(widths[ls:line_end])
        leftover = a - natural
        over = used + w - a
        # does only trailing no-line-start punctuation overflow?
        core = e
        while core > s and text[core - 1] in NO_START:
            core -= 1
        punct_tail = core < e and used + sum(widths[s:core]) <= a + EPS
        sq = plan_squeeze(ls, e, over) if punct_tail else None
        if sq is not None:
            emit(ls, e, sq)
            ls = None
            cur = after(e)
            continue
        if leftover <= cell + EPS:
            emit(ls, line_end)
            ls = None
            continue  # the cluster starts the next line
        sq = plan_squeeze(ls, e, over)
        if sq is not None:
            emit(ls, e, sq)
            ls = None
            cur = after(e)
            continue
        emit(ls, line_end)
        ls = None
    if ls is not None:
        e = trimmed_end(ls, le)
        if e > ls:
            emit(ls, e)

    out: list[BrokenLine] = []
    for n, (s, e, sq) in enumerate(lines):
        is_last = n == len(lines) - 1
        a = width_of(n)
        # x of each glyph: the running sum of the advances (less the squeeze), at C speed;
        # an opening mark is drawn its squeeze earlier
        xs = list(accumulate(map(sub, widths[s:e], sq) if sq else widths[s:e], initial=0.0))
        x = xs.pop()
        if sq:
            for r in _OPENING.finditer(text, s, e):
                xs[r.start() - s] -= sq[r.start() - s]
        natural = x
        line = BrokenLine(s, e, xs, natural, a, last=is_last, squeezed=sum(1 for q in sq if q > 0) if sq else 0)
        gaps = e - s - 1
        if justify and not is_last and gaps > 0 and natural < a:
            extra = (a - natural) / gaps
            line.xs = list(map(add, xs, map(extra.__mul__, range(len(xs)))))  # xi + extra * k
        out.append(line)
    return out


def line_texts(text: str, lines: list[BrokenLine]) -> list[str]:
    """The text of each line (for tests and debugging)."""
    return [text[ln.start:ln.end] for ln in lines]
