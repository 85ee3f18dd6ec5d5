"""What a load run found, per session and in sum; shared by the browser and websocket clients."""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any


@dataclass
class SessionResult:
    index: int
    start: date
    step_ms: list[float] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    received_bytes: list[int] = field(default_factory=list)
    reruns_sent: int = 0
    fragment_runs_sent: int = 0
    pause_ms: list[float] = field(default_factory=list)
    # Scrubbing the map's own timeline: its step times in the page, the days it sent to Python.
    in_page_step_ms: list[float] = field(default_factory=list)
    days_sent: int = 0


def start_days(span: tuple[date, date], sessions: int, steps: int) -> list[date]:
    """A start day per session, spread over the slider so that, where the span allows, no two
    sessions ever pass the same day (so one showing another's day cannot go unnoticed)."""
    first, last = span[0] + timedelta(days=1), span[1] - timedelta(days=steps)
    if last < first:
        raise ValueError(f"{steps} steps do not fit in the ledger's span {span}")
    room = (last - first).days // max(1, sessions - 1)
    spacing = min(steps + 1, room)
    return [first + timedelta(days=spacing * index) for index in range(sessions)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def summary(
    results: list[SessionResult], *, client: str, seconds: float, scrub: str = "server"
) -> dict[str, Any]:
    timings = [ms for r in results for ms in r.step_ms]
    received = [n for r in results for n in r.received_bytes]
    pauses = [ms for r in results for ms in r.pause_ms]
    in_page = [ms for r in results for ms in r.in_page_step_ms]
    return {
        "client": client,
        "scrub": scrub,
        "cores": os.cpu_count(),
        "sessions": len(results),
        "steps_per_session": max((len(r.step_ms) for r in results), default=0),
        "steps_done": len(timings),
        "step_ms": {
            "p50": round(statistics.median(timings), 1) if timings else None,
            "p95": round(percentile(timings, 0.95), 1) if timings else None,
            "max": round(max(timings), 1) if timings else None,
        },
        "received_bytes_per_run": round(statistics.median(received)) if received else None,
        # What the server was asked while the sessions stepped (counted by the browser client; a
        # websocket client's step is one rerun by construction).
        "reruns_sent": sum(r.reruns_sent for r in results) if client == "browser" else None,
        "fragment_runs_sent": (
            sum(r.fragment_runs_sent for r in results) if client == "browser" else None
        ),
        "pauses": len(pauses),
        "days_sent_by_timeline": sum(r.days_sent for r in results) if in_page else None,
        "in_page_step_ms": {
            "p50": round(statistics.median(in_page), 1) if in_page else None,
            "p95": round(percentile(in_page, 0.95), 1) if in_page else None,
        },
        "pause_to_server_followed_ms": {
            "p50": round(statistics.median(pauses), 1) if pauses else None,
            "p95": round(percentile(pauses, 0.95), 1) if pauses else None,
        },
        "errors": [f"session {r.index}: {e}" for r in results for e in r.errors],
        "mismatches": [f"session {r.index}: {m}" for r in results for m in r.mismatches],
        "wall_seconds": round(seconds, 1),
    }
