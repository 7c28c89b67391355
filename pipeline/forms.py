"""Per-unit Excel forms (issue 3): exactly the unit's items, locked descriptions, input checks."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.config import YearConfig
from pipeline.files import atomic_write, stable_zip
from pipeline.formspec import (
    CONTACT_FIELDS,
    FIRST_ROW,
    FORM_TITLE,
    FORM_VERSION,
    GUIDE_SHEET,
    HEADER_ROW,
    MEASURE_COLUMNS,
    MEASURE_SHEET,
    META_SHEET,
    STATUSES,
    TASK_COLUMNS,
    TASK_SHEET,
    Column,
    Identity,
    RowRef,
    column_letter,
    layout_checksum,
)
from pipeline.plan import Plan
from pipeline.registry import Unit

FONT = "宋体"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNLOCKED = Protection(locked=False)


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


def _setup_sheet(ws: Worksheet, title: str, subtitle: str, columns: tuple[Column, ...]) -> None:
    last = column_letter(ws.title, columns[-1].key)
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws["A1"] = title
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    ws["A1"].alignment = CENTER
    ws["A2"] = subtitle
    ws["A2"].font = Font(name=FONT, size=10)
    ws.row_dimensions[1].height = 28
    for n, col in enumerate(columns):
        letter = "ABCDEFGHIJ"[n]
        ws.column_dimensions[letter].width = col.width
        cell = ws[f"{letter}{HEADER_ROW}"]
        cell.value = col.header
        cell.font = Font(name=FONT, size=10, bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = CENTER
        cell.border = BOX
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.print_title_rows = f"1:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _style_row(ws: Worksheet, row: int, columns: tuple[Column, ...], height: float) -> None:
    for n, col in enumerate(columns):
        cell = ws.cell(row=row, column=n + 1)
        cell.font = Font(name=FONT, size=10)
        cell.alignment = WRAP if col.width > 14 else CENTER
        cell.border = BOX
        if col.is_input:
            cell.fill = INPUT_FILL
            cell.protection = UNLOCKED
    ws.row_dimensions[row].height = height


def _protect(ws: Worksheet, password: str) -> None:
    ws.protection.sheet = True
    if password:
        ws.protection.password = password
    # Let agencies widen rows and columns for long text; everything else stays locked.
    ws.protection.formatRows = False
    ws.protection.formatColumns = False


def _guide(ws: Worksheet, plan: Plan, unit: Unit, config: YearConfig, roles: dict[str, str]) -> None:
    lead = sum(1 for r in roles.values() if r == "牵头")
    lines = [
        (f"{config.year}年度{FORM_TITLE}", "title"),
        (f"填报单位：{unit.full}", ""),
        (f"依据：柳政发〔2018〕30号《柳州市落实广西循环经济发展“十三五”规划主要目标和重点任务分工方案》。"
         f"本表列出贵单位牵头的 {lead} 项、作为责任单位参与的 {len(roles) - lead} 项事项。", ""),
        ("一、填写什么", "head"),
        ("1.“目标指标”表：填写本年度完成值（只填数字，计量单位见表中）和数据来源；"
         "2015年基数栏为黄色时，说明尚无核定基数，请一并填写。牵头单位必填，责任单位有数据的请填写。", ""),
        ("2.“重点任务和示范工程”表：选择进展状态，填写主要工作及成效、关键数据、存在问题和下一年度工作计划。"
         "牵头单位写全面情况，责任单位写本单位承担部分。", ""),
        ("3. 表尾填写填报人、联系电话、单位负责人和填报日期。", ""),
        ("二、进展状态的含义", "head"),
        ("已完成：年度任务或规划目标已经完成。", ""),
        ("按计划推进：按进度推进，能够按期完成。", ""),
        ("进度滞后：落后于计划进度，需要说明原因和措施。", ""),
        ("未启动：尚未开展工作，需要说明原因。", ""),
        ("三、注意事项", "head"),
        ("1. 只在黄色单元格填写。请勿增删行列、调整顺序、修改编号或改动工作表，否则系统无法识别本表。", ""),
        ("2. 数值栏只填阿拉伯数字，不要填“约”“%”等文字或单位；没有数据的请留空并在“说明”栏写明原因。", ""),
        ("3. 可用 Excel、WPS 或 LibreOffice 填写，保存为原格式（.xlsx）后报送；如需修改，重新报送整张表即可，以最后一次为准。", ""),
        (f"报送截止时间：{config.deadline}。", "head"),
        (f"联系方式：{config.form_contact}。", ""),
    ]
    ws.column_dimensions["A"].width = 110
    for n, (text, kind) in enumerate(lines, 1):
        cell = ws.cell(row=n, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if kind == "title" else None)
        cell.font = Font(name=FONT, size=16 if kind == "title" else 11, bold=kind in ("title", "head"))
        ws.row_dimensions[n].height = 32 if kind == "title" else (30 if len(text) > 55 else 18)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


def build_form(plan: Plan, unit: Unit, config: YearConfig, sample: bool = False) -> tuple[Workbook, Identity]:
    """The unit's form for the year, as an openpyxl workbook, and the identity it carries."""
    roles = plan.roles(unit.short)
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    _guide(guide, plan, unit, config, roles)
    identity = Identity(FORM_TITLE, FORM_VERSION, plan.plan_id, config.year, unit.short, unit.full, sample, "")
    subtitle = f"填报单位：{unit.full}　　报告年度：{config.year}年　　黄色单元格为填写区，其余内容请勿改动"
    title = f"{config.year}年度循环经济目标任务完成情况填报表"

    measures = [(m, roles[m.item_id]) for m in plan.measures if m.item_id in roles]
    tasks = [(i, roles[i.id]) for i in plan.items if i.kind != "indicator" and i.id in roles]
    data_sheets = []
    if measures:
        ws = wb.create_sheet(MEASURE_SHEET)
        data_sheets.append(ws)
        _setup_sheet(ws, f"{title}（一）目标指标", subtitle, MEASURE_COLUMNS)
        values, baselines = [], []
        for row, (m, role) in enumerate(measures, FIRST_ROW):
            ws.append([m.id, m.metric, role, m.describe_target(), m.unit or "—", m.baseline])
            _style_row(ws, row, MEASURE_COLUMNS, 32)
            identity.rows.append(RowRef(MEASURE_SHEET, row, m.id, role, m.baseline is not None))
            if m.baseline is not None:  # on record: shown, not asked
                ws[f"F{row}"].protection = Protection(locked=True)
                ws[f"F{row}"].fill = PatternFill()
            else:
                baselines.append(f"F{row}")
            values.append((f"G{row}", m))
        for cell, m in values:
            top = m.max_value
            dv = DataValidation(
                type="decimal", operator="between" if top is not None else "greaterThanOrEqual",
                formula1="0", formula2=str(top) if top is not None else None,
                promptTitle="本年度完成值", prompt=f"只填数字，计量单位：{m.unit or '见指标'}",
                errorTitle="请填写数字", error=f"请填写 0{'–' + str(int(top)) if top is not None else ' 以上'} 之间的数字，不要带单位或文字",
            )
            _validation(ws, dv, [cell])
        _validation(ws, DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                       promptTitle="2015年基数", prompt="尚无核定基数，请填写2015年数值（只填数字）",
                                       errorTitle="请填写数字", error="请填写不小于 0 的数字"), baselines)
    if tasks:
        ws = wb.create_sheet(TASK_SHEET)
        data_sheets.append(ws)
        _setup_sheet(ws, f"{title}（二）重点任务和示范工程", subtitle, TASK_COLUMNS)
        for row, (item, role) in enumerate(tasks, FIRST_ROW):
            ws.append([item.id, f"【{item.kind_label}·{item.area}】{item.text}", role])
            _style_row(ws, row, TASK_COLUMNS, max(60, 15 * (len(item.text) // 26 + 2)))
            identity.rows.append(RowRef(TASK_SHEET, row, item.id, role))
        last = FIRST_ROW + len(tasks) - 1
        _validation(ws, DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"',
                                       promptTitle="进展状态", prompt="从下拉列表中选择",
                                       errorTitle="进展状态无效", error="请从下拉列表中选择：" + "、".join(STATUSES)),
                    [f"D{FIRST_ROW}:D{last}"])

    # The contact block closes the last data sheet, like the signature lines of a paper form.
    ws = data_sheets[-1]
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
            _validation(ws, DataValidation(type="date", operator="between", formula1="DATE(2016,1,1)",
                                           formula2="DATE(2031,12,31)", promptTitle="填报日期",
                                           prompt="例如 2020-01-15", errorTitle="日期无效",
                                           error="请填写日期，例如 2020-01-15"), [cell.coordinate])
    ws.row_dimensions[row].height = 24

    identity.layout_sha256 = layout_checksum(identity, lambda sheet, cell: wb[sheet][cell].value)
    meta = wb.create_sheet(META_SHEET)
    for values in identity.to_rows():
        meta.append(list(values))
    meta.sheet_state = "veryHidden"
    for ws in [guide, meta, *data_sheets]:
        _protect(ws, config.form_password)
    wb.security.lockStructure = True  # no sheets added, removed, renamed or unhidden
    if config.form_password:
        wb.security.workbookPassword = config.form_password
    stamp = dt.datetime.combine(config.doc_date, dt.time())
    wb.properties.creator = config.issuer
    wb.properties.title = f"{config.year}年度填报表（{unit.short}）"
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.lastModifiedBy = config.issuer
    return wb, identity


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as xlsx bytes, identical for identical content."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return stable_zip(buffer.getvalue())


def write_forms(plan: Plan, config: YearConfig, folder: Path) -> list[Path]:
    paths = []
    for unit in plan.registry.reporting_units:
        wb, _ = build_form(plan, unit, config)
        path = folder / form_filename(config.year, unit.short)
        atomic_write(path, workbook_bytes(wb))
        paths.append(path)
    return paths
