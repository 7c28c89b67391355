"""A hostile sender's inbox (issue 12): crafted workbooks, forged identities, odd text and file names.

Every good form is still recorded, every bad file is named with its reason (and cell), no file costs more
than its limits, and the year's documents are still produced.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import socket
import stat
import threading
import zipfile
from pathlib import Path

import pytest

from pipeline.forms.layout import META_SHEET
from pipeline.forms.sample import fill_sample
from pipeline.forms.signing import FormKeys
from pipeline.forms.workbook import build_form
from pipeline.intake.checks import check_file
from pipeline.intake.isolate import Limits, Readers
from pipeline.terms import Role
from pipeline.util.workbook import workbook_bytes
from tests.conftest import INPUTS, invoke, keys, load_config, soffice_convert, with_key
from tests.intake.test_collect import filled_form, save

YEAR = 2019
ACCEPTED = ("accepted", "accepted_with_warnings")


def meta_cell(wb, key: str, value: str) -> None:
    """Change one field of a form's hidden identity sheet, as an editor of the file could."""
    for row in wb[META_SHEET].iter_rows():
        if row[0].value == key:
            row[1].value = value
            return
    raise AssertionError(f"no {key} in {META_SHEET}")


def shared_row(plan, unit: str):
    """A (row of the unit's identity, the lead's unit name) where the unit is only responsible."""
    wb, identity = build_form(plan, plan.registry.get(unit), load_config(INPUTS, YEAR), keys())
    for ref in identity.rows:
        if ref.sheet == "目标指标" and ref.role == Role.SHARE:
            return ref, plan.answering_units(plan.item(plan.measures_by_id[ref.id].item_id))[0]
    raise AssertionError(f"{unit} shares no measure")


def rewrite_zip(data: bytes, change) -> bytes:
    """The workbook with each part passed through ``change(name, content) -> (name, content)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(*change(info.filename, src.read(info.filename)))
    return out.getvalue()


def moved_sheet(good: bytes, rows: int = 300_000) -> bytes:
    """A sheet stored outside xl/worksheets/, named there by the workbook's relationships, with many rows."""
    body = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, rows + 1))
    huge = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheetData>" + body + b"</sheetData></worksheet>")

    def change(name: str, content: bytes) -> tuple[str, bytes]:
        if name == "xl/worksheets/sheet2.xml":
            return "xl/media/image9.xml", huge
        return name, content.replace(b"worksheets/sheet2.xml", b"media/image9.xml")

    return rewrite_zip(good, change)


def prose(chars: int) -> str:
    """Text that compresses like writing does (not like one character repeated, which is a zip bomb)."""
    rng = random.Random(chars)
    return "".join(rng.choices("推进工作节能减排循环经济资源利用示范项目建设完成情况年度目标任务落实单位", k=chars))


def long_narrative(good: bytes, chars: int = 3_000_000) -> bytes:
    """The task sheet's first narrative cell holding ``chars`` characters (9 MB of UTF-8 at the default)."""
    cell = f'<c r="E4" t="inlineStr"><is><t>{prose(chars)}</t></is></c>'.encode()

    def change(name: str, content: bytes) -> tuple[str, bytes]:
        if name != "xl/worksheets/sheet3.xml":
            return name, content
        return name, re.sub(rb'<c r="E4"[^>]*?(/>|>.*?</c>)', lambda _: cell, content, count=1, flags=re.S)

    return rewrite_zip(good, change)


def shared_strings_elsewhere(good: bytes, chars: int = 3_000_000) -> bytes:
    """9 MB of shared strings stored outside the usual part name, found only through the relationships."""
    strings = (f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{prose(chars)}</t></si></sst>'
               .encode())
    rel = (b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
           b' Target="/xl/media/notes.xml" Id="rId99"/></Relationships>')
    out = rewrite_zip(good, lambda n, c: (n, c.replace(b"</Relationships>", rel) if n.endswith("workbook.xml.rels")
                                           else c))
    buffer = io.BytesIO(out)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/notes.xml", strings)
    return buffer.getvalue()


