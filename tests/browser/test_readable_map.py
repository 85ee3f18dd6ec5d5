"""A map a briefer can read and paste (issue 16): at the window sizes people use, no two visible
labels overlap, Sudzha is named at the opening view of 13 March 2025, the legend covers no ground
and explains every colour drawn; the same for the snapshot page."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Page

from dashboard.layer_data import DISSENT_SHOWN
from dashboard.snapshot import SIZES, SnapshotSource, snapshot_html, snapshot_source
from dashboard.styles import OBLAST_EDGE, OBLAST_FILL
from dashboard.view_state import ViewState, state_from_query
from tests.browser.conftest import MAP_IFRAME, map_frame, popup_texts_in

pytestmark = pytest.mark.browser

SIZES_PX = [(1280, 800), (1600, 1000), (1920, 1080)]
DAY = "2025-03-13"
WAIT_SECONDS = 30
# The oblasts' fill and edge are the ground the map is drawn on, not a mark to explain.
BACKGROUND = frozenset({OBLAST_FILL.lower(), OBLAST_EDGE.lower()})

LABELS = """() => Array.from(document.querySelectorAll(".settlement-label"))
    .filter(node => getComputedStyle(node).display !== "none")
    .map(node => { const r = node.getBoundingClientRect();
        return {name: node.textContent, x: r.x, y: r.y, w: r.width, h: r.height}; })"""
MAP_BOX = """() => { const r = document.querySelector(".leaflet-container").getBoundingClientRect();
    return {x: r.x, y: r.y, w: r.width, h: r.height}; }"""
# Every stroke and fill the map's vector layers draw, as the SVG holds them.
COLOURS = """() => { const found = new Set();
    document.querySelectorAll(".leaflet-overlay-pane path").forEach(path => {
        const stroke = path.getAttribute("stroke"), fill = path.getAttribute("fill");
        if (stroke && stroke !== "none" && path.getAttribute("stroke-width") !== "0"
            && path.getAttribute("stroke-opacity") !== "0") { found.add(stroke.toLowerCase()); }
        if (fill && fill !== "none" && path.getAttribute("fill-opacity") !== "0") {
            found.add(fill.toLowerCase()); }
    });
    return Array.from(found); }"""
# The entries shown: those the browser timeline keeps for other days are laid out only then.
LEGEND = """() => Array.from(document.querySelectorAll(".frontline-legend-entry"))
    .filter(node => node.getClientRects().length > 0)
    .map(node => ({entry: node.dataset.entry, draws: node.dataset.draws}))"""
FURNITURE = ".frontline-date, .north-arrow, .leaflet-control"
BOX = """selector => Array.from(document.querySelectorAll(selector)).map(node => {
    const r = node.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; })"""


def overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for index, a in enumerate(labels):
        for b in labels[index + 1 :]:
            if (
                a["x"] < b["x"] + b["w"]
                and b["x"] < a["x"] + a["w"]
                and a["y"] < b["y"] + b["h"]
                and b["y"] < a["y"] + a["h"]
            ):
                found.append((a["name"], b["name"]))
    return found


def outside(labels: list[dict[str, Any]], box: dict[str, float]) -> list[str]:
    """Labels not wholly inside the map (cut at its edge), with a pixel of rounding slack."""
    return [
        label["name"]
        for label in labels
        if label["x"] < box["x"] - 1
        or label["y"] < box["y"] - 1
        or label["x"] + label["w"] > box["x"] + box["w"] + 1
        or label["y"] + label["h"] > box["y"] + box["h"] + 1
    ]


def check_labels(frame: Frame | Page, *, some: bool = True) -> list[dict[str, Any]]:
    labels: list[dict[str, Any]] = frame.evaluate(LABELS)
    assert labels or not some, "no label is shown"
    assert overlapping(labels) == []
    assert outside(labels, frame.evaluate(MAP_BOX)) == []
    furniture = [
        {"name": "(furniture)", **box} for box in frame.evaluate(BOX, FURNITURE) if box["w"] > 0
    ]
    assert [
        pair for pair in overlapping(labels + furniture) if pair.count("(furniture)") == 1
    ] == []
    return labels


def unexplained(colours: list[str], legend: list[dict[str, str]]) -> set[str]:
    explained = {colour for entry in legend for colour in entry["draws"].split()}
    return set(colours) - explained - BACKGROUND


def drawn_frame(page: Page, index: int = 0, *, day: str = DAY) -> Frame:
    """The map's frame once the day is drawn and its labels placed."""
    map_frame(page, index)
    handle = page.locator(MAP_IFRAME).nth(index).element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    deadline = time.monotonic() + WAIT_SECONDS
    script = "d => document.querySelector('.frontline-date').dataset.date === d"
    while not frame.evaluate(script, day):
        assert time.monotonic() < deadline, "the map never showed the day"
        page.wait_for_timeout(100)
    frame.wait_for_function("() => document.querySelectorAll('.settlement-label').length > 0")
    page.wait_for_timeout(600)  # the labels are placed on the frame after the last move
    return frame


