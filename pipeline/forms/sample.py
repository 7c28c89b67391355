"""Sample submissions: every unit's form filled with plausible, reproducible values.

Values follow a believable path from the baseline toward the target, each measure at its own pace
(some ahead, some behind); one responsible unit disagrees with a lead on one figure; one unit sends
a corrected second version; a couple of units do not report. In the plan's last year the forms
carry five-year summaries. Every file carries 示例数据 in its identity, so every document built
from it says so.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import tomllib
from pathlib import Path

from openpyxl import Workbook

from pipeline.forms.layout import MEASURES, Identity, RowRef
from pipeline.forms.signing import FormKeys
from pipeline.forms.workbook import build_form, fit_form, form_filename
from pipeline.plan import Measure, Plan
from pipeline.plan.identity import PlanInfo
from pipeline.plan.progress import meets
from pipeline.plan.targets import WHOLE_UNITS
from pipeline.settings import YearConfig
from pipeline.terms import FinalStatus, Role, TaskStatus
from pipeline.util.files import atomic_write
from pipeline.util.templates import TEMPLATES
from pipeline.util.text import format_number
from pipeline.util.workbook import workbook_bytes


@functools.lru_cache
def sample_text() -> dict:
    return tomllib.loads((TEMPLATES / "sample_text.toml").read_text(encoding="utf-8"))


def _pace(seed: int, measure: Measure) -> float:
    """A measure's own pace toward its goal, fixed across years so trends are consistent."""
    return random.Random(f"{seed}:pace:{measure.id}").uniform(0.8, 1.5)


def sample_baseline(measure: Measure) -> float:
    """The baseline on record, else the one measures.toml gives samples, else one short of the goal."""
    if measure.baseline is not None:
        return measure.baseline
    if measure.sample_baseline is not None:
        return measure.sample_baseline
    goal = measure.target.value
    if goal is None:  # relative to a baseline nobody has recorded yet
        return 50.0
    return _as_typed(measure, goal * (0.75 if measure.higher_is_better else 1.25), 2)


def sample_value(measure: Measure, year: int, seed: int, info: PlanInfo) -> float:
    base = sample_baseline(measure)
    goal = measure.goal(base)
    elapsed = (year - info.base_year) / (info.target_year - info.base_year)
    share = min(1.12, _pace(seed, measure) * elapsed)
    noise = random.Random(f"{seed}:noise:{measure.id}:{year}").uniform(-0.02, 0.02) * abs(goal - base)
    value = base + (goal - base) * share + noise
    if measure.max_value is not None:
        value = min(value, measure.max_value)
    return _as_typed(measure, max(value, 0.0), 3 if abs(value) < 1 else 2 if abs(value) < 10 else 1)


def _as_typed(measure: Measure, value: float, digits: int) -> float:
    """The value as a unit would type it: whole in a count of things (21家, not 20.6家), else to ``digits``."""
    return float(round(value)) if measure.unit in WHOLE_UNITS else round(value, digits)


def _fill(text: str, rng: random.Random, **names: str) -> str:
    return text.format(n=rng.randint(120, 9800), m=rng.randint(2, 18), p=rng.randint(45, 85), k=rng.randint(2, 6),
                       **names)


def _status(rng: random.Random, year: int, info: PlanInfo) -> str:
    if info.is_final(year):
        return rng.choices(list(FinalStatus), [0.75, 0.25])[0]
    progress = (year - info.base_year) / (info.target_year - info.base_year)
    weights = [0.05 + 0.3 * progress, 0.62, 0.2, max(0.0, 0.12 - 0.12 * progress)]
    return rng.choices(list(TaskStatus), weights)[0]


def missing_units(plan: Plan, year: int, seed: int) -> set[str]:
    """One department that leads nothing and one local government that do not report this year."""
    rng = random.Random(f"{seed}:missing:{year}")
    departments = [u.short for u in plan.reporting_units
                   if u.kind == "department" and Role.LEAD not in plan.roles(u.short).values()]
    local = [u.short for u in plan.reporting_units if u.kind != "department"]
    return {rng.choice(group) for group in (departments, local) if group}


def disagreeing(plan: Plan) -> tuple[str, str]:
    """(measure, unit): a responsible unit whose figure differs from the lead's."""
    wanted = sample_text().get("disagreement", {})
    pairs = [(m.id, u) for m in plan.measures for u, role in
             ((u.short, plan.roles(u.short).get(m.item_id)) for u in plan.reporting_units) if role == Role.SHARE]
    measure = plan.measures_by_id.get(wanted.get("measure", ""))
    unit = plan.registry.history.successor(wanted.get("unit", ""), measure.item_id if measure else "", plan.year)
    pair = (wanted.get("measure"), unit)  # the unit named in the wording, or its successor that year
    return pair if pair in pairs else (pairs[0] if pairs else ("", ""))


