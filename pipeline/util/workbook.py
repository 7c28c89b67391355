"""Workbooks for people: agency text always stays text, A4 page setup, reproducible bytes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.util.files import atomic_write, stable_zip

HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")


def put(cell: Cell, value: object) -> None:
    """Set a value; strings are stored as text, so '=HYPERLINK(…)' from an agency is never a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def a4_landscape(ws: Worksheet) -> None:
    """Print on A4 landscape, as wide as the paper (fitToWidth defaults to 1), as many pages down as it takes."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as xlsx bytes, identical for identical content."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return stable_zip(buffer.getvalue())


def write_sheets(path: Path, sheets: dict[str, tuple[list[str], list[list]]], widths: dict[str, list[int]],
                 stamp: dt.date, title: str, creator: str) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for name, (headers, rows) in sheets.items():
        ws = wb.create_sheet(name)
        for col, header in enumerate(headers, 1):
            cell = ws.cell(row=1, column=col)
            put(cell, header)
            cell.font = Font(bold=True)
            cell.fill = HEAD_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for r, row in enumerate(rows, 2):
            for c, value in enumerate(row, 1):
                cell = ws.cell(row=r, column=c)
                put(cell, value)
                cell.alignment = Alignment(vertical="top", wrap_text=True)
        for n, width in enumerate(widths.get(name, []), 1):
            ws.column_dimensions[ws.cell(row=1, column=n).column_letter].width = width
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        a4_landscape(ws)
    moment = dt.datetime.combine(stamp, dt.time())
    wb.properties.created = wb.properties.modified = moment
    wb.properties.title = title
    wb.properties.creator = creator
    atomic_write(path, workbook_bytes(wb))
