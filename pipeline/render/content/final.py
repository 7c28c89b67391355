"""What the 终期 report says in the plan's last year: the whole period's ledger, what was achieved, what fell
short and why (as units reported it), and what carries into the next plan period."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.merge.model import ItemResult, MeasureResult, YearSummary
from pipeline.plan.identity import PlanInfo
from pipeline.render.content import measures as say
from pipeline.render.content.items import common_points, final_area_paragraph, highlights, quoted
from pipeline.render.content.report import ReportContext, UnitsContext, attachments, by_area, scope
from pipeline.render.content.words import item_list, share_of
from pipeline.settings import YearConfig
from pipeline.terms import ItemKind, Verdict
from pipeline.util.text import cn_date


def _ledger(whole: str, things: list[MeasureResult] | list[ItemResult], data: str) -> str:
    """'20项可度量目标中，11项完成，9项未完成'; ``data``: what the missing figures are (终期, or 年度 in a plan of
    one year)."""
    return share_of(whole, len(things), [(sum(1 for t in things if t.verdict == Verdict.DONE), "完成"),
                  (sum(1 for t in things if t.verdict == Verdict.NOT_DONE), "未完成"),
                  (sum(1 for t in things if t.verdict == Verdict.NO_DATA), f"缺少{data}数据")])


@dataclass(frozen=True)
class FinalMeasures:
    """The measures over the whole plan period."""

    n_measures: int
    overview: str
    n_done: int
    done_names: str
    achieved: list[str]  # the clearest achievements, a clause each
    short: list[str]  # a sentence per target not met
    short_names: str
    missing: str
    disagreements: list[str]

    @classmethod
    def of(cls, summary: YearSummary, info: PlanInfo) -> FinalMeasures:
        ms = summary.measures
        done = [m for m in ms if m.verdict == Verdict.DONE]
        short = [m for m in ms if m.verdict == Verdict.NOT_DONE]
        silent = [m for m in ms if m.verdict == Verdict.NO_DATA]
        shown = sorted(done, key=lambda m: -(m.share or 0))[:4]  # the largest share of the way to the goal
        return cls(len(ms), _ledger(f"{len(ms)}项可度量目标", ms, info.words.data), len(done), item_list([m.metric for m in done], 5, "项指标"),
                   [say.achieved_clause(m, info) for m in shown], [say.shortfall_sentence(m, info) for m in short],
                   item_list([m.metric for m in short], 6, "项指标"), say.missing_sentence(silent, info.target_year),
                   [say.disagreement_sentence(m) for m in ms if m.disagreements])


@dataclass(frozen=True)
class FinalItems:
    """The tasks and projects over the whole plan period."""

    n_tasks: int
    n_projects: int
    overview: str
    scope: str
    areas: list[tuple[str, str]]
    projects: str
    achievements: list[str]
    short: str
    causes: list[str]

    @classmethod
    def of(cls, summary: YearSummary, info: PlanInfo) -> FinalItems:
        words = summary.words
        tasks, projects = summary.of_kind(ItemKind.TASK), summary.of_kind(ItemKind.PROJECT)
        everything = tasks + projects
        short = [i for i in everything if i.verdict != Verdict.DONE]
        whole = scope(tasks, projects, words)
        data = info.words.data
        return cls(len(tasks), len(projects), _ledger(whole, everything, data), whole,
                   [(area, final_area_paragraph(items, "任务", data)) for area, items in by_area(tasks)],
                   final_area_paragraph(projects, words.project, data) if projects else "",
                   highlights(everything, "summary"), item_list([quoted(i.title) for i in short], 8),
                   common_points([i for i in everything if i.verdict == Verdict.NOT_DONE], "problems"))


def final_context(summary: YearSummary, config: YearConfig, info: PlanInfo) -> ReportContext:
    return ReportContext(summary.year, config, info, summary.sample, cn_date(config.doc_date), summary.words,
                         UnitsContext.of(summary), FinalMeasures.of(summary, info), FinalItems.of(summary, info),
                         attachments(summary, info))
