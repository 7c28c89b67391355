"""The render step: merged year → consolidated report and per-unit summaries, DOCX and PDF."""

from __future__ import annotations

import datetime as dt
import gc
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import YearConfig
from pipeline.content import report_context, report_tables, unit_context, unit_tables
from pipeline.document import Document, build_document
from pipeline.errors import PipelineError
from pipeline.plan import Plan
from pipeline.style import check_glyphs, font_report


@dataclass
class Job:
    """One document to render: its name and where its two files go."""

    name: str
    folder: Path
    stem: str
    unit: str | None  # None for the consolidated report


def report_stem(year: int) -> str:
    return f"{year}年度循环经济目标任务完成情况报告"


def unit_stem(year: int, unit: str) -> str:
    return f"{year}年度_{unit}_报送情况汇总"


def load_summary(outputs: Path, year: int) -> dict:
    path = outputs / str(year) / "merged" / "summary.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PipelineError(f"还没有 {year} 年度的汇总结果；请先运行 python -m pipeline merge --year {year}") from None


def jobs(plan: Plan, outputs: Path, year: int) -> list[Job]:
    base = outputs / str(year)
    found = [Job("report", base / "report", report_stem(year), None)]
    found += [Job(u.short, base / "units", unit_stem(year, u.short), u.short) for u in plan.registry.reporting_units]
    return found


def build(job: Job, summary: dict, config: YearConfig, plan: Plan) -> Document:
    sample = summary["sample"]
    meta = {"author": config.issuer, "sample": sample,
            "keywords": "循环经济, 十三五, 柳政发〔2018〕30号, " + str(config.year) + (", 示例数据" if sample else ""),
            "fonts": "；".join(font_report())}
    if job.unit is None:
        from pipeline.charts import progress_chart

        context = report_context(summary, config, plan)
        chart = progress_chart(summary["measures"], config.year, caption=f"{config.year}年目标指标完成程度")
        meta["subject"] = f"{config.year}年度循环经济“十三五”规划主要目标和重点任务完成情况（报市人民政府）"
        doc = build_document("report", "report.txt.j2", context, report_tables(summary), {"progress": chart}, meta)
    else:
        context = unit_context(summary, config, plan, job.unit)
        meta["subject"] = f"{config.year}年度{context['unit']['full']}报送情况汇总（供核对）"
        doc = build_document("summary", "unit.txt.j2", context, unit_tables(context), {}, meta)
    check_glyphs(doc.text(), f"{job.stem}")
    return doc


def render_job(job: Job, summary: dict, config: YearConfig, plan: Plan, attachments: list[Path]) -> list[Path]:
    from pipeline.docx_writer import write_docx
    from pipeline.files import atomic_write
    from pipeline.pdf_writer import write_pdf

    created = dt.datetime(config.doc_date.year, config.doc_date.month, config.doc_date.day, tzinfo=dt.UTC)
    doc = build(job, summary, config, plan)
    docx_path = job.folder / f"{job.stem}.docx"
    pdf_path = job.folder / f"{job.stem}.pdf"
    write_docx(doc, docx_path, created)
    atomic_write(pdf_path, write_pdf(doc, pdf_path, created, attachments))
    gc.collect()  # WeasyPrint leaves ~70 MB of cycles per document (DESIGN §5)
    return [docx_path, pdf_path]


def merged_files(outputs: Path, year: int) -> list[Path]:
    folder = outputs / str(year) / "merged"
    return [folder / "summary.json", folder / f"{year}年度汇总数据.xlsx"]


def render(plan: Plan, config: YearConfig, outputs: Path) -> list[Path]:
    summary = load_summary(outputs, config.year)
    attachments = merged_files(outputs, config.year)
    written: list[Path] = []
    for job in jobs(plan, outputs, config.year):
        written += render_job(job, summary, config, plan, attachments)
    return written
