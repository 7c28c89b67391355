"""The desk of one year: what the web layer calls. Uploads are answered at once; the year's intake records,
the status page and the manifest follow a moment later (one collect for the uploads of that moment), so the
command line and the desk always agree on what arrived."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import traceback
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pipeline.desk import links
from pipeline.desk.settings import DeskConfig, desk_config
from pipeline.desk.store import Store, now
from pipeline.desk.uploads import Answer, Uploads
from pipeline.intake.status import UnitStatus
from pipeline.terms import UnitState
from pipeline.workflow.project import Project


class DeskState(StrEnum):
    """A unit's state on the DRC's board."""

    NOT_OPENED = "未打开"
    OPENED = "已打开"
    PROBLEMS = "已上传·有问题"
    ACCEPTED = "已受理"
    OVERDUE = "逾期"


@dataclass(frozen=True)
class BoardRow:
    unit: str
    full: str
    state: DeskState
    problems: int  # errors in the unit's newest upload
    uploads: int
    last: str  # when the newest upload came
    by_mail: bool  # what counts came by the email inbox, not the desk


@dataclass
class Job:
    """The year's documents being made from the desk."""

    stage: str = ""
    done: int = 0
    total: int = 0
    finished: bool = False
    error: str = ""
    started: str = ""


class Desk:
    def __init__(self, project: Project, year: int, password_hash: str):
        self.project, self.year, self.password_hash = project, year, password_hash
        self.store = Store(project.inputs)
        self.sample = project.keys.drc is None  # no key of the DRC yet: the year holds sample data only
        self.config: DeskConfig = desk_config(project.settings, year)
        self.uploads = Uploads(project, year, self.store)
        self.lock = threading.Lock()  # one collect or report at a time
        self.pending = threading.Event()
        self.statuses: list[UnitStatus] = []
        self.job = Job()
        self.closed = False
        self.refresh_now()
        self.refresher = threading.Thread(target=self._refresher, name="desk-refresh", daemon=True)
        self.refresher.start()

    def refresh_now(self) -> None:
        """collect over the whole inbox (files read before are not read again), then status: the records,
        letters, status page and manifest the command line would write."""
        from pipeline.workflow.status import year_status

        with self.lock:
            self.statuses = year_status(self.project, self.year).statuses

    def _refresher(self) -> None:
        while not self.closed:
            self.pending.wait()
            self.pending.clear()
            if not self.closed:
                try:
                    self.refresh_now()
                except Exception:  # noqa: BLE001 - said on the server's console; the next upload tries again
                    traceback.print_exc()

    def close(self) -> None:
        """Stop the reading processes and the refresher (the server's end; tests)."""
        self.closed = True
        self.pending.set()
        self.refresher.join(120)  # a refresh under way finishes its files
        self.uploads.reader.close()

    def receive(self, unit: str, link: int | None, staged: Path, sha: str, size: int) -> Answer:
        answer = self.uploads.receive(unit, link, staged, sha, size)
        self.pending.set()
        return answer

    def remind(self, actor: str) -> tuple[bool, str]:
        """The 催报通知 for the units still due, unless one went out within the cooldown."""
        return remind(self, actor)

    def start_report(self, actor: str) -> bool:
        """``report`` for the year in the background; False when one is already running."""
        if self.job.started and not self.job.finished:
            return False
        self.job = Job(started=now())
        self.store.record(actor, "生成文档", year=self.year)
        threading.Thread(target=_report, args=(self,), name="desk-report", daemon=True).start()
        return True


def board_row(status: UnitStatus, mine: list[Answer], opened: bool, late: bool) -> BoardRow:
    web = {a.file for a in mine if a.file}
    counted = status.state == UnitState.SUBMITTED and not status.latest_returned
    if counted:
        state = DeskState.ACCEPTED
    elif mine and not mine[0].accepted:
        state = DeskState.PROBLEMS
    elif late:
        state = DeskState.OVERDUE
    else:
        state = DeskState.OPENED if opened else DeskState.NOT_OPENED
    return BoardRow(status.unit, status.full, state, len(mine[0].errors) if mine else 0, len(mine),
                    mine[0].received if mine else "", counted and status.file not in web)


def remind(desk: Desk, actor: str) -> tuple[bool, str]:
    """See Desk.remind."""
    from pipeline.desk.audit import append_entry

    last = desk.store.read("SELECT sent_at FROM reminders WHERE year = ? ORDER BY id DESC LIMIT 1", desk.year)
    if last and dt.datetime.fromisoformat(last[0][0]) + desk.config.reminder_cooldown > dt.datetime.now().astimezone():
        return False, f"上次催报在 {last[0][0][:16].replace('T', ' ')}，间隔未到，暂不重复催报"
    desk.refresh_now()
    due = [s.unit for s in desk.statuses if s.due]
    at = now()
    with desk.store.write() as db:
        db.execute("INSERT INTO reminders (year, sent_at) VALUES (?, ?)", (desk.year, at))
        append_entry(db, actor, "催报", {"year": desk.year, "units": due}, at)
    return True, f"已生成催报通知，催报 {len(due)} 个单位" if due else "各单位均已报送，无须催报"


def _report(desk: Desk) -> None:
    """The background run started by Desk.start_report."""
    from pipeline.workflow.year import run_report

    def progress(stage: str, done: int, total: int) -> None:
        desk.job = dataclasses.replace(desk.job, stage=stage, done=done, total=total)

    try:
        with desk.lock:
            run_report(desk.project, desk.year, progress)
    except Exception as exc:  # noqa: BLE001 - the clerk sees it on the desk, the next run may pass
        desk.job = dataclasses.replace(desk.job, error=str(exc) or type(exc).__name__)
    desk.job = dataclasses.replace(desk.job, finished=True)
    desk.pending.set()


def board(desk: Desk) -> list[BoardRow]:
    """Every reporting unit's row on the DRC's board."""
    opened = {s.unit for s in links.states(desk.store, desk.year) if s.opened}
    answers: dict[str, list[Answer]] = {}
    for answer in desk.uploads.answers():
        answers.setdefault(answer.unit, []).append(answer)
    late = dt.date.today() > desk.config.deadline
    return [board_row(s, answers.get(s.unit, []), s.unit in opened, late) for s in desk.statuses]


def receipt_of(desk: Desk, answer: Answer) -> Path:
    """The upload's 回执 (made once, under the desk's lock: it rewrites the manifest)."""
    from pipeline.desk.papers import receipt

    with desk.lock:
        return receipt(desk.project, desk.year, answer)

def correction_of(desk: Desk, answer: Answer) -> Path:
    """The upload's 退回修改通知."""
    from pipeline.desk.papers import correction

    copy = desk.uploads.copy_path(answer.file).name if answer.file else ""
    with desk.lock:
        return correction(desk.project, desk.year, answer, copy)

def form_of(desk: Desk, unit: str) -> tuple[str, bytes]:
    """The unit's form for the year, signed with the DRC's key; where none has been made yet (``forms`` makes
    it), only sample data exists, and the form is a sample form signed with the published sample key."""
    from pipeline.forms.workbook import build_form, form_filename
    from pipeline.util.workbook import workbook_bytes

    wb, _ = build_form(desk.project.plan, desk.project.plan.registry.get(unit), desk.project.config(desk.year),
                       desk.project.keys, desk.sample)
    return form_filename(desk.year, unit), workbook_bytes(wb)
