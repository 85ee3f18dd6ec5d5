"""The page's controls: date slider, change stepping, play, claimant and layer choice, permalink.

Widget values live in the session (`session.py`, one typed slot each); on a session's first run
they are seeded from the URL, and after every run the URL is rewritten from them, so the address
bar is always a permalink.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Sequence
from datetime import date, timedelta
from urllib.parse import urlencode

import streamlit as st

from claims.control import COMPOSITE, DEFAULT_FRESH_DAYS, FIGHTING_FRESH_DAYS, SIDE_VIEWS
from claims.model import Side
from dashboard import session
from dashboard.component_warmup import warm_component_script
from dashboard.view_kinds import ALL_LAYERS, LAYER_NAMES, MODES, Mode
from dashboard.view_state import MAX_FRESH_DAYS, ViewState, state_from_query, state_to_query

MODE_LABELS = {
    Mode.COMPOSITE: "Latest word (all claimants)",
    Mode.SINGLE: "One claimant",
    Mode.PAIR: "Two claimants side by side",
}
PLAY_SECONDS = 0.8
SIDE_VIEW_NAMES = frozenset(SIDE_VIEWS.values())
SIDE_ORDER = {Side.UKRAINE: 0, Side.RUSSIA: 1, Side.INDEPENDENT: 2, Side.OTHER: 3}


def seed_from_url(
    *, span: tuple[date, date], default_on: date, claimants: Sequence[tuple[str, Side]]
) -> None:
    """On a session's first run, set every widget from the URL (a permalink)."""
    if session.SEEDED.get_or(False):
        return
    names = [name for name, _ in selectable_views(claimants)]
    state = state_from_query(
        dict(st.query_params), span=span, default_on=default_on, claimants=names
    )
    defaults = default_pair(claimants)
    chosen = list(state.claimants) + [n for n in defaults if n not in state.claimants]
    session.ON.set(state.on)
    session.MODE.set(state.mode)
    session.LEFT.set(chosen[0])
    session.RIGHT.set(chosen[1] if len(chosen) > 1 else chosen[0])
    session.USE_COMPARE.set(state.compare is not None)
    session.COMPARE.set(state.compare or span[0])
    session.USE_KNOWN.set(state.known is not None)
    session.AGEING.set(state.fresh is not None)
    session.FRESH_DAYS.set(state.fresh or DEFAULT_FRESH_DAYS)
    session.KNOWN.set(state.known or state.on)
    session.LAYERS.set([k for k in ALL_LAYERS if k in state.layers])
    session.INITIAL_VIEW.set((state.center, state.zoom))
    session.VIEW.set((state.center, state.zoom))
    session.SEEDED.set(True)


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
    claim_days_strip: str,
    *,
    play: bool = True,
) -> None:
    """The slider over every day, stepping to the previous/next day a claim lands, and play
    (`play=False`: the map plays the days itself, `timeline.js`)."""
    if play and session.PLAYING.get_or(False):
        _play(span)  # before the slider: it may move the date, which a built slider forbids
    st.slider(
        "Date shown",
        min_value=span[0],
        max_value=span[1],
        step=timedelta(days=1),
        format="D MMM YYYY",
        key=session.ON.key,
        help="Arrow keys step one day when the slider has focus.",
    )
    st.html(claim_days_strip)  # built by `claim_days_strip.strip_html`: every text escaped
    st.caption(
        "Ticks mark the days claims take effect, coloured by the claimant's side: "
        "blue Ukraine, vermilion Russia, green independent, grey other."
    )
    # A row as wide as its labels: fixed columns cut "◀ Previous change" at 1280 px.
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button("◀ Previous change", on_click=_step_change, args=(change_days, -1))
        st.button("Next change ▶", on_click=_step_change, args=(change_days, 1))
        if play:
            st.toggle(
                "Play", key=session.PLAYING.key, help="Step through the days, one every 0.8 s"
            )
        else:
            st.caption("Play, and step with ← →, on the map itself")


