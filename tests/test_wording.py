"""Tests for dashboard.wording: one date format, plurals and short names, used page-wide."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from claims.bundle import load_ledger
from dashboard.wording import dates_text, day_text, plural, short_name

DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard"
DAY = re.compile(r"^[1-9]\d? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$")
# A date formatted in place ("{on:%d %b %Y}") instead of through `day_text`.
INLINE_DATE_FORMAT = re.compile(r"\{[^{}]*:%[dbBY-][^{}]*\}|strftime\(")


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2025, 1, 6), "6 Jan 2025"),
        (date(2024, 8, 20), "20 Aug 2024"),
        (date(2025, 3, 1), "1 Mar 2025"),
    ],
)
def test_day_text_has_no_leading_zero_and_a_short_month(day: date, text: str) -> None:
    assert day_text(day) == text


def test_every_day_of_the_ledger_reads_the_same_way() -> None:
    first, last = load_ledger().span
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    assert len(days) > 250
    assert all(DAY.match(day_text(d)) for d in days), [day_text(d) for d in days[:3]]


def test_dates_text_names_the_known_and_compare_days_the_same_way() -> None:
    assert dates_text(date(2025, 3, 13)) == "13 Mar 2025"
    text = dates_text(date(2025, 3, 13), date(2025, 3, 14), date(2025, 3, 1))
    assert text == "13 Mar 2025 · as known on 14 Mar 2025 · changes since 1 Mar 2025"


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 settlements"),
        (1, "1 settlement"),
        (2, "2 settlements"),
        (1263, "1,263 settlements"),
    ],
)
def test_plural_counts(count: int, text: str) -> None:
    assert plural(count, "settlement") == text


def test_plural_takes_an_irregular_noun() -> None:
    assert plural(1, "casualty", "casualties") == "1 casualty"
    assert plural(3, "casualty", "casualties") == "3 casualties"


@pytest.mark.parametrize(
    ("name", "short"),
    [
        (
            "Oleksandr Syrskyi, Commander-in-Chief of the Armed Forces of Ukraine",
            "Oleksandr Syrskyi",
        ),
        ("Institute for the Study of War (ISW)", "Institute for the Study of War"),
        ("Ukraine: all Ukrainian claimants", "Ukraine: all Ukrainian claimants"),
        ("Latest word (composite)", "Latest word"),
        ("BBC Verify", "BBC Verify"),
    ],
)
def test_short_name_keeps_the_name_and_drops_the_title(name: str, short: str) -> None:
    assert short_name(name) == short


def test_every_short_claimant_name_is_short() -> None:
    names = [name for name, _ in load_ledger().claimants]
    assert all(0 < len(short_name(n)) <= 40 for n in names)


def test_no_dashboard_module_formats_a_date_in_place() -> None:
    """Display dates go through `day_text`; ISO dates (`isoformat`) stay for data and addresses."""
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(DASHBOARD.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE_DATE_FORMAT.search(line) and path.name != "wording.py"
    ]
    assert not found, found
