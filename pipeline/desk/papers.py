"""The papers the desk hands a unit about one upload, made when first asked for and kept: the 回执 of an
accepted form, the 退回修改通知 of a returned one (the official layout, DOCX and PDF, under
``outputs/<year>/desk/<unit>/``), recorded in the year's manifest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.desk.uploads import Answer
from pipeline.workflow.project import Project
from pipeline.workflow.record import record


def papers_dir(project: Project, year: int, unit: str) -> Path:
    return project.year_dir(year).root / "desk" / unit


def receipt(project: Project, year: int, answer: Answer) -> Path:
    from pipeline.render.content.letters import receipt_context
    from pipeline.render.notice import write_desk_paper

    path = papers_dir(project, year, answer.unit) / f"{answer.id:04d}_回执.pdf"
    if not path.exists():
        received = dt.datetime.fromisoformat(answer.received)
        config = project.config(year)
        unit = project.plan.registry.get(answer.unit).name
        context = receipt_context(config, unit, answer.contact, answer.file, answer.size, answer.sha256, received,
                                  len(answer.warnings))
        write_desk_paper("回执", "receipt.txt.j2", context, config, project.plan.info, received.date(), path.parent,
                         path.stem)
        record(project, [year])
    return path


def correction(project: Project, year: int, answer: Answer, copy_name: str) -> Path:
    from pipeline.render.content.letters import CorrectionContext, problem_lines
    from pipeline.render.notice import write_desk_paper
    from pipeline.util.text import cn_date

    path = papers_dir(project, year, answer.unit) / f"{answer.id:04d}_退回修改通知.pdf"
    if not path.exists():
        received = dt.datetime.fromisoformat(answer.received)
        config = project.config(year)
        unit = project.plan.registry.get(answer.unit).name
        context = CorrectionContext(config, year, unit, answer.file or "上传的文件", problem_lines(answer.problems),
                                    copy_name, cn_date(received.date()), config.deadline)
        write_desk_paper("退回修改通知", "correction.txt.j2", context, config, project.plan.info, received.date(),
                         path.parent, path.stem)
        record(project, [year])
    return path
