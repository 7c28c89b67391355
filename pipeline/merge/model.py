"""The merged year (docs/DESIGN.md §3): what every document, chart and workbook of a year is built from.

``outputs/<year>/merged/summary.json`` is its serialised form, written by ``YearSummary.as_json`` and read back
by ``YearSummary.from_json`` only; a unit's summary is built from its slice (``UnitSlice``), which its PDF
carries as data. The earlier years a later year's merge needs are ``YearRecord``s.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from pipeline.intake.model import MeasureCells, TaskCells
from pipeline.intake.status import UnitStatus
from pipeline.plan.words import Words
from pipeline.terms import ItemKind, ItemStatus, Progress, Verdict

Series = dict[str, float | None]  # plan year (as text, the JSON key) → value, None where a year has no data


@dataclass(frozen=True)
class Disagreement:
    """Another unit's figure for a measure, beside the one that counts: compared, never averaged."""

    unit: str
    value: float


@dataclass
class MeasureResult:
    """One measurable target in the year: the figure that counts, its path and its progress (or verdict)."""

    id: str
    item_id: str
    metric: str
    unit: str
    comparator: str  # ≥ > ≤ <
    target: str  # as the notice states it
    baseline: float | None
    baseline_on_record: bool  # the plan holds the baseline (else a unit reported it)
    goal: float | None  # the target worked out from the baseline; None when it cannot be
    value: float | None
    expected: float | None  # where the straight path from baseline to goal stands this year
    share: float | None  # how far from baseline to goal the value has come (1 = there)
    progress: Progress
    verdict: Verdict | None  # the 终期 verdict, in the plan's last year only
    reported_by: str  # the unit whose figure counts
    source: str
    note: str
    summary: str
    lead: list[str]  # the units whose report states it (its leads, or where it has none, its units)
    led: bool  # the notice names a lead for its item
    item_kind: ItemKind
    previous: float | None  # last year's value
    series: Series
    disagreements: list[Disagreement]

    @classmethod
    def from_json(cls, data: dict) -> MeasureResult:
        return cls(**{**data, "progress": Progress(data["progress"]), "verdict": _verdict(data["verdict"]),
                      "item_kind": ItemKind(data["item_kind"]),
                      "disagreements": [Disagreement(**d) for d in data["disagreements"]]})


@dataclass(frozen=True)
class Contribution:
    """What a responsible unit (not the one whose report states the item) sent on it."""

    unit: str
    status: str
    work: str
    figures: str
    summary: str


@dataclass
class ItemResult:
    """A task or project in the year: its status and narrative as its lead (or its units) reported them."""

    id: str
    kind: ItemKind
    area: str
    title: str
    text: str
    lead: list[str]  # the units whose report states it
    led: bool
    reported_by: str  # the unit whose narrative is given
    status: ItemStatus
    work: str
    figures: str
    problems: str
    plans: str
    summary: str
    statuses: dict[str, str | None]  # plan year → status, None where a year has none
    verdict: Verdict | None  # the 终期 verdict, in the plan's last year only
    contributions: list[Contribution]
    not_reported: list[str]  # units on it that sent nothing this year

    @classmethod
    def from_json(cls, data: dict) -> ItemResult:
        return cls(**{**data, "kind": ItemKind(data["kind"]), "status": ItemStatus(data["status"]),
                      "verdict": _verdict(data["verdict"]),
                      "contributions": [Contribution(**c) for c in data["contributions"]]})


@dataclass
class OwnSubmission:
    """What a unit sent in the version that counts, as it sent it (for its own summary)."""

    file: str
    filled_on: str
    contact: dict[str, str]
    measures: dict[str, MeasureCells]
    tasks: dict[str, TaskCells]

    def as_json(self) -> dict:
        return {"file": self.file, "filled_on": self.filled_on, "contact": self.contact,
                "measures": {k: c.own() for k, c in self.measures.items()},
                "tasks": {k: c.own() for k, c in self.tasks.items()}}

    @classmethod
    def from_json(cls, data: dict) -> OwnSubmission:
        return cls(data["file"], data["filled_on"], data["contact"],
                   {k: MeasureCells(**v, cell="") for k, v in data["measures"].items()},
                   {k: TaskCells(**v) for k, v in data["tasks"].items()})


