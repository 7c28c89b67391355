"""The papers of the collection, in the official layout (DOCX and PDF): the 填报通知 and 分发清单 that go out
with the forms, and the 催报通知 and 退回修改通知 that chase and correct."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from pipeline.intake.model import Intake
from pipeline.intake.status import Contacts, UnitStatus
from pipeline.plan import Plan
from pipeline.plan.identity import PlanInfo
from pipeline.render.compose import compose_letter, compose_notice
from pipeline.render.content.letters import correction_context, reminder_context
from pipeline.render.content.notice import distribution_rows
from pipeline.render.output import write_files
from pipeline.settings import YearConfig
from pipeline.terms import Outcome
from pipeline.util.templates import Context
from pipeline.util.workbook import write_sheets


def write_letters(statuses: list[UnitStatus], intake: Intake, config: YearConfig, info: PlanInfo,
                  folder: Path) -> list[Path]:
    """The 催报通知 (when any unit is due) and a 退回修改通知 for each unit whose newest form was returned."""
    due = [s for s in statuses if s.due]
    written = []
    if due:
        doc = compose_letter("催报通知", "reminder.txt.j2", reminder_context(due, config, info), config, info)
        written += write_files(doc, folder, f"{config.year}年度催报通知")
    for unit in (s for s in due if s.received and s.received[-1].outcome == Outcome.REJECTED):
        doc = compose_letter("退回修改通知", "correction.txt.j2", correction_context(unit, intake, config), config, info)
        written += write_files(doc, folder, f"{config.year}年度_{unit.unit}_退回修改通知")
    return written


def write_desk_paper(kind: str, template: str, context: Context, config: YearConfig, info: PlanInfo, day: dt.date,
                     folder: Path, stem: str) -> list[Path]:
    """A paper the desk hands a unit at once (回执, 退回修改通知), dated the day of the upload."""
    doc = compose_letter(kind, template, context, replace(config, reminder_date=day), info)
    return write_files(doc, folder, stem)


def write_notice(plan: Plan, config: YearConfig, forms: dict[str, str], folder: Path,
                 contacts: Contacts | None = None) -> list[Path]:
    """Write ``folder/<year>年度填报通知.docx/.pdf`` and ``<year>年度填报表分发清单.xlsx``; returns the paths.
    ``contacts``: what units' earlier forms said (fresher than the registry), with where it was said."""
    plan = plan.in_year(config.year)
    rows = distribution_rows(plan, forms, contacts or {})
    written = write_files(compose_notice(plan, config, forms, rows), folder, f"{config.year}年度填报通知")
    listing = folder / f"{config.year}年度填报表分发清单.xlsx"
    write_sheets(listing, {"分发清单": (["序号", "单位", "填报表文件", "联系人", "联系电话", "联系人出处"], rows)},
                 {"分发清单": [6, 32, 40, 12, 16, 36]}, config.notice_date, f"{config.year}年度填报表分发清单",
                 config.issuer)
    return [*written, listing]
