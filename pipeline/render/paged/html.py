"""The document as paged HTML and the GB/T 9704 style sheet: what WeasyPrint lays out for the PDF."""

from __future__ import annotations

import base64
from pathlib import Path

import jinja2

from pipeline.render.document import Banji, Document
from pipeline.render.fonts import resolve_fonts, space_width_em
from pipeline.render.paged.autospace import autospace
from pipeline.render.style import MM, style_table
from pipeline.util.templates import TEMPLATES

_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,  # agency text is data
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_CSS_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def font_stacks() -> dict[str, str]:
    """CSS font-family lists per role: the resolved face, then every installed CJK fallback."""
    faces = resolve_fonts()
    fallback = '"Noto Serif CJK SC", "Noto Sans CJK SC"'
    return {role: f'"{f.family}", {fallback}' for role, f in faces.items()}


def css(mark: str) -> str:
    """The paged style sheet; ``mark``: the words every page carries at its top (示例数据, 草稿), or ''."""
    s = style_table()
    faces = {role: {**vars(f), "url": Path(f.file).as_uri() if f.file else ""} for role, f in resolve_fonts().items()}
    pitch, body = s["grid"]["line_pitch_pt"], s["size"]["body"]
    return _CSS_ENV.get_template("gbt9704.css.j2").render(
        s=s, faces=faces, stack=font_stacks(), mark=mark,
        # The red line sits 4 mm under the 字号's glyphs, not under its line box's half-leading.
        red_gap_pt=round(s["rule"]["red_line_gap"] * MM - (pitch - body) / 2, 2),
        title_gap_pt=round(2 * pitch, 2),
        autospace_extra_em=round(s["grid"]["autospace_em"] - space_width_em(resolve_fonts()["fangsong"].file), 4),
    )


def html(doc: Document, placement: Banji, banji_page: int = 0) -> str:
    """The document as HTML, its 版记 placed as ``placement`` says; its style sheet is given separately (see
    css()). With ``banji_page``, only the 版记 at the foot of a left-hand page numbered so (the page that
    follows text ending on an odd page)."""
    uris = {name: "data:image/svg+xml;base64," + base64.b64encode(c.svg).decode() for name, c in doc.charts.items()}
    markup = _ENV.get_template("document.html.j2").render(doc=doc, chart_uris=uris, created=doc.created.isoformat(),
                                                          placement=placement, banji_page=banji_page)
    head, body = markup.split("<body>", 1)
    return head + "<body>" + autospace(body)
