"""Tests for dashboard.map_builder: the folium map as an object and as rendered HTML, no browser."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import branca
import folium
import folium.elements
import pytest
from folium.plugins import Fullscreen
from jinja2.utils import htmlsafe_json_dumps
from streamlit_folium import generate_leaflet_string

from claims.bundle import load_ledger
from claims.control import COMPOSITE, asserted_control
from claims.model import Holder
from claims.places import claims_by_settlement
from claims.theatre import Theatre
from dashboard import map_builder, map_elements
from dashboard.layer_data import contested_geojson, settlements_geojson, territory_geojson
from dashboard.map_builder import (
    CREDITS,
    NOTICE,
    OSM_ATTRIBUTION,
    BaseLayers,
    DateLayers,
    build_base_map,
    build_date_layers,
)
from dashboard.map_elements import LABELS_JS, NEUTRAL_PREFIX, SHARED_CANVAS_JS, DateStamp
from dashboard.offline import STATIC_ROOT, use_vendored_assets
from dashboard.styles import RIVER_COLOUR, hatch_id
from dashboard.view_kinds import ALL_LAYERS, LAYER_NAMES, MapLayer
from geodata.layers import DATA_DIR

STATIC_DIR = Path(__file__).resolve().parents[1] / "dashboard" / "static"
ON = date(2025, 3, 14)


def js(value: str) -> str:
    """A string as folium's templates embed it (`tojson`)."""
    return str(htmlsafe_json_dumps(value))


@pytest.fixture(scope="module")
def base() -> BaseLayers:
    def read(name: str) -> dict[str, object]:
        data: dict[str, object] = json.loads((DATA_DIR / f"{name}.geojson").read_text("utf-8"))
        return data

    return BaseLayers(read("oblasts"), read("border"), read("rivers"), credits=CREDITS)


@pytest.fixture(scope="module")
def layers(kursk: Theatre) -> DateLayers:
    ledger = load_ledger()
    picture = asserted_control(ledger, kursk, ON)
    view = picture.view(COMPOSITE)
    index = claims_by_settlement(ledger.records, kursk)
    return DateLayers(
        date_text=f"{ON:%d %b %Y}",
        iso=ON.isoformat(),
        settlements=settlements_geojson(view, kursk, index, on=ON),
        territory=territory_geojson(view, on=ON),
        contested=contested_geojson(picture.contested),
    )


@pytest.fixture
def vendored(monkeypatch: pytest.MonkeyPatch) -> None:
    """use_vendored_assets(), with folium's class defaults restored after the test."""
    for cls in (folium.Map, Fullscreen):
        for name in ("default_js", "default_css"):
            monkeypatch.setattr(cls, name, getattr(cls, name))
    use_vendored_assets()


def asset_urls(fmap: folium.Map) -> tuple[list[str], list[str]]:
    """The script and style URLs streamlit-folium would load for this map (its own walk)."""

    def walk(element: object) -> Iterator[object]:
        if isinstance(element, branca.colormap.ColorMap | folium.elements.JSCSSMixin):
            yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    scripts: list[str] = []
    styles: list[str] = []
    for element in walk(fmap):
        if isinstance(element, branca.colormap.ColorMap):
            scripts.append("https://d3js.org/d3.v4.min.js")  # what streamlit-folium adds
        scripts.extend(src for _, src in getattr(element, "default_js", []))
        styles.extend(href for _, href in getattr(element, "default_css", []))
    return scripts, styles


def test_base_map_renders_with_scale_notice_hatchings_and_credits(base: BaseLayers) -> None:
    page = build_base_map(base, tiles=False).get_root().render()
    assert "L.control.scale()" in page
    assert f"setPrefix({js(NEUTRAL_PREFIX)})" in page
    for credit in base.credits:
        assert f"addAttribution({js(credit)})" in page
    assert f"notice.textContent = {js(NOTICE)}" in page
    # The legend sits beside the maps (`legend.py`), so it never covers the ground.
    assert "frontline-legend" not in page
    for holder in (Holder.UKRAINE, Holder.RUSSIA):
        for kind in ("gained", "lost"):
            assert hatch_id(holder, kind) in page


