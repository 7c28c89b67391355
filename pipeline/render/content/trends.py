"""A measure's path over the plan years in words: 连续两年提高, 2017年以来逐年下降, a year without data."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.render.content.numbers import change


@dataclass(frozen=True)
class Trend:
    direction: str  # 提高 | 下降 | 持平 | '' (no previous year to compare with)
    run: int  # year-on-year changes in the same direction, ending this year
    size: str  # this year's change: '2.3个百分点', '3.7%'
    missing: list[int]  # plan years up to this one without data

    @property
    def steady(self) -> bool:
        """Three or more years the same way: a trend worth saying."""
        return self.run >= 3 and self.direction in ("提高", "下降")


def trend(series: dict[str, float | None], unit: str) -> Trend:
    years = [int(y) for y in series]
    values = [series[str(y)] for y in years]
    missing = [y for y, v in zip(years, values) if v is None]
    directions = []
    for (y0, a), (y1, b) in zip(zip(years, values), zip(years[1:], values[1:])):
        directions.append(change(b, a, unit)[0] if a is not None and b is not None and y1 == y0 + 1 else "")
    if not directions or not directions[-1]:
        return Trend("", 0, "", missing)
    last = directions[-1]
    run = 0
    for d in reversed(directions):
        if d != last:
            break
        run += 1
    return Trend(last, run, change(values[-1], values[-2], unit)[1], missing)


def trend_phrase(t: Trend, year: int) -> str:
    """'2017年以来逐年提高' / '连续两年下降' / '比上年提高2.3个百分点' / '与上年持平' ('' without a previous year)."""
    if t.direction == "持平":
        return "与上年持平"
    if not t.direction:
        return ""
    if t.run >= 3:
        return f"{year - t.run + 1}年以来逐年{t.direction}"
    if t.run == 2:
        return f"连续两年{t.direction}"
    return f"比上年{t.direction}{t.size}" if t.size else f"比上年有所{t.direction}"


def missing_phrase(t: Trend, year: int) -> str:
    """'2017年未报送数据' for the earlier years without data ('' when every year has data)."""
    earlier = [y for y in t.missing if y < year]
    return "、".join(f"{y}年" for y in earlier) + "未报送数据" if earlier else ""
