"""What a unit's summary says: what the unit itself sent, item by item, beside what the report counts, for
the unit to check before the report goes out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.intake.status import UnitStatus, Version
from pipeline.merge.model import ItemView, MeasureResult, OwnSubmission, UnitSlice
from pipeline.plan.identity import PlanInfo
from pipeline.plan.words import Words
from pipeline.render.content.measures import goal_cell
from pipeline.render.content.numbers import amount
from pipeline.render.content.tables import table
from pipeline.render.content.words import clean, cn_number, full_stop, unit_list, who
from pipeline.render.document import Table
from pipeline.settings import YearConfig
from pipeline.terms import NOT_REPORTED, ItemKind, Outcome, Role
from pipeline.util.templates import Context
from pipeline.util.text import cn_date

LABELS = {Outcome.ACCEPTED: "已接收", Outcome.WARNED: "已接收，有提示", Outcome.REJECTED: "已退回"}


def received_sentence(unit: UnitStatus) -> str:
    """Every version received, and which one counts (named by its file; the others by when they came)."""
    def came(r: Version) -> str:
        return f"{cn_date(r.received_at[:10])}收到" if r.received_at else "收到"

    if len(unit.received) == 1:
        only = unit.received[0]
        return f"收到贵单位报送的《{only.file}》（{came(only)}，{LABELS[only.outcome]}）。"
    counted = next((r for r in unit.received if r.counts), None)
    text = f"共收到贵单位报送的填报表{len(unit.received)}份"
    text += f"，全市汇总采用{came(counted)}的《{counted.file}》" if counted else ""
    others = [f"{came(r)}的一份{LABELS[r.outcome]}" for r in unit.received if r is not counted]
    return text + ("；另有" if counted else "：") + "、".join(others) + "。"


def role_word(role: str, led: bool) -> str:
    """'牵头', '参与', or for an item the notice gives no lead, '负责'."""
    return "牵头" if role == Role.LEAD else "参与" if led else "负责"


@dataclass(frozen=True)
class CheckRow:
    """A row of a unit's check sheet (编号, 事项, 角色, 贵单位报送, 全市汇总采用, 差异), and what its 差异 stands for:
    the letter names those rows."""

    cells: list[str]
    differs: bool = False  # the unit's figure is not the one that counts
    missing: bool = False  # the unit answers for it and sent nothing

    @property
    def id(self) -> str:
        return self.cells[0]


def measure_row(m: MeasureResult, own: OwnSubmission | None, unit: str, role: str, final: bool) -> CheckRow:
    sent = own.measures.get(m.id) if own else None
    blank = sent is None or sent.value is None
    given = ("未填报数值" + (f"，说明：{full_stop(sent.note)[:-1]}" if sent is not None and sent.note else "")
             if blank else amount(sent.value, m.unit))
    counted = amount(m.value, m.unit) if m.value is not None else "无数据"
    if m.value is not None and m.reported_by != unit:
        counted += f"（{m.reported_by}报）"
    differs = not blank and role != Role.LEAD and m.value is not None and any(d.unit == unit for d in m.disagreements)
    missing = blank and (role == Role.LEAD or not m.led)
    difference = f"不一致，请与{who(m)}核实" if differs else "未填报" if missing else "—"
    return CheckRow([m.id, f"{m.metric}（{goal_cell(m)}{m.unit}）", role_word(role, m.led), given,
                     f"{counted}；{m.verdict if final else m.progress}", difference], differs, missing)


def item_row(i: ItemView, own: OwnSubmission | None, role: str, final: bool) -> CheckRow:
    sent = own.tasks.get(i.id) if own else None
    if sent is None:
        given = NOT_REPORTED
    else:
        words = full_stop(sent.summary if final and sent.summary else sent.work) or "未填写工作情况。"
        given = (f"{sent.status}。" if sent.status else "未选进展状态。") + words
    city = i.verdict or i.status
    if role == Role.LEAD:
        counted = f"{city}（采用贵单位报送）"
    elif i.led:
        counted = f"{city}（牵头单位{unit_list(i.lead, 2)}报）" if i.lead else city
    else:
        counted = f"{city}（综合各责任单位的报送）"
    # a share's own status beside the lead's is no difference; not reporting what it answers for is
    missing = sent is None and (role == Role.LEAD or not i.led)
    return CheckRow([i.id, i.title, role_word(role, i.led), given, counted, NOT_REPORTED if missing else "—"],
                    missing=missing)


def _scope(data: UnitSlice) -> tuple[str, str]:
    """What the unit has on the plan ('3项目标指标（5个可度量目标）、4项重点任务和示范工程') and in what role
    ('牵头2项、作为责任单位参与5项')."""
    roles, words = data.roles, data.words
    led = {i.id: i.led for i in data.items} | {m.item_id: m.led for m in data.measures}
    n_lead = sum(1 for r in roles.values() if r == Role.LEAD)
    n_alone = sum(1 for k, r in roles.items() if r != Role.LEAD and not led.get(k, True))
    n_indicators = len({m.item_id for m in data.measures})
    counted = f"{n_indicators}项{words.indicator}（{len(data.measures)}个可度量目标）" \
        if all(m.item_kind == ItemKind.INDICATOR for m in data.measures) else f"{len(data.measures)}个可度量目标"
    scope = [p for p in (counted if n_indicators else "",
                         f"{len(data.items)}项{words.items_sheet}" if data.items else "") if p]
    parts = [p for p in (f"牵头{n_lead}项" if n_lead else "", f"负责{n_alone}项" if n_alone else "",
                         f"作为责任单位参与{len(roles) - n_lead - n_alone}项" if len(roles) > n_lead + n_alone else "")
             if p]
    return "、".join(scope), "、".join(parts)


@dataclass(frozen=True)
class UnitContext(Context):
    """What ``unit.txt.j2`` may use."""

    year: int
    config: YearConfig
    info: PlanInfo
    final: bool
    sample: bool
    words: Words
    unit: UnitStatus
    scope: str
    share: str
    date: str
    deadline: str  # for the unit's corrections
    received: str  # the versions received, in a sentence
    reporter: str  # who filled the form in, as it says
    differing: list[str]  # the ids whose figure differs from the one that counts
    unreported: list[str]  # the ids the unit answers for and left without a figure or a report
    cn: Callable[[int], str] = cn_number


def check_rows(data: UnitSlice) -> list[CheckRow]:
    """The check sheet: a row per measure, then per task and project, the unit is on."""
    roles, own, final, unit = data.roles, data.own, data.final, data.unit.unit
    return [*(measure_row(m, own, unit, roles[m.item_id], final) for m in data.measures),
            *(item_row(i, own, roles[i.id], final) for i in data.items)]


def unit_context(data: UnitSlice, config: YearConfig, info: PlanInfo) -> UnitContext:
    """A unit summary's words, from the unit's slice of the year alone."""
    own = data.own
    contact = own.contact if own else {}
    scope, share = _scope(data)
    rows = check_rows(data)
    return UnitContext(
        data.year, config, info, data.final, data.sample, data.words, data.unit, scope, share,
        cn_date(config.check_date), cn_date(config.correction_deadline),
        received_sentence(data.unit) if data.unit.received else "", clean(contact.get("reporter")),
        [r.id for r in rows if r.differs], [r.id for r in rows if r.missing])


def unit_tables(data: UnitSlice, info: PlanInfo) -> dict[str, Table]:
    """The check sheet as the attachment's table (small type, the header repeated on every page)."""
    rows = [r.cells for r in check_rows(data)]
    return {"check": table(["编号", "事项", "角色", "贵单位报送", "全市汇总采用", "差异"], rows,
                           ["center", "left", "center", "left", "left", "left"], "table_small")}
