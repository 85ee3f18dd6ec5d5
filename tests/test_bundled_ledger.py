"""The bundled Kursk ledger: whole, sourced, and saying what the public record says it said."""

from __future__ import annotations

import re
from datetime import date

import pytest

from claims.bundle import kursk_context, kursk_theatre
from claims.control import SIDE_VIEWS, ControlPicture, asserted_control
from claims.ledger_file import BUNDLED_LEDGER, read_ledger
from claims.model import Holder, Kind, Ledger, Side, Unit
from claims.places import claims_by_settlement
from claims.theatre import Theatre
from geodata.layers import gazetteer

SYRSKYI = "Oleksandr Syrskyi, Commander-in-Chief of the Armed Forces of Ukraine"
RUSSIAN_MOD = "Ministry of Defence of the Russian Federation"
UKRAINIAN_GENERAL_STAFF = "General Staff of the Armed Forces of Ukraine"
GERASIMOV_LIBERATION = "ru-gerasimov-2025-04-26-liberated"
GERASIMOV = (
    "Valery Gerasimov, Chief of the General Staff of the Armed Forces of the Russian Federation"
)


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return read_ledger(BUNDLED_LEDGER, kursk_context())


@pytest.fixture(scope="module")
def theatre() -> Theatre:
    return kursk_theatre()


def picture_on(ledger: Ledger, theatre: Theatre, day: str) -> ControlPicture:
    return asserted_control(ledger, theatre, date.fromisoformat(day))


def test_ledger_is_large_sourced_and_spans_the_campaign(ledger: Ledger) -> None:
    assert len(ledger) >= 80
    sides = {side for _, side in ledger.claimants}
    assert {Side.UKRAINE, Side.RUSSIA, Side.INDEPENDENT, Side.OTHER} <= sides
    assert len(ledger.claimants) >= 6
    first, last = ledger.span
    assert date(2024, 8, 6) <= first and last <= date(2025, 5, 31)
    for claim in ledger.records:
        assert claim.sources, claim.id
        web = ("https://", "http://")  # a few publishers serve only plain http
        assert all(s.url.startswith(web) and s.publisher for s in claim.sources), claim.id


def test_every_place_claim_names_places_the_gazetteer_knows(
    ledger: Ledger, theatre: Theatre
) -> None:
    named = {sid for c in ledger.records for sid in c.settlement_ids}
    known = {s.id for s in gazetteer().settlements}
    assert named <= known
    covered = claims_by_settlement(ledger.records, theatre)
    assert "sudzha-sudzhansky" in covered


def test_syrskyi_states_1263_km2_and_93_settlements_on_20_august(
    ledger: Ledger, theatre: Theatre
) -> None:
    view = picture_on(ledger, theatre, "2024-08-20").view(SYRSKYI)
    area = view.stated_value(Unit.KM2, Side.UKRAINE)
    places = view.stated_value(Unit.SETTLEMENTS, Side.UKRAINE)
    assert area is not None and area.figure.value == 1263
    assert places is not None and places.figure.value == 93
    assert area.claim.published == date(2024, 8, 20)
    # Kyiv named few of the places it claimed: the mapped ground is what the names add up to.
    assert 0 < view.area_km2(Holder.UKRAINE) < area.figure.value


def test_russian_mod_asserts_sudzha_russian_by_14_march_2025(
    ledger: Ledger, theatre: Theatre
) -> None:
    view = picture_on(ledger, theatre, "2025-03-14").view(RUSSIAN_MOD)
    assert "Sudzha" in view.settlements_held(Holder.RUSSIA, theatre)
    earlier = picture_on(ledger, theatre, "2025-03-01").view(RUSSIAN_MOD)
    assert "Sudzha" not in earlier.settlements_held(Holder.RUSSIA, theatre)


def test_after_26_april_2025_russia_asserts_no_ukrainian_ground_and_kyiv_disputes_it(
    ledger: Ledger, theatre: Theatre
) -> None:
    picture = picture_on(ledger, theatre, "2025-04-28")
    # Moscow's word after the end: the General Staff and the MoD, and the Russian side together. A
    # blogger's early-April word that Ukraine still held Gornal stays his last word about it.
    russian = [picture.view(name) for name in (GERASIMOV, RUSSIAN_MOD)]
    assert all(v.area_km2(Holder.UKRAINE) == 0 for v in russian)
    assert picture.view(SIDE_VIEWS[Side.RUSSIA]).area_km2(Holder.UKRAINE) == 0
    disputes = [
        c
        for c in ledger.records
        if c.claimant == UKRAINIAN_GENERAL_STAFF
        and GERASIMOV_LIBERATION in c.contradicts
        and c.published <= picture.on
    ]
    assert disputes


def test_news_report_claims_are_recorded_with_both_clocks(ledger: Ledger) -> None:
    by_id = ledger.by_id()
    sunday_attack = [c for c in ledger.records if c.refers_to == date(2025, 1, 5)]
    monday_denial = [
        c
        for c in sunday_attack
        if c.claimant == RUSSIAN_MOD
        and c.published == date(2025, 1, 6)
        and c.kind is Kind.REPELLED_ATTACK
    ]
    assert monday_denial, "MoD's Monday claim about Sunday's attack, with both clocks"
    losses = [
        f.value
        for c in ledger.records
        if c.claimant == RUSSIAN_MOD
        for f in c.figures
        if f.unit is Unit.PERSONNEL_TOTAL and f.about is Side.UKRAINE
    ]
    assert max(losses) > 49_000
    killed = [
        f.value
        for c in ledger.records
        if c.side is Side.UKRAINE and c.published.year == 2025
        for f in c.figures
        if f.unit is Unit.PERSONNEL_KILLED
    ]
    assert any(14_000 <= value <= 16_000 for value in killed)
    assert GERASIMOV_LIBERATION in by_id
    assert any(
        re.search("provocation|провокац", f"{c.quote.text if c.quote else ''} {c.gist}")
        for c in ledger.records
        if c.claimant.startswith("Vladimir Putin")
    )
    assert any("Kovalenko" in c.claimant for c in ledger.records)
    assert any("convoy" in c.gist for c in ledger.records if "RIA" in c.claimant)


# Names that share a leading name on purpose: an outlet in its own words and relaying another's
# data, or unnamed collectives seen through different relays, are different voices.
DISTINCT_ON_PURPOSE = {
    "russian security sources",
    "dva mayora",
    "tass",
    "forbes",
    "russian telegram channels",
    "pro-russian telegram channel",
    "kyiv post",
    "russian milbloggers",
    "24 kanal",
    "ria novosti",
}


def test_a_speaker_has_one_claimant_name(ledger: Ledger) -> None:
    # Each claimant is one layer and one voice in "who disagrees": the same speaker written two
    # ways ("X, adviser (X account)" and "X, adviser") would disagree with itself.
    by_leading_name: dict[str, set[str]] = {}
    for claimant, _side in ledger.claimants:
        leading = re.split(r"[,(]", claimant)[0].strip().lower()
        by_leading_name.setdefault(leading, set()).add(claimant)
    twice = {
        name: sorted(names)
        for name, names in by_leading_name.items()
        if len(names) > 1 and name not in DISTINCT_ON_PURPOSE
    }
    assert not twice
