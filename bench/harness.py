"""What the tests and the benchmarks share to drive the real app: a Streamlit server on loopback
and the map inside its component. One copy, so a test and a benchmark measure the same page.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[1]
START_SECONDS = 60
MAP_TIMEOUT_MS = 60_000
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Every step a server rerun, as before the browser timeline: what the slider, load and scale
# benchmarks measure, and check a day in each map payload of (bench.timeline measures the other).
SERVER_PATH = {"FRONTLINE_SERVER_TIMELINE": "1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "FRONTLINE_TILES": "off", **(extra_env or {})}
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"streamlit did not answer on {url} within {START_SECONDS} s")


def map_frame(page: Page, index: int = 0, *, timeout_ms: int = MAP_TIMEOUT_MS) -> Any:
    """The Leaflet page inside the map component, once its map is drawn."""
    page.locator(MAP_IFRAME).nth(index).wait_for(timeout=timeout_ms)
    frame = page.frame_locator(MAP_IFRAME).nth(index)
    frame.locator(".leaflet-container").wait_for(timeout=timeout_ms)
    frame.locator(".frontline-date").wait_for(timeout=timeout_ms)
    return frame
