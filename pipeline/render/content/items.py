"""What the report says about tasks and projects: one paragraph per area, the standout figures units
reported, the items that lag or fell short with their lead units, the most concrete narratives."""

from __future__ import annotations

import re

from pipeline.merge.model import ItemResult
from pipeline.render.content.words import clean, full_stop, item_list, share_of, tally, unit_list, who
from pipeline.terms import ItemStatus, TaskStatus, Verdict

MONEY = re.compile(r"(\d+(?:\.\d+)?)\s*(亿元|万元)")
COUNTERS = ("家", "个", "项", "座", "处", "辆", "台", "套", "万吨", "吨", "公里", "亩", "场次", "人次")  # most telling first
COUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(" + "|".join(COUNTERS) + ")")
CLAUSE = re.compile(r"[^，,；;。]+")
LAGGING = (ItemStatus.LAGGING, ItemStatus.NOT_STARTED)  # items the report names as behind


def quoted(title: str) -> str:
    """An item's title in quotes; quotes inside it become single ones (GB/T 15834)."""
    return "“" + title.replace("“", "‘").replace("”", "’") + "”"


def led_by(item: ItemResult) -> str:
    return f"（{unit_list(item.lead, 3)}{'牵头' if item.led else '负责'}）" if item.lead else ""


def _claims(items: list[ItemResult]) -> list[tuple[str, str, str]]:
    """(unit, item title, clause) for every clause of the key data and narratives units sent."""
    found = []
    for item in items:
        sources = [(item.reported_by, item.figures), (item.reported_by, item.work)]
        sources += [(c.unit, c.figures) for c in item.contributions]
        for unit, text in sources:
            # A clause that names the item again ('X完成投资…') says only the figure after the name.
            found += [(unit, item.title, c.strip().removeprefix(item.title).strip())
                      for c in CLAUSE.findall(clean(text)) if unit and c.strip()]
    return found


def _money(clause: str) -> float:
    m = MONEY.search(clause)
    return 0.0 if not m else float(m[1]) * (10000 if m[2] == "亿元" else 1)


def standouts(items: list[ItemResult]) -> str:
    """'各单位报送的数据中，农业局在“某项任务”方面完成投资9520万元，投资额最大；…' or ''."""
    claims = _claims(items)
    parts = []
    money = max(claims, key=lambda c: _money(c[2]), default=None)
    if money and _money(money[2]) > 0:
        parts.append(f"{money[0]}在{quoted(money[1])}方面{money[2]}，投资额最大")
    counted = [c for c in claims if COUNT.search(c[2]) and not MONEY.search(c[2])]
    # The largest figure of the most telling kind reported (enterprises before people trained).
    count = min(counted, key=lambda c: (COUNTERS.index(COUNT.search(c[2])[2]), -float(COUNT.search(c[2])[1])),
                default=None)
    if count:
        parts.append(f"{count[0]}在{quoted(count[1])}方面{count[2]}")
    return "各单位报送的关键数据中，" + "；".join(parts) + "。" if parts else ""


def _lagging(items: list[ItemResult]) -> str:
    lag = [i for i in items if i.status == TaskStatus.LAGGING]
    idle = [i for i in items if i.status == TaskStatus.NOT_STARTED]
    silent = [i for i in items if i.status == ItemStatus.NOT_REPORTED]
    parts = []
    if lag:
        parts.append("、".join(quoted(i.title) + led_by(i) for i in lag) + "进度滞后")
    if idle:
        parts.append("、".join(quoted(i.title) + led_by(i) for i in idle) + "尚未启动")
    if silent:
        units = unit_list(list(dict.fromkeys(u for i in silent for u in i.lead)))
        parts.append("、".join(quoted(i.title) for i in silent) + f"的{who(silent[0])}{units}未报送进展情况")
    return "；".join(parts) + "。" if parts else ""


def area_paragraph(items: list[ItemResult], noun: str) -> str:
    """One area of an ongoing year: how the items stand, the standout figures, the lagging items named."""
    n = len(items)
    parts = [(sum(1 for i in items if i.status == s), s) for s in TaskStatus]
    if n == 1:
        head = f"该项{noun}{items[0].status}。" if items[0].status != ItemStatus.NOT_REPORTED else ""
    else:
        head = f"{share_of(f'{n}项{noun}', n, parts)}。" if tally(parts) else ""
    return head + standouts(items) + _lagging(items)


def final_area_paragraph(items: list[ItemResult], noun: str, data: str) -> str:
    """One area at the plan's end: how many done, the unfinished ones with their leads and causes; ``data``: what
    an item without its verdict lacks (终期, or 年度 in a plan of one year)."""
    n = len(items)
    done = [i for i in items if i.verdict == Verdict.DONE]
    short = [i for i in items if i.verdict == Verdict.NOT_DONE]
    silent = [i for i in items if i.verdict == Verdict.NO_DATA]
    if len(done) == n:
        text = f"{n}项{noun}全部完成。" if n > 1 else f"该项{noun}已完成。"
    elif len(short) == n:
        text = f"{n}项{noun}均未完成。" if n > 1 else f"该项{noun}未完成。"
    else:
        text = f"{share_of(f'{n}项{noun}', n, [(len(done), '完成'), (len(short), '未完成'), (len(silent), f'未报送{data}情况')])}。"
    for item in short:
        cause = clean(item.problems) or clean(item.summary)
        text += f"{quoted(item.title)}{led_by(item)}未完成" + (f"，{who(item)}反映：{full_stop(cause)}" if cause else "。")
    if silent:
        text += f"{item_list([quoted(i.title) for i in silent])}的{who(silent[0])}未报送{data}情况。"
    return text + standouts(items)


def _concreteness(text: str) -> int:
    return len(re.findall(r"\d+(?:\.\d+)?", text)) * 100 + min(len(text), 99)


def highlights(items: list[ItemResult], field: str, limit: int = 5) -> list[str]:
    """The most concrete narratives (most figures), one per unit, attributed: '1.构建…。…（农业局）'."""
    good = (ItemStatus.DONE, ItemStatus.ON_PLAN)
    pool = [(i, clean(getattr(i, field))) for i in items if i.status in good and clean(getattr(i, field))]
    pool.sort(key=lambda p: (-_concreteness(p[1]), p[0].id))
    chosen, seen = [], set()
    for item, text in pool:
        if item.reported_by not in seen:
            seen.add(item.reported_by)
            head = "" if item.title in text else f"{item.title}。"
            chosen.append(f"{head}{full_stop(text)[:-1]}（{item.reported_by}）。")
        if len(chosen) == limit:
            break
    return chosen


def common_points(items: list[ItemResult], field: str, limit: int = 4, said: str = "反映") -> list[str]:
    """The points units raise most (problems, plans), each with who raised it."""
    raised: dict[str, list[str]] = {}
    for item in items:
        text = clean(getattr(item, field)).rstrip("。")
        if text:
            for unit in item.lead:
                if unit not in raised.setdefault(text, []):
                    raised[text].append(unit)
    ranked = sorted(raised.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    return [f"{text}（{unit_list(units, 3)}{said}）。" for text, units in ranked]
