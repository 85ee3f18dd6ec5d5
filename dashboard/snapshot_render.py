"""Draw a snapshot page (`snapshot.snapshot_html`) in Debian's chromium and keep it as PNG or PDF.

Playwright drives the system chromium (never a downloaded browser). The page is loaded from a
string with every request outside it refused, unless web tiles were asked for. Capture waits for
the page's own signal that every map is drawn (`window.frontlineSnapshotReady`), not for a fixed
time.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from playwright.sync_api import Browser, Page, Playwright, Route, sync_playwright

from dashboard.snapshot import Size

# Debian's chromium as this project drives it everywhere (snapshots, tests, benchmarks): headless,
# no sandbox (containers), and no background traffic, which a closed network refuses.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = "() => window.frontlineSnapshotReady === true"
BOXES = """() => Object.fromEntries([".map-box", ".frontline-legend"].map(selector => [selector,
    Array.from(document.querySelectorAll(selector)).map(node => {
        const r = node.getBoundingClientRect();
        return [r.x, r.y, r.width, r.height];
    })]))"""
Box = tuple[float, float, float, float]
FORMATS = (".png", ".pdf", ".html")
LOCAL_SCHEMES = ("data:", "about:", "blob:")


class ChromiumMissingError(RuntimeError):
    """Debian's chromium is not installed."""


@dataclass(frozen=True)
class Capture:
    """A written picture and the page as the browser held it just before capture.

    `boxes` holds the CSS-pixel rectangles (x, y, width, height) of the maps and legends, so a
    check of the picture can look inside the map area only.
    """

    path: Path
    drawn_html: str
    seconds: float
    boxes: dict[str, list[Box]] = field(default_factory=dict)


class SnapshotBrowser:
    """One headless chromium for any number of snapshots: `with SnapshotBrowser() as b: ...`."""

    def __init__(self, *, tiles: bool = False, timeout_ms: int = 30_000) -> None:
        self.tiles = tiles
        self.timeout_ms = timeout_ms
        self.blocked: list[str] = []
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def __enter__(self) -> SnapshotBrowser:
        executable = shutil.which("chromium")
        if executable is None:
            raise ChromiumMissingError(
                "Debian's chromium is not installed: sudo apt-get install -y chromium"
            )
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS
        )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()

    def capture(self, page_html: str, out: Path, size: Size, *, scale: float = 1) -> Capture:
        """Write `out` (.png, .pdf or .html) from the page once its maps are drawn."""
        started = time.perf_counter()
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix.lower() == ".html":
            out.write_text(page_html, encoding="utf-8")
            return Capture(out, page_html, time.perf_counter() - started)
        if out.suffix.lower() not in FORMATS:
            raise ValueError(f"{out}: write .png, .pdf or .html")
        page = self._drawn_page(page_html, size, scale)
        try:
            drawn = page.content()
            boxes = {k: [tuple(b) for b in v] for k, v in page.evaluate(BOXES).items()}
            if out.suffix.lower() == ".pdf":
                _print_pdf(page, out, size)
            else:
                page.screenshot(path=str(out), type="png", full_page=False)
        finally:
            page.context.close()
        return Capture(out, drawn, time.perf_counter() - started, boxes)

    def png_bytes(self, page_html: str, size: Size, *, scale: float = 1) -> bytes:
        page = self._drawn_page(page_html, size, scale)
        try:
            return page.screenshot(type="png", full_page=False)
        finally:
            page.context.close()

    def _drawn_page(self, page_html: str, size: Size, scale: float) -> Page:
        if self._browser is None:
            raise RuntimeError("use SnapshotBrowser in a with block")
        context = self._browser.new_context(
            viewport={"width": size.width, "height": size.height}, device_scale_factor=scale
        )
        context.route("**/*", self._only_local)
        page = context.new_page()
        page.set_default_timeout(self.timeout_ms)
        page.set_content(page_html, wait_until="load")
        page.wait_for_selector(".leaflet-container .frontline-date", state="attached")
        page.wait_for_function(READY)
        return page

    def _only_local(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES) or (self.tiles and url.startswith("https://")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def _print_pdf(page: Page, out: Path, size: Size) -> None:
    page.emulate_media(media="screen")
    options: dict[str, Any] = {"print_background": True, "page_ranges": "1"}
    if size.pdf_format:
        options.update(format=size.pdf_format, landscape=True)
    else:
        options.update(width=f"{size.width}px", height=f"{size.height}px")
    page.pdf(path=str(out), **options)
