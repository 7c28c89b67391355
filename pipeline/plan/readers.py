"""One reader per kind of notice file; each returns the notice's blocks and its plain-text form (PDF: pdf_notice.py).

Text keeps every line as it is (the plain text is the file's own). Word, pages and Excel give paragraphs
and tables in document order.
"""

from __future__ import annotations

import html.parser
import io
import re

from pipeline.plan.sources import Block, clean, decode_text
from pipeline.plan.wordnumbers import Numbering

STARTS_PARAGRAPH = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,3}[.．、]|[①-⑳]|附件)")


def as_text(blocks: list[Block]) -> str:
    """Paragraphs one a line; a table's rows one a line, cells separated by tabs."""
    lines = []
    for block in blocks:
        lines += ["\t".join(c.replace("\n", " ") for c in row) for row in block.rows] if block.is_table else [block.text]
    return "\n".join(lines) + "\n"


def read_txt(data: bytes) -> tuple[list[Block], str]:
    text = decode_text(data)
    lines = [(n, line) for n, raw in enumerate(text.splitlines(), 1) if (line := clean(raw))]
    return [Block(f"第{n}行", line) for n, line in _paragraphs(lines)], text


ENDS_SENTENCE = "。；;：:！？!?）)”】"


def _paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines joined where they were broken inside a paragraph: an annotation's bracket left open, or text
    copied from a PDF with every line cut at the same width (the full lines run on into the next)."""
    lengths = [len(t) for _, t in lines if len(t) > 16 and t[-1] not in ENDS_SENTENCE]
    width = max(set(lengths), key=lengths.count) if len(lengths) >= max(3, len(lines) // 4) else 0
    out: list[tuple[int, str]] = []
    for n, line in lines:
        if out and (_open(out[-1][1]) or (width and len(out[-1][1]) >= width - 2 and out[-1][1][-1] not in ENDS_SENTENCE
                                          and not STARTS_PARAGRAPH.match(line))):
            out[-1] = (out[-1][0], out[-1][1] + line)
        else:
            out.append((n, line))
    return out


def _open(text: str) -> bool:
    """A bracket opened and not closed: the annotation goes on in the next line."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


# --- Word -------------------------------------------------------------------------------------------------

def read_docx(data: bytes) -> tuple[list[Block], str]:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    numbering = Numbering.of(document)
    blocks: list[Block] = []
    for child in _body_children(document.element.body, qn):
        if child.tag == qn("w:p"):
            text = clean(numbering.label(child) + "".join(t.text or "" for t in child.iter(qn("w:t"))))
            if text:
                blocks.append(Block(f"第{len(blocks) + 1}段", text))
        elif child.tag == qn("w:tbl"):
            rows = _docx_rows(docx.table.Table(child, document), numbering, qn)
            if rows:
                blocks.append(Block(f"第{len(blocks) + 1}段（表格）", rows=rows))
    return blocks, as_text(blocks)


def _body_children(body, qn) -> list:
    """Paragraphs and tables in order, including those inside content controls."""
    found = []
    for child in body.iterchildren():
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            found += _body_children(content, qn) if content is not None else []
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            found.append(child)
    return found


def _docx_rows(table, numbering: Numbering, qn) -> tuple[tuple[str, ...], ...]:
    """Each row's cells once (a cell merged across columns counts once; one merged down the rows repeats)."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            paragraphs = [numbering.label(p) + "".join(t.text or "" for t in p.iter(qn("w:t")))
                          for p in cell._tc.iter(qn("w:p"))]
            cells.append(clean("\n".join(p for p in paragraphs if p.strip())))
        if any(cells):
            rows.append(tuple(cells))
    return tuple(rows)


# --- Excel ------------------------------------------------------------------------------------------------

def read_xlsx(data: bytes) -> tuple[list[Block], str]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    blocks = []
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        rows = _merged_down([[clean(_cell(v)) for v in row] for row in sheet.to_python()], sheet)
        rows = tuple(r for r in rows if any(r))
        if rows:
            blocks.append(Block(f"工作表“{name}”", rows=rows))
    return blocks, as_text(blocks)


def _merged_down(rows: list[list[str]], sheet) -> tuple[tuple[str, ...], ...]:
    """A cell merged down several rows (one 牵头单位 for three tasks) read in each of them, as in a Word table;
    a cell merged across (a group's row) stays in its first column."""
    top, left = sheet.start or (0, 0)
    for (r0, c0), (r1, _) in sheet.merged_cell_ranges or []:
        r0, r1, c0 = r0 - top, r1 - top, c0 - left
        if 0 <= r0 < r1 < len(rows) and 0 <= c0 < len(rows[r0]):
            for r in range(r0 + 1, r1 + 1):
                if c0 < len(rows[r]):
                    rows[r][c0] = rows[r0][c0]
    return tuple(tuple(row) for row in rows)


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


# --- Pages saved from a government site -------------------------------------------------------------------

BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
              "blockquote", "pre", "center", "dd", "dt", "tr", "hr"}
