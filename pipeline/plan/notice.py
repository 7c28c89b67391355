"""Parse a notice of the 分工方案 genre into its items (docs/DESIGN.md §3).

The outline (outline.py) gives each heading its text and annotations. A node whose own text carries an
annotation is an item; one whose sub-headings carry them is a group (its title the area of its items); a
node that closes several sentences with an annotation each holds several items, one per annotation. A
section's heading may carry the annotation for what stands under it (一、…（由市科技局牵头）): its items take it,
or, with only text below, the section is the item. A node with no annotation beside items that have one is
an item whose units the text does not name; the rest (指导思想, 保障措施) is not part of the plan and is
reported as such. A section's kind follows from what its
items say: mostly measurable targets makes indicators, a heading with 工程/项目/示范 projects, else tasks.
Where the notice states its goals only in a 目标 paragraph, that paragraph is an indicator item.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.errors import PipelineError
from pipeline.plan.annotations import Annotation, parse_annotation, split_units
from pipeline.plan.lines import Run, read_lines
from pipeline.plan.outline import Node, build_outline, nodes
from pipeline.plan.parsed import ParsedItem, ParsedNotice, first_sentence, key
from pipeline.plan.sources import Block
from pipeline.plan.tables import find_header, table_items, unflatten
from pipeline.plan.targets import parse_targets
from pipeline.terms import ItemKind
from pipeline.util.text import normalize

KINDS = tuple(ItemKind)
GOAL_HEADING = re.compile(r"(?:主要|发展|总体|工作|试点|行动|建设|具体|预期)?目标(?:任务)?$")


class Rules:
    """The notice's own rules, as the reader meets them: names kept whole, whether the first-listed unit leads."""

    def __init__(self, keep_whole: list[str]) -> None:
        self.keep_whole = keep_whole
        self.first_leads = False

    def annotation(self, note: str) -> Annotation:
        found = parse_annotation(note, self.keep_whole, self.first_leads)
        self.first_leads = self.first_leads or found.first_leads == "onward"
        return found

    def annotate(self, item: ParsedItem, note: str | None) -> None:
        if note is None:
            item.flags.append("没有注明牵头或责任单位")
            return
        found = self.annotation(note)
        item.lead, item.responsible, item.carry, item.annotated = found.lead, found.responsible, found.carry, True
        item.due = next((s.split("：", 1)[1] for s in found.set_aside if s.startswith(("完成时限", "完成时间", "时间节点"))), "")
        if not found.lead and not found.responsible:
            item.flags.append("注释中没有读出单位名称")

    def cell_units(self, cell: str) -> tuple[list[str], list[str]]:
        """(leads, others) a table's cell names: a cell may say who leads (市发改委牵头，市财政局配合); units one
        to a line are listed as with 、."""
        cell = re.sub(r"\s*\n\s*", "、", normalize(cell).strip())
        if not cell or cell in ("无", "—", "-", "/", "——"):
            return [], []
        if re.search(r"牵头|负责|配合|参与|按职责|主责", cell):
            found = self.annotation(cell)
            return found.lead, found.responsible
        return [], split_units(cell, self.keep_whole)


def yields(entry: Node | Block) -> bool:
    """Whether the entry holds any item: an annotation of its own, below it, or a task table."""
    if isinstance(entry, Block):
        return find_header(entry.rows) is not None
    return entry.has_notes() or any(yields(c) for c in entry.children)


