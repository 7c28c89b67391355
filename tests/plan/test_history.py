"""机构改革: renames, merges, splits and dissolutions in the unit registry, applied by year."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.forms.sample import fill_sample
from pipeline.forms.signing import FormKeys
from pipeline.forms.workbook import build_form
from pipeline.intake.checks import check_file
from pipeline.plan import load_plan
from pipeline.plan.in_force import named, registry_problems, spans
from pipeline.terms import Role
from pipeline.util.workbook import workbook_bytes
from tests.conftest import INPUTS, invoke, load_config

SAMPLE_CHANGES = "# —— 2019年机构改革（示例数据）——"
NEW_UNIT = '\n[[unit]]\nshort = "{short}"\nfull = "柳州市{short}"\nkind = "department"\n'


def inputs_with(tmp_path: Path, changes: str, new_units: tuple[str, ...] = ()) -> Path:
    """A copy of the sample inputs whose registry records ``changes`` instead of the sample's."""
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS / "plan", inputs / "plan", ignore=shutil.ignore_patterns("form.key"))
    shutil.copy(INPUTS / "config.toml", inputs / "config.toml")
    units = inputs / "plan" / "units.toml"
    text = units.read_text(encoding="utf-8")
    text = text[:text.index(SAMPLE_CHANGES)] + "".join(NEW_UNIT.format(short=s) for s in new_units) + changes
    units.write_text(text, encoding="utf-8")
    return inputs


def change(kind: str, old: str, new: str = "", on: str = "2019-03-01", items: str = "") -> str:
    return f'\n[[change]]\nkind = "{kind}"\nfrom = {old}\n' + (f'to = "{new}"\n' if new else "") + \
        f"on = {on}\n" + (f"items = {{ {items} }}\n" if items else "")


def test_a_rename_holds_from_its_year_and_keeps_the_unit_in_its_place(tmp_path):
    plan = load_plan(inputs_with(tmp_path, change("rename", '"环保局"', "生态环境局"), ("生态环境局",)))
    before, after = plan.in_year(2018), plan.in_year(2019)
    assert after.roles("生态环境局") == before.roles("环保局") and not after.roles("环保局")
    shorts = [u.short for u in after.reporting_units]
    assert "环保局" not in shorts and shorts.index("生态环境局") == [u.short for u in before.reporting_units].index("环保局")
    assert named(after, "生态环境局") == "柳州市生态环境局（原环保局）"
    assert named(before, "环保局") == "柳州市环境保护局"
    item = next(i for i in plan.items if "环保局" in i.lead)
    assert item.lead == ["环保局"]  # the notice's wording stays
    assert after.answering_units(item) == ["生态环境局"] and before.answering_units(item) == ["环保局"]


@pytest.mark.parametrize(("on", "applies_to_2019"), [("2019-12-31", True), ("2020-01-01", False)])
def test_a_change_applies_to_the_documents_of_its_own_year(tmp_path, on, applies_to_2019):
    """The year's report is written after its end, to the units then in force."""
    plan = load_plan(inputs_with(tmp_path, change("rename", '"环保局"', "生态环境局", on), ("生态环境局",)))
    assert bool(plan.in_year(2019).roles("生态环境局")) == applies_to_2019
    assert plan.in_year(2020).roles("生态环境局")


def test_a_merged_unit_answers_for_all_its_predecessors_items_on_one_form(tmp_path):
    plan = load_plan(inputs_with(tmp_path, change("merge", '["农业局", "水产畜牧局"]', "农业农村局"), ("农业农村局",)))
    before, after = plan.in_year(2018), plan.in_year(2019)
    merged = after.roles("农业农村局")
    assert set(merged) == set(before.roles("农业局")) | set(before.roles("水产畜牧局"))
    for item_id, role in merged.items():  # where either predecessor led, the merged unit leads
        led = Role.LEAD in (before.roles("农业局").get(item_id), before.roles("水产畜牧局").get(item_id))
        assert (role == Role.LEAD) == led
    wb, identity = build_form(plan, plan.registry.get("农业农村局"), load_config(INPUTS, 2019), FormKeys(None),
                             sample=True)
    assert {r.id for r in identity.rows if r.kind != "measures"} | {
        plan.measures_by_id[r.id].item_id for r in identity.rows if r.kind == "measures"} == set(merged)
    assert named(after, "农业农村局") == "柳州市农业农村局（原农业局、水产畜牧局）"


