"""版记: the distribution block at the foot of the last (even) page."""

from __future__ import annotations

import math
import re

from ...model import Bulletin
from .content import Builder
from .estimate import text_width
from .ooxml import el, set_ppr, twips

_LABEL = re.compile(r"^([^：:]{1,8})[：:]")
THICK, THIN = 8, 6  # eighths of a point: 1 pt (≈0.35 mm) and 0.75 pt (≈0.25 mm)
BORDER_SPACE = 1  # pt between a rule and the text


def _lines_needed(line: str, per_line: float, hang: int) -> int:
    w = text_width(line)
    if w <= per_line:
        return 1
    return 1 + math.ceil((w - per_line) / max(1.0, per_line - hang))


def colophon(b: Builder, bulletin: Bulletin):
    """Write the 版记 (preceded by a spacer that pushes it to the foot of the page).
    Returns the spacer paragraph (the first one written), or None."""
    blocks = b.ctx.wording.colophon(bulletin.publication)
    if not blocks:
        return None
    layout, g = b.layout, b.g
    char = twips(layout.colophon_size)
    per_line = (layout.type_width - 2 * layout.colophon_size) / layout.colophon_size - 0.6
    spacer = b.paragraph("Colophon")
    written = []
    total = 0
    for bi, block in enumerate(blocks):
        for li, line in enumerate(block.lines):
            p = b.paragraph("Colophon", line)
            ppr = p._p.get_or_add_pPr()
            m = _LABEL.match(line)
            hang = int(text_width(m.group(0))) if m else 0
            if hang:
                set_ppr(ppr, el("w:ind", {"w:left": char * (1 + hang), "w:right": char, "w:hanging": char * hang}))
            total += _lines_needed(line, per_line, hang) * g["line"]
            borders = []
            if li == 0:
                borders.append(("top", THICK if bi == 0 else THIN))
            if bi == len(blocks) - 1 and li == len(block.lines) - 1:
                borders.append(("bottom", THICK))
            if borders:
                bdr = el("w:pBdr")
                for side, sz in borders:
                    bdr.append(el(f"w:{side}", {"w:val": "single", "w:sz": sz, "w:space": BORDER_SPACE,
                                               "w:color": "000000"}))
                    total += twips(sz / 8 + BORDER_SPACE)
                set_ppr(ppr, bdr)
            written.append(p)
    # the spacer: an empty line as tall as the free room (LibreOffice ignores the
    # section's vertical alignment; Word bottom-aligns anyway).  Half a line of slack.
    room = g["type_h"] - total - g["line"] // 2
    ppr = spacer._p.get_or_add_pPr()
    if room > 40:
        set_ppr(ppr, el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": room, "w:lineRule": "exact"}))
        set_ppr(ppr, el("w:snapToGrid", {"w:val": 0}))
    else:  # a block taller than the page: no spacer height
        set_ppr(ppr, el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 20, "w:lineRule": "exact"}))
    return spacer
