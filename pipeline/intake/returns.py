"""退回修改: a copy of a unit's own form with each problem cell marked and commented."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font

from pipeline.forms.layout import sheet_columns
from pipeline.forms.style import ERROR_FILL, WARN_FILL
from pipeline.forms.workbook import build_form
from pipeline.intake.grid import Grid
from pipeline.intake.model import Intake, Problem, Submission
from pipeline.plan import Plan
from pipeline.settings import YearConfig
from pipeline.terms import Outcome, Severity
from pipeline.util.files import atomic_write
from pipeline.util.workbook import put, workbook_bytes


def rebuilt_form(plan: Plan, config: YearConfig, source: Path, unit: str) -> openpyxl.Workbook:
    """For an xls or ods: the unit's form again, as xlsx, holding what the file's input cells say."""
    wb, identity = build_form(plan, plan.registry.get(unit), config)
    grid = Grid(source)
    columns = sheet_columns(plan.info, identity.final)
    cells = [(ref.sheet, ref.cell(col.key)) for ref in identity.rows for col in columns[ref.sheet] if col.is_input]
    for sheet, cell in cells + list(identity.contact.values()):
        value = grid.value(sheet, cell) if sheet in grid.sheets else None
        if value is not None:
            put(wb[sheet][cell], value)
    return wb


def annotated_copy(source: Path, problems: list[Problem], target: Path, plan: Plan, config: YearConfig,
                   unit: str) -> bool:
    """Mark the problem cells of the unit's form in a new file; the source is only read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # x14 extensions from other offices are dropped, as expected
            wb = openpyxl.load_workbook(source)
    except Exception:  # an xls or ods (or an xlsx openpyxl cannot open): rebuild the form from its cells
        try:
            wb = rebuilt_form(plan, config, source, unit)
        except Exception:  # unreadable after all: the problem list in 收件情况.txt still goes back
            return False
    for p in problems:
        if p.sheet in wb.sheetnames and p.cell:
            cell = wb[p.sheet][p.cell]
            cell.fill = ERROR_FILL if p.severity == Severity.ERROR else WARN_FILL
            cell.comment = Comment(f"{Severity(p.severity).label}：{p.message}", config.issuer_short, width=300, height=120)
    sheet = wb.create_sheet("退回修改说明", 0)
    put(sheet["A1"], f"请按以下意见修改后重新报送（原文件：{problems[0].file}）")
    sheet["A1"].font = Font(bold=True, size=14)
    for row, p in enumerate(problems, 3):
        for col, value in enumerate((Severity(p.severity).label, p.sheet, p.cell, p.message), 1):
            put(sheet.cell(row=row, column=col), value)
            sheet.cell(row=row, column=col).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCD", (8, 20, 8, 90)):
        sheet.column_dimensions[letter].width = width
    wb.active = 0
    atomic_write(target, workbook_bytes(wb))
    return True


def write_returns(intake: Intake, inbox: Path, folder: Path, plan: Plan, config: YearConfig) -> list[Path]:
    """One marked copy for each file with problems whose unit is known."""
    written = []
    by_file: dict[str, list[Problem]] = {}
    for p in intake.problems:
        if p.severity in (Severity.ERROR, Severity.WARNING):
            by_file.setdefault(p.file, []).append(p)
    subs: dict[str, Submission] = {s.file: s for s in intake.submissions}
    for name, problems in by_file.items():
        sub = subs.get(name)
        if sub is None or not sub.unit or sub.outcome == Outcome.IGNORED:
            continue
        target = folder / f"{Path(name).stem}_退回修改.xlsx"
        if annotated_copy(inbox / name, problems, target, plan, config, sub.unit):
            written.append(target)
    return written
