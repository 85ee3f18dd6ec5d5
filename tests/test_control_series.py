"""Tests for claims.control_series: each day's picture, built from the day before, is the picture
`asserted_control` works out from scratch.

Over the bundled ledger's whole span, day by day (with the default fresh window, a short one so
words go stale every few days, no ageing, and an as-known-on day); and with a store of the test
imports, whose drawn layers take the geometry path.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from claims.control import (
    DEFAULT_FRESH_DAYS,
    ControlPicture,
    asserted_control,
    fresh_cutoffs,
    stale_from,
)
from claims.control_series import ControlSeries
from claims.dataset import Dataset, load_dataset
from tests.regression.engine_figures import build_store


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def with_store() -> Dataset:
    with tempfile.TemporaryDirectory() as folder:
        return load_dataset(None, build_store(Path(folder)))


def _days(dataset: Dataset, step: int = 1) -> list[date]:
    """The span and a few days either side of it, every `step` days."""
    first, last = dataset.ledger.span
    count = (last - first).days // step + 3
    return [first - timedelta(days=2) + timedelta(days=step * n) for n in range(count)]


def _assert_same(series: ControlPicture, scratch: ControlPicture) -> None:
    assert series == scratch, series.on
    # What the dataclass comparison leaves out: the measured figures and who disagrees.
    assert series.contested_km2 == scratch.contested_km2, series.on
    assert series.fighting.km2 == scratch.fighting.km2, series.on
    # Every claimant's on one day in seven (a series keeps what it found per view across days).
    weekly = series.on.toordinal() % 7 == 0
    ours = (series.composite, *series.sides, *(series.claimants if weekly else ()))
    theirs = (scratch.composite, *scratch.sides, *(scratch.claimants if weekly else ()))
    for view, other in zip(ours, theirs, strict=True):
        assert series.dissent(view) == scratch.dissent(other), (series.on, view.claimant)


@pytest.mark.parametrize("fresh", [DEFAULT_FRESH_DAYS, 12, None])
def test_every_day_of_the_span_is_the_picture_worked_out_from_scratch(
    dataset: Dataset, fresh: int | None
) -> None:
    series = ControlSeries(dataset.ledger, dataset.theatre, fresh_days=fresh)
    for day in _days(dataset):
        scratch = asserted_control(dataset.ledger, dataset.theatre, day, fresh_days=fresh)
        _assert_same(series.picture(day), scratch)


def test_as_known_on_leaves_out_what_was_published_later(dataset: Dataset) -> None:
    known = date(2024, 11, 1)
    series = ControlSeries(dataset.ledger, dataset.theatre, as_known_on=known, fresh_days=30)
    for day in _days(dataset, step=3):
        scratch = asserted_control(
            dataset.ledger, dataset.theatre, day, as_known_on=known, fresh_days=30
        )
        _assert_same(series.picture(day), scratch)


def test_drawn_layers_of_a_store_give_the_same_pictures(with_store: Dataset) -> None:
    series = ControlSeries(with_store.ledger, with_store.theatre, fresh_days=20)
    for day in _days(with_store, step=4):
        scratch = asserted_control(with_store.ledger, with_store.theatre, day, fresh_days=20)
        _assert_same(series.picture(day), scratch)


def test_an_earlier_day_starts_the_series_again(dataset: Dataset) -> None:
    series = ControlSeries(dataset.ledger, dataset.theatre, fresh_days=12)
    for day in (date(2025, 3, 13), date(2024, 8, 20), date(2024, 8, 9), date(2024, 12, 1)):
        scratch = asserted_control(dataset.ledger, dataset.theatre, day, fresh_days=12)
        _assert_same(series.picture(day), scratch)


@pytest.mark.parametrize("fresh", [DEFAULT_FRESH_DAYS, 12])
def test_a_word_goes_stale_on_the_day_stale_from_names(dataset: Dataset, fresh: int) -> None:
    """`stale_from` (when the series re-weighs a word) and `ClaimantView.is_fresh` (what a picture
    shows) agree for every claim of the bundled ledger, words of fighting and of holding alike."""
    view = asserted_control(dataset.ledger, dataset.theatre, dataset.ledger.span[0]).composite
    for claim in dataset.ledger.records:
        stale = stale_from(claim, fresh)
        day_before = replace(view, **_since(stale - timedelta(days=1), fresh))
        on_the_day = replace(view, **_since(stale, fresh))
        assert day_before.is_fresh(claim) and not on_the_day.is_fresh(claim), claim.id


def _since(on: date, fresh: int) -> dict[str, date | None]:
    holding, fighting = fresh_cutoffs(on, fresh)
    return {"fresh_since": holding, "fighting_fresh_since": fighting}
