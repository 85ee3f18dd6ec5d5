"""Tests for dashboard.layer_data: the GeoJSON of the per-date layers, over the bundled ledger."""

from __future__ import annotations

import html
from datetime import date

import pytest
import shapely
from shapely.geometry.base import BaseGeometry

from claims.bundle import load_ledger
from claims.control import COMPOSITE, ControlPicture, asserted_control
from claims.diff import ClaimantChange, SideChange, view_change
from claims.model import Holder, Ledger, Verification
from claims.places import claims_by_settlement
from claims.theatre import Theatre
from claims.timing import chronological, effective_day
from dashboard.layer_data import (
    DISSENT_SHOWN,
    changes_geojson,
    contested_geojson,
    display_shape,
    dissent_lines,
    naming_claims,
    place_catalogue,
    settlement_labels_geojson,
    settlements_geojson,
    territory_geojson,
)
from dashboard.styles import HOLDER_COLOURS, NO_CLAIM_COLOUR, STALE_DASH, hatch_id
from geodata.crs import area_km2

DATES = (date(2024, 8, 20), date(2025, 3, 14))
# How a claim's outline is drawn, by how far it was checked (see the map legend).
EXPECTED_DASH = {
    Verification.ASSESSED_INDEPENDENT: None,
    Verification.CORROBORATED: None,
    Verification.DISPUTED: "2 6",
    Verification.REFUTED: "2 6",
    Verification.RETRACTED: "2 6",
    Verification.CLAIMED_UNVERIFIED: "8 6",
    Verification.PARTIALLY_CORROBORATED: "8 6",
}
POLYGONAL = {"Polygon", "MultiPolygon"}


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load_ledger()


@pytest.fixture(scope="module")
def pictures(ledger: Ledger, kursk: Theatre) -> dict[date, ControlPicture]:
    return {on: asserted_control(ledger, kursk, on) for on in DATES}


def test_territory_pieces_carry_holder_colour_and_verification_dash(
    ledger: Ledger, pictures: dict[date, ControlPicture]
) -> None:
    claims = {c.id: c for c in ledger.records}
    seen: set[Verification] = set()
    for picture in pictures.values():
        for view in (picture.composite, *picture.claimants):
            for feature in territory_geojson(view, on=picture.on)["features"]:
                properties = feature["properties"]
                if properties["holder"] == "fighting":
                    continue  # an outline over held ground, tested on its own
                holder = Holder(properties["holder"])
                claim = claims[properties["claim_id"]]
                style = properties["style"]
                assert style["color"] == style["fillColor"] == HOLDER_COLOURS[holder]
                fresh = picture.view(view.claimant).is_fresh(claim)
                assert properties["word"] == ("fresh" if fresh else "stale")
                dash = EXPECTED_DASH[claim.verification] if fresh else STALE_DASH
                assert style["dashArray"] == dash
                assert f": {claim.claimant}, about " in html.unescape(properties["tooltip"])
                assert feature["geometry"]["type"] in POLYGONAL
                seen.add(claim.verification)
    assert Verification.ASSESSED_INDEPENDENT in seen, "some ground is independently assessed"
    assert seen - {Verification.ASSESSED_INDEPENDENT, Verification.CORROBORATED}, "and some not"


def test_independently_assessed_pieces_are_solid(pictures: dict[date, ControlPicture]) -> None:
    isw = pictures[DATES[0]].view("Institute for the Study of War (ISW)")
    assessed = {
        piece.claim.id
        for piece in isw.painted.pieces
        if piece.claim.verification is Verification.ASSESSED_INDEPENDENT
        and isw.is_fresh(piece.claim)
    }
    features = territory_geojson(isw, on=DATES[0])["features"]
    solid = [f for f in features if f["properties"]["claim_id"] in assessed]
    assert solid
    assert all(f["properties"]["style"]["dashArray"] is None for f in solid)


def test_every_theatre_settlement_is_a_point_with_status_colour_and_its_claims(
    ledger: Ledger, kursk: Theatre, pictures: dict[date, ControlPicture]
) -> None:
    index = claims_by_settlement(ledger.records, kursk)
    on = DATES[1]
    view = pictures[on].composite
    features = settlements_geojson(view, kursk, index, on=on)["features"]
    assert len(features) == len(kursk.settlements)
    for settlement, feature in zip(kursk.settlements, features, strict=True):
        properties = feature["properties"]
        assertion = view.painted.places.get(settlement.id)
        holder = assertion.holder if assertion else None
        assert properties["status"] == (holder.value if holder else "no claim")
        assert properties["colour"] == (HOLDER_COLOURS[holder] if holder else NO_CLAIM_COLOUR)
        known = [c.id for c in index.get(settlement.id, ()) if effective_day(c) <= on]
        assert properties["claims"] == known
        assert properties["id"] == settlement.id
        assert properties["checked"] == settlement.position_checked
        lon, lat = feature["geometry"]["coordinates"]
        assert (lon, lat) == pytest.approx((settlement.lon, settlement.lat), abs=1e-5)


