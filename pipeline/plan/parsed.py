"""What the parser finds in a notice, before ids and measures: its items and what it could not place."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.plan.outline import Node


@dataclass
class ParsedItem:
    kind: str
    area: str
    title: str
    text: str
    where: str
    top: object  # what numbers the item among its kind: its group, or itself
    sub: tuple[int, ...] = ()  # its place inside that group
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    annotated: bool = False
    carry: list[str] = field(default_factory=list)
    due: str = ""
    section: object = None
    flags: list[str] = field(default_factory=list)  # what a clerk should look at in the review
    from_goals: bool = False  # a 目标 paragraph that names no unit
    column: str = ""  # a task table's row: what the table's header calls its tasks (重点任务)

    @property
    def section_title(self) -> str:
        """The title of the notice's section that holds the item (a 目标 paragraph's own heading)."""
        if self.from_goals:
            return self.title
        return self.section.title if isinstance(self.section, Node) else ""


@dataclass
class ParsedNotice:
    items: list[ParsedItem]
    warnings: list[str]  # what a clerk should look at: unplaced lines, items without units
    notes: list[str] = field(default_factory=list)  # what was read as not part of the plan, and why


def key(node: Node) -> tuple[str, int]:
    """What numbers items among their kind: the node itself (hashable, by identity)."""
    return ("node", id(node))


def first_sentence(text: str, limit: int = 30) -> str:
    first = text.split("。", 1)[0].rstrip("；;：: ")
    return first if len(first) <= limit else first[: limit - 2] + "…"
