"""Rebuild the real-notice fixtures in tests/plan/real/ from the saved government pages beside them.

    python tools/notice_fixtures.py

Each notice in tests/plan/real/pages/ is a page of www.gov.cn as a browser saves it. Notices reach a DRC in
other forms too, so some fixtures are the same official text in the form it takes when a clerk keeps it:
copied into a text file (UTF-8 or GBK), saved into Word (paragraphs, the page's tables as Word tables), or
printed to PDF by the browser. This script makes those files; it shares no code with the pipeline's readers,
so a fixture never agrees with the reader by construction. SOURCES.md says which file is which.
"""

from __future__ import annotations

import html.parser
import io
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "plan" / "real"
FIXED_TIME = (2019, 2, 17, 0, 0, 0)  # the day the pages were saved: the same bytes on every rebuild


@dataclass
class Page:
    """A saved page read simply: its paragraphs and tables in order (('p', text) or ('table', rows))."""

    blocks: list = field(default_factory=list)


class _Reader(html.parser.HTMLParser):
    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "li"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.text, self.rows, self.depth, self.skip = Page(), "", [], 0, 0

    def flush(self) -> None:
        text = " ".join(self.text.split()) if self.text.strip() else ""
        self.text = ""
        if not text:
            return
        if self.depth:
            self.rows[-1][-1] += ("\n" if self.rows[-1][-1] else "") + text
        else:
            self.page.blocks.append(("p", text))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "title"):
            self.skip += 1
        elif tag == "table":
            self.flush()
            self.depth += 1
            if self.depth == 1:
                self.rows = []
        elif tag == "tr" and self.depth == 1:
            self.rows.append([])
        elif tag in ("td", "th") and self.depth == 1:
            self.flush()
            self.rows[-1].append("")
        elif tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self.skip -= 1
        elif tag == "table":
            self.flush()
            self.depth -= 1
            if self.depth == 0 and any(any(c for c in r) for r in self.rows):
                self.page.blocks.append(("table", [r for r in self.rows if any(r)]))
        elif tag in self.BLOCK or tag in ("td", "th"):
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text += data.replace("\xa0", " ")


def _read(markup: str) -> Page:
    reader = _Reader()
    reader.feed(markup)
    reader.flush()
    return reader.page


def read_page(path: Path) -> tuple[Page, Page]:
    """(the page's metadata table, the notice): gov.cn keeps the notice in its UCAP-CONTENT cell."""
    markup = path.read_text(encoding="utf-8")
    start = markup.index(">", markup.index('id="UCAP-CONTENT"')) + 1
    end = markup.rindex("</td>", start, markup.index('id="pageBreak"', start))
    meta = markup.index('class="bd1"')
    return _read(markup[markup.rindex("<table", 0, meta):markup.index("</table>", meta) + 8]), _read(markup[start:end])


def write_text(pages: tuple[Page, Page], path: Path, encoding: str) -> None:
    lines = [value for kind, value in pages[1].blocks if kind == "p"]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))


def write_docx(pages: tuple[Page, Page], path: Path, with_metadata: bool) -> None:
    document = docx.Document()
    blocks = (pages[0].blocks if with_metadata else []) + pages[1].blocks
    for kind, value in blocks:
        if kind == "p":
            document.add_paragraph(value)
            continue
        width = max(len(r) for r in value)
        table = document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        for row in value:
            cells = table.add_row().cells
            if len(row) == 1 and width > 1:  # a heading row of the table spans it, as on the page
                cells[0].merge(cells[-1])
            for cell, text in zip(cells, row):
                cell.text = text
    document.core_properties.author = "国务院办公厅"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def write_pdf(page_path: Path, path: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                        "--blink-settings=imagesEnabled=false", "--no-pdf-header-footer",
                        f"--print-to-pdf={path}", page_path.as_uri()], check=True, capture_output=True, timeout=120)


def main() -> None:
    pages = REAL / "pages"
    write_docx(read_page(pages / "guobanfa-2018-126.html"), REAL / "guobanfa-2018-126.docx", with_metadata=False)
    write_docx(read_page(pages / "guofa-2019-3.html"), REAL / "guofa-2019-3.docx", with_metadata=True)
    write_text(read_page(pages / "guobanfa-2018-121.html"), REAL / "guobanfa-2018-121.txt", "utf-8")
    write_text(read_page(pages / "guofa-2018-39.html"), REAL / "guofa-2018-39.txt", "gb18030")
    write_pdf(pages / "guobanfa-2018-129.html", REAL / "guobanfa-2018-129.pdf")


if __name__ == "__main__":
    main()
