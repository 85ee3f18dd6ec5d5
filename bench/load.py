"""Many users at once: concurrent browser sessions scrubbing the date slider of one local server.

Each session is its own browser context (its own cookies, websocket and Streamlit session) in one
chromium, opened on its own start date, pressing ArrowRight on the slider step after step. After
every press it waits until its map's date stamp shows the day its own slider should now be on: a
session that showed another session's day, or never got there, is counted as a mismatch. Page
errors and failed requests are counted as errors. Bounded: loopback only (anything else is aborted
and counted), a fixed number of sessions and steps, and a time limit per step and overall.

Usage: .venv/bin/python -m bench.load [--sessions 20] [--steps 50]   (prints JSON to stdout)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from playwright.async_api import Browser, Page, Route, async_playwright

from claims.bundle import load_ledger
from tests.browser.conftest import CHROMIUM_FLAGS, MAP_IFRAME, start_server

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


@dataclass
class SessionResult:
    index: int
    start: date
    step_ms: list[float] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def start_days(span: tuple[date, date], sessions: int, steps: int) -> list[date]:
    """A start day per session, spread over the slider so that, where the span allows, no two
    sessions ever pass the same day (so one showing another's day cannot go unnoticed)."""
    first, last = span[0] + timedelta(days=1), span[1] - timedelta(days=steps)
    if last < first:
        raise ValueError(f"{steps} steps do not fit in the ledger's span {span}")
    room = (last - first).days // max(1, sessions - 1)
    spacing = min(steps + 1, room)
    return [first + timedelta(days=spacing * index) for index in range(sessions)]


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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def summary(results: list[SessionResult], *, seconds: float) -> dict[str, Any]:
    timings = [ms for r in results for ms in r.step_ms]
    return {
        "cores": os.cpu_count(),
        "sessions": len(results),
        "steps_per_session": max((len(r.step_ms) for r in results), default=0),
        "steps_done": len(timings),
        "step_ms": {
            "p50": round(statistics.median(timings), 1) if timings else None,
            "p95": round(percentile(timings, 0.95), 1) if timings else None,
            "max": round(max(timings), 1) if timings else None,
        },
        "errors": [f"session {r.index}: {e}" for r in results for e in r.errors],
        "mismatches": [f"session {r.index}: {m}" for r in results for m in r.mismatches],
        "wall_seconds": round(seconds, 1),
    }


def measure(sessions: int, steps: int, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Start a server on loopback, run the sessions against it, stop it; the summary."""
    starts = start_days(load_ledger().span, sessions, steps)
    process, url = start_server(env)
    started = time.perf_counter()
    try:
        results = asyncio.run(run_load(url, starts, steps))
    finally:
        process.terminate()
        process.wait(timeout=20)
    return summary(results, seconds=time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--steps", type=int, default=50)
    args = parser.parse_args()
    if not (1 <= args.sessions <= 50 and 1 <= args.steps <= 200):
        parser.error("keep it bounded: 1-50 sessions, 1-200 steps")
    report = measure(args.sessions, args.steps)
    print(json.dumps(report, indent=2))
    return 0 if not report["errors"] and not report["mismatches"] else 1


if __name__ == "__main__":
    sys.exit(main())
