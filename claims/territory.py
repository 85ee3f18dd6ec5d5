"""Painting claims onto the map: what a sequence of claims says is held, place by place.

Claims are applied oldest first. Each paints its footprint for its holder and takes that footprint
away from the other holders, so the latest word about any piece of ground is the one that stands.
A claim's footprint is its drawn polygon as drawn, plus the cells of the settlements it names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

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
    """Ground that one claim still decides: its footprint less what later claims repainted.

    `cell` names the settlement whose whole Voronoi cell this piece is, when it is one; such
    pieces are measured and compared by id, without geometry operations.
    """

    shape: BaseGeometry
    holder: Holder
    claim: Claim
    cell: str | None = None


@dataclass(frozen=True)
class PaintedControl:
    """Who holds each place and piece of ground, by the latest word about control.

    `fighting` lists the places (and `fighting_cells` their cells) where a word of fighting came
    after the latest word of who holds them: the holder stands, and the fighting is drawn over it.
    """

    places: Mapping[str, PlaceAssertion]
    pieces: tuple[Piece, ...]
    theatre: Theatre = field(repr=False, compare=False)
    fighting: Mapping[str, PlaceAssertion] = field(default_factory=dict)
    fighting_cells: Mapping[str, Claim] = field(default_factory=dict)

    @cached_property
    def territory(self) -> Mapping[Holder, BaseGeometry]:
        """All ground asserted held, per holder."""
        return {
            holder: shapely.union_all([p.shape for p in self.pieces if p.holder is holder])
            for holder in Holder
        }

    def area_km2(self, holder: Holder, *, within: BaseGeometry | None = None) -> float:
        """Area asserted held by `holder`, inside `within` (the home region) when given."""
        if within is not None and within is not self.theatre.home:
            return area_km2(shapely.intersection(self.territory.get(holder, EMPTY), within))
        return sum(
            self._piece_km2(p, home=within is not None) for p in self.pieces if p.holder is holder
        )

    def measure(self, pieces: Iterable[Piece]) -> float:
        """Area of some of these pieces inside the home region."""
        return sum(self._piece_km2(p, home=True) for p in pieces)

    def settlements_held(self, holder: Holder) -> list[str]:
        return sorted(sid for sid, a in self.places.items() if a.holder is holder)

    def _piece_km2(self, piece: Piece, *, home: bool) -> float:
        if piece.cell is not None:
            inside = not home or piece.cell in self.theatre.home_cells
            return self.theatre.cell_area_km2[piece.cell] if inside else 0.0
        shape = shapely.intersection(piece.shape, self.theatre.home) if home else piece.shape
        return area_km2(shape)


@dataclass(frozen=True, slots=True)
class _Stroke:
    order: int
    holder: Holder
    claim: Claim


@dataclass(frozen=True, slots=True)
class Footprint:
    """What one claim paints for one holder: places, whole cells, and any polygon it drew."""

    holder: Holder
    settlement_ids: tuple[str, ...]
    cell_ids: tuple[str, ...]
    polygon: BaseGeometry | None = None


# "All of the region except X and Y" leaves X and Y to the other side.
OTHER_HOLDER = {Holder.UKRAINE: Holder.RUSSIA, Holder.RUSSIA: Holder.UKRAINE}


def paint(claims: Iterable[Claim], theatre: Theatre) -> PaintedControl:
    """Apply place-asserting claims in the given order (use `timing.chronological`).

    Cells are painted by id (the last claim to say who holds a place owns its cell); only drawn
    polygons need geometry, and only where they overlap what was painted before or after them.
    A word of fighting (reached, entered, contested) about a place someone said is held does not
    take it from its holder: "fighting near X" is weaker than "X is held", so it is kept apart as
    fighting over the holder's ground until a newer word says who holds it. A place nobody said is
    held is painted contested.
    """
    places: dict[str, PlaceAssertion] = {}
    fighting: dict[str, PlaceAssertion] = {}
    cells: dict[str, _Stroke] = {}
    fighting_cells: dict[str, _Stroke] = {}
    drawn: list[tuple[_Stroke, BaseGeometry]] = []
    for order, claim in enumerate(claims):
        for part in claim_footprints(claim, theatre):
            stroke = _Stroke(order, part.holder, claim)
            for settlement_id in part.settlement_ids:
                assertion = PlaceAssertion(settlement_id, part.holder, claim)
                _lay(places, fighting, settlement_id, assertion)
            for cell_id in part.cell_ids:
                _lay(cells, fighting_cells, cell_id, stroke)
            if part.polygon is not None:
                drawn.append((stroke, part.polygon))
    pieces = _resolve(cells, drawn, theatre)
    fought_over = {cell_id: stroke.claim for cell_id, stroke in fighting_cells.items()}
    return PaintedControl(places, pieces, theatre, fighting, fought_over)


Word = TypeVar("Word", PlaceAssertion, _Stroke)


def _lay(latest: dict[str, Word], fighting: dict[str, Word], key: str, word: Word) -> None:
    """A word about who holds `key` replaces the last one; a word of fighting about a place held
    by a side is kept apart, over it."""
    prior = latest.get(key)
    if (
        word.holder is Holder.CONTESTED
        and prior is not None
        and prior.holder is not Holder.CONTESTED
    ):
        fighting[key] = word
    else:
        latest[key] = word
        fighting.pop(key, None)


def claim_footprints(claim: Claim, theatre: Theatre) -> list[Footprint]:
    """What a claim paints, per holder; nothing when it asserts no ground.

    The holder painted is the claim's mapped holder (contested where it says reached, entered or
    fighting). A region-wide claim speaks for every settlement of the region, and "all except X"
    gives X to the other side.
    """
    holder = claim.mapped_holder
    if holder is None or not claim.asserts_places:
        return []
    geometry = claim.geometry
    if geometry is None or geometry.region is None:
        settlement_ids, cell_ids, polygon = footprint_parts(claim, theatre)
        return [Footprint(holder, tuple(settlement_ids), tuple(cell_ids), polygon)]
    excepted = set(geometry.excepted_ids)
    covered = [*theatre.region_settlements(geometry.region), *claim.settlement_ids]
    kept = tuple(sid for sid in _unique(covered) if sid not in excepted)
    parts = [Footprint(holder, kept, tuple(sid for sid in kept if sid in theatre.cells))]
    other = OTHER_HOLDER.get(holder)
    if excepted and other is not None:
        left = tuple(geometry.excepted_ids)
        parts.append(Footprint(other, left, tuple(s for s in left if s in theatre.cells)))
    return parts


def _resolve(
    cells: Mapping[str, _Stroke], drawn: list[tuple[_Stroke, BaseGeometry]], theatre: Theatre
) -> tuple[Piece, ...]:
    """Turn the last strokes into disjoint pieces: later strokes cut earlier ones."""
    pieces = []
    for cell_id, stroke in cells.items():
        later = [shape for s, shape in drawn if s.order > stroke.order]
        cell = theatre.cells[cell_id]
        cut = _cut(cell, later)
        if cut is cell:
            pieces.append(Piece(cell, stroke.holder, stroke.claim, cell=cell_id))
        elif cut is not None:
            pieces.append(Piece(cut, stroke.holder, stroke.claim))
    for stroke, shape in drawn:
        later_drawn = [g for s, g in drawn if s.order > stroke.order]
        later_cells = [theatre.cells[c] for c, s in cells.items() if s.order > stroke.order]
        cut = _cut(shape, later_drawn + later_cells)
        if cut is not None:
            pieces.append(Piece(cut, stroke.holder, stroke.claim))
    return tuple(pieces)


def _cut(shape: BaseGeometry, later: list[BaseGeometry]) -> BaseGeometry | None:
    """`shape` less everything in `later`; the same object when nothing touches it."""
    touching = [g for g in later if g.intersects(shape)]
    if not touching:
        return shape
    rest = shapely.difference(shape, shapely.union_all(touching))
    if rest.is_empty or rest.area <= SLIVER_DEGREES2:
        return None
    return rest


def footprint_parts(
    claim: Claim, theatre: Theatre
) -> tuple[list[str], list[str], BaseGeometry | None]:
    """What a claim speaks for: the settlements, the cells it paints, and any polygon it drew.

    A drawn polygon is used as drawn (the settlements inside it take its word, their cells are not
    painted); named settlements outside it, and points, paint their cells.
    """
    named = list(claim.settlement_ids)
    drawn = claim.geometry.shape if claim.geometry is not None else None
    if drawn is None:
        return named, [sid for sid in named if sid in theatre.cells], None
    if drawn.geom_type in POLYGONAL:
        inside = theatre.settlements_in(drawn)
        outside = [sid for sid in named if sid not in set(inside) and sid in theatre.cells]
        return _unique(named + inside), outside, drawn
    pointed = [theatre.cell_of_point(p) for p in _points_of(drawn)]
    touched = _unique(named + [sid for sid in pointed if sid is not None])
    return touched, [sid for sid in touched if sid in theatre.cells], None


def footprint_of(claim: Claim, theatre: Theatre) -> tuple[list[str], BaseGeometry]:
    """The settlements a claim speaks for, and the ground it paints (for any holder)."""
    parts = claim_footprints(claim, theatre)
    if not parts:
        settlement_ids, cell_ids, polygon = footprint_parts(claim, theatre)
        parts = [Footprint(Holder.CONTESTED, tuple(settlement_ids), tuple(cell_ids), polygon)]
    settlement_ids = _unique([sid for part in parts for sid in part.settlement_ids])
    ground = _cells([cid for part in parts for cid in part.cell_ids], theatre)
    drawn = [part.polygon for part in parts if part.polygon is not None]
    return settlement_ids, shapely.union_all([ground, *drawn]) if drawn else ground


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
