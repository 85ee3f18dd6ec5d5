"""Day step time with the browser timeline, against the server round trip, in one run.

The browser timeline: ArrowRight pressed (real key input) with the map's timeline slider focused;
the time is taken in the page itself, from the key event's timestamp to the task after the next
animation frame that follows the restyle (`timeline.js` keeps these in `steps` and as
"frontline-step" performance measures). The round trip (FRONTLINE_SERVER_TIMELINE=1, the path
before): ArrowRight on Streamlit's date slider until the map's date stamp shows the new day
(`bench.slider.measure`, timed from outside). Also the websocket bytes of the first load and of
one pause (the rerun that follows a browser step), and the first map drawn from a cold server.

Usage: .venv/bin/python -m bench.timeline [--steps 60]
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

from bench.harness import MAP_IFRAME, SERVER_PATH, map_frame, save_results, served
from bench.run import count_ws_bytes
from bench.slider import START_DATE, measure, summary
from dashboard.snapshot_render import CHROMIUM_FLAGS

STAMP = "() => document.querySelector('.frontline-date').dataset.date"
TIMEOUT_MS = 180_000


def browser_steps(page: Page, url: str, steps: int) -> dict[str, Any]:
    """In-page step times for `steps` ArrowRight presses, and the bytes around them."""
    received = count_ws_bytes(page)
    started = time.perf_counter()
    page.goto(f"{url}/?date={START_DATE}")
    map_frame(page, timeout_ms=TIMEOUT_MS)
    first_map_ms = (time.perf_counter() - started) * 1000
    handle = page.locator(MAP_IFRAME).first.element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_function(
        f"() => window.frontlineTimeline && window.frontlineTimeline.current && ({STAMP})() === "
        f"'{START_DATE}'",
        timeout=TIMEOUT_MS,
    )
    timeline_ready_ms = (time.perf_counter() - started) * 1000
    page.wait_for_timeout(1500)
    first_load = received[0]
    frame.locator(".frontline-timeline input").focus()
    day = date.fromisoformat(START_DATE)
    for _ in range(steps):
        day += timedelta(days=1)
        page.keyboard.press("ArrowRight")
        frame.wait_for_function(f"() => ({STAMP})() === '{day.isoformat()}'", polling="raf")
        page.wait_for_timeout(40)  # a hand scrubbing: shorter than the pause, so no rerun yet
    page.wait_for_timeout(100)
    timings: list[float] = frame.evaluate("() => window.frontlineTimeline.current.steps")
    before_pause = received[0]
    page.wait_for_url(f"**date={day.isoformat()}**", timeout=TIMEOUT_MS)
    page.wait_for_timeout(1500)
    return {
        "steps": timings[-steps:],
        "first_map_ms": round(first_map_ms),
        "timeline_ready_ms": round(timeline_ready_ms),
        "first_load_ws": first_load,
        "per_pause_ws": received[0] - before_pause,
    }


def run(steps: int) -> dict[str, Any]:
    results: dict[str, Any] = {"cores": os.cpu_count(), "steps": steps}
    with sync_playwright() as playwright:
        chromium = shutil.which("chromium") or "chromium"
        browser: Browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        with served() as url:
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            measured = browser_steps(page, url, steps)
            page.close()
        results["slider_step_ms"] = summary(measured["steps"])
        results["slider_steps_each_ms"] = [round(ms, 1) for ms in measured["steps"]]
        # From a cold server: the first map (the server path) and the browser timeline taking over.
        results["first_map_cold_ms"] = measured["first_map_ms"]
        results["timeline_ready_cold_ms"] = measured["timeline_ready_ms"]
        results["payload_bytes"] = {
            "first_load_ws": measured["first_load_ws"],
            "per_pause_ws": measured["per_pause_ws"],
        }
        with served(SERVER_PATH) as url:
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            results["baseline_slider_step_ms"] = summary(
                measure(page, url, min(steps, 30), timeout_ms=TIMEOUT_MS)
            )
            page.close()
        browser.close()
    base, built = results["baseline_slider_step_ms"]["p50"], results["slider_step_ms"]["p50"]
    results["speedup_p50"] = round(base / built, 1) if built else None
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=60)
    save_results("timeline", run(parser.parse_args().steps))


if __name__ == "__main__":
    main()
