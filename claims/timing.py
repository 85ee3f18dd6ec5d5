"""When a claim takes effect, and which claims a briefer could have known on a given day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from claims.model import Claim


def effective_day(claim: Claim) -> date:
    """The day from which a claim's assertion stands.

    The end of the period it refers to, but never later than the day it was said (a claim about
    "this week" made on Wednesday speaks for Wednesday). A forecast stands from the day it foresees.
    """
    if claim.forecast:
        return claim.refers_to
    return min(claim.refers_to_end, max(claim.refers_to, claim.published))


def claims_in_view(claims: Iterable[Claim], on: date, as_known_on: date | None) -> list[Claim]:
    """Claims that speak for `on`, limited to those published by `as_known_on` when it is set."""
    return [
        claim
        for claim in claims
        if effective_day(claim) <= on and (as_known_on is None or claim.published <= as_known_on)
    ]


def chronological(claims: Iterable[Claim]) -> list[Claim]:
    """Oldest first; on one day an independent assessment comes last, so it has the last word."""
    return sorted(claims, key=lambda c: (effective_day(c), c.independent, c.published, c.id))
