"""Progress of a measure against the straight path from its 2015 baseline to its 2020 goal (DESIGN §3)."""

from __future__ import annotations

from pipeline.plan import BASE_YEAR, GOAL_YEAR, Measure

MET, ON_TRACK, BEHIND, NOT_REPORTED = "已完成", "进度正常", "进度滞后", "未报送"
PROGRESS_CLASSES = (MET, ON_TRACK, BEHIND, NOT_REPORTED)


def meets(value: float, comparator: str, goal: float) -> bool:
    return {"≥": value >= goal, ">": value > goal, "≤": value <= goal, "<": value < goal}[comparator]


def classify(measure: Measure, value: float | None, baseline: float | None, year: int) -> tuple[str, float | None]:
    """(progress class, expected value on the straight path for this year)."""
    goal = measure.goal(baseline)
    if value is None or goal is None:
        return NOT_REPORTED, None
    if meets(value, measure.target.comparator, goal):
        return MET, goal
    if baseline is None:
        return BEHIND, None
    expected = baseline + (goal - baseline) * (year - BASE_YEAR) / (GOAL_YEAR - BASE_YEAR)
    on_track = value >= expected if measure.higher_is_better else value <= expected
    return (ON_TRACK if on_track else BEHIND), expected
