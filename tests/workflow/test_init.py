"""A new plan folder from any notice of the genre, run end to end as a clerk would: init, the review sheet,
corrections, filling in what init could not know, forms, sample, report. Documents name that notice's
issuer, number, years and words, nothing of the seed's, and never a placeholder: until the configuration is
filled in, a command that writes documents stops (or, asked for a draft, marks every page 草稿)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import invoke, pdf_text
from tests.plan.notices import CITY_STYLE, SECTION_LEADS, STATE_STYLE, VERB_STYLE

SEED_WORDS = ("柳州", "循环经济", "十三五", "柳政发")
REAL = Path(__file__).resolve().parents[1] / "plan" / "real"
CLERK = {"issuer": "某某发展和改革委员会", "issuer_short": "发展改革委", "addressee": "某某人民政府", "signer": "王某",
         "printer": "某某发展和改革委员会办公室", "form_contact": "规划科，联系电话：0000-1234567"}


def run(*args: str) -> str:
    result = invoke(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "程序内部错误" not in result.stderr
    return result.stdout + result.stderr


def every_word(folder: Path) -> str:
    """All text a reader sees in the documents and spreadsheets written (a PDF says what its DOCX says:
    tests/render/test_documents.py)."""
    texts = []
    for path in [*folder.rglob("*.docx"), *folder.rglob("*.xlsx")]:
        with zipfile.ZipFile(path) as archive:
            texts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml")]
    return "\n".join(texts)


def fill_in(inputs: Path, years: tuple[int, int, int] | None = None) -> None:
    """What a clerk writes where init wrote 待填写: the DRC's own details, the 发文字号, full names; the plan's
    years where the notice states none (``years``: base, first, target)."""
    plan = inputs / "plan" / "plan.toml"
    text = plan.read_text(encoding="utf-8")
    if years:
        for key, year in zip(("base_year", "first_year", "target_year"), years):
            text = re.sub(rf'^{key} = .*$', f"{key} = {year}", text, flags=re.M)
    plan.write_text(text.replace('"待填写"', '""'), encoding="utf-8")  # a notice without a number has none
    config = inputs / "config.toml"
    text = config.read_text(encoding="utf-8")
    if not re.search(r"^\[years\.", text, flags=re.M):
        base, first, target = years
        text += "".join(f'\n[years.{y}]\ndeadline = "{y + 1}年1月20日"\ndoc_number = "待填写"\ndoc_date = "{y + 1}-03-01"\n'
                        for y in range(first, target + 1))
    for key, value in CLERK.items():
        text = re.sub(rf'^{key} = "待填写[^"]*"', f'{key} = "{value}"', text, flags=re.M)
    text = re.sub(r'^doc_number = "待填写[^"]*"', 'doc_number = "某发改〔2025〕1号"', text, flags=re.M)
    config.write_text(text, encoding="utf-8")
    units = inputs / "plan" / "units.toml"
    units.write_text(re.sub(r'short = "([^"]+)"\nfull = "待填写"', r'short = "\1"\nfull = "\1"',
                            units.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.mark.parametrize("notice, year, issuer, title_words", [
    (STATE_STYLE, 2024, "某某省人民政府", "绿色建材产业高质量发展"),
    (CITY_STYLE, 2021, "某某市人民政府办公室", "节能减排工作方案"),
])
def test_init_then_forms_sample_report(tmp_path, notice, year, issuer, title_words):
    source = tmp_path / "notice.txt"
    source.write_text(notice, encoding="utf-8")
    inputs, outputs = tmp_path / "new", tmp_path / "out"
    said = run("init", "--notice", str(source), "--inputs", str(inputs))
    assert "待填写" in said and "plan/units.toml" in said and "config.toml" in said and "核对清单.xlsx" in said
    plan_file = (inputs / "plan" / "plan.toml").read_text(encoding="utf-8")
    assert f'issuer = "{issuer}"' in plan_file and title_words in plan_file
    args = ("--year", str(year), "--inputs", str(inputs), "--outputs", str(outputs))
    stopped = invoke("forms", *args)
    assert stopped.returncode == 2 and "尚未填写" in stopped.stderr and "config.toml 第" in stopped.stderr
    assert not (outputs / str(year) / "forms").exists()
    fill_in(inputs)
    run("forms", *args)
    run("sample", *args)
    run("report", *args)
    words = every_word(outputs / str(year))
    assert issuer in words and title_words in words and "待填写" not in words
    assert [w for w in SEED_WORDS if w in words] == []


def test_a_draft_before_the_configuration_is_filled_in(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(CITY_STYLE, encoding="utf-8")
    inputs, outputs = tmp_path / "new", tmp_path / "out"
    run("init", "--notice", str(source), "--inputs", str(inputs))
    args = ("--year", "2021", "--inputs", str(inputs), "--outputs", str(outputs))
    for command in ("report", "forms", "sample", "status", "render"):
        stopped = invoke(command, *args)
        assert stopped.returncode == 2 and "--draft" in stopped.stderr and "config.toml 第" in stopped.stderr
    run("forms", *args, "--draft")
    notice = next((outputs / "2021" / "notice").glob("*.pdf"))
    pages = pdf_text(notice).split("\f")
    assert all("草稿" in page for page in pages if page.strip())
    assert "待填写" not in every_word(outputs / "2021") and "××" in pdf_text(notice)
    with zipfile.ZipFile(next((outputs / "2021" / "notice").glob("*.docx"))) as docx:
        assert "草稿" in "".join(docx.read(n).decode() for n in docx.namelist() if "header" in n)


def test_init_never_overwrites(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(STATE_STYLE, encoding="utf-8")
    run("init", "--notice", str(source), "--inputs", str(tmp_path / "new"))
    again = invoke("init", "--notice", str(source), "--inputs", str(tmp_path / "new"))
    assert again.returncode == 2 and "不覆盖" in again.stderr


def test_a_notice_that_is_not_of_the_genre_is_refused_with_a_reason(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text("关于开会的通知\n请各单位准时参会。\n", encoding="utf-8")
    result = invoke("init", "--notice", str(source), "--inputs", str(tmp_path / "new"))
    assert result.returncode == 2 and re.search("没有找到注明牵头单位", result.stderr)
    assert not (tmp_path / "new").exists()


def review_rows(path: Path, sheet: str = "事项") -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_the_review_sheet_lists_every_item_and_flags_what_looks_wrong(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(VERB_STYLE, encoding="utf-8")
    inputs = tmp_path / "new"
    run("init", "--notice", str(source), "--inputs", str(inputs))
    rows = {r["编号"]: r for r in review_rows(inputs / "plan" / "核对清单.xlsx")}
    assert list(rows) == ["T01", "K1.1", "K1.2", "K1.3", "K1.4", "K2.1", "K2.2", "K3", "K4"]
    assert rows["K1.1"]["原文位置"] == "第12行" and rows["K1.1"]["责任单位"] == "各区政府、市应急局"
    assert "没有牵头单位或责任单位" in rows["K3"]["需核对"]
    assert "隐患整改率" in rows["K1.1"]["可度量目标"]
    assert "目标段落没有注明责任单位" in rows["T01"]["需核对"]
    # 市应急局 and 市应急管理局 (the notice writes both) are proposed as one unit, to confirm
    units = (inputs / "plan" / "units.toml").read_text(encoding="utf-8")
    assert 'short = "市应急局"' in units and 'aliases = ["市应急管理局"]' in units and "同一单位" in units
    unit_rows = {r["简称"]: r for r in review_rows(inputs / "plan" / "核对清单.xlsx", "单位")}
    assert "市应急管理局" in unit_rows["市应急局"]["别名"] and "请确认" in unit_rows["市应急局"]["需核对"]
    assert "市应急管理局" not in unit_rows


def test_corrections_survive_parsing_the_notice_again(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(VERB_STYLE, encoding="utf-8")
    inputs = tmp_path / "new"
    run("init", "--notice", str(source), "--inputs", str(inputs))
    fill_in(inputs)
    corrections = inputs / "plan" / "corrections.toml"
    corrections.write_text(corrections.read_text(encoding="utf-8") + (
        '\n[[item]]\nmatch = "加强组织领导"\ndrop = true\n\n'
        '[[item]]\nmatch = "各区政府要建立隐患排查"\nlead = ["各区政府"]\nresponsible = ["市应急局"]\n'), encoding="utf-8")
    for _ in range(2):  # each command parses the notice anew
        plan = json.loads(invoke("plan", "--format", "json", "--inputs", str(inputs)).stdout)
        items = {i["id"]: i for i in plan["items"]}
        assert "K3" in items and items["K3"]["title"] == "强化督导考核"  # 加强组织领导 dropped, the ids close up
        assert (items["K1.1"]["lead"], items["K1.1"]["responsible"]) == (["各区政府"], ["市应急局"])
    review = tmp_path / "again.xlsx"
    run("plan", "--inputs", str(inputs), "--review", str(review))
    assert "已按 corrections.toml 第2条更正" in {r["编号"]: r for r in review_rows(review)}["K1.1"]["需核对"]


EDGES = """\
某某县人民政府关于印发某某县重点工作任务分工方案的通知
某政发〔2022〕3号
一、重点任务
1.推进甲项工作。（县甲局牵头，县乙局配合）
2.推进乙项工作，尚未明确牵头单位。
3.推进丙项工作。（县乙局负责）
"""


def test_a_unit_without_items_and_an_item_without_a_lead(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(EDGES, encoding="utf-8")
    inputs, outputs = tmp_path / "new", tmp_path / "out"
    said = run("init", "--notice", str(source), "--inputs", str(inputs))
    units = inputs / "plan" / "units.toml"
    units.write_text(units.read_text(encoding="utf-8") + '\n[[unit]]\nshort = "县丙局"\nfull = "某某县丙局"\n'
                     'kind = "department"\n', encoding="utf-8")
    assert "待填写" in said
    fill_in(inputs, (2021, 2022, 2023))
    assert "没有注明牵头或责任单位" in run("plan", "--inputs", str(inputs))
    args = ("--year", "2023", "--inputs", str(inputs), "--outputs", str(outputs))
    run("forms", *args)
    assert sorted(p.name for p in (outputs / "2023" / "forms").glob("*.xlsx")) == [
        "2023年度_县乙局_填报表.xlsx", "2023年度_县甲局_填报表.xlsx"]  # 县丙局 has nothing to report
    run("sample", *args)
    run("report", *args)
    assert "县丙局" not in pdf_text(next((outputs / "2023" / "report").glob("*.pdf")))


def test_a_hundred_units_and_three_hundred_items(tmp_path):
    """At the scale of a province's plan: every unit's form made, sent back, collected and merged; every
    document's words composed; the report, whose tables hold every item, written. (`make bench` times the
    whole report of this plan, every unit's summary rendered.)"""
    from pipeline.render.output import write_files
    from pipeline.render.run import compose, jobs
    from pipeline.workflow.project import open_project
    from pipeline.workflow.year import merge_years
    from tests.plan.notices import large_notice

    source = tmp_path / "notice.txt"
    source.write_text(large_notice(), encoding="utf-8")
    inputs, outputs = tmp_path / "new", tmp_path / "out"
    run("init", "--notice", str(source), "--inputs", str(inputs))
    fill_in(inputs, (2023, 2024, 2025))
    assert "共 300 项" in run("plan", "--inputs", str(inputs))
    args = ("--year", "2024", "--inputs", str(inputs), "--outputs", str(outputs))
    run("forms", *args)
    assert len(list((outputs / "2024" / "forms").glob("*.xlsx"))) == 100
    run("sample", *args)
    project = open_project(inputs, outputs)
    summary = merge_years(project, 2024).summary
    assert summary.counts.units == 100 and summary.counts.submitted > 50
    assert len(summary.items) + len({m.item_id for m in summary.measures}) == 300
    documents = [compose(job, summary, project.config(2024), project.plan, outputs)
                 for job in jobs(project.plan, outputs, 2024)]
    assert len(documents) == 101 and all("待填写" not in d.text() for d in documents)
    report = write_files(documents[0], tmp_path / "report", "report")[0]
    assert summary.items[-1].title[:10] in re.sub(r"\s", "", pdf_text(report))


