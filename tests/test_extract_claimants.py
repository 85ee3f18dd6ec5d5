"""claims.extract: who says so, from the usual designations and from the phrase before a verb."""

from __future__ import annotations

from datetime import date

import pytest

from claims.extract import extract_claims
from claims.extract.claimants import GENSTAFF_UA, MOD_RU, SYRSKYI, designations_in
from claims.extract.known import ledger_claimants

DAY = date(2024, 9, 16)


@pytest.mark.parametrize(
    ("designation", "claimant", "side"),
    [
        ("the Russian Defence Ministry", MOD_RU, "russia"),
        ("Russia's defence ministry", MOD_RU, "russia"),
        ("the Russian defense ministry", MOD_RU, "russia"),
        ("Минобороны России", MOD_RU, "russia"),
        ("Министерство обороны РФ", MOD_RU, "russia"),
        ("Генштаб ЗСУ", GENSTAFF_UA, "ukraine"),
        ("Генеральний штаб Збройних сил України", GENSTAFF_UA, "ukraine"),
        ("Ukraine's top military commanders", GENSTAFF_UA, "ukraine"),
        ("Ukraine's General Staff", GENSTAFF_UA, "ukraine"),
        ("головком Олександр Сирський", SYRSKYI, "ukraine"),
        ("Syrskyi", SYRSKYI, "ukraine"),
        ("Moscow", "Government of the Russian Federation", "russia"),
        ("Kyiv's forces", "Government of Ukraine", "ukraine"),
    ],
)
def test_designations(designation: str, claimant: str, side: str) -> None:
    found = designations_in(designation, 0, len(designation))
    assert [(s.claimant, s.side) for s in found] == [(claimant, side)]
    assert found[0].span_start == 0


def test_designation_table_names_are_the_ledgers_own() -> None:
    known = ledger_claimants()
    for claimant in (MOD_RU, GENSTAFF_UA, SYRSKYI):
        assert claimant in known


def test_speaker_is_the_designation_before_the_verb_not_the_addressee() -> None:
    text = (
        "Головнокомандувач ЗСУ Олександр Сирський доповів президенту Володимиру Зеленському, "
        "що ЗСУ взяли Суджу."
    )
    (candidate,) = extract_claims(text, DAY)
    assert candidate.record["claimant"] == SYRSKYI
    assert candidate.record["settlements"] == ["Sudzha"]


def test_an_unknown_speaker_is_proposed_as_new_and_flagged() -> None:
    text = "Ukrainian military officials said that 2,000 Russian soldiers were killed."
    (candidate,) = extract_claims(text, DAY)
    assert candidate.record["claimant"] == "Ukrainian military officials"
    assert candidate.record["side"] == "ukraine"
    assert "new claimant: Ukrainian military officials" in candidate.flags


def test_the_ministry_points_back_to_the_last_speaker() -> None:
    text = (
        "Russia's defence ministry said on Monday that its troops had retaken Uspenovka. "
        "The village lies on the border. "
        "The ministry added that it had repelled attacks near Borki."
    )
    _, second = extract_claims(text, DAY)
    assert second.record["claimant"] == MOD_RU
    assert second.record["kind"] == "repelled_attack"
    assert second.record["refers_to"] == DAY  # "on Monday" carries over with the speaker


def test_no_speaker_no_claim() -> None:
    text = "Russian troops retook Uspenovka. Ukrainian forces advanced near Sudzha."
    assert extract_claims(text, DAY) == []


def test_a_telegram_channel_is_a_speaker_and_the_channel_points_back() -> None:
    text = (
        "Российские войска освободили село, сообщает Telegram-канал WarGonzo. "
        "По данным канала, бойцы освободили Плехово."
    )
    (candidate,) = extract_claims(text, date(2024, 12, 9))
    assert str(candidate.record["claimant"]).startswith("WarGonzo")
    assert candidate.record["settlements"] == ["Plekhovo"]
    assert not any(flag.startswith("new claimant") for flag in candidate.flags)


def test_an_unknown_channel_is_proposed_as_new() -> None:
    text = "Telegram channel Zvezdochka said Russian forces took Sudzha."
    (candidate,) = extract_claims(text, date(2025, 3, 13))
    assert candidate.record["claimant"] == "Zvezdochka (Telegram channel)"
    assert "new claimant: Zvezdochka (Telegram channel)" in candidate.flags


def test_a_sentence_naming_another_speaker_does_not_inherit_the_last_one() -> None:
    text = (
        "Syrskyi said Moscow had deployed 50,000 troops to the region. "
        "DeepState published a map that showed Russian advances."
    )
    candidates = extract_claims(text, date(2024, 10, 21))
    assert [c.record["claimant"] for c in candidates] == [SYRSKYI]
