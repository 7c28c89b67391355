"""The desk's pages: one typed context per page, rendered by an HTML environment that escapes everything
(the text environment of the documents does not: its writers escape for their own formats)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import jinja2

from pipeline.desk.service import BoardRow, DeskState
from pipeline.desk.uploads import Answer
from pipeline.intake.model import Problem
from pipeline.terms import Outcome
from pipeline.util.templates import TEMPLATES, Context

_HTML = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / "serve"), autoescape=True,
                           undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
VERDICT = {Outcome.ACCEPTED: "已受理", Outcome.WARNED: "已受理（有提示）", Outcome.REJECTED: "须修改后重新上传",
           Outcome.IGNORED: "与已收到的文件相同"}
CSS = {DeskState.ACCEPTED: "accepted", DeskState.PROBLEMS: "problems", DeskState.OVERDUE: "overdue",
       DeskState.OPENED: "opened", DeskState.NOT_OPENED: "not-opened"}


def render_page(template: str, context: Context) -> str:
    return _HTML.get_template(template).render(**context.names())


@dataclass(frozen=True)
class Page(Context):
    title: str
    issuer: str
    sample: bool


@dataclass(frozen=True)
class MessagePage(Page):
    message: str
    back: str = ""
    refresh: int = 0


@dataclass(frozen=True)
class AnswerView:
    id: int
    number: int  # the unit's 1st, 2nd… upload
    file: str
    size: str
    received: str
    verdict: str
    sha: str
    accepted: bool
    errors: list[Problem]
    warnings: list[Problem]
    changes: list[str]
    copy: bool


def answer_view(answer: Answer, number: int, has_copy: bool) -> AnswerView:
    verdict = f"未受理：{answer.refusal}" if answer.refusal else VERDICT[answer.outcome]
    return AnswerView(answer.id, number, answer.file or "（未收入）", f"{answer.size / 1024:.1f} KB",
                      answer.received[:19].replace("T", " "), verdict, answer.sha256[:16], answer.accepted,
                      answer.errors, answer.warnings, answer.changes, has_copy)


@dataclass(frozen=True)
class UnitPage(Page):
    unit: str
    year: int
    deadline: str
    items: list[str]
    csrf: str
    max_mb: int
    current: AnswerView | None
    history: list[AnswerView] = field(default_factory=list)
    refresh: int = 0


@dataclass(frozen=True)
class LoginPage(Page):
    csrf: str
    message: str = ""
    refresh: int = 0


@dataclass(frozen=True)
class RowView:
    full: str
    state: str
    css: str
    problems: int
    uploads: int
    last: str
    by_mail: bool


@dataclass(frozen=True)
class DeskPage(Page):
    year: int
    deadline: str
    counts: list[tuple[str, int]]
    rows: list[RowView]
    due: int
    csrf: str
    running: bool
    job: str
    files: list[tuple[str, str]]
    message: str = ""
    refresh: int = 0


def row_views(rows: list[BoardRow]) -> tuple[list[RowView], list[tuple[str, int]]]:
    counts = Counter(r.state for r in rows)
    views = [RowView(r.full, r.state.value, CSS[r.state], r.problems, r.uploads, r.last[:16].replace("T", " "),
                     r.by_mail) for r in rows]
    return views, [(state.value, counts[state]) for state in DeskState if counts[state]]
