"""GeoJSON for the per-date map layers, computed from a control picture. Pure: no folium.

Geometry is simplified and rounded here for display only; areas and tables always come from the
full-precision geometry in `claims`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from claims.control import ClaimantView
from claims.diff import ClaimantChange
from claims.model import Claim, GeometryOrigin, Holder
from claims.territory import PlaceAssertion
from claims.theatre import Theatre
from claims.timing import effective_day
from dashboard.popups import claim_entry, escape, place_entry
from dashboard.styles import (
    DISAGREE_COLOUR,
    DISAGREE_DASH,
    FIGHTING_DASH,
    FILL_OPACITY,
    HOLDER_COLOURS,
    HOLDER_PHRASES,
    NO_CLAIM_COLOUR,
    STALE_DASH,
    STALE_FILL_OPACITY,
    change_style,
    dash_for,
    verification_label,
)
from dashboard.wording import day_text, plural
from geodata.settlements import Settlement

GeoJson = dict[str, Any]
NO_CLAIM = "no claim"
POLYGON_TYPES = frozenset({"Polygon", "MultiPolygon"})
DISPLAY_TOLERANCE_DEGREES = 0.0005  # ~50 m: invisible at the zooms the slider is used at
DISPLAY_GRID_DEGREES = 1e-5
# More than one day's shapes: the 100x theatre's composite draws ~19,000 cells a day, and with
# 8,192 the cache was emptied every day (the timeline build simplified every cell again each
# event day: 30 of its 86 s over ten days).
DISPLAY_CACHE_SHAPES = 32768
TOWN = "town"
# Label priorities: any town outranks any village; within each, the more claims name a place, the
# sooner its label is placed.
TOWN_PRIORITY = 10_000
OFTEN_NAMED = 5
VILLAGE_ZOOM = 10
QUIET_VILLAGE_ZOOM = 11


def display_shape(shape: BaseGeometry) -> BaseGeometry:
    """Simplified, rounded, polygons-only copy of an area for drawing; never measured.

    Overlay operations can leave stray lines or points beside the polygons (a GeometryCollection);
    an area layer draws only the area.
    """
    return _display_shape(shapely.to_wkb(shape))


def display_geometry(shape: BaseGeometry) -> GeoJson | None:
    """`display_shape` as a GeoJSON geometry, or None when nothing of it is drawn. Shared between
    calls: read it, never change it."""
    return _display_geometry(_wkb(shape))


# The same pieces come back day after day (a whole cell's piece is the theatre's cell), so the WKB
# keying the caches below is written once per object: writing it for every piece of every event
# day was a tenth of a timeline build. The object is kept with it, so its id is not reused; only
# pieces go through it (`display_geometry`), not the day's large unions (`display_shape`).
_WKB_OF: dict[int, tuple[BaseGeometry, bytes]] = {}


def _wkb(shape: BaseGeometry) -> bytes:
    known = _WKB_OF.get(id(shape))
    if known is not None and known[0] is shape:
        return known[1]
    if len(_WKB_OF) >= DISPLAY_CACHE_SHAPES:
        _WKB_OF.clear()
    wkb: bytes = shapely.to_wkb(shape)
    _WKB_OF[id(shape)] = (shape, wkb)
    return wkb


@lru_cache(maxsize=DISPLAY_CACHE_SHAPES)
def _display_geometry(wkb: bytes) -> GeoJson | None:
    shape = _display_shape(wkb)
    if shape.is_empty:
        return None
    geometry: GeoJson = shapely.geometry.mapping(shape)
    return geometry


@lru_cache(maxsize=DISPLAY_CACHE_SHAPES)
def _display_shape(wkb: bytes) -> BaseGeometry:
    """Keyed by the exact geometry: most pieces come back unchanged from one day to the next (the
    browser timeline draws every day of the span), and simplifying is most of a day's layer time."""
    shape = shapely.from_wkb(wkb)
    simpler = shapely.simplify(shape, DISPLAY_TOLERANCE_DEGREES, preserve_topology=True)
    rounded = shapely.set_precision(simpler, DISPLAY_GRID_DEGREES)
    polygons = [p for p in shapely.get_parts(rounded) if p.geom_type in POLYGON_TYPES]
    if not polygons:
        return shapely.Polygon()
    return shapely.multipolygons(polygons) if len(polygons) > 1 else polygons[0]


