"""Notices whose tasks stand in a table (序号 / 任务 / 牵头单位 / 配合单位 / 时间节点), whether the file holds a
real table or the table arrives flattened one cell a line, as it does when copied from a government site.

A table is read by its header row: which column holds the task, its detail, the leads, the responsible
units, the deadline, or (an indicator table) the metric, its target and unit. Rows that span the table
are group headings. A table that has no task and unit columns (a page's metadata) is not part of the plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.plan.parsed import ParsedItem, first_sentence
from pipeline.plan.sources import Block
from pipeline.util.text import normalize

COLUMN_WORDS = {
    "number": ("序号", "编号", "序"),
    "task": ("任务", "工作任务", "重点任务", "主要任务", "具体任务", "任务名称", "改革举措", "举措", "工作措施", "具体措施",
             "主要措施", "措施", "政策措施", "任务内容", "事项", "具体事项", "工作事项", "重点工作", "工作要点", "目标任务",
             "项目", "项目名称", "工作内容"),
    "detail": ("主要内容", "具体内容", "内容", "建设内容", "工作目标", "目标要求", "具体目标", "具体工作", "具体工作内容",
               "主要工作", "推进措施", "工作举措", "具体举措"),
    "lead": ("牵头单位", "牵头部门", "牵头", "主要责任单位", "牵头责任单位", "主办单位", "责任牵头单位", "牵头领导单位"),
    "help": ("责任单位", "责任部门", "配合单位", "配合部门", "参与单位", "协办单位", "指导部门", "指导单位", "负责单位",
             "负责部门", "协同单位", "落实单位", "实施单位", "责任主体", "其他责任单位", "协作单位", "配合"),
    "due": ("时间节点", "完成时限", "完成时间", "时限", "进度安排", "时间安排", "完成期限", "时间要求"),
    "metric": ("指标", "指标名称", "主要指标"),
    "target": ("目标值", "目标", "预期目标", "规划目标"),
    "unit": ("单位", "计量单位"),
}
TARGET_YEAR = re.compile(r"^\d{4}年(?:目标|目标值)?$")


@dataclass
class Columns:
    found: dict[str, list[int]] = field(default_factory=dict)
    header: tuple[str, ...] = ()

    @property
    def unread(self) -> list[str]:
        """Header cells naming a column no item takes anything from (工作内容及目标, 备注), people's columns aside."""
        used = {n for ns in self.found.values() for n in ns}
        return [h for n, cell in enumerate(self.header) if n not in used and (h := re.sub(r"\s+", "", cell))
                and not re.search(r"领导|责任人|联系人|序", h)]

    @property
    def task_heading(self) -> str:
        """What the table calls its tasks (重点任务, 改革举措), as its header says."""
        return "、".join(re.sub(r"\s+", "", self.header[n]) for n in self.found.get("task", []))

    @property
    def is_task_table(self) -> bool:
        return "task" in self.found and ("lead" in self.found or "help" in self.found)

    @property
    def is_indicator_table(self) -> bool:
        return "metric" in self.found and "target" in self.found

    def cell(self, row: tuple[str, ...], key: str) -> str:
        return "、".join(row[n] for n in self.found.get(key, []) if n < len(row) and row[n])


def header_key(cell: str) -> str | None:
    text = re.sub(r"\s+", "", cell)
    if TARGET_YEAR.match(text):
        return "target"
    for key, words in COLUMN_WORDS.items():
        if text in words:
            return key
    if re.search(r"内容|措施|举措|工作|目标", text) and len(text) <= 12:  # 工作内容及目标, 主要工作措施: what is done
        return "detail"
    return None


def columns_of(header: tuple[str, ...]) -> Columns:
    columns = Columns(header=header)
    for n, cell in enumerate(header):
        key = header_key(cell)
        if key == "task" and "task" in columns.found:
            key = "detail"
        if key:
            columns.found.setdefault(key, []).append(n)
    if "detail" in columns.found and "task" not in columns.found:  # 主要内容 alone is the task
        columns.found["task"] = columns.found.pop("detail")
    return columns