REAL_RUNS = [  # a notice as the DRC keeps it, the year run, the years a clerk writes where it states none,
    # the words its documents must use, and words they must not (kinds the plan has none of)
    ("pages/guofa-2018-42.html", 2019, None, ("国发〔2018〕42号", "发展目标完成情况", "重点任务进展情况"), ("示范工程",)),
    ("guobanfa-2018-126.docx", 2019, (2018, 2019, 2020), ("国办发〔2018〕126号", "各责任单位", "重点任务进展情况"),
     ("目标指标", "示范工程", "牵头单位")),
    ("guobanfa-2018-129.pdf", 2020, (2018, 2019, 2020), ("国办发〔2018〕129号", "规划期（2019—2020年）"),
     ("目标指标", "示范工程")),
    ("pages/guobanfa-2018-128.html", 2019, None, ("国办发〔2018〕128号", "各牵头单位和责任单位", "量化目标完成情况"),
     ("目标指标", "示范工程")),
    ("guofa-2019-3.docx", 2019, (2018, 2019, 2020), ("国发〔2019〕3号", "各牵头单位和责任单位", "主要任务进展情况"),
     ("目标指标", "示范工程", "可度量目标")),
    ("guobanfa-2018-121.txt", 2019, None, ("国办发〔2018〕121号", "各责任单位", "发展目标完成情况"),
     ("目标指标", "示范工程")),
    ("guofa-2018-39.txt", 2019, None, ("国发〔2018〕39号", "重点任务进展情况"), ("目标指标", "示范工程", "可度量目标")),
]


