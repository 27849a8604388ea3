"""A sorted horizontal bar chart of contributions per center, as PNG and SVG.

Why not a chart library: pygal and reportlab.graphics both need cairo (a system
library: cairosvg, rlPyCairo/pycairo) to write PNG, and matplotlib is a large
dependency for one chart.  The chart is a few rectangles and labels, so it is
laid out once here and drawn twice with what qcbrief already depends on:
Pillow (PNG) and fontTools (SVG: each glyph's outline defined once and placed
with <use>, so the SVG reads the same on a machine without Chinese fonts).  The font is the one the
PDF uses for 黑体 (config `fonts.heading`, system fonts, else the bundled Noto
Sans SC), chosen character by character like the PDF writer does: no tofu.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

BAR = "#C8102E"  # bulletin red, a little darker than the masthead's
BRIEF = "#F08A8A"  # briefs: the lighter part of each bar
TEXT = "#222222"
GRID = "#DDDDDD"

SCALE = 2  # PNG pixels per layout unit (crisp on screens and in Word)
FONT_SIZE = 15
ROW = 30  # layout units per bar row
BAR_H = 20
MARGIN = 20
TITLE_H = 64


@dataclass
class Bar:
    label: str
    articles: int
    briefs: int

    @property
    def total(self) -> int:
        return self.articles + self.briefs


class Typesetter:
    """Advance widths and outlines of text in the font chain of one role."""

    def __init__(self, fontset, role: str = "heading"):
        self.fontset = fontset
        self.role = role
        self._tt: dict = {}
        self._pil: dict = {}
        self._ids: dict = {}  # (face, glyph name) -> number of its SVG <path id="gN">

    def _font(self, face):
        if face.name not in self._tt:
            from fontTools.ttLib import TTFont

            tt = TTFont(str(face.path), fontNumber=face.index, lazy=True)
            self._tt[face.name] = (tt, tt.getBestCmap(), tt.getGlyphSet(), tt["head"].unitsPerEm, tt["hmtx"])
        return self._tt[face.name]

    def runs(self, text: str):
        return self.fontset.split_runs(self.role, text)

    def width(self, text: str, size: float) -> float:
        w = 0.0
        for face, run in self.runs(text):
            _, cmap, _, upem, hmtx = self._font(face)
            for ch in run:
                g = cmap.get(ord(ch))
                w += (hmtx[g][0] if g else upem / 2) * size / upem
        return w

    def svg_glyphs(self, text: str, x: float, baseline: float, size: float, defs: dict[str, str]) -> list[str]:
        """<use> elements drawing the text from x on the baseline; each glyph's outline
        is defined once in defs (id -> path data in font units), so a label costs a few
        bytes a character and the SVG needs no font on the reader's machine."""
        from fontTools.pens.svgPathPen import SVGPathPen

        uses = []
        for face, run in self.runs(text):
            _, cmap, glyphs, upem, hmtx = self._font(face)
            k = size / upem
            for ch in run:
                g = cmap.get(ord(ch))
                if g is None:
                    x += size / 2
                    continue
                gid = f"g{len(self._ids) if (face.name, g) not in self._ids else self._ids[(face.name, g)]}"
                if (face.name, g) not in self._ids:
                    self._ids[(face.name, g)] = int(gid[1:])
                    pen = SVGPathPen(glyphs, ntos=lambda v: f"{v:.0f}")
                    glyphs[g].draw(pen)
                    defs[gid] = pen.getCommands()
                if defs.get(gid):
                    uses.append(f'<use href="#{gid}" transform="matrix({k:.5f} 0 0 {-k:.5f} {x:.2f} {baseline:.2f})"/>')
                x += hmtx[g][0] * k
        return uses

    def pil_font(self, face, size: int):
        key = (face.name, size)
        if key not in self._pil:
            from PIL import ImageFont

            self._pil[key] = ImageFont.truetype(str(face.path), size, index=face.index)
        return self._pil[key]


@dataclass
class Item:
    kind: str  # "rect" | "text" | "line"
    x: float
    y: float
    w: float = 0.0
    h: float = 0.0
    color: str = TEXT
    text: str = ""
    size: float = FONT_SIZE
    cls: str = ""


