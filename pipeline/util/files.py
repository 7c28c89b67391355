"""Writing outputs safely and reproducibly: temp file + rename, fixed zip timestamps."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
DOS_EPOCH = struct.pack("<HH", 0, (0 << 9) | (1 << 5) | 1)  # time 00:00:00, date 1980-01-01


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write bytes to ``path`` through a temporary file in the same folder, then rename (outputs are for
    sharing: 0644 unless ``mode`` says otherwise)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename is None:  # a failed write names no file; the clerk needs to know which
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_CREATED = re.compile(rb"<dcterms:created[^>]*>([^<]*)</dcterms:created>")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _pin_modified(core: bytes) -> bytes:
    """Office writers stamp 'modified' with the time of saving; pin it to 'created'."""
    created = _CREATED.search(core)
    if not created:
        return core
    return _MODIFIED.sub(lambda m: m.group(1) + created.group(1) + m.group(2), core)


def _redate(data: bytes) -> bytes | None:
    """Every entry's date set to 1980-01-01 in place (no recompression); None if the zip is unusual."""
    buffer = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        offset = archive.start_dir
        for info in archive.infolist():
            local = info.header_offset
            if buffer[local:local + 4] != b"PK\x03\x04" or buffer[offset:offset + 4] != b"PK\x01\x02":
                return None
            buffer[local + 10:local + 14] = DOS_EPOCH
            buffer[offset + 12:offset + 16] = DOS_EPOCH
            name, extra, comment = struct.unpack("<HHH", buffer[offset + 28:offset + 34])
            offset += 46 + name + extra + comment
    return bytes(buffer)


def stable_zip(data: bytes, rewrite: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """The same zip (xlsx, docx) with every entry dated 1980-01-01 and the document's 'modified'
    equal to its 'created', so equal content gives equal bytes; ``rewrite(name, content)`` may change entries."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = archive.read("docProps/core.xml") if "docProps/core.xml" in archive.namelist() else b""
    if rewrite is None and _pin_modified(core) == core:  # nothing to rewrite inside: only the dates (fast path)
        redated = _redate(data)
        if redated is not None:
            return redated
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _pin_modified(content)
            dst.writestr(entry, rewrite(info.filename, content) if rewrite else content)
    return out.getvalue()


def read_json(path: Path) -> dict:
    """A bookkeeping file of ours; missing or damaged (an interrupted run) reads as empty."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
