"""The page with a store of imported assessments: assessors beside the claimants."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from claims.control import SIDE_VIEWS
from claims.model import Side
from dashboard.command import main as frontline
from tests.apptest_page import maps_drawn

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
DEEPSTATE = Path(__file__).resolve().parent / "data" / "import" / "deepstate"


def test_imported_assessor_appears_beside_the_claimants(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "assessments.gpkg"
    assert (
        frontline(["import", str(DEEPSTATE), "--format", "deepstate", "--store", str(store)]) == 0
    )
    monkeypatch.setenv("FRONTLINE_TILES", "off")
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["date"] = "2024-08-20"
    app.query_params["mode"] = "single"
    app.query_params["claimants"] = SIDE_VIEWS[Side.UKRAINE]
    maps_drawn(app.run())
    assert not app.exception, [e.value for e in app.exception]
    assessors = app.selectbox(key="assessor")
    imported = [name for name in assessors.options if name == "DeepStateMap (imported)"]
    assert imported, assessors.options
    assessors.set_value(imported[0]).run()
    readout = [d.value for d in app.dataframe if "holder" in d.value.columns]
    assert readout, "a disagreement table for the shown claimant"
    assert (readout[0].select_dtypes("number") >= 0).all().all()


def test_the_snapshot_of_an_imported_assessor_view_draws_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Snapshot button reads the ledger the page reads, store included: one path."""
    from datetime import date

    from dashboard.snapshot import snapshot_html
    from dashboard.snapshot_button import snapshot_source_now
    from dashboard.view_kinds import Mode
    from dashboard.view_state import ViewState

    store = tmp_path / "assessments.gpkg"
    assert (
        frontline(["import", str(DEEPSTATE), "--format", "deepstate", "--store", str(store)]) == 0
    )
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    source = snapshot_source_now()
    imported = sorted(source.ledger.imported_claimants)
    assert imported
    state = ViewState(on=date(2024, 9, 20), mode=Mode.SINGLE, claimants=(imported[0],))
    assert imported[0] in snapshot_html(source, state)


def test_frontline_snapshot_takes_a_store(tmp_path: Path) -> None:
    store = tmp_path / "assessments.gpkg"
    assert (
        frontline(["import", str(DEEPSTATE), "--format", "deepstate", "--store", str(store)]) == 0
    )
    out = tmp_path / "view.html"
    argv = ["snapshot", "--date", "2024-09-20", "--store", str(store), "--out", str(out)]
    assert frontline([*argv, "--claimants", "DeepStateMap (imported)"]) == 0
    assert "DeepStateMap (imported)" in out.read_text(encoding="utf-8")
