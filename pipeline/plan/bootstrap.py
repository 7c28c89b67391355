"""``init``: a first plan folder from any notice of the genre, with what it cannot know marked 待填写.

It keeps the notice as it arrived (notice.docx, .pdf, .html, .txt or .xlsx), reads the plan's identity from
it (guess.py), registers every unit the notice names (names the notice uses for one unit proposed as one,
kinds guessed, full names to fill in, groups to list), writes each measure's data entry and a skeleton of the
DRC's configuration for the years the notice gives, and the review sheet. What a clerk must still fill in is
listed by file and line, and every command lists it again until it is done.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.plan.aliases import propose_aliases
from pipeline.plan.guess import guess_identity
from pipeline.plan.load import NOTICE_STEM, read_items
from pipeline.plan.model import Item
from pipeline.plan.registry import PLACEHOLDER, Registry, load_registry
from pipeline.plan.review import Period, write_review
from pipeline.plan.sources import read_notice
from pipeline.plan.words import plan_words
from pipeline.util.files import atomic_write

TODO = PLACEHOLDER
REVIEW = "核对清单.xlsx"
SUFFIXES = ("主要目标和重点任务分工方案", "目标任务分工方案", "重点任务分工方案", "任务分工方案", "任务分解方案",
            "分工方案", "实施方案", "工作方案", "行动方案", "三年行动计划", "行动计划", "工作要点", "的指导意见",
            "的若干意见", "的实施意见", "若干措施", "的意见", "的通知")


def q(value: object) -> str:
    """A TOML value: strings as basic strings (JSON's escapes are TOML's), lists likewise."""
    return json.dumps(value, ensure_ascii=False)


def theme_of(plan_title: str, issuer: str) -> str:
    """'循环经济' from '柳州市落实广西循环经济发展“十三五”规划…分工方案': the plan's subject without place and kind."""
    place = re.match(r"^.+?[省市县区]", issuer)
    core = re.sub(r"^.*?关于(?:印发)?", "", plan_title.removeprefix(issuer))
    core = core.removeprefix(place.group(0) if place else issuer)
    core = re.sub(r"^(?:关于|贯彻|落实|加快|深入|进一步|全面|持续|大力|推进|推动|促进|开展|做好|加强|实施)+", "", core)
    for suffix in SUFFIXES:
        core = core.removesuffix(suffix)
    core = re.sub(r"[（(]\d{4}(?:[—\-–－]\d{4})?年版?[)）]$|“?十[一二三四五六七八九]五”?", "", core)
    return re.sub(r"(?:发展)?规划$", "", core).strip() or core.strip()


def identity_values(guessed: dict) -> dict:
    """plan.toml's values: what the notice says, 待填写 where it says nothing."""
    plan_title = guessed["plan_title"] or ""
    theme = theme_of(plan_title, guessed["issuer"] or "") if plan_title else ""
    values = {key: guessed[key] for key in ("number", "issuer", "notice_title", "plan_title")}
    values.update(theme=theme or None, period=guessed["period"], subject=(theme + "目标任务") if theme else None,
                  base_year=guessed["base_year"], first_year=guessed["first_year"], target_year=guessed["target_year"],
                  id=guessed["id"])
    return {k: TODO if v is None else v for k, v in values.items()}


def guess_kind(name: str) -> str:
    if name.startswith("各") or "有关" in name or name.endswith(("各部门", "各单位")):
        return "group"
    if "管委会" in name or name.endswith(("新区", "开发区", "高新区")):
        return "new_area"
    if re.search(r"(?:[区县]|县级市)(?:人民政府|政府)$|[区县]$", name) and not name.startswith("市"):
        return "county"
    return "department"


def guess_full(name: str, issuer: str) -> str:
    """The full name where the notice gives it (…人民政府, …委员会, a place's own prefix), else 待填写."""
    place = issuer.removesuffix("人民政府").removesuffix("办公厅").removesuffix("办公室")
    if name.endswith(("人民政府", "委员会", "管理委员会")) or (place and len(place) > 1 and name.startswith(place)):
        return name
    return TODO


