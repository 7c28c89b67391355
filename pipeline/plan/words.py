"""The plan's own words for its parts, so forms, letters and reports speak as the notice does.

A kind of item is called by the title of the one section that holds it when that title is a short name
(目标指标, 主要目标, 重点任务, 重大工程); otherwise by the genre's plain word for it. A plan whose goals stand
in a 目标 paragraph calls them by that paragraph's heading (发展目标). Kinds a plan has none of are never
named. The form's two data sheets take these names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT = {"indicator": "目标指标", "task": "重点任务", "project": "重点工程"}
MEASURES_ONLY_IN_TASKS = "量化目标"
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\：]")


@dataclass(frozen=True)
class Words:
    """What documents call the plan's parts; the merged year carries them, so documents need not the plan."""

    indicator: str
    task: str
    project: str
    measures_sheet: str
    items_sheet: str
    answerer: str  # 牵头单位, or in a plan without leads, 责任单位


@dataclass(frozen=True)
class PlanWords:
    labels: dict[str, str]  # kind → its name, for the kinds the plan has
    measures_sheet: str  # the form's sheet of measurable targets
    items_sheet: str  # the form's sheet of tasks and projects
    has_leads: bool  # the notice names 牵头单位 (plans that name only 责任单位 do not)

    def label(self, kind: str) -> str:
        return self.labels.get(kind, DEFAULT[kind])

    @property
    def answerer(self) -> str:
        """Who states an item's progress: 牵头单位, or in a plan without leads, 责任单位."""
        return "牵头单位" if self.has_leads else "责任单位"

    @property
    def documents(self) -> Words:
        return Words(*(self.label(k) for k in DEFAULT), self.measures_sheet, self.items_sheet, self.answerer)


def _name(areas: set[str], fallback: str) -> str:
    if len(areas) == 1:
        (area,) = areas
        if area and len(area) <= 8 and not SHEET_FORBIDDEN.search(area) and not re.search(r"\d", area):
            return area
    return fallback


def plan_words(items: list) -> PlanWords:
    """The words of a plan with these items (each item's ``section``: the title of the section holding it; an
    indicator from a 目标 paragraph has that paragraph's heading there)."""
    labels = {}
    for kind in DEFAULT:
        of_kind = [i for i in items if i.kind == kind]
        if of_kind:
            labels[kind] = _name({i.section for i in of_kind}, DEFAULT[kind])
    has_measures = any(i.measures for i in items)
    if "indicator" in labels:
        measures_sheet = labels["indicator"]
    else:
        measures_sheet = MEASURES_ONLY_IN_TASKS if has_measures else DEFAULT["indicator"]
    items_sheet = "和".join(labels[k] for k in ("task", "project") if k in labels) or DEFAULT["task"]
    if items_sheet == measures_sheet:
        items_sheet += "进展"
    return PlanWords(labels, measures_sheet, items_sheet[:31], any(i.lead for i in items))
