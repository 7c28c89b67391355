"""The problems found in one received file, one error per cell."""

from __future__ import annotations

from pipeline.intake.cells import clean_text
from pipeline.intake.model import Problem, Submission
from pipeline.terms import Severity


class Findings:
    def __init__(self, sub: Submission):
        self.sub = sub
        self.problems: list[Problem] = []

    def add(self, severity: Severity, code: str, message: str, sheet: str = "", cell: str = "") -> None:
        if cell and any(p.sheet == sheet and p.cell == cell and p.severity == Severity.ERROR for p in self.problems):
            return  # one error per cell: the first says what is wrong
        # messages quote what the sender typed: never a control character into a report or a cell comment
        message = clean_text(message)[0]
        self.problems.append(Problem(self.sub.file, self.sub.unit, sheet, cell, severity, code, message))

    def error(self, code: str, message: str, sheet: str = "", cell: str = "") -> None:
        self.add(Severity.ERROR, code, message, sheet, cell)

    def warning(self, code: str, message: str, sheet: str = "", cell: str = "") -> None:
        self.add(Severity.WARNING, code, message, sheet, cell)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == Severity.ERROR for p in self.problems)
