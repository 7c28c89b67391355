"""Words a reader sees in several places, each defined once: roles, statuses, progress classes.

They are ``StrEnum`` members, so they print, compare and serialise as the Chinese words themselves.
"""

from __future__ import annotations

from enum import StrEnum

# Words that mean the same to a reader wherever they stand, so they are written once: a measure, an item, a
# verdict and a unit are each 未报送 when nothing was reported, and 已完成 is a target met or a task done.
NOT_REPORTED = "未报送"
DONE = "已完成"


class ItemKind(StrEnum):
    """What an item of the plan is: a target indicator, a task, or a project (工程)."""

    INDICATOR = "indicator"
    TASK = "task"
    PROJECT = "project"


class Role(StrEnum):
    """What a unit is for an item of the plan."""

    LEAD = "牵头"
    SHARE = "责任"


class TaskStatus(StrEnum):
    """A unit's own assessment of a task or project (the form's drop-down)."""

    DONE = DONE
    ON_PLAN = "按计划推进"
    LAGGING = "进度滞后"
    NOT_STARTED = "未启动"


class FinalStatus(StrEnum):
    """The lead's assessment of a task or project in the plan's last year."""

    DONE = DONE
    NOT_DONE = "未完成"


class ItemStatus(StrEnum):
    """A task's or project's state in the merged year: what its units assessed (TaskStatus, or FinalStatus in
    the plan's last year), the least advanced where several state it, or 未报送 when none reported.
    Least advanced first."""

    NOT_STARTED = TaskStatus.NOT_STARTED.value
    LAGGING = TaskStatus.LAGGING.value
    ON_PLAN = TaskStatus.ON_PLAN.value
    NOT_DONE = FinalStatus.NOT_DONE.value
    DONE = DONE
    NOT_REPORTED = NOT_REPORTED


class Verdict(StrEnum):
    """The 终期 evaluation of a measure, task or project over the whole plan period."""

    DONE = "完成"
    NOT_DONE = "未完成"
    NO_DATA = NOT_REPORTED


class Progress(StrEnum):
    """A measure against the straight path from its baseline to its goal (docs/DESIGN.md §3)."""

    MET = DONE
    ON_TRACK = "进度正常"
    BEHIND = "进度滞后"
    NOT_REPORTED = NOT_REPORTED


class UnitState(StrEnum):
    """Where a unit's submission for the year stands."""

    SUBMITTED = "已报送"
    REJECTED = "被退回"
    MISSING = NOT_REPORTED


class Outcome(StrEnum):
    """What became of one received file (its record in intake/submissions.json)."""

    ACCEPTED = "accepted"
    WARNED = "accepted_with_warnings"
    REJECTED = "rejected"
    IGNORED = "ignored"

    @property
    def label(self) -> str:
        return {"accepted": "接收", "accepted_with_warnings": "接收（有提示）", "rejected": "退回", "ignored": "忽略"}[self]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "须修改", "warning": "请核实", "info": "说明"}[self]


SAMPLE_MARK = "示例数据"
