"""What building one browser timeline costs, outside Streamlit: time per phase and peak memory.

Builds the timeline the page builds first (`loaders.timeline` for the composite view with the
default fresh window, every layer shown), from the same pure functions, without the caches: the
ledger and theatre read, then each event day's control picture (one `ControlSeries`, as
`timeline_cache.build_map_timeline` does), its layers, the encoding, and the folium render the
map component receives. Run in a process of its own, so its peak resident memory is the build's
alone.

`--child` instead times the build as the server runs it: the dataset kept in a disk cache of its
own (`load_dataset_cached`), then `python -m dashboard.timeline_cache` handed its key and the view,
timed from start to exit, with the child's peak resident memory (what the server's memory target
counts). `--days N` builds only the first N event days (from the `--from`-th).

Usage: .venv/bin/python -m bench.timeline_build [--scale 10] [--days N] [--from K] [--child]
(`--scale 1` is the bundled ledger; above that a synthetic theatre from `bench.synthetic`.)
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bench.synthetic import write_synthetic
from claims.control import COMPOSITE, DEFAULT_FRESH_DAYS
from claims.control_series import ControlSeries
from claims.dataset import Dataset, load_dataset, load_dataset_cached, stored_dataset_key
from claims.disk_cache import CACHE_DIR_ENV
from claims.errors import LedgerError
from dashboard.map_builder import DateLayers
from dashboard.map_state import SettlementFeatures, date_layers_for
from dashboard.timeline_cache import TimelineView
from dashboard.timeline_data import build_timeline, event_days
from dashboard.view_kinds import ALL_LAYERS
from dashboard.wording import dates_text

LEDGER_ENV = "FRONTLINE_LEDGER"
SETTLEMENTS_ENV = "FRONTLINE_EXTRA_SETTLEMENTS"


@dataclass
class Phases:
    """Seconds spent in each part of the build."""

    pictures: float = 0.0
    layers: float = 0.0
    days: list[date] = field(default_factory=list)


def peak_rss_mb() -> float:
    """This process's high-water mark of resident memory."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def frame_days(source: Dataset, limit: int | None, first: int = 0) -> list[date]:
    """The event days built: `limit` of them from the `first`-th (all with no limit)."""
    days = event_days(source.change_days, source.ledger.span, DEFAULT_FRESH_DAYS)
    return days[first : None if limit is None else first + limit]


def first_view(days: list[date], whole: bool) -> TimelineView:
    """The timeline the page asks for first, over the days built (`whole`: the ledger's span,
    as the page asks)."""
    span = None if whole else (days[0], days[-1])
    return TimelineView(None, DEFAULT_FRESH_DAYS, COMPOSITE, None, frozenset(ALL_LAYERS), span)


# `python -m dashboard.timeline_cache` that says its own peak resident memory as it ends: the
# high-water mark of its address space (VmHWM). Not getrusage: on Linux, ru_maxrss of a process
# started by fork and exec counts the parent's memory at the fork too.
# Its CPU seconds too: on two cores shared with other work, the wall time says as much about the
# machine's load as about the build (the child runs at a lower priority).
CHILD_SAYING_ITS_PEAK = """
import re, resource, runpy, sys
from pathlib import Path
try:
    runpy.run_module("dashboard.timeline_cache", run_name="__main__", alter_sys=True)
finally:
    status = Path("/proc/self/status").read_text()
    print("peak_rss_kb", re.search(r"VmHWM:\\s*(\\d+)", status).group(1), file=sys.stderr)
    used = resource.getrusage(resource.RUSAGE_SELF)
    print("cpu_s", round(used.ru_utime + used.ru_stime, 1), file=sys.stderr)
"""


def measure_child(source: Dataset, view: TimelineView) -> dict[str, Any]:
    """Build a timeline in `python -m dashboard.timeline_cache`, as the server does: handed the
    key of `source` in the disk cache (`load_dataset_cached`). Wall time and the child's peak
    resident memory."""
    key = stored_dataset_key(source)
    if key is None:
        return {"error": "the dataset was not kept in the disk cache"}
    with tempfile.TemporaryDirectory() as folder:
        given, built = Path(folder) / "given.pickle", Path(folder) / "built.pickle"
        given.write_bytes(pickle.dumps((key, view), pickle.HIGHEST_PROTOCOL))
        command = [sys.executable, "-c", CHILD_SAYING_ITS_PEAK, str(given), str(built)]
        started = time.perf_counter()
        finished = subprocess.run(command, capture_output=True, check=False)
        took = time.perf_counter() - started
        said = re.findall(rb"peak_rss_kb (\d+)", finished.stderr)
        results: dict[str, Any] = {
            "child_exit": finished.returncode,
            "child_build_s": round(took, 1),
            "child_peak_rss_mb": round(int(said[-1]) / 1024, 1) if said else None,
        }
        cpu = re.findall(rb"cpu_s ([\d.]+)", finished.stderr)
        results["child_cpu_s"] = float(cpu[-1]) if cpu else None
        if finished.returncode != 0:
            results["child_error"] = finished.stderr.decode(errors="replace")[-2000:]
        else:
            results["timeline_bytes"] = built.stat().st_size
        return results


