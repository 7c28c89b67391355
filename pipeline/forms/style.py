"""How a form looks: fonts, fills and borders shared by its sheets and by returned copies."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, PatternFill, Protection, Side

FONT = "宋体"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # yellow: where the unit types
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")  # a cell to correct, in a returned copy
WARN_FILL = PatternFill("solid", fgColor="FFEB9C")  # a cell to check
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNLOCKED = Protection(locked=False)
