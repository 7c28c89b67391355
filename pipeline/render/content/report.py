"""What the consolidated report of an ongoing year says: its context for ``templates/report.txt.j2`` and its
attachment tables (one column per plan year)."""

from __future__ import annotations

from pipeline.plan.identity import PlanInfo
from pipeline.render.content import measures as say
from pipeline.render.content.items import area_paragraph, common_points, highlights, quoted
from pipeline.render.content.numbers import amount
from pipeline.render.content.tables import table
from pipeline.render.content.trends import trend, trend_phrase
from pipeline.render.content.words import clean, cn_number, item_list, tally, unit_list
from pipeline.render.document import Table
from pipeline.settings import YearConfig
from pipeline.terms import Progress, TaskStatus, UnitState, Verdict
from pipeline.util.templates import Verbatim
from pipeline.util.text import cn_date


def by_area(items: list[dict]) -> list[tuple[str, list[dict]]]:
    areas: dict[str, list[dict]] = {}
    for item in items:
        areas.setdefault(item["area"], []).append(item)
    return list(areas.items())


def scope(tasks: list, projects: list, words: dict) -> str:
    """'22项重点任务和11项示范工程', in the plan's words (a kind the plan has none of is not named)."""
    parts = [f"{n}项{what}" for n, what in ((len(tasks), words["task"]), (len(projects), words["project"])) if n]
    return "和".join(parts)


def units_context(summary: dict) -> dict:
    units = summary["units"]
    return {
        "n_units": len(units),
        "submitted": sum(1 for u in units if u["state"] == UnitState.SUBMITTED),
        "missing": unit_list([u["full"] for u in units if u["state"] == UnitState.MISSING]),
        "rejected": unit_list([u["full"] for u in units if u["state"] == UnitState.REJECTED]),
    }


def _steady(measures: list[dict], year: int) -> str:
    """'A、B和C2017年以来逐年提高；D…': measures on a steady path the right way, grouped by their path."""
    groups: dict[str, list[str]] = {}
    for m in measures:
        t = trend(m["series"], m["unit"])
        if t.steady and (t.direction == "提高") == (m["comparator"] in say.HIGHER):
            groups.setdefault(trend_phrase(t, year), []).append(m["metric"])
    return "；".join(item_list(names, 4, "项指标") + phrase for phrase, names in groups.items())


def _compared(measures: list[dict], year: int) -> str:
    """'与2018年相比，15项指标有所改善，3项有所退步。' ('' without last year's data)."""
    pairs = [(m, m["value"] - m["previous"]) for m in measures if m["value"] is not None and m["previous"] is not None]
    if not pairs:
        return ""
    better = sum(1 for m, d in pairs if (d > 0) == (m["comparator"] in say.HIGHER) and abs(d) > 1e-9)
    worse = sum(1 for m, d in pairs if (d > 0) != (m["comparator"] in say.HIGHER) and abs(d) > 1e-9)
    level = len(pairs) - better - worse
    text = tally([(better, "指标有所改善"), (worse, "有所退步"), (level, "与上年持平")])
    return f"与{year - 1}年相比，{text}。" if text else ""


def measures_context(summary: dict, info: PlanInfo) -> dict:
    year, ms = summary["year"], summary["measures"]
    of = {p: [m for m in ms if m["progress"] == p] for p in Progress}
    return {
        "n_measures": len(ms),
        "tally": tally([(len(of[Progress.MET]), f"已提前达到{info.target_year}年目标"),
                        (len(of[Progress.ON_TRACK]), "进度正常"), (len(of[Progress.BEHIND]), "进度滞后"),
                        (len(of[Progress.NOT_REPORTED]), "未报送数据")]),
        "compared": _compared(ms, year),
        "met": "、".join(say.met_clause(m, info) for m in of[Progress.MET]),
        "n_met": len(of[Progress.MET]),
        "on_track": item_list([m["metric"] for m in of[Progress.ON_TRACK]], 5, "项指标"),
        "n_on_track": len(of[Progress.ON_TRACK]),
        "steady": _steady(of[Progress.ON_TRACK] + of[Progress.MET], year),
        "behind": [say.behind_sentence(m, year, info) for m in of[Progress.BEHIND]],
        "behind_names": item_list([m["metric"] for m in of[Progress.BEHIND]], 4, "项指标"),
        "missing": say.missing_sentence(of[Progress.NOT_REPORTED], year),
        "disagreements": [say.disagreement_sentence(m) for m in ms if m["disagreements"]],
    }


def items_context(summary: dict) -> dict:
    words = summary["words"]
    tasks = [i for i in summary["items"] if i["kind"] == "task"]
    projects = [i for i in summary["items"] if i["kind"] == "project"]
    everything = tasks + projects
    lagging = [i for i in everything if i["status"] in (TaskStatus.LAGGING, TaskStatus.NOT_STARTED)]
    return {
        "n_tasks": len(tasks), "n_projects": len(projects), "scope": scope(tasks, projects, words),
        "tally": tally([(sum(1 for i in everything if i["status"] == s), s) for s in TaskStatus]
                       + [(sum(1 for i in everything if i["status"] == Progress.NOT_REPORTED),
                           f"{words['answerer']}未报送")]),
        "areas": [(area, area_paragraph(items, "任务")) for area, items in by_area(tasks)],
        "projects": area_paragraph(projects, words["project"]) if projects else "",
        "highlights": highlights(everything, "work"),
        "lagging": item_list([quoted(i) for i in lagging]),
        "lagging_leads": unit_list([u for i in lagging for u in i["lead"]]),
        "problems": common_points(everything, "problems"),
        "plans": common_points(everything, "plans", said="提出"),
    }


