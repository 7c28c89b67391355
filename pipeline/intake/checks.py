"""One received file decided: what it is, whose form it is, and every cell it holds checked."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.forms.signing import FormKeys
from pipeline.intake.codes import Code
from pipeline.intake.facts import cell_facts
from pipeline.intake.findings import Findings
from pipeline.intake.grid import Grid
from pipeline.intake.identity import check_identity, check_layout, check_signature, read_identity
from pipeline.intake.model import Problem, Submission, refusal
from pipeline.intake.sniff import sniff
from pipeline.intake.values import CellReader, read_values
from pipeline.plan import Plan
from pipeline.terms import Outcome, Severity
from pipeline.util.hashing import sha256_file


def check_file(plan: Plan, year: int, path: Path, name: str, keys: FormKeys) -> tuple[Submission, list[Problem]]:
    """Decide one received file; never raises for anything the file contains."""
    plan = plan.in_year(year)  # the units in force that year
    try:
        return _check_file(plan, year, path, name, keys)
    except OSError as exc:
        return refusal(name, Code.UNREADABLE, f"文件无法读取（{exc.strerror or exc}），请重新发送")
    except MemoryError:
        return refusal(name, Code.TOO_MUCH_MEMORY, "读取这个文件需要的内存超出上限（文件经过特殊构造或内容过多），已拒收")
    except Exception as exc:  # a reader's bug on a strange file must not stop the other files
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        return refusal(name, Code.UNREADABLE, f"文件无法读取（{type(exc).__name__}），请用 Excel 或 WPS 重新保存后报送")


def _check_file(plan: Plan, year: int, path: Path, name: str, keys: FormKeys) -> tuple[Submission, list[Problem]]:
    sub = Submission(name, sha256_file(path))
    verdict = sniff(path)
    if verdict.kind is None:
        return sub, [Problem(name, "", verdict.sheet, "", Severity.ERROR, verdict.code, verdict.message)]
    found = Findings(sub)
    read_workbook(plan, year, path, verdict.kind, keys, found)
    warned = any(p.severity == Severity.WARNING for p in found.problems)
    sub.outcome = Outcome.REJECTED if found.has_errors else Outcome.WARNED if warned else Outcome.ACCEPTED
    if found.has_errors:
        sub.measures, sub.tasks = {}, {}
    return sub, found.problems


def read_workbook(plan: Plan, year: int, path: Path, kind: str, keys: FormKeys, found: Findings) -> None:
    """Identity, layout, then every value: each step only when the one before it passed."""
    try:
        grid = Grid(path)
    except Exception as exc:  # calamine's errors are many; each means "cannot read this file"
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            found.error(Code.ENCRYPTED, "文件设置了密码，系统无法读取；请取消密码后重新报送")
        else:
            found.error(Code.CORRUPT, "文件无法读取（可能已损坏），请用 Excel 或 WPS 重新保存后报送")
        return
    identity = read_identity(grid, found)
    key = check_signature(identity, keys, found) if identity else None
    if key is None or not check_identity(identity, plan, year, found) or not check_layout(grid, identity, plan, key, found):
        return
    sheets = [s for s in identity.sheets.values() if s in grid.sheets]
    facts = cell_facts(path, kind, sheets, grid.merged(sheets))
    read_values(CellReader(grid, facts, found), identity, plan)
