"""The review sheet a clerk reads before any form goes out (``核对清单.xlsx``): every item as the notice was
read, with where it stands in the notice, its kind, units and measures, and what looks wrong.

What it flags: an item without units, a unit name that still carries a verb, a name the registry does not
know, names taken for one unit, a group without members, an item stated twice, a target or deadline year
outside the plan's period, and whatever the parser itself was unsure of. Corrections are written into
``inputs/plan/corrections.toml`` and ``units.toml``; they survive the notice being parsed again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.plan.model import Item, Plan
from pipeline.plan.registry import PLACEHOLDER, Registry
from pipeline.plan.words import DEFAULT
from pipeline.util.text import normalize

VERB = re.compile(r"牵头|负责|配合|参与|落实|组织|按职责|推进|协办|指导")
YEAR = re.compile(r"(\d{4})\s*年")


@dataclass(frozen=True)
class Period:
    first: int | None
    target: int | None


def unit_flags(name: str, registry: Registry) -> list[str]:
    flags = []
    unit = registry.resolve(name)
    if unit is None:
        flags.append(f"“{name}”不在单位登记表中")
    elif unit.is_group and not unit.members:
        flags.append(f"“{name}”是单位群组，尚未在 units.toml 中列出成员")
    elif len(unit.aliases) and name != unit.short and normalize(name) in map(normalize, unit.aliases):
        flags.append(f"“{name}”按别名归入“{unit.short}”，请确认是同一单位")
    if VERB.search(name):
        flags.append(f"单位名称“{name}”中含有动词，可能没有拆分干净")
    return flags


def item_flags(item: Item, registry: Registry, period: Period, seen: dict[str, str]) -> list[str]:
    flags = list(item.flags)
    if not item.lead and not item.responsible:
        flags.append("没有牵头单位或责任单位：没有单位会收到这一项")
    for name in item.lead + item.responsible:
        flags += unit_flags(name, registry)
    key = normalize(item.text)[:60]
    if key and key in seen:
        flags.append(f"与 {seen[key]} 内容相同，可能重复")
    seen.setdefault(key, item.id)
    years = [m.target.year for m in item.measures if m.target.year] + [int(y) for y in YEAR.findall(item.due)]
    if period.first and period.target:
        outside = sorted({y for y in years if not period.first <= y <= period.target})
        if outside:
            flags.append(f"目标或时限年份 {'、'.join(map(str, outside))} 不在规划期（{period.first}—{period.target}年）内")
    return list(dict.fromkeys(flags))


def _measures(item: Item) -> str:
    return "\n".join(f"{m.id} {m.metric} {m.describe_target()}" + (f"（{m.target.year}年）" if m.target.year else "")
                     for m in item.measures)


def review_rows(items: list[Item], registry: Registry, period: Period, labels: dict[str, str]) -> list[list]:
    seen: dict[str, str] = {}
    return [[item.id, item.where, labels.get(item.kind, DEFAULT[item.kind]), item.area, item.title, item.text,
             "、".join(item.lead) or "—", "、".join(item.responsible) or "—", _measures(item) or "—", item.due or "—",
             "\n".join(item_flags(item, registry, period, seen)) or ""] for item in items]


def unit_rows(registry: Registry, items: list[Item]) -> list[list]:
    uses: dict[str, int] = {}
    for item in items:
        for name in item.lead + item.responsible:
            unit = registry.resolve(name)
            if unit is not None:
                uses[unit.short] = uses.get(unit.short, 0) + 1
    rows = []
    for unit in registry.units:
        flags = [f for f in (
            "全称待填写" if PLACEHOLDER in unit.full else "",
            "群组尚未列出成员" if unit.is_group and not unit.members else "",
            f"通知中还写作{'、'.join(unit.aliases)}，已推定为同一单位，请确认" if unit.aliases else "") if f]
        rows.append([unit.short, unit.full, unit.kind, "、".join(unit.aliases) or "—", "、".join(unit.members) or "—",
                     uses.get(unit.short, 0), "\n".join(flags)])
    return rows


GUIDE = (
    "本表由 init 按通知原文生成，请在下发填报表之前逐项核对。",
    "“需核对”一栏写明了看起来可能有误的地方；没有写的也请过目。",
    "事项的类别、牵头单位、责任单位有误，或某段文字不是任务：在 inputs/plan/corrections.toml 中写一条更正（文件里有写法说明），"
    "更正按事项原文的开头找到事项，重新解析通知后仍然有效。",
    "单位名称、全称、别名和群组成员：在 inputs/plan/units.toml 中修改。",
    "可度量目标的计量单位和已核定的基数：在 inputs/plan/measures.toml 中填写。",
    "改完后运行 python -m pipeline plan --review 文件名.xlsx 重新生成本表再核对一遍。",
)


def write_review(path: Path, items: list[Item], registry: Registry, period: Period, labels: dict[str, str],
                 notes: list[str], stamp: dt.date, issuer: str) -> None:
    sheets = {
        "事项": (["编号", "原文位置", "类别", "所属部分", "事项", "原文", "牵头单位", "责任单位", "可度量目标", "完成时限",
                "需核对"], review_rows(items, registry, period, labels)),
        "单位": (["简称", "全称", "类别", "别名", "群组成员", "涉及事项数", "需核对"], unit_rows(registry, items)),
        "说明": (["说明"], [[line] for line in (*GUIDE, *(f"解析说明：{n}" for n in notes))]),
    }
    widths = {"事项": [8, 12, 10, 18, 24, 60, 18, 30, 34, 12, 36], "单位": [18, 30, 12, 24, 30, 10, 36], "说明": [120]}
    from pipeline.util.workbook import write_sheets  # openpyxl: only when a review is written, not on every start

    write_sheets(path, sheets, widths, stamp, "任务分工核对清单", issuer or "任务分工方案年度报告流水线")


def write_plan_review(plan: Plan, path: Path) -> None:
    """The review sheet of a plan folder as it now stands (corrections applied)."""
    info = plan.info
    write_review(path, plan.items, plan.registry, Period(info.first_year, info.target_year), plan.words.labels,
                 plan.notes + plan.warnings, dt.date(info.first_year, 1, 1), info.issuer)
