"""outputs/Y/status.html: the year's state at a glance, one self-contained file (inline styles and charts, no
network, no server) that reads on a screen, a phone and paper."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

import jinja2

from pipeline.intake.model import Intake, Problem
from pipeline.intake.status import UnitStatus
from pipeline.merge.model import MeasureResult, YearSummary
from pipeline.plan.identity import PlanInfo
from pipeline.plan.words import Words
from pipeline.render.charts import trend_chart
from pipeline.render.content.report import trend_pages
from pipeline.settings import YearConfig
from pipeline.terms import Severity, UnitState
from pipeline.util.files import atomic_write
from pipeline.util.paths import YearDir
from pipeline.util.templates import TEMPLATES, Context

_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,  # agency text is data
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
OUTCOMES = {"accepted": "已接收", "accepted_with_warnings": "已接收，有提示", "rejected": "已退回", "ignored": "已忽略"}


def _links(s: UnitStatus, intake: Intake, paths: YearDir) -> list[tuple[str, str]]:
    links = [(f"退回修改表：{sub.returned_as}", f"intake/退回修改/{sub.returned_as}")
             for sub in intake.submissions if sub.unit == s.unit and sub.returned_as]
    summary = (paths.units / f"{paths.unit_stem(s.unit)}.pdf").relative_to(paths.root)
    return links + [("单位汇总（PDF）", summary.as_posix())]


@dataclass(frozen=True)
class StatusPage(Context):
    """What ``status.html.j2`` may use."""

    year: int
    issuer: str
    sample: bool
    deadline: str
    counts: list[tuple[str, int]]  # (state, units in it)
    units: list[UnitStatus]
    problems: dict[str, list[Problem]]  # unit → what must be corrected in its newest version
    outcome: dict[str, str]  # a received file's outcome in words
    links: dict[str, list[tuple[str, str]]]  # unit → (label, relative link)
    measures: list[MeasureResult]
    charts: list[tuple[str, str]]  # (name, data: URI)
    words: Words


def write_status_page(statuses: list[UnitStatus], intake: Intake, summary: YearSummary, config: YearConfig,
                      info: PlanInfo, paths: YearDir) -> Path:
    newest = {s.unit: s.received[-1].file for s in statuses if s.received}
    problems = {s.unit: [p for p in intake.problems if p.file == newest.get(s.unit) and p.severity == Severity.ERROR]
                for s in statuses}
    charts = [(name, "data:image/svg+xml;base64," + base64.b64encode(trend_chart(ms, info, summary.final, "").svg)
               .decode()) for name, ms in trend_pages(summary.measures).items()]
    counts = [(state, sum(1 for s in statuses if s.state == state)) for state in UnitState]
    page = StatusPage(config.year, config.issuer, summary.sample, config.deadline, counts, statuses, problems,
                      OUTCOMES, {s.unit: _links(s, intake, paths) for s in statuses}, summary.measures, charts,
                      summary.words)
    atomic_write(paths.status_page, _ENV.get_template("status.html.j2").render(**page.names()).encode("utf-8"))
    return paths.status_page
