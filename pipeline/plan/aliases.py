"""Names one notice uses for the same unit (市应急局 and 市应急管理局), proposed as one unit for the registry.

Two names are taken for one unit when, without the place they begin with, they open with the same
character, close with the same kind of unit (局, 委, 厅…; 委员会 counts as 委), hold no numbers (第1局, 第12局),
and the shorter one's characters all stand, in order, in the longer one (应急局 in 应急管理局, 发改委 in
发展和改革委员会). It is a
proposal: init writes it into units.toml with a comment, and the review sheet asks the clerk to confirm it.
"""

from __future__ import annotations

import re

PLACE_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}?(?:省|自治区|市|自治州|州|盟|县|自治县|区|旗))?(?:省|市|县|区)?")
KIND_END = re.compile(r"(?:委员会|委|局|厅|部|办公室|办|署|院|中心|公司|政府|管委会)$")


def _core(name: str, place: str) -> tuple[str, str]:
    """(what the name says without its place, its kind of unit) — ('应急管', '局') for 市应急管理局."""
    text = name.removeprefix(place) if place and name.startswith(place) else name
    text = re.sub(r"^(?:省|市|县|区)", "", text)
    end = KIND_END.search(text)
    kind = ("委" if end.group(0) in ("委员会", "委") else "办" if end.group(0) in ("办公室", "办") else end.group(0)) \
        if end else ""
    return (text[: end.start()] if end else text), kind


def _within(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def same_unit(a: str, b: str, place: str = "") -> bool:
    if a == b:
        return True
    (ca, ka), (cb, kb) = _core(a, place), _core(b, place)
    if not ka or ka != kb or len(ca) < 2 or len(cb) < 2 or ca[0] != cb[0] or a.startswith("各") or b.startswith("各"):
        return False
    if re.search(r"[\d一二三四五六七八九十]", ca + cb):  # 第1局 and 第12局 are two units
        return False
    short, long = sorted((ca, cb), key=len)
    return _within(short, long)


def propose_aliases(names: list[str], place: str = "") -> list[list[str]]:
    """The names grouped into units, in the order of first use; each group's first name is its short name."""
    groups: list[list[str]] = []
    for name in names:
        for group in groups:
            if any(same_unit(name, other, place) for other in group):
                group.append(name)
                break
        else:
            groups.append([name])
    return groups
