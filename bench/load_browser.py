"""Many users at once, in browsers: concurrent Chromium sessions scrubbing the date slider.

Each session is its own browser context (its own cookies, websocket and Streamlit session) in one
chromium, opened on its own start date, pressing ArrowRight on the slider step after step. After
every press it waits until its map's date stamp shows the day its own slider should now be on: a
session that showed another session's day, or never got there, is counted as a mismatch. Page
errors and failed requests are counted as errors. Bounded: loopback only (anything else is aborted
and counted), a fixed number of sessions and steps, and a time limit per step and overall.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from datetime import date, timedelta
from typing import Any

from playwright.async_api import Browser, Page, Route, async_playwright

from bench.harness import MAP_IFRAME
from bench.load_report import SessionResult
from dashboard.snapshot_render import CHROMIUM_FLAGS

SLIDER = '[data-testid="stSlider"] input[type="range"]'
STEP_TIMEOUT_MS = 60_000
OPEN_TIMEOUT_MS = 120_000
LOOPBACK = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")
_FRAME = MAP_IFRAME.replace("'", "\\'")
STAMP_JS = f"""() => {{
    const frame = document.querySelector('{_FRAME}');
    const doc = frame && frame.contentDocument;
    const box = doc && doc.querySelector('.frontline-date');
    return box ? box.dataset.date : null;
}}"""


async def _wait_for_day(page: Page, day: date, timeout_ms: int) -> None:
    await page.wait_for_function(
        f"() => ({STAMP_JS})() === '{day.isoformat()}'", polling="raf", timeout=timeout_ms
    )


async def run_session(
    browser: Browser, url: str, index: int, start: date, steps: int
) -> SessionResult:
    """One user: open the page on its own day, then step the slider `steps` days forward."""
    result = SessionResult(index, start)
    context = await browser.new_context(viewport={"width": 1300, "height": 900})

    async def only_loopback(route: Route) -> None:
        if route.request.url.startswith(LOOPBACK):
            await route.continue_()
        else:
            result.errors.append(f"blocked non-loopback request {route.request.url}")
            await route.abort()

    await context.route("**/*", only_loopback)
    page = await context.new_page()
    page.on("pageerror", lambda error: result.errors.append(f"page error: {error}"))
    try:
        await page.goto(f"{url}/?date={result.start.isoformat()}", timeout=OPEN_TIMEOUT_MS)
        await _wait_for_day(page, result.start, OPEN_TIMEOUT_MS)
        slider = page.locator(SLIDER)
        for step in range(1, steps + 1):
            await _one_step(page, slider, result, result.start + timedelta(days=step))
    except Exception as error:  # a timeout or a crash is a result to report, not a hang
        shown = await _page_text(page)
        result.errors.append(
            f"step {len(result.step_ms) + 1}: {type(error).__name__}: {error}; page shows: {shown}"
        )
    finally:
        await context.close()
    return result


async def _page_text(page: Page) -> str:
    """The start of what the page shows (an exception, "connection lost"...), for the report."""
    try:
        text = await page.evaluate("() => document.body.innerText")
    except Exception as error:
        return f"(unreadable: {type(error).__name__})"
    return " ".join(str(text).split())[:300]


async def _one_step(page: Page, slider: Any, result: SessionResult, expected: date) -> None:
    await slider.focus()
    started = time.perf_counter()
    await page.keyboard.press("ArrowRight")
    try:
        await _wait_for_day(page, expected, STEP_TIMEOUT_MS)
    finally:
        shown = await page.evaluate(STAMP_JS)
        result.seen.append(str(shown))
        if shown != expected.isoformat():
            result.mismatches.append(f"expected {expected}, map shows {shown}")
    result.step_ms.append((time.perf_counter() - started) * 1000)


async def run_load(url: str, starts: list[date], steps: int) -> list[SessionResult]:
    """One session per start day, all at once against `url`, in one chromium."""
    async with async_playwright() as playwright:
        chromium = shutil.which("chromium") or "chromium"
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            return list(
                await asyncio.gather(
                    *(run_session(browser, url, i, day, steps) for i, day in enumerate(starts))
                )
            )
        finally:
            await browser.close()
