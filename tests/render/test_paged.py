"""The paged layout on documents small enough to measure: Chinese justification (with and without a space in
the line), where the 版记 goes, writers that follow the layout's decision and change nothing, every block
kind in both formats, and WeasyPrint's version checked before any work."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pdfplumber
import pytest

from pipeline.errors import PipelineError
from pipeline.render.document import Banji, Block, BlockKind, Chart, Document, Meta, Table
from pipeline.render.paged.layout import paginate
from pipeline.render.style import MM, style_table
from pipeline.render.writers.docx import write_docx
from pipeline.render.writers.pdf import write_pdf

PAGE = style_table()["page"]
LEFT, RIGHT = PAGE["left_mm"] * MM, (PAGE["width_mm"] - PAGE["right_mm"]) * MM
BODY = style_table()["size"]["body"]
FILLER = "这是一段测试用的正文文字，用来把页面填到需要的位置。"


def letter(lines: int = 3, *blocks: Block, cc: str = "市委办。", printed_by: str = "柳州市发展和改革委员会办公室"
           ) -> Document:
    body = [Block(BlockKind.TITLE, "测试文件"), *[Block(BlockKind.PARA, FILLER) for _ in range(lines)], *blocks]
    meta = Meta(author="柳州市发展和改革委员会", cc=cc, printed_by=printed_by, printed_on="2020年3月6日" if printed_by else "")
    return Document("letter", "测试文件", meta, body, {}, {}, created=dt.datetime(2020, 3, 6, tzinfo=dt.UTC))


def lines_of(pdf: bytes) -> list[list[dict]]:
    """The body's lines of the first page, each its characters left to right."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = [c for c in document.pages[0].chars if abs(c["size"] - BODY) < 0.5]
    rows: dict[float, list[dict]] = {}
    for c in chars:
        rows.setdefault(round(c["top"]), []).append(c)
    return [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]


def advances(line: list[dict]) -> list[float]:
    return [b["x0"] - a["x0"] for a, b in zip(line, line[1:])]


def test_a_full_line_of_chinese_spreads_its_slack_between_all_characters():
    text = "坚持节约优先保护优先自然恢复为主的方针，推进资源全面节约和循环利用，加快建立绿色低碳循环发展的经济体系。" * 2
    pdf = write_pdf(paginate(letter(0, Block(BlockKind.PARA, text))))
    first = lines_of(pdf)[0]
    steps = advances(first)
    assert max(steps) - min(steps) < 0.05 and abs(first[-1]["x1"] - RIGHT) < 1.5, (min(steps), max(steps))


def test_a_space_in_a_justified_chinese_line_opens_no_hole():
    """A line break typed in an Excel cell arrives as a space: the line's slack is still shared by every
    character, the space one of them (it once took all of it: a hole a character wide)."""
    text = "主要工作：推进农作物秸秆综合利用和 畜禽粪污资源化利用，建成一批示范项目，形成可复制推广的经验做法，取得明显成效。" * 2
    pdf = write_pdf(paginate(letter(0, Block(BlockKind.PARA, text))))
    first = lines_of(pdf)[0]
    ink = [c for c in first if c["text"].strip()]
    before = next(i for i, c in enumerate(ink) if c["text"] == "和")  # 和, the space, 畜
    steps = advances(ink)
    others = steps[:before] + steps[before + 1:]
    assert max(others) - min(others) < 0.05, (min(others), max(others))
    space = steps[before] - others[0]  # what the space between 和 and 畜 adds: its own width and its share
    assert space < 0.5 * BODY, space  # a half-width space, not the line's whole slack
    assert abs(first[-1]["x1"] - RIGHT) < 1.5


def test_a_line_without_chinese_keeps_wordprocessing_spaces():
    words = " ".join(["circular", "economy", "targets", "reported", "by", "every", "unit"] * 4)
    pdf = write_pdf(paginate(letter(0, Block(BlockKind.PARA, words))))
    first = lines_of(pdf)[0]
    word = first[:8]  # 'circular': the letters of one word keep their own widths
    assert len({round(s, 1) for s in advances(word)}) > 1


