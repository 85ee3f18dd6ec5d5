"""geodata.layers: the bundled base layers, checked against facts known outside the code."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from pyproj import CRS
from shapely.geometry import Point

from geodata import layers
from geodata.crs import STORAGE_CRS, area_km2, length_km, to_metric

OFFICIAL_KURSK_KM2 = 29_997  # Rosstat
RYLSK = Point(34.68, 51.57)


def curated_kursk_rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(layers.CURATED_DIR.glob("*.csv")):
        with Path(path).open(encoding="utf-8", newline="") as handle:
            rows.extend(r for r in csv.DictReader(handle) if r["oblast"].strip() == "Kursk")
    return rows


@pytest.mark.parametrize("layer", [layers.oblasts, layers.border, layers.rivers])
def test_layer_is_stored_in_wgs84(layer: Callable[[], gpd.GeoDataFrame]) -> None:
    frame = layer()
    assert not frame.empty
    assert CRS.from_user_input(frame.crs) == STORAGE_CRS
    assert frame.geometry.is_valid.all()


def test_settlements_frame_is_stored_in_wgs84() -> None:
    frame = layers.settlements_frame()
    assert CRS.from_user_input(frame.crs) == STORAGE_CRS
    assert frame.index.is_unique


def test_kursk_oblast_area_matches_official_figure() -> None:
    assert area_km2(layers.oblast_polygon(layers.KURSK)) == pytest.approx(
        OFFICIAL_KURSK_KM2, rel=0.01
    )


def test_unknown_oblast_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="Atlantis"):
        layers.oblast_polygon("Atlantis oblast")


def test_border_length_is_plausible() -> None:
    border = shapely.union_all(list(layers.border().geometry))
    assert 200 <= length_km(border) <= 250


@pytest.mark.parametrize("oblast", [layers.KURSK, layers.SUMY])
def test_border_runs_along_both_oblasts(oblast: str) -> None:
    border = to_metric(shapely.union_all(list(layers.border().geometry)))
    edge = to_metric(layers.oblast_polygon(oblast)).boundary
    along_edge = shapely.intersection(border, edge.buffer(100.0))
    assert along_edge.length / border.length > 0.99


def test_kursk_and_sumy_do_not_overlap() -> None:
    kursk = layers.oblast_polygon(layers.KURSK)
    sumy = layers.oblast_polygon(layers.SUMY)
    assert area_km2(shapely.intersection(kursk, sumy)) < 1.0


def test_seym_passes_near_rylsk() -> None:
    frame = layers.rivers()
    seym = frame[frame["name"] == "Seym"]
    assert not seym.empty
    distance_m = to_metric(shapely.union_all(list(seym.geometry))).distance(to_metric(RYLSK))
    assert distance_m < 10_000


def test_curated_kursk_settlements_lie_inside_kursk_near_the_border() -> None:
    kursk = to_metric(layers.oblast_polygon(layers.KURSK))
    border = to_metric(shapely.union_all(list(layers.border().geometry)))
    rows = curated_kursk_rows()
    assert rows
    outside = []
    too_far = []
    for row in rows:
        point = to_metric(Point(float(row["lon"]), float(row["lat"])))
        if not kursk.covers(point):
            outside.append(row["name_en"])
        if point.distance(border) > 60_000:
            too_far.append(row["name_en"])
    assert outside == []
    assert too_far == []


def test_there_are_at_least_a_hundred_settlements() -> None:
    assert len(layers.settlement_records()) >= 100


def test_every_settlement_says_where_its_position_comes_from() -> None:
    unsourced = [
        s.label for s in layers.settlement_records() if not (s.source_url or s.source_note)
    ]
    assert unsourced == []


def test_settlement_ids_are_unique() -> None:
    ids = [s.id for s in layers.settlement_records()]
    assert len(ids) == len(set(ids))


def test_gazetteer_knows_every_settlement() -> None:
    gazetteer = layers.gazetteer()
    assert len(gazetteer) == len(layers.settlement_records())
