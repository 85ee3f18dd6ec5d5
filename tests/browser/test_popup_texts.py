"""Popup text fetched on demand (`dashboard/popup_texts.py`), the default for any ledger: the same
popup as when the map carries its catalogue (`inline`), offline, from the served app's static
files; hostile text stays text."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Dialog, Frame, Page

from bench.harness import served
from dashboard.popup_texts import MODE_ENV, TEXTS_URL
from tests.browser.conftest import timeline_on_day

INLINE = {MODE_ENV: "inline"}
LOADING = "Loading the claims"
OPEN_POPUP = """(name) => {
    let opened = false;
    window.map_div.eachLayer(layer => {
        const p = layer.feature && layer.feature.properties;
        if (!opened && p && p.name === name && p.claims !== undefined) {
            layer.openPopup();
            opened = true;
        }
    });
    return opened;
}"""
POPUP_TEXT = "() => document.querySelector('.leaflet-popup-content').innerText"


@pytest.fixture(scope="module")
def inline_url() -> Iterator[str]:
    """The dashboard with its popup text carried by the map, as before it was fetched."""
    with served(INLINE) as url:
        yield url


def _popup(frame: Frame, name: str) -> str:
    """The popup's text once its claims are in."""
    assert frame.evaluate(OPEN_POPUP, name), f"no settlement {name} on the map"
    deadline = time.monotonic() + 20
    text: str = frame.evaluate(POPUP_TEXT)
    while LOADING in text and time.monotonic() < deadline:
        frame.page.wait_for_timeout(100)
        text = frame.evaluate(POPUP_TEXT)
    return text


def test_a_popup_reads_the_same_fetched_as_carried(
    page: Page, app_url: str, inline_url: str
) -> None:
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if TEXTS_URL in r.url else None)
    on_demand = _popup(timeline_on_day(page, app_url, "2025-03-14"), "Sudzha")
    assert fetched, "the popup's text came from the served files"
    assert all(u.startswith(app_url + TEXTS_URL) for u in fetched), "absolute, not relative"
    fetched.clear()
    carried = _popup(timeline_on_day(page, inline_url, "2025-03-14"), "Sudzha")
    assert not fetched, "carried by the map: nothing fetched"
    assert "On 14 Mar 2025: held by Russia: " in on_demand
    assert "Ministry of Defence of the Russian Federation" in on_demand
    assert "Суджа" in on_demand
    assert on_demand == carried
    assert page.blocked_requests == [] or all(  # type: ignore[attr-defined]
        u.startswith("https://fonts")
        for u in page.blocked_requests  # type: ignore[attr-defined]
    )


def test_hostile_text_fetched_on_demand_stays_text(page: Page, hostile_url: str) -> None:
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if TEXTS_URL in r.url else None)
    frame = timeline_on_day(page, hostile_url, "2025-03-13")
    names: list[str] = frame.evaluate(
        """() => {
            const names = [];
            window.map_div.eachLayer(layer => {
                const p = layer.feature && layer.feature.properties;
                if (p && p.claims && p.claims.length) { names.push(p.name); }
            });
            return names;
        }"""
    )
    assert names, "the hostile claims name settlements"
    texts = [_popup(frame, name) for name in names]
    assert fetched, "the hostile text came from the served files"
    page.wait_for_timeout(500)
    joined = "\n".join(texts)
    assert "<script>alert(1)</script>" in joined, "shown as text"
    assert "{{ 7*7 }}" in joined, "template syntax shown as written, not evaluated"
    assert dialogs == []
    for target in (page, frame):
        assert target.locator("a[href^='javascript:' i]").count() == 0
        assert target.locator("img[src='x']").count() == 0
        assert target.locator("svg[onload]").count() == 0
