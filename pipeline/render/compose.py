"""Composition: a content template rendered, read into blocks, settled into the Document both writers take."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from pipeline.errors import PipelineError
from pipeline.merge.model import UnitSlice, YearSummary
from pipeline.plan import Plan
from pipeline.plan.identity import PlanInfo
from pipeline.render.charts import progress_chart, trend_chart
from pipeline.render.content.final import final_context
from pipeline.render.content.notice import notice_context, notice_tables
from pipeline.render.content.report import report_context, report_tables, trend_pages
from pipeline.render.content.unit import unit_context, unit_tables
from pipeline.render.document import Block, BlockKind, Chart, Document, Meta, Table, parse_blocks, text_width_em
from pipeline.render.fonts import mark_table, uncovered
from pipeline.render.style import MM, style_table
from pipeline.render.title import break_title
from pipeline.settings import YearConfig
from pipeline.terms import SAMPLE_MARK
from pipeline.util.templates import Context, render_text


def _settle(blocks: list[Block], tables: dict[str, Table], charts: dict[str, Chart], template: str,
            phrases: tuple[str, ...]) -> list[Block]:
    """Signature and date joined, the first 附件说明 marked, every table and chart the template names there, the
    title broken into lines (keeping ``phrases`` whole where it can)."""
    settled: list[Block] = []
    first_note, figures = True, 0
    for block in blocks:
        if block.kind == BlockKind.DATE:
            if not (settled and settled[-1].kind == BlockKind.SIGNATURE):
                raise PipelineError(f"内容模板 {template}：@日期 应紧接在 @署名 之后（成文日期写在署名之下）")
            sign = settled[-1]
            # GB/T 9704 §7.3.5.1: date four characters in from the right, 署名 centred over it.
            date_w, name_w = text_width_em(block.text), text_width_em(sign.text)
            sign.date, sign.date_pad, sign.name_pad = block.text, 4.0, max(0.0, 4 + date_w / 2 - name_w / 2)
            continue
        if block.kind == BlockKind.ATTACHMENT_NOTE:
            block.first, first_note = first_note, False
        if block.kind == BlockKind.TABLE and block.text not in tables:
            raise PipelineError(f"内容模板 {template} 引用了不存在的表“{block.text}”（可用：{'、'.join(tables)}）")
        if block.kind == BlockKind.CHART:
            if block.text not in charts:
                raise PipelineError(f"内容模板 {template} 引用了不存在的图“{block.text}”（可用：{'、'.join(charts)}）")
            if not (settled and settled[-1].kind == BlockKind.ATTACHMENT):  # an attachment's title is its caption
                figures += 1
                block.caption = f"图{figures}　{charts[block.text].caption}"
        if block.kind == BlockKind.TITLE:
            s = style_table()
            width = (s["page"]["width_mm"] - s["page"]["left_mm"] - s["page"]["right_mm"]) * MM
            block.text = break_title(block.text, int(width // s["size"]["title"]), phrases)
        settled.append(block)
    return settled


def _keep_closing_together(settled: list[Block]) -> None:
    """The last body paragraph stays on the page of the signature: no page without text (§7.3.5.5)."""
    ends = (BlockKind.PARA, BlockKind.ATTACHMENT_NOTE, BlockKind.SIGNATURE)
    closing = next((i for i, b in enumerate(settled) if b.kind in ends[1:]), None)
    if closing:
        last_para = max((i for i in range(closing) if settled[i].kind == BlockKind.PARA), default=closing)
        for block in settled[last_para:]:
            if block.kind not in ends:
                break
            block.closing = True


def build_document(kind: str, template: str, context: Context, tables: dict[str, Table],
                   charts: dict[str, Chart], meta: Meta, phrases: tuple[str, ...]) -> Document:
    """Render a content template and settle the blocks both writers share (``phrases``: what the title's lines
    keep whole where they can)."""
    header, blocks = parse_blocks(render_text(template, context))
    settled = _settle(blocks, tables, charts, template, phrases)
    _keep_closing_together(settled)
    title = next((b.text.replace("|", "") for b in settled if b.kind == BlockKind.TITLE), "")
    return Document(kind, title, replace(meta, **header), settled, tables, charts)


def page_mark(sample: bool, draft: bool) -> str:
    """What every page says at its top when the document is not a real one: sample data, or a draft."""
    words = [w for w, on in ((SAMPLE_MARK, sample), ("草稿", draft)) if on]
    return " · ".join([*words, "非正式文件"]) if words else ""


def _meta(config: YearConfig, info: PlanInfo, sample: bool, subject: str) -> Meta:
    words = [info.theme, info.period.strip("“”\""), info.number, str(config.year)] + (["示例数据"] if sample else [])
    return Meta(author=config.issuer, subject=subject, keywords=", ".join(w for w in words if w),
                mark=page_mark(sample, config.draft), sample=sample)


def _phrases(config: YearConfig, info: PlanInfo) -> tuple[str, ...]:
    return info.theme, config.issuer


def _dated(doc: Document, day: dt.date, attachments: list[tuple[str, bytes]]) -> Document:
    """The document's date and data; a character no installed font can show becomes a visible mark (and
    is listed in the run's output) rather than a blank box or a failed document."""
    doc.created = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    doc.attachments = attachments
    doc.marked = uncovered(doc.text())
    if doc.marked:
        doc.translate(mark_table(doc.marked))
    return doc


