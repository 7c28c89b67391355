"""Chinese beside Latin letters and digits, set in the PDF as the offices that open the DOCX set it.

LibreOffice sets every DOCX with a gap between Chinese and digits (its DOCX import ignores ``w:autoSpaceDE``),
Word and WPS by default, and none of them letter-spaces the last character of a run of one script; a PDF
without both holds more characters on a line with digits than the DOCX does, and the two paginate apart.
util/text.py says where the runs change. The gap goes in as a space, and the style sheet makes spaces as wide as
the style table's ``autospace_em`` (with the letter-spacing the run's last character does not take): a space, in
the text itself, because like the offices' gap it vanishes where a line breaks (a space at either end of a line
is removed, and may stand past the margin while the line is fitted) and lets the line break there. Text
extraction already read the gap as a space. Any other run's last character is set without letter-spacing.
LibreOffice does not break a line between Chinese punctuation and a digit or letter after it (“。20项” breaks
before 项), where Pango would: a word joiner there keeps them together. And it breaks beside Chinese quotation
marks (“…”方面) and after a hyphen between digits (0772-2783673), where Pango's rules do not: a zero-width
space there lets it.
"""

from __future__ import annotations

import re
from html import escape, unescape

from pipeline.util.text import script_changes

GAP = " "
JOINER = "\u2060"
_NO_BREAK_AFTER = set("，。、；：！？）】》」』〉”’")
_MORE_BREAKS = re.compile(r"(?<=[”’])(?=[^\s<])|(?<=[^\s>”’])(?=[“‘])|(?<=\d-)(?=\d)")
BREAK = '<span class="run-end">\u200b</span>'  # not letter-spaced: it would narrow the line like a character
RUN_END = '<span class="run-end">{}</span>'
_TOKEN = re.compile(r"(<[^>]*>)")
# Tags that end a line of text: the character before them does not meet the text after.
_BREAKS = re.compile(r"</?(p|h\d|div|td|th|tr|li|br|figcaption|table|figure)\b", re.I)


def _set(text: str, changes: list[tuple[int, bool]]) -> str:
    out, start = [], 0
    for n, gap in changes:
        if n:  # a change where an element starts: the character before is out already, set as it was
            out.append(escape(text[start:n - 1], quote=False))
            before = escape(text[n - 1])
            if text[n - 1] in _NO_BREAK_AFTER and text[n].isascii() and text[n].isalnum():
                before += JOINER  # inside the run's end: Pango would letter-space it like a character
            out.append(before + GAP if gap else RUN_END.format(before))
            start = n
        elif gap:
            out.append(GAP)
    out.append(escape(text[start:], quote=False))
    return "".join(out)


def autospace(body: str) -> str:
    """``body`` (HTML markup without <style> or <script>) set as offices set Chinese beside Latin."""
    out, before = [], ("", "")
    for token in _TOKEN.split(body):
        if token.startswith("<"):
            before = ("", "") if _BREAKS.match(token) else before
            out.append(token)
            continue
        text = unescape(token)
        changes, before = script_changes(text, before)
        out.append(_MORE_BREAKS.sub(BREAK, _set(text, changes) if changes else token))
    return "".join(out)