@pytest.mark.parametrize(("on", "expected"), [(DATES[0], Holder.UKRAINE), (DATES[1], None)])
def test_sudzha_status_is_the_latest_word_about_it(
    ledger: Ledger, kursk: Theatre, on: date, expected: Holder | None
) -> None:
    index = claims_by_settlement(ledger.records, kursk)
    sudzha = next(s for s in kursk.settlements if s.name_en == "Sudzha")
    said = [c for c in chronological(index[sudzha.id]) if effective_day(c) <= on]
    latest = said[-1].holder
    assert latest is not None
    if expected is not None:
        assert latest is expected
    view = asserted_control(ledger, kursk, on).view(COMPOSITE)
    features = settlements_geojson(view, kursk, index, on=on)["features"]
    found = next(f for f in features if f["properties"]["name"] == "Sudzha")
    assert found["properties"]["status"] == latest.value
    assert found["properties"]["colour"] == HOLDER_COLOURS[latest]


def test_changes_are_hatched_in_the_colour_of_who_gained_or_lost(
    kursk: Theatre, pictures: dict[date, ControlPicture]
) -> None:
    before, after = (pictures[on].composite for on in DATES)
    change = view_change(before, after, kursk, dates=DATES)
    features = changes_geojson(change)["features"]
    gained = {side.holder.value for side in change.sides if side.gained.area > 0}
    assert gained, "ground changed hands in the composite between the two dates"
    drawn = set()
    for feature in features:
        holder, kind, _ = feature["properties"]["tooltip"].split(" ", 2)
        style = feature["properties"]["style"]
        assert style["fillColor"] == f"url(#{hatch_id(Holder(holder), kind)})"
        assert style["color"] == HOLDER_COLOURS[Holder(holder)]
        assert feature["properties"]["tooltip"].endswith("since 20 Aug 2024")
        assert feature["properties"]["change"] == f"{holder}-{kind}"
        drawn.add((holder, kind))
    assert {(h, "gained") for h in gained} <= drawn


def test_a_loss_the_other_side_gained_is_drawn_once_as_its_gain(kursk: Theatre) -> None:
    ukraine_lost = shapely.box(35.0, 51.0, 35.2, 51.2)
    sides = (
        SideChange(Holder.UKRAINE, shapely.Polygon(), ukraine_lost, (), ()),
        SideChange(Holder.RUSSIA, shapely.box(35.0, 51.0, 35.1, 51.2), shapely.Polygon(), (), ()),
    )
    change = ClaimantChange("x", DATES[0], DATES[1], sides)
    kinds = {f["properties"]["change"]: f for f in changes_geojson(change)["features"]}
    assert set(kinds) == {"russia-gained", "ukraine-lost"}
    lost = shapely.geometry.shape(kinds["ukraine-lost"]["geometry"])
    assert lost.bounds[0] == pytest.approx(35.1, abs=1e-3)  # only the part nobody gained


def test_no_contested_ground_gives_an_empty_layer() -> None:
    assert contested_geojson(shapely.Polygon()) == {"type": "FeatureCollection", "features": []}


def test_contested_layer_is_polygonal_ground_only(pictures: dict[date, ControlPicture]) -> None:
    for picture in pictures.values():
        for feature in contested_geojson(picture.contested)["features"]:
            assert feature["geometry"]["type"] in POLYGONAL
            assert feature["properties"]["tooltip"].startswith("Claimants disagree")


def test_no_contested_area_gives_no_contested_feature() -> None:
    # Claims whose cells only touch disagree along an edge: a line, no ground to draw.
    edge = shapely.MultiLineString([[(35.0, 51.0), (35.1, 51.0)], [(35.1, 51.0), (35.1, 51.1)]])
    assert contested_geojson(edge)["features"] == []
    assert contested_geojson(shapely.GeometryCollection([edge]))["features"] == []
    assert len(contested_geojson(shapely.box(35.0, 51.0, 35.1, 51.1))["features"]) == 1


