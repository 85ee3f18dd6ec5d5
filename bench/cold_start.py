"""A fresh server, timed from `streamlit run` itself: when it answers, when the first map is
drawn, when the browser timeline has taken over; with the disk cache empty (a fresh clone's first
start) and then filled (every start after it).

"Drawn" is timed in the map's page itself (`DRAWN_PROBE`): the first animation frame after the
map's date stamp (added by the day's layers, the map script's last part) enters the page.
`first_map_seen_ms` is the older outside figure, when Playwright's polling sees the stamp: it
also counts whatever else keeps the browser busy just then (the panels drawn after the map).

The browser is started first, so its own start is not counted. Each start is a new server process
with its own cache directory (FRONTLINE_CACHE_DIR), emptied before the "empty" runs.

Usage: .venv/bin/python -m bench.cold_start [--runs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from bench.harness import (
    MAP_IFRAME,
    PLAIN_RUN,
    REPO,
    SERVE,
    free_port,
    launch_chromium,
    map_frame,
    save_results,
    server_command,
    wait_for_health,
)

TIMEOUT_MS = 180_000
READY = "() => window.frontlineTimeline && window.frontlineTimeline.current"
# In the map component's frame only: epoch ms of the first frame after the date stamp appears.
# The frame starts as about:blank and keeps that window for its first page (so the probe, run on
# the blank one, waits for the next document there).
DRAWN_PROBE = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const watch = () => {
    if (!location.pathname.includes("streamlit_folium")) return;
    new MutationObserver((_, observer) => {
      if (!document.querySelector(".frontline-date")) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => { window.frontlineDrawnAt = now(); }, 0));
    }).observe(document, {childList: true, subtree: true});
  };
  if (location.href === "about:blank") window.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
"""
DRAWN_AT = "() => window.frontlineDrawnAt"


def one_start(
    browser: Browser, cache_dir: Path, launch: Sequence[str] = SERVE, repo: Path = REPO
) -> dict[str, int]:
    """Milliseconds from launching the server to: health answered, map drawn, timeline on.
    `repo`: the checkout served (`python -m` imports the project from its working directory, so
    another worktree's code runs with this one's environment; `bench.cold_start_ab`)."""
    port = free_port()
    env = {**os.environ, "FRONTLINE_TILES": "off", "FRONTLINE_CACHE_DIR": str(cache_dir)}
    command = server_command(port, launch=launch)
    url = f"http://127.0.0.1:{port}"
    started, started_epoch = time.perf_counter(), time.time()
    process = subprocess.Popen(
        command, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_health(url, TIMEOUT_MS / 1000)
        answered = time.perf_counter()
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.add_init_script(DRAWN_PROBE)
        page.goto(url)
        map_frame(page, timeout_ms=TIMEOUT_MS)
        seen = time.perf_counter()
        handle = page.locator(MAP_IFRAME).first.element_handle()
        frame = handle.content_frame() if handle is not None else None
        assert frame is not None
        drawn_epoch_ms = frame.wait_for_function(DRAWN_AT, timeout=TIMEOUT_MS).json_value()
        frame.wait_for_function(READY, timeout=TIMEOUT_MS)
        ready = time.perf_counter()
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    return {
        "health_ms": round((answered - started) * 1000),
        "first_map_ms": round(drawn_epoch_ms - started_epoch * 1000),
        "first_map_seen_ms": round((seen - started) * 1000),
        "timeline_ready_ms": round((ready - started) * 1000),
    }


def medians(runs: list[dict[str, int]]) -> dict[str, float]:
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


LAUNCHES = {"serve": SERVE, "plain": PLAIN_RUN}


def run(runs: int, launch: str = "serve") -> dict[str, Any]:
    """`runs` starts with the disk cache emptied, each followed by one that reads what it kept;
    the load average (1, 5, 15 min) before the first, to read the figures by. `launch`: `make
    run`'s command (`dashboard.serve`) or `streamlit run dashboard/app.py` itself (`plain`)."""
    results: dict[str, Any] = {
        "cores": os.cpu_count(), "runs": runs, "launch": launch, "load": os.getloadavg()
    }  # fmt: skip
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = launch_chromium(playwright)
        cache_dir = Path(scratch) / "cache"
        empty, filled = [], []
        for _ in range(runs):
            shutil.rmtree(cache_dir, ignore_errors=True)
            empty.append(one_start(browser, cache_dir, LAUNCHES[launch]))
            filled.append(one_start(browser, cache_dir, LAUNCHES[launch]))
        browser.close()
    results["empty_cache"] = {"median": medians(empty), "each": empty}
    results["filled_cache"] = {"median": medians(filled), "each": filled}
    results["load_after"] = os.getloadavg()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--launch", choices=sorted(LAUNCHES), default="serve")
    args = parser.parse_args()
    name = "cold-start" if args.launch == "serve" else f"cold-start-{args.launch}"
    save_results(name, run(args.runs, args.launch))


if __name__ == "__main__":
    main()
