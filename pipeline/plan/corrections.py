"""The clerk's corrections to the parsed notice (``inputs/plan/corrections.toml``).

A correction finds its item by the words the item begins with, not by its id, so it still applies when the
notice is parsed again and the ids move. It may set the item's lead and responsible units, its kind, title or
area, or drop it (a paragraph that is not an assignment). One that matches no item, or several, is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.plan.notice import KINDS, ParsedItem
from pipeline.util.text import normalize
from pipeline.util.tomlfile import Fields, read_toml, tables

FIELDS = ("lead", "responsible", "kind", "title", "area")


@dataclass(frozen=True)
class Correction:
    match: str
    where: str  # 'corrections.toml 第2条', for messages
    lead: tuple[str, ...] | None = None
    responsible: tuple[str, ...] | None = None
    kind: str | None = None
    title: str | None = None
    area: str | None = None
    drop: bool = False


def load_corrections(path: Path) -> list[Correction]:
    if not path.exists():
        return []
    rows = tables(read_toml(path, "更正文件"), "item", f"更正文件 {path} ")
    found = []
    for n, row in enumerate(rows, 1):
        where = f"{path.name} 第{n}条更正"
        fields = Fields(row, f"更正文件 {path} 第{n}条（[[item]]）")
        match = fields.text("match")
        if len(normalize(match)) < 4:
            raise PipelineError(f"更正文件 {path} 第{n}条：match 应写出事项原文的开头（至少 4 个字）")
        kind = fields.text("kind", "") or None
        if kind is not None and kind not in KINDS:
            raise PipelineError(f"更正文件 {path} 第{n}条：kind 应为 {'/'.join(KINDS)} 之一，现为 {kind!r}")
        found.append(Correction(match, where, fields.texts("lead") if "lead" in row else None,
                                fields.texts("responsible") if "responsible" in row else None, kind,
                                fields.text("title", "") or None, fields.text("area", "") or None,
                                bool(row.get("drop", False))))
    return found


def _matches(item: ParsedItem, match: str) -> bool:
    text, title, wanted = normalize(item.text), normalize(item.title), normalize(match)
    return text.startswith(wanted) or title.startswith(wanted)


def apply_corrections(items: list[ParsedItem], corrections: list[Correction], warnings: list[str]) -> list[ParsedItem]:
    """The items with the corrections applied; a correction that finds no item or several is reported."""
    dropped: set[int] = set()
    for c in corrections:
        hits = [n for n, item in enumerate(items) if _matches(item, c.match)]
        if len(hits) != 1:
            warnings.append(f"{c.where}（“{c.match[:20]}”）" + ("找不到对应的事项，未生效" if not hits else
                                                             f"对应 {len(hits)} 个事项，请写得更长一些以便区分，未生效"))
            continue
        item = items[hits[0]]
        if c.drop:
            dropped.add(hits[0])
            continue
        for name in FIELDS:
            value = getattr(c, name)
            if value is not None:
                setattr(item, name, list(value) if isinstance(value, tuple) else value)
        item.annotated = item.annotated or c.lead is not None or c.responsible is not None
        item.flags = [f for f in item.flags if c.lead is None and c.responsible is None or "单位" not in f]
        item.flags.append(f"已按 {c.where} 更正")
    return [item for n, item in enumerate(items) if n not in dropped]
