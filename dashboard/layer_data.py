"""GeoJSON for the per-date map layers, computed from a control picture. Pure: no folium.

Geometry is simplified and rounded here for display only; areas and tables always come from the
full-precision geometry in `claims`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from claims.control import ClaimantView
from claims.diff import ClaimantChange
from claims.model import Claim, Holder
from claims.theatre import Theatre
from claims.timing import effective_day
from dashboard.popups import escape, settlement_popup
from dashboard.styles import (
    FILL_OPACITY,
    GAIN_COLOUR,
    HOLDER_COLOURS,
    LOSS_COLOUR,
    NO_CLAIM_COLOUR,
    dash_for,
    verification_label,
)

GeoJson = dict[str, Any]
DISPLAY_TOLERANCE_DEGREES = 0.0005  # ~50 m: invisible at the zooms the slider is used at
DISPLAY_GRID_DEGREES = 1e-5


def display_shape(shape: BaseGeometry) -> BaseGeometry:
    """Simplified, rounded copy of a shape for drawing; never measured."""
    simpler = shapely.simplify(shape, DISPLAY_TOLERANCE_DEGREES, preserve_topology=True)
    return shapely.set_precision(simpler, DISPLAY_GRID_DEGREES)


def territory_geojson(view: ClaimantView) -> GeoJson:
    """One feature per piece of asserted ground, styled by holder and by how it was checked."""
    features = []
    for piece in view.painted.pieces:
        shape = display_shape(piece.shape)
        if shape.is_empty:
            continue
        claim = piece.claim
        tooltip = (
            f"{claim.claimant}: held by {piece.holder.value} "
            f"(claim {claim.id}, {verification_label(claim.verification)})"
        )
        style = {
            "color": HOLDER_COLOURS[piece.holder],
            "fillColor": HOLDER_COLOURS[piece.holder],
            "fillOpacity": FILL_OPACITY[piece.holder],
            "weight": 2,
            "dashArray": dash_for(claim.verification),
        }
        properties = {"holder": piece.holder.value, "claim_id": escape(claim.id)}
        features.append(_feature(shape, {**properties, "tooltip": escape(tooltip), "style": style}))
    return _collection(features)


def contested_geojson(contested: BaseGeometry) -> GeoJson:
    if contested.is_empty:
        return _collection([])
    style = {
        "color": HOLDER_COLOURS[Holder.CONTESTED],
        "fillColor": HOLDER_COLOURS[Holder.CONTESTED],
        "fillOpacity": 0.45,
        "weight": 2,
        "dashArray": "4 4",
    }
    tooltip = "Contested: claimants' latest words disagree"
    return _collection([_feature(display_shape(contested), {"tooltip": tooltip, "style": style})])


def changes_geojson(change: ClaimantChange) -> GeoJson:
    """Gains and losses per side since the compare date."""
    features = []
    for side in change.sides:
        for kind, shape, colour in (
            ("gained", side.gained, GAIN_COLOUR),
            ("lost", side.lost, LOSS_COLOUR),
        ):
            if shape.is_empty or shape.area == 0:
                continue
            tooltip = f"{side.holder.value} {kind} since {change.before:%d %b %Y}"
            style = {"color": colour, "fillColor": colour, "fillOpacity": 0.5, "weight": 1}
            features.append(_feature(display_shape(shape), {"tooltip": tooltip, "style": style}))
    return _collection(features)


def settlements_geojson(
    view: ClaimantView,
    theatre: Theatre,
    claims_about: Mapping[str, Sequence[Claim]],
    *,
    on: date,
) -> GeoJson:
    """Every settlement as a point coloured by the status this view asserts, with its popup."""
    features = []
    for settlement in theatre.settlements:
        assertion = view.painted.places.get(settlement.id)
        status = assertion.holder.value if assertion else "no claim"
        known = [c for c in claims_about.get(settlement.id, ()) if effective_day(c) <= on]
        labelled = settlement.kind == "town" or bool(known)
        properties = {
            "status": status,
            "colour": HOLDER_COLOURS[assertion.holder] if assertion else NO_CLAIM_COLOUR,
            "label": settlement.name_en if labelled else "",
            "popup_html": settlement_popup(settlement, status, known, on=on),
            "checked": settlement.position_checked,
        }
        point = shapely.Point(round(settlement.lon, 5), round(settlement.lat, 5))
        features.append(_feature(point, properties))
    return _collection(features)


def _feature(shape: BaseGeometry, properties: dict[str, Any]) -> GeoJson:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": shapely.geometry.mapping(shape),
    }


def _collection(features: list[GeoJson]) -> GeoJson:
    return {"type": "FeatureCollection", "features": features}
