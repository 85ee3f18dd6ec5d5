"""What sits beside and below the map: metrics, claims, charts and the settlements table."""

from __future__ import annotations

from html import escape

import pandas as pd
import streamlit as st

from claims.model import Claim, Holder
from claims.timing import effective_day
from dashboard import assessors, controls, export_buttons, loaders, session, tables
from dashboard.view_state import ViewState
from dashboard.wording import area_basis, day_text, plural, short_name

LINK = st.column_config.LinkColumn("source", display_text="open")
# The grid's date format is the page's ("6 Jan 2025", see `wording.day_text`).
DAY_FORMAT = "D MMM YYYY"
CLAIM_COLUMNS = {
    "published": st.column_config.DateColumn("published", format=DAY_FORMAT),
    "refers to": st.column_config.DateColumn("refers to", format=DAY_FORMAT),
    "claimant": st.column_config.TextColumn("claimant", width="medium"),
    "gist": st.column_config.TextColumn("gist", width="large"),
    "source": LINK,
}
FIGURE_COLUMNS = {
    "date": st.column_config.DateColumn("date", format=DAY_FORMAT),
    "claimant": st.column_config.TextColumn("claimant", width="medium"),
    **{
        name: st.column_config.NumberColumn(name, format="localized")
        for name in ("value", "low", "high")
    },
}
PANELS = ("Claims", "Area over time", "Casualties and statements", "Settlements")
FIGURE_BASES = {"cumulative": "cumulative totals", "incremental": "per report"}


def metrics(key: loaders.LedgerKey, state: ViewState) -> None:
    """Per shown claimant: km² and settlements held per side, and its stated figures beside them.

    Units sit in the labels so values stay short ("1,263", not "1,263 km²"), and metrics wrap to
    the next line rather than be cut when the panel is narrow.
    """
    source = loaders.ledger_for(key)
    picture = loaders.picture(key, state.on, state.known, state.fresh)
    views = [picture.view(c) for c in controls.shown_claimants(state)]
    stated = tables.stated_vs_mapped(views, source.theatre)
    for view in views:
        st.markdown(f"**{view.claimant}**")
        with st.container(horizontal=True, gap="small"):
            for holder in (Holder.UKRAINE, Holder.RUSSIA):
                places = view.settlements_held(holder, source.theatre)
                with st.container(width="content", gap=None):
                    st.metric(held_label(holder), f"{view.area_km2(holder):,.0f}")
                    st.caption(
                        f"{plural(len(places), 'settlement')}  \n"
                        f"{view.stale_km2(holder):,.0f} km² stale"
                    )
        for coverage in view.coverage():
            st.caption(coverage.text)
        _stated_table(tables.stated_for_panel(stated, view.claimant))
    with st.container(horizontal=True, gap="small"):
        st.metric(
            "Fighting km²",
            f"{picture.fighting.km2:,.0f}",
            width="content",
            help="Ground where fighting is reported (the amber on the map).",
        )
        st.metric(
            "Disagreement km²",
            f"{picture.contested_km2:,.0f}",
            width="content",
            help="Ground where claimants' fresh words disagree (one says Ukraine, another Russia).",
        )
    st.caption(area_basis(picture))


def held_label(holder: Holder) -> str:
    """A metric's label with its unit: 'Ukraine-held km²'."""
    return f"{holder.value.title()}-held km²"


def _stated_table(rows: pd.DataFrame) -> None:
    if rows.empty:
        return
    st.markdown("**Stated vs mapped**")
    # An HTML table, not the canvas grid, and three columns: it fits the panel beside the map at
    # 1280 px; when and where each figure was stated goes under it as text, which wraps.
    shown = rows[["figure", "stated", "mapped"]]
    st.table(shown.style.format("{:,}", subset=["stated", "mapped"]), hide_index=True)
    for said, claims in rows.groupby("said", sort=False)["claim"]:
        st.caption(f"Stated {said}: {', '.join(dict.fromkeys(claims))}")


def assessor_readout(key: loaders.LedgerKey, state: ViewState) -> None:
    """Where the shown claimants and an independent assessor part, in km², for the date."""
    picture = loaders.picture(key, state.on, state.known, state.fresh)
    found = assessors.assessors(picture)
    claimants = assessors.compared_with_assessors(picture, controls.shown_claimants(state))
    if not claimants:
        return
    st.markdown("**Claims vs independent assessors**")
    assessor = st.selectbox("Assessor", found, key=session.ASSESSOR.key)
    for claimant in claimants:
        rows = loaders.assessor_rows(key, state.on, state.known, state.fresh, claimant, assessor)
        if rows:
            st.caption(f"{short_name(claimant)} (claimant) and {short_name(assessor)}, km²")
            # Lines, not a table: four columns do not fit the panel at 1280 px, and a sentence
            # per holder wraps instead of cutting its numbers.
            st.markdown("\n".join(f"- {assessors.disagreement_line(row)}" for row in rows))


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
    # A link, not a code box: the code box's highlighter is ~1.5 MB of script the browser loaded
    # and compiled on the first load, beside the map, for one line of text.
    st.markdown("**Link to this view**")
    st.html(permalink_html(url))


