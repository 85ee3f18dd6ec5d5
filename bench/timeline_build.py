"""What building one browser timeline costs, outside Streamlit: time per phase and peak memory.

Builds the timeline the page builds first (`loaders.timeline` for the composite view with the
default fresh window, every layer shown), from the same pure functions, without the caches: the
ledger and theatre read, then each event day's control picture, its layers, the encoding, and
the folium render the map component receives. Run in a process of its own, so its peak resident
memory is the build's alone.

Usage: .venv/bin/python -m bench.timeline_build [--scale 10] [--days N]
(`--scale 1` is the bundled ledger; above that a synthetic theatre from `bench.synthetic`.)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bench.synthetic import write_synthetic
from claims.control import COMPOSITE, DEFAULT_FRESH_DAYS, asserted_control
from claims.dataset import Dataset, load_dataset
from claims.errors import LedgerError
from dashboard.map_builder import DateLayers
from dashboard.map_state import date_layers_for
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


def measure_build(source: Dataset, limit: int | None = None) -> dict[str, Any]:
    """Build the composite view's timeline (the first `limit` event days only, if given)."""
    # Imported here: rendering needs folium, the rest of the build does not.
    from dashboard.map_component import render_groups
    from dashboard.timeline_map import timeline_groups

    fresh = DEFAULT_FRESH_DAYS
    shown = frozenset(ALL_LAYERS)
    phases = Phases()

    def layers_on(day: date) -> DateLayers:
        started = time.perf_counter()
        picture = asserted_control(source.ledger, source.theatre, day, fresh_days=fresh)
        pictured = time.perf_counter()
        layers = date_layers_for(
            picture,
            None,
            COMPOSITE,
            source.theatre,
            source.claims_about,
            shown=shown,
            with_age=False,
        )
        phases.pictures += pictured - started
        phases.layers += time.perf_counter() - pictured
        return layers

    days = event_days(source.change_days, source.ledger.span, fresh)[:limit]
    started = time.perf_counter()
    timeline = build_timeline(
        source.ledger.span, days, layers_on, lambda day: dates_text(day, None, None)
    )
    built = time.perf_counter() - started
    started = time.perf_counter()
    first = timeline.data["stamps"][0]
    script = render_groups(timeline_groups(timeline, first))
    rendered = time.perf_counter() - started
    return {
        "event_days": len(days),
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


def run(scale: int, limit: int | None) -> dict[str, Any]:
    results: dict[str, Any] = {"cores": os.cpu_count(), "scale": scale}
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
            source = load_dataset(ledger)
        except LedgerError as error:
            # A size the reader refuses is a result too.
            results["error"] = str(error).splitlines()[-1].strip()
            return results
        results["load_s"] = round(time.perf_counter() - started, 1)
        results["settlements"] = len(source.theatre.settlements)
        results["records"] = len(source.ledger.records)
        results["rss_after_load_mb"] = peak_rss_mb()
        results.update(measure_build(source, limit))
    results["peak_rss_mb"] = peak_rss_mb()
    return results


def main() -> None:
    from bench.harness import save_results

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--days", type=int, default=None, help="only the first N event days")
    args = parser.parse_args()
    save_results(f"timeline-build-{args.scale}x", run(args.scale, args.days))


if __name__ == "__main__":
    main()
