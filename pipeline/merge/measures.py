"""Each measure's value for the year: the lead unit's figure, its path since the base year, its progress
(or, in the plan's last year, its 终期 verdict), and other units' figures beside it.

Other units' figures for the same measure are compared, never averaged: a disagreement is
flagged with both values.
"""

from __future__ import annotations

import math

import pandas as pd

from pipeline.errors import PipelineError
from pipeline.intake.model import Intake
from pipeline.merge.history import reported_baseline, value_series
from pipeline.merge.model import Disagreement, History, MeasureResult
from pipeline.plan import Measure, Plan
from pipeline.plan.progress import classify, meets
from pipeline.terms import Verdict

TOLERANCE = 0.005  # relative difference above which two units' figures disagree
COLUMNS = ["unit", "measure", "role", "value", "baseline", "source", "note", "summary", "file"]


def _finite(intake: Intake) -> None:
    """Nothing non-finite crosses into the merge: intake refuses such cells, so one here means a record edited
    or damaged after intake (json reads NaN and Infinity)."""
    for unit, sub in intake.counting().items():
        for mid, cells in sub.measures.items():
            for label, value in (("本年度完成值", cells.value), ("基数", cells.baseline)):
                if value is not None and not (isinstance(value, int | float) and math.isfinite(value)):
                    raise PipelineError(f"收件结果中 {unit} 的 {mid} {label}为 {value!r}（{sub.file}）：不是有效数值；"
                                        "收件记录可能被改动，请重新运行 python -m pipeline collect")


def reported_frame(intake: Intake) -> pd.DataFrame:
    """One row per (unit, measure) figure in the submissions that count."""
    _finite(intake)
    rows = [{"unit": unit, "measure": mid, "role": cells.role, "value": cells.value, "baseline": cells.baseline,
             "source": cells.source, "note": cells.note, "summary": cells.summary, "file": sub.file}
            for unit, sub in intake.counting().items() for mid, cells in sub.measures.items()]
    return pd.DataFrame(rows, columns=COLUMNS)


def _clean(x: object) -> object:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def verdict(m: Measure, value: float | None, goal: float | None) -> Verdict:
    """The 终期 verdict: the target met over the whole period, or not, or no data to say."""
    if value is None or goal is None:
        return Verdict.NO_DATA
    return Verdict.DONE if meets(value, m.target.comparator, goal) else Verdict.NOT_DONE


def _disagreements(frame: pd.DataFrame, m: Measure, lead_unit: object, value: float | None) -> list[Disagreement]:
    others = frame[(frame["measure"] == m.id) & (frame["unit"] != lead_unit) & frame["value"].notna()]
    return [Disagreement(o.unit, o.value) for o in others.itertuples(index=False)
            if value is not None and abs(o.value - value) > TOLERANCE * max(abs(value), 1e-9)]


def counted_figures(plan: Plan, frame: pd.DataFrame) -> pd.DataFrame:
    """The figure that counts for each measure: its lead's, or for an item without a lead the first of its
    units (in the notice's order) that reported a value."""
    answering = pd.DataFrame([{"measure": m.id, "unit": u, "order": n} for m in plan.measures
                              for n, u in enumerate(plan.answering_units(plan.item(m.item_id)))],
                             columns=["measure", "unit", "order"])
    answers = answering.merge(frame, on=["measure", "unit"], how="inner")
    answers = answers.assign(missing=answers["value"].isna()).sort_values(["measure", "missing", "order"])
    return answers.drop_duplicates("measure").drop(columns=["order", "missing"])


def _baseline(m: Measure, reported: object, history: History, year: int) -> float | None:
    """The base-year value on record, else the one the unit reported now, else one it reported before."""
    if m.baseline is not None:
        return m.baseline
    return _clean(reported) if _clean(reported) is not None else reported_baseline(history, m.id, year)


def _share(value: float | None, baseline: float | None, goal: float | None) -> float | None:
    if value is None or goal is None or baseline is None or goal == baseline:
        return None
    return (value - baseline) / (goal - baseline)


def merge_measures(plan: Plan, intake: Intake, year: int, history: History) -> list[MeasureResult]:
    frame = reported_frame(intake)
    plan_frame = pd.DataFrame([{"measure": m.id} for m in plan.measures], columns=["measure"])
    joined = plan_frame.merge(counted_figures(plan, frame), on="measure", how="left")
    final = plan.info.is_final(year)
    out = []
    for row, m in zip(joined.itertuples(index=False), plan.measures):
        value, item = _clean(row.value), plan.item(m.item_id)
        baseline = _baseline(m, row.baseline, history, year)
        progress, expected = classify(m, value, baseline, year, plan.info)
        goal = m.goal(baseline)
        series = value_series(history, m.id, plan.years, year, value)
        out.append(MeasureResult(
            m.id, m.item_id, m.metric, m.unit, m.target.comparator, m.describe_target(), baseline,
            m.baseline is not None, goal, value, expected, _share(value, baseline, goal), progress,
            verdict(m, value, goal) if final else None, _clean(row.unit) or "", _clean(row.source) or "",
            _clean(row.note) or "", _clean(row.summary) or "", plan.answering_units(item), bool(item.lead),
            item.kind, series.get(str(year - 1)), series, _disagreements(frame, m, row.unit, value)))
    return out
