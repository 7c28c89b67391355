"""The HTML writer and WeasyPrint: blocks → paged HTML → PDF/A-3u with its data attached."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

import jinja2

from pipeline.document import Document

if TYPE_CHECKING:
    from weasyprint import CSS
from pipeline.errors import PipelineError
from pipeline.style import MM, TEMPLATES, resolve_fonts, style_table

_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,  # agency text is data
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_CSS_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def font_stacks() -> dict[str, str]:
    """CSS font-family lists per role: the resolved face, then every installed CJK fallback."""
    faces = resolve_fonts()
    fallback = '"Noto Serif CJK SC", "Noto Sans CJK SC"'
    return {role: f'"{f.family}", {fallback}' for role, f in faces.items()}


def css(sample: bool) -> str:
    s = style_table()
    faces = {role: {**vars(f), "url": Path(f.file).as_uri() if f.file else ""} for role, f in resolve_fonts().items()}
    pitch, body = s["grid"]["line_pitch_pt"], s["size"]["body"]
    return _CSS_ENV.get_template("gbt9704.css.j2").render(
        s=s, faces=faces, stack=font_stacks(), sample=sample,
        # The red line sits 4 mm under the 字号's glyphs, not under its line box's half-leading.
        red_gap_pt=round(s["rule"]["red_line_gap"] * MM - (pitch - body) / 2, 2),
        title_gap_pt=round(2 * pitch, 2),
    )


def html(doc: Document, created: dt.datetime) -> str:
    """The document as HTML; its style sheet is given separately (see stylesheet())."""
    uris = {name: "data:image/svg+xml;base64," + base64.b64encode(c.svg).decode() for name, c in doc.charts.items()}
    return _ENV.get_template("document.html.j2").render(doc=doc, chart_uris=uris, created=created.isoformat())


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


def write_pdf(doc: Document, target: Path, created: dt.datetime, attachments: list[tuple[str, bytes]]) -> bytes:
    """The document as PDF/A-3u bytes, carrying the data it was built from."""
    os.environ["SOURCE_DATE_EPOCH"] = str(int(created.timestamp()))
    from weasyprint import HTML, Attachment
    from weasyprint.urls import FatalURLFetchingError

    check_subsetting()
    fetcher = _fetcher()
    files = [Attachment(file_obj=io.BytesIO(data), name=name, description=f"本文件依据的汇总数据：{name}",
                        created=created, modified=created, relationship="Source") for name, data in attachments]
    identifier = hashlib.sha256(f"{doc.meta.get('author')}|{doc.title}".encode()).hexdigest()[:32].encode()
    try:
        return HTML(string=html(doc, created), base_url=str(TEMPLATES), url_fetcher=fetcher).write_pdf(
            pdf_variant="pdf/a-3u", pdf_identifier=identifier, attachments=files, custom_metadata=True,
            font_config=_font_config(), stylesheets=[stylesheet(bool(doc.meta.get("sample")))],
        )
    except FatalURLFetchingError as exc:
        raise PipelineError(f"生成 {target.name} 时拒绝了外部资源：{exc}") from None
