"""Each measure's value for the year: the lead unit's figure, its path since the base year, its progress
(or, in the plan's last year, its 终期 verdict), and other units' figures beside it.

Other units' figures for the same measure are compared, never averaged: a disagreement is
flagged with both values.
"""

from __future__ import annotations

import math

import pandas as pd

from pipeline.intake.model import Intake
from pipeline.merge.history import History, reported_baseline, value_series
from pipeline.plan import Measure, Plan
from pipeline.plan.progress import classify, meets
from pipeline.terms import Verdict

TOLERANCE = 0.005  # relative difference above which two units' figures disagree
COLUMNS = ["unit", "measure", "role", "value", "baseline", "source", "note", "summary", "file"]


def reported_frame(intake: Intake) -> pd.DataFrame:
    """One row per (unit, measure) figure in the submissions that count."""
    rows = [{"unit": unit, "measure": mid, **{k: v for k, v in cells.items() if k in COLUMNS}, "file": sub.file}
            for unit, sub in intake.counting().items() for mid, cells in sub.measures.items()]
    return pd.DataFrame(rows, columns=COLUMNS)


def _clean(x: object) -> object:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def verdict(m: Measure, value: float | None, goal: float | None) -> Verdict:
    """The 终期 verdict: the target met over the whole period, or not, or no data to say."""
    if value is None or goal is None:
        return Verdict.NO_DATA
    return Verdict.DONE if meets(value, m.target.comparator, goal) else Verdict.NOT_DONE


def _disagreements(frame: pd.DataFrame, m: Measure, lead_unit: object, value: float | None) -> list[dict]:
    others = frame[(frame["measure"] == m.id) & (frame["unit"] != lead_unit) & frame["value"].notna()]
    return [{"unit": o.unit, "value": o.value} for o in others.itertuples(index=False)
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


def merge_measures(plan: Plan, intake: Intake, year: int, history: History) -> list[dict]:
    frame = reported_frame(intake)
    plan_frame = pd.DataFrame([{"measure": m.id} for m in plan.measures], columns=["measure"])
    joined = plan_frame.merge(counted_figures(plan, frame), on="measure", how="left")
    final = plan.info.is_final(year)
    out = []
    for row, m in zip(joined.itertuples(index=False), plan.measures):
        value = _clean(row.value)
        baseline = m.baseline
        if baseline is None:
            baseline = _clean(row.baseline) if _clean(row.baseline) is not None else reported_baseline(history, m.id, year)
        progress, expected = classify(m, value, baseline, year, plan.info)
        goal = m.goal(baseline)
        share = None
        if value is not None and goal is not None and baseline is not None and goal != baseline:
            share = (value - baseline) / (goal - baseline)
        series = value_series(history, m.id, plan.years, year, value)
        out.append({
            "id": m.id, "item_id": m.item_id, "metric": m.metric, "unit": m.unit,
            "comparator": m.target.comparator, "target": m.describe_target(),
            "baseline": baseline, "baseline_on_record": m.baseline is not None, "goal": goal,
            "value": value, "expected": expected, "share": share, "progress": progress,
            "verdict": verdict(m, value, goal) if final else None,
            "reported_by": _clean(row.unit) or "", "source": _clean(row.source) or "", "note": _clean(row.note) or "",
            "summary": _clean(row.summary) or "", "lead": plan.answering_units(plan.item(m.item_id)),
            "led": bool(plan.item(m.item_id).lead), "item_kind": plan.item(m.item_id).kind,
            "previous": series.get(str(year - 1)), "series": series,
            "disagreements": _disagreements(frame, m, row.unit, value),
        })
    return out