def real_inbox(plan, inbox: Path) -> dict[str, str]:
    """Every reporting unit's form, filled and signed with the tests' key: {unit: file name}."""
    inbox.mkdir(parents=True)
    names = {}
    for unit in plan.reporting_units:
        names[unit.short] = f"{YEAR}年度_{unit.short}_填报表.xlsx"
        save(filled_form(plan, unit.short), inbox / names[unit.short])
    return names


def new_inputs(root: Path) -> Path:
    inputs = root / "inputs"
    shutil.copytree(INPUTS / "plan", inputs / "plan", ignore=shutil.ignore_patterns("form.key"))
    shutil.copy(INPUTS / "config.toml", inputs / "config.toml")
    return with_key(inputs)


# --- the crafted inbox ----------------------------------------------------------------------------

def crafted_files(plan, inbox: Path, tmp: Path) -> dict[str, str]:
    """Write every crafted file; returns {file name: the problem code it must be refused with}."""
    good = (inbox / f"{YEAR}年度_统计局_填报表.xlsx").read_bytes()
    wb = filled_form(plan, "统计局")
    hidden = wb.create_sheet("备注")
    hidden.sheet_state = "hidden"
    hidden["XFD1048576"] = "x"
    save(wb, inbox / "隐藏表末格.xlsx")
    wb = filled_form(plan, "统计局")
    wb["目标指标"]["XFD4999"] = 1
    save(wb, inbox / "远列.xlsx")
    (inbox / "表在别处.xlsx").write_bytes(moved_sheet(good))
    narrative = (inbox / f"{YEAR}年度_水利局_填报表.xlsx").read_bytes()
    (inbox / "超长叙述.xlsx").write_bytes(long_narrative(narrative))
    (inbox / "超长共享文字.xlsx").write_bytes(shared_strings_elsewhere(narrative))
    os.mkfifo(inbox / "管道.xlsx")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(inbox / "s.xlsx"))
    listener.close()
    return {"隐藏表末格.xlsx": "too_many_rows", "远列.xlsx": "too_many_columns", "表在别处.xlsx": "too_large_sheet",
            "超长叙述.xlsx": "too_large_sheet", "超长共享文字.xlsx": "too_much_text", "管道.xlsx": "not_a_file", "s.xlsx": "not_a_file"}


def forged_files(plan, inbox: Path) -> dict[str, str]:
    """Forms whose identity was edited or signed elsewhere: {file name: code}."""
    config = load_config(INPUTS, YEAR)
    wb = filled_form(plan, "水利局")
    meta_cell(wb, "unit", "生态环境局")
    meta_cell(wb, "unit_full", plan.registry.get("生态环境局").full)
    save(wb, inbox / "冒名.xlsx")
    ref, _ = shared_row(plan, "统计局")
    wb = filled_form(plan, "统计局")
    for row in wb[META_SHEET].iter_rows():
        if row[0].value == "row" and row[3].value == ref.id:
            row[4].value = str(Role.LEAD)
    wb[ref.sheet].protection.sheet = False
    wb[ref.sheet][ref.cell("role")] = str(Role.LEAD)
    save(wb, inbox / "越权.xlsx")
    wb = filled_form(plan, "水利局", year=2018)
    meta_cell(wb, "year", str(YEAR))
    save(wb, inbox / "改年份.xlsx")
    wb, identity = build_form(plan, plan.registry.get("生态环境局"), config, FormKeys(bytes(32)))
    save(wb, inbox / "另一把密钥.xlsx")
    wb = filled_form(plan, "交通局")
    ws = wb["重点任务和示范工程"]
    ws.protection.sheet = False
    ws["B4"] = "改过的事项文字"
    save(wb, inbox / "改了事项.xlsx")
    return {"冒名.xlsx": "identity_edited", "越权.xlsx": "identity_edited", "改年份.xlsx": "identity_edited",
            "另一把密钥.xlsx": "other_key", "改了事项.xlsx": "layout_edited"}


