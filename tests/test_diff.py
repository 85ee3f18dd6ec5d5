"""claims.diff: what each side gained and lost between two dates, in km² and settlements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import shapely

from claims.control import COMPOSITE, asserted_control
from claims.diff import ClaimantChange, picture_change, view_change
from claims.model import Holder, Ledger
from claims.parse import ParseContext, parse_ledger
from claims.theatre import Theatre
from geodata.crs import area_km2

RecordFactory = Callable[..., dict[str, Any]]
UA = "Ukrainian General Staff"
RU = "Russian Ministry of Defence"


@pytest.fixture
def incursion_ledger(make_record: RecordFactory, kursk_parse_context: ParseContext) -> Ledger:
    """Ukraine says it holds Sudzha and Goncharovka (Aug 2024); Russia says it retook Sudzha."""
    records = [
        make_record(
            id="ua-1",
            claimant=UA,
            side="ukraine",
            published="2024-08-15",
            refers_to="2024-08-15",
            holder="ukraine",
            settlements=["Sudzha", "Goncharovka"],
        ),
        make_record(
            id="ru-1",
            claimant=RU,
            side="russia",
            published="2025-03-13",
            refers_to="2025-03-13",
            kind="capture",
            holder="russia",
            settlements=["Sudzha"],
        ),
    ]
    return parse_ledger({"records": records}, kursk_parse_context)


def cells_km2(theatre: Theatre, *names: str) -> float:
    cells = [theatre.cells[s.id] for s in theatre.settlements if s.name_en in names]
    assert len(cells) == len(names)
    return area_km2(shapely.intersection(shapely.union_all(cells), theatre.home))


def changes_between(
    ledger: Ledger, theatre: Theatre, start: date, end: date
) -> dict[str, ClaimantChange]:
    """Changes with every word kept fresh: these tests are about the order of words, not age."""
    before = asserted_control(ledger, theatre, start, fresh_days=None)
    after = asserted_control(ledger, theatre, end, fresh_days=None)
    return {c.claimant: c for c in picture_change(before, after, theatre)}


def test_changes_come_composite_first_then_each_claimant(
    incursion_ledger: Ledger, kursk: Theatre
) -> None:
    before = asserted_control(incursion_ledger, kursk, date(2024, 8, 1))
    after = asserted_control(incursion_ledger, kursk, date(2024, 8, 20))
    changes = picture_change(before, after, kursk)
    assert [c.claimant for c in changes] == [COMPOSITE, UA, RU]
    assert all((c.before, c.after) == (date(2024, 8, 1), date(2024, 8, 20)) for c in changes)


def test_ukraine_gains_what_it_claims(incursion_ledger: Ledger, kursk: Theatre) -> None:
    change = changes_between(incursion_ledger, kursk, date(2024, 8, 1), date(2024, 8, 20))[UA]
    ukraine = change.side(Holder.UKRAINE)
    assert ukraine.gained_km2 == pytest.approx(cells_km2(kursk, "Sudzha", "Goncharovka"), rel=1e-3)
    assert ukraine.lost_km2 == 0
    assert ukraine.settlements_gained == ("Goncharovka", "Sudzha")
    assert ukraine.settlements_lost == ()
    russia = change.side(Holder.RUSSIA)
    assert (russia.gained_km2, russia.lost_km2) == (0, 0)


def test_recapture_is_a_russian_gain_and_a_ukrainian_loss(
    incursion_ledger: Ledger, kursk: Theatre
) -> None:
    composite = changes_between(incursion_ledger, kursk, date(2024, 9, 1), date(2025, 3, 20))[
        COMPOSITE
    ]
    sudzha_km2 = cells_km2(kursk, "Sudzha")
    russia = composite.side(Holder.RUSSIA)
    ukraine = composite.side(Holder.UKRAINE)
    assert russia.gained_km2 == pytest.approx(sudzha_km2, rel=1e-3)
    assert ukraine.lost_km2 == pytest.approx(sudzha_km2, rel=1e-3)
    assert (russia.settlements_gained, ukraine.settlements_lost) == (("Sudzha",), ("Sudzha",))
    assert ukraine.settlements_gained == () and russia.settlements_lost == ()
    assert ukraine.gained_km2 == 0 and russia.lost_km2 == 0


def test_no_change_between_equal_dates(incursion_ledger: Ledger, kursk: Theatre) -> None:
    picture = asserted_control(incursion_ledger, kursk, date(2024, 9, 1))
    change = view_change(
        picture.composite, picture.composite, kursk, dates=(date(2024, 9, 1), date(2024, 9, 1))
    )
    for side in change.sides:
        assert side.gained.is_empty and side.lost.is_empty
        assert side.settlements_gained == side.settlements_lost == ()


def test_claimant_silent_in_the_period_shows_no_change(
    incursion_ledger: Ledger, kursk: Theatre
) -> None:
    change = changes_between(incursion_ledger, kursk, date(2024, 9, 1), date(2025, 3, 20))[UA]
    assert all(s.gained_km2 == 0 and s.lost_km2 == 0 for s in change.sides)