def test_a_split_divides_the_items_and_an_old_form_is_refused(tmp_path):
    inputs = inputs_with(tmp_path, "")
    held = list(load_plan(inputs).in_year(2018).roles("市容局"))
    first, rest = held[:2], held[2:]
    items = ", ".join(f'"{i}" = "城市管理局"' for i in first) + ", " + ", ".join(f'"{i}" = "住建委"' for i in rest)
    inputs = inputs_with(tmp_path / "split", change("split", '"市容局"', items=items), ("城市管理局",))
    plan = load_plan(inputs)
    after = plan.in_year(2019)
    assert list(after.roles("城市管理局")) == first and set(rest) <= set(after.roles("住建委"))
    assert "市容局" not in [u.short for u in after.reporting_units]
    assert registry_problems(plan, "units.toml ") == []
    old_form = filled(load_plan(inputs_with(tmp_path / "old", "")), "市容局", tmp_path / "old.xlsx")
    sub, problems = check_file(plan, 2019, old_form, old_form.name, FormKeys(None))
    assert sub.outcome == "rejected" and [p.code for p in problems] == ["former_unit"]
    assert "拆分" in problems[0].message and "柳州市城市管理局" in problems[0].message


def test_a_split_that_leaves_an_item_unplaced_is_named_with_its_line(tmp_path):
    inputs = inputs_with(tmp_path, "")
    held = list(load_plan(inputs).in_year(2018).roles("市容局"))
    inputs = inputs_with(tmp_path / "split", change("split", '"市容局"', items=f'"{held[0]}" = "城市管理局"'),
                         ("城市管理局",))
    problems = registry_problems(load_plan(inputs), "units.toml ")
    assert len(problems) == len(held) - 1 and all("第" in p and "行" in p for p in problems)
    assert f"“{held[1]}”" in problems[0] and "2019年起没有单位承担" in problems[0]
    result = invoke("units", "--inputs", str(inputs))
    assert result.returncode == 1 and "没有单位承担" in result.stderr


def test_a_dissolved_units_items_go_to_its_successor(tmp_path):
    plan = load_plan(inputs_with(tmp_path, change("dissolve", '"糖办"', "工信委")))
    before, after = plan.in_year(2018), plan.in_year(2019)
    assert set(before.roles("糖办")) <= set(after.roles("工信委")) and not after.roles("糖办")
    assert named(after, "工信委") == "柳州市工业和信息化委员会"  # a dissolution is not a former name


def test_a_form_under_the_old_name_counts_as_the_successors(tmp_path):
    """Forms made before the clerk recorded the rename, returned after it: the successor's, with a word."""
    old_plan = load_plan(inputs_with(tmp_path / "old", ""))
    form = filled(old_plan, "环保局", tmp_path / "old.xlsx", year=2019)
    plan = load_plan(inputs_with(tmp_path / "new", change("rename", '"环保局"', "生态环境局"), ("生态环境局",)))
    sub, problems = check_file(plan, 2019, form, form.name, FormKeys(None))
    assert sub.outcome == "accepted_with_warnings" and sub.unit == "生态环境局"
    assert [p.code for p in problems] == ["former_unit"] and "柳州市生态环境局的报送接收" in problems[0].message


@pytest.mark.parametrize(("changes", "units", "said"), [
    (change("rename", '"环保局"', "生态局"), (), ["第", "行", "“生态局”未在单位登记表中登记"]),
    (change("rename", '"环保局"', "生态环境局") + change("rename", '"环保局"', "环境局", "2020-01-01"),
     ("生态环境局", "环境局"), ["已于2019-03-01起撤并", "不能再变更"]),
    (change("dissolve", '"糖办"', "工业和信息化局", "2019-01-01")
     + change("rename", '"工信委"', "工业和信息化局", "2019-06-01"), ("工业和信息化局",), ["才设立"]),
    (change("merge", '"农业局"', "农业农村局"), ("农业农村局",), ["两个以上原单位"]),
    (change("renamed", '"环保局"', "生态环境局"), ("生态环境局",), ["kind 应为"]),
])
def test_a_registry_that_cannot_hold_is_refused_naming_its_line(tmp_path, changes, units, said):
    inputs = inputs_with(tmp_path, changes, units)
    with pytest.raises(PipelineError) as caught:
        load_plan(inputs)
    assert all(s in str(caught.value) for s in said), str(caught.value)
    result = invoke("units", "--inputs", str(inputs))
    assert result.returncode == 2 and "units.toml" in result.stderr


