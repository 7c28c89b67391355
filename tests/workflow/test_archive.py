"""Archive-grade output: PDF/A with its data, byte-identical rebuilds, a manifest that verifies, incremental runs."""

from __future__ import annotations

import json
import shutil

import pikepdf
import pytest

from pipeline.forms.sample import fill_sample
from pipeline.forms.signing import FormKeys
from pipeline.forms.workbook import build_form
from pipeline.util.workbook import workbook_bytes
from tests.conftest import INPUTS, REPORT, copy_of, invoke, load_config


def test_pdfs_are_pdf_a_3a_with_metadata(built):
    for path in [built / f"{REPORT}.pdf", built / "units" / "2019年度_统计局_报送情况汇总.pdf"]:
        with pikepdf.open(path) as pdf:
            with pdf.open_metadata() as meta:
                assert meta.get("pdfaid:part") == "3" and meta.get("pdfaid:conformance") == "A"
                assert meta.get("dc:title") and meta.get("dc:description")
                assert meta.get("dc:creator") == ["柳州市发展和改革委员会"]
                assert "示例数据" in meta.get("pdf:Keywords")
            assert str(pdf.Root.Lang) == "zh-CN"
            assert pdf.Root.get("/OutputIntents") is not None


def test_the_report_carries_the_merged_data_it_was_built_from(built):
    with pikepdf.open(built / f"{REPORT}.pdf") as pdf:
        files = {name: spec for name, spec in pdf.attachments.items()}
        json_spec = next(s for n, s in files.items() if n.endswith(".json"))
        assert json_spec.obj.AFRelationship == "/Source"
        carried = json.loads(json_spec.get_file().read_bytes())
        assert len(files) == 2
    merged = json.loads((built / "merged" / "summary.json").read_text(encoding="utf-8"))
    assert carried == merged
    with pikepdf.open(built / "units" / "2019年度_统计局_报送情况汇总.pdf") as pdf:
        (spec,) = pdf.attachments.values()
        data = json.loads(spec.get_file().read_bytes())
    assert data["unit"]["unit"] == "统计局" and {m["id"] for m in data["measures"]} == {"T01", "T03"}


def test_same_inputs_give_the_same_bytes_in_another_folder(built, tmp_path):
    again = tmp_path / "again"
    result = invoke("report", "--year", "2019", "--outputs", str(again))
    assert result.returncode == 0, result.stderr
    # .cache holds what earlier runs left to go faster (it depends on the folder's history): not a record
    first = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()
             and ".cache" not in p.relative_to(built).parts}
    second = {p.relative_to(again / "2019"): p.read_bytes() for p in (again / "2019").rglob("*") if p.is_file()
              and ".cache" not in p.relative_to(again / "2019").parts}
    assert first.keys() == second.keys()
    different = [str(k) for k in first if first[k] != second[k]]
    assert different == []


def test_manifest_lists_every_file_and_the_versions(built):
    manifest = json.loads((built / "MANIFEST.json").read_text(encoding="utf-8"))
    outputs = {e["path"] for e in manifest["outputs"]}
    assert f"{REPORT}.pdf" in outputs and "merged/summary.json" in outputs and "intake/problems.json" in outputs
    inputs = {e["path"] for e in manifest["inputs"]}
    assert "plan/notice.txt" in inputs and "2019/2019年度_统计局_填报表.xlsx" in inputs
    assert all(len(e["sha256"]) == 64 and e["size"] > 0 for e in manifest["outputs"])
    assert {"pipeline", "weasyprint", "python-docx", "openpyxl", "pandas"} <= manifest["versions"].keys()
    assert "PDF/A-3a" in manifest["conformance"]["pdf"] and "veraPDF" in manifest["conformance"]["pdf"]


@pytest.fixture
def own_build(built, tmp_path):
    """The session's 2019 build as copies a test may change: its inputs and its outputs."""
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs, ignore=shutil.ignore_patterns("form.key"))
    return inputs, copy_of(built, tmp_path).parent


