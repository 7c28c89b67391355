"""Small WordprocessingML helpers: fonts in all four slots, runs, paragraph rules, fields."""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from pipeline.render.style import MM, official

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr: BaseOxmlElement, name: str) -> None:
    """Name the face in ascii, hAnsi, eastAsia and cs, and clear theme fonts (they would win)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)


def rfonts_xml(role: str) -> str:
    """``<w:rFonts>`` naming a role's official face, for tables written as XML text."""
    font = escape(official(role), {'"': "&quot;"})
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'


def color(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def add_run(paragraph: Paragraph, text: str, role: str = "fangsong", size: float | None = None,
            rgb: str | None = None) -> Run:
    r = paragraph.add_run(text)
    set_fonts(r._r.get_or_add_rPr(), official(role))
    if size:
        r.font.size = Pt(size)
    if rgb:
        r.font.color.rgb = color(rgb)
    return r


def border(paragraph: Paragraph, side: str, size_mm: float, rgb: str = "000000", space_pt: float = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:  # in its schema place: after w:tabs, Word offers to "recover" the file
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *PPR_ORDER[PPR_ORDER.index("w:pBdr") + 1:])
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(max(2, round(size_mm * MM * 8))))  # eighths of a point
    edge.set(qn("w:space"), str(round(space_pt)))
    edge.set(qn("w:color"), rgb.lstrip("#").upper())
    borders.append(edge)


def field(paragraph: Paragraph, instruction: str, role: str, size: float) -> None:
    """A Word field (PAGE): Word and WPS compute the number when the page is laid out."""
    for kind in ("begin", None, "separate", "1", "end"):
        r = add_run(paragraph, "" if kind in ("begin", None, "separate", "end") else kind, role, size)
        if kind in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
        elif kind is None:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            r._r.append(text)


# The order CT_PPrBase gives a paragraph's properties: Word refuses a file whose elements are out of order.
PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
             "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
             "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
             "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
             "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
             "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def set_switch(ppr: BaseOxmlElement, name: str, value: str = "0") -> None:
    """Set ``<name w:val="0"/>`` (off, unless ``value`` says otherwise) in a paragraph's properties, in its
    schema place."""
    off = OxmlElement(name)
    off.set(qn("w:val"), value)
    ppr.insert_element_before(off, *PPR_ORDER[PPR_ORDER.index(name) + 1:])
