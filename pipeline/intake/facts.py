"""What a workbook says about its cells beyond their values, for xlsx (Transitional and Strict), ods and xls
alike: formulas (and whether they hold a result), percent formats (79.3% is stored as 0.793), hidden rows and
columns, and cells covered by a merged cell. calamine reads the values; these come from each format's own
structure, read directly (openpyxl would parse each workbook twice and take twenty times as long).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree

PERCENT_FORMATS = {9, 10}  # Excel's built-in 0% and 0.00%


@dataclass
class CellFacts:
    formulas: dict[tuple[str, str], bool] = field(default_factory=dict)  # (sheet, cell) → holds a cached result
    percent: set[tuple[str, str]] = field(default_factory=set)
    hidden_rows: set[tuple[str, int]] = field(default_factory=set)  # (sheet, row number)
    hidden_columns: set[tuple[str, str]] = field(default_factory=set)  # (sheet, column letter)
    covered: set[tuple[str, str]] = field(default_factory=set)  # under a merged cell (not its first cell)

    def hidden(self, sheet: str, cell: str) -> str:
        """Why the sender would not see ``cell``: '行被隐藏', '列被隐藏', '被合并单元格遮住', or ''."""
        column, row = re.match(r"([A-Z]+)(\d+)$", cell).groups()
        if (sheet, int(row)) in self.hidden_rows:
            return "所在行被隐藏"
        if (sheet, column) in self.hidden_columns:
            return "所在列被隐藏"
        return "被合并单元格遮住" if (sheet, cell) in self.covered else ""


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_facts(path: Path, kind: str, sheets: list[str], merged: dict[str, list] | None = None) -> CellFacts:
    """The facts of the named sheets; ``merged``: calamine's merged ranges per sheet (xlsx and xls)."""
    facts = CellFacts()
    if kind == "xlsx":
        _xlsx(path, sheets, facts)
    elif kind == "ods":
        _ods(path, sheets, facts)
    elif kind == "xls":
        _xls(path, sheets, facts)
    for sheet, ranges in (merged or {}).items():
        for (r0, c0), (r1, c1) in ranges or []:
            facts.covered |= {(sheet, f"{column_letter(c)}{r + 1}") for r in range(r0, r1 + 1)
                              for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}
    return facts


# --- xlsx: Transitional and Strict name their elements in different namespaces; any prefix, any namespace ---
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]+)</(?:\w+:)?v>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_SPAN = re.compile(rb'\bmin="(\d+)"[^>]*\bmax="(\d+)"')


def _local(attrs: dict, name: str) -> str:
    return next((v for k, v in attrs.items() if k.rsplit("}", 1)[-1] == name), "")


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats (xf) whose number format shows a percentage."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")) for f in styles.iterfind("{*}numFmts/{*}numFmt")
              if "%" in (f.get("formatCode") or "").replace("\\%", "").replace('"%"', "")}
    return {n for n, xf in enumerate(styles.iterfind("{*}cellXfs/{*}xf"))
            if int(xf.get("numFmtId", "0")) in PERCENT_FORMATS | custom}


def _xlsx(path: Path, sheets: list[str], facts: CellFacts) -> None:
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.iterfind("{*}Relationship")}
        percent_styles = _percent_styles(archive)
        for sheet in book.iterfind("{*}sheets/{*}sheet"):
            name = sheet.get("name")
            if name in sheets:
                target = targets.get(_local(sheet.attrib, "id"), "")
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                _xlsx_sheet(archive.read(part), name, percent_styles, facts)


def _xlsx_sheet(xml: bytes, name: str, percent_styles: set[int], facts: CellFacts) -> None:
    for attrs in _ROW.findall(xml):
        number = re.search(rb'\br="(\d+)"', attrs)
        if number and _HIDDEN.search(attrs):
            facts.hidden_rows.add((name, int(number.group(1))))
    for attrs in _COL.findall(xml):
        span = _SPAN.search(attrs)
        if span and _HIDDEN.search(attrs):
            first, last = int(span.group(1)), min(int(span.group(2)), 702)  # a whole-sheet span: to ZZ is plenty
            facts.hidden_columns |= {(name, column_letter(n - 1)) for n in range(first, last + 1)}
    for attrs, body in _CELL.findall(xml):
        ref, style = _REF.search(attrs), _STYLE.search(attrs)
        if not ref:
            continue
        key = (name, (ref.group(1) + ref.group(2)).decode())
        if body and b"<f" in body:
            facts.formulas[key] = bool(_VALUE.search(body))
        if style and int(style.group(1)) in percent_styles:
            facts.percent.add(key)


# --- ods: content.xml, rows and cells with their repeat counts ---
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
MAX_REPEAT = 10_000  # a repeated row or column beyond this is the empty rest of the sheet


def _ods(path: Path, sheets: list[str], facts: CellFacts) -> None:
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    for table in root.iter(f"{_TABLE}table"):
        name = table.get(f"{_TABLE}name")
        if name not in sheets:
            continue
        column = 0
        for col in table.iter(f"{_TABLE}table-column"):
            repeat = min(int(col.get(f"{_TABLE}number-columns-repeated", "1")), MAX_REPEAT)
            if col.get(f"{_TABLE}visibility", "visible") != "visible":
                facts.hidden_columns |= {(name, column_letter(n)) for n in range(column, column + repeat)}
            column += repeat
        _ods_rows(table, name, facts)


def _ods_rows(table: object, name: str, facts: CellFacts) -> None:
    row = 0
    for element in table.iter(f"{_TABLE}table-row"):
        repeat = min(int(element.get(f"{_TABLE}number-rows-repeated", "1")), MAX_REPEAT)
        if element.get(f"{_TABLE}visibility", "visible") != "visible":
            facts.hidden_rows |= {(name, n + 1) for n in range(row, row + repeat)}
        column = 0
        for cell in element:
            span = min(int(cell.get(f"{_TABLE}number-columns-repeated", "1")), MAX_REPEAT)
            key = (name, f"{column_letter(column)}{row + 1}")
            if cell.tag == f"{_TABLE}covered-table-cell":
                facts.covered.add(key)
            if cell.get(f"{_TABLE}formula"):
                facts.formulas[key] = cell.get(f"{_OFFICE}value-type") is not None
            if cell.get(f"{_OFFICE}value-type") == "percentage":
                facts.percent.add(key)
            column += span
        row += repeat


# --- xls: BIFF records through xlrd, which keeps formats, row and column info (calamine does not) ---
def _xls(path: Path, sheets: list[str], facts: CellFacts) -> None:
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    try:
        percent_xf = {n for n, xf in enumerate(book.xf_list)
                      if xf.format_key in PERCENT_FORMATS or "%" in book.format_map[xf.format_key].format_str}
        for name in sheets:
            sheet = book.sheet_by_name(name)
            facts.hidden_rows |= {(name, r + 1) for r, info in sheet.rowinfo_map.items() if info.hidden}
            facts.hidden_columns |= {(name, column_letter(c)) for c, info in sheet.colinfo_map.items() if info.hidden}
            facts.percent |= {(name, f"{column_letter(c)}{r + 1}") for r in range(sheet.nrows)
                              for c in range(sheet.row_len(r)) if sheet.cell_xf_index(r, c) in percent_xf}
    finally:
        book.release_resources()
