"""The report's charts are kept by what they are drawn from and drawn again when that or the store changes."""

from __future__ import annotations

from pipeline.render import chart_store
from pipeline.render.document import Chart


def drawing(calls: list[str], caption: str = "图"):
    def draw():
        calls.append(caption)
        return {"trends": Chart(b"<svg/>", b"\x89PNG", 156, 182, caption), "progress": Chart(b"<svg></svg>", b"P", 1, 2, "x")}
    return draw


def test_charts_are_drawn_once_for_the_same_data(tmp_path):
    calls: list[str] = []
    first = chart_store.charts(tmp_path, "k1", drawing(calls))
    again = chart_store.charts(tmp_path, "k1", drawing(calls))
    assert calls == ["图"] and again == first


def test_other_data_draws_again_and_replaces_the_old(tmp_path):
    calls: list[str] = []
    chart_store.charts(tmp_path, "k1", drawing(calls, "一"))
    second = chart_store.charts(tmp_path, "k2", drawing(calls, "二"))
    assert calls == ["一", "二"] and second["trends"].caption == "二"
    assert {p.name.split("-")[0].split(".")[0] for p in tmp_path.iterdir()} == {"k2"}


def test_a_damaged_store_is_drawn_again(tmp_path):
    calls: list[str] = []
    chart_store.charts(tmp_path, "k1", drawing(calls))
    (tmp_path / "k1-trends.png").unlink()
    assert chart_store.charts(tmp_path, "k1", drawing(calls))["trends"].png == b"\x89PNG"
    (tmp_path / "k1.json").write_text("{", encoding="utf-8")
    chart_store.charts(tmp_path, "k1", drawing(calls))
    assert calls == ["图"] * 3


def test_a_character_no_chart_face_has_is_marked_not_boxed_and_not_warned(tmp_path, plan):
    import warnings
    from dataclasses import replace

    from pipeline.merge.summary import merged_year
    from pipeline.render.charts import progress_chart, trend_chart
    from tests.merge.synthetic import intake_of

    merged = merged_year(plan, intake_of(plan, 2016), 2016).measures[0]
    measure = replace(merged, metric="𪛖测试\U0010FFFD指标")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's "Glyph … missing" would reach the clerk's terminal
        trend = trend_chart([measure], plan.info, False, "图")
        bars = progress_chart([measure], plan.info, 2016, "图")
    for chart in (trend, bars):
        assert "〓测试〓指标".encode() in chart.svg and "\U0010FFFD".encode() not in chart.svg
