"""The documents as a clerk and an archivist see them: GB/T 9704 measured on the real PDF and DOCX."""

from __future__ import annotations

import re
import subprocess
import zipfile

import docx
import pdfplumber
import pikepdf
import pytest
from docx.oxml.ns import qn

from pipeline.errors import PipelineError
from pipeline.render.document import parse_blocks
from pipeline.render.fonts import MISSING_MARK, choose_faces, mark_table, uncovered
from pipeline.render.style import MM, style_table
from tests.conftest import REPORT, invoke

PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, PAGE_W - 26 * MM, 37 * MM, PAGE_H - 35 * MM
RED = (1.0, 0.2, 0.2)


@pytest.fixture(scope="module")
def pdf(built):
    with pdfplumber.open(built / f"{REPORT}.pdf") as document:
        yield document


def body_chars(page):
    """Characters of the page's own text: not the sample mark above, not the page number below."""
    return [c for c in page.chars if TOP - 2 < c["top"] and c["bottom"] < BOTTOM + 2]


def test_every_document_is_written(built, plan):
    reports = sorted((built / "report").iterdir())
    assert [p.suffix for p in reports] == [".docx", ".pdf"]
    for suffix in (".pdf", ".docx"):
        written = sorted(p.name for p in (built / "units").glob(f"*{suffix}"))
        assert written == sorted(f"2019年度_{u.short}_报送情况汇总{suffix}" for u in plan.reporting_units)


def test_pages_are_a4_and_text_stays_in_the_type_area(pdf):
    for page in pdf.pages:
        assert abs(page.width - PAGE_W) < 0.5 and abs(page.height - PAGE_H) < 0.5
        for c in body_chars(page):
            assert LEFT - 1 <= c["x0"] and c["x1"] <= RIGHT + 1, (page.page_number, c["text"])


def test_body_lines_follow_the_22_line_grid(pdf):
    # the page with the most body text
    page = max(pdf.pages[:8], key=lambda p: sum(1 for c in body_chars(p) if abs(c["size"] - 16) < 0.1))
    tops = sorted({round(c["top"], 1) for c in body_chars(page) if abs(c["size"] - 16) < 0.1})
    pitches = [b - a for a, b in zip(tops, tops[1:])]
    assert len(tops) >= 20
    assert all(abs(p - 28.95) < 0.2 or p > 50 for p in pitches), pitches  # > 50: a paragraph's extra space
    assert 22 * 28.95 <= BOTTOM - TOP + 1


def test_a_full_line_holds_28_characters(pdf):
    lines: dict[tuple, list] = {}
    for page in pdf.pages:
        for c in body_chars(page):
            lines.setdefault((page.page_number, round(c["top"])), []).append(c)
    full = [line for line in lines.values() if len(line) == 28 and all(ord(c["text"]) > 0x2E80 for c in line)]
    assert full, "no line of 28 Chinese characters"
    assert all(line[-1]["x1"] - line[0]["x0"] <= RIGHT - LEFT + 0.5 for line in full)


def test_page_numbers_odd_right_even_left(pdf):
    for page in pdf.pages:
        n = page.page_number
        number = [c for c in page.chars if c["top"] > BOTTOM]
        text = "".join(c["text"] for c in number)
        assert text == f"— {n} —".replace(" ", "") or text == f"— {n} —", text
        top = min(c["top"] for c in number)
        assert abs(top - (BOTTOM + 7 * MM)) < 4  # 7 mm below the type area
        if n % 2:
            assert abs(max(c["x1"] for c in number) - (RIGHT - 14)) < 2  # one character in from the right
        else:
            assert abs(min(c["x0"] for c in number) - (LEFT + 14)) < 2


def test_red_header_and_red_line(pdf):
    first = pdf.pages[0]
    issuer = [c for c in first.chars if c["non_stroking_color"] and tuple(round(x, 1) for x in c["non_stroking_color"]) == RED]
    assert "".join(c["text"] for c in issuer) == "柳州市发展和改革委员会"
    assert abs(min(c["top"] for c in issuer) - (TOP + 35 * MM)) < 4  # 35 mm below the type area's top
    red = [r for r in first.rects + first.lines if r.get("non_stroking_color") or r.get("stroking_color")]
    red = [r for r in red if RED in (tuple(round(x, 1) for x in (r.get("non_stroking_color") or ())),
                                      tuple(round(x, 1) for x in (r.get("stroking_color") or ())))]
    assert red, "no red line"
    line = red[0]
    assert abs((line["x1"] - line["x0"]) - 156 * MM) < 1
    number = [c for c in first.chars if c["text"] == "号" and c["top"] < line["top"]]
    assert 3 * MM < line["top"] - max(c["bottom"] for c in number) < 5.5 * MM  # ≈ 4 mm below the 字号


