"""Earlier plan years as a later year's merge needs them: each measure's value and reported baseline,
each item's lead status. Built from those years' own summaries, merged in the same run from inputs."""

from __future__ import annotations

History = dict[int, dict]  # {year: year_record(summary of that year)}


def year_record(summary: dict) -> dict:
    return {
        "measures": {m["id"]: {"value": m["value"], "baseline": None if m["baseline_on_record"] else m["baseline"]}
                     for m in summary["measures"]},
        "items": {i["id"]: i["status"] for i in summary["items"]},
    }


def value_series(history: History, measure_id: str, years: range, year: int, value: float | None) -> dict[str, float | None]:
    """{year: value} for every plan year up to ``year`` (None where a year has no data)."""
    series = {str(y): history.get(y, {}).get("measures", {}).get(measure_id, {}).get("value") for y in years if y < year}
    series[str(year)] = value
    return series


def status_series(history: History, item_id: str, years: range, year: int, status: str) -> dict[str, str | None]:
    series = {str(y): history.get(y, {}).get("items", {}).get(item_id) for y in years if y < year}
    series[str(year)] = status
    return series


def reported_baseline(history: History, measure_id: str, year: int) -> float | None:
    """The latest baseline a lead reported in an earlier year, for a measure without one on record."""
    for y in sorted((y for y in history if y < year), reverse=True):
        found = history[y]["measures"].get(measure_id, {}).get("baseline")
        if found is not None:
            return found
    return None
