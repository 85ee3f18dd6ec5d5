"""Gains and losses between two dates, per claimant and for the composite."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import shapely
from shapely.geometry.base import BaseGeometry

from claims.control import HELD_HOLDERS, ClaimantView, ControlPicture
from claims.model import Holder
from claims.theatre import Theatre
from geodata.crs import area_km2


@dataclass(frozen=True)
class SideChange:
    holder: Holder
    gained: BaseGeometry
    lost: BaseGeometry
    settlements_gained: tuple[str, ...]
    settlements_lost: tuple[str, ...]

    @property
    def gained_km2(self) -> float:
        return area_km2(self.gained)

    @property
    def lost_km2(self) -> float:
        return area_km2(self.lost)


@dataclass(frozen=True)
class ClaimantChange:
    claimant: str
    before: date
    after: date
    sides: tuple[SideChange, ...]

    def side(self, holder: Holder) -> SideChange:
        return next(s for s in self.sides if s.holder is holder)


def view_change(
    before: ClaimantView, after: ClaimantView, theatre: Theatre, *, dates: tuple[date, date]
) -> ClaimantChange:
    """What `after` gives each side that `before` did not, and what it takes away.

    Parameters
    ----------
    before, after
        The same claimant's views on two dates.
    theatre
        Where they are painted; only the home region is compared.
    dates
        The two dates, for the report.

    Returns
    -------
    ClaimantChange
        Per side: ground and settlements gained and lost.
    """
    sides = []
    for holder in HELD_HOLDERS:
        old = shapely.intersection(before.territory(holder), theatre.home)
        new = shapely.intersection(after.territory(holder), theatre.home)
        old_places = set(before.settlements_held(holder, theatre))
        new_places = set(after.settlements_held(holder, theatre))
        sides.append(
            SideChange(
                holder=holder,
                gained=shapely.difference(new, old),
                lost=shapely.difference(old, new),
                settlements_gained=tuple(sorted(new_places - old_places)),
                settlements_lost=tuple(sorted(old_places - new_places)),
            )
        )
    return ClaimantChange(before.claimant, dates[0], dates[1], tuple(sides))


def picture_change(
    before: ControlPicture,
    after: ControlPicture,
    theatre: Theatre,
    named: Sequence[str] = (),
) -> list[ClaimantChange]:
    """Changes for every claimant and for the composite, composite first; or for the views
    `named` (claimants, the composite, a side's combined view), in that order.

    Parameters
    ----------
    before, after
        Pictures of the same ledger on two dates.
    theatre
        Where they are painted.
    named
        Views to report instead of all of them (empty: every claimant and the composite).

    Returns
    -------
    list of ClaimantChange
        The composite's change first, then each claimant's (or the named views, in order).
    """
    dates = (before.on, after.on)
    if named:
        pairs = [(before.view(n), after.view(n)) for n in named]
    else:
        pairs = [
            (before.composite, after.composite),
            *list(zip(before.claimants, after.claimants, strict=True)),
        ]
    return [view_change(old, new, theatre, dates=dates) for old, new in pairs]
