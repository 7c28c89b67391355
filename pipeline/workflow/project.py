"""What every command works on, loaded once: the inputs and outputs folders, the plan, the configuration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.forms.signing import FormKeys, load_keys
from pipeline.plan import Plan, load_plan
from pipeline.plan.bootstrap import Todo, todo_entries
from pipeline.settings import Settings, YearConfig, load_settings
from pipeline.util.paths import YearDir, year_dir


@dataclass(frozen=True)
class Project:
    inputs: Path
    outputs: Path
    plan: Plan
    settings: Settings
    keys: FormKeys  # the key the DRC signs forms with (none until forms are first made here)

    def config(self, year: int) -> YearConfig:
        return self.settings.year(year)

    def year_dir(self, year: int) -> YearDir:
        """Where the year's outputs are (util/paths.py names each of them)."""
        return year_dir(self.outputs, year)


def open_project(inputs: Path, outputs: Path, notice: Path | None = None, draft: bool = False) -> Project:
    """Read the plan folder and config.toml once; every step is handed what this returns (``draft``: values
    still to be filled in print as ××, and documents say 草稿)."""
    if not inputs.is_dir():
        raise PipelineError(f"找不到输入目录 {inputs}：请在含有 inputs/ 的项目目录中运行，或用 --inputs 指明输入目录"
                            "（新方案可先用 python -m pipeline init 建立）")
    plan = load_plan(inputs, notice, draft)
    return Project(inputs, outputs, plan, load_settings(inputs, plan.years, draft), load_keys(inputs / "plan"))


def open_project_checked(inputs: Path, outputs: Path, documents: bool, draft: bool) -> tuple[Project, list[Todo]]:
    """The project and what init left to fill in. For a command that writes ``documents``, every entry that
    would print in one must be filled in first, or the run asked for a ``draft`` (those print as ××)."""
    todo = todo_entries(inputs)
    blocking = [t for t in todo if t.blocking]
    if documents and blocking and not draft:
        listed = "\n".join(f"  {inputs / t.path} 第{t.line}行 {t.key}（{t.context}）" for t in blocking[:20])
        more = f"\n  ……共 {len(blocking)} 项" if len(blocking) > 20 else ""
        raise PipelineError(f"还有 {len(blocking)} 项配置尚未填写，填好之前不能生成正式文档（文档中不能出现“待填写”）：\n"
                            f"{listed}{more}\n填写后重新运行；如需先看草稿，加 --draft（未填的内容显示为“××”，每页标“草稿”）。")
    return open_project(inputs, outputs, draft=draft), todo
