"""Stated figures: the numbers claimants give, in force on a date and as a dated series."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from claims.model import Basis, Claim, Counts, Figure, Side, Unit
from claims.timing import effective_day


@dataclass(frozen=True, slots=True)
class StatedFigure:
    """One number as a claimant stated it, with the claim it comes from."""

    figure: Figure
    claim: Claim

    @property
    def on(self) -> date:
        return effective_day(self.claim)

    @property
    def about(self) -> Side | None:
        """Whose ground or losses the number is about: given, or the claim's holder if any."""
        if self.figure.about is not None:
            return self.figure.about
        if self.claim.holder is not None and self.claim.holder.value in Side.__members__.values():
            return Side(self.claim.holder.value)
        return None


def stated_series(claims: Iterable[Claim]) -> list[StatedFigure]:
    """Every figure of every claim, oldest first: the non-spatial record over time."""
    stated = [StatedFigure(figure, claim) for claim in claims for figure in claim.figures]
    return sorted(stated, key=lambda s: (s.on, s.claim.published, s.claim.id))


def figures_in_force(claims: Iterable[Claim]) -> list[StatedFigure]:
    """The latest cumulative figure per (unit, about): what a claimant's numbers say today.

    Incremental figures (losses "in the past day") are events, not standing totals: they stay in
    the series and are not carried forward. The size of an attacking force is not a standing total
    of anything either.
    """
    latest: dict[tuple[Unit, Side | None], StatedFigure] = {}
    for stated in stated_series(claims):
        if stated.figure.basis is Basis.CUMULATIVE and stated.figure.counts is Counts.LOSSES:
            latest[(stated.figure.unit, stated.about)] = stated
    return sorted(latest.values(), key=lambda s: (s.figure.unit.value, str(s.about)))
