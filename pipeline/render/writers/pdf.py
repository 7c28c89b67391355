"""The PDF writer: the HTML writer's pages through WeasyPrint, as PDF/A-3u carrying the data it was built from."""

from __future__ import annotations

import functools
import hashlib
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from pipeline.errors import PipelineError
from pipeline.render.document import Document
from pipeline.render.fonts import resolve_fonts
from pipeline.render.writers.html import css, html
from pipeline.util.templates import TEMPLATES

if TYPE_CHECKING:
    from weasyprint import CSS


@functools.lru_cache
def stylesheet(sample: bool) -> CSS:
    """The GB/T 9704 style sheet, parsed once per process and shared by every document."""
    from weasyprint import CSS

    return CSS(string=css(sample), base_url=str(TEMPLATES), font_config=_font_config(), url_fetcher=_fetcher())


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


def write_pdf(doc: Document) -> bytes:
    """The document as PDF/A-3u bytes, carrying the data it was built from (``doc.attachments``)."""
    created = doc.created
    os.environ["SOURCE_DATE_EPOCH"] = str(int(created.timestamp()))
    from weasyprint import HTML, Attachment
    from weasyprint.urls import FatalURLFetchingError

    check_subsetting()
    fetcher = _fetcher()
    files = [Attachment(file_obj=io.BytesIO(data), name=name, description=f"本文件依据的汇总数据：{name}",
                        created=created, modified=created, relationship="Source") for name, data in doc.attachments]
    identifier = hashlib.sha256(f"{doc.meta.get('author')}|{doc.title}".encode()).hexdigest()[:32].encode()
    try:
        return HTML(string=html(doc), base_url=str(TEMPLATES), url_fetcher=fetcher).write_pdf(
            pdf_variant="pdf/a-3u", pdf_identifier=identifier, attachments=files, custom_metadata=True,
            font_config=_font_config(), stylesheets=[stylesheet(bool(doc.meta.get("sample")))],
        )
    except FatalURLFetchingError as exc:
        raise PipelineError(f"生成《{doc.title}》时拒绝了外部资源：{exc}") from None
