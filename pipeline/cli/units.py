"""``units``: the unit registry by year (机构改革), checked; init shows the same."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.commands import cli, paths, project_of

if TYPE_CHECKING:
    from pipeline.plan import Plan


def show_registry(plan: Plan, where: str, year: int | None = None, units: bool = True) -> list[str]:
    """Print the recorded changes and the units answering in each span of years (only ``year``'s span when
    given; without ``units`` only how many); return what the checks found."""
    from pipeline.plan.history import known_as
    from pipeline.plan.in_force import registry_problems, spans

    changes = plan.registry.history.changes
    click.echo(f"{where.strip()}：机构改革变更 {len(changes)} 项" + ("。" if changes else
               "（无；单位更名、合并、拆分、撤销时在其中以 [[change]] 记录，见 README“机构改革”）。"))
    for change in changes:
        click.echo(f"  第{change.line}行  {change.describe()}")
    for span in spans(plan):
        if year is not None and not span.first <= year <= span.last:
            continue
        click.echo(f"{span.years}：{len(span.units)} 个单位承担事项" +
                   (f"（自该年起按上列 {len(span.changes)} 项变更）" if span.changes else ""))
        for unit in span.units if units else ():
            click.echo(f"  {known_as(unit.short, list(unit.formerly))}：牵头 {unit.leads} 项，参与 {unit.shares} 项"
                       f"  {unit.name}")
    problems = registry_problems(plan, where)
    for problem in problems:
        click.echo(f"问题：{problem}", err=True)
    return problems


def show_units(inputs: Path) -> None:
    """What init made of the units, as ``units`` shows it, in brief (nothing while plan.toml lacks the years)."""
    from pipeline.errors import PipelineError
    from pipeline.plan import load_plan

    try:
        plan = load_plan(inputs)
    except PipelineError:
        return
    click.echo("")
    show_registry(plan, f"单位登记表 {inputs / 'plan' / 'units.toml'} ", units=False)


@cli.command()
@click.option("--year", type=int, metavar="年份", help="只列出该年度承担事项的单位及其牵头、参与的事项数")
@paths
def units(year: int | None, inputs: Path, outputs: Path) -> None:
    """按年度列出承担事项的单位，显示并检查单位登记表中记录的机构改革（更名、合并、拆分、撤销）。"""
    from pipeline.settings import check_year

    project = project_of(inputs, outputs)
    if year is not None:
        check_year(year, project.plan.years)  # a year outside the plan is a usage error, said as such
    if show_registry(project.plan, f"单位登记表 {inputs / 'plan' / 'units.toml'} ", year):
        click.echo("请在单位登记表中改正上述问题后重新运行 python -m pipeline units。", err=True)
        raise click.exceptions.Exit(1)
    click.echo("检查完毕：每个年度的每个事项都有在任的单位承担。")
