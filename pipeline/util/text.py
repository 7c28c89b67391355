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


# How offices set Chinese beside Latin letters and digits (measured in LibreOffice 7.4). Text is cut into runs
# of one script: Chinese (with its punctuation and full-width forms), Latin (Basic Latin to Latin Extended), and
# weak characters (quotation marks, dashes, …) that join the run before them. Letter-spacing falls between the
# characters of a run, not after its last one. Between a Chinese character (an ideograph, not punctuation) and
# a Latin letter or digit right beside it, either way round, a small gap (自动调整中文与西文的间距); "2.5%中",
# "“2019”" and "，2019" have none.
_ASIAN = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_LATIN = re.compile(r"[\u0020-\u024f]")
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ALNUM = re.compile(r"[0-9A-Za-z\u00c0-\u024f]")


def _script(char: str) -> str:
    return "asian" if _ASIAN.match(char) else "latin" if _LATIN.match(char) else ""


def _kind(char: str) -> str:
    return "ideograph" if _IDEOGRAPH.match(char) else "alnum" if _ALNUM.match(char) else ""


def script_changes(text: str, before: tuple[str, str] = ("", "")) -> tuple[list[tuple[int, bool]], tuple[str, str]]:
    """Where the script changes in ``text``: (the index of the first character of the new run, whether a gap
    goes there), given (the character, the script) that came ``before``; and those of its end."""
    found, (last, script) = [], before
    for n, char in enumerate(text):
        now = _script(char) or script
        if now and script and now != script:
            found.append((n, {_kind(char), _kind(last)} == {"ideograph", "alnum"}))
        last, script = char, now
    return found, (last, script)
