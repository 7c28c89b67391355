"""Validators this project did not write say yes to every kind of file it writes (issue 23), and the DOCX lays
out like the PDF on every kind of year.

- openxml-audit (a port of Microsoft's Open XML SDK validator) on every DOCX and XLSX kind;
- veraPDF (the PDF Association's PDF/A validator, installed by .ci/verapdf.sh) and qpdf on every PDF kind;
- LibreOffice's PDF of each DOCX beside ours: the same pages, each starting with the same line, 28 characters
  on every full line of Chinese, for a first year (no history), a middle year, the final year and a year with
  missing and returned units.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from tests.conftest import INPUTS, ROOT, invoke, report_of
from tests.render.test_layout import full_line_slots
from tests.serve.desk import (
    desk_project,
    filled,
    open_desk,
    post_file,
    unit_client,
    with_text_in_a_number_cell,
)

YEAR = 2019
DOCX = ["report", "final", "first", "unit", "notice", "reminder", "correction"]
XLSX = ["form", "returned", "merged", "listing", "chase", "review", "links", "desk_form", "desk_returned"]
PDF = [*DOCX, "receipt", "desk_correction"]
# openxml-audit findings shown harmless, each with why. openpyxl writes every text cell as an inline string
# (<c t="inlineStr">, ECMA-376 Part 1 §18.3.1.4) and no shared-strings part: valid SpreadsheetML, which Excel,
# WPS, LibreOffice and calamine read as written (tests/intake/test_collect.py reads LibreOffice's re-save of a
# form back; Excel moves the strings into a shared table when it saves). The validator warns, it does not err.
HARMLESS = re.compile(r"inline-string cell\(s\) \(`<c t=\"inlineStr\">`\) but the package has no populated")


def _returned_year(root: Path) -> Path:
    """The sample years with 水利局's 2019 form returned (text in a number cell) beside the units that sent
    nothing; forms, report and reminders made for 2019, and the final year: the outputs folder."""
    import openpyxl

    inputs, outputs = root / "inputs", root / "outputs"
    shutil.copytree(INPUTS, inputs, ignore=shutil.ignore_patterns("form.key", ".desk"))
    form = inputs / str(YEAR) / f"{YEAR}年度_水利局_填报表.xlsx"
    wb = openpyxl.load_workbook(form)
    ws = wb.worksheets[1]
    column = next(i for i, c in enumerate(ws[3], 1) if c.value == "本年度完成值")
    ws.cell(row=4, column=column).value = "约12"
    wb.save(form)
    for args in (["forms"], ["report"], ["status"]):
        result = invoke(*args, "--year", str(YEAR), "--inputs", str(inputs), "--outputs", str(outputs))
        assert result.returncode in (0, 1), result.stdout + result.stderr
    return outputs


def _first_year(root: Path) -> Path:
    """2019 as a first year: its inputs only, no history."""
    inputs = root / "inputs"
    for part in ("plan", str(YEAR)):
        shutil.copytree(INPUTS / part, inputs / part, ignore=shutil.ignore_patterns("form.key"))
    shutil.copy(INPUTS / "config.toml", inputs / "config.toml")
    result = invoke("report", "--year", str(YEAR), "--inputs", str(inputs), "--outputs", str(root / "outputs"))
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "outputs" / str(YEAR)


def _desk_papers(root: Path) -> dict[str, Path]:
    """What the desk writes: the links list, the form it hands out, a returned copy, a 退回修改通知, a 回执."""
    from pipeline.desk.service import form_of

    desk = open_desk(desk_project(root))
    try:
        client, csrf = unit_client(desk, "生态环境局")
        bad, _ = with_text_in_a_number_cell(filled(desk.project, "生态环境局"))
        answered = client.get(post_file(client, csrf, bad).headers["location"]).text
        good = client.get(post_file(client, csrf, filled(desk.project, "生态环境局")).headers["location"]).text
        found = {}
        for kind, page, route, suffix in (("desk_returned", answered, "copy", ".xlsx"),
                                          ("desk_correction", answered, "letter", ".pdf"),
                                          ("receipt", good, "receipt", ".pdf")):
            href = re.search(rf'href="(/unit/uploads/\d+/{route})"', page).group(1)
            found[kind] = root / f"{kind}{suffix}"
            found[kind].write_bytes(client.get(href).content)
        found["desk_form"] = root / "desk_form.xlsx"
        found["desk_form"].write_bytes(form_of(desk, "生态环境局")[1])
        found["links"] = next((desk.project.inputs / ".desk").glob("*.xlsx"))
    finally:
        desk.close()
    return found


def _review_sheet(root: Path) -> Path:
    result = invoke("init", "--notice", str(INPUTS / "plan" / "notice.txt"), "--inputs", str(root / "new"))
    assert result.returncode == 0, result.stdout + result.stderr
    return next((root / "new").rglob("*核对清单*.xlsx"))


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory) -> dict[str, Path]:
    """One file of every kind the project writes, by kind (stems without suffix for DOCX and PDF pairs)."""
    outputs = _returned_year(tmp_path_factory.mktemp("returned"))
    year, final = outputs / str(YEAR), report_of(tmp_path_factory, 2020)
    first = _first_year(tmp_path_factory.mktemp("first"))
    letters = year / "letters"
    files = {
        "report": year / "report" / f"{YEAR}年度循环经济目标任务完成情况报告",
        "final": final / "report" / "2020年度循环经济目标任务终期完成情况报告",
        "first": first / "report" / f"{YEAR}年度循环经济目标任务完成情况报告",
        "unit": year / "units" / f"{YEAR}年度_鹿寨县_报送情况汇总",
        "notice": year / "notice" / f"{YEAR}年度填报通知",
        "reminder": letters / f"{YEAR}年度催报通知",
        "correction": letters / f"{YEAR}年度_水利局_退回修改通知",
        "form": year / "forms" / f"{YEAR}年度_鹿寨县_填报表.xlsx",
        "returned": year / "intake" / "退回修改" / f"{YEAR}年度_水利局_填报表_退回修改.xlsx",
        "merged": year / "merged" / f"{YEAR}年度汇总数据.xlsx",
        "listing": year / "notice" / f"{YEAR}年度填报表分发清单.xlsx",
        "chase": year / "intake" / f"{YEAR}年度催报名单.xlsx",
        "review": _review_sheet(tmp_path_factory.mktemp("init")),
        **_desk_papers(tmp_path_factory.mktemp("desk")),
    }
    return files


def pdf_of(files: dict[str, Path], kind: str) -> Path:
    path = files[kind]
    return path if path.suffix == ".pdf" else path.with_name(path.name + ".pdf")


def audit(path: Path):
    from openxml_audit import OpenXmlValidator

    return OpenXmlValidator(max_errors=1000).validate(str(path))


@pytest.mark.parametrize("kind", DOCX)
def test_every_docx_is_schema_valid_for_word(every_kind, kind):
    result = audit(every_kind[kind].with_name(every_kind[kind].name + ".docx"))
    findings = [f"{e.severity.value} {e.description}" for e in result.errors]
    assert result.error_count == 0 and result.warning_count == 0, findings


@pytest.mark.parametrize("kind", XLSX)
def test_every_xlsx_passes_the_open_xml_validator(every_kind, kind):
    result = audit(every_kind[kind])
    assert result.error_count == 0, [e.description for e in result.errors if e.severity.value == "error"]
    unexplained = [e.description for e in result.errors if not HARMLESS.search(e.description)]
    assert unexplained == []


@pytest.mark.parametrize("kind", XLSX)
def test_no_xlsx_the_project_writes_carries_a_formula_link_macro_or_object(every_kind, kind):
    from tests.intake.test_hostile import live_parts

    assert live_parts(every_kind[kind].read_bytes()) == []


def verapdf_classpath() -> str:
    listed = ROOT / ".venv" / "verapdf.classpath"
    if not (shutil.which("java") and listed.is_file() and listed.read_text().strip()):
        pytest.skip("veraPDF 未安装（.ci/verapdf.sh 从 Maven Central 安装，需要 Java 与 Maven）：PDF/A 未经 veraPDF 校验")
    return listed.read_text().strip()


def test_every_pdf_passes_verapdf_as_pdf_a_3a(every_kind):
    """One veraPDF run over a PDF of every kind, validated as PDF/A-3a (the level the files claim)."""
    paths = [pdf_of(every_kind, kind) for kind in PDF]
    run = subprocess.run(["java", "-cp", verapdf_classpath(), "org.verapdf.apps.GreenfieldCliWrapper", "--flavour",
                          "3a", "--format", "text", *map(str, paths)], capture_output=True, text=True, timeout=600)
    verdicts = {path: verdict for verdict, path in re.findall(r"^(PASS|FAIL) (.+) 3a$", run.stdout, re.M)}
    assert {str(p): verdicts.get(str(p)) for p in paths} == {str(p): "PASS" for p in paths}, run.stdout[-3000:]


@pytest.mark.parametrize("kind", PDF)
def test_qpdf_finds_nothing_in_any_pdf(every_kind, kind):
    check = subprocess.run(["qpdf", "--check", str(pdf_of(every_kind, kind))], capture_output=True, text=True)
    assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr, check.stdout + check.stderr


@pytest.mark.parametrize("names", [["summary.json"], ["summary.json", "2019年度汇总数据.xlsx"],
                                   ["b.csv", "附件2：进度表.xlsx", "A.json", "柳州市 数据.txt", "z-α.bin"]],
                         ids=["one", "two", "several"])
def test_attachments_are_found_by_name_in_every_reader(built, tmp_path, names):
    """qpdf and pikepdf look a name up by bisection of the name tree: every file is found by its name."""
    from pipeline.merge.summary import load_summary
    from pipeline.render.paged.layout import paginate
    from pipeline.render.run import compose, jobs
    from pipeline.render.writers.pdf import write_pdf
    from pipeline.workflow.project import open_project

    project = open_project(INPUTS, built.parent)
    job = next(j for j in jobs(project.plan, built.parent, YEAR) if j.stem.endswith("统计局_报送情况汇总"))
    doc = compose(job, load_summary(built.parent, YEAR), project.config(YEAR), project.plan, built.parent)
    doc.attachments = [(name, name.encode() * 3) for name in names]
    path = tmp_path / "carrying.pdf"
    path.write_bytes(write_pdf(paginate(doc)))
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr, check.stdout + check.stderr
    for name in names:
        shown = subprocess.run(["qpdf", f"--show-attachment={name}", str(path)], capture_output=True)
        assert shown.returncode == 0 and shown.stdout == name.encode() * 3, (name, shown.stderr)
    with pikepdf.open(path) as pdf:
        assert {n: pdf.attachments[n].get_file().read_bytes() for n in names} == {n: n.encode() * 3 for n in names}


@pytest.fixture(scope="module")
def libreoffice(every_kind, tmp_path_factory) -> dict[str, Path]:
    """LibreOffice's PDF of each kind's DOCX, all in one run of soffice."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    folder = tmp_path_factory.mktemp("lo")
    found = {}
    for kind in DOCX:  # one folder each: two kinds share a file name (the first year's and the middle year's report)
        source = every_kind[kind].with_name(every_kind[kind].name + ".docx")
        out = folder / kind
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/.profile", "--headless", "--convert-to",
                        "pdf", "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=300)
        found[kind] = out / f"{source.stem}.pdf"
    return found


def page_starts(path: Path) -> list[str]:
    """The first line of body text on each page (spaces left out: extraction reads the gap beside digits as
    one), '' for a page without."""
    starts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            body = [c for c in page.chars if 100 < c["top"] < 745 and abs(c["size"] - 16) < 0.3 and c["text"].strip()]
            first = min((c["top"] for c in body), default=None)
            line = sorted((c for c in body if first is not None and abs(c["top"] - first) < 3), key=lambda c: c["x0"])
            starts.append("".join(c["text"] for c in line))
    return starts


@pytest.mark.parametrize("kind", DOCX)
def test_libreoffice_lays_the_docx_out_on_the_same_pages(every_kind, libreoffice, kind):
    ours, theirs = pdf_of(every_kind, kind), libreoffice[kind]
    assert page_starts(theirs) == page_starts(ours)


@pytest.mark.parametrize("kind", ["report", "final", "first", "unit"])
def test_every_full_line_of_chinese_holds_28_characters_in_every_kind_of_year(every_kind, libreoffice, kind):
    for path in (pdf_of(every_kind, kind), libreoffice[kind]):
        slots = full_line_slots(path)
        assert slots <= {28}, path
        assert slots or kind == "unit", path  # a unit's one-page letter may have no line of Chinese alone