def odd_names(plan, inbox: Path) -> list[str]:
    """Forms with problems under names a file system allows and a reader does not expect."""
    names = []
    for raw, seed in ((b"\xb1\xa8\xb1\xed.xlsx", 1), ("报表.xlsx".encode(), 2), ("报表.XLSX".encode(), 3),
                      ("很".encode() * 78 + b".xlsx", 4)):
        wb = filled_form(plan, "水利局", seed=seed)
        wb["目标指标"]["G4"] = "约" + str(seed)
        with open(os.path.join(os.fsencode(inbox), raw), "wb") as fh:
            fh.write(workbook_bytes(wb))
        names.append(os.fsdecode(raw))
    return names


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, plan):
    root = tmp_path_factory.mktemp("hostile")
    inputs = new_inputs(root)
    inbox = inputs / str(YEAR)
    units = real_inbox(plan, inbox)
    expected = {**crafted_files(plan, inbox, root), **forged_files(plan, inbox)}
    odd = odd_names(plan, inbox)
    sent = {p.name: p.read_bytes() for p in inbox.iterdir() if p.is_file() and not p.is_symlink()}
    result = invoke("collect", "--year", str(YEAR), "--inputs", str(inputs), "--outputs", str(root / "outputs"))
    intake = root / "outputs" / str(YEAR) / "intake"
    return {"root": root, "inbox": inbox, "units": units, "expected": expected, "odd": odd, "result": result,
            "sent": sent, "intake": intake,
            "problems": json.loads((intake / "problems.json").read_text(encoding="utf-8")),
            "submissions": json.loads((intake / "submissions.json").read_text(encoding="utf-8"))["submissions"]}


def test_collect_records_every_good_form_beside_hostile_files(hostile):
    assert hostile["result"].returncode == 1, hostile["result"].stderr
    assert "Traceback" not in hostile["result"].stdout + hostile["result"].stderr
    by_file = {s["file"]: s for s in hostile["submissions"]}
    for unit, name in hostile["units"].items():
        assert by_file[name]["outcome"] in ACCEPTED and by_file[name]["counts"], (unit, by_file[name])


def test_each_hostile_file_is_named_with_its_reason(hostile):
    for name, code in hostile["expected"].items():
        found = [p for p in hostile["problems"] if p["file"] == name]
        assert any(p["code"] == code and p["severity"] == "error" for p in found), (name, found)


def test_a_forged_identity_never_replaces_the_real_units_figures(hostile):
    by_file = {s["file"]: s for s in hostile["submissions"]}
    for name in ("冒名.xlsx", "越权.xlsx", "改年份.xlsx", "另一把密钥.xlsx"):
        assert by_file[name]["outcome"] == "rejected" and not by_file[name]["counts"]
    forged = [p["message"] for p in hostile["problems"] if p["file"] == "冒名.xlsx"]
    assert any("表内身份信息被改动" in m for m in forged)
    assert any("另一把签名密钥" in p["message"] for p in hostile["problems"] if p["file"] == "另一把密钥.xlsx")
    assert by_file[hostile["units"]["生态环境局"]]["counts"]


def test_odd_file_names_are_data_and_each_gets_its_own_returned_copy(hostile):
    shown = {s["file"] for s in hostile["submissions"]}
    assert "报表.xlsx" in shown and "报表（2）.xlsx" in shown  # the GBK-named file reads as 报表.xlsx too
    assert "报表.XLSX" in shown and any(name.startswith("很很很") for name in shown)
    returned = sorted(p.name for p in (hostile["intake"] / "退回修改").iterdir() if p.name.startswith(("报表", "很")))
    assert len(returned) == 4 and all(len(n.encode()) < 200 for n in returned), returned


def test_every_received_file_is_kept_and_the_inbox_untouched(hostile):
    """A copy of each regular file sent (the same bytes once); every file in the inbox as it was, the pipe
    still a pipe (never opened)."""
    kept = {p.name.split(".")[0] for p in (hostile["intake"] / "received").iterdir()}
    sent = {hashlib.sha256(data).hexdigest()[:16] for name, data in hostile["sent"].items()
            if not name.startswith(("~$", ".~lock"))}
    assert kept == sent
    now = {p.name: p.read_bytes() for p in hostile["inbox"].iterdir() if p.is_file() and not p.is_symlink()}
    assert now == hostile["sent"]
    assert stat.S_ISFIFO((hostile["inbox"] / "管道.xlsx").lstat().st_mode)