def report_charts(summary: YearSummary, info: PlanInfo) -> dict[str, Chart]:
    """The report's charts by the name its template uses: the trend pages, and in an ongoing year the progress."""
    final, year = summary.final, summary.year
    caption = f"各项指标{info.base_year}年以来的变化"
    charts = {name: trend_chart(ms, info, final, caption) for name, ms in trend_pages(summary.measures).items()}
    if not final and summary.measures:
        charts["progress"] = progress_chart(summary.measures, info, year,
                                            f"{year}年{summary.words.measures_sheet}完成程度")
    return charts


def compose_report(summary: YearSummary, config: YearConfig, info: PlanInfo, attachments: list[tuple[str, bytes]],
                   charts: dict[str, Chart]) -> Document:
    """The consolidated report to the city government: the year's, or in the plan's last year the 终期 one
    (``charts`` from report_charts)."""
    final, year = summary.final, summary.year
    meta = _meta(config, info, summary.sample,
                 f"{year}年度{info.subject}{info.words.final if final else ''}完成情况（报{config.addressee}）")
    context = final_context(summary, config, info) if final else report_context(summary, config, info)
    template = "report_final.txt.j2" if final else "report.txt.j2"
    doc = build_document("report", template, context, report_tables(summary, info), charts, meta,
                         _phrases(config, info))
    return _dated(doc, config.doc_date, attachments)


def compose_unit(data: UnitSlice, config: YearConfig, info: PlanInfo,
                 attachments: list[tuple[str, bytes]]) -> Document:
    """One unit's summary for checking, from ``pipeline/templates/unit.txt.j2`` and the unit's slice of the year."""
    meta = _meta(config, info, data.sample, f"{config.year}年度{data.unit.full}报送情况汇总（供核对）")
    doc = build_document("summary", "unit.txt.j2", unit_context(data, config, info), unit_tables(data, info), {},
                         meta, _phrases(config, info))
    return _dated(doc, config.check_date, attachments)


def compose_notice(plan: Plan, config: YearConfig, forms: dict[str, str], rows: list[list[str]]) -> Document:
    """The 填报通知 that goes out with the forms (``forms``: unit → form file; ``rows``: its 分发清单), from
    ``pipeline/templates/notice.txt.j2``."""
    meta = _meta(config, plan.info, False, f"{config.year}年度{plan.info.subject}填报通知")
    doc = build_document("notice", "notice.txt.j2", notice_context(plan, config, forms), notice_tables(rows),
                         {}, meta, _phrases(config, plan.info))
    return _dated(doc, config.notice_date, [])


def compose_letter(kind: str, template: str, context: Context, config: YearConfig, info: PlanInfo) -> Document:
    """A letter of the collection (催报通知, 退回修改通知) from its content template."""
    meta = _meta(config, info, False, f"{config.year}年度{info.subject}：{kind}")
    return _dated(build_document(kind, template, context, {}, {}, meta, _phrases(config, info)), config.reminder_date,
                  [])
