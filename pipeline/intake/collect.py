"""The collect step: every file in ``inputs/Y/`` checked and kept; ``outputs/Y/intake/`` written.

Each file ends as accepted, accepted with warnings, rejected or ignored (office lock files,
exact duplicates), with problems naming file, unit, sheet and cell. Input files are only read.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.intake.checks import check_file
from pipeline.intake.model import Intake, Problem, Submission
from pipeline.intake.returns import write_returns
from pipeline.intake.versions import choose_versions
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


def _keep(sub: Submission, path: Path, intake_dir: Path, seen: dict[str, str]) -> list[Problem]:
    """Store a received file once by its hash; an exact copy of an earlier file is ignored."""
    if sub.sha256 in seen:
        sub.outcome = Outcome.IGNORED
        return [Problem(sub.file, sub.unit, "", "", Severity.INFO, "duplicate", f"与“{seen[sub.sha256]}”内容完全相同，已忽略")]
    seen[sub.sha256] = sub.file
    sub.stored_as = f"received/{sub.sha256[:16]}{path.suffix.lower()}"
    target = intake_dir / sub.stored_as
    if not target.exists():
        atomic_write(target, path.read_bytes())
    return []


def collect(plan: Plan, year: int, inbox: Path, intake_dir: Path) -> Intake:
    """Check every file in the inbox, keep a copy of each, and decide which version counts."""
    subs: list[Submission] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    (intake_dir / "received").mkdir(parents=True, exist_ok=True)
    for path in sorted(inbox.iterdir(), key=lambda p: p.name):
        if path.is_dir() and not path.is_symlink():
            problems.append(Problem(path.name, "", "", "", Severity.WARNING, "folder",
                                    "这是一个文件夹，其中的文件不会被读取；请把填报表直接放在年度收件目录中"))
            continue
        sub, found = check_file(plan, year, path, path.name)
        if sub.sha256 and sub.outcome != Outcome.IGNORED:
            found = _keep(sub, path, intake_dir, seen) or found
        subs.append(sub)
        problems.extend(found)
    choose_versions(subs, problems)
    return Intake(year, subs, problems)


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


def run_collect(plan: Plan, config: YearConfig, inputs: Path, outputs: Path) -> Intake:
    year = config.year
    inbox = inbox_dir(inputs, year)
    folder = outputs / str(year) / "intake"
    intake = collect(plan, year, inbox, folder)
    problems = [asdict(p) for p in intake.problems]
    atomic_write(folder / "problems.json", json.dumps(problems, ensure_ascii=False, indent=2).encode())
    atomic_write(folder / "submissions.json", json.dumps(intake.as_json(), ensure_ascii=False, indent=2).encode())
    atomic_write(folder / "收件情况.txt", summary_text(intake).encode("utf-8"))
    returns = folder / "退回修改"
    for old in returns.glob("*.xlsx") if returns.exists() else []:
        old.unlink()
    write_returns(intake, inbox, returns, plan, config)
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
