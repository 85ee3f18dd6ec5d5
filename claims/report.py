"""Plain data (dicts) of control pictures and changes, for JSON, GeoJSON and text output."""

from __future__ import annotations

from typing import Any

import shapely

from claims.control import ClaimantView, ControlPicture
from claims.diff import ClaimantChange
from claims.figures import StatedFigure
from claims.model import Holder
from claims.theatre import Theatre

Json = dict[str, Any]


def picture_json(picture: ControlPicture, theatre: Theatre) -> Json:
    return {
        "date": picture.on.isoformat(),
        "as_known_on": picture.as_known_on.isoformat() if picture.as_known_on else None,
        "claimants": [_view_json(v, theatre) for v in picture.claimants],
        "composite": {"held": _held_json(picture.composite, theatre)},
        "sides": [
            {"view": v.claimant, "side": v.side.value, "held": _held_json(v, theatre)}
            for v in picture.sides
        ],
        "contested_km2": round(picture.contested_km2, 1),
    }


def picture_geojson(picture: ControlPicture, theatre: Theatre) -> Json:
    features = []
    for view in (*picture.claimants, picture.composite):
        for holder in Holder:
            shape = shapely.intersection(view.painted.territory[holder], theatre.home)
            if shape.is_empty:
                continue
            properties = {
                "claimant": view.claimant,
                "side": view.side.value,
                "holder": holder.value,
                "area_km2": round(view.area_km2(holder), 1),
                "date": picture.on.isoformat(),
            }
            features.append(_feature(shape, properties))
    if not picture.contested.is_empty:
        contested = {"layer": "contested", "area_km2": round(picture.contested_km2, 1)}
        features.append(_feature(picture.contested, contested))
    return {"type": "FeatureCollection", "features": features}


def stated_json(stated: StatedFigure) -> Json:
    figure = stated.figure
    return {
        "value": figure.value,
        "low": figure.low,
        "high": figure.high,
        "unit": figure.unit.value,
        "basis": figure.basis.value,
        "about": stated.about.value if stated.about else None,
        "claim_id": stated.claim.id,
        "published": stated.claim.published.isoformat(),
        "refers_to": stated.claim.refers_to.isoformat(),
    }


def change_json(change: ClaimantChange) -> Json:
    return {
        "claimant": change.claimant,
        "from": change.before.isoformat(),
        "to": change.after.isoformat(),
        "sides": {
            side.holder.value: {
                "gained_km2": round(side.gained_km2, 1),
                "lost_km2": round(side.lost_km2, 1),
                "settlements_gained": list(side.settlements_gained),
                "settlements_lost": list(side.settlements_lost),
            }
            for side in change.sides
        },
    }


def picture_text(picture: ControlPicture, theatre: Theatre) -> str:
    when = picture.on.isoformat()
    known = f" (as known on {picture.as_known_on})" if picture.as_known_on else ""
    lines = [f"Asserted control on {when}{known}: claims, not verified facts", ""]
    for view in (picture.composite, *picture.claimants):
        lines.append(f"{view.claimant} [{view.side.value}]")
        for holder in Holder:
            places = view.settlements_held(holder, theatre)
            area = view.area_km2(holder)
            if area or places:
                lines.append(f"  {holder.value:<10} {area:8.1f} km²  {len(places):3d} settlements")
        lines.extend(f"  stated: {_stated_text(s)}" for s in view.stated)
    lines.append(f"\nContested (claimants disagree): {picture.contested_km2:.1f} km²")
    return "\n".join(lines)


def change_text(change: ClaimantChange) -> str:
    lines = [f"{change.claimant}: {change.before} → {change.after}"]
    for side in change.sides:
        gained = ", ".join(side.settlements_gained) or "-"
        lost = ", ".join(side.settlements_lost) or "-"
        lines.append(
            f"  {side.holder.value:<8} +{side.gained_km2:.1f} km² / -{side.lost_km2:.1f} km²"
            f"  gained: {gained}; lost: {lost}"
        )
    return "\n".join(lines)


def _view_json(view: ClaimantView, theatre: Theatre) -> Json:
    return {
        "claimant": view.claimant,
        "side": view.side.value,
        "held": _held_json(view, theatre),
        "stated": [stated_json(s) for s in view.stated],
    }


def _held_json(view: ClaimantView, theatre: Theatre) -> Json:
    return {
        holder.value: {
            "area_km2": round(view.area_km2(holder), 1),
            "settlements": view.settlements_held(holder, theatre),
        }
        for holder in Holder
    }


def _stated_text(stated: StatedFigure) -> str:
    figure = stated.figure
    low = f"{figure.low:,.0f}" if figure.low is not None else "?"
    high = f"{figure.high:,.0f}" if figure.high is not None else "?"
    span = f" (range {low}–{high})" if figure.low is not None or figure.high is not None else ""
    about = f" about {stated.about.value}" if stated.about else ""
    return f"{figure.value:,.0f}{span} {figure.unit.value}{about} [{stated.claim.id}]"


def _feature(shape: shapely.Geometry, properties: Json) -> Json:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": shapely.geometry.mapping(shape),
    }