def units_toml(items: list[Item], issuer: str) -> str:
    names = list(dict.fromkeys(n for item in items for n in item.lead + item.responsible))
    place = re.match(r"^.+?(?:省|自治区|市|州|盟|县|区|旗)", issuer)
    out = ["# 单位登记表（由 init 从通知生成）。请核对每个单位：full 为全称（待填写的请补全），kind 为",
           "# department（部门）| county（下级人民政府）| new_area（新区管委会）| group（单位群组，须在 members 中列出成员）。",
           "# contact / phone：联系人和电话（可留空）。同一单位在通知中有不同写法的，把其他写法列入 aliases。",
           "# 机构改革：单位更名、合并、拆分、撤销时，新单位以 [[unit]] 登记，变更以 [[change]] 记在本表末尾"
           "（写法见 README“机构改革”），再用 python -m pipeline units 检查。", ""]
    for group in propose_aliases(names, place.group(0) if place else ""):
        name, aliases = group[0], group[1:]
        kind = guess_kind(name)
        if aliases:
            out.append(f"# init 推定：通知中的{'、'.join(f'“{n}”' for n in group)}是同一单位，请核对；如不是，请拆成几个 [[unit]]")
        out += ["[[unit]]", f"short = {q(name)}", f"full = {q(name if kind == 'group' else guess_full(name, issuer))}",
                f"kind = {q(kind)}"]
        if aliases:
            out.append(f"aliases = {q(aliases)}")
        if kind == "group":
            out.append(f"members = []  # {TODO}：该群组包含的单位（填简称，须先在本表登记）")
        out.append("")
    return "\n".join(out)


def measures_toml(items: list[Item]) -> str:
    out = ["# 指标数据（由 init 生成）：通知文字说不出的内容。键为指标编号（见 python -m pipeline plan）。",
           "#   unit 填报值的计量单位；baseline 已核定的基数（未核定的由牵头单位在填报表中填写）；max 合理上限", ""]
    for m in (m for item in items for m in item.measures):
        year = f"（{m.target.year}年）" if m.target.year and str(m.target.year) not in m.metric else ""
        out += [f"[measure.{q(m.id)}]  # {m.metric}{year}", f"unit = {q(m.unit or '')}", ""]
    return "\n".join(out)


CORRECTIONS = """\
# 对通知解析结果的更正（由发展改革委核对“核对清单.xlsx”后填写）。每条更正以 [[item]] 开头：
#   match       事项原文的开头（至少 4 个字），用来找到事项；与编号无关，通知重新解析后仍然有效
#   lead        牵头单位，如 ["市交通委"]；写 [] 表示没有牵头单位
#   responsible 责任单位，如 ["市财政局", "各区政府"]
#   kind        类别：indicator（目标指标）| task（任务）| project（工程、项目）
#   title / area  事项的简称 / 所属部分
#   drop = true 这段文字不是任务，不列入任务清单
# 例：
# [[item]]
# match = "强化区级主体责任"
# lead = ["市应急局"]
# responsible = ["各区政府"]
"""


def plan_toml(identity: dict, years_from: str) -> str:
    notes = {"number": "通知文号（通知没有文号的，填空字符串 \"\"）", "issuer": "发通知的机关", "notice_title": "通知标题",
             "plan_title": "方案名称", "theme": "主题（用于文件名和标题）", "period": "规划期的叫法，如“十四五”（可留空）",
             "subject": "报告标题中的事由", "base_year": "基数年", "first_year": "第一个报告年度",
             "target_year": "目标年（最后一个报告年度）", "id": "方案编号（填报表识别用）"}
    out = ["# 规划（分工方案）的身份（由 init 从通知生成，请逐项核对）。",
           f"# 年份依据：{years_from}" if years_from else "# 通知中没有读出规划期的年份，请填写 base_year、first_year、target_year。", ""]
    out += [f"{key} = {q(value)}  # {notes[key]}" for key, value in identity.items()]
    return "\n".join(out) + "\n"


