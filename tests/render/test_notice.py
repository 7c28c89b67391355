"""The 填报通知 and 分发清单 that `forms` sends out with the forms (issue 14, part 1)."""

from __future__ import annotations

import shutil

import openpyxl
import pdfplumber
import pytest

from pipeline.render.style import MM
from tests.conftest import INPUTS, invoke

BOTTOM = (297 - 35) * MM
RED = (1.0, 0.2, 0.2)


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    root = tmp_path_factory.mktemp("forms")
    shutil.copytree(INPUTS / "plan", root / "inputs" / "plan", ignore=shutil.ignore_patterns("form.key"))
    shutil.copy(INPUTS / "config.toml", root / "inputs" / "config.toml")
    result = invoke("forms", "--year", "2019", "--inputs", str(root / "inputs"), "--outputs", str(root / "outputs"))
    assert result.returncode == 0, result.stderr
    return root, result


def test_forms_come_with_a_notice_and_a_distribution_list(sent):
    root, result = sent
    folder = root / "outputs" / "2019" / "notice"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2019年度填报表分发清单.xlsx", "2019年度填报通知.docx", "2019年度填报通知.pdf"]
    rows = list(openpyxl.load_workbook(folder / "2019年度填报表分发清单.xlsx").active.iter_rows(values_only=True))
    forms = sorted(p.name for p in (root / "outputs" / "2019" / "forms").iterdir())
    assert len(rows) == 1 + len(forms) == 31 and sorted(r[2] for r in rows[1:]) == forms


def test_the_notice_is_a_gbt9704_document(sent):
    root, _ = sent
    with pdfplumber.open(root / "outputs" / "2019" / "notice" / "2019年度填报通知.pdf") as pdf:
        first = pdf.pages[0]
        issuer = [c for c in first.chars if tuple(round(x, 1) for x in (c["non_stroking_color"] or ())) == RED]
        assert "".join(c["text"] for c in issuer) == "柳州市发展和改革委员会"
        text = "\n".join(page.extract_text() for page in pdf.pages).replace(" ", "")  # gaps beside digits
        assert "柳发改〔2019〕105号" in text and "报送2019年度" in text and "2020年1月17日前" in text
        assert "附件2" in text and "填报表分发清单" in text
        assert len(pdf.pages) % 2 == 0
        last = pdf.pages[-1]
        rules = [r for r in last.rects + last.lines if r["x1"] - r["x0"] > 150 * MM]
        assert "印发" in last.extract_text() and abs(max(r["bottom"] for r in rules) - BOTTOM) < 2 * MM


def test_verify_passes_after_forms(sent):
    root, _ = sent
    result = invoke("verify", "--year", "2019", "--inputs", str(root / "inputs"), "--outputs", str(root / "outputs"))
    assert result.returncode == 0, result.stdout


def test_the_notice_passes_the_reports_layout_checks(sent, tmp_path):
    """The same GB/T 9704 measures as the report: LibreOffice sets the DOCX on as many pages, 28 characters a
    full line in both, our full lines end at the margin, the 版记 closes an even page in both."""
    from tests.conftest import soffice_convert
    from tests.render.test_layout import RIGHT, body_lines, continued, full_line_slots, pages

    root, _ = sent
    ours = root / "outputs" / "2019" / "notice" / "2019年度填报通知.pdf"
    theirs = soffice_convert(ours.with_suffix(".docx"), "pdf", tmp_path)
    assert pages(theirs) == pages(ours) and pages(ours) % 2 == 0
    for path in (ours, theirs):
        assert full_line_slots(path) == {28}, path.name
        with pdfplumber.open(path) as pdf:
            last = pdf.pages[-1]
            rules = [r for r in last.rects + last.lines if r["x1"] - r["x0"] > 150 * MM]
            assert abs(max(r["bottom"] for r in rules) - BOTTOM) < 2 * MM, path.name
    assert max(RIGHT - line[-1]["x1"] for line in continued(body_lines(ours))) < 4


def test_the_distribution_list_takes_contacts_from_last_years_forms(tmp_path):
    inputs, outputs = tmp_path / "inputs", tmp_path / "outputs"
    shutil.copytree(INPUTS / "plan", inputs / "plan", ignore=shutil.ignore_patterns("form.key"))
    shutil.copy(INPUTS / "config.toml", inputs / "config.toml")
    shutil.copytree(INPUTS / "2018", inputs / "2018")
    assert invoke("collect", "--year", "2018", "--inputs", str(inputs), "--outputs", str(outputs)).returncode == 0
    result = invoke("forms", "--year", "2019", "--inputs", str(inputs), "--outputs", str(outputs))
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(outputs / "2019" / "notice" / "2019年度填报表分发清单.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "联系人出处"
    from_forms = [r for r in rows[1:] if str(r[5]).startswith("2018年度填报表“")]
    assert len(from_forms) >= 25 and all(r[3] != "—" and r[4] != "—" for r in from_forms)
