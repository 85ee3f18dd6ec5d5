"""Vega-Lite charts of the page, built from DataFrames. Pure: no Streamlit.

Each chart speaks one unit on one axis (km², or personnel, or tanks), says it in the axis title,
marks the shown date with a rule, and draws only the few series asked for, so its legend is short
enough to read whole.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd

from claims.control import COMPOSITE, SIDE_VIEWS
from claims.model import Holder, Side
from dashboard.styles import SIDE_COLOURS
from dashboard.wording import day_text, short_name

# The handful of series the area chart draws unless the reader picks others: the latest word of
# all claimants, and each side's combined latest word.
DEFAULT_AREA_VIEWS = (COMPOSITE, *SIDE_VIEWS.values())
MAX_AREA_SERIES = 8
COMPOSITE_COLOUR = "#222222"
# Okabe-Ito colours left once the side colours are taken, for claimants picked one by one.
OTHER_COLOURS = ("#56B4E9", "#CC79A7", "#F0E442", "#E69F00", "#000000", "#7F7F7F", "#999933")
CHART_HEIGHT = 260
# Fit the page's width, keep the plot's own height: a legend under the plot adds to the height
# instead of squeezing the plot (Streamlit's default, "fit", squeezes it).
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
# Ticks for daily data: whole days, never hours; months once a chart spans a season.
MAX_DAY_TICKS = 8
MONTH_TICKS_AFTER_DAYS = 120
BOUND_SHAPES = {
    "exact": "circle",
    "range": "circle",
    "at least": "triangle-up",
    "at most": "triangle-down",
}
LOSSES_OF = {"ukraine": "Ukrainian losses", "russia": "Russian losses", "other": "other losses"}
LOSS_COLOURS = {
    "Ukrainian losses": SIDE_COLOURS[Side.UKRAINE],
    "Russian losses": SIDE_COLOURS[Side.RUSSIA],
    "other losses": SIDE_COLOURS[Side.OTHER],
}


def area_views(series: pd.DataFrame) -> list[str]:
    """The views the area chart can draw: the default few first, then claimants by side and name."""
    present = dict(zip(series["view"], series["side"], strict=False))
    defaults = [view for view in DEFAULT_AREA_VIEWS if view in present]
    order = {side.value: index for index, side in enumerate(SIDE_COLOURS)}
    others = sorted(
        (view for view in present if view not in defaults),
        key=lambda view: (order.get(present[view], len(order)), view),
    )
    return defaults + others


def series_labels(views: Sequence[str]) -> dict[str, str]:
    """Each view's legend label: its short name, or its full name where two short names clash."""
    short = {view: short_name(view) for view in views}
    clashes = {label for label in short.values() if list(short.values()).count(label) > 1}
    return {view: view if label in clashes else label for view, label in short.items()}


def series_colours(views: Sequence[str]) -> dict[str, str]:
    """The colour of each view: the composite dark, side views in the side colour, others apart."""
    side_of_view = {name: side for side, name in SIDE_VIEWS.items()}
    spare = iter(OTHER_COLOURS * (1 + len(views) // len(OTHER_COLOURS)))
    colours = {}
    for view in views:
        if view == COMPOSITE:
            colours[view] = COMPOSITE_COLOUR
        elif view in side_of_view:
            colours[view] = SIDE_COLOURS[side_of_view[view]]
        else:
            colours[view] = next(spare)
    return colours


def area_chart(
    series: pd.DataFrame, *, on: date, holder: Holder, shown: Sequence[str]
) -> alt.LayerChart:
    """km² asserted held by `holder` over time, one line per shown view, the date `on` marked.

    `series` has the columns of `tables.area_over_time`: date, view, side, holder, km2.
    """
    chosen = [view for view in shown if view in set(series["view"])][:MAX_AREA_SERIES]
    rows = series[(series["holder"] == holder.value) & series["view"].isin(chosen)].copy()
    labels = series_labels(chosen)
    rows["series"] = rows["view"].map(labels)
    colours = series_colours(chosen)
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=[labels[v] for v in chosen], range=[colours[v] for v in chosen]),
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0, symbolType="stroke"),
    )
    first, last = _span(series, on)
    lines = (
        alt.Chart(rows)
        .mark_line(interpolate="step-after", strokeWidth=2)
        .encode(
            x=_day_axis(first, last),
            y=alt.Y(
                "km2:Q",
                title=f"km² held by {holder.value.title()}",
                axis=alt.Axis(format=",.0f", tickCount=5),
                scale=alt.Scale(zero=True),
            ),
            color=colour,
            tooltip=[
                alt.Tooltip("date:T", title="date", format="%-d %b %Y"),
                alt.Tooltip("view:N", title="claimant"),
                alt.Tooltip("km2:Q", title="km²", format=",.0f"),
            ],
        )
    )
    chart = alt.LayerChart(layer=[lines, *_date_rule(on, first, last)]).properties(
        height=CHART_HEIGHT,
        title=alt.TitleParams(f"Asserted held by {holder.value.title()}", anchor="start"),
        autosize=FIT_WIDTH,
    )
    return chart


