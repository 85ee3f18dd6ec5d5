"""Day step time with the browser timeline, against the server round trip, in one run.

The browser timeline: ArrowRight pressed (real key input) with the map's timeline slider focused;
the time is taken in the page itself, from the key event's timestamp to the task after the next
animation frame that follows the restyle (`timeline.js` keeps these in `steps` and as
"frontline-step" performance measures). The round trip (FRONTLINE_SERVER_TIMELINE=1, the path
before): ArrowRight on Streamlit's date slider until the map's date stamp shows the new day
(`bench.slider.measure`, timed from outside). Also the websocket bytes of the first load and of
one pause (the rerun that follows a browser step), and the first map drawn from a cold server.

`--scale 10` (or 100) runs the same in-page step measurement against a synthetic theatre
(`bench.synthetic`) instead of the bundled ledger, without the round-trip baseline (the server
path at those sizes is `bench.run`'s): first map drawn, timeline taken over (its build), step
p50/p95, websocket bytes, and the server's peak resident memory (/proc, VmHWM).

`--theatre DIR` keeps the synthetic theatre in DIR: with FRONTLINE_CACHE_DIR naming the disk
cache `bench.timeline_memory --work` filled (DIR = its `theatre-<scale>x`), the server reads the
built timeline from disk (a warm start: the step and the memory without the ten-minute build).
`--settle S` waits S seconds (default 1.5) from the timeline on to the first step: at 100x the
page is still taking in 105 MB of fetched files for several seconds after.

Usage: .venv/bin/python -m bench.timeline [--steps 60] [--scale 1|10|100] [--theatre DIR]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from bench.harness import (
    MAP_IFRAME,
    SERVER_PATH,
    launch_chromium,
    map_frame,
    save_results,
    served,
    start_server,
)
from bench.run import count_ws_bytes, peak_rss_mb
from bench.slider import START_DATE, measure, summary
from bench.synthetic import write_synthetic
from claims.disk_cache import CACHE_DIR_ENV
from claims.errors import LedgerError
from claims.ledger_file import load_ledger_data

STAMP = "() => document.querySelector('.frontline-date').dataset.date"
TIMEOUT_MS = 180_000
# A synthetic theatre's timeline may take minutes to build; past this it counts as not served.
SCALE_TIMEOUT_MS = 900_000


def browser_steps(
    page: Page,
    url: str,
    steps: int,
    timeout_ms: int = TIMEOUT_MS,
    reached: dict[str, Any] | None = None,
    settle_ms: int = 1500,
) -> dict[str, Any]:
    """In-page step times for `steps` ArrowRight presses, and the bytes around them. `reached`
    gets the first map's figures as soon as they are known (kept if the timeline never comes)."""
    received = count_ws_bytes(page)
    started = time.perf_counter()
    went = time.time()
    page.goto(f"{url}/?date={START_DATE}")
    map_frame(page, timeout_ms=timeout_ms)
    first_map_ms = (time.perf_counter() - started) * 1000
    first_map_load = received[0]
    if reached is not None:
        reached.update(first_map_cold_ms=round(first_map_ms), first_map_ws=first_map_load)
    handle = page.locator(MAP_IFRAME).first.element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_function(
        f"() => window.frontlineTimeline && window.frontlineTimeline.current && ({STAMP})() === "
        f"'{START_DATE}'",
        timeout=timeout_ms,
    )
    timeline_ready_ms = (time.perf_counter() - started) * 1000
    marks = {**_marks_since(page, went), **_marks_since(frame, went)}
    page.wait_for_timeout(settle_ms)
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
    page.wait_for_url(f"**date={day.isoformat()}**", timeout=timeout_ms)
    page.wait_for_timeout(1500)
    return {
        "steps": timings[-steps:],
        "first_map_ms": round(first_map_ms),
        "timeline_ready_ms": round(timeline_ready_ms),
        "first_load_ws": first_load,
        "first_map_ws": first_map_load,
        "per_pause_ws": received[0] - before_pause,
        "marks": marks,
    }


# The timeline's own marks (`timeline.js`, `prefetch.js`) in a page or frame, as epoch ms.
MARKS_JS = """() => performance.getEntriesByType("mark")
    .filter(m => m.name.startsWith("frontline-"))
    .map(m => [m.name, performance.timeOrigin + m.startTime])"""


