"""What the tests and the benchmarks share to drive the real app: a Streamlit server on loopback
and the map inside its component. One copy, so a test and a benchmark measure the same page.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import Browser, BrowserContext, Frame, Page, Playwright, Route

from claims.disk_cache import CACHE_DIR_ENV
from dashboard.snapshot_render import CHROMIUM_FLAGS

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
START_SECONDS = 60
MAP_TIMEOUT_MS = 60_000
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Every step a server rerun, as before the browser timeline: what the slider, load and scale
# benchmarks measure, and check a day in each map payload of (bench.timeline measures the other).
SERVER_PATH = {"FRONTLINE_SERVER_TIMELINE": "1"}
# How `make run` serves the dashboard: `streamlit run` with the first page's imports and the
# ledger read early (`dashboard.serve`). `PLAIN_RUN` is `streamlit run dashboard/app.py` itself,
# the cold-start benchmark's baseline.
SERVE = ("-m", "dashboard.serve")
PLAIN_RUN = ("-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"))


def server_command(
    port: int, *, launch: Sequence[str] = SERVE, python: Sequence[str] = (sys.executable,)
) -> list[str]:
    """The command serving the dashboard on loopback `port`, headless, without usage statistics."""
    return [
        *python, *launch,
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    extra_env: dict[str, str] | None = None,
    *,
    without: Sequence[str] = (),
    repo: Path = REPO,
) -> tuple[subprocess.Popen[bytes], str]:
    """A Streamlit server for the dashboard on a free loopback port, once it answers: the process
    and its URL. `extra_env` is added to this process's environment, `without` names taken out;
    `repo`: the checkout served (`python -m` imports the project from the folder it starts in)."""
    port = free_port()
    env = {**os.environ, "FRONTLINE_TILES": "off", **(extra_env or {})}
    for name in without:
        env.pop(name, None)
    command = server_command(port)
    process = subprocess.Popen(
        command, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, START_SECONDS, poll_s=0.3)
    except RuntimeError:
        process.terminate()
        raise
    return process, url


def wait_for_health(url: str, timeout_s: float, *, poll_s: float = 0.05) -> None:
    """Return once the Streamlit server at `url` answers its health check; RuntimeError after
    `timeout_s` seconds."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(poll_s)
    raise RuntimeError(f"streamlit did not answer on {url} within {timeout_s:g} s")


@contextmanager
def served(
    extra_env: dict[str, str] | None = None, *, without: Sequence[str] = ()
) -> Iterator[str]:
    """The dashboard served on loopback for the block (`start_server`); its URL. Unless a disk
    cache is named (FRONTLINE_CACHE_DIR), the server gets an empty one of its own: a fresh
    server starts as a fresh clone does, and nothing kept by another run is read."""
    with tempfile.TemporaryDirectory(prefix="frontline-cache-") as scratch:
        env = {CACHE_DIR_ENV: scratch} if CACHE_DIR_ENV not in os.environ else {}
        process, url = start_server({**env, **(extra_env or {})}, without=without)
        try:
            yield url
        finally:
            process.terminate()
            process.wait(timeout=20)


# A rendered map shown without Streamlit (`serve_map_page`): this origin, the app's static files.
MAP_PAGE_ORIGIN = "http://frontline.test"
STATIC = REPO / "dashboard" / "static"


def serve_map_page(context: BrowserContext, html: str) -> None:
    """Requests of `context`'s pages answered as the dashboard would for one map: `html` at
    `MAP_PAGE_ORIGIN`, the app's static files at their absolute `/app/static/...` URLs (as
    Streamlit serves them), every other request aborted (offline, as here)."""

    def serve(route: Route) -> None:
        url = route.request.url
        path = urlparse(url).path
        if url.startswith(MAP_PAGE_ORIGIN) and path == "/":
            route.fulfill(body=html, content_type="text/html")
        elif url.startswith(MAP_PAGE_ORIGIN) and path.startswith("/app/static/"):
            route.fulfill(path=STATIC / path.removeprefix("/app/static/"))
        else:
            route.abort()

    context.route("**/*", serve)


def save_results(prefix: str, results: dict[str, Any]) -> Path:
    """Write results to bench/results/PREFIX-<time>.json, print them, and say where."""
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{prefix}-{datetime.now():%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    print(f"written to {out}")
    return out


def map_frame(page: Page, index: int = 0, *, timeout_ms: int = MAP_TIMEOUT_MS) -> Any:
    """The Leaflet page inside the map component, once its map is drawn."""
    page.locator(MAP_IFRAME).nth(index).wait_for(timeout=timeout_ms)
    frame = page.frame_locator(MAP_IFRAME).nth(index)
    frame.locator(".leaflet-container").wait_for(timeout=timeout_ms)
    frame.locator(".frontline-date").wait_for(timeout=timeout_ms)
    return frame


def map_document(page: Page) -> Frame:
    """The first map component's own document (a `Frame`, for `evaluate` and
    `wait_for_function`; `map_frame` gives a locator)."""
    handle = page.locator(MAP_IFRAME).first.element_handle()
    assert handle is not None, "no map component on the page"
    frame = handle.content_frame()
    assert frame is not None, "the map component has no document"
    return frame


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's chromium driven by Playwright (never a downloaded browser), as every bench uses."""
    return playwright.chromium.launch(
        executable_path=shutil.which("chromium") or "chromium", args=CHROMIUM_FLAGS
    )
