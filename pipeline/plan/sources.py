"""A notice as it arrives, read into one sequence of paragraphs and tables.

Governments publish in many forms and a DRC keeps what it was sent: plain text (UTF-8, GBK or UTF-16),
Word (.docx, with its tables and automatic numbering), PDF with a text layer (a browser's print or an
office's export), Excel (a 任务分工表 on its own), or the page saved from the government's site (.html).
The kind is told from the bytes, never the file name. Each paragraph keeps where it stands (第12行, 第12段,
第3页) so that every later message can point a clerk to it.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError

MAX_BYTES = 30 * 1024 * 1024  # a notice is text; anything bigger is not one
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_PAGES = 300


@dataclass(frozen=True)
class Block:
    """One paragraph (``text``) or one table (``rows`` of cell texts) of the notice."""

    where: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


@dataclass(frozen=True)
class NoticeSource:
    path: Path
    kind: str  # txt | docx | pdf | html | xlsx
    blocks: tuple[Block, ...]
    text: str  # the notice as plain text: what identifies the plan (its digest) and what init keeps beside it

    @property
    def suffix(self) -> str:
        return "." + self.kind


# Kangxi radicals and compatibility ideographs that PDF writers put where the ideograph is meant (⽂ for 文).
_LOOKALIKE = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")


def clean(text: str) -> str:
    """A paragraph's text: NFC, look-alike radicals as the ideographs they stand for, no control characters,
    runs of spaces as one (full-width spaces kept)."""
    text = _LOOKALIKE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ")
    text = "".join(c for c in text if c in "\t\n" or unicodedata.category(c)[0] != "C")
    return re.sub(r"[ \t]+", " ", text).strip()


def sniff(data: bytes) -> str:
    """The notice's kind from its first bytes."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<!--", b"<?xml", b"<meta", b"<head", b"<body", b"<div",
                        b"<p", b"<table")):
        return "html"
    return "txt"


REFUSED = {
    "ole": "是旧版 Word/WPS 文件（.doc/.wps）；请在 Word 或 WPS 中另存为 .docx 后再试",
    "zip": "是压缩包或本程序不能读的文件（如 OFD）；请另存为 .docx、PDF 或纯文本后再试",
}


def read_notice(path: Path) -> NoticeSource:
    """The notice at ``path`` as paragraphs and tables; a clear PipelineError for what is not a notice."""
    data = _read_bytes(path)
    try:
        kind = sniff(data)
    except zipfile.BadZipFile:
        raise PipelineError(f"通知文件 {path} 已损坏（压缩结构不完整），请重新保存后再试") from None
    if kind in REFUSED:
        raise PipelineError(f"通知文件 {path} {REFUSED[kind]}")
    if kind in ("docx", "xlsx"):
        _check_zip(path, data)
    from pipeline.plan import pdf_notice, readers

    try:
        blocks, text = (pdf_notice.read_pdf if kind == "pdf" else getattr(readers, f"read_{kind}"))(data)
    except PipelineError:
        raise
    except Exception as exc:  # a damaged file of a kind we read: say so, never a traceback
        raise PipelineError(f"无法读取通知文件 {path}（{kind.upper()} 文件可能已损坏：{type(exc).__name__}）") from None
    if not any(b.text or b.rows for b in blocks):
        hint = "（可能是扫描件，没有文字层；请找原文的 Word 或文字版 PDF）" if kind == "pdf" else ""
        raise PipelineError(f"通知文件 {path} 中没有读出文字{hint}")
    return NoticeSource(path, kind, tuple(blocks), text)


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise PipelineError(f"{path} 是文件夹，不是通知文件")
        if path.stat().st_size > MAX_BYTES:
            raise PipelineError(f"通知文件 {path} 超过 {MAX_BYTES // 1024 // 1024} MB，不像是一份通知")
        data = path.read_bytes()
    except FileNotFoundError:
        raise PipelineError(f"找不到通知文件 {path}") from None
    except OSError as exc:
        raise PipelineError(f"无法读取通知文件 {path}：{exc.strerror}") from None
    if not data.strip():
        raise PipelineError(f"通知文件 {path} 是空的")
    return data


def _check_zip(path: Path, data: bytes) -> None:
    try:
        total = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except zipfile.BadZipFile:
        raise PipelineError(f"通知文件 {path} 已损坏（压缩结构不完整），请重新保存后再试") from None
    if total > MAX_UNZIPPED:
        raise PipelineError(f"通知文件 {path} 解压后超过 {MAX_UNZIPPED // 1024 // 1024} MB，已拒绝读取")


def decode_text(data: bytes, what: str = "通知文件") -> str:
    """Text in UTF-8 (with or without BOM), UTF-16 (with BOM) or GBK/GB18030, as Chinese offices save it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise PipelineError(f"{what}不是文本文件，也不是能识别的 Word、PDF、Excel 或网页文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PipelineError(f"无法识别{what}的文字编码；请另存为 UTF-8 编码的纯文本后再试")
