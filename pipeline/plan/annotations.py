"""Who does an item: its annotation, read in either of the genre's styles.

Labelled: ``(牵头单位:X;责任单位:Y、Z)``, with 牵头部门, 配合/参与/协办单位 and the like. Suffix:
``(X牵头,Y、Z配合)``, ``(X牵头,Y、Z按职责分工负责)``, ``(X负责)``, ``(X、Y按职责分工负责)``,
``(X、Y等负责。列第一位者为牵头单位,下同)``. Where no unit is named as lead, the first one listed
leads: the genre's own convention, which notices often state. A note such as ``以下均需各县市区落实``
adds its units to this item and to every item after it. Lines are already normalised (half-width).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LEAD_LABELS = ("牵头单位", "牵头部门", "主要牵头单位", "牵头责任单位")
HELP_LABELS = ("责任单位", "责任部门", "配合单位", "配合部门", "参与单位", "参与部门", "协办单位", "协办部门",
               "协助单位", "主要责任单位")
_LABEL = "|".join(sorted(LEAD_LABELS + HELP_LABELS, key=len, reverse=True))
LABELLED = re.compile(rf"({_LABEL})\s*:\s*(.*?)(?=[;,，]?\s*(?:{_LABEL})\s*:|$)")
LEAD_ROLE = re.compile(r"(?:牵头负责|牵头)$")
HELP_ROLE = re.compile(r"(?:按职责分工负责|按职责分工落实|按职责负责|分工负责|配合|参与|协办|协助|负责|落实)$")
ROLE_WORD = re.compile(r"牵头|负责|配合|参与|协办|协助|落实|[单部]门\s*:|单位\s*:")
CARRY = re.compile(r"以下(?:均需|均由|各项均需)(.+?)(?:负责)?落实")
NOTES = re.compile(r"以下(?:均需|均由|各项均需).+?落实|不再逐一列出|不再一一列出|下同|"
                   r"(?:列|排在)第一位(?:者|的(?:单位|部门))?为牵头(?:单位|部门)|(?:预期性|约束性)指标")
# An annotation closes its line: the last bracketed part (brackets may nest once), then at most 。 or ;.
TRAILING = re.compile(r"[(\[]((?:[^()\[\]]|\([^()]*\))*)[)\]]\s*[。;.]?\s*$")
BARE = re.compile(rf"(?:^|(?<=[。;]))\s*((?:{_LABEL})\s*:.*)$")
PLACE = re.compile(r"^(?:县级市|县|区|市|自治区|直辖市|自治州|自治县|旗|开发区|新区|管委会)(?:人民政府|政府|管委会)?$")
UNIT_END = re.compile(r"(?:政府|管委会|部门|单位|机构|局|委|办|厅|部|署|会|院|所|室|中心|队|行|社)$")


@dataclass
class Annotation:
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    carry: list[str] = field(default_factory=list)  # units a 以下均需…落实 note adds to the items after it


def find_annotation(line: str) -> tuple[str, str | None]:
    """(item text, annotation body or None): a closing bracketed part that names who does the item."""
    m = TRAILING.search(line)
    if m and ROLE_WORD.search(m.group(1)):
        return line[: m.start()].rstrip(), m.group(1)
    m = BARE.search(line)
    if m:
        return line[: m.start()].rstrip(), m.group(1)
    return line, None


def parse_annotation(body: str, keep_whole: list[str]) -> Annotation:
    carry = [u for found in CARRY.findall(body) for u in split_units(found, keep_whole)]
    body = NOTES.sub("", body)
    found = _labelled(body, keep_whole) if LABELLED.search(body) else _suffixed(body, keep_whole)
    found.carry = carry
    return found


def _labelled(body: str, keep_whole: list[str]) -> Annotation:
    found = Annotation()
    for label, names in LABELLED.findall(body):
        (found.lead if label in LEAD_LABELS else found.responsible).extend(split_units(names, keep_whole))
    return found


def _suffixed(body: str, keep_whole: list[str]) -> Annotation:
    """'X牵头,Y、Z配合': units gather clause by clause until a role word closes them."""
    lead: list[str] = []
    helpers: list[str] = []
    pending: list[str] = []
    for clause in (c.strip() for c in re.split(r"[,，;。]", body)):
        if not clause:
            continue
        role = LEAD_ROLE.search(clause) or HELP_ROLE.search(clause)
        names = clause[: role.start()] if role else clause
        pending += split_units(names, keep_whole)
        if role:
            (lead if LEAD_ROLE.search(clause) else helpers).extend(pending)
            pending = []
    helpers += pending
    if not lead and helpers:  # the genre's convention: the unit listed first leads
        lead, helpers = helpers[:1], helpers[1:]
    return Annotation(lead, [u for u in helpers if u not in lead])


def split_units(text: str, keep_whole: list[str]) -> list[str]:
    """Unit names joined by 、 , ; or 及. Registered names with separators, bracketed parts and group phrases
    such as 各区、县级市 stay whole; a trailing 等 is dropped."""
    protected: list[str] = []

    def protect(match: re.Match) -> str:
        protected.append(match.group(0))
        return f"\x00{len(protected) - 1}\x00"

    for name in keep_whole:
        text = re.sub(re.escape(name), protect, text)
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += (ch in "([") - (ch in ")]")
        if ch in "、,，;" and depth == 0:
            parts.append((current, ch))
            current = ""
        else:
            current += ch
    parts.append((current, ""))
    names: list[str] = []
    joined_by_comma = True
    for part, sep in parts:
        for piece in re.split(r"及(?![时早])", part):
            piece = re.sub(r"等$|等有关.*$", "", piece.strip().strip("。"))
            if not piece:
                continue
            if names and not joined_by_comma and _continues_group(names[-1], piece):
                names[-1] += "、" + piece
            else:
                names.append(piece)
        joined_by_comma = sep != "、"
    return [re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], n) for n in names]


def _continues_group(previous: str, piece: str) -> bool:
    """'各区' + '县级市人民政府': a group phrase that a 、 runs through, not two units."""
    return previous.startswith("各") and not UNIT_END.search(previous) and bool(PLACE.match(piece))
