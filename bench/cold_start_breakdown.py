"""Where the seconds of a cold start go: one fresh `streamlit run` of the dashboard, timed from the
launch on one clock (epoch seconds) by the server's own phase marks (FRONTLINE_TIMING=1,
`dashboard.phase_marks`), the page's websocket messages, and the browser's performance timeline
of the page and of the map's iframe (navigation, every script and style, first paint).

Usage: .venv/bin/python -m bench.cold_start_breakdown [--cache empty|filled] [--importtime]
        [--scale 1|10|100]
  --cache filled: one start first fills the disk cache, then the timed start reads it.
  --importtime: the server runs with `python -X importtime` (slower; names the heavy imports).
  --scale 10 (or 100): a synthetic theatre (`bench.synthetic`); the start ends at the first map
  drawn (the browser timeline of a big theatre takes minutes to build), and the server's peak
  resident memory is kept.
  --work DIR: the theatre and disk cache `bench.timeline_memory --scale N --work DIR` keeps
  (`DIR/theatre-Nx`, `DIR/cache`, its timeline built): a restart of a server whose disk cache
  holds everything, the built timeline too, so the first map is the browser timeline's. The
  cache is used as it is (not emptied, no start before).
  --date D: the page opens on `?date=D` (default: the app's own opening day).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, WebSocket, sync_playwright

from bench.cold_start import DRAWN_AT, DRAWN_PROBE, READY, TIMEOUT_MS
from bench.harness import (
    MAP_IFRAME,
    REPO,
    free_port,
    launch_chromium,
    map_frame,
    save_results,
    server_command,
    wait_for_health,
)
from bench.run import peak_rss_mb
from bench.synthetic import write_synthetic

MARK = re.compile(r"^frontline-mark (\S+) ([0-9.]+)$")
IMPORT = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")
PERFORMANCE = """() => ({
  origin: performance.timeOrigin,
  entries: performance.getEntries().map(e => ({
    type: e.entryType, name: e.name, start: e.startTime, duration: e.duration,
    end: e.responseEnd || (e.startTime + e.duration), size: e.transferSize || 0,
    body: e.decodedBodySize || 0,
    scripts: (e.scripts || []).filter(s => s.duration > 20).map(s => ({
      source: (s.sourceURL || "").split("/").pop() + " " + (s.sourceFunctionName || ""),
      invoker: s.invoker, ms: Math.round(s.duration),
    })),
  })),
})"""


def one_start(
    browser: Browser,
    cache_dir: Path,
    *,
    importtime: bool,
    theatre: dict[str, str] | None = None,
    repo: Path = REPO,
    day: str | None = None,
) -> dict[str, Any]:
    """One fresh start; with a synthetic `theatre` (its environment) it ends at the first map.
    `repo`: the checkout served (see `bench.cold_start.one_start`)."""
    port = free_port()
    env = {
        **os.environ, "FRONTLINE_TILES": "off", "FRONTLINE_CACHE_DIR": str(cache_dir),
        "FRONTLINE_TIMING": "1", **(theatre or {}),
    }  # fmt: skip
    python = [sys.executable, "-X", "importtime"] if importtime else [sys.executable]
    command = server_command(port, python=python)
    url = f"http://127.0.0.1:{port}"
    frames: list[tuple[float, str, int]] = []
    with tempfile.TemporaryFile() as stderr:
        launched = time.time()
        process = subprocess.Popen(
            command, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        try:
            wait_for_health(url, TIMEOUT_MS / 1000)
            events = {"health": time.time()}
            page = browser.new_page(viewport={"width": 1500, "height": 1100})

            def on_socket(socket: WebSocket) -> None:
                socket.on("framesent", lambda p: frames.append((time.time(), "sent", len(p))))
                socket.on(
                    "framereceived", lambda p: frames.append((time.time(), "received", len(p)))
                )

            page.on("websocket", on_socket)
            page.add_init_script(DRAWN_PROBE)
            events["goto"] = time.time()
            page.goto(f"{url}/?date={day}" if day else url)
            events["page-loaded"] = time.time()
            page.locator(MAP_IFRAME).first.wait_for(timeout=TIMEOUT_MS)
            events["iframe-attached"] = time.time()
            map_frame(page, timeout_ms=TIMEOUT_MS)
            events["map-drawn"] = time.time()
            handle = page.locator(MAP_IFRAME).first.element_handle()
            frame = handle.content_frame() if handle is not None else None
            assert frame is not None
            drawn_ms = frame.wait_for_function(DRAWN_AT, timeout=TIMEOUT_MS).json_value()
            events["map-drawn-in-page"] = drawn_ms / 1000
            if theatre is None:
                frame.wait_for_function(READY, timeout=TIMEOUT_MS)
                events["timeline-ready"] = time.time()
            page_timeline = page.evaluate(PERFORMANCE)
            frame_timeline = frame.evaluate(PERFORMANCE)
            page.close()
            peak_mb = peak_rss_mb(process)
        finally:
            process.terminate()
            process.wait(timeout=20)
        stderr.seek(0)
        lines = stderr.read().decode("utf-8", "replace").splitlines()
    marks = [(m[1], float(m[2])) for m in map(MARK.match, lines) if m]
    socket = _socket_summary(frames, launched)
    iframe = _timeline(frame_timeline, launched)
    return {
        "launched": launched,
        "server_peak_rss_mb": peak_mb,
        "phases_s": _phases(events, marks, socket, iframe, launched),
        "events_s": {k: round(v - launched, 3) for k, v in events.items()},
        "server_marks_s": [(name, round(at - launched, 3)) for name, at in marks],
        "websocket": socket,
        "page": _timeline(page_timeline, launched),
        "iframe": iframe,
        "imports": _heaviest_imports(lines) if importtime else [],
    }


def _phases(
    events: dict[str, float],
    marks: list[tuple[str, float]],
    socket: dict[str, Any],
    iframe: list[dict[str, Any]],
    launched: float,
) -> dict[str, float]:
    """The first map's path, as consecutive pieces (seconds): each from the end of the one before.
    The first run's marks only (later runs mark again); the script's own start is the page's first
    websocket message (the session's first message answers the page's connect)."""
    first: dict[str, float] = {}
    for name, at in marks:
        first.setdefault(name, at - launched)
    # The map's arguments: the first message of more than 500 kB (a later one: the timeline).
    payload = next((m for m in socket["messages_over_10kB_at_s_bytes"] if m[1] > 500_000), None)
    navigation = next((r["start_s"] for r in iframe if r["type"] == "navigation"), None)
    scripts = [r["end_s"] for r in iframe if r["type"] == "resource" and r["name"].endswith(".js")]
    paint = next((r["start_s"] for r in iframe if r["name"] == "first-paint"), None)
    marked = {r["name"]: r["start_s"] for r in iframe if r["type"] == "mark"}
    points = [
        ("streamlit start to health answered", events["health"] - launched),
        ("bench opens a page", events["goto"] - launched),
        ("Streamlit's page loads and connects", socket["first_received_s"]),
        ("the app's imports (first run)", first.get("run-start")),
        ("ledger read", first.get("ledger-read")),
        ("controls and the map's inputs, map sent", first.get("maps-sent")),
        ("map arguments reach the browser", payload[0] if payload else None),
        ("page draws what comes before the map's frame", navigation),
        ("map frame loads its scripts", max(scripts, default=None)),
        # A timeline served as files (`timeline.js`'s marks): fetched, its shapes added, the day.
        ("timeline files fetched, unpacked, parsed", marked.get("frontline-files-in")),
        ("their shapes added (off the map)", marked.get("frontline-shapes-added")),
        ("the first day set (restyled, drawn)", marked.get("frontline-day-set")),
        ("map script runs; the frame after the date stamp", events["map-drawn-in-page"] - launched),
        ("Playwright sees the map drawn (polled)", events["map-drawn"] - launched),
    ]
    phases, before = {}, 0.0
    for name, at in points:
        if at is None:
            continue
        phases[name] = round(at - before, 3)
        before = at
    phases["total"] = round(before, 3)
    phases["(the frame's first paint, at)"] = paint if paint is not None else -1.0
    return phases


def _socket_summary(frames: list[tuple[float, str, int]], launched: float) -> dict[str, Any]:
    received = [(at, size) for at, kind, size in frames if kind == "received"]
    big = [(round(at - launched, 3), size) for at, size in received if size > 10_000]
    return {
        "received_bytes": sum(size for _, size in received),
        "received_messages": len(received),
        "first_received_s": round(received[0][0] - launched, 3) if received else None,
        "messages_over_10kB_at_s_bytes": big,
    }


def _timeline(perf: dict[str, Any], launched: float) -> list[dict[str, Any]]:
    """Every entry on the launch's clock (seconds), the largest few kept by name."""
    offset = perf["origin"] / 1000 - launched
    rows = []
    for entry in perf["entries"]:
        rows.append({
            "type": entry["type"],
            "name": entry["name"].rsplit("/", 1)[-1][:60],
            "start_s": round(offset + entry["start"] / 1000, 3),
            "end_s": round(offset + entry["end"] / 1000, 3),
            "bytes": entry["body"],
            **({"scripts": entry["scripts"]} if entry["scripts"] else {}),
        })  # fmt: skip
    return sorted(rows, key=lambda r: r["start_s"])


