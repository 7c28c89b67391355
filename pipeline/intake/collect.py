"""The collect step: every file in ``inputs/Y/`` checked and kept; ``outputs/Y/intake/`` written.

Each file ends as accepted, accepted with warnings, rejected or ignored (office lock files,
exact duplicates), with problems naming file, unit, sheet and cell. Input files are only read, and only
regular files are; each is read in a child process with limits (isolate.py).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.forms.signing import FormKeys
from pipeline.intake.inbox import Received, display_name, keep, look, unique_name
from pipeline.intake.isolate import Readers
from pipeline.intake.model import Intake, Problem, Submission
from pipeline.intake.returns import write_returns
from pipeline.intake.versions import choose_versions, no_mixing
from pipeline.plan import Plan
from pipeline.settings import YearConfig
from pipeline.terms import Outcome, Severity
from pipeline.util.files import atomic_write


def inbox_dir(inputs: Path, year: int) -> Path:
    folder = inputs / str(year)
    if not folder.is_dir():
        raise PipelineError(f"没有 {year} 年度的报送文件夹 {folder}；请把各单位报送的填报表放入该文件夹"
                            f"（示例数据可用 python -m pipeline sample --year {year} 生成）")
    return folder


def collect(plan: Plan, config: YearConfig, inbox: Path, intake_dir: Path, keys: FormKeys
            ) -> tuple[Intake, dict[str, tuple[str, bytes]]]:
    """Check every file in the inbox (each read in a child process with limits), keep a copy of each, and
    decide which version counts; returns the intake and the marked copies to return ({name: (sha256, xlsx)})."""
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
            if refusal.code != "folder":
                subs.append(Submission(received.name, received.sha256, Outcome.IGNORED if refusal.code == "lock_file"
                                       else Outcome.REJECTED))
            problems.append(refusal)
        elif received.sha256 in seen:
            subs.append(Submission(received.name, received.sha256, Outcome.IGNORED))
            problems.append(Problem(received.name, "", "", "", Severity.INFO, "duplicate",
                                    f"与“{seen[received.sha256]}”内容完全相同，已忽略"))
        else:
            seen[received.sha256] = received.name
            to_read[received.name] = received
    copies = {}
    with Readers(plan, config, keys) as readers:
        for name, (sub, found, copy) in readers.read([(r.stored, name) for name, r in to_read.items()]):
            sub.file, sub.sha256 = name, to_read[name].sha256
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
    inbox = inbox_dir(inputs, year)
    folder = outputs / str(year) / "intake"
    intake, copies = collect(plan, config, inbox, folder, keys)
    returns = folder / "退回修改"
    for old in returns.glob("*.xlsx") if returns.exists() else []:
        old.unlink()
    returned = write_returns(copies, returns)
    for sub in intake.submissions:
        sub.returned_as = returned[sub.file].name if sub.file in returned else ""
    problems = [asdict(p) for p in intake.problems]
    atomic_write(folder / "problems.json", json.dumps(problems, ensure_ascii=False, indent=2).encode())
    atomic_write(folder / "submissions.json", json.dumps(intake.as_json(), ensure_ascii=False, indent=2).encode())
    atomic_write(folder / "收件情况.txt", summary_text(intake).encode("utf-8"))
    return intake


def load_intake(outputs: Path, year: int) -> Intake:
    folder = outputs / str(year) / "intake"
    try:
        data = json.loads((folder / "submissions.json").read_text(encoding="utf-8"))
        problems = json.loads((folder / "problems.json").read_text(encoding="utf-8"))
        return Intake.from_json(data, problems)
    except FileNotFoundError:
        raise PipelineError(f"还没有 {year} 年度的收件结果；请先运行 python -m pipeline collect --year {year}") from None
    except (ValueError, TypeError, KeyError):
        raise PipelineError(f"{folder} 中的收件结果已损坏；请重新运行 python -m pipeline collect --year {year}") from None
