"""Does the bundled ledger tell the war as the claimants told it? Data checks on the real ledger.

The independent assessors' published area figures (claims/data/independent_area_figures.csv, each
with its source) are the yardstick for the latest-word map; the places, sources and extents of every
record are checked the way a careful analyst would.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest

from claims.bundle import kursk_context, kursk_theatre
from claims.calibrate import read_area_figures, window_fit
from claims.control import DEFAULT_FRESH_DAYS, SIDE_VIEWS, ControlPicture, Scope, asserted_control
from claims.ledger_file import BUNDLED_LEDGER, read_ledger
from claims.model import Extent, Holder, Ledger, Side
from claims.parse import MIRROR_HOSTS
from claims.theatre import Theatre
from geodata.layers import gazetteer
from geodata.settlements import APPROXIMATE_MARK

CAMPAIGN_MONTHS = [f"2024-{m:02d}" for m in range(8, 13)] + [f"2025-{m:02d}" for m in range(1, 4)]
# Words that say troops got to a place, or fought there, without saying they hold it.
SHORT_OF_HELD = re.compile(
    r"\b(reached|entered|broke into|outskirts|approaches to|fighting (in|for|near)|clashes)\b", re.I
)
SAYS_HELD = re.compile(
    r"\b(took|tak(e|es|en|ing)|captur\w*|liberat\w+|retook|retaken|control\w*|hold(s|ing)?|held|"
    r"seized|cleared|"
    r"occupied|raised (the|a) flag|flags? (had been |were |was )?raised)\b",
    re.I,
)


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return read_ledger(BUNDLED_LEDGER, kursk_context())


@pytest.fixture(scope="module")
def theatre() -> Theatre:
    return kursk_theatre()


def picture_on(ledger: Ledger, theatre: Theatre, day: date) -> ControlPicture:
    return asserted_control(ledger, theatre, day)


def ukrainian_held(picture: ControlPicture) -> float:
    return picture.composite.area_km2(Holder.UKRAINE)


def test_every_named_place_is_placed_from_a_cited_source(ledger: Ledger) -> None:
    places = {s.id: s for s in gazetteer().settlements}
    named = {sid for c in ledger.records for sid in c.settlement_ids}
    for claim in ledger.records:
        if claim.geometry is not None:
            named.update(claim.geometry.excepted_ids)
    for settlement_id in named:
        settlement = places[settlement_id]
        assert settlement.source_url.startswith(("https://", "http://")), settlement.label
        assert not settlement.source_note.lower().startswith(APPROXIMATE_MARK), settlement.label


def test_no_source_is_a_mirror_or_a_malformed_host(ledger: Ledger) -> None:
    for claim in ledger.records:
        for source in claim.sources:
            host = urlsplit(source.url).hostname or ""
            assert host and not host.endswith("."), (claim.id, source.url)
            assert not any(host == m or host.endswith("." + m) for m in MIRROR_HOSTS), claim.id


def test_every_gazetteer_source_is_a_well_formed_https_address() -> None:
    for settlement in gazetteer().settlements:
        parts = urlsplit(settlement.source_url)
        assert parts.scheme == "https", (settlement.label, settlement.source_url)
        assert parts.hostname and not parts.hostname.endswith("."), settlement.label


def test_no_record_maps_a_place_only_reached_or_entered_as_held(ledger: Ledger) -> None:
    for claim in ledger.records:
        if claim.extent is not Extent.HELD or not claim.asserts_places:
            continue
        said = f"{claim.quote.text if claim.quote else ''} {claim.gist}"
        if SHORT_OF_HELD.search(said):
            assert SAYS_HELD.search(said), (claim.id, "says reached/entered/fighting, mapped held")


def test_the_attacking_force_is_not_counted_as_losses(ledger: Ledger) -> None:
    by_id = ledger.by_id()
    repelled = by_id["ru-mod-2024-08-06-repelled"]
    # "Up to 300 troops with 11 tanks attacked": the size of the force, not losses.
    force = {
        (f.unit.value, f.value) for f in repelled.figures if f.counts.value == "attacking_force"
    }
    assert {("personnel_total", 300), ("tanks", 11)} <= force


# Targets the ledger does not meet yet, kept as strict expected failures so the day the data meets
# them the suite says so. What holds them back: the stored corpus has ISW's and DeepState's daily
# place lists only as truncated copies, and Ukrainian officials named few villages after August
# (see the README's "What the ledger cannot show yet").
THIN_CORPUS = pytest.mark.xfail(
    strict=True, reason="too few place-naming claims in the corpus read so far (issue 12)"
)


def test_the_ledger_has_600_records_from_every_side(ledger: Ledger) -> None:
    assert len(ledger) >= 600
    sides = Counter(c.side for c in ledger.records)
    assert min(sides[s] for s in (Side.UKRAINE, Side.RUSSIA, Side.INDEPENDENT)) >= 100


@THIN_CORPUS
def test_the_ledger_is_dense_enough_to_draw_the_front(ledger: Ledger) -> None:
    naming = Counter(
        (c.published.strftime("%Y-%m"), c.side) for c in ledger.records if c.settlement_ids
    )
    named = {sid for c in ledger.records for sid in c.settlement_ids}
    assert len(named) >= 200
    for month in CAMPAIGN_MONTHS:
        for side in (Side.UKRAINE, Side.RUSSIA, Side.INDEPENDENT):
            assert naming[(month, side)] >= 10, (month, side.value, naming[(month, side)])


@THIN_CORPUS
def test_the_latest_word_follows_the_independent_area_figures(
    ledger: Ledger, theatre: Theatre
) -> None:
    figures = read_area_figures()
    assert len(figures) >= 10
    fit = window_fit(ledger, theatre, figures, DEFAULT_FRESH_DAYS)
    assert fit.within_30_percent >= 8, fit


@THIN_CORPUS
def test_ukrainian_claimants_together_map_at_least_600_km2_on_20_august(
    ledger: Ledger, theatre: Theatre
) -> None:
    picture = picture_on(ledger, theatre, date(2024, 8, 20))
    assert picture.view(SIDE_VIEWS[Side.UKRAINE]).area_km2(Holder.UKRAINE) >= 600


def weekly(ledger: Ledger, theatre: Theatre) -> dict[date, float]:
    day, series = date(2024, 8, 11), {}
    while day <= date(2025, 4, 27):
        series[day] = ukrainian_held(picture_on(ledger, theatre, day))
        day += timedelta(days=7)
    return series


def test_the_latest_word_rises_shrinks_and_collapses(ledger: Ledger, theatre: Theatre) -> None:
    series = weekly(ledger, theatre)
    peak = max(series, key=series.__getitem__)
    assert date(2024, 8, 11) <= peak <= date(2024, 9, 10), peak
    september = max(v for d, v in series.items() if d.month == 9 and d.year == 2024)
    december = max(v for d, v in series.items() if d.month == 12)
    after_sudzha = max(v for d, v in series.items() if d > date(2025, 3, 13))
    assert december < september
    assert after_sudzha < december
    end = picture_on(ledger, theatre, date(2025, 4, 28))
    assert ukrainian_held(end) <= 50


def test_disagreement_at_the_end_is_only_about_late_april_words(
    ledger: Ledger, theatre: Theatre
) -> None:
    end = picture_on(ledger, theatre, date(2025, 4, 28))
    recent = {
        sid
        for c in ledger.records
        if c.published > date(2025, 4, 20)
        for sid in c.settlement_ids
        if sid in theatre.cells
    }
    disputed_after_20_april = sum(theatre.cell_area_km2[s] for s in recent & theatre.home_cells)
    assert end.contested_km2 <= disputed_after_20_april + 1e-6


def test_the_breakthrough_villages_are_not_russian_held_on_20_august(
    ledger: Ledger, theatre: Theatre
) -> None:
    picture = picture_on(ledger, theatre, date(2024, 8, 20))
    russian = picture.composite.settlements_held(Holder.RUSSIA, theatre)
    assert "Oleshnya" not in russian and "Nikolayevo-Darino" not in russian


def test_russia_headline_never_exceeds_the_footprint(ledger: Ledger, theatre: Theatre) -> None:
    for day in (date(2024, 9, 15), date(2025, 3, 15), date(2025, 4, 28)):
        picture = picture_on(ledger, theatre, day)
        assert picture.composite.area_km2(Holder.RUSSIA) <= picture.footprint.km2 + 1e-6
        whole = picture.composite.area_km2(Holder.RUSSIA, scope=Scope.OBLAST)
        assert whole >= picture.composite.area_km2(Holder.RUSSIA)


def test_on_15_march_russia_asserts_sudzha_and_the_villages_the_mod_named(
    ledger: Ledger, theatre: Theatre
) -> None:
    on = date(2025, 3, 15)
    picture = picture_on(ledger, theatre, on)
    # The latest word of the Russian side, fresh or stale: a village retaken in September and not
    # named since is still Russian in Moscow's telling, only its word is old.
    places = picture.view(SIDE_VIEWS[Side.RUSSIA]).painted.places
    russian = {
        theatre.settlement(sid).name_en for sid, a in places.items() if a.holder is Holder.RUSSIA
    }
    assert "Sudzha" in russian
    named = {
        theatre.settlement(sid).name_en
        for c in ledger.records
        if c.claimant.startswith("Ministry of Defence of the Russian")
        and c.holder is Holder.RUSSIA
        and c.extent is Extent.HELD
        and c.published <= on
        for sid in c.settlement_ids
        if sid in theatre.home_cells
    }
    assert len(russian & named) >= 0.8 * len(named), sorted(named - russian)
