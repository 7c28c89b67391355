"""Merge (issue 4): accepted submissions joined to the plan with pandas.

Each measure takes its lead unit's value and gets a progress class against the straight path
from the 2015 baseline to the 2020 goal (DESIGN §3). Other units' figures for the same measure
are compared, never averaged: a disagreement is flagged with both values. Tasks and projects
take the lead's status and narrative plus the responsible units' contributions.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from pipeline.config import YearConfig
from pipeline.files import atomic_write
from pipeline.intake import Intake
from pipeline.plan import Plan
from pipeline.progress import NOT_REPORTED, PROGRESS_CLASSES, classify
from pipeline.status import MISSING, unit_statuses
from pipeline.text import format_number
from pipeline.xlsx import write_sheets

TOLERANCE = 0.005  # relative difference above which two units' figures disagree


def reported_frame(intake: Intake) -> pd.DataFrame:
    """One row per (unit, measure) figure in the submissions that count."""
    rows = [{"unit": unit, "measure": mid, **{k: v for k, v in cells.items() if k != "cell"}, "file": sub.file}
            for unit, sub in intake.counting().items() for mid, cells in sub.measures.items()]
    columns = ["unit", "measure", "role", "value", "baseline", "source", "note", "file"]
    return pd.DataFrame(rows, columns=columns)


def _clean(x: object) -> object:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def previous_values(outputs: Path, year: int) -> dict[str, float]:
    """Last year's merged values, where that year has been merged: {measure id: value}."""
    path = outputs / str(year - 1) / "merged" / "summary.json"
    if not path.exists():
        return {}
    return {m["id"]: m["value"] for m in json.loads(path.read_text(encoding="utf-8"))["measures"]
            if m["value"] is not None}


def merge_measures(plan: Plan, intake: Intake, year: int, previous: dict[str, float]) -> list[dict]:
    frame = reported_frame(intake)
    plan_frame = pd.DataFrame([{"measure": m.id} for m in plan.measures])
    leads = frame[frame["role"] == "牵头"].drop_duplicates("measure")
    joined = plan_frame.merge(leads, on="measure", how="left")
    out = []
    for row, m in zip(joined.itertuples(index=False), plan.measures):
        value, reported_base = _clean(row.value), _clean(row.baseline)
        baseline = m.baseline if m.baseline is not None else reported_base
        progress, expected = classify(m, value, baseline, year)
        goal = m.goal(baseline)
        others = frame[(frame["measure"] == m.id) & (frame["unit"] != row.unit) & frame["value"].notna()]
        disagreements = [
            {"unit": o.unit, "value": o.value}
            for o in others.itertuples(index=False)
            if value is not None and abs(o.value - value) > TOLERANCE * max(abs(value), 1e-9)
        ]
        share = None
        if value is not None and goal is not None and baseline is not None and goal != baseline:
            share = (value - baseline) / (goal - baseline)
        out.append({
            "id": m.id, "item_id": m.item_id, "metric": m.metric, "unit": m.unit,
            "comparator": m.target.comparator, "target": m.describe_target(),
            "baseline": baseline, "baseline_on_record": m.baseline is not None, "goal": goal,
            "value": value, "expected": expected, "share": share, "progress": progress,
            "reported_by": _clean(row.unit) or "", "source": _clean(row.source) or "", "note": _clean(row.note) or "",
            "lead": plan.lead_units(plan.item(m.item_id)),
            "previous": previous.get(m.id),
            "disagreements": disagreements,
        })
    return out


