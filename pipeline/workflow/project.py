"""What every command works on, loaded once: the inputs and outputs folders, the plan, the configuration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.forms.signing import FormKeys, load_keys
from pipeline.plan import Plan, load_plan
from pipeline.settings import Settings, YearConfig, load_settings


@dataclass(frozen=True)
class Project:
    inputs: Path
    outputs: Path
    plan: Plan
    settings: Settings
    keys: FormKeys  # the key the DRC signs forms with (none until forms are first made here)

    def config(self, year: int) -> YearConfig:
        return self.settings.year(year)

    def year_dir(self, year: int) -> Path:
        return self.outputs / str(year)


def open_project(inputs: Path, outputs: Path, notice: Path | None = None, draft: bool = False) -> Project:
    """Read the plan folder and config.toml once; every step is handed what this returns (``draft``: values
    still to be filled in print as ××, and documents say 草稿)."""
    if not inputs.is_dir():
        raise PipelineError(f"找不到输入目录 {inputs}：请在含有 inputs/ 的项目目录中运行，或用 --inputs 指明输入目录"
                            "（新方案可先用 python -m pipeline init 建立）")
    plan = load_plan(inputs, notice, draft)
    return Project(inputs, outputs, plan, load_settings(inputs, plan.years, draft), load_keys(inputs / "plan"))
