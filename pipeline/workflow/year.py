"""A year's main work: collect, merge and render, each step only when its inputs changed (``report``), and the
commands that run one of them (``collect``, ``merge``, ``render``).

Reads as its steps: every plan year up to this one collected and merged from inputs (each year's path needs
the years before it), the documents rendered, the manifest of every year folder written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

from pipeline.errors import PipelineError
from pipeline.intake.arrivals import register_path
from pipeline.intake.model import Intake
from pipeline.intake.records import inbox_dir, load_intake
from pipeline.merge.model import History, YearRecord, YearSummary
from pipeline.merge.summary import load_summary
from pipeline.plan.in_force import assignment
from pipeline.render.run import Job, OnProgress, RenderResult, charts_drawn, jobs, render, up_to_date, warm_up
from pipeline.util.children import die_with_parent
from pipeline.util.files import atomic_write, read_json
from pipeline.util.hashing import code_digest, digest, sha256_file
from pipeline.util.timing import Timings
from pipeline.workflow.project import Project
from pipeline.workflow.record import record, record_changed

T = TypeVar("T")


@dataclass
class RunLog:
    """What a run did: the year's intake and merged summary, what it recomputed, how long it took, the years it
    looked at and every year folder it wrote into (each gets its manifest)."""

    intake: Intake | None = None
    summary: YearSummary | None = None
    steps: list[str] = field(default_factory=list)  # what was recomputed, e.g. "2019年收件"
    timings: Timings = field(default_factory=Timings)
    years: list[int] = field(default_factory=list)
    written: set[int] = field(default_factory=set)


@dataclass
class ReportResult:
    year: int
    rendered: list[Job]
    unchanged: list[Job]
    marked: dict[str, str]  # document → characters no installed font has, shown as 〓
    rejected: list[str]
    missing: list[str]
    sample: bool
    manifests: list[Path]  # the manifest of each year folder the run wrote, this year's last
    steps: list[str] = field(default_factory=list)
    timings: Timings = field(default_factory=Timings)

    @property
    def gaps(self) -> bool:
        return bool(self.rejected or self.missing)


def inbox_digest(inbox: Path) -> str:
    entries = []
    for path in sorted(inbox.iterdir(), key=lambda p: p.name):
        if path.is_symlink():
            entries.append(f"{path.name}->link")
        elif path.is_file():
            entries.append(f"{path.name}:{sha256_file(path)}")
    return digest(*entries)


def intake_key(project: Project, year: int) -> str:
    """What the year's intake depends on: the inbox's files, their order of arrival, the plan and the code."""
    plan = project.plan.in_year(year)
    inbox = inbox_dir(project.inputs, year)
    register = register_path(inbox)
    arrivals = sha256_file(register) if register.is_file() else ""
    return digest(inbox_digest(inbox), arrivals, plan.plan_id, repr(plan.info), repr(assignment(plan)), code_digest())


def _reuse(stamped: bool, load: Callable[[], T]) -> T | None:
    """What an earlier run left, when its stamp matches and it still reads back; else None."""
    if not stamped:
        return None
    try:
        return load()
    except PipelineError:  # missing or damaged (an interrupted run): compute it again
        return None


def _history_key(history: History) -> str:
    return json.dumps({y: {"measures": {k: [f.value, f.baseline] for k, f in r.measures.items()}, "items": r.items}
                       for y, r in history.items()}, sort_keys=True, ensure_ascii=False)


def ensure_merged(project: Project, year: int, history: History, log: RunLog) -> tuple[Intake, YearSummary]:
    """The year's intake and merged summary, recomputed only when the inbox, the earlier years, the plan or the
    code changed; what was recomputed, and how long it took, goes into ``log``."""
    config, outputs, paths = project.config(year), project.outputs, project.year_dir(year)
    stamps = read_json(paths.stamps)
    key = intake_key(project, year)
    intake = _reuse(stamps.get("intake") == key, lambda: load_intake(outputs, year))
    log.years.append(year)
    if intake is None:
        from pipeline.intake.collect import run_collect  # the readers, openpyxl and pandas: only when needed

        with log.timings.step("收件"):
            intake = run_collect(project.plan, config, project.keys, project.inputs, outputs)
        log.steps.append(f"{year}年收件")
        log.written.add(year)
    merge_key = digest(key, _history_key(history), repr(config))
    stamped = stamps.get("merge") == merge_key and paths.merged_workbook.exists()
    summary = _reuse(stamped, lambda: load_summary(outputs, year))
    if summary is None:
        from pipeline.merge.summary import merge

        with log.timings.step("汇总"):
            summary = merge(project.plan, intake, config, outputs, history)
        log.steps.append(f"{year}年汇总")
        log.written.add(year)
    if year in log.written:  # else the year's folder, stamps and manifest stand as the last run left them
        atomic_write(paths.stamps, json.dumps({"intake": key, "merge": merge_key}, indent=1).encode())
    return intake, summary


def probably_unchanged(project: Project, year: int) -> bool:
    """A cheap look: same inbox, every document written before. (render() still checks each one.)"""
    paths = project.year_dir(year)
    stamps, state = read_json(paths.stamps), read_json(paths.render_state)
    return stamps.get("intake") == intake_key(project, year) and all(
        up_to_date(state, job) for job in jobs(project.plan, project.outputs, year))


def merge_years(project: Project, year: int, log: RunLog | None = None) -> RunLog:
    """Every plan year up to ``year`` that has inputs, in order, each merged with the years before it."""
    log = log or RunLog()
    history: History = {}
    for earlier in (y for y in project.plan.years if y < year and (project.inputs / str(y)).is_dir()):
        history[earlier] = YearRecord.of(ensure_merged(project, earlier, history, log)[1])
    log.intake, log.summary = ensure_merged(project, year, history, log)
    return log


def _merged_beside_renderer(project: Project, year: int, progress: OnProgress | None) -> RunLog:
    """Collect and merge in a child while this process loads the renderer; the render workers are then forked
    from it and start with everything imported (one import instead of one per core)."""
    if progress:
        progress("收件和汇总", 0, 1)  # said at once: the first seconds are the inbox's
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork"), initializer=die_with_parent) as helper:
        pending = helper.submit(merge_years, project, year)
        warm_up(drawing=not charts_drawn(project.outputs, year))
        log = pending.result()
    if progress:
        progress("收件和汇总", 1, 1)
    return log


def run_report(project: Project, year: int, progress: OnProgress | None = None) -> ReportResult:
    config = project.config(year)  # a year outside the plan, then a year without inputs, is said before any work
    inbox_dir(project.inputs, year)
    if probably_unchanged(project, year):
        log = merge_years(project, year)
    else:
        log = _merged_beside_renderer(project, year, progress)
    outcome = render(project.plan, config, project.outputs, log.summary, progress)
    log.timings.merge(outcome.timings)
    with log.timings.step("清单"):
        manifests = record_changed(project, log.years, log.written | ({year} if outcome.rendered else set()))
    summary = log.summary
    return ReportResult(year, outcome.rendered, outcome.unchanged, outcome.marked, [s.file for s in log.intake.rejected],
                        summary.counts.missing, summary.sample, manifests, log.steps, log.timings)


def run_merge(project: Project, year: int) -> YearSummary:
    log = merge_years(project, year)
    record(project, log.written)
    return log.summary


def run_collect(project: Project, year: int) -> Intake:
    from pipeline.intake.collect import run_collect as collect

    intake = collect(project.plan, project.config(year), project.keys, project.inputs, project.outputs)
    record(project, [year])
    return intake


def run_render(project: Project, year: int, progress: OnProgress | None = None) -> RenderResult:
    outcome = render(project.plan, project.config(year), project.outputs, progress=progress)
    record(project, [year])
    return outcome
