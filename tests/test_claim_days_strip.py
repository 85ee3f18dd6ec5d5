"""The claim-day strip under the slider: one tick per day and side that carries claims in the
bundled ledger, placed by its day, with the day, count and side in its tooltip; month labels
over the span; nothing but escaped text."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from claims.bundle import kursk_context
from claims.ledger_file import BUNDLED_LEDGER, read_ledger
from claims.model import Ledger, Side
from claims.timing import effective_day
from dashboard.claim_days_strip import LEFT_PC, RIGHT_PC, ClaimDay, claim_days, strip_html

TICK = re.compile(r'<span class="tick" title="([^"]*)" style="[^"]*left:([0-9.]+)%')


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return read_ledger(BUNDLED_LEDGER, kursk_context())


@pytest.fixture(scope="module")
def counts(ledger: Ledger) -> Counter[tuple[date, Side]]:
    return Counter((effective_day(c), c.side) for c in ledger.records)


def test_one_tick_per_day_and_side_placed_by_its_day(
    ledger: Ledger, counts: Counter[tuple[date, Side]]
) -> None:
    span = ledger.span
    ticks = TICK.findall(strip_html(claim_days(ledger.records), span))
    assert len(ticks) == len(counts) > 300
    first, last = float(ticks[0][1]), float(ticks[-1][1])
    last_day = max(day for day, _ in counts)
    share = (last_day - span[0]).days / (span[1] - span[0]).days
    assert first == pytest.approx(LEFT_PC)
    assert last == pytest.approx(LEFT_PC + (RIGHT_PC - LEFT_PC) * share, abs=0.001)
    assert [float(x) for _, x in ticks] == sorted(float(x) for _, x in ticks)
    sudzha_day = next(t for t, _ in ticks if t.startswith("13 Mar 2025"))
    assert re.fullmatch(r"13 Mar 2025: \d+ claims?, (Ukraine|Russia|independent|other)", sudzha_day)


def test_month_labels_cover_the_span(ledger: Ledger) -> None:
    labels = re.findall(r'class="month"[^>]*>([^<]*)<', strip_html([], ledger.span))
    assert labels[0] == "Sep 2024" and "Jan 2025" in labels and labels[-1].endswith("2025")


def test_days_outside_the_span_are_left_out() -> None:
    span = (date(2024, 8, 6), date(2024, 8, 31))
    outside = [
        ClaimDay(date(2024, 9, 2), Side.RUSSIA, 3),
        ClaimDay(date(2024, 8, 10), Side.UKRAINE, 1),
    ]
    (tick,) = TICK.findall(strip_html(outside, span))
    assert tick[0] == "10 Aug 2024: 1 claim, Ukraine"
