"""A notice's paragraphs read into lines that say what they are: a numbered heading of some level, plain
text, an annotation on its own, a closing line or the start of an attachment; each keeps where it stands,
its words exactly as written, and every annotation it holds (an item may close several sentences with one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.plan.annotations import LABEL_WORDS, is_annotation
from pipeline.plan.sources import Block
from pipeline.util.text import normalize

CN = "一二三四五六七八九十百零"
LEVELS = (  # the genre's numbering, outermost first: 第一部分 一、 （一） 1. （1） ①
    (1, re.compile(rf"^第([{CN}]+)(?:部分|章|篇)\s*")),
    (2, re.compile(rf"^(?:([{CN}]+)[、.．]|(?:重点)?(?:任务|专项行动|行动|专项|工程|领域)([{CN}]+)\s*[:：]?)\s*")),
    (3, re.compile(rf"^\(([{CN}]+)\)\s*")),
    (4, re.compile(r"^(\d{1,3})(?:[.．、](?!\d)|\s(?=[\u4e00-\u9fff]))\s*")),
    (5, re.compile(r"^\((\d{1,3})\)\s*")),
    (6, re.compile(r"^([①-⑳])\s*")),
)
ITEM_LEVEL = 4  # 1. 2. 3.: where a title beginning with digits may stand (11.121人才梯队项目)
NUMBER_BEFORE_DIGIT = re.compile(r"^(\d{1,3})[.．](?=\d)")  # '11.121人才梯队项目': item 11, or the number 11.121
DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|^[二〇○零一三四五六七八九十]{4}年[一二三四五六七八九十]{1,2}月"
                  r"[一二三四五六七八九十]{1,3}日$")
CLOSING = re.compile(r"^\(?此件|^公开方式|^抄送|印发$|^\(本文有删减\)|^扫一扫|^附件\s*[:：]|^\(\s*\)$")
ATTACHMENT = re.compile(r"^附件\s*\d*$")


@dataclass
class Run:
    """A stretch of a line's text (as written) and the annotation that closes it, if any (normalised)."""

    text: str
    note: str | None = None


@dataclass
class Line:
    where: str
    level: int  # 0 for text, else the numbering level (1 一、 … 5 ①)
    number: int  # the marker's value (0 for text)
    runs: list[Run] = field(default_factory=list)
    kind: str = "text"  # numbered | text | annotation | closing | date | attachment

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def notes(self) -> list[str]:
        return [r.note for r in self.runs if r.note is not None]


def cn_value(numeral: str) -> int:
    digits = {c: n for n, c in enumerate("零一二三四五六七八九")}
    if numeral.startswith("十"):
        numeral = "一" + numeral
    total, current = 0, 0
    for ch in numeral:
        if ch == "百":
            total, current = total + current * 100, 0
        elif ch == "十":
            total, current = total + current * 10, 0
        else:
            current = digits.get(ch, 0)
    return total + current


def marker(norm: str, expected: dict[int, int]) -> tuple[int, int, int]:
    """(level, number, length of the marker) of a line's numbering, or (0, 0, 0)."""
    for level, pattern in LEVELS:
        m = pattern.match(norm)
        if m:
            value = next(g for g in m.groups() if g)
            number = int(value) if value.isdigit() else ("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".find(value) + 1
                                                         if value in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" else cn_value(value))
            return level, number, m.end()
    m = NUMBER_BEFORE_DIGIT.match(norm)
    if m and int(m.group(1)) == expected.get(ITEM_LEVEL, 0) + 1:  # the next item of a list, its title in digits
        return ITEM_LEVEL, int(m.group(1)), m.end()
    return 0, 0, 0


def annotation_spans(norm: str) -> list[tuple[int, int, str]]:
    """(start, end, body) of each bracketed annotation in the line: at the end of a sentence or of the line."""
    spans, depth, start = [], 0, 0
    for n, ch in enumerate(norm):
        if ch in "([":
            if depth == 0:
                start = n
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
            if depth == 0:
                body = norm[start + 1:n]
                before = norm[:start].rstrip()
                after = norm[n + 1:].lstrip(" 。;.")
                at_sentence = not before or before[-1] in "。;!?”)" or not after
                if at_sentence and is_annotation(body):
                    spans.append((start, n + 1, body))
    return spans


BARE = re.compile(rf"(?:^|(?<=[。;]))\s*((?:{LABEL_WORDS})\s*:.*)$")  # 责任单位：… without brackets
BOXED = re.compile(rf"(?:^|(?<=[。;]))\s*\[({LABEL_WORDS})\]\s*(.+)$")  # 【责任单位】…


def runs_of(raw: str, norm: str, offset: int) -> list[Run]:
    """The line's text after its marker cut into runs at its annotations."""
    runs, at = [], offset
    for start, end, body in annotation_spans(norm[offset:]):
        runs.append(Run(raw[at:offset + start].rstrip(), body))
        at = offset + end
        while at < len(norm) and norm[at] in " 。;.":
            at += 1
    rest_raw, rest_norm = raw[at:], norm[at:]
    bare, boxed = BARE.search(rest_norm), BOXED.search(rest_norm)
    if bare:
        runs.append(Run(rest_raw[: bare.start(1)].rstrip(), bare.group(1)))
    elif boxed:
        rest = re.sub(rf"\s*\[({LABEL_WORDS})\]\s*", r";\1:", boxed.group(2))  # 【牵头单位】甲【配合单位】乙
        runs.append(Run(rest_raw[: boxed.start()].rstrip(), f"{boxed.group(1)}:{rest}"))
    elif rest_raw.strip():
        runs.append(Run(rest_raw.strip()))
    return [r for r in runs if r.text or r.note is not None]


def classify(where: str, raw: str, expected: dict[int, int]) -> Line:
    norm = normalize(raw)
    if DATE.match(norm.replace(" ", "")):
        return Line(where, 0, 0, [Run(raw)], "date")
    if ATTACHMENT.match(norm):
        return Line(where, 0, 0, [Run(raw)], "attachment")
    if CLOSING.search(norm):
        return Line(where, 0, 0, [Run(raw)], "closing")
    level, number, length = marker(norm, expected)
    runs = runs_of(raw, norm, length)
    if not level and runs and all(not r.text for r in runs):
        return Line(where, 0, 0, runs, "annotation")
    return Line(where, level, number, runs, "numbered" if level else "text")


def read_lines(blocks: list[Block]) -> list[Line | Block]:
    """Paragraphs as lines, tables as they are; the short line before a closing date is its signature."""
    stream: list[Line | Block] = []
    expected: dict[int, int] = {}
    for block in blocks:
        if block.is_table:
            stream.append(block)
            continue
        line = classify(block.where, block.text, expected)
        if line.level:
            expected = {k: v for k, v in expected.items() if k < line.level} | {line.level: line.number}
        stream.append(line)
    for before, line in zip(stream, stream[1:]):
        if (isinstance(line, Line) and line.kind == "date" and isinstance(before, Line) and before.kind == "text"
                and len(before.text) <= 25 and not re.search(r"[。，,;；:：]", before.text)):
            before.kind = "closing"
    return stream
