"""A real Streamlit server on loopback and Debian's chromium driven by Playwright, offline.

Every request that is not to the local server is aborted and recorded, so a test proves the page
works on a closed network. No browser is ever downloaded: a missing chromium is a failure with the
command to install it, never a skip.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Page, sync_playwright

from bench.harness import (
    MAP_IFRAME,
    MAP_PAGE_ORIGIN,
    map_document,
    map_frame,
    serve_map_page,
    served,
)
from claims.control import COMPOSITE, asserted_control
from claims.dataset import Dataset
from dashboard.map_builder import DateLayers
from dashboard.map_state import date_layers_for
from dashboard.snapshot_render import CHROMIUM_FLAGS
from dashboard.timeline_data import Timeline, build_timeline, event_days
from dashboard.view_kinds import ALL_LAYERS
from dashboard.wording import dates_text

HOSTILE_LEDGER = Path(__file__).resolve().parents[1] / "data" / "hostile_ledger.yaml"


# The popups' text is fetched when a popup opens (`dashboard/popup_texts.py`); a popup opened
# before it is in says "Loading the claims…" and fills itself later. A test reading popups' claims
# at once first fetches the text of every place the map draws, as opening each would.
TEXTS_IN = """async () => {
    const waits = [];
    window.map_div.eachLayer(layer => {
        const p = layer.feature && layer.feature.properties;
        if (p && p.claims && p.claims.length) {
            waits.push(window.frontlineTexts.later(p.id, p.claims));
        }
    });
    await Promise.all(waits);
    return waits.length;
}"""


def popup_texts_in(frame: Frame) -> int:
    """Fetch the popup text of every place drawn in the map's `frame`; how many places."""
    return int(frame.evaluate(TEXTS_IN))


# A fresh server draws the server path first and swaps in the browser timeline once it is built.
TIMELINE_TIMEOUT_MS = 180_000


def timeline_on_day(page: Page, url: str, day: str) -> Frame:
    """Open the dashboard on `day` and return the map's frame once its browser timeline is on
    and shows that day (after the swap from the server path, which closes an open popup)."""
    page.goto(f"{url}/?date={day}")
    map_frame(page)
    frame = map_document(page)
    frame.wait_for_function(
        "() => window.frontlineTimeline && window.frontlineTimeline.current && "
        f"document.querySelector('.frontline-date').dataset.date === '{day}'",
        timeout=TIMELINE_TIMEOUT_MS,
    )
    return frame


@contextmanager
def page_of_map(browser: Browser, html: str) -> Iterator[Page]:
    """A page showing one rendered map, served as `bench.harness.serve_map_page` serves it (the
    app's static files at their absolute URLs, every other request aborted)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    serve_map_page(context, html)
    page = context.new_page()
    page.goto(f"{MAP_PAGE_ORIGIN}/")
    page.locator(".leaflet-container").wait_for()
    try:
        yield page
    finally:
        context.close()


__all__ = ["MAP_IFRAME", "map_frame", "map_state"]


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    with served() as url:
        yield url


@pytest.fixture(scope="module")
def hostile_url() -> Iterator[str]:
    """The dashboard on a ledger whose every free-text field carries markup and template syntax."""
    with served({"FRONTLINE_LEDGER": str(HOSTILE_LEDGER)}) as url:
        yield url


# Per module, not per session: a running sync Playwright holds an event loop on this thread, and
# other modules (the snapshot tests) start Playwright of their own.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Debian's chromium is not installed; install it with "
            "'sudo apt-get install -y chromium' (make test does this when run as root)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    blocked: list[str] = []

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    opened = context.new_page()
    opened.blocked_requests = blocked  # type: ignore[attr-defined]
    yield opened
    context.close()


def map_state(page: Page, index: int = 0) -> dict[str, Any]:
    """What the Leaflet map in the component holds: view, date stamp, and its features by kind."""
    handle = page.locator(MAP_IFRAME).nth(index).element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    state: dict[str, Any] = frame.evaluate(
        """() => {
            const map = window.map_div;
            const features = [];
            map.eachLayer(layer => {
                if (layer.feature && layer.feature.properties) {
                    features.push(layer.feature.properties);
                }
            });
            const stamp = document.querySelector(".frontline-date");
            return {
                zoom: map.getZoom(),
                center: [map.getCenter().lat, map.getCenter().lng],
                date: stamp ? stamp.dataset.date : null,
                stamp: stamp ? stamp.textContent : null,
                oblasts: features.filter(p => p.name && p.name.endsWith("oblast")).map(p => p.name),
                statuses: features.filter(p => p.status !== undefined).map(p => p.status),
                pieces: features.filter(p => p.holder !== undefined).length,
            };
        }"""
    )
    return state


def composite_timeline(source: Dataset, span: tuple[date, date]) -> Timeline:
    """The latest word's browser timeline of `span`, every layer shown, words never ageing: what
    a test draws on a map of its own (built from scratch day by day, as the dashboard's child
    process would)."""

    def layers_on(day: date) -> DateLayers:
        picture = asserted_control(source.ledger, source.theatre, day)
        return date_layers_for(
            picture,
            None,
            COMPOSITE,
            source.theatre,
            source.claims_about,
            shown=frozenset(ALL_LAYERS),
            with_age=False,
        )

    days = event_days(source.change_days, span, None)
    return build_timeline(span, days, layers_on, lambda day: dates_text(day, None, None))
