"""What a browser does to the map page that AppTest does not: its maps report themselves drawn.

The tables below the map wait for that report (`dashboard.panels.below_map`). In a browser the
map's page sends its component value (its view) once drawn, and the run that value starts marks
the tables due (`app._map`); AppTest runs no component, so this sets what that run would, and
runs the page again.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard import session


def maps_drawn(app: AppTest) -> AppTest:
    """The page once its map has reported itself drawn (as in a browser)."""
    app.session_state[session.TABLES_DUE.key] = True
    return app.run()
