"""claims.parse: every record is validated where it is read; a bad ledger is rejected whole."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
import yaml
from shapely.geometry import Point
from shapely.testing import assert_geometries_equal

from claims.errors import LedgerError, Problem
from claims.model import Basis, GeometryOrigin, Holder, Kind, Side, Unit
from claims.parse import ParseContext, parse_ledger

RecordFactory = Callable[..., dict[str, Any]]

BOWTIE = "POLYGON ((35.1 51.1, 35.3 51.3, 35.3 51.1, 35.1 51.3, 35.1 51.1))"
MOSCOW = "POLYGON ((37.5 55.7, 37.7 55.7, 37.7 55.8, 37.5 55.7))"
SUDZHA_SWAPPED = "POLYGON ((51.1 35.1, 51.3 35.1, 51.3 35.3, 51.1 35.1))"
NEAR_SUDZHA = "POLYGON ((35.2 51.15, 35.35 51.15, 35.35 51.25, 35.2 51.25, 35.2 51.15))"


def problems_of(records: list[Any], context: ParseContext) -> tuple[Problem, ...]:
    with pytest.raises(LedgerError) as caught:
        parse_ledger({"records": records}, context, source="inline")
    return caught.value.problems


def area(wkt: str, *, origin: str = "drawn_by_claimant") -> dict[str, Any]:
    """Changes that make a record an area_control claim over a drawn shape."""
    return {"kind": "area_control", "settlements": None, "geometry": {"wkt": wkt, "origin": origin}}


def figure(**spec: Any) -> dict[str, Any]:
    """Changes that make a record a figure claim stating one number."""
    return {"kind": "figure", "settlements": None, "figures": [{"unit": "km2", **spec}]}


def test_valid_record_becomes_a_claim(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    ledger = parse_ledger(
        {"records": [make_record(settlements=["Suja", "Мартыновка"])]}, kursk_parse_context
    )
    (claim,) = ledger.records
    sudzha = kursk_parse_context.gazetteer.resolve("Sudzha")
    martynovka = kursk_parse_context.gazetteer.resolve("Martynovka")
    assert claim.settlement_ids == (sudzha.id, martynovka.id)
    assert claim.settlement_names == ("Suja", "Мартыновка")
    assert claim.side is Side.UKRAINE
    assert claim.holder is Holder.UKRAINE
    assert claim.kind is Kind.SETTLEMENT_CONTROL
    assert claim.published == claim.refers_to == claim.refers_to_end == date(2024, 8, 20)
    assert claim.sources[0].url == "https://example.org/report"
    assert claim.asserts_places


def test_ledger_may_be_a_bare_list(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    assert len(parse_ledger([make_record()], kursk_parse_context)) == 1


def test_yaml_text_parses_with_dates_and_figures(kursk_parse_context: ParseContext) -> None:
    text = """
records:
  - id: ru-mod-2024-08-24
    claimant: Russian Ministry of Defence
    side: russia
    published: 2024-08-25 09:30:00
    refers_to: 2024-08-24
    kind: figure
    figures:
      - {value: "4,700", low: 4500, high: 5000, unit: personnel_total, about: ukraine}
    sources:
      - {url: "https://example.org/mod", publisher: MoD, published: 2024-08-25, checked: false}
    verification: claimed_unverified
