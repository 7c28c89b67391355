"""Measurable targets read from an indicator's wording (DESIGN §3).

Each clause of an indicator states one or more targets: ``达到79.3%`` (≥), ``超过44元/吨`` (>),
``降至60立方米`` (≤), ``比2015年提高15个百分点`` (baseline + 15), ``较2015年削减1.0%``
(≤ baseline × 0.99). ``A和B分别达到10%`` and ``A、B等…分别削减1%、13%`` give one target each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.util.text import format_number

COMPARATORS = {
    "达到": "≥", "提高到": "≥", "提高至": "≥", "不低于": "≥", "达": "≥",
    "超过": ">", "高于": ">",
    "降至": "≤", "降到": "≤", "控制在": "≤", "不高于": "≤", "不超过": "≤",
    "低于": "<",
}
_VERBS = "|".join(sorted(COMPARATORS, key=len, reverse=True))
_ABSOLUTE = re.compile(rf"^(?P<metrics>.+?)(?P<each>分别)?(?P<verb>{_VERBS})(?P<values>[\d.].*)$")
_RELATIVE = re.compile(
    r"^(?P<metrics>.+?)(?:较|比)(?P<year>\d{4})年(?:分别)?"
    r"(?P<verb>提高|增长|增加|上升|削减|降低|下降|减少)(?P<values>[\d.].*)$"
)
_ALL_AND_SHARE = re.compile(r"^全部(?P<a>.+?)和(?P<pct>[\d.]+)%的(?P<b>.+?)完成(?P<what>.+)$")
_VALUE = re.compile(r"^(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>.*)$")


@dataclass
class Target:
    metric: str
    comparator: str
    value: float | None
    unit: str
    relative: dict | None  # {"base_year", "op": "add"|"scale", "amount"|"factor"}
    clause: str

    def goal(self, baseline: float | None) -> float | None:
        """The 2020 target value, once the baseline is known for relative targets."""
        if self.relative is None:
            return self.value
        if baseline is None:
            return None
        if self.relative["op"] == "add":
            return baseline + self.relative["amount"]
        return baseline * self.relative["factor"]

    def describe(self) -> str:
        """The target as a clerk states it: ``≥ 79.3%``, ``≤ 2015年基数 × 0.99``."""
        if self.relative is None:
            return f"{self.comparator} {_num(self.value)}{self.unit}"
        year = self.relative["base_year"]
        if self.relative["op"] == "add":
            return f"{self.comparator} {year}年基数 + {_num(self.relative['amount'])}个百分点"
        return f"{self.comparator} {year}年基数 × {_num(self.relative['factor'])}"


def _num(x: float | None) -> str:
    return format_number(x, 4)


def split_list(text: str) -> list[str]:
    return [p for p in re.split(r"[、]|和|及|与", text) if p]


def _values(text: str) -> list[tuple[float, str]]:
    out = []
    for part in re.split(r"、|和", text):
        m = _VALUE.match(part.strip())
        if m:
            out.append((float(m["num"]), m["unit"].strip()))
    return out


def _metrics(text: str, count: int) -> list[str]:
    """Metric names from ``A、B、C等重点污染物排放量`` or ``A率和B率``, as many as values."""
    if count == 1:
        return [text]
    if "等" in text:
        names, rest = text.split("等", 1)
        suffix = rest.rsplit("物", 1)[-1] if "物" in rest else rest
        return [n + suffix for n in names.split("、")]
    return split_list(text)


def parse_targets(text: str) -> list[Target]:
    """Every target an indicator's text states, in order; [] when it states none."""
    targets: list[Target] = []
    body = re.sub(r"[。.]$", "", text.strip())
    for clause in filter(None, (c.strip() for c in re.split(r"[,，;；]", body))):
        targets.extend(_parse_clause(clause))
    return targets


def _parse_clause(clause: str) -> list[Target]:
    m = _ALL_AND_SHARE.match(clause)
    if m:
        what = m["what"]
        return [
            Target(f"{m['a']}完成{what}比例", "≥", 100.0, "%", None, clause),
            Target(f"{m['b']}完成{what}比例", "≥", float(m["pct"]), "%", None, clause),
        ]
    m = _RELATIVE.match(clause)
    if m:
        values = _values(m["values"])
        names = _metrics(m["metrics"], len(values))
        if len(names) != len(values):
            return []
        up = m["verb"] in ("提高", "增长", "增加", "上升")
        out = []
        for name, (amount, unit) in zip(names, values):
            if unit in ("个百分点", "百分点"):
                relative = {"base_year": int(m["year"]), "op": "add", "amount": amount if up else -amount}
            else:  # a percentage of the baseline
                factor = 1 + amount / 100 if up else 1 - amount / 100
                relative = {"base_year": int(m["year"]), "op": "scale", "factor": round(factor, 6)}
            out.append(Target(name, "≥" if up else "≤", None, "", relative, clause))
        return out
    m = _ABSOLUTE.match(clause)
    if m:
        values = _values(m["values"])
        if not values:
            return []
        names = _metrics(m["metrics"], len(values)) if len(values) > 1 else (
            split_list(m["metrics"]) if m["each"] else [m["metrics"]]
        )
        if len(values) == 1:
            values = values * len(names)
        if len(names) != len(values):
            return []
        comparator = COMPARATORS[m["verb"]]
        return [Target(n, comparator, v, u, None, clause) for n, (v, u) in zip(names, values)]
    return []
