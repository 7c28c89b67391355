"""The unit registry: short names as the notice writes them, full names, kinds, groups."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.plan.history import Change, History, change_lines, check_changes, read_change
from pipeline.util.draft import PLACEHOLDER
from pipeline.util.text import normalize
from pipeline.util.tomlfile import Fields, read_toml, tables

KINDS = {"department": "市直部门", "county": "县区人民政府", "new_area": "新区管委会", "group": "单位群组"}


@dataclass(frozen=True)
class Unit:
    short: str
    full: str
    kind: str
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    contact: str = ""
    phone: str = ""

    @property
    def is_group(self) -> bool:
        return self.kind == "group"

    @property
    def name(self) -> str:
        """The name a reader sees: the full name, or the short one while the full name is still to be filled in."""
        return self.full if self.full and PLACEHOLDER not in self.full else self.short


@dataclass
class Registry:
    units: list[Unit]
    history: History = field(default_factory=History)
    _by_name: dict[str, Unit] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for unit in self.units:
            for name in (unit.short, unit.full, *unit.aliases):
                if PLACEHOLDER not in name:
                    self._by_name[normalize(name)] = unit

    def resolve(self, name: str) -> Unit | None:
        """The unit a name (short, full or alias, any punctuation width, with or without the 市 that
        city departments are often written with) stands for."""
        name = normalize(name)
        found = self._by_name.get(name)
        if found is None and name.startswith("市"):
            found = self._by_name.get(name[1:])
        return found or self._by_name.get("市" + name)

    def get(self, short: str) -> Unit:
        unit = self.resolve(short)
        if unit is None:
            raise KeyError(short)
        return unit

    def expand(self, name: str) -> list[str]:
        """Short names of the reporting units a name covers (a group gives its members)."""
        unit = self.resolve(name)
        if unit is None:
            return []
        if unit.is_group:
            return [m for member in unit.members for m in self.expand(member)]
        return [unit.short]

    def names_with_separators(self) -> list[str]:
        """Registered names that contain list separators, longest first (kept whole when splitting)."""
        names = {normalize(n) for u in self.units for n in (u.short, u.full, *u.aliases)}
        return sorted((n for n in names if any(c in n for c in "、,，")), key=len, reverse=True)

    @property
    def reporting_units(self) -> list[Unit]:
        """Every unit that receives a form: all but groups, in registry order."""
        return [u for u in self.units if not u.is_group]


def _unit(row: object, where: str) -> Unit:
    fields = Fields(row, where)
    unit = Unit(short=fields.text("short"), full=fields.text("full"), kind=fields.text("kind"),
                aliases=fields.texts("aliases"), members=fields.texts("members"),
                contact=fields.text("contact", ""), phone=fields.text("phone", ""))
    if unit.kind not in KINDS:
        raise PipelineError(f"{where}（{unit.short}）的 kind 应为 {'/'.join(KINDS)} 之一，现为 {unit.kind!r}")
    return unit


def load_registry(path: Path) -> Registry:
    data = read_toml(path, "单位登记表")
    rows = tables(data, "unit", f"单位登记表 {path} ")
    registry = Registry([_unit(row, f"单位登记表 {path} 第{i}个单位") for i, row in enumerate(rows, 1)])
    for unit in registry.units:
        for member in unit.members:
            if registry.resolve(member) is None:
                raise PipelineError(f"单位登记表 {path}：群组“{unit.short}”的成员“{member}”未登记")
    lines = change_lines(path)
    where = f"单位登记表 {path} "
    changes = [_change(registry, read_change(row, f"{where}第{n}条变更", lines[n - 1] if n <= len(lines) else 0))
               for n, row in enumerate(tables(data, "change", where), 1)]
    known = {u.short for u in registry.reporting_units}
    registry.history = check_changes(changes, known, where)
    return registry


def _change(registry: Registry, change: Change) -> Change:
    """The change with every unit written as its short name (any registered spelling is accepted)."""
    def short(name: str) -> str:
        unit = registry.resolve(name)
        return unit.short if unit is not None and not unit.is_group else name

    return Change(change.kind, tuple(short(u) for u in change.old), short(change.new) if change.new else "",
                  change.on, tuple((i, short(u)) for i, u in change.items), change.line)
