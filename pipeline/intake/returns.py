"""退回修改: a copy of a unit's own form with each problem cell marked and commented.

Made inside the reading process that checked the file (isolate.py), from the same bytes; the parent
only writes the copies, each under a name of its own.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.forms.layout import sheet_columns
from pipeline.forms.signing import FormKeys
from pipeline.forms.style import ERROR_FILL, WARN_FILL
from pipeline.forms.workbook import build_form, fit_form
from pipeline.intake.grid import Grid
from pipeline.intake.model import Problem, Submission
from pipeline.plan import Plan
from pipeline.settings import YearConfig
from pipeline.terms import Outcome, Severity
from pipeline.util.files import atomic_write
from pipeline.util.workbook import HEAD_FILL, a4_landscape, fit_rows, put, text_height, workbook_bytes


def rebuilt_form(plan: Plan, config: YearConfig, keys: FormKeys, source: Path, sub: Submission
                 ) -> openpyxl.Workbook:
    """For an xls or ods: the unit's form again, as xlsx, holding what the file's input cells say."""
    wb, identity = build_form(plan, plan.registry.get(sub.unit), config, keys, sample=sub.sample)
    grid = Grid(source)
    columns = sheet_columns(plan.info, identity.final)
    cells = [(ref.sheet, ref.cell(col.key)) for ref in identity.rows for col in columns[ref.kind] if col.is_input]
    for sheet, cell in cells + list(identity.contact.values()):
        value = grid.value(sheet, cell) if sheet in grid.sheets else None
        if value is not None:
            put(wb[sheet][cell], value)
    return wb


def returned_copy(source: Path, sub: Submission, problems: list[Problem], plan: Plan, config: YearConfig,
                  keys: FormKeys) -> bytes | None:
    """The unit's own file with its problem cells marked, as xlsx bytes; None when there is nothing to return
    (no problems, or not a form of a known unit)."""
    marked = [p for p in problems if p.severity in (Severity.ERROR, Severity.WARNING)]
    if not marked or not sub.unit or sub.outcome == Outcome.IGNORED or plan.registry.resolve(sub.unit) is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # x14 extensions from other offices are dropped, as expected
            wb = openpyxl.load_workbook(source)
            _at_results(source, wb)
    except Exception:  # an xls or ods (or an xlsx openpyxl cannot open): rebuild the form from its cells
        try:
            wb = rebuilt_form(plan, config, keys, source, sub)
        except Exception:  # unreadable after all: the problem list in 收件情况.txt still goes back
            return None
    return _annotate(wb, marked, config, plan.registry.resolve(sub.unit).full)


def _at_results(source: Path, wb: openpyxl.Workbook) -> None:
    """Each formula cell at the result the unit saw (its cached value), so the copy carries values; a formula
    without one is left to workbook_bytes, which writes its text."""
    formulas = [c for ws in wb.worksheets for c in ws._cells.values() if c.data_type == "f"]  # cells there are
    if not formulas:
        return
    cached = openpyxl.load_workbook(source, data_only=True)
    for cell in formulas:
        value = cached[cell.parent.title][cell.coordinate].value
        if value is not None:
            put(cell, value)


def _annotate(wb: openpyxl.Workbook, problems: list[Problem], config: YearConfig, unit: str) -> bytes:
    for p in problems:
        if p.sheet in wb.sheetnames and p.cell:
            cell = wb[p.sheet][p.cell]
            cell.fill = ERROR_FILL if p.severity == Severity.ERROR else WARN_FILL
            cell.comment = Comment(f"{Severity(p.severity).label}：{p.message}", config.issuer_short, width=300, height=120)
    fit_form(wb)
    explanation = wb.create_sheet("退回修改说明", 0)
    _explanation(explanation, problems, config, unit)
    fit_rows(explanation, range(5, explanation.max_row + 1))
    wb.active = 0
    return workbook_bytes(wb)


HEADINGS = (("序号", 6), ("类别", 8), ("工作表", 22), ("单元格", 9), ("问题和修改方法", 95))


def _explanation(sheet: Worksheet, problems: list[Problem], config: YearConfig, unit: str) -> None:
    """The first sheet, a letter to the unit: what to fix, where, how to send it back; A4 landscape, the
    heading row repeated on every printed page."""
    errors = sum(1 for p in problems if p.severity == Severity.ERROR)
    letter = (f"{unit}：贵单位报送的“{problems[0].file}”有 {len(problems)} 处需要处理"
              f"（{errors} 处必须修改，单元格标红；其余请核实，标黄）。请在本文件中直接修改下列单元格，"
              f"其余内容不必改动，保存后重新报送{config.issuer_short}。联系方式：{config.form_contact}。")
    width = len(HEADINGS)
    for row, text, size in ((1, "退回修改说明", 16), (2, letter, 12)):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        put(sheet.cell(row=row, column=1), text)
        sheet.cell(row=row, column=1).font = Font(bold=row == 1, size=size)
        sheet.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top",
                                                            horizontal="center" if row == 1 else "left")
    sheet.row_dimensions[1].height = 26
    sheet.row_dimensions[2].height = text_height(letter, sum(w for _, w in HEADINGS), 12)  # merged: never grows
    for col, (heading, col_width) in enumerate(HEADINGS, 1):
        put(sheet.cell(row=4, column=col), heading)
        sheet.cell(row=4, column=col).font = Font(bold=True)
        sheet.cell(row=4, column=col).fill = HEAD_FILL
        sheet.column_dimensions[get_column_letter(col)].width = col_width
    for row, p in enumerate(problems, 5):
        for col, value in enumerate((row - 4, Severity(p.severity).label, p.sheet or "—", p.cell or "—", p.message), 1):
            put(sheet.cell(row=row, column=col), value)
            sheet.cell(row=row, column=col).alignment = Alignment(wrap_text=True, vertical="top",
                                                                  horizontal="center" if col == 1 else None)
    a4_landscape(sheet)
    sheet.print_title_rows = "4:4"


def copy_name(name: str, sha256: str, taken: set[str]) -> str:
    """'报表_退回修改.xlsx': the received name made safe (no separators, at most 60 characters and 150 bytes, so
    that any file system takes it), and told apart by its hash from any other copy of a like name (报表.xlsx and
    报表.XLSX get one each)."""
    stem = re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", Path(name).stem).strip(" .")[:60]
    stem = stem.encode("utf-8")[:150].decode("utf-8", "ignore") or "报送文件"
    candidate = f"{stem}_退回修改.xlsx"
    if candidate.casefold() in taken:
        candidate = f"{stem}_{sha256[:8]}_退回修改.xlsx"
    taken.add(candidate.casefold())
    return candidate


def write_returns(copies: dict[str, tuple[str, bytes]], folder: Path) -> dict[str, Path]:
    """Write each returned copy ({received name: (sha256, bytes)}) under a name of its own: {received: copy}."""
    written, taken = {}, set()
    for name in sorted(copies):
        sha256, data = copies[name]
        target = folder / copy_name(name, sha256, taken)
        atomic_write(target, data)
        written[name] = target
    return written
