"""What the 终期 report says in the plan's last year: the whole period's ledger, what was achieved, what fell
short and why (as units reported it), and what carries into the next plan period."""

from __future__ import annotations

from pipeline.plan.identity import PlanInfo
from pipeline.render.content import measures as say
from pipeline.render.content.items import common_points, final_area_paragraph, highlights, quoted
from pipeline.render.content.report import attachments, by_area, scope, units_context
from pipeline.render.content.words import cn_number, item_list, tally
from pipeline.settings import YearConfig
from pipeline.terms import Verdict
from pipeline.util.text import cn_date


def _ledger_tally(things: list[dict]) -> str:
    return tally([(sum(1 for t in things if t["verdict"] == Verdict.DONE), "完成"),
                  (sum(1 for t in things if t["verdict"] == Verdict.NOT_DONE), "未完成"),
                  (sum(1 for t in things if t["verdict"] == Verdict.NO_DATA), "缺少终期数据")])


def final_measures(summary: dict, info: PlanInfo) -> dict:
    ms = summary["measures"]
    done = [m for m in ms if m["verdict"] == Verdict.DONE]
    short = [m for m in ms if m["verdict"] == Verdict.NOT_DONE]
    silent = [m for m in ms if m["verdict"] == Verdict.NO_DATA]
    # The clearest achievements: the largest share of the way from baseline to goal.
    shown = sorted(done, key=lambda m: -(m["share"] or 0))[:4]
    return {
        "n_measures": len(ms), "tally": _ledger_tally(ms), "n_done": len(done),
        "done_names": item_list([m["metric"] for m in done], 5, "项指标"),
        "achieved": [say.achieved_clause(m, info) for m in shown],
        "short": [say.shortfall_sentence(m, info) for m in short],
        "short_names": item_list([m["metric"] for m in short], 6, "项指标"),
        "missing": say.missing_sentence(silent, info.target_year),
        "disagreements": [say.disagreement_sentence(m) for m in ms if m["disagreements"]],
    }


def final_items(summary: dict) -> dict:
    words = summary["words"]
    tasks = [i for i in summary["items"] if i["kind"] == "task"]
    projects = [i for i in summary["items"] if i["kind"] == "project"]
    everything = tasks + projects
    short = [i for i in everything if i["verdict"] != Verdict.DONE]
    return {
        "n_tasks": len(tasks), "n_projects": len(projects), "tally": _ledger_tally(everything),
        "scope": scope(tasks, projects, words),
        "areas": [(area, final_area_paragraph(items, "任务")) for area, items in by_area(tasks)],
        "projects": final_area_paragraph(projects, words["project"]) if projects else "",
        "achievements": highlights(everything, "summary"),
        "short": item_list([quoted(i) for i in short], 8),
        "causes": common_points([i for i in everything if i["verdict"] == Verdict.NOT_DONE], "problems"),
    }


def final_context(summary: dict, config: YearConfig, info: PlanInfo) -> dict:
    listed = attachments(summary, info)
    return {
        "year": summary["year"], "config": config, "info": info, "sample": summary["sample"],
        "date": cn_date(config.doc_date), "cn": cn_number, "words": summary["words"],
        "units": units_context(summary), "measures": final_measures(summary, info), "items": final_items(summary),
        "attachments": listed, "attach": {key: n for n, (key, _, _) in enumerate(listed, 1)},
    }
