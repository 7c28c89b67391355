"""Measurable targets read from an indicator's wording (DESIGN §3).

Each clause of an indicator states one or more targets: ``达到79.3%`` (≥), ``超过44元/吨`` and
``突破3000亿元`` (>), ``降至60立方米`` and ``控制在5.5%以内`` (≤), ``比2020年提高5个百分点``
(baseline + 5), ``较2020年削减1.0%`` (≤ baseline × 0.99), ``年均增长7%以上``; a value may close
with 以上/以下/以内/左右. ``A和B分别达到10%`` and ``A、B等…分别削减1%、13%`` give one target each.
A clause without its own subject takes the previous clause's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.util.text import format_number

COMPARATORS = {
    "达到": "≥", "提高到": "≥", "提高至": "≥", "提升到": "≥", "提升至": "≥", "不低于": "≥", "达": "≥",
    "稳定在": "≥", "保持在": "≥", "增加到": "≥", "增至": "≥", "年均增长": "≥",
    "超过": ">", "高于": ">", "突破": ">",
    "降至": "≤", "降到": "≤", "下降到": "≤", "控制在": "≤", "不高于": "≤", "不超过": "≤",
    "低于": "<",
}
QUALIFIER = {"以上": "≥", "以下": "≤", "以内": "≤"}  # 左右 keeps the verb's sense
_VERBS = "|".join(sorted(COMPARATORS, key=len, reverse=True))
_ABSOLUTE = re.compile(rf"^(?P<metrics>.*?)(?P<each>分别|均)?(?P<verb>{_VERBS})(?P<values>[\d.].*)$")
_BARE = re.compile(r"^(?P<metrics>.*?\D)(?P<values>\d+(?:\.\d+)?[^\d]*?(?:以上|以下|以内))$")
_RELATIVE = re.compile(
    r"^(?P<metrics>.*?)(?:较|比)(?P<year>\d{4})年(?:分别)?"
    r"(?P<verb>提高|增长|增加|上升|削减|降低|下降|减少)(?P<values>[\d.].*)$"
)
_ALL_AND_SHARE = re.compile(r"^全部(?P<a>.+?)和(?P<pct>[\d.]+)%的(?P<b>.+?)完成(?P<what>.+)$")
_VALUE = re.compile(r"^(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>.*?)(?P<qual>以上|以下|以内|左右)?$")
_LEAD_IN = re.compile(r"^(?:到|至)?\d{4}年(?:底|末)?(?:前)?|力争|确保|争取|努力|全面|均$|^全市|^全省|^全国")


@dataclass
class Target:
    metric: str
    comparator: str
    value: float | None
    unit: str
    relative: dict | None  # {"base_year", "op": "add"|"scale", "amount"|"factor"}
    clause: str

    def goal(self, baseline: float | None) -> float | None:
        """The target value, once the baseline is known for relative targets."""
        if self.relative is None:
            return self.value
        if baseline is None:
            return None
        if self.relative["op"] == "add":
            return baseline + self.relative["amount"]
        return baseline * self.relative["factor"]

    def describe(self) -> str:
        """The target as a clerk states it: ``≥ 79.3%``, ``≤ 2020年基数 × 0.99``."""
        if self.relative is None:
            return f"{self.comparator} {_num(self.value)}{self.unit}"
        year = self.relative["base_year"]
        if self.relative["op"] == "add":
            return f"{self.comparator} {year}年基数 + {_num(self.relative['amount'])}个百分点"
        return f"{self.comparator} {year}年基数 × {_num(self.relative['factor'])}"


def _num(x: float | None) -> str:
    return format_number(x, 4)


NOUN = re.compile(r"(?:率|量|数|比例|比重|面积|浓度|指数|产值|总额|规模|能力|水平|能耗|强度|覆盖率)$")


def split_list(text: str) -> list[str]:
    """'A率和B率' → two names; '花生种植、收获机械化率' → '花生种植机械化率', '花生收获机械化率'."""
    parts = [p for p in re.split(r"[、]|和|及|与", text) if p]
    if len(parts) > 1 and not NOUN.search(parts[0]) and NOUN.search(parts[-1]) and len(parts[0]) >= 2:
        word = len(parts[-1]) - len(NOUN.search(parts[-1]).group(0))
        head = 2 if word > 2 else word  # the two-character word that varies, as 种植/收获
        prefix, suffix = parts[0][:-head], parts[-1][head:]
        return [prefix + p[-head:] + suffix if p is not parts[-1] else prefix + p for p in parts[:-1]] + [prefix + parts[-1]]
    return parts


def _values(text: str) -> list[tuple[float, str, str]]:
    """(number, unit, qualifier) for each value of ``10%、13%`` or ``65%和55%``."""
    out = []
    for part in re.split(r"、|和", text):
        m = _VALUE.match(part.strip())
        if m:
            out.append((float(m["num"]), m["unit"].strip(), m["qual"] or ""))
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


def clean_metric(text: str) -> str:
    """The metric's name without lead-in words (到2025年, 力争) or stray quotes and brackets at its ends."""
    text = _LEAD_IN.sub("", text).strip(" ,:")
    while text and text[-1] in "“《(" or text.endswith("”") and text.count("“") < text.count("”"):
        text = text[:-1]
    return text.strip()


