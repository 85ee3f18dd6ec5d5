"""geodata.gazetteer: any usual spelling resolves to exactly one settlement, or says why not."""

from __future__ import annotations

import pytest

from geodata import layers
from geodata.gazetteer import Gazetteer, SettlementNotFoundError
from geodata.settlements import Settlement, settlement_id


def village(
    name_en: str, district: str, *, lat: float, lon: float, name_ru: str = ""
) -> Settlement:
    return Settlement(
        id=settlement_id(name_en, district, "Kursk"),
        name_en=name_en,
        name_ru=name_ru,
        variants=(),
        kind="village",
        district=district,
        oblast="Kursk",
        country="RU",
        lat=lat,
        lon=lon,
        source_url="https://example.org/",
    )


@pytest.fixture
def namesakes_gazetteer() -> Gazetteer:
    """Two Nikolayevkas in different districts, and one Sudzha."""
    return Gazetteer(
        [
            village("Nikolayevka", "Glushkovsky", lat=51.30, lon=34.50, name_ru="Николаевка"),
            village("Nikolayevka", "Sudzhansky", lat=51.20, lon=35.20, name_ru="Николаевка"),
            village("Sudzha", "Sudzhansky", lat=51.19, lon=35.27, name_ru="Суджа"),
        ]
    )


@pytest.fixture(scope="module")
def kursk_gazetteer() -> Gazetteer:
    """The gazetteer of the bundled settlements."""
    return layers.gazetteer()


@pytest.mark.parametrize(
    ("spelling", "name_en"),
    [
        ("Sudzha", "Sudzha"),
        ("Suja", "Sudzha"),
        ("Суджа", "Sudzha"),
        ("sudzha", "Sudzha"),
        ("SUDZHA", "Sudzha"),
        ("Sudzah", "Sudzha"),
        ("Tyotkino", "Tyotkino"),
        ("Tetkino", "Tyotkino"),
        ("Тёткино", "Tyotkino"),
        ("Tiotkino", "Tyotkino"),
        ("Bolshoye Soldatskoye", "Bolshoye Soldatskoye"),
        ("Bol'shoye Soldatskoye", "Bolshoye Soldatskoye"),
        ("Большое Солдатское", "Bolshoye Soldatskoye"),
        ("Sudzha (Sudzhansky)", "Sudzha"),
        ("Sudzha (Sudzhansky district)", "Sudzha"),
    ],
)
def test_usual_spellings_resolve(kursk_gazetteer: Gazetteer, spelling: str, name_en: str) -> None:
    found = kursk_gazetteer.resolve(spelling)
    assert found.name_en == name_en
    assert found.oblast == "Kursk"


def test_one_place_under_many_spellings_is_one_settlement(kursk_gazetteer: Gazetteer) -> None:
    ids = {kursk_gazetteer.resolve(n).id for n in ("Sudzha", "Суджа", "Suja", "Sudzah")}
    assert len(ids) == 1


def test_nonsense_is_not_found(kursk_gazetteer: Gazetteer) -> None:
    with pytest.raises(SettlementNotFoundError, match="Xyzzyville") as caught:
        kursk_gazetteer.resolve("Xyzzyville")
    assert caught.value.problem == "unknown"
    assert "nearest candidates" in str(caught.value)


def test_near_miss_lists_the_nearest_candidates(kursk_gazetteer: Gazetteer) -> None:
    with pytest.raises(SettlementNotFoundError) as caught:
        kursk_gazetteer.resolve("Sudzhanka")
    assert "Sudzha" in [c.name_en for c in caught.value.candidates]
    assert "Sudzha (Sudzhansky district, Kursk oblast)" in str(caught.value)


def test_district_qualifier_must_match(kursk_gazetteer: Gazetteer) -> None:
    with pytest.raises(SettlementNotFoundError):
        kursk_gazetteer.resolve("Sudzha (Glushkovsky)")