def sidebar_controls(claimants: Sequence[tuple[str, Side]], span: tuple[date, date]) -> None:
    views = selectable_views(claimants)
    names = [name for name, _ in views]
    sides = dict(views)
    with st.sidebar:
        st.header("Who says so")
        st.radio("View", MODES, format_func=MODE_LABELS.__getitem__, key=session.MODE.key)

        def label(name: str) -> str:
            return name if name in SIDE_VIEW_NAMES else f"{sides[name].value.title()} · {name}"

        if session.MODE.get() != Mode.COMPOSITE:
            st.selectbox("Claimant", names, format_func=label, key=session.LEFT.key)
        if session.MODE.get() == Mode.PAIR:
            st.selectbox("Compared with", names, format_func=label, key=session.RIGHT.key)
        st.header("Dates")
        st.checkbox("Show changes since a compare date", key=session.USE_COMPARE.key)
        if session.USE_COMPARE.get():
            st.date_input(
                "Compare date", min_value=span[0], max_value=span[1], key=session.COMPARE.key
            )
        st.checkbox("Only what was public on a date (as known on)", key=session.USE_KNOWN.key)
        if session.USE_KNOWN.get():
            st.date_input(
                "As known on", min_value=span[0], max_value=span[1], key=session.KNOWN.key
            )
        st.checkbox(
            "Old words go stale",
            key=session.AGEING.key,
            help="A place's latest word older than the window is drawn faded and left out of the "
            "headline areas and of the disagreement. A word of fighting (reached, entered, "
            f"fighting) goes stale after {FIGHTING_FRESH_DAYS} days at most.",
        )
        if session.AGEING.get():
            st.number_input(
                "Fresh for (days)",
                min_value=1,
                max_value=MAX_FRESH_DAYS,
                key=session.FRESH_DAYS.key,
            )
        st.header("Layers")
        st.multiselect(
            "Layers", list(ALL_LAYERS), format_func=LAYER_NAMES.__getitem__, key=session.LAYERS.key
        )
        warm_component_script()


def current_state() -> ViewState:
    mode = Mode(session.MODE.get())
    left, right = session.LEFT.get(), session.RIGHT.get()
    shown = {Mode.COMPOSITE: (), Mode.SINGLE: (left,), Mode.PAIR: (left, right)}
    center, zoom = session.VIEW.get()
    return ViewState(
        on=session.ON.get(),
        mode=mode,
        claimants=shown[mode],
        compare=session.COMPARE.get() if session.USE_COMPARE.get() else None,
        known=session.KNOWN.get() if session.USE_KNOWN.get() else None,
        fresh=session.FRESH_DAYS.get() if session.AGEING.get() else None,
        layers=frozenset(session.LAYERS.get()),
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
        session.VIEW.set(((float(center["lat"]), float(center["lng"])), int(zoom)))


def follow_map(component_key: str, *, first: bool) -> None:
    """A map's value changed in the browser (a callback: it runs before the page is built, so
    it may move the date slider): take the day its timeline paused on, and the first map's view,
    so the permalink written in this run is already true."""
    value = session.Slot[object](component_key).get_or(None)  # the map component's own value
    if not isinstance(value, dict):
        return
    if first:
        remember_view(value)
    stamp, day = value.get("stamp"), value.get("day")
    if (
        not isinstance(stamp, str)
        or not isinstance(day, str)
        or stamp == session.MAP_STAMP.get_or("")
    ):
        return
    session.MAP_STAMP.set(stamp)
    try:
        session.ON.set(date.fromisoformat(day))
    except ValueError:
        return


def _step_change(change_days: Sequence[date], direction: int) -> None:
    on: date = session.ON.get()
    if direction > 0:
        index = bisect.bisect_right(change_days, on)
        target = change_days[index] if index < len(change_days) else on
    else:
        index = bisect.bisect_left(change_days, on) - 1
        target = change_days[index] if index >= 0 else on
    session.ON.set(target)


@st.fragment(run_every=PLAY_SECONDS)
def _play(span: tuple[date, date]) -> None:
    # The fragment also runs inside every full rerun; only its own timed runs may step the date.
    now = time.monotonic()
    if now - session.LAST_STEP.get_or(0.0) < PLAY_SECONDS * 0.9:
        return
    on: date = session.ON.get()
    if on >= span[1]:
        session.PLAYING.set(False)
        return
    session.LAST_STEP.set(now)
    session.ON.set(on + timedelta(days=1))
    st.rerun(scope="app")
