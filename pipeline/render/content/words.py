"""Grammar for generated sentences: counts that never read 0项, lists of units (个单位) and items (项), agency
text made safe for one template line."""

from __future__ import annotations

from pipeline.merge.model import ItemResult, ItemView, MeasureResult

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (headings and 连续三年)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def clean(text: object) -> str:
    """Agency text as one run of words: whitespace of any kind and length becomes one space (the template
    environment makes every printed value data: one line, no directive)."""
    return " ".join(str(text or "").split())


def who(thing: MeasureResult | ItemResult | ItemView) -> str:
    """Whose report states a merged measure or item: its 牵头单位, or where the notice names none, its 责任单位."""
    return "牵头单位" if thing.led else "责任单位"


def full_stop(text: str) -> str:
    """A sentence ending in exactly one full stop (agency text ends as it likes)."""
    text = clean(text).rstrip("。．.；;，,、 ")
    return f"{text}。" if text else ""


def listing(names: list[str], limit: int, counter: str) -> str:
    """'A、B和C' / 'A、B等5个单位': up to ``limit`` named, then how many in all with ``counter`` (个单位, 项).
    Quoted names stand side by side without 、 (GB/T 15834: “A”“B”)."""
    names = list(dict.fromkeys(n for n in names if n))
    sep = "" if names and all(n[0] in "“《" for n in names) else "、"
    if len(names) > limit:
        return sep.join(names[:limit]) + f"等{len(names)}{counter}"
    if len(names) > 1:
        return sep.join(names[:-1]) + "和" + names[-1]
    return names[0] if names else ""


def unit_list(names: list[str], limit: int = 5) -> str:
    return listing(names, limit, "个单位")


def item_list(names: list[str], limit: int = 4, counter: str = "项") -> str:
    return listing(names, limit, counter)


def tally(parts: list[tuple[int, str]], counter: str = "项") -> str:
    """'2项已完成，11项进度正常' from (count, what) pairs; a zero count says nothing."""
    return "，".join(f"{n}{counter}{what}" for n, what in parts if n)


def share_of(whole: str, n: int, parts: list[tuple[int, str]]) -> str:
    """'20项可度量目标中，2项已完成，11项进度正常'; when one part is all of them, '3项任务均已完成' (never
    '3项任务中，3项已完成')."""
    every = [what for k, what in parts if k == n]
    return f"{whole}{'均' if n > 1 else ''}{every[0]}" if every else f"{whole}中，{tally(parts)}"