def edge_shapes() -> list[BaseGeometry]:
    square = shapely.box(35.0, 51.0, 35.1, 51.1)
    holed = square.difference(shapely.box(35.03, 51.03, 35.07, 51.07))
    touching = shapely.MultiPolygon([square, shapely.box(35.1, 51.0, 35.2, 51.1)])
    apart = shapely.MultiPolygon([square, shapely.box(35.3, 51.3, 35.4, 51.4)])
    wiggly = shapely.Point(35.2, 51.2).buffer(0.05, quad_segs=64)
    return [square, holed, touching, apart, wiggly]


@pytest.mark.parametrize("shape", edge_shapes(), ids=lambda s: s.geom_type)
def test_display_shape_keeps_area_and_validity_of_edge_shapes(shape: BaseGeometry) -> None:
    shown = display_shape(shape)
    assert shown.is_valid
    assert area_km2(shown) == pytest.approx(area_km2(shape), rel=0.02)


def test_display_shape_of_nothing_is_nothing() -> None:
    assert display_shape(shapely.Polygon()).is_empty


def test_display_shape_keeps_area_and_validity_of_real_ground(
    kursk: Theatre, pictures: dict[date, ControlPicture]
) -> None:
    shapes = [kursk.home]
    for picture in pictures.values():
        for view in (picture.composite, *picture.claimants):
            shapes.extend(view.painted.territory[h] for h in (Holder.UKRAINE, Holder.RUSSIA))
    shapes = [s for s in shapes if not s.is_empty]
    assert len(shapes) > 3
    for shape in shapes:
        shown = display_shape(shape)
        assert shown.is_valid
        assert area_km2(shown) == pytest.approx(area_km2(shape), rel=0.02)
        assert shapely.get_num_coordinates(shown) <= shapely.get_num_coordinates(shape)


def test_labels_name_towns_and_the_villages_claims_name_towns_first(
    ledger: Ledger, kursk: Theatre
) -> None:
    index = claims_by_settlement(ledger.records, kursk)
    features = settlement_labels_geojson(kursk, index)["features"]
    labels = {f["properties"]["label"]: f["properties"] for f in features}
    named = {s.name_en for s in kursk.settlements if naming_claims(index.get(s.id, ()))}
    towns = {s.name_en for s in kursk.settlements if s.kind == "town"}
    assert set(labels) == towns | named
    # Region-wide words ("the oblast is liberated") cover ~530 places; they name none of them.
    assert len(labels) < 250
    for town in ("Sudzha", "Korenevo", "Glushkovo", "Rylsk", "Lgov", "Kurchatov", "Sumy"):
        assert labels[town]["town"] and labels[town]["min_zoom"] == 0
    village_top = max(p["priority"] for p in labels.values() if not p["town"])
    assert min(p["priority"] for p in labels.values() if p["town"]) > village_top
    assert labels["Sudzha"]["priority"] == max(p["priority"] for p in labels.values())


def test_catalogue_holds_popup_text_for_every_claim_and_place(
    ledger: Ledger, kursk: Theatre
) -> None:
    index = claims_by_settlement(ledger.records, kursk)
    catalogue = place_catalogue(kursk, index)
    assert set(catalogue["claims"]) == {c.id for about in index.values() for c in about}
    assert set(catalogue["places"]) == {s.id for s in kursk.settlements}
    sudzha = next(s for s in kursk.settlements if s.name_en == "Sudzha")
    assert catalogue["places"][sudzha.id]["name"] == "Sudzha"
    assert catalogue["places"][sudzha.id]["local"] == "Суджа"


def test_a_popup_lists_the_most_recent_dissent_and_counts_the_rest(
    pictures: dict[date, ControlPicture],
) -> None:
    picture = pictures[date(2025, 3, 14)]
    against = picture.dissent(picture.composite)["sudzha-sudzhansky"]
    assert len(against) > DISSENT_SHOWN + 1  # each claimant whose last word gives it to Ukraine
    lines = dissent_lines(against)
    assert len(lines) == DISSENT_SHOWN + 1
    listed = sorted(against, key=lambda pair: effective_day(pair[1].claim), reverse=True)
    assert [line.split(":")[0] for line in lines[:-1]] == [w for w, _ in listed[:DISSENT_SHOWN]]
    assert lines[-1] == f"and {len(against) - DISSENT_SHOWN} more claimants with earlier words"