def display_collection(collection: GeoJson) -> GeoJson:
    """A base layer (boundaries, border, rivers) simplified and rounded for drawing only."""
    features = []
    for feature in collection["features"]:
        shape = shapely.geometry.shape(feature["geometry"])
        simpler = shapely.simplify(shape, DISPLAY_TOLERANCE_DEGREES, preserve_topology=True)
        rounded = shapely.set_precision(simpler, DISPLAY_GRID_DEGREES)
        features.append(_feature(rounded, dict(feature.get("properties") or {})))
    return _collection(features)


def territory_geojson(view: ClaimantView, *, on: date, with_age: bool = True) -> GeoJson:
    """One feature per piece of asserted ground, styled by holder, by how it was checked, and
    faded where the latest word is stale. `with_age=False` leaves out how many days old a word is
    (the browser timeline shows one text for all the days between two changes)."""
    features = []
    for piece in view.painted.pieces:
        geometry = display_geometry(piece.shape)
        if geometry is None:
            continue
        claim = piece.claim
        fresh = view.is_fresh(claim)
        tooltip = (
            f"{HOLDER_PHRASES[piece.holder]}: {claim.claimant}, "
            f"{word_age(claim, on, fresh=fresh, with_age=with_age)}"
            f" (claim {claim.id}, {verification_label(claim.verification)})"
        )
        style = {
            "color": HOLDER_COLOURS[piece.holder],
            "fillColor": HOLDER_COLOURS[piece.holder],
            "fillOpacity": FILL_OPACITY[piece.holder] if fresh else STALE_FILL_OPACITY,
            "weight": 2 if fresh else 1,
            "dashArray": dash_for(claim.verification) if fresh else STALE_DASH,
        }
        properties = {
            "holder": piece.holder.value,
            "claim_id": escape(claim.id),
            "word": "fresh" if fresh else "stale",
        }
        features.append(
            _geometry_feature(geometry, {**properties, "tooltip": escape(tooltip), "style": style})
        )
    features.extend(_fighting_outlines(view, on=on, with_age=with_age))
    return _collection(features)


def _fighting_outlines(view: ClaimantView, *, on: date, with_age: bool) -> list[GeoJson]:
    """Held ground where a newer, fresh word reports fighting: an amber outline over its colour."""
    features = []
    theatre = view.painted.theatre
    for cell_id, claim in view.painted.fighting_cells.items():
        if not view.is_fresh(claim):
            continue
        age = word_age(claim, on, fresh=True, with_age=with_age)
        tooltip = f"fighting reported: {claim.claimant}, {age}"
        style = {
            "color": HOLDER_COLOURS[Holder.CONTESTED],
            "fill": True,
            "fillOpacity": 0.0,
            "weight": 3,
            "dashArray": FIGHTING_DASH,
        }
        properties = {"holder": "fighting", "claim_id": escape(claim.id), "word": "fresh"}
        geometry = display_geometry(theatre.cells[cell_id])
        if geometry is None:
            continue
        features.append(
            _geometry_feature(geometry, {**properties, "tooltip": escape(tooltip), "style": style})
        )
    return features


def contested_geojson(contested: BaseGeometry) -> GeoJson:
    """Where claimants' fresh words disagree: an outline over the latest word's colour."""
    shape = display_shape(contested)
    if shape.is_empty:
        return _collection([])
    style = {
        "color": DISAGREE_COLOUR,
        "fill": True,
        "fillOpacity": 0.0,
        "weight": 3,
        "dashArray": DISAGREE_DASH,
    }
    tooltip = "Claimants disagree: one fresh word says Ukraine holds it, another Russia"
    return _collection([_feature(shape, {"tooltip": tooltip, "style": style})])


