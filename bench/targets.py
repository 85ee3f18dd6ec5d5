"""Issue 15's targets against what one `make bench` run measured: a table, and a results file.

Reads the newest result file of each kind in bench/results written at or after `--since`
(`make bench` passes the moment it started, so figures from an earlier run are never mixed in);
a kind with no such file is "not measured", never a figure from another run.

Usage: .venv/bin/python -m bench.targets [--since 20261201T212600]
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.harness import RESULTS, save_results

# Result files are named PREFIX-YYYYmmddTHHMMSS.json (`bench.harness.save_results`).
STAMPED = re.compile(r"^(?P<kind>.+)-(?P<stamp>\d{8}T\d{6})\.json$")
KINDS = ("timeline", "timeline-10x", "timeline-100x", "cold-start")


@dataclass(frozen=True)
class Row:
    figure: str
    target: str
    measured: str
    met: bool | None  # None: not measured, or stated only


def newest_results(folder: Path, since: str = "") -> dict[str, tuple[str, dict[str, Any]]]:
    """The newest results file of each kind stamped at or after `since`: kind -> (name, data)."""
    found: dict[str, tuple[str, Path]] = {}
    for path in folder.glob("*.json"):
        match = STAMPED.match(path.name)
        if match is None or match["kind"] not in KINDS or match["stamp"] < since:
            continue
        kind, stamp = match["kind"], match["stamp"]
        if kind not in found or stamp > found[kind][0]:
            found[kind] = (stamp, path)
    return {
        kind: (path.name, json.loads(path.read_text(encoding="utf-8")))
        for kind, (_, path) in found.items()
    }


def _step(results: dict[str, Any] | None) -> tuple[str, bool | None]:
    steps = (results or {}).get("slider_step_ms")
    if not steps:
        return _missing(results), None
    met = steps["p50"] <= 16 and steps["p95"] <= 33
    return f"p50 {steps['p50']} ms, p95 {steps['p95']} ms (n {steps['n']})", met


def _missing(results: dict[str, Any] | None) -> str:
    if results is None:
        return "not measured"
    return f"not served: {results['error']}" if results.get("error") else "no figure"


def target_rows(found: dict[str, tuple[str, dict[str, Any]]]) -> list[Row]:
    """Each target of issue 15 with the figure measured for it and whether it is met."""

    def data(kind: str) -> dict[str, Any] | None:
        return found[kind][1] if kind in found else None

    rows = []
    for kind, label in (("timeline", "1x"), ("timeline-10x", "10x")):
        measured, met = _step(data(kind))
        rows.append(Row(f"key press to the new day drawn, {label}", "p50 ≤ 16 ms, p95 ≤ 33 ms",
                        measured, met))  # fmt: skip
    one = data("timeline") or {}
    speedup = one.get("speedup_p50")
    rows.append(
        Row(
            "app vs round-trip baseline, p50",
            "≥ 8x faster",
            f"{speedup}x ({one['baseline_slider_step_ms']['p50']} ms vs "
            f"{one['slider_step_ms']['p50']} ms)"
            if speedup
            else _missing(data("timeline")),
            None if speedup is None else speedup >= 8,
        )
    )
    cold = data("cold-start")
    cold_figure = "cold start, streamlit run to drawn map, 1x"
    if cold is None:
        rows.append(Row(cold_figure, "≤ 3 s", "not measured", None))
    else:
        empty = cold["empty_cache"]["median"]["first_map_ms"]
        filled = cold["filled_cache"]["median"]["first_map_ms"]
        rows.append(
            Row(
                cold_figure,
                "≤ 3 s",
                f"{empty / 1000:.1f} s empty disk cache, {filled / 1000:.1f} s filled "
                f"(medians of {cold['runs']})",
                max(empty, filled) <= 3000,
            )
        )
    rows.extend(_hundredfold(data("timeline-100x")))
    payload = one.get("payload_bytes")
    rows.append(
        Row(
            "payload: first load, per pause (1x)",
            "stated",
            f"{payload['first_load_ws'] / 1e6:.2f} MB, {payload['per_pause_ws'] / 1e3:.1f} KB"
            if payload
            else _missing(data("timeline")),
            None,
        )
    )
    return rows


def _hundredfold(results: dict[str, Any] | None) -> list[Row]:
    figure = "100x first draw / step p50 / peak memory"
    target = "8 s / 50 ms / 1.5 GB"
    if results is None:
        return [Row(figure, target, "not measured", None)]
    if not results.get("slider_step_ms"):
        # Drawn but never scrubbed (the timeline did not come in time): say how far it got.
        drawn = results.get("first_map_cold_ms")
        reached = (
            f"first map {drawn / 1000:.1f} s ({results['first_map_ws'] / 1e6:.1f} MB), then "
            f"no step: {results.get('error', 'no figure')}; peak {results.get('peak_rss_mb')} MB"
            if drawn
            else _missing(results)
        )
        return [Row(figure, target, reached, False)]
    first = results["first_map_cold_ms"]
    step = results["slider_step_ms"]["p50"]
    peak = results.get("peak_rss_mb")
    measured = f"{first / 1000:.1f} s / {step} ms / {peak} MB"
    met = first <= 8000 and step <= 50 and peak is not None and peak <= 1536
    return [Row(figure, target, measured, met)]


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table (the closing note's and the README's form)."""
    verdict = {True: "met", False: "missed", None: ""}
    lines = ["| figure | target | measured | |", "| --- | --- | --- | --- |"]
    lines += [f"| {r.figure} | {r.target} | {r.measured} | {verdict[r.met]} |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--since", default="", help="YYYYmmddTHHMMSS: ignore older result files")
    args = parser.parse_args()
    found = newest_results(RESULTS, args.since)
    rows = target_rows(found)
    print(table(rows))
    save_results(
        "targets",
        {
            "since": args.since,
            "files": {kind: name for kind, (name, _) in sorted(found.items())},
            "rows": [asdict(row) for row in rows],
        },
    )


if __name__ == "__main__":
    main()
