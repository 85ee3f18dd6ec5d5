"""Where the server's memory goes once a browser timeline arrives, without a browser or Streamlit.

The steps the server takes, in one process, with resident memory (VmRSS, and the high-water mark
VmHWM) after each: the dataset read from its disk-cache entry, the built timeline read back
(`timeline_cache.timeline_for`: from disk, or built in `python -m dashboard.timeline_cache`
first), the timeline's folium groups (`timeline_map.timeline_groups`), and their render to the
component's script (`map_component.render_groups`). Streamlit then copies that script into the
component's arguments and its message (not counted here: about one more copy of the script each).

The synthetic theatre and the disk cache are kept in `--work` (default
`/tmp/frontline-timeline-memory`), so a second run reads the built timeline from disk: run once
to build (a 100x timeline takes ~10 minutes of CPU in the child), then again to measure.

Usage: .venv/bin/python -m bench.timeline_memory [--scale 100] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path
from typing import Any

from bench.synthetic import write_synthetic
from claims.control import COMPOSITE, DEFAULT_FRESH_DAYS
from claims.dataset import load_dataset_cached
from claims.disk_cache import CACHE_DIR_ENV
from dashboard.view_kinds import ALL_LAYERS

SETTLEMENTS_ENV = "FRONTLINE_EXTRA_SETTLEMENTS"


def memory_mb() -> dict[str, float]:
    """This process's resident memory now and its high-water mark, in MB."""
    status = Path("/proc/self/status").read_text()
    found = {k: re.search(rf"{k}:\s*(\d+)", status) for k in ("VmRSS", "VmHWM")}
    return {k: round(int(m.group(1)) / 1024, 1) for k, m in found.items() if m}


def run(scale: int, work: Path) -> dict[str, Any]:
    results: dict[str, Any] = {"scale": scale, "load": os.getloadavg(), "steps": {}}
    os.environ[CACHE_DIR_ENV] = str(work / "cache")
    ledger = None
    if scale > 1:
        theatre = write_synthetic(scale, work / f"theatre-{scale}x")
        os.environ[SETTLEMENTS_ENV] = str(theatre.settlements_csv)
        ledger = theatre.ledger
    # Imported once the environment names the theatre: the gazetteer reads it on import.
    from dashboard.map_component import render_groups
    from dashboard.timeline_cache import TimelineView, is_stored, timeline_for
    from dashboard.timeline_map import timeline_groups

    steps: dict[str, Any] = results["steps"]
    # Writing the synthetic theatre (PyYAML) peaks at ~1 GB, which the server never does: the
    # high-water mark starts again from here (Linux: "5" to clear_refs resets it).
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        results["hwm_not_reset"] = True

    def note(name: str, started: float, **more: Any) -> None:
        steps[name] = {"s": round(time.perf_counter() - started, 1), **memory_mb(), **more}
        print(name, steps[name], flush=True)

    note("start", time.perf_counter())
    started = time.perf_counter()
    dataset = load_dataset_cached(ledger)
    note("dataset", started)
    view = TimelineView(None, DEFAULT_FRESH_DAYS, COMPOSITE, None, frozenset(ALL_LAYERS))
    results["timeline_was_stored"] = is_stored(dataset, view)
    started = time.perf_counter()
    timeline = timeline_for(dataset, view)
    note("timeline", started, fetched=getattr(timeline, "source", None) is not None)
    started = time.perf_counter()
    groups = timeline_groups(timeline, timeline.data["stamps"][0])
    note("groups", started)
    started = time.perf_counter()
    script = render_groups(groups)
    size = len(script[0]) + sum(len(part) for parts in script[1:] for part in parts)
    note("render", started, script_mb=round(size / 1e6, 1))
    results.update(memory_mb())
    return results


def main() -> None:
    from bench.harness import save_results

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--work", type=Path, default=Path("/tmp/frontline-timeline-memory"))
    args = parser.parse_args()
    save_results(f"timeline-memory-{args.scale}x", run(args.scale, args.work))


if __name__ == "__main__":
    main()
