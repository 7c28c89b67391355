"""The genre, not one notice: the same plan from the seed in another style; notices composed in each of the
forms real notices take; group phrases, measure wording, nothing dropped without a word."""

from __future__ import annotations

import ast

import pytest

from pipeline.plan.annotations import find_annotation, parse_annotation, split_units
from pipeline.plan.load import assign_ids, build_plan
from pipeline.plan.notice import parse_notice
from pipeline.plan.registry import load_registry
from pipeline.plan.targets import parse_targets
from pipeline.util.text import normalize
from tests.conftest import INPUTS, ROOT
from tests.plan.notices import CITY_STYLE, SEED, STATE_STYLE, suffix_style

REGISTRY = load_registry(INPUTS / "plan" / "units.toml")


def units(names: list[str]) -> list[str]:
    return [REGISTRY.resolve(n).short for n in names]


def test_the_seed_in_suffix_style_is_the_same_plan(plan, tmp_path):
    rewritten = suffix_style(SEED)
    assert "牵头单位:" not in rewritten and "主要任务" in rewritten and "柳州市发展和改革委员会牵头" in rewritten
    path = tmp_path / "notice.txt"
    path.write_text(rewritten, encoding="utf-8")
    other = build_plan(path, REGISTRY, plan.info)
    assert [i.id for i in other.items] == [i.id for i in plan.items]
    assert [i.kind for i in other.items] == [i.kind for i in plan.items]
    for mine, theirs in zip(plan.items, other.items):
        assert units(theirs.lead) == units(mine.lead), mine.id
        assert units(theirs.responsible) == units(mine.responsible), mine.id
    assert [m.id for m in other.measures] == [m.id for m in plan.measures]
    assert other.warnings == []


def parsed(text: str) -> dict:
    found = parse_notice(text)
    return {pid: item for pid, item in zip(assign_ids(found.items), found.items)}, found


def test_a_state_style_notice_numbered_through_its_sections():
    items, found = parsed(STATE_STYLE)
    assert list(items) == ["K1", "K2", "K3", "K4", "K5", "K6"]
    assert items["K1"].lead == ["省工业和信息化厅"] and items["K1"].responsible == ["省科技厅", "省发展改革委"]
    assert items["K3"].lead == ["省财政厅"] and items["K3"].responsible == ["省住房城乡建设厅"]
    assert items["K4"].text.endswith("引导农村建房使用绿色建材。") and items["K4"].area == "扩大绿色建材应用"
    assert items["K4"].responsible == ["省商务厅", "省农业农村厅"]
    assert items["K5"].lead == ["省工业和信息化厅", "省住房城乡建设厅"]
    assert items["K6"].lead == ["各市、县人民政府"]
    assert found.warnings == [] and "总体要求" in found.notes[0]


def test_a_city_style_notice_with_groups_labels_and_a_carried_note():
    items, found = parsed(CITY_STYLE)
    assert list(items) == ["T01", "T02", "T03", "K1.1", "K1.2", "K2.1", "D1"]
    assert items["T01"].kind == "indicator" and items["K2.1"].kind == "task" and items["D1"].kind == "project"
    assert items["T01"].lead == ["市发展改革委"]
    assert items["T01"].responsible == ["市统计局", "各县、区人民政府"]  # 以下均需…落实 carries on
    assert items["D1"].responsible == ["各县、区人民政府"]
    assert items["K1.1"].lead == ["市工业和信息化局"] and items["K1.1"].responsible[:2] == ["市发展改革委", "市生态环境局"]
    assert items["K1.2"].responsible[0] == "市应急管理局"  # 【】 and 协办单位
    assert items["K2.1"].text.endswith("100万平方米。") and items["K2.1"].responsible[0] == "各区、县级市人民政府"
    assert items["K1.1"].area == "推动工业节能降碳" and items["D1"].area == "重点行业绿色升级工程"
    assert found.warnings == [] and "保障措施" in found.notes[0]