@dataclass
class Counts:
    units: int
    submitted: int
    missing: list[str]  # units that sent nothing that counts
    rejected: list[str]  # units whose every version was returned
    progress: dict[str, int]  # Progress → measures
    verdicts: dict[str, int] | None = None  # Verdict → measures, in the plan's last year
    item_verdicts: dict[str, int] | None = None  # Verdict → tasks and projects, in the plan's last year

    def as_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class YearSummary:
    year: int
    plan_id: str
    final: bool  # the plan's last year: the 终期 evaluation
    words: Words
    sample: bool  # built from sample forms (every page says so)
    years_with_data: list[int]
    measures: list[MeasureResult]
    items: list[ItemResult]
    units: list[UnitStatus]
    submissions: dict[str, OwnSubmission]  # unit → what it sent
    rejected_files: list[str]
    problems: int  # errors found in the year's files
    counts: Counts = field(default_factory=lambda: Counts(0, 0, [], [], {}))

    def of_kind(self, kind: ItemKind) -> list[ItemResult]:
        return [i for i in self.items if i.kind == kind]

    def unit(self, short: str) -> UnitStatus:
        return next(u for u in self.units if u.unit == short)

    def slice_for(self, unit: str, roles: dict[str, str]) -> UnitSlice:
        """The part of the year a unit's summary is built from (``roles``: item id → the unit's role)."""
        return UnitSlice(self.year, self.final, self.sample, self.plan_id, self.words, self.unit(unit),
                         self.submissions.get(unit), [m for m in self.measures if m.item_id in roles],
                         [ItemView.of(i) for i in self.items if i.id in roles], {k: str(v) for k, v in roles.items()})

    def as_json(self) -> dict:
        return {**{f.name: getattr(self, f.name) for f in fields(self)}, "words": asdict(self.words),
                "measures": [asdict(m) for m in self.measures], "items": [asdict(i) for i in self.items],
                "units": [u.as_json() for u in self.units],
                "submissions": {u: s.as_json() for u, s in self.submissions.items()}, "counts": self.counts.as_json()}

    @classmethod
    def from_json(cls, data: dict) -> YearSummary:
        return cls(**{**data, "words": Words(**data["words"]),
                      "measures": [MeasureResult.from_json(m) for m in data["measures"]],
                      "items": [ItemResult.from_json(i) for i in data["items"]],
                      "units": [UnitStatus.from_json(u) for u in data["units"]],
                      "submissions": {u: OwnSubmission.from_json(s) for u, s in data["submissions"].items()},
                      "counts": Counts(**data["counts"])})


@dataclass(frozen=True)
class ItemView:
    """What a unit's summary shows of an item it is on."""

    id: str
    kind: ItemKind
    area: str
    title: str
    lead: list[str]
    led: bool
    status: ItemStatus
    verdict: Verdict | None

    @classmethod
    def of(cls, item: ItemResult) -> ItemView:
        return cls(**{f.name: getattr(item, f.name) for f in fields(cls)})


@dataclass
class UnitSlice:
    """The part of the merged year one unit's summary is built from, and carries as its data."""

    year: int
    final: bool
    sample: bool
    plan_id: str
    words: Words
    unit: UnitStatus
    own: OwnSubmission | None  # None: nothing of the unit's counts this year
    measures: list[MeasureResult]  # the measures of the items it is on
    items: list[ItemView]  # the tasks and projects it is on
    roles: dict[str, str]  # item id → Role

    def as_json(self) -> dict:
        return {"year": self.year, "final": self.final, "sample": self.sample, "plan_id": self.plan_id,
                "words": asdict(self.words), "unit": self.unit.as_json(),
                "own": self.own.as_json() if self.own else {}, "measures": [asdict(m) for m in self.measures],
                "items": [asdict(i) for i in self.items], "roles": self.roles}


@dataclass(frozen=True)
class Figure:
    value: float | None
    baseline: float | None  # the baseline a unit reported (None where the plan holds it)


@dataclass
class YearRecord:
    """An earlier plan year as a later year's merge needs it: each measure's figure, each item's status."""

    measures: dict[str, Figure]
    items: dict[str, str]

    @classmethod
    def of(cls, summary: YearSummary) -> YearRecord:
        return cls({m.id: Figure(m.value, None if m.baseline_on_record else m.baseline) for m in summary.measures},
                   {i.id: i.status for i in summary.items})


History = dict[int, YearRecord]  # the earlier plan years merged in the same run


def answerer(things: list[MeasureResult] | list[ItemResult]) -> str:
    """Who states these measures or items: '牵头单位', or '责任单位' where the notice names no lead for them
    (both: 牵头（责任）单位)."""
    led = {t.led for t in things}
    return "牵头单位" if led <= {True} else "责任单位" if led == {False} else "牵头（责任）单位"


def _verdict(text: str | None) -> Verdict | None:
    return None if text is None else Verdict(text)
