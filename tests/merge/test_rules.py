"""The rules every document's verdicts rest on, tested directly: a measure's progress against the straight path
from its baseline to its goal (either way a target points), a relative target's goal, which of a unit's
versions counts, and the status of an item several units state."""

from __future__ import annotations

import pytest

from pipeline.intake.model import Intake, Submission
from pipeline.intake.status import unit_statuses
from pipeline.intake.versions import choose_versions
from pipeline.merge.items import least_advanced
from pipeline.plan.identity import PlanInfo
from pipeline.plan.model import Measure
from pipeline.plan.progress import classify, expected_value, meets
from pipeline.plan.targets import Target
from pipeline.terms import ItemStatus, Outcome, Progress, UnitState

INFO = PlanInfo("", "", "", "", "", "", "", base_year=2015, first_year=2016, target_year=2020, id="t")


def measure(comparator: str, value: float | None, baseline: float | None = 50.0, relative: dict | None = None
            ) -> Measure:
    return Measure("T01", "T01", Target("某率", comparator, value, "%", relative, ""), "%", baseline, None)


@pytest.mark.parametrize("comparator, value, goal, expected", [
    ("≥", 80, 80, True), ("≥", 79.9, 80, False), (">", 80, 80, False), (">", 80.1, 80, True),
    ("≤", 60, 60, True), ("≤", 60.1, 60, False), ("<", 60, 60, False), ("<", 59.9, 60, True),
])
def test_a_value_meets_its_goal_as_the_comparator_says(comparator, value, goal, expected):
    assert meets(value, comparator, goal) is expected


def test_the_straight_path_stands_where_the_year_is_between_base_and_target():
    assert expected_value(50, 90, 2017, INFO) == pytest.approx(66)  # two fifths of the way
    assert expected_value(100, 60, 2019, INFO) == pytest.approx(68)  # lower is better: four fifths down


@pytest.mark.parametrize("comparator, goal, value, progress", [
    ("≥", 90, 70, Progress.BEHIND),  # 2018 is three fifths of the way: the path stands at 74
    ("≥", 90, 74, Progress.ON_TRACK),  # exactly on the path counts as on track
    ("≥", 90, 73.9, Progress.BEHIND),
    ("≥", 90, 95, Progress.MET),
    ("≤", 30, 38, Progress.ON_TRACK),  # lower is better: 2018 expects 38
    ("≤", 30, 38.1, Progress.BEHIND),
    ("≤", 30, 29, Progress.MET),
])
def test_progress_is_the_value_against_the_path_either_way_a_target_points(comparator, goal, value, progress):
    found, expected = classify(measure(comparator, goal), value, 50.0, 2018, INFO)
    assert found == progress
    assert expected == (goal if progress == Progress.MET else pytest.approx(50 + (goal - 50) * 3 / 5))


def test_without_a_baseline_a_value_short_of_its_goal_is_behind_and_without_a_value_nothing_is_said():
    assert classify(measure("≥", 90, None), 95, None, 2018, INFO) == (Progress.MET, 90)
    assert classify(measure("≥", 90, None), 80, None, 2018, INFO) == (Progress.BEHIND, None)
    assert classify(measure("≥", 90), None, 50.0, 2018, INFO) == (Progress.NOT_REPORTED, None)


def test_a_relative_target_has_its_goal_once_the_baseline_is_known():
    plus = measure("≥", None, None, {"base_year": None, "op": "add", "amount": 5})
    cut = measure("≤", None, None, {"base_year": 2015, "op": "scale", "factor": 0.86})
    assert plus.goal(None) is None and plus.goal(40.0) == pytest.approx(45)
    assert cut.goal(200.0) == pytest.approx(172)
    assert classify(cut, 180.0, 200.0, 2020, INFO) == (Progress.BEHIND, pytest.approx(172))
    assert classify(cut, None, 200.0, 2020, INFO)[0] == Progress.NOT_REPORTED


def versions(*sent: tuple[str, str, Outcome]) -> list[Submission]:
    """Versions of one unit, in the order they arrived (the 填报日期 each typed says nothing of the order)."""
    return [Submission(name, "0" * 64, outcome, "统计局", 2019, filled_on=day, arrival=n)
            for n, (name, day, outcome) in enumerate(sent, start=1)]


def test_the_newest_accepted_version_counts_and_the_older_are_kept():
    subs, problems = versions(("a.xlsx", "2020-01-05", Outcome.ACCEPTED), ("b.xlsx", "2020-01-09", Outcome.WARNED)), []
    choose_versions(subs, problems)
    assert [s.counts for s in subs] == [False, True] and subs[0].superseded_by == "b.xlsx"
    assert [p.code for p in problems] == ["superseded"]


def test_a_newer_version_returned_leaves_the_older_accepted_one_counting_and_the_unit_chased(plan):
    subs = versions(("a.xlsx", "2020-01-05", Outcome.ACCEPTED), ("b.xlsx", "2020-01-09", Outcome.REJECTED))
    problems: list = []
    choose_versions(subs, problems)
    assert [s.counts for s in subs] == [True, False]
    assert [(p.file, p.code) for p in problems] == [("b.xlsx", "fallback")]
    status = next(s for s in unit_statuses(plan, Intake(2019, subs, problems)) if s.unit == "统计局")
    assert status.state == UnitState.SUBMITTED and status.file == "a.xlsx"
    assert status.latest_returned and status.due and "暂用较早的合格版本" in status.note


def test_an_item_several_units_state_takes_the_least_advanced_status():
    assert least_advanced(["按计划推进", "进度滞后", "已完成"]) == ItemStatus.LAGGING
    assert least_advanced(["已完成", "未完成"]) == ItemStatus.NOT_DONE  # the plan's last year
    assert least_advanced(["", "已完成"]) == ItemStatus.DONE  # a unit that chose none says nothing
    assert least_advanced([]) == least_advanced([""]) == ItemStatus.NOT_REPORTED
