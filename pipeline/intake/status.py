"""Who has reported: submitted (which file), rejected, missing; and the 催报 list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.intake.model import Intake
from pipeline.plan import Plan
from pipeline.settings import YearConfig
from pipeline.terms import Outcome, Severity, UnitState
from pipeline.util.text import cn_date
from pipeline.util.workbook import write_sheets


@dataclass
class UnitStatus:
    unit: str
    full: str
    kind: str
    state: UnitState
    file: str
    filled_on: str
    versions: int
    note: str
    contact: str
    phone: str
    errors: int
    received: list[dict]  # every version the unit sent: file, outcome, 填报日期, whether it counts


def unit_statuses(plan: Plan, intake: Intake) -> list[UnitStatus]:
    rows = []
    for unit in plan.reporting_units:
        mine = [s for s in intake.submissions if s.unit == unit.short and s.outcome != Outcome.IGNORED]
        counting = next((s for s in mine if s.counts), None)
        rejected = [s for s in mine if s.outcome == Outcome.REJECTED]
        errors = sum(1 for p in intake.problems if p.unit == unit.short and p.severity == Severity.ERROR)
        latest_contact = (counting or (rejected[-1] if rejected else None))
        contact = latest_contact.contact if latest_contact else {}
        if counting:
            state, file = UnitState.SUBMITTED, counting.file
            notes = []
            if len(mine) > 1:
                when = f"填报日期为{cn_date(counting.filled_on)}的" if counting.filled_on else "最新的"
                notes.append(f"共报送{len(mine)}版，采用{when}一版")
            if any(p.unit == unit.short and p.code == "fallback" for p in intake.problems):
                notes.append("最新一版被退回，暂用较早的合格版本")
            note = "；".join(notes)
        elif rejected:
            state, file, note = UnitState.REJECTED, rejected[-1].file, f"有{errors}处须修改，已退回"
        else:
            state, file, note = UnitState.MISSING, "", ""
        received = [{"file": s.file, "outcome": s.outcome, "filled_on": s.filled_on, "counts": s.counts} for s in mine]
        rows.append(UnitStatus(unit.short, unit.name, unit.kind, state, file,
                               counting.filled_on if counting else "", len(mine), note,
                               contact.get("reporter") or unit.contact, contact.get("phone") or unit.phone, errors,
                               received))
    return rows


def write_reminders(statuses: list[UnitStatus], config: YearConfig, path: Path) -> int:
    """催报 list: units still missing or rejected, with whom to call; returns how many."""
    due = [s for s in statuses if s.state != UnitState.SUBMITTED]
    headers = ["序号", "单位", "状态", "情况说明", "联系人", "联系电话", "报送截止时间"]
    rows = [[n, s.full, s.state, s.note or "尚未收到填报表", s.contact or "（未登记）", s.phone or "（未登记）",
             config.deadline] for n, s in enumerate(due, 1)]
    write_sheets(path, {"催报名单": (headers, rows)}, {"催报名单": [6, 30, 10, 36, 12, 16, 16]},
                 config.doc_date, f"{config.year}年度填报表催报名单", config.issuer)
    return len(due)
