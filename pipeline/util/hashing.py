"""One way to hash: sha256 hex digests of files and of joined parts."""

from __future__ import annotations

import hashlib
from pathlib import Path


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
