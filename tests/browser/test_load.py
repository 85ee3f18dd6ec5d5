"""Many users at once, reduced: 4 browser sessions scrubbing 8 days each against one local server.

The full form (20 sessions x 50 steps, with p50/p95 step times) is `python -m bench.load`; this is
the same code, bounded so it fits in `make test`. It asserts correctness only (no errors, each
session's map follows its own slider); timings are recorded, never asserted: they belong to bench.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

from bench import load, load_report

SESSIONS = 4
STEPS = 8


def measure_in_own_thread(sessions: int, steps: int) -> dict[str, Any]:
    """Run the async load in a thread of its own, clear of the sync Playwright of other tests."""
    found: dict[str, Any] = {}

    def run() -> None:
        try:
            found["report"] = load.measure(sessions, steps)
        except BaseException as error:  # re-raised below, in the test's thread
            found["error"] = error

    worker = threading.Thread(target=run, name="load-test")
    worker.start()
    worker.join(timeout=300)
    assert not worker.is_alive(), "the load test overran its five minutes"
    if "error" in found:
        raise found["error"]
    report: dict[str, Any] = found["report"]
    return report


def test_concurrent_sessions_each_follow_their_own_slider() -> None:
    report = measure_in_own_thread(SESSIONS, STEPS)
    assert report["errors"] == []
    assert report["mismatches"] == []
    assert report["sessions"] == SESSIONS
    assert report["steps_done"] == SESSIONS * STEPS
    print(f"load: {SESSIONS} sessions x {STEPS} steps, step ms {report['step_ms']}")


def test_start_days_keep_sessions_apart_and_inside_the_span() -> None:
    span = (date(2024, 8, 6), date(2025, 4, 28))
    starts = load_report.start_days(span, SESSIONS, STEPS)
    visited = [{start + timedelta(days=n) for n in range(STEPS + 1)} for start in starts]
    assert all(not a & b for i, a in enumerate(visited) for b in visited[i + 1 :])
    full = load_report.start_days(span, 20, 50)
    assert len(set(full)) == 20
    assert span[0] < full[0] and full[-1] + timedelta(days=50) <= span[1]
