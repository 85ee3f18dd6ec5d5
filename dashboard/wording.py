"""Sentences the page, the snapshots and the CLI say the same way: dates, counts, areas and names.

One date format everywhere a person reads a date ("6 Jan 2025"); ISO dates stay for addresses,
file names and data.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from claims.control import FIGHTING_FRESH_DAYS, ClaimantView, ControlPicture
from claims.model import Holder

# Where a claimant's long name gives way to its short form: "Oleksandr Syrskyi, Commander-in-Chief
# of ..." is "Oleksandr Syrskyi"; "Institute for the Study of War (ISW)" keeps its name.
SHORT_NAME_CUTS = (", ", " (")
SHORT_NAME_CHARACTERS = 40


@lru_cache(maxsize=4096)
def day_text(day: date) -> str:
    """A date as a person reads it: '6 Jan 2025' (day without a leading zero, short month).

    Kept per day: a big theatre's popup text writes two for each of 84,000 claims, and a timeline
    build one for every word of every settlement on every event day (at 100x, 80,000 a day;
    `strftime` was a tenth of the build)."""
    return f"{day.day} {day:%b %Y}"


def month_text(day: date) -> str:
    """A day's month as a person reads it: 'Jan 2025'."""
    return f"{day:%b %Y}"


def dates_text(on: date, known: date | None = None, compare: date | None = None) -> str:
    """The dates a map speaks for: the day, and the as-known-on and compare dates when set."""
    text = day_text(on)
    if known is not None:
        text += f" · as known on {day_text(known)}"
    if compare is not None:
        text += f" · changes since {day_text(compare)}"
    return text


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """'1 settlement', '2 settlements', '1,263 settlements'; `plural_noun` for irregular nouns."""
    many = plural_noun if plural_noun is not None else f"{noun}s"
    return f"{count:,} {noun if count == 1 else many}"


def km2_text(km2: float) -> str:
    """An area as the page prints it: whole km² with thousands separators ('1,263 km²')."""
    return f"{km2:,.0f} km²"


def short_name(claimant: str) -> str:
    """A claimant's name short enough for a legend or a column: the part before its title."""
    short = claimant
    for cut in SHORT_NAME_CUTS:
        head = short.split(cut, 1)[0]
        if head and len(head) >= 3:
            short = head
    if len(short) > SHORT_NAME_CHARACTERS:
        return short[: SHORT_NAME_CHARACTERS - 1].rstrip() + "…"
    return short


def area_basis(picture: ControlPicture) -> str:
    """What the headline areas count: fresh words, within the ground in play."""
    window = (
        f"words of holding of the last {plural(picture.fresh_days, 'day')} and of fighting of "
        f"the last {plural(min(picture.fresh_days, FIGHTING_FRESH_DAYS), 'day')}"
        if picture.fresh_days is not None
        else "every word however old"
    )
    return (
        f"Areas count {window}, within the {km2_text(picture.footprint.km2)} any claimant "
        "ever asserted Ukrainian-held or contested. Stale: the latest word is older."
    )


def key_figures(picture: ControlPicture, view: ClaimantView) -> str:
    """The day's figures a map states, in one line: held per side, fighting, disagreement, stale,
    and how much of a stated area the claimant's named places cover."""
    parts = [
        f"Ukraine-held {km2_text(view.area_km2(Holder.UKRAINE))}",
        f"Russia-held {km2_text(view.area_km2(Holder.RUSSIA))}",
        f"fighting {km2_text(picture.fighting.km2)}",
        f"claimants disagree {km2_text(picture.contested_km2)}",
    ]
    stale = view.stale_km2(Holder.UKRAINE) + view.stale_km2(Holder.RUSSIA)
    if stale:
        parts.append(f"stale {km2_text(stale)}")
    parts.extend(c.text for c in view.coverage())
    return " · ".join(parts)
