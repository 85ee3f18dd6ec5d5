"""Frontline claims: the Streamlit app. Run with `make run` (streamlit run dashboard/app.py).

Two pages: the map (the default, at the root address, so permalinks keep working) and *Add
claims* (`/add-claims`, dashboard/add_claims.py).
"""

from __future__ import annotations

import sys
import time
from datetime import date
from functools import partial

import folium
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

# Here, at the script's top, so the first run declares streamlit-folium's component before any
# thread of the server could (a component declared outside a run is not registered; see
# `dashboard.serve`, which imports everything else early).
from streamlit_folium import st_folium

from claims.errors import LedgerError
from dashboard import controls, loaders, panels, session
from dashboard.add_claims import add_claims_page
from dashboard.folium_text import rendered_as_text
from dashboard.legend import Entry, day_entries, drawn_entries, every_frame_entries, legend_html
from dashboard.map_builder import BBox, DateLayers, build_base_map, build_date_layers
from dashboard.map_component import GroupScripts, reported_by_browser, show_map
from dashboard.offline import use_vendored_assets
from dashboard.phase_marks import mark
from dashboard.settings import read_settings
from dashboard.snapshot_button import snapshot_download
from dashboard.timeline_prefetch import prefetch_html
from dashboard.view_state import ViewState
from dashboard.wording import day_text

MAP_HEIGHT = 660
PAIR_HEIGHT = 560
URL_VIEW_KEYS = ("lat", "lon", "zoom")
TIMELINE_POLL_SECONDS = 1.0


def main() -> None:
    """The map page."""
    # Every run, at the same place: a run that fills it moves no element after it.
    prefetch = st.empty()
    try:
        key = loaders.current_ledger_key()
        _prefetch_timeline(prefetch, key)
        source = loaders.ledger_for(key)
    except (LedgerError, OSError) as error:
        # st.code shows the text as it is: a ledger id cannot close a markdown fence here.
        st.error("The claims ledger cannot be shown; nothing of it is used until it is fixed:")
        st.code(str(error), language=None)
        st.stop()
    mark("ledger-read")
    span = source.ledger.span
    claimants = source.ledger.claimants
    controls.seed_from_url(span=span, default_on=date(2024, 8, 20), claimants=claimants)
    controls.sidebar_controls(claimants, span)
    st.title("Kursk 2024-25: who claimed what, and when")
    st.caption("Claims, not verified facts. Every shape traces back to dated claim records.")
    timelines = _timelines(key, controls.current_state())
    controls.date_controls(
        span, source.change_days, loaders.claim_days_strip(key), play=timelines is None
    )
    state = controls.current_state()
    _remember_opening_frame(key, state, timelines is not None)
    permalink = controls.write_permalink(state)
    st.markdown(f"# {day_text(state.on)}")
    # The map takes the page's width (one map, or two stacked); the panels sit below it.
    _maps(key, state, timelines)
    mark("maps-sent")
    if panels.below_map_due():
        figures, sharing = st.columns(2)
        with figures:
            panels.metrics(key, state)
            panels.assessor_readout(key, state)
        with sharing:
            panels.permalink(permalink)
            snapshot_download(state, key="snapshot")
            panels.downloads(key, state)
        panels.below_map(key, state)
    if timelines is None:
        _build_timelines(key, state)
    # Not in a session's first run: the next days' pictures are pure Python in a thread of the
    # server, and computed beside the first map they held the interpreter while the server sent
    # the map's message and the scripts its page fetched. The next run (the map's report that it
    # is drawn, or a step) starts them.
    if not session.PREFETCH_DUE.get_or(False):
        session.PREFETCH_DUE.set(True)
    elif not read_settings().rebuild_map:
        shown = tuple(controls.shown_claimants(state))
        assessor = session.ASSESSOR.get_or(None)
        loaders.prefetch_neighbours(
            key,
            state.on,
            state.known,
            state.fresh,
            shown,
            state.compare,
            state.layers,
            assessor,
            map_layers=timelines is None,
        )


def _prefetch_timeline(slot: DeltaGenerator, key: loaders.LedgerKey) -> None:
    """A session's first run, before the dataset is read: where the map the address names has
    a built timeline served as files, the page starts fetching and parsing them now
    (`timeline_prefetch`), while the server reads the dataset (seconds at 100x)."""
    settings = read_settings()
    if session.SEEDED.get_or(False) or settings.server_timeline or settings.rebuild_map:
        return
    source = loaders.prefetched_timeline_files(key, dict(st.query_params))
    if source is not None:
        slot.html(prefetch_html(source), unsafe_allow_javascript=True)


def _timelines(key: loaders.LedgerKey, state: ViewState) -> dict[str, GroupScripts] | None:
    """Each shown map's browser timeline, or None for the server round trip: when a setting asks
    for it (or for the naive rebuild the benchmarks compare against), and while the timelines
    are still being built in the background (a few seconds to a minute, once per ledger and view
    settings), so the first map is drawn at once; the page reruns itself when they are ready."""
    settings = read_settings()
    if settings.server_timeline or settings.rebuild_map:
        return None
    scripts = {
        claimant: loaders.timeline_when_ready(
            key, state.known, state.fresh, claimant, state.compare, state.layers
        )
        for claimant in controls.shown_claimants(state)
    }
    ready = {claimant: found for claimant, found in scripts.items() if found is not None}
    return ready if len(ready) == len(scripts) else None


def _build_timelines(key: loaders.LedgerKey, state: ViewState) -> None:
    """At the end of a run drawn by the server path: build the timelines, and rerun when built."""
    settings = read_settings()
    if settings.server_timeline or settings.rebuild_map:
        return
    for claimant in controls.shown_claimants(state):
        loaders.build_timeline_soon(
            key, state.known, state.fresh, claimant, state.compare, state.layers
        )
    _rerun_when_built(key, state)


