"""A document into its files: laid out once (where its 版记 goes decided for every format), then written by
each writer, each file replaced whole."""

from __future__ import annotations

from pathlib import Path

from pipeline.render.document import Document
from pipeline.render.writers import FORMATS, writer
from pipeline.util.files import atomic_write
from pipeline.util.timing import Timings


def write_files(doc: Document, folder: Path, stem: str, timings: Timings | None = None) -> list[Path]:
    """``folder/stem.pdf`` and ``folder/stem.docx``; the time of each step goes into ``timings``."""
    from pipeline.render.paged.layout import paginate  # WeasyPrint: only when a document is written

    timings = Timings() if timings is None else timings
    with timings.step("排版"):
        doc = paginate(doc)
    paths = [folder / f"{stem}{suffix}" for suffix in FORMATS]
    for path in paths:
        with timings.step(path.suffix[1:].upper()):
            atomic_write(path, writer(path.suffix)(doc))
    return paths
