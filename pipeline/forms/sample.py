"""Sample submissions (issue 3): every unit's form filled with plausible, reproducible values.

Values follow a believable path from the 2015 baseline toward the 2020 target, each measure at
its own pace (some ahead, some behind); one responsible unit disagrees with a lead on one figure;
one unit sends a corrected second version; a couple of units do not report. Every file carries
示例数据 in its identity, so every document built from it says so.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from pathlib import Path

from openpyxl import Workbook

from pipeline.forms.layout import MEASURE_SHEET, Identity
from pipeline.forms.workbook import build_form, form_filename
from pipeline.plan import Measure, Plan
from pipeline.plan.model import BASE_YEAR, GOAL_YEAR
from pipeline.settings import YearConfig
from pipeline.terms import Role, TaskStatus
from pipeline.util.files import atomic_write
from pipeline.util.templates import TEMPLATES
from pipeline.util.workbook import workbook_bytes

TEXT_FILE = TEMPLATES / "sample_text.toml"


def _pace(seed: int, measure: Measure) -> float:
    """A measure's own pace toward its goal, fixed across years so trends are consistent."""
    return random.Random(f"{seed}:pace:{measure.id}").uniform(0.8, 1.5)


def sample_baseline(measure: Measure) -> float:
    if measure.baseline is not None:
        return measure.baseline
    return measure.sample_baseline if measure.sample_baseline is not None else 50.0


def sample_value(measure: Measure, year: int, seed: int) -> float:
    base = sample_baseline(measure)
    goal = measure.goal(base)
    share = min(1.12, _pace(seed, measure) * (year - BASE_YEAR) / (GOAL_YEAR - BASE_YEAR))
    noise = random.Random(f"{seed}:noise:{measure.id}:{year}").uniform(-0.02, 0.02) * abs(goal - base)
    value = base + (goal - base) * share + noise
    if measure.max_value is not None:
        value = min(value, measure.max_value)
    return round(max(value, 0.0), 3 if abs(value) < 1 else 2 if abs(value) < 10 else 1)


def _fill(text: str, rng: random.Random, **names: str) -> str:
    return text.format(n=rng.randint(120, 9800), m=rng.randint(2, 18), p=rng.randint(45, 85), **names)


def _status(rng: random.Random, year: int) -> TaskStatus:
    progress = (year - BASE_YEAR) / (GOAL_YEAR - BASE_YEAR)
    weights = [0.05 + 0.3 * progress, 0.62, 0.2, max(0.0, 0.12 - 0.12 * progress)]
    return rng.choices(list(TaskStatus), weights)[0]


def missing_units(plan: Plan, year: int, seed: int) -> set[str]:
    """One department and one local government that do not report this year."""
    rng = random.Random(f"{seed}:missing:{year}")
    leads = {u for item in plan.items for u in plan.lead_units(item)}
    departments = [u.short for u in plan.registry.reporting_units if u.kind == "department" and u.short not in leads]
    local = [u.short for u in plan.registry.reporting_units if u.kind != "department"]
    return {rng.choice(departments), rng.choice(local)}


def fill_sample(wb: Workbook, identity: Identity, plan: Plan, year: int, seed: int, version: int = 1) -> None:
    """Fill every input cell of a unit's form as that unit plausibly would."""
    text = tomllib.loads(TEXT_FILE.read_text(encoding="utf-8"))
    unit = identity.unit
    rng = random.Random(f"{seed}:{year}:{unit}:{version}")
    measures = {m.id: m for m in plan.measures}
    disagreeing = ("T02", "环保局")  # a responsible unit whose figure differs from the lead's
    for ref in identity.rows:
        ws = wb[ref.sheet]
        if ref.sheet == MEASURE_SHEET:
            m = measures[ref.id]
            if ref.role == Role.SHARE and rng.random() < 0.5 and (ref.id, unit) != disagreeing:
                continue  # responsible units report figures only where they hold them
            value = sample_value(m, year, seed) + (0.6 if (ref.id, unit) == disagreeing else 0.0)
            if version > 1:
                value = round(value * 1.01, 2)
            ws[ref.cell("value")] = value
            if not ref.baseline_on_record:
                ws[ref.cell("baseline")] = sample_baseline(m)
            ws[ref.cell("source")] = _fill(rng.choice(text["sources"]["lines"]), rng, unit=unit)
        else:
            item = plan.item(ref.id)
            status = _status(rng, year)
            pool = text["work"][status] if ref.role == Role.LEAD else text["contribution"]["lines"]
            ws[ref.cell("status")] = str(status)
            ws[ref.cell("work")] = _fill(rng.choice(pool), rng, unit=unit, title=item.title)
            ws[ref.cell("figures")] = _fill(rng.choice(text["figures"]["lines"]), rng)
            if status in (TaskStatus.LAGGING, TaskStatus.NOT_STARTED) or rng.random() < 0.3:
                ws[ref.cell("problems")] = rng.choice(text["problems"]["lines"])
            ws[ref.cell("plans")] = rng.choice(text["plans"]["lines"])
    people = text["people"]
    contact = {
        "reporter": rng.choice(people["surnames"]) + rng.choice(people["given"]),
        "phone": f"0772-{rng.randint(2000000, 3999999)}",
        "head": rng.choice(people["surnames"]) + rng.choice(people["given"]),
        # A corrected version is dated after the first one, as it would be.
        "date": dt.datetime(year + 1, 1, random.Random(f"{seed}:{year}:{unit}:date").randint(4, 12) + 6 * (version - 1)),
    }
    for key, (sheet, cell) in identity.contact.items():
        wb[sheet][cell] = contact[key]


def write_sample(plan: Plan, config: YearConfig, folder: Path, seed: int) -> tuple[list[Path], set[str]]:
    """Filled sample forms for every reporting unit but the missing ones; returns (files, missing)."""
    missing = missing_units(plan, config.year, seed)
    reporting = [u for u in plan.registry.reporting_units if u.short not in missing]
    resubmitter = random.Random(f"{seed}:resubmit:{config.year}").choice(reporting).short
    written = []
    for unit in reporting:
        for version in (1, 2) if unit.short == resubmitter else (1,):
            wb, identity = build_form(plan, unit, config, sample=True)
            fill_sample(wb, identity, plan, config.year, seed, version)
            name = form_filename(config.year, unit.short)
            if version == 2:
                name = name.replace(".xlsx", "（修改稿）.xlsx")
            path = folder / name
            atomic_write(path, workbook_bytes(wb))
            written.append(path)
    return written, missing
