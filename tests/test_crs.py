"""geodata.crs: the storage CRS, and areas and lengths measured in metres."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from pyproj import CRS, Geod
from shapely.geometry import LineString, Point, box
from shapely.testing import assert_geometries_equal

from geodata.crs import (
    STORAGE_CRS,
    MissingCRSError,
    area_km2,
    length_km,
    require_storage_crs,
    to_metric,
    to_storage,
    total_area_km2,
)

WGS84 = Geod(ellps="WGS84")


def geodesic_area_km2(geometry: shapely.Geometry) -> float:
    area, _ = WGS84.geometry_area_perimeter(geometry)
    return abs(area) / 1e6


def test_area_of_one_degree_box_near_kursk_matches_the_ellipsoid() -> None:
    one_degree = box(35.0, 51.0, 36.0, 52.0)
    expected = geodesic_area_km2(one_degree)
    assert 7_500 < expected < 7_900  # a 1°x1° box at 51.5N is about 7,700 km²
    assert area_km2(one_degree) == pytest.approx(expected, rel=0.005)


def test_area_of_box_far_from_the_projection_centre_stays_close() -> None:
    farther = box(33.0, 50.0, 34.0, 51.0)
    assert area_km2(farther) == pytest.approx(geodesic_area_km2(farther), rel=0.005)


def test_length_of_a_meridian_degree() -> None:
    meridian = LineString([(35.5, 51.0), (35.5, 52.0)])
    _, _, expected_m = WGS84.inv(35.5, 51.0, 35.5, 52.0)
    assert 110 < expected_m / 1e3 < 112
    assert length_km(meridian) == pytest.approx(expected_m / 1e3, rel=0.002)


def test_length_of_a_parallel_segment() -> None:
    parallel = LineString([(35.0, 51.5), (36.0, 51.5)])
    expected_km = WGS84.geometry_length(parallel) / 1e3
    assert length_km(parallel) == pytest.approx(expected_km, rel=0.002)


@pytest.mark.parametrize("nothing", [None, shapely.Polygon(), shapely.LineString()])
def test_empty_or_missing_geometry_measures_zero(nothing: shapely.Geometry | None) -> None:
    assert area_km2(nothing) == 0.0
    assert length_km(nothing) == 0.0


def test_total_area_counts_overlap_once() -> None:
    left = box(35.0, 51.0, 35.2, 51.2)
    right = box(35.1, 51.0, 35.3, 51.2)
    union = shapely.union(left, right)
    assert total_area_km2([left, right]) == pytest.approx(area_km2(union), rel=1e-9)
    assert total_area_km2([left, right]) < area_km2(left) + area_km2(right)
    assert total_area_km2([]) == 0.0


def test_metric_round_trip_keeps_the_geometry() -> None:
    polygon = box(34.5, 51.0, 35.5, 51.6)
    metric = to_metric(polygon)
    assert metric.bounds[2] - metric.bounds[0] > 50_000  # metres, not degrees
    assert_geometries_equal(to_storage(metric), polygon, tolerance=1e-8)


def test_projection_centre_maps_to_origin() -> None:
    centre = to_metric(Point(35.5, 51.5))
    assert_geometries_equal(centre, Point(0, 0), tolerance=1e-6)


def test_frame_without_crs_is_refused() -> None:
    frame = gpd.GeoDataFrame({"name": ["a"]}, geometry=[Point(35.2, 51.2)], crs=None)
    with pytest.raises(MissingCRSError, match="'nameless'"):
        require_storage_crs(frame, name="nameless")


def test_frame_in_storage_crs_is_returned_as_is() -> None:
    frame = gpd.GeoDataFrame({"name": ["a"]}, geometry=[Point(35.2, 51.2)], crs="EPSG:4326")
    assert require_storage_crs(frame, name="wgs84") is frame


def test_web_mercator_frame_is_reprojected_to_storage() -> None:
    sudzha = Point(35.27056, 51.19139)
    mercator = gpd.GeoDataFrame(geometry=[sudzha], crs="EPSG:4326").to_crs("EPSG:3857")
    assert mercator.geometry.iloc[0].x > 1_000_000  # really in metres

    stored = require_storage_crs(mercator, name="mercator")

    assert CRS.from_user_input(stored.crs) == STORAGE_CRS
    assert_geometries_equal(stored.geometry.iloc[0], sudzha, tolerance=1e-7)
