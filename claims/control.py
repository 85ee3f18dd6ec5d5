"""Asserted control on a date: what each claimant says is held, and where claimants disagree.

A pure function of (ledger, theatre, date, as-known-on date, fresh window). For each claimant its
latest word about each place stands (see `territory.paint`); the composite takes the latest word
from any claimant, leaving out words an independent check refuted.

Every word has an age. A word older than the fresh window is *stale*: still drawn (faded), but kept
out of the headline areas and out of the disagreement. A word of fighting (reached, entered,
fighting, contested) has a shorter window than a word of holding: fighting moves on, control
stands. Headline areas are measured within the footprint: the ground any claimant asserted
Ukrainian-held or contested at any time, so a region-wide "fully liberated" does not compare a few
villages with a whole oblast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property

import shapely
from shapely.geometry.base import BaseGeometry

from claims.figures import StatedFigure, figures_in_force
from claims.ground import Ground
from claims.model import Claim, Extent, Holder, Ledger, Side, Unit
from claims.territory import (
    EMPTY,
    Footprint,
    PaintedControl,
    Piece,
    PlaceAssertion,
    claim_footprints,
    paint,
)
from claims.theatre import Theatre
from claims.timing import chronological, claims_in_view, effective_day

# Re-exported: the views are named where the parser can refuse them as claimant names.
from claims.view_names import COMPOSITE as COMPOSITE
from claims.view_names import SIDE_VIEWS as SIDE_VIEWS

HELD_HOLDERS = (Holder.UKRAINE, Holder.RUSSIA)
# A word that a place is held stays fresh for 240 days (the whole campaign, near enough): control
# stands until someone says it changed. Shorter windows turned silence into loss: the salient's
# quiet interior went unnamed for months, so with 120 days the headline dropped from 348 to 98 km²
# in December and rose again in March when old places were named anew, while every assessor saw it
# shrink. Against the assessors' 17 area figures the mean |log ratio| is 1.95 at 45 days, 1.30 at
# 120, 0.60 at 180 and 0.51 at 240 or with no ageing (`python -m claims.calibrate`, 840 records).
DEFAULT_FRESH_DAYS = 240
# A word of fighting speaks for a shorter time than a word of holding: control is a state that
# stands until someone says it changed, fighting is an event that moves on. While a place is fought
# over, successive words about it come a median 3 days apart and 90 % within 31 days (bundled
# ledger), so a report of fighting, entry or approach not renewed within 31 days is stale.
FIGHTING_FRESH_DAYS = 31
# Two sides dispute a place while their latest contrary words are at most a week apart.
CONTEMPORARY_DAYS = 7


class Scope(StrEnum):
    """Where an area is measured: the ground in play (the footprint), or the whole oblast."""

    FOOTPRINT = "footprint"
    OBLAST = "oblast"


def fresh_windows(fresh_days: int) -> tuple[int, int]:
    """How many days a word stays fresh: (a word of holding, a word of fighting). The one home of
    the rule that a word of fighting ages after the shorter of the two windows."""
    return fresh_days, min(fresh_days, FIGHTING_FRESH_DAYS)


def fresh_cutoffs(on: date, fresh_days: int | None) -> tuple[date | None, date | None]:
    """The first day a word must speak of to be fresh on `on`: (holding, fighting); None for
    both when words never age."""
    if fresh_days is None:
        return None, None
    holding, fighting = fresh_windows(fresh_days)
    return on - timedelta(days=holding), on - timedelta(days=fighting)


def stale_from(claim: Claim, fresh_days: int) -> date:
    """The first day the word is no longer fresh (`ClaimantView.is_fresh` turns False)."""
    holding, fighting = fresh_windows(fresh_days)
    window = fighting if speaks_of_fighting(claim) else holding
    return effective_day(claim) + timedelta(days=window + 1)


@dataclass(frozen=True)
class ClaimantView:
    """What one claimant (or a composite) asserts on the date, with the age of each word."""

    claimant: str
    side: Side
    painted: PaintedControl
    stated: tuple[StatedFigure, ...]
    footprint: Ground
    fresh_since: date | None = None
    imported: bool = False  # an assessor's imported layer (see `Claim.provenance`)
    fighting_fresh_since: date | None = None  # the shorter window of words of fighting

    @property
    def home(self) -> BaseGeometry:
        return self.painted.theatre.home

    def is_fresh(self, claim: Claim) -> bool:
        """Whether the word still speaks for the day: within the fresh window, and for a word of
        fighting (reached, entered, fighting, or a place said to be contested) within the shorter
        fighting window as well."""
        since = self.fighting_fresh_since if speaks_of_fighting(claim) else self.fresh_since
        return since is None or effective_day(claim) >= since

    def pieces(self, holder: Holder, *, fresh: bool = True) -> list[Piece]:
        return [
            p for p in self.painted.pieces if p.holder is holder and self.is_fresh(p.claim) is fresh
        ]

    def territory(self, holder: Holder, *, fresh: bool = True) -> BaseGeometry:
        """The ground whose latest word gives it to `holder` (fresh words by default)."""
        shapes = [p.shape for p in self.pieces(holder, fresh=fresh)]
        return shapely.union_all(shapes) if shapes else EMPTY

    def fighting_ground(self) -> Ground:
        """Where a fresh word reports fighting: ground nobody said is held, and held ground where
        fighting was reported after the word on who holds it."""
        theatre = self.painted.theatre
        cells = [c for c, claim in self.painted.fighting_cells.items() if self.is_fresh(claim)]
        contested = Ground.of_pieces(self.pieces(Holder.CONTESTED), theatre)
        return Ground(contested.cells | frozenset(cells), contested.drawn, theatre)

    def area_km2(self, holder: Holder, *, scope: Scope = Scope.FOOTPRINT) -> float:
        """Fresh ground asserted held by `holder`: the headline figure, within the footprint.

        Parameters
        ----------
        holder
            Whose ground to measure.
        scope
            Within the footprint (the headline) or the whole oblast.

        Returns
        -------
        float
            km² in the equal-area CRS, inside the home region.
        """
        return self._km2(self.pieces(holder), scope)

    def territory_km2(self, holder: Holder, *, fresh: bool = True) -> float:
        """Fresh (or stale) ground for `holder` in the whole oblast: what the map draws."""
        return self.painted.measure(self.pieces(holder, fresh=fresh))

    def stale_km2(self, holder: Holder, *, scope: Scope = Scope.FOOTPRINT) -> float:
        """Ground whose latest word for `holder` is older than the fresh window.

        Parameters
        ----------
        holder
            Whose ground to measure.
        scope
            Within the footprint or the whole oblast.

        Returns
        -------
        float
            km² whose latest word is older than the fresh window.
        """
        return self._km2(self.pieces(holder, fresh=False), scope)

    def settlements_held(self, holder: Holder, theatre: Theatre) -> list[str]:
        """Settlements of the home region whose fresh latest word gives them to `holder`.

        Parameters
        ----------
        holder
            The side asked about.
        theatre
            Names the settlements and says which are in the home region.

        Returns
        -------
        list of str
            English names, sorted; stale words and places outside the home region left out.
        """
        held = [
            sid
            for sid, assertion in self.painted.places.items()
            if assertion.holder is holder and self.is_fresh(assertion.claim)
        ]
        return sorted(theatre.settlement(s).name_en for s in held if s in theatre.home_cells)

    def stated_value(self, unit: Unit, about: Side) -> StatedFigure | None:
        return next((s for s in self.stated if s.figure.unit is unit and s.about is about), None)

    def coverage(self) -> list[Coverage]:
        """How much of each area figure the claimant states its own named places cover."""
        found = []
        for stated in self.stated:
            holder = _HOLDER_OF_SIDE.get(stated.about) if stated.about else None
            if stated.figure.unit is Unit.KM2 and holder is not None:
                mapped = self.area_km2(holder, scope=Scope.OBLAST)
                found.append(Coverage(stated, holder, mapped))
        return found

    def _km2(self, pieces: list[Piece], scope: Scope) -> float:
        if scope is Scope.OBLAST:
            return self.painted.measure(pieces)
        return sum(self.footprint.km2_of(p) for p in pieces)


@dataclass(frozen=True, slots=True)
class Coverage:
    """A stated area beside what the claimant's named places add up to on the map."""

    stated: StatedFigure
    holder: Holder
    mapped_km2: float

    @property
    def stated_km2(self) -> float:
        return self.stated.figure.value

    @property
    def text(self) -> str:
        return (
            f"named places cover {self.mapped_km2:,.0f} of {self.stated_km2:,.0f} km² stated "
            f"({self.holder.value}-held)"
        )


