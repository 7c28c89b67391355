"""The DOCX writer: the same blocks as a Word document a clerk can edit (python-docx).

Every style and every run names its fonts in all four slots (ascii, hAnsi, eastAsia, cs) with
theme fonts cleared, since Word's theme fonts would otherwise win and send Chinese to MS Mincho.
"""

from __future__ import annotations

import io

from pipeline.render.document import Document
from pipeline.render.writers.docx.blocks import header, write_block
from pipeline.render.writers.docx.canvas import Canvas
from pipeline.render.writers.docx.tables import banji
from pipeline.util.files import stable_zip


def write_docx(doc: Document) -> bytes:
    """The document as DOCX bytes, identical for identical documents."""
    c = Canvas(doc.meta.mark)
    if doc.meta.issuer:
        header(c, doc.meta)
    for block in doc.blocks:
        write_block(c, block, doc)
    if doc.has_banji:
        banji(c, doc.meta, doc.placement())
    props = c.d.core_properties
    props.title = doc.title
    props.author = doc.meta.author
    props.subject = doc.meta.subject
    props.keywords = doc.meta.keywords
    props.language = "zh-CN"
    props.last_modified_by = doc.meta.author
    props.revision = 1
    props.created = props.modified = doc.created.replace(tzinfo=None)
    props.last_printed = doc.created.replace(tzinfo=None)
    buffer = io.BytesIO()
    c.d.save(buffer)
    return stable_zip(buffer.getvalue())
