"""Word's automatic numbering, rendered as the reader sees it ("一、", "（三）", "2.").

A notice typed in Word or WPS often numbers its headings with a list style instead of typed characters; the
paragraph's text then lacks "一、" and the structure of the notice would be lost. This renders the common
formats (decimal, Chinese counting, circled numbers, letters) from numbering.xml.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CN_DIGITS = "零一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
CHINESE_FORMATS = ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
                   "taiwaneseCountingThousand", "japaneseCounting")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if not rest else ("零" + chinese_number(rest) if rest < 10 else
                                 ("一" if rest < 20 else "") + chinese_number(rest))
    return CN_DIGITS[hundreds] + "百" + tail


def formatted(n: int, fmt: str) -> str:
    if fmt in CHINESE_FORMATS:
        return chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) - 0x30 + 0xFF10) for d in str(n))
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


@dataclass
class Level:
    fmt: str
    text: str  # lvlText, as "%1、" or "（%2）"
    start: int


@dataclass
class Numbering:
    """The document's lists (numId → its levels) and the running counters while paragraphs are read."""

    lists: dict[str, dict[int, Level]] = field(default_factory=dict)
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)  # paragraph style id → (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> Numbering:
        from docx.oxml.ns import qn

        found = cls()
        try:
            part = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return found
        abstract = {a.get(qn("w:abstractNumId")): _levels(a, qn) for a in part.findall(qn("w:abstractNum"))}
        for num in part.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None and ref.get(qn("w:val")) in abstract:
                found.lists[num.get(qn("w:numId"))] = abstract[ref.get(qn("w:val"))]
        for style in document.styles.element.findall(qn("w:style")):
            num = _num_pr(style.find(qn("w:pPr")), qn)
            if num:
                found.styles[style.get(qn("w:styleId"))] = num
        return found

    def label(self, paragraph) -> str:
        """The number Word shows before this paragraph ('' for an unnumbered one); advances the counters."""
        from docx.oxml.ns import qn

        ppr = paragraph.find(qn("w:pPr"))
        num = _num_pr(ppr, qn)
        if num is None and ppr is not None and ppr.find(qn("w:pStyle")) is not None:
            num = self.styles.get(ppr.find(qn("w:pStyle")).get(qn("w:val")))
        if num is None or num[0] not in self.lists:
            return ""
        num_id, ilvl = num
        levels, counts = self.lists[num_id], self.counters.setdefault(num_id, {})
        if ilvl not in levels:
            return ""
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        text = levels[ilvl].text
        for k, level in levels.items():
            text = text.replace(f"%{k + 1}", formatted(counts.get(k, level.start), level.fmt))
        return text


def _levels(abstract, qn) -> dict[int, Level]:
    def val(lvl, tag: str, default: str) -> str:
        node = lvl.find(qn(tag))
        return node.get(qn("w:val"), default) if node is not None else default

    return {int(lvl.get(qn("w:ilvl"), "0")): Level(val(lvl, "w:numFmt", "decimal"), val(lvl, "w:lvlText", ""),
                                                   int(val(lvl, "w:start", "1")))
            for lvl in abstract.findall(qn("w:lvl"))}


def _num_pr(ppr, qn) -> tuple[str, int] | None:
    if ppr is None or ppr.find(qn("w:numPr")) is None:
        return None
    numpr = ppr.find(qn("w:numPr"))
    num_id, ilvl = numpr.find(qn("w:numId")), numpr.find(qn("w:ilvl"))
    if num_id is None or num_id.get(qn("w:val")) == "0":
        return None
    return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0