_HOLDER_OF_SIDE = {Side.UKRAINE: Holder.UKRAINE, Side.RUSSIA: Holder.RUSSIA}


@dataclass(frozen=True)
class ControlPicture:
    on: date
    as_known_on: date | None
    claimants: tuple[ClaimantView, ...]
    composite: ClaimantView
    disagreement: Ground
    fighting: Ground
    footprint: Ground
    fresh_days: int | None = DEFAULT_FRESH_DAYS
    sides: tuple[ClaimantView, ...] = ()
    # Per settlement, the claimants (by index in `claimants`) whose fresh latest word gives it to
    # a side: worked out from the views when not given (`control_series` keeps it day by day).
    fresh_held_places: Mapping[str, Sequence[tuple[int, PlaceAssertion]]] | None = field(
        default=None, repr=False, compare=False
    )
    # Kept across the days of a series: what `dissent` found per settlement (see `DissentMemo`).
    dissent_memo: DissentMemo | None = field(default=None, repr=False, compare=False)

    @cached_property
    def _held_places(self) -> Mapping[str, Sequence[tuple[int, PlaceAssertion]]]:
        if self.fresh_held_places is not None:
            return self.fresh_held_places
        return fresh_held_places(self.claimants)

    @property
    def contested(self) -> BaseGeometry:
        """Where claimants' fresh words disagree (one says Ukraine, another Russia)."""
        return self.disagreement.shape

    @property
    def contested_km2(self) -> float:
        return self.disagreement.km2

    def dissent(self, view: ClaimantView) -> dict[str, list[tuple[str, PlaceAssertion]]]:
        """Per settlement, the claimants whose fresh word gives it the other side than `view`.

        Parameters
        ----------
        view
            The view whose places are compared with every claimant's.

        Returns
        -------
        dict
            Settlement id to (claimant, its assertion) pairs, only where someone disagrees.
        """
        found: dict[str, list[tuple[str, PlaceAssertion]]] = {}
        held = self._held_places
        memo = self.dissent_memo
        for settlement_id, mine in view.painted.places.items():
            if mine.holder not in HELD_HOLDERS:
                continue
            words = held.get(settlement_id, ())
            if memo is not None:
                known = memo.found(view.claimant, settlement_id, mine, words)
                if known is not None:
                    if known:
                        found[settlement_id] = list(known)
                    continue
            here = [
                (self.claimants[index].claimant, theirs)
                for index, theirs in words
                if self.claimants[index].claimant != view.claimant
                and theirs.holder is not mine.holder
            ]
            if memo is not None:
                memo.keep(view.claimant, settlement_id, mine, words, here)
            if here:
                found[settlement_id] = list(here)
        return found

    def view(self, claimant: str) -> ClaimantView:
        if claimant == COMPOSITE:
            return self.composite
        for view in (*self.claimants, *self.sides):
            if view.claimant == claimant:
                return view
        raise KeyError(f"no claimant {claimant!r} in the ledger")


