"""What the report says about measures: goals, values at the precision their verdicts need, trends, and
who leads the ones that lag or fell short."""

from __future__ import annotations

from pipeline.merge.model import MeasureResult
from pipeline.plan.identity import PlanInfo
from pipeline.render.content.numbers import amount, distinct, gap
from pipeline.render.content.trends import missing_phrase, trend, trend_phrase
from pipeline.render.content.words import clean, full_stop, item_list, unit_list, who

VERB = {"≥": "不低于", ">": "高于", "≤": "不高于", "<": "低于"}
HIGHER = ("≥", ">")


def goal_text(m: MeasureResult, info: PlanInfo, with_base: bool = True, against: float | None = None) -> str:
    """'不低于79.3%' / '不低于115%（以2020年基数100%计）' / the target as written when it cannot be computed.
    ``against``: a value printed beside the goal, so both take the digits that tell them apart."""
    if m.goal is None:
        return m.target.replace(" ", "")
    goal = amount(m.goal, m.unit) if against is None else distinct(against, m.goal, m.unit)[1]
    text = f"{VERB[m.comparator]}{goal}"
    if with_base and m.baseline is not None and "基数" in m.target:
        text += f"（以{info.base_year}年基数{amount(m.baseline, m.unit)}计）"
    return text


def goal_cell(m: MeasureResult, against: float | None = None) -> str:
    """'≥79.3' for a table: the goal as a comparison, relative goals worked out from the baseline; with the
    digits that tell it from ``against`` (the value beside it)."""
    if m.goal is None:
        return m.target.replace(" ", "")
    return m.comparator + (amount(m.goal) if against is None else distinct(against, m.goal)[1])


def value_cell(m: MeasureResult, value: float | None) -> str:
    """A value in a table with the digits that tell it from the goal."""
    return amount(value) if value is None or m.goal is None else distinct(value, m.goal)[0]


def leads(m: MeasureResult) -> str:
    return f"（{who(m)}：{unit_list(m.lead)}）" if m.lead else ""


def value_vs(m: MeasureResult, reference: float, what: str) -> str:
    """'低于按进度应达到的77.54%' with both numbers distinct; '略低于…水平' when they cannot be told apart.
    The word follows the numbers, whichever way the target points."""
    _, shown_ref, same = distinct(m.value, reference, m.unit)
    word = ("略" if same else "") + ("低于" if m.value < reference else "高于")
    return f"{word}{what}水平" if same else f"{word}{what}{shown_ref}"


def shown_value(m: MeasureResult, reference: float | None) -> str:
    """The value, printed with the digits that tell it from ``reference``."""
    if reference is None:
        return amount(m.value, m.unit)
    return distinct(m.value, reference, m.unit)[0]


def with_trend(m: MeasureResult, year: int) -> str:
    """', 2017年以来逐年提高' (and the years without data) after a value; '' when there is nothing to say."""
    t = trend(m.series, m.unit)
    parts = [p for p in (trend_phrase(t, year), missing_phrase(t, year)) if p]
    return "，" + "，".join(parts) if parts else ""


def met_clause(m: MeasureResult, info: PlanInfo) -> str:
    """'农作物秸秆综合利用率85.4%（目标不低于85%）'."""
    return f"{m.metric}{shown_value(m, m.goal)}（目标{goal_text(m, info, against=m.value)}）"


def behind_sentence(m: MeasureResult, year: int, info: PlanInfo) -> str:
    """A lagging measure: its value, trend, where it should stand this year, the gap to the goal, its lead."""
    what = "按进度应达到的" if m.comparator in HIGHER else "按进度应降至的"
    text = f"{m.metric}{year}年为{shown_value(m, m.expected)}{with_trend(m, year)}"
    if m.expected is not None:
        text += f"，{value_vs(m, m.expected, what)}"
    if m.goal is not None:
        goal = goal_text(m, info, False, against=m.value)
        text += f"，距{info.target_year}年目标（{goal}）尚差{gap(m.value, m.goal, m.unit)}"
    return f"{text}{leads(m)}。"


def missing_sentence(ms: list[MeasureResult], year: int) -> str:
    """Measures without a figure: whose it was to send, or that the plan names no unit for them yet."""
    owned, unowned = [m for m in ms if m.lead], [m for m in ms if not m.lead]
    text = ""
    if owned:
        units = unit_list(list(dict.fromkeys(u for m in owned for u in m.lead)))
        text += f"{'、'.join(m.metric for m in owned)}的{who(owned[0])}{units}未报送{year}年数据，无法判断进度。"
    if unowned:
        text += f"{item_list([m.metric for m in unowned], 6, '项指标')}尚未明确报送单位，没有{year}年数据，无法判断进度。"
    return text


def disagreement_sentence(m: MeasureResult) -> str:
    if m.value is None:
        others = "，".join(f"{d.unit}报{amount(d.value, m.unit)}" for d in m.disagreements)
        return f"{m.metric}：{who(m)}未报送数据，{others}，请{who(m)}核实后报送。"
    others = "，".join(f"{d.unit}报{distinct(d.value, m.value, m.unit)[0]}" for d in m.disagreements)
    return (f"{m.metric}：{who(m)}{m.reported_by}报{amount(m.value, m.unit)}，{others}，数据不一致，"
            f"全市汇总暂采用{who(m) if m.led else m.reported_by}数据，请相关单位核实。")


def _path(m: MeasureResult, info: PlanInfo) -> str:
    """'由2020年的36元/吨提高到2025年的43.8元/吨' (the value with the digits that tell it from the goal)."""
    base, value = m.baseline, m.value
    shown = shown_value(m, m.goal)
    if base is None:
        return f"{info.target_year}年为{shown}"
    direction = "提高到" if value > base else "下降到" if value < base else "保持在"
    return f"由{info.base_year}年的{amount(base, m.unit)}{direction}{info.target_year}年的{shown}"


def shortfall_sentence(m: MeasureResult, info: PlanInfo) -> str:
    """终期: a target not met: its path, the goal, the gap, the lead, the cause as the lead reported it."""
    text = f"{m.metric}{_path(m, info)}，规划目标为{goal_text(m, info, m.baseline is None, m.value)}"
    if m.goal is not None:
        text += f"，尚差{gap(m.value, m.goal, m.unit)}"
    cause = clean(m.note or m.summary)
    return f"{text}{leads(m)}。" + (f"{who(m)}反映：{full_stop(cause)}" if cause else "")


def achieved_clause(m: MeasureResult, info: PlanInfo) -> str:
    """终期: '资源产出率由2020年的100%提高到2025年的116.2%（目标不低于115%）'."""
    return f"{m.metric}{_path(m, info)}（目标{goal_text(m, info, m.baseline is None, m.value)}）"
