"""Each measure's value for the year: the lead unit's figure, its progress, and other units' figures beside it.

Other units' figures for the same measure are compared, never averaged: a disagreement is
flagged with both values.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from pipeline.intake.model import Intake
from pipeline.plan import Plan
from pipeline.plan.progress import classify
from pipeline.terms import Role

TOLERANCE = 0.005  # relative difference above which two units' figures disagree


def reported_frame(intake: Intake) -> pd.DataFrame:
    """One row per (unit, measure) figure in the submissions that count."""
    rows = [{"unit": unit, "measure": mid, **{k: v for k, v in cells.items() if k != "cell"}, "file": sub.file}
            for unit, sub in intake.counting().items() for mid, cells in sub.measures.items()]
    columns = ["unit", "measure", "role", "value", "baseline", "source", "note", "file"]
    return pd.DataFrame(rows, columns=columns)


def _clean(x: object) -> object:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def previous_values(outputs: Path, year: int) -> dict[str, float]:
    """Last year's merged values, where that year has been merged: {measure id: value}."""
    path = outputs / str(year - 1) / "merged" / "summary.json"
    if not path.exists():
        return {}
    return {m["id"]: m["value"] for m in json.loads(path.read_text(encoding="utf-8"))["measures"]
            if m["value"] is not None}


def merge_measures(plan: Plan, intake: Intake, year: int, previous: dict[str, float]) -> list[dict]:
    frame = reported_frame(intake)
    plan_frame = pd.DataFrame([{"measure": m.id} for m in plan.measures])
    leads = frame[frame["role"] == Role.LEAD].drop_duplicates("measure")
    joined = plan_frame.merge(leads, on="measure", how="left")
    out = []
    for row, m in zip(joined.itertuples(index=False), plan.measures):
        value, reported_base = _clean(row.value), _clean(row.baseline)
        baseline = m.baseline if m.baseline is not None else reported_base
        progress, expected = classify(m, value, baseline, year)
        goal = m.goal(baseline)
        others = frame[(frame["measure"] == m.id) & (frame["unit"] != row.unit) & frame["value"].notna()]
        disagreements = [
            {"unit": o.unit, "value": o.value}
            for o in others.itertuples(index=False)
            if value is not None and abs(o.value - value) > TOLERANCE * max(abs(value), 1e-9)
        ]
        share = None
        if value is not None and goal is not None and baseline is not None and goal != baseline:
            share = (value - baseline) / (goal - baseline)
        out.append({
            "id": m.id, "item_id": m.item_id, "metric": m.metric, "unit": m.unit,
            "comparator": m.target.comparator, "target": m.describe_target(),
            "baseline": baseline, "baseline_on_record": m.baseline is not None, "goal": goal,
            "value": value, "expected": expected, "share": share, "progress": progress,
            "reported_by": _clean(row.unit) or "", "source": _clean(row.source) or "", "note": _clean(row.note) or "",
            "lead": plan.lead_units(plan.item(m.item_id)),
            "previous": previous.get(m.id),
            "disagreements": disagreements,
        })
    return out
