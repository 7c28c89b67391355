"""退回修改: a copy of a unit's own form with each problem cell marked and commented."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from pipeline.files import atomic_write, stable_zip
from pipeline.intake import Intake, Problem, Submission
from pipeline.xlsx import put

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARN_FILL = PatternFill("solid", fgColor="FFEB9C")
SEVERITY = {"error": "须修改", "warning": "请核实", "info": "说明"}


def annotated_copy(source: Path, problems: list[Problem], target: Path) -> bool:
    """Mark the problem cells of an xlsx form in a new file; the source is only read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # x14 extensions from other offices are dropped, as expected
            wb = openpyxl.load_workbook(source)
    except Exception:  # not an xlsx openpyxl can open: the problem list still goes back
        return False
    for p in problems:
        if p.sheet in wb.sheetnames and p.cell:
            cell = wb[p.sheet][p.cell]
            cell.fill = ERROR_FILL if p.severity == "error" else WARN_FILL
            cell.comment = Comment(f"{SEVERITY[p.severity]}：{p.message}", "发展改革委", width=300, height=120)
    sheet = wb.create_sheet("退回修改说明", 0)
    put(sheet["A1"], f"请按以下意见修改后重新报送（原文件：{problems[0].file}）")
    sheet["A1"].font = Font(bold=True, size=14)
    for row, p in enumerate(problems, 3):
        for col, value in enumerate((SEVERITY[p.severity], p.sheet, p.cell, p.message), 1):
            put(sheet.cell(row=row, column=col), value)
            sheet.cell(row=row, column=col).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCD", (8, 20, 8, 90)):
        sheet.column_dimensions[letter].width = width
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write(target, stable_zip(buffer.getvalue()))
    return True


def write_returns(intake: Intake, inbox: Path, folder: Path) -> list[Path]:
    """One marked copy for each file with problems whose unit is known."""
    written = []
    by_file: dict[str, list[Problem]] = {}
    for p in intake.problems:
        if p.severity in ("error", "warning"):
            by_file.setdefault(p.file, []).append(p)
    subs: dict[str, Submission] = {s.file: s for s in intake.submissions}
    for name, problems in by_file.items():
        sub = subs[name]
        if not sub.unit or sub.outcome == "ignored":
            continue
        target = folder / f"{Path(name).stem}_退回修改.xlsx"
        if annotated_copy(inbox / name, problems, target):
            written.append(target)
    return written
