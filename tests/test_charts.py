"""Tests for dashboard.charts: the Vega-Lite specs, read as dicts (encodings, axes, series)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest

from claims.control import COMPOSITE, SIDE_VIEWS, asserted_control
from claims.dataset import Dataset, load_dataset
from claims.model import Holder
from dashboard import charts, tables

ON = date(2025, 3, 13)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def series(dataset: Dataset) -> pd.DataFrame:
    """The area series on every fifth change day (the page uses all; the shape is the same)."""
    days = dataset.change_days[::5]
    return tables.area_over_time(asserted_control(dataset.ledger, dataset.theatre, d) for d in days)


@pytest.fixture(scope="module")
def timeline(dataset: Dataset) -> pd.DataFrame:
    return tables.figures_timeline(dataset.ledger.records, until=date(2025, 4, 28))


def layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec["layer"])


def mark_type(layer: dict[str, Any]) -> str:
    mark = layer["mark"]
    return str(mark["type"] if isinstance(mark, dict) else mark)


def dataset_of(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec["datasets"][layer["data"]["name"]])


def test_area_series_holds_both_sides_for_every_view(series: pd.DataFrame) -> None:
    assert set(series["holder"]) == {"ukraine", "russia"}
    views = set(series["view"])
    assert {COMPOSITE, *SIDE_VIEWS.values()} <= views
    # A claimant that never asserts ground has no line to draw.
    assert all(series[series["view"] == v]["km2"].max() > 0 for v in views - {COMPOSITE})


@pytest.mark.parametrize("holder", [Holder.UKRAINE, Holder.RUSSIA])
def test_area_chart_draws_a_handful_of_series_on_a_km2_axis(
    series: pd.DataFrame, holder: Holder
) -> None:
    spec = charts.area_chart(
        series, on=ON, holder=holder, shown=charts.DEFAULT_AREA_VIEWS
    ).to_dict()
    lines, *_ = layers(spec)
    assert mark_type(lines) == "line"
    y = lines["encoding"]["y"]
    assert y["field"] == "km2" and "km²" in y["title"] and holder.value.title() in y["title"]
    assert y["axis"]["format"] == ",.0f"
    colour = lines["encoding"]["color"]
    assert len(colour["scale"]["domain"]) == len(charts.DEFAULT_AREA_VIEWS) == 4
    assert colour["legend"]["labelLimit"] == 0  # no label cut to "Ukraine: all Ukr…"
    drawn = {row["series"] for row in dataset_of(spec, lines)}
    assert drawn == set(colour["scale"]["domain"])
    assert {row["holder"] for row in dataset_of(spec, lines)} == {holder.value}
    assert spec["height"] >= 200 and spec["autosize"]["type"] == "fit-x"


def test_area_chart_marks_the_shown_date(series: pd.DataFrame) -> None:
    spec = charts.area_chart(
        series, on=ON, holder=Holder.UKRAINE, shown=charts.DEFAULT_AREA_VIEWS
    ).to_dict()
    _, rule, label = layers(spec)
    assert mark_type(rule) == "rule" and rule["encoding"]["x"]["field"] == "date"
    (marked,) = dataset_of(spec, rule)
    assert pd.Timestamp(marked["date"]).date() == ON
    assert marked["label"] == "13 Mar 2025"
    assert mark_type(label) == "text"


def test_area_chart_draws_at_most_the_series_limit(series: pd.DataFrame) -> None:
    every = charts.area_views(series)
    assert len(every) > charts.MAX_AREA_SERIES
    spec = charts.area_chart(series, on=ON, holder=Holder.UKRAINE, shown=every).to_dict()
    domain = layers(spec)[0]["encoding"]["color"]["scale"]["domain"]
    assert len(domain) == charts.MAX_AREA_SERIES


def test_area_views_offer_the_defaults_first(series: pd.DataFrame) -> None:
    views = charts.area_views(series)
    assert views[:4] == list(charts.DEFAULT_AREA_VIEWS)
    assert len(views) == len(set(views)) == series["view"].nunique()


def test_series_labels_stay_apart_when_short_names_clash() -> None:
    labels = charts.series_labels(["Radio Liberty (RFE/RL)", "Radio Liberty (Russian service)"])
    assert len(set(labels.values())) == 2
    assert charts.series_labels([COMPOSITE]) == {COMPOSITE: "Latest word"}


def test_figures_chart_puts_one_unit_on_its_axis(timeline: pd.DataFrame) -> None:
    assert timeline["unit"].nunique() > 1  # personnel and tanks both claimed
    spec = charts.figures_chart(timeline, unit="tanks", basis="cumulative", on=ON).to_dict()
    ranges, points, rule, _ = layers(spec)
    units = {row["unit"] for layer in (ranges, points) for row in dataset_of(spec, layer)}
    assert units == {"tanks"}
    assert {row["basis"] for row in dataset_of(spec, points)} == {"cumulative"}
    assert ranges["encoding"]["y"]["title"].startswith("tanks")
    assert mark_type(rule) == "rule"


def test_figures_chart_draws_ranges_from_low_to_high() -> None:
    """A claim of "4,000 to 6,500" is a bar from 4,000 to 6,500 with its point at the value."""
    killed, tanks = "personnel killed", "tanks"
    rows = [
        ("2024-09-01", "A", killed, "ukraine", "cumulative", 5000, 4000, 6500, "range", "a"),
        ("2024-09-03", "B", killed, "russia", "cumulative", 300, 300, 300, "exact", "b"),
        ("2024-09-03", "B", tanks, "russia", "cumulative", 12, 12, 12, "exact", "c"),
    ]
    timeline = pd.DataFrame(rows, columns=list(tables.figures_timeline([], until=ON).columns))
    timeline["date"] = pd.to_datetime(timeline["date"]).dt.date
    spec = charts.figures_chart(
        timeline, unit="personnel killed", basis="cumulative", on=date(2024, 9, 3)
    ).to_dict()
    ranges, points, *_ = layers(spec)
    assert mark_type(ranges) == "rule"
    assert ranges["encoding"]["y"]["field"] == "low" and ranges["encoding"]["y2"]["field"] == "high"
    assert mark_type(points) == "point" and points["encoding"]["y"]["field"] == "value"
    drawn = {row["claim"]: (row["low"], row["high"]) for row in dataset_of(spec, ranges)}
    assert drawn == {"a": (4000, 6500), "b": (300, 300)}  # tanks are not on this axis
    colours = {row["claim"]: row["losses of"] for row in dataset_of(spec, points)}
    assert colours == {"a": "Ukrainian losses", "b": "Russian losses"}
    # The legend lists only what is drawn: no "other losses" here.
    legend = points["encoding"]["color"]["scale"]["domain"]
    assert legend == ["Ukrainian losses", "Russian losses"]


def test_a_units_charts_span_the_same_days(timeline: pd.DataFrame) -> None:
    domains = [
        charts.figures_chart(timeline, unit="tanks", basis=basis, on=ON).to_dict()["layer"][0][
            "encoding"
        ]["x"]["scale"]["domain"]
        for basis in ("cumulative", "incremental")
    ]
    assert domains[0] == domains[1]


@pytest.mark.parametrize("days", [0, 1, 6, 14, 60, 119, 121, 300])
def test_date_axes_tick_whole_days_or_months(days: int) -> None:
    first = date(2024, 8, 6)
    ticks = charts.day_ticks(first, first + timedelta(days=days))
    interval = ticks["tickCount"]["interval"]
    assert interval in {"day", "month"}  # never hours
    if interval == "day":
        assert ticks["tickCount"]["step"] >= 1
        assert days / ticks["tickCount"]["step"] <= charts.MAX_DAY_TICKS
        assert "%H" not in ticks["format"]


def test_figures_chart_over_a_few_days_ticks_by_day(timeline: pd.DataFrame) -> None:
    early = timeline[pd.to_datetime(timeline["date"]) <= pd.Timestamp(2024, 8, 10)]
    spec = charts.figures_chart(
        early, unit="personnel total", basis="cumulative", on=date(2024, 8, 10)
    ).to_dict()
    axis = layers(spec)[0]["encoding"]["x"]["axis"]
    assert axis["tickCount"] == {"interval": "day", "step": 1}
    assert axis["format"] == "%-d %b"


def test_an_open_bound_points_the_way_it_is_open(timeline: pd.DataFrame) -> None:
    """Zelensky's "more than 38,000" Russian losses (6 Jan 2025) is drawn as at least 38,000."""
    more_than = timeline[(timeline["bound"] == "at least") & (timeline["value"] == 38000)]
    assert not more_than.empty
    unit, basis = more_than.iloc[0]["unit"], more_than.iloc[0]["basis"]
    spec = charts.figures_chart(timeline, unit=unit, basis=basis, on=ON).to_dict()
    points = layers(spec)[1]
    shapes = points["encoding"]["shape"]["scale"]
    assert dict(zip(shapes["domain"], shapes["range"], strict=True))["at least"] == "triangle-up"
    claim = more_than.iloc[0]["claim"]
    drawn = {row["bound"] for row in dataset_of(spec, points) if row["claim"] == claim}
    assert drawn == {"at least"}