def test_the_sample_key_never_signs_real_data(tmp_path, plan):
    """A form signed with the published sample key, beside real forms, is refused."""
    inbox = tmp_path / str(YEAR)
    inbox.mkdir()
    save(filled_form(plan, "水利局"), inbox / "正式.xlsx")
    wb, identity = build_form(plan, plan.registry.get("生态环境局"), load_config(INPUTS, YEAR), keys(), sample=True)
    fill_sample(wb, identity, plan, YEAR, seed=3)
    save(wb, inbox / "示例冒充.xlsx")
    from pipeline.intake.collect import run_collect

    intake = run_collect(plan, load_config(INPUTS, YEAR), keys(), tmp_path, tmp_path / "out")
    verdicts = {s.file: s.outcome for s in intake.submissions}
    assert verdicts == {"正式.xlsx": "accepted", "示例冒充.xlsx": "rejected"}
    assert [p.code for p in intake.problems if p.file == "示例冒充.xlsx"] == ["sample_mixed"]


# --- limits per file ------------------------------------------------------------------------------

def _read_alone(plan, path: Path) -> list:
    with Readers(plan, load_config(INPUTS, YEAR), keys(), workers=1) as readers:
        return list(readers.read([(path, path.name)]))


@pytest.mark.parametrize("name", ["隐藏表末格.xlsx", "远列.xlsx", "表在别处.xlsx", "超长叙述.xlsx", "超长共享文字.xlsx"])
def test_a_hostile_file_is_refused_for_what_it_is_not_for_running_out_of_time(hostile, plan, name):
    [(_, (sub, problems, _))] = _read_alone(plan, hostile["inbox"] / name)
    codes = [p.code for p in problems]
    assert sub.outcome == "rejected" and hostile["expected"][name] in codes, codes
    assert not set(codes) & {"reader_timeout", "reader_crashed", "too_much_memory"}, codes


def test_honest_forms_of_every_office_read_within_the_memory_limit(tmp_path, plan):
    """The 400 MB address-space limit (which bounds resident memory too) leaves every honest form readable."""
    source = tmp_path / "生态环境局.xlsx"
    save(filled_form(plan, "生态环境局"), source)
    files = [source] + [soffice_convert(source, fmt, tmp_path / "lo") for fmt in ("xls:MS Excel 97", "ods")]
    with Readers(plan, load_config(INPUTS, YEAR), keys(), workers=1) as readers:
        outcomes = {name: sub.outcome for name, (sub, _, _) in readers.read([(f, f.name) for f in files])}
    assert set(outcomes.values()) <= set(ACCEPTED), outcomes


def test_a_reader_that_hangs_costs_only_its_file(tmp_path, plan):
    hang = tmp_path / "hang.xlsx"
    os.mkfifo(hang)  # handed straight to a reader (the inbox never does): opening it blocks
    good = save(filled_form(plan, "水利局"), tmp_path / "good.xlsx")
    with Readers(plan, load_config(INPUTS, YEAR), keys(), workers=1, limits=Limits(wall_seconds=3)) as readers:
        results = {name: (sub.outcome, [p.code for p in probs]) for name, (sub, probs, _) in
                   readers.read([(hang, hang.name), (good, good.name)])}
    assert results["hang.xlsx"] == ("rejected", ["reader_timeout"])
    assert results["good.xlsx"][0] in ACCEPTED


def test_a_reader_out_of_memory_costs_only_its_file(tmp_path, plan):
    good = save(filled_form(plan, "水利局"), tmp_path / "good.xlsx")
    files = [(good, "a.xlsx"), (good, "b.xlsx")]
    with Readers(plan, load_config(INPUTS, YEAR), keys(), workers=1, limits=Limits(memory_mb=1)) as readers:
        results = {name: (sub.outcome, [p.code for p in probs]) for name, (sub, probs, _) in readers.read(files)}
    assert results == {"a.xlsx": ("rejected", ["too_much_memory"]), "b.xlsx": ("rejected", ["too_much_memory"])}


