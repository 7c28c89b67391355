"""The manifest of every year folder a command wrote, written once at the command's end (docs/DESIGN.md §5):
``verify`` then checks what each command left, for each year it touched (a report of 2019 collects and merges
2016–2018 too)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.manifest import write_manifest
from pipeline.workflow.project import Project


def record(project: Project, years: Iterable[int]) -> list[Path]:
    """MANIFEST.json rewritten in each of the years' folders, as they now stand; returns their paths."""
    return [write_manifest(project.inputs, project.outputs, year) for year in sorted(set(years))]


def record_changed(project: Project, years: Iterable[int], written: set[int]) -> list[Path]:
    """The manifest of each of the years, this one last: rewritten where the run wrote into the year's folder
    or the folder has none; a year the run left alone keeps the record of the run that wrote it."""
    paths = [project.year_dir(year).manifest for year in sorted(set(years))]
    stale = {year for year, path in zip(sorted(set(years)), paths) if year in written or not path.exists()}
    record(project, stale)
    return paths
