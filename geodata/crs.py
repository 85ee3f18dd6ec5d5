"""The one place where coordinate reference systems are chosen.

Everything is stored in WGS 84 longitude/latitude. Areas and lengths are never measured in degrees:
they are measured in a Lambert azimuthal equal-area projection centred on the theatre, which keeps
areas exact and distortion of lengths well under 0.1% across a few hundred kilometres.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

STORAGE_CRS = CRS.from_epsg(4326)
AREA_CRS = CRS.from_proj4("+proj=laea +lat_0=51.5 +lon_0=35.5 +x_0=0 +y_0=0 +ellps=WGS84 +units=m")

_TO_METRIC = Transformer.from_crs(STORAGE_CRS, AREA_CRS, always_xy=True)
_TO_STORAGE = Transformer.from_crs(AREA_CRS, STORAGE_CRS, always_xy=True)


class MissingCRSError(ValueError):
    """A layer arrived without a CRS, so its coordinates cannot be trusted."""


def require_storage_crs(frame: gpd.GeoDataFrame, *, name: str) -> gpd.GeoDataFrame:
    """Return `frame` in the storage CRS, refusing frames that carry no CRS at all."""
    if frame.crs is None:
        raise MissingCRSError(f"layer {name!r} has no CRS; set one before using it")
    if CRS.from_user_input(frame.crs) == STORAGE_CRS:
        return frame
    return frame.to_crs(STORAGE_CRS)


Geometries = TypeVar("Geometries", BaseGeometry, npt.NDArray[np.object_])


def to_metric(geometry: Geometries) -> Geometries:
    """Project a WGS 84 geometry (or an array of them, in one call) into the equal-area CRS."""
    return shapely.transform(geometry, _project_with(_TO_METRIC))  # type: ignore[no-any-return]


def to_storage(geometry: Geometries) -> Geometries:
    """Project equal-area geometries (metres) back to WGS 84, one or an array in one call."""
    return shapely.transform(geometry, _project_with(_TO_STORAGE))  # type: ignore[no-any-return]


def area_km2(geometry: BaseGeometry | None) -> float:
    """Area of a WGS 84 geometry in square kilometres.

    A tenth of a degree square is about 78 km² at Sudzha's latitude, not 0.01 of anything:

    >>> round(area_km2(shapely.box(35.2, 51.15, 35.3, 51.25)), 1)
    77.8
    >>> area_km2(None), area_km2(shapely.Polygon())
    (0.0, 0.0)
    """
    if geometry is None or geometry.is_empty:
        return 0.0
    return float(to_metric(geometry).area) / 1e6


def length_km(geometry: BaseGeometry | None) -> float:
    """Length of a WGS 84 geometry in kilometres."""
    if geometry is None or geometry.is_empty:
        return 0.0
    return float(to_metric(geometry).length) / 1e3


def total_area_km2(geometries: Iterable[BaseGeometry]) -> float:
    """Area of the union of several WGS 84 geometries, in square kilometres."""
    parts = [g for g in geometries if g is not None and not g.is_empty]
    if not parts:
        return 0.0
    return area_km2(shapely.union_all(parts))


Coords = npt.NDArray[np.float64]


def _project_with(transformer: Transformer) -> Callable[[Coords], Coords]:
    def project(coords: Coords) -> Coords:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return project