TREND_PAGE = 20  # small multiples a page holds


def trend_pages(measures: list[dict]) -> dict[str, list[dict]]:
    """The measures of each page of the trend chart: 'trends', 'trends2'… (twenty to a page)."""
    return {f"trends{n // TREND_PAGE + 1 if n else ''}": measures[n:n + TREND_PAGE]
            for n in range(0, len(measures), TREND_PAGE)}


def attachments(summary: dict, info: PlanInfo) -> list[tuple[str, str, str]]:
    """(key, title, directive) of each attachment the year has: charts and tables of what the plan holds."""
    year, final, words = summary["year"], summary["final"], summary["words"]
    period = f"规划期（{info.span}）" if final else f"{year}年度"
    kinds = {i["kind"] for i in summary["items"]}
    found = []
    if summary["measures"]:
        pages = Verbatim("\n".join(f"@图 {name}" for name in trend_pages(summary["measures"])))
        found += [("trends", f"各项指标{info.base_year}年以来的变化", pages),
                  ("measures", f"{period}{words['measures_sheet']}完成情况表", Verbatim("@表 measures"))]
    if "task" in kinds:
        found.append(("tasks", f"{period}{words['task']}{'完成' if final else '进展'}情况表", Verbatim("@表 tasks")))
    if "project" in kinds:
        found.append(("projects", f"{period}{words['project']}{'完成' if final else '进展'}情况表",
                      Verbatim("@表 projects")))
    return found + [("units", f"{year}年度各单位报送情况表", Verbatim("@表 units"))]


def report_context(summary: dict, config: YearConfig, info: PlanInfo) -> dict:
    listed = attachments(summary, info)
    return {
        "year": summary["year"], "config": config, "info": info, "sample": summary["sample"],
        "date": cn_date(config.doc_date), "cn": cn_number, "words": summary["words"],
        "units": units_context(summary), "measures": measures_context(summary, info),
        "items": items_context(summary), "attachments": listed,
        "attach": {key: n for n, (key, _, _) in enumerate(listed, 1)},
    }


def measure_table(summary: dict, info: PlanInfo, final: bool) -> Table:
    """Each measure with its unit, baseline, a column per plan year so far, goal and progress (or verdict)."""
    years = list(summary["measures"][0]["series"]) if summary["measures"] else []
    rows = [[m["id"], m["metric"] + (f"（{m['unit']}）" if m["unit"] else ""), amount(m["baseline"]),
             *(amount(m["series"][y]) for y in years[:-1]), say.value_cell(m, m["value"]),
             say.goal_cell(m, m["value"]), m["verdict"] if final else m["progress"]] for m in summary["measures"]]
    headers = ["编号", "指标（计量单位）", f"{info.base_year}年基数", *(f"{y}年" for y in years),
               f"{info.target_year}年目标", "终期结果" if final else "进度"]
    align = ["center", "left", *(["right"] * (len(years) + 2)), "center"]
    return table(headers, rows, align, "table_small")


def answerer_header(items: list[dict]) -> str:
    """'牵头单位', or '责任单位' where the notice names no lead for these items (both: 牵头（责任）单位)."""
    led = {i.get("led", True) for i in items}
    return "牵头单位" if led == {True} else "责任单位" if led == {False} else "牵头（责任）单位"


def item_table(items: list[dict], final: bool) -> Table:
    if final:
        rows = [[i["id"], i["title"], unit_list(i["lead"], 2), i["verdict"],
                 (clean(i["problems"]) if i["verdict"] == Verdict.NOT_DONE else "") or "—"] for i in items]
        return table(["编号", "事项", answerer_header(items), "终期结果", "未完成的原因"], rows,
                     ["center", "left", "center", "center", "left"])
    rows = [[i["id"], i["title"], unit_list(i["lead"], 2), i["status"],
             unit_list(i["not_reported"], 3) if i["not_reported"] else "—"] for i in items]
    return table(["编号", "事项", answerer_header(items), "进展状态", "未报送的责任单位"], rows,
                 ["center", "left", "center", "center", "left"])


def unit_table(summary: dict) -> Table:
    rows = [[str(n), u["full"], u["state"], cn_date(u["filled_on"]) or "—", u["note"] or "—"]
            for n, u in enumerate(summary["units"], 1)]
    return table(["序号", "单位", "报送情况", "填报日期", "说明"], rows, ["center", "left", "center", "center", "left"])


def report_tables(summary: dict, info: PlanInfo) -> dict[str, Table]:
    final = summary["final"]
    tables = {"units": unit_table(summary)}
    if summary["measures"]:
        tables["measures"] = measure_table(summary, info, final)
    for kind, key in (("task", "tasks"), ("project", "projects")):
        if any(i["kind"] == kind for i in summary["items"]):
            tables[key] = item_table([i for i in summary["items"] if i["kind"] == kind], final)
    return tables
