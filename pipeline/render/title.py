"""A 公文 title broken into lines as GB/T 9704 §7.3.1 asks: words kept whole, lines of near-equal length in a
trapezoid or diamond, never an hourglass; a title the template breaks itself ('|') is left as it is.

Word boundaries come first from a short list of the genre's joints (关于, 年度, 的, quotes…); when the best
lines need a break elsewhere, a Chinese word segmenter (jieba, loaded only then) says where the words are, so
"高质量发展" or a unit's name is never split."""

from __future__ import annotations

import functools
import itertools
import logging
import math
from collections.abc import Callable

from pipeline.render.document import text_width_em

AFTER = ("关于", "年度", "的", "和", "与", "及", "委员会", "政府", "规划", "目标", "任务", "方案", "”", "》", "）")
BEFORE = ("“", "《", "（", "关于")
OPENING, CLOSING = "“《（〈", "”》）〉、，。"
UNKNOWN, WORD_JOINT, INSIDE_WORD = 40.0, 20.0, 400.0  # costs of a break the list does not know


@functools.lru_cache(maxsize=256)
def word_joints(text: str) -> frozenset[int]:
    """Positions in ``text`` between two words, by jieba's dictionary and its model of unknown words."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict…" is not for a clerk
    return frozenset(end for _, _, end in jieba.tokenize(text))


def _break_cost(text: str, at: int, joints: frozenset[int] | None) -> float:
    """How bad a line break before ``text[at]`` is: 0 at a joint the list knows, more elsewhere; with the
    segmenter's ``joints``, a break inside a word costs far more than one between words."""
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
    if joints is None:
        return UNKNOWN
    return WORD_JOINT if at in joints else INSIDE_WORD


def _shape_cost(widths: list[float]) -> float:
    """An hourglass (a middle line shorter than both its neighbours) reads badly."""
    return sum(30.0 for a, b, c in zip(widths, widths[1:], widths[2:]) if b < a and b < c)


def _best(text: str, lines: int, limit: float, cost: Callable[[int], float]) -> tuple[tuple[int, ...], float]:
    """The cuts into ``lines`` lines no wider than ``limit`` with the least cost, and that cost."""
    best: tuple[tuple[int, ...], float] = ((), math.inf)
    for cuts in itertools.combinations(range(1, len(text)), lines - 1):
        widths = [text_width_em(text[a:b]) for a, b in zip((0, *cuts), (*cuts, len(text)))]
        if max(widths) > limit:
            continue
        mean = sum(widths) / len(widths)
        total = sum((w - mean) ** 2 for w in widths) + sum(cost(c) for c in cuts) + _shape_cost(widths)
        if total < best[1]:
            best = (cuts, total)
    return best


def break_title(text: str, limit: float) -> str:
    """The title with '|' where its lines break (``limit``: characters a line holds)."""
    if "|" in text or text_width_em(text) <= limit:
        return text
    lines = math.ceil(text_width_em(text) / limit)
    cuts, _ = _best(text, lines, limit, lambda at: _break_cost(text, at, None))
    if any(_break_cost(text, at, None) == UNKNOWN for at in cuts):
        joints = word_joints(text)
        cuts, _ = _best(text, lines, limit, lambda at: _break_cost(text, at, joints))
    if not cuts:
        return text
    return "|".join(text[a:b] for a, b in zip((0, *cuts), (*cuts, len(text))))
