"""Issuing the year's links as a list the clerk sends out: one row per unit with its contact and link. The
list holds the tokens themselves, so it is kept beside the store (``inputs/.desk/``, readable by its owner
only), never in outputs/ (which are shared and archived)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pipeline.desk import links
from pipeline.desk.links import IssuedLink
from pipeline.desk.settings import desk_config
from pipeline.desk.store import Store
from pipeline.errors import PipelineError
from pipeline.util.workbook import write_sheets
from pipeline.workflow.project import Project


def issue_links(project: Project, year: int, base: str, units: list[str] | None = None,
                until: dt.date | None = None, actor: str = "发展改革委") -> tuple[list[IssuedLink], Path]:
    """New links for ``units`` (every reporting unit when None; each unit's older links stop working), and the
    list written for the clerk."""
    store = Store(project.inputs)
    chosen = units or [u.short for u in project.plan.in_year(year).reporting_units]
    unknown = [u for u in chosen if project.plan.registry.resolve(u) is None]
    if unknown:
        raise PipelineError(f"单位登记表中没有：{'、'.join(unknown)}（请写单位简称，如 {project.plan.reporting_units[0].short}）")
    ends = (dt.datetime.combine(until, dt.time(23, 59, 59)).astimezone() if until
            else desk_config(project.settings, year).links_until)
    issued = links.issue(store, year, [project.plan.registry.resolve(u).short for u in chosen], base, ends, actor)
    return issued, write_list(project, year, store, issued)


def write_list(project: Project, year: int, store: Store, issued: list[IssuedLink]) -> Path:
    path = store.folder / f"{year}年度网上报送链接.xlsx"
    rows = [[n, project.plan.registry.get(i.unit).name, i.unit, _contact(project, i.unit), i.address,
             i.expires[:10]] for n, i in enumerate(issued, 1)]
    config = project.config(year)
    write_sheets(path, {"报送链接": (["序号", "单位", "简称", "联系人", "报送链接（本单位专用，请勿转发）", "有效期至"], rows)},
                 {"报送链接": [6, 32, 12, 16, 90, 12]}, dt.date.today(), f"{year}年度网上报送链接", config.issuer)
    os.chmod(path, 0o600)
    return path


def _contact(project: Project, unit: str) -> str:
    found = project.plan.registry.get(unit)
    return " ".join(x for x in (found.contact, found.phone) if x)


def live_units(project: Project, year: int) -> set[str]:
    return {s.unit for s in links.states(Store(project.inputs), year) if s.valid}
