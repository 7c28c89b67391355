"""The form's first sheet, 填报说明: what to fill in and how, from ``pipeline/templates/forms/guide.txt.j2``."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.forms.layout import form_title
from pipeline.forms.style import FONT
from pipeline.plan import Plan
from pipeline.plan.identity import PlanInfo
from pipeline.plan.registry import Unit
from pipeline.plan.words import Words
from pipeline.settings import YearConfig
from pipeline.terms import ItemKind, Role
from pipeline.util.templates import Context, render_text
from pipeline.util.workbook import a4_landscape


@dataclass(frozen=True)
class GuideContext(Context):
    """What ``forms/guide.txt.j2`` may use."""

    year: int
    form_title: str
    unit: Unit
    config: YearConfig
    info: PlanInfo
    final: bool
    n_lead: int  # items the unit leads
    n_alone: int  # items without a lead the unit states
    n_share: int  # items it shares
    words: Words
    has_measures: bool
    has_items: bool


def guide_lines(plan: Plan, unit: Unit, config: YearConfig, roles: dict[str, Role]) -> list[tuple[str, str]]:
    """(text, kind) for each line of the guide; kind is 'title', 'head' or ''."""
    n_lead = sum(1 for r in roles.values() if r == Role.LEAD)
    n_alone = sum(1 for item_id, r in roles.items() if r != Role.LEAD and plan.answers(unit.short, item_id))
    context = GuideContext(config.year, form_title(plan.info, config.year), unit, config, plan.info,
                           plan.info.is_final(config.year), n_lead, n_alone, len(roles) - n_lead - n_alone,
                           plan.words.documents, bool(plan.measures),
                           any(i.kind != ItemKind.INDICATOR for i in plan.items))
    text = render_text("forms/guide.txt.j2", context)
    lines = []
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        for marker, kind in (("@标题 ", "title"), ("@粗体 ", "head")):
            if line.startswith(marker):
                lines.append((line[len(marker):], kind))
                break
        else:
            lines.append((line, ""))
    return lines


def write_guide(ws: Worksheet, plan: Plan, unit: Unit, config: YearConfig, roles: dict[str, Role]) -> None:
    ws.column_dimensions["A"].width = 110
    for n, (text, kind) in enumerate(guide_lines(plan, unit, config, roles), 1):
        cell = ws.cell(row=n, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if kind == "title" else None)
        cell.font = Font(name=FONT, size=16 if kind == "title" else 11, bold=kind in ("title", "head"))
        if kind == "title":
            ws.row_dimensions[n].height = 32  # the other rows fit their text when opened (see workbook._style_row)
    a4_landscape(ws)
