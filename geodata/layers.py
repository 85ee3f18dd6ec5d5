"""The bundled base layers, read from geodata/data as GeoDataFrames in the storage CRS."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geodata.crs import STORAGE_CRS, require_storage_crs
from geodata.gazetteer import Gazetteer
from geodata.settlements import Settlement, merge_without_duplicates, read_settlement_files

DATA_DIR = Path(__file__).resolve().parent / "data"
CURATED_DIR = DATA_DIR / "settlements"
GEONAMES_TOWNS = DATA_DIR / "geonames_towns.csv"
EXTRA_SETTLEMENTS_ENV = "FRONTLINE_EXTRA_SETTLEMENTS"
KURSK = "Kursk oblast"
SUMY = "Sumy oblast"


def read_layer(path: Path) -> gpd.GeoDataFrame:
    """Read one vector file, insisting that it says what CRS it is in."""
    return require_storage_crs(gpd.read_file(path), name=path.name)


@cache
def oblasts() -> gpd.GeoDataFrame:
    """Kursk and Sumy oblasts (Natural Earth 10m admin-1)."""
    return read_layer(DATA_DIR / "oblasts.geojson")


@cache
def border() -> gpd.GeoDataFrame:
    """The Russia-Ukraine border along Kursk oblast, as lines."""
    return read_layer(DATA_DIR / "border.geojson")


@cache
def rivers() -> gpd.GeoDataFrame:
    """Rivers of the area (GSHHG/WDBII)."""
    return read_layer(DATA_DIR / "rivers.geojson")


def oblast_polygon(name: str = KURSK) -> BaseGeometry:
    frame = oblasts()
    match = frame[frame["name"] == name]
    if match.empty:
        raise KeyError(f"no oblast named {name!r} in {DATA_DIR / 'oblasts.geojson'}")
    return match.geometry.iloc[0]


@cache
def settlement_records() -> tuple[Settlement, ...]:
    """Curated rows first (hand-checked villages, the census list, Sumy localities), then
    GeoNames towns, then extras. Every position is read from a cited source, never estimated.

    A later tier only adds places the earlier ones lack, so a curated position always wins.
    """
    curated = read_settlement_files(CURATED_DIR.glob("*.csv"))
    tier_paths = (GEONAMES_TOWNS, *_extra_settlement_files())
    tiers = [read_settlement_files([path]) for path in tier_paths if path.exists()]
    merged: tuple[Settlement, ...] = tuple(curated)
    for tier in tiers:
        merged = merge_without_duplicates(merged, tier)
    return merged


def source_files() -> tuple[Path, ...]:
    """Every file the layers and the settlements are read from: what a result computed from them
    (the theatre's cells, a parsed ledger) depends on."""
    bundled = sorted(path for path in DATA_DIR.rglob("*") if path.is_file())
    return (*bundled, *_extra_settlement_files())


def _extra_settlement_files() -> tuple[Path, ...]:
    """A further settlements CSV named by FRONTLINE_EXTRA_SETTLEMENTS (synthetic theatres)."""
    extra = os.environ.get(EXTRA_SETTLEMENTS_ENV)
    return (Path(extra),) if extra else ()


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(settlement_records())


def settlements_frame(records: tuple[Settlement, ...] | None = None) -> gpd.GeoDataFrame:
    """Settlements as points, one row each, indexed by settlement id."""
    rows = records if records is not None else settlement_records()
    table = pd.DataFrame(
        {
            "id": [s.id for s in rows],
            "name_en": [s.name_en for s in rows],
            "name_ru": [s.name_ru for s in rows],
            "kind": [s.kind for s in rows],
            "district": [s.district for s in rows],
            "oblast": [s.oblast for s in rows],
            "country": [s.country for s in rows],
            "source_url": [s.source_url for s in rows],
            "position_checked": [s.position_checked for s in rows],
        }
    )
    points = [Point(s.lon, s.lat) for s in rows]
    return gpd.GeoDataFrame(table, geometry=points, crs=STORAGE_CRS).set_index("id", drop=False)
