"""The intake's records on disk: where a year's inbox is, and the verdicts collect wrote, read back by the later
steps without loading any reader."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.intake.model import Intake
from pipeline.util.files import atomic_write
from pipeline.util.paths import year_dir


def inbox_dir(inputs: Path, year: int) -> Path:
    folder = inputs / str(year)
    if not folder.is_dir():
        raise PipelineError(f"没有 {year} 年度的报送文件夹 {folder}；请把各单位报送的填报表放入该文件夹"
                            f"（示例数据可用 python -m pipeline sample --year {year} 生成）")
    return folder


def write_intake(intake: Intake, folder: Path) -> None:
    problems = [asdict(p) for p in intake.problems]
    atomic_write(folder / "problems.json", json.dumps(problems, ensure_ascii=False, indent=2).encode())
    atomic_write(folder / "submissions.json", json.dumps(intake.as_json(), ensure_ascii=False, indent=2).encode())


def load_intake(outputs: Path, year: int) -> Intake:
    folder = year_dir(outputs, year).intake
    try:
        data = json.loads((folder / "submissions.json").read_text(encoding="utf-8"))
        problems = json.loads((folder / "problems.json").read_text(encoding="utf-8"))
        return Intake.from_json(data, problems)
    except FileNotFoundError:
        raise PipelineError(f"还没有 {year} 年度的收件结果；请先运行 python -m pipeline collect --year {year}") from None
    except (ValueError, TypeError, KeyError):
        raise PipelineError(f"{folder} 中的收件结果已损坏；请重新运行 python -m pipeline collect --year {year}") from None
