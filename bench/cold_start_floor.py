"""The floor under the dashboard's cold start on this machine: `streamlit run` of a one-line app
(health answered, its one element drawn), and of the same app importing only what the first map
cannot do without (streamlit-folium, which brings folium, branca, pandas, pyarrow and numpy, and
the claims package that reads the dataset). Same launch and browser as `bench.cold_start`.

Usage: .venv/bin/python -m bench.cold_start_floor [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from bench.cold_start import TIMEOUT_MS, medians
from bench.harness import REPO, free_port, launch_chromium, save_results, wait_for_health

APPS = {
    "empty": 'import streamlit as st\nst.markdown("floor")\n',
    "first_map_imports": (
        "import streamlit as st\nimport streamlit_folium\nimport claims.dataset\n"
        "import claims.control\nst.markdown('floor')\n"
    ),
}


def one_start(browser: Browser, script: Path) -> dict[str, int]:
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_health(url, TIMEOUT_MS / 1000)
        answered = time.perf_counter()
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.goto(url)
        page.get_by_text("floor").wait_for(timeout=TIMEOUT_MS)
        drawn = time.perf_counter()
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    return {
        "health_ms": round((answered - started) * 1000),
        "element_drawn_ms": round((drawn - started) * 1000),
    }


def run(runs: int) -> dict[str, Any]:
    results: dict[str, Any] = {"cores": os.cpu_count(), "runs": runs, "load": os.getloadavg()}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = launch_chromium(playwright)
        for name, text in APPS.items():
            script = Path(scratch) / f"{name}.py"
            script.write_text(text, encoding="utf-8")
            each = [one_start(browser, script) for _ in range(runs)]
            results[name] = {"median": medians(each), "each": each}
        browser.close()
    results["load_after"] = os.getloadavg()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    save_results("cold-start-floor", run(parser.parse_args().runs))


if __name__ == "__main__":
    main()
