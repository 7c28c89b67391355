"""Measurable targets read from a notice's wording (docs/DESIGN.md §3), wherever they stand.

Each clause states one or more targets: ``达到79.3%`` and ``不低于95%`` (≥), ``超过44元/吨`` and
``突破3000亿元`` (>), ``降至60立方米``, ``不高于`` and ``控制在5.5%以内`` (≤), ``比2020年提高5个百分点``
(baseline + 5), ``较2020年削减1.0%`` (≤ baseline × 0.99), ``下降14%`` (against the plan's base year),
``年均增长7%以上``; a value may close with 以上/以下/以内/左右. ``A和B分别达到10%`` and
``A、B等…分别削减1%、13%`` give one target each. A clause without its own subject takes the previous
clause's. Counts are targets too: ``培育龙头企业50家以上``, ``累计建成100个``, ``每年新增1万人``.

An indicator's text is read generously. Inside a task (``strict``) only phrases that read as targets count:
a metric (a 率, 量, 比例, 规模 …) or a count of things built, and a unit of measure, so that a policy's
amounts (``最高不超过15万元的贷款``) are not taken for goals. Each target keeps the year it is set for
(``到2025年``) when the text names one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.util.text import format_number

COMPARATORS = {
    "达到": "≥", "提高到": "≥", "提高至": "≥", "提升到": "≥", "提升至": "≥", "不低于": "≥", "不少于": "≥", "达": "≥",
    "稳定在": "≥", "保持在": "≥", "增加到": "≥", "增至": "≥", "年均增长": "≥", "超": ">",
    "超过": ">", "高于": ">", "突破": ">",
    "降至": "≤", "降到": "≤", "下降到": "≤", "控制在": "≤", "不高于": "≤", "不超过": "≤", "少于": "<",
    "低于": "<",
}
QUALIFIER = {"以上": "≥", "以下": "≤", "以内": "≤"}  # 左右 keeps the verb's sense
_VERBS = "|".join(sorted(COMPARATORS, key=len, reverse=True))
_ABSOLUTE = re.compile(rf"^(?P<metrics>.*?)(?P<each>分别|均)?(?P<verb>{_VERBS})(?P<values>[\d.].*)$")
_BARE = re.compile(r"^(?P<metrics>.*?\D)(?P<values>\d+(?:\.\d+)?[^\d]*?(?:以上|以下|以内))$")
_RELATIVE = re.compile(
    r"^(?P<metrics>.*?)(?:(?:较|比)(?P<year>\d{4})年(?:底|末)?)?(?:分别)?"
    r"(?P<verb>提高|增长|增加|上升|提升|削减|降低|下降|减少)(?P<values>[\d.].*)$"
)
_ALL_AND_SHARE = re.compile(r"^全部(?P<a>.+?)和(?P<pct>[\d.]+)%的(?P<b>.+?)完成(?P<what>.+)$")
_VALUE = re.compile(r"^(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>.*?)(?P<qual>以上|以下|以内|左右)?$")
_LEAD_IN = re.compile(r"^(?:到|至)?\d{4}年(?:底|末)?(?:前)?|力争|确保|争取|努力|全面|^实现|(?:总体|整体|平均|均|基本|全部)$|^全(?:市|省|国|县|区|州|盟|旗)"
                      r"|^其中")
COUNTERS = ("个", "家", "项", "座", "所", "条", "处", "台", "套", "辆", "艘", "名", "人", "户", "支", "批", "场", "次",
            "人次", "万人", "万户", "公里", "千米", "亩", "万亩", "公顷", "万吨", "吨", "千瓦", "万千瓦", "亿元", "万元",
            "平方米", "万平方米", "张", "件", "部", "床", "间", "册", "只", "头", "株", "棵", "栋", "片", "村", "镇", "期")
# Counts of things taken one by one: a value in them is a whole number (20.6家 is a slip of the keyboard).
WHOLE_UNITS = frozenset(("个", "家", "项", "座", "所", "条", "处", "台", "套", "辆", "艘", "名", "人", "户", "支", "批", "场",
                         "次", "人次", "张", "件", "部", "床", "间", "册", "只", "头", "株", "棵", "栋", "片", "村", "镇", "期"))
_COUNTER = "|".join(sorted(COUNTERS, key=len, reverse=True))
_COUNT = re.compile(rf"(?P<pre>每年|年均|累计|共|新增)?(?P<verb>建成|新建|新增|培育|打造|创建|引进|遴选|完成|建设|认定|"
                    rf"实现|改造|推广|发展|招引|设立|开展|举办|培训|安置|吸纳|带动|扶持|认证|打通|开通|推出|评选|选树)(?P<pre2>累计)?"
                    rf"(?P<num>\d+(?:\.\d+)?)(?P<unit>{_COUNTER})(?P<qual>以上|左右)?(?P<what>[^\d]{{2,20}})$")
# '新建高标准农田5万亩', '完成造林10万亩以上': the thing counted before its number.
_COUNT_AFTER = re.compile(rf"(?P<verb>建成|新建|新增|培育|打造|创建|建设|完成|改造|认定|引进|推广|实施|造林|种植)(?P<what>[^\d，,。；;]{{2,16}}?)"
                          rf"(?P<num>\d+(?:\.\d+)?)(?P<unit>{_COUNTER})(?P<qual>以上|左右)?$")
METRIC_NOUN = re.compile(r"(?:率|量|数|比例|比重|面积|浓度|指数|产值|总额|规模|能力|水平|能耗|强度|占比|人数|个数|数量|增速|"
                         r"收入|产量|销量|营收|里程|长度|功率|动力|天数|时间|密度|系数|总量|排放|容量|增加值|覆盖面|份额|寿命|"
                         r"投资|资金|满意度|达标率|价格|成本|时长|库存|保有量|装机|负荷|贡献|得分|排名)$")
UNIT = re.compile(rf"^(?:%|‰|个百分点|百分点|倍|(?:[万亿千百十]?(?:元|美元|吨|千瓦时?|瓦|度|公顷|亩|人|户|{_COUNTER}|天|"
                  rf"小时|年|岁|米|立方米|平方米|平方公里|吨标准煤|标准煤|千克|克|升|兆瓦|吉瓦|分钟|分|级|星|Mbps|Gbps|GB|"
                  rf"EFlops|PB|TB))+(?:/[\u4e00-\u9fffA-Za-z]{{1,6}})?|[a-zA-Zμ]+(?:/[a-zA-Z\u4e00-\u9fff]{{1,6}})?)?$")
HORIZON = re.compile(r"(?:到|至|截至|截止到?)\s*(\d{4})\s*年|^(\d{4})\s*年(?:底|末)?(?:前)?(?=[,，]|$|全)")


@dataclass
class Target:
    metric: str
    comparator: str
    value: float | None
    unit: str
    relative: dict | None  # {"base_year" (None: the plan's), "op": "add"|"scale", "amount"|"factor"}
    clause: str
    year: int | None = None  # the year the text sets the target for (到2025年), if it names one
    counted: bool = False  # a count of things built or done (培育龙头企业50家), not a metric's level

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
        base = f"{year}年基数" if year else "基数"
        if self.relative["op"] == "add":
            return f"{self.comparator} {base} + {_num(self.relative['amount'])}个百分点"
        return f"{self.comparator} {base} × {_num(self.relative['factor'])}"


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
    text = text.rsplit(":", 1)[-1]  # a table's task name before its content (固定资产投资：固定资产投资增长8%)
    text = _LEAD_IN.sub("", text).strip(" ,:")
    text = _LEAD_IN.sub("", text).strip(" ,:")
    while text and text[-1] in "“《(" or text.endswith("”") and text.count("“") < text.count("”"):
        text = text[:-1]
    return text.strip()


def parse_targets(text: str, strict: bool = False) -> list[Target]:
    """Every target the text states, in order; [] when it states none. ``strict``: the text is a task's."""
    targets: list[Target] = []
    body = re.sub(r"[。.]$", "", text.strip())
    subject, year = "", None
    for sentence in filter(None, re.split(r"[。；;]", body)):
        for clause in filter(None, (c.strip() for c in re.split(r"[,，]", sentence))):
            horizon = HORIZON.search(clause)
            if horizon:
                year = int(horizon.group(1) or horizon.group(2))
            found = _parse_clause(clause, subject, strict)
            for t in found:
                t.year = year
            targets.extend(found)
            subject = found[-1].metric if found else clean_metric(clause.split("总量")[0]) or subject
    return targets


