"""Render the README's screenshot of the dashboard page in Debian's chromium (offline).

The map pictures in the README are briefing snapshots: `frontline snapshot` makes those.

Usage: .venv/bin/python scripts/readme_screenshots.py   (writes docs/*.png)
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.harness import map_frame, start_server
from dashboard.snapshot_render import CHROMIUM_FLAGS

SHOTS = {"dashboard-2024-08-20.png": "date=2024-08-20&lat=51.2500&lon=35.2000&zoom=10"}


def main() -> None:
    out = Path(__file__).resolve().parents[1] / "docs"
    process, url = start_server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
            )
            page = browser.new_page(viewport={"width": 1500, "height": 1150})
            for name, query in SHOTS.items():
                page.goto(f"{url}/?{query}")
                map_frame(page)
                page.wait_for_timeout(2500)
                page.screenshot(path=out / name)
                print("wrote", out / name)
            browser.close()
    finally:
        process.terminate()


if __name__ == "__main__":
    main()