SKIPPED = {"script", "style", "noscript", "template", "head", "select", "option", "button", "iframe", "svg"}
VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}


class _Node:
    __slots__ = ("tag", "children", "hidden", "span")

    def __init__(self, tag: str, hidden: bool = False, span: tuple[int, int] = (1, 1)) -> None:
        self.tag, self.children, self.hidden, self.span = tag, [], hidden, span  # span: (rows, columns)


class _Tree(html.parser.HTMLParser):
    """A forgiving tree of the page: unclosed tags close with their parent, as browsers do."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        style = (values.get("style") or "").replace(" ", "").lower()
        node = _Node(tag, hidden="display:none" in style or values.get("hidden") is not None,
                     span=(_span(values.get("rowspan")), _span(values.get("colspan"))))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for n in range(len(self.stack) - 1, 0, -1):
            if self.stack[n].tag == tag:
                del self.stack[n:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _span(value: str | None) -> int:
    return max(1, min(int(value), 50)) if value and value.strip().isdigit() else 1


def _page_text(data: bytes) -> str:
    head = data[:4096].decode("ascii", "replace").lower()
    declared = re.search(r"charset\s*=\s*[\"']?([a-z0-9_-]+)", head)
    if declared and declared.group(1) in ("gb2312", "gbk", "gb18030"):
        return data.decode("gb18030", "replace")
    return decode_text(data, "网页文件")


def read_html(data: bytes) -> tuple[list[Block], str]:
    tree = _Tree()
    tree.feed(_page_text(data))
    tree.close()
    walker = _Walker()
    walker.walk(tree.root)
    walker.flush()
    return walker.blocks, as_text(walker.blocks)


class _Walker:
    """Paragraphs from block elements; a table of short cells is a table, a layout table is walked through."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.text = ""

    def flush(self) -> None:
        text = clean(self.text)
        self.text = ""
        if text:
            self.blocks.append(Block(f"第{len(self.blocks) + 1}段", text))

    def walk(self, node: _Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                self.text += child
            elif child.hidden or child.tag in SKIPPED:
                continue
            elif child.tag == "table" and not _is_layout(child):
                self.flush()
                rows = tuple(r for r in _grid(child) if any(r))
                if rows:
                    self.blocks.append(Block(f"第{len(self.blocks) + 1}段（表格）", rows=rows))
            elif child.tag in BLOCK_TAGS or child.tag in ("table", "td", "th"):
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)


def _rows(table: _Node) -> list[_Node]:
    found = []
    for child in table.children:
        if isinstance(child, _Node):
            if child.tag == "tr":
                found.append(child)
            elif child.tag in ("tbody", "thead", "tfoot"):
                found += _rows(child)
    return found


def _cells(tr: _Node) -> list[_Node]:
    return [c for c in tr.children if isinstance(c, _Node) and c.tag in ("td", "th")]


def _grid(table: _Node) -> list[tuple[str, ...]]:
    """Each row's cells once (a cell spanning columns counts once); a cell spanning rows stands in each."""
    rows, carried = [], {}  # column → (text, rows still to fill)
    for tr in _rows(table):
        cells, column = [], 0
        for cell in _cells(tr):
            column = _fill_carried(cells, carried, column)
            parts: list[str] = []
            _collect(cell, parts)
            text = clean("".join(parts)).replace(" \n", "\n")
            cells.append(text)
            if cell.span[0] > 1:
                carried[column] = (text, cell.span[0] - 1)
            column += cell.span[1]
        _fill_carried(cells, carried, column, to_end=True)
        rows.append(tuple(cells))
    return rows


def _fill_carried(cells: list[str], carried: dict, column: int, to_end: bool = False) -> int:
    while column in carried or (to_end and any(c >= column for c in carried)):
        if column in carried:
            text, left = carried.pop(column)
            cells.append(text)
            if left > 1:
                carried[column] = (text, left - 1)
        column += 1
    return column


def _collect(node: _Node, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif not child.hidden and child.tag not in SKIPPED:
            if child.tag in BLOCK_TAGS and parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            _collect(child, parts)


def _is_layout(table: _Node) -> bool:
    """A table that lays out a page (it holds another table, or a cell holds many paragraphs), not data."""
    def count(node: _Node, tag: str) -> int:
        return sum((c.tag == tag) + count(c, tag) for c in node.children if isinstance(c, _Node))

    if count(table, "table"):
        return True
    return any(count(cell, "p") + count(cell, "br") > 8 for tr in _rows(table) for cell in _cells(tr))
