"""A notice read as it arrives: Word with automatic numbering and merged table cells, a government page laid
out in tables, Excel, PDF, text in any of the encodings offices save in; what is not a notice is refused
with a reason."""

from __future__ import annotations

import io

import docx
import openpyxl
import pikepdf
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.errors import PipelineError
from pipeline.plan.load import assign_ids
from pipeline.plan.notice import parse_blocks
from pipeline.plan.sources import read_notice
from pipeline.terms import ItemKind
from tests.conftest import soffice_convert

NOTICE_TITLE = "某某县人民政府办公室关于印发某某县2026年重点任务分工方案的通知"


def word_table(rows: list, ruled: bool = False, title: str = NOTICE_TITLE) -> tuple:
    """A notice in Word: its title, then a table of ``rows`` (``ruled``: with the lines notices print tables with,
    by which a PDF's tables are found); the document and its table."""
    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    if ruled:
        table.style = "Table Grid"
    for row, cells in zip(table.rows, rows):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    return document, table


def items_of(path):
    return parse_blocks(list(read_notice(path).blocks)).items


def numbered(paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", level), ("w:numId", num_id)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(value))
        numpr.append(el)
    ppr.append(numpr)


def chinese_numbering(document) -> int:
    """A list whose level 0 reads 一、二、 and level 1 reads （一）（二）, as a Word or WPS notice numbers them."""
    part = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for level, fmt, text in ((0, "chineseCounting", "%1、"), (1, "chineseCounting", "（%2）")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            lvl.append(el)
        abstract.append(lvl)
    part.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    part.append(num)
    return 90


def test_word_numbering_is_read_as_the_reader_sees_it(tmp_path):
    document = docx.Document()
    document.add_paragraph("某某市人民政府关于印发某方案的通知")
    num = chinese_numbering(document)
    for text, level in (("重点任务", 0), ("推进甲项工作。（市甲局牵头，市乙局配合）", 1), ("推进乙项工作。（市丙局负责）", 1),
                        ("保障措施", 0)):
        numbered(document.add_paragraph(text), num, level)
    path = tmp_path / "notice.docx"
    document.save(path)
    texts = [b.text for b in read_notice(path).blocks]
    assert texts[1:] == ["一、重点任务", "（一）推进甲项工作。（市甲局牵头，市乙局配合）", "（二）推进乙项工作。（市丙局负责）",
                         "二、保障措施"]
    items = items_of(path)
    assert [(i.lead, i.responsible, i.area) for i in items] == [(["市甲局"], ["市乙局"], "重点任务"),
                                                                 ([], ["市丙局"], "重点任务")]


def test_a_word_table_with_a_lead_cell_merged_down_its_rows(tmp_path):
    document, table = word_table([("序号", "工作任务", "牵头单位", "责任单位"), ("一、产业发展", "", "", ""),
                                 ("1", "建设产业园区。", "县发改局", "县财政局"), ("2", "培育龙头企业。", "", "县农业农村局"),
                                 ("3", "发展电子商务。", "县商务局", "")])
    table.cell(1, 0).merge(table.cell(1, 3))  # the group row spans the table
    table.cell(2, 2).merge(table.cell(3, 2))  # one lead for two tasks
    path = tmp_path / "notice.docx"
    document.save(path)
    items = items_of(path)
    assert [(i.text, i.lead, i.responsible, i.area) for i in items] == [
        ("建设产业园区。", ["县发改局"], ["县财政局"], "产业发展"), ("培育龙头企业。", ["县发改局"], ["县农业农村局"], "产业发展"),
        ("发展电子商务。", ["县商务局"], [], "产业发展")]


@pytest.mark.parametrize("saved_as", ["docx", "pdf"])
def test_a_task_merged_down_its_rows_of_work_is_a_group_of_those_works(tmp_path, saved_as):
    document, table = word_table([("序号", "重点任务", "具体工作", "牵头单位"),
                                 ("1", "扩大有效投资", "实施重点项目120个。", "县发改局"),
                                 ("2", "", "争取专项债券资金10亿元。", "县财政局"),
                                 ("3", "", "推进城市更新项目5个。", "县住建局"),
                                 ("4", "促进消费", "举办促消费活动20场。", "县商务局")])
    table.cell(1, 1).merge(table.cell(3, 1)).text = "扩大有效投资"  # one task, three works under it
    table.style = "Table Grid"
    document.save(tmp_path / "notice.docx")
    path = tmp_path / "notice.docx" if saved_as == "docx" else soffice_convert(tmp_path / "notice.docx", "pdf", tmp_path)
    found = parse_blocks(list(read_notice(path).blocks))
    items = dict(zip(assign_ids(found.items), found.items))
    assert [(pid, i.area, i.title, i.lead) for pid, i in items.items()] == [
        ("K1.1", "扩大有效投资", "实施重点项目120个", ["县发改局"]), ("K1.2", "扩大有效投资", "争取专项债券资金10亿元", ["县财政局"]),
        ("K1.3", "扩大有效投资", "推进城市更新项目5个", ["县住建局"]), ("K2", "", "促进消费", ["县商务局"])]
    assert items["K2"].text == "促进消费：举办促消费活动20场。"  # a task of one row keeps its work beside it


def test_a_column_the_reader_does_not_know_is_read_as_content_or_named_never_dropped(tmp_path):
    document, table = word_table([("序号", "重点任务", "工作内容及目标", "牵头单位", "责任领导", "备注"),
                                 ("1", "建设产业园区。", "建成标准厂房10万平方米。", "县发改局", "张三", "县财政局配合")])
    document.save(tmp_path / "notice.docx")
    found = parse_blocks(list(read_notice(tmp_path / "notice.docx").blocks))
    assert [i.text for i in found.items] == ["建设产业园区。建成标准厂房10万平方米。"]  # 工作内容及目标: what is done
    assert [w for w in found.warnings if "备注" in w] and not [w for w in found.warnings if "责任领导" in w]


@pytest.mark.parametrize("saved_as", ["docx", "pdf"])
def test_units_one_to_a_line_in_a_cell_are_each_a_unit(tmp_path, saved_as):
    document, table = word_table([("序号", "重点任务", "牵头单位", "责任单位"), ("1", "建设产业园区。", "县发改局", "")], ruled=True)
    listed = table.cell(1, 3)
    listed.text = "县财政局"
    for name in ("县自然资源局", "各乡镇人民政府"):  # one paragraph a unit, as tables often list them
        listed.add_paragraph(name)
    document.save(tmp_path / "notice.docx")
    path = tmp_path / "notice.docx" if saved_as == "docx" else soffice_convert(tmp_path / "notice.docx", "pdf", tmp_path)
    assert [(i.lead, i.responsible) for i in items_of(path)] == [(["县发改局"], ["县财政局", "县自然资源局", "各乡镇人民政府"])]


def test_a_header_in_two_rows_is_read_by_its_lower_row(tmp_path):
    document, table = word_table([("序号", "重点任务", "责任单位", "", "完成时限"), ("", "", "牵头单位", "配合单位", ""),
                                 ("1", "建设产业园区。", "县发改局", "县财政局", "2026年12月"),
                                 ("2", "培育龙头企业。", "县农业农村局", "县商务局", "2026年6月")])
    table.cell(0, 2).merge(table.cell(0, 3)).text = "责任单位"  # over 牵头单位 and 配合单位
    for column in (0, 1, 4):
        table.cell(0, column).merge(table.cell(1, column))
    document.save(tmp_path / "notice.docx")
    items = items_of(tmp_path / "notice.docx")
    assert [(i.title, i.lead, i.responsible, i.due) for i in items] == [
        ("建设产业园区", ["县发改局"], ["县财政局"], "2026年12月"), ("培育龙头企业", ["县农业农村局"], ["县商务局"], "2026年6月")]


def test_a_task_table_standing_in_no_section_is_read_as_the_tasks_its_header_names(tmp_path):
    document, table = word_table([("序号", "重点任务", "牵头单位", "责任单位"),
                                 ("1", "全年实施重点项目120个，完成投资150亿元以上。", "县发改局", "县住建局"),
                                 ("2", "新增规上工业企业20家。", "县工信局", "各乡镇人民政府")])
    path = tmp_path / "notice.docx"
    document.save(path)
    items = items_of(path)
    assert [i.kind for i in items] == [ItemKind.TASK, ItemKind.TASK]  # tasks with targets, not indicators


def test_a_task_table_in_a_pdf_reads_its_cells_whole(tmp_path):
    document, table = word_table([("序号", "主要任务", "具体措施", "责任单位", "完成时间"),
                                 ("1", "新建幼儿园3所", "新建公办幼儿园3所，新增学位900个。", "区教育局（牵头）、区住建局", "2026年9月"),
                                 ("2", "提升养老服务", "新建社区养老服务站10个。", "区民政局（牵头），各街道办事处", "2026年12月")], ruled=True)
    document.save(tmp_path / "notice.docx")
    pdf = soffice_convert(tmp_path / "notice.docx", "pdf", tmp_path / "pdf")  # narrow columns wrap every cell
    items = items_of(pdf)
    assert [(i.title, i.lead, i.responsible, i.due) for i in items] == [
        ("新建幼儿园3所", ["区教育局"], ["区住建局"], "2026年9月"), ("提升养老服务", ["区民政局"], ["各街道办事处"], "2026年12月")]


@pytest.mark.parametrize("repeated_header", [False, True])
def test_a_task_table_over_several_pdf_pages_is_one_table(tmp_path, repeated_header):
    rows = [("序号", "重点任务", "牵头单位", "配合单位", "完成时间")] + [
        (str(n), f"推进第{n}项重点工作，完成年度建设任务。", "区发改局" if n % 2 else "区财政局", "区住建局", "2026年12月")
        for n in range(1, 41)]
    document, table = word_table(rows, ruled=True)
    if repeated_header:  # Word's 在各页顶端以标题行形式重复出现
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    document.save(tmp_path / "notice.docx")
    pdf = soffice_convert(tmp_path / "notice.docx", "pdf", tmp_path / "pdf")
    assert len(pikepdf.open(pdf).pages) > 2  # LibreOffice breaks the table over pages, some rows across a break
    items = items_of(pdf)
    assert [i.text for i in items] == [f"推进第{n}项重点工作，完成年度建设任务。" for n in range(1, 41)]
    assert all(i.lead == ["区发改局" if n % 2 else "区财政局"] and i.responsible == ["区住建局"] for n, i in
               enumerate(items, 1))


PAGE = """<!DOCTYPE html><html><head><meta charset="gbk"><title>某某市人民政府</title>
<script>var x = "（市假局负责）";</script></head><body>
<table class="layout"><tr><td><table><tr><td>发文字号：</td><td>某政发〔2023〕5号</td></tr></table></td></tr>
<tr><td><div id="content">
<p>某某市人民政府关于印发某某市重点工作方案的通知</p>
<p style="display:none">（市隐藏局负责）</p>
<p>一、重点任务</p>
<p><span>（一）完善机制。</span><span>建立协调机制。（市发展改革委牵头，市财政局配合）</span></p>
<p>（二）强化保障。加大投入。<br>（市财政局负责）</p>
<table border="1"><tr><th>序号</th><th>任务</th><th>牵头单位</th><th>配合单位</th></tr>
<tr><td>1</td><td>推进数字化改造。</td><td rowspan="2">市经信局</td><td>市科技局</td></tr>
<tr><td>2</td><td>培育专精特新企业。</td><td>市财政局</td></tr></table>
</div></td></tr></table></body></html>"""


def test_a_saved_page_in_gbk_with_layout_tables(tmp_path):
    path = tmp_path / "notice.html"
    path.write_bytes(PAGE.encode("gb18030"))
    source = read_notice(path)
    assert source.kind == "html"
    assert not any("假" in b.text or "隐藏" in b.text for b in source.blocks)  # scripts and hidden text are not read
    items = parse_blocks(list(source.blocks)).items
    assert [(i.lead, i.responsible) for i in items] == [(["市发展改革委"], ["市财政局"]), ([], ["市财政局"]),
                                                        (["市经信局"], ["市科技局"]), (["市经信局"], ["市财政局"])]


def test_a_task_table_in_excel(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (("序号", "重点任务", "牵头部门", "配合部门", "完成时限"), (1, "建设智慧园区。", "区发改局", "区科技局", "2025年"),
                (2, "推进老旧小区改造。", "区住建局", "各街道办事处", "持续推进")):
        ws.append(row)
    path = tmp_path / "分工表.xlsx"
    wb.save(path)
    items = items_of(path)
    assert [(i.lead, i.responsible, i.due) for i in items] == [(["区发改局"], ["区科技局"], "2025年"),
                                                               (["区住建局"], ["各街道办事处"], "持续推进")]


def test_an_excel_table_with_a_group_row_and_a_lead_merged_down_its_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for n, row in enumerate((("序号", "重点任务", "牵头单位", "责任单位"), ("一、产业发展",), (1, "建设产业园区。", "县发改局", "县财政局"),
                             (2, "培育龙头企业。", None, "县农业农村局"), (3, "发展电子商务。", "县商务局", None)), 3):
        for column, value in enumerate(row, 2):  # the table from B3, as a clerk's sheet often starts
            ws.cell(n, column, value)
    ws.merge_cells("B4:E4")  # the group's row spans the table
    ws.merge_cells("D5:D6")  # one lead for two tasks
    path = tmp_path / "分工表.xlsx"
    wb.save(path)
    items = items_of(path)
    assert [(i.text, i.lead, i.responsible, i.area) for i in items] == [
        ("建设产业园区。", ["县发改局"], ["县财政局"], "产业发展"), ("培育龙头企业。", ["县发改局"], ["县农业农村局"], "产业发展"),
        ("发展电子商务。", ["县商务局"], [], "产业发展")]


NOTICE = "一、重点任务\n1.推进甲项工作。（市甲局牵头，市乙局配合）\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_in_the_encodings_offices_save_in(tmp_path, encoding):
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE.encode(encoding))
    assert [(i.lead, i.responsible) for i in items_of(path)] == [(["市甲局"], ["市乙局"])]


def test_a_pdf_without_a_text_layer_is_refused_with_a_reason(tmp_path):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(PipelineError, match="扫描件"):
        read_notice(path)


@pytest.mark.parametrize("content, message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), "另存为 .docx"),  # an old .doc / .wps
    (b"", "是空的"),
])
def test_files_that_are_not_a_readable_notice(tmp_path, content, message):
    path = tmp_path / "notice.doc"
    path.write_bytes(content)
    with pytest.raises(PipelineError, match=message):
        read_notice(path)


def test_an_ofd_or_other_archive_is_refused_naming_what_to_do(tmp_path):
    import zipfile

    path = tmp_path / "notice.ofd"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD/>")
    with pytest.raises(PipelineError, match="OFD"):
        read_notice(path)


WRAPPED = """\
某某市人民政府关于印发重点任务分工方案的通知
一、重点任务
1.推进产业园区循环化改造，到2025年全部省级以上园区完成循环
化改造，建成一批绿色工厂。（市发展改革委牵头，市工业和信息化局、
市生态环境局配合）
2.强化固体废物综合利用，一般工业固体废物综合利用率达到80%以
上，推动建筑垃圾资源化利用。（市工业和信息化局牵头，市住房城乡
建设局配合）
3.完善制度。（市司法局负责）
"""


def test_text_copied_from_a_pdf_with_its_lines_cut_is_read_as_paragraphs(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(WRAPPED, encoding="utf-8")
    items = items_of(path)
    assert [(i.lead, i.responsible) for i in items] == [(["市发展改革委"], ["市工业和信息化局", "市生态环境局"]),
                                                        (["市工业和信息化局"], ["市住房城乡建设局"]), ([], ["市司法局"])]
    assert items[0].text == "推进产业园区循环化改造，到2025年全部省级以上园区完成循环化改造，建成一批绿色工厂。"
