"""Tests for dashboard.tables over the bundled ledger and a few inline records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import yaml

from claims.bundle import load_ledger
from claims.control import COMPOSITE, ControlPicture, asserted_control
from claims.ledger_file import BUNDLED_LEDGER
from claims.model import Claim, Holder, Ledger
from claims.parse import ParseContext, parse_record
from claims.places import claims_by_settlement
from claims.theatre import Theatre
from claims.timing import effective_day
from dashboard import tables

SYRSKYI = "Oleksandr Syrskyi, Commander-in-Chief of the Armed Forces of Ukraine"
ON = date(2024, 8, 20)
LAST_DAY = date(2025, 4, 28)

RecordFactory = Callable[..., dict[str, Any]]
HELD = {"ukraine", "russia"}


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load_ledger()


@pytest.fixture(scope="module")
def picture_on(ledger: Ledger, kursk: Theatre) -> ControlPicture:
    return asserted_control(ledger, kursk, ON)


def raw_figures(claimant: str, *, until: date) -> dict[str, float]:
    """The claimant's latest stated km² and settlement counts, read from the YAML directly."""
    records = yaml.safe_load(BUNDLED_LEDGER.read_text(encoding="utf-8"))["records"]
    latest: dict[str, tuple[date, float]] = {}
    for record in records:
        if record["claimant"] != claimant or record["published"] > until:
            continue
        for figure in record.get("figures") or []:
            unit = figure["unit"]
            if unit not in {"km2", "settlements"} or figure.get("about") not in HELD:
                continue
            if unit not in latest or record["published"] >= latest[unit][0]:
                latest[unit] = (record["published"], float(figure["value"]))
    return {unit: value for unit, (_, value) in latest.items()}


def test_stated_vs_mapped_shows_syrskyis_area_and_settlements(
    picture_on: ControlPicture, kursk: Theatre
) -> None:
    views = [picture_on.view(name) for name in (SYRSKYI, COMPOSITE)]
    table = tables.stated_vs_mapped(views, kursk)
    rows = table[table["claimant"] == SYRSKYI]
    stated = dict(zip(rows["unit"], rows["stated"], strict=True))
    assert stated == raw_figures(SYRSKYI, until=ON)
    assert stated == {"km2": 1263, "settlements": 93}  # as FORMAT.md and the news reports say
    view = picture_on.view(SYRSKYI)
    mapped = dict(zip(rows["unit"], rows["mapped"], strict=True))
    assert mapped["km2"] == pytest.approx(view.area_km2(Holder.UKRAINE), abs=0.05)
    assert mapped["settlements"] == len(view.settlements_held(Holder.UKRAINE, kursk))
    assert set(rows["held by"]) == {"ukraine"}


def test_composite_states_no_figures(picture_on: ControlPicture, kursk: Theatre) -> None:
    assert tables.stated_vs_mapped([picture_on.composite], kursk).empty


def test_claims_table_has_one_row_per_claim_with_its_columns(ledger: Ledger) -> None:
    claims = [c for c in ledger.records if c.published == ON]
    table = tables.claims_table(claims)
    assert list(table.columns) == [
        "published",
        "refers to",
        "claimant",
        "side",
        "kind",
        "holder",
        "gist",
        "verification",
        "source",
        "id",
    ]
    assert list(table["id"]) == [c.id for c in claims]
    assert list(table["source"]) == [c.sources[0].url for c in claims]
    assert all(url.startswith(("https://", "http://")) for url in table["source"])


def test_claims_table_of_nothing_keeps_its_columns() -> None:
    assert list(tables.claims_table([]).columns)[-3:] == ["verification", "source", "id"]


def test_claims_in_force_are_those_deciding_a_place(picture_on: ControlPicture) -> None:
    in_force = tables.claims_in_force(picture_on, [COMPOSITE])
    deciding = {a.claim.id for a in picture_on.composite.painted.places.values()}
    assert {c.id for c in in_force} == deciding
    assert all(effective_day(c) <= ON for c in in_force)


