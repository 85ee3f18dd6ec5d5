"""Tests for dashboard.timeline_data: every day the browser decodes is the day Python draws.

Over the bundled ledger, on a stretch of the summer 2024 incursion (every day of it, event days
and the days between), with the fresh window short enough that words go stale inside it.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

import pytest

from claims.control import COMPOSITE, SIDE_VIEWS, asserted_control
from claims.dataset import Dataset, load_dataset
from claims.model import Side
from dashboard.layer_data import OFTEN_NAMED, QUIET_VILLAGE_ZOOM, VILLAGE_ZOOM
from dashboard.map_builder import DateLayers, settlement_style
from dashboard.map_state import date_layers_for
from dashboard.timeline_data import (
    AREA_SUBLAYERS,
    MARKERS_AT_EVERY_ZOOM,
    SETTLEMENTS,
    Timeline,
    build_timeline,
    calendar_days,
    claims_on,
    event_days,
    frame_on,
    marker_min_zoom,
    marker_min_zooms,
    settlement_properties,
    state_on,
)
from dashboard.view_kinds import ALL_LAYERS
from dashboard.wording import dates_text

SPAN = (date(2024, 8, 6), date(2024, 9, 20))
# Words of fighting go stale after 31 days, words of holding after FRESH: both happen in SPAN.
FRESH = 35


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


def _layers_on(
    dataset: Dataset, claimant: str, compare: date | None
) -> Callable[[date], DateLayers]:
    before = None
    if compare is not None:
        before = asserted_control(dataset.ledger, dataset.theatre, compare, fresh_days=FRESH)

    @cache
    def layers_on(day: date) -> DateLayers:
        picture = asserted_control(dataset.ledger, dataset.theatre, day, fresh_days=FRESH)
        return date_layers_for(
            picture,
            before,
            claimant,
            dataset.theatre,
            dataset.claims_about,
            shown=frozenset(ALL_LAYERS),
            with_age=False,
        )

    return layers_on


# The latest word of all claimants; and one side's view with the changes since a compare date.
VIEWS = [(COMPOSITE, None), (SIDE_VIEWS[Side.RUSSIA], date(2024, 8, 12))]


@pytest.fixture(scope="module", params=VIEWS, ids=["composite", "russia-since-12-aug"])
def encoded(
    dataset: Dataset, request: pytest.FixtureRequest
) -> tuple[Timeline, Callable[[date], DateLayers], date | None]:
    claimant, compare = request.param
    layers_on = _layers_on(dataset, claimant, compare)
    days = event_days(dataset.change_days, SPAN, FRESH)
    timeline = build_timeline(SPAN, days, layers_on, lambda d: dates_text(d, None, compare))
    return timeline, layers_on, compare


def test_event_days_are_claim_days_and_stale_days_within_the_span() -> None:
    days = event_days([date(2024, 8, 10), date(2024, 9, 30)], SPAN, FRESH)
    # A word of fighting goes stale 31 days on, a word of holding FRESH days on.
    assert days == [SPAN[0], date(2024, 8, 10), date(2024, 9, 11), date(2024, 9, 15)]
    assert event_days([date(2024, 8, 10)], SPAN, None) == [SPAN[0], date(2024, 8, 10)]


def test_every_day_decodes_to_the_layers_python_draws_that_day(
    encoded: tuple[Timeline, Callable[[date], DateLayers], date | None],
) -> None:
    timeline, layers_on, compare = encoded
    data = timeline.data
    for day in calendar_days(SPAN):
        direct: DateLayers = layers_on(day)
        state = state_on(timeline, day)
        drawn: dict[str, set[str]] = {name: set() for name in AREA_SUBLAYERS}
        for name, shape in state.items():
            if name == SETTLEMENTS:
                continue
            for key, (style, tip, props) in shape.items():
                geometry = json.dumps(timeline.shapes[name][key], sort_keys=True)
                properties = {
                    **data["props"][props],
                    "style": data["styles"][style],
                    "tooltip": data["tips"][tip],
                }
                drawn[name].add(json.dumps([geometry, properties], sort_keys=True))
        expected: dict[str, set[str]] = {name: set() for name in AREA_SUBLAYERS}
        for feature in (direct.territory or {})["features"]:
            name = "fighting" if feature["properties"].get("holder") == "fighting" else "territory"
            expected[name].add(_area(feature))
        for name in ("contested", "changes"):
            for feature in (getattr(direct, name) or {"features": []})["features"]:
                expected[name].add(_area(feature))
        assert drawn == expected, day
        for index, feature in enumerate(direct.settlements["features"]):
            (props,) = state[SETTLEMENTS][index]
            want = {**feature["properties"], "style": settlement_style(feature)}
            assert settlement_properties(timeline, index, props, day) == want, (day, index)
        assert data["stamps"][data["days"].index(day.isoformat())] == dates_text(day, None, compare)
        assert data["figures"][data["frameOf"][data["days"].index(day.isoformat())]] == (
            direct.figures
        )


def test_a_day_sends_only_what_changed(
    encoded: tuple[Timeline, Callable[[date], DateLayers], date | None],
) -> None:
    timeline, _, _ = encoded
    frames = timeline.data["frames"]
    settlements = len(timeline.points)
    # The first frame draws everything; later frames only the few places a day's claims touch.
    assert len(frames[0][SETTLEMENTS]) == settlements
    later = [len(frame[SETTLEMENTS]) for frame in frames[1:]]
    assert max(later) < settlements / 4


def test_word_texts_leave_the_age_out_only_when_asked(dataset: Dataset) -> None:
    day = date(2024, 8, 20)
    picture = asserted_control(dataset.ledger, dataset.theatre, day, fresh_days=FRESH)
    aged, undated = (
        date_layers_for(
            picture,
            None,
            COMPOSITE,
            dataset.theatre,
            dataset.claims_about,
            shown=frozenset(ALL_LAYERS),
            with_age=with_age,
        )
        for with_age in (True, False)
    )
    aged_words = {f["properties"]["word"] for f in aged.settlements["features"]} - {""}
    undated_words = {f["properties"]["word"] for f in undated.settlements["features"]} - {""}
    assert any(" old (" in w or ", today (" in w for w in aged_words)
    assert not any(" old (" in w or ", today (" in w for w in undated_words)
    assert all(w.endswith(("(fresh)", "(stale)")) for w in undated_words)


def _area(feature: dict[str, object]) -> str:
    properties = feature["properties"]
    assert isinstance(properties, dict)
    geometry = json.dumps(feature["geometry"], sort_keys=True)
    return json.dumps([geometry, {"tooltip": "", **properties}], sort_keys=True)


def test_calendar_days_cover_the_span() -> None:
    days = calendar_days(SPAN)
    assert days[0] == SPAN[0] and days[-1] == SPAN[1]
    assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(days))


def test_a_layer_not_shown_is_not_in_the_timeline(dataset: Dataset) -> None:
    def layers_on(day: date) -> DateLayers:
        picture = asserted_control(dataset.ledger, dataset.theatre, day, fresh_days=FRESH)
        return date_layers_for(
            picture,
            None,
            COMPOSITE,
            dataset.theatre,
            dataset.claims_about,
            shown=frozenset({"contested"}),
            with_age=False,
        )

    days = event_days(dataset.change_days, (SPAN[0], SPAN[0] + timedelta(days=10)), FRESH)
    span = (SPAN[0], SPAN[0] + timedelta(days=10))
    timeline = build_timeline(span, days, layers_on, lambda d: dates_text(d, None, None))
    assert timeline.shapes["territory"] == [] and timeline.shapes["fighting"] == []
    assert timeline.points == []
    assert timeline.shapes["contested"], "the contested layer is shown and drawn"


def test_a_place_sends_its_claims_once_each_with_the_frame_it_joins_on(
    encoded: tuple[Timeline, Callable[[date], DateLayers], date | None],
) -> None:
    timeline, layers_on, _ = encoded
    data = timeline.data
    # Claims travel with the place, not with each day's properties.
    assert all("claims" not in props for props in data["props"])
    sudzha = next(i for i, place in enumerate(data["places"]) if place["name"] == "Sudzha")
    joined = [first for _, first in data["places"][sudzha]["claims"]]
    assert len(set(joined)) > 1, "Sudzha's claims come in over several frames"
    last = frame_on(timeline, SPAN[1])
    names = [data["claimIds"][c] for c in claims_on(data["places"][sudzha], last)]
    assert names == layers_on(SPAN[1]).settlements["features"][sudzha]["properties"]["claims"]


def test_a_claim_that_leaves_a_place_s_list_is_refused(dataset: Dataset) -> None:
    layers_on = _layers_on(dataset, COMPOSITE, None)
    first, later = date(2024, 8, 20), date(2024, 9, 1)
    taken = layers_on(later)
    sudzha = next(
        i
        for i, f in enumerate(taken.settlements["features"])
        if f["properties"]["name"] == "Sudzha"
    )
    # The later day forgets a claim the first day had: the list cannot be sent once.
    features = copy.deepcopy(taken.settlements["features"])
    features[sudzha]["properties"]["claims"] = []
    broken = dataclasses.replace(
        taken, settlements={"type": "FeatureCollection", "features": features}
    )
    assert layers_on(first).settlements["features"][sudzha]["properties"]["claims"]
    with pytest.raises(ValueError, match="a claim dropped"):
        build_timeline(
            (first, later),
            [first, later],
            lambda day: broken if day == later else layers_on(day),
            lambda d: dates_text(d, None, None),
        )


def test_markers_are_drawn_at_every_zoom_unless_the_map_is_crowded(
    encoded: tuple[Timeline, Callable[[date], DateLayers], date | None],
) -> None:
    places = encoded[0].data["places"]
    assert len(places) <= MARKERS_AT_EVERY_ZOOM
    assert encoded[0].data["minZoom"] == []
    # The same places three times over: a crowded map draws towns at every zoom, villages the
    # claims name often from their label's zoom, the rest one closer.
    crowded = marker_min_zooms(list(places) * 3)
    assert crowded == [marker_min_zoom(place) for place in places] * 3
    zooms = [marker_min_zoom(place) for place in places]
    sudzha = next(i for i, place in enumerate(places) if place["name"] == "Sudzha")
    often = [
        i for i, p in enumerate(places) if not p["town"] and len(p.get("claims", [])) >= OFTEN_NAMED
    ]
    quiet = [i for i, p in enumerate(places) if not p["town"] and not p.get("claims")]
    assert zooms[sudzha] == 0  # a town
    assert often and all(zooms[i] == VILLAGE_ZOOM for i in often)
    assert quiet and all(zooms[i] == QUIET_VILLAGE_ZOOM for i in quiet)
