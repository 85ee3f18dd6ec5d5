"""The benchmark harness: what a user feels, next to a naive baseline, at 1x, 10x and 100x.

Prints a table and writes bench/results/bench-<time>.json. Every figure comes from a real
`streamlit run` on loopback driven by Debian's chromium, except the pure-function timings.
Machines here are noisy: compare the app with its baseline in the same run, not across runs.

Usage: .venv/bin/python -m bench.run [--steps 30] [--scales 1,10,100] [--skip-snapshot]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from bench.harness import (
    REPO,
    SERVER_PATH,
    free_port,
    launch_chromium,
    map_frame,
    server_command,
)
from bench.slider import START_DATE, measure, summary
from bench.synthetic import write_synthetic
from claims.ledger_file import BUNDLED_LEDGER

RESULTS = Path(__file__).resolve().parent / "results"
SCALE_TIMEOUT_MS = 240_000  # a whole front line may take minutes to open; past that, it fails
RERUN_LINE = re.compile(r"frontline-rerun-ms ([0-9.]+)")


@contextmanager
def serving(env: dict[str, str], log: Path) -> Any:
    """The dashboard served on loopback (`make run`'s command) with its stderr kept; yields
    (url, process, started_at)."""
    port = free_port()
    full_env = {**os.environ, "FRONTLINE_TILES": "off", "FRONTLINE_TIMING": "1", **env}
    command = server_command(port)
    started = time.perf_counter()
    with log.open("w") as stderr:
        process = subprocess.Popen(
            command, cwd=REPO, env=full_env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url)
            yield url, process, started
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_healthy(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


def peak_rss_mb(process: subprocess.Popen[bytes]) -> float:
    """The process's high-water mark of resident memory (Linux /proc)."""
    status = Path(f"/proc/{process.pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return round(int(match.group(1)) / 1024, 1) if match else float("nan")


def reruns_ms(log: Path, skip: int) -> list[float]:
    return [float(v) for v in RERUN_LINE.findall(log.read_text())][skip:]


def count_ws_bytes(page: Page) -> list[int]:
    """A running total of bytes the page receives over Streamlit's websocket."""
    received = [0]

    def watch(socket: Any) -> None:
        socket.on(
            "framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload))
        )

    page.on("websocket", watch)
    return received


def run_app(
    browser: Browser,
    env: dict[str, str],
    steps: int,
    folder: Path,
    name: str,
    *,
    timeout_ms: int = 60_000,
) -> dict[str, Any]:
    """Cold start, first-load payload, slider steps, per-step payload, rerun time, peak memory."""
    log = folder / f"{name}.log"
    with serving(env, log) as (url, process, started):
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        received = count_ws_bytes(page)
        page.goto(f"{url}/?date={START_DATE}")
        map_frame(page, timeout_ms=timeout_ms)
        cold_start_ms = (time.perf_counter() - started) * 1000
        first_load = received[0]
        first_reruns = len(reruns_ms(log, 0))
        before = received[0]
        steps_ms = measure(page, url, steps, timeout_ms=timeout_ms)
        per_step = (received[0] - before) / max(steps, 1)
        result = {
            "slider_step_ms": summary(steps_ms),
            "server_rerun_ms": summary(reruns_ms(log, first_reruns)),
            "payload_bytes": {"first_load_ws": first_load, "per_step_ws": round(per_step)},
            "cold_start_ms": round(cold_start_ms),
            "peak_rss_mb": peak_rss_mb(process),
        }
        page.close()
    return result


def control_timings(env: dict[str, str], ledger: Path) -> dict[str, float]:
    """asserted_control for one date: cold (pure function), and a cached lookup, in a child."""
    code = (
        "import json,time,sys\n"
        "from datetime import date\nfrom pathlib import Path\n"
        "from claims.bundle import kursk_theatre, kursk_context\n"
        "from claims.ledger_file import read_ledger\nfrom claims.control import asserted_control\n"
        "from functools import lru_cache\n"
        "th=kursk_theatre(); L=read_ledger(Path(sys.argv[1]), kursk_context())\n"
        "cached=lru_cache(maxsize=None)(lambda d: asserted_control(L, th, d))\n"
        "t=time.perf_counter(); cached(date(2025,3,13)); cold=time.perf_counter()-t\n"
        "t=time.perf_counter(); cached(date(2025,3,13)); warm=time.perf_counter()-t\n"
        "print(json.dumps({'cold_ms': round(cold*1000,1), 'cached_ms': round(warm*1000,3)}))\n"
    )
    command = [sys.executable, "-c", code, str(ledger)]
    environment = {**os.environ, **env}
    output = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, env=environment, check=True
    )
    timings: dict[str, float] = json.loads(output.stdout.strip().splitlines()[-1])
    return timings


def snapshot_ms() -> float | None:
    """One briefing PNG from cold (bench/snapshot.py), in a process of its own (own browser)."""
    command = [sys.executable, "-m", "bench.snapshot", "--repeat", "2"]
    output = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if output.returncode != 0:
        return None
    figures = json.loads(output.stdout[output.stdout.index("{") :])
    return round(float(figures["snapshot_png_cold_s"]) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--scale-steps", type=int, default=10)
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--skip-snapshot", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {
        "cores": os.cpu_count(),
        "when": datetime.now().isoformat(timespec="seconds"),
    }
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        browser = launch_chromium(playwright)
        app = run_app(browser, dict(SERVER_PATH), args.steps, folder, "app")
        baseline = run_app(browser, {"FRONTLINE_REBUILD_MAP": "1"}, args.steps, folder, "baseline")
        results.update(app)
        results["baseline_slider_step_ms"] = baseline["slider_step_ms"]
        results["baseline_server_rerun_ms"] = baseline["server_rerun_ms"]
        results["baseline_payload_bytes"] = baseline["payload_bytes"]
        results["speedup_p50"] = round(
            baseline["slider_step_ms"]["p50"] / app["slider_step_ms"]["p50"], 2
        )
        results["control_ms"] = control_timings({}, BUNDLED_LEDGER)
        results["snapshot_ms"] = None if args.skip_snapshot else snapshot_ms()
        results["scale"] = [scale_entry(int(s), browser, folder, args.scale_steps)
                            for s in args.scales.split(",")]  # fmt: skip
        browser.close()
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench-{datetime.now():%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nwritten to {out}")


def scale_entry(scale: int, browser: Browser, folder: Path, steps: int) -> dict[str, Any]:
    if scale == 1:
        env, ledger, settlements, records = {}, BUNDLED_LEDGER, None, None
    else:
        theatre = write_synthetic(scale, folder / "synthetic")
        env = {"FRONTLINE_LEDGER": str(theatre.ledger),
               "FRONTLINE_EXTRA_SETTLEMENTS": str(theatre.settlements_csv)}  # fmt: skip
        ledger, settlements, records = theatre.ledger, theatre.settlements, theatre.records
    entry: dict[str, Any] = {
        "size": f"{scale}x",
        "synthetic_settlements": settlements,
        "records": records,
        "control_ms": control_timings(env, ledger),
    }
    try:
        timeout = SCALE_TIMEOUT_MS if scale > 1 else 60_000
        served = {**SERVER_PATH, **env}
        entry.update(run_app(browser, served, steps, folder, f"scale-{scale}", timeout_ms=timeout))
    except (PlaywrightError, RuntimeError) as error:
        # A size the app cannot serve is a result too: record it and go on to the next size.
        entry["error"] = str(error).splitlines()[0]
    return entry


def table(results: dict[str, Any]) -> str:
    """The figures as lines of text, each next to its target."""
    app, base = results["slider_step_ms"], results["baseline_slider_step_ms"]
    payload, control = results["payload_bytes"], results["control_ms"]
    lines = [
        f"cores: {results['cores']}",
        f"slider step p50/p95: {app['p50']}/{app['p95']} ms (target p50 <= 120)",
        f"naive baseline p50/p95: {base['p50']}/{base['p95']} ms",
        f"speedup at p50: {results['speedup_p50']}x (target >= 2.5x)",
        f"server rerun p50: {results['server_rerun_ms']['p50']} ms"
        f" (baseline {results['baseline_server_rerun_ms']['p50']} ms)",
        f"asserted_control, one date: cold {control['cold_ms']} ms,"
        f" cached {control['cached_ms']} ms",
        f"payload: first load {payload['first_load_ws']} B, per step {payload['per_step_ws']} B"
        f" (baseline per step {results['baseline_payload_bytes']['per_step_ws']} B)",
        f"cold start to map drawn: {results['cold_start_ms']} ms (target <= 4000)",
        f"snapshot PNG: {results['snapshot_ms']} ms (target <= 4000)",
        "scale (size, settlements, records, step p50/p95 ms, rerun p50 ms, control cold ms,"
        " peak MB, cold start ms; targets at 100x: p50 <= 400 ms, peak <= 2048 MB):",
    ]
    for entry in results["scale"]:
        if "error" in entry:
            lines.append(f"  {entry['size']}  {entry['records']} records: {entry['error']}")
            continue
        step = entry["slider_step_ms"]
        cells = [
            entry["size"],
            entry["synthetic_settlements"] or "-",
            entry["records"] or "-",
            f"{step['p50']}/{step['p95']}",
            entry["server_rerun_ms"]["p50"],
            entry["control_ms"]["cold_ms"],
            entry["peak_rss_mb"],
            entry["cold_start_ms"],
        ]
        lines.append("  " + "  ".join(str(c) for c in cells))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
