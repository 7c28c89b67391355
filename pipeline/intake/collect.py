"""The collect step: every file in ``inputs/Y/`` checked and kept; ``outputs/Y/intake/`` written.

Each file ends as accepted, accepted with warnings, rejected or ignored (office lock files,
exact duplicates), with problems naming file, unit, sheet and cell. Input files are only read, and only
regular files are; each is read in a child process with limits (isolate.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.forms.signing import FormKeys
from pipeline.intake.arrivals import Register, Sighting, register_path
from pipeline.intake.codes import TRANSIENT, Code
from pipeline.intake.inbox import Received, display_name, keep, look, unique_name
from pipeline.intake.isolate import Readers, Result
from pipeline.intake.model import Intake, Problem, Submission
from pipeline.intake.records import inbox_dir, write_intake
from pipeline.intake.returns import write_returns
from pipeline.intake.verdicts import Verdicts
from pipeline.intake.versions import choose_versions, no_mixing
from pipeline.plan import Plan
from pipeline.settings import YearConfig
from pipeline.terms import Outcome, Severity
from pipeline.util.files import atomic_write
from pipeline.util.paths import year_dir


def collect(plan: Plan, config: YearConfig, inbox: Path, intake_dir: Path, keys: FormKeys, cache: Path
            ) -> tuple[Intake, dict[str, tuple[str, bytes]]]:
    """Check every file in the inbox (each read in a child process with limits), keep a copy of each, and
    decide which version counts; returns the intake and the marked copies to return ({name: (sha256, xlsx)}).
    ``cache``: where verdicts of files read before are kept."""
    subs: list[Submission] = []
    problems: list[Problem] = []
    (intake_dir / "received").mkdir(parents=True, exist_ok=True)
    to_read: dict[str, Received] = {}
    seen: dict[str, str] = {}
    shown: set[str] = set()
    for entry in sorted(os.scandir(inbox), key=lambda e: e.name):
        name = unique_name(display_name(entry.name), shown)
        refusal = look(entry, name)
        received, refusal = (Received(name, Path(entry.path)), refusal) if refusal else keep(entry, name, intake_dir)
        if refusal is not None:
            if refusal.code != Code.FOLDER:
                subs.append(Submission(received.name, received.sha256, Outcome.IGNORED if refusal.code == Code.LOCK_FILE
                                       else Outcome.REJECTED))
            problems.append(refusal)
        elif received.sha256 in seen:
            subs.append(Submission(received.name, received.sha256, Outcome.IGNORED))
            problems.append(Problem.of_file(received.name, Code.DUPLICATE, f"与“{seen[received.sha256]}”内容完全相同，已忽略",
                                            Severity.INFO))
        else:
            seen[received.sha256] = received.name
            to_read[received.name] = received
    arrived = Register(register_path(inbox)).order(
        [Sighting(r.sha256, name, r.mtime_ns) for name, r in to_read.items()])
    copies = {}
    kept = Verdicts(cache / "verdicts", plan, config, keys)
    for name, (sub, found, copy) in _verdicts(to_read, kept, plan, config, keys):
        sub.file, sub.sha256 = name, to_read[name].sha256
        sub.arrival, sub.received_at = arrived[sub.sha256].seq, arrived[sub.sha256].at
        sub.stored_as = to_read[name].stored.relative_to(intake_dir).as_posix()
        subs.append(sub)
        problems.extend(found)
        if copy is not None:
            copies[name] = (sub.sha256, copy)
    subs.sort(key=lambda s: s.file)
    problems.sort(key=lambda p: p.file)
    no_mixing(subs, problems)
    choose_versions(subs, problems)
    return Intake(config.year, subs, problems), copies



def _verdicts(to_read: dict[str, Received], kept: Verdicts, plan: Plan, config: YearConfig, keys: FormKeys
              ) -> Iterator[tuple[str, Result]]:
    """(name, verdict) of each file: kept from an earlier collect when nothing that decides it changed, else read
    in a child process with limits."""
    keys_of = {name: kept.key(r.sha256, name) for name, r in to_read.items()}
    fresh = []
    for name, r in to_read.items():
        found = kept.load(keys_of[name])
        if found is None:
            fresh.append((r.stored, name))
        else:
            yield name, found
    if fresh:
        with Readers(plan, config, keys) as readers:
            for name, result in readers.read(fresh):
                if not {p.code for p in result[1]} & TRANSIENT:
                    kept.save(keys_of[name], result)
                yield name, result
    kept.prune()


def summary_text(intake: Intake) -> str:
    lines = [f"{intake.year}年度填报表收件情况", ""]
    by_file: dict[str, list[Problem]] = {}
    for p in intake.problems:
        by_file.setdefault(p.file, []).append(p)
    for sub in intake.submissions:
        flag = "（计入）" if sub.counts else ""
        unit = f"[{sub.unit}] " if sub.unit else ""
        lines.append(f"{Outcome(sub.outcome).label}{flag}  {unit}{sub.file}")
        for p in by_file.get(sub.file, []):
            where = "".join(f"{x} " for x in (p.sheet, p.cell) if x)
            lines.append(f"    - {where}{p.message}")
    counts = {k: sum(1 for s in intake.submissions if s.outcome == k) for k in Outcome}
    lines += ["", f"共 {len(intake.submissions)} 个文件："
              + "，".join(f"{k.label} {v} 个" for k, v in counts.items() if v)]
    return "\n".join(lines) + "\n"


def run_collect(plan: Plan, config: YearConfig, keys: FormKeys, inputs: Path, outputs: Path) -> Intake:
    year = config.year
    plan = plan.in_year(year)  # the units in force that year answer
    inbox = inbox_dir(inputs, year)
    paths = year_dir(outputs, year)
    folder = paths.intake
    intake, copies = collect(plan, config, inbox, folder, keys, paths.cache)
    returns = folder / "退回修改"
    for old in returns.glob("*.xlsx") if returns.exists() else []:
        old.unlink()
    returned = write_returns(copies, returns)
    for sub in intake.submissions:
        sub.returned_as = returned[sub.file].name if sub.file in returned else ""
    write_intake(intake, folder)
    atomic_write(folder / "收件情况.txt", summary_text(intake).encode("utf-8"))
    return intake
