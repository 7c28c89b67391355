"""What the letters of the collection say: the 催报通知 to units still owing a form, and the 退回修改通知 to a
unit whose newest form must be corrected, cell by cell."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.intake.model import Intake, Problem
from pipeline.intake.status import UnitStatus
from pipeline.plan.identity import PlanInfo
from pipeline.settings import YearConfig
from pipeline.terms import Severity, UnitState
from pipeline.util.templates import Context
from pipeline.util.text import cn_date


def _who(s: UnitStatus) -> str:
    if not (s.contact or s.phone):
        return ""
    source = f"，据{s.contact_from}" if s.contact_from and s.contact_from != "单位登记表" else ""
    return f"（联系人：{s.contact or '—'}，联系电话：{s.phone or '—'}{source}）"


@dataclass(frozen=True)
class ReminderContext(Context):
    """What ``reminder.txt.j2`` may use."""

    config: YearConfig
    info: PlanInfo
    year: int
    lines: list[str]  # a line per unit due
    addressees: str
    date: str
    due: str  # the new deadline


def reminder_context(due: list[UnitStatus], config: YearConfig, info: PlanInfo) -> ReminderContext:
    lines = [f"{s.full}：" + ("尚未报送" if s.state == UnitState.MISSING else f"最新报送的“{s.received[-1].file}”"
                              "须修改，已退回") + _who(s) + "。" for s in due]
    return ReminderContext(config, info, config.year, lines, "，".join(s.full for s in due),
                           cn_date(config.reminder_date), cn_date(config.correction_deadline))


@dataclass(frozen=True)
class CorrectionContext(Context):
    """What ``correction.txt.j2`` may use."""

    config: YearConfig
    year: int
    unit: str  # the unit's full name
    file: str  # its newest version, returned
    lines: list[str]  # a line per cell to correct
    copy: str  # the marked copy sent back with the letter ('' when none could be made)
    date: str
    due: str


def problem_lines(problems: list[Problem]) -> list[str]:
    """A sentence per error: where it is, what is wrong, what to write instead."""
    return [(f"工作表“{p.sheet}”{p.cell}：" if p.cell else "") + p.message.rstrip("。") + "。"
            for p in problems if p.severity == Severity.ERROR]


def correction_context(unit: UnitStatus, intake: Intake, config: YearConfig) -> CorrectionContext:
    latest = next(s for s in intake.submissions if s.file == unit.received[-1].file)
    lines = problem_lines([p for p in intake.problems if p.file == latest.file])
    return CorrectionContext(config, config.year, unit.full, latest.file, lines, latest.returned_as,
                             cn_date(config.reminder_date), cn_date(config.correction_deadline))


@dataclass(frozen=True)
class ReceiptContext(Context):
    """What ``receipt.txt.j2`` may use: one accepted upload."""

    config: YearConfig
    year: int
    unit: str  # the unit's full name
    contact: str
    phone: str
    file: str
    size: str  # '48.2 KB'
    sha256: str  # in groups of sixteen, so the line can break between them
    received: str  # '2026年12月2日 10时05分'
    result: str  # '无误' or '无误（有N条提示）'
    date: str


def receipt_context(config: YearConfig, unit: str, contact: dict[str, str], file: str, size: int, sha256: str,
                    received: dt.datetime, warnings: int) -> ReceiptContext:
    groups = " ".join(sha256[i:i + 16] for i in range(0, len(sha256), 16))
    when = f"{cn_date(received.date())}{received.hour}时{received.minute:02d}分"
    result = f"无误（另有{warnings}条提示，不影响受理）" if warnings else "无误"
    return ReceiptContext(config, config.year, unit, contact.get("reporter") or "—", contact.get("phone") or "—", file,
                          f"{size / 1024:.1f} KB", groups, when, result, cn_date(received.date()))
