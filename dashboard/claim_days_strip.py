"""The claim-day strip under the date slider, as a few lines of HTML. Pure: no Streamlit.

Ticks on the days that carry claims, coloured by the claimant's side, each with a tooltip (the
day, the side, how many claims), over month labels. Drawn as positioned boxes in the page
rather than as a Vega-Lite chart: the chart made the browser load and compile Vega (~0.8 MB of
script) before it reached the map on the first load, and the strip needs none of it. Not SVG:
`st.html` sanitizes SVG away. Positions are percentages of the width, so it stretches with the
page like the slider above it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import escape

from claims.model import Claim, Side
from claims.timing import effective_day
from dashboard.styles import SIDE_COLOURS
from dashboard.wording import day_text, month_text

HEIGHT_PX = 46
TICK_TOP_PX, TICK_BOTTOM_PX = 4, 24
AXIS_PX, LABEL_PX = 27, 32
# The strip's ends, in per cent of its width: room for the first and last tick and label.
LEFT_PC, RIGHT_PC = 1.0, 99.0
# A month label this far right is set to end at its day instead of starting there (no wrap).
RIGHT_ALIGNED_AFTER_PC = 92.0
SIDE_WORDS = {Side.UKRAINE: "Ukraine", Side.RUSSIA: "Russia", Side.INDEPENDENT: "independent"}


@dataclass(frozen=True, slots=True)
class ClaimDay:
    """How many claims of one side take effect on one day."""

    day: date
    side: Side
    claims: int


def claim_days(claims: Iterable[Claim]) -> list[ClaimDay]:
    """How many claims of each side take effect on each day, in day order."""
    counts = Counter((effective_day(claim), claim.side) for claim in claims)
    return [ClaimDay(day, side, n) for (day, side), n in sorted(counts.items())]


def strip_html(days: Iterable[ClaimDay], span: tuple[date, date]) -> str:
    """The strip for `span`: one tick per day and side that carries claims, month labels below.

    Parameters
    ----------
    days
        Claims per day and side (days outside the span are left out).
    span
        The slider's first and last day.

    Returns
    -------
    str
        One `<div>`, its every text escaped.
    """
    ticks = [_tick(found, span) for found in days if span[0] <= found.day <= span[1]]
    months = [_month(first, span) for first in _month_starts(span)]
    axis = f"left:{LEFT_PC}%;width:{RIGHT_PC - LEFT_PC}%;top:{AXIS_PX}px;border-top:1px solid #888"
    return (
        f'<div class="frontline-claim-days" role="img" '
        'aria-label="Days on which claims take effect, by side" '
        f'style="position:relative;height:{HEIGHT_PX}px;font-size:11px;line-height:1">'
        f'<span style="position:absolute;{axis}"></span>'
        + "".join(ticks)
        + "".join(months)
        + "</div>"
    )


def _per_cent(day: date, span: tuple[date, date]) -> float:
    length = max((span[1] - span[0]).days, 1)
    return LEFT_PC + (RIGHT_PC - LEFT_PC) * (day - span[0]).days / length


def _x(day: date, span: tuple[date, date]) -> str:
    return f"{_per_cent(day, span):.3f}%"


def _tick(found: ClaimDay, span: tuple[date, date]) -> str:
    side = SIDE_WORDS.get(found.side, "other")
    noun = "claim" if found.claims == 1 else "claims"
    tip = escape(f"{day_text(found.day)}: {found.claims} {noun}, {side}")
    place = (
        f"left:{_x(found.day, span)};top:{TICK_TOP_PX}px;height:{TICK_BOTTOM_PX - TICK_TOP_PX}px"
    )
    colour = SIDE_COLOURS[found.side]
    return (
        f'<span class="tick" title="{tip}" '
        f'style="position:absolute;{place};width:2px;background:{colour}"></span>'
    )


def _month(first: date, span: tuple[date, date]) -> str:
    x = _x(first, span)
    mark = f"left:{x};top:{AXIS_PX}px;height:4px;border-left:1px solid #888"
    label = escape(month_text(first))
    end = ";transform:translateX(-100%)" if _per_cent(first, span) > RIGHT_ALIGNED_AFTER_PC else ""
    place = f"left:{x};top:{LABEL_PX}px;white-space:nowrap{end}"
    return (
        f'<span style="position:absolute;{mark}"></span>'
        f'<span class="month" style="position:absolute;{place};color:#444">{label}</span>'
    )


def _month_starts(span: tuple[date, date]) -> list[date]:
    first = date(span[0].year, span[0].month, 1)
    starts = []
    while first <= span[1]:
        if first >= span[0]:
            starts.append(first)
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return starts
