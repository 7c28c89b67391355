"""The plan: items with stable ids, their units and measures (DESIGN §1–§3)."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.notice import KIND_LABEL, ParsedItem, parse_notice, read_notice_text
from pipeline.registry import Registry, load_registry
from pipeline.targets import Target, parse_targets

PLAN_YEARS = range(2016, 2021)
BASE_YEAR, GOAL_YEAR = 2015, 2020


@dataclass
class Measure:
    id: str
    item_id: str
    target: Target
    unit: str  # the unit a value is reported in
    baseline: float | None  # 2015 value on record, None when units must report it
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
            "baseline_2015": self.baseline,
            "clause": self.target.clause,
        }


@dataclass
class Item:
    id: str
    kind: str
    area: str
    title: str
    text: str
    lead: list[str]
    responsible: list[str]
    line: int
    measures: list[Measure] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KIND_LABEL[self.kind]

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


@dataclass
class Plan:
    items: list[Item]
    registry: Registry
    warnings: list[str]
    source_sha256: str
    _roles: dict | None = field(default=None, repr=False, compare=False)

    @property
    def plan_id(self) -> str:
        """Identifies this plan in forms: a form made for another plan is refused."""
        return "LZ-2018-30-" + self.source_sha256[:12]

    @property
    def measures(self) -> list[Measure]:
        return [m for item in self.items for m in item.measures]

    @property
    def measures_by_id(self) -> dict[str, Measure]:
        return {m.id: m for m in self.measures}

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    def of_kind(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]

    def roles(self, unit: str) -> dict[str, str]:
        """{item id: '牵头'|'责任'} for every item a reporting unit leads or shares (groups expanded)."""
        return dict(self._all_roles().get(unit, {}))

    def _all_roles(self) -> dict[str, dict[str, str]]:
        if self._roles is None:
            roles: dict[str, dict[str, str]] = {}
            for item in self.items:
                for role, names in (("责任", item.responsible), ("牵头", item.lead)):  # 牵头 wins
                    for unit in {u for name in names for u in self.registry.expand(name)}:
                        roles.setdefault(unit, {})[item.id] = role
            # Items in the notice's order for each unit.
            order = {item.id: n for n, item in enumerate(self.items)}
            self._roles = {u: dict(sorted(r.items(), key=lambda kv: order[kv[0]])) for u, r in roles.items()}
        return self._roles

    def lead_units(self, item: Item) -> list[str]:
        return [u for name in item.lead for u in self.registry.expand(name)]

    def unit_names(self) -> list[str]:
        """Every unit name the notice uses, as it writes them, in order of first use."""
        seen: dict[str, None] = {}
        for item in self.items:
            for name in item.lead + item.responsible:
                seen.setdefault(name)
        return list(seen)

    def as_json(self) -> dict:
        return {"items": [i.as_json() for i in self.items], "units": self.unit_names()}


def _title(parsed: ParsedItem) -> str:
    """A short title: the first sentence when it is a heading-like phrase, else the area."""
    first = parsed.text.split("。", 1)[0]
    if parsed.kind == "indicator":
        return parsed.text.rstrip("。")
    if parsed.index is None and parsed.group is not None:
        return parsed.area
    return first if len(first) <= 30 else first[:28] + "…"


def assign_ids(parsed: list[ParsedItem]) -> list[str]:
    """T01…, K1.1…, D1.1… / D2: stable ids from the item's place in its section and area."""
    prefix = {"indicator": "T", "task": "K", "project": "D"}
    seq: dict[str, int] = {}
    ids = []
    for p in parsed:
        seq[p.kind] = seq.get(p.kind, 0) + 1
        if p.kind == "indicator":
            ids.append(f"T{seq[p.kind]:02d}")
        elif p.group is None:
            ids.append(f"{prefix[p.kind]}{seq[p.kind]}")
        elif p.index is None:
            ids.append(f"{prefix[p.kind]}{p.group}")
        else:
            ids.append(f"{prefix[p.kind]}{p.group}.{p.index}")
    return ids


def _load_measure_data(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")).get("measure", {})
    except tomllib.TOMLDecodeError as exc:
        raise PipelineError(f"指标数据文件 {path} 格式有误：{exc}") from None


def build_plan(notice: Path, registry: Registry, measure_data: dict | None = None) -> Plan:
    text = read_notice_text(notice)
    parsed = parse_notice(text, registry.names_with_separators())
    measure_data = measure_data or {}
    items = []
    for pid, p in zip(assign_ids(parsed.items), parsed.items):
        item = Item(pid, p.kind, p.area, _title(p), p.text, p.lead, p.responsible, p.line)
        if p.kind == "indicator":
            targets = parse_targets(p.text)
            if not targets:
                parsed.warnings.append(f"第{p.line}行：指标“{p.text[:20]}…”中没有读出可度量的目标值")
            for n, target in enumerate(targets, 1):
                mid = pid if len(targets) == 1 else f"{pid}.{n}"
                data = measure_data.get(mid, {})
                unit = data.get("unit") or target.unit
                item.measures.append(
                    Measure(
                        id=mid,
                        item_id=pid,
                        target=target,
                        unit=unit,
                        baseline=data.get("baseline"),
                        max_value=data.get("max", 100.0 if unit == "%" else None),
                        sample_baseline=data.get("sample_baseline"),
                    )
                )
        items.append(item)
    warnings = list(parsed.warnings)
    for item in items:
        for name in item.lead + item.responsible:
            if registry.resolve(name) is None:
                warnings.append(f"第{item.line}行：单位“{name}”不在单位登记表中")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Plan(items, registry, warnings, digest)


def load_plan(inputs: Path, notice: Path | None = None) -> Plan:
    """The plan from ``inputs/plan/`` (notice, unit registry, measure data)."""
    plan_dir = inputs / "plan"
    registry = load_registry(plan_dir / "units.toml")
    return build_plan(notice or plan_dir / "notice.txt", registry, _load_measure_data(plan_dir / "measures.toml"))


def plan_rows(plan: Plan) -> list[dict]:
    """One flat row per item (and per measure) for the table and CSV views."""
    rows = []
    for item in plan.items:
        base = {"id": item.id, "kind": item.kind_label, "area": item.area, "text": item.text,
                "lead": "、".join(item.lead), "responsible": "、".join(item.responsible)}
        if not item.measures:
            rows.append({**base, "measure": "", "metric": "", "target": ""})
        for m in item.measures:
            rows.append({**base, "measure": m.id, "metric": m.metric, "target": m.describe_target()})
    return rows

