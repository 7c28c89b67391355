"""Faults of the machine and of the configuration: a clear Chinese message naming the path or key, exit 2,
nothing half-written (issue 12)."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import INPUTS, ROOT, invoke

INTERNAL = "程序内部错误"


@pytest.fixture
def project(tmp_path) -> Path:
    """The shipped inputs (2019 only) in a folder of their own."""
    shutil.copytree(INPUTS / "plan", tmp_path / "inputs" / "plan", ignore=shutil.ignore_patterns("form.key"))
    shutil.copy(INPUTS / "config.toml", tmp_path / "inputs" / "config.toml")
    shutil.copytree(INPUTS / "2019", tmp_path / "inputs" / "2019")
    return tmp_path


def report(project: Path, outputs: str = "outputs", **options) -> subprocess.CompletedProcess:
    """`report` in the project's folder: in this process, or in one of its own started with ``options`` (limits
    set in the child)."""
    args = ("report", "--year", "2019", "--inputs", "inputs", "--outputs", outputs)
    if not options:
        return invoke(*args, cwd=project)
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, **options)


def assert_clear(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert INTERNAL not in result.stderr and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def no_temporary_files(folder: Path) -> None:
    assert [p for p in folder.rglob("*") if p.name.endswith(".tmp")] == []


def edit_config(project: Path, old: str, new: str) -> None:
    path = project / "inputs" / "config.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_outputs_that_is_a_file(project):
    (project / "outputs").write_text("")
    assert_clear(report(project), "outputs", "不是文件夹")


def test_read_only_outputs(project):
    (project / "ro").mkdir()
    (project / "ro").chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: run as nobody, in a folder nobody may read
        if not shutil.which("setpriv"):
            pytest.skip("setpriv (util-linux) is needed to drop root")
        probe = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
                                "import pipeline"], capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        if probe.returncode:
            pytest.skip("this checkout is not readable by an unprivileged user: nobody to run as")
        shared = Path(tempfile.mkdtemp(prefix="ro-"))
        shutil.copytree(project, shared / "p", ignore=shutil.ignore_patterns("form.key"))
        for path in [shared, *shared.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        (shared / "p" / "ro").chmod(0o555)
        result = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m",
                                 "pipeline", "report", "--year", "2019", "--inputs", "inputs", "--outputs", "ro"],
                                cwd=shared / "p", capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(shared)})
        shutil.rmtree(shared)
    else:
        result = report(project, "ro")
    assert_clear(result, "没有权限", "ro")


def test_a_full_disk(project):
    limit = 300_000  # bytes per file: the first large output does not fit

    result = report(project, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
    assert_clear(result, "超出了系统允许的文件大小", "outputs/2019")
    no_temporary_files(project / "outputs")
    again = report(project)  # with room again, the same command finishes the job
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("old, new, words", [
    ('cc = ["市委办"', 'cc = 5\nx = ["市委办"', ("cc", "文字列表")),
    ('doc_date = "2020-03-06"', 'doc_date = "2020年3月6日"', ("doc_date", "YYYY-MM-DD", "2019")),
    ('signer = "韦建国"', "signer = 韦建国", ("第", "行", "英文双引号")),
    ('signer = "韦建国"', 'signer = "韦建国"\nsigner = "韦建国"', ("同一个键写了两次",)),
])
def test_a_config_entry_of_the_wrong_kind_is_named(project, old, new, words):
    edit_config(project, old, new)
    assert_clear(report(project), "config.toml", *words)


def test_a_gbk_config(project):
    path = project / "inputs" / "config.toml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    assert_clear(report(project), "config.toml", "UTF-8", "GBK")


@pytest.mark.parametrize("file, old, new, words", [
    ("units.toml", 'kind = "department"', "kind = 3", ("units.toml", "kind", "文字")),
    ("plan.toml", "target_year = 2020", 'target_year = "二〇二〇"', ("plan.toml", "target_year", "年份")),
    ("measures.toml", "sample_baseline = 70.5", 'sample_baseline = "70.5"', ("measures.toml", "T02", "数字")),
])
def test_a_plan_file_entry_of_the_wrong_kind_is_named(project, file, old, new, words):
    path = project / "inputs" / "plan" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert_clear(report(project), *words)


def test_outputs_path_too_long(project):
    assert_clear(report(project, "x" * 300), "路径过长")


def test_init_leaves_nothing_half_written(tmp_path):
    target = tmp_path / "new"
    command = [sys.executable, "-m", "pipeline", "init", "--notice", str(INPUTS / "plan" / "notice.txt"),
               "--inputs", str(target)]
    small = 2000  # bytes per file: the notice does not fit
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (small, small)))
    assert_clear(result, "notice.txt")
    assert not (target / "plan").exists() and not (target / "config.toml").exists()
    assert invoke("init", "--notice", str(INPUTS / "plan" / "notice.txt"), "--inputs", str(target)).returncode == 0


def session_processes(session: int) -> set[int]:
    """Every live process of a session (Linux /proc), zombies aside."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[3]) == session:
            found.add(int(entry.name))
    return found


@pytest.mark.parametrize("how", ["kill -9", "SIGTERM", "Ctrl-C"])
def test_a_stopped_report_leaves_no_process_behind(tmp_path, how):
    """Stopped while its readers and render workers run, `report` takes them all with it; Ctrl-C is answered
    within a second; the next run gives the outputs a clean run gives (test_archive: a rerun after kill -9)."""
    import signal
    import time

    command = [sys.executable, "-m", "pipeline", "report", "--year", "2019", "--outputs", str(tmp_path / "out")]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline, seen = time.monotonic() + 60, 0
    while seen < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)  # the command, its helper or workers, and their readers
        seen = len(session_processes(proc.pid))  # counted once: a reader may finish between two counts
    assert proc.poll() is None and seen >= 3, "the run ended before it could be stopped"
    sent = time.monotonic()
    if how == "Ctrl-C":
        os.killpg(proc.pid, signal.SIGINT)  # the terminal sends it to the whole foreground group
    else:
        os.kill(proc.pid, signal.SIGKILL if how == "kill -9" else signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    answered = time.monotonic() - sent
    while session_processes(proc.pid) and time.monotonic() - sent < 10:
        time.sleep(0.1)
    assert session_processes(proc.pid) == set(), f"{how}: processes left behind"
    if how == "Ctrl-C":
        assert answered < 1.0 and "已取消" in err and "Traceback" not in err, (answered, err)
