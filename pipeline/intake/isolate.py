"""Each received file read in a child process with limits on CPU time, memory and wall clock, so a crash, a
hang or a memory bomb in any reader costs that one file: it is refused with a message naming it, and every
other file is still recorded. The reading processes are reused from file to file and replaced when one dies.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import resource
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from pipeline.forms.signing import FormKeys
from pipeline.intake.codes import Code
from pipeline.intake.model import Problem, Submission, refusal
from pipeline.plan import Plan
from pipeline.settings import YearConfig
from pipeline.util.children import die_with_parent


@dataclass(frozen=True)
class Limits:
    """What one file may cost. Address space bounds resident memory too; a reading process with every reader
    loaded maps about 175 MB, and the largest honest form (xlsx, xls or ods) reads within 250 MB."""

    cpu_seconds: int = 8
    wall_seconds: float = 10.0
    memory_mb: int = 400


LIMITS = Limits()
Result = tuple[Submission, list[Problem], bytes | None]  # the verdict, its problems, the returned copy if any


def _forget_the_parents_forkserver() -> None:
    """A forked child inherits its parent's record of the reading processes' server, which is not the child's
    own child: its first reader would fail with ECHILD (a process that has collected, then forks the report's
    helper). Forgetting it makes the child start a server of its own. Private state of multiprocessing, here only."""
    server = multiprocessing.forkserver._forkserver
    server._forkserver_pid = server._forkserver_address = server._forkserver_alive_fd = None


os.register_at_fork(after_in_child=_forget_the_parents_forkserver)
CRASHED = "读取这个文件时读取程序异常终止（文件可能已损坏或经过特殊构造），已拒收；请用 Excel 或 WPS 重新保存后报送"


def _serve(conn: Connection, plan: Plan, config: YearConfig, keys: FormKeys, limits: Limits) -> None:
    """A reading process: files in, verdicts (and marked copies to return) out, within its limits."""
    from pipeline.intake.checks import check_file
    from pipeline.intake.returns import returned_copy

    die_with_parent()
    devnull = os.open(os.devnull, os.O_WRONLY)  # a reader that aborts prints its backtrace to nobody
    os.dup2(devnull, 2)
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    while (job := conn.recv()) is not None:
        used = resource.getrusage(resource.RUSAGE_SELF)
        seconds = int(used.ru_utime + used.ru_stime) + 1 + limits.cpu_seconds
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
        path, name = Path(job[0]), job[1]
        sub, problems = check_file(plan, config.year, path, name, keys)
        try:
            copy = returned_copy(path, sub, problems, plan, config, keys)
        except MemoryError:
            copy = None
        conn.send((sub, problems, copy))


def refused(name: str, code: Code, message: str) -> Result:
    return *refusal(name, code, message), None


class _Worker:
    """One reading process and the file it is reading."""

    def __init__(self, context: multiprocessing.context.BaseContext, args: tuple):
        self.context, self.args = context, args
        self.job: tuple[str, str] | None = None
        self.since = 0.0
        self._start()

    def _start(self) -> None:
        self.conn, child = self.context.Pipe()
        self.process = self.context.Process(target=_serve, args=(child, *self.args), daemon=True)
        self.process.start()
        child.close()

    def give(self, job: tuple[str, str]) -> None:
        self.job, self.since = job, time.monotonic()
        self.conn.send(job)

    def answer(self) -> Result:
        """The finished file's result; when the process died on it, a refusal (and a fresh process)."""
        name = self.job[1]
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            self.process.join(1)
            out_of_time = self.process.exitcode == -signal.SIGXCPU
            self.restart()
            return refused(name, Code.READER_TIMEOUT if out_of_time else Code.READER_CRASHED,
                           "读取时间超出上限（文件过大或经过特殊构造），已拒收" if out_of_time else CRASHED)
        finally:
            self.job = None

    def restart(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()
        self._start()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()


class Readers:
    """A few reading processes (one per core), each with one file at a time."""

    def __init__(self, plan: Plan, config: YearConfig, keys: FormKeys, workers: int | None = None,
                 limits: Limits = LIMITS):
        self.args, self.limits = (plan, config, keys, limits), limits
        self.size = max(1, min(workers or os.cpu_count() or 1, 4))
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["pipeline.intake.checks", "pipeline.intake.returns"])
        self.workers: list[_Worker] = []

    def read(self, files: list[tuple[Path, str]]) -> Iterator[tuple[str, Result]]:
        """(name, result) for each file, in the order they finish."""
        queue = [(str(path), name) for path, name in files]
        while queue or any(w.job for w in self.workers):
            while queue and (idle := self._idle()) is not None:
                idle.give(queue.pop(0))
            yield from self._collect()

    def _idle(self) -> _Worker | None:
        idle = next((w for w in self.workers if w.job is None), None)
        if idle is None and len(self.workers) < self.size:
            idle = _Worker(self.context, self.args)
            self.workers.append(idle)
        return idle

    def _collect(self) -> Iterator[tuple[str, Result]]:
        busy = [w for w in self.workers if w.job]
        deadline = min(w.since for w in busy) + self.limits.wall_seconds
        ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic()))
        for worker in busy:
            name = worker.job[1]
            if worker.conn in ready:
                yield name, worker.answer()
            elif time.monotonic() - worker.since > self.limits.wall_seconds:
                worker.restart()
                worker.job = None
                yield name, refused(name, Code.READER_TIMEOUT, f"读取超过{self.limits.wall_seconds:g}秒仍未完成"
                                    "（文件过大或经过特殊构造），已拒收；请检查文件后重新报送")

    def __enter__(self) -> Readers:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []
