"""Is this the unit's form for this year and plan, with its layout intact? (Never judged by file name.)"""

from __future__ import annotations

from pipeline.forms.layout import (
    FORM_KIND,
    FORM_VERSION,
    HEADER_ROW,
    MEASURES,
    META_SHEET,
    Column,
    Identity,
    cell_text,
    column_letter,
    layout_text,
    sheet_columns,
)
from pipeline.forms.signing import SAMPLE_KEY, FormKeys, key_id, verify
from pipeline.intake.codes import Code
from pipeline.intake.findings import Findings
from pipeline.intake.grid import Grid
from pipeline.plan import Plan
from pipeline.plan.history import Change
from pipeline.util.text import cn_date


def read_identity(grid: Grid, found: Findings) -> Identity | None:
    if META_SHEET not in grid.sheets:
        found.error(Code.NO_IDENTITY, "这不是本次下发的填报表（缺少表内识别信息），请使用下发的填报表填写，不要复制到新文件")
        return None
    try:
        return Identity.from_rows(grid.rows(META_SHEET))
    except (KeyError, ValueError, IndexError):
        found.error(Code.IDENTITY_EDITED, "表内身份信息被改动或不完整，已拒收；请使用下发的原表重新填写", META_SHEET)
        return None


def check_signature(identity: Identity, keys: FormKeys, found: Findings) -> bytes | None:
    """The key the identity is signed with, when its signature holds; else why the form is refused."""
    key = SAMPLE_KEY if identity.sample else keys.drc
    if key is None:
        found.error(Code.NO_KEY, "本机没有填报表签名密钥（inputs/plan/form.key），无法核验这张表；请从备份恢复密钥文件后重新收件")
    elif identity.key_id != key_id(key):
        found.error(Code.OTHER_KEY, "这张表是用另一把签名密钥签发的（不是本机下发的填报表，可能来自其他电脑或其他配置），"
                    "已拒收；请使用本次下发的填报表填写", META_SHEET)
    elif not verify(key, identity.payload(), identity.signature):
        found.error(Code.IDENTITY_EDITED, "表内身份信息被改动（单位、年度、事项或角色与签发时不一致），已拒收；请使用下发的原表填写",
                    META_SHEET)
    else:
        return key
    return None


def check_identity(identity: Identity, plan: Plan, year: int, found: Findings) -> bool:
    """The form, plan, year, unit and item list the identity names are this collection's."""
    found.sub.unit, found.sub.year, found.sub.sample = identity.unit, identity.year, identity.sample
    if identity.form != FORM_KIND or identity.version != FORM_VERSION:
        found.error(Code.WRONG_FORM, f"这是其他表格（{identity.form} 第{identity.version}版），请使用本年度下发的填报表")
    elif identity.plan_id != plan.plan_id:
        found.error(Code.OTHER_PLAN, "这张表依据的分工方案与当前方案不同（可能是旧版表格），请使用本年度下发的填报表")
    elif identity.year != year or identity.final != plan.info.is_final(year):
        found.error(Code.WRONG_YEAR, f"这是 {identity.year} 年度的填报表，本次收集的是 {year} 年度；请使用 {year} 年度填报表")
    elif plan.registry.resolve(identity.unit) is None:
        found.error(Code.UNKNOWN_UNIT, f"表中的填报单位“{identity.unit}”不在单位登记表中")
    elif (ended := plan.registry.history.ended(identity.unit, plan.year)) is not None:
        return _handed_over(identity, plan, ended, found)
    elif _listed_items(identity, plan) != set(plan.roles(identity.unit)):
        found.error(Code.IDENTITY_EDITED, "表中的事项清单与本单位的分工不一致，请使用本年度下发的填报表")
    else:
        return True
    return False


