"""What a browser does to the map page that AppTest does not: its maps report themselves drawn.

The tables below the map wait for that report (`dashboard.panels.below_map`). In a browser the
map's page sends its component value (its view) once drawn, and the run that value starts marks
the tables due (`app._map`); AppTest runs no component, so this sets what that run would, and
runs the page again.
"""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from bench.load_ws import MAP_COMPONENT
from dashboard import session


def maps_drawn(app: AppTest) -> AppTest:
    """The page once its map has reported itself drawn (as in a browser)."""
    app.session_state[session.TABLES_DUE.key] = True
    return app.run()


def map_components(app: AppTest) -> list[Any]:
    """The page's map components (the page has another: `dashboard.component_warmup`)."""
    return [c for c in app.get("component_instance") if c.proto.component_name == MAP_COMPONENT]
