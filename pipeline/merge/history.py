"""Earlier plan years as a later year's merge needs them (``YearRecord``s, built from those years' own merged
summaries in the same run): a measure's path, an item's statuses, a baseline a unit reported before."""

from __future__ import annotations

from pipeline.merge.model import History, Series


def value_series(history: History, measure_id: str, years: range, year: int, value: float | None) -> Series:
    """{year: value} for every plan year up to ``year`` (None where a year has no data)."""
    series: Series = {}
    for y in years:
        if y < year:
            figure = history[y].measures.get(measure_id) if y in history else None
            series[str(y)] = figure.value if figure else None
    series[str(year)] = value
    return series


def status_series(history: History, item_id: str, years: range, year: int, status: str) -> dict[str, str | None]:
    series = {str(y): history[y].items.get(item_id) if y in history else None for y in years if y < year}
    series[str(year)] = status
    return series


def reported_baseline(history: History, measure_id: str, year: int) -> float | None:
    """The latest baseline a lead reported in an earlier year, for a measure without one on record."""
    for y in sorted((y for y in history if y < year), reverse=True):
        figure = history[y].measures.get(measure_id)
        if figure is not None and figure.baseline is not None:
            return figure.baseline
    return None
