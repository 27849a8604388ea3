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

from dataclasses import dataclass
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

    queue = iter_clusters(text)
    cur = next(queue, None)  # the cluster being placed
    ls: int | None = None  # start of the current line
    le = 0  # end of the current line
    used = 0.0
    a_for, a = -1, 0.0  # line number whose available width `a` is

    def trimmed_end(s: int, e: int) -> int:
        while e > s and text[e - 1].isspace():
            e -= 1
        return e

    def plan_squeeze(s: int, e: int, over: float) -> list[float] | None:
        room = [squeeze_room(text[i], widths[i], cell) for i in range(s, e)]
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
                cur = next(queue, None)
                continue
            ls, le, used = s, s, 0.0
        w = widths[s] if e == s + 1 else sum(widths[s:e])
        if a_for != len(lines):  # the width of the line being filled, asked once per line
            a_for = len(lines)
            a = width_of(a_for)
        if used + w <= a + EPS:
            le, used = e, used + w
            cur = next(queue, None)
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
            cur = next(queue, None)
            continue
        if leftover <= cell + EPS:
            emit(ls, line_end)
            ls = None
            continue  # the cluster starts the next line
        sq = plan_squeeze(ls, e, over)
        if sq is not None:
            emit(ls, e, sq)
            ls = None
            cur = next(queue, None)
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
        xs: list[float] = []
        x = 0.0
        for i in range(s, e):
            q = sq[i - s] if sq else 0.0
            xs.append(x - q if text[i] in OPENING else x)
            x += widths[i] - q
        natural = x
        line = BrokenLine(s, e, xs, natural, a, last=is_last, squeezed=sum(1 for q in sq if q > 0) if sq else 0)
        gaps = e - s - 1
        if justify and not is_last and gaps > 0 and natural < a:
            extra = (a - natural) / gaps
            line.xs = [xi + extra * k for k, xi in enumerate(xs)]
        out.append(line)
    return out


def line_texts(text: str, lines: list[BrokenLine]) -> list[str]:
    """The text of each line (for tests and debugging)."""
    return [text[ln.start:ln.end] for ln in lines]
