"""The engine's figures have not moved: a regression guard over the bundled ledger and a store.

`tests/regression/engine_figures.json` holds, for three dates, the composite's, the side views'
and every independent assessor's areas (footprint, oblast, stale, drawn map) and settlement sets,
as computed by the engine at the commit the file names, on the bundled ledger plus a store of
every test import (so drawn polygons, snapshots handing ground back and KML maps are all painted).
It is not a truth about the war: it proves that a refactoring meant to keep results (bulk spatial
queries, tolerances in metres, the store written through GDAL) kept them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.regression.engine_figures import figures

EXPECTED = Path(__file__).resolve().parent / "regression" / "engine_figures.json"
# Figures are rounded to metres² x 1000; a speck threshold in m² instead of degrees² may keep or
# drop a sliver of a few hundred m² where it did not before, never more.
KM2_TOLERANCE = 0.002


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def computed() -> dict[str, Any]:
    return figures()


def test_same_records(expected: dict[str, Any], computed: dict[str, Any]) -> None:
    assert computed["records"] == expected["records"]


def test_same_figures_every_date(expected: dict[str, Any], computed: dict[str, Any]) -> None:
    assert computed["dates"].keys() == expected["dates"].keys()
    for day, want in expected["dates"].items():
        _same(computed["dates"][day], want, where=day)


def _same(got: Any, want: Any, *, where: str) -> None:
    if isinstance(want, dict):
        assert isinstance(got, dict) and got.keys() == want.keys(), where
        for key, value in want.items():
            _same(got[key], value, where=f"{where} / {key}")
    elif isinstance(want, float | int) and not isinstance(want, bool):
        assert got == pytest.approx(want, abs=KM2_TOLERANCE), where
    else:
        assert got == want, where
