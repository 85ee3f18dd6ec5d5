"""What the latest word means over time: extent, age, scope, live disagreement, verification."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from claims.control import COMPOSITE, FIGHTING_FRESH_DAYS, Scope, asserted_control
from claims.errors import LedgerError
from claims.model import Extent, Holder, Ledger
from claims.theatre import Theatre
from dashboard.layer_data import territory_geojson
from tests.test_control import cell_km2

Build = Callable[..., dict[str, Any]]

SIDES = {"UA": "ukraine", "RU": "russia", "ISW": "independent"}
REGION = {"region": "kursk_oblast", "origin": "region"}


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower())


@pytest.fixture
def say(make_record: Callable[..., dict[str, Any]]) -> Build:
    """say("RU", "2024-08-20", "russia", ["Sudzha"], kind=...): one claimant's word on a day."""

    def build(who: str, day: str, holder: str, places: list[str] | None, **extra: Any) -> Any:
        fields = {
            "id": extra.pop("id", _slug(f"{who}-{day}-{holder}-{'-'.join(places or ['x'])}")),
            "claimant": who,
            "side": SIDES[who],
            "published": day,
            "refers_to": day,
            "holder": holder,
            "settlements": places,
        }
        return make_record(**{**fields, **extra})

    return build


def held(kursk: Theatre, ledger: Ledger, on: str, holder: Holder, **options: Any) -> list[str]:
    picture = asserted_control(ledger, kursk, date.fromisoformat(on), **options)
    return picture.composite.settlements_held(holder, kursk)


def test_reached_entered_and_fighting_are_contested_never_held(
    kursk: Theatre, say: Build, ledger_of: Callable[..., Ledger]
) -> None:
    for extent in ("reached", "entered", "fighting"):
        ledger = ledger_of(say("ISW", "2024-08-08", "ukraine", ["Martynovka"], extent=extent))
        assert ledger.records[0].extent is Extent(extent)
        picture = asserted_control(ledger, kursk, date(2024, 8, 9))
        assert picture.composite.settlements_held(Holder.UKRAINE, kursk) == []
        assert picture.composite.settlements_held(Holder.CONTESTED, kursk) == ["Martynovka"]
        assert picture.fighting.km2 == pytest.approx(cell_km2(kursk, "Martynovka"), rel=1e-3)
        assert picture.contested_km2 == 0


def test_a_repelled_attack_is_fighting_unless_the_record_says_held(
    kursk: Theatre, say: Build, ledger_of: Callable[..., Ledger]
) -> None:
    near = say("RU", "2024-08-06", "russia", ["Oleshnya (Sudzhansky)"], kind="repelled_attack")
    ledger = ledger_of(near)
    assert held(kursk, ledger, "2024-08-07", Holder.RUSSIA) == []
    assert held(kursk, ledger, "2024-08-07", Holder.CONTESTED) == ["Oleshnya"]
    said_held = ledger_of({**near, "extent": "held"})
    assert held(kursk, said_held, "2024-08-07", Holder.RUSSIA) == ["Oleshnya"]


