"""Who does an item: its annotation, in any of the styles notices are published in.

Labelled: ``（牵头单位：X；责任单位：Y、Z）``, with 牵头部门, 配合/参与/协办/协同/指导单位, 主要责任单位 and the
like; labels that name no unit (牵头领导, 完成时限) are set aside. Suffix: units gather clause by clause
until a role phrase closes them: ``X牵头``, ``X牵头负责``, ``Y、Z配合``, ``Y按职责分工负责(落实)``,
``各区政府组织落实``, ``Y参与``, ``Y指导``, ``Y共同推进``, ``X会同Y负责``. A unit name never keeps the verb.

No one is made lead who the text does not make lead: without a lead phrase every unit named is a
responsible unit, unless the notice states its own rule (``列第一位者为牵头单位``), which holds for the
annotation that states it and, with 下同, for every later one. ``以下均需X落实`` adds X to this item and every
later one. Lines are normalised (half-width brackets and separators) before they reach this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LEAD_LABELS = ("牵头单位", "牵头部门", "牵头责任单位", "牵头责任部门", "主要牵头单位", "主要牵头部门", "主要责任单位",
               "主要责任部门", "主责单位", "主责部门", "主办单位", "主办部门", "牵头机构")
HELP_LABELS = ("责任单位", "责任部门", "配合单位", "配合部门", "参与单位", "参与部门", "协办单位", "协办部门",
               "协助单位", "协助部门", "协同单位", "协同部门", "其他责任单位", "相关责任单位", "责任主体", "实施单位",
               "实施主体", "承办单位", "落实单位", "指导单位", "指导部门", "负责单位", "负责部门", "配合单位和部门")
OTHER_LABELS = ("牵头领导", "责任领导", "分管领导", "联系领导", "责任人", "联系人", "完成时限", "完成时间", "时间节点",
                "时限要求", "进度安排", "时间安排", "完成期限", "责任处室", "牵头处室")
LABEL_WORDS = "|".join(sorted(LEAD_LABELS + HELP_LABELS + OTHER_LABELS, key=len, reverse=True))
LABELLED = re.compile(rf"({LABEL_WORDS})\s*:\s*(.*?)(?=[;,。]?\s*(?:{LABEL_WORDS})\s*:|$)")
# 牵头 and what a notice says for it: 负总责, 总负责, 抓总, 统筹 (市委组织部、市人社局按职责分工负责，市发改委统筹)
LEAD_ROLE = re.compile(r"(?:(?:总)?牵头(?:负责|落实|抓总|组织(?:实施|落实)?|推进|实施)?|负总责|总负责|抓总|统筹(?:协调|推进)?)$")
_PREFIX = r"(?:按(?:照)?(?:各自)?职责(?:分工)?|分工|共同|具体|分别|积极|协同)"
_VERB = (r"(?:负责(?:落实|实施|推进)?|(?:组织|配合|推进|抓好|协同)(?:落实|实施|推进)|落实|配合|参与|协办|协助|做好"
         r"|(?:督促)?指导(?:督促)?|督促|支持|实施|推进|(?<!党)组织)")
HELP_ROLE = re.compile(rf"(?:{_PREFIX}+{_VERB}?|{_PREFIX}*{_VERB})$")
# What marks a bracket as an annotation: a label, or a role word after something that can be a unit's name.
ROLE_WORD = re.compile(rf"(?:{LABEL_WORDS})\s*:|牵头|负责|负总责|配合|参与|协办|协助|落实|指导|按职责|共同推进|组织实施")
FIRST_LEADS = re.compile(r"(?:列|排)(?:在)?(?:第一|首)位(?:的|者)?(?:单位|部门)?为牵头(?:单位|部门)?")
CARRY = re.compile(r"以下(?:均需|均由|各项均需|均须|各项均由)(.+?)(?:负责)?落实")
NOTES = re.compile(r"以下(?:均需|均由|各项均需|均须|各项均由).+?落实|不再(?:逐一|一一)?列出|下同|"
                   rf"{FIRST_LEADS.pattern}|(?:预期性|约束性)指标")
PLACE = re.compile(r"^(?:县级市|县|区|市|旗|自治区|直辖市|自治州|自治县|州|盟|省|县\(市、区\)|县\(市\)|市\(县、区\)|区\(县\))"
                   r"(?:人民政府|政府)?$")
UNIT_END = re.compile(r"(?:政府|管委会|部门|单位|机构|局|委|办|厅|部|署|会|院|所|室|中心|队|行|社|组|处|站|司|馆|团|公司)$")
VAGUE_TAIL = re.compile(r"等(?:各)?(?:有关|相关|其他|其它)?(?:部门|单位|机构)?(?:和|及)?(?:有关|相关)?(?:部门|单位|机构)?$")


@dataclass
class Annotation:
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    carry: list[str] = field(default_factory=list)  # units a 以下均需…落实 note adds to this item and the ones after it
    first_leads: str = ""  # 'here' or 'onward' when the annotation states the 列第一位者为牵头单位 rule
    set_aside: list[str] = field(default_factory=list)  # labelled parts that name no unit (完成时限：…)


def is_annotation(body: str) -> bool:
    """A bracketed part that says who does the item (not an aside such as （以下简称《规划》））."""
    if not ROLE_WORD.search(body) or "简称" in body:
        return False
    if LABELLED.search(body):
        return True
    before = re.split(r"牵头|负责|配合|参与|协办|协助|落实|指导|按职责|共同推进|组织实施", body, maxsplit=1)[0]
    return bool(re.search(r"[\u4e00-\u9fffA-Za-z)]{2,}", before)) or bool(CARRY.search(body))


def parse_annotation(body: str, keep_whole: list[str], first_leads: bool = False) -> Annotation:
    """Leads and responsible units of one annotation; ``first_leads``: the notice's 列第一位者 rule holds."""
    carry = [u for found in CARRY.findall(body) for u in split_units(found, keep_whole)]
    rule = FIRST_LEADS.search(body)
    stated = ("onward" if "下同" in body[rule.end():rule.end() + 6] else "here") if rule else ""
    text = NOTES.sub("", body)
    found = _labelled(text, keep_whole) if LABELLED.search(text) else _suffixed(text, keep_whole)
    _marked_roles(found)
    if not found.lead and found.responsible and (first_leads or stated):
        found.lead, found.responsible = found.responsible[:1], found.responsible[1:]
    found.responsible = [u for u in dict.fromkeys(found.responsible) if u not in found.lead]
    found.lead = list(dict.fromkeys(found.lead))
    found.carry, found.first_leads = carry, stated
    return found


MARKED = re.compile(r"\((牵头|牵头单位|主责|配合|参与|协办)\)$")  # 区商务局（牵头）in a table's cell


def _marked_roles(found: Annotation) -> None:
    """A unit that carries its role in brackets after its name leads or takes part, the bracket dropped."""
    for name in found.lead + found.responsible:
        m = MARKED.search(name)
        if m:
            (found.lead if m.group(1).startswith(("牵头", "主责")) else found.responsible).append(name[: m.start()])
    found.lead = [n for n in found.lead if not MARKED.search(n)]
    found.responsible = [n for n in found.responsible if not MARKED.search(n)]


def _labelled(body: str, keep_whole: list[str]) -> Annotation:
    found = Annotation()
    for label, names in LABELLED.findall(body):
        if label in OTHER_LABELS:
            found.set_aside.append(f"{label}：{names.strip(' ;，,。')}")
            continue
        units = [u for clause in re.split(r"[;；]", names) for u in _clause_units(clause.strip(), keep_whole)[0]]
        (found.lead if label in LEAD_LABELS else found.responsible).extend(units)
    return found


def _clause_units(clause: str, keep_whole: list[str]) -> tuple[list[str], str]:
    """(units, 'lead' | 'help' | '') of one clause: its names without the role phrase that closes them."""
    clause = re.sub(r"^(?:由|请|均由)", "", clause.strip())
    role = ""
    lead = LEAD_ROLE.search(clause)
    if lead and lead.start() > 0:
        clause, role = clause[: lead.start()], "lead"
    else:
        help_ = HELP_ROLE.search(clause)
        if help_ and help_.start() > 0:
            clause, role = clause[: help_.start()], "help"
    return split_units(clause, keep_whole), role


def _suffixed(body: str, keep_whole: list[str]) -> Annotation:
    """'X牵头,Y、Z配合': units gather clause by clause until a role phrase closes them."""
    lead: list[str] = []
    helpers: list[str] = []
    pending: list[str] = []
    for clause in _clauses(body):
        if "会同" in clause:  # 'X会同Y负责': X leads, Y takes part
            left, right = clause.split("会同", 1)
            lead += pending + _clause_units(left, keep_whole)[0]
            helpers += _clause_units(right, keep_whole)[0]
            pending = []
            continue
        names, role = _clause_units(clause, keep_whole)
        pending += names
        if role:
            (lead if role == "lead" else helpers).extend(pending)
            pending = []
    return Annotation(lead, helpers + pending)


def _clauses(body: str) -> list[str]:
    """The annotation cut at its commas, semicolons and full stops (not inside brackets)."""
    return [p.strip() for p, _ in _separated(body, ",，;；。") if p.strip()]


def split_units(text: str, keep_whole: list[str]) -> list[str]:
    """Unit names joined by 、 , ; 及 or 和各. Registered names with separators, bracketed parts and group phrases
    such as 各区、县级市人民政府 stay whole; a trailing 等 (等有关部门) is dropped."""
    protected: list[str] = []

    def protect(match: re.Match) -> str:
        protected.append(match.group(0))
        return f"\x00{len(protected) - 1}\x00"

    for name in keep_whole:
        text = re.sub(re.escape(name), protect, text)
    # 能源局等省有关部门: 等 closes a list before a group phrase of its own
    text = re.sub(r"等和|和(?=各)|以及|及(?=各)|等(?=[省市县区州](?:级|直)?(?:各|有关|相关)(?:部门|单位))", "、", text)
    names: list[str] = []
    joined_by_comma = True
    for part, sep in _separated(text):
        for piece in re.split(r"及(?![时早])", part):
            piece = VAGUE_TAIL.sub("", piece.strip().strip("。"))
            piece = HELP_ROLE.sub("", piece) if HELP_ROLE.search(piece) and HELP_ROLE.search(piece).start() else piece
            if not piece:
                continue
            if names and not joined_by_comma and _continues_group(names[-1], piece):
                names[-1] += "、" + piece
            else:
                names.append(piece)
        joined_by_comma = sep != "、"
    return [re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], n) for n in names]


def _separated(text: str, separators: str = "、,，;；") -> list[tuple[str, str]]:
    """(part, the separator after it) for the text cut at ``separators`` outside brackets."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += (ch in "([") - (ch in ")]")
        if ch in separators and depth == 0:
            parts.append((current, ch))
            current = ""
        else:
            current += ch
    return [*parts, (current, "")]


def _continues_group(previous: str, piece: str) -> bool:
    """'各区' + '县级市人民政府': one group phrase that a 、 runs through, not two units."""
    return previous.startswith("各") and not UNIT_END.search(previous) and bool(PLACE.match(piece))