def permalink_html(url: str) -> str:
    """The link to share, as a link that shows its whole address (escaped: the address carries
    claimant names)."""
    text = escape(url)
    return (
        f'<p class="frontline-permalink" style="word-break:break-all;font-family:monospace">'
        f'<a href="{text}">{text}</a></p>'
    )


def below_map_due() -> bool:
    """Whether this run draws what sits below the map (figures, links, downloads, tables): once
    a map has reported itself drawn (`app._map` marks it), or at a click.

    Each kind of element Streamlit's page shows for the first time loads its own script, and
    the page shows what such an element holds no sooner than 0.3 s after the last one it had to
    wait for (React's pacing of what it reveals). The figures, download buttons and the
    assessor's box arrived just after the map, each a kind not on the page yet, and held the
    map's frame back 0.3-0.6 s with them (`bench.cold_start_breakdown`: "page draws what comes
    before the map's frame"). The claims tables' data grid besides loads ~1.6 MB of script,
    which compiled beside the map's and held the first map back 0.6-1 s.
    """
    if session.TABLES_DUE.get_or(False):
        return True
    # A button, not a timer, for a map that never reports (its script failed): a timed rerun
    # would cut into the run of a step, or a big map's first draw.
    st.caption("The figures, links and claims tables follow once the map is drawn.")
    if not st.button("Show them now", key="tables_now"):
        return False
    session.TABLES_DUE.set(True)
    return True


def below_map(key: loaders.LedgerKey, state: ViewState) -> None:
    """The chosen panel of claims, charts or settlements (`below_map_due`)."""
    source = loaders.ledger_for(key)
    picture = loaders.picture(key, state.on, state.known, state.fresh)
    # Only the chosen panel is built: every rerun (each slider step) pays for what is shown.
    shown = st.segmented_control(
        "Beside the map", PANELS, default=PANELS[0], key="panel", label_visibility="collapsed"
    )
    if shown == "Claims":
        in_force = tables.claims_in_force(picture, controls.shown_claimants(state))
        st.markdown(f"**Claims in force on {day_text(state.on)}** ({len(in_force)})")
        st.dataframe(tables.claims_table(in_force), hide_index=True, column_config=CLAIM_COLUMNS)
        today = [c for c in source.ledger.records if c.published == state.on]
        st.markdown(f"**Published on {day_text(state.on)}** ({len(today)})")
        st.dataframe(tables.claims_table(today), hide_index=True, column_config=CLAIM_COLUMNS)
    elif shown == "Area over time":
        _area_over_time(key, state)
    elif shown == "Casualties and statements":
        _figures(source.ledger.records, state)
    elif shown == "Settlements":
        history = tables.settlement_history_table(source.theatre, source.claims_about, picture)
        named = plural(len(history), "settlement")
        st.markdown(f"**{named} named in claims by {day_text(state.on)}**")
        st.dataframe(history, hide_index=True, width="stretch")


def _area_over_time(key: loaders.LedgerKey, state: ViewState) -> None:
    """Ground asserted per side over time: a handful of views by default, more on request."""
    from dashboard import charts  # altair: imported when a chart is first shown, not at start

    series = loaders.area_series(key, state.known, state.fresh)
    options = charts.area_views(series)
    picked = st.multiselect(
        "Claimants drawn",
        options,
        default=[v for v in charts.DEFAULT_AREA_VIEWS if v in options],
        key="area_views",
        max_selections=charts.MAX_AREA_SERIES,
        help="Each side's combined latest word by default; add single claimants to compare.",
    )
    for column, holder in zip(st.columns(2), (Holder.UKRAINE, Holder.RUSSIA), strict=True):
        chart = charts.area_chart(series, on=state.on, holder=holder, shown=picked)
        column.altair_chart(chart, width="stretch")


def _figures(records: tuple[Claim, ...], state: ViewState) -> None:
    """Claimed losses, one unit at a time, cumulative totals apart from per-report figures."""
    from dashboard import charts  # altair: imported when a chart is first shown, not at start

    timeline = tables.figures_timeline(records, until=state.on)
    if timeline.empty:
        st.info("No casualty or equipment figures claimed by this date.")
    else:
        units = [u for u in tables.FIGURE_UNITS if u in set(timeline["unit"])]
        if session.FIGURE_UNIT.get_or("") not in units:
            session.FIGURE_UNIT.set(units[0])
        unit = st.segmented_control("Unit", units, key=session.FIGURE_UNIT.key, required=True)
        for basis, title in FIGURE_BASES.items():
            if ((timeline["unit"] == unit) & (timeline["basis"] == basis)).any():
                st.markdown(f"**{unit}, {title}**")
                chart = charts.figures_chart(timeline, unit=str(unit), basis=basis, on=state.on)
                st.altair_chart(chart, width="stretch")
        shown = timeline[timeline["unit"] == unit]
        st.dataframe(shown, hide_index=True, width="stretch", column_config=FIGURE_COLUMNS)
    statements = [
        c for c in records if c.kind.value == "statement" and effective_day(c) <= state.on
    ]
    st.markdown(f"**Statements** ({len(statements)})")
    st.dataframe(tables.claims_table(statements), hide_index=True, column_config=CLAIM_COLUMNS)
