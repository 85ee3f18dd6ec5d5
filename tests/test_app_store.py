"""The page with a store of imported assessments: assessors beside the claimants."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from claims.cli import main as frontline
from claims.control import SIDE_VIEWS
from claims.model import Side

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
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assessors = app.selectbox(key="assessor")
    imported = [name for name in assessors.options if name.endswith("(imported)")]
    assert imported, assessors.options
    assessors.set_value(imported[0]).run()
    readout = [d.value for d in app.dataframe if "holder" in d.value.columns]
    assert readout, "a disagreement table for the shown claimant"
    assert (readout[0].select_dtypes("number") >= 0).all().all()
