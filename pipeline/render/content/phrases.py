"""Phrases a clerk writes, made from merged data: amounts, unit lists, targets, one sentence per measure or item."""

from __future__ import annotations

from pipeline.terms import Progress
from pipeline.util.text import format_number

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
    if m["progress"] == Progress.MET:
        text += "，已提前完成目标"
    elif m["expected"] is not None:
        text += f"，按进度{year}年应{'达到' if m['comparator'] in ('≥', '>') else '降至'}{amount(m['expected'], m['unit'])}"
        text += "，进度正常" if m["progress"] == Progress.ON_TRACK else "，进度滞后"
    if m["disagreements"]:
        others = "、".join(f"{d['unit']}报{amount(d['value'], m['unit'])}" for d in m["disagreements"])
        text += f"（{others}，与牵头单位数据不一致，待核实）"
    return text + "。"


def item_sentence(item: dict) -> str:
    lead = names(item["lead"])
    if item["status"] == Progress.NOT_REPORTED:
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
