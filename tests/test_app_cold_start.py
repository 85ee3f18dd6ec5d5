"""A server started again on the same files draws the browser timeline on its first run, read
from the disk cache; a fresh one (nothing kept) draws the server path first, as before; and a
changed ledger is not drawn from what was kept for the old one."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import claims.dataset
from claims.control import COMPOSITE, DEFAULT_FRESH_DAYS, asserted_control
from claims.dataset import load_dataset_cached
from claims.ledger_file import BUNDLED_LEDGER
from dashboard import loaders
from dashboard.framing import ground_in_play
from dashboard.timeline_cache import TimelineView, is_stored, timeline_for
from dashboard.view_kinds import ALL_LAYERS
from tests.apptest_page import map_components

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
# What the timeline's groups carry and a server-path map's do not (`timeline_map.TimelineScript`).
TIMELINE_MARK = "window.frontlineTimeline.attach("
OPENING_VIEW = TimelineView(None, DEFAULT_FRESH_DAYS, COMPOSITE, None, frozenset(ALL_LAYERS))


class _OpeningDay(date):
    """Today as it was when the module began: the dataset's disk-cache key holds today's date, so
    a run that crossed midnight between keeping the timeline and starting the app failed (the
    full run begun at 23:52 on 1 Dec did)."""

    pinned = date.today()

    @classmethod
    def today(cls) -> _OpeningDay:
        return cls.fromordinal(cls.pinned.toordinal())


@pytest.fixture(scope="module", autouse=True)
def one_day() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(claims.dataset, "date", _OpeningDay)
        yield


@pytest.fixture(scope="module")
def kept(one_day: None, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the bundled ledger (a path no other test's caches know) and a disk cache that
    holds its dataset and the opening view's timeline, as a first start leaves them."""
    folder = tmp_path_factory.mktemp("kept")
    ledger, cache = folder / "ledger.yaml", folder / "cache"
    shutil.copyfile(BUNDLED_LEDGER, ledger)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FRONTLINE_CACHE_DIR", str(cache))
        dataset = load_dataset_cached(ledger)
        timeline_for(dataset, OPENING_VIEW)
        assert is_stored(dataset, OPENING_VIEW)
    return ledger, cache


def first_run(ledger: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("FRONTLINE_TILES", "off")
    monkeypatch.setenv("FRONTLINE_LEDGER", str(ledger))
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(cache))
    app = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not app.exception, [e.value for e in app.exception]
    (component,) = map_components(app)
    payload: dict[str, Any] = json.loads(component.proto.json_args)
    return payload


def test_a_restarted_server_draws_the_timeline_on_its_first_run(
    kept: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, cache = kept
    assert TIMELINE_MARK in first_run(ledger, cache, monkeypatch)["feature_group"]


def test_a_restarted_server_opens_on_the_timelines_box_without_the_days_picture(
    kept: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The box the first map opens on is read from the kept timeline (its build worked it out
    for every day), not worked out from the day's picture before the map is sent (at 100x 2 s
    on the opening day, 12 s on 20 Feb 2025); it is the box that picture gives."""
    ledger, cache = kept
    fits: list[object] = []
    rendered = loaders.rendered_base

    def recorded(*args: Any) -> Any:
        fits.append(args[4] if len(args) > 4 else None)
        return rendered(*args)

    def not_here(*_: object) -> None:
        raise AssertionError("the day's picture was worked out for the opening box")

    monkeypatch.setattr(loaders, "rendered_base", recorded)
    monkeypatch.setattr(loaders, "ground_in_play", not_here)
    assert TIMELINE_MARK in first_run(ledger, cache, monkeypatch)["feature_group"]
    dataset = load_dataset_cached(ledger)
    opening = date(2024, 8, 20)  # the map's opening day (`app.main`)
    picture = asserted_control(
        dataset.ledger, dataset.theatre, opening, fresh_days=DEFAULT_FRESH_DAYS
    )
    assert fits == [ground_in_play(picture)] and fits[0] is not None


def test_with_nothing_kept_the_first_map_is_the_server_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A ledger path of its own: nothing of it is held in this process's caches either.
    ledger = tmp_path / "ledger.yaml"
    shutil.copyfile(BUNDLED_LEDGER, ledger)
    assert TIMELINE_MARK not in first_run(ledger, tmp_path / "empty", monkeypatch)["feature_group"]


def test_a_changed_ledger_is_not_drawn_from_the_old_ones_timeline(
    kept: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, cache = kept
    original = ledger.read_bytes()
    records = original.decode("utf-8").split("\n- id: ")
    try:
        # The same file, its last record taken out: its kept timeline is not drawn.
        ledger.write_text("\n- id: ".join(records[:-1]) + "\n", encoding="utf-8")
        assert TIMELINE_MARK not in first_run(ledger, cache, monkeypatch)["feature_group"]
    finally:
        ledger.write_bytes(original)
