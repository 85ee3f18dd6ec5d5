"""When a claim takes effect, and which claims a briefer could have known on a given day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from claims.model import Claim, Verification


def effective_day(claim: Claim) -> date:
    """The day from which a claim's assertion stands.

    The end of the period it refers to, but never later than the day it was said (a claim about
    "this week" made on Wednesday speaks for Wednesday). A forecast stands from the day it foresees.

    Parameters
    ----------
    claim
        Any claim.

    Returns
    -------
    date
        The day its word starts to stand.

    Examples
    --------
    >>> from claims.model import Kind, Precision, Side, Verification
    >>> said = Claim("x", "MoD", Side.RUSSIA, published=date(2024, 9, 11),
    ...              refers_to=date(2024, 9, 9), refers_to_end=date(2024, 9, 15),
    ...              precision=Precision.WEEK, kind=Kind.STATEMENT, sources=(),
    ...              verification=Verification.CLAIMED_UNVERIFIED)
    >>> effective_day(said)  # "this week", said on Wednesday: it speaks for Wednesday
    datetime.date(2024, 9, 11)
    """
    return claim.effective  # worked out as the claim is made (`Claim.__post_init__`)


def claims_in_view(claims: Iterable[Claim], on: date, as_known_on: date | None) -> list[Claim]:
    """Claims that speak for `on`, limited to those published by `as_known_on` when it is set.

    Parameters
    ----------
    claims
        Any claims.
    on
        The day the picture is of: claims that take effect later are left out.
    as_known_on
        Leave out what was published after this day (`None`: everything).

    Returns
    -------
    list of Claim
        In the order given.
    """
    return [
        claim
        for claim in claims
        if effective_day(claim) <= on and (as_known_on is None or claim.published <= as_known_on)
    ]


def chronological(claims: Iterable[Claim]) -> list[Claim]:
    """Oldest first: the last claim about a place has the last word.

    On one day a disputed word comes first, so an undisputed word of the same day beats it, and an
    independent assessment comes last, so it has the last word.

    Parameters
    ----------
    claims
        Any claims.

    Returns
    -------
    list of Claim
        Sorted by effective day, then disputed before undisputed, claimants before independent
        assessors, publication day and id: a total order, so file order never matters.
    """
    return sorted(
        claims,
        key=lambda c: (
            effective_day(c),
            c.verification is not Verification.DISPUTED,
            c.independent,
            c.published,
            c.id,
        ),
    )


def age_in_days(claim: Claim, on: date) -> int:
    """How old a claim's word is on `on`, counted from the day it speaks for.

    Parameters
    ----------
    claim
        Any claim.
    on
        The day of the picture.

    Returns
    -------
    int
        Days from the claim's effective day to `on` (negative for a word about the future).
    """
    return (on - effective_day(claim)).days
