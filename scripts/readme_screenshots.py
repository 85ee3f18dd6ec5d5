"""Render the README's screenshots of the dashboard page in Debian's chromium (offline).

Each view opens as a new user would open it (no centre or zoom in the address: the map is fitted
to the day's ground in play), scrolled so the map fills the window. The map pictures in the README
are briefing snapshots: `frontline snapshot` makes those (commands in the README).

Usage: .venv/bin/python scripts/readme_screenshots.py   (writes docs/dashboard-*.png)
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.harness import MAP_IFRAME, map_frame, start_server
from dashboard.snapshot_render import CHROMIUM_FLAGS

SUDZHA_POPUP = """() => window.map_div.eachLayer(layer => {
    const p = layer.feature && layer.feature.properties;
    if (p && p.status !== undefined && p.name === "Sudzha") { layer.openPopup(); } })"""
# name: (address, window width, window height, open Sudzha's popup)
SHOTS = {
    "dashboard-2025-03-13.png": ("date=2025-03-13", 1600, 1000, False),
    "dashboard-2024-08-20.png": ("date=2024-08-20", 1600, 1000, False),
    "dashboard-pair-2025-03-13.png": ("date=2025-03-13&mode=pair", 1600, 1400, False),
    "dashboard-compare-2025-03-13.png": ("date=2025-03-13&compare=2024-11-01", 1600, 1000, False),
    "dashboard-popup-sudzha-2025-03-13.png": ("date=2025-03-13", 1600, 1000, True),
}


def shoot(page: Page, url: str, out: Path, query: str, popup: bool) -> None:
    page.goto(f"{url}/?{query}")
    map_frame(page)
    page.wait_for_timeout(2500)
    heading = page.locator("h1").nth(1)  # the date above the map
    heading.scroll_into_view_if_needed()
    heading.evaluate("node => node.scrollIntoView({block: 'start'})")
    if popup:
        frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()  # type: ignore[union-attr]
        assert frame is not None
        frame.evaluate(SUDZHA_POPUP)
    page.wait_for_timeout(1000)
    page.screenshot(path=out)
    print("wrote", out)


def main() -> None:
    out = Path(__file__).resolve().parents[1] / "docs"
    process, url = start_server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS
            )
            for name, (query, width, height, popup) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                shoot(page, url, out / name, query, popup)
                page.close()
            browser.close()
    finally:
        process.terminate()


if __name__ == "__main__":
    main()
