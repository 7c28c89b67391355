"""The genre, not one notice: the same plan from the seed in another style; notices composed in each of the
forms real notices take; every annotation style; group phrases, measure wording, nothing dropped without a word.
(The real notices, each beside the plan a person read from it, are in test_real_notices.py.)"""

from __future__ import annotations

import ast

import pytest

from pipeline.plan.annotations import parse_annotation, split_units
from pipeline.plan.load import assign_ids, build_plan
from pipeline.plan.notice import parse_notice
from pipeline.plan.registry import load_registry
from pipeline.plan.targets import parse_targets
from pipeline.util.text import normalize
from tests.conftest import INPUTS, ROOT
from tests.plan.notices import (
    CITY_STYLE,
    MARKED_TABLE,
    PARTS_STYLE,
    RESPONSIBLE_ONLY,
    SECTION_LEADS,
    SEED,
    STATE_STYLE,
    TABLE_STYLE,
    VERB_STYLE,
    suffix_style,
)

REGISTRY = load_registry(INPUTS / "plan" / "units.toml")
VERB_IN_NAME = ("牵头", "负责", "配合", "参与", "落实", "组织", "按职责", "推进")


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
    assert list(items) == ["T01", "K1", "K2", "K3", "K4", "K5", "K6"]  # T01: the 发展目标 paragraph's targets
    assert items["K1"].lead == ["省工业和信息化厅"] and items["K1"].responsible == ["省科技厅", "省发展改革委"]
    assert items["K3"].lead == ["省财政厅"] and items["K3"].responsible == ["省住房城乡建设厅"]  # 列第一位者…，下同
    assert items["K4"].text.endswith("引导农村建房使用绿色建材。") and items["K4"].area == "扩大绿色建材应用"
    assert items["K4"].responsible == ["省商务厅", "省农业农村厅"]
    assert items["K5"].lead == ["省工业和信息化厅", "省住房城乡建设厅"]
    assert items["K6"].lead == ["各市、县人民政府"]
    assert items["T01"].title == "发展目标" and items["T01"].lead == items["T01"].responsible == []
    assert found.warnings == [] and "总体要求" in found.notes[0]


def test_a_city_style_notice_with_groups_labels_and_a_carried_note():
    items, found = parsed(CITY_STYLE)
    assert list(items) == ["T01", "T02", "T03", "K1.1", "K1.2", "K2.1", "D1"]
    assert items["T01"].kind == "indicator" and items["K2.1"].kind == "task" and items["D1"].kind == "project"
    assert items["T01"].lead == ["市发展改革委"]
    assert items["T01"].responsible == ["市统计局", "各县、区人民政府"]  # 以下均需…落实 carries on
    assert items["D1"].lead == [] and items["D1"].responsible == ["市生态环境局", "各县、区人民政府"]  # （X负责）: no lead
    assert items["K1.1"].lead == ["市工业和信息化局"] and items["K1.1"].responsible[:2] == ["市发展改革委", "市生态环境局"]
    assert items["K1.2"].responsible[0] == "市应急管理局"  # 【】 and 协办单位
    assert items["K2.1"].text.endswith("100万平方米。") and items["K2.1"].responsible[0] == "各区、县级市人民政府"
    assert items["K1.1"].area == "推动工业节能降碳" and items["D1"].area == "实施节能减排重大工程"
    assert items["D1"].title == "重点行业绿色升级工程"  # a heading with its own paragraph titles its item
    assert found.warnings == [] and "保障措施" in found.notes[0]