@pytest.mark.parametrize("lines, placement, pages", [(3, Banji.NEXT_EVEN, 2), (30, Banji.HERE, 2)])
def test_the_banji_closes_an_even_page(lines, placement, pages):
    doc = paginate(letter(lines))
    assert doc.banji == placement
    with pdfplumber.open(io.BytesIO(write_pdf(doc))) as pdf:
        assert len(pdf.pages) == pages and "印发" in pdf.pages[-1].extract_text()
        assert ("这是一段" in (pdf.pages[-1].extract_text() or "")) == (placement == Banji.HERE)
    breaks = [p for p in docx.Document(io.BytesIO(write_docx(doc))).paragraphs
              if p.paragraph_format.page_break_before]
    assert len(breaks) == (1 if placement == Banji.NEXT_EVEN else 0)


def test_the_writers_follow_the_layout_and_change_nothing():
    laid = paginate(letter(3))
    before = repr(laid)
    write_pdf(laid), write_docx(laid)
    assert repr(laid) == before
    with pytest.raises(ValueError):  # a writer never decides where the 版记 goes
        write_docx(letter(3))


def test_every_block_kind_says_the_same_in_both_formats():
    chart = Chart(b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', _png(), 20, 10, "图题")
    blocks = [Block(BlockKind.SUBTITLE, "（供核对）"), Block(BlockKind.ADDRESSEE, "市人民政府："),
              Block(BlockKind.PARA, "一、总体情况", 1), Block(BlockKind.PARA, "正文内容", 0),
              Block(BlockKind.ATTACHMENT_NOTE, "1.附件甲", first=True),
              Block(BlockKind.SIGNATURE, "柳州市发展和改革委员会", date="2020年3月6日", date_pad=4, name_pad=2),
              Block(BlockKind.ATTACHMENT, "附件甲的标题", number="1"), Block(BlockKind.TABLE, "t"),
              Block(BlockKind.CHART, "c", caption="图1　图题")]
    assert {b.kind for b in blocks} | {BlockKind.TITLE, BlockKind.DATE} == set(BlockKind)
    doc = letter(0, *blocks, cc="市委办。", printed_by="")  # a 版记 of 抄送 alone
    doc.tables["t"] = Table(["表头"], [["单元格"]], [1.0], ["left"])
    doc.charts["c"] = chart
    doc = paginate(doc)
    words = ["（供核对）", "市人民政府：", "总体情况", "正文内容", "附件甲", "柳州市发展和改革委员会", "2020年3月6日",
             "附件甲的标题", "表头", "单元格", "图题", "抄送：市委办。"]
    with pdfplumber.open(io.BytesIO(write_pdf(doc))) as pdf:
        shown = re.sub(r"\s", "", "".join(p.extract_text() or "" for p in pdf.pages))
    opened = docx.Document(io.BytesIO(write_docx(doc)))
    written = "".join(p.text for p in opened.paragraphs) + "".join(c.text for t in opened.tables for r in t.rows
                                                                   for c in r.cells)
    assert [w for w in words if w not in shown] == [] and [w for w in words if w not in written] == []
    assert "印发" not in shown and "印发" not in written


def test_an_untested_weasyprint_is_refused_before_any_work(monkeypatch):
    import weasyprint

    from pipeline.render.paged import weasy

    weasy.check.cache_clear()
    monkeypatch.setattr(weasyprint, "__version__", "99.0")
    with pytest.raises(PipelineError, match="99.0"):
        weasy.check()
    weasy.check.cache_clear()


def _png() -> bytes:
    import struct
    import zlib

    raw = b"\x00\xff\xff\xff"
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(  # noqa: E731
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_new_attachments_on_kept_pages_are_the_bytes_a_whole_render_writes():
    """A report whose pages did not change gets the year's new data by swapping its PDF's attachments: the file
    is byte for byte what laying it out again would write; other names, or none, are not swapped."""
    from dataclasses import replace

    from pipeline.render.writers.pdf import with_attachments

    before = replace(letter(2), attachments=[("summary.json", b'{"year": 2019}'), ("汇总数据.xlsx", b"xlsx-1")])
    after = replace(before, attachments=[("summary.json", b'{"year": 2019, "k": 1}' * 50), ("汇总数据.xlsx", b"x2")])
    old = write_pdf(paginate(before))
    swapped = with_attachments(old, after)
    assert swapped == write_pdf(paginate(after)) and swapped != old
    assert with_attachments(old, replace(after, attachments=[("other.json", b"{}")])) is None
    assert with_attachments(write_pdf(paginate(letter(2))), after) is None
