"""The layers of a view as data: what the map shows on a date, one feature per claim.

One function builds them for `frontline export`, `frontline state --format geojson` and the
dashboard's download buttons, so every file says what the map says:

- `latest_word`: the composite, the latest word from any claimant (stale words marked `stale`);
- `claimants`: each chosen claimant's own ground (default: every claimant with something to say);
- `settlements`: one point per view per settlement it names as held or contested;
- `fighting`: fresh reports of fighting (the map's amber), over held ground or where nobody said
  who holds it;
- `disagreement`: ground where claimants' fresh words disagree (the map's black dashed outline),
  one feature per claimant's word on it, so both sides of a dispute carry their claim.

Each feature is one claim's ground (or place) in one view: its id, claimant, side, the day it was
published and the day it refers to, its sources and an attribution. Geometries are WGS 84 and are
the engine's own, unsimplified; `area_km2` is measured in the equal-area CRS.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from claims.control import (
    COMPOSITE,
    DEFAULT_FRESH_DAYS,
    HELD_HOLDERS,
    ClaimantView,
    ControlPicture,
    asserted_control,
)
from claims.dataset import Dataset
from claims.export import table_frame
from claims.ground import Ground
from claims.model import Claim, Holder
from claims.territory import Piece
from claims.theatre import Theatre
from geodata.crs import area_km2

# Overlays leave specks along shared edges; a feature smaller than this (~1 m²) is not ground.
MIN_FEATURE_KM2 = 1e-6


class Layer(StrEnum):
    """The layers every export holds, in this order (GPKG/KML layer names; GeoJSON `layer`)."""

    LATEST_WORD = "latest_word"
    CLAIMANTS = "claimants"
    SETTLEMENTS = "settlements"
    FIGHTING = "fighting"
    DISAGREEMENT = "disagreement"


CLAIM_COLUMNS = (
    "claim_id", "claimant", "side", "published", "refers_to", "refers_to_end", "verification",
    "sources", "publishers", "attribution",
)  # fmt: skip
GROUND_COLUMNS = ("view", "holder", "word", "date", "area_km2", *CLAIM_COLUMNS)
SETTLEMENT_COLUMNS = (
    "view", "holder", "word", "date", "settlement_id", "settlement", "district", "oblast",
    *CLAIM_COLUMNS,
)  # fmt: skip
LAYER_COLUMNS = {
    Layer.LATEST_WORD: GROUND_COLUMNS,
    Layer.CLAIMANTS: GROUND_COLUMNS,
    Layer.SETTLEMENTS: SETTLEMENT_COLUMNS,
    Layer.FIGHTING: GROUND_COLUMNS,
    Layer.DISAGREEMENT: GROUND_COLUMNS,
}
Row = dict[str, Any]


def view_layers(
    dataset: Dataset,
    on: date,
    *,
    as_known_on: date | None = None,
    fresh_days: int | None = DEFAULT_FRESH_DAYS,
    claimants: Sequence[str] | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """Every layer of the view on `on` (see the module's docstring), keyed by `Layer` name.

    `claimants` chooses the views of the `claimants` and `settlements` layers (claimant names,
    a side's combined view, or the composite); `None` or empty: every claimant with a word.
    Raises `KeyError` for a name the picture does not know.
    """
    picture = asserted_control(
        dataset.ledger, dataset.theatre, on, as_known_on=as_known_on, fresh_days=fresh_days
    )
    return picture_layers(picture, dataset.theatre, claimants=claimants)


def picture_layers(
    picture: ControlPicture, theatre: Theatre, *, claimants: Sequence[str] | None = None
) -> dict[str, gpd.GeoDataFrame]:
    """The layers of a picture already computed (`view_layers` computes it from a dataset)."""
    chosen = [picture.view(c) for c in claimants] if claimants else list(picture.claimants)
    own = [v for v in chosen if v.claimant != COMPOSITE] or list(picture.claimants)
    day = picture.on.isoformat()
    rows = {
        Layer.LATEST_WORD: _ground_rows(picture.composite, theatre, day),
        Layer.CLAIMANTS: [r for v in own for r in _ground_rows(v, theatre, day)],
        Layer.SETTLEMENTS: [
            r for v in (picture.composite, *own) for r in _settlement_rows(v, theatre, day)
        ],
        Layer.FIGHTING: _fighting_rows(picture.composite, theatre, day),
        Layer.DISAGREEMENT: _disagreement_rows(picture, theatre, day),
    }
    return {layer.value: table_frame(rows[layer], LAYER_COLUMNS[layer]) for layer in Layer}


def attribution(claim: Claim) -> str:
    """Who to credit for a feature: an imported assessment's own attribution line, else the
    claimant and the publishers that reported the claim."""
    if claim.provenance is not None and claim.provenance.attribution:
        return claim.provenance.attribution
    publishers = [p for p in _unique(s.publisher for s in claim.sources) if p != claim.claimant]
    reported = f", reported by {', '.join(publishers)}" if publishers else ""
    return f"Claim by {claim.claimant}{reported}"


def claim_columns(claim: Claim) -> Row:
    """What every feature says about the claim behind it."""
    return {
        "claim_id": claim.id,
        "claimant": claim.claimant,
        "side": claim.side.value,
        "published": claim.published.isoformat(),
        "refers_to": claim.refers_to.isoformat(),
        "refers_to_end": claim.refers_to_end.isoformat(),
        "verification": claim.verification.value,
        "sources": "; ".join(_unique(s.url for s in claim.sources)),
        "publishers": "; ".join(_unique(s.publisher for s in claim.sources)),
        "attribution": attribution(claim),
    }


def _ground_rows(view: ClaimantView, theatre: Theatre, day: str) -> list[Row]:
    """One feature per claim and holder whose word still decides ground in the view."""
    rows = []
    for (claim, holder), shapes in _by_claim(view.painted.pieces).values():
        word = _word(view.is_fresh(claim))
        rows.extend(_ground_row(view.claimant, claim, holder, word, day, shapes, theatre))
    return rows


def _fighting_rows(view: ClaimantView, theatre: Theatre, day: str) -> list[Row]:
    """The composite's fresh fighting: contested ground, and held cells fighting was reported in
    after the word on who holds them (`ClaimantView.fighting_ground`, per claim)."""
    contested = [(p.claim, Holder.CONTESTED, p.shape) for p in view.pieces(Holder.CONTESTED)]
    over_held = [
        (claim, Holder.CONTESTED, theatre.cells[cell])
        for cell, claim in view.painted.fighting_cells.items()
        if view.is_fresh(claim)
    ]
    return [
        row
        for (claim, holder), shapes in _grouped([*contested, *over_held]).values()
        for row in _ground_row(view.claimant, claim, holder, "fresh", day, shapes, theatre)
    ]


def _disagreement_rows(picture: ControlPicture, theatre: Theatre, day: str) -> list[Row]:
    """Each claimant's fresh word on the ground where claimants disagree."""
    ground = picture.disagreement
    if ground.is_empty:
        return []
    rows = []
    for view in picture.claimants:
        pieces = [p for h in HELD_HOLDERS for p in view.pieces(h)]
        on_ground = [(p.claim, p.holder, _within(p, ground, theatre)) for p in pieces]
        found = _grouped([(c, h, shape) for c, h, shape in on_ground if shape is not None])
        for (claim, holder), shapes in found.values():
            rows.extend(_ground_row(view.claimant, claim, holder, "fresh", day, shapes, theatre))
    return rows


def _within(piece: Piece, ground: Ground, theatre: Theatre) -> BaseGeometry | None:
    """The part of a piece on the ground, or None: whole cells by id, drawn pieces by overlay."""
    if piece.cell is not None and piece.cell in ground.cells:
        return theatre.cells[piece.cell]
    if ground.drawn.is_empty or not piece.shape.intersects(ground.shape):
        return None
    return shapely.intersection(piece.shape, ground.shape)


def _ground_row(
    view: str,
    claim: Claim,
    holder: Holder,
    word: str,
    day: str,
    shapes: list[BaseGeometry],
    theatre: Theatre,
) -> list[Row]:
    shape = _multipolygon(shapely.intersection(shapely.union_all(shapes), theatre.home))
    area = area_km2(shape) if not shape.is_empty else 0.0
    if area < MIN_FEATURE_KM2:
        return []
    place = {"view": view, "holder": holder.value, "word": word, "date": day}
    return [{**place, "area_km2": round(area, 3), **claim_columns(claim), "geometry": shape}]


def _settlement_rows(view: ClaimantView, theatre: Theatre, day: str) -> list[Row]:
    rows = []
    for settlement_id, assertion in sorted(view.painted.places.items()):
        if settlement_id not in theatre.home_cells:
            continue
        settlement = theatre.settlement(settlement_id)
        rows.append(
            {
                "view": view.claimant,
                "holder": assertion.holder.value,
                "word": _word(view.is_fresh(assertion.claim)),
                "date": day,
                "settlement_id": settlement_id,
                "settlement": settlement.name_en,
                "district": settlement.district,
                "oblast": settlement.oblast,
                **claim_columns(assertion.claim),
                "geometry": shapely.Point(settlement.lon, settlement.lat),
            }
        )
    return rows


Grouped = dict[tuple[str, Holder], tuple[tuple[Claim, Holder], list[BaseGeometry]]]


def _by_claim(pieces: Iterable[Piece]) -> Grouped:
    return _grouped((p.claim, p.holder, p.shape) for p in pieces)


def _grouped(parts: Iterable[tuple[Claim, Holder, BaseGeometry]]) -> Grouped:
    """Shapes per claim and holder, in first-seen order (keyed by id: claims hash slowly)."""
    found: Grouped = {}
    for claim, holder, shape in parts:
        found.setdefault((claim.id, holder), ((claim, holder), []))[1].append(shape)
    return found


def _word(fresh: bool) -> str:
    """Whether the latest word is within the fresh window: stale ground is exported, but marked."""
    return "fresh" if fresh else "stale"


def _multipolygon(shape: BaseGeometry) -> BaseGeometry:
    """The polygonal parts of a shape as one MultiPolygon: one geometry type per layer."""
    parts = shapely.get_parts(shape)
    polygons = [q for p in parts for q in shapely.get_parts(p) if q.geom_type == "Polygon"]
    return shapely.MultiPolygon(polygons)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
