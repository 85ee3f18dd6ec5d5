"""Many users at once: concurrent sessions scrubbing the date slider of one local server.

Two kinds of client, the same checks (bench/load_report.py): `browser` drives Chromium sessions
(bench/load_browser.py), which measures what a user waits for but, twenty renderers on two cores,
mostly the browsers; `ws` speaks Streamlit's websocket protocol directly (bench/load_ws.py), which
measures what the server holds. Each session starts on its own day, days never overlap between
sessions, and every step checks that the session's map shows its own slider's day: a session
shown another's state is a mismatch. Bounded: loopback only, a fixed number of sessions and
steps, a time limit per step.

The browser client scrubs the server path by default (every step a rerun: the baseline, as the
websocket client does); `--scrub timeline` scrubs the map's own timeline instead, in the page,
the server asked only for the days a session pauses on (`make bench` runs this one).

Usage: .venv/bin/python -m bench.load [--client ws|browser] [--scrub server|timeline]
       [--sessions 20] [--steps 50]
(prints JSON and writes it to bench/results/load-<client>[-timeline]-<time>.json; exits 1 on any
error or mismatch)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from functools import partial
from typing import Any

from bench import load_browser, load_ws
from bench.harness import SERVER_PATH, save_results, served
from bench.load_report import start_days, summary
from claims.bundle import load_ledger

CLIENTS = {"browser": load_browser.run_load, "ws": load_ws.run_load}


def measure(
    sessions: int,
    steps: int,
    *,
    client: str = "browser",
    env: dict[str, str] | None = None,
    scrub: str = "server",
) -> dict[str, Any]:
    """Start a server on loopback, run the sessions against it, stop it; the summary. `scrub`
    (browser client only): `server`, the date slider on the server path; `timeline`, the map's
    own timeline, the server at its default (the browser timeline on)."""
    if scrub not in load_browser.SCRUBS or (scrub != "server" and client != "browser"):
        raise ValueError(f"scrub {scrub!r} is not one of {load_browser.SCRUBS} for {client}")
    starts = start_days(load_ledger().span, sessions, steps)
    path = SERVER_PATH if scrub == "server" else {}
    run = partial(load_browser.run_load, scrub=scrub) if client == "browser" else CLIENTS[client]
    with served({**path, **(env or {})}) as url:
        started = time.perf_counter()
        results = asyncio.run(run(url, starts, steps))
    return summary(results, client=client, seconds=time.perf_counter() - started, scrub=scrub)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--client", choices=sorted(CLIENTS), default="ws")
    parser.add_argument("--scrub", choices=load_browser.SCRUBS, default="server")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--steps", type=int, default=50)
    args = parser.parse_args()
    if not (1 <= args.sessions <= 50 and 1 <= args.steps <= 200):
        parser.error("keep it bounded: 1-50 sessions, 1-200 steps")
    if args.scrub == "timeline" and args.client != "browser":
        parser.error("--scrub timeline needs --client browser (the timeline runs in a page)")
    report = measure(args.sessions, args.steps, client=args.client, scrub=args.scrub)
    suffix = "-timeline" if args.scrub == "timeline" else ""
    save_results(f"load-{args.client}{suffix}", report)
    return 0 if not report["errors"] and not report["mismatches"] else 1


if __name__ == "__main__":
    sys.exit(main())
