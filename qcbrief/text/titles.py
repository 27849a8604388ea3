"""Breaking a long title at its phrase boundaries.

Bulletin titles are short phrases separated by a space ("找问题 拿措施 补短板").
GB/T 9704-2012 7.3.1 asks a multi-line title to break so that each line keeps
its words whole; breaking anywhere inside a phrase reads badly.  Both writers
ask this module where to break and place the lines themselves.
"""

from __future__ import annotations

import itertools
import re
from typing import Callable

_SEP = re.compile(r"[ \u3000]+")
MAX_PHRASES = 10  # beyond this the title is broken by the ordinary line breaker


def title_lines(title: str, width: Callable[[str], float], max_width: float) -> list[str]:
    """The title as lines broken only between phrases: the fewest lines that
    fit, the most even among those.  A title that fits, has one phrase, or has
    a phrase too wide for a line comes back whole (the caller wraps it)."""
    title = title.strip()
    if width(title) <= max_width:
        return [title]
    phrases = _SEP.split(title)
    seps = _SEP.findall(title)
    n = len(phrases)
    if n < 2 or n > MAX_PHRASES:
        return [title]

    def line(i: int, j: int) -> str:
        out = phrases[i]
        for k in range(i + 1, j):
            out += seps[k - 1] + phrases[k]
        return out

    best: tuple | None = None
    for breaks in range(1, n):
        for cut in itertools.combinations(range(1, n), breaks):
            bounds = (0, *cut, n)
            lines = [line(a, b) for a, b in zip(bounds, bounds[1:])]
            widths = [width(s) for s in lines]
            if max(widths) > max_width:
                continue
            # fewest lines first, then the most even (smallest widest line),
            # then a longer first line (a "trapezoid" reads better than a funnel)
            key = (breaks, max(widths), -widths[0])
            if best is None or key < best[0]:
                best = (key, lines)
        if best is not None:
            return best[1]
    return [title]
