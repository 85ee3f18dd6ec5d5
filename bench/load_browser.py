"""Many users at once, in browsers: concurrent Chromium sessions scrubbing the date.

Each session is its own browser context (its own cookies, websocket and Streamlit session) in one
chromium, opened on its own start date, pressing ArrowRight step after step. After every press it
waits until its map's date stamp shows the day it should now be on: a session that showed another
session's day, or never got there, is counted as a mismatch. Page errors and failed requests are
counted as errors. Bounded: loopback only (anything else is aborted and counted), a fixed number
of sessions and steps, and a time limit per step and overall.

Two ways to scrub (`scrub`): `server`, ArrowRight on Streamlit's date slider, every step a rerun
(the server path, run with FRONTLINE_SERVER_TIMELINE=1: the baseline); `timeline`, ArrowRight on
the map's own timeline slider, every step drawn in the page, pausing every `PAUSE_EVERY` steps so
Python follows (checked: the address the server rewrites names the session's day). Both count the
reruns each session asks of the server (Streamlit's `rerun_script` messages on its websocket).
"""

from __future__ import annotations

import asyncio
import shutil
import time
from datetime import date, timedelta
from typing import Any

from playwright.async_api import Browser, Page, Route, async_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg

from bench.harness import MAP_IFRAME
from bench.load_report import SessionResult
from dashboard.snapshot_render import CHROMIUM_FLAGS

SLIDER = '[data-testid="stSlider"] input[type="range"]'
TIMELINE_SLIDER = ".frontline-timeline input"
SCRUBS = ("server", "timeline")
STEP_TIMEOUT_MS = 60_000
OPEN_TIMEOUT_MS = 120_000
# The timeline is built once per server in the background (9-30 s alone, longer with 20 browsers
# on the same two cores); until then the page shows the server-path map.
TIMELINE_TIMEOUT_MS = 300_000
# Browser scrubbing: a key every SCRUB_GAP_MS (a hand scrubbing, shorter than timeline.js's 250 ms
# pause, so the server hears nothing), and a pause every PAUSE_EVERY steps and after the last.
SCRUB_GAP_MS = 40
PAUSE_EVERY = 10
LOOPBACK = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")
_FRAME = MAP_IFRAME.replace("'", "\\'")
STAMP_JS = f"""() => {{
    const frame = document.querySelector('{_FRAME}');
    const doc = frame && frame.contentDocument;
    const box = doc && doc.querySelector('.frontline-date');
    return box ? box.dataset.date : null;
}}"""


TIMELINE_READY_JS = f"""() => {{
    const frame = document.querySelector('{_FRAME}');
    const inner = frame && frame.contentWindow;
    return Boolean(inner && inner.frontlineTimeline && inner.frontlineTimeline.current);
}}"""
# What the map's timeline kept: its own step times (key event to the frame after the restyle)
# and how many days it sent to Python (one per pause).
TIMELINE_RECORD_JS = f"""() => {{
    const current = document.querySelector('{_FRAME}').contentWindow.frontlineTimeline.current;
    return {{steps: current.steps, sent: current.seq}};
}}"""


def rerun_kind(payload: str | bytes) -> str | None:
    """What a message a page sends on Streamlit's websocket asks: a rerun of the whole "page",
    of a "fragment" alone (a timer in the page), or neither (None)."""
    if not isinstance(payload, bytes):
        return None
    message = BackMsg.FromString(payload)
    if message.WhichOneof("type") != "rerun_script":
        return None
    return "fragment" if message.rerun_script.fragment_id else "page"


def count_reruns(page: Page, result: SessionResult) -> None:
    """Count the reruns the page asks of the server (`rerun_script` back messages) in `result`:
    of the whole page, and of a fragment alone (the page's timers)."""

    def sent(payload: str | bytes) -> None:
        kind = rerun_kind(payload)
        if kind == "fragment":
            result.fragment_runs_sent += 1
        elif kind == "page":
            result.reruns_sent += 1

    page.on("websocket", lambda socket: socket.on("framesent", sent))


