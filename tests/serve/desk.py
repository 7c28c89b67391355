"""A desk on a copy of the sample 2019 inputs, and forms filled as a unit fills them."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import openpyxl
from starlette.testclient import TestClient

from pipeline.desk.links import digest
from pipeline.desk.roster import issue_links
from pipeline.desk.service import Desk
from pipeline.forms.sample import fill_sample
from pipeline.forms.signing import FormKeys
from pipeline.forms.workbook import build_form
from pipeline.serve.app import create_app
from pipeline.util.workbook import workbook_bytes
from pipeline.workflow.project import Project, open_project
from tests.conftest import INPUTS

YEAR = 2019
PASSWORD = "测试口令-desk-2019"


def desk_project(tmp_path: Path) -> Project:
    """The sample plan, configuration and 2019 inbox, copied: the desk writes into inputs/.desk/ and the inbox."""
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS / "plan", inputs / "plan", ignore=shutil.ignore_patterns("form.key"))
    shutil.copy(INPUTS / "config.toml", inputs / "config.toml")
    shutil.copytree(INPUTS / str(YEAR), inputs / str(YEAR))
    return open_project(inputs, tmp_path / "outputs")


def open_desk(project: Project) -> Desk:
    return Desk(project, YEAR, digest(PASSWORD))


def filled(project: Project, unit: str, seed: int = 11) -> bytes:
    """The unit's form as the desk hands it out, filled in (a sample form: the sample year has no DRC key)."""
    wb, identity = build_form(project.plan, project.plan.registry.get(unit), project.config(YEAR), FormKeys(None), True)
    fill_sample(wb, identity, project.plan, YEAR, seed)
    return workbook_bytes(wb)


def blank(project: Project, unit: str) -> bytes:
    wb, _ = build_form(project.plan, project.plan.registry.get(unit), project.config(YEAR), FormKeys(None), True)
    return workbook_bytes(wb)


def with_text_in_a_number_cell(data: bytes) -> tuple[bytes, str]:
    """The form with '约12' typed where the first measure's value belongs; (bytes, the cell)."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[1]
    header = [c.value for c in ws[3]]
    column = next(i for i, h in enumerate(header, 1) if h == "本年度完成值")
    cell = ws.cell(row=4, column=column)
    cell.value = "约12"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), cell.coordinate


BASE = "http://testserver"


def unit_client(desk, unit: str, **issue) -> tuple[TestClient, str]:
    """A browser that opened the unit's new link; (client, the page's form token)."""
    issued, _ = issue_links(desk.project, YEAR, BASE, [unit], **issue)
    client = TestClient(create_app(desk), base_url=BASE, follow_redirects=False)
    opened = client.get(issued[0].address.removeprefix(BASE))
    assert opened.status_code == 303 and opened.headers["location"] == "/unit"
    return client, csrf_of(client.get("/unit").text)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def post_file(client: TestClient, csrf: str | None, data: bytes, **headers: str):
    fields = {"csrf": csrf} if csrf is not None else {}
    return client.post("/unit/upload", data=fields, files={"file": ("表.xlsx", data)},
                       headers={"origin": BASE, **headers})


class Server:
    """``python -m pipeline serve`` in a process of its own on a free port of 127.0.0.1, as a clerk starts it."""

    def __init__(self, project: Project, tmp_path: Path):
        import socket
        import subprocess
        import sys

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.project = project
        secret = tmp_path / "desk-password.txt"
        secret.write_text(PASSWORD, encoding="utf-8")
        self.log = (tmp_path / "serve.log").open("w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "serve", "--year", str(YEAR), "--inputs", str(project.inputs),
             "--outputs", str(project.outputs), "--port", str(self.port), "--password-file", str(secret)],
            cwd=tmp_path, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self) -> None:
        import time
        import urllib.request

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.said())
            try:
                urllib.request.urlopen(self.base + "/desk/login", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the desk did not answer within 120 s: " + self.said())

    def said(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def link(self, unit: str) -> str:
        """The unit's link, from the list the server wrote when it started."""
        listing = self.project.inputs / ".desk" / f"{YEAR}年度网上报送链接.xlsx"
        rows = openpyxl.load_workbook(listing).worksheets[0].iter_rows(min_row=2, values_only=True)
        return next(r[4] for r in rows if r[2] == unit)

    def stop(self, signal_number: int = 15) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal_number)
            self.process.wait(60)
        self.log.close()


def unit_session(base: str, link: str):
    """An HTTP client (not a browser) that opened the link: (client, the page's form token)."""
    import re

    import httpx2

    client = httpx2.Client(base_url=base, follow_redirects=False, timeout=120)
    assert client.get(link.removeprefix(base)).status_code == 303
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/unit").text).group(1)
    return client, token


def send_form(client, token: str, data: bytes, base: str):
    return client.post("/unit/upload", data={"csrf": token}, files={"file": ("表.xlsx", data)},
                       headers={"origin": base})
