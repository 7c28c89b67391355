"""Starting the desk: the year's desk opened, links issued to units that have none, uvicorn on the address
asked for (127.0.0.1 unless told otherwise; on an intranet, behind a reverse proxy that speaks HTTPS)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.desk.links import digest
from pipeline.desk.roster import issue_links, live_units
from pipeline.desk.service import Desk
from pipeline.errors import PipelineError
from pipeline.workflow.project import Project


@dataclass(frozen=True)
class Started:
    address: str
    password: str  # '' when the clerk gave it
    links: Path | None  # the list of links issued now, if any
    issued: int


def read_password(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        password = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise PipelineError(f"读不到口令文件 {path}：{exc.strerror}") from None
    if len(password) < 8:
        raise PipelineError(f"口令文件 {path} 中的口令太短（至少 8 个字符）")
    return password


def serve(project: Project, year: int, host: str, port: int, password_file: Path | None, base: str | None,
          started: Callable[[Started], None]) -> None:
    """Run the desk until interrupted; ``started`` hears where it is before requests are taken."""
    import uvicorn

    from pipeline.serve.app import create_app

    given = read_password(password_file)
    password = given or secrets.token_urlsafe(12)
    desk = Desk(project, year, digest(password))
    address = base or f"http://{host}:{port}"
    missing = [u.short for u in project.plan.in_year(year).reporting_units if u.short not in live_units(project, year)]
    issued, listing = issue_links(project, year, address, missing) if missing else ([], None)
    started(Started(address, "" if given else password, listing, len(issued)))
    uvicorn.run(create_app(desk), host=host, port=port, log_level="warning", access_log=False,
                proxy_headers=True, server_header=False)
