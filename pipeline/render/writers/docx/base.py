"""The base Word document every DOCX starts from: defaults, font table, GB/T 9704 styles, page and footers.

Built once per process (one for sample data, one for real) and reused: a new document is a copy of its bytes.
"""

from __future__ import annotations

import functools
import io

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from pipeline.render.fonts import resolve_fonts
from pipeline.render.style import MM, official, style_table
from pipeline.render.writers.docx.ooxml import add_run, color, field, set_fonts, set_switch

CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def _defaults(d: docx.document.Document) -> None:
    styles = d.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, official("fangsong"))
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:eastAsia"), "zh-CN")
    lang = d.settings.element.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        d.settings.element.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    for setting in d.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")  # Word 2013 and later: no 兼容模式 banner, current layout rules
    # Every font the template names (styles, table-style conditions too) becomes an explicit one.
    for fonts in list(styles.iter(qn("w:rFonts"))):
        set_fonts(fonts.getparent(), official("fangsong"))


def _font_table(d: docx.document.Document) -> None:
    """Name as each official font's altName the face the PDF embeds for it, for machines without the
    official fonts (LibreOffice and WPS then set the DOCX with the PDF's faces)."""
    part = d.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    root = etree.fromstring(part.blob)
    faces = resolve_fonts()
    for role in style_table()["font"]:
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), official(role))
        if not faces[role].is_official:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), faces[role].family)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), "swiss" if role == "heiti" else "roman")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _style(d: docx.document.Document, name: str, role: str, size: float, *, indent: bool = False,
           align: WD_ALIGN_PARAGRAPH | None = None, exact: float | None = None, rgb: str | None = None,
           before: float = 0, keep_next: bool = False) -> docx.styles.style.ParagraphStyle:
    s = style_table()
    style = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH) if name != "Normal" else d.styles["Normal"]
    if name != "Normal":
        style.base_style = d.styles["Normal"]
    set_fonts(style.element.get_or_add_rPr(), official(role))
    style.font.size = Pt(size)
    if rgb:
        style.font.color.rgb = color(rgb)
    fmt = style.paragraph_format
    fmt.first_line_indent = Pt(2 * s["size"]["body"]) if indent else Pt(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(exact) if exact else Pt(s["grid"]["line_pitch_pt"])
    if align is not None:
        fmt.alignment = align
    fmt.widow_control = True
    if keep_next:
        fmt.keep_with_next = True
    # The gap between Chinese and digits or Latin letters stays on (Word's default, and LibreOffice applies it
    # whatever the file says): the PDF sets it too (render/paged/autospace.py)
    # No punctuation hanging past the margin, as the PDF. LibreOffice reads this switch inverted (writerfilter
    # maps 0 to hanging): "1" is Word's own default and the value that stops LibreOffice hanging a comma
    set_switch(style.element.get_or_add_pPr(), "w:overflowPunct", "1")
    if exact:  # its own line height: off the 22-line grid, and untracked (the body's tracking is for its grid)
        set_switch(style.element.get_or_add_pPr(), "w:snapToGrid")
        _tracking(style, 0)
    return style


def _tracking(style: docx.styles.style.ParagraphStyle, twips: int) -> None:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twips))
    style.element.get_or_add_rPr().insert_element_before(
        spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
        "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout")


def _normal(d: docx.document.Document) -> None:
    s = style_table()
    normal = _style(d, "Normal", "fangsong", s["size"]["body"], indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _tracking(normal, round(s["grid"]["letter_spacing_pt"] * 20))  # the style table's, in whole twips


def _styles(d: docx.document.Document) -> None:
    s = style_table()
    size, body, pitch = s["size"], s["size"]["body"], s["grid"]["line_pitch_pt"]
    _normal(d)
    _style(d, "公文一级标题", "heiti", body, indent=True, keep_next=True)
    _style(d, "公文二级标题", "kaiti", body, indent=True, keep_next=True)
    _style(d, "发文机关标志", "xiaobiaosong", size["issuer"], align=CENTER, exact=size["issuer"] * 1.2,
           rgb=s["color"]["red"], before=s["issuer"]["top_gap_mm"] * MM - size["issuer"] * 0.2)
    _style(d, "发文字号", "fangsong", body, before=2 * pitch)
    _style(d, "公文标题", "xiaobiaosong", size["title"], align=CENTER, exact=size["title"] * 1.5, before=2 * pitch)
    _style(d, "副标题", "fangsong", body, align=CENTER)
    _style(d, "主送机关", "fangsong", body, before=pitch)
    _style(d, "署名", "fangsong", body, align=RIGHT)
    _style(d, "附件标识", "heiti", body)
    _style(d, "附件标题", "xiaobiaosong", size["attachment_title"], align=CENTER,
           exact=size["attachment_title"] * 1.6, before=pitch)
    _style(d, "表格文字", "fangsong", size["table"], exact=size["table_line"])
    _style(d, "表格小字", "fangsong", size["table_small"], exact=size["table_small_line"])
    _style(d, "版记", "fangsong", size["banji"], exact=size["banji"] * 1.7)
    _style(d, "页码", "songti", size["page_number"], exact=size["page_number"])
    _style(d, "示例标记", "heiti", size["sample_mark"], align=RIGHT, rgb=s["color"]["sample_mark"],
           exact=size["sample_mark"] * 1.2)


def _page(d: docx.document.Document) -> None:
    s = style_table()
    p = s["page"]
    section = d.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(p["width_mm"]), Mm(p["height_mm"])
    section.top_margin, section.bottom_margin = Mm(p["top_mm"]), Mm(p["bottom_mm"])
    section.left_margin, section.right_margin = Mm(p["left_mm"]), Mm(p["right_mm"])
    # The number's top sits footer_gap below the type area: footer bottom = that line's height lower.
    section.footer_distance = Mm(p["bottom_mm"] - p["footer_gap_mm"]) - Pt(s["size"]["page_number"])
    section.header_distance = Mm(p["top_mm"] - 12)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(s["grid"]["line_pitch_pt"] * 20)))


def _footers(d: docx.document.Document, mark: str) -> None:
    """`— N —` odd pages right, even pages left, one character in (§7.5); the page mark (示例数据, 草稿) above."""
    s = style_table()
    section = d.sections[0]
    d.settings.odd_and_even_pages_header_footer = True
    size = s["size"]["page_number"]
    for footer, align, indent in ((section.footer, RIGHT, "right"), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        para = footer.paragraphs[0]
        para.style = d.styles["页码"]
        para.alignment = align
        setattr(para.paragraph_format, f"{indent}_indent", Pt(size))
        add_run(para, "— ", "songti", size)
        field(para, "PAGE", "songti", size)
        add_run(para, " —", "songti", size)
    if mark:
        for header in (section.header, section.even_page_header):
            para = header.paragraphs[0]
            para.style = d.styles["示例标记"]
            add_run(para, mark, "heiti", s["size"]["sample_mark"], s["color"]["sample_mark"])


@functools.lru_cache(maxsize=4)
def base_document(mark: str) -> bytes:
    """The empty document with styles, page and footers, as DOCX bytes."""
    d = docx.Document()
    # python-docx's template carries Word 2010's copy of the styles: stale beside ours, and a validator (and Word)
    # calls two differing copies unreadable content. Word writes it anew when it saves.
    for rid, rel in list(d.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            d.part.drop_rel(rid)
    _defaults(d)
    _font_table(d)
    _styles(d)
    _page(d)
    _footers(d, mark)
    for paragraph in d.paragraphs:
        paragraph._p.getparent().remove(paragraph._p)
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()
