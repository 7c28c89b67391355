"""Per-unit Excel forms: exactly the unit's items, locked descriptions, input checks, hidden identity."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.forms.guide import write_guide
from pipeline.forms.layout import (
    CONTACT_FIELDS,
    FIRST_ROW,
    FORM_KIND,
    FORM_VERSION,
    GUIDE_SHEET,
    HEADER_ROW,
    ITEMS,
    MEASURES,
    META_SHEET,
    Column,
    Identity,
    RowRef,
    column_letter,
    form_title,
    layout_text,
    sheet_columns,
    statuses,
)
from pipeline.forms.signing import FormKeys, key_id, sign
from pipeline.forms.style import BOX, CENTER, FONT, HEAD_FILL, INPUT_FILL, UNLOCKED, WRAP
from pipeline.plan import Measure, Plan
from pipeline.plan.identity import PlanInfo
from pipeline.plan.registry import Unit
from pipeline.settings import YearConfig
from pipeline.terms import ItemKind, Role
from pipeline.util.files import atomic_write
from pipeline.util.text import prose
from pipeline.util.workbook import a4_landscape, fit_rows, workbook_bytes


def form_filename(year: int, unit: str) -> str:
    return f"{year}年度_{unit}_填报表.xlsx"


def _validation(ws: Worksheet, dv: DataValidation, cells: list[str]) -> None:
    # openpyxl leaves prompts and error alerts off; without them Excel/WPS accept anything silently.
    if not cells:
        return
    dv.showErrorMessage = True
    dv.showInputMessage = True
    dv.errorStyle = "stop"
    dv.allow_blank = True
    ws.add_data_validation(dv)
    for cell in cells:
        dv.add(cell)


def _setup_sheet(ws: Worksheet, kind: str, title: str, subtitle: str, columns: tuple[Column, ...]) -> None:
    last = column_letter(kind, columns[-1].key)
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws["A1"] = title
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    ws["A1"].alignment = CENTER
    ws["A2"] = subtitle
    ws["A2"].font = Font(name=FONT, size=10)
    ws.row_dimensions[1].height = 28
    for col in columns:
        letter = column_letter(kind, col.key)
        ws.column_dimensions[letter].width = col.width
        cell = ws[f"{letter}{HEADER_ROW}"]
        cell.value = col.header
        cell.font = Font(name=FONT, size=10, bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = CENTER
        cell.border = BOX
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.print_title_rows = f"1:{HEADER_ROW}"
    a4_landscape(ws)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _style_row(ws: Worksheet, row: int, columns: tuple[Column, ...]) -> None:
    """Borders, fonts and the input fill. No row height: Excel, WPS and LibreOffice fit a wrapping row to its
    text on opening and as the unit types, so a long narrative is shown and printed whole."""
    for n, col in enumerate(columns):
        cell = ws.cell(row=row, column=n + 1)
        cell.font = Font(name=FONT, size=10)
        cell.alignment = WRAP if col.width > 14 else CENTER
        cell.border = BOX
        if col.is_input:
            cell.fill = INPUT_FILL
            cell.protection = UNLOCKED


def _value_check(m: Measure) -> DataValidation:
    top = m.max_value
    return DataValidation(
        type="decimal", operator="between" if top is not None else "greaterThanOrEqual",
        formula1="0", formula2=str(top) if top is not None else None,
        promptTitle="本年度完成值", prompt=f"只填数字，计量单位：{m.unit or '见指标'}",
        errorTitle="请填写数字",
        error=(f"本栏只填一个 0 到 {top:g} 之间的数字" if top is not None else "本栏只填一个不小于 0 的数字")
        + f"（计量单位{m.unit or '见指标'}已在表中注明），不要加“约”“%”、单位或文字。",
    )


def _measure_sheet(ws: Worksheet, rows: list[tuple[Measure, Role]], identity: Identity, info: PlanInfo,
                   columns: tuple[Column, ...]) -> None:
    baselines = []
    for row, (m, role) in enumerate(rows, FIRST_ROW):
        ws.append([m.id, prose(m.metric), str(role), prose(m.describe_target()), m.unit or "—", m.baseline])
        _style_row(ws, row, columns)
        ref = RowRef(ws.title, row, m.id, role, m.baseline is not None, MEASURES)
        identity.rows.append(ref)
        if m.baseline is not None:  # on record: shown, not asked
            ws[ref.cell("baseline")].protection = Protection(locked=True)
            ws[ref.cell("baseline")].fill = PatternFill()
        else:
            baselines.append(ref.cell("baseline"))
    for ref, (m, _) in zip(identity.rows[-len(rows):], rows):
        _validation(ws, _value_check(m), [ref.cell("value")])
    base = f"{info.base_year}年基数"
    _validation(ws, DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                   promptTitle=base, prompt=f"尚无核定基数，请填写{info.base_year}年数值（只填数字）",
                                   errorTitle="请填写数字", error="请填写不小于 0 的数字"), baselines)


def _task_sheet(ws: Worksheet, plan: Plan, rows: list[tuple[str, Role]], identity: Identity,
                columns: tuple[Column, ...]) -> None:
    for row, (item_id, role) in enumerate(rows, FIRST_ROW):
        item = plan.item(item_id)
        ws.append([item.id, f"【{plan.words.label(item.kind)}·{item.area}】{prose(item.text)}", str(role)])
        _style_row(ws, row, columns)
        identity.rows.append(RowRef(ws.title, row, item.id, role, kind=ITEMS))
    last = FIRST_ROW + len(rows) - 1
    choices = statuses(identity.final)
    status = column_letter(ITEMS, "status")
    _validation(ws, DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                   promptTitle="进展状态", prompt="从下拉列表中选择",
                                   errorTitle="进展状态无效", error="请从下拉列表中选择：" + "、".join(choices)),
                [f"{status}{FIRST_ROW}:{status}{last}"])


def _contact_block(ws: Worksheet, identity: Identity, info: PlanInfo) -> None:
    """The contact block closes the last data sheet, like the signature lines of a paper form."""
    row = ws.max_row + 2
    for n, (key, label) in enumerate(CONTACT_FIELDS):
        label_cell = ws.cell(row=row, column=1 + 2 * n, value=f"{label}：")
        label_cell.font = Font(name=FONT, size=10, bold=True)
        label_cell.alignment = Alignment(horizontal="right", vertical="center")
        cell = ws.cell(row=row, column=2 + 2 * n)
        cell.fill, cell.protection, cell.border = INPUT_FILL, UNLOCKED, BOX
        cell.font = Font(name=FONT, size=10)
        identity.contact[key] = (ws.title, cell.coordinate)
        if key == "date":
            cell.number_format = "yyyy-mm-dd"
            first, last = info.first_year, info.target_year + 2
            _validation(ws, DataValidation(type="date", operator="between", formula1=f"DATE({first},1,1)",
                                           formula2=f"DATE({last},12,31)", promptTitle="填报日期",
                                           prompt=f"例如 {identity.year + 1}-01-15", errorTitle="日期无效",
                                           error=f"请填写日期，例如 {identity.year + 1}-01-15"), [cell.coordinate])
    ws.row_dimensions[row].height = 24


def _protect(ws: Worksheet, password: str) -> None:
    ws.protection.sheet = True
    if password:
        ws.protection.password = password
    # Let agencies widen rows and columns for long text; everything else stays locked.
    ws.protection.formatRows = False
    ws.protection.formatColumns = False


def _seal(wb: Workbook, identity: Identity, columns: dict[str, tuple[Column, ...]], unit: Unit,
          config: YearConfig, key: bytes) -> None:
    """Sign the identity and the locked layout, write them into the very hidden sheet, lock every sheet and the
    structure, stamp the file."""
    identity.key_id = key_id(key)
    identity.signature = sign(key, identity.payload())
    identity.layout_signature = sign(key, layout_text(identity, columns, lambda sheet, cell: wb[sheet][cell].value))
    meta = wb.create_sheet(META_SHEET)
    for values in identity.to_rows():
        meta.append(list(values))
    meta.sheet_state = "veryHidden"
    for ws in wb.worksheets:
        _protect(ws, config.form_password)
    wb.security.lockStructure = True  # no sheets added, removed, renamed or unhidden
    if config.form_password:
        wb.security.workbookPassword = config.form_password
    stamp = dt.datetime.combine(config.doc_date, dt.time())
    wb.properties.creator = config.issuer
    wb.properties.title = f"{config.year}年度填报表（{unit.short}）"
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.lastModifiedBy = config.issuer


def build_form(plan: Plan, unit: Unit, config: YearConfig, keys: FormKeys, sample: bool = False
               ) -> tuple[Workbook, Identity]:
    """The unit's form for the year, as an openpyxl workbook, and the identity it carries (signed with the
    DRC's key, or the sample key for sample data)."""
    plan = plan.in_year(config.year)
    info, roles = plan.info, plan.roles(unit.short)
    final = info.is_final(config.year)
    columns = sheet_columns(info, final)
    wb = Workbook()
    wb.active.title = GUIDE_SHEET
    write_guide(wb.active, plan, unit, config, roles)
    words = plan.words
    identity = Identity(FORM_KIND, FORM_VERSION, plan.plan_id, config.year, unit.short, unit.name, sample, final,
                        sheets={MEASURES: words.measures_sheet, ITEMS: words.items_sheet})
    subtitle = f"填报单位：{unit.name}　　报告年度：{config.year}年　　黄色单元格为填写区，其余内容请勿改动"
    title = form_title(info, config.year)
    measures = [(m, roles[m.item_id]) for m in plan.measures if m.item_id in roles]
    tasks = [(i.id, roles[i.id]) for i in plan.items if i.kind != ItemKind.INDICATOR and i.id in roles]
    if measures:
        ws = wb.create_sheet(words.measures_sheet)
        _setup_sheet(ws, MEASURES, f"{title}（一）{words.measures_sheet}", subtitle, columns[MEASURES])
        _measure_sheet(ws, measures, identity, info, columns[MEASURES])
    if tasks:
        ws = wb.create_sheet(words.items_sheet)
        _setup_sheet(ws, ITEMS, f"{title}（二）{words.items_sheet}", subtitle, columns[ITEMS])
        _task_sheet(ws, plan, tasks, identity, columns[ITEMS])
    _contact_block(wb.worksheets[-1], identity, info)
    fit_form(wb)
    _seal(wb, identity, columns, unit, config, keys.for_form(sample))
    return wb, identity


def fit_form(wb: Workbook) -> None:
    """Every row of the guide and the data sheets as tall as its text (again after filling or marking)."""
    for ws in wb.worksheets:
        if ws.title != META_SHEET:
            fit_rows(ws, range(1, ws.max_row + 1))


def write_forms(plan: Plan, config: YearConfig, keys: FormKeys, folder: Path) -> list[Path]:
    paths, plan = [], plan.in_year(config.year)
    for unit in plan.reporting_units:
        wb, _ = build_form(plan, unit, config, keys)
        path = folder / form_filename(config.year, unit.short)
        atomic_write(path, workbook_bytes(wb))
        paths.append(path)
    return paths
