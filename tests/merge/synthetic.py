"""Intakes made in memory for a plan, as collect would make them from forms filled in a given way: every state a
test needs reaches the documents through merge itself, never by editing a merged year by hand."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.intake.model import Intake, MeasureCells, Submission, TaskCells
from pipeline.plan import Measure, Plan
from pipeline.terms import ItemKind, Outcome, Role

Value = Callable[[Measure, float, float, float], float | None]  # (measure, baseline, goal, expected share) → value


def met(m: Measure, base: float, goal: float, share: float) -> float:
    return goal if m.target.comparator in ("≥", "≤") else goal * (1.01 if m.higher_is_better else 0.99)


def behind(m: Measure, base: float, goal: float, share: float) -> float:
    return base


def on_track(m: Measure, base: float, goal: float, share: float) -> float:
    return base + (goal - base) * (share + 1) / 2  # past the straight path's point for the year, short of the goal


def silent(m: Measure, base: float, goal: float, share: float) -> None:
    return None


def baseline_of(m: Measure) -> float:
    return m.baseline if m.baseline is not None else (m.sample_baseline or 50.0)


def intake_of(plan: Plan, year: int, value: Value = on_track, status: str = "按计划推进",
              units: set[str] | None = None) -> Intake:
    """Every reporting unit (or only ``units``) sends one accepted form: a figure for each measure it states
    (``value``), ``status`` and a narrative for each task or project it is on."""
    share = (year - plan.info.base_year) / (plan.info.target_year - plan.info.base_year)
    subs = []
    for unit in plan.reporting_units:
        if units is not None and unit.short not in units:
            continue
        roles = plan.roles(unit.short)
        sub = Submission(f"{year}年度_{unit.short}_填报表.xlsx", "0" * 64, Outcome.ACCEPTED, unit.short, year,
                         filled_on=f"{year + 1}-01-10", counts=True,
                         contact={"reporter": "张三", "phone": "0772-1234567", "date": f"{year + 1}-01-10"})
        for m in plan.measures:
            if plan.answers(unit.short, m.item_id):
                base = baseline_of(m)
                goal = m.goal(base)
                figure = value(m, base, goal, share) if goal is not None else None
                sub.measures[m.id] = MeasureCells(roles[m.item_id], figure, None if m.baseline is not None else base,
                                                  "统计年报", "" if figure is not None else "数据尚未发布", "", "F5")
        for item in plan.items:
            if item.id in roles and item.kind != ItemKind.INDICATOR:
                answers = plan.answers(unit.short, item.id)
                sub.tasks[item.id] = TaskCells(roles[item.id], status if answers else "",
                                               f"{unit.short}推进{item.title}，完成投资1200万元。", "新增5家企业",
                                               "资金不足" if answers else "", "继续推进" if answers else "", "")
        subs.append(sub)
    return Intake(year, subs, [])


def lead_of(plan: Plan, item_id: str) -> str:
    return next(u.short for u in plan.reporting_units if plan.roles(u.short).get(item_id) == Role.LEAD)
