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
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.plan import Plan
from pipeline.plan.identity import PlanInfo
from pipeline.render import chart_store
from pipeline.render.compose import compose_report, compose_unit, report_charts
from pipeline.render.content.unit import unit_slice
from pipeline.render.document import Document
from pipeline.render.fonts import font_report, installed_reach
from pipeline.render.writers import FORMATS, writer
from pipeline.settings import YearConfig
from pipeline.util.files import CACHE, atomic_write, read_json
from pipeline.util.hashing import code_digest, digest
from pipeline.util.timing import Timings

STATE = ".render-state.json"
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Job:
    name: str
    folder: Path
    stem: str
    unit: str | None  # None for the consolidated report

    @property
    def files(self) -> list[Path]:
        return [self.folder / f"{self.stem}{suffix}" for suffix in FORMATS]


def report_stem(info: PlanInfo, year: int) -> str:
    return f"{year}年度{info.theme}目标任务{'终期' if info.is_final(year) else ''}完成情况报告"


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
    found = [Job("report", base / "report", report_stem(plan.info, year), None)]
    found += [Job(u.short, base / "units", unit_stem(year, u.short), u.short) for u in plan.reporting_units]
    return found


def job_data(job: Job, summary: dict, plan: Plan) -> dict:
    """All a document is built from: the whole year for the report, the unit's part for a summary."""
    return summary if job.unit is None else unit_slice(summary, plan, job.unit)


def fingerprint(job: Job, summary: dict, plan: Plan, config: YearConfig) -> str:
    payload = json.dumps([job_data(job, summary, plan), repr(config), repr(plan.info), font_report(),
                          installed_reach(), code_digest()], ensure_ascii=False, sort_keys=True, default=str)
    return digest(payload)


def attachments(job: Job, summary: dict, plan: Plan, outputs: Path) -> list[tuple[str, bytes]]:
    """The data a PDF carries: the whole merged year for the report, the unit's own part for a unit."""
    year = summary["year"]
    if job.unit is None:
        folder = outputs / str(year) / "merged"
        return [(p.name, p.read_bytes()) for p in (folder / "summary.json", folder / f"{year}年度汇总数据.xlsx")]
    data = json.dumps(job_data(job, summary, plan), ensure_ascii=False, indent=2, sort_keys=True)
    return [(f"{year}年度_{job.unit}_数据.json", data.encode())]


def charts_key(summary: dict, plan: Plan) -> str:
    """What the report's charts are drawn from: the measures, the plan, the code, style and fonts."""
    data = json.dumps([summary["measures"], summary["final"], summary["year"], repr(plan.info)], ensure_ascii=False,
                      sort_keys=True, default=str)
    return digest(data, code_digest(), installed_reach(), json.dumps(font_report(), sort_keys=True))


def compose(job: Job, summary: dict, config: YearConfig, plan: Plan, outputs: Path) -> Document:
    carried = attachments(job, summary, plan, outputs)
    if job.unit is None:
        drawn = chart_store.charts(outputs / str(config.year) / CACHE / "charts", charts_key(summary, plan),
                                   lambda: report_charts(summary, plan.info))
        return compose_report(summary, config, plan.info, carried, drawn)
    return compose_unit(job_data(job, summary, plan), config, plan.info, carried)


def write_files(doc: Document, folder: Path, stem: str, timings: Timings | None = None) -> list[Path]:
    """The document in every format, ``folder/stem.pdf`` first: its layout places the 版记 for the DOCX too."""
    timings = Timings() if timings is None else timings
    paths = [folder / f"{stem}{suffix}" for suffix in FORMATS]
    for path in paths:
        with timings.step(path.suffix[1:].upper()):
            atomic_write(path, writer(path.suffix)(doc))
    return paths


