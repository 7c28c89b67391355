"""The merged year as a workbook for clerks: 指标 (with every year), 任务, 工程, 单位; agency text stays text."""

from __future__ import annotations

from pathlib import Path

from pipeline.plan import Plan
from pipeline.settings import YearConfig
from pipeline.util.text import cn_date, format_number
from pipeline.util.workbook import write_sheets


def _measure_sheet(summary: dict, plan: Plan) -> tuple[list[str], list[list]]:
    info, years = plan.info, list(summary["measures"][0]["series"]) if summary["measures"] else []
    verdict = "终期结果" if summary["final"] else "进度"
    headers = ["编号", "指标", f"{info.target_year}年目标", "计量单位", f"{info.base_year}年基数", "目标值",
               *(f"{y}年" for y in years), verdict, _answerer(summary["measures"]), "数据来源", "各单位数据不一致"]
    rows = [[m["id"], m["metric"], m["target"], m["unit"], format_number(m["baseline"]), format_number(m["goal"]),
             *(format_number(m["series"][y]) for y in years), m["verdict"] or m["progress"], "、".join(m["lead"]),
             m["source"], "；".join(f"{d['unit']}报 {format_number(d['value'])}" for d in m["disagreements"])]
            for m in summary["measures"]]
    return headers, rows


def _answerer(things: list[dict]) -> str:
    led = {t.get("led", True) for t in things}
    return "牵头单位" if led <= {True} else "责任单位" if led == {False} else "牵头（责任）单位"


def _item_sheet(summary: dict, kind: str) -> tuple[list[str], list[list]]:
    final = summary["final"]
    of_kind = [i for i in summary["items"] if i["kind"] == kind]
    headers = ["编号", "领域", "事项", _answerer(of_kind), "终期结果" if final else "进展状态", "主要工作及成效", "关键数据",
               "存在问题", "今后工作建议" if final else "下一年度计划", "规划期工作总结", "责任单位工作", "未报送的责任单位"]
    rows = [[i["id"], i["area"], i["title"], "、".join(i["lead"]), i["verdict"] or i["status"], i["work"], i["figures"],
             i["problems"], i["plans"], i["summary"], "\n".join(f"{c['unit']}：{c['work']}" for c in i["contributions"]),
             "、".join(i["not_reported"])] for i in of_kind]
    return headers, rows


def write_merged_xlsx(summary: dict, plan: Plan, config: YearConfig, path: Path) -> None:
    units = [[u["unit"], u["full"], u["state"], u["file"], cn_date(u["filled_on"]), u["versions"], u["note"],
              u["contact"], u["phone"]] for u in summary["units"]]
    kinds = {i["kind"] for i in summary["items"]}
    sheets = {
        "指标": _measure_sheet(summary, plan),
        **({"任务": _item_sheet(summary, "task")} if "task" in kinds else {}),
        **({"工程": _item_sheet(summary, "project")} if "project" in kinds else {}),
        "单位": (["单位", "全称", "状态", "采用文件", "填报日期", "报送版本数", "说明", "填报人", "联系电话"], units),
    }
    years = len(sheets["指标"][0]) - 11
    task_widths = [8, 16, 24, 12, 10, 50, 24, 30, 30, 50, 50, 24]
    widths = {"指标": [8, 28, 24, 12, 10, 10, *([10] * years), 10, 12, 20, 24], "任务": task_widths,
              "工程": task_widths, "单位": [16, 28, 10, 36, 14, 10, 30, 10, 16]}
    title = f"{summary['year']}年度{plan.info.theme}目标任务汇总数据"
    write_sheets(path, sheets, widths, config.doc_date, title, config.issuer)
