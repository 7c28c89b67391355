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
from pipeline.intake.collect import inbox_dir, load_intake, run_collect
from pipeline.intake.model import Intake
from pipeline.manifest import write_manifest
from pipeline.merge.history import History, year_record
from pipeline.merge.summary import merge
from pipeline.render.run import STATE, Job, Progress, code_digest, jobs, load_summary, render, warm_up
from pipeline.util.files import atomic_write, read_json
from pipeline.util.hashing import digest, sha256_file
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


def ensure_merged(project: Project, year: int, history: History, steps: list[str]) -> tuple[Intake, dict]:
    """The year's intake and merged summary, recomputed only when the inbox, the earlier years, the plan or
    the code changed."""
    config, outputs = project.config(year), project.outputs
    folder = project.year_dir(year)
    stamps = read_json(folder / STAMPS)
    key = intake_key(project, year)
    intake = _reuse(stamps.get("intake") == key, lambda: load_intake(outputs, year))
    if intake is None:
        intake = run_collect(project.plan, config, project.keys, project.inputs, outputs)
        steps.append(f"{year}年收件")
        stamps = {}
    merge_key = digest(key, json.dumps(history, sort_keys=True, ensure_ascii=False), repr(config))
    stamped = stamps.get("merge") == merge_key and (folder / "merged" / f"{year}年度汇总数据.xlsx").exists()
    summary = _reuse(stamped, lambda: load_summary(outputs, year))
    if summary is None:
        summary = merge(project.plan, intake, config, outputs, history)
        steps.append(f"{year}年汇总")
    atomic_write(folder / STAMPS, json.dumps({"intake": key, "merge": merge_key}, indent=1).encode())
    return intake, summary


def probably_unchanged(project: Project, year: int) -> bool:
    """A cheap look: same inbox, every document rendered before. (render() still checks each one.)"""
    folder = project.year_dir(year)
    stamps, state = read_json(folder / STAMPS), read_json(folder / STATE)
    return stamps.get("intake") == intake_key(project, year) and all(
        job.stem in state and all(f.exists() for f in job.files) for job in jobs(project.plan, project.outputs, year))


def merge_years(project: Project, year: int) -> tuple[Intake, dict, list[str]]:
    """Every plan year up to ``year`` that has inputs, in order, each merged with the years before it."""
    steps: list[str] = []
    history: History = {}
    for earlier in (y for y in project.plan.years if y < year and (project.inputs / str(y)).is_dir()):
        _, summary = ensure_merged(project, earlier, history, steps)
        history[earlier] = year_record(summary)
    intake, summary = ensure_merged(project, year, history, steps)
    return intake, summary, steps


def run_report(project: Project, year: int, progress: Progress | None = None) -> ReportResult:
    config = project.config(year)
    inbox_dir(project.inputs, year)  # a year without inputs says so before anything else runs
    if probably_unchanged(project, year):
        intake, summary, steps = merge_years(project, year)
        outcome = render(project.plan, config, project.outputs, summary, progress=progress)
    else:
        # Collect and merge in a child while this process loads the renderer; the render workers are
        # then forked from it and start with everything imported (one import instead of one per core).
        if progress:
            progress("收件和汇总", 0, 1)  # said at once: the first seconds are the inbox's
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as helper:
            merged = helper.submit(merge_years, project, year)
            warm_up()
            intake, summary, steps = merged.result()
        if progress:
            progress("收件和汇总", 1, 1)
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=get_context("fork")) as pool:
            outcome = render(project.plan, config, project.outputs, summary, pool, progress)
    manifest = write_manifest(project.inputs, project.outputs, year)
    return ReportResult(year, outcome.rendered, outcome.unchanged, outcome.marked, [s.file for s in intake.rejected],
                        summary["counts"]["missing"], summary["sample"], manifest, steps)
