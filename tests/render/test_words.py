"""The small pieces sentences are made of: numbers that tell apart, trends, lists, titles."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.render.content.numbers import distinct, gap
from pipeline.render.content.trends import trend, trend_phrase
from pipeline.render.content.words import item_list, tally, unit_list
from pipeline.render.title import break_title
from tests.conftest import ROOT


def test_numbers_take_the_digits_that_tell_them_apart():
    assert distinct(4.094, 4.0912, "万吨") == ("4.094万吨", "4.091万吨", False)
    assert distinct(79.0, 77.54) == ("79", "77.54", False)
    assert distinct(80.00001, 80.0)[2] is True  # alike even at four decimals: say 略高于 instead
    assert gap(4.094, 4.0912, "万吨") == "0.003万吨"
    assert gap(78.1, 80.0, "%") == "1.9个百分点"


def test_trends_over_the_years():
    rising = {"2016": 1.0, "2017": 2.0, "2018": 3.0, "2019": 4.0}
    assert trend_phrase(trend(rising, "%"), 2019) == "2017年以来逐年提高"
    twice = {"2016": 5.0, "2017": 2.0, "2018": 3.0, "2019": 4.0}
    assert trend_phrase(trend(twice, "%"), 2019) == "连续两年提高"
    gap_year = {"2016": 5.0, "2017": None, "2018": 4.0, "2019": 3.0}
    t = trend(gap_year, "万吨")
    assert trend_phrase(t, 2019) == "比上年下降25%" and t.missing == [2017]
    assert trend_phrase(trend({"2016": 1.0}, "%"), 2016) == ""


def test_lists_and_counts():
    assert unit_list(["农业局"]) == "农业局"
    assert unit_list(["农业局", "商务委"]) == "农业局和商务委"
    assert unit_list([f"单位{n}" for n in range(8)], 3) == "单位0、单位1、单位2等8个单位"
    assert item_list(["“甲”", "“乙”", "“丙”"]) == "“甲”“乙”和“丙”"
    assert tally([(0, "已完成"), (1, "进度滞后")]) == "1项进度滞后"
    assert tally([(0, "已完成")]) == ""


def test_titles_break_between_words_into_a_balanced_shape():
    title = "柳州市发展和改革委员会关于2019年度循环经济“十三五”规划主要目标和重点任务完成情况的报告"
    lines = break_title(title, 20).split("|")
    assert "".join(lines) == title and len(lines) == 3
    assert all(not line.startswith(("和", "的", "”")) for line in lines)
    assert break_title("短标题", 20) == "短标题"


@pytest.mark.parametrize("title, words", [
    ("国务院关于促进综合保税区高水平开放高质量发展的若干意见", ["综合", "保税区", "高水平", "开放", "高质量", "发展"]),
    ("柳州市融水苗族自治县人民政府关于报送循环经济发展工作情况的函", ["融水苗族自治县", "人民政府", "循环经济", "工作情况"]),
    ("广西壮族自治区农业农村厅关于加快推进农作物秸秆综合利用的通知", ["广西壮族自治区", "农业农村厅", "农作物秸秆", "综合利用"]),
])
def test_titles_from_elsewhere_never_break_inside_a_word(title, words):
    broken = break_title(title, 16)
    assert broken.replace("|", "") == title and "|" in broken
    for word in words:
        assert word in broken, broken  # the break is not inside this word


def test_the_word_segmenter_is_loaded_only_for_titles_the_list_cannot_break():
    code = ("import sys; from pipeline.render.title import break_title; "
            "print(break_title('柳州市发展和改革委员会关于2019年度循环经济“十三五”规划主要目标和重点任务完成情况的报告', 20)); "
            "print('jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.splitlines()[-1] == "False"


def test_the_documents_own_phrases_stay_on_one_line_where_they_fit():
    theme = "促进综合保税区高水平开放高质量发展"
    title = f"某某市发展和改革委员会关于2020年度{theme}目标任务完成情况的报告"
    assert theme in break_title(title, 20, (theme,)).split("|")
    long_theme = "促进综合保税区高水平开放高质量发展和自由贸易试验区建设"  # longer than a line: broken between words
    lines = break_title(f"关于{long_theme}的报告", 16, (long_theme,)).split("|")
    assert all(not a.endswith("高质") for a in lines) and "".join(lines) == f"关于{long_theme}的报告"
