"""Merge on real files: the lead's figures as typed, other units' figures beside them, agency text kept as text."""

from __future__ import annotations

import openpyxl

from pipeline.intake.collect import run_collect
from pipeline.merge.summary import merge
from tests.conftest import INPUTS, keys, load_config
from tests.intake.test_collect import YEAR, filled_form, save


def test_merged_values_equal_the_submitted_cells(tmp_path, plan):
    inbox = tmp_path / str(YEAR)
    inbox.mkdir()
    typed = {}
    for unit in ("水利局", "生态环境局", "发展改革委", "统计局", "市容局"):
        wb = filled_form(plan, unit, seed=11)
        for row in wb["目标指标"].iter_rows(min_row=4, values_only=True):
            if row[0] and row[2] == "牵头":
                typed[row[0]] = row[6]
        save(wb, inbox / f"{unit}.xlsx")
    config = load_config(INPUTS, YEAR)
    intake = run_collect(plan, load_config(INPUTS, YEAR), keys(), tmp_path, tmp_path / "out")
    summary = merge(plan, intake, config, tmp_path / "out")
    merged = {m.id: m.value for m in summary.measures if m.value is not None}
    assert merged == typed
    wb = openpyxl.load_workbook(tmp_path / "out" / str(YEAR) / "merged" / f"{YEAR}年度汇总数据.xlsx")
    assert wb.sheetnames == ["指标", "任务", "工程", "单位"]
    t02 = next(m for m in summary.measures if m.id == "T02")
    assert t02.disagreements and t02.disagreements[0].unit == "生态环境局"
    t05 = next(m for m in summary.measures if m.id == "T05")
    assert t05.progress == "未报送"  # 自然资源和规划局 did not report here


def test_agency_text_stays_text_in_the_merged_workbook(tmp_path, plan):
    inbox = tmp_path / str(YEAR)
    inbox.mkdir()
    wb = filled_form(plan, "交通局")
    wb["重点任务和示范工程"]["E4"] = '=HYPERLINK("http://example.invalid","点击")'
    wb["重点任务和示范工程"]["E4"].data_type = "s"  # typed into a text cell: data, not a formula
    save(wb, inbox / "交通局.xlsx")
    intake = run_collect(plan, load_config(INPUTS, YEAR), keys(), tmp_path, tmp_path / "out")
    merge(plan, intake, load_config(INPUTS, YEAR), tmp_path / "out")
    wb = openpyxl.load_workbook(tmp_path / "out" / str(YEAR) / "merged" / f"{YEAR}年度汇总数据.xlsx")
    cells = [c for row in wb["任务"].iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
