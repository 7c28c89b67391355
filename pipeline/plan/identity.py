"""The plan's identity (``inputs/plan/plan.toml``): its notice, theme, period, base and target year.

Nothing in the code names one notice: every title, file name and year comes from here.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.util.draft import PLACEHOLDER, drafted
from pipeline.util.templates import TEMPLATES
from pipeline.util.tomlfile import Fields, read_toml

REQUIRED = ("number", "issuer", "notice_title", "plan_title", "theme", "period", "subject", "base_year",
            "first_year", "target_year", "id")


@dataclass(frozen=True)
class PeriodWords:
    """The plan's time as documents say it: a plan of several years has a 规划期 and a 终期, one of one year its year."""

    whole: str  # 规划期（2021—2025年） | 全年: the final-year form's summary column
    ledger: str  # 规划期（2021—2025年） | 2025年度: the final report's attachment tables
    term: str  # 规划期 | 全年
    next: str  # 下一个规划期 | 下一年度
    final: str  # 终期 | '': the final report's title and file name
    data: str  # 终期 | 年度: 缺少终期数据
    result: str  # 终期结果 | 完成情况: the verdict column
    yearly: str  # 规划期逐年 | 各年 (数据)
    gains: str  # 规划期主要成效 | 主要成效: the final report's section
    advice: str  # 下一个规划期的工作建议 | 下一步工作建议: its last section
    missing: str  # 规划期 | 年度: what a unit that sent nothing is to send (材料)
    closes: str  # 规划期结束 | 年底: when 未完成 is judged


@functools.lru_cache
def period_words(one_year: bool, span: str, target_year: int) -> PeriodWords:
    table = tomllib.loads((TEMPLATES / "periods.toml").read_text(encoding="utf-8"))["one" if one_year else "several"]
    return PeriodWords(**{key: value.format(span=span, target_year=target_year) for key, value in table.items()})


@dataclass(frozen=True)
class PlanInfo:
    number: str
    issuer: str
    notice_title: str
    plan_title: str
    theme: str
    period: str
    subject: str
    base_year: int
    first_year: int
    target_year: int
    id: str

    @property
    def years(self) -> range:
        """The reporting years, first to target year."""
        return range(self.first_year, self.target_year + 1)

    @property
    def span(self) -> str:
        """'2021—2025年'; '2025年' for a plan of one year (若干政策（2025年版）, 2025年工作要点)."""
        if self.one_year:
            return f"{self.target_year}年"
        return f"{self.first_year}—{self.target_year}年"

    @property
    def one_year(self) -> bool:
        """A plan of one year (2025年工作要点, 若干政策（2025年版））: no 规划期 and no 终期 apart from that year."""
        return self.first_year == self.target_year

    @property
    def words(self) -> PeriodWords:
        """What documents call the plan's time (templates/periods.toml)."""
        return period_words(self.one_year, self.span, self.target_year)

    def is_final(self, year: int) -> bool:
        """The plan's last year: its report is the 终期 evaluation."""
        return year == self.target_year


def load_identity(path: Path, draft: bool = False) -> PlanInfo:
    """The plan's identity; ``draft``: values still 待填写 read as ×× (years must be filled in all the same)."""
    data = read_toml(path, "规划信息文件", "可用 python -m pipeline init 从通知生成")
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise PipelineError(f"规划信息文件 {path} 缺少：{'、'.join(missing)}")
    unfilled = [key for key in REQUIRED if key.endswith("_year") and PLACEHOLDER in str(data[key])]
    if unfilled:
        raise PipelineError(f"规划信息文件 {path} 中{'、'.join(unfilled)}尚未填写：通知中没有读出规划期的年份，"
                            "请按方案填写基数年、第一个报告年度和目标年（四位数字）")
    if draft:
        data = {k: drafted(v) for k, v in data.items()}
    fields = Fields(data, f"规划信息文件 {path} ")
    info = PlanInfo(**{key: fields.year(key) if key.endswith("_year") else fields.text(key) for key in REQUIRED})
    if not info.base_year < info.first_year <= info.target_year:
        raise PipelineError(f"规划信息文件 {path}：应有 base_year < first_year ≤ target_year")
    return info
