"""Tables as WordprocessingML in one piece (python-docx's cell API costs ~1 ms a cell): data tables and the 版记."""

from __future__ import annotations

import math
import re
from xml.sax.saxutils import escape

from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt

from pipeline.render.document import Banji, Meta, Table, text_width_em
from pipeline.render.style import MM
from pipeline.render.writers.docx.canvas import Canvas
from pipeline.render.writers.docx.ooxml import rfonts_xml

TABLE_STYLE = {"table": "表格文字", "table_small": "表格小字"}


def _cell(value: str, width: int, align: str, role: str, style: str) -> str:
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="{align}"/></w:pPr>'
            f'<w:r><w:rPr>{rfonts_xml(role)}</w:rPr><w:t xml:space="preserve">{escape(str(value))}</w:t></w:r></w:p></w:tc>')


def data_table(c: Canvas, t: Table) -> None:
    total = sum(t.widths)
    widths = [round(Mm(c.width_mm * w / total).pt * 20) for w in t.widths]  # twips
    style = c.style_id(TABLE_STYLE[t.size])
    pad_v, pad_h = (round(c.s["table"][k] * 20) for k in ("padding_v", "padding_h"))
    rows = []
    for r, values in enumerate([t.headers, *t.rows]):
        # Rows never split across pages; the header row repeats on every page.
        head = "<w:tblHeader/>" if r == 0 else ""
        cells = "".join(_cell(v, w, "center" if r == 0 else a, "heiti" if r == 0 else "fangsong", style)
                        for v, w, a in zip(values, widths, t.align))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>{cells}</w:tr>")
    # LibreOffice lays a table out by its grid, Word by its cells: both are given.
    xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{c.style_id("Table Grid")}"/>'
           f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:top w:w="{pad_v}" w:type="dxa"/><w:left w:w="{pad_h}" w:type="dxa"/>'
           f'<w:bottom w:w="{pad_v}" w:type="dxa"/><w:right w:w="{pad_h}" w:type="dxa"/></w:tblCellMar>'
           f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
           f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>" + "".join(rows) + "</w:tbl>")
    c.d.element.body._insert_tbl(parse_xml(xml))
    spacer = c.apply(c.d.add_paragraph(), "表格文字")
    spacer.paragraph_format.line_spacing = Pt(6)


def _banji_paragraph(text: str, edges: str, ppr: str, frame: str, style: str) -> str:
    runs = "".join(f'<w:r><w:rPr>{rfonts_xml("fangsong")}</w:rPr>'
                   + ("<w:tab/>" if part == "\t" else f'<w:t xml:space="preserve">{escape(part)}</w:t>') + "</w:r>"
                   for part in re.split(r"(\t)", text) if part)
    return (f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style}"/>{frame}<w:pBdr>{edges}</w:pBdr>{ppr}</w:pPr>'
            f"{runs}</w:p>")


def _rule(side: str, size: int) -> str:
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'


def _cc_lines(c: Canvas, text: str) -> int:
    """Lines the 抄送 row takes: one character in on both sides, wrapped lines after 抄送：."""
    per_line = c.width_mm * MM / c.s["size"]["banji"]
    first, more = per_line - 2, per_line - 5
    return 1 + max(0, math.ceil((text_width_em(text) - first) / more))


def _page_breaks(c: Canvas, count: int) -> None:
    """``count`` new pages before the 版记. After a blank page (two), both pages are a section of their own whose
    footers are empty: a blank page before the 版记 page, and that page, carry no number (§7.5)."""
    for n in range(count):
        if count == 2 and n == 0:
            section = c.d.add_section(WD_SECTION.NEW_PAGE)
            section.footer.is_linked_to_previous = section.even_page_footer.is_linked_to_previous = False
        p = c.apply(c.d.add_paragraph(), "版记")
        p.paragraph_format.line_spacing = Pt(1)
        # the blank page holds a 1 pt paragraph: a break at the top of a new section is lost in LibreOffice
        p.paragraph_format.page_break_before = not (count == 2 and n == 0)


def banji(c: Canvas, meta: Meta, placement: Banji) -> None:
    """抄送 and 印发 at the foot of the type area of the last page (§7.4): thick rules first and last, a thin one
    between, each line one character in from both sides. Each is a one-paragraph frame placed by its top edge
    from the page's top, with an exact height: Word, WPS and LibreOffice all honour that (LibreOffice leaves a
    frame of several paragraphs in the text flow). ``placement`` (the paged layout's choice) first moves them to
    the next even page when the text ends on an odd one."""
    char = round(c.s["size"]["banji"] * 20)  # one 四号 character, in twips
    line = round(c.s["size"]["banji"] * 1.7 * 20)
    width = round(c.width_mm * MM * 20)
    outer, inner = (max(2, round(c.s["rule"][k] * MM * 8)) for k in ("banji_outer", "banji_inner"))
    style = c.style_id("版记")
    page = c.s["page"]
    bottom = round((page["height_mm"] - page["bottom_mm"]) * MM * 20)

    def frame(top: int, height: int) -> str:
        return (f'<w:framePr w:w="{width}" w:h="{height}" w:hRule="exact" w:wrap="notBeside" w:vAnchor="page" '
                f'w:hAnchor="margin" w:xAlign="center" w:y="{top}"/>')

    paragraphs, top = [], bottom
    if meta.printed_by:
        top -= line
        paragraphs.append(_banji_paragraph(f"{meta.printed_by}\t{meta.printed_on}印发",
                                           ("" if meta.cc else _rule("top", outer)) + _rule("bottom", outer),
                                           f'<w:tabs><w:tab w:val="right" w:pos="{width - char}"/></w:tabs>'
                                           f'<w:ind w:left="{char}" w:right="{char}"/>', frame(top, line), style))
    if meta.cc:  # wrapped lines align after 抄送：
        cc = f"抄送：{meta.cc}"
        height = line * _cc_lines(c, cc)
        rules = _rule("top", outer) + _rule("bottom", inner if meta.printed_by else outer)
        paragraphs.insert(0, _banji_paragraph(cc, rules, f'<w:ind w:left="{4 * char}" w:right="{char}" '
                                              f'w:hanging="{3 * char}"/>', frame(top - height, height), style))
    _page_breaks(c, {Banji.HERE: 0, Banji.NEXT_EVEN: 1, Banji.AFTER_BLANK: 2}[placement])
    body = c.d.element.body
    # LibreOffice joins framed paragraphs that follow one another into one frame and leaves it in the text;
    # a 1 pt paragraph between them keeps each frame where it is placed (Word and WPS never join them).
    separator = (f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
                 '</w:pPr></w:p>')
    for xml in [p for framed in paragraphs for p in (framed, separator)][:-1]:
        body.sectPr.addprevious(parse_xml(xml)) if body.sectPr is not None else body.append(parse_xml(xml))
