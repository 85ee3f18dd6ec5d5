"""The background prefetch: after a step, the next days' layers and assessor overlay are ready."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from claims.control import DEFAULT_FRESH_DAYS as FRESH
from claims.control import SIDE_VIEWS
from claims.model import Side
from dashboard import loaders
from dashboard.controls import ALL_LAYERS

ON = date(2024, 9, 10)
ISW = "Institute for the Study of War (ISW)"
UKRAINE = SIDE_VIEWS[Side.UKRAINE]


def wait_for_prefetch() -> None:
    thread = loaders._prefetching
    if thread is not None:
        thread.join(timeout=120)
        assert not thread.is_alive(), "the prefetch overran two minutes"


def test_the_next_days_overlays_are_computed_ahead_and_then_served_from_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wait_for_prefetch()
    loaders.assessor_rows.clear()
    computed: list[tuple[date, str, str]] = []
    real = loaders.disagreement_rows

    def counted(picture: Any, claimant: str, assessor: str) -> list[dict[str, Any]]:
        computed.append((picture.on, claimant, assessor))
        return real(picture, claimant, assessor)

    monkeypatch.setattr(loaders, "disagreement_rows", counted)
    key = loaders.current_ledger_key()
    shown = frozenset(ALL_LAYERS)
    loaders.prefetch_neighbours(key, ON, None, FRESH, (UKRAINE, ISW), None, shown, ISW)
    wait_for_prefetch()
    ahead = {ON + timedelta(days=n) for n in loaders.PREFETCH_DAYS}
    assert {(day, UKRAINE, ISW) for day in ahead} == set(computed), "ISW is not set against itself"
    computed.clear()
    rows = loaders.assessor_rows(key, ON + timedelta(days=1), None, FRESH, UKRAINE, ISW)
    assert computed == [], "the step found the overlay ready"
    assert rows == real(loaders.picture(key, ON + timedelta(days=1), None, FRESH), UKRAINE, ISW)


def test_a_crowded_theatre_warms_only_the_next_day(monkeypatch: pytest.MonkeyPatch) -> None:
    wait_for_prefetch()
    loaders.assessor_rows.clear()
    computed: list[date] = []
    real = loaders.disagreement_rows

    def counted(picture: Any, claimant: str, assessor: str) -> list[dict[str, Any]]:
        computed.append(picture.on)
        return real(picture, claimant, assessor)

    monkeypatch.setattr(loaders, "disagreement_rows", counted)
    monkeypatch.setattr(loaders, "CROWDED_SETTLEMENTS", 10)
    key = loaders.current_ledger_key()
    shown = frozenset(ALL_LAYERS)
    loaders.prefetch_neighbours(key, ON, None, FRESH, (UKRAINE,), None, shown, ISW)
    wait_for_prefetch()
    assert computed == [ON + timedelta(days=1)]
