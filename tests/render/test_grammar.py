"""Every sentence kind the report templates can produce, with the smallest and largest counts: nothing reads
"0项", a list of one is not "等1项", no clause is left empty. Each state is one merge can produce: forms filled
in a given way (tests/merge/synthetic.py) merged as a year and the year before it."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from pipeline.merge.model import YearRecord
from pipeline.merge.summary import merged_year
from pipeline.render.compose import build_document
from pipeline.render.content.final import final_context
from pipeline.render.content.report import report_context
from pipeline.render.document import BlockKind, Chart, Meta
from pipeline.terms import ItemKind
from tests.conftest import INPUTS, load_config
from tests.merge.synthetic import behind, intake_of, met, on_track, silent

BAD = re.compile(r"(?<![\d.])0(项|个|家)|等1(项|个)|[，、；：]。|。。|（）|其中，。|None|\{|\}|中，。|为。|：，"
                 r"|(?<![\d.])(\d+)项[^。，；]{1,12}中，\3项")  # '3项任务中，3项已完成' says 均已完成 badly


def one_behind(m, base, goal, share):
    return behind(m, base, goal, share) if m.id == "T01" else on_track(m, base, goal, share)


STATES = {  # name → (how measures are filled in, task status, which units send a form; None: all)
    "on track": (on_track, "按计划推进", None),
    "all met": (met, "已完成", None),
    "all behind": (behind, "进度滞后", None),
    "one behind": (one_behind, "未启动", None),
    "no figures": (silent, "按计划推进", None),
    "nobody reported": (on_track, "按计划推进", set()),
    "one unit reported": (on_track, "按计划推进", {"发展改革委"}),
}
FINAL = {"按计划推进": "已完成", "进度滞后": "未完成", "未启动": "未完成"}


def plans(plan):
    """The seed plan, and it cut to one task and no projects (the smallest counts its sections can have)."""
    one_task = [i for i in plan.items if i.kind == ItemKind.INDICATOR] + [plan.of_kind(ItemKind.TASK)[0]]
    return {"whole plan": plan, "one task": replace(plan, items=one_task)}


def years(plan, year, state):
    """The year merged after the year before it, both filled in as ``state`` says."""
    value, status, units = STATES[state]
    status = FINAL.get(status, status) if plan.info.is_final(year) else status
    earlier = merged_year(plan, intake_of(plan, year - 1, value, "按计划推进", units), year - 1)
    history = {year - 1: YearRecord.of(earlier)}
    return merged_year(plan, intake_of(plan, year, value, status, units), year, history)


def text_of(template: str, context) -> str:
    chart = Chart(b"", b"", 1, 1, "图")
    tables = {name: None for name in ("measures", "tasks", "projects", "units")}
    doc = build_document("report", template, context, tables, {"trends": chart, "progress": chart}, Meta(), ())
    return "\n".join(b.lead + b.text for b in doc.blocks if b.kind == BlockKind.PARA)


@pytest.mark.parametrize("state", STATES)
def test_ongoing_year_sentences_read_well_at_every_count(plan, state):
    config = load_config(INPUTS, 2019)
    for name, cut in plans(plan).items():
        text = text_of("report.txt.j2", report_context(years(cut, 2019, state), config, cut.info))
        bad = [line for line in text.splitlines() if BAD.search(line)]
        assert bad == [], name


@pytest.mark.parametrize("state", STATES)
def test_final_year_sentences_read_well_at_every_count(plan, state):
    config = load_config(INPUTS, 2020)
    for name, cut in plans(plan).items():
        text = text_of("report_final.txt.j2", final_context(years(cut, 2020, state), config, cut.info))
        bad = [line for line in text.splitlines() if BAD.search(line)]
        assert bad == [], name
        assert "提前" not in text and "进度正常" not in text and "进度滞后" not in text, name


def test_the_states_reach_the_sentences_they_are_for(plan):
    """The states above are what they claim: each makes the report say the thing it is there to test."""
    config = load_config(INPUTS, 2019)
    said = {state: text_of("report.txt.j2", report_context(years(plan, 2019, state), config, plan.info))
            for state in STATES}
    assert "进度滞后" in said["all behind"] and "已提前达到" in said["all met"]
    assert "未报送" in said["nobody reported"] and "未报送" not in said["on track"]
    assert "尚未启动" in said["one behind"] and "与2018年相比" in said["on track"]
