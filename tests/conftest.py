from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
KEY = bytes.fromhex("5d" * 32)  # the tests' own form key: real forms are signed with it
LEFT_ALONE = {".git", ".venv", ".venv-min", ".pytest_cache", ".ruff_cache", "__pycache__"}  # not the project's files


CHECKOUT = pytest.StashKey[dict]()


def checkout() -> dict[str, tuple[int, int]]:
    """Every file of the checkout (size, modification time), but for caches and environments."""
    import os

    found = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in LEFT_ALONE and not d.endswith(".egg-info")]
        for name in files:
            info = os.stat(os.path.join(folder, name), follow_symlinks=False)
            found[os.path.relpath(os.path.join(folder, name), ROOT)] = (info.st_size, info.st_mtime_ns)
    return found


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[CHECKOUT] = checkout()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The tests write into temporary folders only: a file of the checkout that appeared, changed or went
    missing during the session fails it."""
    before, after = session.config.stash[CHECKOUT], checkout()
    touched = sorted(set(before) ^ set(after) | {p for p in before.keys() & after.keys() if before[p] != after[p]})
    if touched:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_line(f"测试改动了检出目录中的文件：{'、'.join(touched[:20])}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def keys():
    """The signing keys a test's real forms are made and checked with."""
    from pipeline.forms.signing import FormKeys

    return FormKeys(KEY)


def with_key(inputs: Path) -> Path:
    """An inputs folder whose plan holds the tests' key, as one that has made forms would."""
    (inputs / "plan" / "form.key").write_text(KEY.hex() + "\n", encoding="ascii")
    return inputs


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run `python -m pipeline ARGS` in a process of its own, as a user would; capture both streams. For what a
    separate process shows: its entry point, resource limits, environment, signals."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True)


def invoke(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The command line run in this process (``pipeline.cli.run``: the same code as `python -m pipeline`, its
    exit code and both streams), in ``cwd``: as run_cli, without starting Python again."""
    import contextlib
    import io
    import os

    from pipeline.cli import run

    out, err = io.StringIO(), io.StringIO()
    before = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(list(args))
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(["python", "-m", "pipeline", *args], code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def plan():
    """The sample plan as the 2019 documents see it: answered for by the units in force after the sample
    机构改革 (``plan.in_year(y)`` for another year's)."""
    from pipeline.plan import load_plan

    return load_plan(INPUTS).in_year(2019)


def load_config(inputs: Path, year: int):
    """One year's configuration, as a command loads it."""
    from pipeline.workflow.project import open_project

    return open_project(inputs, ROOT / "outputs").config(year)


@pytest.fixture
def inputs_copy(tmp_path) -> Path:
    """A fresh inputs folder with the plan and configuration but no submissions."""
    import shutil

    target = tmp_path / "inputs"
    shutil.copytree(INPUTS / "plan", target / "plan")
    shutil.copy(INPUTS / "config.toml", target / "config.toml")
    return target


def soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    """Re-save a file with LibreOffice as an agency's office would (needs libreoffice-*-nogui)."""
    import shutil

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                    "--outdir", str(outdir), str(src)], check=True, capture_output=True, timeout=180)
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    assert out.exists(), f"LibreOffice did not write {out}"
    return out


def read_meta(path: Path) -> dict:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return {r[0]: r[1] for r in wb["_meta"].iter_rows(values_only=True) if r[0] not in ("row", "contact")}


def report_of(tmp_path_factory, year: int) -> Path:
    """`report --year YEAR` on the shipped sample in an outputs folder of its own: the year's folder."""
    outputs = tmp_path_factory.mktemp(f"outputs-{year}")
    result = invoke("report", "--year", str(year), "--outputs", str(outputs))
    assert result.returncode == 0, result.stdout + result.stderr
    return outputs / str(year)


def copy_of(year_folder: Path, tmp_path: Path) -> Path:
    """A copy of a session's whole outputs folder (every year a report wrote), for a test that changes it: the
    copy's folder of the same year."""
    import shutil

    outputs = tmp_path / "outputs"
    shutil.copytree(year_folder.parent, outputs, symlinks=True)
    return outputs / year_folder.name


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The 2019 report and summaries, made once per test session."""
    return report_of(tmp_path_factory, 2019)


REPORT = "report/2019年度循环经济目标任务完成情况报告"


@pytest.fixture(scope="session")
def built_final(tmp_path_factory) -> Path:
    """The plan's last year (2020, the 终期 evaluation), made once per test session."""
    return report_of(tmp_path_factory, 2020)


def pdf_text(path: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout
