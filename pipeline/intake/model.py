"""What intake finds: a problem in a file, a received file's outcome and values, the year's inbox."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from pipeline.terms import Outcome, Severity


@dataclass
class Problem:
    file: str
    unit: str
    sheet: str
    cell: str
    severity: Severity
    code: str
    message: str

    @classmethod
    def from_json(cls, data: dict) -> Problem:
        return cls(**{**data, "severity": Severity(data["severity"])})


@dataclass
class Submission:
    file: str
    sha256: str
    outcome: Outcome = Outcome.REJECTED
    unit: str = ""
    year: int | None = None
    sample: bool = False
    filled_on: str = ""  # 填报日期, ISO
    counts: bool = False
    superseded_by: str = ""
    measures: dict[str, dict] = field(default_factory=dict)
    tasks: dict[str, dict] = field(default_factory=dict)
    contact: dict[str, str] = field(default_factory=dict)
    stored_as: str = ""
    returned_as: str = ""  # the marked copy to send back (in intake/退回修改/), when there were problems

    @classmethod
    def from_json(cls, data: dict) -> Submission:
        return cls(**{**data, "outcome": Outcome(data["outcome"])})


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
