"""Charts where a reader would rather look: each measure's path since the base year against the straight
path to its goal (small multiples), and how far each has come this year (bars)."""

from __future__ import annotations

import functools
import io
import re

from pipeline.plan.identity import PlanInfo
from pipeline.render.document import Chart
from pipeline.render.fonts import MISSING_MARK, coverage, resolve_fonts
from pipeline.render.style import style_table
from pipeline.terms import Progress, Verdict

COLUMNS = 4
FALLBACK = ("Noto Sans CJK SC", "DejaVu Sans")  # after the body face, for what it lacks


@functools.lru_cache
def _setup():
    """matplotlib with the PDF's own body face: text stays text in the SVG, no second copy of the glyphs (once
    per process)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    face = resolve_fonts()["fangsong"]
    if face.file:
        font_manager.fontManager.addfont(face.file)
    families = [face.family, *FALLBACK]
    # A fixed title height: matplotlib's own placement measures every panel's ticks for it (a tenth of the
    # charts' time) and, with no ticks on top, puts the title where this does.
    matplotlib.rcParams.update({"svg.hashsalt": "gbt9704", "svg.fonttype": "none", "axes.unicode_minus": False,
                                "font.family": families, "font.size": 7, "axes.titley": 1.0})
    return font_manager.FontProperties(family=families)


def prepare() -> None:
    """matplotlib imported and set up ahead of drawing (half a second: see render/run.py's warm_up)."""
    _setup()
    _chart_reach()
    from matplotlib import pyplot  # noqa: F401


@functools.lru_cache
def _chart_reach() -> frozenset[int]:
    """What the chart's faces can draw: matplotlib has no fallback beyond the families it is given."""
    from matplotlib import font_manager

    paths = {resolve_fonts()["fangsong"].file} | {font_manager.findfont(family) for family in FALLBACK}
    return frozenset().union(*(coverage(path) for path in paths if path))


def drawable(text: str) -> str:
    """Chart text with a character none of the chart's faces has drawn as 〓, as in the document's text (a
    box or an English warning on the terminal otherwise)."""
    reach = _chart_reach()
    return "".join(c if ord(c) < 0x80 or c.isspace() or ord(c) in reach else MISSING_MARK for c in text)


def _save(fig, width_mm: float, height_mm: float, caption: str) -> Chart:
    from matplotlib import pyplot

    try:
        svg, png = io.BytesIO(), io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        fig.savefig(png, format="png", dpi=180, metadata={"Software": None})
    finally:
        pyplot.close(fig)
    return Chart(svg.getvalue(), png.getvalue(), width_mm, height_mm, caption)


def _wrap(text: str, width: float, lines: int = 2) -> str:
    """Chinese text cut into lines of ``width`` characters (half-width ones count half), never inside a
    Latin word, a number or a bracketed unit; the last line ends in … when the text is longer."""
    out, line, used = [], "", 0.0
    for token in re.findall(r"（[^）]*）|[0-9A-Za-z.%/]+|\s|.", text):
        w = sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in token)
        if used + w > width and line.strip():
            out.append(line.strip())
            line, used = "", 0.0
        line += token
        used += w
    out.append(line.strip())
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:-1] + "…"
    return "\n".join(out)


def _panel(ax, m: dict, info: PlanInfo, color: str, chart: dict) -> None:
    years = [info.base_year, *(int(y) for y in m.series)]
    values = [m.baseline, *m.series.values()]
    if m.baseline is not None and m.goal is not None:
        ax.plot([info.base_year, info.target_year], [m.baseline, m.goal], color=chart["expected"],
                linestyle="--", linewidth=0.7)
        ax.plot([info.target_year], [m.goal], marker="*", color=chart["goal"], markersize=5, linestyle="none")
    ax.plot(years, [v if v is not None else float("nan") for v in values], color=color, marker="o",
            markersize=2.2, linewidth=1.1)
    unit = f"（{m.unit}）" if m.unit else ""
    ax.set_title(_wrap(drawable(f"{m.id} {m.metric}{unit}"), 13), fontsize=7, loc="left")
    ax.set_xlim(info.base_year - 0.4, info.target_year + 0.4)
    ax.set_xticks([info.base_year, info.target_year])
    ax.tick_params(labelsize=6, length=2, pad=1)
    ax.spines[["top", "right"]].set_visible(False)


