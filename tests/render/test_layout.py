"""The DOCX a clerk edits lays out like the PDF, and the PDF is an archive-grade, accessible file (issue 13).

Measured on the real files: our PDF, and LibreOffice's PDF of our DOCX, for the report and a unit summary.
"""

from __future__ import annotations

import re
import subprocess
import zipfile

import pdfplumber
import pikepdf
import pytest

from pipeline.render.fonts import resolve_fonts
from pipeline.render.style import MM
from tests.conftest import INPUTS, REPORT, pdf_text, soffice_convert

LEFT, RIGHT = 28 * MM, (210 - 26) * MM
TOP, BOTTOM = 37 * MM, (297 - 35) * MM
BODY = 16
UNIT = "units/2019年度_生态环境局_报送情况汇总"
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


@pytest.fixture(scope="module", params=[REPORT, UNIT], ids=["report", "unit"])
def pair(request, built, tmp_path_factory):
    """(our PDF, LibreOffice's PDF of our DOCX) for one document."""
    ours = built / f"{request.param}.pdf"
    theirs = soffice_convert(built / f"{request.param}.docx", "pdf", tmp_path_factory.mktemp("lo"))
    return ours, theirs


def body_lines(path) -> list[tuple[int, list[dict]]]:
    """(page number, characters) of each line of body-size text inside the type area, top to bottom."""
    found = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            rows: dict[int, list] = {}
            for c in page.chars:
                if TOP - 2 < c["top"] and c["bottom"] < BOTTOM + 2 and abs(c["size"] - BODY) < 0.3:
                    rows.setdefault(round(c["top"]), []).append(c)
            found += [(page.page_number, sorted(rows[top], key=lambda c: c["x0"])) for top in sorted(rows)]
    return found


def continued_pairs(lines) -> list[tuple[list[dict], list[dict]]]:
    """(line, the next line) where, on the same page, the next line goes on with the paragraph (at the margin)."""
    return [(line, following) for (page, line), (next_page, following) in zip(lines, lines[1:])
            if page == next_page and abs(following[0]["x0"] - LEFT) < 2 and following[0]["top"] - line[0]["top"] < 35]


def continued(lines) -> list[list[dict]]:
    """Lines followed, on the same page, by another line of the same paragraph (it starts at the margin)."""
    return [line for line, _ in continued_pairs(lines)]


def pages(path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def test_libreoffice_sets_the_docx_on_as_many_pages_as_our_pdf(pair):
    ours, theirs = pair
    assert pages(theirs) == pages(ours)


NO_LINE_START = set("，。、；：！？）》」』”’〉】")  # a line may not start with these: the one before keeps a character less
NO_LINE_END = set("（《「『“‘〈【")  # nor end with these: such a mark moves down to the next line


def full_line_slots(path) -> set[int]:
    """Character slots (characters, plus the first line's 2-character indent) of every full line of 仿宋
    Chinese followed by more of its paragraph; a line shortened so the next does not start with 。，etc. is not
    full (nor is one whose last character moved down with such a mark, nor one whose opening mark did)."""
    return {len(line) + round((line[0]["x0"] - LEFT) / (BODY - 0.25)) for line, following in continued_pairs(body_lines(path))
            if all(ord(c["text"]) > 0x2E80 and "Fang" in c["fontname"] for c in line)
            and not NO_LINE_START & {c["text"] for c in following[:2]}  # not moved down with its punctuation
            and following[0]["text"] not in NO_LINE_END}


def test_every_full_line_of_chinese_holds_28_characters(pair):
    for path in pair:
        assert full_line_slots(path) == {28}, path.name


def test_the_banji_closes_the_foot_of_an_even_last_page(pair):
    for path in pair:
        with pdfplumber.open(path) as pdf:
            assert len(pdf.pages) % 2 == 0, path.name
            last = pdf.pages[-1]
            assert "印发" in last.extract_text()
            rules = [r for r in last.rects + last.lines if r["x1"] - r["x0"] > 150 * MM]
            assert abs(max(r["bottom"] for r in rules) - BOTTOM) < 2 * MM, path.name
            words = last.extract_words()
            cc = [w for w in words if w["text"].startswith("抄送")]
            printed = [w for w in words if w["text"].endswith("印发")]
            for line in cc:  # 抄送 sits right above 印发 at the foot, not after the text (LibreOffice did that)
                assert 0 < printed[0]["top"] - line["top"] < 2 * 14 * 1.7 + 4, (path.name, line["top"])


def test_no_heading_is_left_alone_at_the_foot_of_a_page(pair):
    for path in pair:
        lines = body_lines(path)
        for (page, line), (next_page, following) in zip(lines, lines[1:]):
            text = "".join(c["text"] for c in line)
            ended = following[0]["x0"] > LEFT + 2  # the next page starts a new paragraph: the heading ended here
            assert not (page != next_page and HEADING.match(text) and ended), f"{path.name} 第{page}页末行是标题：{text}"


def test_our_full_lines_end_at_the_right_margin(pair):
    ours, _ = pair
    short = [RIGHT - line[-1]["x1"] for line in continued(body_lines(ours))]
    assert short and max(short) < 4, max(short)


def source_text(outputs, stem: str) -> str:
    """Every word the document is made from, its charts' labels included."""
    from pipeline.merge.summary import load_summary
    from pipeline.render.run import compose, jobs
    from pipeline.workflow.project import open_project

    project = open_project(INPUTS, outputs)
    job = next(j for j in jobs(project.plan, outputs, 2019) if j.stem == stem)
    doc = compose(job, load_summary(outputs, 2019), project.config(2019), project.plan, outputs)
    return doc.text() + "".join(chart.svg.decode() for chart in doc.charts.values())


def test_the_pdf_text_is_the_documents_text(built, pair):
    ours, _ = pair
    labels = "— 0123456789示例数据·非正式文件签发人：抄送：附件印发\n\f\t "  # what the page itself says
    allowed = set(source_text(built.parent, ours.stem)) | set(labels)
    extracted = pdf_text(ours)
    assert set(extracted) - allowed == set(), sorted(set(extracted) - allowed)


def test_the_pdf_is_tagged_pdfa3a_and_qpdf_finds_nothing(pair):
    ours, _ = pair
    check = subprocess.run(["qpdf", "--check", str(ours)], capture_output=True, text=True)
    assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr, check.stdout + check.stderr
    with pikepdf.open(ours) as pdf:
        assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "A")
        kinds = set()

        def walk(node):
            if isinstance(node, pikepdf.Dictionary) and "/S" in node:
                kinds.add(str(node.S))
                if str(node.S) == "/Figure":
                    assert str(node.get("/Alt", "")), "a figure without alt text"
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                walk(kid)

        walk(pdf.Root.StructTreeRoot)
        assert {"/H1", "/H2", "/Table", "/TH", "/P"} <= kinds, kinds


