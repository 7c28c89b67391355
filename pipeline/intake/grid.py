"""Reading a received workbook's cells: calamine for values (xlsx, xls, ods alike), the XML for formulas."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import python_calamine
from defusedxml import ElementTree


class Grid:
    """Cell values of a workbook read by calamine (xlsx, xls, ods alike), addressed like 'G5'."""

    def __init__(self, path: Path):
        self.book = python_calamine.CalamineWorkbook.from_path(str(path))
        self.sheets = {name: None for name in self.book.sheet_names}

    def rows(self, sheet: str) -> list[list]:
        if self.sheets.get(sheet) is None:
            self.sheets[sheet] = self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return self.sheets[sheet]

    def value(self, sheet: str, cell: str) -> object:
        m = re.match(r"([A-Z]+)(\d+)$", cell)
        col = ord(m.group(1)) - ord("A")
        row = int(m.group(2)) - 1
        rows = self.rows(sheet)
        if row >= len(rows) or col >= len(rows[row]):
            return None
        value = rows[row][col]
        return None if value == "" else value


_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]+)</(?:\w+:)?v>")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


def formula_cells(path: Path, sheets: list[str]) -> dict[tuple[str, str], bool]:
    """{(sheet, cell): has a cached value} for the formula cells of an xlsx.

    Read from the sheet XML directly: openpyxl would parse each workbook twice for this and
    take twenty times as long. (xls and ods cannot tell formulas; their cached values are used.)
    """
    found: dict[tuple[str, str], bool] = {}
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", _NS)}
        for sheet in book.iterfind("m:sheets/m:sheet", _NS):
            name = sheet.get("name")
            if name not in sheets:
                continue
            target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            for attrs, body in _CELL.findall(archive.read(part)):
                if body and b"<f" in body:
                    ref = _REF.search(attrs)
                    if ref:
                        found[(name, ref.group(1).decode())] = bool(_VALUE.search(body))
    return found
