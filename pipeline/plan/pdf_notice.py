"""A notice saved as PDF: its lines joined back into the paragraphs they were broken from, its ruled tables read
as tables: a table over several pages as one, a cell merged down several rows read in each, a cell's text
without the line breaks its column's width made."""

from __future__ import annotations

import io
import re

from pipeline.plan.readers import STARTS_PARAGRAPH, as_text
from pipeline.plan.sources import Block, clean

PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,4}[-—–－\s]*$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$")


def read_pdf(data: bytes) -> tuple[list[Block], str]:
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its font warnings are not the clerk's business
    from pipeline.errors import PipelineError
    from pipeline.plan.sources import MAX_PAGES

    lines: list[dict] = []
    tables: list[tuple[int, float, tuple]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise PipelineError(f"通知 PDF 有 {len(pdf.pages)} 页，超过 {MAX_PAGES} 页，不像是一份通知")
        for number, page in enumerate(pdf.pages, 1):
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            tables += [(number, t.bbox[1], _pdf_rows(t)) for t in found]
            for line in page.extract_text_lines(strip=True):
                middle = ((line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2)
                if not any(b[0] <= middle[0] <= b[2] and b[1] <= middle[1] <= b[3] for b in boxes):
                    lines.append({**line, "page": number})
    blocks = _pdf_paragraphs(lines, _continued(tables, lines))
    return blocks, as_text(blocks)


def _continued(tables: list[tuple[int, float, tuple]], lines: list[dict]) -> list[tuple[int, float, tuple]]:
    """A table that goes on over the next pages as one: a table with as many columns at the top of the next page
    (no text above it there) continues it, its repeated header row dropped, a row the page break cut joined up."""
    joined: list[tuple[int, float, tuple]] = []
    last_page = 0
    for page, top, rows in sorted(tables, key=lambda t: (t[0], t[1])):
        first = not any(line["page"] == page and line["top"] < top and not PAGE_NUMBER.match(line["text"].strip())
                        for line in lines)
        if joined and rows and page == last_page + 1 and first and len(rows[0]) == len(joined[-1][2][0]):
            before, rows = joined[-1][2], rows[1:] if rows[0] == joined[-1][2][0] else rows
            if rows and not rows[0][0] and len(before) > 1:  # a row the page break cut: its number is above
                before, rows = (*before[:-1], tuple(a + b for a, b in zip(before[-1], rows[0]))), rows[1:]
            joined[-1] = (joined[-1][0], joined[-1][1], tuple(before) + tuple(rows))
        elif rows:
            joined.append((page, top, rows))
        last_page = page
    return joined


def _pdf_rows(table) -> tuple[tuple[str, ...], ...]:
    """A PDF table's rows, a cell merged down several rows read in each of them as in a Word table (pdfplumber
    gives the rows it covers None); a cell merged across (a group's row) stays in its first column."""
    texts, rows = table.extract(), table.rows
    out = []
    for r, (row, line) in enumerate(zip(texts, rows)):
        cells = []
        for c, text in enumerate(row):
            if text is None:
                above = next((k for k in range(r - 1, -1, -1) if rows[k].cells[c] is not None), None)
                reaches = above is not None and rows[above].cells[c][3] > line.bbox[1] + 1  # its bottom below our top
                text = texts[above][c] if reaches else ""
            cells.append(clean(_unwrapped(text or "")))
        out.append(tuple(cells))
    return tuple(out)


UNIT_END = re.compile(r"(?:局|委|办|府|会|院|中心|室|部|厅|处|所|队|站|社|行|司)$")
UNIT_START = re.compile(r"^(?:[省市县区州旗镇乡]|各)")


def _unwrapped(cell: str) -> str:
    """A PDF table cell's text without the line breaks its column's width made (区民政局 not 区民\n政局; a space
    only between two Latin words); a break between two units' names, one to a line, is kept."""
    out = ""
    for line in (part.strip() for part in cell.splitlines()):
        if out and line and out[-1].isascii() and out[-1].isalpha() and line[0].isascii() and line[0].isalpha():
            out += " "
        elif out and line and UNIT_END.search(out) and UNIT_START.match(line):
            out += "\n"
        out += line
    return out


def _pdf_paragraphs(lines: list[dict], tables: list[tuple[int, float, tuple]]) -> list[Block]:
    """Lines joined into paragraphs: a line that runs to the right edge goes on in the next one, unless the
    next one is indented or starts a numbered heading. Page numbers are dropped; tables stand in their place."""
    lines = [line for line in lines if not PAGE_NUMBER.match(line["text"].strip())]
    if not lines:
        return [Block(f"第{n}页（表格）", rows=rows) for n, _, rows in tables if rows]
    left = sorted(line["x0"] for line in lines)[len(lines) // 10]
    right = sorted(line["x1"] for line in lines)[len(lines) * 9 // 10]
    em = sorted((line["x1"] - line["x0"]) / max(len(line["text"]), 1) for line in lines)[len(lines) // 2]
    pending = sorted(tables, key=lambda t: (t[0], t[1]))
    blocks: list[Block] = []
    text, page, open_line = "", 0, False
    for line in lines:
        while pending and (pending[0][0], pending[0][1]) < (line["page"], line["top"]):
            if text:
                blocks.append(Block(f"第{page}页", clean(text)))
                text = ""
            blocks.append(Block(f"第{pending[0][0]}页（表格）", rows=pending.pop(0)[2]))
        words = line["text"].strip()
        continues = open_line and line["x0"] < left + em * 0.8 and not STARTS_PARAGRAPH.match(words)
        if text and not continues:
            blocks.append(Block(f"第{page}页", clean(text)))
            text = ""
        if not text:
            page = line["page"]
        text += words
        open_line = line["x1"] >= right - em * 2.5
    if text:
        blocks.append(Block(f"第{page}页", clean(text)))
    return blocks + [Block(f"第{n}页（表格）", rows=rows) for n, _, rows in pending if rows]
