"""The data grid's script fetched while a session's first run computes, not after the map arrives.

Streamlit's page fetches each kind of element's script the first time one is drawn. The claims
table below the map is a data grid, ~1.6 MB of script (the grid and Arrow), so on a fresh page it
was fetched just after the map's arguments arrived, on the same six connections as the map
component's own chunk, and compiled on the page's main thread while the map's frame loaded; the
map's frame was attached only once the grid's script was in (`python -m
bench.cold_start_breakdown`: "page draws what comes before the map's frame", 0.6-0.8 s).

`start()`, first thing in a session's first run, sends an empty grid, hidden, so the browser
fetches its script during the run (~0.5 s in which the page only waits); `end()`, last thing in
that run, takes it away. Nothing of it is seen.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import session

KEY = "frontline-grid-warmup"
# The key names the container's element (`st-key-<key>`); its wrapper is hidden too, else the
# page's gap before it moved everything below down 16 px while it was there. The style travels in
# Streamlit's event container, which takes no room in the page.
HIDDEN = f"<style>:has(> .st-key-{KEY}), .st-key-{KEY} {{display: none;}}</style>"


def start() -> DeltaGenerator | None:
    """Once per session: an empty, hidden data grid; its slot, for `end`, or None."""
    if session.GRID_WARMED.get_or(False):
        return None
    session.GRID_WARMED.set(True)
    slot = st.empty()
    with slot.container(key=KEY):
        st.html(HIDDEN)
        st.dataframe(pd.DataFrame({"": []}), hide_index=True)
    return slot


def end(slot: DeltaGenerator | None) -> None:
    if slot is not None:
        slot.empty()
