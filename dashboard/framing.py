"""Where a map opens: the ground in play on the day, padded. Pure: no folium, no Streamlit.

The ground in play is what the day's picture is about: the ground the latest words give Ukraine,
where fighting is reported, and where claimants disagree. When there is none (after the last
word that the oblast is retaken), the ledger's footprint: the ground anyone ever asserted
Ukrainian-held or contested. The box is padded, and never smaller than a few towns across, so a
one-village day still shows its neighbours.
"""

from __future__ import annotations

import math

import shapely

from claims.control import ControlPicture
from claims.model import Holder

BBox = tuple[float, float, float, float]  # west, south, east, north, in degrees
PAD_FRACTION = 0.08
MIN_SPAN_KM = 24.0
KM_PER_DEGREE_LATITUDE = 111.32


def ground_in_play(picture: ControlPicture) -> BBox | None:
    """The box a map of the day opens on (padded), or None when nothing was ever in play."""
    # Only the box is wanted: the box of the pieces' boxes is the union's box, without the union
    # (at 100x, uniting the day's ~10,000 Ukrainian pieces took 1-1.5 s of the first map).
    ukrainian = [piece.shape for piece in picture.composite.pieces(Holder.UKRAINE)]
    parts = [*ukrainian, picture.fighting.shape, picture.contested]
    drawn = [p for p in parts if not p.is_empty]
    if not drawn:
        drawn = [picture.footprint.shape] if not picture.footprint.shape.is_empty else []
    if not drawn:
        return None
    boxes = shapely.bounds(drawn)
    west, south = boxes[:, 0].min(), boxes[:, 1].min()
    east, north = boxes[:, 2].max(), boxes[:, 3].max()
    return padded((float(west), float(south), float(east), float(north)))


def padded(bounds: tuple[float, float, float, float]) -> BBox:
    """A box grown by `PAD_FRACTION` on each side and to at least `MIN_SPAN_KM` each way."""
    west, south, east, north = bounds
    middle_lat = (south + north) / 2
    km_per_degree_lon = KM_PER_DEGREE_LATITUDE * math.cos(math.radians(middle_lat))
    min_lat = MIN_SPAN_KM / KM_PER_DEGREE_LATITUDE
    min_lon = MIN_SPAN_KM / km_per_degree_lon
    half_lat = max((north - south) * (1 + 2 * PAD_FRACTION), min_lat) / 2
    half_lon = max((east - west) * (1 + 2 * PAD_FRACTION), min_lon) / 2
    centre_lat, centre_lon = middle_lat, (west + east) / 2
    return (
        round(centre_lon - half_lon, 4),
        round(centre_lat - half_lat, 4),
        round(centre_lon + half_lon, 4),
        round(centre_lat + half_lat, 4),
    )
