"""The report's charts kept by what they are drawn from, so a run whose figures did not change (a corrected
narrative, a new unit summary) reuses them instead of drawing again. Kept in ``outputs/Y/.cache/charts/``;
a damaged or missing entry is drawn again."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pipeline.render.document import Chart
from pipeline.util.files import atomic_write

Draw = Callable[[], dict[str, Chart]]


def load(folder: Path, key: str) -> dict[str, Chart] | None:
    try:
        index = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        return {name: Chart((folder / f"{key}-{name}.svg").read_bytes(), (folder / f"{key}-{name}.png").read_bytes(),
                            c["width_mm"], c["height_mm"], c["caption"]) for name, c in index.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save(folder: Path, key: str, charts: dict[str, Chart]) -> None:
    for old in folder.glob("*") if folder.is_dir() else []:
        old.unlink()  # one year's report has one set of charts: the last drawn
    for name, chart in charts.items():
        atomic_write(folder / f"{key}-{name}.svg", chart.svg)
        atomic_write(folder / f"{key}-{name}.png", chart.png)
    index = {name: {"width_mm": c.width_mm, "height_mm": c.height_mm, "caption": c.caption} for name, c in charts.items()}
    atomic_write(folder / f"{key}.json", json.dumps(index, ensure_ascii=False).encode())  # last: marks it whole


def stored(folder: Path) -> bool:
    """Whether any charts are kept in ``folder``."""
    return any(folder.glob("*.json")) if folder.is_dir() else False


def charts(folder: Path, key: str, draw: Draw) -> dict[str, Chart]:
    """The charts stored under ``key``, or drawn and stored."""
    found = load(folder, key)
    if found is None:
        found = draw()
        save(folder, key, found)
    return found
