"""claims.control: asserted control on a date, per claimant, composite and contested."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import shapely

from claims.control import COMPOSITE, ControlPicture, Scope, asserted_control
from claims.model import Basis, Holder, Ledger, Side, Unit
from claims.theatre import Theatre
from geodata.crs import area_km2

RecordFactory = Callable[..., dict[str, Any]]

UA = "Ukrainian General Staff"
RU = "Russian Ministry of Defence"
ISW = "Institute for the Study of War"
SIDES = {UA: "ukraine", RU: "russia", ISW: "independent"}

SUNDAY = date(2024, 8, 11)
TUESDAY = date(2024, 8, 13)
# A box of about 10 x 11 km north-east of Sudzha, well inside Kursk oblast.
DRAWN = "POLYGON ((35.3 51.25, 35.45 51.25, 35.45 51.35, 35.3 51.35, 35.3 51.25))"


@pytest.fixture
def claim(make_record: RecordFactory) -> Callable[..., dict[str, Any]]:
    """Build a record by claimant, day and holder: claim(RU, "2024-08-20", "russia", ["Sudzha"])."""

    def build(
        claimant: str, day: str, holder: str | None, places: list[str] | None = None, **extra: Any
    ) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "id": extra.pop("id", f"{SIDES[claimant]}-{day}-{holder}-{len(places or [])}"),
            "claimant": claimant,
            "side": SIDES[claimant],
            "published": day,
            "refers_to": day,
            "holder": holder,
            "settlements": places,
        }
        return make_record(**{**fields, **extra})

    return build


def cell_km2(theatre: Theatre, *names: str) -> float:
    """Area of the union of the named settlements' cells, inside Kursk oblast."""
    ids = [s.id for s in theatre.settlements if s.name_en in names]
    assert len(ids) == len(names)
    cells = shapely.union_all([theatre.cells[i] for i in ids])
    return area_km2(shapely.intersection(cells, theatre.home))


def ageless(ledger: Ledger, theatre: Theatre, on: date, **options: Any) -> ControlPicture:
    """Asserted control with every word kept fresh: for tests about the order of words."""
    return asserted_control(ledger, theatre, on, fresh_days=None, **options)


def held(picture: ControlPicture, claimant: str, holder: Holder, kursk: Theatre) -> list[str]:
    return picture.view(claimant).settlements_held(holder, kursk)


def test_latest_claim_wins_per_claimant_and_settlement(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        claim(RU, "2024-08-10", "ukraine", ["Sudzha", "Goncharovka"]),
        claim(RU, "2025-03-13", "russia", ["Sudzha"], kind="capture"),
    )
    autumn = ageless(ledger, kursk, date(2024, 10, 1))
    assert held(autumn, RU, Holder.UKRAINE, kursk) == ["Goncharovka", "Sudzha"]
    assert autumn.view(RU).area_km2(Holder.UKRAINE) == pytest.approx(
        cell_km2(kursk, "Sudzha", "Goncharovka"), rel=1e-3
    )

    spring = ageless(ledger, kursk, date(2025, 3, 14))
    assert held(spring, RU, Holder.UKRAINE, kursk) == ["Goncharovka"]
    assert held(spring, RU, Holder.RUSSIA, kursk) == ["Sudzha"]
    assert spring.view(RU).area_km2(Holder.UKRAINE) == pytest.approx(
        cell_km2(kursk, "Goncharovka"), rel=1e-3
    )
    assert spring.view(RU).area_km2(Holder.RUSSIA) == pytest.approx(
        cell_km2(kursk, "Sudzha"), rel=1e-3
    )


