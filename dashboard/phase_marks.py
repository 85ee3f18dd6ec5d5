"""Wall-clock marks of a run's phases on stderr, when FRONTLINE_TIMING=1: bench.cold_start_breakdown
reads them beside the browser's own timeline, on the same clock (epoch seconds)."""

from __future__ import annotations

import sys
import time

from dashboard.settings import read_settings

MARK_PREFIX = "frontline-mark"


def mark(name: str) -> None:
    """Print `frontline-mark NAME EPOCH_SECONDS` when timing is on."""
    if read_settings().timing:
        print(f"{MARK_PREFIX} {name} {time.time():.4f}", file=sys.stderr)
