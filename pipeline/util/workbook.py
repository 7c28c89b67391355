"""Workbooks for people: agency text always stays text, A4 page setup, reproducible bytes."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.util.files import atomic_write, stable_zip
from pipeline.util.text import display_width

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


LINE_PT, PADDING_PT = 14.5, 5.0  # a wrapped line of 10 pt 宋体 in Excel, WPS and LibreOffice; cell padding
_DIGIT_PX, _CELL_PX = 7, 5  # Excel's column width unit is the default font's digit width, plus cell padding


def text_height(text: str, width: float, size: float) -> float:
    """The row height in pt that ``text`` needs in a wrapping cell ``width`` units wide at ``size`` pt (a little
    more than Excel needs: a row a line too tall prints whole, one a line too short cuts the text)."""
    room = max(1.0, (width * _DIGIT_PX - _CELL_PX) / (size * 96 / 72 / 2) * 0.92)  # in half-width characters
    lines = sum(max(1, math.ceil(display_width(part) / room)) for part in text.split("\n"))
    return round(lines * LINE_PT * max(size, 10) / 10 + PADDING_PT, 1)


def fit_rows(ws: Worksheet, rows: Iterable[int]) -> None:
    """Each row as tall as its longest wrapping text (rows with a merged cell keep theirs). The height is a
    starting point: workbook_bytes marks it not custom, so Excel, WPS and LibreOffice fit the row again as the
    unit types, and print it whole."""
    merged = {row for r in ws.merged_cells.ranges for row in range(r.min_row, r.max_row + 1)}
    for row in (r for r in rows if r not in merged):
        needed = [text_height(c.value, ws.column_dimensions[c.column_letter].width or 8.43, c.font.sz or 11)
                  for c in ws[row] if isinstance(c.value, str) and c.alignment.wrap_text]
        ws.row_dimensions[row].height = max([LINE_PT + PADDING_PT, *needed])


_MERGE = re.compile(rb'<mergeCell ref="[A-Z]+(\d+):[A-Z]+(\d+)"')
_ROW = re.compile(rb'(<row r="(\d+)"[^>]*?) customHeight="1"')


def _auto_heights(name: str, content: bytes) -> bytes:
    """openpyxl marks every row height custom (fixed), and a fixed row never grows with what the unit types:
    unmark all but rows with merged cells (which no office grows by itself)."""
    if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
        return content
    merged = {n for a, b in _MERGE.findall(content) for n in range(int(a), int(b) + 1)}
    return _ROW.sub(lambda m: m.group(0) if int(m.group(2)) in merged else m.group(1), content)


# A font's properties in the order of CT_Font as the Open XML SDK validates it (a sequence); openpyxl writes the
# name first, which Excel reads but a validator, and so an archive's ingest check, refuses.
FONT_ORDER = {name: n for n, name in enumerate((b"b", b"i", b"strike", b"condense", b"extend", b"outline", b"shadow",
                                                 b"u", b"vertAlign", b"sz", b"color", b"name", b"family", b"charset",
                                                 b"scheme"))}
_FONT = re.compile(rb"<font>(.*?)</font>", re.S)
_EMPTY_ELEMENT = re.compile(rb"<(\w+)\b[^<>]*/>")


def _font_order(match: re.Match) -> bytes:
    props = [(m.group(1), m.group(0)) for m in _EMPTY_ELEMENT.finditer(match.group(1))]
    if sum(len(xml) for _, xml in props) != len(match.group(1)) or any(n not in FONT_ORDER for n, _ in props):
        return match.group(0)  # not openpyxl's flat list of empty elements: leave it as written
    return b"<font>" + b"".join(xml for _, xml in sorted(props, key=lambda p: FONT_ORDER[p[0]])) + b"</font>"


def _for_offices(name: str, content: bytes) -> bytes:
    if name == "xl/styles.xml":
        return _FONT.sub(_font_order, content)
    return _auto_heights(name, content)


_LIVE_NAME = re.compile(r"[\[|(]")  # a name into another workbook ([1]…), a DDE command (cmd|…) or a function


def make_inert(wb: Workbook) -> None:
    """Nothing live leaves the project in a workbook: a formula still in a cell (a unit's, in a returned copy)
    becomes its text, and no external link, hyperlink, macro or name pointing into another file is kept
    (openpyxl itself never writes OLE objects)."""
    wb._external_links = []
    wb.vba_archive = None
    for names in [wb.defined_names, *(ws.defined_names for ws in wb.worksheets)]:
        for name in [n for n, d in names.items() if _LIVE_NAME.search(str(d.value))]:
            del names[name]
    for ws in wb.worksheets:
        ws._hyperlinks = []
        # only the cells there are: iter_rows would make one for every address up to the last (millions for XFD1)
        for cell in list(ws._cells.values()):
            if cell.data_type == "f":
                put(cell, str(getattr(cell.value, "text", None) or cell.value))
            if cell.hyperlink is not None:
                cell.hyperlink = None


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as xlsx bytes, identical for identical content, with nothing live in it (make_inert), row
    heights left to fit their text and styles in schema order."""
    make_inert(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return stable_zip(buffer.getvalue(), _for_offices)


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
