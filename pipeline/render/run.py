"""The render step: merged year → consolidated report and per-unit summaries, DOCX and PDF.

Each document has a fingerprint: the data it is built from, the templates, the style table, the
pipeline's code and the fonts in use. A document whose fingerprint and files are unchanged is not
rendered again; the others render in parallel, one worker per core.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from multiprocessing import get_context
from pathlib import Path

from pipeline.merge.model import YearSummary
from pipeline.merge.summary import load_summary
from pipeline.plan import Plan
from pipeline.plan.in_force import assignment
from pipeline.render import chart_store
from pipeline.render.compose import compose_report, compose_unit, report_charts
from pipeline.render.document import Document
from pipeline.render.fonts import font_report, installed_reach
from pipeline.render.output import write_files
from pipeline.render.writers import FORMATS, writer
from pipeline.settings import YearConfig
from pipeline.util.children import die_with_parent
from pipeline.util.files import atomic_write, read_json
from pipeline.util.hashing import code_digest, digest, sha256_file
from pipeline.util.paths import year_dir
from pipeline.util.timing import Timings

OnProgress = Callable[[str, int, int], None]  # (stage, done, total): the CLI draws the bar


@dataclass(frozen=True)
class Job:
    name: str
    folder: Path
    stem: str
    unit: str | None  # None for the consolidated report

    @property
    def files(self) -> list[Path]:
        return [self.folder / f"{self.stem}{suffix}" for suffix in FORMATS]


def jobs(plan: Plan, outputs: Path, year: int) -> list[Job]:
    paths, plan = year_dir(outputs, year), plan.in_year(year)
    final = plan.info.words.final if plan.info.is_final(year) else ""
    found = [Job("report", paths.report, paths.report_stem(plan.info.theme, final), None)]
    found += [Job(u.short, paths.units, paths.unit_stem(u.short), u.short) for u in plan.reporting_units]
    return found


def job_data(job: Job, summary: YearSummary, plan: Plan) -> dict:
    """All a document is built from, as data: the whole year for the report, the unit's part for a summary."""
    return summary.as_json() if job.unit is None else summary.slice_for(job.unit, plan.roles(job.unit)).as_json()


def fingerprint(job: Job, summary: YearSummary, plan: Plan, config: YearConfig) -> str:
    payload = json.dumps([job_data(job, summary, plan), repr(config), repr(plan.info), font_report(),
                          installed_reach(), code_digest()], ensure_ascii=False, sort_keys=True, default=str)
    return digest(payload)


def year_key(plan: Plan, config: YearConfig, outputs: Path) -> str:
    """All the year's documents are built from, in a few hashes: the merged year's files, who answers for what,
    the settings, the code and the installed fonts (which face stands in for which follows from them and the
    style table). Equal to the one recorded with every document: none need looking at."""
    paths = year_dir(outputs, config.year)
    return digest(*(sha256_file(p) if p.exists() else "" for p in (paths.summary, paths.merged_workbook)),
                  repr(assignment(plan)), repr(config), repr(plan.info), installed_reach(), code_digest())


def attachments(job: Job, summary: YearSummary, plan: Plan, outputs: Path) -> list[tuple[str, bytes]]:
    """The data a PDF carries: the whole merged year for the report, the unit's own part for a unit."""
    if job.unit is None:
        paths = year_dir(outputs, summary.year)
        return [(p.name, p.read_bytes()) for p in (paths.summary, paths.merged_workbook)]
    data = json.dumps(job_data(job, summary, plan), ensure_ascii=False, indent=2, sort_keys=True)
    return [(f"{summary.year}年度_{job.unit}_数据.json", data.encode())]


def charts_key(summary: YearSummary, plan: Plan) -> str:
    """What the report's charts are drawn from: the measures, the plan, the code, style and fonts."""
    data = json.dumps([[asdict(m) for m in summary.measures], summary.final, summary.year, repr(plan.info)],
                      ensure_ascii=False, sort_keys=True, default=str)
    return digest(data, code_digest(), installed_reach(), json.dumps(font_report(), sort_keys=True))