def test_a_reader_that_dies_costs_only_its_file(tmp_path, plan):
    hang = tmp_path / "hang.xlsx"
    os.mkfifo(hang)
    good = save(filled_form(plan, "水利局"), tmp_path / "good.xlsx")
    with Readers(plan, load_config(INPUTS, YEAR), keys(), workers=1) as readers:
        # the reader blocks on the pipe; then it dies, as one a crafted file aborts would
        threading.Timer(2, lambda: os.kill(readers.workers[0].process.pid, signal.SIGKILL)).start()
        results = {name: (sub.outcome, [p.code for p in probs]) for name, (sub, probs, _) in
                   readers.read([(hang, hang.name), (good, good.name)])}
    assert results["hang.xlsx"] == ("rejected", ["reader_crashed"])
    assert results["good.xlsx"][0] in ACCEPTED


@pytest.fixture(scope="module")
def mutated_xls(tmp_path_factory, plan):
    """A form re-saved as .xls by LibreOffice, then copies of it each with one byte changed."""
    root = tmp_path_factory.mktemp("xls")
    source = save(filled_form(plan, "生态环境局"), root / "生态环境局.xlsx")
    original = soffice_convert(source, "xls:MS Excel 97", root / "lo").read_bytes()
    inbox = root / "inputs" / str(YEAR)
    inbox.mkdir(parents=True)
    rng = random.Random(12)
    for n in range(16):
        data = bytearray(original)
        at = rng.randrange(len(data))
        data[at] = (data[at] + rng.randrange(1, 256)) % 256
        (inbox / f"变异{n:02d}.xls").write_bytes(bytes(data))
    return root, inbox


def test_xls_with_one_byte_changed_never_stops_the_run(mutated_xls, plan):
    root, inbox = mutated_xls
    from pipeline.intake.collect import run_collect

    shutil.copytree(INPUTS / "plan", root / "inputs" / "plan", dirs_exist_ok=True)
    intake = run_collect(plan, load_config(INPUTS, YEAR), keys(), root / "inputs", root / "out")
    assert sorted(s.file for s in intake.submissions) == sorted(p.name for p in inbox.iterdir())
    for sub in intake.submissions:
        reasons = [p for p in intake.problems if p.file == sub.file and p.severity == "error"]
        assert sub.outcome in ACCEPTED or reasons, sub.file


# --- what agencies type ---------------------------------------------------------------------------

def percent_row(plan):
    """(unit, row) of a measure in % (at most 100) that the unit leads."""
    config = load_config(INPUTS, YEAR)
    for unit in plan.reporting_units:
        _, identity = build_form(plan, unit, config, keys())
        for ref in identity.rows:
            measure = plan.measures_by_id.get(ref.id)
            if ref.role == Role.LEAD and measure and measure.unit == "%" and measure.max_value == 100:
                return unit.short, ref
    raise AssertionError("no unit leads a measure in %")


@pytest.mark.parametrize("typed, read, code", [(0.793, 79.3, "percent_format"), (1.2, None, "out_of_range")])
def test_a_percent_cell_reads_as_the_percent_the_sender_saw(tmp_path, plan, typed, read, code):
    unit, ref = percent_row(plan)
    wb = filled_form(plan, unit)
    cell = wb[ref.sheet][ref.cell("value")]
    cell.value, cell.number_format = typed, "0.0%"
    sub, problems = check_file(plan, YEAR, save(wb, tmp_path / "pct.xlsx"), "pct.xlsx", keys())
    assert code in [p.code for p in problems if p.cell == ref.cell("value")]
    if read is not None:
        assert sub.measures[ref.id].value == pytest.approx(read)


def test_a_narrative_over_the_cell_limit_is_refused_naming_the_cell(tmp_path, plan):
    wb = filled_form(plan, "水利局")
    wb["重点任务和示范工程"]["E4"] = "推进" * 2500
    sub, problems = check_file(plan, YEAR, save(wb, tmp_path / "长.xlsx"), "长.xlsx", keys())
    assert [(p.sheet, p.cell) for p in problems if p.code == "text_too_long"] == [("重点任务和示范工程", "E4")]
    assert sub.outcome == "rejected"


