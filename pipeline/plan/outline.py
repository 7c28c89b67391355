"""The notice as an outline: each numbered heading a node holding the text and annotations below it.

A heading opens a node one level inside the nearest open node of an outer level (一、 > （一） > 1. > （1） > ①,
whichever of them a notice uses); plain paragraphs and own-line annotations belong to the innermost open
node. A closing date (the signature of the covering notice) and an 附件 heading start a new part, so the
words after them never run on into the last item. Tables stand in the outline where they stand in the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.plan.lines import Line, Run
from pipeline.plan.sources import Block


@dataclass
class Node:
    level: int
    heading: Line | None = None
    body: list[tuple[Run, str]] = field(default_factory=list)  # (run, where) below the heading, in order
    children: list[Node | Block] = field(default_factory=list)
    heading_only: bool = False  # the heading line is a title of its own; its text follows on other lines

    @property
    def where(self) -> str:
        return self.heading.where if self.heading else (self.body[0][1] if self.body else "")

    @property
    def title(self) -> str:
        text = self.heading.text if self.heading else ""
        return text.split("。", 1)[0].rstrip("：:；; ") if text else ""

    def runs(self) -> list[tuple[Run, str]]:
        """Every run of the node's own text, heading first (unless it is a title of its own)."""
        own = [] if self.heading is None or self.heading_only else [(r, self.heading.where) for r in self.heading.runs]
        return own + self.body

    def has_notes(self) -> bool:
        return any(r.note is not None for r, _ in self.runs())

    def add(self, line: Line) -> None:
        if self.heading is not None and not self.body and not self.heading.notes:
            self.heading_only = is_title(self.heading.text)
        self.body += [(r, line.where) for r in line.runs]

    def annotate(self, line: Line) -> None:
        """An annotation on its own line closes the text just before it (or joins the annotation before)."""
        runs = self.runs()
        target = runs[-1][0] if runs else None
        if target is None:
            self.body.append((Run("", line.notes[0]), line.where))
        elif target.note is None:
            target.note = line.notes[0]
        else:
            target.note += ";" + line.notes[0]


def is_title(text: str) -> bool:
    """A heading that stands alone ('完善农机装备创新体系。', '强化区级主体责任'), not a sentence broken off."""
    if text.endswith(("。", ".")):
        return True
    return bool(text) and len(text) <= 40 and not any(c in text for c in "，,、；;：:")


@dataclass
class Part:
    """One part of the notice: the covering notice, the plan it issues, each attachment."""

    root: Node = field(default_factory=lambda: Node(0))


def build_outline(stream: list[Line | Block]) -> list[Part]:
    parts = [Part()]
    stack = [parts[0].root]
    titled = False  # an 附件 heading waits for its title line
    for entry in stream:
        if isinstance(entry, Block):
            while len(stack) > 1 and stack[-1].has_notes():  # a table after an annotated item stands beside it
                stack.pop()
            stack[-1].children.append(entry)
        elif entry.kind == "date":
            parts.append(Part())
            stack = [parts[-1].root]
        elif entry.kind == "attachment":
            parts.append(Part())
            stack, titled = [parts[-1].root], True
        elif entry.kind == "closing":
            continue
        elif titled and entry.kind == "text":
            node = Node(1, entry)
            stack[-1].children.append(node)
            stack, titled = [stack[0], node], False
        elif entry.kind == "numbered":
            while stack[-1].level >= entry.level:
                stack.pop()
            node = Node(entry.level, entry)
            stack[-1].children.append(node)
            stack.append(node)
        elif entry.kind == "annotation":
            stack[-1].annotate(entry)
        else:
            stack[-1].add(entry)
    return parts


def nodes(node: Node) -> list[Node]:
    """The node's outline children (tables left out)."""
    return [c for c in node.children if isinstance(c, Node)]
