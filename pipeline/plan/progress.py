"""Progress of a measure against the straight path from its 2015 baseline to its 2020 goal (DESIGN §3)."""

from __future__ import annotations

from pipeline.plan.model import BASE_YEAR, GOAL_YEAR, Measure
from pipeline.terms import Progress


def meets(value: float, comparator: str, goal: float) -> bool:
    return {"≥": value >= goal, ">": value > goal, "≤": value <= goal, "<": value < goal}[comparator]


def classify(measure: Measure, value: float | None, baseline: float | None, year: int) -> tuple[Progress, float | None]:
    """(progress class, expected value on the straight path for this year)."""
    goal = measure.goal(baseline)
    if value is None or goal is None:
        return Progress.NOT_REPORTED, None
    if meets(value, measure.target.comparator, goal):
        return Progress.MET, goal
    if baseline is None:
        return Progress.BEHIND, None
    expected = baseline + (goal - baseline) * (year - BASE_YEAR) / (GOAL_YEAR - BASE_YEAR)
    on_track = value >= expected if measure.higher_is_better else value <= expected
    return (Progress.ON_TRACK if on_track else Progress.BEHIND), expected