def charts_drawn(outputs: Path, year: int) -> bool:
    """Whether the year's report has had charts drawn (a cold year has none: they will be)."""
    return chart_store.stored(year_dir(outputs, year).cache / "charts")


def compose(job: Job, summary: YearSummary, config: YearConfig, plan: Plan, outputs: Path) -> Document:
    plan = plan.in_year(config.year)
    carried = attachments(job, summary, plan, outputs)
    if job.unit is None:
        drawn = chart_store.charts(year_dir(outputs, config.year).cache / "charts", charts_key(summary, plan),
                                   lambda: report_charts(summary, plan.info))
        return compose_report(summary, config, plan.info, carried, drawn)
    return compose_unit(summary.slice_for(job.unit, plan.roles(job.unit)), config, plan.info, carried)


def content_key(doc: Document) -> str:
    """What the document's pages are made of: all of it but the files its PDF carries, with the code and fonts."""
    return digest(repr(replace(doc, attachments=[])), code_digest(), installed_reach(),
                  json.dumps(font_report(), sort_keys=True))


def render_job(job: Job, summary: YearSummary, config: YearConfig, plan: Plan, outputs: Path,
               before: dict | None = None) -> Rendered:
    """The job's files written: the characters its text had that no installed font can show, and its timings.
    ``before``: what the last render of the job recorded; when only the data its PDF carries changed (the
    report, after a unit's corrected narrative), the pages are kept and only the PDF's attachments replaced."""
    timings = Timings()
    with timings.step("组稿"):
        doc = compose(job, summary, config, plan, outputs)
    content = content_key(doc)
    pdf, before = job.folder / f"{job.stem}.pdf", before or {}
    kept = False
    if before.get("content") == content:  # the same pages: only the files the PDF carries may have changed
        with timings.step("PDF"):
            kept = _reattached(doc, pdf, before.get("pdf"))
    if not kept:
        write_files(doc, job.folder, job.stem, timings)
    gc.collect()  # WeasyPrint leaves ~70 MB of cycles per document (docs/DESIGN.md §6)
    gc.freeze()  # what survived is long-lived (fonts, templates, the year's data): not walked again
    return Rendered(job, doc.marked, timings, content, sha256_file(pdf))


def _reattached(doc: Document, pdf: Path, recorded: str | None) -> bool:
    """The PDF written last time, unchanged since, made to carry ``doc``'s attachments (same pages, same names);
    False when it cannot be (then the document is written whole)."""
    docx = pdf.with_suffix(".docx")
    if not (recorded and docx.exists() and pdf.exists() and sha256_file(pdf) == recorded):
        return False
    from pipeline.render.writers.pdf import with_attachments

    data = with_attachments(pdf.read_bytes(), doc)
    if data is not None:
        atomic_write(pdf, data)
    return data is not None


def warm_up(drawing: bool = False) -> None:
    """The heavy imports, frozen out of the collector (before forking render workers: they start with them);
    with ``drawing``, matplotlib's too (the report's charts are to be drawn)."""
    from pipeline.render.paged import layout, weasy

    writer(".docx"), writer(".pdf"), layout.font_config()
    weasy.check()  # before any work: say what to install, once
    if drawing:
        from pipeline.render.charts import prepare

        prepare()
    gc.freeze()  # imported modules are permanent: later collections need not walk them


