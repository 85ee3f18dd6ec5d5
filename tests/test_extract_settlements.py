"""claims.extract.settlements: gazetteer names in any spelling and grammatical case."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claims.extract.settlements import named_places, place_index, stem
from geodata import layers

Find = Callable[[str], list[str]]


@pytest.fixture(scope="module")
def labels() -> Find:
    index = place_index(layers.gazetteer())

    def find(text: str) -> list[str]:
        return [p.label for p in named_places(text, 0, len(text), index)]

    return find


@pytest.mark.parametrize(
    "text",
    ["Суджа", "в Судже", "у Суджі", "под Суджей", "за Суджу", "near Sudzha", "Suja", "Sudzha's"],
)
def test_sudzha_in_every_case_and_spelling(labels: Find, text: str) -> None:
    assert labels(text) == ["Sudzha"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("освободили Малую Локню", ["Malaya Loknya"]),
        ("в районе Малой Локни", ["Malaya Loknya"]),
        ("у Великому Солдатському", ["Bolshoye Soldatskoye"]),
        ("в районе Большого Солдатского", ["Bolshoye Soldatskoye"]),
        ("Черкасского Поречного и Косицы", ["Cherkasskoye Porechnoye", "Kositsa"]),
        ("бои идут в Мирном и Бондаревке", ["Mirny", "Bondarevka"]),
        ("retook Novaya Sorochina and Pokrovsky", ["Novaya Sorochina", "Pokrovsky"]),
    ],
)
def test_multi_word_names_and_cases(labels: Find, text: str, expected: list[str]) -> None:
    assert labels(text) == expected


@pytest.mark.parametrize(
    "text",
    ["in Russia's Kursk region", "в Курской области", "угруповання військ «Курськ» відбило",
     "группировки войск «Север»", "the Sumy region", "Kursk direction"],
)  # fmt: skip
def test_regions_and_group_names_are_not_settlements(labels: Find, text: str) -> None:
    assert labels(text) == []


def test_a_shared_name_goes_to_the_district_of_the_other_places(
    labels: Find,
) -> None:
    found = labels("освободили Апанасовку, Викторовку, Снагость и Обуховку")
    assert found == ["Apanasovka", "Viktorovka (Korenevsky)", "Snagost", "Obukhovka (Korenevsky)"]


def test_a_listed_name_the_gazetteer_lacks_is_reported() -> None:
    index = place_index(layers.gazetteer())
    text = "освобождены Апанасовка, Снагость и 10-й Октябрь"
    places = named_places(text, 0, len(text), index)
    unknown = [p for p in places if p.settlement is None]
    assert [p.label for p in unknown] == ["10-й Октябрь"]
    assert text[unknown[0].span_start : unknown[0].span_end] == "10-й Октябрь"


def test_lower_case_words_are_not_names(labels: Find) -> None:
    assert labels("the troops advanced at pravda and mirny") == []


def test_stem_folds_case_endings_and_spellings() -> None:
    assert stem("Судже") == stem("Суджа") == stem("Суджі") == stem("Суджею")
    assert stem("Sudzha's") == stem("Sudzha")  # English names do not inflect, except the possessive
