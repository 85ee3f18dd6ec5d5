"""Which claims speak about each settlement: the material of popups and status histories."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from claims.model import Claim, Holder
from claims.territory import settlements_spoken_for
from claims.theatre import Theatre
from claims.timing import chronological, effective_day


@dataclass(frozen=True, slots=True)
class StatusChange:
    on: date
    holder: Holder
    claim: Claim


def claims_by_settlement(claims: Iterable[Claim], theatre: Theatre) -> dict[str, tuple[Claim, ...]]:
    """Every place-asserting claim that names or covers each settlement, oldest first.

    Parameters
    ----------
    claims
        Any claims; those that assert no place are skipped.
    theatre
        Resolves drawn shapes and regions to settlements.

    Returns
    -------
    dict
        Settlement id to its claims, chronological.
    """
    found: dict[str, list[Claim]] = {}
    for claim in chronological(claims):
        if not claim.asserts_places:
            continue
        for settlement_id in settlements_spoken_for(claim, theatre):
            found.setdefault(settlement_id, []).append(claim)
    return {key: tuple(value) for key, value in found.items()}


def status_history(claims: Iterable[Claim]) -> list[StatusChange]:
    """The claims about one place as a list of asserted holders over time, oldest first."""
    return [
        StatusChange(effective_day(c), c.holder, c)
        for c in chronological(claims)
        if c.holder is not None
    ]
