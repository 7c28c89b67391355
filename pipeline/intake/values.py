"""Reading what a unit typed: each value checked against its cell's kind, each problem naming the cell."""

from __future__ import annotations

from pipeline.forms.layout import CONTACT_FIELDS, MEASURES, Identity, RowRef, cell_text, statuses
from pipeline.intake.cells import MAX_CELL_TEXT, MAX_FILE_TEXT, clean_text, parse_date, parse_number
from pipeline.intake.codes import Code
from pipeline.intake.facts import CellFacts
from pipeline.intake.findings import Findings
from pipeline.intake.grid import Grid
from pipeline.intake.model import MeasureCells, TaskCells
from pipeline.plan import Plan
from pipeline.plan.targets import WHOLE_UNITS


def _formula_result(found: Findings, cached: bool, value: object, text: bool, where: tuple[str, str]) -> object:
    """A formula cell: in a number cell its cached result, with a warning; in a text cell, or with no result,
    nothing, and an error."""
    if text:
        found.error(Code.FORMULA_IN_TEXT, "文字栏中是公式（可能是链接或命令），不予读取：请直接填写文字", *where)
        return None
    if not cached or value is None:
        found.error(Code.FORMULA_NO_VALUE, "该单元格是公式但没有计算结果：请在 Excel/WPS 中重新计算并保存，或直接填写数值",
                    *where)
        return None
    found.warning(Code.FORMULA, f"该单元格是公式，已采用其计算结果 {cell_text(value)}；建议直接填写数值", *where)
    return value


class CellReader:
    """A workbook's cells as values: a number cell's formula taken at its cached result (with a warning), a text
    cell's refused; text cleaned and bounded; percentages as the sender saw them; what the sender could not see
    (hidden rows and columns, cells under a merged cell) read and said."""

    def __init__(self, grid: Grid, facts: CellFacts, found: Findings):
        self.grid, self.facts, self.found = grid, facts, found
        self.text_read = 0

    def read(self, sheet: str, cell: str, text: bool = False) -> object:
        """The cell's value; a formula's cached result with a warning, or, in a ``text`` cell, refused."""
        value = self.grid.value(sheet, cell)
        why = self.facts.hidden(sheet, cell) if value is not None else ""
        if why:
            self.found.warning(Code.HIDDEN, f"该单元格{why}，其中的内容“{cell_text(value)[:20]}”已读取；"
                               "请确认是否有意填写", sheet, cell)
        if (sheet, cell) in self.facts.formulas:
            return _formula_result(self.found, self.facts.formulas[(sheet, cell)], value, text, (sheet, cell))
        return value

    def text(self, sheet: str, cell: str) -> str:
        text, removed = clean_text(cell_text(self.read(sheet, cell, text=True)))
        if removed:
            self.found.warning(Code.INVISIBLE_CHARS, "该单元格含有不可见的控制字符，已删除；请核对文字是否完整", sheet, cell)
        self.text_read += len(text)
        if len(text) > MAX_CELL_TEXT:
            self.found.error(Code.TEXT_TOO_LONG, f"该单元格有{len(text)}字，超过{MAX_CELL_TEXT}字的上限；请精简后重新报送",
                             sheet, cell)
            return ""
        if self.text_read > MAX_FILE_TEXT:
            self.found.error(Code.TEXT_TOO_LONG, f"全表文字超过{MAX_FILE_TEXT}字的上限；请精简后重新报送", sheet, cell)
            return ""
        return text

    def number(self, sheet: str, cell: str, label: str, required: bool, top: float | None,
               percent: bool = False) -> float | None:
        value = self.read(sheet, cell)
        if value is None:
            if required:
                self.found.error(Code.REQUIRED, f"请填写{label}", sheet, cell)
            return None
        if (sheet, cell) in self.facts.percent and isinstance(value, int | float) and not isinstance(value, bool):
            value = _as_shown(self.found, value, sheet, cell, percent)
        number, code, message = parse_number(value)
        if number is None:
            self.found.error(code, message, sheet, cell)
            return None
        if number < 0 or (top is not None and number > top):
            limit = f"0–{cell_text(top)}" if top is not None else "不小于 0"
            self.found.error(Code.OUT_OF_RANGE, f"{label} {cell_text(number)} 超出合理范围（应为 {limit}），请核实", sheet, cell)
            return None
        return number


def _as_shown(found: Findings, value: float, sheet: str, cell: str, percent: bool) -> float:
    """A percentage cell stores 79.3% as 0.793: read it as the 79.3 the sender saw, for a measure in %."""
    if not percent:
        found.warning(Code.PERCENT_FORMAT, f"该单元格设成了百分比格式，但本指标不以%计，已按单元格中的数值"
                      f" {cell_text(value)} 读取，请核实", sheet, cell)
        return value
    shown = round(value * 100, 10)
    found.warning(Code.PERCENT_FORMAT, f"该单元格为百分比格式，已按显示的 {cell_text(shown)} 读取", sheet, cell)
    return shown


