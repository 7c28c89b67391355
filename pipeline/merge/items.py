"""Tasks and projects for the year: the lead's status and narrative, the responsible units' contributions."""

from __future__ import annotations

from pipeline.intake.model import Intake
from pipeline.plan import Plan
from pipeline.terms import Progress, Role


def merge_items(plan: Plan, intake: Intake) -> list[dict]:
    counting = intake.counting()
    out = []
    for item in plan.items:
        if item.kind == "indicator":
            continue
        roles = {u: r for u in (u.short for u in plan.registry.reporting_units)
                 if (r := plan.roles(u).get(item.id))}
        leads = [u for u, r in roles.items() if r == Role.LEAD]
        lead_cells = next((counting[u].tasks[item.id] for u in leads if u in counting and item.id in counting[u].tasks), None)
        contributions = [
            {"unit": u, "status": counting[u].tasks[item.id]["status"], "work": counting[u].tasks[item.id]["work"]}
            for u, r in roles.items()
            if r == Role.SHARE and u in counting and item.id in counting[u].tasks and counting[u].tasks[item.id]["work"]
        ]
        silent = [u for u, r in roles.items() if r == Role.SHARE and u not in counting]
        out.append({
            "id": item.id, "kind": item.kind, "area": item.area, "title": item.title, "text": item.text,
            "lead": leads, "status": (lead_cells or {}).get("status") or Progress.NOT_REPORTED,
            "work": (lead_cells or {}).get("work", ""), "figures": (lead_cells or {}).get("figures", ""),
            "problems": (lead_cells or {}).get("problems", ""), "plans": (lead_cells or {}).get("plans", ""),
            "contributions": contributions, "not_reported": silent,
        })
    return out
