"""Tests for dashboard.popups and the escaping of ledger text on its way to the map.

`tests/data/hostile_ledger.yaml` is a valid ledger whose claimant, quote, gist, note and publisher
carry script-injection payloads; nothing of them may reach the map as markup.
"""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import folium
import pytest
from streamlit_folium import generate_leaflet_string

from claims.control import COMPOSITE, ControlPicture, asserted_control
from claims.diff import view_change
from claims.errors import LedgerError
from claims.ledger_file import read_ledger
from claims.model import Ledger, Source
from claims.parse import ParseContext
from claims.places import claims_by_settlement
from claims.theatre import Theatre
from dashboard.layer_data import (
    changes_geojson,
    contested_geojson,
    place_catalogue,
    settlements_geojson,
    territory_geojson,
)
from dashboard.map_builder import BaseLayers, DateLayers, build_base_map, build_date_layers
from dashboard.popups import escape, settlement_popup, source_link

HOSTILE_LEDGER = Path(__file__).parent / "data" / "hostile_ledger.yaml"
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
)
DATES = (date(2024, 8, 15), date(2024, 8, 20), date(2025, 3, 13))
POPUP_TAGS = {"div", "b", "small", "br", "i", "p", "ul", "li", "q", "a"}
POPUP_ATTRIBUTES = {"class", "href", "target", "rel"}
RAW_MARKUP = re.compile(r"<\s*/?\s*(script|img|svg)|\bon(error|load)\s*=\s*[^\s&]*>", re.I)


class MarkupCensus(HTMLParser):
    """Every tag and attribute in an HTML fragment, as a browser's innerHTML would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def census(fragment: str) -> MarkupCensus:
    parser = MarkupCensus()
    parser.feed(fragment)
    parser.close()
    return parser


def assert_inert(fragment: str, *, tags: set[str], attributes: set[str]) -> None:
    """The fragment's markup is only what the dashboard writes; ledger text stays text."""
    assert not re.search(r"<\s*(script|img|svg)", fragment, re.I), fragment
    found = census(fragment)
    assert set(found.tags) <= tags, fragment
    assert {name for name, _ in found.attributes} <= attributes, fragment
    for name, value in found.attributes:
        assert not name.startswith("on"), fragment
        if name == "href":
            assert value.startswith(("https://", "http://")), fragment
            assert "javascript:" not in value.lower(), fragment


@pytest.fixture(scope="module")
def hostile(kursk_parse_context: ParseContext) -> Ledger:
    return read_ledger(HOSTILE_LEDGER, kursk_parse_context)


@pytest.fixture(scope="module")
def pictures(hostile: Ledger, kursk: Theatre) -> dict[date, ControlPicture]:
    return {on: asserted_control(hostile, kursk, on) for on in DATES}


WEB_URL = re.compile(r"^https?://", re.IGNORECASE)


def test_hostile_ledger_is_valid_and_hostile(hostile: Ledger) -> None:
    for claim in hostile.records:
        quote = claim.quote.text if claim.quote else ""
        fields = (claim.claimant, quote, claim.gist, claim.note, claim.sources[0].publisher)
        for text in fields:
            assert any(payload in text for payload in PAYLOADS), (claim.id, text)


def test_settlement_popups_carry_ledger_text_as_text_only(
    hostile: Ledger, kursk: Theatre, pictures: dict[date, ControlPicture]
) -> None:
    index = claims_by_settlement(hostile.records, kursk)
    catalogue = place_catalogue(kursk, index)
    by_id = {s.id: s for s in kursk.settlements}
    shown_claimants = set()
    for on, picture in pictures.items():
        for view in (picture.composite, *picture.claimants):
            for feature in settlements_geojson(view, kursk, index, on=on)["features"]:
                properties = feature["properties"]
                about = [c for c in hostile.records if c.id in set(properties["claims"])]
                settlement = by_id[properties["id"]]
                popup = settlement_popup(settlement, properties["status"], about, on=on)
                assert_inert(popup, tags=POPUP_TAGS, attributes=POPUP_ATTRIBUTES)
                for claim_id in properties["claims"]:
                    entry = catalogue["claims"][claim_id]
                    # plain text for textContent: each address exactly as the ledger gives it
                    said = next(c for c in about if c.id == claim_id)
                    assert [s["url"] for s in entry["sources"]] == [s.url for s in said.sources]
                    assert not any(
                        s["url"].lower().startswith("javascript:") for s in entry["sources"]
                    )
                text = "".join(census(popup).text)
                shown_claimants |= {c.claimant for c in hostile.records if c.claimant in text}
    assert shown_claimants == {c.claimant for c in hostile.records}, "payloads shown as text"


