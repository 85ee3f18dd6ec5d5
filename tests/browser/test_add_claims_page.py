"""The Add claims page in a real browser: an anonymous visitor gets no control that writes; a
signed-in analyst picks settlements by clicking the footprint map."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bench.harness import MAP_IFRAME, served
from claims.accounts import add_account
from claims.ledger_file import BUNDLED_LEDGER

UNSET = ("FRONTLINE_ACCOUNTS", "FRONTLINE_STORE")
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def read_only_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    ledger = tmp_path_factory.mktemp("ledger") / "ledger.yaml"
    shutil.copyfile(BUNDLED_LEDGER, ledger)
    with served({"FRONTLINE_LEDGER": str(ledger)}, without=UNSET) as url:
        yield url, ledger


def test_anonymous_visitor_sees_no_write_control(
    page: Page, read_only_app: tuple[str, Path]
) -> None:
    url, ledger = read_only_app
    before = ledger.read_bytes()
    page.goto(f"{url}/add-claims")
    expect(page.get_by_role("heading", name="Add claims")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("This dashboard is read-only.")).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="By hand").click()
    expect(page.get_by_text("Read-only: sign in to accept.")).to_be_visible(timeout=30_000)
    for label in ("Accept", "Sign in"):
        expect(page.get_by_role("button", name=label, exact=True)).to_have_count(0)
    assert page.locator('input[type="password"]').count() == 0
    assert ledger.read_bytes() == before


@pytest.fixture(scope="module")
def writable_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("writable")
    ledger, accounts = folder / "ledger.yaml", folder / "accounts.json"
    shutil.copyfile(BUNDLED_LEDGER, ledger)
    add_account(accounts, "ana", PASSWORD)
    env = {"FRONTLINE_LEDGER": str(ledger), "FRONTLINE_ACCOUNTS": str(accounts)}
    with served(env, without=["FRONTLINE_STORE"]) as url:
        yield url, ledger


def test_a_click_on_the_footprint_map_adds_and_removes_the_nearest_settlement(
    page: Page, writable_app: tuple[str, Path]
) -> None:
    url, _ = writable_app
    page.goto(f"{url}/add-claims")
    page.get_by_role("textbox", name="Account").fill("ana", timeout=60_000)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="By hand").click()
    chosen = page.locator('[data-testid="stMultiSelect"]').last
    for expected in (1, 0):  # a click adds Sudzha, a second click on it removes it
        frame = page.locator(MAP_IFRAME).last
        frame.wait_for(timeout=60_000)
        inside = page.frame_locator(MAP_IFRAME).last
        inside.locator(".leaflet-container").wait_for(timeout=60_000)
        handle = frame.element_handle()
        assert handle is not None
        leaflet = handle.content_frame()
        assert leaflet is not None
        page.wait_for_timeout(500)
        x, y = leaflet.evaluate(SUDZHA_ON_SCREEN)
        box = frame.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + x, box["y"] + y)
        sudzha = chosen.get_by_text("Sudzha (Sudzhansky district, Kursk oblast)")
        expect(sudzha).to_have_count(expected, timeout=30_000)


# Where Sudzha (51.1919 N, 35.2708 E) is drawn in the Leaflet frame, by the map's own projection.
SUDZHA_ON_SCREEN = """() => {
    const map = window.map_div;
    const point = map.latLngToContainerPoint([51.1919, 35.2708]);
    const frame = map.getContainer().getBoundingClientRect();
    return [point.x + frame.left, point.y + frame.top];
}"""
