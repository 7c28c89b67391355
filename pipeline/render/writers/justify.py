"""Chinese justification for WeasyPrint: a full line ends at the right edge of the type area.

WeasyPrint justifies by widening spaces only (``layout/inline.py: justify_line``), and a line of Chinese
has none, so its right edge stays ragged. Word and WPS spread the slack between characters. After
WeasyPrint has broken a line and asked for it to be justified, a line without spaces gets the slack as
extra letter-spacing on its text, the way Pango draws letter-spacing: glyphs move, no character is
added, so the text extracts exactly as written. Lines with spaces keep WeasyPrint's own behaviour.
"""

from __future__ import annotations

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.line_break import create_layout

_SPACES_ONLY = inline.justify_line


def _characters(box: boxes.Box) -> int:
    if isinstance(box, boxes.TextBox):
        return len(box.text)
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return sum(_characters(child) for child in box.children if child.is_in_normal_flow())
    return 0


def _spread(context: object, box: boxes.Box, spacing: float, advance: float) -> float:
    """Widen each text box by ``spacing`` per character, moving what follows; returns the advance so far."""
    if isinstance(box, boxes.TextBox):
        box.position_x += advance
        style = box.style.copy()
        current = style["letter_spacing"]
        style["letter_spacing"] = (0 if current == "normal" else current) + spacing
        box.style = style  # the drawing re-reads the layout's attributes from the box's style
        layout = create_layout(box.text, style, context, max_width=None,
                               justification_spacing=box.justification_spacing)
        layout.deactivate()
        box.pango_layout = layout
        extra = spacing * len(box.text)
        box.width += extra
        return advance + extra
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += advance
        before = advance
        for child in box.children:
            if child.is_in_normal_flow():
                advance = _spread(context, child, spacing, advance)
        box.width += advance - before
        return advance
    box.translate(advance, 0)
    return advance


def justify_line(context: object, line: boxes.LineBox, extra_width: float) -> None:
    """Spread a justified line's slack between its characters (between words where it has spaces)."""
    if inline.count_expandable_spaces(line):
        _SPACES_ONLY(context, line, extra_width)
        return
    gaps = _characters(line) - 1
    if gaps > 0:
        _spread(context, line, extra_width / gaps, 0.0)


def install() -> None:
    """Make WeasyPrint's line layout use it (idempotent)."""
    inline.justify_line = justify_line
