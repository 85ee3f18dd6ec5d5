"""Where the browser's script time goes while the first map is drawn: a CPU profile of the page
(and its map frame: same origin, same renderer) from opening the address to the map drawn, with
the disk cache filled, summed by script file and by function.

Checkouts alternate (`--variant NAME=CHECKOUT`, as `bench.cold_start_ab`): each round starts
each variant's server (`python -m dashboard.serve` in its folder), fills its disk cache with one
page, then profiles `--loads` fresh pages. The machine's load moves (2 shared cores), so only
variants profiled in the same minutes compare; the map's own script is the bundle
(`/app/static/bundles/<digest>.js`), reported as "map bundle".

Usage: .venv/bin/python -m bench.map_script_profile --variant before=/tmp/before --variant now=.
       [--rounds 2] [--loads 2]
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from bench.cold_start_ab import parse_variant
from bench.harness import launch_chromium, map_frame, save_results, start_server

OPENED = "/?date=2024-08-20"
SAMPLING_US = 200
BUNDLE = "map bundle"


def profile_once(browser: Browser, url: str) -> collections.Counter[tuple[str, str]]:
    """Milliseconds of samples per (script, function), one page from goto to its map drawn."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": SAMPLING_US})
    cdp.send("Profiler.start")
    page.goto(url + OPENED)
    map_frame(page)
    profile = cdp.send("Profiler.stop")["profile"]
    context.close()
    nodes = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    found: collections.Counter[tuple[str, str]] = collections.Counter()
    for node, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = nodes[node]
        name = frame["url"].split("/")[-1].split("?")[0] or "(native)"
        if "/bundles/" in frame["url"]:
            name = BUNDLE
        found[(name, frame["functionName"] or "(anonymous)")] += delta / 1000
    return found


def profile_variant(browser: Browser, repo: Path, loads: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="frontline-cache-") as cache:
        process, url = start_server({"FRONTLINE_CACHE_DIR": cache}, repo=repo)
        try:
            filling = browser.new_page()
            filling.goto(url + OPENED)
            map_frame(filling)
            filling.wait_for_timeout(5000)  # the timeline built and kept
            filling.close()
            runs = []
            for _ in range(loads):
                load = os.getloadavg()[0]
                found = profile_once(browser, url)
                by_script: collections.Counter[str] = collections.Counter()
                for (script, _), ms in found.items():
                    by_script[script] += ms
                runs.append({
                    "load": round(load, 1),
                    "map_bundle_ms": round(by_script[BUNDLE], 1),
                    "scripts_ms": {k: round(v, 1) for k, v in by_script.most_common(12)},
                    "bundle_functions_ms": {
                        fn: round(ms, 1)
                        for (script, fn), ms in found.most_common()
                        if script == BUNDLE and ms >= 10
                    },
                })  # fmt: skip
            return runs
        finally:
            process.terminate()
            process.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variant", type=parse_variant, action="append", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--loads", type=int, default=2)
    args = parser.parse_args()
    each: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in args.variant}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for _ in range(args.rounds):
            for name, repo in args.variant:
                each[name].extend(profile_variant(browser, repo, args.loads))
        browser.close()
    results = {
        "variants": {name: str(repo) for name, repo in args.variant},
        "median_map_bundle_ms": {
            name: statistics.median(run["map_bundle_ms"] for run in runs)
            for name, runs in each.items()
        },
        "each": each,
    }
    for name, runs in each.items():
        print(name, [run["map_bundle_ms"] for run in runs], [run["load"] for run in runs])
    save_results("map-script-profile", results)


if __name__ == "__main__":
    main()
