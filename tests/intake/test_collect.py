"""Collect, status and merge on real files: good forms, every kind of bad file, other offices."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pipeline.forms.sample import fill_sample
from pipeline.forms.workbook import build_form
from pipeline.intake.cells import parse_number
from pipeline.intake.checks import check_file
from pipeline.intake.collect import run_collect
from pipeline.util.workbook import workbook_bytes
from tests.conftest import INPUTS, ROOT, invoke, keys, load_config, pdf_text, read_meta, soffice_convert, with_key

YEAR = 2019


def filled_form(plan, unit: str, year: int = YEAR, seed: int = 7) -> openpyxl.Workbook:
    wb, identity = build_form(plan, plan.registry.get(unit), load_config(INPUTS, year), keys())
    fill_sample(wb, identity, plan, year, seed)
    return wb


def set_filled_on(wb, when) -> None:
    """Write the contact block's 填报日期 (the cell right of its label)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "填报日期：":
                    ws.cell(row=cell.row, column=cell.column + 1, value=when)
                    return
    raise AssertionError("no 填报日期 in form")


def save(wb, path: Path) -> Path:
    path.write_bytes(workbook_bytes(wb))
    return path


def save_live(wb, path: Path) -> Path:
    """Saved as a unit's office saves it: formulas stay formulas (workbook_bytes would make them text)."""
    wb.save(path)
    return path


def problems_for(inbox: Path, outputs: Path, name: str) -> list[dict]:
    data = json.loads((outputs / str(YEAR) / "intake" / "problems.json").read_text(encoding="utf-8"))
    return [p for p in data if p["file"] == name]


SAMPLE = sorted((INPUTS / str(YEAR)).glob("*.xlsx"))


