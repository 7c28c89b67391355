"""The command line (docs/DESIGN.md §4): thin Click commands over the library; each loads the project once."""

from __future__ import annotations

import csv
import errno
import functools
import json
import os
import sys
import tempfile
import traceback
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.chinese import WorkGroup, install_chinese
from pipeline.cli.progress import StageBar
from pipeline.errors import PipelineError
from pipeline.util.files import atomic_write
from pipeline.workflow.project import open_project_checked

if TYPE_CHECKING:
    from pipeline.util.paths import YearDir
    from pipeline.workflow.year import ReportResult

YEAR_HELP = "报告年度（规划期内的年份，如 2019）"


def paths(func: Callable) -> Callable:
    """--inputs and --outputs, taken by every command."""

    @click.option("--inputs", type=click.Path(path_type=Path), default=Path("inputs"), show_default=True, metavar="文件夹",
                  help="输入目录（plan/ 与各年度报送文件）")
    @click.option("--outputs", type=click.Path(path_type=Path), default=Path("outputs"), show_default=True, metavar="文件夹",
                  help="输出目录")
    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> object:
        return func(*args, **kwargs)

    return wrapper


def year_option(func: Callable) -> Callable:
    return click.option("--year", type=int, required=True, metavar="年份", help=YEAR_HELP)(func)


def warn(lines: list[str], label: str = "提示") -> None:
    for line in lines:
        click.echo(f"{label}：{line}", err=True)


def draft_option(func: Callable) -> Callable:
    return click.option("--draft", is_flag=True,
                        help="配置尚未填完时先出一份草稿：未填的内容显示为“××”，每页标“草稿”")(func)


def project_of(inputs: Path, outputs: Path, documents: bool = False, draft: bool = False):
    """The project, loaded once; entries init left to fill in are listed every time until they are done (a
    command that writes documents stops while any would print in one, unless it is a draft)."""
    project, todo = open_project_checked(inputs, outputs, documents, draft)
    if todo:
        warn([f"{len(todo)} 项配置尚未填写，例如 {inputs / todo[0].path} 第{todo[0].line}行 {todo[0].key}"
              f"（{todo[0].context}）"])
    return project


def fonts_sentence() -> str:
    """Whether the documents use the official 公文 fonts, in words a clerk can act on."""
    from pipeline.render.fonts import chosen_fonts

    missing = [face.official for face in chosen_fonts().values() if not face.is_official]
    if not missing:
        return "字体：PDF 全部使用正式公文字体。"
    return (f"字体：本机没有{'、'.join(missing)}，PDF 用免费的同类字体代替（字号、行距和版式不变）；"
            "DOCX 中仍写正式字体名，在装有这些字体的电脑上打开即按正式字体显示。"
            "如需 PDF 也用正式字体，请把字体文件复制到 /usr/local/share/fonts/ 后重新运行。")


def _shown(char: str) -> str:
    """'𪛖（U+2A6D6）', or only the code where the character itself shows nothing (private use, format marks)."""
    code = f"U+{ord(char):04X}"
    return code if unicodedata.category(char) in ("Co", "Cn", "Cf", "Mn", "Me") else f"{char}（{code}）"


def say_marked(marked: dict[str, str]) -> None:
    """Characters no installed font has: where they are, what they were, what to install."""
    for stem, chars in marked.items():
        shown = "、".join(_shown(c) for c in chars[:10]) + ("等" if len(chars) > 10 else "")
        click.echo(f"提示：{stem} 中有 {len(chars)} 个字符本机没有字体可以显示，已以“〓”标出：{shown}。"
                   "如需显示原字，请安装收字更全的字体（sudo apt-get install fonts-hanazono）后重新运行。", err=True)


@click.group(cls=WorkGroup)
@click.version_option(package_name="liuzhou-ce-pipeline", help="显示版本号并退出。", message="%(prog)s，版本 %(version)s")
def cli() -> None:
    """任务分工方案年度报告流水线：解析通知、下发填报表、收件检查、汇总、生成公文。

    \b
    一年的工作按下面命令的顺序进行，例如：
      python -m pipeline forms  --year 2019   # 生成各单位填报表
      python -m pipeline report --year 2019   # 收件、汇总、生成报告
    每个命令的用法：python -m pipeline 命令 --help"""


@cli.command()
@click.option("--notice", type=click.Path(path_type=Path), metavar="文件",
              help="通知文件（默认 inputs/plan/ 中的 notice：txt、docx、PDF、html 或 xlsx）")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="输出格式：表格、JSON 或 CSV")
