"""The paged layout: each document laid out once by WeasyPrint, and where its 版记 goes decided there, before
any writer runs (docutils decides a document's shape in its transforms, not in a writer).

GB/T 9704 §7.4: the 版记 closes an even page. At the foot of the last page of text when that page is even;
else alone on the next page; after a blank page when it did not fit under text ending on an even page.
``paginate`` returns the document with that decision (``Document.banji``), which the DOCX writer follows as
the PDF writer does; the pages it laid out are kept for the PDF writer, which would otherwise lay the
document out again.
"""

from __future__ import annotations

import functools
import hashlib
import io
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from pipeline.errors import PipelineError
from pipeline.render.document import Banji, Document
from pipeline.render.fonts import resolve_fonts
from pipeline.render.paged import weasy
from pipeline.render.paged.html import css, html
from pipeline.util.templates import TEMPLATES

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.document import Document as Pages

_laid_out: list[tuple[Document, Pages]] = []  # the last document paginate laid out, for the PDF writer


def paginate(doc: Document) -> Document:
    """The document with its 版记's place decided (its laid-out pages kept for ``pages``)."""
    weasy.check()
    pages = _lay_out(doc, Banji.HERE)
    placement = Banji.HERE
    if doc.has_banji and len(pages.pages) % 2:
        placement = Banji.NEXT_EVEN if weasy.last_page_has_text(pages) else Banji.AFTER_BLANK
        pages = _lay_out(doc, placement, pages)
    settled = replace(doc, banji=placement)
    _laid_out[:] = [(settled, pages)]
    return settled


def pages(doc: Document) -> Pages:
    """The document laid out as paginated: the pages paginate made for it, else laid out again."""
    if _laid_out and _laid_out[0][0] is doc:
        return _laid_out.pop()[1]
    weasy.check()
    return _lay_out(doc, doc.placement())


def _lay_out(doc: Document, placement: Banji, first: Pages | None = None) -> Pages:
    """The pages with the 版记 ``placement`` puts it in; ``first``: the document already laid out with the 版记
    at the foot of its last page (the one laying out NEXT_EVEN needs)."""
    if placement != Banji.NEXT_EVEN:
        return _render(doc, html(doc, placement))
    # Text ends on an odd page: the pages stand as laid out, the 版记 moves to a page of its own. Laying out that
    # one page instead of the whole document again halves the time of most unit summaries.
    main = first or _render(doc, html(doc, Banji.HERE))
    weasy.empty_last_footnotes(main)
    return main.copy([*main.pages, *_banji_page(doc, len(main.pages) + 1).pages])


_banji_pages: dict[tuple[str, int, str], Pages] = {}  # laid out in this process: a year's unit summaries share a few


def _banji_page(doc: Document, number: int) -> Pages:
    """The 版记 alone on page ``number`` (laid out once per process for each wording and number)."""
    markup = html(doc, Banji.HERE, banji_page=number)
    key = (doc.meta.mark, number, markup.split("<body>", 1)[1])  # the head's title and dates are the document's
    if key not in _banji_pages:
        if len(_banji_pages) >= 16:
            _banji_pages.clear()
        _banji_pages[key] = _render(doc, markup)
    return _banji_pages[key]


def _render(doc: Document, markup: str) -> Pages:
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        return HTML(string=markup, base_url=str(TEMPLATES), url_fetcher=fetcher()).render(
            **options(doc), font_config=font_config())
    except FatalURLFetchingError as exc:
        raise PipelineError(f"生成《{doc.title}》时拒绝了外部资源：{exc}") from None


def options(doc: Document) -> dict:
    """WeasyPrint's options for the document: tagged PDF/A-3a, a stable identifier, the data it carries."""
    from weasyprint import DEFAULT_OPTIONS, Attachment

    created = doc.created
    files = [Attachment(file_obj=io.BytesIO(data), name=name, description=f"本文件依据的汇总数据：{name}",
                        created=created, modified=created, relationship="Source") for name, data in doc.attachments]
    identifier = hashlib.sha256(f"{doc.meta.author}|{doc.title}".encode()).hexdigest()[:32].encode()
    return {**DEFAULT_OPTIONS, "pdf_variant": "pdf/a-3a", "pdf_identifier": identifier, "attachments": files,
            "custom_metadata": True, "stylesheets": [stylesheet(doc.meta.mark)]}


@functools.lru_cache
def stylesheet(mark: str) -> CSS:
    """The GB/T 9704 style sheet, parsed once per process and shared by every document."""
    from weasyprint import CSS

    return CSS(string=css(mark), base_url=str(TEMPLATES), font_config=font_config(), url_fetcher=fetcher())


def fetcher():
    """What WeasyPrint may read: our font files and inline images, nothing else."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    allowed = {str(Path(f.file).resolve()) for f in resolve_fonts().values() if f.file}

    class LocalOnly(URLFetcher):
        """Agency text can never make the renderer fetch."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:") and str(Path(unquote(urlparse(url).path)).resolve()) in allowed:
                return super().fetch(url, headers)
            raise FatalURLFetchingError(f"refused to fetch {url[:80]}")

    # Its own test above is the gate: WeasyPrint 68 reads a data: URL's protocol wrongly when given allowed_protocols.
    return LocalOnly(allow_redirects=False, fail_on_errors=True)


@functools.lru_cache
def font_config():
    """One font configuration per process: Pango's font map is costly to set up for every document."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()
