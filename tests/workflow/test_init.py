"""A new plan folder from any notice of the genre, run end to end as a clerk would: init, forms, sample,
report. Documents name that notice's issuer and plan, and nothing of the seed's."""

from __future__ import annotations

import re
import zipfile

import pytest

from tests.conftest import pdf_text, run_cli
from tests.plan.notices import CITY_STYLE, STATE_STYLE

SEED_WORDS = ("柳州", "循环经济", "十三五", "柳政发")


def run(*args: str) -> str:
    result = run_cli(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "程序内部错误" not in result.stderr
    return result.stdout + result.stderr


def every_word(folder) -> str:
    """All text a reader sees in the documents and spreadsheets written."""
    texts = [pdf_text(p) for p in folder.rglob("*.pdf")]
    for path in [*folder.rglob("*.docx"), *folder.rglob("*.xlsx")]:
        with zipfile.ZipFile(path) as archive:
            texts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml")]
    return "\n".join(texts)


@pytest.mark.parametrize("notice, year, issuer, title_words", [
    (STATE_STYLE, 2024, "某某省人民政府", "绿色建材产业高质量发展"),
    (CITY_STYLE, 2021, "某某市人民政府办公室", "节能减排工作方案"),
])
def test_init_then_forms_sample_report(tmp_path, notice, year, issuer, title_words):
    source = tmp_path / "notice.txt"
    source.write_text(notice, encoding="utf-8")
    inputs, outputs = tmp_path / "new", tmp_path / "out"
    said = run("init", "--notice", str(source), "--inputs", str(inputs))
    assert "待填写" in said and "plan/units.toml" in said and "config.toml" in said
    plan_file = (inputs / "plan" / "plan.toml").read_text(encoding="utf-8")
    assert f'issuer = "{issuer}"' in plan_file and title_words in plan_file
    args = ("--year", str(year), "--inputs", str(inputs), "--outputs", str(outputs))
    assert "尚未填写" in run("forms", *args)
    run("sample", *args)
    run("report", *args)
    words = every_word(outputs / str(year))
    assert issuer in words and title_words in words
    assert [w for w in SEED_WORDS if w in words] == []


def test_init_never_overwrites(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(STATE_STYLE, encoding="utf-8")
    run("init", "--notice", str(source), "--inputs", str(tmp_path / "new"))
    again = run_cli("init", "--notice", str(source), "--inputs", str(tmp_path / "new"))
    assert again.returncode == 2 and "不覆盖" in again.stderr


def test_a_notice_that_is_not_of_the_genre_is_refused_with_a_reason(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text("关于开会的通知\n请各单位准时参会。\n", encoding="utf-8")
    result = run_cli("init", "--notice", str(source), "--inputs", str(tmp_path / "new"))
    assert result.returncode == 2 and re.search("没有找到注明牵头单位", result.stderr)
    assert not (tmp_path / "new").exists()


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
    assert "没有注明牵头单位" in run("plan", "--inputs", str(inputs))
    args = ("--year", "2023", "--inputs", str(inputs), "--outputs", str(outputs))
    run("forms", *args)
    assert sorted(p.name for p in (outputs / "2023" / "forms").glob("*.xlsx")) == [
        "2023年度_县乙局_填报表.xlsx", "2023年度_县甲局_填报表.xlsx"]  # 县丙局 has nothing to report
    run("sample", *args)
    run("report", *args)
    assert "县丙局" not in pdf_text(next((outputs / "2023" / "report").glob("*.pdf")))


def test_a_hundred_units_and_three_hundred_items(tmp_path):
    from tests.plan.notices import large_notice

    source = tmp_path / "notice.txt"
    source.write_text(large_notice(), encoding="utf-8")
    inputs, outputs = tmp_path / "new", tmp_path / "out"
    run("init", "--notice", str(source), "--inputs", str(inputs))
    assert "共 300 项" in run("plan", "--inputs", str(inputs))
    args = ("--year", "2024", "--inputs", str(inputs), "--outputs", str(outputs))
    run("forms", *args)
    assert len(list((outputs / "2024" / "forms").glob("*.xlsx"))) == 100
    run("sample", *args)
    run("report", *args)
    assert len(list((outputs / "2024" / "units").glob("*.pdf"))) == 100
