"""The plan from ``inputs/plan/``: the notice parsed, ids assigned, measures with their data."""

from __future__ import annotations

from pathlib import Path

from pipeline.plan.identity import PlanInfo, load_identity
from pipeline.plan.lines import read_notice_text
from pipeline.plan.model import Item, Measure, Plan
from pipeline.plan.notice import ParsedItem, parse_notice
from pipeline.plan.registry import Registry, load_registry
from pipeline.plan.targets import parse_targets
from pipeline.util.hashing import digest
from pipeline.util.tomlfile import Fields, read_toml


def _title(parsed: ParsedItem) -> str:
    """A short title: the first sentence when it is a heading-like phrase, else the area."""
    first = parsed.text.split("。", 1)[0]
    if parsed.kind == "indicator":
        return parsed.text.rstrip("。")
    if parsed.index is None and parsed.group is not None:
        return parsed.area
    return first if len(first) <= 30 else first[:28] + "…"


def assign_ids(parsed: list[ParsedItem]) -> list[str]:
    """T01…, K1.1…, D1.1… / D2: stable ids from an item's place. Indicators count on through the notice;
    tasks and projects number their groups (an item outside any group counts as one) and the items in them."""
    prefix = {"task": "K", "project": "D"}
    width = max(2, len(str(sum(1 for p in parsed if p.kind == "indicator"))))
    indicators, counters, groups = 0, dict.fromkeys(prefix, 0), {}
    ids = []
    for p in parsed:
        if p.kind == "indicator":
            indicators += 1
            ids.append(f"T{indicators:0{width}d}")
            continue
        if p.group is None or (p.kind, p.group) not in groups:
            counters[p.kind] += 1
            if p.group is not None:
                groups[(p.kind, p.group)] = counters[p.kind]
        number = counters[p.kind] if p.group is None else groups[(p.kind, p.group)]
        ids.append(f"{prefix[p.kind]}{number}" + (f".{p.index}" if p.group is not None and p.index else ""))
    return ids


NUMBERS = ("baseline", "max", "sample_baseline")


def _load_measure_data(path: Path) -> dict:
    if not path.exists():
        return {}
    measures = Fields(read_toml(path, "指标数据文件").get("measure", {}), f"指标数据文件 {path} 的 measure ")
    checked = {}
    for mid in measures.table:
        fields = Fields(measures.table[mid], f"指标数据文件 {path} 的 [measure.\"{mid}\"] ")
        checked[mid] = {"unit": fields.text("unit", ""), **{key: fields.number(key) for key in NUMBERS}}
    return checked


def _measures(item: Item, parsed: ParsedItem, measure_data: dict, warnings: list[str]) -> None:
    targets = parse_targets(parsed.text)
    if not targets:
        warnings.append(f"第{parsed.line}行：指标“{parsed.text[:20]}…”中没有读出可度量的目标值")
    for n, target in enumerate(targets, 1):
        mid = item.id if len(targets) == 1 else f"{item.id}.{n}"
        data = measure_data.get(mid, {})
        unit = data.get("unit") or target.unit
        limit = data.get("max")
        item.measures.append(Measure(id=mid, item_id=item.id, target=target, unit=unit,
                                     baseline=data.get("baseline"),
                                     max_value=limit if limit is not None else (100.0 if unit == "%" else None),
                                     sample_baseline=data.get("sample_baseline")))


def build_plan(notice: Path, registry: Registry, info: PlanInfo, measure_data: dict | None = None) -> Plan:
    text = read_notice_text(notice)
    parsed = parse_notice(text, registry.names_with_separators())
    warnings = list(parsed.warnings)
    items = []
    for pid, p in zip(assign_ids(parsed.items), parsed.items):
        item = Item(pid, p.kind, p.area, _title(p), p.text, p.lead, p.responsible, p.line)
        if p.kind == "indicator":
            _measures(item, p, measure_data or {}, warnings)
        items.append(item)
    for item in items:
        for name in item.lead + item.responsible:
            if registry.resolve(name) is None:
                warnings.append(f"第{item.line}行：单位“{name}”不在单位登记表中")
    return Plan(items, registry, warnings, digest(text), info, parsed.notes)


def load_plan(inputs: Path, notice: Path | None = None) -> Plan:
    """The plan from ``inputs/plan/`` (identity, notice, unit registry, measure data)."""
    plan_dir = inputs / "plan"
    info = load_identity(plan_dir / "plan.toml")
    registry = load_registry(plan_dir / "units.toml")
    return build_plan(notice or plan_dir / "notice.txt", registry, info, _load_measure_data(plan_dir / "measures.toml"))
