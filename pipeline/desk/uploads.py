"""An upload through the desk, from bytes to verdict.

The file is staged under ``inputs/.desk/incoming/`` while it is hashed, sniffed like any received file, and
read by the same isolated reader as ``collect`` (one warm pool for the server; uploads that arrive together are
read together). A form of another unit is refused as such and kept under ``.desk/refused/``; every other file
moves into ``inputs/<year>/`` under a name the server chooses, with its verdict kept where ``collect`` finds it,
so the command line sees exactly what the desk saw."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import queue
import secrets
import threading
from concurrent.futures import Future
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from pipeline.desk.audit import append_entry
from pipeline.desk.store import Store, now
from pipeline.forms.layout import ITEMS, MEASURES, sheet_columns
from pipeline.intake.arrivals import BY_DESK, Register, register_path
from pipeline.intake.codes import Code
from pipeline.intake.isolate import Readers, Result
from pipeline.intake.model import Problem, Submission
from pipeline.intake.records import inbox_dir
from pipeline.intake.sniff import MAX_FILE_BYTES, sniff
from pipeline.intake.verdicts import Verdicts
from pipeline.terms import Outcome, Severity
from pipeline.util.files import atomic_write
from pipeline.workflow.project import Project

CHUNK = 64 * 1024


class TooLarge(Exception):
    """The upload passed the cap while it streamed; nothing of it is kept."""


@dataclass(frozen=True)
class Answer:
    """What the desk says of one upload."""

    id: int
    unit: str
    file: str  # its name in the inbox; '' when it was refused before the inbox
    sha256: str
    size: int
    received: str
    outcome: Outcome
    problems: list[Problem]
    refusal: str  # why it did not enter the inbox (another unit's form, not a spreadsheet)
    changes: list[str]  # what differs from the unit's last accepted upload, cell by cell
    contact: dict[str, str]  # the form's contact block (填报人, 联系电话…)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.WARNING]

    @property
    def accepted(self) -> bool:
        return self.outcome in (Outcome.ACCEPTED, Outcome.WARNED)


class BatchReader:
    """One pool of isolated readers for the server's life; whoever asks while a batch is read waits for the next,
    which takes every file that came meanwhile (32 units at once are two batches, not 32)."""

    def __init__(self, project: Project, year: int):
        self.args = (project.plan, project.config(year), project.keys)
        self.jobs: queue.Queue[tuple[Path, str, Future] | None] = queue.Queue()
        threading.Thread(target=self._run, name="desk-reader", daemon=True).start()

    def read(self, path: Path, name: str) -> Result:
        done: Future = Future()
        self.jobs.put((path, name, done))
        return done.result()

    def close(self) -> None:
        self.jobs.put(None)

    def _run(self) -> None:
        with Readers(*self.args) as readers:
            while (first := self.jobs.get()) is not None:
                batch = [first]
                while not self.jobs.empty():
                    more = self.jobs.get_nowait()
                    if more is None:
                        self.jobs.put(None)  # the end, after this batch
                        break
                    batch.append(more)
                waiting = {name: done for _, name, done in batch}
                try:
                    for name, result in readers.read([(path, name) for path, name, _ in batch]):
                        waiting.pop(name).set_result(result)
                except Exception as exc:  # noqa: BLE001 - every waiting upload hears of it
                    for done in waiting.values():
                        done.set_exception(exc)


def stage(store: Store, source: BinaryIO, limit: int = MAX_FILE_BYTES) -> tuple[Path, str, int]:
    """The upload copied under ``.desk/incoming/`` while hashed; TooLarge (and nothing kept) past ``limit``."""
    folder = store.folder / "incoming"
    folder.mkdir(exist_ok=True)
    path, sha, size = folder / f".{secrets.token_hex(8)}.part", hashlib.sha256(), 0
    try:
        with path.open("wb") as out:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(size)
                sha.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, sha.hexdigest(), size


def recover(store: Store, year: int, inbox: Path) -> None:
    """What a server killed mid-upload left: a recorded upload not yet in the inbox is moved in; anything else
    (a half-written .part, a file read but not recorded) never reached anyone and is dropped."""
    for left in (store.folder / "incoming").glob("*"):
        recorded = store.read("SELECT 1 FROM uploads WHERE year = ? AND file = ?", year, left.name)
        if recorded and not (inbox / left.name).exists():
            os.replace(left, inbox / left.name)
        else:
            left.unlink()


class Uploads:
    """Receives the uploads of one year and answers each."""

    def __init__(self, project: Project, year: int, store: Store):
        self.project, self.year, self.store = project, year, store
        self.inbox = inbox_dir(project.inputs, year)
        self.register = Register(register_path(self.inbox))
        self.reader = BatchReader(project, year)
        config = project.config(year)
        self.verdicts = Verdicts(project.year_dir(year).cache / "verdicts", project.plan, config, project.keys)
        columns = sheet_columns(project.plan.info, year == project.plan.info.target_year)
        self.labels = {part: {c.key: c.header for c in columns[kind] if c.is_input}  # the form's own words
                       for part, kind in (("measures", MEASURES), ("tasks", ITEMS))}
        recover(store, year, self.inbox)

    def receive(self, unit: str, link: int | None, staged: Path, sha: str, size: int) -> Answer:
        """The staged upload judged, placed and recorded."""
        moment = dt.datetime.now().astimezone()
        came = Arrival(unit, link, sha, size, moment.replace(microsecond=0))
        sniffed = sniff(staged)
        if sniffed.kind is None:
            return self._refuse(came, staged, Code(sniffed.code), sniffed.message)
        # to the millisecond, so that a unit's uploads list in the order they came (the register decides what counts)
        name = f"{unit}_网上报送_{moment:%Y%m%d-%H%M%S}-{moment.microsecond // 1000:03d}_{sha[:8]}.{sniffed.kind}"
        named = staged.with_name(name)
        os.replace(staged, named)
        sub, problems, copy = self.reader.read(named, name)
        if sub.unit and sub.unit != unit:
            return self._refuse(came, named, Code.OTHER_UNIT,
                                f"这是“{sub.unit}”的填报表，不是本单位的；请下载本页提供的本单位填报表填写后上传")
        self.verdicts.save(self.verdicts.key(sha, name), (sub, problems, copy))
        if copy is not None:
            atomic_write(self.copy_path(name), copy)
        answer = record_upload(self.store, self.year, came, name, sub, problems, "", self.labels)
        self.register.record(sha, name, moment, BY_DESK)
        os.replace(named, self.inbox / name)  # after the record: a kill in between is finished at the next start
        return answer

    def _refuse(self, came: Arrival, staged: Path, code: Code, why: str) -> Answer:
        folder = self.store.folder / "refused"
        folder.mkdir(exist_ok=True)
        os.replace(staged, folder / f"{came.sha256}{staged.suffix}")
        return record_upload(self.store, self.year, came, "", Submission("", came.sha256),
                             [Problem.of_file("", code, why)], why, self.labels)

    def copy_path(self, name: str) -> Path:
        """The marked copy of an inbox file, kept by the desk beside the store."""
        return self.store.folder / "returned" / f"{Path(name).stem}_退回修改.xlsx"

    def answer(self, upload: int, unit: str | None = None) -> Answer | None:
        """One upload (of ``unit`` only, when given: a unit reaches its own uploads and no other)."""
        rows = self.store.read("SELECT * FROM uploads WHERE id = ? AND year = ?", upload, self.year)
        return answer_of(rows[0]) if rows and (unit is None or rows[0]["unit"] == unit) else None

    def answers(self, unit: str | None = None) -> list[Answer]:
        """Every upload of the year (of one unit), newest first."""
        sql = "SELECT * FROM uploads WHERE year = ?" + (" AND unit = ?" if unit else "") + " ORDER BY id DESC"
        return [answer_of(r) for r in self.store.read(sql, self.year, *([unit] if unit else []))]


@dataclass(frozen=True)
class Arrival:
    """Who sent an upload, through which link, what it was and when it came."""

    unit: str
    link: int | None
    sha256: str
    size: int
    received: dt.datetime


def record_upload(store: Store, year: int, came: Arrival, name: str, sub: Submission, problems: list[Problem],
                  refusal: str, labels: dict[str, dict[str, str]]) -> Answer:
    """The upload's row and its audit entry, in one transaction; the changes against the unit's last accepted
    version (a returned one carries no cells to compare)."""
    cells = json.dumps({"measures": {k: v.own() for k, v in sub.measures.items()},
                        "tasks": {k: v.own() for k, v in sub.tasks.items()}, "contact": sub.contact}, ensure_ascii=False)
    at = came.received.isoformat()
    with store.write() as db:
        before = db.execute("SELECT cells FROM uploads WHERE year = ? AND unit = ? AND outcome IN (?, ?) "
                            "ORDER BY id DESC LIMIT 1", (year, came.unit, Outcome.ACCEPTED, Outcome.WARNED)).fetchone()
        changes = cell_changes(json.loads(before[0]), json.loads(cells), labels) if before and name else []
        row = db.execute(
            "INSERT INTO uploads (year, unit, link_id, file, sha256, size, received_at, outcome, refusal, problems,"
            " cells, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (year, came.unit, came.link, name, came.sha256, came.size, at, sub.outcome.value, refusal,
             json.dumps([asdict(p) for p in problems], ensure_ascii=False), cells, json.dumps(changes, ensure_ascii=False)))
        append_entry(db, f"单位:{came.unit}", "上传", {"year": year, "unit": came.unit, "upload": row.lastrowid,
                                                   "sha256": came.sha256, "size": came.size, "file": name,
                                                   "verdict": "拒收" if refusal else sub.outcome.value}, now())
    return Answer(row.lastrowid, came.unit, name, came.sha256, came.size, at, sub.outcome, problems, refusal, changes,
                  sub.contact)


def answer_of(row) -> Answer:
    return Answer(row["id"], row["unit"], row["file"], row["sha256"], row["size"], row["received_at"],
                  Outcome(row["outcome"]), [Problem.from_json(p) for p in json.loads(row["problems"])],
                  row["refusal"], json.loads(row["changes"]), json.loads(row["cells"]).get("contact", {}))


def cell_changes(before: dict, after: dict, labels: dict[str, dict[str, str]]) -> list[str]:
    """'T02 本年度完成值：12.5 → 13' for every cell that differs between two versions of a unit's form."""
    lines = []
    for part in ("measures", "tasks"):
        old, new = before.get(part, {}), after.get(part, {})
        for item in sorted(set(old) | set(new)):
            for key, label in labels[part].items():
                was, now_ = old.get(item, {}).get(key), new.get(item, {}).get(key)
                if key in old.get(item, {}) or key in new.get(item, {}):
                    if (was if was is not None else "") != (now_ if now_ is not None else ""):
                        lines.append(f"{item} {label}：{_shown(was)} → {_shown(now_)}")
    return lines


def _shown(value: object) -> str:
    if value in (None, ""):
        return "（空）"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"
