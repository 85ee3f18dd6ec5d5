"""Claimants beside independent assessors: where a claim and an assessment part, in km².

Pure helpers over a `ControlPicture`; the page shows their output. For one date, one claimant and
one assessor: per holder, the ground the claimant asserts that the assessor does not, the reverse,
and the ground both assert. Areas are measured in the equal-area CRS (`geodata.crs.area_km2`),
inside the home region (Kursk oblast).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import shapely

from claims.control import ClaimantView, ControlPicture
from claims.model import Holder, Side
from geodata.crs import area_km2

HOLDER_NAMES = {
    Holder.UKRAINE.value: "Ukraine-held",
    Holder.RUSSIA.value: "Russia-held",
    Holder.CONTESTED.value: "fighting reported",
}
PART_COLUMNS = ("claimant only", "assessor only", "both")


@dataclass(frozen=True, slots=True)
class Disagreement:
    """For one holder: km² only the claimant asserts, only the assessor asserts, and both do."""

    holder: Holder
    claimant_only_km2: float
    assessor_only_km2: float
    both_km2: float


def assessors(picture: ControlPicture, *, imported_only: bool = False) -> list[str]:
    """Names of the independent claimants of a picture (imported layers when `imported_only`)."""
    independent = [v for v in picture.claimants if v.side is Side.INDEPENDENT]
    return [v.claimant for v in independent if v.imported or not imported_only]


def compared_with_assessors(picture: ControlPicture, shown: Sequence[str]) -> list[str]:
    """The shown claimants the readout sets against an assessor: those that are not one."""
    found = assessors(picture)
    return [claimant for claimant in shown if claimant not in found] if found else []


def disagreement(picture: ControlPicture, claimant: str, assessor: str) -> tuple[Disagreement, ...]:
    """Per holder, where `claimant` and `assessor` part on the picture's date."""
    mine, theirs = picture.view(claimant), picture.view(assessor)
    return tuple(_part(mine, theirs, holder) for holder in Holder)


def disagreement_rows(
    picture: ControlPicture, claimant: str, assessor: str
) -> list[dict[str, Any]]:
    """The readout as table rows, one per holder that either side asserts, in whole km².

    Columns say "claimant" and "assessor", not their names: a name as a column heading made the
    table wider than the panel beside the map; the panel names both above the table.
    """
    return [
        {
            "holder": d.holder.value,
            "claimant only": round(d.claimant_only_km2),
            "assessor only": round(d.assessor_only_km2),
            "both": round(d.both_km2),
        }
        for d in disagreement(picture, claimant, assessor)
        if d.claimant_only_km2 or d.assessor_only_km2 or d.both_km2
    ]


def disagreement_line(row: dict[str, Any]) -> str:
    """One row of `disagreement_rows` as a line of text for the page, numbers in bold:
    "Ukraine-held: **2** claimant only · **19** assessor only · **0** both"."""
    parts = (f"**{row[column]:,}** {column}" for column in PART_COLUMNS)
    return f"{HOLDER_NAMES[row['holder']]}: " + " · ".join(parts)


def _part(mine: ClaimantView, theirs: ClaimantView, holder: Holder) -> Disagreement:
    ours = shapely.intersection(mine.painted.territory[holder], mine.home)
    other = shapely.intersection(theirs.painted.territory[holder], theirs.home)
    return Disagreement(
        holder=holder,
        claimant_only_km2=area_km2(shapely.difference(ours, other)),
        assessor_only_km2=area_km2(shapely.difference(other, ours)),
        both_km2=area_km2(shapely.intersection(ours, other)),
    )
