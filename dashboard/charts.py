"""Vega-Lite charts of the page, built from DataFrames. Pure: no Streamlit."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from dashboard.styles import SIDE_COLOURS


def claim_days_strip(claims_per_day: pd.DataFrame, span: tuple[date, date]) -> alt.Chart:
    """Ticks on the days that carry claims, coloured by side, aligned under the slider.

    It does not move with the slider, so it is not re-drawn on every step.
    """
    scale = alt.Scale(domain=[span[0].isoformat(), span[1].isoformat()])
    sides = alt.Scale(domain=[s.value for s in SIDE_COLOURS], range=list(SIDE_COLOURS.values()))
    chart: alt.Chart = (
        alt.Chart(claims_per_day)
        .mark_tick(thickness=2, size=18)
        .encode(
            x=alt.X("day:T", scale=scale, title=None, axis=alt.Axis(format="%b %Y", tickCount=9)),
            color=alt.Color("side:N", scale=sides, legend=None),
            tooltip=["day:T", "side:N", "claims:Q"],
        )
        .properties(height=46)
    )
    return chart


def area_chart(series: pd.DataFrame, on: date) -> alt.LayerChart:
    lines = (
        alt.Chart(series)
        .mark_line(interpolate="step-after", point=True)
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("km2:Q", title="km² asserted held by Ukraine (mapped)"),
            color=alt.Color("claimant:N", legend=alt.Legend(orient="bottom", columns=2)),
            tooltip=["date:T", "claimant:N", "km2:Q"],
        )
    )
    marker = alt.Chart(pd.DataFrame({"date": [on]})).mark_rule(color="black").encode(x="date:T")
    chart: alt.LayerChart = lines + marker
    return chart