def merge_items(plan: Plan, intake: Intake) -> list[dict]:
    counting = intake.counting()
    out = []
    for item in plan.items:
        if item.kind == "indicator":
            continue
        roles = {u: r for u in (u.short for u in plan.registry.reporting_units)
                 if (r := plan.roles(u).get(item.id))}
        leads = [u for u, r in roles.items() if r == "牵头"]
        lead_cells = next((counting[u].tasks[item.id] for u in leads if u in counting and item.id in counting[u].tasks), None)
        contributions = [
            {"unit": u, "status": counting[u].tasks[item.id]["status"], "work": counting[u].tasks[item.id]["work"]}
            for u, r in roles.items()
            if r == "责任" and u in counting and item.id in counting[u].tasks and counting[u].tasks[item.id]["work"]
        ]
        silent = [u for u, r in roles.items() if r == "责任" and u not in counting]
        out.append({
            "id": item.id, "kind": item.kind, "area": item.area, "title": item.title, "text": item.text,
            "lead": leads, "status": (lead_cells or {}).get("status") or NOT_REPORTED,
            "work": (lead_cells or {}).get("work", ""), "figures": (lead_cells or {}).get("figures", ""),
            "problems": (lead_cells or {}).get("problems", ""), "plans": (lead_cells or {}).get("plans", ""),
            "contributions": contributions, "not_reported": silent,
        })
    return out


def merge(plan: Plan, intake: Intake, config: YearConfig, outputs: Path) -> dict:
    year = config.year
    statuses = unit_statuses(plan, intake)
    counting = intake.counting()
    summary = {
        "year": year,
        "plan_id": plan.plan_id,
        "sample": any(s.sample for s in counting.values()),
        "measures": merge_measures(plan, intake, year, previous_values(outputs, year)),
        "items": merge_items(plan, intake),
        "units": [vars(s) for s in statuses],
        "rejected_files": [s.file for s in intake.rejected],
        "problems": sum(1 for p in intake.problems if p.severity == "error"),
    }
    summary["counts"] = {
        "units": len(statuses),
        "submitted": sum(1 for s in statuses if s.state == "已报送"),
        "missing": [s.unit for s in statuses if s.state == MISSING],
        "rejected": [s.unit for s in statuses if s.state == "被退回"],
        "progress": {c: sum(1 for m in summary["measures"] if m["progress"] == c) for c in PROGRESS_CLASSES},
    }
    folder = outputs / str(year) / "merged"
    atomic_write(folder / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2).encode())
    write_merged_xlsx(summary, config, folder / f"{year}年度汇总数据.xlsx")
    return summary


def write_merged_xlsx(summary: dict, config: YearConfig, path: Path) -> None:
    n = format_number
    measures = [[m["id"], m["metric"], m["target"], m["unit"], n(m["baseline"]), n(m["goal"]), n(m["value"]),
                 m["progress"], "、".join(m["lead"]), m["source"],
                 "；".join(f"{d['unit']}报 {n(d['value'])}" for d in m["disagreements"])] for m in summary["measures"]]
    tasks = {kind: [[i["id"], i["area"], i["title"], "、".join(i["lead"]), i["status"], i["work"], i["figures"],
                     i["problems"], i["plans"],
                     "\n".join(f"{c['unit']}：{c['work']}" for c in i["contributions"]), "、".join(i["not_reported"])]
                    for i in summary["items"] if i["kind"] == kind] for kind in ("task", "project")}
    task_headers = ["编号", "领域", "事项", "牵头单位", "进展状态", "主要工作及成效", "关键数据", "存在问题",
                    "下一年度计划", "责任单位工作", "未报送的责任单位"]
    units = [[u["unit"], u["full"], u["state"], u["file"], u["filled_on"], u["versions"], u["note"], u["contact"],
              u["phone"]] for u in summary["units"]]
    sheets = {
        "指标": (["编号", "指标", "2020年目标", "计量单位", "2015年基数", "目标值", f"{summary['year']}年完成值",
                  "进度", "牵头单位", "数据来源", "各单位数据不一致"], measures),
        "任务": (task_headers, tasks["task"]),
        "工程": (task_headers, tasks["project"]),
        "单位": (["单位", "全称", "状态", "采用文件", "填报日期", "报送版本数", "说明", "填报人", "联系电话"], units),
    }
    task_widths = [8, 16, 24, 12, 10, 50, 24, 30, 30, 50, 24]
    widths = {"指标": [8, 28, 24, 12, 10, 10, 12, 10, 12, 20, 24], "任务": task_widths, "工程": task_widths,
              "单位": [16, 28, 10, 36, 12, 10, 30, 10, 16]}
    write_sheets(path, sheets, widths, config.doc_date, f"{summary['year']}年度循环经济目标任务汇总数据")
