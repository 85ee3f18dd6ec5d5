"""claims.extract.dates: the second clock resolved against the day of publication, en/ru/uk."""

from __future__ import annotations

from datetime import date

import pytest

from claims.extract.dates import referred_dates

MONDAY = date(2025, 1, 6)  # the seed report's day: a Monday


def only(text: str, language: str, published: date = MONDAY) -> tuple[date, date, str]:
    found = referred_dates(text, published, language)
    assert len(found) == 1, f"{text!r}: {found}"
    return found[0].start, found[0].end, found[0].precision


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("en", "The offensive began on Sunday."), ("ru", "Наступление началось в воскресенье."),
     ("uk", "Наступ почався в неділю.")],
)  # fmt: skip
def test_on_sunday_is_the_day_before_a_monday_report(language: str, phrase: str) -> None:
    assert only(phrase, language) == (date(2025, 1, 5), date(2025, 1, 5), "day")


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("en", "On Monday, the ministry said"), ("ru", "В понедельник министерство заявило"),
     ("uk", "У понеділок міністерство заявило")],
)  # fmt: skip
def test_on_monday_in_a_monday_report_is_that_day(language: str, phrase: str) -> None:
    assert only(phrase, language) == (MONDAY, MONDAY, "day")


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("en", "last week"), ("ru", "на прошлой неделе"), ("uk", "минулого тижня")],
)
def test_last_week_is_the_calendar_week_before(language: str, phrase: str) -> None:
    assert only(phrase, language) == (date(2024, 12, 30), date(2025, 1, 5), "week")


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("en", "in August"), ("ru", "в августе"), ("uk", "у серпні")],
)
def test_in_august_is_the_last_august_before_publication(language: str, phrase: str) -> None:
    assert only(phrase, language) == (date(2024, 8, 1), date(2024, 8, 31), "month")


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("en", "over the past five months"), ("ru", "за последние пять месяцев"),
     ("uk", "за останні п'ять місяців")],
)  # fmt: skip
def test_over_the_past_five_months_runs_to_publication(language: str, phrase: str) -> None:
    assert only(phrase, language) == (date(2024, 8, 6), MONDAY, "month")


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("en", "since the start of the operation"), ("ru", "с начала операции"),
     ("uk", "з початку операції")],
)  # fmt: skip
def test_since_the_start_of_the_operation(language: str, phrase: str) -> None:
    assert only(phrase, language) == (date(2024, 8, 6), MONDAY, "day")


@pytest.mark.parametrize(
    ("language", "phrase", "expected"),
    [
        ("en", "on January 5", date(2025, 1, 5)),
        ("ru", "5 января", date(2025, 1, 5)),
        ("uk", "13 серпня", date(2024, 8, 13)),
        ("en", "yesterday", date(2025, 1, 5)),
        ("ru", "вчера", date(2025, 1, 5)),
        ("uk", "вчора", date(2025, 1, 5)),
    ],
)
def test_named_days(language: str, phrase: str, expected: date) -> None:
    assert only(phrase, language) == (expected, expected, "day")


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("en", "last month"), ("ru", "в прошлом месяце"), ("uk", "минулого місяця")],
)
def test_last_month_is_the_calendar_month_before(language: str, phrase: str) -> None:
    assert only(phrase, language) == (date(2024, 12, 1), date(2024, 12, 31), "month")


def test_the_past_day_straddles_two_calendar_days() -> None:
    assert only("за последние сутки", "ru") == (date(2025, 1, 5), MONDAY, "day")
    assert only("протягом доби", "uk") == (date(2025, 1, 5), MONDAY, "day")
    assert only("в течение двух суток", "ru") == (date(2025, 1, 5), MONDAY, "day")


def test_mid_month_is_its_middle_week() -> None:
    assert only("in mid-September", "en", date(2024, 10, 9)) == (
        date(2024, 9, 15), date(2024, 9, 15), "week",
    )  # fmt: skip


def test_a_month_later_in_the_year_than_publication_is_last_year() -> None:
    assert only("in December", "en", date(2025, 3, 1))[0] == date(2024, 12, 1)


def test_a_date_after_publication_is_not_resolved_into_the_future() -> None:
    assert referred_dates("on 20 March", date(2025, 3, 1), "en") == [] or all(
        d.start <= date(2025, 3, 1) for d in referred_dates("on 20 March", date(2025, 3, 1), "en")
    )


def test_spans_point_at_the_phrase() -> None:
    text = "The offensive began on Sunday, officials said."
    found = referred_dates(text, MONDAY, "en")
    assert text[found[0].span_start : found[0].span_end] == "on Sunday"


def test_no_date_words_no_dates() -> None:
    assert referred_dates("Troops took the village.", MONDAY, "en") == []
