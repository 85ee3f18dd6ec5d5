"""The tables beside the map, as DataFrames. Pure: no Streamlit.

Streamlit's data grid shows cell values as text, never as HTML, so ledger strings go in raw here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import pandas as pd

from claims.control import COMPOSITE, ClaimantView, ControlPicture
from claims.figures import StatedFigure, stated_series
from claims.model import Claim, Counts, Holder, Unit
from claims.places import status_history
from claims.theatre import Theatre
from claims.timing import effective_day
from dashboard.wording import day_text, short_name

# The loss units, in the order the casualty panel offers them: people first.
CASUALTY_UNITS_IN_ORDER = (
    Unit.PERSONNEL_TOTAL,
    Unit.PERSONNEL_KILLED,
    Unit.PERSONNEL_WOUNDED,
    Unit.PERSONNEL_CAPTURED,
    Unit.TANKS,
    Unit.ARMOURED_VEHICLES,
    Unit.ARTILLERY,
)
CASUALTY_UNITS = frozenset(CASUALTY_UNITS_IN_ORDER)
FIGURE_UNITS = tuple(unit.value.replace("_", " ") for unit in CASUALTY_UNITS_IN_ORDER)
HOLDER_VALUES = frozenset(h.value for h in Holder)
MAPPED_COUNTERPART = {Unit.KM2: "area", Unit.SETTLEMENTS: "settlements"}
FIGURE_NAMES = {Unit.KM2.value: "km²", Unit.SETTLEMENTS.value: "settlements"}


def metrics_table(views: Sequence[ClaimantView], theatre: Theatre) -> pd.DataFrame:
    """Area and settlements per side, as each shown claimant asserts them."""
    rows = []
    for view in views:
        for holder in Holder:
            places = view.settlements_held(holder, theatre)
            area = view.area_km2(holder)
            if area or places:
                rows.append(
                    {
                        "claimant": view.claimant,
                        "held by": holder.value,
                        "mapped km²": round(area, 1),
                        "settlements": len(places),
                    }
                )
    return pd.DataFrame(rows, columns=["claimant", "held by", "mapped km²", "settlements"])


def stated_vs_mapped(views: Sequence[ClaimantView], theatre: Theatre) -> pd.DataFrame:
    """Each stated area or settlement count next to what the claimant's named places add up to."""
    rows = []
    for view in views:
        for stated in view.stated:
            counterpart = MAPPED_COUNTERPART.get(stated.figure.unit)
            if (
                counterpart is None
                or stated.about is None
                or stated.about.value not in HOLDER_VALUES
            ):
                continue
            holder = Holder(stated.about.value)
            mapped = (
                view.area_km2(holder)
                if counterpart == "area"
                else len(view.settlements_held(holder, theatre))
            )
            rows.append(_stated_row(view.claimant, stated, holder, mapped))
    columns = ["claimant", "unit", "held by", "stated", "mapped", "stated on", "claim"]
    return pd.DataFrame(rows, columns=columns)


def stated_for_panel(stated: pd.DataFrame, claimant: str) -> pd.DataFrame:
    """One claimant's rows of `stated_vs_mapped`, narrow enough for the panel beside the map.

    The claimant is the panel's heading, so it is not repeated; what was stated says its unit and
    side in words ("km² Ukraine-held"); the day it was said and the claim id stay, for tracing
    the figure to its record.
    """
    rows = stated[stated["claimant"] == claimant]
    return pd.DataFrame(
        {
            "figure": [
                f"{FIGURE_NAMES.get(unit, unit)} {holder.title()}-held"
                for unit, holder in zip(rows["unit"], rows["held by"], strict=True)
            ],
            "stated": rows["stated"].round().astype(int).tolist(),
            "mapped": rows["mapped"].round().astype(int).tolist(),
            "said": [day_text(d) for d in rows["stated on"]],
            "claim": rows["claim"].tolist(),
        },
        columns=["figure", "stated", "mapped", "said", "claim"],
    )


def area_over_time(pictures: Iterable[ControlPicture]) -> pd.DataFrame:
    """km² each view asserts held per side, one row per (day, view, holder) for the area chart.

    Views are the latest word of all claimants, each side's combined word and every claimant;
    a claimant that never asserts any ground is left out.
    """
    rows = []
    for picture in pictures:
        for view in (picture.composite, *picture.sides, *picture.claimants):
            for holder in (Holder.UKRAINE, Holder.RUSSIA):
                rows.append(
                    {
                        "date": picture.on,
                        "view": view.claimant,
                        "side": view.side.value,
                        "holder": holder.value,
                        "km2": round(view.area_km2(holder), 1),
                    }
                )
    table = pd.DataFrame(rows, columns=["date", "view", "side", "holder", "km2"])
    asserting = table.groupby("view")["km2"].transform("max") > 0
    return table[asserting | (table["view"] == COMPOSITE)].reset_index(drop=True)


