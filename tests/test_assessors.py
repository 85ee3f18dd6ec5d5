"""dashboard.assessors and dashboard.export_buttons: the disagreement readout and the downloads."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from claims.control import ControlPicture, asserted_control
from claims.dataset import Dataset
from claims.model import (
    Claim,
    ClaimGeometry,
    GeometryOrigin,
    Holder,
    Kind,
    Ledger,
    Precision,
    Provenance,
    Side,
    Source,
    Verification,
)
from claims.theatre import Theatre
from dashboard.assessors import assessors, disagreement, disagreement_line, disagreement_rows
from dashboard.export_buttons import HELP, LABELS, export_files
from geodata.crs import area_km2

DAY = date(2024, 8, 20)
CLAIMED = shapely.box(35.1, 51.12, 35.5, 51.35)
ASSESSED = shapely.box(35.2, 51.12, 35.6, 51.35)
LAYER = Provenance("Mapper", "© Mapper", "no redistribution", "mapper.kml")


def area_claim(
    claimant: str, side: Side, shape: shapely.Geometry, provenance: Provenance | None = None
) -> Claim:
    return Claim(
        id=f"{claimant}-1",
        claimant=claimant,
        side=side,
        published=DAY,
        refers_to=DAY,
        refers_to_end=DAY,
        precision=Precision.DAY,
        kind=Kind.AREA_CONTROL,
        sources=(Source("https://example.org/", "Example", DAY, checked=False),),
        verification=Verification.ASSESSED_INDEPENDENT,
        holder=Holder.UKRAINE,
        geometry=ClaimGeometry(shape, GeometryOrigin.DRAWN_BY_CLAIMANT),
        provenance=provenance,
    )


def picture_ledger() -> Ledger:
    return Ledger(
        (
            area_claim("General Staff", Side.UKRAINE, CLAIMED),
            area_claim("Mapper (imported)", Side.INDEPENDENT, ASSESSED, LAYER),
            # Named like an import, but a ledger record: the name is a label, never the test.
            area_claim("Analyst (imported)", Side.INDEPENDENT, ASSESSED),
        )
    )


@pytest.fixture(scope="module")
def picture(kursk: Theatre) -> ControlPicture:
    return asserted_control(picture_ledger(), kursk, DAY)


def test_assessors_are_the_independent_claimants(picture: ControlPicture) -> None:
    assert assessors(picture) == ["Mapper (imported)", "Analyst (imported)"]
    assert assessors(picture, imported_only=True) == ["Mapper (imported)"]


def test_km2_each_asserts_that_the_other_does_not(picture: ControlPicture, kursk: Theatre) -> None:
    parts = {d.holder: d for d in disagreement(picture, "General Staff", "Mapper (imported)")}
    held = parts[Holder.UKRAINE]
    home = kursk.home
    only_claimed = shapely.intersection(shapely.difference(CLAIMED, ASSESSED), home)
    only_assessed = shapely.intersection(shapely.difference(ASSESSED, CLAIMED), home)
    assert held.claimant_only_km2 == pytest.approx(area_km2(only_claimed), rel=1e-6)
    assert held.assessor_only_km2 == pytest.approx(area_km2(only_assessed), rel=1e-6)
    both = shapely.intersection(shapely.intersection(CLAIMED, ASSESSED), home)
    assert held.both_km2 == pytest.approx(area_km2(both), rel=1e-6)
    assert parts[Holder.RUSSIA].claimant_only_km2 == 0
    rows = disagreement_rows(picture, "General Staff", "Mapper (imported)")
    assert [r["holder"] for r in rows] == ["ukraine"]
    assert rows[0]["claimant only"] == round(held.claimant_only_km2)


def test_export_files_build_on_demand(
    picture: ControlPicture, kursk: Theatre, tmp_path: Path
) -> None:
    dataset = Dataset(picture_ledger(), kursk, {}, ())
    files = export_files(dataset, DAY, ["Mapper (imported)"])
    assert [f.file_name for f in files] == [
        f"frontline-2024-08-20.{ext}" for ext in ("geojson", "gpkg", "kml", "csv")
    ]
    layers = gpd.read_file(io.BytesIO(files[0].build()))
    own = layers[layers["layer"] == "claimants"]
    assert set(own["view"]) == {"Mapper (imported)"}
    assert files[1].build()[:16] == b"SQLite format 3\x00"
    assert b"<kml" in files[2].build()
    assert files[3].build().startswith(b"layer,view,holder")


def test_download_labels_name_the_format_and_help_says_what_is_in_it() -> None:
    assert list(LABELS.values()) == ["GeoJSON", "GeoPackage", "KML", "CSV"]
    assert all(len(label) <= 10 for label in LABELS.values())
    assert set(HELP) == set(LABELS) and all(HELP.values())


def test_disagreement_line_reads_each_number_with_its_meaning() -> None:
    row = {"holder": "contested", "claimant only": 1234, "assessor only": 19, "both": 0}
    line = disagreement_line(row)
    assert line == (
        "fighting reported: **1,234** claimant only · **19** assessor only · **0** both"
    )