def parse_targets(text: str) -> list[Target]:
    """Every target an indicator's text states, in order; [] when it states none."""
    targets: list[Target] = []
    body = re.sub(r"[。.]$", "", text.strip())
    subject = ""
    for clause in filter(None, (c.strip() for c in re.split(r"[,，;；。]", body))):
        found = _parse_clause(clause, subject)
        targets.extend(found)
        subject = found[-1].metric if found else clean_metric(clause.split("总量")[0]) or subject
    return targets


def _parse_clause(clause: str, subject: str) -> list[Target]:
    m = _ALL_AND_SHARE.match(clause)
    if m:
        what = m["what"]
        return [Target(f"{m['a']}完成{what}比例", "≥", 100.0, "%", None, clause),
                Target(f"{m['b']}完成{what}比例", "≥", float(m["pct"]), "%", None, clause)]
    m = _RELATIVE.match(clause)
    if m:
        return _relative(m, clause, subject)
    m = _ABSOLUTE.match(clause) or _BARE.match(clause)
    return _absolute(m, clause, subject) if m else []


def _relative(m: re.Match, clause: str, subject: str) -> list[Target]:
    values = _values(m["values"])
    names = _metrics(clean_metric(m["metrics"]) or subject, len(values))
    if len(names) != len(values) or not all(names):
        return []
    up = m["verb"] in ("提高", "增长", "增加", "上升")
    out = []
    for name, (amount, unit, _) in zip(names, values):
        if unit in ("个百分点", "百分点"):
            relative = {"base_year": int(m["year"]), "op": "add", "amount": amount if up else -amount}
        else:  # a percentage of the baseline
            factor = 1 + amount / 100 if up else 1 - amount / 100
            relative = {"base_year": int(m["year"]), "op": "scale", "factor": round(factor, 6)}
        out.append(Target(name, "≥" if up else "≤", None, "", relative, clause))
    return out


def _absolute(m: re.Match, clause: str, subject: str) -> list[Target]:
    values = _values(m["values"])
    if not values:
        return []
    verb = m.groupdict().get("verb") or ""
    metrics = clean_metric(m["metrics"]) or subject
    if verb == "年均增长":
        metrics = re.sub(r"总量$", "", metrics) + "年均增长"
    if not metrics:
        return []
    each = m.groupdict().get("each")
    names = _metrics(metrics, len(values)) if len(values) > 1 else (split_list(metrics) if each else [metrics])
    if len(values) == 1:
        values = values * len(names)
    if len(names) != len(values):
        return []
    return [Target(n, QUALIFIER.get(q) or COMPARATORS.get(verb, "≥"), v, u, None, clause)
            for n, (v, u, q) in zip(names, values)]