def changes_geojson(change: ClaimantChange) -> GeoJson:
    """What each side gained since the compare date, hatched in its own colour, and what a side
    lost that no other side gained (to fighting, or to no word), hatched the other way.

    Ground one side lost and the other gained is drawn once, as the gainer's: drawing the loss too
    would lay two hatchings over each other.
    """
    features = []
    gained = {side.holder: side.gained for side in change.sides}
    since = f"since {day_text(change.before)}"
    for side in change.sides:
        others = [shape for holder, shape in gained.items() if holder is not side.holder]
        lost_to_nobody = shapely.difference(side.lost, shapely.union_all(others))
        for kind, shape in (("gained", side.gained), ("lost", lost_to_nobody)):
            shown = display_shape(shape)
            if shown.is_empty or shown.area == 0:
                continue
            properties = {
                "change": f"{side.holder.value}-{kind}",
                "tooltip": f"{side.holder.value} {kind} {since}",
                "style": change_style(side.holder, kind),
            }
            features.append(_feature(shown, properties))
    return _collection(features)


def settlements_geojson(
    view: ClaimantView,
    theatre: Theatre,
    claims_about: Mapping[str, Sequence[Claim]],
    *,
    on: date,
    dissent: Mapping[str, Sequence[tuple[str, PlaceAssertion]]] | None = None,
    with_age: bool = True,
    only: Iterable[Settlement] | None = None,
) -> GeoJson:
    """Every settlement (or `only` these) as a point coloured by the status this view asserts.

    The popup says exactly what the colour shows and why: the holder, whose word and of which day,
    whether it is fresh or stale, and who disagrees. It is assembled in the browser from the
    catalogue the base map carries (`place_catalogue`): each date sends only the ids of the claims
    known by then and these few words.
    """
    features = []
    for settlement in theatre.settlements if only is None else only:
        assertion = view.painted.places.get(settlement.id)
        known = [c.id for c in claims_about.get(settlement.id, ()) if effective_day(c) <= on]
        fresh = assertion is None or view.is_fresh(assertion.claim)
        properties = {
            "id": settlement.id,
            "name": settlement.name_en,
            "status": assertion.holder.value if assertion else NO_CLAIM,
            "colour": HOLDER_COLOURS[assertion.holder] if assertion else NO_CLAIM_COLOUR,
            "town": settlement.kind == TOWN,
            "checked": settlement.position_checked,
            "claims": known,
            "fresh": fresh,
            "word": _word_text(assertion, on, fresh=fresh, with_age=with_age),
            "fighting": _fighting_text(view, settlement.id, on, with_age=with_age),
            "dissent": dissent_lines((dissent or {}).get(settlement.id, ())),
        }
        features.append(_point_feature(settlement, properties))
    return _collection(features)


# A place can have dozens of claimants whose last word says otherwise (Sudzha on 13 Mar 2025: 44):
# the popup lists the most recent few and counts the rest.
DISSENT_SHOWN = 5


def dissent_lines(dissent: Sequence[tuple[str, PlaceAssertion]]) -> list[str]:
    """One line per claimant that disagrees, most recent word first, the oldest counted, not listed.

    >>> dissent_lines([])
    []
    """
    recent = sorted(dissent, key=lambda pair: effective_day(pair[1].claim), reverse=True)
    lines = [
        f"{who}: {HOLDER_PHRASES[a.holder]}, about {day_text(a.claim.refers_to)}"
        for who, a in recent[:DISSENT_SHOWN]
    ]
    if len(recent) > DISSENT_SHOWN:
        more = plural(len(recent) - DISSENT_SHOWN, "more claimant")
        lines.append(f"and {more} with earlier words")
    return lines


def word_age(claim: Claim, on: date, *, fresh: bool, with_age: bool = True) -> str:
    """The day a word speaks for and how old it is: "about 13 Mar 2025, 2 days old (fresh)";
    without the age, "about 13 Mar 2025 (fresh)"."""
    if not with_age:
        return f"about {day_text(effective_day(claim))} ({'fresh' if fresh else 'stale'})"
    days = (on - effective_day(claim)).days
    age = "today" if days == 0 else f"{plural(days, 'day')} old"
    return f"about {day_text(effective_day(claim))}, {age} ({'fresh' if fresh else 'stale'})"