@pytest.mark.parametrize("annotation, lead, responsible", [
    ("（牵头单位：市发改委；配合单位：市统计局、市财政局）", ["市发改委"], ["市统计局", "市财政局"]),
    ("（市发展改革委牵头，市统计局、市财政局配合）", ["市发展改革委"], ["市统计局", "市财政局"]),
    ("（市发展改革委牵头，市统计局按职责分工负责）", ["市发展改革委"], ["市统计局"]),
    ("（市生态环境局负责）", ["市生态环境局"], []),
    ("（市生态环境局、市水利局按职责分工负责）", ["市生态环境局"], ["市水利局"]),
    ("（市农业农村局、市水利局牵头，各有关区、县级市配合）", ["市农业农村局", "市水利局"], ["各有关区、县级市"]),
    ("（省教育厅、省财政厅等负责。列第一位者为牵头单位，下同）", ["省教育厅"], ["省财政厅"]),
    ("（牵头单位：市政府办公室；责任单位：市政府有关部门，市级各有关部门）", ["市政府办公室"],
     ["市政府有关部门", "市级各有关部门"]),
    ("（牵头单位：发展改革委；责任单位：工信委，各县区（新区）人民政府（管委会））", ["发展改革委"],
     ["工信委", "各县区(新区)人民政府(管委会)"]),
])
def test_annotations_in_every_style(annotation, lead, responsible):
    text, body = find_annotation(normalize("推进某项工作。" + annotation))
    found = parse_annotation(body, [])
    assert text == "推进某项工作。" and (found.lead, found.responsible) == (lead, responsible)


@pytest.mark.parametrize("phrase", ["各区、县级市人民政府", "各有关区、县级市", "各县、区人民政府", "市政府有关部门",
                                    "市级各有关部门", "各省、自治区、直辖市人民政府", "各县区(新区)人民政府(管委会)"])
def test_group_phrases_are_never_split(phrase):
    assert split_units(f"市财政局、{phrase}、市统计局", []) == ["市财政局", phrase, "市统计局"]


@pytest.mark.parametrize("text, expected", [
    ("主要废弃物循环利用率达到79.3%", [("主要废弃物循环利用率", "≥", 79.3, "%")]),
    ("到2025年，城市生活垃圾回收利用率达到35%以上", [("城市生活垃圾回收利用率", "≥", 35.0, "%")]),
    ("PM2.5平均浓度控制在35微克/立方米以下", [("PM2.5平均浓度", "≤", 35.0, "微克/立方米")]),
    ("地区生产总值力争突破3000亿元，年均增长7%以上", [("地区生产总值", ">", 3000.0, "亿元"),
                                                     ("地区生产总值年均增长", "≥", 7.0, "%")]),
    ("森林覆盖率保持在62%左右", [("森林覆盖率", "≥", 62.0, "%")]),
    ("万元工业增加值用水量降至60立方米", [("万元工业增加值用水量", "≤", 60.0, "立方米")]),
    ("花生种植、收获机械化率分别达到65%和55%", [("花生种植机械化率", "≥", 65.0, "%"),
                                               ("花生收获机械化率", "≥", 55.0, "%")]),
])
def test_measures_from_indicator_wording(text, expected):
    assert [(t.metric, t.comparator, t.value, t.unit) for t in parse_targets(normalize(text))] == expected


def test_relative_targets_from_the_base_year():
    (target,) = parse_targets("单位地区生产总值能耗比2020年下降14%左右")
    assert target.metric == "单位地区生产总值能耗" and target.relative == {"base_year": 2020, "op": "scale", "factor": 0.86}
    (target,) = parse_targets("主要资源产出率比2015年提高15个百分点")
    assert target.relative == {"base_year": 2015, "op": "add", "amount": 15.0}


def test_nothing_is_dropped_without_a_word():
    text = ("二、主要任务\n1.推进甲项工作。（市甲局负责）\n这一行接在已注明单位的事项之后。\n"
            "（市乙局负责）\n2.推进乙项工作\n（一）一个没有编号事项的标题\n")
    found = parse_notice(text)
    assert [i.text for i in found.items] == ["推进甲项工作。", "推进乙项工作", "一个没有编号事项的标题"]
    messages = "\n".join(found.warnings)
    assert "第3行" in messages and "第4行" in messages  # stray text, an annotation with nothing to annotate
    assert "第5行" in messages and "第6行" in messages  # items without a lead are named, not dropped


SEED_IDENTITY = ("柳政发", "循环经济", "十三五", "柳州", "LZ-2018", "环保局")


def test_the_package_names_no_plan():
    """Every title, file name and year comes from inputs/plan/plan.toml: no literal of the seed plan in code."""
    found = []
    for path in (ROOT / "pipeline").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or id(node) in docstrings:
                continue
            if node.value in (2015, 2016, 2020) or (isinstance(node.value, str) and any(
                    word in node.value for word in (*SEED_IDENTITY, "2015", "2016–2020", "2016—2020"))):
                found.append(f"{path.name}:{node.lineno} {node.value!r}")
    assert found == []