@pytest.fixture
def sized_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


def legend_share_of_map(page: Page, frame: Frame) -> float:
    """The part of the map's area the legend covers (in the page's coordinates)."""
    iframe = page.locator(MAP_IFRAME).first.bounding_box()
    assert iframe is not None
    covered = 0.0
    for box in page.evaluate(BOX, ".frontline-legend") + frame.evaluate(BOX, ".frontline-legend"):
        dx = min(box["x"] + box["w"], iframe["x"] + iframe["width"]) - max(box["x"], iframe["x"])
        dy = min(box["y"] + box["h"], iframe["y"] + iframe["height"]) - max(box["y"], iframe["y"])
        covered += max(dx, 0) * max(dy, 0)
    return covered / (iframe["width"] * iframe["height"])


@pytest.mark.parametrize("sized_page", SIZES_PX, indirect=True, ids=lambda s: f"{s[0]}x{s[1]}")
def test_default_view_is_readable(sized_page: Page, app_url: str) -> None:
    page = sized_page
    page.goto(f"{app_url}/?date={DAY}")
    frame = drawn_frame(page)
    labels = check_labels(frame)
    assert "Sudzha" in {label["name"] for label in labels}
    legend = page.evaluate(LEGEND)
    assert legend_share_of_map(page, frame) <= 0.10
    assert unexplained(frame.evaluate(COLOURS), legend) == set()
    entries = {entry["entry"] for entry in legend}
    assert "ukraine-gained" not in entries and "russia-lost" not in entries  # no compare date


def test_side_by_side_maps_share_one_legend(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?date={DAY}&mode=pair")
    legend = None
    for index in (0, 1):
        frame = drawn_frame(page, index)
        check_labels(frame)
        legend = page.evaluate(LEGEND)
        assert unexplained(frame.evaluate(COLOURS), legend) == set()
        assert frame.evaluate(BOX, ".frontline-legend") == []
    assert len(page.evaluate(BOX, ".frontline-legend")) == 1


def test_popup_on_sudzha_leaves_the_labels_readable(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?date={DAY}")
    frame = drawn_frame(page)
    assert popup_texts_in(frame)
    opened = frame.evaluate(
        """() => { let done = false;
            window.map_div.eachLayer(layer => {
                const p = layer.feature && layer.feature.properties;
                if (!done && p && p.status !== undefined && p.name === "Sudzha") {
                    layer.openPopup(); done = true; } });
            return done; }"""
    )
    assert opened
    frame.locator(".frontline-popup").wait_for()
    # Who disagrees is a list, one claimant a line, the most recent few and a count of the rest.
    dissent = frame.locator(".frontline-popup .frontline-dissent li").all_inner_texts()
    assert len(dissent) == DISSENT_SHOWN + 1, dissent
    assert dissent[-1].startswith("and ") and dissent[-1].endswith("with earlier words")
    page.wait_for_timeout(600)  # a popup pans the map into view; labels follow the move
    # The popup's height is capped to the map's room (`popup_frame.py`), so the ground and its
    # labels stay in view around it; none may overlap or be cut.
    check_labels(frame)


def test_compare_mode_hatches_gains_in_the_gainers_colours(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?date={DAY}&compare=2024-11-01")
    frame = drawn_frame(page)
    check_labels(frame)
    colours = frame.evaluate(COLOURS)
    assert "url(#frontline-hatch-russia-gained)" in colours
    legend = page.evaluate(LEGEND)
    assert unexplained(colours, legend) == set()
    assert "russia-gained" in {entry["entry"] for entry in legend}


@pytest.fixture(scope="module")
def source() -> SnapshotSource:
    return snapshot_source()


@pytest.mark.parametrize("query", [f"date={DAY}", f"date={DAY}&mode=pair&compare=2024-11-01"])
def test_snapshot_page_is_readable(browser: Browser, source: SnapshotSource, query: str) -> None:
    size = SIZES["1600x900"]
    span = source.ledger.span
    names = [name for name, _ in source.ledger.claimants]
    state: ViewState = state_from_query(
        dict(part.split("=") for part in query.split("&")),
        span=span,
        default_on=span[0],
        claimants=names,
    )
    context = browser.new_context(viewport={"width": size.width, "height": size.height})
    try:
        page = context.new_page()
        page.set_content(snapshot_html(source, state))
        page.wait_for_function("() => window.frontlineSnapshotReady === true")
        labels = check_labels(page) if "pair" not in query else page.evaluate(LABELS)
        assert "Sudzha" in {label["name"] for label in labels}
        assert overlapping(labels) == []
        assert unexplained(page.evaluate(COLOURS), page.evaluate(LEGEND)) == set()
        controls = ".leaflet-control-zoom, .leaflet-control-fullscreen, details"
        assert all(box["w"] == 0 for box in page.evaluate(BOX, controls))
        assert page.evaluate(BOX, ".map-box .frontline-legend") == []
    finally:
        context.close()
