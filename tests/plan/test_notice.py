"""The notice parsed into the plan: the real notice, its variants, other notices, bad files."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import PipelineError
from pipeline.plan import build_plan
from pipeline.plan.identity import load_identity
from pipeline.plan.registry import load_registry
from pipeline.util.text import normalize
from tests.conftest import INPUTS, invoke

NOTICE = (INPUTS / "plan" / "notice.txt").read_text(encoding="utf-8")


def plan_json(tmp_path, text: str, encoding: str = "utf-8") -> dict:
    path = tmp_path / "notice.txt"
    path.write_bytes(text.encode(encoding))
    result = invoke("plan", "--format", "json", "--notice", str(path))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_real_notice_gives_46_items_in_order(tmp_path):
    plan = plan_json(tmp_path, NOTICE)
    ids = [i["id"] for i in plan["items"]]
    assert ids[:13] == [f"T{n:02d}" for n in range(1, 14)]
    kinds = [i["kind"] for i in plan["items"]]
    assert (kinds.count("indicator"), kinds.count("task"), kinds.count("project")) == (13, 22, 11)
    assert ids[13:35] == ["K1.1", "K1.2", "K1.3", "K1.4", "K2.1", "K2.2", "K2.3", "K3.1", "K3.2", "K3.3",
                          "K4.1", "K4.2", "K4.3", "K5.1", "K5.2", "K5.3", "K6.1", "K6.2", "K6.3",
                          "K7.1", "K7.2", "K7.3"]
    assert ids[35:] == ["D1.1", "D1.2", "D1.3", "D2", "D3", "D4", "D5", "D6", "D7", "D8.1", "D8.2"]


def test_units_as_the_notice_writes_them(tmp_path):
    items = {i["id"]: i for i in plan_json(tmp_path, NOTICE)["items"]}
    assert items["T13"]["lead"] == ["发展改革委"]
    assert items["T13"]["responsible"] == ["工信委", "财政局", "各县区(新区)人民政府(管委会)"]
    assert items["K1.1"]["responsible"] == ["林业局", "水产畜牧局", "糖办", "发展改革委", "各县区(新区)人民政府(管委会)"]
    assert items["D6"]["responsible"] == ["各有关行业主管部门", "各县区(新区)人民政府(管委会)"]
    assert items["D8.1"]["text"].startswith("加快共性关键技术开发。在地方科技计划(专项)中")
    assert items["D2"]["text"].startswith("国家级和自治区级园区循环化改造工程。")
    assert all(i["lead"] for i in items.values())


def test_twenty_measures_with_targets(tmp_path):
    items = plan_json(tmp_path, NOTICE)["items"]
    measures = {m["id"]: m for i in items for m in i["measures"]}
    assert len(measures) == 20
    per_item = {i["id"]: len(i["measures"]) for i in items if i["kind"] == "indicator"}
    assert per_item == {"T01": 1, "T02": 1, "T03": 1, "T04": 2, "T05": 1, "T06": 1, "T07": 1, "T08": 1,
                        "T09": 3, "T10": 1, "T11": 4, "T12": 1, "T13": 2}
    assert (measures["T02"]["comparator"], measures["T02"]["value"], measures["T02"]["unit"]) == ("≥", 79.3, "%")
    assert (measures["T04.1"]["comparator"], measures["T04.1"]["value"], measures["T04.1"]["unit"]) == (">", 44, "元/吨")
    assert (measures["T04.2"]["comparator"], measures["T04.2"]["value"], measures["T04.2"]["unit"]) == ("≤", 60, "立方米")
    assert measures["T01"]["relative"] == {"base_year": 2015, "op": "add", "amount": 15}
    assert measures["T11.3"]["metric"] == "二氧化硫排放量"
    assert measures["T11.3"]["relative"] == {"base_year": 2015, "op": "scale", "factor": 0.87}
    assert measures["T09.3"]["metric"] == "城市再生水利用率" and measures["T09.3"]["value"] == 10
    assert measures["T13.2"]["value"] == 30


def as_read(plan: dict) -> dict:
    """A plan without the punctuation its texts are written in (which the plan keeps as written)."""
    for item in plan["items"]:
        item["text"], item["title"] = normalize(item["text"]), normalize(item["title"])
        item["lead"], item["responsible"] = [normalize(u) for u in item["lead"]], [normalize(u) for u in item["responsible"]]
        for m in item["measures"]:
            m["metric"], m["clause"] = normalize(m["metric"]), normalize(m["clause"])
    plan["units"] = [normalize(u) for u in plan["units"]]
    return plan


def test_full_width_punctuation_gives_the_same_plan_and_keeps_its_text(tmp_path):
    wide = NOTICE.translate(str.maketrans({"(": "（", ")": "）", ":": "：", ";": "；"}))
    assert wide != NOTICE
    plan = plan_json(tmp_path, wide)
    assert "（专项）" in next(i["text"] for i in plan["items"] if i["id"] == "D8.1")  # as written, not made ASCII
    assert as_read(plan) == as_read(plan_json(tmp_path, NOTICE))


def test_gbk_notice_reads_the_same(tmp_path):
    assert plan_json(tmp_path, NOTICE, "gb18030") == plan_json(tmp_path, NOTICE)


OTHER_NOTICE = """\
某某市人民政府办公室关于印发某某市节能减排重点工作分工方案的通知
各区、县级市人民政府，市直各单位：
现将方案印发给你们，请认真贯彻执行。
一、主要目标
1、单位地区生产总值能耗比2015年下降16%。【牵头单位：市发展改革委；配合单位：市统计局，市工业和信息化局】
2、城市污水处理率达到95%。
（牵头单位：市住房城乡建设局、市水务局；参与单位：各区、县级市人民政府）
3、森林覆盖率保持稳定。
二、重点任务
（一）优化产业结构
3. 淘汰落后产能，在地方科技计划（专项）中支持节能技术改造。（牵头单位：市工业和信息化局；责任单位：市发展改革委，各区、县级市人民政府）
4. 发展节能环保产业。（牵头单位：市发展改革委、市科技局）
（二）推进重点领域节能
5. 推进建筑节能，新建建筑全面执行节能标准，
既有建筑节能改造面积达到100万平方米。（牵头单位：市住房城乡建设局）
三、重大工程
（一）节能改造工程
实施燃煤锅炉节能改造。（牵头单位：市工业和信息化局）
四、保障措施
（一）加强组织领导
各单位要加强领导。（牵头单位：市政府办公室）
"""


def test_another_governments_notice(tmp_path):
    items = {i["id"]: i for i in plan_json(tmp_path, OTHER_NOTICE)["items"]}
    # Every annotated item counts, whatever its section is called: 保障措施 holds one here (K3).
    assert list(items) == ["T01", "T02", "T03", "K1.1", "K1.2", "K2.1", "D1", "K3"]
    assert items["T01"]["lead"] == ["市发展改革委"]
    assert items["T01"]["responsible"] == ["市统计局", "市工业和信息化局"]
    assert items["T01"]["measures"][0]["relative"] == {"base_year": 2015, "op": "scale", "factor": 0.84}
    assert items["T02"]["lead"] == ["市住房城乡建设局", "市水务局"]
    assert items["T02"]["responsible"] == ["各区、县级市人民政府"]
    assert items["T03"]["lead"] == [] and items["T03"]["measures"] == []
    assert items["K1.1"]["text"] == "淘汰落后产能，在地方科技计划（专项）中支持节能技术改造。"  # as written
    assert items["K1.1"]["responsible"] == ["市发展改革委", "各区、县级市人民政府"]
    assert items["K1.2"]["lead"] == ["市发展改革委", "市科技局"]
    assert items["K2.1"]["text"].endswith("既有建筑节能改造面积达到100万平方米。")
    assert items["D1"]["lead"] == ["市工业和信息化局"]
    # A heading with its own paragraph is an item titled by its heading, in its section's area.
    assert items["K3"]["lead"] == ["市政府办公室"] and items["K3"]["area"] == "保障措施"
    assert items["K3"]["title"] == "加强组织领导" and items["K3"]["text"] == "各单位要加强领导。"


def test_what_it_cannot_place_is_reported_with_line_numbers(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(OTHER_NOTICE, encoding="utf-8")
    result = invoke("plan", "--notice", str(path))
    assert result.returncode == 0
    assert "第8行" in result.stderr and "没有注明牵头或责任单位" in result.stderr
    assert "不在单位登记表中" in result.stderr
    assert "K1.1" in result.stdout


def test_every_unit_of_the_real_notice_resolves(plan):
    assert plan.warnings == []
    registry = load_registry(INPUTS / "plan" / "units.toml")
    departments = {y: [u for u in plan.in_year(y).reporting_units if u.kind == "department"] for y in (2018, 2019)}
    assert len(departments[2018]) == 20  # as the notice names them
    assert len(departments[2019]) == 18  # after the sample 机构改革: ten units became eight
    assert len(registry.expand("各县区(新区)人民政府(管委会)")) == 12
    assert registry.expand("各县区（新区）人民政府（管委会）") == registry.expand("各县区(新区)人民政府(管委会)")


def test_table_reads_for_people():
    result = invoke("plan")
    assert result.returncode == 0
    assert "T04.2" in result.stdout and "万元工业增加值用水量" in result.stdout
    assert "共 46 项：目标指标 13 项，重点任务 22 项，示范工程 11 项，可度量目标 20 个。" in result.stdout


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "是空的"),
        (b"PK\x03\x04\x14\x00\x00\x00binary\x00\x00stuff", "已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "另存为 .docx"),
        (b"hello world, nothing here", "没有找到"),
        ("一、目标指标\n（一）能耗下降16%。\n".encode("utf-16-le"), "不是文本文件"),
    ],
)
def test_files_that_are_not_notices_exit_2_without_traceback(tmp_path, content, message):
    path = tmp_path / "notice.txt"
    path.write_bytes(content)
    result = invoke("plan", "--notice", str(path))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_notice_is_a_usage_error(tmp_path):
    result = invoke("plan", "--notice", str(tmp_path / "nope.txt"))
    assert result.returncode == 2 and "找不到通知文件" in result.stderr


def test_build_plan_raises_clear_error_for_directory(tmp_path):
    registry = load_registry(INPUTS / "plan" / "units.toml")
    with pytest.raises(PipelineError, match="文件夹"):
        build_plan(tmp_path, registry, load_identity(INPUTS / "plan" / "plan.toml"))
