"""The data grid's script asked for at the start of a session's first run (`dashboard.grid_warmup`):
an empty grid sent first, hidden, and gone by the end of the run; never again in the session."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.grid_warmup import KEY

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"


def _started_only() -> None:
    import streamlit as st

    from dashboard import grid_warmup

    grid_warmup.start()
    st.write("the page")


def _whole_run() -> None:
    import streamlit as st

    from dashboard import grid_warmup

    slot = grid_warmup.start()
    st.write("the page")
    grid_warmup.end(slot)


def test_the_empty_grid_comes_first_hidden_once_per_session() -> None:
    app = AppTest.from_function(_started_only).run()
    first = app.main.children[0]
    assert len(first.dataframe) == 1 and first.dataframe[0].value.empty, "first in the page"
    assert len(app.dataframe) == 1
    assert any(f".st-key-{KEY}" in h.proto.body and "display: none" in h.proto.body
               for h in app.get("html"))  # fmt: skip
    app.run()
    assert len(app.dataframe) == 0, "not again in the same session"


def test_the_run_takes_it_away() -> None:
    app = AppTest.from_function(_whole_run).run()
    assert len(app.dataframe) == 0
    assert app.markdown[0].value == "the page"


def test_the_map_page_shows_only_its_own_tables() -> None:
    app = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not app.exception
    # The claims panel's two tables (in force, published on the day), nothing of the warm-up.
    assert len(app.dataframe) == 2
    assert all("id" in d.value.columns for d in app.dataframe)
