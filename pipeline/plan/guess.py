"""What a notice says about itself: its own number, title, issuer, date, and the plan's period and years.

The notice's own number stands on a line of its own under the title, opens the title line of a site's copy,
or fills the 发文字号 field of the page; a number cited in the text (根据…（安委〔2023〕3号）) is never it.
The period comes from the plan's own words, in this order: years in the title (2023—2025年), a five-year
plan's name (十四五 = 2021–2025), ``YYYY年起N年内``, then the years its targets are set for (到2028年底),
leaving out a longer vision beside them (2035年远景). Nothing here invents a year: what the notice does not
say is None, and init marks it 待填写.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.plan.sources import NoticeSource
from pipeline.util.hashing import digest
from pipeline.util.text import normalize

NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,4})\s*号")
TITLE_END = re.compile(r"(?:通知|意见|方案|决定|办法|计划|要点|规划|清单|细则|纲要|措施|安排|分解表|分工表)$")
CITED = re.compile(r"(?:根据|按照|依据|贯彻|落实|转发|印发了?|依照|结合|参照|对照|《)[^。]{0,60}$")
FIVE_YEAR = re.compile(r"十[一二三四五六七八九]五")  # 十一五, 十四五, 十五五…
RANGE = re.compile(r"(\d{4})\s*[—\-–－~～至到]+\s*(\d{4})\s*年")
SINCE = re.compile(r"(?:从|自)?(\d{4})\s*年(?:起|开始)[^。]{0,8}?(?:用|在)?\s*(\d{1,2}|[一二三四五六七八九十])\s*年(?:内|时间|左右)")
HORIZON = re.compile(r"(?:到|至|截至|截止到?)\s*(\d{4})\s*年(?:底|末|前)?")
VISION = re.compile(r"远景|展望|基本实现社会主义现代化|长远")
BASE = re.compile(r"(?:比|较|相比|对比)\s*(\d{4})\s*年")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ISSUER_END = re.compile(r"(?:人民政府|政府|办公厅|办公室|委员会|委|局|厅|部|院|署|办|会|组|管委会|小组)$")
METADATA = {"number": ("发文字号", "文号", "发文号"), "title": ("标题", "名称", "文件名称"),
            "issuer": ("发文机关", "发文单位", "发布机构", "发文机构"), "date": ("成文日期", "发文日期", "印发日期")}
CN_DIGIT = {c: n for n, c in enumerate("零一二三四五六七八九十")}


def five_year_span(name: str) -> tuple[int, int]:
    """The years of the N-th five-year plan (十四五 → 2021–2025): five years each since the fourth, 1971–1975."""
    n = 10 + "一二三四五六七八九".index(name[1]) + 1
    start = 1971 + 5 * (n - 4)
    return start, start + 4


@dataclass(frozen=True)
class Period:
    first: int
    target: int
    how: str  # what the years were read from, for the review


def own_number(text: str) -> str:
    """'柳政发〔2018〕30号' in its standard form, from the text of a number (any brackets)."""
    m = NUMBER.search(text)
    return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号" if m else ""


def metadata(source: NoticeSource) -> dict[str, str]:
    """A government site's record of the document (发文字号, 标题, 发文机关, 成文日期), in a table or in lines."""
    found: dict[str, str] = {}
    cells: list[str] = []
    for block in source.blocks[:40]:
        cells += [c for row in block.rows for c in row] if block.is_table else [block.text.lstrip("-·• ")]
    for n, cell in enumerate(cells):
        label, _, value = normalize(cell).partition(":")
        label = re.sub(r"\s+", "", label)
        for key, labels in METADATA.items():
            if label in labels and key not in found:
                value = value.strip() or (cells[n + 1].strip() if n + 1 < len(cells) else "")
                if value and not any(re.sub(r"\s+", "", value.split(":")[0]) in ls for ls in METADATA.values()):
                    found[key] = value
    return found


def find_number(source: NoticeSource, meta: dict[str, str]) -> str:
    """The notice's own number: the page's 发文字号, or a line that is only a number, or one that opens the
    title line; never one cited inside a sentence."""
    if own_number(meta.get("number", "")):
        return own_number(meta["number"])
    for block in source.blocks[:30]:
        text = normalize(block.text).replace(" ", "")
        m = NUMBER.search(text)
        if not m or block.is_table:
            continue
        alone = m.start() == 0 and len(text) - m.end() <= 2
        opens_title = m.start() == 0 and "关于" in text[m.end():]
        if (alone or opens_title) and not CITED.search(text[: m.start()]):
            return own_number(text)
    return ""


def find_title(source: NoticeSource, meta: dict[str, str]) -> str:
    """The notice's title: the page's 标题, else the first lines with 关于, joined until the title ends."""
    if "title" in meta and "关于" in meta["title"]:
        return NUMBER.sub("", meta["title"]).strip()
    lines = [b.text.strip() for b in source.blocks[:40] if not b.is_table]
    for n, line in enumerate(lines):
        if "关于" not in line or "。" in line or len(line) > 80 or line.endswith(("：", ":")):
            continue
        title = NUMBER.sub("", line).strip()
        for more in lines[n + 1:n + 4]:
            if TITLE_END.search(title) or NUMBER.search(more) or more.endswith(("：", ":")):
                break
            if "关于" in re.sub(r"《[^》]*》", "", more) and "关于" in re.sub(r"《[^》]*》", "", title):
                break  # a second title (a copy's heading), not this one's next line
            title += more.strip()
        return title
    return ""


