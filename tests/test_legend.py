"""Tests for dashboard.legend: an entry for every mark drawn, none for marks not drawn."""

from __future__ import annotations

from datetime import date

import pytest

from claims.bundle import load_ledger
from claims.control import COMPOSITE, asserted_control
from claims.places import claims_by_settlement
from claims.theatre import Theatre
from dashboard.legend import (
    SWATCHES,
    UKRAINE,
    Entry,
    drawn_entries,
    frame_entries,
    legend_frames,
    legend_html,
)
from dashboard.map_builder import DateLayers
from dashboard.map_state import date_layers_for
from dashboard.view_kinds import ALL_LAYERS

ON = date(2025, 3, 13)
BEFORE = date(2024, 11, 1)


@pytest.fixture(scope="module")
def maps(kursk: Theatre) -> dict[str, DateLayers]:
    ledger = load_ledger()
    about = claims_by_settlement(ledger.records, kursk)
    now = asserted_control(ledger, kursk, ON)
    then = asserted_control(ledger, kursk, BEFORE)
    shown = frozenset(ALL_LAYERS)
    return {
        "plain": date_layers_for(now, None, COMPOSITE, kursk, about, shown=shown),
        "compare": date_layers_for(now, then, COMPOSITE, kursk, about, shown=shown),
        "bare": date_layers_for(now, then, COMPOSITE, kursk, about, shown=frozenset()),
    }


def colours_drawn(layers: DateLayers) -> set[str]:
    """Every stroke and fill colour the date's features are styled with (a pure stand-in for the
    browser test, which reads them off the page)."""
    found = set()
    for collection in (layers.territory, layers.contested, layers.changes):
        for feature in (collection or {"features": []})["features"]:
            style = feature["properties"]["style"]
            found.add(style["color"].lower())
            if style.get("fillOpacity", 0.2) > 0 and "fillColor" in style:
                found.add(style["fillColor"].lower())
    for feature in layers.settlements["features"]:
        found.add(feature["properties"]["colour"].lower())
    return found


def explained(entries: frozenset[Entry]) -> set[str]:
    return {colour.lower() for entry in entries for colour in SWATCHES[entry].draws}


def test_without_a_compare_date_no_gain_or_loss_is_listed(maps: dict[str, DateLayers]) -> None:
    entries = drawn_entries([maps["plain"]])
    assert {Entry.UKRAINE, Entry.RUSSIA, Entry.FIGHTING, Entry.DISAGREE, Entry.TOWN} <= entries
    changes = {Entry.UKRAINE_GAINED, Entry.RUSSIA_GAINED, Entry.UKRAINE_LOST, Entry.RUSSIA_LOST}
    assert entries.isdisjoint(changes)
    assert "gained" not in legend_html(entries)


def test_with_a_compare_date_the_gains_are_listed(maps: dict[str, DateLayers]) -> None:
    entries = drawn_entries([maps["compare"]])
    assert Entry.RUSSIA_GAINED in entries
    assert "Russia gained" in legend_html(entries)


@pytest.mark.parametrize("kind", ["plain", "compare"])
def test_every_colour_drawn_has_an_entry(maps: dict[str, DateLayers], kind: str) -> None:
    layers = maps[kind]
    assert colours_drawn(layers) - explained(drawn_entries([layers])) == set()


def test_hidden_layers_leave_only_the_base_map(maps: dict[str, DateLayers]) -> None:
    assert drawn_entries([maps["bare"]]) == {Entry.BORDER, Entry.RIVER}


def test_the_legend_has_no_toggle_and_lists_only_its_entries() -> None:
    page = legend_html(frozenset({Entry.UKRAINE, Entry.RIVER}))
    assert "<details" not in page and "<summary" not in page
    assert page.count("frontline-legend-entry'") == 2
    assert "Russia" not in page


def test_entries_of_other_days_are_written_hidden_with_their_group() -> None:
    page = legend_html(
        frozenset({Entry.UKRAINE, Entry.RIVER}),
        other_days=frozenset({Entry.STALE, Entry.RUSSIA_GAINED}),
    )
    assert "data-entry='ukraine' data-draws='#1f77b4'><i" in page.replace(
        UKRAINE.lower(), "#1f77b4"
    )
    assert "data-entry='stale' data-draws='' hidden>" in page
    # "Since the compare date" has no entry drawn today: the whole group waits hidden.
    assert "<div class='frontline-legend-row' hidden><b>Since the compare date</b>" in page
    assert "<div class='frontline-legend-row'><b>Held, as claimed</b>" in page
    # Without other days, nothing hidden is written at all.
    assert "hidden>" not in legend_html(frozenset({Entry.UKRAINE}))


def test_frames_legend_reads_back_per_frame() -> None:
    per_frame = [
        frozenset({Entry.UKRAINE, Entry.BORDER}),
        frozenset({Entry.UKRAINE, Entry.STALE, Entry.BORDER}),
        frozenset({Entry.BORDER, Entry.UKRAINE}),
    ]
    data = legend_frames(per_frame)
    assert len(data["legendSets"]) == 2
    assert data["legendSets"][1] == ["ukraine", "stale", "border"]  # in the legend's order
    assert [frame_entries(data, n) for n in range(3)] == per_frame