# --- a report from such an inbox ------------------------------------------------------------------

INJECTED = "x\n@附件 9 注入的附件\n@标题 注入的标题.xlsx"


def with_controls(path: Path) -> None:
    """CTRL7 → the control character U+0007, written as Excel writes one (_x0007_), which openpyxl will not."""
    escape = lambda m: b"_x%04X_" % int(m.group(1), 16)  # noqa: E731
    path.write_bytes(rewrite_zip(path.read_bytes(), lambda n, c: (n, re.sub(rb"CTRL([0-9A-F]{1,2})", escape, c))))


@pytest.fixture(scope="module")
def odd_text_report(tmp_path_factory, plan):
    """A real inbox whose forms hold control characters, emoji, characters no font has, and a file name
    with line breaks and @: report, status."""
    root = tmp_path_factory.mktemp("oddtext")
    inputs = new_inputs(root)
    inbox = inputs / str(YEAR)
    units = real_inbox(plan, inbox)
    wb = filled_form(plan, "水利局")
    wb["重点任务和示范工程"]["E4"] = "推进CTRL7节水CTRL1B[31m工作\u202e，成效明显"
    save(wb, inbox / units["水利局"])
    with_controls(inbox / units["水利局"])
    wb = filled_form(plan, "生态环境局")
    wb["重点任务和示范工程"]["E4"] = "完成😀𪛖治理\U0010fffd工程"
    save(wb, inbox / units["生态环境局"])
    (inbox / units["林业和园林局"]).rename(inbox / INJECTED)
    contact = build_form(plan, plan.registry.get("科技局"), load_config(INPUTS, YEAR), keys())[1].contact
    wb = filled_form(plan, "科技局")
    sheet, cell = next(iter(contact.values()))
    wb[sheet][cell] = "张CTRL0三CTRLB"
    save(wb, inbox / units["科技局"])
    with_controls(inbox / units["科技局"])
    outputs = root / "outputs"
    report = invoke("report", "--year", str(YEAR), "--inputs", str(inputs), "--outputs", str(outputs))
    status = invoke("status", "--year", str(YEAR), "--inputs", str(inputs), "--outputs", str(outputs))
    return {"report": report, "status": status, "year": outputs / str(YEAR)}


def test_report_makes_every_document_from_odd_text(odd_text_report, plan):
    result = odd_text_report["report"]
    assert result.returncode == 0, result.stdout + result.stderr
    units = odd_text_report["year"] / "units"
    assert len(list(units.glob("*.pdf"))) == len(list(units.glob("*.docx"))) == len(plan.reporting_units)
    assert "〓" in result.stderr and "U+10FFFD" in result.stderr  # a character no font has is listed
    assert odd_text_report["status"].returncode == 0, odd_text_report["status"].stderr


def test_control_characters_are_removed_with_a_warning_naming_the_cell(odd_text_report):
    problems = json.loads((odd_text_report["year"] / "intake" / "problems.json").read_text(encoding="utf-8"))
    found = [(p["sheet"], p["cell"]) for p in problems if p["code"] == "invisible_chars" and p["unit"] == "水利局"]
    assert found == [("重点任务和示范工程", "E4")]
    merged = (odd_text_report["year"] / "merged" / "summary.json").read_text(encoding="utf-8")
    assert "推进节水[31m工作，成效明显" in merged and "\\u0007" not in merged


def test_a_file_name_never_becomes_a_heading(odd_text_report):
    import docx

    path = next((odd_text_report["year"] / "units").glob("*林业和园林局*.docx"))
    paragraphs = [p.text for p in docx.Document(path).paragraphs]
    assert not any(t.strip() in ("注入的附件", "注入的标题.xlsx") or t.startswith("附件9") for t in paragraphs)
    assert any("x @附件 9 注入的附件 @标题 注入的标题.xlsx" in t for t in paragraphs), paragraphs


def test_emoji_and_rare_characters_reach_the_pdf_or_are_marked(odd_text_report):
    from tests.conftest import pdf_text

    text = pdf_text(next((odd_text_report["year"] / "units").glob("*生态环境局*.pdf")))
    assert "完成" in text and "〓" in text and "\U0010fffd" not in text


