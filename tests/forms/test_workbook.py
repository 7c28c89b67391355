"""Per-unit forms: exactly the unit's items, locked layout, checks switched on, identity that survives."""

from __future__ import annotations

import openpyxl
import pytest

from pipeline.forms.layout import META_SHEET, TASK_SHEET, statuses
from pipeline.forms.workbook import build_form, write_forms
from tests.conftest import INPUTS, invoke, keys, load_config, pdf_text, read_meta, soffice_convert

STATUSES = statuses(final=False)


@pytest.fixture(scope="module")
def forms_dir(tmp_path_factory, plan):
    folder = tmp_path_factory.mktemp("forms")
    write_forms(plan, load_config(INPUTS, 2019), keys(), folder)
    return folder


def visible_ids(wb) -> dict[str, str]:
    ids = {}
    for ws in wb.worksheets:
        if ws.title in ("填报说明", META_SHEET):
            continue
        for row in ws.iter_rows(min_row=4, values_only=True):
            if row[0] and str(row[0])[0] in "TKD":
                ids[row[0]] = row[2]
    return ids


def test_one_form_per_unit_listing_exactly_its_items(forms_dir, plan):
    files = sorted(forms_dir.glob("*.xlsx"))
    assert len(files) == len(plan.reporting_units)
    for unit in plan.reporting_units:
        wb = openpyxl.load_workbook(forms_dir / f"2019年度_{unit.short}_填报表.xlsx")
        expected = {}
        for item in plan.items:
            now = plan.registry.history.successor  # the notice's unit, or who took its item over by 2019
            leads = {now(u, item.id, 2019) for n in item.lead for u in plan.registry.expand(n)}
            helpers = {now(u, item.id, 2019) for n in item.responsible for u in plan.registry.expand(n)}
            role = "牵头" if unit.short in leads else "责任" if unit.short in helpers else None
            if role is None:
                continue
            if item.measures:
                expected.update({m.id: role for m in item.measures})
            else:
                expected[item.id] = role
        assert visible_ids(wb) == expected, unit.short
        assert read_meta(forms_dir / f"2019年度_{unit.short}_填报表.xlsx")["unit"] == unit.short


def test_a_county_gets_its_group_items(forms_dir, plan):
    ids = visible_ids(openpyxl.load_workbook(forms_dir / "2019年度_融水苗族自治县_填报表.xlsx"))
    assert "T13.1" in ids and "K1.1" in ids and "D6" in ids and "D1.1" not in ids
    assert set(ids.values()) == {"责任"}


def test_only_input_cells_are_unlocked_and_checks_are_on(forms_dir):
    wb = openpyxl.load_workbook(forms_dir / "2019年度_工业和信息化局_填报表.xlsx")
    ws = wb[TASK_SHEET]
    assert ws.protection.sheet and wb["目标指标"].protection.sheet
    assert ws["A4"].protection.locked and ws["B4"].protection.locked
    assert not ws["D4"].protection.locked and not ws["E4"].protection.locked
    validations = ws.data_validations.dataValidation
    status = next(v for v in validations if v.type == "list")
    assert status.formula1 == '"' + ",".join(STATUSES) + '"'
    assert status.showErrorMessage and status.showInputMessage and not status.showDropDown
    numbers = [v for v in wb["目标指标"].data_validations.dataValidation if v.type == "decimal"]
    assert numbers and all(v.showErrorMessage and v.prompt for v in numbers)
    assert wb[META_SHEET].sheet_state == "veryHidden"


