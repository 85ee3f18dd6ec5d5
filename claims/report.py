"""Plain data (dicts) of control pictures and changes, for JSON, GeoJSON and text output."""

from __future__ import annotations

from typing import Any

import shapely

from claims.control import ClaimantView, ControlPicture, Scope
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
        "disagree_km2": round(picture.contested_km2, 1),
        "fighting_km2": round(picture.fighting.km2, 1),
        "footprint_km2": round(picture.footprint.km2, 1),
        "fresh_days": picture.fresh_days,
        "areas": (
            "held area_km2 counts fresh words within the footprint (ground anyone ever asserted "
            "Ukrainian-held or contested); stale_km2 is ground whose latest word is older than "
            "fresh_days; oblast_km2 is fresh ground in the whole oblast"
        ),
    }


def picture_geojson(picture: ControlPicture, theatre: Theatre) -> Json:
    features = []
    for view in (*picture.claimants, picture.composite):
        for holder in Holder:
            for fresh in (True, False):
                shape = shapely.intersection(view.territory(holder, fresh=fresh), theatre.home)
                if shape.is_empty:
                    continue
                properties = {
                    "claimant": view.claimant,
                    "side": view.side.value,
                    "holder": holder.value,
                    "word": "fresh" if fresh else "stale",
                    "area_km2": round(view.territory_km2(holder, fresh=fresh), 1),
                    "date": picture.on.isoformat(),
                }
                features.append(_feature(shape, properties))
    for layer, ground in (("disagree", picture.disagreement), ("fighting", picture.fighting)):
        if not ground.is_empty:
            features.append(
                _feature(ground.shape, {"layer": layer, "area_km2": round(ground.km2, 1)})
            )
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
            area, stale = view.area_km2(holder), view.stale_km2(holder)
            if area or places or stale:
                lines.append(
                    f"  {holder.value:<10} {area:8.1f} km²  {len(places):3d} settlements"
                    f"  (stale: {stale:,.1f} km²)"
                )
        lines.extend(f"  stated: {_stated_text(s)}" for s in view.stated)
        lines.extend(f"  {c.text}" for c in view.coverage())
    fresh = f"{picture.fresh_days} days" if picture.fresh_days else "no limit"
    lines.append(f"\nClaimants disagree (fresh words): {picture.contested_km2:.1f} km²")
    lines.append(f"Fighting reported (latest word): {picture.fighting.km2:.1f} km²")
    lines.append(
        f"Areas are fresh words (window {fresh}) within the footprint of "
        f"{picture.footprint.km2:,.1f} km² (ground anyone asserted Ukrainian-held or contested)"
    )
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
        "coverage": [
            {
                "holder": c.holder.value,
                "stated_km2": c.stated_km2,
                "mapped_km2": round(c.mapped_km2, 1),
            }
            for c in view.coverage()
        ],
    }


def _held_json(view: ClaimantView, theatre: Theatre) -> Json:
    return {
        holder.value: {
            "area_km2": round(view.area_km2(holder), 1),
            "stale_km2": round(view.stale_km2(holder), 1),
            "oblast_km2": round(view.area_km2(holder, scope=Scope.OBLAST), 1),
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