def layout(bars: list[Bar], title: str, subtitle: str, ts: Typesetter) -> tuple[float, float, list[Item]]:
    """Items in layout units (y down): title, one row per bar (label, bar, value), axis."""
    items: list[Item] = []
    label_w = max([ts.width(b.label, FONT_SIZE) for b in bars] + [40.0])
    top = MARGIN + TITLE_H
    plot_x = MARGIN + label_w + 12
    plot_w = 560.0
    most = max([b.total for b in bars] + [1])
    value_w = max(ts.width(_value(b), FONT_SIZE - 2) for b in bars) if bars else 0
    width = plot_x + plot_w + 10 + value_w + MARGIN
    items.append(Item("text", MARGIN, MARGIN + 20, text=title, size=20))
    items.append(Item("text", MARGIN, MARGIN + 46, text=subtitle, size=13, color="#555555"))
    axis_y = top + ROW * len(bars)
    for tick in range(0, most + 1, max(1, most // 5 or 1)):
        x = plot_x + plot_w * tick / most
        items.append(Item("line", x, top - 6, 0, ROW * len(bars) + 6, GRID))
        items.append(Item("text", x - ts.width(str(tick), 12) / 2, axis_y + 18, text=str(tick), size=12, color="#555555"))
    lx = plot_x + plot_w - 120
    for name, color in (("文章", BAR), ("简讯", BRIEF)):  # legend
        items.append(Item("rect", lx, MARGIN + 34, 14, 14, color, cls="legend"))
        items.append(Item("text", lx + 20, MARGIN + 46, text=name, size=13))
        lx += 64
    for i, b in enumerate(bars):
        y = top + i * ROW
        base = y + (ROW + FONT_SIZE * 0.8) / 2
        items.append(Item("text", plot_x - 12 - ts.width(b.label, FONT_SIZE), base, text=b.label))
        full = plot_w * b.total / most
        part = plot_w * b.articles / most
        bar_y = y + (ROW - BAR_H) / 2
        items.append(Item("rect", plot_x, bar_y, full, BAR_H, BRIEF if b.articles == 0 else BAR, cls="bar",
                          text=f"{b.label}：{_value(b)}"))
        if b.briefs and b.articles:
            items.append(Item("rect", plot_x + part, bar_y, full - part, BAR_H, BRIEF, cls="brief"))
        items.append(Item("text", plot_x + full + 8, base, text=_value(b), size=FONT_SIZE - 2))
    height = axis_y + 24 + MARGIN
    return float(math.ceil(width)), float(math.ceil(height)), items


def _value(b: Bar) -> str:
    detail = "，".join(x for x in (f"文章 {b.articles}" if b.articles else "", f"简讯 {b.briefs}" if b.briefs else "") if x)
    return f"{b.total}（{detail}）" if detail else "0"


def to_svg(width: float, height: float, items: list[Item], ts: Typesetter, title: str) -> str:
    defs: dict[str, str] = {}
    body = [f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#FFFFFF"/>']
    for it in items:
        if it.kind == "line":
            body.append(f'<line x1="{it.x:.1f}" y1="{it.y:.1f}" x2="{it.x:.1f}" y2="{it.y + it.h:.1f}" '
                        f'stroke="{it.color}" stroke-width="1"/>')
        elif it.kind == "rect":
            tip = f"<title>{escape(it.text)}</title>" if it.text else ""
            body.append(f'<rect class="{it.cls}" x="{it.x:.1f}" y="{it.y:.1f}" width="{it.w:.1f}" height="{it.h:.1f}" '
                        f'fill="{it.color}">{tip}</rect>')
        else:
            uses = ts.svg_glyphs(it.text, it.x, it.y, it.size, defs)
            body.append(f'<g class="text" aria-label="{escape(it.text)}" fill="{it.color}">{"".join(uses)}</g>')
    head = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(title)}">',
            f"<title>{escape(title)}</title>",
            "<defs>" + "".join(f'<path id="{gid}" d="{d}"/>' for gid, d in defs.items() if d) + "</defs>"]
    return "\n".join(head + body + ["</svg>"]) + "\n"


def to_png(width: float, height: float, items: list[Item], ts: Typesetter) -> bytes:
    import io

    from PIL import Image, ImageDraw

    s = SCALE
    img = Image.new("RGB", (round(width * s), round(height * s)), "white")
    draw = ImageDraw.Draw(img)
    for it in items:
        if it.kind == "line":
            draw.line([(round(it.x * s), round(it.y * s)), (round(it.x * s), round((it.y + it.h) * s))],
                      fill=it.color, width=1)
        elif it.kind == "rect":
            if it.w > 0:
                draw.rectangle([round(it.x * s), round(it.y * s), round((it.x + it.w) * s) - 1,
                                round((it.y + it.h) * s) - 1], fill=it.color)
        else:
            x = it.x
            for face, run in ts.runs(it.text):
                font = ts.pil_font(face, round(it.size * s))
                draw.text((x * s, it.y * s), run, font=font, fill=it.color, anchor="ls")
                x += ts.width(run, it.size)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def render(bars: list[Bar], title: str, subtitle: str, config, use_system: bool | None = None) -> tuple[bytes, str]:
    """(PNG bytes, SVG text) of the chart."""
    from ..write.pdf.fonts import check_coverage, resolve_fonts

    text = title + subtitle + "".join(b.label + _value(b) for b in bars) + "0123456789（），文章简讯 "
    fontset = resolve_fonts(config, set(text), use_system)
    check_coverage(fontset, {"heading": text})
    ts = Typesetter(fontset)
    width, height, items = layout(bars, title, subtitle, ts)
    return to_png(width, height, items, ts), to_svg(width, height, items, ts, title)


def write(bars: list[Bar], title: str, subtitle: str, config, folder: Path, stem: str,
          use_system: bool | None = None) -> list[Path]:
    from ..atomic import write_atomic

    png, svg = render(bars, title, subtitle, config, use_system)
    paths = [folder / f"{stem}.png", folder / f"{stem}.svg"]
    write_atomic(paths[0], png)
    write_atomic(paths[1], svg.encode("utf-8"))
    return paths
