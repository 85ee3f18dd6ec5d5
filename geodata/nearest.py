"""The settlement nearest a point, within a distance in metres (geodesic, WGS 84 ellipsoid)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pyproj import Geod

from geodata.settlements import Settlement

_GEOD = Geod(ellps="WGS84")


def nearest_settlement(
    settlements: Sequence[Settlement], lat: float, lon: float, *, within_m: float
) -> Settlement | None:
    """The settlement closest to (lat, lon) if it lies within `within_m` metres, else None.

    >>> from geodata.settlements import Settlement
    >>> sudzha = Settlement("sudzha", "Sudzha", "Суджа", (), "town", "Sudzhansky", "Kursk",
    ...                     "Russia", 51.1919, 35.2708, "")
    >>> nearest_settlement([sudzha], 51.1925, 35.2708, within_m=100).name_en
    'Sudzha'
    >>> nearest_settlement([sudzha], 51.2019, 35.2708, within_m=1000) is None  # ~1.1 km north
    True
    """
    if not settlements:
        return None
    lats = np.array([s.lat for s in settlements])
    lons = np.array([s.lon for s in settlements])
    _, _, distances = _GEOD.inv(np.full_like(lons, lon), np.full_like(lats, lat), lons, lats)
    best = int(np.argmin(distances))
    return settlements[best] if float(distances[best]) <= within_m else None
