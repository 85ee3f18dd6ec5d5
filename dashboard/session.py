"""The map page's session values, each declared once with its type: no bare `st.session_state["…"]`.

Streamlit keeps widget values and the page's own memory in one untyped mapping. A misspelt key there
reads as missing and a wrong type surfaces far from its cause, so every value the map page keeps
is a `Slot` here: one name, one type, one place to read what the page remembers. Widgets take
`key=slot.key`.
"""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar, cast

import streamlit as st

from dashboard.view_kinds import MapLayer, Mode

T = TypeVar("T")
View = tuple[tuple[float, float], int]
BBox = tuple[float, float, float, float]


class Slot(Generic[T]):
    """One value of the session, typed."""

    def __init__(self, key: str) -> None:
        self.key = key

    def get(self) -> T:
        """The value; a slot read before the page set it is a bug, named as such."""
        if self.key not in st.session_state:
            raise KeyError(f"session value {self.key!r} read before the page set it")
        return cast(T, st.session_state[self.key])

    def get_or(self, default: T) -> T:
        return cast(T, st.session_state.get(self.key, default))

    def set(self, value: T) -> None:
        st.session_state[self.key] = value

    def is_set(self) -> bool:
        return self.key in st.session_state


# Seeded from the URL on a session's first run (`controls.seed_from_url`).
SEEDED = Slot[bool]("seeded")
ON = Slot[date]("on")
MODE = Slot[Mode]("mode")
LEFT = Slot[str]("left")
RIGHT = Slot[str]("right")
USE_COMPARE = Slot[bool]("use_compare")
COMPARE = Slot[date]("compare")
USE_KNOWN = Slot[bool]("use_known")
KNOWN = Slot[date]("known")
AGEING = Slot[bool]("ageing")
FRESH_DAYS = Slot[int]("fresh_days")
LAYERS = Slot[list[MapLayer]]("layers")
# The view the maps were first drawn at, and the one the browser last reported (for the link).
INITIAL_VIEW = Slot[View]("initial_view")
VIEW = Slot[View]("view")
# The day's ground the maps opened fitted to (None: the URL named a view), fixed per session.
OPENING_FRAME = Slot["BBox | None"]("opening_frame")
PLAYING = Slot[bool]("playing")
LAST_STEP = Slot[float]("last_step")
# The pause the browser timeline last reported (its stamp), so one pause moves the date once.
MAP_STAMP = Slot[str]("map_stamp")
ASSESSOR = Slot["str | None"]("assessor")
# What sits below the map waits for a map to report itself drawn (`panels.below_map_due`); once
# due, due for the rest of the session.
TABLES_DUE = Slot[bool]("tables_due")
# The next days are warmed from a session's second run on (`app.main`): not beside its first map.
PREFETCH_DUE = Slot[bool]("prefetch_due")
FIGURE_UNIT = Slot[str]("figure_unit")
