"""outputs/Y/status.html: the year's state at a glance, one self-contained file (inline styles and charts, no
network, no server) that reads on a screen, a phone and paper."""

from __future__ import annotations

import base64
from pathlib import Path

import jinja2

from pipeline.intake.model import Intake
from pipeline.intake.status import UnitStatus
from pipeline.plan.identity import PlanInfo
from pipeline.render.charts import trend_chart
from pipeline.render.content.report import trend_pages
from pipeline.settings import YearConfig
from pipeline.terms import Severity, UnitState
from pipeline.util.files import atomic_write
from pipeline.util.templates import TEMPLATES

_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,  # agency text is data
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
OUTCOMES = {"accepted": "已接收", "accepted_with_warnings": "已接收，有提示", "rejected": "已退回", "ignored": "已忽略"}


def _links(s: UnitStatus, intake: Intake, year_dir: Path) -> list[tuple[str, str]]:
    links = [(f"退回修改表：{sub.returned_as}", f"intake/退回修改/{sub.returned_as}")
             for sub in intake.submissions if sub.unit == s.unit and sub.returned_as]
    summary = Path("units") / f"{year_dir.name}年度_{s.unit}_报送情况汇总.pdf"
    return links + [("单位汇总（PDF）", summary.as_posix())]


def write_status_page(statuses: list[UnitStatus], intake: Intake, summary: dict, config: YearConfig, info: PlanInfo,
                      year_dir: Path) -> Path:
    newest = {s.unit: s.received[-1]["file"] for s in statuses if s.received}
    problems = {s.unit: [p for p in intake.problems if p.file == newest.get(s.unit) and p.severity == Severity.ERROR]
                for s in statuses}
    pages = trend_pages(summary["measures"])
    charts = [(name, "data:image/svg+xml;base64," + base64.b64encode(
        trend_chart(ms, info, summary["final"], "").svg).decode()) for name, ms in pages.items()]
    counts = [(state, sum(1 for s in statuses if s.state == state)) for state in UnitState]
    html = _ENV.get_template("status.html.j2").render(
        year=config.year, issuer=config.issuer, sample=summary["sample"], deadline=config.deadline,
        counts=counts, units=statuses, problems=problems, outcome=OUTCOMES,
        links={s.unit: _links(s, intake, year_dir) for s in statuses}, measures=summary["measures"], charts=charts,
        words=summary["words"])
    path = year_dir / "status.html"
    atomic_write(path, html.encode("utf-8"))
    return path
