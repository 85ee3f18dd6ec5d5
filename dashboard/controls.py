"""The page's controls: date slider, change stepping, play, claimant and layer choice, permalink.

Widget values live in `st.session_state`; on a session's first run they are seeded from the URL, and
after every run the URL is rewritten from them, so the address bar is always a permalink.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from claims.control import COMPOSITE, DEFAULT_FRESH_DAYS, SIDE_VIEWS
from claims.model import Side
from dashboard.map_builder import ALL_LAYERS, LAYER_NAMES
from dashboard.view_state import (
    COMPOSITE_MODE,
    MAX_FRESH_DAYS,
    MODES,
    PAIR_MODE,
    SINGLE_MODE,
    ViewState,
    state_from_query,
    state_to_query,
)

MODE_LABELS = {
    COMPOSITE_MODE: "Latest word (all claimants)",
    SINGLE_MODE: "One claimant",
    PAIR_MODE: "Two claimants side by side",
}
PLAY_SECONDS = 0.8
SIDE_VIEW_NAMES = frozenset(SIDE_VIEWS.values())
SIDE_ORDER = {Side.UKRAINE: 0, Side.RUSSIA: 1, Side.INDEPENDENT: 2, Side.OTHER: 3}


def seed_from_url(
    *, span: tuple[date, date], default_on: date, claimants: Sequence[tuple[str, Side]]
) -> None:
    """On a session's first run, set every widget from the URL (a permalink)."""
    if st.session_state.get("seeded"):
        return
    names = [name for name, _ in selectable_views(claimants)]
    state = state_from_query(
        dict(st.query_params), span=span, default_on=default_on, claimants=names
    )
    defaults = default_pair(claimants)
    chosen = list(state.claimants) + [n for n in defaults if n not in state.claimants]
    st.session_state.update(
        seeded=True,
        on=state.on,
        mode=state.mode,
        left=chosen[0],
        right=chosen[1] if len(chosen) > 1 else chosen[0],
        use_compare=state.compare is not None,
        compare=state.compare or span[0],
        use_known=state.known is not None,
        ageing=state.fresh is not None,
        fresh_days=state.fresh or DEFAULT_FRESH_DAYS,
        known=state.known or state.on,
        layers=[k for k in ALL_LAYERS if k in state.layers],
        initial_view=(state.center, state.zoom),
        view=(state.center, state.zoom),
    )


def default_pair(claimants: Sequence[tuple[str, Side]]) -> list[str]:
    """All of Ukraine's claimants next to all of Russia's: "what Kyiv said", "what Moscow said"."""
    return [SIDE_VIEWS[Side.UKRAINE], SIDE_VIEWS[Side.RUSSIA]]


def selectable_views(claimants: Sequence[tuple[str, Side]]) -> list[tuple[str, Side]]:
    """Each side's combined view first, then its claimants, grouped by side."""
    views = [(name, side) for side, name in SIDE_VIEWS.items()] + list(claimants)
    return sorted(views, key=lambda v: (SIDE_ORDER[v[1]], v[0] not in SIDE_VIEW_NAMES, v[0]))


def date_controls(
    span: tuple[date, date],
    change_days: Sequence[date],
    claim_days_spec: dict[str, Any],
    *,
    play: bool = True,
) -> None:
    """The slider over every day, stepping to the previous/next day a claim lands, and play
    (`play=False`: the map plays the days itself, `timeline.js`)."""
    if play and st.session_state.get("playing"):
        _play(span)  # before the slider: it may move the date, which a built slider forbids
    st.slider(
        "Date shown",
        min_value=span[0],
        max_value=span[1],
        step=timedelta(days=1),
        format="D MMM YYYY",
        key="on",
        help="Arrow keys step one day when the slider has focus.",
    )
    st.vega_lite_chart(claim_days_spec, width="stretch")
    st.caption(
        "Ticks mark the days claims take effect, coloured by the claimant's side: "
        "blue Ukraine, vermilion Russia, green independent, grey other."
    )
    back, forward, toggle, _ = st.columns([1, 1, 1, 3])
    back.button("◀ Previous change", on_click=_step_change, args=(change_days, -1))
    forward.button("Next change ▶", on_click=_step_change, args=(change_days, 1))
    if play:
        toggle.toggle("Play", key="playing", help="Step through the days, one every 0.8 s")
    else:
        toggle.caption("Play, and step with ← →, on the map itself")


