"""机构改革: the units of a plan change while it runs. The registry records each change (``[[change]]`` in
units.toml); a year's documents use the units in force at the end of that year, and the notice's items keep
their wording while who answers for them follows the changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.util.tomlfile import Fields

KINDS = {"rename": "更名", "merge": "合并", "split": "拆分", "dissolve": "撤销"}


@dataclass(frozen=True)
class Change:
    """One change: the units before (``old``), the successor, and from when. A split names each item's
    successor instead; a dissolved unit's items go to an existing unit."""

    kind: str
    old: tuple[str, ...]
    new: str
    on: dt.date
    items: tuple[tuple[str, str], ...] = ()  # split: (item id, successor)
    line: int = 0  # in units.toml

    def successor(self, item_id: str) -> str:
        return dict(self.items).get(item_id, "") if self.kind == "split" else self.new

    @property
    def successors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u for _, u in self.items)) if self.kind == "split" else (self.new,)

    def describe(self) -> str:
        """'环保局 更名为 生态环境局（2019-03-01起）'"""
        old, new = "、".join(self.old), "、".join(self.successors)
        verb = {"rename": "更名为", "merge": "合并为", "split": "拆分至", "dissolve": "撤销，事项划入"}[self.kind]
        return f"{old} {verb} {new}（{self.on.isoformat()}起）"


@dataclass(frozen=True)
class History:
    """Every change, by date. A change dated in year Y holds for the documents of year Y onward: the year's
    report is written after its end, to the units then in force."""

    changes: tuple[Change, ...] = ()

    def until(self, year: int | None) -> tuple[Change, ...]:
        return () if year is None else tuple(c for c in self.changes if c.on.year <= year)

    def successor(self, unit: str, item_id: str, year: int | None) -> str:
        """Who answers in ``year`` for the item the notice gives to ``unit``."""
        for change in self.until(year):
            if unit in change.old:
                unit = change.successor(item_id) or unit
        return unit

    def ended(self, unit: str, year: int | None) -> Change | None:
        """The change by which the unit ceased before the end of ``year``, if any."""
        return next((c for c in self.until(year) if unit in c.old and unit not in c.successors), None)

    def formerly(self, unit: str, year: int | None, kinds: tuple[str, ...] = tuple(KINDS)) -> list[str]:
        """The units whose items ``unit`` took over by the end of ``year`` (by changes of ``kinds``)."""
        found: list[str] = []
        for change in reversed([c for c in self.until(year) if c.kind in kinds]):
            if unit in change.successors or set(found) & set(change.successors):
                found += [u for u in change.old if u != unit and u not in found]
        return found


def known_as(name: str, formerly: list[str]) -> str:
    """A unit's name with those the notice gave its items to: 柳州市生态环境局（原环保局）."""
    return f"{name}（原{'、'.join(formerly)}）" if formerly else name


def change_lines(path: Path) -> list[int]:
    """The line of each ``[[change]]`` header, so that messages can name it."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [n for n, line in enumerate(lines, 1) if line.strip().startswith("[[change]]")]


def read_change(row: object, where: str, line: int) -> Change:
    fields = Fields(row, where)
    kind = fields.text("kind")
    if kind not in KINDS:
        raise PipelineError(f"{where}的 kind 应为 {'/'.join(KINDS)}（{'、'.join(KINDS.values())}）之一，现为 {kind!r}")
    old = (fields.text("from"),) if isinstance(row.get("from"), str) else fields.texts("from")
    items = row.get("items", {})
    if not isinstance(items, dict) or not all(isinstance(v, str) for v in items.values()):
        raise PipelineError(f'{where}的 items 应写作 items = {{ "事项编号" = "承接单位" }}，现为 {items!r}')
    change = Change(kind, old, fields.text("to", ""), fields.date("on"), tuple(items.items()), line)
    counts = {"rename": len(old) == 1, "merge": len(old) >= 2, "split": len(old) == 1 and bool(items),
              "dissolve": len(old) == 1}
    if not counts[kind] or (kind != "split" and not change.new):
        need = {"rename": "一个原单位（from）和新单位（to）", "merge": "两个以上原单位（from）和合并后的单位（to）",
                "split": "一个原单位（from）和每个事项的承接单位（items）", "dissolve": "一个原单位（from）和承接单位（to）"}
        raise PipelineError(f"{where}：{KINDS[kind]}应写明{need[kind]}")
    return change


def check_changes(changes: list[Change], known: set[str], where: str) -> History:
    """The changes in date order, each naming units that exist and are in force on its date: registered, not
    yet ended by an earlier change, and not set up only by a later one (a rename's or merger's new unit)."""
    ordered = sorted(changes, key=lambda c: c.on)
    born = {}
    for change in reversed(ordered):
        if change.kind in ("rename", "merge") and change.new not in change.old:
            born[change.new] = change
    ended: dict[str, Change] = {}
    for change in ordered:
        at = f"{where}第{change.line}行（{change.describe()}）"
        for unit in (*change.old, *change.successors):
            if unit not in known:
                raise PipelineError(f"{at}：单位“{unit}”未在单位登记表中登记（新单位也须先以 [[unit]] 登记）")
            if unit in ended:
                raise PipelineError(f"{at}：“{unit}”已于{ended[unit].on.isoformat()}起撤并"
                                    f"（第{ended[unit].line}行），不能再变更；请核对日期")
            if unit in born and born[unit].on > change.on:
                raise PipelineError(f"{at}：“{unit}”自{born[unit].on.isoformat()}起才设立（第{born[unit].line}行），"
                                    "此前的变更不能涉及它；请核对日期")
        ended |= {u: change for u in change.old if u not in change.successors}
    return History(tuple(ordered))
