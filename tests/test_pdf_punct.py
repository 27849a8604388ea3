"""Full-width punctuation in its cell, read back from the PDF in every role font.

An opening mark (“‘（《〈【〔) must hug the FOLLOWING character and a closing mark
(”’）》〉】〕，。、；：？！) the PRECEDING one, whatever side of its em box the font
puts the glyph on; adjacent marks (“。”” “”）” “：“”) share their blank halves.
pdfplumber gives each char's origin and advance; the ink is the glyph's bounding
box in the font file that drew it (fontTools), so the test measures the visible
gap between the ink of a mark and the ink of its neighbour.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont

from qcbrief.build import BuildContext
from qcbrief.config import load_config
from qcbrief.layout import Layout
from qcbrief.load.issue import load_issue
from qcbrief.wording import Wording
from qcbrief.write.pdf import write_pdf
from qcbrief.write.pdf.document import load_fonts
from qcbrief.write.pdf.linebreak import CLOSING, OPENING

from helpers import workspace

PREFACE = "2026年是“十五五”规划的开局之年。本期编发《示例工作要点（试行）》的做法：“一查、二评、三改”。"

ARTICLE = """---
center: 湖北省示例（儿科）质量控制中心
title: “三个一”工程（试点）见成效
---

### 一、推行“日查—周评”（试行）制度

中心提出：“质量是生命线。”各成员单位按《质控手册（2026年版）》开展自查，“每日一查”“每周一评”已覆盖全部科室（共36个）。

#### （一）落实“首问负责”

“小切口”解决大问题——‘首问负责’落实到人；责任到岗、到人！谁来管？

点评：

该中心以“小切口”带动“大质控”，做法值得推广（见《通报》）。各地可结合实际，“因地制宜”。
"""

OTHER = """---
center: 湖北省另一示例质量控制中心
title: 夯实基础 提升质量
---

中心组织专家开展督导（共12家医院），发现问题并督促整改。

点评：

