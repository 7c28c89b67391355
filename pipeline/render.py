"""The render step: merged year → consolidated report and per-unit summaries, DOCX and PDF.

Each document has a fingerprint: the data it is built from, the templates, the style table, the
pipeline's code and the fonts in use. A document whose fingerprint and files are unchanged is not
rendered again; the others render in parallel, one worker per core.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from pipeline.config import YearConfig
from pipeline.document import Document
from pipeline.errors import PipelineError
from pipeline.files import atomic_write, read_json
from pipeline.plan import Plan
from pipeline.style import TEMPLATES

PACKAGE = Path(__file__).resolve().parent
STATE = ".render-state.json"


@dataclass(frozen=True)
class Job:
    name: str
    folder: Path
    stem: str
    unit: str | None  # None for the consolidated report

    @property
    def files(self) -> list[Path]:
        return [self.folder / f"{self.stem}.docx", self.folder / f"{self.stem}.pdf"]


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
    except ValueError:
        raise PipelineError(f"{path} 已损坏；请重新运行 python -m pipeline merge --year {year}") from None


def jobs(plan: Plan, outputs: Path, year: int) -> list[Job]:
    base = outputs / str(year)
    found = [Job("report", base / "report", report_stem(year), None)]
    found += [Job(u.short, base / "units", unit_stem(year, u.short), u.short) for u in plan.registry.reporting_units]
    return found


@functools.lru_cache
def code_digest() -> str:
    """Templates, style table and pipeline code: a change to any re-renders every document."""
    digest = hashlib.sha256()
    for path in sorted([*TEMPLATES.rglob("*"), *PACKAGE.glob("*.py")]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def job_data(job: Job, summary: dict, plan: Plan) -> dict:
    """All a document is built from: the whole year for the report, the unit's part for a summary."""
    from pipeline.content import unit_slice

    return summary if job.unit is None else unit_slice(summary, plan, job.unit)


def fingerprint(job: Job, summary: dict, plan: Plan, config: YearConfig) -> str:
    from pipeline.style import font_report

    payload = json.dumps([job_data(job, summary, plan), repr(config), font_report(), code_digest()],
                         ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def attachments(job: Job, summary: dict, plan: Plan, outputs: Path) -> list[tuple[str, bytes]]:
    """The data a PDF carries: the whole merged year for the report, the unit's own part for a unit."""
    year = summary["year"]
    if job.unit is None:
        folder = outputs / str(year) / "merged"
        return [(p.name, p.read_bytes()) for p in (folder / "summary.json", folder / f"{year}年度汇总数据.xlsx")]
    data = json.dumps(job_data(job, summary, plan), ensure_ascii=False, indent=2, sort_keys=True)
    return [(f"{year}年度_{job.unit}_数据.json", data.encode())]


def build(job: Job, summary: dict, config: YearConfig, plan: Plan) -> Document:
    from pipeline.content import report_context, report_tables, unit_context, unit_tables
    from pipeline.document import build_document
    from pipeline.style import check_glyphs

    sample = summary["sample"]
    meta = {"author": config.issuer, "sample": sample,
            "keywords": f"循环经济, 十三五, 柳政发〔2018〕30号, {config.year}" + (", 示例数据" if sample else "")}
    if job.unit is None:
        from pipeline.charts import progress_chart

        context = report_context(summary, config)
        chart = progress_chart(summary["measures"], config.year, caption=f"{config.year}年目标指标完成程度")
        meta["subject"] = f"{config.year}年度循环经济“十三五”规划主要目标和重点任务完成情况（报市人民政府）"
        doc = build_document("report", "report.txt.j2", context, report_tables(summary), {"progress": chart}, meta)
    else:
        context = unit_context(job_data(job, summary, plan), config)
        meta["subject"] = f"{config.year}年度{context['unit']['full']}报送情况汇总（供核对）"
        doc = build_document("summary", "unit.txt.j2", context, unit_tables(context), {}, meta)
    check_glyphs(doc.text(), job.stem)
    return doc


def render_job(job: Job, summary: dict, config: YearConfig, plan: Plan, outputs: Path) -> Job:
    from pipeline.docx_writer import write_docx
    from pipeline.pdf_writer import write_pdf

    created = dt.datetime(config.doc_date.year, config.doc_date.month, config.doc_date.day, tzinfo=dt.UTC)
    doc = build(job, summary, config, plan)
    docx_path, pdf_path = job.files
    write_docx(doc, docx_path, created)
    atomic_write(pdf_path, write_pdf(doc, pdf_path, created, attachments(job, summary, plan, outputs)))
    gc.collect()  # WeasyPrint leaves ~70 MB of cycles per document (DESIGN §5)
    gc.freeze()  # what survived is long-lived (fonts, templates, the year's data): not walked again
    return job


def warm_up() -> None:
    """The heavy imports, then freeze them out of the collector (before forking render workers)."""
    import docx  # noqa: F401
    import weasyprint  # noqa: F401

    gc.freeze()  # imported modules are permanent: later collections need not walk them
    gc.disable()  # and none run mid-layout: render_job collects once per document instead


_SHARED: dict = {}


def _render_shared(job: Job) -> Job:
    return render_job(job, _SHARED["summary"], _SHARED["config"], _SHARED["plan"], _SHARED["outputs"])


def render(plan: Plan, config: YearConfig, outputs: Path, pool: ProcessPoolExecutor | None = None
           ) -> tuple[list[Job], list[Job]]:
    """Render what changed (in ``pool`` when given); returns (rendered, unchanged)."""
    year = config.year
    summary = load_summary(outputs, year)
    state_path = outputs / str(year) / STATE
    state = read_json(state_path)
    all_jobs = jobs(plan, outputs, year)
    prints = {job.stem: fingerprint(job, summary, plan, config) for job in all_jobs}
    todo = [j for j in all_jobs if state.get(j.stem) != prints[j.stem] or not all(f.exists() for f in j.files)]
    done = [j for j in all_jobs if j not in todo]
    if todo:
        from pipeline.pdf_writer import check_subsetting

        check_subsetting()  # before any work: say what to install, once
        for job in _run(todo, summary, config, plan, outputs, pool):
            state[job.stem] = prints[job.stem]
            atomic_write(state_path, json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True).encode())
    return todo, done


def _run(todo: list[Job], summary: dict, config: YearConfig, plan: Plan, outputs: Path,
         pool: ProcessPoolExecutor | None):
    """Yield jobs as they finish: in worker processes (one per core), or here when there is one."""
    import click

    workers = os.cpu_count() or 1
    if pool is None and len(todo) > 1 and workers > 1:
        warm_up()  # before forking: the workers start with everything imported
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as own:
            yield from _run(todo, summary, config, plan, outputs, own)
        return
    bar = click.progressbar(length=len(todo), label="生成文档", file=sys.stderr) if sys.stderr.isatty() else None
    try:
        if pool is None:
            warm_up()
            finished = (render_job(job, summary, config, plan, outputs) for job in todo)
        else:  # the report first: it is the longest job
            # Workers fork at the first submit and inherit the year's data: only the job is sent.
            _SHARED.update(summary=summary, config=config, plan=plan, outputs=outputs)
            futures = [pool.submit(_render_shared, job) for job in todo]
            finished = (future.result() for future in as_completed(futures))
        for job in finished:
            if bar:
                bar.update(1)
            yield job
    finally:
        if bar:
            bar.render_finish()
