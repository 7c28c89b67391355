"""Composition: a content template rendered, read into blocks, settled into the Document both writers take."""

from __future__ import annotations

import datetime as dt

from pipeline.errors import PipelineError
from pipeline.render.charts import progress_chart
from pipeline.render.content.report import report_context, report_tables
from pipeline.render.content.unit import unit_context, unit_tables
from pipeline.render.document import Block, Chart, Document, Table, parse_blocks, text_width_em
from pipeline.render.fonts import check_glyphs
from pipeline.settings import YearConfig
from pipeline.util.templates import render_text


def build_document(kind: str, template: str, context: dict, tables: dict[str, Table],
                   charts: dict[str, Chart], meta: dict) -> Document:
    """Render a content template and settle the blocks both writers share."""
    header, blocks = parse_blocks(render_text(template, context))
    settled: list[Block] = []
    first_note = True
    for block in blocks:
        if block.kind == "date" and settled and settled[-1].kind == "signature":
            sign = settled[-1]
            # GB/T 9704 §7.3.5.1: date four characters in from the right, 署名 centred over it.
            date_w, name_w = text_width_em(block.text), text_width_em(sign.text)
            sign.data = {"date": block.text, "date_pad": 4.0, "name_pad": max(0.0, 4 + date_w / 2 - name_w / 2)}
            continue
        if block.kind == "attachment_note":
            block.data["first"] = first_note
            first_note = False
        if block.kind == "table" and block.text not in tables:
            raise PipelineError(f"内容模板 {template} 引用了不存在的表“{block.text}”（可用：{'、'.join(tables)}）")
        if block.kind == "chart" and block.text not in charts:
            raise PipelineError(f"内容模板 {template} 引用了不存在的图“{block.text}”（可用：{'、'.join(charts)}）")
        settled.append(block)
    # The last body paragraph stays on the page of the signature: no page without text (§7.3.5.5).
    closing = next((i for i, b in enumerate(settled) if b.kind in ("attachment_note", "signature")), None)
    if closing:
        last_para = max((i for i in range(closing) if settled[i].kind == "para"), default=closing)
        for block in settled[last_para:]:
            if block.kind not in ("para", "attachment_note", "signature"):
                break
            block.data["closing"] = True
    title = next((b.text.replace("|", "") for b in settled if b.kind == "title"), "")
    return Document(kind, title, {**meta, **header}, settled, tables, charts)


def _meta(config: YearConfig, sample: bool) -> dict:
    return {"author": config.issuer, "sample": sample,
            "keywords": f"循环经济, 十三五, 柳政发〔2018〕30号, {config.year}" + (", 示例数据" if sample else "")}


def _dated(doc: Document, config: YearConfig, attachments: list[tuple[str, bytes]], name: str) -> Document:
    """The document's date and data, and a last check that every character can be shown."""
    doc.created = dt.datetime(config.doc_date.year, config.doc_date.month, config.doc_date.day, tzinfo=dt.UTC)
    doc.attachments = attachments
    check_glyphs(doc.text(), name)
    return doc


def compose_report(summary: dict, config: YearConfig, attachments: list[tuple[str, bytes]], name: str) -> Document:
    """The consolidated report to the city government, from ``templates/report.txt.j2``."""
    meta = _meta(config, summary["sample"])
    meta["subject"] = f"{config.year}年度循环经济“十三五”规划主要目标和重点任务完成情况（报市人民政府）"
    chart = progress_chart(summary["measures"], config.year, caption=f"{config.year}年目标指标完成程度")
    doc = build_document("report", "report.txt.j2", report_context(summary, config), report_tables(summary),
                         {"progress": chart}, meta)
    return _dated(doc, config, attachments, name)


def compose_unit(data: dict, config: YearConfig, attachments: list[tuple[str, bytes]], name: str) -> Document:
    """One unit's summary for checking, from ``templates/unit.txt.j2`` and the unit's slice of the year."""
    context = unit_context(data, config)
    meta = _meta(config, data["sample"])
    meta["subject"] = f"{config.year}年度{context['unit']['full']}报送情况汇总（供核对）"
    doc = build_document("summary", "unit.txt.j2", context, unit_tables(context), {}, meta)
    return _dated(doc, config, attachments, name)
