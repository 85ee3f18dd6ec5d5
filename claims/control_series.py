"""Asserted control on successive days of one ledger: each day's picture from the day before.

`asserted_control` works a day out from scratch: it sorts the records, works out what each claim
paints, the footprint, and paints every view from the first word on. The browser timeline asks
for every event day of the span (267 at the bundled scale and at 100x alike), and nearly all of
that is the same from one day to the next. A series keeps, for one ledger, theatre, as-known-on
day and fresh window, the records sorted once, what each claim paints (`FootprintMemo`), the
footprint, and each view's painting (`territory.Painter`); a later day adds to the paintings only
the claims that took effect since. Where claimants disagree, and which claimants' fresh words
give each place to a side, are worked out again only where a word was laid or went stale.

Each picture equals `asserted_control`'s for the same day (tests/test_control_series.py compares
every day of the bundled ledger, with and without a store's drawn layers). Pure: the series is a
cache of pure results, and a day earlier than the last one asked for starts it again.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date

from claims.control import (
    COMPOSITE,
    DEFAULT_FRESH_DAYS,
    HELD_HOLDERS,
    SIDE_VIEWS,
    ClaimantView,
    ControlPicture,
    DissentMemo,
    FootprintMemo,
    contemporary,
    footprint_of_ledger,
    fresh_cutoffs,
    live_disagreement,
    stale_from,
)
from claims.figures import StatedFigure, figures_in_force
from claims.ground import Ground
from claims.model import Claim, Holder, Ledger, Side
from claims.territory import EMPTY, Painter, PlaceAssertion
from claims.theatre import Theatre
from claims.timing import chronological, effective_day


@dataclass
class _ViewState:
    """One view's painting so far, and (for a claimant) the figures its words state."""

    name: str
    side: Side
    painter: Painter
    figures: bool
    claims: list[Claim] = field(default_factory=list)
    _stated: tuple[StatedFigure, ...] | None = None

    def add(self, claim: Claim) -> None:
        self.painter.add(claim)
        if self.figures:
            self.claims.append(claim)
            self._stated = None

    @property
    def stated(self) -> tuple[StatedFigure, ...]:
        if self._stated is None:
            self._stated = tuple(figures_in_force(self.claims)) if self.figures else ()
        return self._stated


class _FreshHeldWords:
    """Per key (a settlement, or its cell), each claimant's latest word, and those that are fresh
    and give the key to a side (in claimant order), brought up to date only where a word was laid
    or went stale since the day before."""

    def __init__(self, fresh_days: int | None) -> None:
        self._fresh_days = fresh_days
        self._words: dict[str, dict[int, PlaceAssertion]] = {}
        self._dirty: set[str] = set()
        self._going_stale: list[tuple[date, str]] = []
        self.fresh_held: dict[str, list[tuple[int, PlaceAssertion]]] = {}

    def lay(self, key: str, view: int, word: PlaceAssertion) -> None:
        self._words.setdefault(key, {})[view] = word
        self._dirty.add(key)
        if word.holder in HELD_HOLDERS and self._fresh_days is not None:
            heapq.heappush(self._going_stale, (stale_from(word.claim, self._fresh_days), key))

    def update(self, on: date, view: ClaimantView) -> set[str]:
        """Bring the keys laid on or gone stale by `on` up to date (freshness as `view` judges
        it); the keys looked at again."""
        while self._going_stale and self._going_stale[0][0] <= on:
            self._dirty.add(heapq.heappop(self._going_stale)[1])
        changed, self._dirty = self._dirty, set()
        for key in changed:
            held = [
                (index, word)
                for index, word in sorted(self._words[key].items())
                if word.holder in HELD_HOLDERS and view.is_fresh(word.claim)
            ]
            if held:
                self.fresh_held[key] = held
            else:
                self.fresh_held.pop(key, None)
        return changed


def _disputed(held: list[tuple[int, PlaceAssertion]]) -> bool:
    """`live_disagreement` for one whole cell: both sides hold it by a fresh word, and the latest
    word for each came within `CONTEMPORARY_DAYS` of the other's (`control.contemporary`)."""
    days: dict[Holder, list[date]] = {}
    for _, word in held:
        days.setdefault(word.holder, []).append(effective_day(word.claim))
    if len(days) < len(HELD_HOLDERS):
        return False
    return contemporary(days[Holder.UKRAINE], days[Holder.RUSSIA])


