"""Terminal tables for people (plan, status), and the plan as flat rows for CSV."""

from __future__ import annotations

import shutil

import click

from pipeline.plan import Plan
from pipeline.terms import ItemKind
from pipeline.util.text import fit


def print_rows(headers: list[str], widths: list[int], rows: list[list[str]]) -> None:
    click.echo("  ".join(fit(h, w) for h, w in zip(headers, widths)).rstrip())
    click.echo("  ".join("─" * w for w in widths))
    for row in rows:
        click.echo("  ".join(fit(c, w) for c, w in zip(row, widths)).rstrip())


def print_plan_table(plan: Plan) -> None:
    term = shutil.get_terminal_size((140, 40)).columns
    text_width = max(24, min(60, term - 6 - 10 - 12 - 28 - 24 - 10))
    headers = ["编号", "类别", "事项", "牵头单位", "责任单位", "目标"]
    widths = [6, 8, text_width, 12, 24, 28]
    rows = []
    area = None
    for item in plan.items:
        if item.area != area and item.kind != ItemKind.INDICATOR and item.area:  # a table of tasks without groups
            rows.append(["", "", f"【{item.area}】", "", "", ""])
        area = item.area
        target = item.measures[0].describe_target() if len(item.measures) == 1 else ""
        rows.append([item.id, plan.words.label(item.kind), item.title, "、".join(item.lead), "、".join(item.responsible),
                     target])
        if len(item.measures) > 1:
            for m in item.measures:
                rows.append([m.id, "", f"  {m.metric}", "", "", m.describe_target()])
    print_rows(headers, widths, rows)
    parts = [f"{plan.words.label(k)} {len(plan.of_kind(k))} 项" for k in ItemKind if plan.of_kind(k)]
    parts.append(f"可度量目标 {len(plan.measures)} 个" if plan.measures else "没有可度量目标")
    click.echo(f"\n共 {len(plan.items)} 项：" + "，".join(parts) + "。")


def plan_rows(plan: Plan) -> list[dict]:
    """One flat row per item (and per measure) for the table and CSV views."""
    rows = []
    for item in plan.items:
        base = {"id": item.id, "kind": plan.words.label(item.kind), "area": item.area, "text": item.text,
                "lead": "、".join(item.lead), "responsible": "、".join(item.responsible)}
        if not item.measures:
            rows.append({**base, "measure": "", "metric": "", "target": ""})
        for m in item.measures:
            rows.append({**base, "measure": m.id, "metric": m.metric, "target": m.describe_target()})
    return rows



def plan_json(plan: Plan) -> dict:
    """The plan as ``plan --format json`` prints it: the items, and every unit name as the notice writes it."""
    names = dict.fromkeys(name for item in plan.items for name in item.lead + item.responsible)
    return {"items": [i.as_json() for i in plan.items], "units": list(names)}