def config_toml(identity: dict) -> str:
    out = ["# 报送与发文配置（由 init 生成）。[defaults] 各年通用；每个年度一节。日期写作 YYYY-MM-DD。", "",
           "[defaults]", f"issuer = {q(TODO + '：汇总单位全称')}", f"issuer_short = {q(TODO + '：汇总单位简称')}",
           f"addressee = {q(TODO + '：报送对象，如“市人民政府”')}", f"signer = {q(TODO + '：签发人')}",
           "cc = []", f"printer = {q(TODO + '：印发机关')}", 'form_password = ""',
           f"form_contact = {q(TODO + '：填报联系人和电话')}", ""]
    first, target = identity["first_year"], identity["target_year"]
    if not (isinstance(first, int) and isinstance(target, int)):
        return "\n".join(out + ["# 规划期的年份尚未填写（plan/plan.toml），填好后为每个年度添加一节，例如：",
                                "# [years.2026]", '# deadline = "2027年1月20日"', f'# doc_number = "{TODO}：发文字号"',
                                '# doc_date = "2027-03-01"', ""])
    for year in range(first, target + 1):
        out += [f"[years.{year}]", f"deadline = {q(f'{year + 1}年1月20日')}",
                f"doc_number = {q(TODO + '：发文字号')}", f'doc_date = "{year + 1}-03-01"', ""]
    return "\n".join(out)


def _period(identity: dict) -> Period:
    ints = [identity[k] if isinstance(identity[k], int) else None for k in ("first_year", "target_year")]
    return Period(*ints)


def init_plan(notice: Path, folder: Path) -> list[Todo]:
    """Write ``folder/plan/`` and ``folder/config.toml`` from the notice; returns what is still to fill in."""
    if (folder / "plan").exists() or (folder / "config.toml").exists():
        raise PipelineError(f"{folder} 中已有 plan/ 或 config.toml；init 不覆盖已有文件，请换一个新文件夹")
    source = read_notice(notice)
    guessed = guess_identity(source)
    identity = identity_values(guessed)
    items, warnings, notes = read_items(source, Registry([]), [], {})
    units = units_toml(items, guessed["issuer"] or "")
    files = {folder / "plan" / f"{NOTICE_STEM}{source.suffix}": notice.read_bytes(),
             folder / "plan" / "plan.toml": plan_toml(identity, guessed["years_from"]).encode(),
             folder / "plan" / "units.toml": _text(units), folder / "plan" / "measures.toml": _text(measures_toml(items)),
             folder / "plan" / "corrections.toml": _text(CORRECTIONS), folder / "config.toml": _text(config_toml(identity))}
    _write_all(files, folder)
    registry = load_registry(folder / "plan" / "units.toml")
    words = plan_words(items)
    write_review(folder / "plan" / REVIEW, items, registry, _period(identity), words.labels, notes + warnings,
                 dt.date.today(), identity["issuer"] if identity["issuer"] != TODO else "")
    return todo_entries(folder)


def _text(content: str) -> bytes:
    return (content if content.endswith("\n") else content + "\n").encode("utf-8")


def _write_all(files: dict[Path, bytes], folder: Path) -> None:
    written: list[Path] = []
    try:
        for path, content in files.items():
            atomic_write(path, content)
            written.append(path)
    except BaseException:  # all or nothing: a second init must find the folder as the first one did
        for path in written:
            path.unlink(missing_ok=True)
        if (folder / "plan").exists() and not any((folder / "plan").iterdir()):
            (folder / "plan").rmdir()
        raise


@dataclass(frozen=True)
class Todo:
    """An entry still to fill in: where it is, and whether documents can be made before it is filled."""

    path: str  # relative to the inputs folder
    line: int
    key: str
    context: str
    blocking: bool  # its value would print in a document's body (plan.toml, config.toml)

    def __str__(self) -> str:
        return f"{self.path} 第{self.line}行 {self.key}（{self.context}）：{TODO}"


def todo_entries(folder: Path) -> list[Todo]:
    """Every entry still to fill in (待填写), and every group without members."""
    found = []
    for name, blocking in (("plan/plan.toml", True), ("config.toml", True), ("plan/units.toml", False)):
        path = folder / name
        if not path.exists():
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for n, line in enumerate(lines, 1):
            code = line.split("#", 1)[0]
            key = code.split("=", 1)[0].strip()
            if TODO in code or (key == "members" and code.split("=", 1)[1].strip() == "[]"):
                found.append(Todo(name, n, key, _context(lines, n), blocking))
    return found


def _context(lines: list[str], n: int) -> str:
    """What the entry belongs to: the unit's short name or the section it is in."""
    for line in reversed(lines[:n]):
        if line.startswith("short"):
            return "单位“" + line.split("=", 1)[1].strip().strip('"') + "”"
        if line.startswith("["):
            return line.strip()
    return "请填写"