def asserted_control(
    ledger: Ledger,
    theatre: Theatre,
    on: date,
    *,
    as_known_on: date | None = None,
    fresh_days: int | None = DEFAULT_FRESH_DAYS,
) -> ControlPicture:
    """Each claimant's asserted control on `on`; with `as_known_on`, only what was public then.

    `fresh_days=None` treats every word as fresh (no ageing).

    Parameters
    ----------
    ledger
        Every record (with any store's assessments); claimants are listed in its order.
    theatre
        The settlements, cells and regions the claims are painted on.
    on
        The day the picture is of.
    as_known_on
        Leave out what was published after this day: the picture a briefer had then.
    fresh_days
        How long a word stays fresh; `None` keeps every word fresh.

    Returns
    -------
    ControlPicture
        One view per claimant, the composite, one per side, live disagreement, fighting reported
        and the footprint, all for `on`.
    """
    holding_since, fighting_since = fresh_cutoffs(on, fresh_days)
    in_view = chronological(claims_in_view(ledger.records, on, as_known_on))
    weighed = [c for c in in_view if not c.weightless]
    footprints = FootprintMemo(theatre)
    footprint = footprint_of_ledger(ledger, theatre, as_known_on=as_known_on, memo=footprints)
    imported = ledger.imported_claimants
    by_claimant: dict[str, list[Claim]] = {}
    for claim in in_view:
        by_claimant.setdefault(claim.claimant, []).append(claim)

    def view(name: str, side: Side, claims: list[Claim], *, figures: bool = True) -> ClaimantView:
        stated = tuple(figures_in_force(claims)) if figures else ()
        painted = paint(claims, theatre, footprints=footprints)
        return ClaimantView(
            name,
            side,
            painted,
            stated,
            footprint,
            holding_since,
            imported=name in imported,
            fighting_fresh_since=fighting_since,
        )

    views = tuple(
        view(claimant, side, by_claimant.get(claimant, [])) for claimant, side in ledger.claimants
    )
    composite = view(COMPOSITE, Side.OTHER, weighed, figures=False)
    sides = tuple(
        view(name, side, [c for c in weighed if c.side is side], figures=False)
        for side, name in SIDE_VIEWS.items()
    )
    return ControlPicture(
        on=on,
        as_known_on=as_known_on,
        claimants=views,
        composite=composite,
        disagreement=live_disagreement(views, theatre),
        fighting=composite.fighting_ground(),
        footprint=footprint,
        fresh_days=fresh_days,
        sides=sides,
    )


