"""What a received file really is, decided from its bytes before any parser sees it.

Nothing here inflates more than a bounded amount: zip entries are checked by their declared
sizes and ratios, XML is refused if it declares a DTD (entity bombs), and worksheet rows are
counted by streaming with a cap. The result says which reader may open the file, or why not.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.intake.codes import Code

MAX_FILE_BYTES = 10 * 1024 * 1024  # a filled form is tens of KB; photos pasted in by WPS stay well under
MAX_ENTRIES = 2000
MAX_UNZIPPED = 100 * 1024 * 1024
MAX_SHEET_BYTES = 8 * 1024 * 1024  # one worksheet's XML: bounds the cells a reader has to hold
MAX_RATIO = 200  # Apache POI refuses below 1/100; real xlsx parts stay well under 200:1
MAX_ROWS = 5000  # a form has well under a hundred rows
MAX_COLUMNS = 256  # and a dozen columns; a reader holds rows × columns cells, so both are bounded
MAX_TEXT_BYTES = 4 * 1024 * 1024  # shared strings: all of a form's typed text, with ample room
MAX_META_BYTES = 1024 * 1024  # workbook.xml and its relationships
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass
class Verdict:
    kind: str | None  # 'xlsx' | 'xls' | 'ods' when readable
    code: str = ""
    message: str = ""
    sheet: str = ""


def refuse(code: str, message: str, sheet: str = "") -> Verdict:
    return Verdict(None, code, message, sheet)


def sniff(path: Path) -> Verdict:
    size = path.stat().st_size
    if size == 0:
        return refuse(Code.EMPTY_FILE, "文件是空的（0 字节），可能未保存完整或传输失败，请重新报送")
    if size > MAX_FILE_BYTES:
        return refuse(Code.TOO_LARGE, f"文件有 {size // 1024 // 1024} MB，远超填报表的正常大小，请检查是否发错文件")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_verdict(path)
    if head == OLE_MAGIC:
        return _ole_verdict(path.read_bytes())
    if head.startswith(b"%PDF"):
        return refuse(Code.PDF_FILE, "这是 PDF 文件，不是填报表；请用下发的 Excel 填报表填写后报送原文件")
    return _text_verdict(path.read_bytes()[:4096])


def _text_verdict(head: bytes) -> Verdict:
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "," in text or "，" in text or "\t" in text:
            return refuse(Code.CSV_FILE, "这是 CSV/文本文件，不是填报表；请用下发的 Excel 填报表填写，不要另存为 CSV")
        return refuse(Code.TEXT_FILE, "这是文本文件，不是填报表；请用下发的 Excel 填报表填写")
    return refuse(Code.UNKNOWN_FORMAT, "无法识别的文件格式（既不是 Excel、WPS 也不是 LibreOffice 表格）；请报送下发的填报表")


def _ole_verdict(data: bytes) -> Verdict:
    # OLE directory entries store stream names in UTF-16LE.
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return refuse(Code.ENCRYPTED, "文件设置了打开密码，系统无法读取；请取消密码（文件→信息→保护工作簿）后重新报送")
    if has("WordDocument"):
        return refuse(Code.WORD_FILE, "这是 Word 文档，不是填报表；请用下发的 Excel 填报表填写")
    if has("Workbook") or has("Book"):
        return Verdict("xls")
    return refuse(Code.UNKNOWN_FORMAT, "无法识别的 Office 文件；请报送下发的 Excel 填报表")


def _zip_verdict(path: Path) -> Verdict:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return refuse(Code.CORRUPT, "文件已损坏或不完整（无法作为 Excel 文件打开），请重新保存后报送")
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            return refuse(Code.ZIP_BOMB, f"文件内含 {len(infos)} 个部件，不是正常的填报表，已拒收")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNZIPPED:
            return refuse(Code.ZIP_BOMB, f"文件解压后达 {total // 1024 // 1024} MB，不是正常的填报表（疑似压缩炸弹），已拒收")
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                return refuse(Code.ZIP_BOMB, f"文件部件 {info.filename} 压缩比异常（疑似压缩炸弹），已拒收")
        names = {i.filename for i in infos}
        if "word/document.xml" in names:
            return refuse(Code.WORD_FILE, "这是 Word 文档（改了扩展名），不是填报表；请用下发的 Excel 填报表填写")
        try:
            if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIME:
                return _xml_checks(archive, ["content.xml"], "ods", ["content.xml"])
            if "xl/workbook.xml" in names:
                sheets = sorted({*_referenced(archive, names, "sheet"),
                                 *(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))})
                parts = [n for n in names if n.endswith((".xml", ".rels"))]
                return _text_size(archive, names) or _xml_checks(archive, parts, "xlsx", sheets)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError, ValueError):
            return refuse(Code.CORRUPT, "文件已损坏或不完整（部件无法解压），请重新保存后报送")
        return refuse(Code.UNKNOWN_ZIP, "这是压缩包，不是填报表；请直接报送下发的 Excel 填报表")


def _referenced(archive: zipfile.ZipFile, names: set[str], kind: str) -> list[str]:
    """Every part the workbook's relationships name as ``kind`` (sheets, shared strings), wherever in the
    package it lies: a crafted file may store them anywhere."""
    from defusedxml import ElementTree

    for meta in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        if meta in names and archive.getinfo(meta).file_size > MAX_META_BYTES:
            raise ValueError(meta)
    if "xl/_rels/workbook.xml.rels" not in names:
        return []
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    found = []
    for rel in rels:
        target = rel.get("Target", "")
        if rel.get("Type", "").lower().endswith(kind):
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            if part not in names:
                raise KeyError(part)
            found.append(part)
    return found


def _text_size(archive: zipfile.ZipFile, names: set[str]) -> Verdict | None:
    """All typed text an xlsx shares between cells lives in its shared strings: bounded as a whole."""
    parts = {*_referenced(archive, names, "sharedstrings"), *({"xl/sharedStrings.xml"} & names)}
    size = sum(archive.getinfo(part).file_size for part in parts)
    if size > MAX_TEXT_BYTES:
        return refuse(Code.TOO_MUCH_TEXT, f"文件中的文字解压后有 {size // 1024 // 1024} MB，远超填报表的正常内容；"
                      "请删除粘贴进来的大段文字后重新报送")
    return None


def _xml_checks(archive: zipfile.ZipFile, parts: list[str], kind: str, sheets: list[str] = ()) -> Verdict:
    for name in parts:
        with archive.open(name) as fh:
            head = fh.read(2048)
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            return refuse(Code.XML_ENTITIES, f"文件部件 {name} 含有 XML 实体声明（可能是恶意文件），已拒收")
    for name in sheets:
        size = archive.getinfo(name).file_size
        if size > MAX_SHEET_BYTES:
            return refuse(Code.TOO_LARGE_SHEET, f"工作表解压后有 {size // 1024 // 1024} MB（成千上万行或单元格），"
                          "远超填报表的正常大小；请删除多余内容或使用下发的填报表", sheet=name.rsplit("/", 1)[-1])
        if kind == "ods":
            continue  # ODS rows repeat by attribute: the size check above is the bound
        rows, row, column = _extent(archive, name)
        if rows > MAX_ROWS or row > MAX_ROWS:
            return refuse(Code.TOO_MANY_ROWS, f"工作表有超过 {MAX_ROWS} 行（填报表只有几十行），请删除多余内容或使用下发的填报表",
                          sheet=name.rsplit("/", 1)[-1])
        if column > MAX_COLUMNS:
            return refuse(Code.TOO_MANY_COLUMNS, f"工作表用到了第 {column} 列（填报表只有十几列），请删除多余内容或使用下发的填报表",
                          sheet=name.rsplit("/", 1)[-1])
    return Verdict(kind)


CELL_REF = re.compile(rb'<(?:\w+:)?(row|c)\b[^>]*?\br="([A-Z]*)(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _extent(archive: zipfile.ZipFile, name: str) -> tuple[int, int, int]:
    """(rows counted, last row, last column) of a worksheet part, streamed: a reader holds the rectangle up
    to the last cell, so the last cell is what bounds it. Stops once past the bounds."""
    count, last_row, last_column, tail = 0, 0, 0, b""
    with archive.open(name) as fh:
        while chunk := fh.read(1 << 16):
            block = tail + chunk  # the tail joins a tag split between chunks
            count += len(re.findall(rb"<(?:\w+:)?row[ >]", block[len(tail):] if tail else block))
            for kind, letters, number in CELL_REF.findall(block):
                last_row = max(last_row, int(number))
                if kind == b"c":
                    last_column = max(last_column, _column_number(letters))
            tail = block[-64:]
            if count > MAX_ROWS or last_row > MAX_ROWS or last_column > MAX_COLUMNS:
                break
    return count, last_row, last_column
