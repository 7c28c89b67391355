"""What the documents say, read as the city government and a unit read them: multi-year trends, the 终期
evaluation, counts that match, numbers that support their verdicts, each unit's own figures."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest

from pipeline.merge.summary import load_summary
from pipeline.plan.registry import load_registry
from pipeline.render.compose import compose_report, report_charts
from pipeline.terms import NOT_REPORTED, TaskStatus
from pipeline.workflow.project import open_project
from tests.conftest import INPUTS, REPORT, invoke, pdf_text

REGISTRY = load_registry(INPUTS / "plan" / "units.toml")
ONGOING_WORDS = ("提前", "进度正常", "进度滞后")
VERDICT = re.compile(r"滞后|未完成|尚差|正常|达到|完成|低于|高于")
AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(%|万吨|立方米|元/吨|万元/公顷|万元/吨标准煤|个百分点)")


def flat(path: Path) -> str:
    """A PDF's words in reading order, without running heads, page numbers or line breaks."""
    return re.sub(r"—\s*\d+\s*—|示例数据 · 非正式文件|\s+", "", pdf_text(path, "-layout"))


def documents(folder: Path) -> list[Path]:
    return sorted(folder.glob("report/*.pdf")) + sorted(folder.glob("units/*.pdf"))


def paragraphs(path: Path) -> list[str]:
    """The body paragraphs of a document, from its DOCX (the same words as the PDF, without chart labels)."""
    return [p.text for p in docx.Document(str(path.with_suffix(".docx"))).paragraphs if p.text.strip()]


def words_of(path: Path) -> str:
    """A document's words, paragraphs and table cells, from its DOCX (test_documents checks they are the PDF's)."""
    document = docx.Document(str(path.with_suffix(".docx")))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return re.sub(r"\s+", "", "".join(p.text for p in document.paragraphs) + "".join(cells))


def test_the_report_shows_the_years_since_the_base_year(built, plan):
    text = flat(built / f"{REPORT}.pdf")
    assert "附件1各项指标2015年以来的变化" in text and "图12019年目标指标完成程度" in text
    assert re.search(r"\d{4}年以来逐年(提高|下降)|连续两年(提高|下降)", text)
    table = docx.Document(str(built / f"{REPORT}.docx")).tables[0]
    headers = [c.text for c in table.rows[0].cells]
    assert [h for h in headers if re.fullmatch(r"20\d\d年", h)] == ["2016年", "2017年", "2018年", "2019年"]
    assert len(table.rows) == len(plan.measures) + 1
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    years = [n for n, h in enumerate(headers) if re.fullmatch(r"20\d\d年", h)]
    # Led by 环保局 and 农业局 until 2018, by 生态环境局 and 农业农村局 (the sample 机构改革) in 2019: one series.
    crossed = [m.id for m in plan.measures if plan.item(m.item_id).lead in (["环保局"], ["农业局"])]
    assert crossed and all(plan.answering_units(plan.item(m.item_id)) != plan.item(m.item_id).lead
                           for m in plan.measures if m.id in crossed)
    for measure in crossed:
        assert all(re.fullmatch(r"[\d.]+", rows[measure][n]) for n in years), rows[measure]


def named_parts(part: str, names: set[str]) -> list[str]:
    """'A和B' as the two units it joins, unless it is one unit's name (工业和信息化局)."""
    if any(part.endswith(n) for n in names) or "和" not in part:
        return [part]
    return part.rsplit("和", 1)


def test_units_are_counted_as_units_and_items_as_items(built, built_final):
    names = {n for u in REGISTRY.units for n in (u.short, u.full)}
    counted = 0
    for path in documents(built) + documents(built_final):
        text = words_of(path)
        for listed, _ in re.findall(r"([^，。；：（]*?)等(\d+)个单位", text):
            parts = [q for p in listed.split("、") for q in named_parts(p, names)]
            assert all(any(p.endswith(n) for n in names) for p in parts), (path.name, listed)
            counted += 1
        assert not re.search(r"”等\d+个单位|率等\d+个单位", text), path.name
    assert counted  # the sample's documents do list units so


def _contrary(sentence: str) -> list[str]:
    """Numbers with units that print alike in a sentence that gives a verdict."""
    if not VERDICT.search(sentence):
        return []
    found = ["".join(a) for a in AMOUNT.findall(sentence)]
    return sorted({f for f in found if found.count(f) > 1 and not f.endswith("个百分点")})


def test_no_sentence_shows_equal_numbers_beside_a_verdict(built, built_final):
    for path in documents(built) + documents(built_final):
        for sentence in (s for p in paragraphs(path) for s in re.split(r"[。；]", p)):
            assert _contrary(sentence) == [], (path.name, sentence)


@pytest.mark.parametrize("which", ["built", "built_final"])
def test_no_table_row_shows_a_value_equal_to_a_goal_it_misses(which, request):
    folder = request.getfixturevalue(which)
    report = next(folder.glob("report/*.docx"))
    table = docx.Document(str(report)).tables[0]
    missed = 0
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        value, goal, verdict = cells[-3], cells[-2], cells[-1]
        if verdict in ("进度滞后", "未完成"):
            assert value != goal.lstrip("≥≤<>"), cells
            missed += 1
    assert missed  # the sample has targets it misses


