"""Slider step time in a real browser: key press until the map shows the next day's layers.

Runs the app as built and the naive baseline (the whole map rebuilt every rerun) in the same run,
because these machines are noisy: the ratio holds where single absolute times do not.

Usage: .venv/bin/python -m bench.slider [--steps 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

from playwright.sync_api import Page, sync_playwright

from bench.harness import MAP_IFRAME, SERVER_PATH, launch_chromium, map_frame, save_results, served

SLIDER = '[data-testid="stSlider"] input[type="range"]'
START_DATE = "2025-02-20"
_FRAME = MAP_IFRAME.replace("'", "\\'")
STAMP_JS = f"""() => {{
    const frame = document.querySelector('{_FRAME}');
    const box = frame && frame.contentDocument.querySelector('.frontline-date');
    return box ? box.dataset.date : null;
}}"""


def measure(page: Page, url: str, steps: int, *, timeout_ms: int = 60_000) -> list[float]:
    """Milliseconds from each ArrowRight press until the map's date stamp shows the new day."""
    page.goto(f"{url}/?date={START_DATE}")
    map_frame(page, timeout_ms=timeout_ms)
    page.wait_for_function(f"() => ({STAMP_JS})() === '{START_DATE}'", timeout=timeout_ms)
    slider = page.locator(SLIDER)
    timings = []
    for _ in range(steps):
        before = page.evaluate(STAMP_JS)
        slider.focus()
        started = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            f"() => {{ const d = ({STAMP_JS})(); return d !== null && d !== '{before}'; }}",
            polling="raf",
            timeout=timeout_ms,
        )
        timings.append((time.perf_counter() - started) * 1000)
        page.wait_for_timeout(150)
    return timings


def summary(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 1), "p95": round(p95, 1), "n": len(ordered)}


def run(steps: int) -> dict[str, Any]:
    results: dict[str, Any] = {"cores": os.cpu_count(), "steps": steps}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for name, env in (
            ("slider_step_ms", SERVER_PATH),
            ("baseline_slider_step_ms", {"FRONTLINE_REBUILD_MAP": "1"}),
        ):
            with served(env) as url:
                page = browser.new_page(viewport={"width": 1500, "height": 1100})
                results[name] = summary(measure(page, url, steps))
                page.close()
        browser.close()
    base, built = results["baseline_slider_step_ms"]["p50"], results["slider_step_ms"]["p50"]
    results["speedup_p50"] = round(base / built, 2) if built else None
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=30)
    save_results("slider", run(parser.parse_args().steps))


if __name__ == "__main__":
    main()
