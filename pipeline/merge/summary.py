"""The merge step: accepted submissions joined to the plan (pandas), written to ``outputs/Y/merged/``.

Each measure gets its path from the base year, a progress class against the straight path to the
goal (DESIGN §3) or, in the plan's last year, its 终期 verdict; tasks and projects take the lead's
status and narrative plus contributions; each unit keeps what it sent, for its own summary.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.intake.model import Intake
from pipeline.intake.status import unit_statuses
from pipeline.merge.history import History
from pipeline.merge.items import merge_items
from pipeline.merge.measures import merge_measures
from pipeline.merge.workbook import write_merged_xlsx
from pipeline.plan import Plan
from pipeline.settings import YearConfig
from pipeline.terms import Progress, Severity, UnitState, Verdict
from pipeline.util.files import atomic_write

OWN_FIELDS = ("role", "value", "baseline", "source", "note", "summary", "status", "work", "figures", "problems", "plans")


def submissions(intake: Intake) -> dict[str, dict]:
    """What each unit sent in the version that counts, as it sent it (for the unit's own summary)."""
    return {unit: {"file": sub.file, "filled_on": sub.filled_on, "contact": sub.contact,
                   "measures": {k: {f: v for f, v in cells.items() if f in OWN_FIELDS} for k, cells in sub.measures.items()},
                   "tasks": {k: {f: v for f, v in cells.items() if f in OWN_FIELDS} for k, cells in sub.tasks.items()}}
            for unit, sub in sorted(intake.counting().items())}


def _counts(summary: dict, statuses: list) -> dict:
    measures, items = summary["measures"], summary["items"]
    counts = {
        "units": len(statuses),
        "submitted": sum(1 for s in statuses if s.state == UnitState.SUBMITTED),
        "missing": [s.unit for s in statuses if s.state == UnitState.MISSING],
        "rejected": [s.unit for s in statuses if s.state == UnitState.REJECTED],
        "progress": {c: sum(1 for m in measures if m["progress"] == c) for c in Progress},
    }
    if summary["final"]:
        counts["verdicts"] = {v: sum(1 for m in measures if m["verdict"] == v) for v in Verdict}
        counts["item_verdicts"] = {v: sum(1 for i in items if i["verdict"] == v) for v in Verdict}
    return counts


def merge(plan: Plan, intake: Intake, config: YearConfig, outputs: Path, history: History | None = None) -> dict:
    """The year merged with the plan; ``history`` holds the earlier plan years merged in the same run."""
    year, history = config.year, history or {}
    statuses = unit_statuses(plan, intake)
    counting = intake.counting()
    summary = {
        "year": year,
        "plan_id": plan.plan_id,
        "final": plan.info.is_final(year),
        "words": plan.words.as_json(),
        "sample": any(s.sample for s in counting.values()),
        "years_with_data": sorted([*history, year]),
        "measures": merge_measures(plan, intake, year, history),
        "items": merge_items(plan, intake, year, history),
        "units": [vars(s) for s in statuses],
        "submissions": submissions(intake),
        "rejected_files": [s.file for s in intake.rejected],
        "problems": sum(1 for p in intake.problems if p.severity == Severity.ERROR),
    }
    summary["counts"] = _counts(summary, statuses)
    folder = outputs / str(year) / "merged"
    atomic_write(folder / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2).encode())
    write_merged_xlsx(summary, plan, config, folder / f"{year}年度汇总数据.xlsx")
    return summary