def test_attachments_open_by_name_with_a_sorted_name_tree(pair):
    ours, _ = pair
    with pikepdf.open(ours) as pdf:
        names = pdf.Root.Names.EmbeddedFiles.Names
        keys = [bytes(names[i]) for i in range(0, len(names), 2)]
        assert keys == sorted(keys)
        assert pdf.attachments
        for name, spec in pdf.attachments.items():
            assert spec.get_file().read_bytes()
            assert str(spec.obj.UF) == name and str(spec.obj.F).isascii()
        names = list(pdf.attachments)
    listed = subprocess.run(["qpdf", "--list-attachments", str(ours)], capture_output=True, text=True, check=True)
    assert all(name in listed.stdout for name in names), listed.stdout


def test_the_docx_is_current_word_with_the_pdfs_faces_as_alternates(built):
    with zipfile.ZipFile(built / f"{REPORT}.docx") as archive:
        settings = archive.read("word/settings.xml").decode()
        fonts = archive.read("word/fontTable.xml").decode()
        styles = archive.read("word/styles.xml").decode()
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
    for face in resolve_fonts().values():
        if not face.is_official:
            assert f'w:altName w:val="{face.family}"' in fonts
    for heading in ("公文一级标题", "公文二级标题"):
        style = styles[styles.index(f'w:styleId="{heading}"'):]
        assert "<w:keepNext/>" in style[:style.index("</w:style>")]


def test_after_a_blank_page_neither_page_is_numbered_in_the_pdf_or_the_docx(tmp_path):
    """Text ending on an even page with no room for the 版记: a blank page, then the 版记 page, both unnumbered."""
    from pipeline.render.document import Banji
    from pipeline.render.paged.layout import paginate
    from pipeline.render.writers.docx import write_docx
    from pipeline.render.writers.pdf import write_pdf
    from tests.render.test_paged import letter

    doc = next(d for d in (paginate(letter(n)) for n in range(30, 70)) if d.banji == Banji.AFTER_BLANK)
    (tmp_path / "ours.pdf").write_bytes(write_pdf(doc))
    (tmp_path / "ours.docx").write_bytes(write_docx(doc))
    theirs = soffice_convert(tmp_path / "ours.docx", "pdf", tmp_path / "lo")
    for path in (tmp_path / "ours.pdf", theirs):
        with pdfplumber.open(path) as pdf:
            numbered = [bool(re.search(r"\d", "".join(c["text"] for c in p.chars if c["top"] > BOTTOM + 2)))
                        for p in pdf.pages]
            assert len(pdf.pages) % 2 == 0 and numbered[-2:] == [False, False] and all(numbered[:-2]), path.name
            assert not (pdf.pages[-2].extract_text() or "").replace("示例数据", "").strip(), path.name
            assert "印发" in pdf.pages[-1].extract_text(), path.name


def test_dates_in_tables_stay_on_one_line_in_libreoffice_too(pair):
    """LibreOffice adds space between Chinese and digits whatever the DOCX says; the columns leave room for it."""
    date = re.compile(r"20\d\d\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日")
    ours, theirs = (len(date.findall(pdf_text(path, "-layout"))) for path in pair)
    assert theirs == ours > 0


def test_no_number_splits_across_lines_in_a_table_cell(pair):
    for path in pair:
        with pdfplumber.open(path) as pdf:
            cells = [c for page in pdf.pages for t in page.extract_tables() for row in t for c in row if c]
        assert len(cells) > 50, path.name
        split = [c for c in cells if re.search(r"[\d.≥≤<>+\-]\n[\d.%]", c)]
        assert not split, (path.name, split[:3])