def figures_chart(timeline: pd.DataFrame, *, unit: str, basis: str, on: date) -> alt.LayerChart:
    """One unit's claimed losses over time: each claim a point, its range a bar from low to high.

    `timeline` has the columns of `tables.figures_timeline`; only rows of `unit` and `basis`
    (cumulative totals and per-report figures differ by orders of magnitude) are drawn.
    """
    of_unit = timeline[timeline["unit"] == unit]
    rows = of_unit[of_unit["basis"] == basis].copy()
    rows["losses of"] = rows["about"].map(lambda about: LOSSES_OF.get(about, "other losses"))
    drawn = [name for name in LOSS_COLOURS if name in set(rows["losses of"])]
    colour = alt.Color(
        "losses of:N",
        title=None,
        scale=alt.Scale(domain=drawn, range=[LOSS_COLOURS[name] for name in drawn]),
        legend=alt.Legend(orient="bottom", labelLimit=0),
    )
    first, last = _span(of_unit, on)  # both of a unit's charts span the same days
    x = _day_axis(first, last)
    y_title = f"{unit} ({'cumulative' if basis == 'cumulative' else 'per report'})"
    tooltip = [
        alt.Tooltip("date:T", title="date", format="%-d %b %Y"),
        alt.Tooltip("claimant:N"),
        alt.Tooltip("losses of:N"),
        alt.Tooltip("value:Q", format=","),
        alt.Tooltip("low:Q", format=","),
        alt.Tooltip("high:Q", format=","),
        alt.Tooltip("bound:N", title="stated as"),
        alt.Tooltip("claim:N"),
    ]
    base = alt.Chart(rows).encode(x=x, color=colour, tooltip=tooltip)
    ranges = base.mark_rule(strokeWidth=3, opacity=0.6).encode(
        y=alt.Y("low:Q", title=y_title, axis=alt.Axis(format=",.0f", tickCount=5)),
        y2="high:Q",
    )
    # "More than 38,000" is a bound, not a point: it points up (at least) or down (at most).
    bounds = [b for b in BOUND_SHAPES if b in set(rows["bound"])]
    shape = alt.Shape(
        "bound:N",
        title=None,
        scale=alt.Scale(domain=bounds, range=[BOUND_SHAPES[b] for b in bounds]),
        legend=alt.Legend(orient="bottom", labelLimit=0) if bounds != ["exact"] else None,
    )
    points = base.mark_point(filled=True, size=45).encode(y=alt.Y("value:Q"), shape=shape)
    chart = alt.LayerChart(layer=[ranges, points, *_date_rule(on, first, last)]).properties(
        height=CHART_HEIGHT, autosize=FIT_WIDTH
    )
    return chart


def _span(rows: pd.DataFrame, on: date) -> tuple[date, date]:
    """The days a chart spans: its data's, widened to hold the shown date and a day either side."""
    days = [pd.Timestamp(d).date() for d in rows["date"]] + [on]
    return min(days) - timedelta(days=1), max(days) + timedelta(days=1)


def _day_axis(first: date, last: date) -> alt.X:
    """A date axis for daily data: ticks on whole days (or months over a long span), in UTC."""
    return alt.X(
        "date:T",
        title=None,
        scale=alt.Scale(type="utc", domain=[first.isoformat(), last.isoformat()]),
        axis=alt.Axis(labelAngle=0, **day_ticks(first, last)),
    )


def day_ticks(first: date, last: date) -> dict[str, Any]:
    """Axis settings that put ticks on whole days: never hours, whatever the span."""
    days = (last - first).days
    if days > MONTH_TICKS_AFTER_DAYS:
        return {"format": "%b %Y", "tickCount": {"interval": "month", "step": 1}}
    step = max(1, math.ceil(days / MAX_DAY_TICKS))
    return {"format": "%-d %b", "tickCount": {"interval": "day", "step": step}}


def _date_rule(on: date, first: date, last: date) -> tuple[alt.Chart, alt.Chart]:
    """The shown date: a dashed rule across the chart, labelled at its top.

    The label sits right of the rule, or left of it in the span's last quarter, so it never runs
    off the chart's edge.
    """
    marker = alt.Chart(pd.DataFrame({"date": [pd.Timestamp(on)], "label": [day_text(on)]}))
    rule = marker.mark_rule(color="#222", strokeDash=[4, 3]).encode(x="date:T")
    late = (on - first).days > 0.75 * max(1, (last - first).days)
    label = marker.mark_text(
        align="right" if late else "left", dx=-4 if late else 4, baseline="top", fontWeight="bold"
    ).encode(x="date:T", y=alt.value(0), text="label:N")
    return rule, label
