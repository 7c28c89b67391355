"""The merge step: accepted submissions joined to the plan (pandas), written to ``outputs/Y/merged/``.

Each measure gets a progress class against the straight path from the 2015 baseline to the 2020
goal (DESIGN §3); tasks and projects take the lead's status and narrative plus contributions.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.intake.model import Intake
from pipeline.intake.status import unit_statuses
from pipeline.merge.items import merge_items
from pipeline.merge.measures import merge_measures, previous_values
from pipeline.merge.workbook import write_merged_xlsx
from pipeline.plan import Plan
from pipeline.settings import YearConfig
from pipeline.terms import Progress, Severity, UnitState
from pipeline.util.files import atomic_write


def merge(plan: Plan, intake: Intake, config: YearConfig, outputs: Path) -> dict:
    year = config.year
    statuses = unit_statuses(plan, intake)
    counting = intake.counting()
    summary = {
        "year": year,
        "plan_id": plan.plan_id,
        "sample": any(s.sample for s in counting.values()),
        "measures": merge_measures(plan, intake, year, previous_values(outputs, year)),
        "items": merge_items(plan, intake),
        "units": [vars(s) for s in statuses],
        "rejected_files": [s.file for s in intake.rejected],
        "problems": sum(1 for p in intake.problems if p.severity == Severity.ERROR),
    }
    summary["counts"] = {
        "units": len(statuses),
        "submitted": sum(1 for s in statuses if s.state == UnitState.SUBMITTED),
        "missing": [s.unit for s in statuses if s.state == UnitState.MISSING],
        "rejected": [s.unit for s in statuses if s.state == UnitState.REJECTED],
        "progress": {c: sum(1 for m in summary["measures"] if m["progress"] == c) for c in Progress},
    }
    folder = outputs / str(year) / "merged"
    atomic_write(folder / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2).encode())
    write_merged_xlsx(summary, config, folder / f"{year}年度汇总数据.xlsx")
    return summary
