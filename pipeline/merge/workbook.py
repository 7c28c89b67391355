"""The merged year as a workbook for clerks: 指标 (with every year), 任务, 工程, 单位; agency text stays text."""

from __future__ import annotations

from pathlib import Path

from pipeline.merge.model import YearSummary, answerer
from pipeline.plan import Plan
from pipeline.settings import YearConfig
from pipeline.terms import ItemKind
from pipeline.util.text import cn_date, format_number
from pipeline.util.workbook import write_sheets

ITEM_WIDTHS = [8, 16, 24, 12, 10, 50, 24, 30, 30, 50, 50, 24]
UNIT_HEADERS = ["单位", "全称", "状态", "采用文件", "填报日期", "报送版本数", "说明", "填报人", "联系电话"]
UNIT_WIDTHS = [16, 28, 10, 36, 14, 10, 30, 10, 16]


def _measure_sheet(summary: YearSummary, plan: Plan) -> tuple[list[str], list[list], list[int]]:
    info, years = plan.info, list(summary.measures[0].series) if summary.measures else []
    verdict = info.words.result if summary.final else "进度"
    headers = ["编号", "指标", f"{info.target_year}年目标", "计量单位", f"{info.base_year}年基数", "目标值",
               *(f"{y}年" for y in years), verdict, answerer(summary.measures), "数据来源", "各单位数据不一致"]
    rows = [[m.id, m.metric, m.target, m.unit, format_number(m.baseline), format_number(m.goal),
             *(format_number(m.series[y]) for y in years), m.verdict or m.progress, "、".join(m.lead),
             m.source, "；".join(f"{d.unit}报 {format_number(d.value)}" for d in m.disagreements)]
            for m in summary.measures]
    return headers, rows, [8, 28, 24, 12, 10, 10, *([10] * len(years)), 10, 12, 20, 24]


def _item_sheet(summary: YearSummary, kind: ItemKind, plan: Plan) -> tuple[list[str], list[list]]:
    final, words = summary.final, plan.info.words
    of_kind = summary.of_kind(kind)
    headers = ["编号", "领域", "事项", answerer(of_kind), words.result if final else "进展状态", "主要工作及成效", "关键数据",
               "存在问题", "今后工作建议" if final else "下一年度计划", f"{words.term}工作总结", "责任单位工作",
               "未报送的责任单位"]
    rows = [[i.id, i.area, i.title, "、".join(i.lead), i.verdict or i.status, i.work, i.figures, i.problems, i.plans,
             i.summary, "\n".join(f"{c.unit}：{c.work}" for c in i.contributions), "、".join(i.not_reported)]
            for i in of_kind]
    return headers, rows


def write_merged_xlsx(summary: YearSummary, plan: Plan, config: YearConfig, path: Path) -> None:
    units = [[u.unit, u.full, u.state, u.file, cn_date(u.filled_on), u.versions, u.note, u.contact, u.phone]
             for u in summary.units]
    *measures, measure_widths = _measure_sheet(summary, plan)
    sheets = {"指标": tuple(measures)}
    widths = {"指标": measure_widths, "单位": UNIT_WIDTHS}
    for kind, name in ((ItemKind.TASK, "任务"), (ItemKind.PROJECT, "工程")):
        if summary.of_kind(kind):
            sheets[name], widths[name] = _item_sheet(summary, kind, plan), ITEM_WIDTHS
    sheets["单位"] = (UNIT_HEADERS, units)
    title = f"{summary.year}年度{plan.info.theme}目标任务汇总数据"
    write_sheets(path, sheets, widths, config.doc_date, title, config.issuer)
