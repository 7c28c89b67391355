"""What a notice says about itself: its own number (never one it cites), its title, and the plan's years in
every way notices state them. Nothing is invented: what the notice does not say is None (init: 待填写)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.plan.bootstrap import theme_of
from pipeline.plan.guess import five_year_span, guess_identity
from pipeline.plan.notice import parse_notice
from pipeline.plan.sources import Block, NoticeSource
from tests.plan.notices import RESPONSIBLE_ONLY, SEED, TABLE_STYLE, VERB_STYLE


def identity(text: str) -> dict:
    blocks = tuple(Block(f"第{n}行", line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip())
    return guess_identity(NoticeSource(None, "txt", blocks, text))


def years(found: dict) -> tuple:
    return found["base_year"], found["first_year"], found["target_year"]


def test_the_seed_states_its_number_and_its_five_year_plan():
    found = identity(SEED)
    assert found["number"] == "柳政发〔2018〕30号" and found["issuer"] == "柳州市人民政府"
    assert years(found) == (2015, 2016, 2020) and found["period"] == "“十三五”"


def test_a_number_the_notice_cites_is_not_its_own():
    found = identity(VERB_STYLE)
    assert found["number"] == "某政办发〔2024〕12号"  # not 安委〔2024〕2号 from 根据…
    cited_only = "某某市人民政府关于做好安全生产工作的通知\n根据《方案》（安委〔2023〕3号）要求，现通知如下。\n一、任务\n"
    assert identity(cited_only)["number"] is None


def test_a_number_in_any_brackets_and_on_the_title_line_of_a_sites_copy():
    text = "柳政发[2018]30号 柳州市人民政府关于印发某方案的通知\n"
    assert identity(text)["number"] == "柳政发〔2018〕30号"


@pytest.mark.parametrize("text, expected", [
    ("某县人民政府关于印发某县“十四五”农业农村现代化实施方案的通知\n到2025年，…；到2035年，基本实现现代化。",
     (2020, 2021, 2025)),  # a 2035 vision beside the five-year plan's target is not its end
    ("某市人民政府关于印发某市“十五五”生态环境保护规划的通知\n", (2025, 2026, 2030)),
    ("某市人民政府关于印发某市数字经济发展行动方案的通知\n某政发〔2026〕2号\n某市人民政府\n2026年2月10日\n"
     "到2028年底，数字经济核心产业增加值占比达到12%。", (2025, 2026, 2028)),  # issued in 2026: 2026 reports too
    ("某区人民政府关于印发城市更新实施意见的通知\n从2012年起，用5年时间完成全部老旧小区改造。", (2011, 2012, 2016)),
    ("某市人民政府关于印发某市攻坚行动方案（2024—2025年）的通知\n", (2023, 2024, 2025)),
    ("某市人民政府关于印发某市重点工作方案的通知\n某市人民政府\n2024年4月1日\n到2025年底，完成各项任务。",
     (2023, 2024, 2025)),
    ("某省人民政府关于印发某省2024年政府工作报告重点工作分解方案的通知\n", (2023, 2024, 2024)),
    ("某市人民政府关于印发某市推动经济高质量发展若干政策举措（2025年版）的通知\n某市人民政府\n2025年4月11日\n",
     (2024, 2025, 2025)),  # a year's edition of standing policies
    ("某县人民政府办公室关于印发某县2026年国民经济和社会发展计划重点任务分工方案的通知\n", (2025, 2026, 2026)),
    ("某市人民政府关于印发某市2030年前碳达峰实施方案重点任务分工的通知\n某市人民政府\n2022年8月1日\n"
     "到2025年，单位生产总值能耗下降14%；到2030年，……", (2021, 2022, 2030)),  # 2030年前: its horizon, not its year
    ("某市人民政府关于印发某市重点工作方案的通知\n某市人民政府\n2018年12月21日\n到2020年，…；到2025年，…",
     (2018, 2019, 2025)),  # issued in December: the first report is the next year's
])
def test_the_plans_years_as_notices_state_them(text, expected):
    assert years(identity(text)) == expected


def test_a_notice_that_states_no_year_gets_none():
    found = identity(RESPONSIBLE_ONLY.replace("从2012年起，用5年时间", ""))
    assert years(found) == (None, None, None) and found["number"] is None


def test_the_base_year_is_the_one_targets_are_compared_with():
    text = "某市人民政府关于印发某市“十四五”节能方案的通知\n单位能耗比2020年下降14%，排放较2020年下降18%。"
    assert years(identity(text)) == (2020, 2021, 2025)


def test_five_year_plans_by_their_number():
    assert [five_year_span(n) for n in ("十一五", "十三五", "十四五", "十五五")] == [
        (2006, 2010), (2016, 2020), (2021, 2025), (2026, 2030)]


def test_the_plan_issued_is_named_with_or_without_book_title_marks():
    text = "衢州市人民政府关于印发衢州市推动经济高质量发展若干政策举措（2025年版）的通知\n"
    found = identity(text)
    assert found["plan_title"] == "衢州市推动经济高质量发展若干政策举措（2025年版）"
    assert theme_of(found["plan_title"], found["issuer"]) == "经济高质量发展若干政策举措"
    assert identity("某市人民政府关于印发《某市节能方案》的通知\n")["plan_title"] == "某市节能方案"
    assert identity("某市人民政府关于做好节能工作的通知\n")["plan_title"] == "某市人民政府关于做好节能工作的通知"


def test_a_title_is_one_title_even_when_a_copy_repeats_it():
    text = ("某某县人民政府关于2025年度\n重点工作任务分工的通知\n某某县人民政府关于加快推进产业发展的实施意见\n"
            "一、任务\n")
    assert identity(text)["notice_title"] == "某某县人民政府关于2025年度重点工作任务分工的通知"


def test_the_table_notice_is_a_county_fourteenth_five_year_plan():
    found = identity(TABLE_STYLE)
    assert found["issuer"] == "某某县人民政府" and years(found) == (2020, 2021, 2025)
    assert len(parse_notice(TABLE_STYLE).items) == 4


def test_a_plan_of_one_year_is_called_by_that_year(plan):
    assert plan.info.span == "2016—2020年"
    assert replace(plan.info, base_year=2024, first_year=2025, target_year=2025).span == "2025年"