def test_verify_names_changed_missing_and_new_files(own_build):
    inputs, outputs = own_build
    args = ("verify", "--year", "2019", "--inputs", str(inputs), "--outputs", str(outputs))
    ok = invoke(*args)
    assert ok.returncode == 0 and "一致" in ok.stdout
    pdf = outputs / "2019" / f"{REPORT}.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%")
    (outputs / "2019" / "units" / "2019年度_工业和信息化局_报送情况汇总.docx").unlink()
    (outputs / "2019" / "report" / "extra.txt").write_text("x")
    (inputs / "2019" / "2019年度_统计局_填报表.xlsx").write_bytes(b"changed")
    bad = invoke(*args)
    assert bad.returncode == 1
    assert f"已改动  输出  {REPORT}.pdf" in bad.stdout
    assert "缺失  输出  units/2019年度_工业和信息化局_报送情况汇总.docx" in bad.stdout
    assert "新增  输出  report/extra.txt" in bad.stdout
    assert "已改动  输入  2019/2019年度_统计局_填报表.xlsx" in bad.stdout


def test_a_second_run_renders_nothing_and_one_change_renders_only_what_depends_on_it(own_build, plan):
    inputs, outputs = own_build
    documents = len(plan.reporting_units) + 1
    args = ("report", "--year", "2019", "--inputs", str(inputs), "--outputs", str(outputs))
    manifests = {p: p.stat().st_mtime_ns for p in outputs.glob("*/MANIFEST.json")}
    before = json.loads((outputs / "2019" / ".render-state.json").read_text(encoding="utf-8"))
    again = invoke(*args)
    assert again.returncode == 0 and f"生成 0 份文档，{documents} 份无变化" in again.stdout, again.stdout
    assert "已更新" not in again.stdout
    # Nothing was written: every year's manifest is the record of the run that wrote the folder.
    assert {p: p.stat().st_mtime_ns for p in outputs.glob("*/MANIFEST.json")} == manifests and len(manifests) == 4
    # 工业和信息化局 rewrites its narrative for K1.1: only the report and K1.1's lead (农业农村局) show it.
    wb, identity = build_form(plan, plan.registry.get("工业和信息化局"), load_config(inputs, 2019), FormKeys(None), sample=True)
    fill_sample(wb, identity, plan, 2019, seed=2018)
    wb["重点任务和示范工程"]["E4"] = "配合农业农村局完成甘蔗叶综合利用试点，新增处理能力3万吨。"
    (inputs / "2019" / "2019年度_工业和信息化局_填报表.xlsx").write_bytes(workbook_bytes(wb))
    kept = outputs / "2019" / ".cache"
    drawn = {p: p.stat().st_mtime_ns for p in (kept / "charts").iterdir()}
    changed = invoke(*args, "--timings", str(outputs / "timings.json"))
    assert changed.returncode == 0, changed.stderr
    assert f"生成 2 份文档，{documents - 2} 份无变化" in changed.stdout, changed.stdout
    state = json.loads((outputs / "2019" / ".render-state.json").read_text(encoding="utf-8"))
    assert len(state) == documents
    # The report reads as before (its pages were kept), only the data its PDF carries is the new year's.
    report = next(stem for stem in state if "报告" in stem)
    assert state[report]["content"] == before[report]["content"] and state[report]["pdf"] != before[report]["pdf"]
    # The figures did not change: the charts were not drawn again; only 工业和信息化局's file was read again.
    assert {p: p.stat().st_mtime_ns for p in (kept / "charts").iterdir()} == drawn
    timings = json.loads((outputs / "timings.json").read_text(encoding="utf-8"))
    assert {"收件", "汇总", "组稿", "排版", "PDF", "DOCX", "清单"} <= set(timings) and all(v >= 0 for v in timings.values())
    manifest = (outputs / "2019" / "MANIFEST.json").read_text(encoding="utf-8")
    assert ".cache" not in manifest


def test_strict_exits_1_when_units_are_missing(built, tmp_path):
    result = invoke("report", "--year", "2019", "--outputs", str(copy_of(built, tmp_path).parent), "--strict")
    assert result.returncode == 1 and "未报送单位" in result.stdout


def test_every_year_a_report_wrote_verifies(built):
    """A report of 2019 collects and merges 2016–2018 too: each of those folders has its manifest, and it holds."""
    for year in (2016, 2017, 2018, 2019):
        result = invoke("verify", "--year", str(year), "--outputs", str(built.parent))
        assert result.returncode == 0, (year, result.stdout, result.stderr)
