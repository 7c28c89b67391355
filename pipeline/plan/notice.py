"""Parse a notice of the 分工方案 genre into its items (DESIGN §1, §3).

Sections may have any name. A section takes part in the plan when its items say who does them;
its kind follows from what its items say: mostly measurable targets makes indicators, else a
heading with 工程/项目/示范 makes projects, else tasks. Inside a section, a ``(一)`` line that
numbered items follow is a group; a ``(一)`` line with its own annotation, or a ``1.``/``1、``
line, is an item; plain text continues the item before it, or is a group's only item. Items may be
numbered continuously across sections. Anything it cannot place is reported with its line number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.errors import PipelineError
from pipeline.plan.annotations import parse_annotation
from pipeline.plan.lines import Line, is_heading, read_lines
from pipeline.plan.targets import parse_targets

KINDS = ("indicator", "task", "project")


@dataclass
class ParsedItem:
    kind: str
    area: str
    group: tuple[int, int] | None  # (section, group) it belongs to; None when directly under a section
    index: int | None  # position inside its group; None for a group's only item
    text: str
    line: int
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    annotated: bool = False
    carry: list[str] = field(default_factory=list)  # units a 以下均需…落实 note adds to this item and later ones


@dataclass
class ParsedNotice:
    items: list[ParsedItem]
    warnings: list[str]  # what a clerk should look at: unplaced lines, items without a lead
    notes: list[str] = field(default_factory=list)  # what was read as not part of the plan, and why


@dataclass
class _Section:
    no: int
    title: str
    line: int
    lines: list[Line] = field(default_factory=list)


def _sections(lines: list[Line]) -> list[_Section]:
    """The notice cut at its 一、 headings; lines before the first heading form a section without a title."""
    sections = [_Section(0, "", 0)]
    for line in lines:
        if line.kind == "section":
            sections.append(_Section(len(sections), line.text, line.no))
        else:
            sections[-1].lines.append(line)
    return sections


def _opens_group(lines: list[Line], at: int) -> str:
    """'numbered' when numbered items follow a bare (一) heading, 'single' when an annotated paragraph does;
    '' for a (一) line that is a sentence of its own (an item, perhaps continued on the next line)."""
    text = lines[at].text
    if not is_heading(text) or text.endswith(("，", ",", "、")):
        return ""
    for line in lines[at + 1:]:
        if line.kind == "paren":
            return ""
        if line.kind == "number":
            return "numbered"
        if line.kind == "text" and line.note is not None:
            return "single"
    return ""


class _Reader:
    """Builds one section's items, line by line."""

    def __init__(self, section: _Section, keep_whole: list[str], warnings: list[str]):
        self.section, self.keep_whole, self.warnings = section, keep_whole, warnings
        self.items: list[ParsedItem] = []
        self.group: tuple[int, int] | None = None
        self.group_title, self.groups, self.in_group = "", 0, 0  # in_group: items so far in the open group
        self.prev: ParsedItem | None = None

    def annotate(self, item: ParsedItem, note: str) -> None:
        found = parse_annotation(note, self.keep_whole)
        item.lead, item.responsible, item.annotated = found.lead, found.responsible, True
        item.carry = found.carry

    def add(self, line: Line, text: str, grouped: bool, index: int | None) -> None:
        item = ParsedItem("", self.group_title if grouped else self.section.title, self.group if grouped else None,
                          index, text, line.no)
        if line.note is not None:
            self.annotate(item, line.note)
        self.items.append(item)
        self.prev = item

    def open_group(self, line: Line) -> None:
        self.groups += 1
        self.group, self.group_title = (self.section.no, self.groups), line.text.rstrip("。")
        self.in_group, self.prev = 0, None

    def read(self, n: int, line: Line) -> None:
        if line.kind == "paren":
            if line.note is None and _opens_group(self.section.lines, n):
                self.open_group(line)
            else:
                self.group = None
                self.add(line, line.text, False, None)
        elif line.kind == "number" or (line.kind == "sub" and line.note is not None):
            self.in_group += 1
            self.add(line, line.text, self.group is not None, self.in_group if self.group else None)
        elif line.kind == "annotation":
            self._annotation(line)
        elif line.kind in ("text", "sub", "short"):
            self._text(line)

    def _annotation(self, line: Line) -> None:
        if self.prev is None or self.prev.annotated:
            self.warnings.append(f"第{line.no}行：单位注释“{line.raw[:30]}”前面没有可归属的事项，已忽略")
        else:
            self.annotate(self.prev, line.note)
        self.prev = None

    def _text(self, line: Line) -> None:
        if self.group is not None and self.in_group == 0 and line.kind == "text":
            self.in_group = -1  # the group holds this one paragraph and no numbered items
            self.add(line, line.text, True, None)
        elif self.prev is not None and not self.prev.annotated:
            self.prev.text += line.text
            if line.note is not None:
                self.annotate(self.prev, line.note)
        elif line.kind != "short" and (self.items or self.group is not None):  # before any item: the section's intro
            self.warnings.append(f"第{line.no}行：无法归入任何事项，已忽略：“{line.raw[:30]}…”")


def section_kind(title: str, items: list[ParsedItem]) -> str:
    """Indicators when most items state measurable targets; else projects or tasks by the heading's words."""
    with_targets = sum(1 for i in items if parse_targets(i.text))
    if with_targets and 2 * with_targets >= len(items):
        return "indicator"
    return "project" if any(w in title for w in ("工程", "项目", "示范")) else "task"


def _carry_forward(items: list[ParsedItem]) -> None:
    """A note such as 以下均需各县市区落实 adds those units to its item and every later one."""
    carried: list[str] = []
    for item in items:
        carried += [u for u in item.carry if u not in carried]
        item.responsible += [u for u in carried if u not in item.responsible and u not in item.lead]


def parse_notice(text: str, keep_whole: list[str] | None = None) -> ParsedNotice:
    lines = read_lines(text)
    warnings: list[str] = []
    notes: list[str] = []
    items: list[ParsedItem] = []
    for section in _sections(lines):
        if not any(line.note is not None for line in section.lines):
            if section.title and any(line.numbered for line in section.lines):
                notes.append(f"第{section.line}行“{section.title}”：其中的事项没有注明牵头或责任单位，视为工作要求，未列入任务清单")
            continue
        reader = _Reader(section, keep_whole or [], warnings)
        for n, line in enumerate(section.lines):
            reader.read(n, line)
        kind = section_kind(section.title, reader.items)
        for item in reader.items:
            item.kind = kind
        items += reader.items
    if not items:
        raise PipelineError("通知中没有找到注明牵头单位或责任单位的事项；请确认这是一份任务分工通知"
                            "（每项任务后应有“（牵头单位：……）”或“（××牵头，××负责）”这样的注释）")
    _carry_forward(items)
    for item in items:
        if not item.annotated:
            warnings.append(f"第{item.line}行：事项“{item.text[:20]}…”没有注明牵头单位")
    return ParsedNotice(items, warnings, notes)