class ControlSeries:
    """`asserted_control` for one ledger, theatre, as-known-on day and fresh window, on any
    number of days: asked in date order, each day's picture is the day before's plus the claims
    that took effect since.

    Parameters
    ----------
    ledger
        Every record (with any store's assessments); claimants are listed in its order.
    theatre
        The settlements, cells and regions the claims are painted on.
    as_known_on
        Leave out what was published after this day.
    fresh_days
        How long a word stays fresh; `None` keeps every word fresh.
    """

    def __init__(
        self,
        ledger: Ledger,
        theatre: Theatre,
        *,
        as_known_on: date | None = None,
        fresh_days: int | None = DEFAULT_FRESH_DAYS,
    ) -> None:
        self._ledger = ledger
        self._theatre = theatre
        self._as_known_on = as_known_on
        self._fresh_days = fresh_days
        # Sorted by effective day first: the claims in view on a day are a run from the start.
        self._claims = chronological(
            c for c in ledger.records if as_known_on is None or c.published <= as_known_on
        )
        self._footprints = FootprintMemo(theatre)
        self._footprint = footprint_of_ledger(
            ledger, theatre, as_known_on=as_known_on, memo=self._footprints
        )
        self._imported = ledger.imported_claimants
        self._start()

    def _start(self) -> None:
        self._next = 0
        self._last: date | None = None

        def state(name: str, side: Side, *, figures: bool, track: bool = False) -> _ViewState:
            painter = Painter(self._theatre, footprints=self._footprints, track=track)
            return _ViewState(name, side, painter, figures)

        self._claimant_views = [
            state(name, side, figures=True, track=True) for name, side in self._ledger.claimants
        ]
        self._index = {view.name: i for i, view in enumerate(self._claimant_views)}
        self._composite = state(COMPOSITE, Side.OTHER, figures=False)
        self._sides = {side: state(name, side, figures=False) for side, name in SIDE_VIEWS.items()}
        self._cells = _FreshHeldWords(self._fresh_days)
        self._places = _FreshHeldWords(self._fresh_days)
        self._disputed: set[str] = set()
        self._dissent_memo = DissentMemo()
        self._ground: Ground | None = None

    def picture(self, on: date) -> ControlPicture:
        """Each claimant's asserted control on `on`: `asserted_control(ledger, theatre, on, ...)`.

        Parameters
        ----------
        on
            The day the picture is of; one earlier than the last asked for starts again.

        Returns
        -------
        ControlPicture
            The same picture `asserted_control` gives for the day.
        """
        if self._last is not None and on < self._last:
            self._start()
        self._last = on
        self._advance(on)
        holding_since, fighting_since = fresh_cutoffs(on, self._fresh_days)

        def view(state: _ViewState) -> ClaimantView:
            return ClaimantView(
                state.name,
                state.side,
                state.painter.painted(),
                state.stated,
                self._footprint,
                holding_since,
                imported=state.name in self._imported,
                fighting_fresh_since=fighting_since,
            )

        views = tuple(view(state) for state in self._claimant_views)
        composite = view(self._composite)
        sides = tuple(view(self._sides[side]) for side in SIDE_VIEWS)
        self._lay_words()
        self._places.update(on, composite)
        return ControlPicture(
            on=on,
            as_known_on=self._as_known_on,
            claimants=views,
            composite=composite,
            disagreement=self._disagreement(on, views, composite),
            fighting=composite.fighting_ground(),
            footprint=self._footprint,
            fresh_days=self._fresh_days,
            sides=sides,
            # A copy: the series changes its own as the days go on.
            fresh_held_places=dict(self._places.fresh_held),
            dissent_memo=self._dissent_memo,
        )

    def _advance(self, on: date) -> None:
        """Paint the claims that take effect by `on` into every view they belong to."""
        claims = self._claims
        while self._next < len(claims) and effective_day(claims[self._next]) <= on:
            claim = claims[self._next]
            self._next += 1
            index = self._index.get(claim.claimant)
            if index is not None:
                self._claimant_views[index].add(claim)
            if claim.weightless:
                continue
            self._composite.add(claim)
            side = self._sides.get(claim.side)
            if side is not None:
                side.add(claim)

    def _lay_words(self) -> None:
        """Hand the claimants' newly laid words to the per-place and per-cell records."""
        for index, state in enumerate(self._claimant_views):
            cells, places = state.painter.take_laid()
            for cell_id in cells:
                word = state.painter.cell_word(cell_id)
                if word is not None:
                    self._cells.lay(cell_id, index, word)
            for settlement_id in places:
                word = state.painter.place_word(settlement_id)
                if word is not None:
                    self._places.lay(settlement_id, index, word)

    def _disagreement(
        self, on: date, views: tuple[ClaimantView, ...], judge: ClaimantView
    ) -> Ground:
        """`live_disagreement(views)`: by whole cells from the per-cell record, unless a claimant
        drew a polygon (then the pieces need geometry, and it is worked out afresh)."""
        changed = self._cells.update(on, judge)
        for cell_id in changed:
            held = self._cells.fresh_held.get(cell_id)
            if held is not None and _disputed(held):
                self._disputed.add(cell_id)
            else:
                self._disputed.discard(cell_id)
        if any(state.painter.has_drawn for state in self._claimant_views):
            return live_disagreement(views, self._theatre)
        if self._ground is None or self._ground.cells != self._disputed:
            # A new Ground only when the cells changed: its shape (a union of cells) is kept.
            self._ground = Ground(frozenset(self._disputed), EMPTY, self._theatre)
        return self._ground
