"""The merged year as a workbook for clerks: 指标, 任务, 工程, 单位; agency text always stays text."""

from __future__ import annotations

from pathlib import Path

from pipeline.settings import YearConfig
from pipeline.util.text import format_number
from pipeline.util.workbook import write_sheets


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
    write_sheets(path, sheets, widths, config.doc_date, f"{summary['year']}年度循环经济目标任务汇总数据", config.issuer)