def test_a_frame_fits_the_map_to_its_box(base: BaseLayers) -> None:
    framed = build_base_map(base, tiles=False, fit=(35.0, 51.1, 35.5, 51.3)).get_root().render()
    assert "fitBounds(" in framed and "[[51.1, 35.0], [51.3, 35.5]]" in framed
    assert "fitBounds(" not in build_base_map(base, tiles=False).get_root().render()


def test_attribution_prefix_is_neutral() -> None:
    assert "Leaflet" in NEUTRAL_PREFIX
    assert "<svg" not in NEUTRAL_PREFIX.lower()
    assert "flag" not in NEUTRAL_PREFIX.lower()
    assert "ukraine" not in NEUTRAL_PREFIX.lower()


def test_base_map_draws_oblasts_border_and_rivers(base: BaseLayers) -> None:
    fmap = build_base_map(base, tiles=False)
    vectors = {c.layer_name: c for c in fmap._children.values() if isinstance(c, folium.GeoJson)}
    assert set(vectors) == {"Oblasts", "Rivers", "Russia–Ukraine border"}
    for name, data in (
        ("Oblasts", base.oblasts),
        ("Rivers", base.rivers),
        ("Russia–Ukraine border", base.border),
    ):
        assert vectors[name].data["features"] == data["features"]  # type: ignore[index]
    page = fmap.get_root().render()
    assert '"dashArray": "10 4 2 4"' in page  # the border line style
    assert RIVER_COLOUR in page


def test_tiles_only_when_asked(base: BaseLayers) -> None:
    def tile_layers(fmap: folium.Map) -> list[folium.TileLayer]:
        return [c for c in fmap._children.values() if isinstance(c, folium.TileLayer)]

    assert tile_layers(build_base_map(base, tiles=False)) == []
    (osm,) = tile_layers(build_base_map(base, tiles=True))
    assert osm.options["attribution"] == OSM_ATTRIBUTION


@pytest.mark.usefixtures("vendored")
def test_vendored_assets_replace_every_cdn(base: BaseLayers, layers: DateLayers) -> None:
    fmap = build_base_map(base, tiles=False)
    for group in build_date_layers(layers):
        group.add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    fmap.get_root().render()
    scripts, styles = asset_urls(fmap)
    assert scripts
    assert styles
    for url in scripts + styles:
        assert "cdn" not in url.lower()
        assert "http" not in url.lower()
        assert not url.startswith("//")
        assert url.startswith(f"{STATIC_ROOT}/") or url in {src for _, src in LABELS_JS}
        vendored_file = STATIC_DIR / url.removeprefix("/app/static/")
        assert vendored_file.is_file(), f"{url} is not vendored"
    assert any(url.endswith("leaflet.js") for url in scripts)
    assert any(url.endswith("leaflet.css") for url in styles)


def test_base_map_is_deterministic(base: BaseLayers) -> None:
    def script() -> str:
        fmap = build_base_map(base, tiles=False)
        fmap.get_root().render()
        return generate_leaflet_string(fmap)

    first, second = script(), script()
    assert first == second
    assert "Sudzha" not in first  # nothing date-dependent in the base map


def test_date_layers_are_four_groups_in_a_fixed_order(layers: DateLayers) -> None:
    groups = build_date_layers(layers)
    assert [g.layer_name for g in groups] == [LAYER_NAMES[k] for k in ALL_LAYERS]
    contents = {key: list(g._children.values()) for key, g in zip(ALL_LAYERS, groups, strict=True)}
    assert any(isinstance(c, folium.GeoJson) for c in contents["territory"])
    assert any(isinstance(c, folium.GeoJson) for c in contents["settlements"])
    assert contents["changes"] == []  # no compare date
    stamps = [c for c in contents["settlements"] if isinstance(c, DateStamp)]
    assert [(s.text, s.iso) for s in stamps] == [("14 Mar 2025", "2025-03-14")]


