"""The DOCX writer: the same blocks as a Word document a clerk can edit (python-docx).

Every style and every run names its fonts in all four slots (ascii, hAnsi, eastAsia, cs) with
theme fonts cleared, since Word's theme fonts would otherwise win and send Chinese to MS Mincho.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from pipeline.document import Block, Document, Table
from pipeline.files import atomic_write, stable_zip
from pipeline.style import MM, style_table

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def official(role: str) -> str:
    return style_table()["font"][role]["official"][0]


def set_fonts(rpr: BaseOxmlElement, name: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)


def run(paragraph: Paragraph, text: str, role: str = "fangsong", size: float | None = None,
        color: str | None = None) -> Run:
    r = paragraph.add_run(text)
    set_fonts(r._r.get_or_add_rPr(), official(role))
    if size:
        r.font.size = Pt(size)
    if color:
        r.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
    return r


def border(paragraph: Paragraph, side: str, size_mm: float, color: str = "000000", space_pt: float = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(max(2, round(size_mm * MM * 8))))  # eighths of a point
    edge.set(qn("w:space"), str(round(space_pt)))
    edge.set(qn("w:color"), color.lstrip("#").upper())
    borders.append(edge)


def field(paragraph: Paragraph, instruction: str, role: str, size: float) -> None:
    """A Word field (PAGE): Word and WPS compute the number when the page is laid out."""
    for kind in ("begin", None, "separate", "1", "end"):
        r = run(paragraph, "" if kind in ("begin", None, "separate", "end") else kind, role, size)
        if kind in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
        elif kind is None:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            r._r.append(text)


_BASE: dict[bool, bytes] = {}  # styles, page, footers: built once per process, then reused


class DocxWriter:
    def __init__(self, doc: Document):
        self.doc = doc
        self.s = style_table()
        self.pitch = Pt(self.s["grid"]["line_pitch_pt"])
        self.width_mm = self.s["page"]["width_mm"] - self.s["page"]["left_mm"] - self.s["page"]["right_mm"]
        self.style_ids: dict[str, str] = {}
        sample = bool(doc.meta.get("sample"))
        if sample not in _BASE:
            self.d = docx.Document()
            self._defaults()
            self._font_table()
            self._styles()
            self._page(sample)
            for paragraph in self.d.paragraphs:
                paragraph._p.getparent().remove(paragraph._p)
            buffer = io.BytesIO()
            self.d.save(buffer)
            _BASE[sample] = buffer.getvalue()
        self.d = docx.Document(io.BytesIO(_BASE[sample]))

    # --- styles and page ---------------------------------------------------------------------
    def _defaults(self) -> None:
        styles = self.d.styles.element
        rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_fonts(rpr, official("fangsong"))
        language = rpr.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            rpr.append(language)
        language.set(qn("w:eastAsia"), "zh-CN")
        lang = self.d.settings.element.find(qn("w:themeFontLang"))
        if lang is None:
            lang = OxmlElement("w:themeFontLang")
            self.d.settings.element.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")
        # Every font the template names (styles, table-style conditions too) becomes an explicit one.
        for fonts in list(styles.iter(qn("w:rFonts"))):
            set_fonts(fonts.getparent(), official("fangsong"))

    def _style(self, name: str, role: str, size: float, *, indent: bool = False,
               align: WD_ALIGN_PARAGRAPH | None = None, exact: float | None = None, color: str | None = None,
               before: float = 0, base: str = "Normal") -> ParagraphStyle:
        style = self.d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH) if name != "Normal" else self.d.styles["Normal"]
        if name != "Normal":
            style.base_style = self.d.styles[base]
        set_fonts(style.element.get_or_add_rPr(), official(role))
        style.font.size = Pt(size)
        if color:
            style.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
        fmt = style.paragraph_format
        fmt.first_line_indent = Pt(2 * self.s["size"]["body"]) if indent else Pt(0)
        fmt.space_before, fmt.space_after = Pt(before), Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact) if exact else self.pitch
        if align is not None:
            fmt.alignment = align
        fmt.widow_control = True
        if exact:  # its own line height: keep it off the 22-line document grid
            snap = OxmlElement("w:snapToGrid")
            snap.set(qn("w:val"), "0")
            style.element.get_or_add_pPr().append(snap)
        return style

    def _font_table(self) -> None:
        """Name a free face as each official font's altName, for machines without the official fonts."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        part = self.d.part.part_related_by(RT.FONT_TABLE)
        root = etree.fromstring(part.blob)
        for role, spec in self.s["font"].items():
            alt = next((c["family"] for c in spec["free"] if "file" not in c), None)
            font = etree.SubElement(root, qn("w:font"))
            font.set(qn("w:name"), official(role))
            if alt:
                etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
            etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
            etree.SubElement(font, qn("w:family")).set(qn("w:val"), "swiss" if role == "heiti" else "roman")
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _styles(self) -> None:
        s, body, pitch = self.s["size"], self.s["size"]["body"], self.s["grid"]["line_pitch_pt"]
        normal = self._style("Normal", "fangsong", body, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        spacing = OxmlElement("w:spacing")  # −0.2 pt tracking: 28 characters a line, as the PDF
        spacing.set(qn("w:val"), str(round(self.s["grid"]["letter_spacing_pt"] * 20)))
        rpr = normal.element.get_or_add_rPr()
        size = rpr.find(qn("w:sz"))
        size.addprevious(spacing) if size is not None else rpr.append(spacing)
        ppr = normal.element.get_or_add_pPr()
        for name in ("w:autoSpaceDE", "w:autoSpaceDN"):  # no extra gap between Chinese and digits, as the PDF
            off = OxmlElement(name)
            off.set(qn("w:val"), "0")
            ppr.append(off)
        self._style("公文一级标题", "heiti", body, indent=True).paragraph_format.keep_with_next = True
        self._style("公文二级标题", "kaiti", body, indent=True).paragraph_format.keep_with_next = True
        self._style("发文机关标志", "xiaobiaosong", s["issuer"], align=WD_ALIGN_PARAGRAPH.CENTER, exact=s["issuer"] * 1.2,
                    color=self.s["color"]["red"], before=self.s["issuer"]["top_gap_mm"] * MM - s["issuer"] * 0.2)
        self._style("发文字号", "fangsong", body, before=2 * pitch)
        self._style("公文标题", "xiaobiaosong", s["title"], align=WD_ALIGN_PARAGRAPH.CENTER, exact=s["title"] * 1.5,
                    before=2 * pitch)
        self._style("副标题", "fangsong", body, align=WD_ALIGN_PARAGRAPH.CENTER)
        self._style("主送机关", "fangsong", body, before=pitch)
        self._style("署名", "fangsong", body, align=WD_ALIGN_PARAGRAPH.RIGHT)
        self._style("附件标识", "heiti", body)
        self._style("附件标题", "xiaobiaosong", s["attachment_title"], align=WD_ALIGN_PARAGRAPH.CENTER,
                    exact=s["attachment_title"] * 1.6, before=pitch)
        self._style("表格文字", "fangsong", s["table"], exact=s["table_line"])
        self._style("版记", "fangsong", s["banji"], exact=s["banji"] * 1.7)
        self._style("页码", "songti", s["page_number"], exact=s["page_number"])
        self._style("示例标记", "heiti", s["sample_mark"], align=WD_ALIGN_PARAGRAPH.RIGHT, color="#B00020",
                    exact=s["sample_mark"] * 1.2)

    def _page(self, sample: bool) -> None:
        p = self.s["page"]
        section = self.d.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Mm(p["width_mm"]), Mm(p["height_mm"])
        section.top_margin, section.bottom_margin = Mm(p["top_mm"]), Mm(p["bottom_mm"])
        section.left_margin, section.right_margin = Mm(p["left_mm"]), Mm(p["right_mm"])
        # The number's top sits footer_gap below the type area: footer bottom = that line's height lower.
        section.footer_distance = Mm(p["bottom_mm"] - p["footer_gap_mm"]) - Pt(self.s["size"]["page_number"])
        section.header_distance = Mm(p["top_mm"] - 12)
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(round(self.s["grid"]["line_pitch_pt"] * 20)))
        self.d.settings.odd_and_even_pages_header_footer = True
        size = self.s["size"]["page_number"]
        for footer, align, indent in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                      (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
            para = footer.paragraphs[0]
            self._apply(para, "页码")
            para.alignment = align
            setattr(para.paragraph_format, f"{indent}_indent", Pt(size))  # one character in (§7.5)
            run(para, "— ", "songti", size)
            field(para, "PAGE", "songti", size)
            run(para, " —", "songti", size)
        if sample:
            for header in (section.header, section.even_page_header):
                para = header.paragraphs[0]
                self._apply(para, "示例标记")
                run(para, "示例数据 · 非正式文件", "heiti", self.s["size"]["sample_mark"], "#B00020")

    # --- blocks --------------------------------------------------------------------------------
    def _style_id(self, style: str) -> str:
        if style not in self.style_ids:
            self.style_ids[style] = self.d.styles[style].style_id
        return self.style_ids[style]

    def _apply(self, paragraph: Paragraph, style: str) -> Paragraph:
        """Set a paragraph style by id: python-docx's setter rescans every style each time."""
        if style != "Normal":
            paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = self._style_id(style)
        return paragraph

    def _para(self, text: str, style: str, role: str = "fangsong") -> Paragraph:
        p = self._apply(self.d.add_paragraph(), style)
        if text:
            run(p, text, role)
        return p

    def _header(self) -> None:
        meta = self.doc.meta
        self._para(meta["issuer"], "发文机关标志", "xiaobiaosong")
        p = self._para("", "发文字号")
        width = Mm(self.width_mm)
        body = Pt(self.s["size"]["body"])
        p.paragraph_format.tab_stops.add_tab_stop(body)
        p.paragraph_format.tab_stops.add_tab_stop(width - body, WD_TAB_ALIGNMENT.RIGHT)
        run(p, "\t" + meta["doc_number"])
        if meta.get("signer"):
            run(p, "\t签发人：")
            run(p, meta["signer"], "kaiti")
        gap = self.s["rule"]["red_line_gap"] * MM - (self.s["grid"]["line_pitch_pt"] - self.s["size"]["body"]) / 2
        border(p, "bottom", self.s["rule"]["red_line"], self.s["color"]["red"], space_pt=gap)

    def _block(self, b: Block) -> None:
        if b.kind == "title":
            self._title_breaks(self._para("", "公文标题"), b.text)
        elif b.kind == "subtitle":
            self._para(b.text, "副标题")
        elif b.kind == "addressee":
            self._para(b.text, "主送机关")
        elif b.kind == "para":
            style = {1: "公文一级标题", 2: "公文二级标题"}.get(b.level, "Normal") if not b.lead else "Normal"
            role = {1: "heiti", 2: "kaiti"}.get(b.level, "fangsong") if not b.lead else "fangsong"
            p = self._apply(self.d.add_paragraph(), style)
            p.paragraph_format.keep_with_next = b.data.get("closing") or None
            if b.lead:
                run(p, b.lead, {1: "heiti", 2: "kaiti"}[b.level])
            run(p, b.text, role)
        elif b.kind == "attachment_note":
            p = self._para(("附件：" if b.data.get("first") else "") + b.text, "Normal")
            p.paragraph_format.keep_with_next = True
            if b.data.get("first"):
                p.paragraph_format.space_before = self.pitch
            else:
                p.paragraph_format.first_line_indent = Pt(0)
                p.paragraph_format.left_indent = Pt(5 * self.s["size"]["body"])
        elif b.kind == "signature":
            body = self.s["size"]["body"]
            name = self._para(b.text, "署名")
            name.paragraph_format.space_before = Pt(2 * self.s["grid"]["line_pitch_pt"])
            name.paragraph_format.right_indent = Pt(b.data["name_pad"] * body)
            name.paragraph_format.keep_with_next = True
            date = self._para(b.data["date"], "署名")
            date.paragraph_format.right_indent = Pt(b.data["date_pad"] * body)
        elif b.kind == "attachment":
            label = self._para(f"附件{b.data['number']}", "附件标识", "heiti")
            label.paragraph_format.page_break_before = True
            self._para(b.text, "附件标题", "xiaobiaosong").paragraph_format.keep_with_next = True
        elif b.kind == "chart":
            chart = self.doc.charts[b.text]
            p = self._apply(self.d.add_paragraph(), "表格文字")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            p.add_run().add_picture(io.BytesIO(chart.png), width=Mm(chart.width_mm))
        elif b.kind == "table":
            self._table(self.doc.tables[b.text])

    def _title_breaks(self, p: Paragraph, text: str) -> None:
        """Title lines as the template breaks them ('|'), one run per line with a line break between."""
        lines = text.split("|")
        for n, line in enumerate(lines):
            r = run(p, line, "xiaobiaosong")
            if n < len(lines) - 1:
                r.add_break()

    def _table(self, t: Table) -> None:
        """The table as WordprocessingML in one piece: python-docx's cell API costs ~1 ms a cell."""
        total = sum(t.widths)
        widths = [round(Mm(self.width_mm * w / total).pt * 20) for w in t.widths]  # twips
        style = self._style_id("表格文字")
        fonts = {role: escape(official(role), {'"': "&quot;"}) for role in ("heiti", "fangsong")}

        def cell(value: str, width: int, align: str, role: str) -> str:
            font = fonts[role]
            return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                    f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="{align}"/></w:pPr>'
                    f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
                    f'</w:rPr><w:t xml:space="preserve">{escape(str(value))}</w:t></w:r></w:p></w:tc>')

        rows = []
        for r, values in enumerate([t.headers, *t.rows]):
            # Rows never split across pages; the header row repeats on every page.
            head = "<w:tblHeader/>" if r == 0 else ""
            cells = "".join(cell(v, w, "center" if r == 0 else a, "heiti" if r == 0 else "fangsong")
                            for v, w, a in zip(values, widths, t.align))
            rows.append(f"<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>{cells}</w:tr>")
        # LibreOffice lays a table out by its grid, Word by its cells: both are given.
        xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{self._style_id("Table Grid")}"/>'
               f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
               f'<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
               f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
               + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>" + "".join(rows) + "</w:tbl>")
        self.d.element.body._insert_tbl(parse_xml(xml))
        spacer = self._apply(self.d.add_paragraph(), "表格文字")
        spacer.paragraph_format.line_spacing = Pt(6)

    def _banji(self) -> None:
        """抄送 and 印发 as a floating table on the bottom of the type area of the last page (§7.4):
        thick rules first and last, a thin one between, each line one character in from both sides."""
        meta = self.doc.meta
        char = round(self.s["size"]["banji"] * 20)  # one 四号 character, in twips
        width = round(self.width_mm * MM * 20)
        outer, inner = (max(2, round(self.s["rule"][k] * MM * 8)) for k in ("banji_outer", "banji_inner"))
        font = escape(official("fangsong"), {'"': "&quot;"})
        style = self._style_id("版记")

        def row(text: str, top: int, bottom: int, ppr: str) -> str:
            edges = f'<w:top w:val="single" w:sz="{top}" w:space="0" w:color="000000"/>' if top else ""
            edges += f'<w:bottom w:val="single" w:sz="{bottom}" w:space="0" w:color="000000"/>' if bottom else ""
            runs = "".join(
                (f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/></w:rPr>'
                 + ("<w:tab/>" if part == "\t" else f'<w:t xml:space="preserve">{escape(part)}</w:t>') + "</w:r>")
                for part in re.split(r"(\t)", text) if part)
            return (f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                    f'<w:tcBorders>{edges}</w:tcBorders></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>'
                    f"{runs}</w:p></w:tc></w:tr>")

        rows = []
        if meta.get("cc"):  # wrapped lines align after 抄送：
            rows.append(row(f"抄送：{meta['cc']}", outer, inner,
                            f'<w:ind w:left="{4 * char}" w:right="{char}" w:hanging="{3 * char}"/>'))
        rows.append(row(f"{meta['printed_by']}\t{meta['printed_on']}印发", 0 if rows else outer, outer,
                        f'<w:tabs><w:tab w:val="right" w:pos="{width - char}"/></w:tabs>'
                        f'<w:ind w:left="{char}" w:right="{char}"/>'))
        xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" '
               f'w:vertAnchor="margin" w:horzAnchor="margin" w:tblpXSpec="center" w:tblpYSpec="bottom"/>'
               f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
               f'<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
               f'</w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{"".join(rows)}</w:tbl>')
        self.d.element.body._insert_tbl(parse_xml(xml))
        anchor = self._apply(self.d.add_paragraph(), "版记")  # a floating table needs a paragraph after it
        anchor.paragraph_format.line_spacing = Pt(1)

    def build(self) -> docx.document.Document:
        if self.doc.meta.get("issuer"):
            self._header()
        for block in self.doc.blocks:
            self._block(block)
        if self.doc.meta.get("printed_by"):
            self._banji()
        return self.d


def write_docx(doc: Document, target: Path, created: dt.datetime) -> bytes:
    d = DocxWriter(doc).build()
    props = d.core_properties
    props.title = doc.title
    props.author = doc.meta.get("author", "")
    props.subject = doc.meta.get("subject", "")
    props.keywords = doc.meta.get("keywords", "")
    props.language = "zh-CN"
    props.last_modified_by = doc.meta.get("author", "")
    props.revision = 1
    props.created = props.modified = created.replace(tzinfo=None)
    props.last_printed = created.replace(tzinfo=None)
    buffer = io.BytesIO()
    d.save(buffer)
    data = stable_zip(buffer.getvalue())
    atomic_write(target, data)
    return data
