"""What a unit's summary says: what the unit itself sent, item by item, beside what the report counts, for
the unit to check before the report goes out."""

from __future__ import annotations

from pipeline.plan import Plan
from pipeline.plan.identity import PlanInfo
from pipeline.render.content.measures import goal_cell
from pipeline.render.content.numbers import amount, distinct
from pipeline.render.content.tables import table
from pipeline.render.content.words import clean, cn_number, full_stop, unit_list, who
from pipeline.render.document import Table
from pipeline.settings import YearConfig
from pipeline.terms import Outcome, Role
from pipeline.util.text import cn_date

SHOWN = ("id", "kind", "area", "title", "lead", "led", "status", "verdict")  # what a summary shows of others' items


def unit_slice(summary: dict, plan: Plan, unit: str) -> dict:
    """The part of the merged year a unit's summary is built from (and carries as its data)."""
    roles = plan.roles(unit)
    return {
        "year": summary["year"], "final": summary["final"], "sample": summary["sample"], "plan_id": summary["plan_id"],
        "words": summary["words"],
        "unit": next(u for u in summary["units"] if u["unit"] == unit),
        "own": summary["submissions"].get(unit, {}),
        "measures": [m for m in summary["measures"] if m["item_id"] in roles],
        "items": [{k: i[k] for k in SHOWN} for i in summary["items"] if i["id"] in roles],
        "roles": {k: str(v) for k, v in roles.items()},
    }


def received_sentence(unit: dict) -> str:
    """Every version received, and which one counts."""
    labels = {Outcome.ACCEPTED: "已接收", Outcome.WARNED: "已接收，有提示", Outcome.REJECTED: "已退回"}
    versions = [f"《{r['file']}》（" + (f"填报日期{cn_date(r['filled_on'])}，" if r["filled_on"] else "")
                + labels[Outcome(r["outcome"])] + "）" for r in unit["received"]]
    counted = next((r["file"] for r in unit["received"] if r["counts"]), "")
    text = f"共收到贵单位报送的填报表{len(versions)}份：{'、'.join(versions)}。"
    return text + (f"全市汇总采用《{counted}》。" if counted and len(versions) > 1 else "")


def role_word(role: str, led: bool) -> str:
    """'牵头', '参与', or for an item the notice gives no lead, '负责'."""
    return "牵头" if role == Role.LEAD else "参与" if led else "负责"


def measure_line(m: dict, own: dict, role: str, final: bool) -> str:
    sent = own.get("measures", {}).get(m["id"], {})
    value = sent.get("value")
    led = m.get("led", True)
    head = f"{m['metric']}（{role_word(role, led)}）："
    if value is None:
        text = head + ("贵单位未填报数值" if not sent else "贵单位未填报数值，说明为：" + full_stop(sent.get("note"))[:-1])
    else:
        text = head + f"贵单位报{amount(value, m['unit'])}"
        if role != Role.LEAD and m["value"] is not None and any(d["unit"] == own.get("unit_short") for d in m["disagreements"]):
            mine, lead, _ = distinct(value, m["value"], m["unit"])
            w = who(m)
            text += f"，{w}{m['reported_by']}报{lead}，两者不一致，全市汇总采用{w}的数据，请与{w}核实"
    verdict = m["verdict"] if final else m["progress"]
    return text + f"；全市汇总{'终期结果' if final else '进度'}：{verdict}。"


def item_line(i: dict, own: dict, role: str, final: bool) -> str:
    sent = own.get("tasks", {}).get(i["id"], {})
    head = f"{i['title']}（{role_word(role, i.get('led', True))}）："
    if not sent:
        return head + "贵单位未报送。"
    text = head + (f"贵单位报告进展状态为{sent['status']}。" if sent.get("status") else "")
    text += full_stop(sent.get("summary") if final and sent.get("summary") else sent.get("work")) or "未填写工作情况。"
    if role != Role.LEAD and i.get("led", True):
        text += f"牵头单位{unit_list(i['lead'], 2)}报告的进展为{i['verdict'] or i['status']}。" if i["lead"] else ""
    elif role != Role.LEAD:
        text += f"综合各责任单位的报送，全市汇总的进展为{i['verdict'] or i['status']}。"
    return text


def unit_context(data: dict, config: YearConfig, info: PlanInfo) -> dict:
    """A unit summary's words, from the unit's slice of the year (unit_slice) alone."""
    roles, own, final = data["roles"], {**data["own"], "unit_short": data["unit"]["unit"]}, data["final"]
    words = data["words"]
    led = {i["id"]: i.get("led", True) for i in data["items"]} | {m["item_id"]: m.get("led", True) for m in data["measures"]}
    n_lead = sum(1 for r in roles.values() if r == Role.LEAD)
    n_alone = sum(1 for k, r in roles.items() if r != Role.LEAD and not led.get(k, True))
    n_indicators = len({m["item_id"] for m in data["measures"]})
    counted = f"{n_indicators}项{words['indicator']}（{len(data['measures'])}个可度量目标）" \
        if all(m.get("item_kind", "indicator") == "indicator" for m in data["measures"]) else f"{len(data['measures'])}个可度量目标"
    scope = [p for p in (counted if n_indicators else "",
                         f"{len(data['items'])}项{words['items_sheet']}" if data["items"] else "") if p]
    parts = [p for p in (f"牵头{n_lead}项" if n_lead else "", f"负责{n_alone}项" if n_alone else "",
                         f"作为责任单位参与{len(roles) - n_lead - n_alone}项" if len(roles) > n_lead + n_alone else "")
             if p]
    contact = own.get("contact", {})
    return {
        "year": data["year"], "config": config, "info": info, "final": final, "sample": data["sample"],
        "words": words,
        "unit": data["unit"], "cn": cn_number, "scope": "、".join(scope), "share": "、".join(parts),
        "date": cn_date(config.check_date), "deadline": cn_date(config.correction_deadline),
        "received": received_sentence(data["unit"]) if data["unit"]["received"] else "",
        "reporter": clean(contact.get("reporter")), "phone": clean(contact.get("phone")),
        "measure_lines": [measure_line(m, own, roles[m["item_id"]], final) for m in data["measures"]],
        "item_lines": [item_line(i, own, roles[i["id"]], final) for i in data["items"]],
        "n_measures": len(data["measures"]), "n_tasks": len(data["items"]),
    }


def unit_tables(data: dict, info: PlanInfo) -> dict[str, Table]:
    final, own, roles = data["final"], data["own"], data["roles"]
    sent = own.get("measures", {})
    rows = [[m["id"], m["metric"], roles[m["item_id"]], m["unit"] or "—", goal_cell(m),
             amount(sent.get(m["id"], {}).get("value")), amount(m["value"]), m["verdict"] if final else m["progress"]]
            for m in data["measures"]]
    measures = table(["编号", "指标", "角色", "计量单位", f"{info.target_year}年目标", "贵单位报送值", "全市汇总值",
                      "终期结果" if final else "进度"], rows,
                     ["center", "left", "center", "center", "right", "right", "right", "center"], "table_small")
    tasks = own.get("tasks", {})
    rows = [[i["id"], i["title"], roles[i["id"]], tasks.get(i["id"], {}).get("status") or "未报送",
             i["verdict"] or i["status"]] for i in data["items"]]
    heading = "牵头单位报告的进展" if all(i.get("led", True) for i in data["items"]) else "全市汇总的进展"
    items = table(["编号", "事项", "角色", "贵单位报告的进展", heading], rows,
                  ["center", "left", "center", "center", "center"])
    return {"measures": measures, "items": items}