def _word_text(
    assertion: PlaceAssertion | None, on: date, *, fresh: bool, with_age: bool = True
) -> str:
    if assertion is None:
        return ""
    phrase = HOLDER_PHRASES[assertion.holder]
    age = word_age(assertion.claim, on, fresh=fresh, with_age=with_age)
    return f"{phrase}: {assertion.claim.claimant}, {age}"


def _fighting_text(view: ClaimantView, settlement_id: str, on: date, *, with_age: bool) -> str:
    fighting = view.painted.fighting.get(settlement_id)
    if fighting is None or not view.is_fresh(fighting.claim):
        return ""
    return _word_text(fighting, on, fresh=True, with_age=with_age)


def place_catalogue(
    theatre: Theatre, claims_about: Mapping[str, Sequence[Claim]]
) -> dict[str, dict[str, Any]]:
    """Plain-text popup material for every place and claim: sent once, with the base map.

    Text, not HTML: the browser builds the popup with DOM calls and `textContent`
    (`map_elements.SettlementDetails`), so no ledger string is ever parsed as markup.
    """
    claims = {c.id: claim_entry(c) for about in claims_about.values() for c in about}
    places = {s.id: place_entry(s) for s in theatre.settlements}
    return {"places": places, "claims": claims}


def naming_claims(claims: Sequence[Claim]) -> int:
    """How many claims name a place or draw it, leaving out region-wide words ("the oblast is
    liberated"), which cover every place alike and so say nothing about this one."""
    return sum(
        1 for c in claims if c.geometry is None or c.geometry.origin is not GeometryOrigin.REGION
    )


def label_priority(settlement: Settlement, named: int) -> int:
    """Which label wins a collision: towns first, then the places claims name most often."""
    return (TOWN_PRIORITY if settlement.kind == TOWN else 0) + named


def label_min_zoom(settlement: Settlement, named: int) -> int:
    """The zoom from which a label is offered at all: towns always, then villages by how much
    the claims talk about them (the browser still drops any label that does not fit)."""
    if settlement.kind == TOWN:
        return 0
    return VILLAGE_ZOOM if named >= OFTEN_NAMED else QUIET_VILLAGE_ZOOM


def settlement_labels_geojson(
    theatre: Theatre, claims_about: Mapping[str, Sequence[Claim]]
) -> GeoJson:
    """Name labels for towns and for every village a claim names (region-wide words aside), each
    with its priority and the zoom it shows from: they do not change by date. The browser places
    them without overlaps (`static/frontline/labels.js`)."""
    features = []
    for settlement in theatre.settlements:
        named = naming_claims(claims_about.get(settlement.id, ()))
        if settlement.kind != TOWN and not named:
            continue
        properties = {
            "label": settlement.name_en,
            "town": settlement.kind == TOWN,
            "priority": label_priority(settlement, named),
            "min_zoom": label_min_zoom(settlement, named),
        }
        features.append(_point_feature(settlement, properties))
    return _collection(features)


def _point_feature(settlement: Settlement, properties: dict[str, Any]) -> GeoJson:
    """A settlement as a GeoJSON point, written directly: every slider step writes one for each
    of the ~900 settlements, and a shapely round trip per point was half of a step's layer time."""
    position = [round(settlement.lon, 5), round(settlement.lat, 5)]
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Point", "coordinates": position},
    }


def _geometry_feature(geometry: GeoJson, properties: dict[str, Any]) -> GeoJson:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _feature(shape: BaseGeometry, properties: dict[str, Any]) -> GeoJson:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": shapely.geometry.mapping(shape),
    }


def _collection(features: list[GeoJson]) -> GeoJson:
    return {"type": "FeatureCollection", "features": features}


def settlement_points_geojson(settlements: Iterable[Settlement]) -> GeoJson:
    """Settlements as points carrying their id and (escaped) English name, for a clickable map."""
    return _collection(
        [_point_feature(s, {"id": s.id, "label": escape(s.name_en)}) for s in settlements]
    )
