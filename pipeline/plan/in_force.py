"""The registry by year, for the clerk: which units answer for the plan in each year, and what in the recorded
changes (机构改革) would leave an item without one. ``python -m pipeline units`` prints this."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.plan.history import Change, known_as
from pipeline.plan.model import Plan
from pipeline.terms import Role


@dataclass(frozen=True)
class Answering:
    """A unit in force in a year, with what it answers for and the units it took over."""

    short: str
    name: str
    leads: int
    shares: int
    formerly: tuple[str, ...]


@dataclass(frozen=True)
class Span:
    """Consecutive plan years in which the same units answer for the same items."""

    first: int
    last: int
    units: tuple[Answering, ...]
    changes: tuple[Change, ...]  # the changes that took effect in ``first``

    @property
    def years(self) -> str:
        return f"{self.first}年" if self.first == self.last else f"{self.first}—{self.last}年"


def assignment(plan: Plan) -> list[tuple[str, str, dict[str, Role]]]:
    """Who answers for what in the plan's year: what a year's records depend on besides the files."""
    return [(u.short, u.full, plan.roles(u.short)) for u in plan.reporting_units]


def formerly(plan: Plan, unit: str) -> list[str]:
    """The units renamed or merged into ``unit`` by the plan's year (for 市生态环境局（原市环保局））."""
    return plan.registry.history.formerly(unit, plan.year, ("rename", "merge"))


def named(plan: Plan, unit: str) -> str:
    """The unit's name, with those the notice knew it by: 柳州市生态环境局（原环保局）."""
    return known_as(plan.registry.get(unit).name, formerly(plan, unit))


def _answering(plan: Plan) -> tuple[Answering, ...]:
    return tuple(Answering(u.short, u.name, sum(r == Role.LEAD for r in plan.roles(u.short).values()),
                           sum(r != Role.LEAD for r in plan.roles(u.short).values()), tuple(formerly(plan, u.short)))
                 for u in plan.reporting_units)


def spans(plan: Plan) -> list[Span]:
    """The plan's years, grouped where nothing changed from one year to the next."""
    found: list[Span] = []
    for year in plan.years:
        current = plan.in_year(year)
        units = _answering(current)
        if found and assignment(current) == assignment(plan.in_year(found[-1].last)):
            found[-1] = Span(found[-1].first, year, units, found[-1].changes)
        else:
            took_effect = tuple(c for c in plan.registry.history.changes if c.on.year == year)
            found.append(Span(year, year, units, took_effect))
    return found


def registry_problems(plan: Plan, where: str) -> list[str]:
    """What in the recorded changes leaves the plan short: a split that does not place every item of the unit,
    or places items the plan does not give it; a change dated outside the plan's years."""
    problems = []
    years = plan.years
    for change in plan.registry.history.changes:
        at = f"{where}第{change.line}行（{change.describe()}）"
        if not years[0] <= change.on.year <= years[-1]:
            problems.append(f"{at}：日期不在规划期（{years[0]}—{years[-1]}年）内，任何年度的文书都不受影响")
        if change.kind != "split":
            continue
        held = set(plan.in_year(change.on.year - 1).roles(change.old[0]))
        listed = {item for item, _ in change.items}
        problems += [f"{at}：事项“{i}”不是{change.old[0]}承担的事项" for i in sorted(listed - held)]
        problems += [f"{at}：{change.old[0]}承担的事项“{i}”（{plan.item(i).title}）未写明承接单位，"
                     f"{change.on.year}年起没有单位承担" for i in [it.id for it in plan.items] if i in held - listed]
    return problems