def _acceptable(t: Target, strict: bool) -> bool:
    """A target as a reader would take it: a plausible unit, and inside a task a metric or a count."""
    if len(t.unit) > 10 or re.search(r"[的和及与，、]", t.unit):
        return False
    if not strict:
        return True
    return bool(UNIT.match(t.unit)) and bool(METRIC_NOUN.search(t.metric) or t.counted)


def _parse_clause(clause: str, subject: str, strict: bool = False) -> list[Target]:
    """The clause's targets by the first reading that gives acceptable ones (a level, a change, a count)."""
    for reading in (_share_reading, _relative_reading, _absolute_reading, _count_reading):
        found = [t for t in reading(clause, subject) if _acceptable(t, strict)]
        if found:
            return found
    return []


def _share_reading(clause: str, subject: str) -> list[Target]:
    m = _ALL_AND_SHARE.match(clause)
    if not m:
        return []
    what = m["what"]
    return [Target(f"{m['a']}完成{what}比例", "≥", 100.0, "%", None, clause),
            Target(f"{m['b']}完成{what}比例", "≥", float(m["pct"]), "%", None, clause)]


def _relative_reading(clause: str, subject: str) -> list[Target]:
    m = _RELATIVE.match(clause)
    if not m or not (m["year"] or _is_percent(m["values"])) or m["metrics"].endswith("年均"):
        return []
    return _relative(m, clause, subject)


def _absolute_reading(clause: str, subject: str) -> list[Target]:
    m = _ABSOLUTE.match(clause) or _BARE.match(clause)
    return _absolute(m, clause, subject) if m else []


def _count_reading(clause: str, subject: str) -> list[Target]:
    m = _COUNT.search(clause) or _COUNT_AFTER.search(clause)
    if not m:
        return []
    metric = clean_metric(m["verb"] + m["what"].strip("“”\"的"))
    return [Target(metric, "≥", float(m["num"]), m["unit"], None, clause, counted=True)] if metric else []


def _is_percent(values: str) -> bool:
    return bool(re.match(r"^[\d.]+\s*(?:%|个百分点|百分点)", values))


def _relative(m: re.Match, clause: str, subject: str) -> list[Target]:
    values = _values(m["values"])
    names = _metrics(clean_metric(m["metrics"]) or subject, len(values))
    if len(names) != len(values) or not all(names):
        return []
    up = m["verb"] in ("提高", "增长", "增加", "上升", "提升")
    year = int(m["year"]) if m["year"] else None
    out = []
    for name, (amount, unit, _) in zip(names, values):
        if unit in ("个百分点", "百分点"):
            relative = {"base_year": year, "op": "add", "amount": amount if up else -amount}
        elif unit == "%":  # a percentage of the baseline
            factor = 1 + amount / 100 if up else 1 - amount / 100
            relative = {"base_year": year, "op": "scale", "factor": round(factor, 6)}
        else:
            return []
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
