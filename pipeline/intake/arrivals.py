"""The order in which the DRC received each file: the 收件登记 (register of arrivals) beside the inbox.

Which of a unit's versions counts is decided here, never by the 填报日期 the sender types. The desk writes a
line the moment an upload is accepted; ``collect`` writes one for each file it sees for the first time (an email
saved into the folder), files first seen together in the order the mail program saved them (their modification
time, then their name). The register is only ever appended to, and it lives under ``inputs/`` with the other
records to back up, so a copy of ``inputs/`` decides exactly as the original did."""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import io
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError

FOLDER = "收件登记"
HEADER = ("序号", "收到时间", "来源", "sha256", "文件名")
BY_FOLDER = "收件目录"
BY_DESK = "网上报送"


@dataclass(frozen=True)
class Arrived:
    """One line of the register: the file's place in the order of arrival and when it came."""

    seq: int
    at: str  # local time, to the second
    source: str
    sha256: str
    name: str


@dataclass(frozen=True)
class Sighting:
    """A file collect found in the inbox, not registered yet perhaps."""

    sha256: str
    name: str
    mtime_ns: int


def register_path(inbox: Path) -> Path:
    """``inputs/收件登记/<year>.csv`` for the inbox ``inputs/<year>/``."""
    return inbox.parent / FOLDER / f"{inbox.name}.csv"


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


class Register:
    """The register of one year, read and appended under a lock (the desk and the command line share it)."""

    def __init__(self, path: Path):
        self.path = path

    def arrivals(self) -> dict[str, Arrived]:
        """sha256 → its first line."""
        if not self.path.exists():
            return {}
        return self._parse(self.path.read_text(encoding="utf-8"))

    def _parse(self, text: str) -> dict[str, Arrived]:
        found: dict[str, Arrived] = {}
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        for n, row in enumerate(rows[1:], start=2):
            if len(row) != len(HEADER) or not row[0].isdigit():
                raise PipelineError(f"收件登记 {self.path} 第 {n} 行已损坏（应为：{'，'.join(HEADER)}）；"
                                    "请从备份恢复该文件，或删去这一行后重新运行")
            line = Arrived(int(row[0]), row[1], row[2], row[3], row[4])
            found.setdefault(line.sha256, line)
        return found

    def record(self, sha256: str, name: str, moment: dt.datetime, source: str) -> Arrived:
        """The upload's line, written now unless the file is registered already."""
        return self._append([(sha256, name)], _stamp(moment), source)[sha256]

    def order(self, seen: list[Sighting]) -> dict[str, Arrived]:
        """Each file's line; those never registered are registered now, in the order the folder received them."""
        fresh = sorted(seen, key=lambda s: (s.mtime_ns, s.name))
        return self._append([(s.sha256, s.name) for s in fresh], _stamp(dt.datetime.now()), BY_FOLDER)

    def _append(self, files: list[tuple[str, str]], at: str, source: str) -> dict[str, Arrived]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        with os.fdopen(fd, "r+", encoding="utf-8", newline="") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # released when the file closes
            fh.seek(0)
            known = self._parse(fh.read())
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            if fh.tell() == 0:
                out.write("\ufeff")  # so that Excel and WPS open the register as UTF-8
                writer.writerow(HEADER)
            seq = max((a.seq for a in known.values()), default=0)
            for sha, name in files:
                if sha not in known:
                    seq += 1
                    known[sha] = Arrived(seq, at, source, sha, name)
                    writer.writerow([seq, at, source, sha, name])
            fh.write(out.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        return known
