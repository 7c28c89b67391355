"""What the consolidated report of an ongoing year says: its context for ``pipeline/templates/report.txt.j2`` and
its attachment tables (one column per plan year)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from pipeline.intake.status import UnitStatus
from pipeline.merge.model import ItemResult, MeasureResult, YearSummary, answerer
from pipeline.plan.identity import PlanInfo
from pipeline.plan.words import Words
from pipeline.render.content import measures as say
from pipeline.render.content.items import LAGGING, area_paragraph, common_points, highlights, quoted
from pipeline.render.content.numbers import amount
from pipeline.render.content.tables import table
from pipeline.render.content.trends import trend, trend_phrase
from pipeline.render.content.words import clean, cn_number, item_list, share_of, tally, unit_list
from pipeline.render.document import Table
from pipeline.settings import YearConfig
from pipeline.terms import ItemKind, ItemStatus, Progress, TaskStatus, UnitState, Verdict
from pipeline.util.templates import Context, Verbatim
from pipeline.util.text import cn_date

if TYPE_CHECKING:
    from pipeline.render.content.final import FinalItems, FinalMeasures


def by_area(items: list[ItemResult]) -> list[tuple[str, list[ItemResult]]]:
    areas: dict[str, list[ItemResult]] = {}
    for item in items:
        areas.setdefault(item.area, []).append(item)
    return list(areas.items())


def scope(tasks: list, projects: list, words: Words) -> str:
    """'22项重点任务和11项示范工程', in the plan's words (a kind the plan has none of is not named)."""
    parts = [f"{n}项{what}" for n, what in ((len(tasks), words.task), (len(projects), words.project)) if n]
    return "和".join(parts)


@dataclass(frozen=True)
class UnitsContext:
    n_units: int
    submitted: int
    missing: str  # the units that sent nothing, as a list in words ('' when none)
    rejected: str

    @classmethod
    def of(cls, summary: YearSummary) -> UnitsContext:
        units = summary.units
        return cls(len(units), sum(1 for u in units if u.state == UnitState.SUBMITTED),
                   unit_list([u.full for u in units if u.state == UnitState.MISSING]),
                   unit_list([u.full for u in units if u.state == UnitState.REJECTED]))


def _steady(measures: list[MeasureResult], year: int) -> str:
    """'A、B和C2017年以来逐年提高；D…': measures on a steady path the right way, grouped by their path."""
    groups: dict[str, list[str]] = {}
    for m in measures:
        t = trend(m.series, m.unit)
        if t.steady and (t.direction == "提高") == (m.comparator in say.HIGHER):
            groups.setdefault(trend_phrase(t, year), []).append(m.metric)
    return "；".join(item_list(names, 4, "项指标") + phrase for phrase, names in groups.items())


def _compared(measures: list[MeasureResult], year: int) -> str:
    """'与2018年相比，15项指标有所改善，3项有所退步。' ('' without last year's data)."""
    pairs = [(m, m.value - m.previous) for m in measures if m.value is not None and m.previous is not None]
    if not pairs:
        return ""
    better = sum(1 for m, d in pairs if (d > 0) == (m.comparator in say.HIGHER) and abs(d) > 1e-9)
    worse = sum(1 for m, d in pairs if (d > 0) != (m.comparator in say.HIGHER) and abs(d) > 1e-9)
    level = len(pairs) - better - worse
    text = tally([(better, "指标有所改善"), (worse, "有所退步"), (level, "与上年持平")])
    return f"与{year - 1}年相比，{text}。" if text else ""


