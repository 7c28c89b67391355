"""Progress of a measure against the straight path from its base-year value to its goal (docs/DESIGN.md §3)."""

from __future__ import annotations

from pipeline.plan.identity import PlanInfo
from pipeline.plan.model import Measure
from pipeline.terms import Progress


def meets(value: float, comparator: str, goal: float) -> bool:
    return {"≥": value >= goal, ">": value > goal, "≤": value <= goal, "<": value < goal}[comparator]


def expected_value(baseline: float, goal: float, year: int, info: PlanInfo) -> float:
    """Where the straight path from the base year to the target year stands in ``year``."""
    return baseline + (goal - baseline) * (year - info.base_year) / (info.target_year - info.base_year)


def classify(measure: Measure, value: float | None, baseline: float | None, year: int,
             info: PlanInfo) -> tuple[Progress, float | None]:
    """(progress class, expected value on the straight path for this year)."""
    goal = measure.goal(baseline)
    if value is None or goal is None:
        return Progress.NOT_REPORTED, None
    if meets(value, measure.target.comparator, goal):
        return Progress.MET, goal
    if baseline is None:
        return Progress.BEHIND, None
    expected = expected_value(baseline, goal, year, info)
    on_track = value >= expected if measure.higher_is_better else value <= expected
    return (Progress.ON_TRACK if on_track else Progress.BEHIND), expected