def test_banji_rules_close_the_last_page(pdf):
    last = pdf.pages[-1]
    assert "抄送：" in last.extract_text() and "印发" in last.extract_text()
    rules = sorted(last.rects + last.lines, key=lambda r: r["bottom"])
    lowest = rules[-1]
    assert abs(lowest["bottom"] - BOTTOM) < 2  # on the type area's bottom edge
    assert abs((lowest["x1"] - lowest["x0"]) - 156 * MM) < 1


def test_every_font_is_embedded(built):
    out = subprocess.run(["pdffonts", str(built / f"{REPORT}.pdf")], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\s+yes\b", row) for row in rows), out.stdout


def test_every_measure_is_in_the_attachment_table(pdf, plan):
    text = "\n".join(page.extract_text() for page in pdf.pages).replace(" ", "")  # the gap beside digits reads as one
    table = text[text.index("附件1"):]
    assert len(plan.measures) == 20  # the notice's 20 measurable targets
    assert [m.id for m in plan.measures if m.id not in table] == []


def test_text_is_extractable_and_says_sample_on_every_page(built):
    out = subprocess.run(["pdftotext", "-layout", str(built / f"{REPORT}.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = out.split("\f")[:-1]
    assert all("示例数据" in page for page in pages)
    assert "特此报告。" in out and "市人民政府：" in out and "签发人" in out


def test_unit_summary_names_what_is_outstanding(built):
    text = subprocess.run(["pdftotext", str(built / "units" / "2019年度_机关事务管理局_报送情况汇总.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "尚未收到贵单位2019年度填报表" in text.replace("\n", "").replace(" ", "")


def test_report_names_missing_units(built):
    text = subprocess.run(["pdftotext", str(built / f"{REPORT}.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout.replace("\n", "")
    assert "柳州市机关事务管理局" in text and "未报送" in text


# --- the DOCX ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def word(built):
    return docx.Document(str(built / f"{REPORT}.docx"))


def test_docx_page_setup(word):
    section = word.sections[0]
    assert abs(section.page_width.mm - 210) < 0.5 and abs(section.page_height.mm - 297) < 0.5
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] \
        == [37, 35, 28, 26]
    assert word.settings.odd_and_even_pages_header_footer


def test_docx_styles_and_runs_name_east_asian_fonts(word):
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    normal = word.styles["Normal"].element.find(f"{w}rPr/{w}rFonts")
    assert normal.get(f"{w}eastAsia") == "仿宋_GB2312" and normal.get(f"{w}asciiTheme") is None
    for style in ("公文一级标题", "公文二级标题", "公文标题", "发文机关标志"):
        fonts = word.styles[style].element.find(f"{w}rPr/{w}rFonts")
        assert fonts.get(f"{w}eastAsia") == style_table()["font"][
            {"公文一级标题": "heiti", "公文二级标题": "kaiti", "公文标题": "xiaobiaosong", "发文机关标志": "xiaobiaosong"}[style]
        ]["official"][0]
    runs = [r for p in word.paragraphs for r in p.runs if r.text.strip()]
    runs += [r for t in word.tables for row in t.rows for cell in row.cells for p in cell.paragraphs for r in p.runs]
    assert runs and all(r._r.rPr.rFonts.get(f"{w}eastAsia") for r in runs)
    assert all(r._r.rPr.rFonts.get(f"{w}eastAsiaTheme") is None for r in runs)


def test_docx_has_no_theme_font_overrides(built):
    with zipfile.ZipFile(built / f"{REPORT}.docx") as archive:
        styles = archive.read("word/styles.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    assert "eastAsiaTheme" not in styles and "asciiTheme" not in styles
    assert 'w:eastAsia="zh-CN"' in settings


def test_docx_page_fields_in_odd_and_even_footers(word):
    section = word.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and "fldChar" in xml
        assert f'w:jc w:val="{align}"' in xml


def test_docx_tables_repeat_their_header_rows(word):
    data = word.tables
    assert len(data) == 4  # measures, tasks, projects, units: the kinds this plan has, and the units
    assert all("w:tblHeader" in t.rows[0]._tr.xml for t in data)
    framed = [p for p in word.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:framePr")) is not None]
    assert [p.text.split("：")[0] for p in framed][:1] == ["抄送"] and "印发" in framed[-1].text


# --- fonts, glyphs, hostile text ---------------------------------------------------------------

def test_a_missing_font_names_the_package_to_install():
    spec = {"fangsong": {"official": ["仿宋_GB2312"], "free": [
        {"family": "NoSuchFang", "file": "/nonexistent/NoSuchFang.otf", "package": "fonts-nosuch"}]}}
    with pytest.raises(PipelineError, match="apt-get install fonts-nosuch"):
        choose_faces(spec, installed=set())


def test_a_character_no_font_has_becomes_a_visible_mark_not_a_tofu_box():
    assert uncovered("柳州市发展和改革委员会 2019年 79.3%　“示范”") == ""
    missing = uncovered("正常文字\ue000\U0010fffd")  # private use: no font has them
    assert missing == "\ue000\U0010fffd"
    assert "正常\ue000文字\u200d".translate(mark_table(missing + "\u200d")) == f"正常{MISSING_MARK}文字"


def test_agency_text_cannot_become_markup_or_fetch_files(tmp_path):
    import datetime as dt

    from pipeline.render.document import Banji, Document, Meta
    from pipeline.render.paged.html import html
    from pipeline.render.paged.layout import paginate
    from pipeline.render.writers.pdf import write_pdf

    hostile = '<img src="file:///etc/passwd"><link rel="attachment" href="file:///etc/hostname">&amp;'
    meta, blocks = parse_blocks(f"@标题 测试\n{hostile}\n")
    doc = Document("summary", "测试", Meta(author="测试"), blocks, {}, {}, created=dt.datetime(2020, 3, 6, tzinfo=dt.UTC))
    markup = html(doc, Banji.HERE)
    doc = paginate(doc)
    assert "&lt;img" in markup and "<img src=\"file" not in markup
    (tmp_path / "x.pdf").write_bytes(write_pdf(doc))
    with pikepdf.open(tmp_path / "x.pdf") as out:
        assert not out.attachments
    with pdfplumber.open(tmp_path / "x.pdf") as out:
        assert "<img" in out.pages[0].extract_text()


def test_unknown_year_and_year_without_inputs_are_clear_messages(tmp_path, inputs_copy):
    result = invoke("report", "--year", "2031", "--inputs", str(inputs_copy), "--outputs", str(tmp_path))
    assert result.returncode == 2 and "2016–2020" in result.stderr
    result = invoke("report", "--year", "2020", "--inputs", str(inputs_copy), "--outputs", str(tmp_path))
    assert result.returncode == 2 and "没有 2020 年度的报送文件夹" in result.stderr
    assert "Traceback" not in result.stderr


def test_docx_and_pdf_say_the_same_things(built, word, pdf):
    """One content source, two writers: every paragraph of the DOCX stands in the PDF, and every number."""
    squeeze = re.compile(r"\s+")

    def flat(*options: str) -> str:
        text = subprocess.run(["pdftotext", *options, str(built / f"{REPORT}.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        return re.sub(r"—\d+—|示例数据·非正式文件", "", squeeze.sub("", text))  # running heads and feet

    paragraphs = [squeeze.sub("", p.text) for p in word.paragraphs if p.text.strip()]
    assert len(paragraphs) > 50
    in_reading_order = flat("-layout")  # a chart's caption after its labels
    assert [p for p in paragraphs if p not in in_reading_order] == []
    pdf_cells = {squeeze.sub("", c or "") for page in pdf.pages for t in page.extract_tables() for row in t for c in row}
    cells = {squeeze.sub("", c.text) for t in word.tables[:-1] for row in t.rows for c in row.cells}
    assert [c for c in cells if c and c not in pdf_cells] == []
