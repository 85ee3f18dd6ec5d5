"""The claims logic alone (no Streamlit, no browser) at 1x, 10x and 100x the Kursk ledger.

Each scale runs in a child process of its own, so the module-level caches (settlements, the
theatre) start cold and a synthetic settlements file can be named through the environment. The
figures are CPU milliseconds of that process (`time.process_time`): on a machine whose cores are
shared, wall-clock time mostly measures the neighbours.

- ``theatre``: settlements read, cells tessellated and measured, indexes built;
- ``load``: the ledger's records validated (`parse_ledger`) and `load_dataset`'s indexes (claims
  per settlement). The YAML is read with PyYAML's C loader outside the timing, and without the
  ledger file's size and value limits, which a 100x ledger (22 MB) exceeds by design;
- ``control``: `asserted_control` for ten dates spread over the ledger's span, summed;
- ``paint``: `territory.paint` of every place claim in the ledger, once (the composite's work).

10x and 100x are `bench.synthetic` theatres (180 settlements and 654 records per x, seeded),
written to a temporary directory; 1x is the bundled ledger and gazetteer.

Usage: .venv/bin/python -m bench.claims_logic --scale 1 10 100 [--dates 10]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from bench.synthetic import DAYS, FIRST_DAY, write_synthetic

REPO = Path(__file__).resolve().parents[1]


def measure(ledger_path: Path | None, dates: int) -> dict[str, Any]:
    """Time each stage once, in this process (call it in a fresh one)."""
    from claims.bundle import kursk_context, kursk_theatre
    from claims.control import asserted_control
    from claims.dataset import Dataset
    from claims.ledger_file import BUNDLED_LEDGER
    from claims.model import Holder
    from claims.parse import parse_ledger
    from claims.places import claims_by_settlement
    from claims.territory import paint
    from claims.timing import chronological, effective_day

    timings: dict[str, Any] = {}
    started = time.process_time()
    theatre = kursk_theatre()
    timings["theatre"] = _ms(started)
    data = yaml.load((ledger_path or BUNDLED_LEDGER).read_bytes(), Loader=yaml.CSafeLoader)
    context = kursk_context()
    started = time.process_time()
    ledger = parse_ledger(data, context)
    days = tuple(sorted({effective_day(c) for c in ledger.records}))
    dataset = Dataset(ledger, theatre, claims_by_settlement(ledger.records, theatre), days)
    timings["load"] = _ms(started)
    step = max(1, DAYS // dates)
    on_dates = [FIRST_DAY + timedelta(days=step * (n + 1)) for n in range(dates)]
    started = time.process_time()
    pictures = [asserted_control(dataset.ledger, theatre, on) for on in on_dates]
    timings["control"] = _ms(started)
    started = time.process_time()
    painted = paint(chronological(c for c in ledger.records if c.asserts_places), theatre)
    timings["paint"] = _ms(started)
    timings["settlements"] = len(theatre.settlements)
    timings["records"] = len(ledger.records)
    timings["pieces"] = len(painted.pieces)
    held = sum(picture.composite.area_km2(Holder.UKRAINE) for picture in pictures)
    timings["check_ukraine_km2"] = round(held)
    return timings


def _ms(started: float) -> float:
    return round((time.process_time() - started) * 1000, 1)


def run_scale(scale: int, dates: int, folder: Path) -> dict[str, Any]:
    """One scale in a child process; returns its figures."""
    env = dict(os.environ)
    args = [sys.executable, "-m", "bench.claims_logic", "--child", "--dates", str(dates)]
    if scale > 1:
        theatre = write_synthetic(scale, folder)
        env["FRONTLINE_EXTRA_SETTLEMENTS"] = str(theatre.settlements_csv)
        args += ["--ledger", str(theatre.ledger)]
    output = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    if output.returncode != 0:
        raise SystemExit(f"{scale}x failed:\n{output.stderr[-2000:]}")
    figures: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
    return {"scale": f"{scale}x", **figures}


def table(rows: list[dict[str, Any]]) -> str:
    head = ("scale", "settlements", "records", "theatre", "load", "control", "paint", "pieces")
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    lines += [" | ".join(str(row[key]) for key in head) for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--dates", type=int, default=10)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--ledger", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.ledger, args.dates)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for scale in args.scale:
            rows.append(run_scale(scale, args.dates, Path(folder)))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(f"claims logic, CPU ms ({date.today().isoformat()}, {args.dates} dates)")
    print(table(rows))


if __name__ == "__main__":
    main()