@pytest.mark.parametrize("annotation, lead, responsible", [
    ("（牵头单位：市发改委；配合单位：市统计局、市财政局）", ["市发改委"], ["市统计局", "市财政局"]),
    ("（市发展改革委牵头，市统计局、市财政局配合）", ["市发展改革委"], ["市统计局", "市财政局"]),
    ("（市发展改革委牵头，市统计局按职责分工负责）", ["市发展改革委"], ["市统计局"]),
    ("（市交通委牵头负责，市公安局、各区政府组织落实）", ["市交通委"], ["市公安局", "各区政府"]),
    ("（市城管委牵头，市住房城乡建设委、市市场监管局按职责分工负责落实）", ["市城管委"], ["市住房城乡建设委", "市市场监管局"]),
    ("（市消防救援支队、市房屋管理局按职责组织）", [], ["市消防救援支队", "市房屋管理局"]),
    ("（市国资委负责）", [], ["市国资委"]),  # the text names no lead: none is made
    ("（市生态环境局、市水利局按职责分工负责）", [], ["市生态环境局", "市水利局"]),
    ("（市经济信息化委、市应急局共同推进）", [], ["市经济信息化委", "市应急局"]),
    ("（市发展改革委会同市财政局、市统计局负责）", ["市发展改革委"], ["市财政局", "市统计局"]),
    ("（生态环境部指导，试点城市政府负责落实）", [], ["生态环境部", "试点城市政府"]),
    ("（商务部指导，供销合作总社参与）", [], ["商务部", "供销合作总社"]),
    ("（市农业农村局、市水利局牵头，各有关区、县级市配合）", ["市农业农村局", "市水利局"], ["各有关区、县级市"]),
    ("（省教育厅、省财政厅等负责。列第一位者为牵头单位，下同）", ["省教育厅"], ["省财政厅"]),
    ("（税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同）", ["税务总局"], ["财政部", "海关总署"]),
    ("（扶贫办、商务部等和各有关省级人民政府负责）", [], ["扶贫办", "商务部", "各有关省级人民政府"]),
    ("（人力资源社会保障部等有关部门和单位负责）", [], ["人力资源社会保障部"]),
    ("（省发展改革委、交通运输厅、能源局等省有关部门和各地级以上市人民政府按职责分工负责）", [],
     ["省发展改革委", "交通运输厅", "能源局", "省有关部门", "各地级以上市人民政府"]),  # 粤府办〔2023〕5号's style
    ("（市政府办公室、市审改办牵头，市级各有关部门及各县市区政府按职责分工负责）", ["市政府办公室", "市审改办"],
     ["市级各有关部门", "各县市区政府"]),
    ("（牵头单位：市政府办公室；责任单位：市政府有关部门，市级各有关部门）", ["市政府办公室"],
     ["市政府有关部门", "市级各有关部门"]),
    ("（牵头单位：发展改革委；责任单位：工信委，各县区（新区）人民政府（管委会））", ["发展改革委"],
     ["工信委", "各县区(新区)人民政府(管委会)"]),
    ("（牵头单位：市发改委；完成时限：2025年底）", ["市发改委"], []),  # a deadline is not a unit
    ("（牵头领导：张某某；牵头单位：县农业农村局；责任单位：各乡镇）", ["县农业农村局"], ["各乡镇"]),
    ("（市政府督查室牵头，各街镇、开发区配合）", ["市政府督查室"], ["各街镇", "开发区"]),
    ("【牵头单位】市发展改革委【配合单位】市司法局、市财政局", ["市发展改革委"], ["市司法局", "市财政局"]),
    ("（市发改委负总责，市财政局协助）", ["市发改委"], ["市财政局"]),
    ("（市人社局、市教育局按职责分工负责，市发改委统筹）", ["市发改委"], ["市人社局", "市教育局"]),
    ("（市发改委抓总，市直各部门按职责落实）", ["市发改委"], ["市直各部门"]),
])
def test_annotations_in_every_style(annotation, lead, responsible):
    items = parse_notice("一、重点任务\n1.推进某项工作。" + annotation + "\n").items
    assert (items[0].text, items[0].lead, items[0].responsible) == ("推进某项工作。", lead, responsible)
    assert not any(word in name for name in lead + responsible for word in VERB_IN_NAME)


def test_the_first_listed_leads_only_where_the_notice_says_so():
    text = ("二、任务\n（一）甲。（A局、B局负责）\n（二）乙。（C局、D局等负责。列第一位者为牵头单位，下同）\n"
            "（三）丙。（E局、F局负责）\n")
    items = parse_notice(text).items
    assert [(i.lead, i.responsible) for i in items] == [([], ["A局", "B局"]), (["C局"], ["D局"]), (["E局"], ["F局"])]
    once = parse_annotation("C局、D局负责。列第一位者为牵头单位", [])
    assert once.first_leads == "here" and once.lead == ["C局"]


@pytest.mark.parametrize("phrase", ["各区、县级市人民政府", "各有关区、县级市", "各县、区人民政府", "市政府有关部门",
                                    "市级各有关部门", "各省、自治区、直辖市人民政府", "各县区(新区)人民政府(管委会)"])
def test_group_phrases_are_never_split(phrase):
    assert split_units(f"市财政局、{phrase}、市统计局", []) == ["市财政局", phrase, "市统计局"]