@dataclass(frozen=True)
class MeasuresContext:
    """The measures of an ongoing year, in sentences and lists."""

    n_measures: int
    overview: str  # '20项可度量目标中，2项已提前达到2020年目标，11项进度正常…'
    compared: str  # against last year
    met: str
    n_met: int
    on_track: str
    n_on_track: int
    steady: str
    behind: list[str]  # a sentence per lagging measure
    behind_names: str
    missing: str
    disagreements: list[str]

    @classmethod
    def of(cls, summary: YearSummary, info: PlanInfo) -> MeasuresContext:
        year, ms = summary.year, summary.measures
        of = {p: [m for m in ms if m.progress == p] for p in Progress}
        return cls(
            len(ms),
            share_of(f"{len(ms)}项可度量目标", len(ms),
                     [(len(of[Progress.MET]), f"已提前达到{info.target_year}年目标"),
                      (len(of[Progress.ON_TRACK]), "进度正常"), (len(of[Progress.BEHIND]), "进度滞后"),
                      (len(of[Progress.NOT_REPORTED]), "未报送数据")]),
            _compared(ms, year), "、".join(say.met_clause(m, info) for m in of[Progress.MET]), len(of[Progress.MET]),
            item_list([m.metric for m in of[Progress.ON_TRACK]], 5, "项指标"), len(of[Progress.ON_TRACK]),
            _steady(of[Progress.ON_TRACK] + of[Progress.MET], year),
            [say.behind_sentence(m, year, info) for m in of[Progress.BEHIND]],
            item_list([m.metric for m in of[Progress.BEHIND]], 4, "项指标"),
            say.missing_sentence(of[Progress.NOT_REPORTED], year),
            [say.disagreement_sentence(m) for m in ms if m.disagreements])


@dataclass(frozen=True)
class ItemsContext:
    """The tasks and projects of an ongoing year."""

    n_tasks: int
    n_projects: int
    scope: str  # '22项重点任务和11项示范工程'
    overview: str  # '22项重点任务和11项示范工程中，10项已完成…'
    areas: list[tuple[str, str]]  # (area, its paragraph)
    projects: str
    highlights: list[str]
    lagging: str
    lagging_leads: str
    problems: list[str]
    plans: list[str]

    @classmethod
    def of(cls, summary: YearSummary) -> ItemsContext:
        words = summary.words
        tasks, projects = summary.of_kind(ItemKind.TASK), summary.of_kind(ItemKind.PROJECT)
        everything = tasks + projects
        lagging = [i for i in everything if i.status in LAGGING]
        whole = scope(tasks, projects, words)
        return cls(
            len(tasks), len(projects), whole,
            share_of(whole, len(everything), [(sum(1 for i in everything if i.status == s), s) for s in TaskStatus]
                     + [(sum(1 for i in everything if i.status == ItemStatus.NOT_REPORTED), f"{words.answerer}未报送")]),
            [(area, area_paragraph(items, "任务")) for area, items in by_area(tasks)],
            area_paragraph(projects, words.project) if projects else "", highlights(everything, "work"),
            item_list([quoted(i.title) for i in lagging]), unit_list([u for i in lagging for u in i.lead]),
            common_points(everything, "problems"), common_points(everything, "plans", said="提出"))


class Attachment(NamedTuple):
    key: str  # what the text calls it by: attach[key] is its number
    title: str
    part: Verbatim  # the directives that place it (@表 …, @图 …)


@dataclass(frozen=True)
class ReportContext(Context):
    """What ``report.txt.j2`` (and, with the 终期 parts, ``report_final.txt.j2``) may use."""

    year: int
    config: YearConfig
    info: PlanInfo
    sample: bool
    date: str  # the report's date, as a Chinese date
    words: Words
    units: UnitsContext
    measures: MeasuresContext | FinalMeasures
    items: ItemsContext | FinalItems
    attachments: list[Attachment]
    attach: dict[str, int] = field(init=False)  # attachment key → its number
    cn: Callable[[int], str] = cn_number

    def __post_init__(self) -> None:
        object.__setattr__(self, "attach", {a.key: n for n, a in enumerate(self.attachments, 1)})


TREND_PAGE = 20  # small multiples a page holds


def trend_pages(measures: list[MeasureResult]) -> dict[str, list[MeasureResult]]:
    """The measures of each page of the trend chart: 'trends', 'trends2'… (twenty to a page)."""
    return {f"trends{n // TREND_PAGE + 1 if n else ''}": measures[n:n + TREND_PAGE]
            for n in range(0, len(measures), TREND_PAGE)}


