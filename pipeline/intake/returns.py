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

from pipeline.forms.layout import sheet_columns
from pipeline.forms.signing import FormKeys
from pipeline.forms.style import ERROR_FILL, WARN_FILL
from pipeline.forms.workbook import build_form
from pipeline.intake.grid import Grid
from pipeline.intake.model import Problem, Submission
from pipeline.plan import Plan
from pipeline.settings import YearConfig
from pipeline.terms import Outcome, Severity
from pipeline.util.files import atomic_write
from pipeline.util.workbook import put, workbook_bytes


def rebuilt_form(plan: Plan, config: YearConfig, keys: FormKeys, source: Path, sub: Submission
                 ) -> openpyxl.Workbook:
    """For an xls or ods: the unit's form again, as xlsx, holding what the file's input cells say."""
    wb, identity = build_form(plan, plan.registry.get(sub.unit), config, keys, sample=sub.sample)
    grid = Grid(source)
    columns = sheet_columns(plan.info, identity.final)
    cells = [(ref.sheet, ref.cell(col.key)) for ref in identity.rows for col in columns[ref.sheet] if col.is_input]
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
    except Exception:  # an xls or ods (or an xlsx openpyxl cannot open): rebuild the form from its cells
        try:
            wb = rebuilt_form(plan, config, keys, source, sub)
        except Exception:  # unreadable after all: the problem list in 收件情况.txt still goes back
            return None
    return _annotate(wb, marked, config)


def _annotate(wb: openpyxl.Workbook, problems: list[Problem], config: YearConfig) -> bytes:
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
    return workbook_bytes(wb)


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


def write_returns(copies: dict[str, tuple[str, bytes]], folder: Path) -> list[Path]:
    """Write each returned copy ({received name: (sha256, bytes)}) under a name of its own."""
    written, taken = [], set()
    for name in sorted(copies):
        sha256, data = copies[name]
        target = folder / copy_name(name, sha256, taken)
        atomic_write(target, data)
        written.append(target)
    return written
