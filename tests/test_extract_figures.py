"""claims.extract.figures: numbers with units, qualifiers and ranges, en/ru/uk."""

from __future__ import annotations

import pytest

from claims.extract.figures import stated_numbers


def one(text: str) -> tuple[float, str, float | None, float | None]:
    found = stated_numbers(text)
    assert len(found) == 1, f"{text!r}: {found}"
    return found[0].value, found[0].unit, found[0].low, found[0].high


@pytest.mark.parametrize(
    "text",
    ["1,200 km²", "1,200 square kilometres", "1,200 square kilometers", "1,200 sq km",
     "1 200 кв. км", "1200 квадратних кілометрів", "1 200 квадратных километров"],
)  # fmt: skip
def test_area_units(text: str) -> None:
    assert one(text) == (1200, "km2", None, None)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("more than 1,200 sq km", 1200, None), ("over 1,200 sq km", 1200, None),
     ("свыше 1200 кв. км", 1200, None), ("понад 1200 кв. км", 1200, None),
     ("up to 1,200 sq km", None, 1200), ("about 1,200 sq km", None, None),
     ("приблизно 1200 кв. км", None, None)],
)  # fmt: skip
def test_qualifiers_make_open_ranges(text: str, low: float | None, high: float | None) -> None:
    assert one(text) == (1200, "km2", low, high)


@pytest.mark.parametrize("text", ["between 1 and 3 km", "від 1 до 3 км", "от 1 до 3 км", "1–3 km"])
def test_ranges_keep_both_ends_and_the_midpoint(text: str) -> None:
    assert one(text) == (2, "km_depth", 1, 3)


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("93 villages", "settlements", 93),
        ("74 населені пункти", "settlements", 74),
        ("10 населённых пунктов", "settlements", 10),
        ("approximately 15,000 Russian soldiers were killed", "personnel_killed", 15000),
        ("an estimated 23,000 injured", "personnel_wounded", 23000),
        ("losses exceeding 49,000 troops", "personnel_total", 49000),
        ("свыше 49 тысяч военнослужащих", "personnel_total", 49000),
        ("273 танка", "tanks", 273),
        ("20 armoured vehicles", "armoured_vehicles", 20),
        ("971 captured", "personnel_captured", 971),
        ("along a 40 km front", "km_front", 40),
    ],
)
def test_units(text: str, unit: str, value: float) -> None:
    found = stated_numbers(text)
    assert [(f.unit, f.value) for f in found] == [(unit, value)]


@pytest.mark.parametrize(
    "text", ["13 серпня 2024 року", "10-й Октябрь", "at 9:00", "in 2024", "the 47th brigade"]
)
def test_dates_ordinals_and_bare_numbers_are_not_figures(text: str) -> None:
    assert stated_numbers(text) == []


def test_spans_are_offsets_into_the_whole_text() -> None:
    sentence = "They hold more than 1,200 sq km."
    found = stated_numbers(sentence, offset=100)
    assert (found[0].span_start, found[0].span_end) == (110, 131)
    assert sentence[10:31] == "more than 1,200 sq km"


def test_past_day_marks_a_figure_incremental() -> None:
    assert stated_numbers("ЗСУ взяли під контроль ще 40 кв. км")[0].incremental
    assert not stated_numbers("ЗСУ контролюють 1000 кв. км")[0].incremental