def measure_build(source: Dataset, days: list[date]) -> dict[str, Any]:
    """Build the composite view's timeline over `days` (event days, from `frame_days`)."""
    # Imported here: rendering needs folium, the rest of the build does not.
    from dashboard.map_component import render_groups
    from dashboard.timeline_map import timeline_groups

    fresh = DEFAULT_FRESH_DAYS
    shown = frozenset(ALL_LAYERS)
    phases = Phases()
    series = ControlSeries(source.ledger, source.theatre, fresh_days=fresh)
    kept = SettlementFeatures(source.theatre, source.claims_about)

    def layers_on(day: date) -> DateLayers:
        started = time.perf_counter()
        picture = series.picture(day)
        pictured = time.perf_counter()
        layers = date_layers_for(
            picture,
            None,
            COMPOSITE,
            source.theatre,
            source.claims_about,
            shown=shown,
            with_age=False,
            kept=kept,
        )
        phases.pictures += pictured - started
        phases.layers += time.perf_counter() - pictured
        return layers

    started = time.perf_counter()
    span = (days[0], days[-1])
    timeline = build_timeline(span, days, layers_on, lambda day: dates_text(day, None, None))
    built = time.perf_counter() - started
    started = time.perf_counter()
    first = timeline.data["stamps"][0]
    script = render_groups(timeline_groups(timeline, first))
    rendered = time.perf_counter() - started
    return {
        "build_s": round(built, 1),
        "pictures_s": round(phases.pictures, 1),
        "layers_s": round(phases.layers, 1),
        "encode_s": round(built - phases.pictures - phases.layers, 1),
        "render_s": round(rendered, 1),
        "script_bytes": sum(len(part) for parts in script[1:] for part in parts) + len(script[0]),
        "data_bytes": {k: len(json.dumps(v)) for k, v in timeline.data.items()},
        "shapes": {name: len(found) for name, found in timeline.shapes.items()},
        "points": len(timeline.points),
    }


def run(scale: int, limit: int | None, first: int = 0, *, child: bool = False) -> dict[str, Any]:
    results: dict[str, Any] = {"cores": os.cpu_count(), "scale": scale, "load": os.getloadavg()}
    with tempfile.TemporaryDirectory() as folder:
        ledger = None
        if scale > 1:
            theatre = write_synthetic(scale, Path(folder))
            os.environ[SETTLEMENTS_ENV] = str(theatre.settlements_csv)
            ledger = theatre.ledger
            results["records"] = theatre.records
            results["ledger_bytes"] = ledger.stat().st_size
        started = time.perf_counter()
        try:
            if child:
                # Kept on disk in a cache of the run's own, for the child to read.
                os.environ[CACHE_DIR_ENV] = str(Path(folder) / "cache")
                source = load_dataset_cached(ledger)
            else:
                source = load_dataset(ledger)
        except LedgerError as error:
            # A size the reader refuses is a result too.
            results["error"] = str(error).splitlines()[-1].strip()
            return results
        results["load_s"] = round(time.perf_counter() - started, 1)
        results["settlements"] = len(source.theatre.settlements)
        results["records"] = len(source.ledger.records)
        results["rss_after_load_mb"] = peak_rss_mb()
        days = frame_days(source, limit, first)
        results["event_days"] = len(days)
        results["days"] = [days[0].isoformat(), days[-1].isoformat()]
        if child:
            whole = limit is None and first == 0
            results.update(measure_child(source, first_view(days, whole)))
        else:
            results.update(measure_build(source, days))
    results["peak_rss_mb"] = peak_rss_mb()
    return results


def main() -> None:
    from bench.harness import save_results

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--days", type=int, default=None, help="only N event days")
    parser.add_argument("--from", dest="first", type=int, default=0, help="from the K-th")
    parser.add_argument("--child", action="store_true", help="build in the server's child")
    args = parser.parse_args()
    kind = "child" if args.child else "phases"
    results = run(args.scale, args.days, args.first, child=args.child)
    save_results(f"timeline-build-{kind}-{args.scale}x", results)


if __name__ == "__main__":
    main()
