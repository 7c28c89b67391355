"""Parse a notice of the 分工方案 genre into its items (DESIGN §1, §3).

The notice is read line by line. Section headings (``一、目标指标``) set the kind of what
follows; ``(一)`` lines are either area headings (short, no figures, no annotation) or items;
``1.``/``1、`` lines are items; an annotation ``(牵头单位:…;责任单位:…)`` at the end of an item, in
square brackets, or on its own line gives the units. Anything it cannot place is reported with
its line number, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.util.text import normalize

CN_DIGITS = "一二三四五六七八九十"
SECTION_RE = re.compile(rf"^([{CN_DIGITS}]+)、\s*(.+)$")
GROUP_RE = re.compile(rf"^\(([{CN_DIGITS}]+)\)\s*(.*)$")
NUMBER_RE = re.compile(r"^(\d{1,3})(?:[.．](?!\d)|、)\s*(.*)$")
LEAD_LABELS = ("牵头单位", "牵头部门")
HELP_LABELS = ("责任单位", "责任部门", "配合单位", "配合部门", "参与单位", "协办单位")
_LABEL = "|".join(LEAD_LABELS + HELP_LABELS)
ANNOTATION_RE = re.compile(rf"[(\[]\s*((?:{_LABEL})\s*:.*?)[)\]]\s*[。;]?\s*$")
BARE_ANNOTATION_RE = re.compile(rf"(?:^|(?<=[。;]))\s*((?:{_LABEL})\s*:.*)$")
LABEL_PART_RE = re.compile(rf"({_LABEL})\s*:\s*(.*?)(?=[;,，]?\s*(?:{_LABEL})\s*:|$)")


@dataclass
class ParsedItem:
    kind: str
    area: str
    group: int | None
    index: int | None  # position inside its group; None for a group's own item
    text: str
    line: int
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    annotated: bool = False


@dataclass
class ParsedNotice:
    items: list[ParsedItem]
    warnings: list[str]


def section_kind(title: str) -> str:
    """Which part of the plan a section heading opens ('other' for 工作要求, 保障措施…)."""
    if "示范" in title or "工程" in title or "项目" in title:
        return "project"
    if "指标" in title or "目标" in title:
        return "indicator"
    if "任务" in title:
        return "task"
    return "other"


def is_heading(text: str) -> bool:
    """An area heading: short, no sentence end, no figures (items state figures or sentences)."""
    return len(text) <= 24 and "。" not in text and not re.search(r"\d", text)


def read_notice_text(path: Path) -> str:
    """The notice's text; a clear PipelineError for a file that is not a text notice."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PipelineError(f"找不到通知文件 {path}") from None
    except IsADirectoryError:
        raise PipelineError(f"{path} 是文件夹，不是通知文件") from None
    except OSError as exc:
        raise PipelineError(f"无法读取通知文件 {path}：{exc.strerror}") from None
    if not data.strip():
        raise PipelineError(f"通知文件 {path} 是空的")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PipelineError(f"{path} 不是文本文件（可能是 Word、PDF 或压缩包）；请另存为纯文本（.txt）后再试")
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PipelineError(f"无法识别通知文件 {path} 的文字编码；请另存为 UTF-8 编码的纯文本后再试")


def split_annotation(line: str) -> tuple[str, str | None]:
    """(item text, annotation body or None)."""
    m = ANNOTATION_RE.search(line) or BARE_ANNOTATION_RE.search(line)
    if not m:
        return line, None
    return line[: m.start()].rstrip(), m.group(1)


def parse_annotation(body: str, separators: list[str]) -> tuple[list[str], list[str]]:
    lead: list[str] = []
    helpers: list[str] = []
    for label, names in LABEL_PART_RE.findall(body):
        (lead if label in LEAD_LABELS else helpers).extend(split_units(names, separators))
    return lead, helpers


def split_units(text: str, keep_whole: list[str]) -> list[str]:
    """Unit names joined by 、 or commas; registered names with separators, and brackets, stay whole."""
    protected: list[str] = []

    def protect(match: re.Match) -> str:
        protected.append(match.group(0))
        return f"\x00{len(protected) - 1}\x00"

    for name in keep_whole:
        text = re.sub(re.escape(name), protect, text)
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch in "、,，" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    names: list[str] = []
    for part in (p.strip().rstrip("。等") for p in parts):
        if not part:
            continue
        # "各区、县级市人民政府": a bare "各区" is the start of a group phrase, not a unit.
        if names and re.fullmatch(r"各.{1,2}", names[-1]):
            names[-1] += "、" + part
        else:
            names.append(part)
    return [re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], n) for n in names]