def test_sudzha_popup_escapes_quote_and_publisher(hostile: Ledger, kursk: Theatre) -> None:
    sudzha = next(s for s in kursk.settlements if s.name_en == "Sudzha")
    about = claims_by_settlement(hostile.records, kursk)[sudzha.id]
    popup = settlement_popup(sudzha, "russia", about, on=DATES[-1])
    text = "".join(census(popup).text)
    for claim in about:
        assert claim.quote is not None
        assert claim.quote.text in text
        assert claim.sources[0].publisher in text
        assert escape(claim.claimant) in popup
    links = [v for name, v in census(popup).attributes if name == "href"]
    assert links == [c.sources[0].url for c in reversed(about)]


def test_territory_tooltips_carry_ledger_text_as_text_only(
    hostile: Ledger, pictures: dict[date, ControlPicture]
) -> None:
    tooltips = [
        feature["properties"]["tooltip"]
        for picture in pictures.values()
        for view in (picture.composite, *picture.claimants)
        for feature in territory_geojson(view, on=picture.on)["features"]
    ]
    assert tooltips
    for tooltip in tooltips:
        assert_inert(tooltip, tags=set(), attributes=set())
    claimants = {c.claimant for c in hostile.records}
    said_by = {html.unescape(t).split(": ", 1)[1].rsplit(", about ", 1)[0] for t in tooltips}
    assert said_by == claimants


def test_parser_rejects_a_javascript_url(tmp_path: Path, kursk_parse_context: ParseContext) -> None:
    text = HOSTILE_LEDGER.read_text(encoding="utf-8")
    sneaky = tmp_path / "sneaky.yaml"
    sneaky.write_text(
        text.replace('url: "https://example.org/ind"', 'url: "javascript:alert(1)"', 1), "utf-8"
    )
    with pytest.raises(LedgerError) as caught:
        read_ledger(sneaky, kursk_parse_context)
    (problem,) = caught.value.problems
    assert (problem.record, problem.field) == ("hostile-ind-2024-08-20", "sources[0].url")
    assert "http" in problem.message


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,x"],
)
def test_source_link_writes_no_anchor_for_other_schemes(url: str) -> None:
    link = source_link(Source(url=url, publisher=PAYLOADS[0], published=None, checked=False))
    assert "<a" not in link
    assert_inert(link, tags=set(), attributes=set())
    assert html.unescape(link) == PAYLOADS[0]


def test_source_link_escapes_an_http_address() -> None:
    url = 'https://example.org/?q="onmouseover=alert(1)'
    link = source_link(Source(url=url, publisher=PAYLOADS[2], published=None, checked=True))
    assert_inert(link, tags={"a"}, attributes={"href", "target", "rel"})
    (href,) = [v for name, v in census(link).attributes if name == "href"]
    assert href == url


def hostile_date_layers(hostile: Ledger, kursk: Theatre, on: date) -> DateLayers:
    picture = asserted_control(hostile, kursk, on)
    before = asserted_control(hostile, kursk, DATES[0]).composite
    change = view_change(before, picture.composite, kursk, dates=(DATES[0], on))
    return DateLayers(
        date_text=f"{on:%d %b %Y}",
        iso=on.isoformat(),
        settlements=settlements_geojson(
            picture.view(COMPOSITE), kursk, claims_by_settlement(hostile.records, kursk), on=on
        ),
        territory=territory_geojson(picture.composite, on=on),
        contested=contested_geojson(picture.contested),
        changes=changes_geojson(change),
    )


def test_generated_leaflet_script_has_no_live_payload(hostile: Ledger, kursk: Theatre) -> None:
    empty: dict[str, object] = {"type": "FeatureCollection", "features": []}
    square = {"type": "Polygon", "coordinates": [[[35, 51], [36, 51], [36, 52], [35, 51]]]}
    oblast = {"type": "Feature", "properties": {"name": "Kursk"}, "geometry": square}
    oblasts = {"type": "FeatureCollection", "features": [oblast]}
    fmap = build_base_map(BaseLayers(oblasts, empty, empty, credits=()), tiles=False)
    groups = build_date_layers(hostile_date_layers(hostile, kursk, DATES[-1]))
    for index, group in enumerate(groups):
        group._id = f"feature_group_{index}"  # as streamlit-folium names them
        group.add_to(fmap)
    folium.LayerControl().add_to(fmap)
    fmap.get_root().render()
    script = "\n".join(
        generate_leaflet_string(g, base_id=f"feature_group_{i}") for i, g in enumerate(groups)
    )
    assert "alert(1)" in script, "the payloads are in the layers, as data"
    assert "<script>alert" not in script
    assert not RAW_MARKUP.search(script)
    assert "</script" not in script.lower()
    assert "javascript:" not in script.lower()
