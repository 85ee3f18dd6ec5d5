"""Tests for dashboard.timeline_cache: a timeline built in a child process is the one built here,
it is kept on disk under the dataset's inputs, and its legend on each day is the legend Python
draws for that day.

Over the bundled ledger on a stretch of the summer 2024 incursion, with a fresh window short
enough that words go stale inside it (so the legend's "stale" entry comes and goes).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.control import COMPOSITE, SIDE_VIEWS, asserted_control
from claims.dataset import Dataset, load_dataset_cached
from claims.model import Side
from dashboard import timeline_cache
from dashboard.framing import ground_in_play
from dashboard.legend import Entry, day_entries, drawn_entries, every_frame_entries
from dashboard.map_state import date_layers_for
from dashboard.timeline_cache import (
    TimelineView,
    build_map_timeline,
    is_stored,
    stored_files,
    timeline_for,
)
from dashboard.timeline_data import Timeline, calendar_days, opening_box
from dashboard.view_kinds import ALL_LAYERS, MapLayer

SPAN = (date(2024, 8, 6), date(2024, 9, 20))
FRESH = 10
EVERY_LAYER = frozenset(ALL_LAYERS)
VIEWS = [
    TimelineView(None, FRESH, COMPOSITE, None, EVERY_LAYER, SPAN),
    TimelineView(None, FRESH, SIDE_VIEWS[Side.RUSSIA], date(2024, 8, 12), EVERY_LAYER, SPAN),
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset_cached()


@pytest.fixture(scope="module", params=VIEWS, ids=["composite", "russia-since-12-aug"])
def built(dataset: Dataset, request: pytest.FixtureRequest) -> tuple[TimelineView, Timeline]:
    view: TimelineView = request.param
    return view, build_map_timeline(dataset, view)


def test_each_days_legend_and_opening_box_are_the_ones_python_draws(
    dataset: Dataset, built: tuple[TimelineView, Timeline]
) -> None:
    """The legend, and the box a map of the day opens on (read from the timeline by a server
    whose disk holds it, instead of working out the day's picture), are the ones worked out from
    `asserted_control` on every day."""
    view, timeline = built
    before = None
    if view.compare is not None:
        before = asserted_control(dataset.ledger, dataset.theatre, view.compare, fresh_days=FRESH)
    seen, boxes = set(), set()
    for day in calendar_days(SPAN):
        picture = asserted_control(dataset.ledger, dataset.theatre, day, fresh_days=FRESH)
        drawn = date_layers_for(
            picture, before, view.claimant, dataset.theatre, dataset.claims_about, shown=view.shown
        )
        assert day_entries(timeline.data, day) == drawn_entries([drawn]), day
        assert opening_box(timeline, day) == (True, ground_in_play(picture)), day
        seen.add(day_entries(timeline.data, day))
        boxes.add(opening_box(timeline, day))
    # Not one legend, nor one box, for every day: entries come and go inside the stretch.
    assert len(seen) > 1 and len(boxes) > 1
    assert Entry.STALE in every_frame_entries(timeline.data)


def test_a_timeline_built_in_a_child_is_kept_and_read_back(
    cache: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = TimelineView(None, FRESH, COMPOSITE, None, frozenset({MapLayer.TERRITORY}), SPAN)
    here = build_map_timeline(dataset, view)

    def not_here(*_: object) -> Timeline:
        raise AssertionError("built in the server's process")

    # The server's own interpreter does not build it: the child does.
    monkeypatch.setattr(timeline_cache, "build_map_timeline", not_here)
    assert not is_stored(dataset, view)
    child = timeline_for(dataset, view)
    assert child.data == here.data and child.shapes == here.shapes
    assert is_stored(dataset, view)
    assert len(list(cache.glob("timeline-*.pickle"))) == 1
    assert stored_files(dataset.source_digest, view) is None  # inline: no files to fetch
    # Read back from disk: no child, no build.
    monkeypatch.setattr(timeline_cache, "_built_in_child", not_here)
    assert timeline_for(dataset, view).data == here.data


def test_another_view_is_another_entry(dataset: Dataset, cache: Path) -> None:
    one = TimelineView(None, FRESH, COMPOSITE, None, frozenset({MapLayer.TERRITORY}), SPAN)
    other = TimelineView(None, FRESH + 1, COMPOSITE, None, frozenset({MapLayer.TERRITORY}), SPAN)
    timeline_for(dataset, one)
    assert is_stored(dataset, one)
    assert not is_stored(dataset, other)


def test_the_child_reads_the_stored_dataset_and_is_handed_it_when_that_is_gone(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server does not pickle the dataset again where the disk cache holds it; if the child
    cannot read that entry (pruned meanwhile), it is handed the dataset itself."""
    dataset = load_dataset_cached()  # kept in this test's cache
    view = TimelineView(None, FRESH, COMPOSITE, None, frozenset({MapLayer.TERRITORY}), SPAN)
    here = build_map_timeline(dataset, view)
    run_child = timeline_cache._run_child
    handed: list[str] = []

    def recorded(source: object, view: TimelineView) -> Timeline | None:
        handed.append(type(source).__name__)
        return run_child(source, view)  # type: ignore[arg-type]

    monkeypatch.setattr(timeline_cache, "_run_child", recorded)
    assert timeline_for(dataset, view).data == here.data
    assert handed == ["CacheKey"]

    handed.clear()
    other = TimelineView(None, FRESH, COMPOSITE, None, frozenset({MapLayer.SETTLEMENTS}), SPAN)
    for entry in cache.glob("dataset-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert timeline_for(dataset, other).data == build_map_timeline(dataset, other).data
    assert handed == ["CacheKey", "Dataset"]
