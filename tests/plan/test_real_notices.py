"""Real notices, as governments published them, each beside the plan a person read from its text
(tests/plan/real/expected/, written from the annotations and goals in the text, not from this tool's output).
The same notice in another form (the page it was published on, a Word copy, a PDF print) gives the same plan.
The seed notice still gives exactly the plan it gave before notices of other forms were read."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from pipeline.plan.guess import guess_identity
from pipeline.plan.load import read_items
from pipeline.plan.registry import Registry
from pipeline.plan.sources import read_notice
from tests.conftest import INPUTS

REAL = Path(__file__).parent / "real"
NOTICES = {  # the fixture as the DRC keeps it → its expected plan
    "pages/guofa-2018-42.html": "guofa-2018-42",
    "pages/guobanfa-2018-128.html": "guobanfa-2018-128",
    "guobanfa-2018-126.docx": "guobanfa-2018-126",
    "guofa-2019-3.docx": "guofa-2019-3",
    "guobanfa-2018-121.txt": "guobanfa-2018-121",
    "guofa-2018-39.txt": "guofa-2018-39",
    "guobanfa-2018-129.pdf": "guobanfa-2018-129",
}
SAME_NOTICE = [  # another form of one notice: both give one plan
    ("guobanfa-2018-126.docx", "pages/guobanfa-2018-126.html"),
    ("guofa-2019-3.docx", "pages/guofa-2019-3.html"),
    ("guobanfa-2018-121.txt", "pages/guobanfa-2018-121.html"),
    ("guofa-2018-39.txt", "pages/guofa-2018-39.html"),
    ("guobanfa-2018-129.pdf", "pages/guobanfa-2018-129.html"),
]


def read(name: str):
    source = read_notice(REAL / name)
    items, warnings, _ = read_items(source, Registry([]), [], {})
    return source, items, warnings


def fields(line: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in line.split("|"))


def item_lines(items) -> list[tuple[str, ...]]:
    return [(i.id, i.kind, "、".join(i.lead), "、".join(i.responsible)) for i in items]


def measure_lines(items) -> list[tuple[str, ...]]:
    return [(m.id, m.metric, m.target.comparator, f"{m.target.value:g}", m.target.unit, str(m.target.year))
            for i in items for m in i.measures]


def expected(stem: str) -> dict:
    return tomllib.loads((REAL / "expected" / f"{stem}.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, stem", NOTICES.items())
def test_a_real_notice_gives_the_plan_a_person_reads_in_it(name, stem):
    _, items, _ = read(name)
    want = expected(stem)
    assert item_lines(items) == [fields(line) for line in want["items"]]
    assert measure_lines(items) == [fields(line) for line in want["measures"]]


@pytest.mark.parametrize("name, stem", NOTICES.items())
def test_a_real_notice_says_its_own_number_issuer_and_years(name, stem):
    source, _, _ = read(name)
    found, want = guess_identity(source), expected(stem)
    assert (found["number"], found["issuer"]) == (want["number"], want["issuer"])
    years = [found["base_year"], found["first_year"], found["target_year"]]
    assert years == (want["years"] or [None, None, None])


@pytest.mark.parametrize("one, other", SAME_NOTICE)
def test_one_notice_in_two_forms_is_one_plan(one, other):
    (_, a, _), (_, b, _) = read(one), read(other)
    assert item_lines(a) == item_lines(b) and measure_lines(a) == measure_lines(b)
    assert [i.title for i in a] == [i.title for i in b]


def test_every_real_notice_has_its_source_written_down():
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    for name in NOTICES:
        assert Path(name).name in sources


def test_the_seed_notice_gives_the_same_46_items_as_before(plan):
    """tests/plan/seed_plan.json: the seed's plan as the line-by-line parser read it, before notices of
    other forms (and tables, and several annotations in one paragraph) were read."""
    before = json.loads((Path(__file__).parent / "seed_plan.json").read_text(encoding="utf-8"))
    assert plan.plan_id == before["plan_id"]
    now = [{**i.as_json(), "line": i.where} for i in plan.items]
    assert [{k: v for k, v in i.items() if k != "line"} for i in now] == \
        [{k: v for k, v in i.items() if k != "line"} for i in before["items"]]
    assert [i["line"] for i in now] == [f"第{i['line']}行" for i in before["items"]]
    assert (INPUTS / "plan" / "notice.txt").is_file()
