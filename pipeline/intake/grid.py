"""Reading a received workbook's cells: calamine for values (xlsx, xls, ods alike), the XML for formulas."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
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
_STYLE = re.compile(rb'\bs="(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]+)</(?:\w+:)?v>")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
PERCENT_FORMATS = {9, 10}  # Excel's built-in 0% and 0.00%


@dataclass
class CellFacts:
    """What calamine does not say about an xlsx's cells: which hold formulas (and whether they have a cached
    value), and which are formatted as percentages (a typed 79.3% is stored as 0.793)."""

    formulas: dict[tuple[str, str], bool] = field(default_factory=dict)
    percent: set[tuple[str, str]] = field(default_factory=set)


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats (xf) whose number format shows a percentage."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")) for f in styles.iterfind("m:numFmts/m:numFmt", _NS)
              if "%" in (f.get("formatCode") or "").replace("\\%", "").replace('"%"', "")}
    return {n for n, xf in enumerate(styles.iterfind("m:cellXfs/m:xf", _NS))
            if int(xf.get("numFmtId", "0")) in PERCENT_FORMATS | custom}


def cell_facts(path: Path, sheets: list[str]) -> CellFacts:
    """Formula and percent-format cells of an xlsx, read from the sheet XML directly: openpyxl would parse
    each workbook twice for this and take twenty times as long. (For xls and ods calamine's values stand.)"""
    facts = CellFacts()
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", _NS)}
        percent_styles = _percent_styles(archive)
        for sheet in book.iterfind("m:sheets/m:sheet", _NS):
            name = sheet.get("name")
            if name not in sheets:
                continue
            target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            for attrs, body in _CELL.findall(archive.read(part)):
                ref, style = _REF.search(attrs), _STYLE.search(attrs)
                if not ref:
                    continue
                key = (name, ref.group(1).decode())
                if body and b"<f" in body:
                    facts.formulas[key] = bool(_VALUE.search(body))
                if style and int(style.group(1)) in percent_styles:
                    facts.percent.add(key)
    return facts
