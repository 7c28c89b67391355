"""Tables as WordprocessingML in one piece (python-docx's cell API costs ~1 ms a cell): data tables and the 版记."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt

from pipeline.render.document import Table
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
           f'<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
           f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
           f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>" + "".join(rows) + "</w:tbl>")
    c.d.element.body._insert_tbl(parse_xml(xml))
    spacer = c.apply(c.d.add_paragraph(), "表格文字")
    spacer.paragraph_format.line_spacing = Pt(6)


def _banji_row(text: str, top: int, bottom: int, ppr: str, width: int, style: str) -> str:
    edges = f'<w:top w:val="single" w:sz="{top}" w:space="0" w:color="000000"/>' if top else ""
    edges += f'<w:bottom w:val="single" w:sz="{bottom}" w:space="0" w:color="000000"/>' if bottom else ""
    runs = "".join(f'<w:r><w:rPr>{rfonts_xml("fangsong")}</w:rPr>'
                   + ("<w:tab/>" if part == "\t" else f'<w:t xml:space="preserve">{escape(part)}</w:t>') + "</w:r>"
                   for part in re.split(r"(\t)", text) if part)
    return (f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:tcBorders>{edges}</w:tcBorders></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>'
            f"{runs}</w:p></w:tc></w:tr>")


def banji(c: Canvas, meta: dict) -> None:
    """抄送 and 印发 as a floating table on the bottom of the type area of the last page (§7.4):
    thick rules first and last, a thin one between, each line one character in from both sides."""
    char = round(c.s["size"]["banji"] * 20)  # one 四号 character, in twips
    width = round(c.width_mm * MM * 20)
    outer, inner = (max(2, round(c.s["rule"][k] * MM * 8)) for k in ("banji_outer", "banji_inner"))
    style = c.style_id("版记")
    rows = []
    if meta.get("cc"):  # wrapped lines align after 抄送：
        rows.append(_banji_row(f"抄送：{meta['cc']}", outer, inner,
                               f'<w:ind w:left="{4 * char}" w:right="{char}" w:hanging="{3 * char}"/>', width, style))
    rows.append(_banji_row(f"{meta['printed_by']}\t{meta['printed_on']}印发", 0 if rows else outer, outer,
                           f'<w:tabs><w:tab w:val="right" w:pos="{width - char}"/></w:tabs>'
                           f'<w:ind w:left="{char}" w:right="{char}"/>', width, style))
    xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" '
           f'w:vertAnchor="margin" w:horzAnchor="margin" w:tblpXSpec="center" w:tblpYSpec="bottom"/>'
           f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
           f'</w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{"".join(rows)}</w:tbl>')
    c.d.element.body._insert_tbl(parse_xml(xml))
    anchor = c.apply(c.d.add_paragraph(), "版记")  # a floating table needs a paragraph after it
    anchor.paragraph_format.line_spacing = Pt(1)