class _Reader:
    """Walks the outline in the notice's order, collecting items and what it could not place."""

    def __init__(self, keep_whole: list[str]) -> None:
        self.rules = Rules(keep_whole)
        self.items: list[ParsedItem] = []
        self.notes: list[str] = []
        self.warnings: list[str] = []

    def container(self, node: Node, area: str, section: object, top: object = None, sub: tuple[int, ...] = (),
                  inherited: str | None = None, start: int = 0) -> None:
        """The items under ``node``; ``top``/``sub``: the group they number in (None: each numbers itself);
        ``start``: items already numbered in that group."""
        children = nodes(node)
        leaves = any(yields(c) for c in children)
        group_level = any(yields(c) and any(yields(g) for g in c.children) for c in children)
        index = start
        for child in node.children:
            if isinstance(child, Block):
                found, index = table_items(child, area, section, top, sub, index, self.rules.cell_units,
                                           self.rules.first_leads)
                self.items += found
                self.warnings += _unread_columns(child) if found else []
            elif node.level == 0 and child.level <= 2 and not child.children and child.has_notes():
                self.leaf(_annotated_below(child), child.title, child, (key(child), ()), True, None)
            elif node.level == 0 and child.level <= 2:  # a part's outermost headings are its sections
                # 一、推进教育科技人才一体发展（由市科技局牵头）: the section's items take its heading's annotation
                self.container(child, child.title, child, inherited=_heading_note(child) if nodes(child) else None)
                if not yields(child) and nodes(child):
                    self.notes.append(f"{child.where}“{child.title}”：其中的事项没有注明牵头或责任单位，视为工作要求，未列入任务清单")
            elif any(yields(c) for c in child.children):
                index += 1
                self.group(child, section, (key(child), ()) if top is None else (top, (*sub, index)), inherited)
            elif child.runs() and (child.has_notes() or leaves or inherited):
                index += 1
                place = (key(child), ()) if top is None else (top, (*sub, index))
                self.leaf(child, area, section, place, group_level and top is None, inherited)

    def group(self, node: Node, section: object, group: tuple[object, tuple[int, ...]], inherited: str | None) -> None:
        """A heading whose children are items: they number under it and take its annotation, unless they carry
        their own (then its own sentence is its first item)."""
        own = next((r.note for r, _ in node.runs() if r.note is not None), None)
        if own and any(isinstance(c, Block) or c.has_notes() for c in node.children):
            self.leaf(node, node.title, section, (group[0], (*group[1], 1)), False, None, own_only=True)
            self.container(node, node.title, section, *group, start=1)
        else:
            self.container(node, node.title, section, *group, inherited=own or inherited)

    def leaf(self, node: Node, area: str, section: object, place: tuple[object, tuple[int, ...]],
             alone: bool, inherited: str | None, own_only: bool = False) -> None:
        """The node's item, or one item per annotated sentence run; ``alone``: a group of one item;
        ``own_only``: a group's own sentence (the text below it is its other items)."""
        parts, left_out = _parts(node.runs())
        if own_only:
            parts, left_out = [(runs, False) for runs, _ in parts if any(r.note for r, _ in runs)][:1], []
        self.warnings += [f"{where}：这一段接在已注明单位的事项之后，不属于任何事项，已略去" for where in left_out]
        for item, runs in _leaf_items(node, area, section, place, alone, parts):
            self.rules.annotate(item, next((r.note for r, _ in runs if r.note is not None), inherited))
            self.items.append(item)


def _unread_columns(block: Block) -> list[str]:
    """What a task table holds that no item takes: said, never dropped in silence."""
    header = find_header(block.rows)
    return [f"{block.where}：表中“{name}”一列不是认得的列，其内容没有读入事项，请对照通知原文核对"
            for name in (header[1].unread if header else [])]


def _heading_note(node: Node) -> str | None:
    """The annotation a section's heading line carries."""
    if node.heading is None:
        return None
    return next((r.note for r in node.heading.runs if r.note is not None), None)


def _annotated_below(node: Node) -> Node:
    """A section with only its text below it, annotated in its heading alone (一、强化科技创新（区科技局牵头））: its
    heading a title and the note closing the text below, which is the item's (not words after its note)."""
    note = _heading_note(node)
    if note is None or not node.body or any(r.note is not None for r, _ in node.body):
        return node
    body = [*node.body[:-1], (Run(node.body[-1][0].text, note), node.body[-1][1])]
    return replace(node, body=body, heading_only=True)


def _leaf_items(node: Node, area: str, section: object, place: tuple[object, tuple[int, ...]], alone: bool,
                parts: list[tuple[list[tuple[Run, str]], bool]]) -> list[tuple[ParsedItem, list[tuple[Run, str]]]]:
    """One item per part of the node's text, with the runs it was read from (not yet annotated)."""
    if alone and len(parts) == 1:  # its heading is its area and title (三、示范工程 (二) 园区…工程)
        area = node.title
    found = []
    for n, (runs, trailing) in enumerate(parts, 1):
        text = "".join(r.text for r, _ in runs)
        titled = (node.heading_only or alone) and len(parts) == 1
        item = ParsedItem("", area, node.title if titled else first_sentence(text) or node.title, text,
                          runs[0][1] if runs else node.where, place[0],
                          place[1] if len(parts) == 1 else (*place[1], n), section=section)
        if trailing:
            item.flags.append("注释之后还有文字，已并入本事项，请核对")
        found.append((item, runs))
    return found


