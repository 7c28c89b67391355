"""What the consolidated report says: its context for ``templates/report.txt.j2`` and its attachment tables."""

from __future__ import annotations

from collections import Counter

from pipeline.render.content.phrases import (
    CN_NUMBERS,
    amount,
    common_points,
    goal_cell,
    item_sentence,
    measure_sentence,
    names,
)
from pipeline.render.document import Table
from pipeline.settings import YearConfig
from pipeline.terms import Progress, TaskStatus, UnitState
from pipeline.util.text import chinese_date


def measure_table(summary: dict) -> Table:
    year = summary["year"]
    rows = [[m["id"], m["metric"], m["unit"] or "—", amount(m["baseline"], ""), goal_cell(m),
             amount(m["value"], ""), m["progress"]] for m in summary["measures"]]
    return Table(["编号", "指标", "计量单位", "2015年基数", "2020年目标", f"{year}年完成值", "进度"],
                 rows, [10, 29, 15, 11, 11, 11, 13], ["center", "left", "center", "right", "right", "right", "center"])


def item_table(items: list[dict]) -> Table:
    rows = [[i["id"], i["title"], names(i["lead"]), i["status"],
             names(i["not_reported"], 3) if i["not_reported"] else "—"] for i in items]
    return Table(["编号", "事项", "牵头单位", "进展状态", "未报送的责任单位"], rows, [8, 38, 13, 15, 24],
                 ["center", "left", "center", "center", "left"])


def unit_table(summary: dict) -> Table:
    rows = [[str(n), u["full"], u["state"], u["filled_on"] or "—", u["note"] or "—"]
            for n, u in enumerate(summary["units"], 1)]
    return Table(["序号", "单位", "报送情况", "填报日期", "说明"], rows, [6, 34, 12, 14, 34],
                 ["center", "left", "center", "center", "left"])


def report_context(summary: dict, config: YearConfig) -> dict:
    year = summary["year"]
    measures = summary["measures"]
    by_class = {c: [m for m in measures if m["progress"] == c] for c in Progress}
    tasks = [i for i in summary["items"] if i["kind"] == "task"]
    projects = [i for i in summary["items"] if i["kind"] == "project"]
    areas: dict[str, list[dict]] = {}
    for item in tasks:
        areas.setdefault(item["area"], []).append(item)
    status_count = Counter(i["status"] for i in tasks + projects)
    counts = summary["counts"]
    missing = [u["full"] for u in summary["units"] if u["state"] == UnitState.MISSING]
    rejected = [u["full"] for u in summary["units"] if u["state"] == UnitState.REJECTED]
    return {
        "year": year,
        "config": config,
        "date": chinese_date(config.doc_date.year, config.doc_date.month, config.doc_date.day),
        "sample": summary["sample"],
        "counts": counts,
        "n_measures": len(measures),
        "by_class": by_class,
        "measure_sentences": {c: [measure_sentence(m, year) for m in ms] for c, ms in by_class.items()},
        "areas": [(CN_NUMBERS[n], area, [item_sentence(i) for i in items]) for n, (area, items) in enumerate(areas.items())],
        "projects": [item_sentence(i) for i in projects],
        "n_tasks": len(tasks),
        "n_projects": len(projects),
        "status_count": status_count,
        "lagging_items": [i for i in tasks + projects if i["status"] in (TaskStatus.LAGGING, TaskStatus.NOT_STARTED)],
        "unreported_items": [i for i in tasks + projects if i["status"] == Progress.NOT_REPORTED],
        "missing_units": missing,
        "rejected_units": rejected,
        "problems": common_points(tasks + projects, "problems", 4),
        "plans": common_points(tasks + projects, "plans", 4),
        "disagreements": [m for m in measures if m["disagreements"]],
        "names": names,
        "cn": CN_NUMBERS,
    }


def report_tables(summary: dict) -> dict[str, Table]:
    return {
        "measures": measure_table(summary),
        "tasks": item_table([i for i in summary["items"] if i["kind"] == "task"]),
        "projects": item_table([i for i in summary["items"] if i["kind"] == "project"]),
        "units": unit_table(summary),
    }
