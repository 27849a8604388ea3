"""Character-level differences between two texts, Chinese-aware.

Chinese has no word boundaries, so the diff is by character (diff-match-patch),
then regrouped by its semantic clean-up into readable hunks for display; the
edits applied to a file are the raw character edits (so markup between
characters, such as ** around a lead-in, is never swallowed by a hunk).
"""

from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

_dmp = diff_match_patch()
_dmp.Diff_Timeout = 2.0


@dataclass(frozen=True)
class Edit:
    """Replace a[i1:i2] with text (i1 == i2: an insertion)."""

    i1: int
    i2: int
    text: str


def char_edits(a: str, b: str) -> list[Edit]:
    """Minimal character edits turning a into b, left to right, non-overlapping."""
    if a == b:
        return []
    diffs = _dmp.diff_main(a, b, False)
    edits: list[Edit] = []
    i = 0
    for op, text in diffs:
        if op == 0:
            i += len(text)
        elif op == -1:
            if edits and edits[-1].i2 == i:
                e = edits.pop()
                edits.append(Edit(e.i1, i + len(text), e.text))
            else:
                edits.append(Edit(i, i + len(text), ""))
            i += len(text)
        else:
            if edits and edits[-1].i2 == i:
                e = edits.pop()
                edits.append(Edit(e.i1, e.i2, e.text + text))
            else:
                edits.append(Edit(i, i, text))
    return edits


def display_diffs(a: str, b: str) -> list[tuple[int, str]]:
    """(op, text) hunks for a reader: -1 deleted, 1 inserted, 0 same."""
    diffs = _dmp.diff_main(a, b, False)
    _dmp.diff_cleanupSemantic(diffs)
    return [(op, t) for op, t in diffs]


def overlaps(e1: list[Edit], e2: list[Edit]) -> bool:
    """Do two edit lists on the same base text touch the same characters?  Two
    insertions at the same point, or an insertion inside or at the edge of the
    other's replaced range, count as overlapping (the order would be a guess)."""
    for a in e1:
        for b in e2:
            if a.i1 < b.i2 and b.i1 < a.i2:
                return True
            if a.i1 == a.i2 and b.i1 <= a.i1 <= b.i2:
                return True
            if b.i1 == b.i2 and a.i1 <= b.i1 <= a.i2:
                return True
    return False


def rebase(theirs: list[Edit], ours: list[Edit]) -> list[Edit]:
    """theirs (edits on base) moved onto base-with-ours-applied; assumes no overlap."""
    out = []
    for t in theirs:
        shift = sum(len(o.text) - (o.i2 - o.i1) for o in ours if o.i2 <= t.i1 and not (o.i1 == o.i2 == t.i1))
        out.append(Edit(t.i1 + shift, t.i2 + shift, t.text))
    return out


def apply_edits(a: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: (e.i1, e.i2), reverse=True):
        a = a[:e.i1] + e.text + a[e.i2:]
    return a
