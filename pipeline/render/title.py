"""A 公文 title broken into lines as GB/T 9704 §7.3.1 asks: words kept whole, lines of near-equal length in a
trapezoid or diamond, never an hourglass; a title the template breaks itself ('|') is left as it is."""

from __future__ import annotations

import itertools
import math

from pipeline.render.document import text_width_em

AFTER = ("关于", "年度", "的", "和", "与", "及", "委员会", "政府", "规划", "目标", "任务", "方案", "”", "》", "）")
BEFORE = ("“", "《", "（", "关于")
OPENING, CLOSING = "“《（〈", "”》）〉、，。"


def _break_cost(text: str, at: int) -> float:
    """How bad a line break before ``text[at]`` is: 0 at a word boundary the list knows, more elsewhere."""
    before, after = text[:at], text[at:]
    if after[0] in CLOSING or before[-1] in OPENING or (before[-1].isdigit() and after[0].isdigit()):
        return 1000.0
    depth = sum(1 for c in before if c in OPENING) - sum(1 for c in before if c in CLOSING[:4])
    if depth > 0:
        return 200.0  # inside quotes or a book title
    if after.startswith(("和", "与", "及", "的")):
        return 60.0  # a line does not open with a joining word
    if before.endswith(AFTER) or after.startswith(BEFORE):
        return 0.0
    return 40.0


def _shape_cost(widths: list[float]) -> float:
    """An hourglass (a middle line shorter than both its neighbours) reads badly."""
    return sum(30.0 for a, b, c in zip(widths, widths[1:], widths[2:]) if b < a and b < c)


def break_title(text: str, limit: float) -> str:
    """The title with '|' where its lines break (``limit``: characters a line holds)."""
    if "|" in text or text_width_em(text) <= limit:
        return text
    lines = math.ceil(text_width_em(text) / limit)
    best, best_cost = text, math.inf
    for cuts in itertools.combinations(range(1, len(text)), lines - 1):
        parts = [text[a:b] for a, b in zip((0, *cuts), (*cuts, len(text)))]
        widths = [text_width_em(p) for p in parts]
        if max(widths) > limit:
            continue
        mean = sum(widths) / len(widths)
        cost = sum((w - mean) ** 2 for w in widths) + sum(_break_cost(text, c) for c in cuts) + _shape_cost(widths)
        if cost < best_cost:
            best, best_cost = "|".join(parts), cost
    return best