def test_a_notice_in_the_verb_style_reads_every_unit_without_its_verb():
    items, found = parsed(VERB_STYLE)
    assert list(items) == ["T01", "K1.1", "K1.2", "K1.3", "K1.4", "K2.1", "K2.2", "K3", "K4"]
    assert items["K1.1"].title == "强化区级主体责任"  # heading, its paragraph and its own-line annotation: one item
    assert items["K1.1"].text == "各区政府要建立隐患排查治理台账；每季度开展一次专项检查，隐患整改率不低于95%。"  # as written
    assert (items["K1.1"].lead, items["K1.1"].responsible) == ([], ["各区政府", "市应急局"])
    assert (items["K1.2"].lead, items["K1.2"].responsible) == (["市应急管理局"], ["市交通委", "各区政府"])
    assert items["K1.4"].responsible == ["市消防救援支队", "市房屋管理局"]
    assert items["K2.1"].title == "11.121人才梯队项目"  # an item whose title begins with digits is kept
    assert items["K2.1"].area == "实施安全科技支撑和工程治理行动"  # the sub-section heading is a group, not an item
    assert items["K2.2"].responsible == ["市经济信息化委", "市应急局"]
    assert items["K4"].responsible == ["各街镇", "开发区"]  # two units, not one
    assert items["K3"].lead == items["K3"].responsible == [] and "没有注明" in found.warnings[0]
    everyone = [n for i in items.values() for n in i.lead + i.responsible]
    assert not any(word in name for name in everyone for word in VERB_IN_NAME)


def test_a_heading_body_and_own_line_annotation_make_one_item_each():
    text = ("一、主要任务\n1.强化区级主体责任\n各区要压实责任。\n（责任单位：各区政府）\n"
            "2.加强队伍建设\n充实基层力量。\n配强专业人员。\n（责任单位：市应急局、各区政府）\n"
            "3.完善制度\n（责任单位：市司法局）\n")
    items, found = parsed(text)
    assert list(items) == ["K1", "K2", "K3"]
    assert [i.title for i in items.values()] == ["强化区级主体责任", "加强队伍建设", "完善制度"]
    assert items["K2"].text == "充实基层力量。配强专业人员。"
    assert items["K3"].responsible == ["市司法局"] and found.warnings == []


def test_a_table_flattened_one_cell_a_line_is_read_as_items():
    items, _ = parsed(TABLE_STYLE)
    assert list(items) == ["T01", "K1", "K2", "K3"]
    assert (items["K1"].lead, items["K1"].responsible, items["K1"].due) == (["县农业农村局"], ["县财政局", "县自然资源局"],
                                                                           "2025年底")
    assert items["K3"].lead == ["县农业农村局", "县商务局"] and items["K3"].responsible == ["县供销社"]


def test_parts_task_headings_labels_without_brackets_and_a_group_with_its_own_units():
    items, found = parsed(PARTS_STYLE)
    assert list(items) == ["K1.1", "K1.2", "K2.1", "K2.2.1", "K2.2.2", "K2.2.3"]
    assert items["K1.1"].area == "提升政务服务效能" and items["K2.1"].area == "优化市场环境"  # 任务一：, 任务二：
    assert items["K1.1"].responsible == ["市政务服务中心", "市数据局"]  # 责任单位：… after the text
    assert (items["K1.2"].lead, items["K1.2"].responsible) == (["市市场监管局"], ["市司法局", "各县(市、区)人民政府"])
    assert items["K2.1"].responsible == ["市发展改革委", "市市场监管局"]  # 【责任单位】…
    assert items["K2.2.1"].title == "加强信用体系建设" and items["K2.2.1"].lead == ["市发展改革委"]
    assert [items[k].title for k in ("K2.2.2", "K2.2.3")] == ["完善信用修复机制", "推广信用承诺制"]
    assert found.warnings == []


def test_a_table_whose_cells_mark_the_lead():
    items, _ = parsed(MARKED_TABLE)
    assert (items["K1.1"].lead, items["K1.1"].responsible) == (["区商务局"], ["区发改局"])
    assert items["K1.1"].area == "经济发展" and items["K2.1"].area == "民生保障"
    assert items["K1.2"].lead == [] and items["K1.2"].due == "12月底前"


def test_a_section_heading_names_the_lead_of_what_stands_under_it():
    items, found = parsed(SECTION_LEADS)
    titles = {pid: i.title for pid, i in items.items()}
    assert list(titles.values()) == ["推动高能级科创平台提能升级", "支持关键核心技术攻关", "强化科技创新", "扩大有效投资"]
    first, second, alone, invest = items.values()
    assert first.lead == ["市科技局"] and first.area == "推进教育科技人才一体发展"  # the heading's, handed down
    assert (second.lead, second.responsible) == ([], ["市科技局", "市财政局"])  # its own note stands, as a group's
    assert alone.lead == ["区科技局"] and alone.text.startswith("以统筹深化") and alone.text.endswith("2.95%。")
    assert (invest.lead, invest.responsible, invest.text) == (["区发改局"], ["区财政局"], "全年完成固定资产投资增长5%以上。")
    assert found.warnings == [] and found.notes == []


