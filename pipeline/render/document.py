"""The block model: a content template, rendered by Jinja, read line by line into blocks.

A clerk writes a template like the document itself. Plain lines are paragraphs whose level
follows their numbering (``一、`` 1, ``（一）`` 2, ``1.`` 3, ``（1）`` 4, else body text). Lines
starting with ``@`` place the parts that are not paragraphs: ``@发文机关``, ``@字号``,
``@签发人``, ``@标题``, ``@主送``, ``@附件说明``, ``@署名``, ``@日期``, ``@附件 N 标题``,
``@表 name``, ``@图 name``, ``@抄送``, ``@印发 机关|日期``. Both writers read these blocks.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.errors import PipelineError

LEVELS = [
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^（[一二三四五六七八九十]+）")),
    (3, re.compile(r"^\d+\.(?!\d)")),
    (4, re.compile(r"^（\d+）")),
]
DIRECTIVES = {"发文机关": "issuer", "字号": "doc_number", "签发人": "signer", "标题": "title", "主送": "addressee",
              "附件说明": "attachment_note", "署名": "signature", "日期": "date", "附件": "attachment",
              "表": "table", "图": "chart", "抄送": "cc", "印发": "printed", "副标题": "subtitle"}


@dataclass
class Block:
    kind: str  # para | title | subtitle | addressee | attachment_note | attachment | table | chart | signature
    text: str = ""
    level: int = 0
    lead: str = ""  # a heading's own words when the paragraph goes on after them
    data: dict = field(default_factory=dict)


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

    kind: str  # 'report' | 'summary'
    title: str
    meta: dict  # issuer, doc_number, signer, cc, printed_by, printed_on, sample, subject, keywords, author
    blocks: list[Block]
    tables: dict[str, Table]
    charts: dict[str, Chart]
    created: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # the document's date, in every file it becomes
    attachments: list[tuple[str, bytes]] = field(default_factory=list)  # (name, data) the PDF carries
    marked: str = ""  # characters no installed font could show, replaced by the missing mark
    # What the paged layout decided, for every writer to follow: "banji" is where the 版记 goes ("here", at
    # the foot of the last text page; "next-even", alone on the next page; "after-blank", after a blank page)
    pagination: dict = field(default_factory=dict)

    def translate(self, table: dict[int, str]) -> None:
        """Every word of the document passed through ``str.translate``."""
        self.title = self.title.translate(table)
        self.meta = {k: v.translate(table) if isinstance(v, str) else v for k, v in self.meta.items()}
        for b in self.blocks:
            b.text, b.lead = b.text.translate(table), b.lead.translate(table)
            b.data = {k: v.translate(table) if isinstance(v, str) else v for k, v in b.data.items()}
        for t in self.tables.values():
            t.headers = [h.translate(table) for h in t.headers]
            t.rows = [[c.translate(table) for c in row] for row in t.rows]
        for c in self.charts.values():
            c.caption = c.caption.translate(table)

    def text(self) -> str:
        """All words of the document (for glyph checks and parity tests)."""
        parts = [self.title, *(str(v) for v in self.meta.values() if isinstance(v, str))]
        parts += [c.caption for c in self.charts.values()]
        for b in self.blocks:
            parts += [b.text, b.lead, *(str(v) for v in b.data.values() if isinstance(v, str))]
        for t in self.tables.values():
            parts += t.headers + [c for row in t.rows for c in row]
        return "".join(parts)


def paragraph(line: str) -> Block:
    for level, pattern in LEVELS:
        m = pattern.match(line)
        if m:
            # "（一）标题。正文……": the heading face covers only the words up to the first 。
            head, sep, rest = line.partition("。")
            if level <= 2 and sep and rest:
                return Block("para", rest, level, lead=head + sep)
            return Block("para", line, level)
    return Block("para", line, 0)


def parse_blocks(text: str) -> tuple[dict, list[Block]]:
    meta: dict = {}
    blocks: list[Block] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("@"):
            blocks.append(paragraph(line))
            continue
        name, _, arg = line[1:].partition(" ")
        kind = DIRECTIVES.get(name)
        arg = arg.strip()
        if kind is None:
            raise PipelineError(f"模板第{number}行：不认识的指令 @{name}（可用：{'、'.join('@' + d for d in DIRECTIVES)}）")
        if kind in ("issuer", "doc_number", "signer", "cc"):
            meta[kind] = arg
        elif kind == "printed":
            meta["printed_by"], _, meta["printed_on"] = arg.partition("|")
        elif kind == "attachment":
            number_text, _, title = arg.partition(" ")
            blocks.append(Block("attachment", title, data={"number": number_text}))
        elif kind == "attachment_note":
            blocks.append(Block("attachment_note", arg))
        else:
            blocks.append(Block(kind, arg))
    return meta, blocks


def text_width_em(text: str) -> float:
    """Width in characters of the body size: CJK one, half-width Latin and digits one half. Quotes, dashes and
    other East Asian 'ambiguous' marks take a full character in a Chinese face (“无废城市” is six)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)
