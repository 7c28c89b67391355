"""Blocks as Word paragraphs: the red header, title, body by level, attachments, signature, charts."""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt

from pipeline.render.document import Block, BlockKind, Document, Meta
from pipeline.render.style import MM
from pipeline.render.writers.docx.canvas import Canvas
from pipeline.render.writers.docx.ooxml import add_run, border
from pipeline.render.writers.docx.tables import data_table

HEADING_STYLE = {1: "公文一级标题", 2: "公文二级标题"}
HEADING_ROLE = {1: "heiti", 2: "kaiti"}


def header(c: Canvas, meta: Meta) -> None:
    """发文机关标志, then 发文字号 one character in from the left and 签发人 from the right, the red line below."""
    c.para(meta.issuer, "发文机关标志", "xiaobiaosong")
    p = c.para("", "发文字号")
    body = Pt(c.s["size"]["body"])
    p.paragraph_format.tab_stops.add_tab_stop(body)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(c.width_mm) - body, WD_TAB_ALIGNMENT.RIGHT)
    add_run(p, "\t" + meta.doc_number)
    if meta.signer:
        add_run(p, "\t签发人：")
        add_run(p, meta.signer, "kaiti")
    gap = c.s["rule"]["red_line_gap"] * MM - (c.s["grid"]["line_pitch_pt"] - c.s["size"]["body"]) / 2
    border(p, "bottom", c.s["rule"]["red_line"], c.s["color"]["red"], space_pt=gap)


def _title(c: Canvas, b: Block, doc: Document) -> None:
    """Title lines as the template breaks them ('|'), one run per line with a line break between."""
    p = c.para("", "公文标题")
    lines = b.text.split("|")
    for n, line in enumerate(lines):
        r = add_run(p, line, "xiaobiaosong")
        if n < len(lines) - 1:
            r.add_break()


def _para(c: Canvas, b: Block, doc: Document) -> None:
    style = HEADING_STYLE.get(b.level, "Normal") if not b.lead else "Normal"
    role = HEADING_ROLE.get(b.level, "fangsong") if not b.lead else "fangsong"
    p = c.apply(c.d.add_paragraph(), style)
    p.paragraph_format.keep_with_next = b.closing or None
    if b.lead:
        add_run(p, b.lead, HEADING_ROLE[b.level])
    add_run(p, b.text, role)


def _attachment_note(c: Canvas, b: Block, doc: Document) -> None:
    p = c.para(("附件：" if b.first else "") + b.text, "Normal")
    p.paragraph_format.keep_with_next = True
    if b.first:
        p.paragraph_format.space_before = Pt(c.s["grid"]["line_pitch_pt"])
    else:
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.left_indent = Pt(5 * c.s["size"]["body"])


def _signature(c: Canvas, b: Block, doc: Document) -> None:
    body = c.s["size"]["body"]
    name = c.para(b.text, "署名")
    name.paragraph_format.space_before = Pt(2 * c.s["grid"]["line_pitch_pt"])
    name.paragraph_format.right_indent = Pt(b.name_pad * body)
    name.paragraph_format.keep_with_next = True
    date = c.para(b.date, "署名")
    date.paragraph_format.right_indent = Pt(b.date_pad * body)


def _attachment(c: Canvas, b: Block, doc: Document) -> None:
    label = c.para(f"附件{b.number}", "附件标识", "heiti")
    label.paragraph_format.page_break_before = True
    c.para(b.text, "附件标题", "xiaobiaosong").paragraph_format.keep_with_next = True


def _chart(c: Canvas, b: Block, doc: Document) -> None:
    chart = doc.charts[b.text]
    p = c.apply(c.d.add_paragraph(), "表格文字")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    p.add_run().add_picture(io.BytesIO(chart.png), width=Mm(chart.width_mm))
    if b.caption:
        p.paragraph_format.keep_with_next = True
        c.para(b.caption, "表格文字").alignment = WD_ALIGN_PARAGRAPH.CENTER


WRITE = {
    BlockKind.TITLE: _title,
    BlockKind.SUBTITLE: lambda c, b, doc: c.para(b.text, "副标题"),
    BlockKind.ADDRESSEE: lambda c, b, doc: c.para(b.text, "主送机关"),
    BlockKind.PARA: _para,
    BlockKind.ATTACHMENT_NOTE: _attachment_note,
    BlockKind.SIGNATURE: _signature,
    BlockKind.ATTACHMENT: _attachment,
    BlockKind.CHART: _chart,
    BlockKind.TABLE: lambda c, b, doc: data_table(c, doc.tables[b.text]),
}


def write_block(c: Canvas, b: Block, doc: Document) -> None:
    WRITE[b.kind](c, b, doc)
