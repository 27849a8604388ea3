"""`qcbrief stats`: contributions per center across issues - CSV, JSON, table, the xlsx
workbook read back with openpyxl, and the bar chart (SVG bars counted, PNG bars measured)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import REPO, run

DESK = REPO / "tests" / "fixtures" / "desk"
SVG = "{http://www.w3.org/2000/svg}"


def body_chars(path: Path) -> int:
    text = path.read_text(encoding="utf-8").split("---", 2)[2].split("\n点评：\n")[0]
    return sum(1 for ch in text if not ch.isspace())


def words(*files: str) -> int:
    return sum(body_chars(DESK / "articles" / f) for f in files)


def expected_rows_2025() -> list[str]:
    return [
        "中心,简称,类别,在名单中,文章,简讯,合计,字数,期数,各期",
        f"江南省护理质量控制中心,护理,省级,是,2,0,2,{words('2025Q3/a01.md', '2025Q4/a01.md')},2,2025Q3、2025Q4",
        # 2025Q3 under the old name (an alias) and 2025Q4 under the new one: one center
        f"江南省急诊医学质量控制中心,急诊医学,省级,是,2,0,2,{words('2025Q3/a02.md', '2025Q4/a02.md')},2,2025Q3、2025Q4",
        f"青州市护理质量控制中心,青州护理,市州,是,0,1,1,{words('2025Q3/b01.md')},1,2025Q3",
        f"白河县医院感染管理质量控制中心,白河院感,县级,是,0,1,1,{words('2025Q4/b01.md')},1,2025Q4",
        f"江南省临床药学质量控制中心,,,否,1,0,1,{words('2025Q4/a03.md')},1,2025Q4",
        "江南省病理质量控制中心,病理,省级,是,0,0,0,0,0,",
    ]


def csv_lines(*args: str) -> list[str]:
    res = run("stats", *args, "--root", str(DESK), "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.stdout_bytes.startswith("\ufeff".encode())
    return res.stdout_bytes.decode("utf-8-sig").strip().split("\r\n")


def test_stats_year_csv_exact():
    assert words("2025Q3/a01.md", "2025Q4/a01.md") > words("2025Q3/a02.md", "2025Q4/a02.md")  # the tie-break
    assert csv_lines("--year", "2025") == expected_rows_2025()


def test_stats_named_issues_equal_the_year():
    assert csv_lines("2025Q3", "2025Q4") == expected_rows_2025()


def test_stats_other_year_only_its_issues():
    lines = csv_lines("--year", "2026")
    assert lines[1] == f"青州市护理质量控制中心,青州护理,市州,是,1,0,1,{words('2026Q1/a01.md')},1,2026Q1"
    assert all(line.endswith(",0,0,0,0,0,") for line in lines[2:])


def test_stats_json_and_table():
    res = run("stats", "--year", "2025", "--root", str(DESK), "--format", "json")
    data = json.loads(res.stdout)
    assert data["issues"] == ["2025Q3", "2025Q4"]
    assert [c["center"] for c in data["centers"]][:2] == ["江南省护理质量控制中心", "江南省急诊医学质量控制中心"]
    assert data["centers"][4]["in_roster"] is False
    table = run("stats", "--year", "2025", "--root", str(DESK)).stdout
    assert "江南省临床药学质量控制中心（不在名单）" in table
    assert "合计：2 期，文章 5 篇，简讯 2 条" in table


@pytest.mark.parametrize("args, words_", [(["--year", "2025", "2025Q3"], "二选一"), ([], "--year"),
                                          (["--year", "1999"], "没有日期在 1999 年的一期")])
def test_stats_usage_errors(args, words_):
    res = run("stats", *args, "--root", str(DESK))
    assert res.exit_code == 2 and words_ in res.stderr


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("stats")
    res = run("stats", "--year", "2025", "--root", str(DESK), "--format", "xlsx", "--out", str(out))
    assert res.exit_code == 0, res.output
    return out


def test_stats_xlsx_reads_back(outputs):
    from openpyxl import load_workbook

    wb = load_workbook(outputs / "2025年供稿统计.xlsx")
    assert wb.sheetnames == ["各中心供稿", "各期", "柱状图"]
    ws = wb["各中心供稿"]
    rows = [[("" if v is None else str(v)) for v in r] for r in ws.iter_rows(values_only=True)]
    assert [",".join(r) for r in rows] == expected_rows_2025()
    assert isinstance(ws["E2"].value, int) and ws["E2"].value == 2  # numbers stay numbers
    assert all(c.font.bold for c in ws[1]) and ws["A1"].fill.fgColor.rgb.endswith("FFE8E8")
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= 2 * len("白河县医院感染管理质量控制中心")
    issues = [r for r in wb["各期"].iter_rows(values_only=True)]
    assert issues[0] == ("期名", "日期", "期号行", "文章", "简讯", "字数", "估计页数")
    assert [r[:5] for r in issues[1:]] == [("2025Q3", "2025-09-30", "2025年第3季度", 2, 1),
                                           ("2025Q4", "2025-12-31", "2025年第4季度", 3, 1)]


def test_stats_xlsx_native_bar_chart(outputs):
    """An Excel chart (editable) over the centers with contributions: labels and both series."""
    import zipfile

    with zipfile.ZipFile(outputs / "2025年供稿统计.xlsx") as z:
        xml = z.read("xl/charts/chart1.xml").decode("utf-8")
    root = ET.fromstring(xml)
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"  # the default namespace there
    assert root.find(f".//{c}barDir").get("val") == "bar"
    assert root.find(f".//{c}grouping").get("val") == "stacked"
    refs = [f.text for f in root.iter(f"{c}f")]
    # 文章 and 简讯 (columns E, F, titled by their header cells) of the 5 centers with contributions
    assert refs == ["'各中心供稿'!E1", "'各中心供稿'!$A$2:$A$6", "'各中心供稿'!$E$2:$E$6",
                    "'各中心供稿'!F1", "'各中心供稿'!$A$2:$A$6", "'各中心供稿'!$F$2:$F$6"]


# totals per center with contributions, in the chart's order (sorted descending)
CHART = [("护理", 2, 0), ("急诊医学", 2, 0), ("青州护理", 0, 1), ("白河院感", 0, 1), ("江南省临床药学质量控制中心", 1, 0)]


def test_chart_svg_bars(outputs):
    root = ET.parse(outputs / "2025年供稿统计.svg").getroot()
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == len(CHART)
    widths = [float(b.get("width")) for b in bars]
    assert widths == sorted(widths, reverse=True)
    assert widths[0] == pytest.approx(2 * widths[2], rel=0.01)
    ys = [float(b.get("y")) for b in bars]
    assert ys == sorted(ys)  # top to bottom
    tips = [b.find(f"{SVG}title").text for b in bars]
    assert [t.split("：")[0] for t in tips] == [c[0] for c in CHART]
    # every label is drawn as outlines (readable without Chinese fonts on the viewer's machine):
    # one <use> of a defined glyph outline per character
    defs = {p.get("id"): p.get("d") for p in root.find(f"{SVG}defs")}
    labels = {g.get("aria-label"): g for g in root.iter(f"{SVG}g")}
    for name in [c[0] for c in CHART] + ["2025年各中心供稿数量"]:
        uses = labels[name].findall(f"{SVG}use")
        assert len(uses) == len(name)
        assert all(len(defs[u.get("href")[1:]]) > 20 for u in uses)
    assert len(set(u.get("href") for u in labels["护理"].findall(f"{SVG}use"))) == 2


def test_chart_png_bars_measured(outputs):
    from PIL import Image

    svg = ET.parse(outputs / "2025年供稿统计.svg").getroot()
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar"]
    scale = 2
    im = Image.open(outputs / "2025年供稿统计.png").convert("RGB")
    assert im.size == (round(float(svg.get("width")) * scale), round(float(svg.get("height")) * scale))
    x = round((float(bars[0].get("x")) + 3) * scale)

    def colored(px) -> bool:  # bar red or brief pink, not white, grid grey or black text
        r, g, b = px
        return r > 180 and g < 160 and b < 160

    runs, start = [], None
    for y in range(im.height):
        on = colored(im.getpixel((x, y)))
        if on and start is None:
            start = y
        elif not on and start is not None:
            runs.append((start, y))
            start = None
    assert len(runs) == len(CHART)
    lengths = []
    for top, bottom in runs:
        y = (top + bottom) // 2
        n = x
        while n < im.width and colored(im.getpixel((n, y))):
            n += 1
        lengths.append(n - x)
    assert lengths == sorted(lengths, reverse=True)
    assert lengths[0] == pytest.approx(2 * lengths[2], rel=0.02)


def test_chart_without_system_fonts(tmp_path):
    """On a machine without Chinese fonts the chart uses the bundled Noto Sans SC."""
    from qcbrief.config import load_config
    from qcbrief.desk.chart import Bar, Typesetter, render
    from qcbrief.write.pdf.fonts import resolve_fonts
    from PIL import Image
    import io

    config = load_config(DESK)
    bars = [Bar("江南省临床药学质量控制中心", 2, 1), Bar("青州护理", 0, 1)]
    png, svg = render(bars, "标题", "副标题", config, use_system=False)
    im = Image.open(io.BytesIO(png))
    im.load()
    root = ET.fromstring(svg)
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]) == 2
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("class") == "brief"]) == 1  # the first bar's briefs
    label = next(g for g in root.iter(f"{SVG}g") if g.get("aria-label") == "江南省临床药学质量控制中心")
    assert len(label.findall(f"{SVG}use")) == 13
    faces = resolve_fonts(config, set("江南省临床药学质量控制中心"), False).faces["heading"]
    assert all(f.source == "fallback" for f in faces) and "Noto Sans SC" in faces[0].family
    assert Typesetter(resolve_fonts(config, set("青州护理"), False)).width("青州护理", 10) == pytest.approx(40, rel=0.05)
