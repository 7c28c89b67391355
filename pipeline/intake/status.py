"""Who has reported: submitted (which file), rejected, missing; and the 催报 list."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.intake.codes import Code
from pipeline.intake.model import Intake
from pipeline.plan import Plan
from pipeline.plan.in_force import formerly
from pipeline.settings import YearConfig
from pipeline.terms import Outcome, Severity, UnitState
from pipeline.util.paths import year_dir
from pipeline.util.text import cn_date


@dataclass(frozen=True)
class Version:
    """One version a unit sent: which file, what became of it, its 填报日期, when it came, whether it counts."""

    file: str
    outcome: Outcome
    filled_on: str
    received_at: str
    counts: bool


@dataclass
class UnitStatus:
    unit: str
    full: str
    kind: str
    state: UnitState
    file: str
    filled_on: str
    versions: int
    note: str
    contact: str
    phone: str
    errors: int
    received: list[Version]  # every version the unit sent, oldest first
    contact_from: str = ""  # where contact and phone come from: a form (year, file) or the unit registry
    latest_returned: bool = False  # its newest version was returned (an older accepted one may still count)
    formerly: list[str] = field(default_factory=list)  # the units it took over, as the notice names them

    @property
    def due(self) -> bool:
        """To be chased: nothing accepted yet, or the newest version sent back."""
        return self.state != UnitState.SUBMITTED or self.latest_returned

    def as_json(self) -> dict:
        data = asdict(self)
        if not self.formerly:  # the records of years before any change stay as they were written
            del data["formerly"]
        return data

    @classmethod
    def from_json(cls, data: dict) -> UnitStatus:
        return cls(**{**data, "state": UnitState(data["state"]),
                      "received": [Version(**{**v, "outcome": Outcome(v["outcome"])}) for v in data["received"]]})


Contacts = dict[str, tuple[str, str, str]]  # unit → (填报人, 联系电话, which form said so)


def known_contact(plan: Plan, unit: str, earlier: Contacts) -> tuple[str, str, str]:
    """A unit's contact from an earlier year's form, its own or (after 机构改革) a predecessor's, else the
    unit registry's."""
    found = next((earlier[u] for u in (unit, *formerly(plan, unit)) if u in earlier), None)
    registered = plan.registry.get(unit)
    return found or (registered.contact, registered.phone,
                     "单位登记表" if registered.contact or registered.phone else "")


def earlier_contacts(plan: Plan, outputs: Path, year: int) -> Contacts:
    """Each unit's contact from the latest accepted form of the plan years before ``year`` collected so far."""
    from pipeline.intake.records import load_intake

    return known_contacts([load_intake(outputs, y) for y in plan.years
                           if y < year and (year_dir(outputs, y).intake / "submissions.json").exists()])


def known_contacts(intakes: list[Intake]) -> Contacts:
    """Each unit's contact from the latest accepted form of any year given (later years win)."""
    found: Contacts = {}
    for intake in sorted(intakes, key=lambda i: i.year):
        for sub in intake.submissions:
            if sub.counts and (sub.contact.get("reporter") or sub.contact.get("phone")):
                found[sub.unit] = (sub.contact.get("reporter", ""), sub.contact.get("phone", ""),
                                   f"{intake.year}年度填报表“{sub.file}”")
    return found


def _state(unit: str, mine: list, intake: Intake, errors: int) -> tuple[UnitState, str, str]:
    counting = next((s for s in mine if s.counts), None)
    rejected = [s for s in mine if s.outcome == Outcome.REJECTED]
    if counting:
        notes = []
        if len(mine) > 1:
            when = f"（{cn_date(counting.received_at[:10])}收到）" if counting.received_at else ""
            notes.append(f"共报送{len(mine)}版，采用最后收到的合格版本{when}")
        if any(p.unit == unit and p.code == Code.FALLBACK for p in intake.problems):
            notes.append("最新一版被退回，暂用较早的合格版本")
        return UnitState.SUBMITTED, counting.file, "；".join(notes)
    if rejected:
        return UnitState.REJECTED, rejected[-1].file, f"有{errors}处须修改，已退回"
    return UnitState.MISSING, "", ""


def unit_statuses(plan: Plan, intake: Intake, earlier: Contacts | None = None) -> list[UnitStatus]:
    """Every reporting unit's state; contacts from this year's forms, else earlier years' (``earlier``),
    else the unit registry."""
    rows = []
    for unit in plan.reporting_units:
        mine = sorted((s for s in intake.submissions if s.unit == unit.short and s.outcome != Outcome.IGNORED),
                      key=lambda s: (s.arrival, s.file))  # in the order the DRC received them
        errors = sum(1 for p in intake.problems if p.unit == unit.short and p.severity == Severity.ERROR)
        state, file, note = _state(unit.short, mine, intake, errors)
        counting = next((s for s in mine if s.counts), None)
        latest = counting or (mine[-1] if mine else None)  # a returned form still says who filled it in
        current = (latest.contact.get("reporter", ""), latest.contact.get("phone", ""),
                   f"{intake.year}年度填报表“{latest.file}”") if latest and latest.contact.get("reporter") else None
        reporter, phone, source = current or known_contact(plan, unit.short, earlier or {})
        received = [Version(s.file, s.outcome, s.filled_on, s.received_at, s.counts) for s in mine]
        rows.append(UnitStatus(unit.short, unit.name, unit.kind, state, file,
                               counting.filled_on if counting else "", len(mine), note, reporter, phone, errors,
                               received, source, bool(mine) and mine[-1].outcome == Outcome.REJECTED,
                               formerly(plan, unit.short)))
    return rows


def write_reminders(statuses: list[UnitStatus], config: YearConfig, path: Path) -> int:
    """催报 list: units still missing, or whose newest version was returned, with whom to call; returns how many."""
    due = [s for s in statuses if s.due]
    headers = ["序号", "单位", "状态", "情况说明", "联系人", "联系电话", "联系人出处", "报送截止时间"]
    rows = [[n, s.full, s.state, s.note or "尚未收到填报表", s.contact or "（未登记）", s.phone or "（未登记）",
             s.contact_from or "—", config.deadline] for n, s in enumerate(due, 1)]
    from pipeline.util.workbook import write_sheets  # openpyxl: only when the list is written

    write_sheets(path, {"催报名单": (headers, rows)}, {"催报名单": [6, 30, 10, 36, 12, 16, 36, 16]},
                 config.doc_date, f"{config.year}年度填报表催报名单", config.issuer)
    return len(due)
