"""Apply the safe fixes that findings carry, to source text."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..diagnostics import Finding, Fix


def apply_to_text(text: str, fixes: list[Fix]) -> str:
    """Apply non-overlapping fixes (1-based line/columns, end exclusive).
    Where two fixes overlap, the one that starts first wins; the other is
    left for the next pass (the caller re-checks until nothing changes)."""
    lines = text.split("\n")
    by_line: dict[int, list[Fix]] = defaultdict(list)
    for f in fixes:
        by_line[f.line].append(f)
    for lineno, items in by_line.items():
        if not 1 <= lineno <= len(lines):
            continue
        items.sort(key=lambda f: (f.col, f.end_col))
        chosen: list[Fix] = []
        end = 0
        for f in items:
            if f.col >= end or not chosen:
                if chosen and f.col < end:
                    continue
                chosen.append(f)
                end = max(f.end_col, f.col + 1) if f.end_col > f.col else f.col
        s = lines[lineno - 1]
        for f in reversed(chosen):
            s = s[: f.col - 1] + f.replacement + s[f.end_col - 1 :]
        lines[lineno - 1] = s
    return "\n".join(lines)


def fixed_texts(findings: list[Finding], texts: dict[Path, str]) -> dict[Path, str]:
    """New text for every file that has fixable findings and changes."""
    per_file: dict[Path, list[Fix]] = defaultdict(list)
    for f in findings:
        if f.fix is not None:
            per_file[f.path].append(f.fix)
    out = {}
    for path, fixes in per_file.items():
        if path not in texts:
            continue
        new = apply_to_text(texts[path], fixes)
        if new != texts[path]:
            out[path] = new
    return out