@pytest.mark.parametrize("name, year, years, words, absent", REAL_RUNS)
def test_a_real_notice_from_init_to_report(tmp_path, name, year, years, words, absent):
    inputs, outputs = tmp_path / "inputs", tmp_path / "outputs"
    run("init", "--notice", str(REAL / name), "--inputs", str(inputs))
    assert (inputs / "plan" / f"notice{Path(name).suffix}").read_bytes() == (REAL / name).read_bytes()
    fill_in(inputs, years)
    args = ("--year", str(year), "--inputs", str(inputs), "--outputs", str(outputs))
    for command in ("forms", "sample", "report"):
        run(command, *args)
    report = re.sub(r"\s", "", pdf_text(next((outputs / str(year) / "report").glob("*.pdf"))))
    shown = every_word(outputs / str(year))
    assert all(w in report for w in words), [w for w in words if w not in report]
    assert [w for w in absent if w in shown] == [] and "待填写" not in shown
    summary = json.loads((outputs / str(year) / "merged" / "summary.json").read_text(encoding="utf-8"))
    reported = {u["unit"] for u in summary["units"] if u["state"] == "已报送"}
    for item in summary["items"]:  # nothing is 未报送 when one of its units reported
        assert item["status"] != "未报送" or not reported & set(item["lead"]), item["id"]


