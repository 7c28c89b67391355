"""Tasks and projects for the year: the lead's status and narrative, the responsible units' contributions,
each item's statuses over the years, and in the plan's last year its 终期 verdict.

An item the notice gives no lead is stated from all its units (docs/DESIGN.md §3): its status is the least
advanced any of them reports, its narrative the first one's, the others' beside it as contributions; it is
未报送 only when none of them reported.
"""

from __future__ import annotations

from pipeline.intake.model import Intake, Submission, TaskCells
from pipeline.merge.history import status_series
from pipeline.merge.model import Contribution, History, ItemResult
from pipeline.plan import Item, Plan
from pipeline.terms import ItemKind, ItemStatus, Role, Verdict

NOTHING = TaskCells("", "", "", "", "", "", "")


def item_verdict(status: ItemStatus) -> Verdict:
    if status == ItemStatus.NOT_REPORTED:
        return Verdict.NO_DATA
    return Verdict.DONE if status == ItemStatus.DONE else Verdict.NOT_DONE


def least_advanced(statuses: list[str]) -> ItemStatus:
    """The status of an item several units state: the least advanced any of them gives (未报送 if none)."""
    known = [ItemStatus(s) for s in statuses if s in ItemStatus.__members__.values()]
    return min(known, key=list(ItemStatus).index) if known else ItemStatus.NOT_REPORTED


def _roles(plan: Plan, item: Item) -> dict[str, Role]:
    return {u.short: r for u in plan.reporting_units if (r := plan.roles(u.short).get(item.id))}


def _contributions(roles: dict[str, Role], counting: dict[str, Submission], item_id: str, reporter: str
                   ) -> list[Contribution]:
    found = []
    for unit, role in roles.items():
        cells = counting[unit].tasks.get(item_id) if role == Role.SHARE and unit in counting and unit != reporter \
            else None
        if cells and (cells.work or cells.summary):
            found.append(Contribution(unit, cells.status, cells.work, cells.figures, cells.summary))
    return found


def merge_items(plan: Plan, intake: Intake, year: int, history: History) -> list[ItemResult]:
    counting = intake.counting()
    final = plan.info.is_final(year)
    out = []
    for item in plan.items:
        if item.kind == ItemKind.INDICATOR:
            continue
        roles = _roles(plan, item)
        answering = [u for u in plan.answering_units(item) if u in roles]
        reported = [u for u in answering if u in counting and item.id in counting[u].tasks]
        reporter = reported[0] if reported else ""
        cells = counting[reporter].tasks[item.id] if reporter else NOTHING
        status = least_advanced([counting[u].tasks[item.id].status for u in reported])
        out.append(ItemResult(
            item.id, item.kind, item.area, item.title, item.text, answering, bool(item.lead), reporter, status,
            cells.work, cells.figures, cells.problems, cells.plans, cells.summary,
            status_series(history, item.id, plan.years, year, status), item_verdict(status) if final else None,
            _contributions(roles, counting, item.id, reporter),
            [u for u, r in roles.items() if u not in counting and (r == Role.SHARE or not item.lead)]))
    return out
