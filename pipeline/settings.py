"""The DRC's configuration (发文字号, 签发人, deadline… per year) from ``inputs/config.toml``, read once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.util.draft import drafted
from pipeline.util.tomlfile import Fields, read_toml


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
    notice_number: str  # the 填报通知's 发文字号
    notice_date: dt.date  # the 填报通知's date
    reminder_number: str  # the 催报通知's 发文字号
    reminder_date: dt.date  # the day the 催报 and 退回修改 letters go out
    draft: bool = False  # values still 待填写 print as ××, and every page says 草稿


def self_reference(issuer: str) -> str:
    """'我委' for a 委员会, '我局' for a 局…: how a 公文 names the body that writes it."""
    for ending, word in (("委员会", "我委"), ("办公室", "我办"), ("办公厅", "我厅"), ("局", "我局"), ("厅", "我厅"),
                         ("部", "我部"), ("委", "我委"), ("办", "我办"), ("院", "我院"), ("署", "我署")):
        if issuer.endswith(ending):
            return word
    return "我们"


def check_year(year: int, years: range) -> None:
    if year not in years:
        raise PipelineError(f"年度 {year} 不在规划期内：本方案的年度报告为 {years[0]}–{years[-1]} 年")


@dataclass(frozen=True)
class Settings:
    """config.toml as read: ``year(y)`` gives one plan year's configuration ([defaults] under [years.y])."""

    path: Path
    data: dict
    years: range
    draft: bool = False

    def year(self, year: int) -> YearConfig:
        check_year(year, self.years)
        where = f"配置文件 {self.path} 的"
        years = Fields(self.data.get("years", {}), f"{where} [years] ").table
        merged = {**Fields(self.data.get("defaults", {}), f"{where} [defaults] ").table,
                  **Fields(years.get(str(year), {}), f"{where} [years.{year}] ").table}
        if self.draft:
            merged = {k: drafted(v) for k, v in merged.items()}
        fields = Fields(merged, f"配置文件 {self.path} 中 {year} 年度（[defaults] 与 [years.{year}]）")
        doc_date = fields.date("doc_date")
        check_date = fields.date("check_date", doc_date - dt.timedelta(days=14))
        issuer = fields.text("issuer")
        return YearConfig(
            year=year, issuer=issuer, issuer_short=fields.text("issuer_short"),
            addressee=fields.text("addressee"), signer=fields.text("signer"), cc=fields.texts("cc"),
            printer=fields.text("printer"), form_password=fields.text("form_password", ""),
            form_contact=fields.text("form_contact", ""), deadline=fields.text("deadline"),
            doc_number=fields.text("doc_number"), doc_date=doc_date, check_date=check_date,
            correction_deadline=fields.date("correction_deadline", check_date + dt.timedelta(days=7)),
            we=fields.text("we", "") or self_reference(issuer),
            notice_number=fields.text("notice_number", ""),
            notice_date=fields.date("notice_date", dt.date(year, 12, 1)),
            reminder_number=fields.text("reminder_number", ""),
            reminder_date=fields.date("reminder_date", check_date - dt.timedelta(days=7)),
            draft=self.draft,
        )


def load_settings(inputs: Path, years: range, draft: bool = False) -> Settings:
    """Read ``inputs/config.toml`` (``years``: the plan's reporting years; ``draft``: see YearConfig.draft)."""
    path = inputs / "config.toml"
    return Settings(path, read_toml(path, "配置文件"), years, draft)
