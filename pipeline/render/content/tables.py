"""The attachment tables, with column widths from their content: a number never splits, text takes the rest."""

from __future__ import annotations

import math
import re

from pipeline.render.document import Table, text_width_em
from pipeline.render.style import MM, style_table
from pipeline.util.text import script_changes

SHORT = 7.0  # a column whose cells are at most this many characters wide keeps each on one line
SLACK = 0.3  # rules and rounding: a cell exactly as wide as its text would wrap
TOKEN = re.compile(r"[0-9A-Za-z.%≥≤<>+\-—/]+|.")


def _header_need(text: str) -> float:
    """A header of more than four characters may take two lines, breaking between words ('2020年|基数',
    never inside '2020年'); a shorter one stays on one."""
    if text_width_em(text) <= 4:
        return text_width_em(text)
    words = re.findall(r"\d+年|（[^）]*）|.", text)
    return max(max((text_width_em(w) for w in words), default=0.0), math.ceil(text_width_em(text) / 2))


def _unbreakable(text: str) -> float:
    """The widest piece a line may not break inside: a number with its sign, a Latin word, one CJK character."""
    return max((text_width_em(t) for t in TOKEN.findall(text)), default=0.0)


def _set_width(text: str) -> float:
    """Width in em as it is set: the text and the gaps where the script changes (a little more than the style
    table's, for rounding), so '2020年1月12日' stays on one line in every office and in the PDF."""
    return text_width_em(text) + (style_table()["grid"]["autospace_em"] + 0.05) * len(script_changes(text)[0])


def fit_widths(headers: list[str], rows: list[list[str]], size: str) -> list[float]:
    """Column widths (em of the table's text) that fill the type area. Columns whose cells are short get their
    whole text on one line; long columns share the rest by how much they hold, never narrower than their
    widest unbreakable piece (so no number splits)."""
    s = style_table()
    page = s["page"]
    pad = 6 / s["size"][size]  # 3 pt of cell padding on either side, in em
    total = (page["width_mm"] - page["left_mm"] - page["right_mm"]) * MM / s["size"][size] - pad * len(headers)
    columns = list(zip(headers, *rows)) if rows else [(h,) for h in headers]
    least = [max(max(_unbreakable(c) for c in col), min(text_width_em(col[0]), 2.0)) for col in columns]
    # A header may wrap onto two lines; a cell's text should not, if the column is a short one.
    wanted = [max(max((_set_width(c) for c in col[1:]), default=0.0), _header_need(col[0]), m) + SLACK
              for col, m in zip(columns, least)]
    short = [max((text_width_em(c) for c in col[1:]), default=0.0) + SLACK <= SHORT and w <= SHORT + 2
             for col, w in zip(columns, wanted)]
    left = total - sum(w for w, is_short in zip(wanted, short) if is_short)
    long_wanted = sum(w for w, is_short in zip(wanted, short) if not is_short)
    if left <= sum(m for m, is_short in zip(least, short) if not is_short):  # no room: by what each holds
        return [w / sum(wanted) * total + pad for w in wanted]
    if long_wanted <= left:  # everything fits on one line: share what is left over evenly
        spare = (left - long_wanted) / len(wanted)
        return [w + spare + pad for w in wanted]
    volume = [sum(_set_width(c) for c in col[1:]) or w for col, w in zip(columns, wanted)]
    return [w + pad for w in _share(left, wanted, least, volume, short)]


def _share(room: float, wanted: list[float], least: list[float], volume: list[float], short: list[bool]
           ) -> list[float]:
    """The long columns' widths: ``room`` shared by how much text each holds in all its rows (a column of unit
    names in every row outweighs one long remark), none beyond what it wants nor below its least; what a
    column does not need goes to the others."""
    widths = [w if s else 0.0 for w, s in zip(wanted, short)]
    open_ = [i for i, s in enumerate(short) if not s]
    while open_:
        total = sum(volume[i] for i in open_)
        shares = {i: max(least[i], room * volume[i] / total) for i in open_}
        full = [i for i in open_ if shares[i] >= wanted[i]]
        if not full:
            for i in open_:
                widths[i] = shares[i]
            break
        for i in full:
            widths[i] = wanted[i]
            room -= wanted[i]
        open_ = [i for i in open_ if i not in full]
    return widths


def table(headers: list[str], rows: list[list[str]], align: list[str], size: str = "table") -> Table:
    return Table(headers, rows, [round(w, 3) for w in fit_widths(headers, rows, size)], align, size)
