"""``forms``: each unit's signed form for the year, and the 填报通知 and 分发清单 that go out with them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.workflow.project import Project
from pipeline.workflow.record import record


@dataclass
class FormsResult:
    forms: list[Path]
    sent_with: list[Path]  # the notice (DOCX, PDF) and the distribution list
    key_made: Path | None  # the signing key, when this run made it (the DRC must keep it)


def make_forms(project: Project, year: int) -> FormsResult:
    from pipeline.forms.signing import KEY_FILE, ensure_key
    from pipeline.forms.workbook import write_forms
    from pipeline.intake.status import earlier_contacts
    from pipeline.render.notice import write_notice

    keys, made = ensure_key(project.inputs / "plan")
    paths, config = project.year_dir(year), project.config(year)
    plan = project.plan.in_year(year)
    written = write_forms(plan, config, keys, paths.forms)
    forms = {u.short: p.name for u, p in zip(plan.reporting_units, written)}
    sent_with = write_notice(plan, config, forms, paths.notice, earlier_contacts(plan, project.outputs, year))
    record(project, [year])
    return FormsResult(written, sent_with, project.inputs / "plan" / KEY_FILE if made else None)
