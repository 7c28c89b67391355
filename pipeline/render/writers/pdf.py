"""The PDF writer: the HTML writer's pages through WeasyPrint, as tagged PDF/A-3a carrying the data it was
built from."""

from __future__ import annotations

import functools
import hashlib
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from pipeline.errors import PipelineError
from pipeline.render.document import Document
from pipeline.render.fonts import resolve_fonts
from pipeline.render.writers.html import css, html
from pipeline.util.templates import TEMPLATES

if TYPE_CHECKING:
    from weasyprint import CSS, HTML


@functools.lru_cache
def stylesheet(mark: str) -> CSS:
    """The GB/T 9704 style sheet, parsed once per process and shared by every document."""
    from weasyprint import CSS

    return CSS(string=css(mark), base_url=str(TEMPLATES), font_config=_font_config(), url_fetcher=_fetcher())


def _fetcher():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    allowed = {str(Path(f.file).resolve()) for f in resolve_fonts().values() if f.file}

    class LocalOnly(URLFetcher):
        """Only our font files and inline images: agency text can never make the renderer fetch."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:") and str(Path(unquote(urlparse(url).path)).resolve()) in allowed:
                return super().fetch(url, headers)
            raise FatalURLFetchingError(f"refused to fetch {url[:80]}")

    return LocalOnly(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)


@functools.lru_cache
def _font_config():
    """One font configuration per process: Pango's font map is costly to set up for every document."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def check_subsetting() -> None:
    from weasyprint.text import ffi

    if not getattr(ffi, "harfbuzz_subset", None):
        raise PipelineError("未安装 HarfBuzz 字体子集库，生成每份 PDF 将慢约 20 倍；请安装：sudo apt-get install libharfbuzz-subset0")


def _pages_with_banji(doc: Document, html_for: Callable[..., HTML], options: dict):
    """The laid-out pages, the 版记 closing an even page: at the foot of the last page of text when that page is
    even; else alone on the next page, after a blank one when it did not fit under text ending on an even page.
    Sets ``doc.pagination["banji"]`` to what was chosen."""
    doc.pagination["banji"] = "here"
    document = html_for(doc).render(**options)
    if not doc.meta.get("printed_by") or len(document.pages) % 2 == 0:
        return document
    footnotes = document.pages[-1]._page_box.children[1]  # the last page's footnote area holds the 版记
    if any(getattr(box, "text", "").strip() for box in document.pages[-1]._page_box.children[0].descendants()):
        # Text ends on an odd page: the pages stand as laid out, the 版记 moves to a page of its own. Laying
        # out that one page instead of the whole document again halves the time of most unit summaries.
        doc.pagination["banji"] = "next-even"
        footnotes.children = []
        alone = html_for(doc, banji_page=len(document.pages) + 1).render(**options)
        return document.copy([*document.pages, *alone.pages])
    doc.pagination["banji"] = "after-blank"  # rare: the 版记 did not fit under text ending on an even page
    return html_for(doc).render(**options)


def write_pdf(doc: Document) -> bytes:
    """The document as PDF/A-3a bytes (tagged: headings, tables, figures with their captions as alt text),
    carrying the data it was built from (``doc.attachments``)."""
    created = doc.created
    os.environ["SOURCE_DATE_EPOCH"] = str(int(created.timestamp()))
    from weasyprint import DEFAULT_OPTIONS, HTML, Attachment
    from weasyprint.urls import FatalURLFetchingError

    from pipeline.render.writers.justify import install

    install()
    check_subsetting()
    fetcher = _fetcher()
    files = [Attachment(file_obj=io.BytesIO(data), name=name, description=f"本文件依据的汇总数据：{name}",
                        created=created, modified=created, relationship="Source") for name, data in doc.attachments]
    identifier = hashlib.sha256(f"{doc.meta.get('author')}|{doc.title}".encode()).hexdigest()[:32].encode()
    options = {**DEFAULT_OPTIONS, "pdf_variant": "pdf/a-3a", "pdf_identifier": identifier, "attachments": files,
               "custom_metadata": True, "stylesheets": [stylesheet(doc.meta.get("mark", ""))]}
    try:
        document = _pages_with_banji(
            doc, lambda d, **kw: HTML(string=html(d, **kw), base_url=str(TEMPLATES), url_fetcher=fetcher),
            {**options, "font_config": _font_config()})
        data = document.write_pdf(**options)
    except FatalURLFetchingError as exc:
        raise PipelineError(f"生成《{doc.title}》时拒绝了外部资源：{exc}") from None
    return sorted_attachments(data) if files else data


def _pdf_string_bytes(text: str) -> bytes:
    """How a PDF text string holds ``text``: ASCII as is, anything else as UTF-16BE with its byte order mark."""
    return text.encode("ascii") if text.isascii() else b"\xfe\xff" + text.encode("utf-16-be")


def sorted_attachments(data: bytes) -> bytes:
    """The attachments' name tree keyed by Unicode names in sorted order (readers look keys up by bisection),
    each file's /F a portable ASCII name beside its Unicode /UF."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.Names.EmbeddedFiles
        specs = [tree.Names[i] for i in range(1, len(tree.Names), 2)]
        entries = []
        for n, spec in enumerate(specs, 1):
            name = str(spec.UF)
            spec.F = pikepdf.String(name if name.isascii() else f"attachment-{n}{Path(name).suffix}")
            entries.append((_pdf_string_bytes(name), spec))
        tree.Names = pikepdf.Array([x for key, spec in sorted(entries, key=lambda e: e[0])
                                    for x in (pikepdf.String(key), spec)])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
