"""geodata.names: spellings of one name fold to one key; different names stay apart."""

from __future__ import annotations

import pytest

from geodata.names import fold_name

SAME_PLACE = [
    ("Sudzha", "Суджа"),
    ("Sudzha", "SUDZHA"),
    ("Sudzha", "  sudzha "),
    ("Tyotkino", "Tetkino"),
    ("Tyotkino", "Тёткино"),
    ("Tyotkino", "Tiotkino"),
    ("Tyotkino", "Tjotkino"),
    ("Bolshoye Soldatskoye", "Bol'shoye Soldatskoye"),
    ("Bolshoye Soldatskoye", "Bol’shoe Soldatskoe"),
    ("Bolshoye Soldatskoye", "Большое Солдатское"),
    ("Bolshoye Soldatskoye", "Bolshoye-Soldatskoye"),
    ("Kazachya Loknya", "Kazach'ia Loknia"),
    ("Kazachya Loknya", "Казачья Локня"),
    ("Malaya Loknya", "Malaya  Loknya"),
    ("Korenevo", "Korenewo"),
]

DIFFERENT_PLACES = [
    ("Sudzha", "Suzemka"),
    ("Malaya Loknya", "Bolshaya Loknya"),
    ("Korenevo", "Kurchatov"),
    ("Martynovka", "Mirny"),
]


@pytest.mark.parametrize(("one", "other"), SAME_PLACE)
def test_spellings_of_one_name_fold_together(one: str, other: str) -> None:
    assert fold_name(one) == fold_name(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT_PLACES)
def test_different_names_stay_apart(one: str, other: str) -> None:
    assert fold_name(one) != fold_name(other)


def test_folded_name_is_plain_lower_case_ascii() -> None:
    folded = fold_name("Большое  Солдатское – Тёткино")
    assert folded == folded.lower()
    assert folded.isascii()
    assert "  " not in folded
    assert folded == folded.strip()


def test_folding_is_idempotent() -> None:
    for one, _ in SAME_PLACE:
        assert fold_name(fold_name(one)) == fold_name(one)


def test_digits_are_never_folded_together() -> None:
    # Doubled letters are a spelling choice (Kurssk), doubled digits are a different name.
    assert fold_name("Synth 00088") != fold_name("Synth 00008")
    assert fold_name("Kurssk") == fold_name("Kursk")
