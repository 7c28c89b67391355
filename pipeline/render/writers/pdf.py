"""The PDF writer: the document's laid-out pages (render/paged) as tagged PDF/A-3a carrying the data it was
built from."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from pipeline.render.document import Document
from pipeline.render.paged.layout import options, pages
from pipeline.render.paged.weasy import source_date


def write_pdf(doc: Document) -> bytes:
    """The paginated document as PDF/A-3a bytes (tagged: headings, tables, figures with their captions as alt
    text), carrying the data it was built from (``doc.attachments``)."""
    with source_date(int(doc.created.timestamp())):
        # Written uncompressed, then compressed once by qpdf at zlib's default level: pydyf compresses at level 9,
        # a sixth of a PDF's time for a file 1% smaller (docs/DESIGN.md §6).
        data = pages(doc).write_pdf(**{**options(doc), "uncompressed_pdf": True})
    return finished(data)


def _utf16_key(text: str) -> bytes:
    """A name-tree key as UTF-16BE with its byte order mark, ASCII names too: readers compare keys by their bytes
    (PDF 7.9.6) or by their text (qpdf, pikepdf), and UTF-16 bytes of BMP text sort as the text does, where a mix
    of ASCII and UTF-16 keys sorts one way by bytes and another by text, and a bisecting reader misses a file."""
    return b"\xfe\xff" + text.encode("utf-16-be")


def with_attachments(data: bytes, doc: Document) -> bytes | None:
    """A PDF this writer made for ``doc``'s pages, carrying ``doc.attachments`` in place of the files it had
    (None when their names differ): what write_pdf would write, without laying the pages out again."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        names = pdf.Root.Names.EmbeddedFiles.Names if "/Names" in pdf.Root and "/EmbeddedFiles" in pdf.Root.Names \
            else []
        specs = {str(names[i].UF): names[i] for i in range(1, len(names), 2)}
        if set(specs) != {name for name, _ in doc.attachments}:
            return None
        for name, content in doc.attachments:
            stream = specs[name].EF.F
            stream.write(content)  # uncompressed, as WeasyPrint writes it: compressed below, by qpdf, alike
            stream.Params.CheckSum = pikepdf.String(hashlib.md5(content, usedforsecurity=False).digest())
            stream.Params.Size = len(content)
        return _saved(pdf, recompress=True)


def finished(data: bytes) -> bytes:
    """WeasyPrint's uncompressed PDF with its streams compressed and its objects in object streams, and its
    attachments sorted (``sort_attachments``)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/Names" in pdf.Root and "/EmbeddedFiles" in pdf.Root.Names:
            sort_attachments(pdf)
        return _saved(pdf)


def _saved(pdf: object, recompress: bool = False) -> bytes:
    """Saved as qpdf writes it; ``recompress``: every stream decompressed and compressed again, so that a PDF read
    back is written byte for byte as when its streams came in uncompressed (qpdf orders a stream's keys by
    whether it compressed the stream itself)."""
    import pikepdf

    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             recompress_flate=recompress)
    return out.getvalue()


def sort_attachments(pdf: object) -> None:
    """The attachments' name tree keyed by their Unicode names, in an order every reader bisects alike; each
    file's /F a portable ASCII name beside its Unicode /UF."""
    import pikepdf

    tree = pdf.Root.Names.EmbeddedFiles
    specs = [tree.Names[i] for i in range(1, len(tree.Names), 2)]
    entries = []
    for n, spec in enumerate(specs, 1):
        name = str(spec.UF)
        spec.F = pikepdf.String(name if name.isascii() else f"attachment-{n}{Path(name).suffix}")
        entries.append((name, spec))
    entries.sort(key=lambda e: _utf16_key(e[0]))
    tree.Names = pikepdf.Array([x for name, spec in entries for x in (pikepdf.String(_utf16_key(name)), spec)])
