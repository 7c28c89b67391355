"""One way to hash: sha256 hex digests of files and of joined parts."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from pipeline.util.templates import TEMPLATES

PACKAGE = Path(__file__).resolve().parent.parent


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def digest(*parts: str | bytes) -> str:
    """sha256 of the parts joined by NUL bytes (so ("ab", "c") and ("a", "bc") differ)."""
    h = hashlib.sha256()
    for n, part in enumerate(parts):
        if n:
            h.update(b"\0")
        h.update(part.encode() if isinstance(part, str) else part)
    return h.hexdigest()


def code_files() -> list[Path]:
    """Templates, the style table and every module of the package, in every subpackage."""
    return sorted(p for p in [*TEMPLATES.rglob("*"), *PACKAGE.rglob("*.py")] if p.is_file())


@functools.lru_cache
def code_digest() -> str:
    """A change to any code file redoes whatever was computed with the code (reading, merging, rendering)."""
    return digest(*(part for p in code_files() for part in (p.relative_to(PACKAGE.parent).as_posix(), p.read_bytes())))
