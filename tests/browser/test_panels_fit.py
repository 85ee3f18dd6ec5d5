"""The panels fit the window at the widths people use, and a popup stays inside its map.

One server for the module (the session's), one browser context per window size. Text is cut when
an element's content is wider than its box (`scrollWidth > clientWidth`): table cells and their
scrolling wrapper, metric labels and values, and buttons.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from bench.harness import map_document
from tests.browser.conftest import map_frame, popup_texts_in

SIZES = [(1280, 800), (1600, 1000), (1920, 1080)]
SYRSKYI = "Oleksandr Syrskyi, Commander-in-Chief of the Armed Forces of Ukraine"
PANEL_TEXT = """() => {
    const selectors = [
        '[data-testid="stTable"] th', '[data-testid="stTable"] td',
        '[data-testid="stTable"] > div',
        '[data-testid="stMetricLabel"]', '[data-testid="stMetricValue"]',
        '[data-testid="stMetricValue"] > div',
        '[data-testid="stDownloadButton"] button', '[data-testid="stDownloadButton"] button p',
        '[data-testid="stButton"] button', '[data-testid="stButton"] button p',
    ];
    const cut = [];
    for (const element of document.querySelectorAll(selectors.join(", "))) {
        if (element.scrollWidth > element.clientWidth + 1) {
            cut.push(`${element.textContent} (${element.scrollWidth} > ${element.clientWidth})`);
        }
    }
    const seen = [...document.querySelectorAll('[data-testid="stTable"] td')].filter(cell => {
        const table = cell.closest('[data-testid="stTable"]').getBoundingClientRect();
        const box = cell.getBoundingClientRect();
        return box.left >= table.left - 1 && box.right <= table.right + 1;
    }).map(cell => cell.textContent.trim());
    return {cut, seen, metrics: document.querySelectorAll('[data-testid="stMetric"]').length};
}"""
OPEN_SUDZHA = """() => {
    let opened = false;
    window.map_div.eachLayer(layer => {
        const p = layer.feature && layer.feature.properties;
        if (!opened && p && p.name === "Sudzha" && p.claims !== undefined) {
            layer.openPopup();
            opened = true;
        }
    });
    return opened;
}"""
POPUP_BOX = """() => {
    const box = r => ({top: r.top, bottom: r.bottom, left: r.left, right: r.right});
    const popup = document.querySelector(".leaflet-popup");
    const content = popup.querySelector(".leaflet-popup-content");
    const map = document.querySelector(".leaflet-container").getBoundingClientRect();
    const stamp = document.querySelector(".frontline-date").getBoundingClientRect();
    const frame = popup.getBoundingClientRect();
    const middle = document.elementFromPoint((frame.left + frame.right) / 2,
                                             (frame.top + frame.bottom) / 2);
    return {
        popup: box(frame), map: box(map), stamp: box(stamp),
        scrollHeight: content.scrollHeight, clientHeight: content.clientHeight,
        overflow: getComputedStyle(content).overflowY,
        onTop: popup.contains(middle),
        text: content.innerText,
    };
}"""


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def sized_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


def settled(page: Page, script: str, ready: Any, *, seconds: float = 30) -> Any:
    """Evaluate `script` until `ready(result)` holds: the page builds its panels after the map."""
    result = page.evaluate(script)
    waited = 0.0
    while not ready(result) and waited < seconds:
        page.wait_for_timeout(250)
        waited += 0.25
        result = page.evaluate(script)
    return result


@pytest.mark.parametrize(
    ("query", "in_table"),
    [
        (f"date=2024-08-20&mode=single&claimants={SYRSKYI}", {"1,263", "93"}),
        ("date=2025-03-13&mode=pair", set()),
    ],
    ids=["one-claimant", "side-by-side"],
)
def test_panel_text_is_never_cut(
    sized_page: Page, app_url: str, query: str, in_table: set[str]
) -> None:
    sized_page.goto(f"{app_url}/?{query}")
    map_frame(sized_page)
    found = settled(
        sized_page, PANEL_TEXT, lambda r: r["metrics"] >= 4 and in_table <= set(r["seen"])
    )
    assert found["metrics"] >= 4
    assert not found["cut"], found["cut"]
    assert in_table <= set(found["seen"])  # inside the table's box, not scrolled out of sight


def test_sudzha_popup_scrolls_inside_the_map_above_the_legend(
    sized_page: Page, app_url: str
) -> None:
    sized_page.goto(f"{app_url}/?date=2025-03-13")
    frame = map_frame(sized_page)
    leaflet = map_document(sized_page)
    settled(leaflet, "() => !!document.querySelector('.frontline-date')", bool)
    frame.locator(".leaflet-interactive").first.wait_for()
    assert popup_texts_in(leaflet)
    assert leaflet.evaluate(OPEN_SUDZHA)
    leaflet.wait_for_timeout(600)  # the map pans the popup into view
    shown = leaflet.evaluate(POPUP_BOX)
    popup, room, stamp = shown["popup"], shown["map"], shown["stamp"]
    assert "Sudzha" in shown["text"]
    assert popup["top"] >= stamp["bottom"] - 1, shown  # not under the date stamp
    assert popup["top"] >= room["top"] and popup["bottom"] <= room["bottom"] + 1, shown
    assert popup["left"] >= room["left"] and popup["right"] <= room["right"] + 1, shown
    assert shown["overflow"] == "auto"
    assert shown["scrollHeight"] > shown["clientHeight"], "Sudzha's claims scroll in the popup"
    assert shown["onTop"], "something (the legend?) draws over the popup"
