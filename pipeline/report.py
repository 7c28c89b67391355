"""The main job (``report``): collect, merge and render a year, each step only when its inputs changed."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

from pipeline.collect import inbox_dir, load_intake
from pipeline.config import YearConfig, load_config
from pipeline.errors import PipelineError
from pipeline.files import atomic_write, read_json, sha256_file
from pipeline.intake import Intake
from pipeline.manifest import write_manifest
from pipeline.plan import PLAN_YEARS, Plan, load_plan
from pipeline.render import STATE, Job, code_digest, jobs, load_summary, render, warm_up

STAMPS = ".stamps.json"
T = TypeVar("T")


@dataclass
class ReportResult:
    year: int
    rendered: list[Job]
    unchanged: list[Job]
    rejected: list[str]
    missing: list[str]
    sample: bool
    manifest: Path
    steps: list[str] = field(default_factory=list)

    @property
    def gaps(self) -> bool:
        return bool(self.rejected or self.missing)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def inbox_digest(inbox: Path) -> str:
    entries = []
    for path in sorted(inbox.iterdir(), key=lambda p: p.name):
        if path.is_symlink():
            entries.append(f"{path.name}->link")
        elif path.is_file():
            entries.append(f"{path.name}:{sha256_file(path)}")
    return _digest(*entries)


def intake_key(plan: Plan, inputs: Path, year: int) -> str:
    """What the year's intake depends on: the inbox's files, the plan and the code."""
    return _digest(inbox_digest(inbox_dir(inputs, year)), plan.plan_id, plan.source_sha256, code_digest())


def _reuse(stamped: bool, load: Callable[[], T]) -> T | None:
    """What an earlier run left, when its stamp matches and it still reads back; else None."""
    if not stamped:
        return None
    try:
        return load()
    except PipelineError:  # missing or damaged (an interrupted run): compute it again
        return None


def ensure_merged(plan: Plan, config: YearConfig, inputs: Path, outputs: Path, steps: list[str]) -> tuple[Intake, dict]:
    """The year's intake and merged summary, recomputed only when the inbox, plan or code changed."""
    year = config.year
    folder = outputs / str(year)
    stamps = read_json(folder / STAMPS)
    key = intake_key(plan, inputs, year)
    intake = _reuse(stamps.get("intake") == key, lambda: load_intake(outputs, year))
    if intake is None:
        from pipeline.collect import run_collect

        intake = run_collect(plan, config, inputs, outputs)
        steps.append(f"{year}年收件")
        stamps = {}
    previous = outputs / str(year - 1) / "merged" / "summary.json"
    merge_key = _digest(key, sha256_file(previous) if previous.exists() else "", repr(config))
    stamped = stamps.get("merge") == merge_key and (folder / "merged" / f"{year}年度汇总数据.xlsx").exists()
    summary = _reuse(stamped, lambda: load_summary(outputs, year))
    if summary is None:
        from pipeline.merge import merge

        summary = merge(plan, intake, config, outputs)
        steps.append(f"{year}年汇总")
    atomic_write(folder / STAMPS, json.dumps({"intake": key, "merge": merge_key}, indent=1).encode())
    return intake, summary


def probably_unchanged(plan: Plan, inputs: Path, outputs: Path, year: int) -> bool:
    """A cheap look: same inbox, every document rendered before. (render() still checks each one.)"""
    folder = outputs / str(year)
    stamps, state = read_json(folder / STAMPS), read_json(folder / STATE)
    return stamps.get("intake") == intake_key(plan, inputs, year) and all(
        job.stem in state and all(f.exists() for f in job.files) for job in jobs(plan, outputs, year))


def merge_years(inputs: Path, outputs: Path, year: int) -> tuple[Intake, dict, list[str]]:
    """Last year (for 比上年) and this year, collected and merged as needed."""
    plan = load_plan(inputs)
    steps: list[str] = []
    if year - 1 in PLAN_YEARS and (inputs / str(year - 1)).is_dir():
        ensure_merged(plan, load_config(inputs, year - 1), inputs, outputs, steps)
    intake, summary = ensure_merged(plan, load_config(inputs, year), inputs, outputs, steps)
    return intake, summary, steps


def run_report(inputs: Path, outputs: Path, year: int) -> ReportResult:
    config = load_config(inputs, year)
    plan = load_plan(inputs)
    inbox_dir(inputs, year)  # a year without inputs says so before anything else runs
    if probably_unchanged(plan, inputs, outputs, year):
        intake, summary, steps = merge_years(inputs, outputs, year)
        rendered, unchanged = render(plan, config, outputs)
    else:
        # Collect and merge in a child while this process loads the renderer; the render workers are
        # then forked from it and start with everything imported (one import instead of one per core).
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as helper:
            merged = helper.submit(merge_years, inputs, outputs, year)
            warm_up()
            intake, summary, steps = merged.result()
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=get_context("fork")) as pool:
            rendered, unchanged = render(plan, config, outputs, pool)
    manifest = write_manifest(inputs, outputs, year)
    return ReportResult(year, rendered, unchanged, [s.file for s in intake.rejected], summary["counts"]["missing"],
                        summary["sample"], manifest, steps)
