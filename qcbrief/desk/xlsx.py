"""The stats workbook (openpyxl): one sheet per table, bold shaded header row,
frozen header, column widths from the contents (a Chinese character counts two)."""

from __future__ import annotations

import io
import unicodedata

HEADER_FILL = "FFE8E8"


def _width(value) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in str(value))


def workbook(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """sheets: (title, header, rows) -> .xlsx bytes."""
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
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
