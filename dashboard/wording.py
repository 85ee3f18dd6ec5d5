"""Sentences the page, the snapshots and the CLI say the same way: counts and what areas mean."""

from __future__ import annotations

from claims.control import ClaimantView, ControlPicture
from claims.model import Holder


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


def key_figures(picture: ControlPicture, view: ClaimantView) -> str:
    """The day's figures a map states, in one line: held per side, fighting, disagreement, stale,
    and how much of a stated area the claimant's named places cover."""
    parts = [
        f"Ukraine-held {view.area_km2(Holder.UKRAINE):,.0f} km²",
        f"Russia-held {view.area_km2(Holder.RUSSIA):,.0f} km²",
        f"fighting {picture.fighting.km2:,.0f} km²",
        f"claimants disagree {picture.contested_km2:,.0f} km²",
    ]
    stale = view.stale_km2(Holder.UKRAINE) + view.stale_km2(Holder.RUSSIA)
    if stale:
        parts.append(f"stale {stale:,.0f} km²")
    parts.extend(c.text for c in view.coverage())
    return " · ".join(parts)
