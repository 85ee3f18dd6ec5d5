"""Asserted control on a date: what each claimant says is held, and where claimants disagree.

A pure function of (ledger, theatre, date, as-known-on date). For each claimant its latest word
about each place stands (see `territory.paint`); the composite takes the latest word from any
claimant; contested ground is where one claimant's latest word gives it to Ukraine and another's
to Russia, or where someone calls it contested.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import shapely
from shapely.geometry.base import BaseGeometry

from claims.figures import StatedFigure, figures_in_force
from claims.model import Claim, Holder, Ledger, Side, Unit
from claims.territory import EMPTY, PaintedControl, paint
from claims.theatre import Theatre
from claims.timing import chronological, claims_in_view
from geodata.crs import area_km2

COMPOSITE = "Latest word (composite)"
SIDE_VIEWS = {
    Side.UKRAINE: "Ukraine: all Ukrainian claimants",
    Side.RUSSIA: "Russia: all Russian claimants",
    Side.INDEPENDENT: "Independent: all assessors",
}
HELD_HOLDERS = (Holder.UKRAINE, Holder.RUSSIA)


@dataclass(frozen=True)
class ClaimantView:
    """What one claimant (or the composite) asserts on the date."""

    claimant: str
    side: Side
    painted: PaintedControl
    stated: tuple[StatedFigure, ...]
    home: BaseGeometry

    def area_km2(self, holder: Holder) -> float:
        """Area asserted held by `holder` inside the home region (Kursk oblast)."""
        return self.painted.area_km2(holder, within=self.home)

    def settlements_held(self, holder: Holder, theatre: Theatre) -> list[str]:
        """Names of settlements asserted held by `holder` in the home region."""
        ids = self.painted.settlements_held(holder)
        home = [s for s in ids if _in_home(s, theatre)]
        return [theatre.settlement(s).name_en for s in home]

    def stated_value(self, unit: Unit, about: Side) -> StatedFigure | None:
        return next((s for s in self.stated if s.figure.unit is unit and s.about is about), None)


@dataclass(frozen=True)
class Contested:
    """Where claimants disagree: whole cells by id plus any drawn ground, in the home region."""

    cells: frozenset[str]
    drawn: BaseGeometry
    theatre: Theatre = field(repr=False, compare=False)

    @cached_property
    def shape(self) -> BaseGeometry:
        parts = [self.theatre.cells[c] for c in self.cells] + [self.drawn]
        return shapely.intersection(shapely.union_all(parts), self.theatre.home)

    @cached_property
    def km2(self) -> float:
        if self.drawn.is_empty:
            home = self.cells & self.theatre.home_cells
            return sum(self.theatre.cell_area_km2[c] for c in home)
        return area_km2(self.shape)


@dataclass(frozen=True)
class ControlPicture:
    on: date
    as_known_on: date | None
    claimants: tuple[ClaimantView, ...]
    composite: ClaimantView
    disagreement: Contested
    sides: tuple[ClaimantView, ...] = ()

    @property
    def contested(self) -> BaseGeometry:
        return self.disagreement.shape

    @property
    def contested_km2(self) -> float:
        return self.disagreement.km2

    def view(self, claimant: str) -> ClaimantView:
        if claimant == COMPOSITE:
            return self.composite
        for view in (*self.claimants, *self.sides):
            if view.claimant == claimant:
                return view
        raise KeyError(f"no claimant {claimant!r} in the ledger")


def asserted_control(
    ledger: Ledger, theatre: Theatre, on: date, *, as_known_on: date | None = None
) -> ControlPicture:
    """Each claimant's asserted control on `on`; with `as_known_on`, only what was public then."""
    in_view = chronological(claims_in_view(ledger.records, on, as_known_on))
    views = tuple(
        _view(claimant, side, [c for c in in_view if c.claimant == claimant], theatre)
        for claimant, side in ledger.claimants
    )
    composite = _view(COMPOSITE, Side.OTHER, in_view, theatre, with_figures=False)
    sides = tuple(
        _view(name, side, [c for c in in_view if c.side is side], theatre, with_figures=False)
        for side, name in SIDE_VIEWS.items()
    )
    return ControlPicture(
        on=on,
        as_known_on=as_known_on,
        claimants=views,
        composite=composite,
        disagreement=contested_ground(views, theatre),
        sides=sides,
    )


def contested_ground(views: tuple[ClaimantView, ...], theatre: Theatre) -> Contested:
    """Ground one claimant gives to Ukraine and another to Russia, or that one calls contested.

    Whole cells compare by id; geometry is needed only for drawn pieces, and only near them.
    """
    cells: dict[Holder, set[str]] = {h: set() for h in Holder}
    drawn: dict[Holder, list[BaseGeometry]] = {h: [] for h in Holder}
    for view in views:
        for piece in view.painted.pieces:
            if piece.cell is not None:
                cells[piece.holder].add(piece.cell)
            else:
                drawn[piece.holder].append(piece.shape)
    both = (cells[Holder.UKRAINE] & cells[Holder.RUSSIA]) | cells[Holder.CONTESTED]
    extra = list(drawn[Holder.CONTESTED])
    for mine, theirs in ((Holder.UKRAINE, Holder.RUSSIA), (Holder.RUSSIA, Holder.UKRAINE)):
        others = [theatre.cells[c] for c in cells[theirs]] + drawn[theirs]
        extra.extend(_overlap(shape, others) for shape in drawn[mine])
    return Contested(frozenset(both), shapely.union_all(extra) if extra else EMPTY, theatre)


def _overlap(shape: BaseGeometry, others: list[BaseGeometry]) -> BaseGeometry:
    near = [g for g in others if g.intersects(shape)]
    return shapely.intersection(shape, shapely.union_all(near)) if near else EMPTY


def _view(
    claimant: str,
    side: Side,
    claims: list[Claim],
    theatre: Theatre,
    *,
    with_figures: bool = True,
) -> ClaimantView:
    stated = tuple(figures_in_force(claims)) if with_figures else ()
    painted = paint(claims, theatre)
    return ClaimantView(claimant, side, painted, stated, theatre.home)


def _in_home(settlement_id: str, theatre: Theatre) -> bool:
    settlement = theatre.settlement(settlement_id)
    return theatre.home.covers(shapely.Point(settlement.lon, settlement.lat)) or (
        settlement.oblast.lower() == theatre.home_region.split("_")[0]
    )
