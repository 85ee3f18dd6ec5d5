"""A crowded map drawn by the server (a whole front line, `map_builder.CROWDED_SETTLEMENTS`): only
the places a claim names (and towns) are drawn, on a canvas, whose dots still open their popups on
a click; the canvases leave with their layers.

The bundled theatre's base map and one day's layers, with the threshold set under its number (the
bundled map is not crowded); served from memory, offline.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from claims.control import COMPOSITE, asserted_control
from claims.dataset import load_dataset
from dashboard import map_builder
from dashboard.folium_text import rendered_as_text
from dashboard.map_builder import build_base_map, build_date_layers, settlement_style
from dashboard.map_state import base_layers_for, date_layers_for
from dashboard.offline import use_vendored_assets
from dashboard.view_kinds import ALL_LAYERS
from tests.browser.conftest import page_of_map

ON = date(2025, 3, 13)
MAP_JS = "Object.values(window).find(v => v && v._container && v.getZoom)"
DOTS_JS = f"""() => {{
    const map = {MAP_JS};
    const dots = [];
    map.eachLayer(layer => {{
        const p = layer.feature && layer.feature.properties;
        if (p && p.claims !== undefined) {{
            dots.push({{id: p.id, canvas: layer.options.renderer instanceof L.Canvas,
                        fill: layer.options.fillColor}});
        }}
    }});
    return dots;
}}"""


@pytest.fixture
def crowded_page(browser: Browser, monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    monkeypatch.setattr(map_builder, "CROWDED_SETTLEMENTS", 100)
    use_vendored_assets()
    source = load_dataset()
    fmap = build_base_map(base_layers_for(source.theatre, source.claims_about), tiles=False)
    picture = asserted_control(source.ledger, source.theatre, ON)
    layers = date_layers_for(
        picture, None, COMPOSITE, source.theatre, source.claims_about, shown=frozenset(ALL_LAYERS)
    )
    for group in build_date_layers(layers):
        group.add_to(fmap)
    with rendered_as_text():
        html = fmap.get_root().render()
    with page_of_map(browser, html) as page:
        page.page_data = layers  # type: ignore[attr-defined]
        yield page


def test_a_crowded_map_draws_claimed_places_on_a_canvas_that_opens_popups(
    crowded_page: Page,
) -> None:
    features = crowded_page.page_data.settlements["features"]  # type: ignore[attr-defined]
    expected = {f["properties"]["id"] for f in features if map_builder_kept(f["properties"])}
    dots = crowded_page.evaluate(DOTS_JS)
    assert {d["id"] for d in dots} == expected
    assert len(expected) < len(features), "places no claim names are not drawn"
    assert all(d["canvas"] for d in dots)
    # Each dot styled as the bundled map styles it (the style map keyed by index, not by place).
    styles = {f["properties"]["id"]: settlement_style(f) for f in features}
    assert all(d["fill"] == styles[d["id"]]["fillColor"] for d in dots)
    assert len({d["fill"] for d in dots}) > 1
    # Territory, contested ground and the dots: one canvas, over the base map's SVG.
    assert crowded_page.locator(".leaflet-frontline-canvas-pane canvas").count() == 1
    # A click where Sudzha is drawn hits its dot on the canvas and opens its popup.
    sudzha = next(f for f in features if f["properties"]["name"] == "Sudzha")
    lon, lat = sudzha["geometry"]["coordinates"]
    crowded_page.evaluate(f"() => {{ {MAP_JS}.setView([{lat}, {lon}], 12, {{animate: false}}); }}")
    crowded_page.wait_for_timeout(500)
    x, y = crowded_page.evaluate(
        f"() => {{ const p = {MAP_JS}.latLngToContainerPoint([{lat}, {lon}]);"
        " const box = document.querySelector('.leaflet-container').getBoundingClientRect();"
        " return [box.left + p.x, box.top + p.y]; }"
    )
    # Hovering ground on the canvas shows its tooltip; a click on Sudzha's dot opens its popup.
    crowded_page.mouse.move(x + 25, y + 25)
    crowded_page.mouse.move(x + 30, y + 30)
    crowded_page.wait_for_timeout(300)
    tips = crowded_page.evaluate(
        "() => [...document.querySelectorAll('.leaflet-tooltip')]"
        ".filter(t => !t.classList.contains('settlement-label')).map(t => t.innerText)"
    )
    assert any(tip.startswith("held by") for tip in tips), tips
    crowded_page.mouse.click(x, y)
    popup = crowded_page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Sudzha" in popup.inner_text()
    assert "On 13 Mar 2025" in popup.inner_text()


def test_a_canvas_leaves_the_map_with_its_layer(crowded_page: Page) -> None:
    left = crowded_page.evaluate(
        f"""() => {{
            const map = {MAP_JS};
            const drawn = [];
            map.eachLayer(layer => {{
                if (layer instanceof L.GeoJSON && layer.options.renderer) {{ drawn.push(layer); }}
            }});
            drawn.forEach(layer => map.removeLayer(layer));
            return [drawn.length, document.querySelectorAll("canvas").length];
        }}"""
    )
    assert left == [3, 0]


def map_builder_kept(properties: dict[str, Any]) -> bool:
    return bool(properties["town"] or properties["claims"])
