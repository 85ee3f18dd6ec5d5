"""Painting claims onto the map: what a sequence of claims says is held, place by place.

Claims are applied oldest first. Each paints its footprint for its holder and takes that footprint
away from the other holders, so the latest word about any piece of ground is the one that stands.
A claim's footprint is its drawn polygon as drawn, plus the cells of the settlements it names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

import shapely
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

from claims.model import Claim, Holder
from claims.theatre import Theatre
from geodata.crs import area_km2, to_metric

EMPTY = shapely.Polygon()
# Repainting leaves floating-point specks where cells and a drawn polygon share an edge; anything
# under 100 m² (measured in the equal-area CRS) is such a speck, not ground.
SLIVER_M2 = 100.0
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
        """Area asserted held by `holder`, inside `within` (the home region) when given.

        Parameters
        ----------
        holder
            Whose ground to measure.
        within
            Measure only inside this area; the home region's whole cells are measured by id.

        Returns
        -------
        float
            km² in the equal-area CRS.
        """
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


FootprintsOf = Callable[[Claim], list["Footprint"]]


def paint(
    claims: Iterable[Claim], theatre: Theatre, *, footprints: FootprintsOf | None = None
) -> PaintedControl:
    """Apply place-asserting claims in the given order (use `timing.chronological`).

    Cells are painted by id (the last claim to say who holds a place owns its cell); only drawn
    polygons need geometry, and only where they overlap what was painted before or after them.
    A word of fighting (reached, entered, contested) about a place someone said is held does not
    take it from its holder: "fighting near X" is weaker than "X is held", so it is kept apart as
    fighting over the holder's ground until a newer word says who holds it. A place nobody said is
    held is painted contested.

    Parameters
    ----------
    claims
        The claims of one viewpoint, oldest word first.
    theatre
        The settlements, cells and regions they are painted on.
    footprints
        What each claim paints (`claim_footprints` by default); `asserted_control` passes a
        memo so a claim painted in several views is worked out once.

    Returns
    -------
    PaintedControl
        The latest word per place and per cell, and the disjoint pieces of ground they leave.
    """
    painter = Painter(theatre, footprints=footprints)
    for claim in claims:
        painter.add(claim)
    return painter.painted()


class Painter:
    """`paint` one claim at a time: the painting of a growing run of claims, oldest first.

    The pictures of successive days (`claims.control_series`) add to one painting only the
    claims that took effect since the day before, instead of painting every claim again. With
    `track`, the keys each added claim laid a word on are kept for `take_laid`.
    """

    def __init__(
        self, theatre: Theatre, *, footprints: FootprintsOf | None = None, track: bool = False
    ) -> None:
        self.theatre = theatre
        self._footprints_of = footprints or (lambda claim: claim_footprints(claim, theatre))
        self._places: dict[str, PlaceAssertion] = {}
        self._fighting: dict[str, PlaceAssertion] = {}
        self._cells: dict[str, _Stroke] = {}
        self._fighting_cells: dict[str, _Stroke] = {}
        self._drawn: list[tuple[_Stroke, BaseGeometry]] = []
        # The whole-cell piece of each painted cell, in the order cells were first painted (the
        # order of `_cells`): what `_resolve` gives when nothing was drawn, kept as painted.
        self._cell_pieces: dict[str, Piece] = {}
        self._count = 0
        self._painted: PaintedControl | None = None
        self._track = track
        self._laid_cells: list[str] = []
        self._laid_places: list[str] = []

    @property
    def has_drawn(self) -> bool:
        """Whether any claim so far drew a polygon (its pieces then need geometry)."""
        return bool(self._drawn)

    def add(self, claim: Claim) -> None:
        """Paint one more claim, later than every claim painted before it."""
        order = self._count
        self._count += 1
        self._painted = None
        for part in self._footprints_of(claim):
            stroke = _Stroke(order, part.holder, claim)
            words = [PlaceAssertion(sid, part.holder, claim) for sid in part.settlement_ids]
            _lay(self._places, self._fighting, part.settlement_ids, words)
            _lay(self._cells, self._fighting_cells, part.cell_ids, [stroke] * len(part.cell_ids))
            for cell_id in part.cell_ids:
                if self._cells[cell_id] is stroke:
                    self._cell_pieces[cell_id] = Piece(
                        self.theatre.cells[cell_id], part.holder, claim, cell=cell_id
                    )
            if part.polygon is not None:
                self._drawn.append((stroke, part.polygon))
            if self._track:
                self._laid_cells.extend(part.cell_ids)
                self._laid_places.extend(part.settlement_ids)

    def painted(self) -> PaintedControl:
        """The painting so far (the same object until another claim is added)."""
        if self._painted is None:
            if self._drawn:
                pieces = _resolve(self._cells, self._drawn, self.theatre)
            else:
                pieces = tuple(self._cell_pieces.values())
            fought_over = {cell_id: s.claim for cell_id, s in self._fighting_cells.items()}
            self._painted = PaintedControl(
                dict(self._places), pieces, self.theatre, dict(self._fighting), fought_over
            )
        return self._painted

    def place_word(self, settlement_id: str) -> PlaceAssertion | None:
        """The latest word about who holds a settlement."""
        return self._places.get(settlement_id)

    def cell_word(self, cell_id: str) -> PlaceAssertion | None:
        """The latest word painting a settlement's cell (its holder and claim)."""
        stroke = self._cells.get(cell_id)
        return None if stroke is None else PlaceAssertion(cell_id, stroke.holder, stroke.claim)

    def take_laid(self) -> tuple[list[str], list[str]]:
        """The cells and settlements words were laid on since the last call (with `track`)."""
        laid = self._laid_cells, self._laid_places
        self._laid_cells, self._laid_places = [], []
        return laid