@contextmanager
def collecting_per_document() -> Iterator[None]:
    """No collection mid-layout (render_job collects once per document instead), as it was after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@dataclass
class Rendered:
    job: Job
    marked: str  # characters no installed font can show (drawn as 〓)
    timings: Timings
    content: str  # content_key of what was rendered
    pdf: str  # sha256 of the PDF written


@dataclass
class RenderResult:
    rendered: list[Job]
    unchanged: list[Job]
    marked: dict[str, str]  # document stem → characters shown as 〓 (no installed font has them)
    timings: Timings


def render(plan: Plan, config: YearConfig, outputs: Path, summary: YearSummary | None = None,
           progress: OnProgress | None = None) -> RenderResult:
    """Render what changed, one worker per core.

    ``summary`` is the merged year (read from outputs when the caller has none); ``progress(stage, done,
    total)`` is called as documents finish (the CLI draws the bar)."""
    year, plan = config.year, plan.in_year(config.year)
    summary = summary if summary is not None else load_summary(outputs, year)
    state_path = year_dir(outputs, year).render_state
    state = read_json(state_path)
    all_jobs = jobs(plan, outputs, year)
    whole = year_key(plan, config, outputs)
    todo, prints = _to_render(all_jobs, state, whole, lambda job: fingerprint(job, summary, plan, config))
    if prints and not todo:
        _save_state(state_path, state)  # the year key, for the next run's quick look
    timings = Timings()
    for n, done in enumerate(_run(todo, state, summary, config, plan, outputs) if todo else (), 1):
        state[done.job.stem] = {"fingerprint": prints[done.job.stem], "marked": done.marked, "content": done.content,
                                "pdf": done.pdf, "year": whole}
        timings.merge(done.timings)
        _save_state(state_path, state)
        if progress:
            progress("生成文档", n, len(todo))
    marked = {j.stem: _recorded(state, j.stem).get("marked", "") for j in all_jobs}
    return RenderResult(todo, [j for j in all_jobs if j not in todo], {k: v for k, v in marked.items() if v}, timings)


def _to_render(all_jobs: list[Job], state: dict, whole: str, print_of: Callable[[Job], str]
               ) -> tuple[list[Job], dict[str, str]]:
    """The jobs whose files are missing or were built from something else, and every job's fingerprint (none
    when the year is as it was when each document was rendered: then nothing is looked at)."""
    if all(up_to_date(state, j) and _recorded(state, j.stem).get("year") == whole for j in all_jobs):
        return [], {}
    prints = {job.stem: print_of(job) for job in all_jobs}
    todo = [j for j in all_jobs if not up_to_date(state, j, prints[j.stem])]
    for job in all_jobs:
        if job not in todo:  # unchanged: its files are what the year is now
            state[job.stem]["year"] = whole
    return todo, prints


def _save_state(path: Path, state: dict) -> None:
    atomic_write(path, json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True).encode())


def up_to_date(state: dict, job: Job, fingerprint: str | None = None) -> bool:
    """The job's files are there and were written from what it is built from now (``fingerprint``; without it,
    from anything: the cheap look a run takes before it knows the year's data)."""
    recorded = _recorded(state, job.stem)
    return bool(recorded) and (fingerprint is None or recorded.get("fingerprint") == fingerprint) \
        and all(f.exists() for f in job.files)


def _recorded(state: dict, stem: str) -> dict:
    entry = state.get(stem)
    return entry if isinstance(entry, dict) else {}  # a damaged or older state renders again


def _run(todo: list[Job], state: dict, summary: YearSummary, config: YearConfig, plan: Plan, outputs: Path
         ) -> Iterator[Rendered]:
    """Yield jobs as they finish: in worker processes (one per core), or here when there is one."""
    warm_up()
    workers = min(os.cpu_count() or 1, len(todo))
    if workers == 1:
        with collecting_per_document():
            yield from (render_job(job, summary, config, plan, outputs, _recorded(state, job.stem)) for job in todo)
        return
    # Forked workers inherit the year's data through their start (nothing of it is copied per job).
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"), initializer=_worker_start,
                             initargs=(summary, config, plan, outputs)) as pool:
        futures = [pool.submit(_render_in_worker, job, _recorded(state, job.stem)) for job in todo]
        yield from (future.result() for future in as_completed(futures))


_WORKER: dict = {}  # in a render worker: the year's data it was started with


def _worker_start(summary: YearSummary, config: YearConfig, plan: Plan, outputs: Path) -> None:
    die_with_parent()
    _WORKER.update(summary=summary, config=config, plan=plan, outputs=outputs)
    gc.disable()  # a worker's whole life is render_job after render_job, each collecting once at its end


def _render_in_worker(job: Job, before: dict) -> Rendered:
    return render_job(job, _WORKER["summary"], _WORKER["config"], _WORKER["plan"], _WORKER["outputs"], before)
