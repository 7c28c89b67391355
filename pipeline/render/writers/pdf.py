"""The PDF writer: the document's laid-out pages (render/paged) as tagged PDF/A-3a carrying the data it was
built from."""

from __future__ import annotations

import io
from pathlib import Path

from pipeline.render.document import Document
from pipeline.render.paged.layout import options, pages
from pipeline.render.paged.weasy import source_date


def write_pdf(doc: Document) -> bytes:
    """The paginated document as PDF/A-3a bytes (tagged: headings, tables, figures with their captions as alt
    text), carrying the data it was built from (``doc.attachments``)."""
    with source_date(int(doc.created.timestamp())):
        data = pages(doc).write_pdf(**options(doc))
    return sorted_attachments(data) if doc.attachments else data


def _utf16_key(text: str) -> bytes:
    """A name-tree key as UTF-16BE with its byte order mark, ASCII names too: readers compare keys by their bytes
    (PDF 7.9.6) or by their text (qpdf, pikepdf), and UTF-16 bytes of BMP text sort as the text does, where a mix
    of ASCII and UTF-16 keys sorts one way by bytes and another by text, and a bisecting reader misses a file."""
    return b"\xfe\xff" + text.encode("utf-16-be")


def sorted_attachments(data: bytes) -> bytes:
    """The attachments' name tree keyed by their Unicode names, in an order every reader bisects alike; each
    file's /F a portable ASCII name beside its Unicode /UF."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.Names.EmbeddedFiles
        specs = [tree.Names[i] for i in range(1, len(tree.Names), 2)]
        entries = []
        for n, spec in enumerate(specs, 1):
            name = str(spec.UF)
            spec.F = pikepdf.String(name if name.isascii() else f"attachment-{n}{Path(name).suffix}")
            entries.append((name, spec))
        entries.sort(key=lambda e: _utf16_key(e[0]))
        tree.Names = pikepdf.Array([x for name, spec in entries for x in (pikepdf.String(_utf16_key(name)), spec)])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
