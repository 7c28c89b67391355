"""The block model: a content template, rendered by Jinja, read line by line into blocks.

A clerk writes a template like the document itself. Plain lines are paragraphs whose level
follows their numbering (``一、`` 1, ``（一）`` 2, ``1.`` 3, ``（1）`` 4, else body text). Lines
starting with ``@`` place the parts that are not paragraphs: ``@发文机关``, ``@字号``,
``@签发人``, ``@标题``, ``@主送``, ``@附件说明``, ``@署名``, ``@日期``, ``@附件 N 标题`` (``@附件 标题``: the only one, unnumbered),
``@表 name``, ``@图 name``, ``@抄送``, ``@印发 机关|日期``. Both writers read these blocks.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, fields
from enum import StrEnum

from pipeline.errors import PipelineError

LEVELS = [
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^（[一二三四五六七八九十]+）")),
    (3, re.compile(r"^\d+\.(?!\d)")),
    (4, re.compile(r"^（\d+）")),
]


class BlockKind(StrEnum):
    """What a block is; every writer handles every kind."""

    PARA = "para"
    TITLE = "title"
    SUBTITLE = "subtitle"
    ADDRESSEE = "addressee"
    ATTACHMENT_NOTE = "attachment_note"  # 附件说明, after the body
    ATTACHMENT = "attachment"  # an attachment's label and title, on a page of its own
    TABLE = "table"
    CHART = "chart"
    SIGNATURE = "signature"
    DATE = "date"  # joined into the signature before any writer sees it


HEADER = {"发文机关": "issuer", "字号": "doc_number", "签发人": "signer", "抄送": "cc"}  # directive → Meta field
BLOCKS = {"标题": BlockKind.TITLE, "副标题": BlockKind.SUBTITLE, "主送": BlockKind.ADDRESSEE,
          "附件说明": BlockKind.ATTACHMENT_NOTE, "署名": BlockKind.SIGNATURE, "日期": BlockKind.DATE,
          "附件": BlockKind.ATTACHMENT, "表": BlockKind.TABLE, "图": BlockKind.CHART}
PRINTED = "印发"  # @印发 机关|日期


@dataclass
class Block:
    kind: BlockKind
    text: str = ""
    level: int = 0  # a paragraph's heading level (0: body text)
    lead: str = ""  # a heading's own words when the paragraph goes on after them
    number: str = ""  # an attachment's number
    caption: str = ""  # a chart's caption, where it is not an attachment's (the attachment's title is)
    date: str = ""  # a signature's date
    date_pad: float = 0.0  # a signature's date and name: how far in from the right, in characters
    name_pad: float = 0.0
    first: bool = False  # the first 附件说明 (it alone says 附件：)
    closing: bool = False  # kept on the page of the signature (no page without text, §7.3.5.5)


@dataclass
class Meta:
    """The document's header parts and 版记 (from the template's directives) and what its files say of it."""

    author: str = ""
    subject: str = ""
    keywords: str = ""
    mark: str = ""  # what every page says at its top when the document is not a real one ('' for a real one)
    sample: bool = False
    issuer: str = ""  # @发文机关: the red header, when the document has one
    doc_number: str = ""
    signer: str = ""
    cc: str = ""  # @抄送
    printed_by: str = ""  # @印发 机关|日期
    printed_on: str = ""


class Banji(StrEnum):
    """Where the 版记 goes: it closes an even page (§7.4), decided by the paged layout for every writer."""

    HERE = "here"  # at the foot of the last page of text
    NEXT_EVEN = "next-even"  # alone on the next page (text ends on an odd page)
    AFTER_BLANK = "after-blank"  # after a blank page (it did not fit under text ending on an even page)


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    align: list[str]  # 'left' | 'center' | 'right' per column
    size: str = "table"  # the style table's size for its text: 'table', or 'table_small' for wide tables


@dataclass
class Chart:
    svg: bytes
    png: bytes
    width_mm: float
    height_mm: float
    caption: str


@dataclass
class Document:
    """What a writer needs: the header parts, the blocks, the 版记, tables and charts by name, and the
    date and data the output files carry."""

    kind: str  # 'report' | 'summary' | 'notice' | a letter's kind
    title: str
    meta: Meta
    blocks: list[Block]
    tables: dict[str, Table]
    charts: dict[str, Chart]
    created: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # the document's date, in every file it becomes
    attachments: list[tuple[str, bytes]] = field(default_factory=list)  # (name, data) the PDF carries
    marked: str = ""  # characters no installed font could show, replaced by the missing mark
    banji: Banji | None = None  # set by the paged layout (render/paged), before any writer

    @property
    def has_banji(self) -> bool:
        """Whether the document ends in a 版记: it names whom it is copied to, or who printed it."""
        return bool(self.meta.cc or self.meta.printed_by)

    def placement(self) -> Banji:
        """Where the 版记 goes, as the paged layout decided (a writer asks only after it has)."""
        if self.banji is None:
            raise ValueError(f"《{self.title}》 was not paginated (render.paged.paginate) before writing")
        return self.banji

    def _texts(self) -> list[object]:
        """Every object holding words: the metadata, each block, each table, each chart."""
        return [self.meta, *self.blocks, *self.charts.values()]

    def translate(self, table: dict[int, str]) -> None:
        """Every word of the document passed through ``str.translate``."""
        self.title = self.title.translate(table)
        for holder in self._texts():
            for name, value in _words(holder):
                setattr(holder, name, value.translate(table))
        for t in self.tables.values():
            t.headers = [h.translate(table) for h in t.headers]
            t.rows = [[c.translate(table) for c in row] for row in t.rows]

    def text(self) -> str:
        """All words of the document (for glyph checks and parity tests)."""
        parts = [self.title, *(value for holder in self._texts() for _, value in _words(holder))]
        for t in self.tables.values():
            parts += t.headers + [c for row in t.rows for c in row]
        return "".join(parts)


def _words(holder: object) -> list[tuple[str, str]]:
    """(field, text) of each field of words (plain ``str``: a kind is not words)."""
    return [(f.name, v) for f in fields(holder) if type(v := getattr(holder, f.name)) is str]  # type: ignore[arg-type]


def paragraph(line: str) -> Block:
    for level, pattern in LEVELS:
        m = pattern.match(line)
        if m:
            # "（一）标题。正文……": the heading face covers only the words up to the first 。
            head, sep, rest = line.partition("。")
            if level <= 2 and sep and rest:
                return Block(BlockKind.PARA, rest, level, lead=head + sep)
            return Block(BlockKind.PARA, line, level)
    return Block(BlockKind.PARA, line, 0)


def parse_blocks(text: str) -> tuple[dict[str, str], list[Block]]:
    """The header and 版记 parts (Meta's fields) and the blocks of a rendered content template."""
    meta: dict[str, str] = {}
    blocks: list[Block] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("@"):
            blocks.append(paragraph(line))
            continue
        name, _, arg = line[1:].partition(" ")
        arg = arg.strip()
        if name in HEADER:
            meta[HEADER[name]] = arg
        elif name == PRINTED:
            meta["printed_by"], _, meta["printed_on"] = arg.partition("|")
        elif name in BLOCKS and BLOCKS[name] == BlockKind.ATTACHMENT:
            number_text, _, title = arg.partition(" ")
            if not number_text.isdigit():  # a document's only attachment is 附件, unnumbered
                number_text, title = "", arg
            blocks.append(Block(BlockKind.ATTACHMENT, title, number=number_text))
        elif name in BLOCKS:
            blocks.append(Block(BLOCKS[name], arg))
        else:
            known = "、".join("@" + d for d in [*HEADER, *BLOCKS, PRINTED])
            raise PipelineError(f"模板第{number}行：不认识的指令 @{name}（可用：{known}）")
    return meta, blocks


def text_width_em(text: str) -> float:
    """Width in characters of the body size: CJK one, half-width Latin and digits one half. Quotes, dashes and
    other East Asian 'ambiguous' marks take a full character in a Chinese face (“无废城市” is six)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)
