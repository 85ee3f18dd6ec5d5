"""claims.figures: the numbers claimants state, as a dated series and as totals in force."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from claims.figures import figures_in_force, stated_series
from claims.model import Basis, Claim, Side, Unit
from claims.parse import ParseContext, parse_ledger

RecordFactory = Callable[..., dict[str, Any]]


@pytest.fixture
def figure_claims(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> Callable[..., tuple[Claim, ...]]:
    """Parse figure records given as (id, published, refers_to, [figure specs], extra fields)."""

    def parse(
        *rows: tuple[str, str, str, list[dict[str, Any]], dict[str, Any]],
    ) -> tuple[Claim, ...]:
        records = [
            make_record(
                id=claim_id,
                kind="figure",
                settlements=None,
                published=published,
                refers_to=refers_to,
                figures=figures,
                **extra,
            )
            for claim_id, published, refers_to, figures, extra in rows
        ]
        return parse_ledger({"records": records}, kursk_parse_context).records

    return parse


def km2(value: float, basis: str = "cumulative", **more: Any) -> dict[str, Any]:
    return {"value": value, "unit": "km2", "basis": basis, "about": "russia", **more}


def test_series_is_ordered_by_the_day_spoken_for_not_file_order(
    figure_claims: Callable[..., tuple[Claim, ...]],
) -> None:
    claims = figure_claims(
        ("late", "2024-08-27", "2024-08-27", [km2(1294)], {}),
        ("said-late-about-early", "2024-08-20", "2024-08-10", [km2(800)], {}),
        ("early", "2024-08-12", "2024-08-12", [km2(1000)], {}),
    )
    series = stated_series(claims)
    assert [s.claim.id for s in series] == ["said-late-about-early", "early", "late"]
    assert [s.on.isoformat() for s in series] == ["2024-08-10", "2024-08-12", "2024-08-27"]


def test_every_figure_of_a_claim_is_in_the_series(
    figure_claims: Callable[..., tuple[Claim, ...]],
) -> None:
    (claim,) = figure_claims(
        (
            "two",
            "2024-08-13",
            "2024-08-13",
            [{"value": 74, "unit": "settlements", "about": "russia"}, km2(40, "incremental")],
            {},
        ),
    )
    assert sorted(s.figure.unit.value for s in stated_series([claim])) == ["km2", "settlements"]


def test_ranges_are_kept(figure_claims: Callable[..., tuple[Claim, ...]]) -> None:
    (claim,) = figure_claims(
        ("range", "2024-08-20", "2024-08-20", [km2(1150, low=1000, high=1300)], {})
    )
    (stated,) = stated_series([claim])
    assert (stated.figure.low, stated.figure.value, stated.figure.high) == (1000, 1150, 1300)


def test_latest_cumulative_figure_is_in_force_and_increments_are_not(
    figure_claims: Callable[..., tuple[Claim, ...]],
) -> None:
    claims = figure_claims(
        ("first-total", "2024-08-12", "2024-08-12", [km2(1000)], {}),
        ("daily-gain", "2024-08-13", "2024-08-13", [km2(40, "incremental")], {}),
        ("second-total", "2024-08-27", "2024-08-27", [km2(1294)], {}),
        ("later-gain", "2024-08-28", "2024-08-28", [km2(15, "incremental")], {}),
    )
    in_force = figures_in_force(claims)
    assert [(s.claim.id, s.figure.value) for s in in_force] == [("second-total", 1294)]
    assert all(s.figure.basis is Basis.CUMULATIVE for s in in_force)
    assert len(stated_series(claims)) == 4  # increments stay in the series


def test_one_figure_in_force_per_unit_and_subject(
    figure_claims: Callable[..., tuple[Claim, ...]],
) -> None:
    claims = figure_claims(
        ("ua-area", "2024-08-12", "2024-08-12", [km2(1000)], {}),
        (
            "ua-prisoners",
            "2024-08-20",
            "2024-08-20",
            [{"value": 594, "unit": "personnel_captured", "about": "russia"}],
            {},
        ),
        (
            "ru-losses",
            "2024-08-21",
            "2024-08-21",
            [{"value": 4700, "unit": "personnel_total", "about": "ukraine"}],
            {"claimant": "Russian MoD", "side": "russia", "holder": "russia"},
        ),
    )
    in_force = {(s.figure.unit, s.about): s.claim.id for s in figures_in_force(claims)}
    assert in_force == {
        (Unit.KM2, Side.RUSSIA): "ua-area",
        (Unit.PERSONNEL_CAPTURED, Side.RUSSIA): "ua-prisoners",
        (Unit.PERSONNEL_TOTAL, Side.UKRAINE): "ru-losses",
    }


@pytest.mark.parametrize(("holder", "about"), [("ukraine", Side.UKRAINE), ("contested", None)])
def test_subject_defaults_to_the_claims_holder(
    figure_claims: Callable[..., tuple[Claim, ...]], holder: str, about: Side | None
) -> None:
    (claim,) = figure_claims(
        (
            "no-about",
            "2024-08-12",
            "2024-08-12",
            [{"value": 10, "unit": "km_depth"}],
            {"holder": holder},
        ),
    )
    (stated,) = stated_series([claim])
    assert stated.about == about
