"""Charts where a reader would rather look: measures' progress from baseline toward target."""

from __future__ import annotations

import io

from pipeline.render.document import Chart
from pipeline.render.fonts import resolve_fonts
from pipeline.render.style import style_table


def progress_chart(measures: list[dict], year: int, width_mm: float = 156, caption: str = "") -> Chart:
    """Horizontal bars: how far each measure has come from its 2015 baseline to its 2020 goal."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot
    from matplotlib.patches import Patch

    chart = style_table()["chart"]
    colors = chart["colors"]
    face = resolve_fonts()["fangsong"]  # the body face: its glyphs are in the PDF already
    if face.file:
        font_manager.fontManager.addfont(face.file)
    font = font_manager.FontProperties(family=[face.family, "Noto Sans CJK SC", "sans-serif"])
    # Text stays text in the SVG, set in the PDF's own embedded face: no second copy of the glyphs.
    matplotlib.rcParams.update({"svg.hashsalt": "gbt9704", "svg.fonttype": "none", "axes.unicode_minus": False,
                                "font.family": [face.family, "Noto Sans CJK SC", "sans-serif"]})
    expected = (year - 2015) / 5 * 100
    rows = list(reversed(measures))
    height_mm = 18 + 4.2 * len(rows)
    fig, ax = pyplot.subplots(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=100)
    try:
        for n, m in enumerate(rows):
            share = m["share"]
            shown = 0 if share is None else max(-10.0, min(130.0, share * 100))
            ax.barh(n, shown, color=colors[m["progress"]], height=0.62)
            label = "未报送" if share is None else f"{share * 100:.0f}%"
            ax.text(max(shown, 0) + 1.5, n, label, va="center", fontproperties=font, fontsize=8,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3})
        ax.axvline(expected, color=chart["expected"], linestyle="--", linewidth=0.9)
        ax.text(expected - 1.5, len(rows) - 0.3, f"{year}年应达进度 {expected:.0f}%", color=chart["expected"],
                fontproperties=font, fontsize=8, ha="right", va="bottom")
        ax.axvline(100, color=chart["goal"], linewidth=0.6)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([f"{m['id']} {m['metric']}" for m in rows], fontproperties=font, fontsize=8)
        ax.set_xlim(-10, 140)
        ax.set_ylim(-0.6, len(rows) + 0.4)
        ax.set_xlabel("由2015年基数到2020年目标的完成程度（%）", fontproperties=font, fontsize=9)
        for tick in ax.get_xticklabels():
            tick.set_fontproperties(font)
            tick.set_fontsize(8)
        ax.spines[["top", "right"]].set_visible(False)
        handles = [Patch(color=c, label=k) for k, c in colors.items()]
        small = font.copy()
        small.set_size(8)
        ax.legend(handles=handles, prop=small, loc="lower right", frameon=False, ncol=4,
                  bbox_to_anchor=(1.0, -0.02 - 9 / height_mm * 2.2))
        fig.tight_layout()
        svg, png = io.BytesIO(), io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        fig.savefig(png, format="png", dpi=180, metadata={"Software": None})
    finally:
        pyplot.close(fig)
    return Chart(svg.getvalue(), png.getvalue(), width_mm, height_mm, caption)