def _parts(runs: list[tuple[Run, str]]) -> tuple[list[tuple[list[tuple[Run, str]], bool]], list[str]]:
    """The node's runs cut after each annotation: ([(runs, whether text after the annotation was added)],
    where the paragraphs after the last annotation stand: they are not the item's, and are left out)."""
    parts: list[list[tuple[Run, str]]] = [[]]
    for run, where in runs:
        parts[-1].append((run, where))
        if run.note is not None:
            parts.append([])
    rest, left_out = parts.pop(), []
    if not parts:
        return [(rest, False)], []
    closed_at = parts[-1][-1][1]
    same = [(r, w) for r, w in rest if w == closed_at]
    parts[-1] += same
    left_out = list(dict.fromkeys(w for r, w in rest if w != closed_at and r.text))
    return [(p, bool(same) and n == len(parts) - 1) for n, p in enumerate(parts)], left_out


def section_kind(title: str, items: list[ParsedItem]) -> str:
    """Projects or tasks when the heading says so; indicators when two thirds of the items state the level a
    measure is to reach (a count of things built inside a task does not make it an indicator; one target in two
    short tasks does not make both indicators); else tasks."""
    if re.search(r"工程|项目|示范", title):
        return ItemKind.PROJECT
    if re.search(r"任务|措施|举措|行动|工作|改革|重点", title) and not re.search(r"指标|目标", title):
        return ItemKind.TASK
    levels = sum(1 for i in items if any(not t.counted for t in parse_targets(normalize(i.text))))
    short = re.search(r"指标|目标", title) or all(len(i.text) <= 80 for i in items)
    return ItemKind.INDICATOR if levels and 3 * levels >= 2 * len(items) and short else ItemKind.TASK


def _carry_forward(items: list[ParsedItem]) -> None:
    """A note such as 以下均需各县市区落实 adds those units to its item and every later one."""
    carried: list[str] = []
    for item in items:
        carried += [u for u in item.carry if u not in carried]
        item.responsible += [u for u in carried if u not in item.responsible and u not in item.lead]


def _goal_items(reader: _Reader, parts: list) -> None:
    """Where the notice's targets stand only in its 目标 paragraphs, each such paragraph is an indicator item."""
    def visit(node: Node, area: str) -> None:
        for child in nodes(node):
            text = "".join(r.text for r, _ in child.runs())
            if GOAL_HEADING.search(child.title) and not yields(child) and parse_targets(normalize(text)):
                item = ParsedItem(ItemKind.INDICATOR, area or child.title, child.title, text, child.where, key(child),
                                  from_goals=True)
                item.flags.append("目标段落没有注明责任单位，请在 corrections.toml 中指定")
                reader.items.append(item)
            visit(child, child.title if node.level == 0 else area)

    for part in parts:
        visit(part.root, "")


def parse_blocks(blocks: list[Block], keep_whole: list[str] | None = None) -> ParsedNotice:
    parts = build_outline(read_lines(unflatten(blocks)))
    reader = _Reader(keep_whole or [])
    for part in parts:
        reader.container(part.root, "", part.root)
    items = reader.items
    if not items:
        raise PipelineError("通知中没有找到注明牵头单位或责任单位的事项；请确认这是一份任务分工通知"
                            "（每项任务后应有“（牵头单位：……）”或“（××牵头，××负责）”这样的注释，或任务分工表）")
    sections: dict[int, list[ParsedItem]] = {}
    for item in items:
        sections.setdefault(id(item.section), []).append(item)
    for group in sections.values():
        # a task table standing in no section of its own is named by its header (重点任务, 改革举措)
        kind = section_kind(_section_title(group[0].section) or group[0].column, group)
        for item in group:
            item.kind = kind
    if not any(i.kind == ItemKind.INDICATOR for i in items):
        _goal_items(reader, parts)
        items = sorted(reader.items, key=lambda i: i.kind != ItemKind.INDICATOR)
    _carry_forward(items)
    warnings = reader.warnings + [f"{i.where}：事项“{i.title[:20]}”{i.flags[0]}" for i in items
                                  if i.flags and not i.from_goals]
    return ParsedNotice(items, warnings, reader.notes)


def _section_title(section: object) -> str:
    return section.title if isinstance(section, Node) else ""


def parse_notice(text: str, keep_whole: list[str] | None = None) -> ParsedNotice:
    """A notice given as plain text (one paragraph a line)."""
    from pipeline.plan.sources import clean

    blocks = [Block(f"第{n}行", line) for n, raw in enumerate(text.splitlines(), 1) if (line := clean(raw))]
    return parse_blocks(blocks, keep_whole)
