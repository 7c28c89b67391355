"""What the 填报通知 says: the forms going out, to whom, by when; and the 分发清单 beside it."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from pipeline.intake.status import known_contact
from pipeline.plan import Plan
from pipeline.plan.identity import PlanInfo
from pipeline.plan.in_force import named
from pipeline.plan.registry import KINDS
from pipeline.plan.words import Words
from pipeline.render.content.tables import table
from pipeline.render.document import Table
from pipeline.settings import YearConfig
from pipeline.terms import ItemKind
from pipeline.util.templates import TEMPLATES, Context
from pipeline.util.text import cn_date

ADDRESSED = ("department", "county", "new_area")  # the kinds of unit a notice is addressed to, in this order


@functools.lru_cache
def _addressees() -> dict[str, dict[str, str]]:
    return tomllib.loads((TEMPLATES / "addressees.toml").read_text(encoding="utf-8"))


def addressee_words(issuer: str) -> dict[str, str]:
    """How a notice of an issuer at this level addresses each kind of unit (市直各有关部门, 省直各有关部门…)."""
    table = _addressees()
    for words in table.values():
        if re.search(words["issuer"], issuer):
            return words
    return table["city"]


def distribution_rows(plan: Plan, forms: dict[str, str], contacts: dict[str, tuple[str, str, str]]
                      ) -> list[list[str]]:
    """序号, 单位, 填报表文件, 联系人, 联系电话, 联系人出处 of each unit that receives a form (``forms``: unit →
    file): the contact its latest earlier form gave, else the unit registry's."""
    rows = []
    for n, u in enumerate(plan.reporting_units, 1):
        name, phone, source = known_contact(plan, u.short, contacts)
        rows.append([str(n), named(plan, u.short), forms.get(u.short, ""), name or "—", phone or "—", source or "—"])
    return rows


@dataclass(frozen=True)
class NoticeContext(Context):
    """What ``notice.txt.j2`` may use."""

    config: YearConfig
    info: PlanInfo
    year: int
    final: bool
    addressees: str  # 市直各有关部门，各县、区人民政府…
    n_forms: int
    date: str
    words: Words
    has_measures: bool
    has_items: bool


def notice_context(plan: Plan, config: YearConfig, forms: dict[str, str]) -> NoticeContext:
    kinds = [k for k in KINDS if any(u.kind == k for u in plan.reporting_units) and k in ADDRESSED]
    names = addressee_words(config.issuer)
    return NoticeContext(config, plan.info, config.year, plan.info.is_final(config.year),
                         "，".join(names[k] for k in kinds), len(forms), cn_date(config.notice_date),
                         plan.words.documents, bool(plan.measures),
                         any(i.kind != ItemKind.INDICATOR for i in plan.items))


def notice_tables(rows: list[list[str]]) -> dict[str, Table]:
    """The 分发清单 as the notice's attachment (``rows`` from distribution_rows; where a contact came from stays in
    the workbook)."""
    return {"distribution": table(["序号", "单位", "填报表文件", "联系人", "联系电话"], [r[:5] for r in rows],
                                  ["center", "left", "left", "center", "center"])}
