"""What the 填报通知 says: the forms going out, to whom, by when; and the 分发清单 beside it."""

from __future__ import annotations

import functools
import re
import tomllib

from pipeline.plan import Plan
from pipeline.plan.registry import KINDS
from pipeline.render.content.tables import table
from pipeline.render.document import Table
from pipeline.settings import YearConfig
from pipeline.util.templates import TEMPLATES
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
        name, phone, source = contacts.get(u.short) or (u.contact, u.phone, "单位登记表" if u.contact or u.phone else "")
        rows.append([str(n), u.name, forms.get(u.short, ""), name or "—", phone or "—", source or "—"])
    return rows


def notice_context(plan: Plan, config: YearConfig, forms: dict[str, str]) -> dict:
    kinds = [k for k in KINDS if any(u.kind == k for u in plan.reporting_units) and k in ADDRESSED]
    names = addressee_words(config.issuer)
    return {"config": config, "info": plan.info, "year": config.year, "final": plan.info.is_final(config.year),
            "addressees": "，".join(names[k] for k in kinds), "n_forms": len(forms),
            "date": cn_date(config.notice_date), "words": plan.words.as_json(), "has_measures": bool(plan.measures),
            "has_items": any(i.kind != "indicator" for i in plan.items)}


def notice_tables(rows: list[list[str]]) -> dict[str, Table]:
    """The 分发清单 as the notice's attachment (``rows`` from distribution_rows; where a contact came from stays in
    the workbook)."""
    return {"distribution": table(["序号", "单位", "填报表文件", "联系人", "联系电话"], [r[:5] for r in rows],
                                  ["center", "left", "left", "center", "center"])}