def sidebar_controls(claimants: Sequence[tuple[str, Side]], span: tuple[date, date]) -> None:
    views = selectable_views(claimants)
    names = [name for name, _ in views]
    sides = dict(views)
    with st.sidebar:
        st.header("Who says so")
        st.radio("View", MODES, format_func=MODE_LABELS.__getitem__, key="mode")

        def label(name: str) -> str:
            return name if name in SIDE_VIEW_NAMES else f"{sides[name].value.title()} · {name}"

        if st.session_state["mode"] != COMPOSITE_MODE:
            st.selectbox("Claimant", names, format_func=label, key="left")
        if st.session_state["mode"] == PAIR_MODE:
            st.selectbox("Compared with", names, format_func=label, key="right")
        st.header("Dates")
        st.checkbox("Show changes since a compare date", key="use_compare")
        if st.session_state["use_compare"]:
            st.date_input("Compare date", min_value=span[0], max_value=span[1], key="compare")
        st.checkbox("Only what was public on a date (as known on)", key="use_known")
        if st.session_state["use_known"]:
            st.date_input("As known on", min_value=span[0], max_value=span[1], key="known")
        st.checkbox(
            "Old words go stale",
            key="ageing",
            help="A place's latest word older than the window is drawn faded and left out of the "
            "headline areas and of the disagreement.",
        )
        if st.session_state["ageing"]:
            st.number_input(
                "Fresh for (days)", min_value=1, max_value=MAX_FRESH_DAYS, key="fresh_days"
            )
        st.header("Layers")
        st.multiselect(
            "Layers", list(ALL_LAYERS), format_func=LAYER_NAMES.__getitem__, key="layers"
        )


def current_state() -> ViewState:
    s = st.session_state
    mode = s["mode"]
    shown = {COMPOSITE_MODE: (), SINGLE_MODE: (s["left"],), PAIR_MODE: (s["left"], s["right"])}
    center, zoom = s["view"]
    return ViewState(
        on=s["on"],
        mode=mode,
        claimants=shown[mode],
        compare=s["compare"] if s["use_compare"] else None,
        known=s["known"] if s["use_known"] else None,
        fresh=s["fresh_days"] if s["ageing"] else None,
        layers=frozenset(s["layers"]),
        center=center,
        zoom=zoom,
    )


def shown_claimants(state: ViewState) -> list[str]:
    return list(state.claimants) if state.claimants else [COMPOSITE]


def write_permalink(state: ViewState) -> str:
    """Keep the address bar in step with the view and return the link to share."""
    query = state_to_query(state)
    if dict(st.query_params) != query:
        st.query_params.from_dict(query)
    base = (st.context.url or "").split("?")[0]
    return f"{base}?{urlencode(query)}"


def remember_view(returned: object) -> None:
    """Keep the map view the browser reports, for the permalink; the map itself is not moved."""
    if not isinstance(returned, dict):
        return
    center, zoom = returned.get("center"), returned.get("zoom")
    if isinstance(center, dict) and isinstance(zoom, int | float):
        st.session_state["view"] = ((float(center["lat"]), float(center["lng"])), int(zoom))


def follow_map(component_key: str, *, first: bool) -> None:
    """A map's value changed in the browser (a callback: it runs before the page is built, so
    it may move the date slider): take the day its timeline paused on, and the first map's view,
    so the permalink written in this run is already true."""
    value = st.session_state.get(component_key)
    if not isinstance(value, dict):
        return
    if first:
        remember_view(value)
    stamp, day = value.get("stamp"), value.get("day")
    if (
        not isinstance(stamp, str)
        or not isinstance(day, str)
        or stamp == st.session_state.get("map_stamp")
    ):
        return
    st.session_state["map_stamp"] = stamp
    try:
        st.session_state["on"] = date.fromisoformat(day)
    except ValueError:
        return


def _step_change(change_days: Sequence[date], direction: int) -> None:
    on: date = st.session_state["on"]
    if direction > 0:
        index = bisect.bisect_right(change_days, on)
        target = change_days[index] if index < len(change_days) else on
    else:
        index = bisect.bisect_left(change_days, on) - 1
        target = change_days[index] if index >= 0 else on
    st.session_state["on"] = target


@st.fragment(run_every=PLAY_SECONDS)
def _play(span: tuple[date, date]) -> None:
    # The fragment also runs inside every full rerun; only its own timed runs may step the date.
    now = time.monotonic()
    if now - st.session_state.get("last_step", 0.0) < PLAY_SECONDS * 0.9:
        return
    on: date = st.session_state["on"]
    if on >= span[1]:
        st.session_state["playing"] = False
        return
    st.session_state["last_step"] = now
    st.session_state["on"] = on + timedelta(days=1)
    st.rerun(scope="app")
