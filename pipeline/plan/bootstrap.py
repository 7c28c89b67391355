"""``init``: a first plan folder from any notice of the genre, with what it cannot know marked 待填写.

From the notice it reads the plan's identity (number, issuer, titles, period, years), every unit
the notice names (kind guessed, full name to fill in, group members to list) and each measure's
unit; it writes a configuration skeleton beside them. What a clerk must still fill in is listed by
file and key, and every command lists it again until it is done.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.plan.lines import read_notice_text
from pipeline.plan.load import assign_ids
from pipeline.plan.notice import ParsedNotice, parse_notice
from pipeline.plan.registry import PLACEHOLDER
from pipeline.plan.targets import parse_targets
from pipeline.util.files import atomic_write

TODO = PLACEHOLDER
TITLE_END = re.compile(r"(?:通知|意见|方案|决定|办法|计划|要点|规划)$")
NUMBER = re.compile(r"([\u4e00-\u9fff]{1,8})〔(\d{4})〕(\d+)号")
SUFFIXES = ("主要目标和重点任务分工方案", "目标任务分工方案", "重点任务分工方案", "任务分工方案", "任务分解方案",
            "分工方案", "实施方案", "工作方案", "行动方案", "行动计划", "工作要点", "的指导意见", "的若干意见",
            "的实施意见", "的意见")


def q(value: object) -> str:
    """A TOML value: strings as basic strings (JSON's escapes are TOML's), lists likewise."""
    return json.dumps(value, ensure_ascii=False)


def notice_title(lines: list[str]) -> str:
    """The notice's own title: the first line with 关于, joined with the lines it wraps onto."""
    for n, line in enumerate(lines):
        if "关于" in line:
            title = NUMBER.sub("", line).strip()
            for more in lines[n + 1:n + 3]:
                if TITLE_END.search(title):
                    break
                title += more.strip()
            return title
    return ""


def guess_identity(text: str) -> dict:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = notice_title(lines)
    number = NUMBER.search(text)
    issuer = title.split("关于", 1)[0] if "关于" in title else ""
    inner = re.search(r"《(.+)》", title)
    plan_title = inner.group(1) if inner else re.sub(r"^.*?关于(?:印发)?|的通知$", "", title)
    place = re.match(r"^.+?[省市县区]", issuer)
    core = plan_title.removeprefix(place.group(0) if place else issuer)
    for suffix in SUFFIXES:
        core = core.removesuffix(suffix)
    period = re.search(r"“十[一二三四五六七八九]五”", text)
    targets = [int(y) for y in re.findall(r"(?:到|至)(\d{4})年", text)]
    bases = [int(y) for y in re.findall(r"(?:比|较)(\d{4})年", text)]
    issued = int(number.group(2)) if number else (min(targets) - 1 if targets else 0)
    base = min(bases) if bases else issued
    target = max([y for y in targets if y > base], default=base + 5)
    return {
        "number": number.group(0) if number else TODO, "issuer": issuer or TODO, "notice_title": title or TODO,
        "plan_title": plan_title or TODO, "theme": core or TODO, "period": period.group(0) if period else "",
        "subject": (core + "目标任务") if core else TODO, "base_year": base, "first_year": base + 1,
        "target_year": target,
        "id": "-".join(number.groups()) if number else TODO,
    }


def guess_kind(name: str) -> str:
    if name.startswith("各") or "有关" in name or name.endswith(("各部门", "各单位")):
        return "group"
    if "管委会" in name or name.endswith(("新区", "开发区", "高新区")):
        return "new_area"
    if re.search(r"(?:[区县]|县级市)(?:人民)?政府$|[区县]$", name) and not name.startswith("市"):
        return "county"
    return "department"


def guess_full(name: str, issuer: str) -> str:
    """The full name where the notice gives it (…人民政府, …委员会, a place's own prefix), else 待填写."""
    place = issuer.removesuffix("人民政府").removesuffix("办公厅").removesuffix("办公室")
    if name.endswith(("人民政府", "委员会", "管理委员会")) or (place and name.startswith(place)):
        return name
    return TODO


def units_toml(parsed: ParsedNotice, issuer: str) -> str:
    names = list(dict.fromkeys(n for item in parsed.items for n in item.lead + item.responsible))
    out = ["# 单位登记表（由 init 从通知生成）。请核对每个单位：full 为全称（待填写的请补全），kind 为",
           "# department（部门）| county（县区政府）| new_area（新区管委会）| group（单位群组，须在 members 中列出成员）。",
           "# contact / phone：联系人和电话（可留空）。同一单位在通知中有不同写法的，把其他写法列入 aliases。", ""]
    for name in names:
        kind = guess_kind(name)
        out += ["[[unit]]", f"short = {q(name)}", f"full = {q(name if kind == 'group' else guess_full(name, issuer))}",
                f"kind = {q(kind)}"]
        if kind == "group":
            out.append(f"members = []  # {TODO}：该群组包含的单位（填简称，须先在本表登记）")
        out.append("")
    return "\n".join(out)


