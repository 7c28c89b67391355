"""A 公文 title broken into lines as GB/T 9704 §7.3.1 asks: words kept whole, lines of near-equal length in a
trapezoid or diamond, never an hourglass; a title the template breaks itself ('|') is left as it is.

Word boundaries come first from a short list of the genre's joints (关于, 年度, 的, quotes…) and the edges of the
document's own phrases (the plan's theme, the issuer), which are kept whole where the lines allow; when the best
lines need a break elsewhere, a Chinese word segmenter (jieba, loaded only then) says where the words are, so
"高质量" or a unit's name is never split."""

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
INSIDE_PHRASE = 30.0  # added inside one of the document's phrases
EXTRA_LINE = 50.0  # a line more than the title needs, worth it to keep a word whole


@functools.lru_cache(maxsize=256)
def word_joints(text: str) -> frozenset[int]:
    """Positions in ``text`` between two words, by jieba's dictionary and its model of unknown words."""
    import jieba

    jieba.setLogLevel(logging.CRITICAL + 1)  # its messages ("Building prefix dict…", a cache it could not write)
    # are not for a clerk: without its cache file it only loads slower
    return frozenset(end for _, _, end in jieba.tokenize(text))


def _phrase_marks(text: str, phrases: tuple[str, ...]) -> tuple[set[int], set[int]]:
    """(edges, insides): positions at the ends of the phrases' occurrences in ``text``, and within them."""
    edges, insides = set(), set()
    for phrase in (p for p in phrases if len(p) > 1):
        start = text.find(phrase)
        while start >= 0:
            edges |= {start, start + len(phrase)}
            insides |= set(range(start + 1, start + len(phrase)))
            start = text.find(phrase, start + 1)
    return edges, insides


def _break_cost(text: str, at: int, joints: frozenset[int] | None, marks: tuple[set[int], set[int]]) -> float:
    """How bad a line break before ``text[at]`` is: 0 at a joint the list knows or a phrase's edge, more
    elsewhere; with the segmenter's ``joints``, a break inside a word costs far more than one between words."""
    inside = INSIDE_PHRASE if at in marks[1] else 0.0
    return inside + _joint_cost(text, at, joints, at in marks[0])


def _joint_cost(text: str, at: int, joints: frozenset[int] | None, edge: bool) -> float:
    before, after = text[:at], text[at:]
    if after[0] in CLOSING or before[-1] in OPENING or (before[-1].isdigit() and after[0].isdigit()):
        return 1000.0
    depth = sum(1 for c in before if c in OPENING) - sum(1 for c in before if c in CLOSING[:4])
    if depth > 0:
        return 200.0  # inside quotes or a book title
    if after.startswith(("和", "与", "及", "的")):
        return 60.0  # a line does not open with a joining word
    if edge or before.endswith(AFTER) or after.startswith(BEFORE):
        return 0.0
    if joints is None:
        return UNKNOWN
    return WORD_JOINT if at in joints else INSIDE_WORD


def _shape_cost(widths: list[float]) -> float:
    """An hourglass (a middle line shorter than both its neighbours) reads badly."""
    return sum(30.0 for a, b, c in zip(widths, widths[1:], widths[2:]) if b < a and b < c)


def _best(text: str, lines: int, limit: float, cost: Callable[[int], float]) -> tuple[tuple[int, ...], float]:
    """The cuts into ``lines`` lines (or one more) no wider than ``limit`` with the least cost, and that cost."""
    widths = list(itertools.accumulate((text_width_em(c) for c in text), initial=0.0))
    costs = [0.0] + [cost(at) for at in range(1, len(text))]
    fewest, more = (_best_of(widths, costs, n, limit) for n in (lines, lines + 1))
    return fewest if fewest[1] <= more[1] + EXTRA_LINE else more


def _best_of(widths: list[float], costs: list[float], lines: int, limit: float) -> tuple[tuple[int, ...], float]:
    """Branch and bound over the cuts: a partial cost (squared deviations and break costs only grow) already
    above the best found ends that branch."""
    end, mean = len(widths) - 1, widths[-1] / lines
    best: list = [(), math.inf]

    def search(start: int, left: int, cuts: tuple[int, ...], parts: tuple[float, ...], cost: float) -> None:
        if cost >= best[1]:
            return
        if left == 1:
            last = widths[end] - widths[start]
            total = cost + (last - mean) ** 2 + _shape_cost([*parts, last])
            if last <= limit and total < best[1]:
                best[:] = [cuts, total]
            return
        for at in range(start + 1, end):
            width = widths[at] - widths[start]
            if width > limit:
                break
            if widths[end] - widths[at] <= (left - 1) * limit:
                search(at, left - 1, (*cuts, at), (*parts, width), cost + (width - mean) ** 2 + costs[at])

    search(0, lines, (), (), 0.0)
    return best[0], best[1]


def break_title(text: str, limit: float, phrases: tuple[str, ...] = ()) -> str:
    """The title with '|' where its lines break (``limit``: characters a line holds; ``phrases``: the document's
    own terms, kept whole where the lines allow)."""
    if "|" in text or text_width_em(text) <= limit:
        return text
    lines, marks = math.ceil(text_width_em(text) / limit), _phrase_marks(text, phrases)
    cuts, _ = _best(text, lines, limit, lambda at: _break_cost(text, at, None, marks))
    if any(_joint_cost(text, at, None, at in marks[0]) == UNKNOWN for at in cuts):
        joints = word_joints(text)
        cuts, _ = _best(text, lines, limit, lambda at: _break_cost(text, at, joints, marks))
    if not cuts:
        return text
    return "|".join(text[a:b] for a, b in zip((0, *cuts), (*cuts, len(text))))
