"""The desk's commands: ``links`` (issue, list, revoke a unit's link) and ``serve`` (the web desk)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from pipeline.cli.commands import cli, paths, project_of, year_option


@cli.command()
@year_option
@click.option("--base", default="http://127.0.0.1:8000", show_default=True, metavar="地址",
              help="报送台对外的地址（链接以它开头），经反向代理时写代理的 https 地址")
@click.option("--issue", "issue_units", multiple=True, metavar="单位", help="为该单位签发新链接（旧链接随即失效），可重复")
@click.option("--issue-all", is_flag=True, help="为全部填报单位签发新链接")
@click.option("--revoke", "revoke_units", multiple=True, metavar="单位", help="撤销该单位的链接，可重复")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), metavar="日期",
              help="链接有效期至该日（默认：报送截止日期后再加 config.toml 中 [desk] 一节所定的宽限天数）")
@paths
def links(year: int, base: str, issue_units: tuple[str, ...], issue_all: bool, revoke_units: tuple[str, ...],
          until: dt.datetime | None, inputs: Path, outputs: Path) -> None:
    """各单位的网上报送链接：列出、签发、撤销。链接只在签发时显示一次（写入 inputs/.desk/ 下的链接清单）。"""
    from pipeline.desk import links as desk_links
    from pipeline.desk.roster import issue_links
    from pipeline.desk.store import Store

    project = project_of(inputs, outputs)
    store = Store(project.inputs)
    for unit in revoke_units:
        click.echo(f"{unit}：撤销 {desk_links.revoke(store, year, unit, '发展改革委')} 个链接")
    if issue_units or issue_all:
        issued, listing = issue_links(project, year, base, None if issue_all else list(issue_units),
                                      until.date() if until else None)
        click.echo(f"已签发 {len(issued)} 个链接，清单：{listing}（内含链接本身，只发给对应单位，勿外传）")
    for s in desk_links.states(store, year):
        state = "已撤销" if s.revoked else "有效" if s.valid else "已过期"
        click.echo(f"{s.unit}\t{state}\t签发 {s.issued[:16]}\t至 {s.expires[:10]}\t{'已打开 ' + s.opened[:16] if s.opened else '未打开'}")


@cli.command()
@year_option
@click.option("--host", default="127.0.0.1", show_default=True, metavar="地址", help="监听地址（内网使用时放在反向代理之后）")
@click.option("--port", type=int, default=8000, show_default=True, metavar="端口", help="监听端口")
@click.option("--password-file", type=click.Path(dir_okay=False, path_type=Path), metavar="文件",
              help="发展改革委登录口令所在的文件（不给则每次启动随机生成并显示一次）")
@click.option("--base", metavar="地址", help="报送台对外的地址（经反向代理时），默认为监听地址和端口")
@paths
def serve(year: int, host: str, port: int, password_file: Path | None, base: str | None, inputs: Path,
          outputs: Path) -> None:
    """网上报送台：各单位用专用链接上传填报表并立即看到审核结果，发展改革委查看报送进度。"""
    from pipeline.serve.run import Started
    from pipeline.serve.run import serve as run_serve

    def started(s: Started) -> None:
        click.echo(f"网上报送台：{s.address}/desk（按 Ctrl-C 停止）")
        if s.password:
            click.echo(f"发展改革委登录口令（本次启动随机生成，只显示这一次）：{s.password}")
        if s.links:
            click.echo(f"已为 {s.issued} 个单位签发报送链接，清单：{s.links}")
        else:
            click.echo(f"各单位的报送链接已签发过（python -m pipeline links --year {year} 可查看、撤销、重发）")

    run_serve(project_of(inputs, outputs), year, host, port, password_file, base, started)
