"""Inline suppression comments.

In Markdown (and in YAML files as `# qcbrief: …` comments):

    <!-- qcbrief: disable=QC201,QC301 -->   from this line on (until enable)
    <!-- qcbrief: enable=QC201 -->          end of that range
    <!-- qcbrief: disable -->               every rule (enable without codes ends all)
    <!-- qcbrief: disable-next-line=QC504 --> only the next non-blank line

Codes match by prefix, as in check.select/ignore (QC2 = every QC2xx).
Applied to every finding of the file, structural ones included.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_MD = re.compile(r"<!--\s*qcbrief:\s*(disable-next-line|disable|enable)\s*(?:=\s*([A-Za-z0-9,\s]*?))?\s*-->")
_YAML = re.compile(r"(?:^|\s)#\s*qcbrief:\s*(disable-next-line|disable|enable)\s*(?:=\s*([A-Za-z0-9,\s]*?))?\s*$")
ALL = "*"


def _codes(raw: str | None) -> tuple[str, ...]:
    if not raw or not raw.strip():
        return (ALL,)
    return tuple(c.strip().upper() for c in raw.split(",") if c.strip())


@lru_cache(maxsize=256)
def directives(text: str, yaml: bool = False) -> tuple[tuple[int, int, str], ...]:
    """(first line, last line, code prefix) ranges where findings are suppressed."""
    if "qcbrief:" not in text:
        return ()
    lines = text.split("\n")
    rx = _YAML if yaml else _MD
    open_: dict[str, int] = {}
    out: list[tuple[int, int, str]] = []
    end = len(lines)
    for n, s in enumerate(lines, 1):
        if "qcbrief:" not in s:
            continue
        for m in rx.finditer(s):
            what, codes = m.group(1), _codes(m.group(2))
            if what == "disable-next-line":
                nxt = n + 1
                while nxt <= end and not lines[nxt - 1].strip():
                    nxt += 1
                out.extend((nxt, nxt, c) for c in codes)
            elif what == "disable":
                for c in codes:
                    open_.setdefault(c, n)
            else:
                targets = list(open_) if codes == (ALL,) else [c for c in open_ if c in codes]
                for c in targets:
                    out.append((open_.pop(c), n, c))
    out.extend((start, end, c) for c, start in open_.items())
    return tuple(out)


def is_suppressed(finding, sources) -> bool:
    src = sources.get(finding.path)
    if src is None:
        path = Path(finding.path)
        src = next((s for p, s in sources.items() if Path(p).resolve() == path.resolve()), None)
        if src is None:
            return False
    yaml = Path(finding.path).suffix.lower() in (".yaml", ".yml")
    ranges = directives(src.text, yaml)
    if not ranges:
        return False
    code = finding.code.upper()
    line = finding.line
    return any(a <= line <= b and (c == ALL or code.startswith(c)) for a, b, c in ranges)