def test_dates_are_written_the_chinese_way(built, built_final):
    for path in documents(built)[:3] + documents(built_final)[:3]:
        assert not re.search(r"\d{4}-\d{1,2}-\d{1,2}", pdf_text(path)), path.name


# --- the plan's last year -------------------------------------------------------------------------

def test_the_final_year_is_the_final_evaluation(built_final, plan):
    report = next((built_final / "report").glob("*.pdf"))
    text = flat(report)
    assert "终期完成情况的报告" in text and "规划期" in text and "下一个规划期" in text
    assert [w for w in ONGOING_WORDS if w in text] == []
    assert not re.search(r"确保.{0,20}如期完成", text)
    table = docx.Document(str(report.with_suffix(".docx"))).tables[0]
    headers = [c.text for c in table.rows[0].cells]
    assert "2015年基数" in headers and "2020年" in headers and headers[-1] == "终期结果"
    verdicts = [row.cells[-1].text for row in table.rows[1:]]
    n = len(plan.measures)
    assert len(verdicts) == n and set(verdicts) <= {"完成", "未完成", "未报送"}
    summary = json.loads((built_final / "merged" / "summary.json").read_text(encoding="utf-8"))
    done = sum(1 for m in summary["measures"] if m["verdict"] == "完成")
    assert 0 < done < n and f"{n}项可度量目标中，{done}项完成，{n - done}项未完成" in text


def test_the_final_year_forms_ask_for_the_five_year_summary(inputs_copy, tmp_path):
    result = invoke("forms", "--year", "2020", "--inputs", str(inputs_copy), "--outputs", str(tmp_path))
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(tmp_path / "2020" / "forms" / "2020年度_农业农村局_填报表.xlsx")
    for sheet in ("目标指标", "重点任务和示范工程"):
        headers = [c.value for c in wb[sheet][3]]
        assert any(h and h.startswith("规划期（2016—2020年）") for h in headers), headers
    wb = openpyxl.load_workbook(INPUTS / "2019" / "2019年度_农业农村局_填报表.xlsx")
    assert not any(c.value and "规划期" in str(c.value) for c in wb["重点任务和示范工程"][3])


# --- a unit's summary -----------------------------------------------------------------------------

def check_sheet(path: Path) -> dict[str, list[str]]:
    """A unit summary's attachment table, by its first column (编号), from the DOCX."""
    table = docx.Document(str(path.with_suffix(".docx"))).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["编号", "事项", "角色", "贵单位报送", "全市汇总采用", "差异"]
    return {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}


def test_a_unit_sees_what_it_sent_beside_what_counts(built):
    wb = openpyxl.load_workbook(INPUTS / "2019" / "2019年度_生态环境局_填报表.xlsx")
    sent = next(row[6] for row in wb["目标指标"].iter_rows(min_row=4, values_only=True) if row[0] == "T02")
    path = built / "units" / "2019年度_生态环境局_报送情况汇总.pdf"
    row = check_sheet(path)["T02"]
    assert row[1].startswith("主要废弃物循环利用率") and row[2] == "参与" and row[3] == f"{sent:g}%"
    assert "（发展改革委报）" in row[4] and row[5].startswith("不一致")  # the lead's figure counts
    assert "附件中T02的数据与全市汇总采用的不一致" in flat(path)
    tasks = {k: v for k, v in check_sheet(path).items() if not k.startswith("T")}
    assert tasks and all(v[3].split("。")[0] in {*TaskStatus, "未选进展状态", NOT_REPORTED} for v in tasks.values())


@pytest.mark.parametrize("unit", ["生态环境局", "农业农村局", "融水苗族自治县", "乡村办"])
def test_a_units_counts_match_its_check_sheet(built, unit):
    path = built / "units" / f"2019年度_{unit}_报送情况汇总.pdf"
    scope = next(line for line in paragraphs(path) if line.startswith("根据"))
    measures = sum(int(k) for k in re.findall(r"(\d+)个可度量目标", scope))
    items = sum(int(k) for k in re.findall(r"(\d+)项重点任务", scope))
    indicators = sum(int(k) for k in re.findall(r"(\d+)项目标指标", scope))
    assert len(check_sheet(path)) == measures + items
    assert indicators + items == sum(int(k) for k in re.findall(r"(?:牵头|参与)(\d+)项", scope))
    assert "0项" not in scope
    with pdfplumber.open(path) as pdf:  # the letter on one page, signed; the table after it
        assert "附件：" in pdf.pages[0].extract_text() and "发展和改革委员会" in pdf.pages[0].extract_text()
        assert "附件" in pdf.pages[1].extract_text().split("\n")[1]


@pytest.mark.parametrize("which", ["built", "built_final"])
def test_a_report_copied_to_nobody_has_no_cc_line(which, request):
    folder = request.getfixturevalue(which)
    project = open_project(INPUTS, folder.parent)
    summary = load_summary(folder.parent, int(folder.name))
    config, info = project.config(summary.year), project.plan.in_year(summary.year).info
    charts = report_charts(summary, info)
    assert config.cc and compose_report(summary, config, info, [], charts).meta.cc == "，".join(config.cc) + "。"
    alone = compose_report(summary, replace(config, cc=()), info, [], charts)
    assert alone.meta.cc == "" and alone.has_banji  # a 版记 of 印发 alone, not 抄送：。 above it
