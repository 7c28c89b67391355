"""What a unit's summary says: the unit's slice of the year, its context for ``templates/unit.txt.j2``, its tables."""

from __future__ import annotations

from pipeline.plan import Plan
from pipeline.render.content.phrases import amount, goal_cell, item_sentence, measure_sentence, names
from pipeline.render.document import Table
from pipeline.settings import YearConfig
from pipeline.terms import Role
from pipeline.util.text import chinese_date


def unit_slice(summary: dict, plan: Plan, unit: str) -> dict:
    """The part of the merged year a unit's summary is built from (and carries as its data)."""
    roles = plan.roles(unit)
    shown = ("id", "kind", "area", "title", "lead", "status")  # what a summary says of items led by others
    return {
        "year": summary["year"], "sample": summary["sample"], "plan_id": summary["plan_id"],
        "unit": next(u for u in summary["units"] if u["unit"] == unit),
        "measures": [m for m in summary["measures"] if m["item_id"] in roles],
        "items": [i if roles[i["id"]] == Role.LEAD else {k: i[k] for k in shown}
                  for i in summary["items"] if i["id"] in roles],
        "roles": roles,
    }


def unit_context(data: dict, config: YearConfig) -> dict:
    """A unit summary's words, from the unit's slice of the year (unit_slice) alone."""
    roles = data["roles"]
    measures, items = data["measures"], data["items"]
    led = [i for i in items if roles[i["id"]] == Role.LEAD]
    unit = data["unit"]["unit"]
    return {
        "year": data["year"],
        "config": config,
        "date": chinese_date(config.doc_date.year, config.doc_date.month, config.doc_date.day),
        "sample": data["sample"],
        "unit": data["unit"],
        "n_lead": sum(1 for r in roles.values() if r == Role.LEAD),
        "n_share": sum(1 for r in roles.values() if r == Role.SHARE),
        "measures": measures,
        "led_measures": [m for m in measures if roles[m["item_id"]] == Role.LEAD],
        "measure_sentences": [measure_sentence(m, data["year"]) for m in measures if roles[m["item_id"]] == Role.LEAD],
        "led_items": [item_sentence(i) for i in led],
        "items": items,
        "roles": roles,
        "disagreements": [m for m in measures if any(d["unit"] == unit for d in m["disagreements"])
                          or (m["disagreements"] and m["reported_by"] == unit)],
        "names": names,
        "amount": amount,
    }


def unit_tables(context: dict) -> dict[str, Table]:
    year = context["year"]
    rows = [[m["id"], m["metric"], context["roles"][m["item_id"]], m["unit"] or "—", goal_cell(m),
             amount(m["value"], ""), m["progress"]] for m in context["measures"]]
    measures = Table(["编号", "指标", "角色", "计量单位", "2020年目标", f"{year}年完成值", "进度"], rows,
                     [8, 32, 8, 15, 12, 12, 13], ["center", "left", "center", "center", "right", "right", "center"])
    rows = [[i["id"], i["title"], context["roles"][i["id"]], names(i["lead"]), i["status"]] for i in context["items"]]
    items = Table(["编号", "事项", "角色", "牵头单位", "牵头单位报告的进展"], rows, [8, 42, 8, 16, 18],
                  ["center", "left", "center", "center", "center"])
    return {"measures": measures, "items": items}
