"""Time to produce one briefing snapshot (PNG) in Debian's chromium, printed as JSON on stdout.

`cold` is what one `frontline snapshot` pays after its imports: read the ledger and base layers,
start chromium, build the page, draw it and write the PNG. `warm` is each further picture of a
series (ledger read, browser running). Target: cold <= 4 s.

Usage: .venv/bin/python -m bench.snapshot [--repeat 5] [--size 1600x900] [--date 2025-03-13]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dashboard.snapshot import SIZES, SnapshotOptions, snapshot_html, snapshot_source
from dashboard.snapshot_render import SnapshotBrowser
from dashboard.view_state import ViewState

TARGET_SECONDS = 4.0


def run(repeat: int, size_name: str, on: date) -> dict[str, Any]:
    size = SIZES[size_name]
    options = SnapshotOptions(size=size)
    warm: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        source = snapshot_source()
        with SnapshotBrowser() as browser:
            page = snapshot_html(source, ViewState(on=on), options)
            browser.capture(page, Path(folder) / "cold.png", size)
            cold = time.perf_counter() - started
            for step in range(repeat):
                started = time.perf_counter()
                state = ViewState(on=on - timedelta(days=step + 1))
                page = snapshot_html(source, state, options)
                browser.capture(page, Path(folder) / f"warm-{step}.png", size)
                warm.append(time.perf_counter() - started)
    return {
        "cores": os.cpu_count(),
        "size": size_name,
        "date": on.isoformat(),
        "snapshot_png_cold_s": round(cold, 2),
        "snapshot_png_warm_s": {
            "p50": round(statistics.median(warm), 2),
            "max": round(max(warm), 2),
            "n": len(warm),
        },
        "target_s": TARGET_SECONDS,
        "within_target": cold <= TARGET_SECONDS,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", choices=tuple(SIZES), default="1600x900")
    parser.add_argument("--date", type=date.fromisoformat, default=date(2025, 3, 13))
    args = parser.parse_args()
    print(json.dumps(run(args.repeat, args.size, args.date), indent=2))


if __name__ == "__main__":
    main()
