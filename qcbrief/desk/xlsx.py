"""The stats workbook (openpyxl): one sheet per table, bold shaded header row,
frozen header, column widths from the contents (a Chinese character counts two)."""

from __future__ import annotations

import io
import unicodedata

HEADER_FILL = "FFE8E8"


def _width(value) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in str(value))


def workbook(sheets: list[tuple[str, list[str], list[list]]], chart: dict | None = None) -> bytes:
    """sheets: (title, header, rows) -> .xlsx bytes.  chart: an Excel bar chart (editable in
    Excel/WPS, drawn by them in their own fonts) on a sheet of its own:
    {"title", "sheet": data sheet, "rows": number of data rows to chart, "label": column of the
    labels, "series": [columns of the stacked values]} (columns 1-based)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append(header)
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.freeze_panes = "A2"
        if rows:
            ws.auto_filter.ref = ws.dimensions
        for i, col in enumerate(zip(header, *rows), 1):
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(_width(v) for v in col) + 2)
    if chart and chart["rows"]:
        _bar_chart(wb, chart)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _bar_chart(wb, spec: dict) -> None:
    from openpyxl.chart import BarChart, Reference

    data = wb[spec["sheet"]]
    n = spec["rows"]
    ch = BarChart()
    ch.type = "bar"  # horizontal bars: long Chinese names stay readable
    ch.grouping = "stacked"
    ch.overlap = 100
    ch.title = spec["title"]
    ch.y_axis.title = "篇数"
    ch.y_axis.majorUnit = 1
    for col in spec["series"]:
        ch.add_data(Reference(data, min_col=col, min_row=1, max_row=n + 1), titles_from_data=True)
    ch.set_categories(Reference(data, min_col=spec["label"], min_row=2, max_row=n + 1))
    ch.x_axis.scaling.orientation = "maxMin"  # the first (largest) row on top, as in the PNG
    ch.x_axis.delete = False
    ch.y_axis.delete = False
    ch.height = max(8.0, 0.6 * n + 3)  # cm
    ch.width = 24.0
    ws = wb.create_sheet("柱状图")
    ws.add_chart(ch, "A1")