def trend_chart(measures: list[dict], info: PlanInfo, final: bool, caption: str) -> Chart:
    """Small multiples in the plan's order: each measure's values since the base year (a gap where a year has
    no data), the straight path from its baseline to its goal (dashed), the goal (a star)."""
    _setup()
    from matplotlib import pyplot
    from matplotlib.lines import Line2D

    chart = style_table()["chart"]
    colors = chart["colors"]
    rows = max(1, -(-len(measures) // COLUMNS))
    width_mm, height_mm = 156, 12 + 34 * rows
    fig, axes = pyplot.subplots(rows, COLUMNS, figsize=(width_mm / 25.4, height_mm / 25.4), dpi=100, squeeze=False)
    for ax, m in zip(axes.flat, measures):
        key = m.progress if not final else {Verdict.DONE: Progress.MET, Verdict.NOT_DONE: Progress.BEHIND}.get(
            m.verdict, Progress.NOT_REPORTED)
        _panel(ax, m, info, colors[key], chart)
    for ax in list(axes.flat)[len(measures):]:
        ax.set_visible(False)
    handles = [Line2D([], [], color="#444444", marker="o", markersize=3, label="各年数值"),
               Line2D([], [], color=chart["expected"], linestyle="--", label=f"{info.base_year}年基数到目标的直线进度"),
               Line2D([], [], color=chart["goal"], marker="*", linestyle="none", label=f"{info.target_year}年目标")]
    fig.legend(handles=handles, loc="lower center", ncol=3, frameon=False, fontsize=7)
    _frame(fig, chart["trend_margins_mm"], width_mm, height_mm, rows)
    return _save(fig, width_mm, height_mm, caption)


def _frame(fig, m: dict, width_mm: float, height_mm: float, rows: int) -> None:
    """Place the panels by the style table's margins (in mm)."""
    panel_w = (width_mm - m["left"] - m["right"] - (COLUMNS - 1) * m["column_gap"]) / COLUMNS
    panel_h = (height_mm - m["top"] - m["bottom"] - (rows - 1) * m["row_gap"]) / rows
    fig.subplots_adjust(left=m["left"] / width_mm, right=1 - m["right"] / width_mm, bottom=m["bottom"] / height_mm,
                        top=1 - m["top"] / height_mm, wspace=m["column_gap"] / panel_w, hspace=m["row_gap"] / panel_h)


def progress_chart(measures: list[dict], info: PlanInfo, year: int, caption: str) -> Chart:
    """Horizontal bars: how far each measure has come from its baseline to its goal."""
    font = _setup()
    from matplotlib import pyplot
    from matplotlib.patches import Patch

    chart = style_table()["chart"]
    m = chart["progress_margins_mm"]
    colors = chart["colors"]
    rows = list(reversed(measures))
    labels = [drawable(f"{r.id} {r.metric}") for r in rows]
    width_mm, height_mm = 156, m["top"] + m["bottom"] + m["row"] * len(rows)
    fig, ax = pyplot.subplots(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=100)
    _bars(ax, rows, colors, font)
    expected = (year - info.base_year) / (info.target_year - info.base_year) * 100
    ax.axvline(expected, color=chart["expected"], linestyle="--", linewidth=0.9)
    ax.text(expected - 1.5, len(rows) - 0.3, f"{year}年应达进度 {expected:.0f}%", color=chart["expected"],
            fontproperties=font, fontsize=8, ha="right", va="bottom")
    ax.axvline(100, color=chart["goal"], linewidth=0.6)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(labels, fontproperties=font, fontsize=8)
    renderer = fig.canvas.get_renderer()  # the labels' own width sets the left margin (not a whole tight layout)
    left = max(t.get_window_extent(renderer).width for t in ax.get_yticklabels()) / fig.dpi * 25.4 + m["label_gap"]
    fig.subplots_adjust(left=left / width_mm, right=1 - m["right"] / width_mm, top=1 - m["top"] / height_mm,
                        bottom=m["bottom"] / height_mm)
    ax.set_xlim(-10, 140)
    ax.set_ylim(-0.6, len(rows) + 0.4)
    ax.set_xlabel(f"由{info.base_year}年基数到{info.target_year}年目标的完成程度（%）", fontproperties=font, fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    small = font.copy()
    small.set_size(8)
    fig.legend(handles=[Patch(color=c, label=k) for k, c in colors.items()], prop=small, loc="lower right",
               frameon=False, ncol=4, bbox_to_anchor=(1 - m["right"] / width_mm, 0))
    return _save(fig, width_mm, height_mm, caption)


def _bars(ax, rows: list[dict], colors: dict, font) -> None:
    """One bar per measure with its share written beside it (未报送 where it has none)."""
    for n, m in enumerate(rows):
        share = m.share
        shown = 0 if share is None else max(-10.0, min(130.0, share * 100))
        ax.barh(n, shown, color=colors[m.progress], height=0.62)
        text = Progress.NOT_REPORTED if share is None else f"{share * 100:.0f}%"
        ax.text(max(shown, 0) + 1.5, n, text, va="center", fontproperties=font, fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3})
