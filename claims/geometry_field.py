"""Reading the `geometry` field of a claim: WKT, GeoJSON or a named region, checked for sense."""

from __future__ import annotations

from collections.abc import Mapping

import shapely
from shapely.errors import ShapelyError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from claims.model import ClaimGeometry, GeometryOrigin

GEOMETRY_KEYS = frozenset({"wkt", "geojson", "region", "origin"})
ALLOWED_TYPES = frozenset(
    {"Polygon", "MultiPolygon", "LineString", "MultiLineString", "Point", "MultiPoint"}
)
MAX_VERTICES = 20_000

Found = list[tuple[str, str]]


def parse_geometry(
    spec: Mapping[str, object],
    *,
    regions: Mapping[str, BaseGeometry],
    theatre: BaseGeometry,
) -> tuple[ClaimGeometry | None, Found]:
    """The claim geometry of one record, or the problems as (field, message) pairs."""
    problems: Found = [
        (f"geometry.{key}", "is not a field of a geometry (use wkt, geojson or region)")
        for key in sorted(set(spec) - GEOMETRY_KEYS)
    ]
    origin = _origin(spec, problems)
    given = [key for key in ("wkt", "geojson", "region") if spec.get(key) is not None]
    if len(given) != 1:
        problems.append(("geometry", "give exactly one of wkt, geojson or region"))
        return None, problems
    if given[0] == "region":
        return _region(spec["region"], regions, problems)
    found = _shape(given[0], spec[given[0]], problems)
    if found is None:
        return None, problems
    problems.extend(_sense_problems(found, theatre))
    if problems or origin is None:
        return None, problems
    return ClaimGeometry(shape=found, origin=origin), problems


def _origin(spec: Mapping[str, object], problems: Found) -> GeometryOrigin | None:
    raw = spec.get("origin")
    if raw is None:
        problems.append(("geometry.origin", "is missing: say who drew the geometry"))
        return None
    try:
        return GeometryOrigin(str(raw))
    except ValueError:
        allowed = ", ".join(o.value for o in GeometryOrigin)
        problems.append(("geometry.origin", f"{raw!r} is not one of: {allowed}"))
        return None


def _region(
    name: object, regions: Mapping[str, BaseGeometry], problems: Found
) -> tuple[ClaimGeometry | None, Found]:
    if not isinstance(name, str) or name not in regions:
        known = ", ".join(sorted(regions))
        problems.append(("geometry.region", f"{name!r} is not a known region ({known})"))
        return None, problems
    if problems:
        return None, problems
    return ClaimGeometry(shape=regions[name], origin=GeometryOrigin.REGION, region=name), problems


def _shape(key: str, raw: object, problems: Found) -> BaseGeometry | None:
    try:
        if key == "wkt":
            if not isinstance(raw, str):
                raise TypeError(f"must be WKT text, got {type(raw).__name__}")
            return shapely.from_wkt(raw)
        if not isinstance(raw, dict):
            raise TypeError(f"must be a GeoJSON geometry mapping, got {type(raw).__name__}")
        if any(ring[0] != ring[-1] for ring in _geojson_rings(raw)):
            raise ValueError("a ring is not closed: its last position must repeat its first")
        return shape(raw)
    except (ShapelyError, TypeError, ValueError, KeyError, AttributeError, IndexError) as error:
        problems.append((f"geometry.{key}", f"cannot be read: {_first_line(error)}"))
        return None


def _geojson_rings(raw: Mapping[str, object]) -> list[list[object]]:
    """The non-empty rings of a GeoJSON (Multi)Polygon; shapely would close open ones silently."""
    coordinates = raw.get("coordinates")
    polygons = {"Polygon": [coordinates], "MultiPolygon": coordinates}.get(str(raw.get("type")))
    if not isinstance(polygons, list):
        return []
    return [
        ring
        for polygon in polygons
        if isinstance(polygon, list)
        for ring in polygon
        if isinstance(ring, list) and ring
    ]


def _sense_problems(found: BaseGeometry, theatre: BaseGeometry) -> Found:
    if found.geom_type not in ALLOWED_TYPES:
        return [("geometry", f"{found.geom_type} is not supported")]
    if found.is_empty:
        return [("geometry", "is empty")]
    if shapely.get_num_coordinates(found) > MAX_VERTICES:
        return [("geometry", f"has more than {MAX_VERTICES} vertices; simplify it")]
    if not shapely.is_valid(found):
        return [("geometry", f"is invalid: {explain_validity(found)}")]
    if theatre.covers(found):
        return []
    swapped = shapely.transform(found, lambda xy: xy[:, ::-1])
    if theatre.covers(swapped):
        return [("geometry", "lies outside the region; latitude and longitude look swapped")]
    return [("geometry", "lies outside the region (Kursk and Sumy oblasts and their border)")]


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__
