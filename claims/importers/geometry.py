"""Cleaning imported geometries: flat (2D), valid, and only the parts that mark ground."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import shape as geojson_shape
from shapely.geometry.base import BaseGeometry

POLYGONAL = frozenset({"Polygon", "MultiPolygon"})
LINEAR = frozenset({"LineString", "MultiLineString"})


def clean_geometry(geometry: dict[str, Any] | None) -> BaseGeometry | None:
    """A GeoJSON geometry as a valid 2D shapely geometry; None when it is missing or empty."""
    if not geometry:
        return None
    shape = shapely.force_2d(geojson_shape(geometry))
    if shape.is_empty:
        return None
    if not shape.is_valid:
        shape = shapely.make_valid(shape)
        if shape.geom_type == "GeometryCollection":
            parts = [g for g in shape.geoms if g.geom_type in POLYGONAL]
            shape = shapely.union_all(parts) if parts else shape
    return shape


def mostly_inside(shape: BaseGeometry, region: BaseGeometry) -> bool:
    """Whether at least half of a polygon lies in `region` (a border line is drawn loosely)."""
    if shape.geom_type not in POLYGONAL:
        return bool(shape.intersects(region))
    if shape.area == 0:
        return False
    return bool(shapely.intersection(shape, region).area >= 0.5 * shape.area)
