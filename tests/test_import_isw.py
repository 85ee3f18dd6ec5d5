"""claims.importers.isw: ISW/CTP layers as GeoJSON and as zipped shapefiles made at test time."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.testing import assert_geometries_equal

from claims.importers.assessment import ImportFileError
from claims.importers.isw import category_of, layer_date, parse_isw, read_isw
from claims.model import Holder, Kind, Verification
from geodata.crs import STORAGE_CRS

ISW = Path(__file__).resolve().parent / "data" / "import" / "isw_kursk_2024-08-20.geojson"
ADVANCES = "Kursk Incursion Ukrainian Advances in Russia"
CLAIMS = "Kursk Incursion Russian Claims in Russia"
LIMIT = "Claimed Limit of Ukrainian Advance"


def test_layer_names_say_what_is_asserted() -> None:
    advance, claim, limit = (category_of(n) for n in (ADVANCES, CLAIMS, LIMIT))
    assert advance is not None and claim is not None and limit is not None
    assert (advance.holder, advance.category) == (Holder.UKRAINE, "assessed advance")
    assert advance.verification is Verification.ASSESSED_INDEPENDENT
    assert (claim.holder, claim.verification) == (Holder.CONTESTED, Verification.CLAIMED_UNVERIFIED)
    assert (limit.kind, limit.category) == (Kind.ADVANCE, "claimed limit of advance")
    assert category_of("Kursk_Incursion_Ukrainian_Advances_in_Russia") is not None
    assert category_of("Ukrainian Partisan Activity") is None


def test_geojson_layers_by_field() -> None:
    [data] = read_isw(ISW)
    areas = parse_isw(data)
    assert [a.category for a in areas] == [
        "assessed advance",
        "claimed advance (Russian claim)",
        "claimed limit of advance",
    ]
    assert areas[2].shape.geom_type == "LineString"
    assert layer_date(data) == datetime(2024, 8, 20, tzinfo=UTC)


def test_disagreeing_dates_are_refused() -> None:
    [data] = read_isw(ISW)
    data["features"][0]["properties"]["date"] = "2024-08-21"
    with pytest.raises(ValueError, match="different dates"):
        layer_date(data)


def _zipped_shapefiles(folder: Path, name: str, *, with_prj: bool = True) -> Path:
    """ISW-like layers as shapefiles in web mercator, zipped the way ArcGIS hands them out."""
    layers = {
        ADVANCES.replace(" ", "_"): shapely.box(35.05, 51.1, 35.5, 51.4),
        LIMIT.replace(" ", "_"): shapely.LineString([(35.0, 51.45), (35.6, 51.45)]),
    }
    archive = folder / name
    with zipfile.ZipFile(archive, "w") as bundle:
        for layer, shape in layers.items():
            frame = gpd.GeoDataFrame({"Name": [layer]}, geometry=[shape], crs=STORAGE_CRS)
            frame.to_crs(3857).to_file(folder / f"{layer}.shp")
            for part in folder.glob(f"{layer}.*"):
                if part.suffix != ".prj" or with_prj:
                    bundle.write(part, part.name)
    return archive


def test_zipped_shapefiles_are_reprojected(tmp_path: Path) -> None:
    archive = _zipped_shapefiles(tmp_path, "isw_kursk_2024-08-22.zip")
    areas = [a for data in read_isw(archive) for a in parse_isw(data)]
    categories = sorted(a.category for a in areas)
    assert categories == ["assessed advance", "claimed limit of advance"]
    advance = next(a for a in areas if a.category == "assessed advance")
    assert_geometries_equal(
        shapely.normalize(advance.shape),
        shapely.normalize(shapely.box(35.05, 51.1, 35.5, 51.4)),
        tolerance=1e-6,
    )


def test_zipped_shapefile_without_crs_is_refused(tmp_path: Path) -> None:
    archive = _zipped_shapefiles(tmp_path, "isw.zip", with_prj=False)
    with pytest.raises(ImportFileError, match="no CRS"):
        read_isw(archive)


def test_legacy_crs_member_is_honoured() -> None:
    box = gpd.GeoSeries([shapely.box(35.1, 51.1, 35.2, 51.2)], crs=STORAGE_CRS).to_crs(3857)
    data = {
        "type": "FeatureCollection",
        "name": ADVANCES,
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(box[0])}
        ],
    }
    [area] = parse_isw(data)
    assert area.shape.bounds == pytest.approx((35.1, 51.1, 35.2, 51.2))
