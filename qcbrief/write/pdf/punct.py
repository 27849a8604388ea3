"""Full-width punctuation in its cell: where to draw the glyph, and compressed pairs.

Fonts put the ink of full-width punctuation in different places of the em box:
GB fonts set “ at the right and ， at the bottom left, Taiwanese and some free
fonts (AR PL UKai, WenQuanYi) center ， ： ？ and the brackets, Noto SC and
WenQuanYi give quotes a narrow proportional glyph.  Drawn at the start of its
cell, such a glyph leaves a gap on the wrong side (“十五五” reads “ 十五五”).
So the drawing position is computed from the glyph's ink (its `glyf` bounding
box, read with fontTools): an opening mark's ink ends HUG_GAP before the right
edge of its cell (against the following character), a closing mark's ink starts
HUG_GAP after the left edge (against the preceding one), whatever the font.

Adjacent marks share their blank halves as Word does (clreq 3.1.6): in “。”” the
first mark's cell is half a character wide; in “（“” the second's.
"""

from __future__ import annotations

import re
import struct
from functools import lru_cache
from pathlib import Path

from .linebreak import CLOSING, OPENING

HUG_GAP = 0.08  # em: ink-to-cell-edge on the hugging side (about a Chinese character's side bearing)
CENTERED = frozenset("·・")  # middle dots: centered in their cell
FULL = 0.9  # a mark narrower than this share of its cell is already compressed

_FILES: dict[str, tuple[Path, int]] = {}  # reportlab font name -> (font file, subfont index)


def register_file(name: str, path: Path, index: int) -> None:
    """Remember which file a registered reportlab font name draws from."""
    _FILES[name] = (Path(path), index)


@lru_cache(maxsize=64)
def _inks(name: str) -> dict[str, tuple[float, float]]:
    """Ink boxes of every opening and closing mark of font `name`.

    Read from the font data reportlab already holds (the `glyf` header of each
    glyph: numberOfContours, xMin, yMin, xMax, yMax), else with fontTools."""
    try:
        return _inks_reportlab(name)
    except Exception:  # noqa: BLE001 - reportlab internals changed: read the file again
        return _inks_fonttools(name)


def _inks_reportlab(name: str) -> dict[str, tuple[float, float]]:
    from reportlab.pdfbase.pdfmetrics import getFont

    face = getFont(name).face
    data, glyf, pos = face._ttf_data, face.table["glyf"]["offset"], face.glyphPos
    upm, c2g = face.unitsPerEm, face.charToGlyph
    out = {}
    for ch in OPENING | CLOSING:
        gid = c2g.get(ord(ch))
        if gid is None or pos[gid] == pos[gid + 1]:
            continue
        contours, xmin, _ymin, xmax = struct.unpack_from(">hhhh", data, glyf + pos[gid])
        if contours:
            out[ch] = (xmin / upm, xmax / upm)
    return out


def _inks_fonttools(name: str) -> dict[str, tuple[float, float]]:
    from fontTools.ttLib import TTFont

    out: dict[str, tuple[float, float]] = {}
    if name not in _FILES:
        return out
    path, index = _FILES[name]
    try:
        with TTFont(str(path), fontNumber=index, lazy=True) as font:
            upm, cmap, glyf = font["head"].unitsPerEm, font.getBestCmap(), font["glyf"]
            for ch in OPENING | CLOSING:
                g = glyf[cmap[ord(ch)]] if ord(ch) in cmap else None
                if g is not None and getattr(g, "numberOfContours", 0):
                    if not hasattr(g, "xMin"):
                        g.recalcBounds(glyf)
                    out[ch] = (g.xMin / upm, g.xMax / upm)
    except Exception:  # noqa: BLE001 - an odd font: its marks are drawn at the cell start
        return {}
    return out


def ink(name: str, ch: str) -> tuple[float, float] | None:
    """Left and right ink edges of mark ch's glyph in font `name`, in em from the glyph origin."""
    return _inks(name).get(ch)


def glyph_x(x: float, ch: str, width: float, adv: float, font: str, size: float) -> float:
    """Where to draw ch whose layout cell starts at x and is `width` wide."""
    return place(x, glyph_shift(ch, width, adv, font, size))


def glyph_shift(ch: str, width: float, adv: float, font: str, size: float) -> tuple:
    """What glyph_x adds to x for this glyph, kept apart from x so that a caller can
    reuse it for every occurrence (see place(): the same operations in the same order)."""
    if ch in OPENING or ch in CLOSING:
        box = ink(font, ch)
        if box is None:
            return (0,)
        left, right = box[0] * size, box[1] * size
        gap = max(0.0, min(HUG_GAP * size, width - (right - left)))
        if ch in OPENING:
            return (1, width, gap, right)
        return (2, gap, left)
    if ch in CENTERED and adv < width * 0.8:
        return (3, (width - adv) / 2)
    return (0,)


def place(x: float, shift: tuple) -> float:
    kind = shift[0]
    if kind == 1:
        return x + shift[1] - shift[2] - shift[3]
    if kind == 2:
        return x + shift[1] - shift[2]
    if kind == 3:
        return x + shift[1]
    return x


_MARK_PAIR = re.compile("(?=[%s]{2})" % re.escape("".join(sorted(OPENING | CLOSING))))


def compress_pairs(text, widths: list[float], cells: list[float]) -> None:
    """Halve (in place) the cell of the mark whose blank half faces its neighbour mark:
    closing + closing or opening → the first; opening + opening → the second."""
    joined = text if isinstance(text, str) else "".join(text)
    for m in _MARK_PAIR.finditer(joined):  # only where two marks meet
        i = m.start()
        a, b = text[i], text[i + 1]
        if a in CLOSING and (b in CLOSING or b in OPENING):
            k = i
        elif a in OPENING and b in OPENING:
            k = i + 1
        else:
            continue
        if widths[k] >= FULL * cells[k]:
            widths[k] = 0.5 * cells[k]