def test_nothing_is_asserted_before_the_first_claim(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(claim(UA, "2024-08-15", "ukraine", ["Sudzha"]))
    picture = asserted_control(ledger, kursk, date(2024, 8, 1))
    assert picture.view(UA).area_km2(Holder.UKRAINE) == 0
    assert held(picture, UA, Holder.UKRAINE, kursk) == []


@pytest.fixture
def tuesday_claim_about_sunday(
    claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> Ledger:
    """Published on Tuesday 13 August 2024, about Sunday 11 August: Ukraine holds Sudzha."""
    return ledger_of(
        claim(UA, TUESDAY.isoformat(), "ukraine", ["Sudzha"], refers_to=SUNDAY.isoformat())
    )


def test_claim_counts_from_the_day_it_is_about(
    kursk: Theatre, tuesday_claim_about_sunday: Ledger
) -> None:
    on_sunday = asserted_control(tuesday_claim_about_sunday, kursk, SUNDAY)
    assert held(on_sunday, UA, Holder.UKRAINE, kursk) == ["Sudzha"]
    on_saturday = asserted_control(tuesday_claim_about_sunday, kursk, date(2024, 8, 10))
    assert held(on_saturday, UA, Holder.UKRAINE, kursk) == []


def test_claim_does_not_count_before_it_was_published(
    kursk: Theatre, tuesday_claim_about_sunday: Ledger
) -> None:
    known_monday = asserted_control(
        tuesday_claim_about_sunday, kursk, SUNDAY, as_known_on=date(2024, 8, 12)
    )
    assert known_monday.as_known_on == date(2024, 8, 12)
    assert held(known_monday, UA, Holder.UKRAINE, kursk) == []
    assert known_monday.view(UA).area_km2(Holder.UKRAINE) == 0

    known_tuesday = asserted_control(tuesday_claim_about_sunday, kursk, SUNDAY, as_known_on=TUESDAY)
    assert held(known_tuesday, UA, Holder.UKRAINE, kursk) == ["Sudzha"]


def test_as_known_on_keeps_the_older_word_until_the_newer_is_public(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        claim(RU, "2024-08-10", "ukraine", ["Sudzha"]),
        claim(RU, "2025-03-15", "russia", ["Sudzha"], refers_to="2025-03-12"),
    )
    on = date(2025, 3, 13)
    assert held(ageless(ledger, kursk, on), RU, Holder.RUSSIA, kursk) == ["Sudzha"]
    before = ageless(ledger, kursk, on, as_known_on=date(2025, 3, 14))
    assert held(before, RU, Holder.UKRAINE, kursk) == ["Sudzha"]
    assert held(before, RU, Holder.RUSSIA, kursk) == []


def test_period_claim_speaks_from_the_day_it_was_said(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    # "This week we took Sudzha", said on Wednesday about Monday to Sunday.
    ledger = ledger_of(
        claim(
            UA,
            "2024-08-14",
            "ukraine",
            ["Sudzha"],
            refers_to="2024-08-12",
            refers_to_end="2024-08-18",
            precision="week",
        )
    )
    assert held(asserted_control(ledger, kursk, date(2024, 8, 13)), UA, Holder.UKRAINE, kursk) == []
    assert held(asserted_control(ledger, kursk, date(2024, 8, 14)), UA, Holder.UKRAINE, kursk) == [
        "Sudzha"
    ]


def test_contested_is_where_claimants_disagree(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        claim(UA, "2024-08-15", "ukraine", ["Sudzha", "Goncharovka"]),
        claim(RU, "2024-08-16", "russia", ["Sudzha", "Korenevo"]),
    )
    picture = asserted_control(ledger, kursk, date(2024, 8, 20))
    assert picture.contested_km2 > 0
    assert picture.contested_km2 == pytest.approx(cell_km2(kursk, "Sudzha"), rel=1e-3)
    sudzha = next(s for s in kursk.settlements if s.name_en == "Sudzha")
    assert picture.contested.covers(shapely.Point(sudzha.lon, sudzha.lat))


def test_agreement_is_not_contested(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        claim(UA, "2024-08-15", "ukraine", ["Sudzha"]),
        claim(RU, "2024-08-16", "ukraine", ["Sudzha"]),
    )
    assert asserted_control(ledger, kursk, date(2024, 8, 20)).contested_km2 == 0


def test_ground_called_contested_is_contested(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(claim(ISW, "2024-08-15", "contested", ["Martynovka"]))
    picture = asserted_control(ledger, kursk, date(2024, 8, 20))
    # Fighting reported is its own layer: nobody disagrees with anybody here.
    assert picture.fighting.km2 == pytest.approx(cell_km2(kursk, "Martynovka"), rel=1e-3)
    assert picture.contested_km2 == 0


def test_whole_region_claim_leaves_no_ukrainian_ground_for_that_claimant(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        claim(RU, "2024-08-10", "ukraine", ["Sudzha", "Martynovka"]),
        claim(UA, "2024-08-15", "ukraine", ["Sudzha"]),
        claim(
            RU,
            "2025-04-26",
            "russia",
            None,
            kind="area_control",
            geometry={"region": "kursk_oblast", "origin": "region"},
        ),
    )
    picture = ageless(ledger, kursk, date(2025, 4, 27))
    russian_view = picture.view(RU)
    assert russian_view.area_km2(Holder.UKRAINE) == 0
    assert russian_view.settlements_held(Holder.UKRAINE, kursk) == []
    oblast = russian_view.area_km2(Holder.RUSSIA, scope=Scope.OBLAST)
    assert oblast == pytest.approx(area_km2(kursk.home), rel=1e-3)
    # The headline figure stays within the ground in play: the cells anyone gave to Ukraine.
    in_play = cell_km2(kursk, "Sudzha", "Martynovka")
    assert russian_view.area_km2(Holder.RUSSIA) == pytest.approx(in_play, rel=1e-3)
    assert "Sudzha" in russian_view.settlements_held(Holder.RUSSIA, kursk)
    # The other claimant's word is untouched by it.
    assert held(picture, UA, Holder.UKRAINE, kursk) == ["Sudzha"]


def test_composite_takes_the_latest_word_from_anyone(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        claim(UA, "2024-08-15", "ukraine", ["Sudzha"]),
        claim(RU, "2025-03-13", "russia", ["Sudzha"], kind="capture"),
    )
    autumn = ageless(ledger, kursk, date(2024, 10, 1))
    assert held(autumn, COMPOSITE, Holder.UKRAINE, kursk) == ["Sudzha"]
    spring = ageless(ledger, kursk, date(2025, 3, 20))
    assert held(spring, COMPOSITE, Holder.RUSSIA, kursk) == ["Sudzha"]
    assert spring.composite.area_km2(Holder.UKRAINE) == 0
    assert spring.view(COMPOSITE) is spring.composite


@pytest.mark.parametrize(
    ("partisan", "independent"), [("ukraine", "russia"), ("russia", "ukraine")]
)
def test_composite_prefers_an_independent_claim_on_the_same_day(
    kursk: Theatre,
    claim: Callable[..., dict[str, Any]],
    ledger_of: Callable[..., Ledger],
    partisan: str,
    independent: str,
) -> None:
    partisan_claimant = UA if partisan == "ukraine" else RU
    ledger = ledger_of(
        claim(ISW, "2024-09-01", independent, ["Sudzha"], id="a-independent"),
        claim(partisan_claimant, "2024-09-01", partisan, ["Sudzha"], id="z-partisan"),
    )
    picture = asserted_control(ledger, kursk, date(2024, 9, 1))
    assert held(picture, COMPOSITE, Holder(independent), kursk) == ["Sudzha"]
    assert held(picture, COMPOSITE, Holder(partisan), kursk) == []


def test_stated_figures_in_force_are_not_the_mapped_area(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    def area_figure(day: str, value: float, basis: str) -> dict[str, Any]:
        spec = {"value": value, "unit": "km2", "basis": basis, "about": "russia"}
        return claim(
            UA, day, "ukraine", None, kind="figure", id=f"ua-{day}-{basis}", figures=[spec]
        )

    ledger = ledger_of(
        area_figure("2024-08-12", 1000, "cumulative"),
        area_figure("2024-08-13", 40, "incremental"),
        claim(UA, "2024-08-15", "ukraine", ["Sudzha"]),
        area_figure("2024-08-27", 1294, "cumulative"),
    )
    mid_august = asserted_control(ledger, kursk, date(2024, 8, 20)).view(UA)
    stated = mid_august.stated_value(Unit.KM2, Side.RUSSIA)
    assert stated is not None
    assert (stated.figure.value, stated.claim.id) == (1000, "ua-2024-08-12-cumulative")
    assert all(s.figure.basis is Basis.CUMULATIVE for s in mid_august.stated)
    mapped = mid_august.area_km2(Holder.UKRAINE)
    assert mapped == pytest.approx(cell_km2(kursk, "Sudzha"), rel=1e-3)
    assert mapped < 500  # the map shows only the named ground, not the stated total

    late_august = asserted_control(ledger, kursk, date(2024, 8, 30))
    latest = late_august.view(UA).stated_value(Unit.KM2, Side.RUSSIA)
    assert latest is not None
    assert latest.figure.value == 1294
    assert late_august.composite.stated == ()


def test_attack_marks_no_ground_but_an_advance_into_places_does(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    ledger = ledger_of(
        claim(RU, "2024-08-15", "ukraine", ["Korenevo"], kind="attack"),
        claim(UA, "2024-08-15", "ukraine", ["Martynovka"], kind="advance"),
    )
    picture = asserted_control(ledger, kursk, date(2024, 8, 16))
    assert picture.view(RU).area_km2(Holder.UKRAINE) == 0
    assert held(picture, RU, Holder.UKRAINE, kursk) == []
    assert held(picture, UA, Holder.UKRAINE, kursk) == ["Martynovka"]


def test_drawn_area_is_held_as_drawn(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    geometry = {"wkt": DRAWN, "origin": "drawn_by_claimant"}
    ledger = ledger_of(
        claim(UA, "2024-08-15", "ukraine", None, kind="area_control", geometry=geometry)
    )
    assert kursk.home.covers(shapely.from_wkt(DRAWN))
    view = asserted_control(ledger, kursk, date(2024, 8, 16)).view(UA)
    assert view.area_km2(Holder.UKRAINE) == pytest.approx(
        area_km2(shapely.from_wkt(DRAWN)), rel=1e-6
    )


def test_line_of_advance_marks_no_ground(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    line = {"wkt": "LINESTRING (35.0 51.2, 35.3 51.3)", "origin": "drawn_by_claimant"}
    ledger = ledger_of(claim(UA, "2024-08-15", "ukraine", None, kind="advance", geometry=line))
    view = asserted_control(ledger, kursk, date(2024, 8, 16)).view(UA)
    assert view.area_km2(Holder.UKRAINE) == 0


def test_unknown_claimant_is_a_key_error(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    picture = asserted_control(
        ledger_of(claim(UA, "2024-08-15", "ukraine", ["Sudzha"])), kursk, date(2024, 8, 16)
    )
    with pytest.raises(KeyError, match="Nobody"):
        picture.view("Nobody")
    assert [v.claimant for v in picture.claimants] == [UA]


@pytest.mark.parametrize("assessor_first", [True, False], ids=["assessor-first", "assessor-last"])
def test_on_one_day_the_independent_word_is_the_last_whatever_the_file_order(
    kursk: Theatre,
    claim: Callable[..., dict[str, Any]],
    ledger_of: Callable[..., Ledger],
    assessor_first: bool,
) -> None:
    """The property test's shuffles cannot reach this: the tie-break of one day decides it."""
    russian = claim(RU, "2024-08-20", "russia", ["Sudzha"], id="ru-2024-08-20-sudzha")
    assessor = claim(ISW, "2024-08-20", "ukraine", ["Sudzha"], id="isw-2024-08-20-sudzha")
    records = (assessor, russian) if assessor_first else (russian, assessor)
    picture = ageless(ledger_of(*records), kursk, date(2024, 8, 21))
    assert held(picture, COMPOSITE, Holder.UKRAINE, kursk) == ["Sudzha"]


def test_on_one_day_an_undisputed_word_beats_a_disputed_one(
    kursk: Theatre, claim: Callable[..., dict[str, Any]], ledger_of: Callable[..., Ledger]
) -> None:
    disputed = claim(UA, "2024-08-20", "ukraine", ["Sudzha"], verification="disputed")
    undisputed = claim(RU, "2024-08-20", "russia", ["Sudzha"], id="ru-2024-08-20-sudzha")
    picture = ageless(ledger_of(undisputed, disputed), kursk, date(2024, 8, 21))
    assert held(picture, COMPOSITE, Holder.RUSSIA, kursk) == ["Sudzha"]


def test_settlements_spoken_for_are_those_of_the_footprint(kursk: Theatre) -> None:
    """The index of claims by place skips the footprint's ground, not any of its places."""
    from claims.bundle import load_ledger
    from claims.territory import footprint_of, settlements_spoken_for

    claims = [c for c in load_ledger().records if c.asserts_places]
    assert len(claims) > 300
    for claim in claims:
        assert settlements_spoken_for(claim, kursk) == footprint_of(claim, kursk)[0], claim.id
