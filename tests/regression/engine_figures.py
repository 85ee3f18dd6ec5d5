"""Per-date figures of the engine on the bundled ledger plus a store of the test imports.

`python -m tests.regression.engine_figures > tests/regression/engine_figures.json` writes them;
`tests/test_engine_regression.py` compares the engine of today with the file. The file is a
regression guard, not a truth: it records what the engine computed at the commit it names, so a
refactoring that should not change results (bulk spatial queries, metric tolerances, another
store writer) can prove it did not. Regenerate it only for a change meant to alter figures, and
say why in the commit.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from claims import store
from claims.control import ClaimantView, ControlPicture, Scope, asserted_control
from claims.dataset import load_dataset
from claims.model import Holder, Side
from claims.store_cli import parse_files

REPO = Path(__file__).resolve().parents[2]
IMPORT = REPO / "tests" / "data" / "import"
MAPPING = REPO / "claims" / "data" / "kml_mapping.example.yaml"
DATES = (date(2024, 8, 25), date(2024, 10, 1), date(2025, 3, 13))


def build_store(folder: Path) -> Path:
    """A store of every test import: DeepStateMap snapshots, an ISW layer, two KML maps."""
    path = folder / "store.gpkg"
    deepstate = sorted((IMPORT / "deepstate").iterdir())
    kml = sorted(IMPORT.glob("mymaps_*"))
    files = [
        *parse_files(deepstate, "deepstate", taken_at=None, mapping=None),
        *parse_files([IMPORT / "isw_kursk_2024-08-20.geojson"], "isw", taken_at=None, mapping=None),
        *parse_files(kml, "kml", taken_at=None, mapping=MAPPING),
    ]
    store.import_files(path, files)
    return path


def view_figures(view: ClaimantView) -> dict[str, Any]:
    """Areas and settlement sets per holder, for the holders the view gives any ground."""
    theatre = view.painted.theatre
    found = {
        holder.value: {
            "area_km2": round(view.area_km2(holder), 3),
            "oblast_km2": round(view.area_km2(holder, scope=Scope.OBLAST), 3),
            "stale_km2": round(view.stale_km2(holder), 3),
            "map_km2": round(view.territory_km2(holder), 3),
            "map_stale_km2": round(view.territory_km2(holder, fresh=False), 3),
            "settlements": view.settlements_held(holder, theatre),
        }
        for holder in Holder
    }
    return {holder: row for holder, row in found.items() if any(row.values())}


def picture_figures(picture: ControlPicture) -> dict[str, Any]:
    """The composite, the side views and the independent assessors (the imported ones too)."""
    assessors = [v for v in picture.claimants if v.side is Side.INDEPENDENT]
    views = (picture.composite, *picture.sides, *assessors)
    return {
        "contested_km2": round(picture.contested_km2, 3),
        "fighting_km2": round(picture.fighting.km2, 3),
        "footprint_km2": round(picture.footprint.km2, 3),
        "views": {view.claimant: view_figures(view) for view in views},
    }


def figures() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        dataset = load_dataset(None, build_store(Path(folder)))
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    return {
        "commit": commit,
        "records": len(dataset.ledger.records),
        "dates": {
            on.isoformat(): picture_figures(asserted_control(dataset.ledger, dataset.theatre, on))
            for on in DATES
        },
    }


if __name__ == "__main__":
    json.dump(figures(), sys.stdout, indent=0, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")
