"""The layout of a unit's form, shared by the form writer, the sample filler and intake.

A form has an instructions sheet, up to two data sheets and a very hidden ``_meta`` sheet with
its identity: unit, year, plan, version, where each item's row is, and a checksum of the locked
cells. Intake trusts that identity, never the file name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.terms import SAMPLE_MARK, Role, TaskStatus
from pipeline.util.hashing import digest

FORM_TITLE = "柳州市循环经济“十三五”目标任务年度完成情况填报表"
FORM_VERSION = "1"
META_SHEET = "_meta"
GUIDE_SHEET = "填报说明"
MEASURE_SHEET = "目标指标"
TASK_SHEET = "重点任务和示范工程"
STATUSES = tuple(TaskStatus)
HEADER_ROW = 3
FIRST_ROW = 4


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    is_input: bool = False


MEASURE_COLUMNS = (
    Column("id", "编号", 8),
    Column("metric", "指标", 30),
    Column("role", "本单位角色", 8),
    Column("target", "2020年目标", 20),
    Column("unit", "计量单位", 12),
    Column("baseline", "2015年基数", 12, True),
    Column("value", "本年度完成值", 14, True),
    Column("source", "数据来源", 22, True),
    Column("note", "说明", 30, True),
)
TASK_COLUMNS = (
    Column("id", "编号", 8),
    Column("text", "事项", 42),
    Column("role", "本单位角色", 8),
    Column("status", "进展状态", 12, True),
    Column("work", "主要工作及成效", 44, True),
    Column("figures", "关键数据", 22, True),
    Column("problems", "存在问题", 28, True),
    Column("plans", "下一年度工作计划", 32, True),
)
CONTACT_FIELDS = (("reporter", "填报人"), ("phone", "联系电话"), ("head", "单位负责人"), ("date", "填报日期"))
SHEET_COLUMNS = {MEASURE_SHEET: MEASURE_COLUMNS, TASK_SHEET: TASK_COLUMNS}


def column_letter(sheet: str, key: str) -> str:
    cols = SHEET_COLUMNS[sheet]
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[[c.key for c in cols].index(key)]


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
    """What a form says about itself (the ``_meta`` sheet)."""

    form: str
    version: str
    plan_id: str
    year: int
    unit: str
    unit_full: str
    sample: bool
    layout_sha256: str
    rows: list[RowRef] = field(default_factory=list)
    contact: dict[str, tuple[str, str]] = field(default_factory=dict)  # field → (sheet, cell)

    def to_rows(self) -> list[tuple[str, ...]]:
        rows: list[tuple[str, ...]] = [
            ("form", self.form), ("version", self.version), ("plan_id", self.plan_id),
            ("year", str(self.year)), ("unit", self.unit), ("unit_full", self.unit_full),
            ("sample", SAMPLE_MARK if self.sample else ""), ("layout_sha256", self.layout_sha256),
        ]
        rows += [("row", r.sheet, str(r.row), r.id, r.role, "1" if r.baseline_on_record else "0")
                 for r in self.rows]
        rows += [("contact", key, sheet, cell) for key, (sheet, cell) in self.contact.items()]
        return rows

    @classmethod
    def from_rows(cls, rows: list[list[str]]) -> Identity:
        """Raises KeyError/ValueError when the identity is incomplete or edited."""
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
                refs.append(RowRef(cells[1], int(float(cells[2])), cells[3], Role(cells[4]), cells[5] == "1"))
            elif cells[0] == "contact":
                contact[cells[1]] = (cells[2], cells[3])
            else:
                values[cells[0]] = cells[1] if len(cells) > 1 else ""
        return cls(
            form=values["form"], version=values["version"], plan_id=values["plan_id"],
            year=int(float(values["year"])), unit=values["unit"], unit_full=values["unit_full"],
            sample=values.get("sample") == SAMPLE_MARK, layout_sha256=values["layout_sha256"],
            rows=refs, contact=contact,
        )


def cell_text(value: object) -> str:
    """A cell's value as text, the same whichever office saved it (1.0 → '1')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def locked_cells(identity: Identity) -> list[tuple[str, str]]:
    """(sheet, cell) of the locked text cells that the layout checksum covers: headers and row keys."""
    cells = []
    for sheet, cols in SHEET_COLUMNS.items():
        if any(r.sheet == sheet for r in identity.rows):
            cells += [(sheet, f"{column_letter(sheet, c.key)}{HEADER_ROW}") for c in cols]
    for ref in identity.rows:
        cells += [(ref.sheet, f"A{ref.row}"), (ref.sheet, f"C{ref.row}")]
    return cells


def layout_checksum(identity: Identity, read: Callable[[str, str], object]) -> str:
    """sha256 over the locked cells' text, ``read(sheet, cell)`` giving each value."""
    return digest("".join(f"{sheet}!{cell}={cell_text(read(sheet, cell))}\n" for sheet, cell in locked_cells(identity)))