"""
    (claim,) = parse_ledger(yaml.safe_load(text), kursk_parse_context).records
    assert claim.published == date(2024, 8, 25)
    (stated,) = claim.figures
    assert (stated.value, stated.low, stated.high) == (4700, 4500, 5000)
    assert stated.unit is Unit.PERSONNEL_TOTAL
    assert stated.basis is Basis.CUMULATIVE
    assert stated.about is Side.UKRAINE


def test_drawn_geometry_is_kept(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    (claim,) = parse_ledger(
        {"records": [make_record(**area(NEAR_SUDZHA))]}, kursk_parse_context
    ).records
    assert claim.geometry is not None
    assert claim.geometry.origin is GeometryOrigin.DRAWN_BY_CLAIMANT
    assert claim.geometry.shape.covers(Point(35.27, 51.19))


def test_geojson_point_is_read(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    geometry = {
        "geojson": {"type": "Point", "coordinates": [35.27, 51.19]},
        "origin": "gazetteer_point",
    }
    record = make_record(kind="capture", settlements=None, geometry=geometry)
    (claim,) = parse_ledger({"records": [record]}, kursk_parse_context).records
    assert claim.geometry is not None
    assert_geometries_equal(claim.geometry.shape, Point(35.27, 51.19))


def test_whole_region_geometry(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    record = make_record(
        kind="area_control",
        settlements=None,
        geometry={"region": "kursk_oblast", "origin": "region"},
    )
    (claim,) = parse_ledger({"records": [record]}, kursk_parse_context).records
    assert claim.geometry is not None
    assert claim.geometry.region == "kursk_oblast"
    assert claim.geometry.shape.equals(kursk_parse_context.regions["kursk_oblast"])


def test_forecast_may_refer_to_a_later_day(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    record = make_record(refers_to="2024-09-01", forecast=True)
    (claim,) = parse_ledger({"records": [record]}, kursk_parse_context).records
    assert claim.forecast
    assert claim.refers_to == date(2024, 9, 1)


def test_timestamp_counts_as_its_day(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    record = make_record(published=datetime(2024, 8, 20, 23, 15))
    (claim,) = parse_ledger({"records": [record]}, kursk_parse_context).records
    assert claim.published == date(2024, 8, 20)


BAD_RECORDS: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "contested attacker",
        {"kind": "attack", "holder": "contested"},
        "holder",
        "attacker of this attack",
    ),
    (
        "contested defender",
        {"kind": "repelled_attack", "holder": "contested"},
        "holder",
        "defender of this repelled_attack",
    ),
    ("unknown settlement", {"settlements": ["Xyzzyville"]}, "settlements", "'Xyzzyville'"),
    (
        "near miss lists candidates",
        {"settlements": ["Sudzhanka"]},
        "settlements",
        "Sudzha (Sudzhansky district",
    ),
    ("unparseable date", {"published": "20 August 2024"}, "published", "is not a date"),
    ("impossible date", {"refers_to": "2024-02-30"}, "refers_to", "is not a date"),
    ("number as date", {"published": 20240820}, "published", "is not a date"),
    ("future date", {"published": "2099-01-01"}, "published", "in the future"),
    ("said before it happened", {"refers_to": "2024-08-25"}, "refers_to", "forecast: true"),
    (
        "period ends before it starts",
        {"refers_to_end": "2024-08-19"},
        "refers_to_end",
        "before refers_to",
    ),
    ("self-intersecting bowtie", area(BOWTIE), "geometry", "invalid"),
    ("empty geometry", area("POLYGON EMPTY"), "geometry", "is empty"),
    ("geometry far away", area(MOSCOW), "geometry", "outside the region"),
    ("lat/lon swapped", area(SUDZHA_SWAPPED), "geometry", "swapped"),
    ("unreadable wkt", area("POLYGON ((35 51, 35.1"), "geometry.wkt", "cannot be read"),
    (
        "unsupported geometry type",
        area("GEOMETRYCOLLECTION (POINT (35.2 51.2))"),
        "geometry",
        "not supported",
    ),
    (
        "unknown geojson type",
        {
            "kind": "area_control",
            "geometry": {"geojson": {"type": "Banana"}, "origin": "drawn_by_claimant"},
        },
        "geometry.geojson",
        "cannot be read",
    ),
    (
        "geometry origin missing",
        {"kind": "area_control", "geometry": {"wkt": NEAR_SUDZHA}},
        "geometry.origin",
        "is missing",
    ),
    (
        "unknown region",
        {"kind": "area_control", "geometry": {"region": "moscow_oblast", "origin": "region"}},
        "geometry.region",
        "kursk_oblast",
    ),
    ("missing sources", {"sources": None}, "sources", "at least one source"),
    ("empty sources", {"sources": []}, "sources", "at least one source"),
    (
        "javascript url",
        {"sources": [{"url": "javascript:alert(1)", "publisher": "X"}]},
        "sources[0].url",
        "http(s)",
    ),
    (
        "source without publisher",
        {"sources": [{"url": "https://example.org/"}]},
        "sources[0].publisher",
        "is missing",
    ),
    ("nan figure", figure(value=float("nan")), "figures[0].value", "not a finite number"),
    ("infinite figure", figure(value=float("inf")), "figures[0].value", "not a finite number"),
    ("negative figure", figure(value=-5), "figures[0].value", "negative"),
    ("text figure", figure(value="about a thousand"), "figures[0].value", "not a number"),
    ("boolean figure", figure(value=True), "figures[0].value", "not a number"),
    ("low above value", figure(value=100, low=150), "figures[0].low", "above the value"),
    ("high below value", figure(value=100, high=50), "figures[0].high", "below the value"),
    ("unknown unit", figure(value=100, unit="acres"), "figures[0].unit", "'acres'"),
    (
        "unknown figure field",
        figure(value=100, approx=True),
        "figures[0].approx",
        "not a field of a figure",
    ),
    (
        "figure claim without figures",
        {"kind": "figure", "settlements": None},
        "figures",
        "at least one figure",
    ),
    ("unknown record field", {"colour": "red"}, "colour", "not a field of a claim record"),
    ("unknown side", {"side": "martian"}, "side", "'martian'"),
    ("unknown kind", {"kind": "rumour"}, "kind", "'rumour'"),
    ("unknown holder", {"holder": "nato"}, "holder", "'nato'"),
    ("control claim without holder", {"holder": None}, "holder", "which side"),
    (
        "control claim without places",
        {"settlements": None},
        "settlements",
        "must name settlements or a geometry",
    ),
    ("forecast not a flag", {"forecast": "yes"}, "forecast", "true or false"),
    ("missing claimant", {"claimant": None}, "claimant", "is missing"),
    ("settlements not text", {"settlements": [5]}, "settlements", "list of text"),
    ("supersedes unknown id", {"supersedes": ["no-such-record"]}, "supersedes", "'no-such-record'"),
    (
        "contradicts unknown id",
        {"contradicts": ["no-such-record"]},
        "contradicts",
        "'no-such-record'",
    ),
    ("supersedes itself", {"supersedes": ["ua-test-2024-08-20"]}, "supersedes", "itself"),
]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [pytest.param(c, f, m, id=label) for label, c, f, m in BAD_RECORDS],
)
def test_bad_record_is_named_by_id_and_field(
    make_record: RecordFactory,
    kursk_parse_context: ParseContext,
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    problems = problems_of([make_record(**changes)], kursk_parse_context)
    assert [(p.record, p.field) for p in problems] == [("ua-test-2024-08-20", field)]
    assert message in problems[0].message
    assert str(problems[0]).startswith(f"record ua-test-2024-08-20: {field}: ")


def test_duplicate_id_is_reported(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    problems = problems_of([make_record(), make_record()], kursk_parse_context)
    assert [(p.record, p.field) for p in problems] == [("ua-test-2024-08-20", "id")]
    assert "unique" in problems[0].message


def test_record_without_id_is_named_by_position(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    problems = problems_of([make_record(id="first"), make_record(id=None)], kursk_parse_context)
    assert [(p.record, p.field) for p in problems] == [("#2 (no id)", "id")]


def test_record_that_is_not_a_mapping(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    problems = problems_of([make_record(), "just a string"], kursk_parse_context)
    assert [(p.record, p.field) for p in problems] == [("#2", "record")]


@pytest.mark.parametrize("data", [None, {"records": None}, {"records": "none"}, 42])
def test_ledger_without_a_record_list_is_rejected(
    kursk_parse_context: ParseContext, data: object
) -> None:
    with pytest.raises(LedgerError) as caught:
        parse_ledger(data, kursk_parse_context)
    assert [p.field for p in caught.value.problems] == ["records"]


def test_one_bad_record_rejects_the_whole_ledger_listing_every_problem(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    records = [
        make_record(id="good-one"),
        make_record(id="bad-place", settlements=["Xyzzyville"]),
        make_record(id="good-two", holder="russia"),
        make_record(
            id="bad-many",
            side="martian",
            published="2099-01-01",
            sources=[{"url": "javascript:alert(1)", "publisher": "X"}],
        ),
    ]
    with pytest.raises(LedgerError) as caught:
        parse_ledger({"records": records}, kursk_parse_context, source="mixed.yaml")
    found = {(p.record, p.field) for p in caught.value.problems}
    assert found == {
        ("bad-place", "settlements"),
        ("bad-many", "side"),
        ("bad-many", "published"),
        ("bad-many", "sources[0].url"),
    }
    message = str(caught.value)
    assert message.startswith("mixed.yaml: 4 problems, ledger rejected")
    assert all(str(p) in message for p in caught.value.problems)


def test_badly_formed_id_is_reported(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    problems = problems_of([make_record(id="UA Report #1")], kursk_parse_context)
    assert [(p.record, p.field) for p in problems] == [("UA Report #1", "id")]
    assert "lower-case" in problems[0].message


def test_attack_records_name_attacker_and_defender(kursk_parse_context: ParseContext) -> None:
    """`holder` is the attacker of an attack and the defender of a repelled attack, one rule."""
    from claims.bundle import load_ledger

    attacks = [c for c in load_ledger().records if c.kind in (Kind.ATTACK, Kind.REPELLED_ATTACK)]
    assert len(attacks) > 100
    for claim in attacks:
        assert {claim.attacker, claim.defender} == {Holder.UKRAINE, Holder.RUSSIA}, claim.id
        own = claim.attacker if claim.kind is Kind.ATTACK else claim.defender
        assert own is claim.holder, claim.id
