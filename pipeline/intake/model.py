"""What intake finds: a problem in a file, a received file's outcome and values, the year's inbox."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from pipeline.intake.codes import Code
from pipeline.terms import Outcome, Severity


@dataclass
class Problem:
    file: str
    unit: str
    sheet: str
    cell: str
    severity: Severity
    code: Code
    message: str

    @classmethod
    def of_file(cls, name: str, code: Code, message: str, severity: Severity = Severity.ERROR) -> Problem:
        """A problem of the whole file (no unit, sheet or cell to name)."""
        return cls(name, "", "", "", severity, code, message)

    @classmethod
    def from_json(cls, data: dict) -> Problem:
        return cls(**{**data, "severity": Severity(data["severity"]), "code": Code(data["code"])})


@dataclass
class MeasureCells:
    """What a unit typed on one measure's row of its form."""

    role: str
    value: float | None
    baseline: float | None  # the base-year value, asked only where none is on record
    source: str
    note: str
    summary: str  # the whole period, asked in the plan's last year
    cell: str  # where the value stands (e.g. F5), for messages

    def own(self) -> dict:
        """What the unit sent, as the merged year keeps it for the unit's own summary (without the cell)."""
        return {k: v for k, v in asdict(self).items() if k != "cell"}


@dataclass
class TaskCells:
    """What a unit typed on one task's or project's row of its form."""

    role: str
    status: str  # one of the form's choices, or '' where a responsible unit chose none
    work: str
    figures: str
    problems: str
    plans: str
    summary: str  # the whole period, asked in the plan's last year

    def own(self) -> dict:
        return asdict(self)


@dataclass
class Submission:
    file: str
    sha256: str
    outcome: Outcome = Outcome.REJECTED
    unit: str = ""
    year: int | None = None
    sample: bool = False
    filled_on: str = ""  # 填报日期, ISO: what the sender typed, said but never relied on
    arrival: int = 0  # place in the order the DRC received its files (收件登记), which decides what counts
    received_at: str = ""  # when the DRC received it
    counts: bool = False
    superseded_by: str = ""
    measures: dict[str, MeasureCells] = field(default_factory=dict)  # measure id → its row
    tasks: dict[str, TaskCells] = field(default_factory=dict)  # item id → its row
    contact: dict[str, str] = field(default_factory=dict)
    stored_as: str = ""
    returned_as: str = ""  # the marked copy to send back (in intake/退回修改/), when there were problems

    @classmethod
    def from_json(cls, data: dict) -> Submission:
        return cls(**{**data, "outcome": Outcome(data["outcome"]),
                      "measures": {k: MeasureCells(**v) for k, v in data["measures"].items()},
                      "tasks": {k: TaskCells(**v) for k, v in data["tasks"].items()}})


@dataclass
class Intake:
    year: int
    submissions: list[Submission]
    problems: list[Problem]

    def counting(self) -> dict[str, Submission]:
        return {s.unit: s for s in self.submissions if s.counts}

    @property
    def rejected(self) -> list[Submission]:
        return [s for s in self.submissions if s.outcome == Outcome.REJECTED]

    def as_json(self) -> dict:
        return {"year": self.year, "submissions": [asdict(s) for s in self.submissions]}

    @classmethod
    def from_json(cls, data: dict, problems: list[dict]) -> Intake:
        subs = [Submission.from_json(s) for s in data["submissions"]]
        return cls(data["year"], subs, [Problem.from_json(p) for p in problems])


def refusal(name: str, code: Code, message: str) -> tuple[Submission, list[Problem]]:
    """A file turned away whole: its submission (rejected, nothing read) and the one problem that says why."""
    return Submission(name, ""), [Problem.of_file(name, code, message)]
