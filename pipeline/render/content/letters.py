"""What the letters of the collection say: the 催报通知 to units still owing a form, and the 退回修改通知 to a
unit whose newest form must be corrected, cell by cell."""

from __future__ import annotations

from pipeline.intake.model import Intake
from pipeline.intake.status import UnitStatus
from pipeline.plan.identity import PlanInfo
from pipeline.settings import YearConfig
from pipeline.terms import Severity, UnitState
from pipeline.util.text import cn_date


def _who(s: UnitStatus) -> str:
    if not (s.contact or s.phone):
        return ""
    source = f"，据{s.contact_from}" if s.contact_from and s.contact_from != "单位登记表" else ""
    return f"（联系人：{s.contact or '—'}，联系电话：{s.phone or '—'}{source}）"


def reminder_context(due: list[UnitStatus], config: YearConfig, info: PlanInfo) -> dict:
    lines = [f"{s.full}：" + ("尚未报送" if s.state == UnitState.MISSING else f"最新报送的“{s.received[-1]['file']}”"
                              "须修改，已退回") + _who(s) + "。" for s in due]
    return {"config": config, "info": info, "year": config.year, "lines": lines,
            "addressees": "，".join(s.full for s in due), "date": cn_date(config.reminder_date),
            "due": cn_date(config.correction_deadline)}


def correction_context(unit: UnitStatus, intake: Intake, config: YearConfig) -> dict:
    latest = next(s for s in intake.submissions if s.file == unit.received[-1]["file"])
    found = [p for p in intake.problems if p.file == latest.file and p.severity == Severity.ERROR]
    lines = [(f"工作表“{p.sheet}”{p.cell}：" if p.cell else "") + p.message.rstrip("。") + "。" for p in found]
    return {"config": config, "year": config.year, "unit": unit.full, "file": latest.file, "lines": lines,
            "copy": latest.returned_as, "date": cn_date(config.reminder_date),
            "due": cn_date(config.correction_deadline)}