# --- what a form must not carry in, nor the copy sent back carry out (issue 24) ---------------------

EXTERNAL_LINK = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                 b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                 b'<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>')
LINK_RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
             b'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
             b'Target="file:///C:/other.xlsx" TargetMode="External"/></Relationships>')


def with_an_external_link(data: bytes) -> bytes:
    """The workbook with an external link part, as a workbook that pulls from another file has."""
    def change(name, content):
        if name == "[Content_Types].xml":
            content = content.replace(b"</Types>", b'<Override PartName="/xl/externalLinks/externalLink1.xml" '
                                      b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                                      b'externalLink+xml"/></Types>')
        elif name == "xl/_rels/workbook.xml.rels":
            content = content.replace(b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.'
                                      b'openxmlformats.org/officeDocument/2006/relationships/externalLink" '
                                      b'Target="externalLinks/externalLink1.xml"/></Relationships>')
        elif name == "xl/workbook.xml":
            content = re.sub(rb"(</sheets>)", rb'\1<externalReferences><externalReference r:id="rIdX"/>'
                                              rb"</externalReferences>", content)
        return name, content
    out = rewrite_zip(data, change)
    buffer = io.BytesIO(out)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/externalLinks/externalLink1.xml", EXTERNAL_LINK)
        archive.writestr("xl/externalLinks/_rels/externalLink1.xml.rels", LINK_RELS)
    return buffer.getvalue()