@st.fragment(run_every=TIMELINE_POLL_SECONDS)
def _rerun_when_built(key: loaders.LedgerKey, state: ViewState) -> None:
    # Invisible: checks whether the timelines this page waits for are built, and then reruns it.
    if all(
        loaders.timeline_when_ready(key, state.known, state.fresh, c, state.compare, state.layers)
        for c in controls.shown_claimants(state)
    ):
        st.rerun(scope="app")


def _remember_opening_frame(
    key: loaders.LedgerKey, state: ViewState, browser_timeline: bool
) -> None:
    """Once per session: the box the maps open on, the day's ground in play, unless the address
    names a view of its own (then the maps open on that). With the browser timeline its build
    has worked the box out already (`loaders.opening_frame`)."""
    if session.OPENING_FRAME.is_set():
        return
    if any(name in st.query_params for name in URL_VIEW_KEYS):
        session.OPENING_FRAME.set(None)
        return
    claimant = controls.shown_claimants(state)[0]
    timeline = (
        loaders.timeline(key, state.known, state.fresh, claimant, state.compare, state.layers)
        if browser_timeline
        else None
    )
    session.OPENING_FRAME.set(
        loaders.opening_frame(key, state.on, state.known, state.fresh, timeline)
    )


def _maps(
    key: loaders.LedgerKey, state: ViewState, timelines: dict[str, GroupScripts] | None
) -> None:
    # Two maps are stacked, each the page's width: side by side, each would be too narrow to read
    # at the widths people use (about 400 px at 1280 px with the sidebar open).
    shown = controls.shown_claimants(state)
    for index, claimant in enumerate(shown):
        if len(shown) > 1:
            st.subheader(claimant)
        height = MAP_HEIGHT if len(shown) == 1 else PAIR_HEIGHT
        timeline = timelines.get(claimant) if timelines is not None else None
        _map(key, state, claimant, index, height=height, timeline=timeline)
    st.html(_legend(key, state, shown, browser_timeline=timelines is not None))


def _legend(
    key: loaders.LedgerKey, state: ViewState, shown: list[str], *, browser_timeline: bool
) -> str:
    """One legend for all maps, below them: it covers no ground and lists only what is drawn.

    With the browser timeline it is read from the timelines' own per-day entries (what
    `legend.js` shows in the frame of a step), with the entries of other days written hidden."""
    if not browser_timeline:
        layers = [
            loaders.date_layers(
                key, state.on, state.known, state.fresh, c, state.compare, state.layers
            )
            for c in shown
        ]
        return legend_html(drawn_entries(layers))
    data = [
        loaders.timeline(key, state.known, state.fresh, c, state.compare, state.layers).data
        for c in shown
    ]
    today = frozenset[Entry]().union(*(day_entries(d, state.on) for d in data))
    every_day = frozenset[Entry]().union(*(every_frame_entries(d) for d in data))
    return legend_html(today, other_days=every_day)


def _map(
    key: loaders.LedgerKey,
    state: ViewState,
    claimant: str,
    index: int,
    *,
    height: int,
    timeline: GroupScripts | None,
) -> None:
    center, zoom = session.INITIAL_VIEW.get()
    frame: BBox | None = session.OPENING_FRAME.get()
    tiles = loaders.tiles_enabled()
    if read_settings().rebuild_map:
        layers = loaders.date_layers(
            key, state.on, state.known, state.fresh, claimant, state.compare, state.layers
        )
        base_layers = loaders.base_layers(key)
        base = build_base_map(base_layers, tiles=tiles, center=center, zoom=zoom, fit=frame)
        _naive_map(base, layers, index, height)
        return
    groups = timeline or loaders.rendered_groups(
        key, state.on, state.known, state.fresh, claimant, state.compare, state.layers
    )
    mark("date-layers-rendered")
    rendered = loaders.rendered_base(key, tiles, center, zoom, frame)
    mark("base-rendered")
    returned = show_map(
        rendered,
        groups,
        key=f"map-{index}",
        height=height,
        # A framed map keeps the frame its script fitted: no centre and zoom to override it.
        center=None if frame else center,
        zoom=None if frame else zoom,
        on_change=partial(controls.follow_map, first=index == 0) if timeline else None,
    )
    mark("component-sent")
    if reported_by_browser(returned, rendered):
        session.TABLES_DUE.set(True)
    if index == 0:
        controls.remember_view(returned)


def _naive_map(base: folium.Map, layers: DateLayers, index: int, height: int) -> None:
    """The benchmarks' baseline: the date's layers baked into a new map on every rerun."""
    for group in build_date_layers(layers):
        group.add_to(base)
    folium.LayerControl(collapsed=True).add_to(base)
    with rendered_as_text():
        st_folium(base, key=f"map-{index}", height=height, width=None, returned_objects=[])


def _timed_main() -> None:
    started = time.perf_counter()
    mark("run-start")
    main()
    mark("run-end")
    if read_settings().timing:
        print(f"frontline-rerun-ms {(time.perf_counter() - started) * 1000:.1f}", file=sys.stderr)


def run_pages() -> None:
    st.set_page_config(page_title="Frontline claims · Kursk 2024-25", layout="wide")
    use_vendored_assets()
    pages = [
        st.Page(_timed_main, title="Map of claims", default=True),
        st.Page(add_claims_page, title="Add claims", url_path="add-claims"),
    ]
    st.navigation(pages).run()


run_pages()