def read_values(reader: CellReader, identity: Identity, plan: Plan) -> None:
    """Every row's values and the contact block into the submission."""
    for ref in identity.rows:
        item_id = plan.measures_by_id[ref.id].item_id if ref.kind == MEASURES else ref.id
        answers = plan.answers(identity.unit, item_id)  # it leads, or the notice names no lead for the item
        if ref.kind == MEASURES:
            _measure(reader, plan, ref, identity.final, answers)
        else:
            _task(reader, ref, identity.final, answers, plan.info.words.term)
    _contact(reader, identity, plan.years)


def _measure(reader: CellReader, plan: Plan, ref: RowRef, final: bool, lead: bool) -> None:
    m = plan.measures_by_id[ref.id]
    value = reader.number(ref.sheet, ref.cell("value"), f"{m.metric}本年度完成值", lead, m.max_value, m.unit == "%")
    if value is not None and m.unit in WHOLE_UNITS and value != int(value):
        reader.found.warning(Code.NOT_WHOLE, f"{m.metric}以“{m.unit}”计，{cell_text(value)} 不是整数，已照填读取，请核实",
                             ref.sheet, ref.cell("value"))
    baseline = None
    if not ref.baseline_on_record:
        label = f"{m.metric}{plan.info.base_year}年基数"
        baseline = reader.number(ref.sheet, ref.cell("baseline"), label, lead, m.max_value, m.unit == "%")
    note = reader.text(ref.sheet, ref.cell("note"))
    summary = reader.text(ref.sheet, ref.cell("summary")) if final else ""
    if final and lead and not summary:
        reader.found.warning(Code.NO_SUMMARY, f"未填写{m.metric}的{plan.info.words.term}完成情况总结，建议补充", ref.sheet,
                             ref.cell("summary"))
    if value is None and not lead and not note and not summary:
        return  # a responsible unit without its own figure: nothing to record
    reader.found.sub.measures[ref.id] = MeasureCells(ref.role, value, baseline, reader.text(ref.sheet, ref.cell("source")),
                                                     note, summary, ref.cell("value"))


def _task(reader: CellReader, ref: RowRef, final: bool, lead: bool, term: str) -> None:
    """A task's row; ``term``: what its summary column calls the plan's time (规划期, or 全年 in a plan of one year)."""
    found = reader.found
    status = reader.text(ref.sheet, ref.cell("status"))
    choices = statuses(final)
    if status and status not in choices:
        found.error(Code.BAD_STATUS, f"进展状态“{status}”无效，只能是：{'、'.join(choices)}", ref.sheet, ref.cell("status"))
        status = ""
    elif not status and lead:
        found.error(Code.REQUIRED, "请选择进展状态", ref.sheet, ref.cell("status"))
    work = reader.text(ref.sheet, ref.cell("work"))
    if not work and lead:
        found.error(Code.REQUIRED, "请填写主要工作及成效", ref.sheet, ref.cell("work"))
    elif not work:
        found.warning(Code.NO_WORK, "未填写本单位承担的工作，建议补充", ref.sheet, ref.cell("work"))
    summary = reader.text(ref.sheet, ref.cell("summary")) if final else ""
    if final and lead and not summary:
        found.error(Code.REQUIRED, f"请填写{term}工作总结", ref.sheet, ref.cell("summary"))
    found.sub.tasks[ref.id] = TaskCells(ref.role, status, work, reader.text(ref.sheet, ref.cell("figures")),
                                        reader.text(ref.sheet, ref.cell("problems")),
                                        reader.text(ref.sheet, ref.cell("plans")), summary)


def _contact(reader: CellReader, identity: Identity, years: range) -> None:
    contact = {}
    for key, label in CONTACT_FIELDS:
        sheet, cell = identity.contact[key]
        value = reader.read(sheet, cell)
        if key == "date":
            date = parse_date(value) if value is not None else None
            if value is None:
                reader.found.warning(Code.NO_DATE, "未填写填报日期，请补填（多次报送时以收到的先后为准）", sheet, cell)
            elif date is None:
                reader.found.error(Code.BAD_DATE, f"“{cell_text(value)}”不是日期，请按 {identity.year + 1}-01-15 这样的格式填写", sheet, cell)
            elif not years.start <= date.year <= years.stop:  # a year's form is filled that year or the next
                reader.found.warning(Code.DATE_OUTSIDE, f"填报日期 {date.isoformat()} 不在规划期（{years.start}—"
                                     f"{years.stop}年）内，请核实", sheet, cell)
            contact[key] = date.isoformat() if date else ""
        else:
            contact[key] = reader.text(sheet, cell)
            if not contact[key] and key in ("reporter", "phone"):
                reader.found.error(Code.REQUIRED, f"请填写{label}", sheet, cell)
    reader.found.sub.contact = contact
    reader.found.sub.filled_on = contact.get("date", "")
