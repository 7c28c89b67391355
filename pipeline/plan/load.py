"""The plan from ``inputs/plan/``: the notice parsed, ids assigned, measures with their data, the clerk's
corrections applied."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.plan.corrections import Correction, apply_corrections, load_corrections
from pipeline.plan.identity import PlanInfo, load_identity
from pipeline.plan.model import Item, Measure, Plan
from pipeline.plan.notice import ParsedItem, parse_blocks
from pipeline.plan.registry import Registry, load_registry
from pipeline.plan.sources import NoticeSource, read_notice
from pipeline.plan.targets import Target, parse_targets
from pipeline.terms import ItemKind
from pipeline.util.hashing import digest
from pipeline.util.text import normalize, prose
from pipeline.util.tomlfile import Fields, read_toml

NOTICE_STEM = "notice"  # inputs/plan/notice.txt, .docx, .pdf, .html or .xlsx: the notice as the DRC received it


def notice_file(plan_dir: Path) -> Path:
    """The plan folder's notice, whatever its kind."""
    found = sorted(p for p in plan_dir.glob(f"{NOTICE_STEM}.*") if p.suffix in (".txt", ".docx", ".pdf", ".html",
                                                                                 ".htm", ".xlsx"))
    if len(found) > 1:
        raise PipelineError(f"{plan_dir} 中有多份通知（{'、'.join(p.name for p in found)}），请只保留一份")
    return found[0] if found else plan_dir / f"{NOTICE_STEM}.txt"


def assign_ids(parsed: list[ParsedItem]) -> list[str]:
    """T01…, K1.1…, D1.1… / D2: stable ids from an item's place. Indicators count on through the notice;
    tasks and projects number their groups (an item outside any group counts as one) and the items in them."""
    prefix = {ItemKind.TASK: "K", ItemKind.PROJECT: "D"}
    width = max(2, len(str(sum(1 for p in parsed if p.kind == ItemKind.INDICATOR))))
    indicators, tops = 0, {kind: {} for kind in prefix}
    ids = []
    for p in parsed:
        if p.kind == ItemKind.INDICATOR:
            indicators += 1
            ids.append(f"T{indicators:0{width}d}")
            continue
        number = tops[p.kind].setdefault(p.top, len(tops[p.kind]) + 1)
        ids.append(prefix[p.kind] + str(number) + "".join(f".{n}" for n in p.sub))
    seen: dict[str, int] = {}
    for n, pid in enumerate(ids):  # the outline makes ids unique; a malformed notice must not break that
        if pid in seen:
            seen[pid] += 1
            ids[n] = f"{pid}-{seen[pid]}"
        else:
            seen[pid] = 1
    return ids


def _title(parsed: ParsedItem) -> str:
    indicator = parsed.kind == ItemKind.INDICATOR and parsed.text and not parsed.from_goals
    return parsed.text.rstrip("。") if indicator else parsed.title


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


def measure_id(item: Item, n: int, count: int) -> str:
    """T04 / T04.1 for an indicator's targets; K3.2-1 for a target inside a task (not an item's id)."""
    if item.kind == ItemKind.INDICATOR:
        return item.id if count == 1 else f"{item.id}.{n}"
    return f"{item.id}-{n}"


def _same(a: Target, b: Target) -> bool:
    return (a.metric, a.comparator, a.value, a.unit, a.relative) == (b.metric, b.comparator, b.value, b.unit, b.relative)


def _measures(item: Item, measure_data: dict, warnings: list[str], stated: list[Target]) -> None:
    """The item's measures; a task restating an indicator's target (全部国家级园区…) adds none."""
    targets = parse_targets(normalize(item.text), strict=item.kind != ItemKind.INDICATOR)
    if item.kind != ItemKind.INDICATOR:
        targets = [t for t in targets if not any(_same(t, s) for s in stated)]
    for t in targets:
        t.metric = prose(t.metric)  # as the notice writes it: （市、区）, not (市、区)
    names = [t.metric for t in targets]
    for t in targets:  # the same metric set for two years (到2020年…到2025年…) is told apart by its year
        if names.count(t.metric) > 1 and t.year:
            t.metric += f"（{t.year}年）"
    if not targets and item.kind == ItemKind.INDICATOR:
        warnings.append(f"{item.where}：指标“{item.text[:20]}…”中没有读出可度量的目标值")
    for n, target in enumerate(targets, 1):
        mid = measure_id(item, n, len(targets))
        data = measure_data.get(mid, {})
        unit = data.get("unit") or target.unit
        limit = data.get("max")
        item.measures.append(Measure(id=mid, item_id=item.id, target=target, unit=unit,
                                     baseline=data.get("baseline"),
                                     max_value=limit if limit is not None else (100.0 if unit == "%" else None),
                                     sample_baseline=data.get("sample_baseline")))


def parsed_items(source: NoticeSource, registry: Registry, corrections: list[Correction]
                 ) -> tuple[list[Item], list[str], list[str]]:
    """The notice's items as parsed and corrected, with the parser's warnings and notes."""
    parsed = parse_blocks(list(source.blocks), registry.names_with_separators())
    warnings = list(parsed.warnings)
    found = apply_corrections(parsed.items, corrections, warnings)
    items = [Item(pid, ItemKind(p.kind), p.area, _title(p), p.text, p.lead, p.responsible, p.where, due=p.due,
                  flags=list(p.flags), section=p.section_title) for pid, p in zip(assign_ids(found), found)]
    return items, warnings, list(parsed.notes)


def read_items(source: NoticeSource, registry: Registry, corrections: list[Correction], measure_data: dict
               ) -> tuple[list[Item], list[str], list[str]]:
    """The notice's items, corrected, with their measures (indicators first: a task restating an indicator's
    target adds none), the parser's warnings and its notes."""
    items, warnings, notes = parsed_items(source, registry, corrections)
    stated: list[Target] = []
    for item in sorted(items, key=lambda i: i.kind != ItemKind.INDICATOR):
        _measures(item, measure_data, warnings, stated)
        stated += [m.target for m in item.measures]
    return items, warnings, notes


def build_plan(notice: Path, registry: Registry, info: PlanInfo, measure_data: dict | None = None,
               corrections: list[Correction] | None = None) -> Plan:
    source = read_notice(notice)
    items, warnings, notes = read_items(source, registry, corrections or [], measure_data or {})
    for item in items:
        for name in item.lead + item.responsible:
            if registry.resolve(name) is None:
                warnings.append(f"{item.where}：单位“{name}”不在单位登记表中")
    return Plan(items, registry, warnings, digest(source.text), info, notes)


def load_plan(inputs: Path, notice: Path | None = None, draft: bool = False) -> Plan:
    """The plan from ``inputs/plan/`` (identity, notice, unit registry, measure data, corrections)."""
    plan_dir = inputs / "plan"
    info = load_identity(plan_dir / "plan.toml", draft)
    registry = load_registry(plan_dir / "units.toml")
    return build_plan(notice or notice_file(plan_dir), registry, info, _load_measure_data(plan_dir / "measures.toml"),
                      load_corrections(plan_dir / "corrections.toml"))