async def _wait_for_day(page: Page, day: date, timeout_ms: int) -> None:
    await page.wait_for_function(
        f"() => ({STAMP_JS})() === '{day.isoformat()}'", polling="raf", timeout=timeout_ms
    )


async def run_session(
    browser: Browser, url: str, index: int, start: date, steps: int, scrub: str = "server"
) -> SessionResult:
    """One user: open the page on its own day, then step `steps` days forward (`scrub`: on the
    date slider, or on the map's timeline)."""
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
    count_reruns(page, result)
    try:
        await page.goto(f"{url}/?date={result.start.isoformat()}", timeout=OPEN_TIMEOUT_MS)
        await _wait_for_day(page, result.start, OPEN_TIMEOUT_MS)
        if scrub == "timeline":
            await _scrub_timeline(page, result, steps)
        else:
            result.reruns_sent = result.fragment_runs_sent = 0  # the load's own are not steps
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
    """One ArrowRight, to `expected`: on `slider`, or (None) where the focus already is."""
    if slider is not None:
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


async def _scrub_timeline(page: Page, result: SessionResult, steps: int) -> None:
    """Step the map's own timeline `steps` days: each day checked on the map's stamp, in the page;
    at every pause, the server must follow to the session's own day (the address it rewrites)."""
    await page.wait_for_function(TIMELINE_READY_JS, timeout=TIMELINE_TIMEOUT_MS)
    await _wait_for_day(page, result.start, STEP_TIMEOUT_MS)
    await page.wait_for_timeout(1500)  # the load's own reruns settle; they are not steps
    result.reruns_sent = result.fragment_runs_sent = 0
    timeline = page.frame_locator(MAP_IFRAME).first.locator(TIMELINE_SLIDER)
    await timeline.focus()
    for step in range(1, steps + 1):
        expected = result.start + timedelta(days=step)
        await _one_step(page, None, result, expected)
        if step % PAUSE_EVERY == 0 or step == steps:
            paused = time.perf_counter()
            await page.wait_for_url(f"**date={expected.isoformat()}**", timeout=STEP_TIMEOUT_MS)
            result.pause_ms.append((time.perf_counter() - paused) * 1000)
            await timeline.focus()  # the rerun may have taken the focus with it
        else:
            await page.wait_for_timeout(SCRUB_GAP_MS)
    record = await page.evaluate(TIMELINE_RECORD_JS)
    result.in_page_step_ms.extend(record["steps"][-steps:])
    result.days_sent = int(record["sent"])


async def _wait_for_timeline_built(browser: Browser, url: str, day: date) -> None:
    """One page open until the map's timeline is on: the sessions then scrub a built timeline.

    The load measures scrubbing, not the first build (`bench.cold_start` times that): from a cold
    server, 20 browsers loading the server-path map beside the build left every session waiting
    past its timeout (`load-browser-timeline-20261201T204340.json`). The timeline is keyed by the
    view settings, not the day, so one page builds the one all sessions use.
    """
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    try:
        page = await context.new_page()
        await page.goto(f"{url}/?date={day.isoformat()}", timeout=OPEN_TIMEOUT_MS)
        await page.wait_for_function(TIMELINE_READY_JS, timeout=TIMELINE_TIMEOUT_MS)
    finally:
        await context.close()


async def run_load(
    url: str, starts: list[date], steps: int, scrub: str = "server"
) -> list[SessionResult]:
    """One session per start day, all at once against `url`, in one chromium."""
    async with async_playwright() as playwright:
        chromium = shutil.which("chromium") or "chromium"
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            if scrub == "timeline":
                await _wait_for_timeline_built(browser, url, starts[0])
            return list(
                await asyncio.gather(
                    *(
                        run_session(browser, url, i, day, steps, scrub)
                        for i, day in enumerate(starts)
                    )
                )
            )
        finally:
            await browser.close()
