"""What a typed cell means: a number, a date, or why it is neither."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from pipeline.intake.codes import Code

NO_VALUE_MARKERS = {"—", "-", "--", "——", "/", "无", "暂无", "n/a", "N/A", "空"}
NUMBER_RE = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]+)?$")
NOTED = re.compile(r"^([+-]?[0-9]+(?:\.[0-9]+)?)\s*[(\[](.+)[)\]]$")  # 112.7（初步统计）
# No measure of a city's year, in any unit it is counted in (万元, 万吨, %, …), comes near this; a cell beyond it
# holds an overflow (1e308, a literal too long for a double), not a figure.
MAX_MAGNITUDE = 1e12


def parse_number(value: object) -> tuple[float | None, str, str]:
    """(number, problem code, message): a number, or why the cell is not one."""
    if isinstance(value, bool):
        return None, Code.NOT_A_NUMBER, "请填写数字"
    if isinstance(value, int | float):
        return _finite(float(value))
    # Full-width digits and point (１１２．７, typed with a Chinese input method left in full-width mode) are the
    # same number: NFKC makes them ASCII, as it makes ％ %, （） () and ，,
    shown = str(value).strip()  # what the sender typed, in the messages
    text = unicodedata.normalize("NFKC", shown).replace(",", "")
    if NUMBER_RE.match(text):
        return _finite(float(text))
    if text in NO_VALUE_MARKERS:
        return None, Code.NO_VALUE_MARKER, f"“{shown}”不是数值：没有数据请留空，并在“说明”栏写明原因"
    if text.endswith("%") and NUMBER_RE.match(text[:-1].strip()):
        return None, Code.PERCENT_SIGN, f"“{shown}”带了百分号：请只填数字 {text[:-1].strip()}（计量单位已在表中注明）"
    noted = NOTED.match(text)
    if noted:
        return None, Code.NOT_A_NUMBER, (f"“{shown}”带了说明：请只填数字 {noted.group(1)}，"
                                         f"“{noted.group(2)}”写在“说明”栏")
    stripped = re.sub(r"^(约|大约|近|超过|不到)|(左右|以上|以下|万元|万吨|吨|元)$", "", text)
    if NUMBER_RE.match(stripped):
        return None, Code.NOT_A_NUMBER, f"“{shown}”含有文字：请只填数字 {stripped}，不要加“约”“左右”或单位"
    return None, Code.NOT_A_NUMBER, f"“{shown}”不是数字：请只填阿拉伯数字"


def _finite(number: float) -> tuple[float | None, str, str]:
    if math.isfinite(number) and abs(number) < MAX_MAGNITUDE:
        return number, "", ""
    shown = "NaN（非数值）" if math.isnan(number) else "无穷大" if math.isinf(number) else f"{number:.3g}"
    return None, Code.NOT_FINITE, f"{shown}不是有效的数值（可能是公式出错或数字溢出）：请填写实际数值"


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:  # an Excel serial day number
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    m = re.match(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$", str(value or "").strip())
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


MAX_CELL_TEXT = 4000  # characters in one cell: a thorough narrative of a year's work stays well under
MAX_FILE_TEXT = 100_000  # characters a whole form may hold
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")


def clean_text(text: str) -> tuple[str, bool]:
    """Agency text made canonical: Unicode NFC, line breaks as \\n, tabs as spaces, and control, bidirectional
    and zero-width characters removed; (text, whether any were removed)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    cleaned = INVISIBLE.sub("", text)
    return cleaned, cleaned != text
