"""Synthetic theatres at N times the Kursk ledger: a whole front line in the same record format.

Settlements are scattered over Kursk and Sumy oblasts (seeded, reproducible) and named
"Synth NNNNN"; claims follow the bundled ledger's mix of claimants and kinds: settlement control
and captures by both sides, independent assessments, figures and statements, spread over the
same 265 days. The files are written to a directory of the caller's choosing, never committed.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import shapely
import yaml

from claims.ledger_file import BUNDLED_LEDGER
from geodata import layers

FIRST_DAY = date(2024, 8, 6)
DAYS = 265
SETTLEMENTS_PER_X = 180
CLAIMANTS_PER_X = 3
SIDES = ("ukraine", "russia", "independent")


@dataclass(frozen=True)
class SyntheticTheatre:
    settlements_csv: Path
    ledger: Path
    settlements: int
    records: int


def write_synthetic(scale: int, out: Path, *, seed: int = 2024) -> SyntheticTheatre:
    """Write a settlements CSV and a ledger about `scale` times the bundled ones."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    names = _write_settlements(out / f"settlements-{scale}x.csv", scale * SETTLEMENTS_PER_X, rng)
    base_records = len(yaml.safe_load(BUNDLED_LEDGER.read_text(encoding="utf-8"))["records"])
    claimants = _claimants(scale * CLAIMANTS_PER_X)
    records = [_record(n, names, claimants, rng) for n in range(scale * base_records)]
    ledger = out / f"ledger-{scale}x.yaml"
    ledger.write_text(yaml.safe_dump({"records": records}, sort_keys=False), encoding="utf-8")
    return SyntheticTheatre(out / f"settlements-{scale}x.csv", ledger, len(names), len(records))


def _write_settlements(path: Path, count: int, rng: random.Random) -> list[str]:
    regions = [
        (layers.oblast_polygon(layers.KURSK), "Kursk"),
        (layers.oblast_polygon(layers.SUMY), "Sumy"),
    ]
    names = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name_en", "name_ru", "variants", "kind", "district", "oblast", "country",
                         "lat", "lon", "source_url", "source_note"])  # fmt: skip
        for index in range(count):
            region, oblast = regions[index % 5 == 4]  # four in five in Kursk oblast
            lon, lat = _point_in(region, rng)
            name = f"Synth {index:05d}"
            names.append(name)
            writer.writerow([name, "", "", "village", "Synthetic", oblast,
                             "RU" if oblast == "Kursk" else "UA", f"{lat:.5f}", f"{lon:.5f}",
                             "", "synthetic, for benchmarks only"])  # fmt: skip
    return names


def _point_in(region: shapely.Geometry, rng: random.Random) -> tuple[float, float]:
    west, south, east, north = region.bounds
    while True:
        point = shapely.Point(rng.uniform(west, east), rng.uniform(south, north))
        if region.contains(point):
            return point.x, point.y


def _claimants(count: int) -> list[tuple[str, str]]:
    return [(f"Synthetic claimant {n:03d}", SIDES[n % len(SIDES)]) for n in range(count)]


def _record(
    index: int, names: list[str], claimants: list[tuple[str, str]], rng: random.Random
) -> dict[str, object]:
    claimant, side = rng.choice(claimants)
    refers_to = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    published = refers_to + timedelta(days=rng.choice((0, 0, 0, 1, 2)))
    source = {"url": f"https://example.org/synthetic/{index}", "publisher": "Synthetic"}
    record: dict[str, object] = {
        "id": f"syn-{index:06d}",
        "claimant": claimant,
        "side": side,
        "published": published.isoformat(),
        "refers_to": refers_to.isoformat(),
        "sources": [{**source, "checked": False}],
        "verification": "assessed_independent" if side == "independent" else "claimed_unverified",
    }
    roll = rng.random()
    if roll < 0.8:
        holder = rng.choice(("ukraine", "russia", "russia", "contested"))
        places = rng.sample(names, k=rng.randint(1, 6))
        record.update(kind=rng.choice(("capture", "settlement_control")), holder=holder)
        record["settlements"] = places
    elif roll < 0.9:
        unit = rng.choice(("personnel_total", "km2", "tanks"))
        record.update(kind="figure", figures=[{"value": rng.randint(1, 50_000), "unit": unit}])
    else:
        record.update(kind="statement", gist="Synthetic statement for benchmarks.")
    return record
