"""Labels and settlement markers on a crowded map (a whole front line): below the zoom a label
shows from, its dot and name are off the map, and they come back, beside their place, as the map
zooms in; the browser timeline's markers likewise.

The bundled theatre's labels and timeline, on the base map the page draws, with the crowding
thresholds set under their numbers (the bundled map is not crowded); served from memory, offline.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page

from claims.dataset import load_dataset
from dashboard import map_elements, timeline_data
from dashboard.folium_text import rendered_as_text
from dashboard.map_builder import build_base_map
from dashboard.map_state import base_layers_for
from dashboard.offline import use_vendored_assets
from dashboard.timeline_map import timeline_groups
from tests.browser.conftest import composite_timeline, page_of_map

COUNT_JS = """() => {
    const names = [...document.querySelectorAll(".settlement-label")];
    return names.map(node => node.textContent);
}"""
# Each name shown beside its own place: centred on it across (beside it) or along (above or
# below it); how far off centre, in px.
OFF_CENTRE_JS = """() => {
    const map = Object.values(window).find(v => v && v._container && v.getZoom);
    const box = map.getContainer().getBoundingClientRect();
    const off = [];
    map.eachLayer(layer => {
        const tooltip = layer.getTooltip && layer.getTooltip();
        const element = tooltip && tooltip.getElement();
        if (!element || element.classList.contains("frontline-label-hidden")) { return; }
        const at = map.latLngToContainerPoint(layer.getLatLng());
        const rect = element.getBoundingClientRect();
        const across = Math.abs((rect.top + rect.bottom) / 2 - box.top - at.y);
        const along = Math.abs((rect.left + rect.right) / 2 - box.left - at.x);
        off.push(Math.min(across, along));
    });
    return off;
}"""


SPAN = (date(2024, 8, 6), date(2024, 8, 20))
MAP_JS = "Object.values(window).find(v => v && v._container && v.getZoom)"


@pytest.fixture
def crowded_page(browser: Browser, monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    monkeypatch.setattr(map_elements, "CROWDED_LABELS", 20)
    monkeypatch.setattr(timeline_data, "MARKERS_AT_EVERY_ZOOM", 100)
    use_vendored_assets()
    source = load_dataset()
    fmap = build_base_map(base_layers_for(source.theatre, source.claims_about), tiles=False)

    timeline = composite_timeline(source, SPAN)
    for group in timeline_groups(timeline, timeline.data["stamps"][0]):
        group.add_to(fmap)
    with rendered_as_text():
        html = fmap.get_root().render()
    with page_of_map(browser, html) as page:
        yield page


def test_labels_below_their_zoom_are_off_a_crowded_map_until_it_zooms_in(
    crowded_page: Page,
) -> None:
    labels = base_layers_for(load_dataset().theatre, load_dataset().claims_about).labels
    assert labels is not None
    min_zooms = [f["properties"]["min_zoom"] for f in labels["features"]]
    zoom = crowded_page.evaluate(
        "() => Object.values(window).find(v => v && v._container && v.getZoom).getZoom()"
    )
    assert zoom < max(min_zooms), "the map opens below some labels' zoom"
    crowded_page.wait_for_timeout(500)
    shown = crowded_page.evaluate(COUNT_JS)
    assert len(shown) == sum(1 for z in min_zooms if z <= zoom)
    crowded_page.evaluate(
        "() => Object.values(window).find(v => v && v._container && v.getZoom)"
        ".setZoom(12, {animate: false}) && null"
    )
    crowded_page.wait_for_timeout(1000)
    assert len(crowded_page.evaluate(COUNT_JS)) == len(min_zooms)
    off_centre = crowded_page.evaluate(OFF_CENTRE_JS)
    assert off_centre, "some names fit at zoom 12"
    assert max(off_centre) <= 2, "every name shown sits beside its own place"


def test_a_crowded_timeline_draws_markers_from_their_zoom_on(crowded_page: Page) -> None:
    crowded_page.wait_for_function("() => window.frontlineTimeline.current")
    on_map = (
        "() => { const t = window.frontlineTimeline.current;"
        " return [t.map.getZoom(), t.data.minZoom,"
        " t.layers.settlements.map(layer => !!layer._map)]; }"
    )
    zoom, min_zooms, drawn = crowded_page.evaluate(on_map)
    assert len(min_zooms) == len(drawn) > 100
    assert drawn == [z <= zoom for z in min_zooms]
    assert not all(drawn), "the map opens below some markers' zoom"
    crowded_page.evaluate(f"() => {{ {MAP_JS}.setZoom(12, {{animate: false}}); }}")
    crowded_page.wait_for_timeout(500)
    # Back on the map with the day's style: a claimed place is drawn in its holder's colour.
    _, _, drawn = crowded_page.evaluate(on_map)
    assert all(drawn)
    fills = crowded_page.evaluate(
        "() => window.frontlineTimeline.current.layers.settlements"
        ".map(layer => layer.options.fillColor)"
    )
    assert len(set(fills)) > 1
