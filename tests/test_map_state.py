"""Tests for dashboard.map_state.SettlementFeatures: a timeline's settlement and territory
features, made again only where a settlement or piece changed, are the features
`settlements_geojson` and `territory_geojson` make for the day.

Over every day of the bundled ledger's span, from one `ControlSeries` (as the timeline build
uses them), with a fresh window short enough that words go stale every few days.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from claims.control import COMPOSITE, SIDE_VIEWS, asserted_control
from claims.control_series import ControlSeries
from claims.dataset import Dataset, load_dataset
from claims.model import Side
from dashboard.layer_data import settlements_geojson, territory_geojson
from dashboard.map_state import SettlementFeatures

FRESH = 12
ISW = "Institute for the Study of War (ISW)"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


@pytest.mark.parametrize("claimant", [COMPOSITE, SIDE_VIEWS[Side.RUSSIA], ISW])
def test_every_day_is_the_layer_made_from_scratch(dataset: Dataset, claimant: str) -> None:
    series = ControlSeries(dataset.ledger, dataset.theatre, fresh_days=FRESH)
    kept = SettlementFeatures(dataset.theatre, dataset.claims_about)
    first, last = dataset.ledger.span
    reused = 0
    for n in range((last - first).days + 2):
        picture = series.picture(first + timedelta(days=n))
        view = picture.view(claimant)
        dissent = picture.dissent(view)
        made = kept.features(view, on=picture.on, dissent=dissent)
        scratch = settlements_geojson(
            view,
            dataset.theatre,
            dataset.claims_about,
            on=picture.on,
            dissent=dissent,
            with_age=False,
        )
        assert made == scratch, picture.on
        territory = territory_geojson(view, on=picture.on, with_age=False)
        assert kept.territory(view, on=picture.on) == territory, picture.on
        reused += (
            n > 0
            and made["features"][0]
            is kept.features(view, on=picture.on, dissent=dissent)["features"][0]
        )
    assert reused  # the day before's features are given again


def test_another_view_or_pictures_from_scratch_give_the_same(dataset: Dataset) -> None:
    kept = SettlementFeatures(dataset.theatre, dataset.claims_about)
    for claimant, day in [(COMPOSITE, 40), (ISW, 41), (ISW, 90), (COMPOSITE, 20)]:
        on = dataset.ledger.span[0] + timedelta(days=day)
        picture = asserted_control(dataset.ledger, dataset.theatre, on, fresh_days=FRESH)
        view = picture.view(claimant)
        dissent = picture.dissent(view)
        scratch = settlements_geojson(
            view, dataset.theatre, dataset.claims_about, on=on, dissent=dissent, with_age=False
        )
        assert kept.features(view, on=on, dissent=dissent) == scratch, (claimant, on)
        territory = territory_geojson(view, on=on, with_age=False)
        assert kept.territory(view, on=on) == territory, (claimant, on)
