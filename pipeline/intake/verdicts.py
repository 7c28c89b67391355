"""Verdicts on received files kept by what decides them: the file's bytes and name, the plan, the year's
settings, the signing key and the code. Collecting again after one unit resubmits reads only the new file.
Kept in ``outputs/Y/.cache/verdicts/``; an entry that does not read back is read from the file again."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from pipeline.forms.signing import FormKeys, key_id
from pipeline.intake.isolate import Result
from pipeline.intake.model import Problem, Submission
from pipeline.plan import Plan
from pipeline.plan.in_force import assignment
from pipeline.settings import YearConfig
from pipeline.util.files import atomic_write
from pipeline.util.hashing import code_digest, digest


class Verdicts:
    """The folder of kept verdicts for one year's collect; ``prune`` drops those of files no longer there."""

    def __init__(self, folder: Path, plan: Plan, config: YearConfig, keys: FormKeys):
        self.folder = folder
        plan = plan.in_year(config.year)  # who answers that year: a change recorded later reads every file again
        self.basis = digest(plan.plan_id, repr(plan.info), repr(assignment(plan)), repr(config),
                            key_id(keys.drc) if keys.drc else "", code_digest())
        self.used: set[str] = set()

    def key(self, sha256: str, name: str) -> str:
        key = digest(self.basis, sha256, name)
        self.used.add(key)
        return key

    def load(self, key: str) -> Result | None:
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            sub = Submission.from_json(data["submission"])
            problems = [Problem.from_json(p) for p in data["problems"]]
            copy = (self.folder / f"{key}.xlsx").read_bytes() if data["copy"] else None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return sub, problems, copy

    def save(self, key: str, result: Result) -> None:
        sub, problems, copy = result
        if copy is not None:
            atomic_write(self.folder / f"{key}.xlsx", copy)
        data = {"submission": asdict(sub), "problems": [asdict(p) for p in problems], "copy": copy is not None}
        atomic_write(self.folder / f"{key}.json", json.dumps(data, ensure_ascii=False).encode())

    def prune(self) -> None:
        for path in self.folder.glob("*") if self.folder.is_dir() else []:
            if not path.name.startswith(".") and path.name.split(".")[0] not in self.used:  # .x.tmp: being written
                path.unlink()
