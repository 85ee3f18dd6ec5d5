"""A big browser timeline on the grouped canvas (`timeline.js`'s `GroupedCanvas`: restyled by view,
its cells, outlines, contested ground and dots painted by style on one canvas): a step paints the
new holder's colour where a cell changes hands, a cell's tooltip shows on hover, and a click on a
settlement's dot opens its popup, which names the day shown.

The bundled theatre's timeline over the night a cell changes hands (from the engine itself,
`test_timeline.cell_changing_holder`), drawn as a big one (`VIEW_ONLY_FEATURES` set to 0) on the
base map the page draws, served offline.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from claims.dataset import load_dataset
from claims.model import Holder
from dashboard import timeline_map
from dashboard.styles import HOLDER_COLOURS
from dashboard.timeline_data import Timeline
from tests.browser.conftest import composite_timeline, page_of_map
from tests.browser.test_timeline import cell_changing_holder
from tests.browser.test_timeline_files import CURRENT, map_html

# Degrees kept clear around every settlement's dot and inside a cell's edge where a pixel is read.
CLEAR_OF_DOTS = 0.006
INSIDE_EDGE = 0.003
# The canvas pixel's colour at a point of the map ([r, g, b, a]), read from the canvas itself.
PIXEL_JS = f"""(at) => {{
    const map = {CURRENT}.map;
    const canvas = map.frontlineGroupedCanvas._container;
    const point = map.latLngToContainerPoint(at);
    const mapBox = map.getContainer().getBoundingClientRect();
    const box = canvas.getBoundingClientRect();
    const x = Math.round(mapBox.left + point.x - box.left);
    const y = Math.round(mapBox.top + point.y - box.top);
    return Array.from(canvas.getContext("2d").getImageData(x, y, 1, 1).data);
}}"""
# One day on, and the canvas's next frame painted.
STEP_JS = f"""async () => {{
    document.querySelector(".frontline-timeline input").dispatchEvent(
        new KeyboardEvent("keydown", {{key: "ArrowRight", bubbles: true}}));
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    return {CURRENT}.data.days[{CURRENT}.day];
}}"""
TO_SCREEN_JS = f"""(at) => {{
    const map = {CURRENT}.map;
    const point = map.latLngToContainerPoint(at);
    const box = map.getContainer().getBoundingClientRect();
    return [box.left + point.x, box.top + point.y];
}}"""
TOOLTIPS_JS = (
    "() => [...document.querySelectorAll('.leaflet-tooltip')]"
    ".filter(t => !t.classList.contains('settlement-label')).map(t => t.innerText)"
)
POPUP_TEXT = "() => document.querySelector('.leaflet-popup-content').innerText"


def rgb(colour: str) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def assert_painted(pixel: list[int], holder: Holder) -> None:
    # The canvas keeps the fill's colour with its opacity as alpha (un-premultiplied when read,
    # so a few units off at low alpha).
    assert pixel[3] > 0, "nothing painted there"
    expected = rgb(HOLDER_COLOURS[holder])
    assert all(abs(a - b) <= 6 for a, b in zip(pixel[:3], expected, strict=True)), (pixel, holder)


def sample_point(timeline: Timeline, place: tuple[float, float]) -> tuple[float, float]:
    """A point of the changing cell away from its edges, from every settlement's dot, and from
    every contested or fighting shape (which are painted over it): [lat, lon]."""
    lat, lon = place
    cells = [
        shape(geometry)
        for geometry in timeline.shapes["territory"]
        if shape(geometry).contains(Point(lon, lat))
    ]
    assert cells, "the settlement's cell is among the timeline's territory shapes"
    inside = cells[0]
    for cell in cells[1:]:
        inside = inside.intersection(cell)
    dots = [Point(s.lon, s.lat).buffer(CLEAR_OF_DOTS) for s in load_dataset().theatre.settlements]
    over = [shape(g) for name in ("contested", "fighting") for g in timeline.shapes.get(name, [])]
    clear = inside.buffer(-INSIDE_EDGE).difference(unary_union(dots + over))
    assert not clear.is_empty, "room in the cell to read a pixel"
    point = clear.representative_point()
    return point.y, point.x


@pytest.fixture(scope="module")
def changing() -> tuple[date, str, tuple[float, float], Holder, Holder]:
    return cell_changing_holder()


@pytest.fixture(scope="module")
def overnight(changing: tuple[date, str, tuple[float, float], Holder, Holder]) -> Timeline:
    day = changing[0]
    return composite_timeline(load_dataset(), (day, day + timedelta(days=1)))


@pytest.fixture
def canvas_page(
    browser: Browser, overnight: Timeline, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Page]:
    monkeypatch.setattr(timeline_map, "VIEW_ONLY_FEATURES", 0)
    with page_of_map(browser, map_html(overnight)) as page:
        page.wait_for_function(f"() => {CURRENT}", timeout=60_000)
        yield page


def zoomed_in_on(page: Page, at: list[float]) -> None:
    """The map at zoom 13 centred on `at` (lat, lon), redrawn."""
    page.evaluate(f"(at) => {{ {CURRENT}.map.setView(at, 13, {{animate: false}}); }}", at)
    page.wait_for_timeout(300)


def test_a_step_paints_the_new_holder_on_the_canvas(
    canvas_page: Page,
    overnight: Timeline,
    changing: tuple[date, str, tuple[float, float], Holder, Holder],
) -> None:
    day, _, place, old, new = changing
    at = list(sample_point(overnight, place))
    drawn: Any = canvas_page.evaluate(
        f"""() => [document.querySelectorAll(".leaflet-frontline-timeline-canvas-pane canvas")
            .length, {CURRENT}.layers.territory.filter(layer =>
                layer.options.renderer !== {CURRENT}.map.frontlineGroupedCanvas).length]"""
    )
    assert drawn == [1, 0], "one canvas, every cell on it"
    zoomed_in_on(canvas_page, at)
    assert_painted(canvas_page.evaluate(PIXEL_JS, at), old)
    assert canvas_page.evaluate(STEP_JS) == (day + timedelta(days=1)).isoformat()
    assert_painted(canvas_page.evaluate(PIXEL_JS, at), new)
    # And back: the step paints the day before's holder again.
    canvas_page.evaluate(
        """async () => {
        document.querySelector(".frontline-timeline input").dispatchEvent(
            new KeyboardEvent("keydown", {key: "ArrowLeft", bubbles: true}));
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    }"""
    )
    assert_painted(canvas_page.evaluate(PIXEL_JS, at), old)


def test_cells_and_dots_on_the_canvas_answer_the_mouse(
    canvas_page: Page,
    overnight: Timeline,
    changing: tuple[date, str, tuple[float, float], Holder, Holder],
) -> None:
    _, place_id, place, _, new = changing
    at = list(sample_point(overnight, place))
    zoomed_in_on(canvas_page, list(place))
    canvas_page.evaluate(STEP_JS)
    # Hovering the cell shows its tooltip, the new holder's.
    x, y = canvas_page.evaluate(TO_SCREEN_JS, at)
    canvas_page.mouse.move(x - 5, y - 5)
    canvas_page.mouse.move(x, y)
    canvas_page.wait_for_timeout(300)
    tips = canvas_page.evaluate(TOOLTIPS_JS)
    assert any(tip.startswith(f"held by {new.value.capitalize()}") for tip in tips), tips
    # A click on the settlement's dot opens its popup, on the day shown.
    name = next(s.name_en for s in load_dataset().theatre.settlements if s.id == place_id)
    x, y = canvas_page.evaluate(TO_SCREEN_JS, list(place))
    canvas_page.mouse.click(x, y)
    popup = canvas_page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert name in text
    stamp = canvas_page.evaluate(f"() => {CURRENT}.data.stamps[{CURRENT}.day]")
    assert f"On {stamp}" in text, text


def test_a_cell_out_of_view_at_a_step_shows_the_new_holder_once_panned_to(
    canvas_page: Page,
    overnight: Timeline,
    changing: tuple[date, str, tuple[float, float], Holder, Holder],
) -> None:
    """A step restyles only what is in view (and, the view kept, only what the day changed):
    the cell, off screen at the step, is brought to the day when the map is panned to it."""
    _, _, place, _, new = changing
    at = list(sample_point(overnight, place))
    away = [at[0] - 0.5, at[1] + 0.8]  # far enough that the cell is off the padded view
    zoomed_in_on(canvas_page, away)
    held: Any = canvas_page.evaluate(
        f"""(at) => {{ const t = {CURRENT};
            return t.map.getBounds().pad(0.2).contains(at); }}""",
        at,
    )
    assert held is False, "the cell is off screen at the step"
    canvas_page.evaluate(STEP_JS)
    canvas_page.evaluate(STEP_JS.replace("ArrowRight", "ArrowLeft"))
    canvas_page.evaluate(STEP_JS)
    zoomed_in_on(canvas_page, at)
    assert_painted(canvas_page.evaluate(PIXEL_JS, at), new)


# The features whose box meets a view, from the grid (`BoxGrid.search`) and by looking at every
# feature's box, for each sublayer, as sorted index lists.
GRID_AND_WALK_JS = f"""(view) => {{
    const t = {CURRENT};
    const out = {{}};
    Object.keys(t.states).forEach(name => {{
        const sub = t.states[name], boxes = sub.boxes;
        if (!sub.grid) {{ return; }}
        const walked = [];
        for (let i = 0; i < boxes.length / 4; i++) {{
            const b = i * 4;
            if (!(boxes[b] > view[2] || boxes[b + 2] < view[0] ||
                  boxes[b + 1] > view[3] || boxes[b + 3] < view[1])) {{ walked.push(i); }}
        }}
        const found = [...new Set(sub.grid.search(view))].sort((a, b) => a - b);
        out[name] = [found, walked, sub.grid.rows * sub.grid.cols, sub.grid.wide.length];
    }});
    return out;
}}"""


def test_the_grid_finds_the_features_a_walk_finds(canvas_page: Page) -> None:
    bounds: Any = canvas_page.evaluate(
        f"() => {{ const b = {CURRENT}.map.getBounds(); "
        "return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"
    )
    s, w, n, e = bounds
    height, width = n - s, e - w
    views = [
        bounds,  # the whole theatre
        [s - 1, w - 1, n + 1, e + 1],  # past its edges
        [s + height * 0.3, w + width * 0.6, s + height * 0.35, w + width * 0.62],  # a corner
        [s + height * 0.5, w + width * 0.5, s + height * 0.5, w + width * 0.5],  # a point
        [n + 1, e + 1, n + 2, e + 2],  # beside it
        [s + height * 0.1, w - 1, s + height * 0.2, e + 1],  # a band across
    ]
    found_in: list[int] = []
    for view in views:
        got: Any = canvas_page.evaluate(GRID_AND_WALK_JS, view)
        assert got["territory"][2] > 1, "a grid of more than one cell"
        for name, (found, walked, _, _) in got.items():
            assert found == walked, (name, view)
        found_in.append(len(got["territory"][0]))
    assert 0 < found_in[2] < found_in[0], "a corner holds some cells, not all"