def measures_toml(parsed: ParsedNotice) -> str:
    out = ["# 指标数据（由 init 生成）：通知文字说不出的内容。键为指标编号（见 python -m pipeline plan）。",
           "#   unit 填报值的计量单位；baseline 已核定的基数（未核定的由牵头单位在填报表中填写）；max 合理上限", ""]
    for item_id, item in zip(assign_ids(parsed.items), parsed.items):
        if item.kind != "indicator":
            continue
        targets = parse_targets(item.text)
        for k, target in enumerate(targets, 1):
            mid = item_id if len(targets) == 1 else f"{item_id}.{k}"
            out += [f"[measure.{q(mid)}]  # {target.metric}", f"unit = {q(target.unit or '')}", ""]
    return "\n".join(out)


def plan_toml(identity: dict) -> str:
    notes = {"number": "通知文号", "issuer": "发通知的机关", "notice_title": "通知标题", "plan_title": "方案名称",
             "theme": "主题（用于文件名和标题）", "period": "规划期的叫法，如“十四五”（可留空）",
             "subject": "报告标题中的事由", "base_year": "基数年", "first_year": "第一个报告年度",
             "target_year": "目标年（最后一个报告年度）", "id": "方案编号（填报表识别用）"}
    out = ["# 规划（分工方案）的身份（由 init 从通知生成，请逐项核对）。", ""]
    out += [f"{key} = {q(value)}  # {notes[key]}" for key, value in identity.items()]
    return "\n".join(out) + "\n"


def config_toml(identity: dict) -> str:
    years = range(identity["first_year"], identity["target_year"] + 1)
    out = ["# 报送与发文配置（由 init 生成）。[defaults] 各年通用；每个年度一节。日期写作 YYYY-MM-DD。", "",
           "[defaults]", f"issuer = {q(TODO + '：汇总单位全称')}", f"issuer_short = {q(TODO + '：汇总单位简称')}",
           f"addressee = {q(TODO + '：报送对象，如“市人民政府”')}", f"signer = {q(TODO + '：签发人')}",
           "cc = []", f"printer = {q(TODO + '：印发机关')}", 'form_password = ""',
           f"form_contact = {q(TODO + '：填报联系人和电话')}", ""]
    for year in years:
        out += [f"[years.{year}]", f"deadline = {q(f'{year + 1}年1月20日')}",
                f"doc_number = {q(TODO + '：发文字号')}", f'doc_date = "{year + 1}-03-01"', ""]
    return "\n".join(out)


def init_plan(notice: Path, folder: Path) -> list[str]:
    """Write ``folder/plan/`` and ``folder/config.toml`` from the notice; returns what is still to fill in."""
    if (folder / "plan").exists() or (folder / "config.toml").exists():
        raise PipelineError(f"{folder} 中已有 plan/ 或 config.toml；init 不覆盖已有文件，请换一个新文件夹")
    text = read_notice_text(notice)
    parsed = parse_notice(text)
    identity = guess_identity(text)
    files = {folder / "plan" / "notice.txt": text, folder / "plan" / "plan.toml": plan_toml(identity),
             folder / "plan" / "units.toml": units_toml(parsed, identity["issuer"]),
             folder / "plan" / "measures.toml": measures_toml(parsed), folder / "config.toml": config_toml(identity)}
    written: list[Path] = []
    try:
        for path, content in files.items():
            atomic_write(path, (content if content.endswith("\n") else content + "\n").encode("utf-8"))
            written.append(path)
    except BaseException:  # all or nothing: a second init must find the folder as the first one did
        for path in written:
            path.unlink(missing_ok=True)
        if (folder / "plan").exists() and not any((folder / "plan").iterdir()):
            (folder / "plan").rmdir()
        raise
    return todo_entries(folder)


def todo_entries(folder: Path) -> list[str]:
    """'plan/units.toml 第12行 full：待填写' for every entry still to fill in, and every group without members."""
    found = []
    for path in (folder / "plan" / "plan.toml", folder / "plan" / "units.toml", folder / "config.toml"):
        if not path.exists():
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for n, line in enumerate(lines, 1):
            code = line.split("#", 1)[0]
            key = code.split("=", 1)[0].strip()
            where = f"{path.relative_to(folder).as_posix()} 第{n}行 {key}"
            if TODO in code or (key == "members" and code.split("=", 1)[1].strip() == "[]"):
                found.append(f"{where}：{_context(lines, n)}")
    return found


def _context(lines: list[str], n: int) -> str:
    """What the entry belongs to: the unit's short name or the section it is in."""
    for line in reversed(lines[:n]):
        if line.startswith("short"):
            return "单位“" + line.split("=", 1)[1].strip().strip('"') + "”"
        if line.startswith("["):
            return line.strip()
    return "请填写"
