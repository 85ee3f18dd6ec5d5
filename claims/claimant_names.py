"""Claimant names given on the command line, checked against the ledger's (with close matches)."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from claims.control import COMPOSITE, SIDE_VIEWS
from claims.model import Ledger

# How close (0-100, rapidfuzz WRatio) a name must be to be offered as "did you mean".
SUGGEST_SCORE = 60.0
SUGGESTIONS = 5


class UnknownClaimantError(ValueError):
    """A name that is no claimant of the ledger; the message lists the closest names."""

    def __init__(self, name: str, close: Sequence[str]) -> None:
        self.name = name
        self.close = tuple(close)
        listed = "; ".join(repr(c) for c in close) if close else "none close"
        super().__init__(f"no claimant {name!r} in the ledger; closest: {listed}")


def known_views(ledger: Ledger) -> tuple[str, ...]:
    """Every view a name may choose: the claimants, the composite and each side's combined view."""
    return (*(name for name, _ in ledger.claimants), COMPOSITE, *SIDE_VIEWS.values())


def choose_claimants(asked: Sequence[str], ledger: Ledger) -> tuple[str, ...]:
    """The views named, spelt as the ledger spells them (case aside), each once, in order.

    Raises `UnknownClaimantError` for the first name no view answers to.
    """
    views = known_views(ledger)
    by_folded = {v.casefold(): v for v in views}
    chosen: list[str] = []
    for name in asked:
        view = by_folded.get(name.strip().casefold())
        if view is None:
            raise UnknownClaimantError(name, closest(name, views))
        if view not in chosen:
            chosen.append(view)
    return tuple(chosen)


def closest(name: str, views: Sequence[str]) -> list[str]:
    """The names nearest to `name`, best first."""
    found = process.extract(
        name, views, scorer=fuzz.WRatio, processor=str.casefold, limit=SUGGESTIONS
    )
    return [str(match) for match, score, _ in found if score >= SUGGEST_SCORE]