COUNTS = """\
某某县人民政府办公室关于印发某某县2026年重点任务分工方案的通知
一、重点任务
1.培育规上工业企业。新增规上工业企业20家。（县工信局牵头）
2.抓好重大项目建设。全年实施重点项目120个，完成投资150亿元以上。（县发改局牵头，县财政局配合）
"""


def test_counts_of_things_are_whole_numbers_and_a_fraction_is_asked_about(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(COUNTS, encoding="utf-8")
    inputs, outputs = tmp_path / "new", tmp_path / "out"
    run("init", "--notice", str(source), "--inputs", str(inputs))
    fill_in(inputs)
    args = ("--year", "2026", "--inputs", str(inputs), "--outputs", str(outputs))
    run("sample", *args)
    form = next((inputs / "2026").glob("*工信局*.xlsx"))
    sheet = openpyxl.load_workbook(form)["量化目标"]  # the measures of tasks (a plan without indicators)
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "新增规上工业企业")
    value = sheet.cell(row, 7)
    assert value.value == int(value.value)  # the sample types 21家, never 20.6家
    value.value = 20.6
    sheet.parent.save(form)
    run("collect", *args)
    problems = json.loads((outputs / "2026" / "intake" / "problems.json").read_text(encoding="utf-8"))
    asked = [p for p in problems if p["code"] == "not_whole"]
    assert len(asked) == 1 and asked[0]["cell"] == value.coordinate and "20.6 不是整数" in asked[0]["message"]


def test_a_plan_of_one_year_is_reported_as_its_year_without_a_planning_period(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(SECTION_LEADS, encoding="utf-8")  # 若干政策举措（2025年版）: 2025 alone
    inputs, outputs = tmp_path / "new", tmp_path / "out"
    run("init", "--notice", str(source), "--inputs", str(inputs))
    fill_in(inputs)
    args = ("--year", "2025", "--inputs", str(inputs), "--outputs", str(outputs))
    for command in ("forms", "sample", "report"):
        run(command, *args)
    words = every_word(outputs / "2025") + every_word(inputs / "2025")
    assert "规划期" not in words and "终期" not in words  # its final report is that year's: no 规划期（2025—2025年）
    report = next((outputs / "2025" / "report").glob("*.pdf"))
    text = pdf_text(report).replace(" ", "").replace("\n", "")
    assert "关于2025年度" in text and "2.2025年度目标指标完成情况表" in text and "三、下一步工作建议" in text


NO_AREAS = """\
某某县人民政府办公室关于印发某某县2026年重点任务清单的通知
1.推进城乡供水一体化。（县水利局牵头，县财政局配合）
2.完善农村寄递物流体系。（县商务局牵头）
"""


def test_tasks_the_notice_puts_in_no_area_are_reported_without_an_empty_heading(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(NO_AREAS, encoding="utf-8")
    inputs, outputs = tmp_path / "new", tmp_path / "out"
    run("init", "--notice", str(source), "--inputs", str(inputs))
    assert "【】" not in run("plan", "--inputs", str(inputs))
    fill_in(inputs)
    args = ("--year", "2026", "--inputs", str(inputs), "--outputs", str(outputs))
    for command in ("forms", "sample", "report"):
        run(command, *args)
    text = pdf_text(next((outputs / "2026" / "report").glob("*.pdf"))).replace(" ", "").replace("\n", "")
    assert "任务完成情况2项任务" in text and "（一）。" not in text  # 二、重点任务完成情况 then its paragraph
