"""The layout of a unit's form, shared by the form writer, the sample filler and intake.

A form has an instructions sheet, up to two data sheets whose columns come from
``templates/forms/columns.toml``, and a very hidden ``_meta`` sheet with its identity: unit,
year, plan, version, where each item's row is, and a checksum of the locked cells. Intake trusts
that identity, never the file name.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.plan.identity import PlanInfo
from pipeline.terms import SAMPLE_MARK, FinalStatus, Role, TaskStatus
from pipeline.util.templates import TEMPLATES

FORM_KIND = "分工方案年度填报表"  # what kind of form this is, written in its identity
FORM_VERSION = "4"
META_SHEET = "_meta"
GUIDE_SHEET = "填报说明"
MEASURE_SHEET = "目标指标"
TASK_SHEET = "重点任务和示范工程"
HEADER_ROW = 3
FIRST_ROW = 4
CONTACT_FIELDS = (("reporter", "填报人"), ("phone", "联系电话"), ("head", "单位负责人"), ("date", "填报日期"))


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    is_input: bool = False


@functools.lru_cache
def _column_table() -> dict[str, list[dict]]:
    data = tomllib.loads((TEMPLATES / "forms" / "columns.toml").read_text(encoding="utf-8"))
    return {sheet["name"]: sheet["columns"] for sheet in data["sheet"]}


def column_letter(sheet: str, key: str) -> str:
    """A column's letter: its place among all of the sheet's columns (final-year ones come last)."""
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[[c["key"] for c in _column_table()[sheet]].index(key)]


def sheet_columns(info: PlanInfo, final: bool) -> dict[str, tuple[Column, ...]]:
    """Each data sheet's columns, headers filled in for the plan; the final year adds its summary column."""
    fill = {"base_year": info.base_year, "target_year": info.target_year, "span": info.span}
    return {sheet: tuple(Column(c["key"], c["header"].format(**fill), c["width"], c.get("input", False))
                         for c in cols if final or not c.get("final", False))
            for sheet, cols in _column_table().items()}


def statuses(final: bool) -> tuple[str, ...]:
    """The 进展状态 drop-down: the year's progress, or in the plan's last year done / not done."""
    return tuple(FinalStatus) if final else tuple(TaskStatus)


def form_title(info: PlanInfo, year: int) -> str:
    return f"{year}年度{info.theme}{info.period}目标任务完成情况填报表"


@dataclass
class RowRef:
    sheet: str
    row: int
    id: str  # measure id on the measure sheet, item id on the task sheet
    role: Role
    baseline_on_record: bool = False

    def cell(self, key: str) -> str:
        """This row's cell in the column ``key`` ('G5')."""
        return f"{column_letter(self.sheet, key)}{self.row}"


@dataclass
class Identity:
    """What a form says about itself (the ``_meta`` sheet), signed so that no edit of it passes."""

    form: str
    version: str
    plan_id: str
    year: int
    unit: str
    unit_full: str
    sample: bool
    final: bool
    key_id: str = ""
    signature: str = ""  # HMAC of everything above and the rows and contact cells below
    layout_signature: str = ""  # HMAC of the locked cells' text
    rows: list[RowRef] = field(default_factory=list)
    contact: dict[str, tuple[str, str]] = field(default_factory=dict)  # field → (sheet, cell)

    def fields(self) -> list[tuple[str, ...]]:
        """The identity without its signatures, as the rows of the sheet."""
        rows: list[tuple[str, ...]] = [
            ("form", self.form), ("version", self.version), ("plan_id", self.plan_id),
            ("year", str(self.year)), ("unit", self.unit), ("unit_full", self.unit_full),
            ("sample", SAMPLE_MARK if self.sample else ""), ("final", "1" if self.final else "0"),
            ("key_id", self.key_id),
        ]
        rows += [("row", r.sheet, str(r.row), r.id, str(r.role), "1" if r.baseline_on_record else "0")
                 for r in self.rows]
        return rows + [("contact", key, sheet, cell) for key, (sheet, cell) in self.contact.items()]

    def payload(self) -> str:
        """The text the signature covers: every field, in order, unambiguously separated."""
        return "\n".join("\x1f".join(row) for row in self.fields())

    def to_rows(self) -> list[tuple[str, ...]]:
        return [*self.fields(), ("signature", self.signature), ("layout_signature", self.layout_signature)]

    @classmethod
    def from_rows(cls, rows: list[list[str]]) -> Identity:
        """Raises KeyError/ValueError/IndexError when the identity is incomplete or malformed."""
        values, refs, contact = _read_meta(rows)
        return cls(
            form=values["form"], version=values["version"], plan_id=values["plan_id"],
            year=int(values["year"]), unit=values["unit"], unit_full=values["unit_full"],
            sample=values.get("sample") == SAMPLE_MARK, final=values.get("final") == "1",
            key_id=values["key_id"], signature=values["signature"], layout_signature=values["layout_signature"],
            rows=refs, contact=contact,
        )


def _read_meta(rows: list[list[str]]) -> tuple[dict[str, str], list[RowRef], dict[str, tuple[str, str]]]:
    values: dict[str, str] = {}
    refs: list[RowRef] = []
    contact: dict[str, tuple[str, str]] = {}
    for row in rows:
        cells = [cell_text(c) for c in row]
        while cells and cells[-1] == "":
            cells.pop()
        if not cells:
            continue
        if cells[0] == "row":
            refs.append(RowRef(cells[1], int(cells[2]), cells[3], Role(cells[4]), cells[5] == "1"))
        elif cells[0] == "contact":
            contact[cells[1]] = (cells[2], cells[3])
        else:
            values[cells[0]] = cells[1] if len(cells) > 1 else ""
    return values, refs, contact


def cell_text(value: object) -> str:
    """A cell's value as text, the same whichever office saved it (1.0 → '1')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def locked_cells(identity: Identity, columns: dict[str, tuple[Column, ...]]) -> list[tuple[str, str]]:
    """(sheet, cell) of the locked cells the layout signature covers: every header, and every cell of each
    item row that is not for filling in (number, text, role, target, unit)."""
    cells = []
    for sheet, cols in columns.items():
        if any(r.sheet == sheet for r in identity.rows):
            cells += [(sheet, f"{column_letter(sheet, c.key)}{HEADER_ROW}") for c in cols]
    for ref in identity.rows:
        cells += [(ref.sheet, ref.cell(c.key)) for c in columns[ref.sheet] if not c.is_input]
    return cells


def layout_text(identity: Identity, columns: dict[str, tuple[Column, ...]], read: Callable[[str, str], object]) -> str:
    """The locked cells' text, ``read(sheet, cell)`` giving each value: what the layout signature covers."""
    return "".join(f"{sheet}!{cell}={cell_text(read(sheet, cell))}\n" for sheet, cell in locked_cells(identity, columns))