def _handed_over(identity: Identity, plan: Plan, change: Change, found: Findings) -> bool:
    """A form signed under a unit's old name during a change-over (机构改革): taken as its successor's when one
    unit took over everything it listed, with a word; a form of a unit whose items were divided is refused."""
    items = _listed_items(identity, plan)
    successors = {plan.registry.history.successor(identity.unit, i, plan.year) for i in items}
    old = plan.registry.get(identity.unit).name
    if len(successors) != 1:
        found.error(Code.FORMER_UNIT, f"{old}已于{cn_date(change.on.isoformat())}起拆分，其事项分别由"
                    f"{'、'.join(sorted(plan.registry.get(u).name for u in successors))}承担；请使用新单位的填报表")
        return False
    successor = plan.registry.get(successors.pop())
    if not items <= set(plan.roles(successor.short)):
        found.error(Code.IDENTITY_EDITED, "表中的事项清单与本单位的分工不一致，请使用本年度下发的填报表")
        return False
    found.sub.unit = successor.short
    found.warning(Code.FORMER_UNIT, f"这是{old}的填报表；按机构改革，其事项自{cn_date(change.on.isoformat())}起由"
                  f"{successor.name}承担，本表已作为{successor.name}的报送接收。下次请使用{successor.name}的填报表")
    return True


def _listed_items(identity: Identity, plan: Plan) -> set[str]:
    return {plan.measures_by_id[r.id].item_id if r.kind == MEASURES else r.id
            for r in identity.rows if r.kind != MEASURES or r.id in plan.measures_by_id}


def check_layout(grid: Grid, identity: Identity, plan: Plan, key: bytes, found: Findings) -> bool:
    """The locked cells are as the form was made (their signature holds); else name the first thing moved,
    inserted or changed."""
    def read(sheet: str, cell: str) -> object:
        return grid.value(sheet, cell) if sheet in grid.sheets else None

    columns = sheet_columns(plan.info, identity.final)
    if verify(key, layout_text(identity, columns, read), identity.layout_signature):
        return True
    if _columns_moved(grid, identity, columns, read, found) or _rows_moved(grid, identity, read, found):
        return False
    found.error(Code.LAYOUT_EDITED, "表格的锁定内容被改动，请使用下发的原表填写")
    return False


def _columns_moved(grid: Grid, identity: Identity, sheets: dict[str, tuple[Column, ...]], read,
                   found: Findings) -> bool:
    for kind, columns in sheets.items():
        sheet = identity.sheets[kind]
        if not any(r.kind == kind for r in identity.rows):
            continue
        if sheet not in grid.sheets:
            found.error(Code.SHEET_MISSING, f"工作表“{sheet}”被删除或改名", sheet)
            return True
        for col in columns:
            cell = f"{column_letter(kind, col.key)}{HEADER_ROW}"
            text = cell_text(read(sheet, cell))
            if text != col.header:
                found.error(Code.LAYOUT_COLUMNS,
                            f"表头应为“{col.header}”，现为“{text}”：表格的列被插入、删除或移动，请使用原表填写", sheet, cell)
                return True
    return False


def _rows_moved(grid: Grid, identity: Identity, read, found: Findings) -> bool:
    for ref in identity.rows:
        ids_in_column = {cell_text(r[0]): n + 1 for n, r in enumerate(grid.rows(ref.sheet)) if r}
        text = cell_text(read(ref.sheet, ref.cell("id")))
        if text == ref.id and cell_text(read(ref.sheet, ref.cell("role"))) == ref.role:
            continue
        if text == ref.id:
            found.error(Code.LAYOUT_EDITED, f"事项 {ref.id} 的“本单位角色”被改动（应为“{ref.role}”）", ref.sheet, ref.cell("role"))
        elif ref.id in ids_in_column:
            found.error(Code.LAYOUT_ROWS, f"事项 {ref.id} 应在第 {ref.row} 行，现在第 {ids_in_column[ref.id]} 行："
                        "行被插入、删除或移动，请使用原表填写", ref.sheet, ref.cell("id"))
        else:
            found.error(Code.LAYOUT_ROWS, f"事项 {ref.id} 的行被删除或编号被改动，请使用原表填写", ref.sheet, ref.cell("id"))
        return True
    return False
