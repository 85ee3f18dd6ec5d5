"""Sentences the page, the snapshots and the CLI say the same way: counts and what areas mean."""

from __future__ import annotations

from claims.control import ControlPicture


def plural(count: int, noun: str) -> str:
    """'1 settlement', '2 settlements'."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def area_basis(picture: ControlPicture) -> str:
    """What the headline areas count: fresh words, within the ground in play."""
    window = (
        f"words of the last {plural(picture.fresh_days, 'day')}"
        if picture.fresh_days is not None
        else "every word however old"
    )
    return (
        f"Areas count {window}, within the {picture.footprint.km2:,.0f} km² any claimant "
        "ever asserted Ukrainian-held or contested. Stale: the latest word is older."
    )