def _heaviest_imports(lines: list[str], top: int = 25) -> list[tuple[str, float]]:
    """The top-level imports of the server process (the app's own ones), by cumulative time."""
    rows = []
    for line in lines:
        match = IMPORT.match(line)
        if match and len(match[3]) <= 1:
            rows.append((match[4], int(match[2]) / 1000))
    return sorted(rows, key=lambda r: -r[1])[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", choices=("empty", "filled"), default="empty")
    parser.add_argument("--importtime", action="store_true")
    parser.add_argument("--scale", type=int, default=1, help="1: the bundled ledger; 10, 100")
    parser.add_argument("--work", type=Path, default=None, help="bench.timeline_memory's --work")
    parser.add_argument("--date", default=None, help="the day the page opens on (ISO)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch)
        theatre = None
        if args.scale > 1:
            written = write_synthetic(args.scale, work / f"theatre-{args.scale}x")
            theatre = {
                "FRONTLINE_LEDGER": str(written.ledger),
                "FRONTLINE_EXTRA_SETTLEMENTS": str(written.settlements_csv),
            }
        browser = launch_chromium(playwright)
        cache_dir = work / "cache"
        if args.cache == "filled" and args.work is None:
            one_start(browser, cache_dir, importtime=False, theatre=theatre, day=args.date)
        result = one_start(
            browser, cache_dir, importtime=args.importtime, theatre=theatre, day=args.date
        )
        browser.close()
    result["cache"] = "timeline built" if args.work is not None else args.cache
    result["scale"] = args.scale
    result["date"] = args.date
    result["load_average"] = {"before": load_before, "after": os.getloadavg()}
    scale = f"-{args.scale}x" if args.scale > 1 else ""
    kind = "built" if args.work is not None else args.cache
    save_results(f"cold-start-breakdown{scale}-{kind}", result)


if __name__ == "__main__":
    main()
