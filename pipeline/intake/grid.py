"""Reading a received workbook's cells: calamine for values (xlsx, xls, ods alike); intake/facts.py for the rest."""

from __future__ import annotations

import re
from pathlib import Path

import python_calamine


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

    def merged(self, sheets: list[str]) -> dict[str, list]:
        """calamine's merged ranges of the sheets ((first row, col), (last row, col)), 0-based; none for ods."""
        return {name: self.book.get_sheet_by_name(name).merged_cell_ranges for name in sheets}
