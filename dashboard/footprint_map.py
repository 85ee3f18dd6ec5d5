"""The small map of one claim's footprint before it is accepted. Pure: data in, folium map out.

Every settlement is a small clickable point (a click adds or removes the nearest one, see
dashboard/add_claims.py); the claim's settlements are drawn large, with the cells of ground the
main map would paint for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import folium
import shapely

from claims.model import Holder
from claims.theatre import Theatre
from dashboard.layer_data import display_shape, settlement_points_geojson
from dashboard.styles import HOLDER_COLOURS, NO_CLAIM_COLOUR
from dashboard.view_kinds import DEFAULT_CENTER, DEFAULT_ZOOM

GeoJson = dict[str, Any]
FOOTPRINT_COLOUR = HOLDER_COLOURS[Holder.CONTESTED]
FOOTPRINT_ZOOM = 10


def footprint_map(theatre: Theatre, oblasts: GeoJson, selected: Sequence[str]) -> folium.Map:
    """Oblast outlines, every settlement as a point, and the selected settlements with cells."""
    chosen = [theatre.settlement(i) for i in selected]
    if chosen:
        center = (
            sum(s.lat for s in chosen) / len(chosen),
            sum(s.lon for s in chosen) / len(chosen),
        )
    else:
        center = DEFAULT_CENTER
    zoom = FOOTPRINT_ZOOM if chosen else DEFAULT_ZOOM
    fmap = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True)
    folium.GeoJson(
        oblasts,
        name="Oblasts",
        style_function=lambda _: {"color": "#555555", "weight": 1.5, "fillOpacity": 0.03},
        interactive=False,
    ).add_to(fmap)
    cells = [theatre.cells[i] for i in selected if i in theatre.cells]
    if cells:
        folium.GeoJson(
            shapely.geometry.mapping(display_shape(shapely.union_all(cells))),
            name="Footprint",
            style_function=lambda _: {
                "color": FOOTPRINT_COLOUR,
                "weight": 2,
                "fillOpacity": 0.3,
            },
            interactive=False,
        ).add_to(fmap)
    everywhere = settlement_points_geojson(theatre.settlements)
    _points(everywhere, radius=3, colour=NO_CLAIM_COLOUR).add_to(fmap)
    if chosen:  # a tooltip over an empty collection cannot be built
        _points(settlement_points_geojson(chosen), radius=7, colour=FOOTPRINT_COLOUR).add_to(fmap)
    return fmap


def _points(collection: GeoJson, *, radius: int, colour: str) -> folium.GeoJson:
    return folium.GeoJson(
        collection,
        marker=folium.CircleMarker(radius=radius, color=colour, fill=True, fill_opacity=0.8),
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    )
