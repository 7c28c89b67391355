"""Small text helpers shared by the parser, forms and documents."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Notices mix full- and half-width brackets and separators; one canonical form makes
# "the same notice with full-width punctuation" parse to the same plan.
_CANON = str.maketrans({"（": "(", "）": ")", "：": ":", "；": ";", "【": "[", "】": "]", "\u3000": " "})


def normalize(s: str) -> str:
    return s.translate(_CANON).strip()


_PROSE = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})
_KEEP = re.compile(r"(?<=\d)[,:](?=\d)")  # 1,000 and 10:30 keep their marks


def prose(s: str) -> str:
    """Notice text as a Chinese document prints it (GB/T 15834): half-width commas, colons, semicolons,
    brackets and stops become full-width, except a comma or colon between digits."""
    kept = {m.start(): m.group() for m in _KEEP.finditer(s)}
    return "".join(kept.get(n) or c.translate(_PROSE) for n, c in enumerate(s))


def format_number(value: float | None, digits: int = 2) -> str:
    """A number as a clerk writes it: no trailing zeros, no exponent."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def chinese_date(year: int, month: int, day: int) -> str:
    """GB/T 9704 date: Arabic numerals, no leading zeros."""
    return f"{year}年{month}月{day}日"


def cn_date(value: str | dt.date | None) -> str:
    """A date as a reader sees it, '2021年1月7日', from a date or an ISO string ('' stays '')."""
    if not value:
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return chinese_date(day.year, day.month, day.day)


def display_width(s: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def fit(s: str, width: int) -> str:
    """Cut to ``width`` columns (with …) and pad with spaces to exactly ``width``."""
    if display_width(s) > width:
        while display_width(s) > width - 1:
            s = s[:-1]
        s += "…"
    return s + " " * (width - display_width(s))