def test_sample_inbox_is_accepted(tmp_path):
    result = invoke("collect", "--year", "2019", "--outputs", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    problems = json.loads((tmp_path / "2019" / "intake" / "problems.json").read_text(encoding="utf-8"))
    assert {p["severity"] for p in problems} <= {"info"}
    assert f"共 {len(SAMPLE)} 个文件：接收 {len(SAMPLE)} 个" in result.stdout


def _accepted(outputs: Path) -> int:
    from pipeline.plan import load_plan

    plan = load_plan(INPUTS)
    intake = run_collect(plan, load_config(INPUTS, YEAR), keys(), INPUTS, outputs)
    return len(intake.submissions) - len(intake.rejected)


def test_a_process_that_has_read_forms_forks_one_that_reads_them_too(tmp_path):
    """The report's helper is forked from a process that may have read forms already (a CLI run in tests, the
    desk): the child starts readers of its own instead of failing with ECHILD on its parent's."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    assert _accepted(tmp_path / "here") == len(SAMPLE)
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as child:
        assert child.submit(_accepted, tmp_path / "child").result(timeout=120) == len(SAMPLE)


# --- the bad inbox -------------------------------------------------------------------------------

def _word_file(path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("2019年工作总结")
    doc.save(path)


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            block = b"\0" * (1 << 20)
            for _ in range(130):
                fh.write(block)


def _replace_part(source: bytes, part: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == part else src.read(info.filename))
        if part not in src.namelist():
            dst.writestr(part, content)
    return out.getvalue()


def _entity_bomb(good: bytes) -> bytes:
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
           b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><sst xmlns="http://schemas.openxmlformats.org/'
           b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol3;</t></si></sst>')
    return _replace_part(good, "xl/worksheets/sheet1.xml", lol)


def _huge_sheet(good: bytes, count: int = 300_000, cell: bool = True) -> bytes:
    pattern = b'<row r="%d"><c r="A%d"><v>1</v></c></row>' if cell else b'<row r="%d" spans="1:%d"/>'
    rows = b"".join(pattern % (n, n) for n in range(1, count + 1))
    xml = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b"<sheetData>" + rows + b"</sheetData></worksheet>")
    return _replace_part(good, "xl/worksheets/sheet2.xml", xml)


def _encrypted(good: Path, path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with good.open("rb") as src, path.open("wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)


@pytest.fixture(scope="module")
def bad_inbox(tmp_path_factory, plan):
    """The 2019 sample plus one file of every kind an inbox really receives."""
    root = tmp_path_factory.mktemp("bad")
    inbox = root / "inputs" / str(YEAR)
    shutil.copytree(INPUTS / "plan", root / "inputs" / "plan")
    with_key(root / "inputs")
    shutil.copy(INPUTS / "config.toml", root / "inputs" / "config.toml")
    shutil.copytree(INPUTS / str(YEAR), inbox)
    good = (inbox / "2019年度_统计局_填报表.xlsx").read_bytes()
    (inbox / "空文件.xlsx").write_bytes(b"")
    (inbox / "截断.xlsx").write_bytes(good[: len(good) // 2])
    (inbox / "不是表格.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    _word_file(inbox / "工作总结.xlsx")
    (inbox / "导出.csv").write_bytes("编号,指标,数值\nT01,主要资源产出率,110\n".encode("gbk"))
    (inbox / "~$2019年度_统计局_填报表.xlsx").write_bytes(b"\x0b" + "韦海燕".encode("utf-16-le"))
    (inbox / "链接.xlsx").symlink_to(inbox / "2019年度_统计局_填报表.xlsx")
    _zip_bomb(inbox / "炸弹.xlsx")
    (inbox / "实体炸弹.xlsx").write_bytes(_entity_bomb(good))
    (inbox / "超大工作表.xlsx").write_bytes(_huge_sheet(good))
    (inbox / "超多行.xlsx").write_bytes(_huge_sheet(good, 6000, cell=False))
    _encrypted(inbox / "2019年度_统计局_填报表.xlsx", inbox / "加密.xlsx")
    shutil.copy(INPUTS / "2018" / "2018年度_水利局_填报表.xlsx", inbox / "去年的表.xlsx")
    (inbox / "旧文件").mkdir()

    wb = filled_form(plan, "水利局")
    wb["目标指标"]["G4"] = "约42.5"
    wb["目标指标"]["G5"] = "12.5%"
    wb["重点任务和示范工程"]["D4"] = "基本完成"
    save(wb, inbox / "文字数值.xlsx")
    wb = filled_form(plan, "市容局")
    wb["目标指标"]["G4"] = 130
    wb["目标指标"]["G5"] = "—"
    wb["目标指标"]["G6"] = "=20+3"
    save_live(wb, inbox / "超范围和公式.xlsx")
    wb = filled_form(plan, "农业农村局")
    ws = wb["重点任务和示范工程"]
    ws.protection.sheet = False
    ws.delete_rows(6)
    save(wb, inbox / "删了一行.xlsx")
    wb = filled_form(plan, "商务局")
    ws = wb["目标指标"]
    ws.protection.sheet = False
    ws.insert_cols(3)
    save(wb, inbox / "插了一列.xlsx")
    wb = filled_form(plan, "交通局")
    ws = wb["重点任务和示范工程"]
    lead_row = next(c.row for c in ws["C"] if c.value == "牵头")
    ws[f"E{lead_row}"] = None
    ws[f"D{lead_row}"] = None
    save(wb, inbox / "漏填.xlsx")
    outputs = root / "outputs"
    before = {p.name: p.read_bytes() for p in inbox.iterdir() if p.is_file() and not p.is_symlink()}
    result = invoke("collect", "--year", "2019", "--inputs", str(root / "inputs"), "--outputs", str(outputs))
    return {"inbox": inbox, "outputs": outputs, "result": result, "before": before}


EXPECTED = {
    "空文件.xlsx": "empty_file",
    "截断.xlsx": "corrupt",
    "不是表格.xlsx": "unknown_format",
    "工作总结.xlsx": "word_file",
    "导出.csv": "csv_file",
    "链接.xlsx": "symlink",
    "炸弹.xlsx": "zip_bomb",
    "实体炸弹.xlsx": "xml_entities",
    "超大工作表.xlsx": "too_large_sheet",
    "超多行.xlsx": "too_many_rows",
    "加密.xlsx": "encrypted",
    "去年的表.xlsx": "wrong_year",
    "删了一行.xlsx": "layout_rows",
    "插了一列.xlsx": "layout_columns",
}


@pytest.mark.parametrize("name, code", sorted(EXPECTED.items()))
def test_each_bad_file_is_refused_with_a_reason(bad_inbox, name, code):
    found = problems_for(bad_inbox["inbox"], bad_inbox["outputs"], name)
    assert any(p["code"] == code and p["severity"] == "error" for p in found), found
    assert all(p["message"] for p in found)


def test_cell_problems_name_the_cell_and_what_to_do(bad_inbox):
    by_cell = {(p["sheet"], p["cell"]): p for p in problems_for(bad_inbox["inbox"], bad_inbox["outputs"], "文字数值.xlsx")}
    assert by_cell[("目标指标", "G4")]["code"] == "not_a_number" and "42.5" in by_cell[("目标指标", "G4")]["message"]
    assert by_cell[("目标指标", "G5")]["code"] == "percent_sign"
    assert by_cell[("重点任务和示范工程", "D4")]["code"] == "bad_status"
    assert all(p["unit"] == "水利局" for p in by_cell.values())
    found = {p["cell"]: p["code"] for p in problems_for(bad_inbox["inbox"], bad_inbox["outputs"], "超范围和公式.xlsx")}
    assert found["G4"] == "out_of_range" and found["G5"] == "no_value_marker" and found["G6"] == "formula_no_value"
    missing = problems_for(bad_inbox["inbox"], bad_inbox["outputs"], "漏填.xlsx")
    assert {p["cell"][0]: p["code"] for p in missing if p["cell"]} == {"D": "required", "E": "required"}
    assert [p["code"] for p in missing if not p["cell"]] == ["fallback"]  # it came after the unit's sample form


def test_a_folder_in_the_inbox_is_mentioned(bad_inbox):
    found = problems_for(bad_inbox["inbox"], bad_inbox["outputs"], "旧文件")
    assert [(p["code"], p["severity"]) for p in found] == [("folder", "warning")]


def test_lock_file_is_ignored_not_rejected(bad_inbox):
    found = problems_for(bad_inbox["inbox"], bad_inbox["outputs"], "~$2019年度_统计局_填报表.xlsx")
    assert [p["code"] for p in found] == ["lock_file"] and found[0]["severity"] == "warning"


def test_good_files_still_accepted_and_exit_1_without_traceback(bad_inbox):
    result = bad_inbox["result"]
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    data = json.loads((bad_inbox["outputs"] / "2019" / "intake" / "submissions.json").read_text(encoding="utf-8"))
    counting = {s["unit"] for s in data["submissions"] if s["counts"]}
    assert counting == {read_meta(f)["unit"] for f in SAMPLE}  # every unit of the sample still counts


def test_inputs_are_never_modified(bad_inbox):
    after = {p.name: p.read_bytes() for p in bad_inbox["inbox"].iterdir() if p.is_file() and not p.is_symlink()}
    assert after == bad_inbox["before"]


def test_every_received_version_is_kept(bad_inbox):
    """A copy of every regular file (the same bytes once), whatever became of it; links, folders and lock files
    are not files sent."""
    sent = {hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in bad_inbox["inbox"].iterdir()
            if p.is_file() and not p.is_symlink() and not p.name.startswith("~$")}
    kept = {p.name.split(".")[0] for p in (bad_inbox["outputs"] / "2019" / "intake" / "received").iterdir()}
    assert kept == sent


def test_returned_copy_marks_the_problem_cells(bad_inbox):
    path = bad_inbox["outputs"] / "2019" / "intake" / "退回修改" / "文字数值_退回修改.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "退回修改说明"
    cell = wb["目标指标"]["G4"]
    assert cell.comment is not None and "42.5" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")


@pytest.mark.parametrize("name", ["炸弹.xlsx", "实体炸弹.xlsx", "超大工作表.xlsx", "超多行.xlsx", "截断.xlsx", "加密.xlsx"])
def test_a_hostile_file_is_refused_before_any_reader_opens_it(bad_inbox, plan, name):
    """The checks of the file's parts refuse it on their own (the limits of the reading process are a second
    wall, not the first)."""
    sub, problems = check_file(plan, YEAR, bad_inbox["inbox"] / name, name, keys())
    assert sub.outcome == "rejected" and EXPECTED[name] in [p.code for p in problems]


def test_collect_memory_stays_bounded(bad_inbox):
    """The whole bad inbox in a fresh process: peak memory of it and of its reading processes well under
    a few hundred MB."""
    code = ("import resource,sys;from pathlib import Path;from pipeline.workflow.project import open_project;"
            "from pipeline.intake.collect import run_collect;"
            f"p=open_project(Path({str(bad_inbox['inbox'].parent)!r}), Path(sys.argv[1]));"
            "run_collect(p.plan, p.config(2019), p.keys, p.inputs, p.outputs);"
            "print(max(resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))")
    out = subprocess.run([sys.executable, "-c", code, str(bad_inbox["outputs"] / "mem")], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    assert int(out.stdout.strip()) < 400 * 1024  # kB


def test_status_lists_missing_and_rejected_and_writes_reminders(bad_inbox):
    root = bad_inbox["inbox"].parent.parent
    result = invoke("status", "--year", "2019", "--inputs", str(root / "inputs"), "--outputs", str(root / "outputs"))
    assert result.returncode == 0, result.stderr
    assert "未报送" in result.stdout and "已报送" in result.stdout
    wb = openpyxl.load_workbook(root / "outputs" / "2019" / "intake" / "2019年度催报名单.xlsx")
    rows = {r[1]: r for r in wb["催报名单"].iter_rows(min_row=2, values_only=True)}
    missing = {"柳州市机关事务管理局", "融水苗族自治县人民政府"}
    assert missing <= set(rows)
    # every other unit on the list sent a newest version that was returned
    assert set(rows) - missing and all("退回" in rows[name][3] for name in set(rows) - missing), rows
    letters = root / "outputs" / "2019" / "letters"
    reminder = pdf_text(letters / "2019年度催报通知.pdf").replace("\n", "")
    assert all(name in reminder for name in rows)
    correction = pdf_text(letters / "2019年度_水利局_退回修改通知.pdf").replace("\n", "")
    assert "工作表“目标指标”G4" in correction and "文字数值_退回修改.xlsx" in correction


def test_reminders_name_contacts_from_earlier_years_forms(tmp_path):
    """机关事务管理局 and 融水苗族自治县 sent nothing in 2019; their 2018 forms say whom to call."""
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs, ignore=shutil.ignore_patterns("2020", "form.key"))
    result = invoke("status", "--year", "2019", "--inputs", str(inputs), "--outputs", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(tmp_path / "out" / "2019" / "intake" / "2019年度催报名单.xlsx")
    rows = {r[1]: r for r in wb["催报名单"].iter_rows(min_row=2, values_only=True)}
    for name in ("柳州市机关事务管理局", "融水苗族自治县人民政府"):
        assert rows[name][4] != "（未登记）" and rows[name][6].startswith("2018年度填报表"), rows[name]
    verify = invoke("verify", "--year", "2019", "--inputs", str(inputs), "--outputs", str(tmp_path / "out"))
    assert verify.returncode == 0, verify.stdout  # status recorded what it wrote


# --- other offices ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["xlsx:Calc MS Excel 2007 XML", "xls:MS Excel 97", "ods"])
def test_libreoffice_resaves_read_to_the_same_values(tmp_path, plan, fmt):
    original = INPUTS / "2019" / "2019年度_生态环境局_填报表.xlsx"
    resaved = soffice_convert(original, fmt, tmp_path / "lo")
    a, pa = check_file(plan, YEAR, original, original.name, keys())
    b, pb = check_file(plan, YEAR, resaved, resaved.name, keys())
    assert a.outcome == "accepted" and b.outcome == "accepted", pb
    assert (b.unit, b.measures, b.tasks, b.contact) == (a.unit, a.measures, a.tasks, a.contact)


def test_formula_with_cached_value_is_used_with_a_warning(tmp_path, plan):
    wb = filled_form(plan, "水利局")
    wb["目标指标"]["G4"] = "=40+2.5"
    src = save_live(wb, tmp_path / "公式.xlsx")
    resaved = soffice_convert(src, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    sub, problems = check_file(plan, YEAR, resaved, resaved.name, keys())
    assert sub.outcome == "accepted_with_warnings"
    assert sub.measures["T04.1"].value == 42.5
    assert [p.code for p in problems] == ["formula"]


# --- versions and merge -------------------------------------------------------------------------

def test_a_later_version_counts_and_the_earlier_is_kept(tmp_path, plan):
    inbox = tmp_path / str(YEAR)
    inbox.mkdir()
    first = filled_form(plan, "水利局")
    second = filled_form(plan, "水利局", seed=8)
    set_filled_on(second, datetime.datetime(2020, 1, 28))
    save(first, inbox / "a.xlsx")
    save(second, inbox / "b.xlsx")
    intake = run_collect(plan, load_config(INPUTS, YEAR), keys(), tmp_path, tmp_path / "out")
    subs = {s.file: s for s in intake.submissions}
    assert subs["b.xlsx"].counts and not subs["a.xlsx"].counts
    assert subs["a.xlsx"].superseded_by == "b.xlsx"
    assert len(list((tmp_path / "out" / str(YEAR) / "intake" / "received").iterdir())) == 2


def test_year_without_inputs_is_a_clear_message(tmp_path, inputs_copy):
    result = invoke("collect", "--year", "2020", "--inputs", str(inputs_copy), "--outputs", str(tmp_path))
    assert result.returncode == 2 and "没有 2020 年度的报送文件夹" in result.stderr


def test_an_ods_with_problems_comes_back_as_a_marked_xlsx(tmp_path, plan):
    inbox = tmp_path / str(YEAR)
    inbox.mkdir()
    wb = filled_form(plan, "水利局")
    wb["目标指标"]["G4"] = "约42.5"
    src = save(wb, tmp_path / "水利局.xlsx")
    shutil.move(soffice_convert(src, "ods", tmp_path / "lo"), inbox / "水利局.ods")
    intake = run_collect(plan, load_config(INPUTS, YEAR), keys(), tmp_path, tmp_path / "out")
    assert [s.outcome for s in intake.submissions] == ["rejected"]
    marked = openpyxl.load_workbook(tmp_path / "out" / str(YEAR) / "intake" / "退回修改" / "水利局_退回修改.xlsx")
    assert marked["目标指标"]["G4"].value == "约42.5" and "42.5" in marked["目标指标"]["G4"].comment.text
    assert marked["目标指标"]["H4"].value == wb["目标指标"]["H4"].value  # what else they typed comes back too


# --- kept verdicts --------------------------------------------------------------------------------

def _collect_counting_reads(plan, root: Path, monkeypatch) -> tuple[object, list[str]]:
    """run_collect, with the names of the files the readers were given."""
    from pipeline.intake import collect as collect_module

    given: list[str] = []
    real = collect_module.Readers.read

    def counting(self, files):
        given.extend(name for _, name in files)
        return real(self, files)

    monkeypatch.setattr(collect_module.Readers, "read", counting)
    intake = run_collect(plan, load_config(INPUTS, YEAR), keys(), root, root / "out")
    return intake, given


def test_collecting_again_reads_only_new_or_changed_files(tmp_path, plan, monkeypatch):
    inbox = tmp_path / str(YEAR)
    inbox.mkdir()
    for unit in ("水利局", "市容局", "农业农村局"):
        save(filled_form(plan, unit), inbox / f"{unit}.xlsx")
    first, given = _collect_counting_reads(plan, tmp_path, monkeypatch)
    assert sorted(given) == ["农业农村局.xlsx", "市容局.xlsx", "水利局.xlsx"]
    wb = filled_form(plan, "市容局", seed=9)
    wb["目标指标"]["G6"] = "=20+3"  # a problem: the verdict and the returned copy must still come out right
    save_live(wb, inbox / "市容局.xlsx")
    again, given = _collect_counting_reads(plan, tmp_path, monkeypatch)
    assert given == ["市容局.xlsx"]
    fresh = run_collect(plan, load_config(INPUTS, YEAR), keys(), tmp_path, tmp_path / "fresh")
    assert again.as_json() == fresh.as_json() and again.problems == fresh.problems
    assert any(p.file == "市容局.xlsx" and p.cell == "G6" for p in again.problems)
    kept = tmp_path / "out" / str(YEAR) / ".cache" / "verdicts"
    assert len(list(kept.glob("*.json"))) == 3  # the first 市容局 version's verdict is dropped


def test_a_damaged_kept_verdict_is_read_again(tmp_path, plan, monkeypatch):
    inbox = tmp_path / str(YEAR)
    inbox.mkdir()
    save(filled_form(plan, "水利局"), inbox / "水利局.xlsx")
    first, _ = _collect_counting_reads(plan, tmp_path, monkeypatch)
    for path in (tmp_path / "out" / str(YEAR) / ".cache" / "verdicts").glob("*.json"):
        path.write_text('{"submission": {"file": 1}', encoding="utf-8")
    again, given = _collect_counting_reads(plan, tmp_path, monkeypatch)
    assert given == ["水利局.xlsx"] and again.as_json() == first.as_json()


@pytest.mark.parametrize("typed, number, says", [
    ("１１２．７", 112.7, ""),  # a Chinese input method left in full-width mode: the same number
    ("1，127.5", 1127.5, ""),
    ("112.7％", None, "请只填数字 112.7（计量单位已在表中注明）"),
    ("112.7（初步统计）", None, "“112.7（初步统计）”带了说明：请只填数字 112.7，“初步统计”写在“说明”栏"),
    ("约112.7", None, "请只填数字 112.7，不要加“约”“左右”或单位"),
    ("٣", None, "不是数字"),  # another script's digit is not read as one
])
def test_a_typed_number_is_read_or_the_sender_is_told_what_to_type(typed, number, says):
    read, _, message = parse_number(typed)
    assert read == number and says in message