def _marks_since(target: Any, went: float) -> dict[str, float]:
    """Where the page and the map's frame were (seconds from the page opened): Streamlit's page
    fetching the files early (`frontline-prefetch-*`), the files in, shapes added, day set."""
    return {name: round(at / 1000 - went, 3) for name, at in target.evaluate(MARKS_JS)}


def run_scale(
    scale: int, steps: int, theatre_folder: Path | None = None, settle_s: float = 1.5
) -> dict[str, Any]:
    """The browser timeline's step against a synthetic theatre `scale` times the bundled one,
    from a cold server whose peak memory is read at the end. `theatre_folder`: the theatre is
    written there rather than in a temporary folder (its files' paths are part of the disk
    cache's keys: a cache named by FRONTLINE_CACHE_DIR that `bench.timeline_memory --work` filled
    for the same folder then holds its built timeline)."""
    results: dict[str, Any] = {"cores": os.cpu_count(), "steps": steps, "scale": scale}
    results["load_before"] = os.getloadavg()
    results["settle_s"] = settle_s
    if theatre_folder is not None:
        results["theatre_folder"] = str(theatre_folder)
        results["cache_dir"] = os.environ.get(CACHE_DIR_ENV)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        theatre = write_synthetic(scale, theatre_folder or Path(folder))
        results["synthetic_settlements"] = theatre.settlements
        results["records"] = theatre.records
        try:
            load_ledger_data(theatre.ledger)
        except LedgerError as error:
            # The app would show only the refusal: say so rather than wait for a map.
            results["error"] = str(error).splitlines()[-1].strip()
            return results
        env = {
            "FRONTLINE_LEDGER": str(theatre.ledger),
            "FRONTLINE_EXTRA_SETTLEMENTS": str(theatre.settlements_csv),
        }
        browser = launch_chromium(playwright)
        process, url = start_server(env)
        reached: dict[str, Any] = {}
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            measured = browser_steps(
                page, url, steps, SCALE_TIMEOUT_MS, reached, settle_ms=round(settle_s * 1000)
            )
            page.close()
        except PlaywrightError as error:
            # A size the app cannot serve is a result too: say where it stopped, and what came.
            results["error"] = str(error).splitlines()[0]
            results.update(reached)
            measured = None
        finally:
            results["peak_rss_mb"] = peak_rss_mb(process)
            process.terminate()
            process.wait(timeout=30)
            browser.close()
    if measured is not None:
        results.update(step_results(measured))
    results["load_after"] = os.getloadavg()
    return results


def step_results(measured: dict[str, Any]) -> dict[str, Any]:
    """What `browser_steps` measured, as the results file keeps it. From a cold server: the first
    map (the server path's) and the browser timeline, built meanwhile, taking over."""
    return {
        "slider_step_ms": summary(measured["steps"]),
        "slider_steps_each_ms": [round(ms, 1) for ms in measured["steps"]],
        "first_map_cold_ms": measured["first_map_ms"],
        "timeline_ready_cold_ms": measured["timeline_ready_ms"],
        "timeline_marks_s": measured["marks"],
        "payload_bytes": {
            key: measured[key] for key in ("first_map_ws", "first_load_ws", "per_pause_ws")
        },
    }


def run(steps: int) -> dict[str, Any]:
    results: dict[str, Any] = {"cores": os.cpu_count(), "steps": steps}
    with sync_playwright() as playwright:
        browser: Browser = launch_chromium(playwright)
        with served() as url:
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            measured = browser_steps(page, url, steps)
            page.close()
        results.update(step_results(measured))
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
    parser.add_argument("--scale", type=int, default=1, help="1: the bundled ledger; 10, 100")
    parser.add_argument(
        "--theatre", type=Path, default=None, help="write the synthetic theatre here (kept)"
    )
    parser.add_argument(
        "--settle", type=float, default=1.5, help="seconds from the timeline on to the first step"
    )
    args = parser.parse_args()
    if args.scale > 1:
        measured = run_scale(args.scale, args.steps, args.theatre, args.settle)
        save_results(f"timeline-{args.scale}x", measured)
    else:
        save_results("timeline", run(args.steps))


if __name__ == "__main__":
    main()