def find_header(rows: tuple[tuple[str, ...], ...]) -> tuple[int, Columns] | None:
    """The row (of the first five) that names task and unit columns, or metric and target columns; of a header
    in two rows (责任单位 over 牵头单位 | 配合单位), the one that names the most columns."""
    found = [(n, columns) for n, row in enumerate(rows[:5])
             if (columns := columns_of(row)).is_task_table or columns.is_indicator_table]
    return max(found, key=lambda f: (len(f[1].found), -f[0])) if found else None


GROUP_MARK = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\([一二三四五六七八九十]+\))")


def group_title(row: tuple[str, ...]) -> str | None:
    """A row that spans the table (one distinct text) or names a heading in its first cell is a group."""
    texts = [c for c in dict.fromkeys(row) if c]
    if len(texts) != 1 or not (len(row) == 1 or len(set(row)) == 1 or GROUP_MARK.match(normalize(texts[0]))):
        return None
    return re.sub(r"[（(]共\s*\d+\s*[项条个][）)]$", "", _strip_marker(texts[0])).strip() or None


def _strip_marker(text: str) -> str:
    norm = normalize(text)
    m = GROUP_MARK.match(norm)
    return text[m.end():].strip() if m else text.strip()


# --- tables flattened one cell a line ---------------------------------------------------------------------

def unflatten(blocks: list[Block]) -> list[Block]:
    """Runs of one-cell-a-line paragraphs under a header of known column names, rebuilt as tables."""
    out: list[Block] = []
    n = 0
    while n < len(blocks):
        width = _header_run(blocks, n)
        if width:
            rows, used = _flat_rows(blocks, n + width, width)
            if rows:
                header = tuple(blocks[n + k].text for k in range(width))
                out.append(Block(f"{blocks[n].where}起（表格）", rows=(header, *rows)))
                n += width + used
                continue
        out.append(blocks[n])
        n += 1
    return out


def _header_run(blocks: list[Block], start: int) -> int:
    keys = []
    for block in blocks[start:start + 9]:
        key = None if block.is_table else header_key(block.text)
        if key is None or len(re.sub(r"\s+", "", block.text)) > 8:
            break
        keys.append(key)
    columns = Columns()
    for n, key in enumerate(keys):
        columns.found.setdefault(key, []).append(n)
    return len(keys) if len(keys) >= 3 and (columns.is_task_table or columns.is_indicator_table) else 0


def _flat_rows(blocks: list[Block], start: int, width: int) -> tuple[list[tuple[str, ...]], int]:
    """Rows of ``width`` lines each, a row starting with its number; a heading line between them is a group."""
    rows: list[tuple[str, ...]] = []
    n = start
    expected = 1
    while n < len(blocks) and not blocks[n].is_table:
        text = blocks[n].text
        if text.strip().isdigit() and n + width <= len(blocks):
            cells = tuple(b.text for b in blocks[n:n + width])
            if any(b.is_table for b in blocks[n:n + width]) or int(text) < expected:
                break
            rows.append(cells)
            expected, n = int(text) + 1, n + width
        elif GROUP_MARK.match(normalize(text)) and len(text) <= 40 and "。" not in text:
            rows.append((text,))
            n += 1
        else:
            break
    return (rows if any(len(r) > 1 for r in rows) else []), n - start


CellUnits = Callable[[str], tuple[list[str], list[str]]]  # a cell's text → (leads, others) it names


