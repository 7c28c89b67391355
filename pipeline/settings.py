"""The DRC's configuration (发文字号, 签发人, deadline… per year) from ``inputs/config.toml``, read once."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError


@dataclass(frozen=True)
class YearConfig:
    year: int
    issuer: str
    issuer_short: str
    addressee: str
    signer: str
    cc: tuple[str, ...]
    printer: str
    form_password: str
    form_contact: str
    deadline: str
    doc_number: str
    doc_date: dt.date
    check_date: dt.date  # the units' summaries go out for checking on this day, before the report
    correction_deadline: dt.date  # and corrections are due by this one
    we: str  # how the report names its issuer: 我委, 我局…


def self_reference(issuer: str) -> str:
    """'我委' for a 委员会, '我局' for a 局…: how a 公文 names the body that writes it."""
    for ending, word in (("委员会", "我委"), ("办公室", "我办"), ("办公厅", "我厅"), ("局", "我局"), ("厅", "我厅"),
                         ("部", "我部"), ("委", "我委"), ("办", "我办"), ("院", "我院"), ("署", "我署")):
        if issuer.endswith(ending):
            return word
    return "我们"


def _date(merged: dict, key: str, default: dt.date) -> dt.date:
    return dt.date.fromisoformat(str(merged[key])) if key in merged else default


def check_year(year: int, years: range) -> None:
    if year not in years:
        raise PipelineError(f"年度 {year} 不在规划期内：本方案的年度报告为 {years[0]}–{years[-1]} 年")


@dataclass(frozen=True)
class Settings:
    """config.toml as read: ``year(y)`` gives one plan year's configuration ([defaults] under [years.y])."""

    path: Path
    data: dict
    years: range

    def year(self, year: int) -> YearConfig:
        check_year(year, self.years)
        merged = {**self.data.get("defaults", {}), **self.data.get("years", {}).get(str(year), {})}
        try:
            doc_date = dt.date.fromisoformat(str(merged["doc_date"]))
            check_date = _date(merged, "check_date", doc_date - dt.timedelta(days=14))
            return YearConfig(
                year=year, issuer=merged["issuer"], issuer_short=merged["issuer_short"],
                addressee=merged["addressee"], signer=merged["signer"], cc=tuple(merged.get("cc", ())),
                printer=merged["printer"], form_password=merged.get("form_password", ""),
                form_contact=merged.get("form_contact", ""), deadline=merged["deadline"],
                doc_number=merged["doc_number"], doc_date=doc_date, check_date=check_date,
                correction_deadline=_date(merged, "correction_deadline", check_date + dt.timedelta(days=7)),
                we=merged.get("we") or self_reference(merged["issuer"]),
            )
        except KeyError as exc:
            raise PipelineError(f"配置文件 {self.path} 缺少 {year} 年度的 {exc.args[0]}") from None
        except ValueError:
            raise PipelineError(f"配置文件 {self.path}：{year} 年度的日期（doc_date、check_date、correction_deadline）"
                                "应写作 YYYY-MM-DD") from None


def load_settings(inputs: Path, years: range) -> Settings:
    """Read ``inputs/config.toml`` (``years``: the plan's reporting years)."""
    path = inputs / "config.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PipelineError(f"找不到配置文件 {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PipelineError(f"配置文件 {path} 格式有误：{exc}") from None
    return Settings(path, data, years)