def test_namesakes_are_ambiguous_and_both_listed(namesakes_gazetteer: Gazetteer) -> None:
    with pytest.raises(SettlementNotFoundError, match="ambiguous") as caught:
        namesakes_gazetteer.resolve("Nikolayevka")
    message = str(caught.value)
    assert "Glushkovsky" in message
    assert "Sudzhansky" in message
    assert {c.district for c in caught.value.candidates} == {"Glushkovsky", "Sudzhansky"}


def test_cyrillic_namesake_is_ambiguous_too(namesakes_gazetteer: Gazetteer) -> None:
    with pytest.raises(SettlementNotFoundError, match="ambiguous"):
        namesakes_gazetteer.resolve("Николаевка")


@pytest.mark.parametrize(
    ("qualified", "district"),
    [
        ("Nikolayevka (Glushkovsky)", "Glushkovsky"),
        ("Nikolaevka (Sudzhansky district)", "Sudzhansky"),
        ("Николаевка (Glushkovsky raion)", "Glushkovsky"),
    ],
)
def test_district_qualifier_picks_one_namesake(
    namesakes_gazetteer: Gazetteer, qualified: str, district: str
) -> None:
    assert namesakes_gazetteer.resolve(qualified).district == district


def test_misspelt_namesake_is_still_ambiguous(namesakes_gazetteer: Gazetteer) -> None:
    with pytest.raises(SettlementNotFoundError, match="ambiguous"):
        namesakes_gazetteer.resolve("Nikolayevkka")


def test_candidates_are_best_first(namesakes_gazetteer: Gazetteer) -> None:
    assert namesakes_gazetteer.candidates("Sudza")[0].name_en == "Sudzha"
    assert len(namesakes_gazetteer) == 3


@pytest.mark.parametrize(
    ("written", "as_listed"),
    [
        ("Sudzha", True),
        ("  sudzha ", True),
        ("Суджа", True),
        ("Suja", True),
        ("Sudzha (Sudzhansky)", True),
        ("Sudzhaa", False),  # folds to "sudza" like Sudzha: a guess all the same
        ("Sudzham", False),  # close by edit similarity
    ],
)
def test_resolution_says_whether_the_name_was_guessed(
    kursk_gazetteer: Gazetteer, written: str, as_listed: bool
) -> None:
    resolution = kursk_gazetteer.resolution(written)
    assert resolution.settlement == kursk_gazetteer.resolve(written)
    assert resolution.settlement.name_en == "Sudzha"
    assert resolution.as_listed is as_listed
    assert str(resolution) == f"{written!r} → Sudzha (Sudzhansky)"


def test_bundled_ledger_names_only_listed_spellings() -> None:
    from claims.bundle import load_ledger

    assert load_ledger().warnings == ()


def test_resolvable_name_resolves_back_to_the_same_settlement() -> None:
    from geodata import layers

    gazetteer = layers.gazetteer()
    named = 0
    for settlement in gazetteer.settlements:
        name = gazetteer.resolvable_name(settlement)
        if name is not None:
            assert gazetteer.resolve(name).id == settlement.id
            named += 1
    assert named >= len(gazetteer) - 20
    sudzha = gazetteer.resolve("Суджа")
    assert gazetteer.resolvable_name(sudzha) == "Sudzha"
    oleshnya = gazetteer.resolve("Oleshnya (Sudzhansky)")
    assert gazetteer.resolvable_name(oleshnya) == "Oleshnya (Sudzhansky)"


def test_a_name_answers_the_same_when_asked_again(kursk_gazetteer: Gazetteer) -> None:
    """Answers are kept (a large ledger names a place many times); a refusal is not."""
    for written in ("Sudzhaa", "Sudzha (Sudzhansky)", "Суджа"):
        first = kursk_gazetteer.resolution(written)
        assert kursk_gazetteer.resolution(written) == first
    for _ in range(2):
        with pytest.raises(SettlementNotFoundError):
            kursk_gazetteer.resolution("Xyzzyville")
