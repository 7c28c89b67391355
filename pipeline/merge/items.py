"""Tasks and projects for the year: the lead's status and narrative, the responsible units' contributions,
each item's statuses over the years, and in the plan's last year its 终期 verdict.

An item the notice gives no lead is stated from all its units (DESIGN §3): its status is the least advanced
any of them reports, its narrative the first one's, the others' beside it as contributions; it is 未报送 only
when none of them reported.
"""

from __future__ import annotations

from pipeline.intake.model import Intake, Submission
from pipeline.merge.history import History, status_series
from pipeline.plan import Item, Plan
from pipeline.terms import FinalStatus, Progress, Role, TaskStatus, Verdict

LEAD_FIELDS = ("work", "figures", "problems", "plans", "summary")


def item_verdict(status: str) -> Verdict:
    if status == Progress.NOT_REPORTED:
        return Verdict.NO_DATA
    return Verdict.DONE if status == FinalStatus.DONE else Verdict.NOT_DONE


def _roles(plan: Plan, item: Item) -> dict[str, Role]:
    return {u.short: r for u in plan.reporting_units if (r := plan.roles(u.short).get(item.id))}


ADVANCE = (TaskStatus.NOT_STARTED, TaskStatus.LAGGING, TaskStatus.ON_PLAN, TaskStatus.DONE, FinalStatus.NOT_DONE,
           FinalStatus.DONE)  # least advanced first


def _contributions(roles: dict[str, Role], counting: dict[str, Submission], item_id: str, reporter: str) -> list[dict]:
    found = []
    for unit, role in roles.items():
        cells = counting[unit].tasks.get(item_id) if role == Role.SHARE and unit in counting and unit != reporter \
            else None
        if cells and (cells["work"] or cells.get("summary")):
            found.append({"unit": unit, "status": cells["status"], "work": cells["work"],
                          "figures": cells.get("figures", ""), "summary": cells.get("summary", "")})
    return found


def merge_items(plan: Plan, intake: Intake, year: int, history: History) -> list[dict]:
    counting = intake.counting()
    final = plan.info.is_final(year)
    out = []
    for item in plan.items:
        if item.kind == "indicator":
            continue
        roles = _roles(plan, item)
        answering = [u for u in plan.answering_units(item) if u in roles]
        reported = [u for u in answering if u in counting and item.id in counting[u].tasks]
        reporter = reported[0] if reported else ""
        cells = counting[reporter].tasks[item.id] if reporter else {}
        status = _least_advanced([counting[u].tasks[item.id].get("status", "") for u in reported]) \
            or Progress.NOT_REPORTED
        out.append({
            "id": item.id, "kind": item.kind, "area": item.area, "title": item.title, "text": item.text,
            "lead": answering, "led": bool(item.lead), "reported_by": reporter, "status": status,
            **{key: cells.get(key, "") for key in LEAD_FIELDS},
            "statuses": status_series(history, item.id, plan.years, year, status),
            "verdict": item_verdict(status) if final else None,
            "contributions": _contributions(roles, counting, item.id, reporter),
            "not_reported": [u for u, r in roles.items() if u not in counting and (r == Role.SHARE or not item.lead)],
        })
    return out


def _least_advanced(statuses: list[str]) -> str:
    known = [s for s in statuses if s in ADVANCE]
    return min(known, key=ADVANCE.index) if known else (statuses[0] if statuses else "")