def test_units_shows_the_sample_registry_by_year():
    result = invoke("units")
    assert result.returncode == 0, result.stderr
    assert "2016—2018年：32 个单位" in result.stdout and "2019—2020年：30 个单位" in result.stdout
    assert "农业农村局（原农业局、水产畜牧局）" in result.stdout and "第" in result.stdout
    assert [s.years for s in spans(load_plan(INPUTS))] == ["2016—2018年", "2019—2020年"]


def filled(plan, unit: str, path: Path, year: int = 2019) -> Path:
    wb, identity = build_form(plan, plan.registry.get(unit), load_config(INPUTS, year), FormKeys(None), sample=True)
    fill_sample(wb, identity, plan, year, 7)
    path.write_bytes(workbook_bytes(wb))
    return path


def test_init_shows_the_new_registry_by_year(tmp_path):
    result = invoke("init", "--notice", str(INPUTS / "plan" / "notice.txt"), "--inputs", str(tmp_path / "new"))
    assert result.returncode == 0, result.stderr
    assert "机构改革变更 0 项" in result.stdout and "2016—2020年：" in result.stdout
    assert "[[change]]" in (tmp_path / "new" / "plan" / "units.toml").read_text(encoding="utf-8")


def test_recording_a_change_leaves_the_years_before_it_as_they_were(tmp_path):
    """The 2018 records with the sample 机构改革 recorded and without it: the same bytes (the documents are compared
    byte for byte by tools/same_outputs.py)."""
    merged = {}
    for name, strip in (("with", False), ("without", True)):
        inputs = tmp_path / name / "inputs"
        shutil.copytree(INPUTS, inputs, ignore=shutil.ignore_patterns("2019", "2020", "form.key"))
        if strip:
            units = inputs / "plan" / "units.toml"
            text = units.read_text(encoding="utf-8")
            units.write_text(text[:text.index(SAMPLE_CHANGES)], encoding="utf-8")
        result = invoke("merge", "--year", "2018", "--inputs", str(inputs), "--outputs", str(tmp_path / name / "out"))
        assert result.returncode == 0, result.stderr
        year = tmp_path / name / "out" / "2018"
        merged[name] = {p.relative_to(year): p.read_bytes() for p in (year / "merged").iterdir()}
        merged[name] |= {p.relative_to(year): p.read_bytes() for p in (year / "intake").glob("*.json")}
    assert merged["with"] == merged["without"] and len(merged["with"]) >= 3


def test_recording_a_change_after_forms_came_in_reads_them_again(tmp_path):
    """A verdict kept from before the change must not stand: the old-name form becomes the successor's."""
    inputs = inputs_with(tmp_path, "", ("生态环境局",))
    form = filled(load_plan(inputs), "环保局", tmp_path / "form.xlsx")
    (inputs / "2019").mkdir()
    shutil.copy(form, inputs / "2019" / "2019年度_环保局_填报表.xlsx")
    outputs = tmp_path / "out"
    assert invoke("collect", "--year", "2019", "--inputs", str(inputs), "--outputs", str(outputs)).returncode == 0
    units = inputs / "plan" / "units.toml"
    units.write_text(units.read_text(encoding="utf-8") + change("rename", '"环保局"', "生态环境局"), encoding="utf-8")
    assert invoke("collect", "--year", "2019", "--inputs", str(inputs), "--outputs", str(outputs)).returncode == 0
    records = json.loads((outputs / "2019" / "intake" / "submissions.json").read_text(encoding="utf-8"))
    assert [s["unit"] for s in records["submissions"]] == ["生态环境局"]
