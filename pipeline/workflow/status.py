"""``status``: where each unit's submission stands, the 催报名单, the letters that chase and correct, and the
status page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.intake.status import UnitStatus
from pipeline.workflow.project import Project
from pipeline.workflow.record import record
from pipeline.workflow.year import merge_years


@dataclass
class StatusResult:
    statuses: list[UnitStatus]
    due: int  # units to chase
    reminders: Path  # the 催报名单
    letters: list[Path]  # 催报通知 and 退回修改通知, DOCX and PDF
    page: Path  # status.html


def year_status(project: Project, year: int) -> StatusResult:
    from pipeline.intake.status import earlier_contacts, unit_statuses, write_reminders
    from pipeline.render.notice import write_letters
    from pipeline.render.status_page import write_status_page

    log = merge_years(project, year)  # earlier years too: their forms name the units' contacts
    plan, config, paths = project.plan.in_year(year), project.config(year), project.year_dir(year)
    statuses = unit_statuses(plan, log.intake, earlier_contacts(plan, project.outputs, year))
    due = write_reminders(statuses, config, paths.reminders)
    letters = write_letters(statuses, log.intake, config, plan.info, paths.letters)
    page = write_status_page(statuses, log.intake, log.summary, config, plan.info, paths)
    record(project, log.written | {year})  # the reminders, letters and page are in the year's folder
    return StatusResult(statuses, due, paths.reminders, letters, page)
