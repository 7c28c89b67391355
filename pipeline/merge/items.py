"""Tasks and projects for the year: the lead's status and narrative, the responsible units' contributions,
each item's statuses over the years, and in the plan's last year its 终期 verdict."""

from __future__ import annotations

from pipeline.intake.model import Intake, Submission
from pipeline.merge.history import History, status_series
from pipeline.plan import Item, Plan
from pipeline.terms import FinalStatus, Progress, Role, Verdict

LEAD_FIELDS = ("work", "figures", "problems", "plans", "summary")


def item_verdict(status: str) -> Verdict:
    if status == Progress.NOT_REPORTED:
        return Verdict.NO_DATA
    return Verdict.DONE if status == FinalStatus.DONE else Verdict.NOT_DONE


def _roles(plan: Plan, item: Item) -> dict[str, Role]:
    return {u.short: r for u in plan.reporting_units if (r := plan.roles(u.short).get(item.id))}


def _contributions(roles: dict[str, Role], counting: dict[str, Submission], item_id: str) -> list[dict]:
    found = []
    for unit, role in roles.items():
        cells = counting[unit].tasks.get(item_id) if role == Role.SHARE and unit in counting else None
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
        leads = [u for u, r in roles.items() if r == Role.LEAD]
        reporter = next((u for u in leads if u in counting and item.id in counting[u].tasks), "")
        cells = counting[reporter].tasks[item.id] if reporter else {}
        status = cells.get("status") or Progress.NOT_REPORTED
        out.append({
            "id": item.id, "kind": item.kind, "area": item.area, "title": item.title, "text": item.text,
            "lead": leads, "reported_by": reporter, "status": status,
            **{key: cells.get(key, "") for key in LEAD_FIELDS},
            "statuses": status_series(history, item.id, plan.years, year, status),
            "verdict": item_verdict(status) if final else None,
            "contributions": _contributions(roles, counting, item.id),
            "not_reported": [u for u, r in roles.items() if r == Role.SHARE and u not in counting],
        })
    return out
