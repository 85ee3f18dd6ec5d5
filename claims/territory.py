"""Painting claims onto the map: what a sequence of claims says is held, place by place.

Claims are applied oldest first. Each paints its footprint for its holder and takes that footprint
away from the other holders, so the latest word about any piece of ground is the one that stands.
A claim's footprint is its drawn polygon as drawn, plus the cells of the settlements it names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import shapely
from shapely.geometry.base import BaseGeometry

from claims.model import Claim, Holder
from claims.theatre import Theatre
from geodata.crs import area_km2

EMPTY = shapely.Polygon()
# Repainting leaves floating-point specks where cells and a drawn polygon share an edge; anything
# under ~100 m² (in square degrees at this latitude) is such a speck, not ground.
SLIVER_DEGREES2 = 1e-8
POLYGONAL = frozenset({"Polygon", "MultiPolygon"})


@dataclass(frozen=True, slots=True)
class PlaceAssertion:
    """The claim that currently decides who holds one settlement, for one viewpoint."""

    settlement_id: str
    holder: Holder
    claim: Claim


@dataclass(frozen=True, slots=True)
class Piece:
    """Ground that one claim still decides: its footprint less what later claims repainted."""

    shape: BaseGeometry
    holder: Holder
    claim: Claim


@dataclass(frozen=True)
class PaintedControl:
    places: Mapping[str, PlaceAssertion]
    pieces: tuple[Piece, ...]

    @cached_property
    def territory(self) -> Mapping[Holder, BaseGeometry]:
        """All ground asserted held, per holder."""
        return {
            holder: shapely.union_all([p.shape for p in self.pieces if p.holder is holder])
            for holder in Holder
        }

    def area_km2(self, holder: Holder, *, within: BaseGeometry | None = None) -> float:
        shape = self.territory.get(holder, EMPTY)
        return area_km2(shape if within is None else shapely.intersection(shape, within))

    def settlements_held(self, holder: Holder) -> list[str]:
        return sorted(sid for sid, a in self.places.items() if a.holder is holder)


def paint(claims: Iterable[Claim], theatre: Theatre) -> PaintedControl:
    """Apply place-asserting claims in the given order (use `timing.chronological`)."""
    places: dict[str, PlaceAssertion] = {}
    pieces: list[Piece] = []
    for claim in claims:
        if not claim.asserts_places or claim.holder is None:
            continue
        settlement_ids, footprint = footprint_of(claim, theatre)
        for settlement_id in settlement_ids:
            places[settlement_id] = PlaceAssertion(settlement_id, claim.holder, claim)
        if footprint.is_empty:
            continue
        pieces = [*_repainted(pieces, footprint), Piece(footprint, claim.holder, claim)]
    return PaintedControl(places=places, pieces=tuple(pieces))


def _repainted(pieces: list[Piece], footprint: BaseGeometry) -> list[Piece]:
    """The pieces with `footprint` taken out of them; pieces left empty are dropped."""
    kept = []
    for piece in pieces:
        if not piece.shape.intersects(footprint):
            kept.append(piece)
            continue
        rest = shapely.difference(piece.shape, footprint)
        if not rest.is_empty and rest.area > SLIVER_DEGREES2:
            kept.append(Piece(rest, piece.holder, piece.claim))
    return kept


def footprint_of(claim: Claim, theatre: Theatre) -> tuple[list[str], BaseGeometry]:
    """The settlements a claim speaks for, and the ground it paints."""
    named = list(claim.settlement_ids)
    drawn = claim.geometry.shape if claim.geometry is not None else None
    if drawn is None:
        return named, _cells(named, theatre)
    if drawn.geom_type in POLYGONAL:
        inside = theatre.settlements_in(drawn)
        outside = [sid for sid in named if sid not in set(inside)]
        return _unique(named + inside), shapely.union(drawn, _cells(outside, theatre))
    pointed = [theatre.cell_of_point(p) for p in _points_of(drawn)]
    touched = _unique(named + [sid for sid in pointed if sid is not None])
    return touched, _cells(touched, theatre)


def _cells(settlement_ids: Iterable[str], theatre: Theatre) -> BaseGeometry:
    cells = [theatre.cells[sid] for sid in settlement_ids if sid in theatre.cells]
    return shapely.union_all(cells) if cells else EMPTY


def _points_of(geometry: BaseGeometry) -> list[BaseGeometry]:
    if geometry.geom_type == "Point":
        return [geometry]
    if geometry.geom_type == "MultiPoint":
        return list(geometry.geoms)
    return []  # a line (a claimed limit of advance) marks no ground as held


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))