def test_hidden_layers_are_empty_groups_not_missing_ones(layers: DateLayers) -> None:
    hidden = DateLayers(
        date_text=layers.date_text,
        iso=layers.iso,
        settlements=layers.settlements,
        territory=layers.territory,
        contested=layers.contested,
        shown=frozenset(),
    )
    groups = build_date_layers(hidden)
    assert len(groups) == len(ALL_LAYERS) == 4
    children = [list(g._children.values()) for g in groups]
    assert children[:3] == [[], [], []]
    assert [type(c) for c in children[3]] == [DateStamp]  # the date still shows


def test_empty_collections_give_empty_groups() -> None:
    empty = {"type": "FeatureCollection", "features": []}
    groups = build_date_layers(
        DateLayers(date_text="x", iso="2024-08-20", settlements=empty, territory=empty)
    )
    territory, contested, changes, _ = (list(g._children.values()) for g in groups)
    assert territory == contested == changes == []


def _rendered(layers: DateLayers) -> str:
    scratch = folium.Map(tiles=None)
    for group in build_date_layers(layers):
        group.add_to(scratch)
    return str(scratch.get_root().render())


def test_a_crowded_map_sends_only_places_a_claim_names_and_draws_on_a_canvas(
    layers: DateLayers, monkeypatch: pytest.MonkeyPatch
) -> None:
    features = layers.settlements["features"]
    unclaimed = next(
        f["properties"]
        for f in features
        if not f["properties"]["claims"] and not f["properties"]["town"]
    )
    claimed = next(f["properties"] for f in features if f["properties"]["claims"])
    bundled = _rendered(layers)
    # The bundled theatre (~900 settlements) is not crowded: every place is sent, as SVG.
    assert not map_builder.is_crowded(layers.settlements)
    assert js(unclaimed["id"]) in bundled and js(claimed["id"]) in bundled
    assert "L.canvas(" not in bundled
    monkeypatch.setattr(map_builder, "CROWDED_SETTLEMENTS", len(features) - 1)
    crowded = _rendered(layers)
    assert js(unclaimed["id"]) not in crowded
    assert js(claimed["id"]) in crowded
    # Territory, contested ground and the dots name the map's one canvas as their renderer.
    assert "L.canvas(" in crowded
    assert crowded.count(f'"renderer": {SHARED_CANVAS_JS}') == 4  # the dots' marker options too
    # Each cell's style once in folium's style map (by id), not also in the cell's properties.
    assert '"style": {' in bundled
    assert '"style": {' not in crowded
    assert "switch(feature.id)" in crowded
    # Nor a dot's colour and the rest its style is made of; the popup's words stay.
    assert '"colour": ' in bundled and '"colour": ' not in crowded
    assert f'"word": {js(claimed["word"])}' in crowded


def test_a_crowded_map_keeps_the_hatched_changes_in_svg(
    layers: DateLayers, monkeypatch: pytest.MonkeyPatch
) -> None:
    change = {
        "type": "Feature",
        "properties": {"tooltip": "gained", "style": {"fillColor": "url(#hatch)"}},
        "geometry": {"type": "Point", "coordinates": [35.2, 51.2]},
    }
    with_changes = replace(layers, changes={"type": "FeatureCollection", "features": [change]})
    monkeypatch.setattr(map_builder, "CROWDED_SETTLEMENTS", 0)
    groups = build_date_layers(with_changes)
    changes_group = groups[list(LAYER_NAMES).index(MapLayer.CHANGES)]
    scratch = folium.Map(tiles=None)
    changes_group.add_to(scratch)
    assert "L.canvas(" not in scratch.get_root().render()


def test_a_crowded_maps_labels_travel_as_rows(
    base: BaseLayers, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"label": f"Place {n}", "town": False, "priority": n, "min_zoom": 11},
                "geometry": {"type": "Point", "coordinates": [35.1 + n / 100, 51.2]},
            }
            for n in range(5)
        ],
    }
    with_labels = replace(base, labels=labels)
    as_features = build_base_map(with_labels, tiles=False).get_root().render()
    assert '"label": "Place 3"' in as_features
    monkeypatch.setattr(map_elements, "CROWDED_LABELS", 4)
    as_rows = build_base_map(with_labels, tiles=False).get_root().render()
    assert '"label": "Place 3"' not in as_rows
    assert '["Place 3", false, 3, 11, 35.13, 51.2]' in as_rows
