"""What the documents say: sentences and tables made from the merged year, as a clerk writes them."""

from __future__ import annotations

from collections import Counter

from pipeline.config import YearConfig
from pipeline.document import Table
from pipeline.plan import Plan
from pipeline.progress import BEHIND, MET, NOT_REPORTED, ON_TRACK
from pipeline.text import chinese_date, format_number

CN_NUMBERS = "一二三四五六七八九十"
VERB = {"≥": "不低于", ">": "高于", "≤": "不高于", "<": "低于"}


def clean(text: str) -> str:
    """Agency text as one line of data: no line breaks (each would start a template line)."""
    return " ".join(str(text or "").split()).lstrip("@")


def amount(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    number = format_number(value, 3 if abs(value) < 1 else 2)
    return f"{number}{unit}"


def names(units: list[str], limit: int = 6) -> str:
    if len(units) <= limit:
        return "、".join(units)
    return "、".join(units[:limit]) + f"等{len(units)}个单位"


def goal_phrase(m: dict) -> str:
    """'2020年目标为达到79.3%' / '…比2015年削减1%（不高于4.08万吨）'."""
    clause = m["target"]
    if m["goal"] is None:
        return f"2020年目标为{clause}"
    if "基数" in clause:
        return f"2020年目标为{VERB[m['comparator']]}{amount(m['goal'], m['unit'])}（以2015年基数{amount(m['baseline'], m['unit'])}计）"
    return f"2020年目标为{VERB[m['comparator']]}{amount(m['goal'], m['unit'])}"


def change_phrase(m: dict) -> str:
    if m["previous"] is None or m["value"] is None:
        return ""
    diff = m["value"] - m["previous"]
    if abs(diff) < 1e-9:
        return "，与上年持平"
    direction = "提高" if diff > 0 else "下降"
    if m["unit"] == "%":
        return f"，比上年{direction}{format_number(abs(diff), 2)}个百分点"
    if m["previous"]:
        return f"，比上年{direction}{format_number(abs(diff) / abs(m['previous']) * 100, 1)}%"
    return ""


def measure_sentence(m: dict, year: int) -> str:
    if m["value"] is None:
        return f"{m['metric']}：牵头单位{names(m['lead'])}未报送{year}年数据，{goal_phrase(m)}。"
    text = f"{m['metric']}{amount(m['value'], m['unit'])}{change_phrase(m)}，{goal_phrase(m)}"
    if m["progress"] == MET:
        text += "，已提前完成目标"
    elif m["expected"] is not None:
        text += f"，按进度{year}年应{'达到' if m['comparator'] in ('≥', '>') else '降至'}{amount(m['expected'], m['unit'])}"
        text += "，进度正常" if m["progress"] == ON_TRACK else "，进度滞后"
    if m["disagreements"]:
        others = "、".join(f"{d['unit']}报{amount(d['value'], m['unit'])}" for d in m["disagreements"])
        text += f"（{others}，与牵头单位数据不一致，待核实）"
    return text + "。"


def item_sentence(item: dict) -> str:
    lead = names(item["lead"])
    if item["status"] == NOT_REPORTED:
        return f"{item['title']}（牵头单位：{lead}）：牵头单位未报送进展情况。"
    text = f"{item['title']}（牵头单位：{lead}，{item['status']}）。{clean(item['work'])}"
    if item["contributions"]:
        text += f"{names([c['unit'] for c in item['contributions']], 4)}报送了配合工作情况。"
    return text


def common_points(items: list[dict], key: str, limit: int) -> list[str]:
    """The points most units raise (problems, plans), each with who raised it."""
    raised: dict[str, list[str]] = {}
    for item in items:
        text = clean(item[key])
        if text:
            for unit in item["lead"]:
                raised.setdefault(text, [])
                if unit not in raised[text]:
                    raised[text].append(unit)
    ranked = sorted(raised.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    return [f"{text.rstrip('。')}（{names(units, 3)}反映）。" if key == "problems" else text for text, units in ranked]


def goal_cell(m: dict) -> str:
    """'≥79.3': the 2020 goal as a comparison, relative goals worked out from the baseline."""
    if m["goal"] is None:
        return m["target"].replace(" ", "")
    return f"{m['comparator']}{amount(m['goal'], '')}"


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
    by_class = {c: [m for m in measures if m["progress"] == c] for c in (MET, ON_TRACK, BEHIND, NOT_REPORTED)}
    tasks = [i for i in summary["items"] if i["kind"] == "task"]
    projects = [i for i in summary["items"] if i["kind"] == "project"]
    areas: dict[str, list[dict]] = {}
    for item in tasks:
        areas.setdefault(item["area"], []).append(item)
    status_count = Counter(i["status"] for i in tasks + projects)
    counts = summary["counts"]
    missing = [u["full"] for u in summary["units"] if u["state"] == "未报送"]
    rejected = [u["full"] for u in summary["units"] if u["state"] == "被退回"]
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
        "lagging_items": [i for i in tasks + projects if i["status"] in ("进度滞后", "未启动")],
        "unreported_items": [i for i in tasks + projects if i["status"] == NOT_REPORTED],
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


def unit_slice(summary: dict, plan: Plan, unit: str) -> dict:
    """The part of the merged year a unit's summary is built from (and carries as its data)."""
    roles = plan.roles(unit)
    shown = ("id", "kind", "area", "title", "lead", "status")  # what a summary says of items led by others
    return {
        "year": summary["year"], "sample": summary["sample"], "plan_id": summary["plan_id"],
        "unit": next(u for u in summary["units"] if u["unit"] == unit),
        "measures": [m for m in summary["measures"] if m["item_id"] in roles],
        "items": [i if roles[i["id"]] == "牵头" else {k: i[k] for k in shown}
                  for i in summary["items"] if i["id"] in roles],
        "roles": roles,
    }


def unit_context(data: dict, config: YearConfig) -> dict:
    """A unit summary's words, from the unit's slice of the year (unit_slice) alone."""
    roles = data["roles"]
    measures, items = data["measures"], data["items"]
    led = [i for i in items if roles[i["id"]] == "牵头"]
    unit = data["unit"]["unit"]
    return {
        "year": data["year"],
        "config": config,
        "date": chinese_date(config.doc_date.year, config.doc_date.month, config.doc_date.day),
        "sample": data["sample"],
        "unit": data["unit"],
        "n_lead": sum(1 for r in roles.values() if r == "牵头"),
        "n_share": sum(1 for r in roles.values() if r == "责任"),
        "measures": measures,
        "led_measures": [m for m in measures if roles[m["item_id"]] == "牵头"],
        "measure_sentences": [measure_sentence(m, data["year"]) for m in measures if roles[m["item_id"]] == "牵头"],
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
