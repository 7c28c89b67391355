"""The plan's identity (``inputs/plan/plan.toml``): its notice, theme, period, base and target year.

Nothing in the code names one notice: every title, file name and year comes from here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError

REQUIRED = ("number", "issuer", "notice_title", "plan_title", "theme", "period", "subject", "base_year",
            "first_year", "target_year", "id")


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
        """'2021—2025年'."""
        return f"{self.first_year}—{self.target_year}年"

    def is_final(self, year: int) -> bool:
        """The plan's last year: its report is the 终期 evaluation."""
        return year == self.target_year


def load_identity(path: Path) -> PlanInfo:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PipelineError(f"找不到规划信息文件 {path}；可用 python -m pipeline init 从通知生成") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PipelineError(f"规划信息文件 {path} 格式有误：{exc}") from None
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise PipelineError(f"规划信息文件 {path} 缺少：{'、'.join(missing)}")
    try:
        info = PlanInfo(**{key: data[key] for key in REQUIRED})
        years = [int(info.base_year), int(info.first_year), int(info.target_year)]
    except (TypeError, ValueError):
        raise PipelineError(f"规划信息文件 {path}：base_year、first_year、target_year 应为年份数字") from None
    if not years[0] < years[1] <= years[2]:
        raise PipelineError(f"规划信息文件 {path}：应有 base_year < first_year ≤ target_year")
    return info
