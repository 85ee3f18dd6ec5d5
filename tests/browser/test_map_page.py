"""The page as a user sees it in a real browser, on a closed network."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from playwright.sync_api import Page

from bench.harness import MAP_IFRAME, map_document
from dashboard import component_warmup
from tests.browser.conftest import map_frame, map_state, popup_texts_in

SLIDER = '[data-testid="stSlider"] input[type="range"]'
# In the map's frame: how many times the names had been laid out at the end of the task that ran
# the map's script (recorded in a microtask queued after those the script queued; the frame
# starts as about:blank and keeps that window for its first page, see `bench.cold_start`).
PLACED_IN_SCRIPT_TASK = """
(() => {
  const watch = () => {
    if (!location.pathname.includes("streamlit_folium")) return;
    new MutationObserver((_, observer) => {
      if (!document.querySelector(".frontline-date") || !window.frontlineLabels) return;
      observer.disconnect();
      Promise.resolve().then(() => {
        window.frontlinePlacedInScriptTask = window.frontlineLabels.placements();
      });
    }).observe(document, {childList: true, subtree: true});
  };
  if (location.href === "about:blank") window.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
"""
WAIT_SECONDS = 30


def wait_for(page: Page, condition: Any, *, index: int = 0) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT_SECONDS
    state = map_state(page, index)
    while not condition(state):
        if time.monotonic() > deadline:
            raise AssertionError(f"map never reached the expected state; last seen {state}")
        page.wait_for_timeout(100)
        state = map_state(page, index)
    return state


def test_map_draws_kursk_and_settlements_offline(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?date=2024-08-20")
    map_frame(page)
    state = wait_for(page, lambda s: s["statuses"])
    assert "Kursk oblast" in state["oblasts"]
    assert len(state["statuses"]) >= 100
    assert state["date"] == "2024-08-20"
    assert "ukraine" in state["statuses"]
    external = [u for u in page.blocked_requests if not u.startswith("https://fonts")]  # type: ignore[attr-defined]
    assert state["pieces"] > 0, f"no asserted territory drawn; blocked requests: {external}"


def test_slider_changes_layers_and_keeps_the_view(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?date=2025-03-08")
    map_frame(page)
    before = wait_for(page, lambda s: s["statuses"] and s["date"] == "2025-03-08")
    frame = map_document(page)
    frame.evaluate("() => window.map_div.setView([51.2, 35.3], 11, {animate: false})")
    slider = page.locator(SLIDER)
    slider.focus()
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    after = wait_for(page, lambda s: s["date"] == "2025-03-15")
    assert after["zoom"] == 11
    assert abs(after["center"][0] - 51.2) < 0.01 and abs(after["center"][1] - 35.3) < 0.01
    assert Counter(after["statuses"]) != Counter(before["statuses"])


def test_permalink_restores_date_claimant_and_view(page: Page, app_url: str) -> None:
    claimant = "Ministry of Defence of the Russian Federation"
    query = f"date=2025-03-14&mode=single&claimants={claimant}&lat=51.2&lon=35.27&zoom=11"
    page.goto(f"{app_url}/?{query}")
    map_frame(page)
    state = wait_for(page, lambda s: s["statuses"] and s["date"] == "2025-03-14")
    assert state["zoom"] == 11
    assert abs(state["center"][0] - 51.2) < 0.01
    assert "14 Mar 2025" in state["stamp"]
    # The claimant's figures, under the map once it has reported itself drawn.
    page.get_by_text(claimant, exact=True).first.wait_for(timeout=WAIT_SECONDS * 1000)
    assert "russia" in state["statuses"]
    assert "ukraine" not in state["statuses"]


def test_settlement_popup_lists_the_claims_known_on_the_date(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?date=2025-03-14")
    map_frame(page)
    wait_for(page, lambda s: s["statuses"] and s["date"] == "2025-03-14")
    frame = map_document(page)
    assert popup_texts_in(frame)
    popup: str = frame.evaluate(
        """() => {
            let text = null;
            window.map_div.eachLayer(layer => {
                const p = layer.feature && layer.feature.properties;
                if (p && p.name === "Sudzha" && p.claims !== undefined) {
                    layer.openPopup();
                    text = document.querySelector(".leaflet-popup-content").innerText;
                }
            });
            return text;
        }"""
    )
    assert popup is not None
    assert "Sudzha" in popup and "Суджа" in popup
    assert "On 14 Mar 2025: held by Russia: " in popup
    assert "Ministry of Defence of the Russian Federation" in popup


def test_the_claims_table_comes_once_the_map_is_drawn(page: Page, app_url: str) -> None:
    """The data grid (its script ~1.6 MB) is not drawn beside the first map but right after it,
    brought by the map's report of its view once drawn (also where the address names the view:
    the map still reports)."""
    page.goto(f"{app_url}/?date=2024-08-20&lat=51.2&lon=35.27&zoom=11")
    grids = page.locator('[data-testid="stDataFrame"]')
    map_frame(page)
    grids.first.wait_for(timeout=WAIT_SECONDS * 1000)
    assert page.get_by_text("Claims in force on 20 Aug 2024").is_visible()
    assert not page.get_by_text(
        "The figures, links and claims tables follow once the map is drawn."
    ).count()
    assert grids.count() == 2  # in force, and published that day


def test_the_component_warm_up_takes_no_room(page: Page, app_url: str) -> None:
    """The empty component that has the page load its script for components before the map's
    arrives (`dashboard.component_warmup`) says it is ready and 0 px tall."""
    page.goto(f"{app_url}/?date=2024-08-20")
    map_frame(page)
    warm = page.locator(f'iframe[title$="{component_warmup.NAME}"]')
    assert warm.count() == 1
    page.wait_for_function(
        "selector => document.querySelector(selector).getBoundingClientRect().height === 0",
        arg=f'iframe[title$="{component_warmup.NAME}"]',
        timeout=WAIT_SECONDS * 1000,
    )
    assert page.locator(MAP_IFRAME).count() == 1


def test_the_names_are_laid_out_once_the_frame_is_drawn_not_in_the_script(
    page: Page, app_url: str
) -> None:
    """The settlement names are placed in the map's first frame, not also in the task of the map's
    script (where the frame has no style sheets yet, so that layout of every name was undone)."""
    page.add_init_script(PLACED_IN_SCRIPT_TASK)
    page.goto(f"{app_url}/?date=2024-08-20")
    map_frame(page)
    frame = map_document(page)
    frame.wait_for_function("() => window.frontlinePlacedInScriptTask !== undefined")
    assert frame.evaluate("() => window.frontlinePlacedInScriptTask") == 0
    frame.wait_for_function("() => window.frontlineLabels.placements() >= 1")
    frame.wait_for_function(
        "() => [...document.querySelectorAll('.settlement-label')].some("
        "n => !n.closest('.frontline-label-hidden') && n.getBoundingClientRect().width > 0)"
    )
