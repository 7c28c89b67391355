"""Every sentence kind the report templates can produce, with the smallest and largest counts: nothing reads
"0项", a list of one is not "等1项", no clause is left empty."""

from __future__ import annotations

import copy
import json
import re

import pytest

from pipeline.render.compose import build_document
from pipeline.render.content.final import final_context
from pipeline.render.content.report import report_context
from pipeline.render.document import Chart
from pipeline.terms import Progress, TaskStatus, UnitState, Verdict
from tests.conftest import INPUTS, load_config

BAD = re.compile(r"(?<![\d.])0(项|个|家)|等1(项|个)|[，、；：]。|。。|（）|其中，。|None|\{|\}|中，。|为。|：，")


def variants(summary: dict) -> dict[str, dict]:
    """The 2019 sample bent to the extremes each count can take."""
    out = {"as sent": summary}

    def bent(name: str, change) -> None:
        s = copy.deepcopy(summary)
        change(s)
        out[name] = s

    def every(key, value, what="measures"):
        return lambda s: [x.update({key: value}) for x in s[what]]

    bent("all met", every("progress", Progress.MET))
    bent("all behind", every("progress", Progress.BEHIND))
    bent("none reported", lambda s: [m.update(progress=Progress.NOT_REPORTED, value=None) for m in s["measures"]])
    bent("one behind", lambda s: [m.update(progress=Progress.BEHIND if n == 0 else Progress.ON_TRACK)
                                  for n, m in enumerate(s["measures"])])
    bent("no disagreements", every("disagreements", []))
    bent("all items done", every("status", TaskStatus.DONE, "items"))
    bent("no item reported", every("status", Progress.NOT_REPORTED, "items"))
    bent("everyone reported", every("state", UnitState.SUBMITTED, "units"))
    bent("nobody reported", every("state", UnitState.MISSING, "units"))
    bent("one task", lambda s: s.update(items=[i for i in s["items"] if i["kind"] == "project" or i["id"] == "K1.1"]))
    bent("no projects", lambda s: s.update(items=[i for i in s["items"] if i["kind"] == "task"]))
    return out


def text_of(template: str, context: dict, tables: dict) -> str:
    chart = Chart(b"", b"", 1, 1, "图")
    doc = build_document("report", template, context, tables, {"trends": chart, "progress": chart}, {})
    return "\n".join(b.lead + b.text for b in doc.blocks if b.kind == "para")


@pytest.fixture(scope="module")
def summaries(built, built_final) -> dict[str, dict]:
    return {year: json.loads((folder / "merged" / "summary.json").read_text(encoding="utf-8"))
            for year, folder in (("2019", built), ("2020", built_final))}


def test_ongoing_year_sentences_read_well_at_every_count(plan, summaries):
    config = load_config(INPUTS, 2019)
    for name, summary in variants(summaries["2019"]).items():
        text = text_of("report.txt.j2", report_context(summary, config, plan.info), tables())
        bad = [line for line in text.splitlines() if BAD.search(line)]
        assert bad == [], name


def test_final_year_sentences_read_well_at_every_count(plan, summaries):
    config = load_config(INPUTS, 2020)
    for name, summary in variants(summaries["2020"]).items():
        for item in summary["items"]:
            item["verdict"] = {TaskStatus.DONE: Verdict.DONE, Progress.NOT_REPORTED: Verdict.NO_DATA}.get(
                item["status"], item["verdict"])
        for m in summary["measures"]:
            if m["value"] is None:
                m["verdict"] = Verdict.NO_DATA
            elif name == "all met":
                m["verdict"] = Verdict.DONE
        text = text_of("report_final.txt.j2", final_context(summary, config, plan.info), tables())
        bad = [line for line in text.splitlines() if BAD.search(line)]
        assert bad == [], name
        assert "提前" not in text and "进度正常" not in text and "进度滞后" not in text, name


def tables() -> dict:
    return {name: None for name in ("measures", "tasks", "projects", "units")}
