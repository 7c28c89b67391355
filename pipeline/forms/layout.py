"""The layout of a unit's form, shared by the form writer, the sample filler and intake.

A form has an instructions sheet, up to two data sheets whose columns come from
``pipeline/templates/forms/columns.toml``, and a very hidden ``_meta`` sheet with its identity: unit,
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
MEASURE_SHEET = "目标指标"  # the data sheets' names when the plan's words are these (forms before a plan had its own)
TASK_SHEET = "重点任务和示范工程"
MEASURES, ITEMS = "measures", "items"  # the two kinds of data sheet
DEFAULT_SHEETS = {MEASURES: MEASURE_SHEET, ITEMS: TASK_SHEET}
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
    return {sheet["kind"]: sheet["columns"] for sheet in data["sheet"]}


def column_letter(kind: str, key: str) -> str:
    """A column's letter on a data sheet of ``kind``: its place among all its columns (final-year ones last)."""
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[[c["key"] for c in _column_table()[kind]].index(key)]


def sheet_columns(info: PlanInfo, final: bool) -> dict[str, tuple[Column, ...]]:
    """Each kind of data sheet's columns, headers filled in for the plan; the final year adds its summary column."""
    fill = {"base_year": info.base_year, "target_year": info.target_year, "whole": info.words.whole}
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
    kind: str = ITEMS  # which kind of data sheet the row is on (not written: the sheet's name says it)

    def cell(self, key: str) -> str:
        """This row's cell in the column ``key`` ('G5')."""
        return f"{column_letter(self.kind, key)}{self.row}"


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
    sheets: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SHEETS))  # kind → the sheet's name

    def fields(self) -> list[tuple[str, ...]]:
        """The identity without its signatures, as the rows of the sheet."""
        rows: list[tuple[str, ...]] = [
            ("form", self.form), ("version", self.version), ("plan_id", self.plan_id),
            ("year", str(self.year)), ("unit", self.unit), ("unit_full", self.unit_full),
            ("sample", SAMPLE_MARK if self.sample else ""), ("final", "1" if self.final else "0"),
            ("key_id", self.key_id),
        ]
        if self.sheets != DEFAULT_SHEETS:  # a plan's own sheet names (the seed's are the defaults)
            rows.append(("sheets", self.sheets[MEASURES], self.sheets[ITEMS]))
        rows += [("row", r.sheet, str(r.row), r.id, str(r.role), "1" if r.baseline_on_record else "0")
                 for r in self.rows]
        return rows + [("contact", key, sheet, cell) for key, (sheet, cell) in self.contact.items()]

    def payload(self) -> str:
        """The text the signature covers: every field, in order, unambiguously separated."""
        return "\n".join("\x1f".join(row) for row in self.fields())

    def to_rows(self) -> list[tuple[str, ...]]:
        return [*self.fields(), ("signature", self.signature), ("layout_signature", self.layout_signature)]

    def kind_of(self, sheet: str) -> str:
        return MEASURES if sheet == self.sheets[MEASURES] else ITEMS

    @classmethod
    def from_rows(cls, rows: list[list[str]]) -> Identity:
        """Raises KeyError/ValueError/IndexError when the identity is incomplete or malformed."""
        values, refs, contact, sheets = _read_meta(rows)
        identity = cls(
            form=values["form"], version=values["version"], plan_id=values["plan_id"],
            year=int(values["year"]), unit=values["unit"], unit_full=values["unit_full"],
            sample=values.get("sample") == SAMPLE_MARK, final=values.get("final") == "1",
            key_id=values["key_id"], signature=values["signature"], layout_signature=values["layout_signature"],
            rows=refs, contact=contact, sheets=sheets,
        )
        for ref in refs:
            ref.kind = identity.kind_of(ref.sheet)
        return identity



def _read_meta(rows: list[list[str]]) -> tuple[dict[str, str], list[RowRef], dict[str, tuple[str, str]], dict]:
    values: dict[str, str] = {}
    refs: list[RowRef] = []
    contact: dict[str, tuple[str, str]] = {}
    sheets = dict(DEFAULT_SHEETS)
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
        elif cells[0] == "sheets":
            sheets = {MEASURES: cells[1], ITEMS: cells[2]}
        else:
            values[cells[0]] = cells[1] if len(cells) > 1 else ""
    return values, refs, contact, sheets


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
    for kind, cols in columns.items():
        if any(r.kind == kind for r in identity.rows):
            sheet = identity.sheets[kind]
            cells += [(sheet, f"{column_letter(kind, c.key)}{HEADER_ROW}") for c in cols]
    for ref in identity.rows:
        cells += [(ref.sheet, ref.cell(c.key)) for c in columns[ref.kind] if not c.is_input]
    return cells


def layout_text(identity: Identity, columns: dict[str, tuple[Column, ...]], read: Callable[[str, str], object]) -> str:
    """The locked cells' text, ``read(sheet, cell)`` giving each value: what the layout signature covers."""
    return "".join(f"{sheet}!{cell}={cell_text(read(sheet, cell))}\n" for sheet, cell in locked_cells(identity, columns))