def attachments(summary: YearSummary, info: PlanInfo) -> list[Attachment]:
    """Each attachment the year has: charts and tables of what the plan holds."""
    year, final, words = summary.year, summary.final, summary.words
    period = info.words.ledger if final else f"{year}年度"
    found = []
    if summary.measures:
        pages = Verbatim("\n".join(f"@图 {name}" for name in trend_pages(summary.measures)))
        found += [Attachment("trends", f"各项指标{info.base_year}年以来的变化", pages),
                  Attachment("measures", f"{period}{words.measures_sheet}完成情况表", Verbatim("@表 measures"))]
    for kind, key, noun in ((ItemKind.TASK, "tasks", words.task), (ItemKind.PROJECT, "projects", words.project)):
        if summary.of_kind(kind):
            found.append(Attachment(key, f"{period}{noun}{'完成' if final else '进展'}情况表", Verbatim(f"@表 {key}")))
    return found + [Attachment("units", f"{year}年度各单位报送情况表", Verbatim("@表 units"))]


def report_context(summary: YearSummary, config: YearConfig, info: PlanInfo) -> ReportContext:
    return ReportContext(summary.year, config, info, summary.sample, cn_date(config.doc_date), summary.words,
                         UnitsContext.of(summary), MeasuresContext.of(summary, info), ItemsContext.of(summary),
                         attachments(summary, info))


def measure_table(summary: YearSummary, info: PlanInfo, final: bool) -> Table:
    """Each measure with its unit, baseline, a column per plan year so far, goal and progress (or verdict)."""
    years = list(summary.measures[0].series) if summary.measures else []
    rows = [[m.id, m.metric + (f"（{m.unit}）" if m.unit else ""), amount(m.baseline),
             *(amount(m.series[y]) for y in years[:-1]), say.value_cell(m, m.value),
             say.goal_cell(m, m.value), m.verdict if final else m.progress] for m in summary.measures]
    headers = ["编号", "指标（计量单位）", f"{info.base_year}年基数", *(f"{y}年" for y in years),
               f"{info.target_year}年目标", info.words.result if final else "进度"]
    align = ["center", "left", *(["right"] * (len(years) + 2)), "center"]
    return table(headers, rows, align, "table_small")


def item_table(items: list[ItemResult], final: bool, info: PlanInfo) -> Table:
    if final:
        rows = [[i.id, i.title, unit_list(i.lead, 2), i.verdict,
                 (clean(i.problems) if i.verdict == Verdict.NOT_DONE else "") or "—"] for i in items]
        return table(["编号", "事项", answerer(items), info.words.result, "未完成的原因"], rows,
                     ["center", "left", "center", "center", "left"])
    rows = [[i.id, i.title, unit_list(i.lead, 2), i.status,
             unit_list(i.not_reported, 3) if i.not_reported else "—"] for i in items]
    return table(["编号", "事项", answerer(items), "进展状态", "未报送的责任单位"], rows,
                 ["center", "left", "center", "center", "left"])


def _remark(unit: UnitStatus) -> str:
    """The unit table's 说明: the names the notice gave the unit's items to (机构改革), and the version note."""
    former = f"原{'、'.join(unit.formerly)}" if unit.formerly else ""
    return "；".join(p for p in (former, unit.note) if p) or "—"


def unit_table(summary: YearSummary) -> Table:
    rows = [[str(n), u.full, u.state, cn_date(u.filled_on) or "—", _remark(u)]
            for n, u in enumerate(summary.units, 1)]
    return table(["序号", "单位", "报送情况", "填报日期", "说明"], rows, ["center", "left", "center", "center", "left"])


def report_tables(summary: YearSummary, info: PlanInfo) -> dict[str, Table]:
    final = summary.final
    tables = {"units": unit_table(summary)}
    if summary.measures:
        tables["measures"] = measure_table(summary, info, final)
    for kind, key in ((ItemKind.TASK, "tasks"), (ItemKind.PROJECT, "projects")):
        if summary.of_kind(kind):
            tables[key] = item_table(summary.of_kind(kind), final, info)
    return tables
