"""The plan: items with stable ids, their units and measures (docs/DESIGN.md §2–§3)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from pipeline.plan.identity import PlanInfo
from pipeline.plan.registry import Registry, Unit
from pipeline.plan.targets import Target
from pipeline.plan.words import PlanWords, plan_words
from pipeline.terms import ItemKind, Role


@dataclass
class Measure:
    id: str
    item_id: str
    target: Target
    unit: str  # the unit a value is reported in
    baseline: float | None  # base-year value on record, None when units must report it
    max_value: float | None  # plausibility ceiling (100 for rates)
    sample_baseline: float | None = None

    @property
    def metric(self) -> str:
        return self.target.metric

    @property
    def higher_is_better(self) -> bool:
        return self.target.comparator in ("≥", ">")

    def goal(self, baseline: float | None = None) -> float | None:
        return self.target.goal(self.baseline if baseline is None else baseline)

    def describe_target(self) -> str:
        text = self.target.describe()
        return text if self.target.unit or not self.unit or self.target.relative else text + self.unit

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "metric": self.metric,
            "comparator": self.target.comparator,
            "value": self.target.value,
            "unit": self.unit,
            "relative": self.target.relative,
            "target": self.describe_target(),
            "baseline": self.baseline,
            "clause": self.target.clause,
        }


@dataclass
class Item:
    id: str
    kind: ItemKind
    area: str
    title: str
    text: str  # as the notice writes it (punctuation untouched), without its annotation
    lead: list[str]
    responsible: list[str]
    where: str  # where the notice states it: 第12行, 第3段, 表1第4行
    measures: list[Measure] = field(default_factory=list)
    due: str = ""  # the deadline the notice gives, if any
    flags: list[str] = field(default_factory=list)  # what the review sheet asks the clerk to look at
    section: str = ""  # the title of the notice's section that holds it

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "area": self.area,
            "title": self.title,
            "text": self.text,
            "lead": self.lead,
            "responsible": self.responsible,
            "measures": [m.as_json() for m in self.measures],
        }


def role_map(items: list[Item], registry: Registry, year: int | None) -> dict[str, dict[str, Role]]:
    """{unit: {item id: role}} for every unit in force in ``year`` (None: as the notice wrote them), groups
    expanded, items in the notice's order."""
    roles: dict[str, dict[str, Role]] = {}
    for item in items:
        for role, names in ((Role.SHARE, item.responsible), (Role.LEAD, item.lead)):  # the lead role wins
            for unit in {registry.history.successor(u, item.id, year) for name in names
                         for u in registry.expand(name)}:
                roles.setdefault(unit, {})[item.id] = role
    order = {item.id: n for n, item in enumerate(items)}
    return {u: dict(sorted(r.items(), key=lambda kv: order[kv[0]])) for u, r in roles.items()}


def in_force_order(registry: Registry, answering: set[str], year: int | None) -> list[Unit]:
    """The registered units in ``answering``, in the registry's order, a successor at its first predecessor's."""
    units = registry.reporting_units
    place = {u.short: n for n, u in enumerate(units)}
    for unit in units:
        place[unit.short] = min([place[unit.short], *(place[u] for u in registry.history.formerly(unit.short, year))])
    return sorted((u for u in units if u.short in answering), key=lambda u: place[u.short])


@dataclass
class Plan:
    items: list[Item]
    registry: Registry
    warnings: list[str]
    source_sha256: str
    info: PlanInfo
    notes: list[str] = field(default_factory=list)  # parts of the notice read as not part of the plan
    year: int | None = None  # whose units answer: those in force at the end of this year (None: the notice's)
    measures_by_id: dict[str, Measure] = field(init=False, repr=False, compare=False)
    measures: list[Measure] = field(init=False, repr=False, compare=False)
    words: PlanWords = field(init=False, repr=False, compare=False)
    _items: dict[str, Item] = field(init=False, repr=False, compare=False)
    _roles: dict[str, dict[str, Role]] = field(init=False, repr=False, compare=False)
    _years: dict[int, Plan] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.measures_by_id = {m.id: m for item in self.items for m in item.measures}
        self.measures = list(self.measures_by_id.values())
        self._items = {item.id: item for item in self.items}
        self.words = plan_words(self.items)
        self._roles = role_map(self.items, self.registry, self.year)

    @property
    def plan_id(self) -> str:  # identifies this plan in forms: a form made for another plan is refused
        return f"{self.info.id}-{self.source_sha256[:12]}"

    @property
    def years(self) -> range:  # the plan's reporting years
        return self.info.years

    def item(self, item_id: str) -> Item:
        return self._items[item_id]

    def of_kind(self, kind: ItemKind) -> list[Item]:
        return [i for i in self.items if i.kind == kind]

    def in_year(self, year: int) -> Plan:
        """The plan as it stands for ``year``'s documents: the same items, answered for by the units then in force."""
        if year != self.year and year not in self._years:
            self._years[year] = dataclasses.replace(self, year=year)
        return self if year == self.year else self._years[year]

    @property
    def reporting_units(self) -> list[Unit]:
        """The units that receive a form: every registered unit (not a group) the plan gives an item to."""
        return in_force_order(self.registry, set(self._roles), self.year)

    def roles(self, unit: str) -> dict[str, Role]:
        """{item id: role} for every item a reporting unit leads or shares (groups expanded)."""
        return dict(self._roles.get(unit, {}))

    def answering_units(self, item: Item) -> list[str]:
        """The units whose report states the item: its leads, or where the notice names none, every unit on it."""
        return list(dict.fromkeys(self.registry.history.successor(u, item.id, self.year)
                                  for name in item.lead or item.responsible for u in self.registry.expand(name)))

    def answers(self, unit: str, item_id: str) -> bool:
        """Whether the unit's report states the item (it leads, or the item has no lead and the unit is on it)."""
        role = self._roles.get(unit, {}).get(item_id)
        return role == Role.LEAD or (role is not None and not self.item(item_id).lead)