def table_items(block: Block, area: str, section: object, top: object, sub: tuple[int, ...], index: int,
                units: CellUnits, first_leads: bool) -> tuple[list[ParsedItem], int]:
    """A task (or indicator) table's rows as items, and the container's item count after them; a row spanning
    the table opens a group. ``top``/``sub``: the group the table stands in (None: a group of its own)."""
    header = find_header(block.rows)
    if header is None:
        return [], index
    start, columns = header
    items: list[ParsedItem] = []
    group, group_area, counter = None, area, 0
    shared, outer = _shared_tasks(block.rows[start + 1:], columns, start + 2), None
    for n, row in enumerate(block.rows[start + 1:], start + 2):
        title = group_title(row)
        if title is not None:
            group, group_area, counter, outer = ("table", id(block), n), title, 0, None
            continue
        if not columns.cell(row, "metric" if columns.is_indicator_table else "task"):
            continue
        if outer and n not in shared:  # past a task merged down its rows: back in the group it stood in
            (group, group_area, counter), outer = outer, None
        if n in shared and group != ("table", id(block), shared[n]):  # a task merged down its rows: a group
            outer = outer or (group, group_area, counter)
            group, group_area, counter = ("table", id(block), shared[n]), columns.cell(row, "task"), 0
        item = row_item(block, n, row, columns, group_area, section, units, first_leads, n in shared)
        counter += 1
        if top is not None:
            index += 1
            item.top, item.sub = top, (*sub, index)
        elif group is not None:
            item.top, item.sub = group, (counter,)
        else:
            item.top = ("table", id(block), n)
        items.append(item)
    return items, index


def _shared_tasks(rows: tuple[tuple[str, ...], ...], columns: Columns, first: int) -> dict[int, int]:
    """Rows whose task cell one merge spans (重点任务 扩大有效投资 over three 具体工作 rows), each with the row the
    merge starts on: those rows are that task's items, titled by their own detail."""
    if columns.is_indicator_table or "detail" not in columns.found:
        return {}
    shared: dict[int, int] = {}
    for n, row in enumerate(rows, first):
        task, before = columns.cell(row, "task"), columns.cell(rows[n - first - 1], "task") if n > first else ""
        if task and task == before and columns.cell(row, "detail"):
            shared[n] = shared.setdefault(n - 1, n - 1)
    return shared


def row_item(block: Block, n: int, row: tuple[str, ...], columns: Columns, area: str, section: object,
             units: CellUnits, first_leads: bool, in_shared_task: bool = False) -> ParsedItem:
    """One row's item; ``in_shared_task``: its task cell is merged over other rows (the task is its area, its
    detail its text)."""
    if columns.is_indicator_table:
        text = indicator_text(columns.cell(row, "metric"), columns.cell(row, "target"), columns.cell(row, "unit"))
        title = columns.cell(row, "metric")
    elif in_shared_task:
        title = text = columns.cell(row, "detail")
    else:
        title = columns.cell(row, "task")
        detail = columns.cell(row, "detail")
        text = title + ("：" + detail if detail and not title.endswith(("。", "：", ":")) else detail)
    item = ParsedItem("", area, first_sentence(title, 40), text, f"{block.where}第{n}行", None, section=section,
                      due=columns.cell(row, "due"), column="" if columns.is_indicator_table else columns.task_heading)
    named, (marked, helpers) = units(columns.cell(row, "lead")), units(columns.cell(row, "help"))
    lead = named[0] + named[1] + marked  # everyone in the lead column leads; 区商务局（牵头） in the other leads too
    if not lead and helpers and first_leads:
        lead, helpers = helpers[:1], helpers[1:]
    item.lead, item.responsible = lead, [u for u in helpers if u not in lead]
    item.annotated = bool(lead or helpers)
    if not item.annotated:
        item.flags.append("表中没有填写牵头或责任单位")
    return item


def indicator_text(metric: str, target: str, unit: str) -> str:
    """'城市污水处理率' + '≥95' + '%' as the sentence a notice would write: '城市污水处理率不低于95%'."""
    words = {"≥": "不低于", ">": "超过", "≤": "不高于", "<": "低于"}
    target = target.strip()
    if target[:1] in words:
        return f"{metric}{words[target[0]]}{target[1:].strip()}{'' if unit in target else unit}"
    if re.match(r"^[\d.]+", target):
        return f"{metric}达到{target}{'' if unit in target else unit}"
    return f"{metric}{target}"