@click.option("--review", type=click.Path(dir_okay=False, path_type=Path), metavar="文件",
              help="另外写出核对清单（xlsx）：每个事项的原文位置、类别、单位、目标和需核对之处")
@paths
def plan(notice: Path | None, fmt: str, review: Path | None, inputs: Path, outputs: Path) -> None:
    """解析通知，列出各项目标、任务、工程及牵头、责任单位。"""
    from pipeline.cli.tables import plan_json, plan_rows, print_plan_table
    from pipeline.plan import load_plan

    the_plan = load_plan(inputs, notice)
    warn(the_plan.warnings)
    warn(the_plan.notes, "说明")
    if review:
        from pipeline.plan.review import write_plan_review

        write_plan_review(the_plan, review)
        click.echo(f"核对清单：{review}", err=True)
    if fmt == "json":
        click.echo(json.dumps(plan_json(the_plan), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        rows = plan_rows(the_plan)
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        print_plan_table(the_plan)


@cli.command()
@click.option("--notice", type=click.Path(path_type=Path), required=True, metavar="文件",
              help="任务分工通知：.docx、PDF、网页（.html）、.xlsx 或纯文本（.txt）")
@click.option("--inputs", type=click.Path(path_type=Path), required=True, metavar="文件夹", help="要新建的输入目录")
def init(notice: Path, inputs: Path) -> None:
    """由一份任务分工通知生成新的输入目录（通知、单位登记表、规划信息、配置、核对清单）。"""
    from pipeline.plan.bootstrap import REVIEW, init_plan

    todo = init_plan(notice, inputs)
    written = sorted(p.name for p in (inputs / "plan").iterdir())
    click.echo(f"已生成 {inputs}/：{'、'.join('plan/' + n for n in written)}、config.toml")
    click.echo(f"请先打开 {inputs / 'plan' / REVIEW} 逐项核对（事项、单位、目标、年份），更正写入 plan/corrections.toml 和 "
               "plan/units.toml，再下发填报表。")
    from pipeline.cli.units import show_units

    show_units(inputs)
    if todo:
        click.echo(f"\n还需填写 {len(todo)} 项（文件 行号 键：所属）：")
        for line in todo:
            click.echo(f"  {line}")
        click.echo("\n填好之前 forms、report 等生成文档的命令会列出这些项并停止；加 --draft 可先出草稿（未填的显示为“××”）。")


@cli.command()
@year_option
@draft_option
@paths
def forms(year: int, inputs: Path, outputs: Path, draft: bool) -> None:
    """为每个单位生成本年度填报表（outputs/YEAR/forms/）。"""
    from pipeline.workflow.forms import make_forms

    made = make_forms(project_of(inputs, outputs, documents=True, draft=draft), year)
    if made.key_made:
        click.echo(f"已生成填报表签名密钥 {made.key_made}：收件时靠它识别本委下发的表，请妥善保管并备份，不要提交到代码库。")
    click.echo(f"已生成 {len(made.forms)} 份填报表：{made.forms[0].parent if made.forms else outputs}/")
    click.echo(f"随表下发的填报通知和分发清单：{'、'.join(p.name for p in made.sent_with)}（{made.sent_with[0].parent}/）")


@cli.command()
@year_option
@click.option("--seed", type=int, default=2018, show_default=True, metavar="整数", help="随机种子：同一种子生成相同数据")
@draft_option
@paths
def sample(year: int, seed: int, inputs: Path, outputs: Path, draft: bool) -> None:
    """生成示例报送文件（标注“示例数据”），写入 inputs/YEAR/。"""
    from pipeline.forms.sample import write_sample

    project = project_of(inputs, outputs, documents=True, draft=draft)
    written, missing = write_sample(project.plan, project.config(year), inputs / str(year), seed)
    absent = f"未报送的单位：{'、'.join(sorted(missing))}" if missing else "每个单位都有报送"
    click.echo(f"已生成 {len(written)} 份示例报送文件：{inputs / str(year)}/；{absent}")


@cli.command()
@year_option
@paths
def collect(year: int, inputs: Path, outputs: Path) -> None:
    """检查 inputs/YEAR/ 中的全部报送文件，结果写入 outputs/YEAR/intake/。"""
    from pipeline.intake.collect import summary_text
    from pipeline.workflow.year import run_collect

    project = project_of(inputs, outputs)
    intake = run_collect(project, year)
    click.echo(summary_text(intake), nl=False)
    click.echo(f"详细结果：{project.year_dir(year).intake}/（problems.json、收件情况.txt、退回修改/）")
    if intake.rejected:
        raise click.exceptions.Exit(1)


@cli.command()
@year_option
@draft_option
@paths
def status(year: int, inputs: Path, outputs: Path, draft: bool) -> None:
    """各单位报送情况：已报送（哪个文件、哪一版）、被退回、未报送；生成催报名单。"""
    from pipeline.cli.tables import print_rows
    from pipeline.workflow.status import year_status

    found = year_status(project_of(inputs, outputs, documents=True, draft=draft), year)
    print_rows(["单位", "状态", "采用文件", "填报日期", "说明"], [16, 8, 40, 10, 40],
               [[s.unit, s.state, s.file, s.filled_on, s.note] for s in found.statuses])
    done = sum(1 for s in found.statuses if not s.due)
    click.echo(f"\n已报送 {done} 个单位，未报送或最新一版被退回 {found.due} 个；催报名单：{found.reminders}")
    click.echo(f"报送情况页（浏览器打开，可打印）：{found.page}")
    if found.letters:
        click.echo(f"催报通知和退回修改通知（DOCX 与 PDF，共 {len(found.letters) // 2} 份）：{found.letters[0].parent}/")


@cli.command()
@year_option
@paths
def merge(year: int, inputs: Path, outputs: Path) -> None:
    """汇总已接收的报送：指标进度、任务进展、单位情况（outputs/YEAR/merged/）。"""
    from pipeline.workflow.year import run_merge

    project = project_of(inputs, outputs)
    counts = run_merge(project, year).counts
    click.echo(f"已汇总 {counts.submitted}/{counts.units} 个单位的报送；"
               + "，".join(f"{k} {v} 项" for k, v in counts.progress.items() if v)
               + f"。结果：{project.year_dir(year).merged}/")


@cli.command()
@year_option
@draft_option
@paths
def render(year: int, inputs: Path, outputs: Path, draft: bool) -> None:
    """由汇总结果生成综合报告和各单位汇总（DOCX 与 PDF）。"""
    from pipeline.workflow.year import run_render

    project = project_of(inputs, outputs, documents=True, draft=draft)
    with StageBar() as bar:
        outcome = run_render(project, year, bar)
    click.echo(f"生成 {len(outcome.rendered)} 份文档（{len(outcome.unchanged)} 份无变化未重新生成）："
               f"{project.year_dir(year).root}/report/、units/")
    say_marked(outcome.marked)


@cli.command()
@year_option
@click.option("--strict", is_flag=True, help="有未报送单位或被退回文件时以退出码 1 结束")
@click.option("--timings", type=click.Path(dir_okay=False, path_type=Path), metavar="文件",
              help="把各步骤用时（秒，各进程合计）写入该 JSON 文件，供性能测试使用")
@draft_option
@paths
def report(year: int, strict: bool, timings: Path | None, inputs: Path, outputs: Path, draft: bool) -> None:
    """主流程：收件检查、汇总、生成综合报告和各单位汇总（只重做有变化的部分）。"""
    from pipeline.workflow.year import run_report

    project = project_of(inputs, outputs, documents=True, draft=draft)
    with StageBar() as bar:
        result = run_report(project, year, bar)
    if timings:
        atomic_write(timings, json.dumps(result.timings, ensure_ascii=False, indent=1).encode())
    say_report(result, project.year_dir(year))
    if strict and result.gaps:
        gaps = ([f"{len(result.missing)} 个单位未报送（{'、'.join(result.missing)}）"] if result.missing else []) + \
               ([f"{len(result.rejected)} 个文件被退回"] if result.rejected else [])
        click.echo(f"按 --strict 的要求以退出码 1 结束，因为：{'；'.join(gaps)}。", err=True)
        raise click.exceptions.Exit(1)


def say_report(result: ReportResult, paths: YearDir) -> None:
    """What the report run made, what is missing, and where it all is."""
    if result.steps:
        click.echo("已更新：" + "、".join(result.steps))
    click.echo(f"生成 {len(result.rendered)} 份文档，{len(result.unchanged)} 份无变化。")
    click.echo(f"综合报告：{paths.report}/")
    click.echo(f"各单位汇总：{paths.units}/（{len(result.rendered) + len(result.unchanged) - 1} 个单位）")
    if result.sample:
        click.echo("注意：本年度数据为示例数据，文档每页标有“示例数据”。")
    click.echo(fonts_sentence())
    say_marked(result.marked)
    if result.missing:
        click.echo(f"未报送单位（已在文档中注明）：{'、'.join(result.missing)}")
    if result.rejected:
        click.echo(f"被退回的文件（见 {paths.intake / '收件情况.txt'}）：{'、'.join(result.rejected)}")
    click.echo(f"清单：{result.manifests[-1]}")


@cli.command()
@year_option
@paths
def verify(year: int, inputs: Path, outputs: Path) -> None:
    """按 MANIFEST.json 核对输入和输出文件：列出改动、缺失和新增的文件。"""
    from pipeline.desk.audit import check_store
    from pipeline.manifest import verify as run_verify
    from pipeline.util.paths import year_dir

    differences = run_verify(inputs, outputs, year)
    for d in differences:
        click.echo(f"{d.change}  {'输入' if d.kind == 'inputs' else '输出'}  {d.path}")
    chain = check_store(inputs)
    if chain is not None:
        click.echo(f"报送台记录 {chain.entries} 条：" + (chain.reason if chain.broken_at else "逐条核对无误。"))
    if differences or (chain and chain.broken_at):
        if differences:
            click.echo(f"共 {len(differences)} 个文件与清单不符。")
        raise click.exceptions.Exit(1)
    click.echo(f"{year_dir(outputs, year).root} 与清单一致。")


ENVIRONMENT = {
    errno.EACCES: "没有权限读写 {path}（请检查文件夹权限，或换一个输出目录 --outputs）",
    errno.EPERM: "没有权限读写 {path}（请检查文件夹权限，或换一个输出目录 --outputs）",
    errno.EROFS: "{path} 所在的磁盘是只读的，请换一个输出目录 --outputs",
    errno.ENOSPC: "磁盘空间已满，写入 {path} 失败；请清理磁盘后重试",
    errno.EDQUOT: "磁盘配额已用完，写入 {path} 失败；请清理磁盘后重试",
    errno.EFBIG: "写入 {path} 时超出了系统允许的文件大小（磁盘或配额已满）",
    errno.ENOTDIR: "{path} 路径中有一段是文件而不是文件夹，请检查 --inputs / --outputs",
    errno.EEXIST: "{path} 已存在，且不是文件夹",
    errno.EISDIR: "{path} 是文件夹，这里应为文件",
    errno.ENAMETOOLONG: "路径过长：{path}",
    errno.ENOENT: "找不到 {path}",
    errno.EIO: "读写 {path} 时磁盘出错",
}


def environment_message(exc: OSError) -> str | None:
    """A fault of the machine, not of the program: what happened, where, what to do (None if unknown)."""
    template = ENVIRONMENT.get(exc.errno)
    if template is None:
        return None
    path = exc.filename if exc.filename is not None else "输出文件"
    return template.format(path=os.fsdecode(path)) + "。已写出的文件都是完整的，修正后重新运行即可。"


def run(args: list[str] | None = None) -> int:
    """The command line on ``args`` (sys.argv when None): its exit code, every error said in Chinese."""
    install_chinese()
    try:
        return cli.main(args=args, prog_name="python -m pipeline", standalone_mode=False) or 0
    except click.exceptions.Abort:
        click.echo("已取消", err=True)
        return 2
    except click.ClickException as exc:
        exc.show()
        return 2
    except PipelineError as exc:
        click.echo(f"错误：{exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = environment_message(exc) if isinstance(exc, OSError) else None
        if message:
            click.echo(f"错误：{message}", err=True)
            return 2
        return internal_error(exc, args)


def internal_error(exc: Exception, args: list[str] | None) -> int:
    """A bug, not the user's input: a short message, and the details in a file the clerk can send."""
    details = "".join(traceback.format_exception(exc))
    if os.environ.get("PIPELINE_DEBUG"):
        click.echo(details, err=True)
    where = Path(tempfile.gettempdir()) / "pipeline-last-error.txt"
    try:
        command = " ".join(["python -m pipeline", *(args if args is not None else sys.argv[1:])])
        atomic_write(where, f"{command}\n\n{details}".encode())
        said = f"详细信息已写入 {where}，"
    except OSError:
        said = ""
    click.echo(f"程序内部错误：{said}请把本次命令、输入文件和该文件提供给开发人员（设置 PIPELINE_DEBUG=1 可直接显示详细信息）。",
               err=True)
    return 2


def main() -> None:
    sys.exit(run())
