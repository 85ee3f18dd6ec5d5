"""Tests for dashboard.view_state: the view as URL parameters, and back, never breaking the page."""

from __future__ import annotations

from datetime import date

import pytest

from claims.control import DEFAULT_FRESH_DAYS
from dashboard.view_kinds import ALL_LAYERS, DEFAULT_CENTER, DEFAULT_ZOOM, MODES, Mode
from dashboard.view_state import ViewState, state_from_query, state_to_query

SPAN = (date(2024, 8, 6), date(2025, 4, 28))
DEFAULT_ON = date(2024, 8, 20)
CLAIMANTS = (
    "Oleksandr Syrskyi, Commander-in-Chief of the Armed Forces of Ukraine",
    "Ministry of Defence of the Russian Federation",
    "Institute for the Study of War (ISW)",
)


def from_query(params: dict[str, str]) -> ViewState:
    return state_from_query(params, span=SPAN, default_on=DEFAULT_ON, claimants=CLAIMANTS)


ROUND_TRIP_STATES = [
    ViewState(on=DEFAULT_ON),
    ViewState(on=SPAN[0], mode=Mode.SINGLE, claimants=(CLAIMANTS[2],)),
    ViewState(
        on=date(2025, 3, 14),
        mode=Mode.PAIR,
        claimants=(CLAIMANTS[0], CLAIMANTS[1]),
        compare=date(2024, 8, 20),
        known=date(2025, 3, 20),
        layers=frozenset({"territory", "settlements"}),
        center=(51.1234, 35.5678),
        zoom=11,
    ),
    ViewState(on=SPAN[1], layers=frozenset()),
    ViewState(on=DEFAULT_ON, fresh=30),
    ViewState(on=DEFAULT_ON, fresh=None),
]


@pytest.mark.parametrize("state", ROUND_TRIP_STATES)
def test_state_survives_a_round_trip_through_the_url(state: ViewState) -> None:
    assert from_query(state_to_query(state)) == state


def test_defaults_are_left_out_of_the_url() -> None:
    assert state_to_query(ViewState(on=DEFAULT_ON)) == {"date": "2024-08-20", "mode": "composite"}


def test_an_empty_url_gives_the_default_view() -> None:
    assert from_query({}) == ViewState(on=DEFAULT_ON)


@pytest.mark.parametrize(
    ("params", "field", "expected"),
    [
        ({"date": "yesterday"}, "on", DEFAULT_ON),
        ({"date": "2024-02-30"}, "on", DEFAULT_ON),
        ({"date": ""}, "on", DEFAULT_ON),
        ({"mode": "<script>"}, "mode", Mode.COMPOSITE),
        ({"compare": "not-a-date"}, "compare", None),
        ({"known": "2024-13-01"}, "known", None),
        ({"zoom": "far"}, "zoom", DEFAULT_ZOOM),
        ({"zoom": "99"}, "zoom", 18),
        ({"zoom": "-4"}, "zoom", 3),
        ({"lat": "north", "lon": "35.1"}, "center", DEFAULT_CENTER),
        ({"lat": "91", "lon": "35.1"}, "center", DEFAULT_CENTER),
        ({"lat": "51", "lon": "181"}, "center", DEFAULT_CENTER),
        ({"lat": "nan", "lon": "35"}, "center", DEFAULT_CENTER),
        ({"lat": "51.3"}, "center", DEFAULT_CENTER),
        ({"layers": "territory,bogus"}, "layers", frozenset({"territory"})),
    ],
)
def test_bad_values_fall_back_to_defaults(
    params: dict[str, str], field: str, expected: object
) -> None:
    assert getattr(from_query(params), field) == expected


def test_every_mode_is_accepted() -> None:
    assert [from_query({"mode": mode}).mode for mode in MODES] == list(MODES)


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("2020-01-01", SPAN[0]), ("2030-01-01", SPAN[1]), ("2024-09-01", date(2024, 9, 1))],
)
def test_date_is_clamped_to_the_ledger_span(asked: str, shown: date) -> None:
    assert from_query({"date": asked}).on == shown


@pytest.mark.parametrize("field", ["compare", "known"])
@pytest.mark.parametrize("asked", ["2020-01-01", "2030-01-01"])
def test_compare_and_known_dates_stay_inside_the_span(field: str, asked: str) -> None:
    value = getattr(from_query({field: asked}), field)
    assert value is None or SPAN[0] <= value <= SPAN[1]


def test_unknown_claimants_are_dropped() -> None:
    params = {"claimants": f"Nobody|{CLAIMANTS[1]}|<script>alert(1)</script>|{CLAIMANTS[0]}"}
    assert from_query(params).claimants == (CLAIMANTS[1], CLAIMANTS[0])


def test_center_and_zoom_travel_only_when_moved() -> None:
    moved = ViewState(on=DEFAULT_ON).with_view((51.5, 35.25), 12)
    query = state_to_query(moved)
    assert (query["lat"], query["lon"], query["zoom"]) == ("51.5000", "35.2500", "12")
    assert "lat" not in state_to_query(ViewState(on=DEFAULT_ON))


def test_all_layers_is_the_default_and_stays_out_of_the_url() -> None:
    assert "layers" not in state_to_query(ViewState(on=DEFAULT_ON, layers=frozenset(ALL_LAYERS)))
    assert state_to_query(ViewState(on=DEFAULT_ON, layers=frozenset()))["layers"] == ""


@pytest.mark.parametrize(
    ("given", "fresh"),
    [("all", None), ("60", 60), ("0", 1), ("9999", 365), ("soon", DEFAULT_FRESH_DAYS)],
)
def test_the_fresh_window_is_read_from_the_url_within_bounds(given: str, fresh: int | None) -> None:
    assert from_query({"fresh": given}).fresh == fresh