def render_job(job: Job, summary: dict, config: YearConfig, plan: Plan, outputs: Path) -> Rendered:
    """The job's files written: the characters its text had that no installed font can show, and its timings."""
    timings = Timings()
    with timings.step("组稿"):
        doc = compose(job, summary, config, plan, outputs)
    write_files(doc, job.folder, job.stem, timings)
    gc.collect()  # WeasyPrint leaves ~70 MB of cycles per document (DESIGN §5)
    gc.freeze()  # what survived is long-lived (fonts, templates, the year's data): not walked again
    return Rendered(job, doc.marked, timings)


def warm_up() -> None:
    """The heavy imports, then freeze them out of the collector (before forking render workers)."""
    writer(".docx"), writer(".pdf")
    import weasyprint  # noqa: F401

    gc.freeze()  # imported modules are permanent: later collections need not walk them
    gc.disable()  # and none run mid-layout: render_job collects once per document instead


@dataclass
class Rendered:
    job: Job
    marked: str  # characters no installed font can show (drawn as 〓)
    timings: Timings


_SHARED: dict = {}


def _render_shared(job: Job) -> Rendered:
    return render_job(job, _SHARED["summary"], _SHARED["config"], _SHARED["plan"], _SHARED["outputs"])


@dataclass
class Outcome:
    rendered: list[Job]
    unchanged: list[Job]
    marked: dict[str, str]  # document stem → characters shown as 〓 (no installed font has them)
    timings: Timings


def render(plan: Plan, config: YearConfig, outputs: Path, summary: dict | None = None,
           pool: ProcessPoolExecutor | None = None, progress: Progress | None = None) -> Outcome:
    """Render what changed (in ``pool`` when given).

    ``summary`` is the merged year (read from outputs when the caller has none); ``progress(stage, done,
    total)`` is called as documents finish (the CLI draws the bar)."""
    year = config.year
    summary = summary if summary is not None else load_summary(outputs, year)
    state_path = outputs / str(year) / STATE
    state = read_json(state_path)
    all_jobs = jobs(plan, outputs, year)
    prints = {job.stem: fingerprint(job, summary, plan, config) for job in all_jobs}
    todo = [j for j in all_jobs if _recorded(state, j.stem).get("fingerprint") != prints[j.stem]
            or not all(f.exists() for f in j.files)]
    timings = Timings()
    if todo:
        from pipeline.render.writers.pdf import check_subsetting

        check_subsetting()  # before any work: say what to install, once
        for n, done in enumerate(_run(todo, summary, config, plan, outputs, pool), 1):
            state[done.job.stem] = {"fingerprint": prints[done.job.stem], "marked": done.marked}
            timings.merge(done.timings)
            atomic_write(state_path, json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True).encode())
            if progress:
                progress("生成文档", n, len(todo))
    marked = {j.stem: _recorded(state, j.stem).get("marked", "") for j in all_jobs}
    return Outcome(todo, [j for j in all_jobs if j not in todo], {k: v for k, v in marked.items() if v}, timings)


def _recorded(state: dict, stem: str) -> dict:
    entry = state.get(stem)
    return entry if isinstance(entry, dict) else {}  # a damaged or older state renders again


def _run(todo: list[Job], summary: dict, config: YearConfig, plan: Plan, outputs: Path,
         pool: ProcessPoolExecutor | None) -> Iterator[Rendered]:
    """Yield jobs as they finish: in worker processes (one per core), or here when there is one."""
    workers = os.cpu_count() or 1
    if pool is None and len(todo) > 1 and workers > 1:
        warm_up()  # before forking: the workers start with everything imported
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as own:
            yield from _run(todo, summary, config, plan, outputs, own)
        return
    if pool is None:
        warm_up()
        yield from (render_job(job, summary, config, plan, outputs) for job in todo)
        return
    # Workers fork at the first submit and inherit the year's data: only the job is sent.
    _SHARED.update(summary=summary, config=config, plan=plan, outputs=outputs)
    futures = [pool.submit(_render_shared, job) for job in todo]
    yield from (future.result() for future in as_completed(futures))