def test_settlement_history_lists_sudzha_changing_hands(ledger: Ledger, kursk: Theatre) -> None:
    index = claims_by_settlement(ledger.records, kursk)
    picture = asserted_control(ledger, kursk, LAST_DAY)
    table = tables.settlement_history_table(kursk, index, picture)
    named = {s.name_en for s in kursk.settlements if s.id in index}
    assert set(table["settlement"]) == named
    sudzha_id = next(s.id for s in kursk.settlements if s.name_en == "Sudzha")
    about_sudzha = index[sudzha_id]
    row = table[table["settlement"] == "Sudzha"].iloc[0]
    assert row["claims"] == len(about_sudzha)
    assert row["status (latest word)"] == picture.composite.painted.places[sudzha_id].holder
    for side in ("ukraine", "russia"):
        said = [c for c in about_sudzha if c.side.value == side and c.holder is not None]
        assert said, f"the bundled ledger has a {side} claim about Sudzha"
        assert any(f"{c.claimant.split(',')[0]}: {c.holder.value}" in row["history"] for c in said)


def test_settlement_history_grows_with_the_date(ledger: Ledger, kursk: Theatre) -> None:
    index = claims_by_settlement(ledger.records, kursk)
    early = tables.settlement_history_table(kursk, index, asserted_control(ledger, kursk, ON))
    late = tables.settlement_history_table(kursk, index, asserted_control(ledger, kursk, LAST_DAY))
    assert set(early["settlement"]) <= set(late["settlement"])
    expected = {
        s.name_en
        for s in kursk.settlements
        if any(effective_day(c) <= ON for c in index.get(s.id, ()))
    }
    assert set(early["settlement"]) == expected


def figure_claim(make_record: RecordFactory, context: ParseContext, **changes: Any) -> Claim:
    claim, problems = parse_record(make_record(**changes), context)
    assert claim is not None, problems
    return claim


def test_figures_timeline_keeps_ranges_and_single_values(
    make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    ranged = {"value": 5000, "low": 4000, "high": 6500, "unit": "personnel_killed"}
    single = {"value": 12, "unit": "tanks", "basis": "incremental"}
    as_figure = {"kind": "figure", "holder": None, "settlements": None}
    claims = [
        figure_claim(
            make_record,
            kursk_parse_context,
            id="fig-a",
            figures=[{**ranged, "basis": "cumulative", "about": "ukraine"}],
            **as_figure,
        ),
        figure_claim(
            make_record,
            kursk_parse_context,
            id="fig-b",
            figures=[{**single, "about": "russia"}],
            published="2024-09-01",
            refers_to="2024-09-01",
            **as_figure,
        ),
    ]
    timeline = tables.figures_timeline(claims, until=date(2024, 12, 31)).set_index("claim")
    assert tuple(timeline.loc["fig-a", ["low", "value", "high"]]) == (4000, 5000, 6500)
    assert tuple(timeline.loc["fig-b", ["low", "value", "high"]]) == (12, 12, 12)
    assert timeline.loc["fig-a", "bound"] == "range"
    assert timeline.loc["fig-b", "bound"] == "exact"
    assert timeline.loc["fig-b", "basis"] == "incremental"
    assert timeline.loc["fig-a", "unit"] == "personnel killed"
    earlier = tables.figures_timeline(claims, until=date(2024, 8, 31))
    assert list(earlier["claim"]) == ["fig-a"]


def test_figures_timeline_leaves_out_area_figures(ledger: Ledger) -> None:
    timeline = tables.figures_timeline(ledger.records, until=LAST_DAY)
    assert not timeline.empty
    assert not set(timeline["unit"]) & {"km2", "settlements", "km depth", "km front"}
    assert (timeline["low"] <= timeline["value"]).all()
    assert (timeline["value"] <= timeline["high"]).all()


def test_stated_for_panel_is_three_narrow_columns_with_when_and_which_claim(
    picture_on: ControlPicture, kursk: Theatre
) -> None:
    views = [picture_on.view(name) for name in (SYRSKYI, COMPOSITE)]
    panel = tables.stated_for_panel(tables.stated_vs_mapped(views, kursk), SYRSKYI)
    assert list(panel.columns) == ["figure", "stated", "mapped", "said", "claim"]
    rows = panel.set_index("figure")
    assert rows.loc["km² Ukraine-held", "stated"] == 1263
    assert rows.loc["settlements Ukraine-held", "stated"] == 93
    view = picture_on.view(SYRSKYI)
    assert rows.loc["km² Ukraine-held", "mapped"] == round(view.area_km2(Holder.UKRAINE))
    assert set(panel["said"]) == {"20 Aug 2024"}
    assert set(panel["claim"]) == {"ua-syrskyi-2024-08-20-area"}
    assert tables.stated_for_panel(tables.stated_vs_mapped(views, kursk), COMPOSITE).empty