def test_a_section_is_indicators_only_when_most_of_its_items_state_a_level():
    text = ("一、提升政务服务效能\n（一）推进“一件事”集成服务。集成服务事项办结率达到95%以上。（市政务服务中心牵头）\n"
            "（二）深化“证照分离”改革。（市市场监管局牵头）\n")
    items, _ = parsed(text)
    assert [i.kind for i in items.values()] == ["task", "task"]  # one target in two items: tasks, one with a measure


def test_a_plan_that_names_only_responsible_units():
    items, _ = parsed(RESPONSIBLE_ONLY)
    assert all(i.lead == [] for i in items.values())
    assert items["K1"].responsible == ["区住建局", "各街道办事处"]


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
    ("城乡居民参保率不低于95%", [("城乡居民参保率", "≥", 95.0, "%")]),
    ("单位产品能耗不高于0.5吨标准煤", [("单位产品能耗", "≤", 0.5, "吨标准煤")]),
])
def test_measures_from_indicator_wording(text, expected):
    assert [(t.metric, t.comparator, t.value, t.unit) for t in parse_targets(normalize(text))] == expected


@pytest.mark.parametrize("text, expected", [
    ("推进数字乡村建设，到2025年，农村宽带覆盖率达到90%以上。", [("农村宽带覆盖率", "≥", 90.0, "%", 2025)]),
    ("每年新增城镇就业1万人以上。", [("新增城镇就业", "≥", 1.0, "万人", None)]),
    ("到2027年累计培育专精特新企业200家。", [("培育专精特新企业", "≥", 200.0, "家", 2027)]),
    ("新建高标准农田5万亩。", [("新建高标准农田", "≥", 5.0, "万亩", None)]),
    ("对符合条件的企业，可申请最高不超过15万元的创业担保贷款，返还其缴纳失业保险费的50%。", []),  # policy, not goals
    ("2019年1月1日至12月31日，困难企业可组织开展职工在岗培训。", []),
])
def test_targets_inside_a_task_are_measures_and_policy_amounts_are_not(text, expected):
    found = parse_targets(normalize(text), strict=True)
    assert [(t.metric, t.comparator, t.value, t.unit, t.year) for t in found] == expected


def test_relative_targets_from_the_base_year():
    """A target relative to a baseline: read as what it is, and its goal worked out once the baseline is known."""
    (target,) = parse_targets("单位地区生产总值能耗比2020年下降14%左右")
    assert target.metric == "单位地区生产总值能耗" and target.comparator == "≤"
    assert target.relative["base_year"] == 2020 and target.goal(None) is None
    assert target.goal(0.5) == pytest.approx(0.43)
    (target,) = parse_targets("主要资源产出率比2015年提高15个百分点")
    assert target.comparator == "≥" and target.relative["base_year"] == 2015
    assert target.goal(100.0) == pytest.approx(115)
    (target,) = parse_targets("单位地区生产总值二氧化碳排放下降18%")  # against the plan's own base year
    assert target.relative["base_year"] is None and target.goal(10.0) == pytest.approx(8.2)


def test_nothing_is_dropped_without_a_word():
    text = ("二、主要任务\n1.推进甲项工作。（市甲局负责）\n这一行接在已注明单位的事项之后。\n"
            "2.推进乙项工作\n（一）一个没有编号事项的标题\n")
    found = parse_notice(text)
    assert [i.text for i in found.items] == ["推进甲项工作。", "推进乙项工作", "一个没有编号事项的标题"]
    messages = "\n".join(found.warnings)
    assert "第3行" in messages and "不属于任何事项" in messages  # a paragraph after an annotated item
    assert "第4行" in messages and "第5行" in messages  # items without units are named, not dropped


def test_an_own_line_annotation_closes_the_paragraph_before_it():
    found = parse_notice("二、主要任务\n1.推进甲项工作。（市甲局负责）\n另一项相关工作。\n（市乙局负责）\n")
    assert [(i.text, i.responsible) for i in found.items] == [("推进甲项工作。", ["市甲局"]),
                                                              ("另一项相关工作。", ["市乙局"])]


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