# A claimant that disagrees, and its word.
Dissent = tuple[str, PlaceAssertion]


class DissentMemo:
    """What `ControlPicture.dissent` found per view and settlement, kept across the days of a
    series (`control_series`): a settlement is looked at again only when the view's word about it
    or the claimants' fresh held words about it are other objects than the day before (a series
    makes a new list of held words whenever they change). Keeps what it compares by, so an
    object's identity cannot be reused by another while it is kept.
    """

    def __init__(self) -> None:
        self._kept: dict[
            tuple[str, str],
            tuple[PlaceAssertion, Sequence[tuple[int, PlaceAssertion]], list[Dissent]],
        ] = {}

    def found(
        self,
        claimant: str,
        settlement_id: str,
        mine: PlaceAssertion,
        words: Sequence[tuple[int, PlaceAssertion]],
    ) -> list[Dissent] | None:
        kept = self._kept.get((claimant, settlement_id))
        if kept is None or kept[0] is not mine or kept[1] is not words:
            return None
        return kept[2]

    def keep(
        self,
        claimant: str,
        settlement_id: str,
        mine: PlaceAssertion,
        words: Sequence[tuple[int, PlaceAssertion]],
        found: list[Dissent],
    ) -> None:
        self._kept[(claimant, settlement_id)] = (mine, words, found)


def fresh_held_places(
    views: Sequence[ClaimantView],
) -> dict[str, list[tuple[int, PlaceAssertion]]]:
    """Per settlement, the views (by index) whose fresh latest word gives it to a side."""
    found: dict[str, list[tuple[int, PlaceAssertion]]] = {}
    for index, view in enumerate(views):
        for settlement_id, word in view.painted.places.items():
            if word.holder in HELD_HOLDERS and view.is_fresh(word.claim):
                found.setdefault(settlement_id, []).append((index, word))
    return found


def speaks_of_fighting(claim: Claim) -> bool:
    """Whether a word reports fighting, entry or approach rather than who holds the place."""
    return claim.extent is not Extent.HELD or claim.holder is Holder.CONTESTED


def contemporary(these: list[date], those: list[date]) -> bool:
    """Whether the latest word for each side came within a week of the other's."""
    return abs((max(these) - max(those)).days) <= CONTEMPORARY_DAYS


