"""A real Streamlit server on loopback and Debian's chromium driven by Playwright, offline.

Every request that is not to the local server is aborted and recorded, so a test proves the page
works on a closed network. No browser is ever downloaded: a missing chromium is a failure with the
command to install it, never a skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from dashboard.snapshot_render import CHROMIUM_FLAGS

REPO = Path(__file__).resolve().parents[2]
START_SECONDS = 60
MAP_TIMEOUT_MS = 60_000
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
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


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    process, url = start_server()
    yield url
    process.terminate()
    process.wait(timeout=20)


# Per module, not per session: a running sync Playwright holds an event loop on this thread, and
# other modules (the snapshot tests) start Playwright of their own.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Debian's chromium is not installed; install it with "
            "'sudo apt-get install -y chromium' (make test does this when run as root)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    blocked: list[str] = []

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    opened = context.new_page()
    opened.blocked_requests = blocked  # type: ignore[attr-defined]
    yield opened
    context.close()


def map_frame(page: Page, index: int = 0, *, timeout_ms: int = MAP_TIMEOUT_MS) -> Any:
    """The Leaflet page inside the map component, once its map is drawn."""
    page.locator(MAP_IFRAME).nth(index).wait_for(timeout=timeout_ms)
    frame = page.frame_locator(MAP_IFRAME).nth(index)
    frame.locator(".leaflet-container").wait_for(timeout=timeout_ms)
    frame.locator(".frontline-date").wait_for(timeout=timeout_ms)
    return frame


def map_state(page: Page, index: int = 0) -> dict[str, Any]:
    """What the Leaflet map in the component holds: view, date stamp, and its features by kind."""
    handle = page.locator(MAP_IFRAME).nth(index).element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    state: dict[str, Any] = frame.evaluate(
        """() => {
            const map = window.map_div;
            const features = [];
            map.eachLayer(layer => {
                if (layer.feature && layer.feature.properties) {
                    features.push(layer.feature.properties);
                }
            });
            const stamp = document.querySelector(".frontline-date");
            return {
                zoom: map.getZoom(),
                center: [map.getCenter().lat, map.getCenter().lng],
                date: stamp ? stamp.dataset.date : null,
                stamp: stamp ? stamp.textContent : null,
                oblasts: features.filter(p => p.name && p.name.endsWith("oblast")).map(p => p.name),
                statuses: features.filter(p => p.status !== undefined).map(p => p.status),
                pieces: features.filter(p => p.holder !== undefined).length,
            };
        }"""
    )
    return state