def find_issuer(title: str, meta: dict[str, str], source: NoticeSource) -> str:
    head = title.split("关于", 1)[0].strip() if "关于" in title else ""
    if head and ISSUER_END.search(head):
        return head
    if meta.get("issuer"):
        return meta["issuer"]
    lines = [b.text.strip() for b in source.blocks if not b.is_table]
    for before, line in zip(lines, lines[1:]):
        if DATE.fullmatch(line.replace(" ", "")) and ISSUER_END.search(before) and len(before) <= 30:
            return before
    return ""


def issue_date(source: NoticeSource, meta: dict[str, str]) -> tuple[int, int] | None:
    """(year, month) the notice was issued: the page's 成文日期, else its first date standing alone."""
    m = DATE.search(meta.get("date", ""))
    if m:
        return int(m.group(1)), int(m.group(2))
    for block in source.blocks:
        m = DATE.fullmatch(block.text.replace(" ", ""))
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else CN_DIGIT.get(word, 0)


def plan_period(title: str, text: str, issued: tuple[int, int] | None, number_year: int | None) -> Period | None:
    """The plan's reporting years, from its own words (see the module's docstring for the order)."""
    norm_title = normalize(title)
    m = RANGE.search(norm_title)
    if m and int(m.group(1)) <= int(m.group(2)):
        return Period(int(m.group(1)), int(m.group(2)), f"标题中的“{m.group(0)}”")
    five = FIVE_YEAR.search(norm_title)
    if five:
        start, end = five_year_span(five.group(0))
        return Period(start, end, f"标题中的“{five.group(0)}”（{start}—{end}年）")
    single = re.search(r"(\d{4})\s*年(?:度|版)?(?![\d前])", norm_title)  # 2024年政府工作报告…, 若干政策（2025年版）
    if single and re.search(r"要点|年度|年版|重点工作|重点任务|工作计划|任务清单|分解|年国民经济和社会发展计划", norm_title):
        return Period(int(single.group(1)), int(single.group(1)), f"标题中的“{single.group(0)}”")
    m = SINCE.search(text)
    if m:
        start = int(m.group(1))
        return Period(start, start + _count(m.group(2)) - 1, f"正文中的“{m.group(0)}”")
    start = (issued[0] + (1 if issued[1] >= 11 else 0)) if issued else number_year
    horizons = _horizons(text, start)
    if start and horizons:
        end = max(horizons)
        if end >= start:
            return Period(start, end, f"印发时间（{start}年）和正文中的目标年份（到{end}年）")
    for name in dict.fromkeys(FIVE_YEAR.findall(text)):
        first, end = five_year_span(name)
        if start is None or first <= start <= end:
            return Period(first, end, f"正文中的“{name}”（{first}—{end}年）")
    return None


def _horizons(text: str, start: int | None) -> list[int]:
    """The years targets are set for; a vision years beyond a nearer target (2035年远景目标) is left out."""
    years = []
    for m in HORIZON.finditer(text):
        year = int(m.group(1))
        near = text[max(0, m.start() - 12):m.end() + 12]
        if start is None or start <= year <= start + 15:
            years.append((year, bool(VISION.search(near))))
    plain = [y for y, vision in years if not vision]
    return plain or [y for y, _ in years]


def base_year(text: str, first: int) -> int:
    """The year targets are measured from: the one the text compares with most (比2020年), else the year
    before the first."""
    counts: dict[int, int] = {}
    for m in BASE.finditer(text):
        year = int(m.group(1))
        if year < first:
            counts[year] = counts.get(year, 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else first - 1


def guess_identity(source: NoticeSource) -> dict:
    """The plan's identity as the notice states it; None where it does not (init writes 待填写 there)."""
    meta = metadata(source)
    number = find_number(source, meta)
    title = find_title(source, meta)
    issuer = find_issuer(title, meta, source)
    # 关于印发X的通知 names the plan X, in 《》 or (as many titles set it) without them
    inner = re.search(r"[《〈](.+)[》〉]", title) or re.search(r"关于印发(.+?)的通知$", title)
    plan_title = inner.group(1) if inner else title  # a notice that issues no separate plan is the plan
    text = normalize(source.text)
    issued = issue_date(source, meta)
    number_year = int(NUMBER.search(number).group(2)) if number else None
    period = plan_period(plan_title or title, text, issued, number_year)
    five = FIVE_YEAR.search(normalize(title + plan_title))
    base = base_year(text, period.first) if period else None
    return {
        "number": number or None, "issuer": issuer or None, "notice_title": title or None,
        "plan_title": plan_title or None, "period": f"“{five.group(0)}”" if five else "",
        "base_year": base, "first_year": period.first if period else None,
        "target_year": period.target if period else None,
        "id": "-".join(NUMBER.search(number).groups()) if number else "PLAN-" + digest(source.text)[:8],
        "years_from": period.how if period else "",
    }