def claims_table(claims: Iterable[Claim]) -> pd.DataFrame:
    rows = [
        {
            "published": c.published,
            "refers to": c.refers_to,
            "claimant": c.claimant,
            "side": c.side.value,
            "kind": c.kind.value,
            "holder": c.holder.value if c.holder else "",
            "gist": c.gist or (c.quote.text if c.quote else ""),
            "verification": c.verification.value.replace("_", " "),
            "source": c.sources[0].url,
            "id": c.id,
        }
        for c in claims
    ]
    columns = ["published", "refers to", "claimant", "side", "kind", "holder", "gist"]
    return pd.DataFrame(rows, columns=[*columns, "verification", "source", "id"])


def claims_in_force(picture: ControlPicture, claimants: Sequence[str]) -> list[Claim]:
    """Claims that decide a place or carry a figure in force for the shown claimants."""
    views = [picture.view(c) for c in claimants]
    found: dict[str, Claim] = {}
    for view in views:
        for assertion in view.painted.places.values():
            found[assertion.claim.id] = assertion.claim
        for stated in view.stated:
            found[stated.claim.id] = stated.claim
    return sorted(found.values(), key=lambda c: (effective_day(c), c.id), reverse=True)


def settlement_history_table(
    theatre: Theatre, claims_about: Mapping[str, Sequence[Claim]], picture: ControlPicture
) -> pd.DataFrame:
    """Every settlement any claim names: its composite status on the date and its claim history."""
    rows = []
    for settlement in theatre.settlements:
        claims = [c for c in claims_about.get(settlement.id, ()) if effective_day(c) <= picture.on]
        if not claims:
            continue
        latest = picture.composite.painted.places.get(settlement.id)
        history = "; ".join(
            f"{day_text(change.on)} {short_name(change.claim.claimant)}: {change.holder.value}"
            for change in status_history(claims)
        )
        rows.append(
            {
                "settlement": settlement.name_en,
                "district": settlement.district,
                "status (latest word)": latest.holder.value if latest else "",
                "by": latest.claim.claimant if latest else "",
                "claims": len(claims),
                "history": history,
            }
        )
    columns = ["settlement", "district", "status (latest word)", "by", "claims", "history"]
    return pd.DataFrame(rows, columns=columns)


def figures_timeline(claims: Iterable[Claim], *, until: date) -> pd.DataFrame:
    """Losses over time, ranges kept, cumulative apart from incremental.

    Only losses: the size of an attacking force is not a loss, and a roll-up that sums daily
    claims already in the series would count them twice.
    """
    rows = [
        _figure_row(stated)
        for stated in stated_series(claims)
        if stated.figure.unit in CASUALTY_UNITS
        and stated.figure.counts is Counts.LOSSES
        and not stated.claim.rollup
        and stated.on <= until
    ]
    columns = ["date", "claimant", "unit", "about", "basis", "value", "low", "high", "bound"]
    return pd.DataFrame(rows, columns=[*columns, "claim"])


def figure_bound(low: float | None, high: float | None) -> str:
    """What kind of number a claim gave: a range, an open bound ("more than 38,000"), or exact."""
    if low is not None and high is not None:
        return "range"
    if low is not None:
        return "at least"
    if high is not None:
        return "at most"
    return "exact"


def _figure_row(stated: StatedFigure) -> dict[str, object]:
    figure = stated.figure
    return {
        "date": stated.on,
        "claimant": stated.claim.claimant,
        "unit": figure.unit.value.replace("_", " "),
        "about": stated.about.value if stated.about else "",
        "basis": figure.basis.value,
        "value": figure.value,
        "low": figure.low if figure.low is not None else figure.value,
        "high": figure.high if figure.high is not None else figure.value,
        "bound": figure_bound(figure.low, figure.high),
        "claim": stated.claim.id,
    }


def _stated_row(
    claimant: str, stated: StatedFigure, holder: Holder, mapped: float
) -> dict[str, object]:
    return {
        "claimant": claimant,
        "unit": stated.figure.unit.value,
        "held by": holder.value,
        "stated": stated.figure.value,
        "mapped": round(mapped, 1),
        "stated on": stated.claim.published,
        "claim": stated.claim.id,
    }
