"""What sits beside and below the map: metrics, claims, charts and the settlements table."""

from __future__ import annotations

import altair as alt
import streamlit as st

from claims.model import Holder
from claims.timing import effective_day
from dashboard import assessors, charts, controls, export_buttons, loaders, tables
from dashboard.view_state import ViewState
from dashboard.wording import area_basis, plural

LINK = st.column_config.LinkColumn("source", display_text="open")
PANELS = ("Claims", "Area over time", "Casualties and statements", "Settlements")


def metrics(key: loaders.LedgerKey, state: ViewState) -> None:
    source = loaders.ledger_for(key)
    picture = loaders.picture(key, state.on, state.known, state.fresh)
    views = [picture.view(c) for c in controls.shown_claimants(state)]
    for view in views:
        st.markdown(f"**{view.claimant}**")
        held = st.columns(2)
        for column, holder in zip(held, (Holder.UKRAINE, Holder.RUSSIA), strict=True):
            places = view.settlements_held(holder, source.theatre)
            column.metric(f"{holder.value.title()} (mapped)", f"{view.area_km2(holder):,.0f} km²")
            stale = view.stale_km2(holder)
            column.caption(f"{plural(len(places), 'settlement')} · stale: {stale:,.0f} km²")
        for coverage in view.coverage():
            st.caption(coverage.text)
    fighting, disagree = st.columns(2)
    fighting.metric("Fighting reported", f"{picture.fighting.km2:,.0f} km²")
    disagree.metric("Claimants disagree", f"{picture.contested_km2:,.0f} km²")
    st.caption(area_basis(picture))
    stated = tables.stated_vs_mapped(views, source.theatre)
    if not stated.empty:
        st.markdown("**Stated vs mapped**")
        st.dataframe(stated, hide_index=True, width="stretch")


def assessor_readout(key: loaders.LedgerKey, state: ViewState) -> None:
    """Where the shown claimants and an independent assessor part, in km², for the date."""
    picture = loaders.picture(key, state.on, state.known, state.fresh)
    found = assessors.assessors(picture)
    claimants = assessors.compared_with_assessors(picture, controls.shown_claimants(state))
    if not claimants:
        return
    st.markdown("**Claims vs independent assessors**")
    assessor = st.selectbox("Assessor", found, key="assessor")
    for claimant in claimants:
        rows = loaders.assessor_rows(key, state.on, state.known, state.fresh, claimant, assessor)
        if rows:
            st.caption(claimant)
            st.dataframe(rows, hide_index=True, width="stretch")


def downloads(key: loaders.LedgerKey, state: ViewState) -> None:
    """The current view as GeoJSON, GeoPackage, KML and CSV."""
    st.markdown("**Download this view**")
    export_buttons.download_buttons(
        loaders.ledger_for(key),
        state.on,
        controls.shown_claimants(state),
        as_known_on=state.known,
        fresh_days=state.fresh,
    )


def permalink(url: str) -> None:
    st.markdown("**Link to this view**")
    st.code(url, language=None)


def below_map(key: loaders.LedgerKey, state: ViewState) -> None:
    source = loaders.ledger_for(key)
    picture = loaders.picture(key, state.on, state.known, state.fresh)
    # Only the chosen panel is built: every rerun (each slider step) pays for what is shown.
    shown = st.segmented_control(
        "Beside the map", PANELS, default=PANELS[0], key="panel", label_visibility="collapsed"
    )
    if shown == "Claims":
        in_force = tables.claims_in_force(picture, controls.shown_claimants(state))
        st.markdown(f"**Claims in force on {state.on:%d %b %Y}** ({len(in_force)})")
        st.dataframe(tables.claims_table(in_force), hide_index=True, column_config={"source": LINK})
        today = [c for c in source.ledger.records if c.published == state.on]
        st.markdown(f"**Published on {state.on:%d %b %Y}** ({len(today)})")
        st.dataframe(tables.claims_table(today), hide_index=True, column_config={"source": LINK})
    elif shown == "Area over time":
        st.altair_chart(
            charts.area_chart(loaders.area_series(key, state.known, state.fresh), state.on),
            width="stretch",
        )
    elif shown == "Casualties and statements":
        _figures(source.ledger.records, state)
    elif shown == "Settlements":
        history = tables.settlement_history_table(source.theatre, source.claims_about, picture)
        st.markdown(f"**{len(history)} settlements named in claims by {state.on:%d %b %Y}**")
        st.dataframe(history, hide_index=True, width="stretch")


def _figures(records: tuple, state: ViewState) -> None:  # type: ignore[type-arg]
    timeline = tables.figures_timeline(records, until=state.on)
    if timeline.empty:
        st.info("No casualty or equipment figures claimed by this date.")
    else:
        points = alt.Chart(timeline).encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("value:Q", title="claimed figure"),
            color="claimant:N",
            shape="unit:N",
            tooltip=[
                "date:T",
                "claimant:N",
                "unit:N",
                "about:N",
                "basis:N",
                "value:Q",
                "low:Q",
                "high:Q",
            ],
        )
        ranges = points.mark_rule().encode(y="low:Q", y2="high:Q")
        st.altair_chart(points.mark_point(filled=True) + ranges, width="stretch")
        st.dataframe(timeline, hide_index=True, width="stretch")
    statements = [
        c for c in records if c.kind.value == "statement" and effective_day(c) <= state.on
    ]
    st.markdown(f"**Statements** ({len(statements)})")
    st.dataframe(tables.claims_table(statements), hide_index=True, column_config={"source": LINK})
