"""The main job (``report``): collect, merge and render a year, each step only when its inputs changed.

Reads as its steps: every plan year up to this one collected and merged from inputs (each year's path
needs the years before it), the documents rendered, the manifest written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

from pipeline.errors import PipelineError
from pipeline.intake.model import Intake
from pipeline.intake.records import inbox_dir, load_intake
from pipeline.manifest import write_manifest
from pipeline.merge.history import History, year_record
from pipeline.render.run import STATE, Job, Progress, jobs, load_summary, render, warm_up
from pipeline.util.files import atomic_write, read_json
from pipeline.util.hashing import code_digest, digest, sha256_file
from pipeline.util.timing import Timings
from pipeline.workflow.project import Project

STAMPS = ".stamps.json"
T = TypeVar("T")


@dataclass
class ReportResult:
    year: int
    rendered: list[Job]
    unchanged: list[Job]
    marked: dict[str, str]  # document → characters no installed font has, shown as 〓
    rejected: list[str]
    missing: list[str]
    sample: bool
    manifest: Path
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
    """What the year's intake depends on: the inbox's files, the plan and the code."""
    plan = project.plan
    return digest(inbox_digest(inbox_dir(project.inputs, year)), plan.plan_id, repr(plan.info), code_digest())


def _reuse(stamped: bool, load: Callable[[], T]) -> T | None:
    """What an earlier run left, when its stamp matches and it still reads back; else None."""
    if not stamped:
        return None
    try:
        return load()
    except PipelineError:  # missing or damaged (an interrupted run): compute it again
        return None


@dataclass
class Merged:
    intake: Intake
    summary: dict
    steps: list[str] = field(default_factory=list)  # what was recomputed, e.g. "2019年收件"
    timings: Timings = field(default_factory=Timings)


def ensure_merged(project: Project, year: int, history: History, log: Merged) -> tuple[Intake, dict]:
    """The year's intake and merged summary, recomputed only when the inbox, the earlier years, the plan or the
    code changed; what was recomputed, and how long it took, goes into ``log``."""
    config, outputs = project.config(year), project.outputs
    folder = project.year_dir(year)
    stamps = read_json(folder / STAMPS)
    key = intake_key(project, year)
    intake = _reuse(stamps.get("intake") == key, lambda: load_intake(outputs, year))
    if intake is None:
        from pipeline.intake.collect import run_collect  # the readers, openpyxl and pandas: only when needed

        with log.timings.step("收件"):
            intake = run_collect(project.plan, config, project.keys, project.inputs, outputs)
        log.steps.append(f"{year}年收件")
        stamps = {}
    merge_key = digest(key, json.dumps(history, sort_keys=True, ensure_ascii=False), repr(config))
    stamped = stamps.get("merge") == merge_key and (folder / "merged" / f"{year}年度汇总数据.xlsx").exists()
    summary = _reuse(stamped, lambda: load_summary(outputs, year))
    if summary is None:
        from pipeline.merge.summary import merge

        with log.timings.step("汇总"):
            summary = merge(project.plan, intake, config, outputs, history)
        log.steps.append(f"{year}年汇总")
    atomic_write(folder / STAMPS, json.dumps({"intake": key, "merge": merge_key}, indent=1).encode())
    return intake, summary


def probably_unchanged(project: Project, year: int) -> bool:
    """A cheap look: same inbox, every document rendered before. (render() still checks each one.)"""
    folder = project.year_dir(year)
    stamps, state = read_json(folder / STAMPS), read_json(folder / STATE)
    return stamps.get("intake") == intake_key(project, year) and all(
        job.stem in state and all(f.exists() for f in job.files) for job in jobs(project.plan, project.outputs, year))


def merge_years(project: Project, year: int) -> Merged:
    """Every plan year up to ``year`` that has inputs, in order, each merged with the years before it."""
    log = Merged(Intake(year, [], []), {})
    history: History = {}
    for earlier in (y for y in project.plan.years if y < year and (project.inputs / str(y)).is_dir()):
        history[earlier] = year_record(ensure_merged(project, earlier, history, log)[1])
    log.intake, log.summary = ensure_merged(project, year, history, log)
    return log


def run_report(project: Project, year: int, progress: Progress | None = None) -> ReportResult:
    config = project.config(year)
    inbox_dir(project.inputs, year)  # a year without inputs says so before anything else runs
    if probably_unchanged(project, year):
        merged = merge_years(project, year)
        outcome = render(project.plan, config, project.outputs, merged.summary, progress=progress)
    else:
        # Collect and merge in a child while this process loads the renderer; the render workers are
        # then forked from it and start with everything imported (one import instead of one per core).
        if progress:
            progress("收件和汇总", 0, 1)  # said at once: the first seconds are the inbox's
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as helper:
            pending = helper.submit(merge_years, project, year)
            warm_up()
            merged = pending.result()
        if progress:
            progress("收件和汇总", 1, 1)
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=get_context("fork")) as pool:
            outcome = render(project.plan, config, project.outputs, merged.summary, pool, progress)
    merged.timings.merge(outcome.timings)
    with merged.timings.step("清单"):
        manifest = write_manifest(project.inputs, project.outputs, year)
    summary = merged.summary
    return ReportResult(year, outcome.rendered, outcome.unchanged, outcome.marked,
                        [s.file for s in merged.intake.rejected], summary["counts"]["missing"], summary["sample"],
                        manifest, merged.steps, merged.timings)