Word = TypeVar("Word", PlaceAssertion, _Stroke)


def _lay(
    latest: dict[str, Word], fighting: dict[str, Word], keys: Sequence[str], words: list[Word]
) -> None:
    """A word about who holds a key replaces the last one; a word of fighting about a place held
    by a side is kept apart, over it. One call per footprint (the words share a holder)."""
    if not words:
        return
    if words[0].holder is not Holder.CONTESTED:
        latest.update(zip(keys, words, strict=True))
        if fighting:
            for key in keys:
                fighting.pop(key, None)
        return
    for key, word in zip(keys, words, strict=True):
        prior = latest.get(key)
        if prior is not None and prior.holder is not Holder.CONTESTED:
            fighting[key] = word
        else:
            latest[key] = word
            fighting.pop(key, None)


def claim_footprints(claim: Claim, theatre: Theatre) -> list[Footprint]:
    """What a claim paints, per holder; nothing when it asserts no ground.

    The holder painted is the claim's mapped holder (contested where it says reached, entered or
    fighting). A region-wide claim speaks for every settlement of the region, and "all except X"
    gives X to the other side.

    Parameters
    ----------
    claim
        Any claim; one that asserts no place paints nothing.
    theatre
        Gives regions their settlements and settlements their cells.

    Returns
    -------
    list of Footprint
        One per holder painted: usually one, two for "all except X" (X to the other side).
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
    """Turn the last strokes into disjoint pieces: later strokes cut earlier ones.

    Which drawn shape touches which cell or other drawn shape is found by bulk index queries;
    only what a later stroke touches is cut.
    """
    if not drawn:
        return tuple(Piece(theatre.cells[c], s.holder, s.claim, cell=c) for c, s in cells.items())
    shapes = [shape for _, shape in drawn]
    orders = [stroke.order for stroke, _ in drawn]
    later_drawn = _later_drawn(shapes, orders)
    later_cells: dict[str, list[int]] = {}
    touched_cells: dict[int, list[str]] = {}
    for index, cell_id in zip(*theatre.cells_touching(shapes), strict=True):
        stroke = cells.get(cell_id)
        if stroke is None:
            continue
        if orders[index] > stroke.order:
            later_cells.setdefault(cell_id, []).append(int(index))
        elif stroke.order > orders[index]:
            touched_cells.setdefault(int(index), []).append(cell_id)
    pieces = []
    for cell_id, stroke in cells.items():
        cell = theatre.cells[cell_id]
        cutters = later_cells.get(cell_id)
        if not cutters:
            pieces.append(Piece(cell, stroke.holder, stroke.claim, cell=cell_id))
        elif (cut := _cut(cell, [shapes[i] for i in cutters])) is not None:
            pieces.append(Piece(cut, stroke.holder, stroke.claim))
    for index, (stroke, shape) in enumerate(drawn):
        cutters_shapes = [shapes[i] for i in later_drawn.get(index, [])]
        cutters_shapes += [theatre.cells[c] for c in _in_order(touched_cells.get(index), cells)]
        cut = _cut(shape, cutters_shapes) if cutters_shapes else shape
        if cut is not None:
            pieces.append(Piece(cut, stroke.holder, stroke.claim))
    return tuple(pieces)


def _later_drawn(shapes: list[BaseGeometry], orders: list[int]) -> dict[int, list[int]]:
    """For each drawn shape, the later drawn shapes that touch it, in drawing order."""
    if len(shapes) < 2:
        return {}
    tree = STRtree(shapes)
    earlier, later = tree.query(shapes, predicate="intersects")
    found: dict[int, list[int]] = {}
    for one, other in sorted(zip(earlier.tolist(), later.tolist(), strict=True)):
        if orders[other] > orders[one]:
            found.setdefault(one, []).append(other)
    return found


def _in_order(cell_ids: list[str] | None, cells: Mapping[str, _Stroke]) -> list[str]:
    """Cell ids in the order cells were painted (the order the pieces were always cut in)."""
    if not cell_ids:
        return []
    wanted = set(cell_ids)
    return [c for c in cells if c in wanted]


def _cut(shape: BaseGeometry, touching: list[BaseGeometry]) -> BaseGeometry | None:
    """`shape` less the later shapes that touch it; `None` when only a speck is left."""
    rest = shapely.difference(shape, shapely.union_all(touching))
    if rest.is_empty or to_metric(rest).area <= SLIVER_M2:
        return None
    return rest


def footprint_parts(
    claim: Claim, theatre: Theatre
) -> tuple[list[str], list[str], BaseGeometry | None]:
    """What a claim speaks for: the settlements, the cells it paints, and any polygon it drew.

    A drawn polygon is used as drawn (the settlements inside it take its word, their cells are not
    painted); named settlements outside it, and points, paint their cells.

    Parameters
    ----------
    claim
        A claim naming settlements, drawing a shape, or both.
    theatre
        Places the drawn shape's settlements and points.

    Returns
    -------
    tuple
        Settlement ids spoken for, cell ids painted, and the drawn polygon (or `None`).
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
    """The settlements a claim speaks for, and the ground it paints (for any holder).

    Parameters
    ----------
    claim
        Any claim that names or draws a place (its holder does not matter here).
    theatre
        Where it is painted.

    Returns
    -------
    tuple
        The settlement ids, and the union of their cells and anything drawn (WGS 84).
    """
    parts = _footprints(claim, theatre)
    settlement_ids = _unique([sid for part in parts for sid in part.settlement_ids])
    ground = _cells([cid for part in parts for cid in part.cell_ids], theatre)
    drawn = [part.polygon for part in parts if part.polygon is not None]
    return settlement_ids, shapely.union_all([ground, *drawn]) if drawn else ground


def settlements_spoken_for(claim: Claim, theatre: Theatre) -> list[str]:
    """The settlement ids of `footprint_of`, without the union of their ground (most of its
    time: 6 of 10 s indexing the 84,000 records of the 100x theatre by place)."""
    return _unique([sid for part in _footprints(claim, theatre) for sid in part.settlement_ids])


def _footprints(claim: Claim, theatre: Theatre) -> list[Footprint]:
    parts = claim_footprints(claim, theatre)
    if parts:
        return list(parts)
    settlement_ids, cell_ids, polygon = footprint_parts(claim, theatre)
    return [Footprint(Holder.CONTESTED, tuple(settlement_ids), tuple(cell_ids), polygon)]


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