def test_libreoffice_resave_keeps_protection_dropdowns_and_identity(forms_dir, tmp_path):
    src = forms_dir / "2019年度_工业和信息化局_填报表.xlsx"
    resaved = soffice_convert(src, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    wb = openpyxl.load_workbook(resaved)
    ws = wb[TASK_SHEET]
    assert ws.protection.sheet
    assert ws["A4"].protection.locked and not ws["D4"].protection.locked
    status = next(v for v in ws.data_validations.dataValidation if v.type == "list")
    assert STATUSES[1] in status.formula1 and status.showErrorMessage
    assert read_meta(resaved) == read_meta(src)
    assert wb[META_SHEET].sheet_state != "visible"


def test_forms_command_writes_into_outputs(inputs_copy, tmp_path):
    result = invoke("forms", "--year", "2019", "--inputs", str(inputs_copy), "--outputs", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "2019" / "forms" / "2019年度_统计局_填报表.xlsx").exists()
    assert (inputs_copy / "plan" / "form.key").stat().st_mode & 0o777 == 0o600  # the DRC's secret, its own only


def test_unknown_year_is_a_clear_usage_error(inputs_copy, tmp_path):
    result = invoke("forms", "--year", "2031", "--inputs", str(inputs_copy), "--outputs", str(tmp_path))
    assert result.returncode == 2 and "2016–2020" in result.stderr and "Traceback" not in result.stderr


def test_sample_is_reproducible_and_marked(inputs_copy):
    first = invoke("sample", "--year", "2019", "--inputs", str(inputs_copy))
    assert first.returncode == 0, first.stderr
    files = sorted((inputs_copy / "2019").glob("*.xlsx"))
    before = {f.name: f.read_bytes() for f in files}
    again = invoke("sample", "--year", "2019", "--inputs", str(inputs_copy))
    assert again.returncode == 0
    assert {f.name: f.read_bytes() for f in files} == before
    assert 29 <= len(files) <= 32
    assert all(read_meta(f)["sample"] == "示例数据" for f in files)


def cells(path) -> dict:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None}


def test_shipped_2019_sample_matches_the_generator(inputs_copy):
    made = invoke("sample", "--year", "2019", "--inputs", str(inputs_copy))
    assert made.returncode == 0, made.stderr
    shipped = sorted(f.name for f in (INPUTS / "2019").glob("*.xlsx"))
    assert shipped == sorted(f.name for f in (inputs_copy / "2019").glob("*.xlsx"))
    for name in shipped:
        assert cells(INPUTS / "2019" / name) == cells(inputs_copy / "2019" / name), name


def test_form_identity_lists_every_row(plan):
    unit = plan.registry.get("发展改革委")
    wb, identity = build_form(plan, unit, load_config(INPUTS, 2019), keys())
    assert {r.id for r in identity.rows} >= {"T01", "T13.2", "K2.2", "D8.2"}
    for ref in identity.rows:
        assert wb[ref.sheet][f"A{ref.row}"].value == ref.id


def test_notice_text_is_printed_with_chinese_punctuation(plan):
    from pipeline.util.text import prose

    assert prose("水资源产出率超过44元/吨,万元工业增加值用水量降至60立方米。") == \
        "水资源产出率超过44元/吨，万元工业增加值用水量降至60立方米。"
    assert prose("(一)达到1,000家;时间10:30:完成!") == "（一）达到1,000家；时间10:30：完成！"
    wb, _ = build_form(plan, plan.registry.get("水利局"), load_config(INPUTS, 2019), keys())
    shown = [str(c.value) for ws in wb.worksheets if ws.title != META_SHEET for row in ws.iter_rows()
             for c in row if isinstance(c.value, str)]
    assert not [t for t in shown if any(mark in t for mark in ",;()")], "half-width marks left in the form"


def test_a_long_narrative_prints_whole(plan, tmp_path):
    """Data rows are not fixed: offices fit them to the text as the unit types; a form filled by the pipeline
    (samples, returned copies) is fitted as it is written. 360 characters print in full."""
    import re
    import zipfile

    from pipeline.forms.workbook import fit_form
    from pipeline.util.workbook import workbook_bytes

    wb, identity = build_form(plan, plan.registry.get("水利局"), load_config(INPUTS, 2019), keys())
    ref = next(r for r in identity.rows if r.sheet == TASK_SHEET)
    narrative = "".join(f"第{n}项工作已按计划完成并通过验收，" for n in range(1, 21)) + "全年共投入资金1200万元结束。"
    assert len(narrative) >= 360
    wb[TASK_SHEET][ref.cell("work")] = narrative
    fit_form(wb)
    path = tmp_path / "长文字.xlsx"
    path.write_bytes(workbook_bytes(wb))
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    fixed = {int(r) for xml in sheets for r in re.findall(r'<row r="(\d+)"[^>]*customHeight="1"', xml)}
    assert fixed <= {1, 2}, fixed  # only the merged title rows keep a fixed height
    pdf = soffice_convert(path, "pdf", tmp_path / "pdf")
    printed = "".join(pdf_text(pdf).split())
    assert "第20项工作已按计划完成" in printed and "全年共投入资金1200万元结束。" in printed
