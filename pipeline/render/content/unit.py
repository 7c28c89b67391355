"""What a unit's summary says: what the unit itself sent, item by item, beside what the report counts, for
the unit to check before the report goes out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.intake.status import UnitStatus
from pipeline.merge.model import ItemView, MeasureResult, OwnSubmission, UnitSlice
from pipeline.plan.identity import PlanInfo
from pipeline.plan.words import Words
from pipeline.render.content.measures import goal_cell
from pipeline.render.content.numbers import amount, distinct
from pipeline.render.content.tables import table
from pipeline.render.content.words import clean, cn_number, full_stop, unit_list, who
from pipeline.render.document import Table
from pipeline.settings import YearConfig
from pipeline.terms import NOT_REPORTED, ItemKind, Outcome, Role
from pipeline.util.templates import Context
from pipeline.util.text import cn_date


def received_sentence(unit: UnitStatus) -> str:
    """Every version received, and which one counts."""
    labels = {Outcome.ACCEPTED: "已接收", Outcome.WARNED: "已接收，有提示", Outcome.REJECTED: "已退回"}
    versions = [f"《{r.file}》（" + (f"{cn_date(r.received_at[:10])}收到，" if r.received_at else "")
                + labels[r.outcome] + "）" for r in unit.received]
    counted = next((r.file for r in unit.received if r.counts), "")
    text = f"共收到贵单位报送的填报表{len(versions)}份：{'、'.join(versions)}。"
    return text + (f"全市汇总采用《{counted}》。" if counted and len(versions) > 1 else "")


def role_word(role: str, led: bool) -> str:
    """'牵头', '参与', or for an item the notice gives no lead, '负责'."""
    return "牵头" if role == Role.LEAD else "参与" if led else "负责"


def measure_line(m: MeasureResult, own: OwnSubmission | None, unit: str, role: str, final: bool) -> str:
    sent = own.measures.get(m.id) if own else None
    head = f"{m.metric}（{role_word(role, m.led)}）："
    if sent is None or sent.value is None:
        text = head + ("贵单位未填报数值" if sent is None else "贵单位未填报数值，说明为：" + full_stop(sent.note)[:-1])
    else:
        text = head + f"贵单位报{amount(sent.value, m.unit)}"
        if role != Role.LEAD and m.value is not None and any(d.unit == unit for d in m.disagreements):
            _, lead, _ = distinct(sent.value, m.value, m.unit)
            w = who(m)
            text += f"，{w}{m.reported_by}报{lead}，两者不一致，全市汇总采用{w}的数据，请与{w}核实"
    verdict = m.verdict if final else m.progress
    return text + f"；全市汇总{'终期结果' if final else '进度'}：{verdict}。"


def item_line(i: ItemView, own: OwnSubmission | None, role: str, final: bool) -> str:
    sent = own.tasks.get(i.id) if own else None
    head = f"{i.title}（{role_word(role, i.led)}）："
    if sent is None:
        return head + "贵单位未报送。"
    text = head + (f"贵单位报告进展状态为{sent.status}。" if sent.status else "")
    text += full_stop(sent.summary if final and sent.summary else sent.work) or "未填写工作情况。"
    if role != Role.LEAD and i.led:
        text += f"牵头单位{unit_list(i.lead, 2)}报告的进展为{i.verdict or i.status}。" if i.lead else ""
    elif role != Role.LEAD:
        text += f"综合各责任单位的报送，全市汇总的进展为{i.verdict or i.status}。"
    return text


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
    reporter: str
    phone: str
    measure_lines: list[str]
    item_lines: list[str]
    cn: Callable[[int], str] = cn_number


def unit_context(data: UnitSlice, config: YearConfig, info: PlanInfo) -> UnitContext:
    """A unit summary's words, from the unit's slice of the year alone."""
    roles, own, final = data.roles, data.own, data.final
    contact = own.contact if own else {}
    scope, share = _scope(data)
    return UnitContext(
        data.year, config, info, final, data.sample, data.words, data.unit, scope, share,
        cn_date(config.check_date), cn_date(config.correction_deadline),
        received_sentence(data.unit) if data.unit.received else "", clean(contact.get("reporter")),
        clean(contact.get("phone")),
        [measure_line(m, own, data.unit.unit, roles[m.item_id], final) for m in data.measures],
        [item_line(i, own, roles[i.id], final) for i in data.items])


def unit_tables(data: UnitSlice, info: PlanInfo) -> dict[str, Table]:
    final, own, roles = data.final, data.own, data.roles
    sent = own.measures if own else {}
    rows = [[m.id, m.metric, roles[m.item_id], m.unit or "—", goal_cell(m),
             amount(sent[m.id].value if m.id in sent else None), amount(m.value), m.verdict if final else m.progress]
            for m in data.measures]
    measures = table(["编号", "指标", "角色", "计量单位", f"{info.target_year}年目标", "贵单位报送值", "全市汇总值",
                      "终期结果" if final else "进度"], rows,
                     ["center", "left", "center", "center", "right", "right", "right", "center"], "table_small")
    tasks = own.tasks if own else {}
    rows = [[i.id, i.title, roles[i.id], (tasks[i.id].status if i.id in tasks else "") or NOT_REPORTED,
             i.verdict or i.status] for i in data.items]
    heading = "牵头单位报告的进展" if all(i.led for i in data.items) else "全市汇总的进展"
    items = table(["编号", "事项", "角色", "贵单位报告的进展", heading], rows,
                  ["center", "left", "center", "center", "center"])
    return {"measures": measures, "items": items}