def live_parts(data: bytes) -> list[str]:
    """What in an xlsx could act when opened: formulas, external links, macros, OLE objects."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found = [n for n in archive.namelist() if re.search(r"externalLink|vbaProject|oleObject|embeddings|activeX", n)]
        found += [n for n in archive.namelist()
                  if n.startswith("xl/worksheets/") and re.search(rb"<(\w+:)?f[ >]", archive.read(n))]
    return found


def test_formulas_in_text_cells_are_refused_and_the_returned_copy_carries_nothing_live(tmp_path, plan):
    from pipeline.intake.returns import returned_copy

    wb = filled_form(plan, "水利局")
    wb["目标指标"]["G4"] = "=40+2.5"  # a number cell: its result is used, with a warning
    wb["重点任务和示范工程"]["E4"] = '=HYPERLINK("http://example.invalid/","点此查看")'
    wb["重点任务和示范工程"]["F4"] = '=WEBSERVICE("http://example.invalid/")'
    wb["重点任务和示范工程"]["G4"] = "=cmd|' /c calc'!A0"
    wb.save(tmp_path / "live.xlsx")
    resaved = soffice_convert(tmp_path / "live.xlsx", "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    path = tmp_path / "公式.xlsx"
    path.write_bytes(with_an_external_link(resaved.read_bytes()))
    sub, problems = check_file(plan, YEAR, path, path.name, keys())
    codes = {(p.sheet, p.cell): p.code for p in problems}
    assert codes[("目标指标", "G4")] == "formula"
    assert {codes[("重点任务和示范工程", c)] for c in ("E4", "F4", "G4")} == {"formula_in_text"}
    assert sub.outcome == "rejected"
    copy = returned_copy(path, sub, problems, plan, load_config(INPUTS, YEAR), keys())
    assert live_parts(path.read_bytes()) and live_parts(copy) == []
    import openpyxl

    back = openpyxl.load_workbook(io.BytesIO(copy))
    assert back["目标指标"]["G4"].value == 42.5  # the result the unit saw, not the formula
    assert (back["重点任务和示范工程"]["E4"].value, back["重点任务和示范工程"]["E4"].data_type) == ("点此查看", "s")


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_values_the_sender_could_not_see_are_read_and_named(tmp_path, plan, fmt):
    wb = filled_form(plan, "水利局")
    ws = wb["目标指标"]
    ws.row_dimensions[5].hidden = True  # G5, its value, read
    ws.column_dimensions["I"].hidden = True
    ws["I4"] = "藏在隐藏列里"
    ws["H4"] = "被合并遮住"  # under G4:H4, merged below
    data = rewrite_zip(workbook_bytes(wb), lambda name, content: (name, content.replace(
        b"</mergeCells>", b'<mergeCell ref="G4:H4"/></mergeCells>') if name == "xl/worksheets/sheet2.xml" else content))
    path = tmp_path / "藏.xlsx"
    path.write_bytes(data)
    if fmt != "xlsx":
        path = soffice_convert(path, fmt, tmp_path / fmt)
    sub, problems = check_file(plan, YEAR, path, path.name, keys())
    hidden = {p.cell for p in problems if p.code == "hidden" and p.sheet == "目标指标"}
    assert {"G5", "I4", "H4"} <= hidden, [(p.code, p.cell) for p in problems]
    assert sub.measures  # read, not refused


@pytest.mark.parametrize("stored", [b"NaN", b"INF", b"-INF", b"1e308", b"1" + b"0" * 400, b"-1e999"])
def test_a_number_that_is_not_finite_is_refused_naming_the_cell(tmp_path, plan, stored):
    wb = filled_form(plan, "水利局")
    wb["目标指标"]["G4"] = 123456.5
    data = rewrite_zip(workbook_bytes(wb), lambda name, content: (name, content.replace(b"<v>123456.5</v>",
                                                                                     b"<v>" + stored + b"</v>")))
    path = tmp_path / "溢出.xlsx"
    path.write_bytes(data)
    sub, problems = check_file(plan, YEAR, path, path.name, keys())
    found = [(p.code, p.cell) for p in problems if p.sheet == "目标指标" and p.cell == "G4"]
    assert found in ([("not_finite", "G4")], [("not_a_number", "G4")]) and sub.outcome == "rejected", found


def test_nothing_non_finite_crosses_into_the_merge(plan):
    from pipeline.errors import PipelineError
    from pipeline.intake.model import Intake, MeasureCells, Submission
    from pipeline.merge.measures import reported_frame

    sub = Submission("改过的.xlsx", "0" * 64, unit="水利局", outcome="accepted", counts=True)
    sub.measures["T04.1"] = MeasureCells(Role.LEAD, float("inf"), None, "", "", "", "G4")
    with pytest.raises(PipelineError, match="水利局.*T04.1"):
        reported_frame(Intake(YEAR, [sub], []))


STRICT = [(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
          (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
           b"http://purl.oclc.org/ooxml/officeDocument/relationships")]


def as_strict(data: bytes) -> bytes:
    """The workbook as Strict Open XML names it (Excel's 'Strict Open XML Spreadsheet')."""
    def change(name, content):
        for old, new in STRICT:
            content = content.replace(old, new)
        return name, content
    return rewrite_zip(data, change)


@pytest.mark.parametrize("fmt", ["strict", "ods", "xls"])
def test_a_percent_cell_reads_as_shown_in_every_format(tmp_path, plan, fmt):
    unit, ref = percent_row(plan)
    wb = filled_form(plan, unit)
    cell = wb[ref.sheet][ref.cell("value")]
    cell.value, cell.number_format = 0.793, "0.0%"
    path = save(wb, tmp_path / "pct.xlsx")
    if fmt == "strict":
        path.write_bytes(as_strict(path.read_bytes()))
    else:
        path = soffice_convert(path, fmt, tmp_path / fmt)
    sub, problems = check_file(plan, YEAR, path, path.name, keys())
    assert "percent_format" in [p.code for p in problems if p.cell == ref.cell("value")]
    assert sub.measures[ref.id].value == pytest.approx(79.3)


@pytest.mark.parametrize("typed", [datetime.datetime(2099, 1, 1), datetime.datetime(1900, 1, 3)])
def test_a_date_outside_the_plans_years_is_a_warning_naming_the_cell(tmp_path, plan, typed):
    from tests.intake.test_collect import set_filled_on

    wb = filled_form(plan, "水利局")
    set_filled_on(wb, typed)
    sub, problems = check_file(plan, YEAR, save(wb, tmp_path / "日期.xlsx"), "日期.xlsx", keys())
    assert [p.severity for p in problems if p.code == "date_outside"] == ["warning"] and sub.outcome != "rejected"