def _measure_row(ws, ref: RowRef, m: Measure, unit: str, ctx: dict) -> None:
    rng, year, seed, plan = ctx["rng"], ctx["year"], ctx["seed"], ctx["plan"]
    odd_one = (ref.id, unit) == ctx["disagreeing"]
    answers = plan.answers(unit, m.item_id)
    if not answers and rng.random() < 0.5 and not odd_one:
        return  # responsible units report figures only where they hold them
    value = sample_value(m, year, seed, plan.info) + ((1.0 if m.unit in WHOLE_UNITS else 0.6) if odd_one else 0.0)
    if ctx["version"] > 1:
        value = _as_typed(m, value * 1.01, 2)
    ws[ref.cell("value")] = value
    if not ref.baseline_on_record:
        ws[ref.cell("baseline")] = sample_baseline(m)
    ws[ref.cell("source")] = _fill(rng.choice(ctx["text"]["sources"]["lines"]), rng, unit=unit)
    if ctx["final"] and answers:
        _final_measure(ws, ref, m, value, ctx)


def _final_measure(ws, ref: RowRef, m: Measure, value: float, ctx: dict) -> None:
    """The five-year summary of a measure, and the reason where its target was missed."""
    rng, text = ctx["rng"], ctx["text"]
    base, goal = sample_baseline(m), m.goal(sample_baseline(m))
    met = goal is not None and meets(value, m.target.comparator, goal)
    direction = "提高到" if value > base else "下降到" if value < base else "保持在"
    digits = 3 if abs(value) < 10 else 2
    line = rng.choice(text["summary"]["measure_met" if met else "measure_missed"])
    ws[ref.cell("summary")] = line.format(**ctx["period"], metric=m.metric, direction=direction,
                                          base=format_number(base, digits) + m.unit,
                                          value=format_number(value, digits) + m.unit)
    if not met:
        ws[ref.cell("note")] = rng.choice(text["causes"]["lines"])


def _task_row(ws, ref: RowRef, unit: str, ctx: dict) -> None:
    rng, text = ctx["rng"], ctx["text"]
    title = ctx["plan"].item(ref.id).title
    answers = ctx["plan"].answers(unit, ref.id)
    status = _status(rng, ctx["year"], ctx["plan"].info)
    pool = text["work"][status] if answers else text["contribution"]["lines"]
    ws[ref.cell("status")] = str(status)
    ws[ref.cell("work")] = _fill(rng.choice(pool), rng, unit=unit, title=title, **ctx["period"])
    ws[ref.cell("figures")] = _fill(rng.choice(text["figures"]["lines"]), rng)
    if status in (TaskStatus.LAGGING, TaskStatus.NOT_STARTED, FinalStatus.NOT_DONE) or rng.random() < 0.3:
        ws[ref.cell("problems")] = rng.choice(text["problems"]["lines"])
    ws[ref.cell("plans")] = rng.choice(text["plans"]["lines"])
    if ctx["final"]:
        pool = text["summary"][status] if answers else text["summary"]["contribution"]
        ws[ref.cell("summary")] = _fill(rng.choice(pool), rng, unit=unit, title=title, **ctx["period"])


def _contact(wb: Workbook, identity: Identity, ctx: dict) -> None:
    rng, people, year = ctx["rng"], ctx["text"]["people"], ctx["year"]
    day = random.Random(f"{ctx['seed']}:{year}:{identity.unit}:date").randint(4, 12)
    contact = {
        "reporter": rng.choice(people["surnames"]) + rng.choice(people["given"]),
        "phone": f"{people['phone_prefix']}{rng.randint(2000000, 3999999)}",
        "head": rng.choice(people["surnames"]) + rng.choice(people["given"]),
        # A corrected version is dated after the first one, as it would be.
        "date": dt.datetime(year + 1, 1, day + 6 * (ctx["version"] - 1)),
    }
    for key, (sheet, cell) in identity.contact.items():
        wb[sheet][cell] = contact[key]


def fill_sample(wb: Workbook, identity: Identity, plan: Plan, year: int, seed: int, version: int = 1) -> None:
    """Fill every input cell of a unit's form as that unit plausibly would."""
    plan = plan.in_year(year)
    ctx = {"rng": random.Random(f"{seed}:{year}:{identity.unit}:{version}"), "year": year, "seed": seed,
           "plan": plan, "version": version, "text": sample_text(), "final": identity.final,
           "disagreeing": disagreeing(plan), "period": sample_text()["period"]["one" if plan.info.one_year else "several"]}
    for ref in identity.rows:
        if ref.kind == MEASURES:
            _measure_row(wb[ref.sheet], ref, plan.measures_by_id[ref.id], identity.unit, ctx)
        else:
            _task_row(wb[ref.sheet], ref, identity.unit, ctx)
    _contact(wb, identity, ctx)
    fit_form(wb)


def write_sample(plan: Plan, config: YearConfig, folder: Path, seed: int) -> tuple[list[Path], set[str]]:
    """Filled sample forms for every reporting unit but the missing ones; returns (files, missing)."""
    plan = plan.in_year(config.year)
    missing = missing_units(plan, config.year, seed)
    reporting = [u for u in plan.reporting_units if u.short not in missing]
    resubmitter = random.Random(f"{seed}:resubmit:{config.year}").choice(reporting).short if reporting else ""
    written = []
    for unit in reporting:
        for version in (1, 2) if unit.short == resubmitter else (1,):
            wb, identity = build_form(plan, unit, config, FormKeys(None), sample=True)
            fill_sample(wb, identity, plan, config.year, seed, version)
            name = form_filename(config.year, unit.short)
            if version == 2:
                name = name.replace(".xlsx", "（修改稿）.xlsx")
            path = folder / name
            atomic_write(path, workbook_bytes(wb))
            written.append(path)
    return written, missing
