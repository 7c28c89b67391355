"""The merge step: accepted submissions joined to the plan (pandas), written to ``outputs/Y/merged/``.

Each measure gets its path from the base year, a progress class against the straight path to the
goal (docs/DESIGN.md §3) or, in the plan's last year, its 终期 verdict; tasks and projects take the lead's
status and narrative plus contributions; each unit keeps what it sent, for its own summary. What is written
here is read back by ``load_summary`` only.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.intake.model import Intake
from pipeline.intake.status import UnitStatus, unit_statuses
from pipeline.merge.items import merge_items
from pipeline.merge.model import Counts, History, OwnSubmission, YearSummary
from pipeline.plan import Plan
from pipeline.settings import YearConfig
from pipeline.terms import Progress, Severity, UnitState, Verdict
from pipeline.util.files import atomic_write
from pipeline.util.paths import year_dir


def submissions(intake: Intake) -> dict[str, OwnSubmission]:
    """What each unit sent in the version that counts, as it sent it (for the unit's own summary)."""
    return {unit: OwnSubmission(sub.file, sub.filled_on, sub.contact, sub.measures, sub.tasks)
            for unit, sub in sorted(intake.counting().items())}


def _counts(summary: YearSummary, statuses: list[UnitStatus]) -> Counts:
    measures, items = summary.measures, summary.items
    counts = Counts(len(statuses), sum(1 for s in statuses if s.state == UnitState.SUBMITTED),
                    [s.unit for s in statuses if s.state == UnitState.MISSING],
                    [s.unit for s in statuses if s.state == UnitState.REJECTED],
                    {c: sum(1 for m in measures if m.progress == c) for c in Progress})
    if summary.final:
        counts.verdicts = {v: sum(1 for m in measures if m.verdict == v) for v in Verdict}
        counts.item_verdicts = {v: sum(1 for i in items if i.verdict == v) for v in Verdict}
    return counts


def merged_year(plan: Plan, intake: Intake, year: int, history: History | None = None) -> YearSummary:
    """The year merged with the plan; ``history`` holds the earlier plan years merged in the same run."""
    from pipeline.merge.measures import merge_measures  # pandas: only when a year is merged, not when one is read

    history, plan = history or {}, plan.in_year(year)
    statuses = unit_statuses(plan, intake)
    summary = YearSummary(
        year, plan.plan_id, plan.info.is_final(year), plan.words.documents,
        any(s.sample for s in intake.counting().values()), sorted([*history, year]),
        merge_measures(plan, intake, year, history), merge_items(plan, intake, year, history), statuses,
        submissions(intake), [s.file for s in intake.rejected],
        sum(1 for p in intake.problems if p.severity == Severity.ERROR))
    summary.counts = _counts(summary, statuses)
    return summary


def merge(plan: Plan, intake: Intake, config: YearConfig, outputs: Path, history: History | None = None
          ) -> YearSummary:
    """The merged year, written: summary.json and the clerks' workbook."""
    from pipeline.merge.workbook import write_merged_xlsx  # openpyxl, like pandas, only for a merge

    summary = merged_year(plan, intake, config.year, history)
    paths = year_dir(outputs, config.year)
    atomic_write(paths.summary, json.dumps(summary.as_json(), ensure_ascii=False, indent=2).encode())
    write_merged_xlsx(summary, plan, config, paths.merged_workbook)
    return summary


def load_summary(outputs: Path, year: int) -> YearSummary:
    """The merged year as merge() wrote it."""
    path = year_dir(outputs, year).summary
    try:
        return YearSummary.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise PipelineError(f"还没有 {year} 年度的汇总结果；请先运行 python -m pipeline merge --year {year}") from None
    except (ValueError, TypeError, KeyError):
        raise PipelineError(f"{path} 已损坏；请重新运行 python -m pipeline merge --year {year}") from None
