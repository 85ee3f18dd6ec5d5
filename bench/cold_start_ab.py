"""Two (or more) checkouts' cold starts, alternated back to back: the machine's load moves
(2 cores shared with other work), so a before/after comparison is only fair when the starts of
each are interleaved in the same minutes.

Each round runs, for every variant in turn, one start with an emptied disk cache and one that
reads what it kept (`bench.cold_start.one_start`, `make run`'s launch), with the load average
before each. `--phases`: the filled start is `bench.cold_start_breakdown`'s instead (the same
launch and "drawn" mark), which keeps where its seconds went.

A variant is a checkout (a git worktree at the old commit, say) served with this environment:
`python -m` imports the project from the working directory it is started in.

Usage:
    git worktree add --detach /tmp/before <commit>
    .venv/bin/python -m bench.cold_start_ab --variant before=/tmp/before --variant now=. --rounds 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from bench import cold_start_breakdown
from bench.cold_start import medians, one_start
from bench.harness import SERVE, launch_chromium, save_results


def parse_variant(text: str) -> tuple[str, Path]:
    name, _, path = text.partition("=")
    if not name or not path or not (Path(path) / "dashboard" / "app.py").is_file():
        raise argparse.ArgumentTypeError(f"{text!r}: want NAME=CHECKOUT (a folder with dashboard/)")
    return name, Path(path).resolve()


def filled_with_phases(browser: Browser, cache_dir: Path, repo: Path) -> dict[str, Any]:
    """A filled-cache start timed as `one_start` does, with the breakdown's phases."""
    found = cold_start_breakdown.one_start(browser, cache_dir, importtime=False, repo=repo)
    events = found["events_s"]
    return {
        "health_ms": round(events["health"] * 1000),
        "first_map_ms": round(events["map-drawn-in-page"] * 1000),
        "first_map_seen_ms": round(events["map-drawn"] * 1000),
        "timeline_ready_ms": round(events["timeline-ready"] * 1000),
        "phases_s": found["phases_s"],
        "map_message_bytes": max(s for _, s in found["websocket"]["messages_over_10kB_at_s_bytes"]),
    }


def run(variants: list[tuple[str, Path]], rounds: int, phases: bool = False) -> dict[str, Any]:
    """`rounds` rounds; in each, every variant's empty-cache start then its filled-cache start."""
    starts: dict[str, dict[str, list[dict[str, Any]]]] = {
        name: {"empty_cache": [], "filled_cache": []} for name, _ in variants
    }
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = launch_chromium(playwright)
        cache_dir = Path(scratch) / "cache"
        for _ in range(rounds):
            for name, repo in variants:
                shutil.rmtree(cache_dir, ignore_errors=True)
                for kind in ("empty_cache", "filled_cache"):
                    load = os.getloadavg()
                    if phases and kind == "filled_cache":
                        start = filled_with_phases(browser, cache_dir, repo)
                    else:
                        start = dict(one_start(browser, cache_dir, SERVE, repo))
                    starts[name][kind].append({**start, "load": [round(x, 2) for x in load]})
                    print(name, kind, start, "load", load, flush=True)
        browser.close()
    return {
        "cores": os.cpu_count(),
        "rounds": rounds,
        "variants": {name: str(repo) for name, repo in variants},
        "median": {
            name: {kind: medians([_timings(s) for s in each]) for kind, each in kinds.items()}
            for name, kinds in starts.items()
        },
        "each": starts,
    }


def _timings(start: dict[str, Any]) -> dict[str, int]:
    return {name: value for name, value in start.items() if isinstance(value, int)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variant", type=parse_variant, action="append", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--phases", action="store_true")
    args = parser.parse_args()
    save_results("cold-start-ab", run(args.variant, args.rounds, args.phases))


if __name__ == "__main__":
    main()