class FootprintMemo:
    """What each claim paints (`claim_footprints`), worked out once per claim for one picture.

    A claim is painted in its claimant's view, the composite, its side's view and the ledger's
    footprint: four times the same answer. Kept by the claim object's identity, for as long as
    the memo (one `asserted_control` call) holds the claims alive.
    """

    def __init__(self, theatre: Theatre) -> None:
        self._theatre = theatre
        self._found: dict[int, tuple[Claim, list[Footprint]]] = {}

    def __call__(self, claim: Claim) -> list[Footprint]:
        known = self._found.get(id(claim))
        if known is None or known[0] is not claim:
            known = (claim, claim_footprints(claim, self._theatre))
            self._found[id(claim)] = known
        return known[1]


def footprint_of_ledger(
    ledger: Ledger,
    theatre: Theatre,
    *,
    as_known_on: date | None = None,
    memo: FootprintMemo | None = None,
) -> Ground:
    """The ground in play: anything any claimant ever asserted Ukrainian-held or contested.

    Parameters
    ----------
    ledger
        The records to take the footprint of (all of them, whatever their day: the ground in play
        does not shrink as the picture's date moves).
    theatre
        Where they are painted.
    as_known_on
        Leave out records published after this day.
    memo
        Footprints already worked out for the same picture (see `FootprintMemo`).

    Returns
    -------
    Ground
        The cells and drawn ground headline areas are measured within.
    """
    footprints_of = memo or FootprintMemo(theatre)
    cells: set[str] = set()
    drawn: list[BaseGeometry] = []
    for claim in ledger.records:
        if as_known_on is not None and claim.published > as_known_on:
            continue
        for part in footprints_of(claim):
            if part.holder in (Holder.UKRAINE, Holder.CONTESTED):
                cells.update(part.cell_ids)
                if part.polygon is not None:
                    drawn.append(part.polygon)
    return Ground(frozenset(cells), shapely.union_all(drawn) if drawn else EMPTY, theatre)


def live_disagreement(views: tuple[ClaimantView, ...], theatre: Theatre) -> Ground:
    """Ground one claimant's fresh word gives to Ukraine and another's to Russia, where the
    latest word for each side came within `CONTEMPORARY_DAYS` of the other's.

    Once one side's latest word is more than a week newer, the other's was overtaken by events, not
    a dispute: a blogger who said in March that Ukraine still held Gornal is not disputing the MoD's
    April word. Whole cells compare by id; geometry is needed only for drawn pieces, and only near
    them.

    Parameters
    ----------
    views
        The claimants' views of one date (not the composite or side views).
    theatre
        Where they are painted.

    Returns
    -------
    Ground
        Cells both sides hold by contemporary words, plus where drawn pieces overlap.
    """
    held = {
        holder: Ground.of_pieces([p for v in views for p in v.pieces(holder)], theatre)
        for holder in HELD_HOLDERS
    }
    ukraine, russia = held[Holder.UKRAINE], held[Holder.RUSSIA]
    days: dict[tuple[str, Holder], list[date]] = {}
    for view in views:
        for holder in HELD_HOLDERS:
            for piece in view.pieces(holder):
                if piece.cell is not None:
                    days.setdefault((piece.cell, holder), []).append(effective_day(piece.claim))
    cells = {
        cell
        for cell in ukraine.cells & russia.cells
        if contemporary(days[(cell, Holder.UKRAINE)], days[(cell, Holder.RUSSIA)])
    }
    if ukraine.drawn.is_empty and russia.drawn.is_empty:
        return Ground(frozenset(cells), EMPTY, theatre)
    return Ground(frozenset(cells), _overlap(ukraine.shape, russia.shape), theatre)


def _overlap(first: BaseGeometry, second: BaseGeometry) -> BaseGeometry:
    """Where two sides' drawn ground meets. Nothing where either is empty; and where GEOS refuses
    the overlay (a collection holding a polygon collapsed to a point, left by cutting a region
    with a drawn shape; found by `tests/test_properties.py`), the same of the shapes made valid."""
    if first.is_empty or second.is_empty:
        return EMPTY
    try:
        return shapely.intersection(first, second)
    except shapely.errors.GEOSException:
        return shapely.intersection(shapely.make_valid(first), shapely.make_valid(second))
