"""The writers: one Document, one writer per format, each returning the file's bytes (as docutils' writers/).

Writers read the document model and the style table only, never the content that made the document, and
change nothing in it: where its parts go on the pages was decided before them (render/paged/layout.py).
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.render.document import Document

Writer = Callable[[Document], bytes]
FORMATS = (".pdf", ".docx")


def writer(suffix: str) -> Writer:
    """The writer for a file suffix; imported on first use (python-docx and WeasyPrint are heavy)."""
    if suffix == ".docx":
        from pipeline.render.writers.docx import write_docx

        return write_docx
    if suffix == ".pdf":
        from pipeline.render.writers.pdf import write_pdf

        return write_pdf
    raise ValueError(f"no writer for {suffix}")