督导“回头看”值得借鉴。
"""

HAN = re.compile(r"[\u4e00-\u9fff]")


def _system_fonts() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return all(f in out for f in ("AR PL UMing", "AR PL UKai", "WenQuanYi Zen Hei"))


def build(tmp: Path, use_system: bool):
    issue_yaml = (f"subtitle: 标点测试\ndate: 2026-03-31\npreface: {PREFACE}\ntoc:\n  - p01\n  - p02\n")
    root = workspace(tmp / "ws", {"p01.md": ARTICLE, "p02.md": OTHER}, issue_yaml=issue_yaml)
    cfg = load_config(root)
    b = load_issue(root, "T", cfg).bulletin
    ctx = BuildContext(config=cfg, layout=Layout.from_config(cfg), wording=Wording(root), root=root,
                       use_system_fonts=use_system)
    out = tmp / "out.pdf"
    write_pdf(b, ctx, out)
    return b, ctx, out


class Inks:
    """Glyph ink boxes (in em) of the fonts the build used, looked up by PDF font name."""

    def __init__(self, bulletin, ctx):
        self.fontset = load_fonts(bulletin, ctx)
        self.files = {}  # PostScript name -> (TTFont, upm, cmap)
        for face in self.fontset.all_faces():
            f = TTFont(str(face.path), fontNumber=face.index, lazy=True)
            ps = f["name"].getDebugName(6).replace(" ", "")
            self.files[ps] = (f, f["head"].unitsPerEm, f.getBestCmap())
        self.role_ps = {role: self.ps_of(self.fontset.primary(role)) for role in ("body", "kai", "heading", "title")}

    def ps_of(self, face) -> str:
        f = TTFont(str(face.path), fontNumber=face.index, lazy=True)
        return f["name"].getDebugName(6).replace(" ", "")

    def font_of(self, pdf_name: str) -> str:
        base = pdf_name.split("+", 1)[-1]
        hits = [ps for ps in self.files if base == ps or base.startswith(ps + "-")]
        assert hits, pdf_name
        return max(hits, key=len)

    def box(self, c) -> tuple[float, float]:
        """Left and right ink edges of a pdfplumber char, in points on the page."""
        f, upm, cmap = self.files[self.font_of(c["fontname"])]
        gname = cmap[ord(c["text"])]
        g = f["glyf"][gname]
        adv = f["hmtx"][gname][0] / upm * c["size"]
        scale = c["size"] * ((c["x1"] - c["x0"]) / adv if adv else 1.0)  # horizontal scaling (Tz)
        return c["x0"] + g.xMin / upm * scale, c["x0"] + g.xMax / upm * scale


def lines_of(page):
    rows = {}
    for c in page.chars:
        if c["text"].strip():
            rows.setdefault((round(page.height - c["matrix"][5], 1), round(c["size"], 1)), []).append(c)
    return [sorted(r, key=lambda c: c["x0"]) for r in rows.values()]


def gaps(pdf_path: Path, inks: Inks):
    """(kind, role font, mark, neighbour, gap in em) for each mark next to a Chinese character,
    and (pair, gap in em) for adjacent marks."""
    hug, pairs = [], []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for ln in lines_of(page):
                for a, b in zip(ln, ln[1:]):
                    if b["x0"] - a["x1"] > 2 * a["size"]:
                        continue  # not neighbours (TOC leader, office … date)
                    em = a["size"]
                    gap = (inks.box(b)[0] - inks.box(a)[1]) / em
                    ta, tb = a["text"], b["text"]
                    # hugging: the mark's ink is at the edge of the cell it shares with the
                    # Chinese character (that character's origin, or the end of its advance)
                    if ta in OPENING and HAN.match(tb):
                        edge = (b["x0"] - inks.box(a)[1]) / em
                        hug.append(("opening", inks.font_of(a["fontname"]), round(a["size"]), ta, tb, edge))
                    elif tb in CLOSING and HAN.match(ta):
                        edge = (inks.box(b)[0] - a["x1"]) / em
                        hug.append(("closing", inks.font_of(b["fontname"]), round(b["size"]), tb, ta, edge))
                    elif (ta in OPENING or ta in CLOSING) and (tb in OPENING or tb in CLOSING):
                        pairs.append((ta + tb, gap))
    return hug, pairs


FONTS = [pytest.param(False, id="bundled-noto"),
         pytest.param(True, id="system-arphic-wqy",
                      marks=pytest.mark.skipif(not _system_fonts(),
                                               reason="fonts-arphic-uming/ukai and fonts-wqy-zenhei not installed"))]


@pytest.mark.parametrize("use_system", FONTS)
def test_marks_hug_their_neighbour_in_every_role_font(tmp_path, use_system):
    b, ctx, out = build(tmp_path, use_system)
    inks = Inks(b, ctx)
    hug, pairs = gaps(out, inks)
    assert hug
    bad = [h for h in hug if not -0.03 <= h[5] <= 0.2]  # (justified lines add a little space)
    assert not bad, bad
    # every role font was measured, with opening and closing marks
    sizes = {"body": ctx.layout.body_size, "kai": ctx.layout.body_size, "heading": ctx.layout.body_size,
             "title": ctx.layout.title_size}
    for role, ps in inks.role_ps.items():
        kinds = {h[0] for h in hug if h[1] == ps and h[2] == round(sizes[role])}
        assert kinds == {"opening", "closing"}, (role, ps, kinds)
    # the wrong side keeps the blank half: a closing mark is far from what follows it
    # when that is a Chinese character (in the same line)
    assert pairs


@pytest.mark.parametrize("use_system", FONTS)
def test_adjacent_marks_are_compressed(tmp_path, use_system):
    """“。”” “）》” “（“”: two marks with their blank halves facing each other share one
    cell (the ink of the second follows the first); “：“” “”（”: the two blank halves
    between them become one (1.5 cells for the pair)."""
    b, ctx, out = build(tmp_path, use_system)
    inks = Inks(b, ctx)
    _, pairs = gaps(out, inks)
    seen = {p for p, _ in pairs}
    for want in ("。”", "）》", "：“", "”“"):
        assert want in seen, (want, seen)
    for p, g in pairs:
        if p[0] in CLOSING and p[1] in OPENING:
            assert g <= 1.0, (p, g)  # uncompressed: about 1.4
        else:
            assert g <= 0.4, (p, g)  # uncompressed: about 0.9


@pytest.mark.parametrize("use_system", FONTS)
def test_opening_marks_keep_their_blank_before(tmp_path, use_system):
    """The blank half of an opening mark is on its left: after a Chinese character
    the gap before “ is clearly wider than the gap after it."""
    b, ctx, out = build(tmp_path, use_system)
    inks = Inks(b, ctx)
    with pdfplumber.open(out) as pdf:
        checked = 0
        for page in pdf.pages:
            for ln in lines_of(page):
                for a, m, c in zip(ln, ln[1:], ln[2:]):
                    if c["x0"] - a["x0"] < 1.8 * m["size"]:
                        continue  # squeezed at the end of a line: half a cell on both sides
                    if m["text"] in OPENING and HAN.match(a["text"]) and HAN.match(c["text"]):
                        before = inks.box(m)[0] - inks.box(a)[1]
                        after = inks.box(c)[0] - inks.box(m)[1]
                        assert before > after + 0.2 * m["size"], ("".join(x["text"] for x in (a, m, c)), before, after)
                        checked += 1
                    if m["text"] in CLOSING and HAN.match(a["text"]) and HAN.match(c["text"]):
                        before = inks.box(m)[0] - inks.box(a)[1]
                        after = inks.box(c)[0] - inks.box(m)[1]
                        assert after > before + 0.2 * m["size"], ("".join(x["text"] for x in (a, m, c)), before, after)
                        checked += 1
    assert checked >= 10
