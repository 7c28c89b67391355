"""The collect step: check the year's inbox and write ``outputs/Y/intake/``."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from pipeline.config import YearConfig
from pipeline.errors import PipelineError
from pipeline.files import atomic_write
from pipeline.intake import Intake, Problem, Submission, collect
from pipeline.plan import Plan

OUTCOME = {"accepted": "接收", "accepted_with_warnings": "接收（有提示）", "rejected": "退回", "ignored": "忽略"}


def inbox_dir(inputs: Path, year: int) -> Path:
    folder = inputs / str(year)
    if not folder.is_dir():
        raise PipelineError(f"没有 {year} 年度的报送文件夹 {folder}；请把各单位报送的填报表放入该文件夹"
                            f"（示例数据可用 python -m pipeline sample --year {year} 生成）")
    return folder


def summary_text(intake: Intake) -> str:
    lines = [f"{intake.year}年度填报表收件情况", ""]
    by_file: dict[str, list[Problem]] = {}
    for p in intake.problems:
        by_file.setdefault(p.file, []).append(p)
    for sub in intake.submissions:
        flag = "（计入）" if sub.counts else ""
        unit = f"[{sub.unit}] " if sub.unit else ""
        lines.append(f"{OUTCOME[sub.outcome]}{flag}  {unit}{sub.file}")
        for p in by_file.get(sub.file, []):
            where = "".join(f"{x} " for x in (p.sheet, p.cell) if x)
            lines.append(f"    - {where}{p.message}")
    counts = {k: sum(1 for s in intake.submissions if s.outcome == k) for k in OUTCOME}
    lines += ["", f"共 {len(intake.submissions)} 个文件："
              + "，".join(f"{OUTCOME[k]} {v} 个" for k, v in counts.items() if v)]
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
    from pipeline.returns import write_returns  # openpyxl only when there is something to write

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
        return Intake(year, [Submission(**s) for s in data["submissions"]], [Problem(**p) for p in problems])
    except FileNotFoundError:
        raise PipelineError(f"还没有 {year} 年度的收件结果；请先运行 python -m pipeline collect --year {year}") from None
    except (ValueError, TypeError, KeyError):
        raise PipelineError(f"{folder} 中的收件结果已损坏；请重新运行 python -m pipeline collect --year {year}") from None
