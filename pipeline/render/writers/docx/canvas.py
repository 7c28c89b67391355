"""The Word document being written: paragraphs by style, and the type area's measures."""

from __future__ import annotations

import io

import docx
from docx.text.paragraph import Paragraph

from pipeline.render.style import style_table
from pipeline.render.writers.docx.base import base_document
from pipeline.render.writers.docx.ooxml import add_run


class Canvas:
    def __init__(self, mark: str):
        self.d = docx.Document(io.BytesIO(base_document(mark)))
        self.s = style_table()
        page = self.s["page"]
        self.width_mm = page["width_mm"] - page["left_mm"] - page["right_mm"]
        self._ids: dict[str, str] = {}

    def style_id(self, style: str) -> str:
        if style not in self._ids:
            self._ids[style] = self.d.styles[style].style_id
        return self._ids[style]

    def apply(self, paragraph: Paragraph, style: str) -> Paragraph:
        """Set a paragraph style by id: python-docx's setter rescans every style each time."""
        if style != "Normal":
            paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = self.style_id(style)
        return paragraph

    def para(self, text: str, style: str, role: str = "fangsong") -> Paragraph:
        p = self.apply(self.d.add_paragraph(), style)
        if text:
            add_run(p, text, role)
        return p
