"""A notice's text read into lines that say what they are: a section heading, a numbered line, an
annotation on its own, or plain text, each with its line number and any closing annotation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.plan.annotations import find_annotation
from pipeline.util.text import normalize

CN_NUMBER = "一二三四五六七八九十"
SECTION = re.compile(rf"^([{CN_NUMBER}]+)、\s*(.+)$")
PAREN = re.compile(rf"^\(([{CN_NUMBER}]+)\)\s*(.*)$")
NUMBER = re.compile(r"^(\d{1,3})(?:[.．](?!\d)|、)\s*(.*)$")
SUBNUMBER = re.compile(r"^\((\d{1,3})\)\s*(.*)$")
# Lines that close a notice (signature, date, distribution): not content, not worth a warning.
CLOSING = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日|^\(?此件|^公开方式|^抄送|印发$|^附件")


@dataclass
class Line:
    no: int
    kind: str  # section | paren | number | sub | annotation | text | short | closing
    text: str  # the words, without the number and the annotation
    note: str | None  # the annotation's body, when the line closes with one
    raw: str

    @property
    def numbered(self) -> bool:
        return self.kind in ("paren", "number")


def is_heading(text: str) -> bool:
    """A heading, not a sentence: short, no full stop inside."""
    return len(text) <= 40 and "。" not in text.rstrip("。")


def classify(no: int, raw: str) -> Line | None:
    line = normalize(raw)
    if not line:
        return None
    text, note = find_annotation(line)
    if note is not None and not text:
        return Line(no, "annotation", "", note, line)
    section = SECTION.match(text)
    if section and note is None and is_heading(section.group(2)):
        return Line(no, "section", section.group(2).rstrip("。"), None, line)
    for kind, pattern in (("paren", PAREN), ("number", NUMBER), ("sub", SUBNUMBER)):
        m = pattern.match(text)
        if m:
            return Line(no, kind, m.group(2), note, line)
    if CLOSING.search(text):
        return Line(no, "closing", text, None, line)
    if note is None and len(text) <= 15 and not re.search(r"[。,;:]", text):
        return Line(no, "short", text, None, line)  # a signature, or the end of a sentence broken off
    return Line(no, "text", text, note, line)


def read_lines(text: str) -> list[Line]:
    return [line for no, raw in enumerate(text.splitlines(), 1) if (line := classify(no, raw)) is not None]


def read_notice_text(path: Path) -> str:
    """The notice's text; a clear PipelineError for a file that is not a text notice."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PipelineError(f"找不到通知文件 {path}") from None
    except IsADirectoryError:
        raise PipelineError(f"{path} 是文件夹，不是通知文件") from None
    except OSError as exc:
        raise PipelineError(f"无法读取通知文件 {path}：{exc.strerror}") from None
    if not data.strip():
        raise PipelineError(f"通知文件 {path} 是空的")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PipelineError(f"{path} 不是文本文件（可能是 Word、PDF 或压缩包）；请另存为纯文本（.txt）后再试")
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PipelineError(f"无法识别通知文件 {path} 的文字编码；请另存为 UTF-8 编码的纯文本后再试")


