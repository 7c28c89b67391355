"""Collect (issue 4): read every file in ``inputs/Y/``, check it, keep it, say what to fix.

Each file ends as accepted, accepted with warnings, rejected or ignored (office lock files,
exact duplicates), with problems naming file, unit, sheet and cell. A unit's latest accepted
version (by 填报日期, then file time, then name) counts; earlier ones are kept and reported as
superseded. Input files are only read.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import python_calamine

from pipeline.files import atomic_write, sha256_file
from pipeline.formspec import (
    CONTACT_FIELDS,
    FORM_TITLE,
    FORM_VERSION,
    HEADER_ROW,
    MEASURE_SHEET,
    META_SHEET,
    SHEET_COLUMNS,
    STATUSES,
    Identity,
    RowRef,
    cell_text,
    column_letter,
    layout_checksum,
)
from pipeline.plan import Plan
from pipeline.safety import sniff

NO_VALUE_MARKERS = {"—", "-", "--", "——", "/", "无", "暂无", "n/a", "N/A", "空"}
NUMBER_RE = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


@dataclass
class Problem:
    file: str
    unit: str
    sheet: str
    cell: str
    severity: str  # error | warning | info
    code: str
    message: str


@dataclass
class Submission:
    file: str
    sha256: str
    outcome: str = "rejected"  # accepted | accepted_with_warnings | rejected | ignored
    unit: str = ""
    year: int | None = None
    sample: bool = False
    filled_on: str = ""  # 填报日期, ISO
    mtime: float = 0.0
    counts: bool = False
    superseded_by: str = ""
    measures: dict[str, dict] = field(default_factory=dict)
    tasks: dict[str, dict] = field(default_factory=dict)
    contact: dict[str, str] = field(default_factory=dict)
    stored_as: str = ""


@dataclass
class Intake:
    year: int
    submissions: list[Submission]
    problems: list[Problem]

    def counting(self) -> dict[str, Submission]:
        return {s.unit: s for s in self.submissions if s.counts}

    @property
    def rejected(self) -> list[Submission]:
        return [s for s in self.submissions if s.outcome == "rejected"]

    def as_json(self) -> dict:
        return {"year": self.year, "submissions": [asdict(s) for s in self.submissions]}


class Grid:
    """Cell values of a workbook read by calamine (xlsx, xls, ods alike), addressed like 'G5'."""

    def __init__(self, path: Path):
        self.book = python_calamine.CalamineWorkbook.from_path(str(path))
        self.sheets = {name: None for name in self.book.sheet_names}

    def rows(self, sheet: str) -> list[list]:
        if self.sheets.get(sheet) is None:
            self.sheets[sheet] = self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return self.sheets[sheet]

    def value(self, sheet: str, cell: str) -> object:
        m = re.match(r"([A-Z]+)(\d+)$", cell)
        col = ord(m.group(1)) - ord("A")
        row = int(m.group(2)) - 1
        rows = self.rows(sheet)
        if row >= len(rows) or col >= len(rows[row]):
            return None
        value = rows[row][col]
        return None if value == "" else value


_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]+)</(?:\w+:)?v>")


def formula_cells(path: Path, sheets: list[str]) -> dict[tuple[str, str], bool]:
    """{(sheet, cell): has a cached value} for the formula cells of an xlsx.

    Read from the sheet XML directly: openpyxl would parse each workbook twice for this and
    take twenty times as long. (xls and ods cannot tell formulas; their cached values are used.)
    """
    import zipfile

    from defusedxml import ElementTree

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
    found: dict[tuple[str, str], bool] = {}
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", ns)}
        for sheet in book.iterfind("m:sheets/m:sheet", ns):
            name = sheet.get("name")
            if name not in sheets:
                continue
            target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            for attrs, body in _CELL.findall(archive.read(part)):
                if body and b"<f" in body:
                    ref = _REF.search(attrs)
                    if ref:
                        found[(name, ref.group(1).decode())] = bool(_VALUE.search(body))
    return found


def parse_number(value: object) -> tuple[float | None, str, str]:
    """(number, problem code, message): a number, or why the cell is not one."""
    if isinstance(value, bool):
        return None, "not_a_number", "请填写数字"
    if isinstance(value, int | float):
        return float(value), "", ""
    text = str(value).strip().replace("，", "").replace(",", "")
    if NUMBER_RE.match(text):
        return float(text), "", ""
    if text in NO_VALUE_MARKERS:
        return None, "no_value_marker", f"“{text}”不是数值：没有数据请留空，并在“说明”栏写明原因"
    if text.endswith("%") and NUMBER_RE.match(text[:-1].strip()):
        return None, "percent_sign", f"“{text}”带了百分号：请只填数字 {text[:-1].strip()}（计量单位已在表中注明）"
    stripped = re.sub(r"^(约|大约|近|超过|不到)|(左右|以上|以下|万元|万吨|吨|元)$", "", text)
    if NUMBER_RE.match(stripped):
        return None, "not_a_number", f"“{text}”含有文字：请只填数字 {stripped}，不要加“约”“左右”或单位"
    return None, "not_a_number", f"“{text}”不是数字：请只填阿拉伯数字"


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:  # an Excel serial day number
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    m = re.match(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$", str(value or "").strip())
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


class FileCheck:
    """Checks one readable workbook against the plan; collects problems and the values read."""

    def __init__(self, plan: Plan, year: int, path: Path, sub: Submission, kind: str):
        self.plan, self.year, self.path, self.sub, self.kind = plan, year, path, sub, kind
        self.problems: list[Problem] = []

    def problem(self, severity: str, code: str, message: str, sheet: str = "", cell: str = "") -> None:
        if cell and any(p.sheet == sheet and p.cell == cell and p.severity == "error" for p in self.problems):
            return  # one error per cell: the first says what is wrong
        self.problems.append(Problem(self.sub.file, self.sub.unit, sheet, cell, severity, code, message))

    def run(self) -> None:
        try:
            grid = Grid(self.path)
        except Exception as exc:  # calamine's errors are many; each means "cannot read this file"
            text = str(exc)
            if "password" in text.lower() or "encrypt" in text.lower():
                self.problem("error", "encrypted", "文件设置了密码，系统无法读取；请取消密码后重新报送")
            else:
                self.problem("error", "corrupt", "文件无法读取（可能已损坏），请用 Excel 或 WPS 重新保存后报送")
            return
        identity = self._identity(grid)
        if identity is None or not self._layout(grid, identity):
            return
        formulas = formula_cells(self.path, [s for s in SHEET_COLUMNS if s in grid.sheets]) if self.kind == "xlsx" else {}
        self._cells(grid, identity, formulas)

    def _identity(self, grid: Grid) -> Identity | None:
        if META_SHEET not in grid.sheets:
            self.problem("error", "no_identity",
                         "这不是发展改革委下发的填报表（缺少表内识别信息），请使用下发的填报表填写，不要复制到新文件")
            return None
        try:
            identity = Identity.from_rows(grid.rows(META_SHEET))
        except (KeyError, ValueError, IndexError):
            self.problem("error", "identity_edited", "填报表的识别信息被改动或不完整，请使用下发的原表重新填写", META_SHEET)
            return None
        self.sub.unit = identity.unit
        self.sub.year = identity.year
        self.sub.sample = identity.sample
        if identity.form != FORM_TITLE or identity.version != FORM_VERSION:
            self.problem("error", "wrong_form", f"这是其他表格（{identity.form} 第{identity.version}版），请使用本年度下发的填报表")
            return None
        if identity.plan_id != self.plan.plan_id:
            self.problem("error", "other_plan", "这张表依据的分工方案与当前方案不同（可能是旧版表格），请使用本年度下发的填报表")
            return None
        if identity.year != self.year:
            self.problem("error", "wrong_year",
                         f"这是 {identity.year} 年度的填报表，本次收集的是 {self.year} 年度；请使用 {self.year} 年度填报表")
            return None
        if self.plan.registry.resolve(identity.unit) is None:
            self.problem("error", "unknown_unit", f"表中的填报单位“{identity.unit}”不在单位登记表中")
            return None
        expected = self.plan.roles(identity.unit)
        listed = {self.plan.measures_by_id[r.id].item_id if r.sheet == MEASURE_SHEET else r.id
                  for r in identity.rows if r.sheet != MEASURE_SHEET or r.id in self.plan.measures_by_id}
        if listed != set(expected):
            self.problem("error", "identity_edited", "表中的事项清单与本单位的分工不一致，请使用本年度下发的填报表")
            return None
        return identity

    def _layout(self, grid: Grid, identity: Identity) -> bool:
        def read(sheet: str, cell: str):
            return grid.value(sheet, cell) if sheet in grid.sheets else None

        if layout_checksum(identity, read) == identity.layout_sha256:
            return True
        for sheet, columns in SHEET_COLUMNS.items():
            if not any(r.sheet == sheet for r in identity.rows):
                continue
            if sheet not in grid.sheets:
                self.problem("error", "sheet_missing", f"工作表“{sheet}”被删除或改名", sheet)
                return False
            for col in columns:
                cell = f"{column_letter(sheet, col.key)}{HEADER_ROW}"
                found = cell_text(read(sheet, cell))
                if found != col.header:
                    self.problem("error", "layout_columns",
                                 f"表头应为“{col.header}”，现为“{found}”：表格的列被插入、删除或移动，请使用原表填写",
                                 sheet, cell)
                    return False
        ids_in_column = {}
        for ref in identity.rows:
            rows = grid.rows(ref.sheet)
            ids_in_column = {cell_text(r[0]): n + 1 for n, r in enumerate(rows) if r}
            found = cell_text(read(ref.sheet, f"A{ref.row}"))
            if found == ref.id and cell_text(read(ref.sheet, f"C{ref.row}")) == ref.role:
                continue
            if found == ref.id:
                self.problem("error", "layout_edited", f"事项 {ref.id} 的“本单位角色”被改动（应为“{ref.role}”）",
                             ref.sheet, f"C{ref.row}")
            elif ref.id in ids_in_column:
                self.problem("error", "layout_rows",
                             f"事项 {ref.id} 应在第 {ref.row} 行，现在第 {ids_in_column[ref.id]} 行：行被插入、删除或移动，请使用原表填写",
                             ref.sheet, f"A{ref.row}")
            else:
                self.problem("error", "layout_rows", f"事项 {ref.id} 的行被删除或编号被改动，请使用原表填写",
                             ref.sheet, f"A{ref.row}")
            return False
        self.problem("error", "layout_edited", "表格的锁定内容被改动，请使用下发的原表填写")
        return False

    def _read(self, grid: Grid, formulas: dict, sheet: str, cell: str) -> object:
        value = grid.value(sheet, cell)
        if (sheet, cell) in formulas:
            if not formulas[(sheet, cell)] or value is None:
                self.problem("error", "formula_no_value",
                             "该单元格是公式但没有计算结果：请在 Excel/WPS 中重新计算并保存，或直接填写数值", sheet, cell)
                return None
            self.problem("warning", "formula", f"该单元格是公式，已采用其计算结果 {cell_text(value)}；建议直接填写数值",
                         sheet, cell)
        return value

    def _number(self, grid: Grid, formulas: dict, sheet: str, cell: str, label: str, required: bool,
                top: float | None) -> float | None:
        value = self._read(grid, formulas, sheet, cell)
        if value is None:
            if required:
                self.problem("error", "required", f"请填写{label}", sheet, cell)
            return None
        number, code, message = parse_number(value)
        if number is None:
            self.problem("error", code, message, sheet, cell)
            return None
        if number < 0 or (top is not None and number > top):
            limit = f"0–{cell_text(top)}" if top is not None else "不小于 0"
            self.problem("error", "out_of_range", f"{label} {cell_text(number)} 超出合理范围（应为 {limit}），请核实", sheet, cell)
            return None
        return number

    def _text(self, grid: Grid, formulas: dict, sheet: str, cell: str) -> str:
        return cell_text(self._read(grid, formulas, sheet, cell))

    def _cells(self, grid: Grid, identity: Identity, formulas: dict) -> None:
        for ref in identity.rows:
            if ref.sheet == MEASURE_SHEET:
                self._measure(grid, formulas, ref)
            else:
                self._task(grid, formulas, ref)
        contact = {}
        for key, label in CONTACT_FIELDS:
            sheet, cell = identity.contact[key]
            value = self._read(grid, formulas, sheet, cell)
            if key == "date":
                date = parse_date(value) if value is not None else None
                if value is None:
                    self.problem("warning", "no_date", "未填写填报日期：多次报送时将按文件时间确定最新版本", sheet, cell)
                elif date is None:
                    self.problem("error", "bad_date", f"“{cell_text(value)}”不是日期，请按 2020-01-15 的格式填写", sheet, cell)
                contact[key] = date.isoformat() if date else ""
            else:
                contact[key] = cell_text(value)
                if not contact[key] and key in ("reporter", "phone"):
                    self.problem("error", "required", f"请填写{label}", sheet, cell)
        self.sub.contact = contact
        self.sub.filled_on = contact.get("date", "")

    def _measure(self, grid: Grid, formulas: dict, ref: RowRef) -> None:
        m = self.plan.measures_by_id[ref.id]
        lead = ref.role == "牵头"

        value = self._number(grid, formulas, ref.sheet, ref.cell("value"), f"{m.metric}本年度完成值", lead, m.max_value)
        baseline = None
        if not ref.baseline_on_record:
            baseline = self._number(grid, formulas, ref.sheet, ref.cell("baseline"), f"{m.metric}2015年基数",
                                    lead, m.max_value)
        note = self._text(grid, formulas, ref.sheet, ref.cell("note"))
        if value is None and not lead and not note:
            return  # a responsible unit without its own figure: nothing to record
        self.sub.measures[ref.id] = {
            "role": ref.role, "value": value, "baseline": baseline,
            "source": self._text(grid, formulas, ref.sheet, ref.cell("source")), "note": note,
            "cell": ref.cell("value"),
        }

    def _task(self, grid: Grid, formulas: dict, ref: RowRef) -> None:
        lead = ref.role == "牵头"
        status = self._text(grid, formulas, ref.sheet, ref.cell("status"))
        if status and status not in STATUSES:
            self.problem("error", "bad_status", f"进展状态“{status}”无效，只能是：{'、'.join(STATUSES)}", ref.sheet, ref.cell("status"))
            status = ""
        elif not status and lead:
            self.problem("error", "required", "请选择进展状态", ref.sheet, ref.cell("status"))
        work = self._text(grid, formulas, ref.sheet, ref.cell("work"))
        if not work:
            self.problem("error" if lead else "warning", "required" if lead else "no_work",
                         "请填写主要工作及成效" if lead else "未填写本单位承担的工作，建议补充", ref.sheet, ref.cell("work"))
        self.sub.tasks[ref.id] = {
            "role": ref.role, "status": status, "work": work,
            "figures": self._text(grid, formulas, ref.sheet, ref.cell("figures")),
            "problems": self._text(grid, formulas, ref.sheet, ref.cell("problems")),
            "plans": self._text(grid, formulas, ref.sheet, ref.cell("plans")),
        }


def check_file(plan: Plan, year: int, path: Path, name: str) -> tuple[Submission, list[Problem]]:
    """Decide one received file; never raises for anything the file contains."""
    try:
        return _check_file(plan, year, path, name)
    except OSError as exc:
        return Submission(name, ""), [Problem(name, "", "", "", "error", "unreadable",
                                              f"文件无法读取（{exc.strerror or exc}），请重新发送")]
    except Exception as exc:  # a reader's bug on a strange file must not stop the other files
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        return Submission(name, ""), [Problem(name, "", "", "", "error", "unreadable",
                                              f"文件无法读取（{type(exc).__name__}），请用 Excel 或 WPS 重新保存后报送")]


def _check_file(plan: Plan, year: int, path: Path, name: str) -> tuple[Submission, list[Problem]]:
    if path.is_symlink():
        sub = Submission(name, "")
        return sub, [Problem(name, "", "", "", "error", "symlink",
                             "这是一个链接（快捷方式），不是文件本身；请把填报表文件本身放入收件目录")]
    sub = Submission(name, sha256_file(path), mtime=path.stat().st_mtime)
    if path.name.startswith(("~$", ".~lock")):
        sub.outcome = "ignored"
        return sub, [Problem(name, "", "", "", "warning", "lock_file",
                             "这是 Office/WPS 打开文件时留下的临时锁文件，不是报表，已忽略（可删除）")]
    verdict = sniff(path)
    if verdict.kind is None:
        return sub, [Problem(name, "", verdict.sheet, "", "error", verdict.code, verdict.message)]
    check = FileCheck(plan, year, path, sub, verdict.kind)
    check.run()
    errors = [p for p in check.problems if p.severity == "error"]
    warnings = [p for p in check.problems if p.severity == "warning"]
    sub.outcome = "rejected" if errors else "accepted_with_warnings" if warnings else "accepted"
    if errors:
        sub.measures, sub.tasks = {}, {}
    return sub, check.problems


def choose_versions(subs: list[Submission], problems: list[Problem]) -> None:
    """Mark the latest accepted version of each unit as the one that counts."""
    by_unit: dict[str, list[Submission]] = {}
    for sub in subs:
        if sub.unit and sub.outcome in ("accepted", "accepted_with_warnings", "rejected"):
            by_unit.setdefault(sub.unit, []).append(sub)
    for unit, versions in by_unit.items():
        versions.sort(key=lambda s: (s.filled_on or "0000", s.mtime, s.file))
        accepted = [s for s in versions if s.outcome != "rejected"]
        if not accepted:
            continue
        latest = accepted[-1]
        latest.counts = True
        for older in accepted[:-1]:
            older.superseded_by = latest.file
            problems.append(Problem(older.file, unit, "", "", "info", "superseded",
                                    f"已被同一单位较新的报送“{latest.file}”取代（保留备查）"))
        newer_rejected = [s for s in versions if s.outcome == "rejected" and versions.index(s) > versions.index(latest)]
        for sub in newer_rejected:
            problems.append(Problem(sub.file, unit, "", "", "info", "fallback",
                                    f"该版本被退回，暂采用较早的合格版本“{latest.file}”"))


def collect(plan: Plan, year: int, inbox: Path, intake_dir: Path) -> Intake:
    """Check every file in the inbox, keep a copy of each, and decide which version counts."""
    subs: list[Submission] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    received = intake_dir / "received"
    received.mkdir(parents=True, exist_ok=True)
    for path in sorted(inbox.iterdir(), key=lambda p: p.name):
        if path.is_dir() and not path.is_symlink():
            problems.append(Problem(path.name, "", "", "", "warning", "folder",
                                    "这是一个文件夹，其中的文件不会被读取；请把填报表直接放在年度收件目录中"))
            continue
        sub, found = check_file(plan, year, path, path.name)
        if sub.sha256 and sub.sha256 in seen and sub.outcome != "ignored":
            sub.outcome = "ignored"
            found = [Problem(sub.file, sub.unit, "", "", "info", "duplicate", f"与“{seen[sub.sha256]}”内容完全相同，已忽略")]
        elif sub.sha256 and sub.outcome != "ignored":
            seen[sub.sha256] = sub.file
            sub.stored_as = f"received/{sub.sha256[:16]}{path.suffix.lower()}"
            target = intake_dir / sub.stored_as
            if not target.exists():
                atomic_write(target, path.read_bytes())
        subs.append(sub)
        problems.extend(found)
    choose_versions(subs, problems)
    return Intake(year, subs, problems)