@dataclass
class _Reader:
    """Where the reader stands in the notice: section, area group, the item on the line before."""

    keep_whole: list[str]
    items: list[ParsedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str | None = None
    area: str = ""
    group_no: int = 0
    group_title: str = ""
    group_items: int = 0
    prev: ParsedItem | None = None  # item on the previous non-blank line
    groups_by_kind: dict[str, int] = field(default_factory=dict)

    def annotate(self, item: ParsedItem, body: str) -> None:
        item.lead, item.responsible = parse_annotation(body, self.keep_whole)
        item.annotated = True

    def add(self, item: ParsedItem, body: str | None) -> None:
        if body is not None:
            self.annotate(item, body)
        self.items.append(item)
        self.prev = item

    def open_section(self, title: str) -> None:
        self.kind = section_kind(title)
        self.area = title
        self.group_no, self.group_title, self.group_items = self.groups_by_kind.get(self.kind, 0), "", 0
        self.prev = None


def _annotation_line(r: _Reader, lineno: int, line: str, annotation: str) -> None:
    """An annotation on its own line belongs to the item just before it."""
    if r.prev is None or r.prev.annotated:
        r.warnings.append(f"第{lineno}行：单位注释“{line}”前面没有可归属的事项，已忽略")
    else:
        r.annotate(r.prev, annotation)
    r.prev = None


def _numbered_line(r: _Reader, lineno: int, body: str, annotation: str | None) -> bool:
    """A ``(一)`` area heading or item, or a ``1.`` item; False when the line is neither."""
    group = GROUP_RE.match(body)
    numbered = NUMBER_RE.match(body)
    if group and annotation is None and is_heading(group.group(2)):
        r.group_no += 1
        r.groups_by_kind[r.kind] = r.group_no
        r.group_title, r.group_items = group.group(2), 0
        r.prev = None
        return True
    if not (group or numbered):
        return False
    content = (group or numbered).group(2)
    in_group = r.kind != "indicator" and r.group_title and not group
    if in_group:
        r.group_items += 1
    r.add(ParsedItem(r.kind, r.group_title if in_group else r.area, r.group_no if in_group else None,
                     r.group_items if in_group else None, content, lineno), annotation)
    return True


def _plain_line(r: _Reader, lineno: int, line: str, body: str, annotation: str | None) -> None:
    """A plain paragraph: a group's only item, the rest of the previous item, or stray text."""
    if r.group_title and r.group_items == 0 and r.kind != "indicator":
        r.group_items = -1  # the group holds this one item and no numbered ones
        r.add(ParsedItem(r.kind, r.group_title, r.group_no, None, body, lineno), annotation)
    elif r.prev is not None and not r.prev.annotated:
        r.prev.text += body
        if annotation is not None:
            r.annotate(r.prev, annotation)
    else:
        r.warnings.append(f"第{lineno}行：无法归入任何事项，已忽略：“{line[:30]}…”")


def parse_notice(text: str, keep_whole: list[str] | None = None) -> ParsedNotice:
    r = _Reader(keep_whole or [])
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = normalize(raw)
        if not line:
            continue
        section = SECTION_RE.match(line)
        if section and is_heading(section.group(2)):
            r.open_section(section.group(2))
            continue
        if r.kind is None or r.kind == "other":
            continue
        body, annotation = split_annotation(line)
        if not body and annotation is not None:
            _annotation_line(r, lineno, line, annotation)
        elif not _numbered_line(r, lineno, body, annotation):
            _plain_line(r, lineno, line, body, annotation)
    if not r.items:
        raise PipelineError("通知中没有找到“目标指标”“重点任务”或“示范工程”部分的事项；请确认这是一份任务分工通知")
    for item in r.items:
        if not item.annotated:
            r.warnings.append(f"第{item.line}行：事项“{item.text[:20]}…”没有注明牵头单位")
    return ParsedNotice(r.items, r.warnings)
