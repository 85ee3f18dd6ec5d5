"""Properties of asserted control over random small ledgers of real settlements (Hypothesis).

The ledgers are built from the bundled theatre's settlements, its two oblasts, and boxes drawn
around settlements and clipped to the oblasts, with random claimants, holders, kinds and dates.
Whatever the ledger: the picture does not depend on the order of the records; every geometry it
produces is valid and lies in Kursk and Sumy oblasts; areas are non-negative and no side is said to
hold more than Kursk oblast.

Cells are clipped to the oblasts in a metric CRS and projected back, so their edges may stray from
the oblast outline by a few metres: `OUTLINE_TOLERANCE_DEGREES` (about 11 m) allows for that.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import shapely
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from shapely.geometry.base import BaseGeometry

from claims.bundle import kursk_theatre
from claims.control import ClaimantView, ControlPicture, asserted_control
from claims.model import (
    PLACE_KINDS,
    Claim,
    ClaimGeometry,
    GeometryOrigin,
    Holder,
    Ledger,
    Precision,
    Side,
    Source,
    Verification,
)
from geodata.crs import area_km2

THEATRE = kursk_theatre()
SETTLEMENT_IDS = sorted(THEATRE.cells)
REGIONS = shapely.union_all(list(THEATRE.regions.values()))
OUTLINE_TOLERANCE_DEGREES = 1e-4
INSIDE = REGIONS.buffer(OUTLINE_TOLERANCE_DEGREES)
KURSK_KM2 = area_km2(THEATRE.home)
START = date(2024, 8, 6)
DAYS = 300
CLAIMANTS = {
    "Ukrainian general staff": Side.UKRAINE,
    "Ukrainian president": Side.UKRAINE,
    "Russian defence ministry": Side.RUSSIA,
    "Independent assessor": Side.INDEPENDENT,
}
SOURCE = Source(url="https://example.org/", publisher="Example", published=None, checked=True)
PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # no slow "explain"
)


@st.composite
def drawn_box(draw: st.DrawFn) -> ClaimGeometry:
    """A box around a real settlement, clipped to the oblasts (never empty: it holds the point)."""
    settlement = THEATRE.settlement(draw(st.sampled_from(SETTLEMENT_IDS)))
    half = draw(st.floats(min_value=0.01, max_value=0.3))
    box = shapely.box(
        settlement.lon - half, settlement.lat - half, settlement.lon + half, settlement.lat + half
    )
    shape = shapely.make_valid(shapely.intersection(box, REGIONS))
    return ClaimGeometry(shape=shape, origin=GeometryOrigin.DRAWN_BY_CLAIMANT)


def region_geometry(name: str) -> ClaimGeometry:
    return ClaimGeometry(shape=THEATRE.regions[name], origin=GeometryOrigin.REGION, region=name)


def settlement_point(settlement_id: str) -> ClaimGeometry:
    place = THEATRE.settlement(settlement_id)
    return ClaimGeometry(
        shape=shapely.Point(place.lon, place.lat), origin=GeometryOrigin.GAZETTEER_POINT
    )


geometries = st.one_of(
    st.none(),
    drawn_box(),
    st.sampled_from(sorted(THEATRE.regions)).map(region_geometry),
    st.sampled_from(SETTLEMENT_IDS).map(settlement_point),
)


@st.composite
def claims(draw: st.DrawFn, number: int) -> Claim:
    claimant = draw(st.sampled_from(sorted(CLAIMANTS)))
    published = START + timedelta(days=draw(st.integers(0, DAYS)))
    refers_to = published - timedelta(days=draw(st.integers(0, 10)))
    places = draw(st.lists(st.sampled_from(SETTLEMENT_IDS), max_size=4, unique=True))
    geometry = draw(geometries)
    if not places and geometry is None:
        places = [draw(st.sampled_from(SETTLEMENT_IDS))]
    return Claim(
        id=f"claim-{number}",
        claimant=claimant,
        side=CLAIMANTS[claimant],
        published=published,
        refers_to=refers_to,
        refers_to_end=refers_to + timedelta(days=draw(st.integers(0, 6))),
        precision=draw(st.sampled_from(list(Precision))),
        kind=draw(st.sampled_from(sorted(PLACE_KINDS))),
        holder=draw(st.sampled_from(list(Holder))),
        settlement_ids=tuple(places),
        geometry=geometry,
        sources=(SOURCE,),
        verification=draw(st.sampled_from(list(Verification))),
    )


@st.composite
def ledgers(draw: st.DrawFn) -> list[Claim]:
    count = draw(st.integers(min_value=1, max_value=8))
    return [draw(claims(number)) for number in range(count)]


days = st.integers(0, DAYS + 10).map(lambda n: START + timedelta(days=n))


def every_view(picture: ControlPicture) -> list[ClaimantView]:
    return [*picture.claimants, picture.composite, *picture.sides]


def summary(view: ClaimantView) -> tuple[dict[str, Holder], list[float]]:
    statuses = {sid: assertion.holder for sid, assertion in view.painted.places.items()}
    return statuses, [view.area_km2(holder) for holder in Holder]


def produced_geometries(picture: ControlPicture) -> list[BaseGeometry]:
    found = [picture.contested]
    for view in every_view(picture):
        found.extend(piece.shape for piece in view.painted.pieces)
        found.extend(view.painted.territory.values())
    return found


@PROPERTY_SETTINGS
@given(records=ledgers(), on=days, order=st.randoms(use_true_random=False))
def test_picture_does_not_depend_on_the_order_of_records(
    records: list[Claim], on: date, order: random.Random
) -> None:
    shuffled = list(records)
    order.shuffle(shuffled)
    first = asserted_control(Ledger(tuple(records)), THEATRE, on)
    second = asserted_control(Ledger(tuple(shuffled)), THEATRE, on)
    assert abs(first.contested_km2 - second.contested_km2) <= 1e-6 * KURSK_KM2
    for view in every_view(first):
        statuses, areas = summary(view)
        other_statuses, other_areas = summary(second.view(view.claimant))
        assert statuses == other_statuses, view.claimant
        for area, other in zip(areas, other_areas, strict=True):
            assert abs(area - other) <= 1e-6 * KURSK_KM2, view.claimant


@PROPERTY_SETTINGS
@given(records=ledgers(), on=days)
def test_every_geometry_is_valid_inside_the_oblasts_and_areas_are_bounded(
    records: list[Claim], on: date
) -> None:
    picture = asserted_control(Ledger(tuple(records)), THEATRE, on)
    for shape in produced_geometries(picture):
        assert shapely.is_valid(shape), shapely.is_valid_reason(shape)
        assert shape.is_empty or INSIDE.covers(shape)
    assert 0 <= picture.contested_km2 <= KURSK_KM2 * 1.001
    for view in every_view(picture):
        areas = [view.area_km2(holder) for holder in Holder]
        assert all(area >= 0 for area in areas), view.claimant
        assert all(area <= KURSK_KM2 * 1.001 for area in areas), view.claimant
        # One viewpoint's pieces never overlap: what it says is held adds up to Kursk at most.
        assert sum(areas) <= KURSK_KM2 * 1.001, view.claimant