def test_a_word_goes_stale_after_the_window_and_leaves_the_headline(
    kursk: Theatre, say: Build, ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(say("UA", "2024-08-10", "ukraine", ["Sverdlikovo"]))
    sverdlikovo = cell_km2(kursk, "Sverdlikovo")
    fresh = asserted_control(ledger, kursk, date(2024, 9, 1), fresh_days=45).composite
    assert fresh.area_km2(Holder.UKRAINE) == pytest.approx(sverdlikovo, rel=1e-3)
    assert fresh.stale_km2(Holder.UKRAINE) == 0
    stale = asserted_control(ledger, kursk, date(2025, 3, 13), fresh_days=45).composite
    assert stale.area_km2(Holder.UKRAINE) == 0
    assert stale.stale_km2(Holder.UKRAINE) == pytest.approx(sverdlikovo, rel=1e-3)
    assert stale.settlements_held(Holder.UKRAINE, kursk) == []
    # The stale word is still on the map, as stale ground.
    assert not stale.territory(Holder.UKRAINE, fresh=False).is_empty
    # With no window every word stays fresh.
    ageless = asserted_control(ledger, kursk, date(2025, 3, 13), fresh_days=None).composite
    assert ageless.area_km2(Holder.UKRAINE) == pytest.approx(sverdlikovo, rel=1e-3)


def test_a_word_of_fighting_goes_stale_sooner_than_a_word_of_holding(
    kursk: Theatre, say: Build, ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        say("UA", "2024-08-10", "ukraine", ["Sverdlikovo"]),
        say("RU", "2024-08-10", "russia", ["Martynovka"], kind="repelled_attack"),
    )
    within = date(2024, 8, 10) + timedelta(days=FIGHTING_FRESH_DAYS)
    after = within + timedelta(days=1)
    for day, fighting_fresh in ((within, True), (after, False)):
        view = asserted_control(ledger, kursk, day).composite
        assert view.settlements_held(Holder.UKRAINE, kursk) == ["Sverdlikovo"]
        assert (view.area_km2(Holder.CONTESTED) > 0) is fighting_fresh
        assert (view.stale_km2(Holder.CONTESTED) > 0) is not fighting_fresh
    # A window shorter than the fighting window ages both alike; with no window nothing ages.
    short = asserted_control(ledger, kursk, date(2024, 8, 25), fresh_days=10).composite
    assert short.area_km2(Holder.UKRAINE) == short.area_km2(Holder.CONTESTED) == 0
    ageless = asserted_control(ledger, kursk, date(2025, 4, 1), fresh_days=None).composite
    assert ageless.settlements_held(Holder.CONTESTED, kursk) == ["Martynovka"]


def test_all_except_gives_the_region_to_one_side_and_the_exceptions_to_the_other(
    kursk: Theatre, say: Build, ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        say("UA", "2025-03-01", "ukraine", ["Sverdlikovo", "Gornal"]),
        say(
            "RU",
            "2025-04-19",
            "russia",
            None,
            kind="area_control",
            geometry={**REGION, "except": ["Gornal", "Oleshnya (Sudzhansky)"]},
        ),
    )
    picture = asserted_control(ledger, kursk, date(2025, 4, 20))
    assert picture.composite.settlements_held(Holder.UKRAINE, kursk) == ["Gornal", "Oleshnya"]
    russian = picture.composite.settlements_held(Holder.RUSSIA, kursk)
    assert "Sverdlikovo" in russian and "Gornal" not in russian
    assert len(russian) == len(kursk.home_cells) - 2


def test_except_goes_only_with_a_region(say: Build, ledger_of: Callable[..., Ledger]) -> None:
    drawn = {"wkt": "POINT (35.27 51.19)", "origin": "gazetteer_point", "except": ["Gornal"]}
    with pytest.raises(LedgerError, match=r"geometry\.except: goes only with a region"):
        ledger_of(say("RU", "2025-04-19", "russia", None, kind="area_control", geometry=drawn))


def test_the_headline_area_never_exceeds_the_footprint(
    kursk: Theatre, say: Build, ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        say("UA", "2024-08-20", "ukraine", ["Sudzha", "Martynovka"]),
        say("RU", "2025-04-26", "russia", None, kind="area_control", geometry=REGION),
    )
    picture = asserted_control(ledger, kursk, date(2025, 4, 27))
    footprint = cell_km2(kursk, "Sudzha", "Martynovka")
    assert picture.footprint.km2 == pytest.approx(footprint, rel=1e-3)
    russia = picture.composite
    assert russia.area_km2(Holder.RUSSIA) == pytest.approx(footprint, rel=1e-3)
    assert russia.area_km2(Holder.RUSSIA, scope=Scope.OBLAST) > 25_000


def test_disagreement_counts_only_fresh_words(
    kursk: Theatre, say: Build, ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        say("UA", "2024-08-20", "ukraine", ["Sudzha"]),
        say("RU", "2025-03-13", "russia", ["Sudzha"], kind="capture"),
    )
    old_word = asserted_control(ledger, kursk, date(2025, 3, 14))
    assert old_word.contested_km2 == 0
    ledger = ledger_of(
        say("UA", "2025-03-12", "ukraine", ["Sudzha"]),
        say("RU", "2025-03-13", "russia", ["Sudzha"], kind="capture"),
    )
    live = asserted_control(ledger, kursk, date(2025, 3, 14))
    assert live.contested_km2 == pytest.approx(cell_km2(kursk, "Sudzha"), rel=1e-3)
    # The colour is the latest word's; the disagreement is drawn on top of it, not instead.
    assert live.composite.settlements_held(Holder.RUSSIA, kursk) == ["Sudzha"]


def test_a_refuted_word_is_not_taken_and_a_disputed_word_loses_its_day(
    kursk: Theatre, say: Build, ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        say("UA", "2024-08-10", "ukraine", ["Sudzha"]),
        say("RU", "2024-08-12", "russia", ["Sudzha"], verification="refuted"),
    )
    assert held(kursk, ledger, "2024-08-13", Holder.UKRAINE) == ["Sudzha"]
    # It stays in the claimant's own view: that is what it said.
    picture = asserted_control(ledger, kursk, date(2024, 8, 13))
    assert picture.view("RU").settlements_held(Holder.RUSSIA, kursk) == ["Sudzha"]
    same_day = ledger_of(
        say("UA", "2024-08-12", "ukraine", ["Sudzha"], id="aa-ukraine"),
        say("RU", "2024-08-12", "russia", ["Sudzha"], id="zz-russia", verification="disputed"),
    )
    assert held(kursk, same_day, "2024-08-13", Holder.UKRAINE) == ["Sudzha"]
    assert asserted_control(same_day, kursk, date(2024, 8, 13)).view(COMPOSITE)


def test_fighting_after_a_held_word_is_drawn_over_the_holder_not_instead(
    kursk: Theatre, say: Build, ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        say("UA", "2024-08-12", "ukraine", ["Martynovka"]),
        say("RU", "2024-08-20", "russia", ["Martynovka"], kind="repelled_attack"),
    )
    picture = asserted_control(ledger, kursk, date(2024, 8, 21))
    assert picture.composite.settlements_held(Holder.UKRAINE, kursk) == ["Martynovka"]
    assert picture.fighting.km2 == pytest.approx(cell_km2(kursk, "Martynovka"), rel=1e-3)
    features = territory_geojson(picture.composite, on=picture.on)["features"]
    outlines = [f for f in features if f["properties"]["holder"] == "fighting"]
    assert len(outlines) == 1 and outlines[0]["properties"]["style"]["fillOpacity"] == 0.0
    # A newer word on who holds it ends the fighting.
    retaken = ledger_of(
        say("UA", "2024-08-12", "ukraine", ["Martynovka"]),
        say("RU", "2024-08-20", "russia", ["Martynovka"], kind="repelled_attack"),
        say("RU", "2024-08-25", "russia", ["Martynovka"], kind="capture"),
    )
    later = asserted_control(retaken, kursk, date(2024, 8, 26))
    assert later.composite.settlements_held(Holder.RUSSIA, kursk) == ["Martynovka"]
    assert later.fighting.km2 == 0


def test_a_word_overtaken_a_week_later_is_no_longer_a_disagreement(
    kursk: Theatre, say: Build, ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        say("UA", "2025-03-10", "ukraine", ["Sudzha"]),
        say("RU", "2025-03-13", "russia", ["Sudzha"], kind="capture"),
        say("ISW", "2025-03-25", "russia", ["Sudzha"]),
    )
    sudzha = cell_km2(kursk, "Sudzha")
    assert asserted_control(ledger, kursk, date(2025, 3, 14)).contested_km2 == pytest.approx(
        sudzha, rel=1e-3
    )
    # The Russian side's latest word is now 15 days newer than Ukraine's: overtaken, not disputed.
    assert asserted_control(ledger, kursk, date(2025, 3, 26)).contested_km2 == 0


def test_a_kursk_wide_claim_counts_kursk_settlements_only(
    kursk: Theatre, say: Build, ledger_of: Callable[..., Ledger]
) -> None:
    """One definition of "in Kursk" (the settlement's oblast) for areas, counts and exports."""
    from claims.export_layers import picture_layers

    # Oleksandriia (Sumy oblast) lies inside the coarse Kursk outline: a point-in-polygon test
    # counted it as a Kursk village.
    ledger = ledger_of(
        say("RU", "2025-04-25", "russia", ["Oleksandriia (Sumy)"]),
        say("RU", "2025-04-26", "russia", None, kind="area_control", geometry=REGION),
    )
    picture = asserted_control(ledger, kursk, date(2025, 4, 27))
    held = picture.view("RU").settlements_held(Holder.RUSSIA, kursk)
    kursk_names = sorted(kursk.settlement(s).name_en for s in kursk.home_cells)
    assert held == kursk_names
    rows = picture_layers(picture, kursk, claimants=["RU"])["settlements"]
    rows = rows[rows["view"] == "RU"]
    oblasts = {kursk.settlement(s).oblast for s in rows["settlement_id"]}
    assert oblasts == {"Kursk"} and len(rows) == len(kursk.home_cells)
