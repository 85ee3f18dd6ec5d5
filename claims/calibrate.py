"""How closely the latest-word map follows the independent assessors' areas, per fresh window.

The yardstick is `claims/data/independent_area_figures.csv`. Run it to see why the default fresh
window is what it is:

    .venv/bin/python -m claims.calibrate [--windows 30,45,60,90,120,150,all]
"""

from __future__ import annotations

import argparse
import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from claims.control import asserted_control
from claims.model import Holder, Ledger
from claims.theatre import Theatre

AREA_FIGURES = Path(__file__).resolve().parent / "data" / "independent_area_figures.csv"
DEFAULT_WINDOWS = "30,45,60,90,120,150,180,240,all"


@dataclass(frozen=True, slots=True)
class AreaFigure:
    """One published figure of the ground Ukraine held, as an independent assessor gave it."""

    refers_to: date
    km2: float
    assessor: str
    source_url: str


@dataclass(frozen=True, slots=True)
class WindowFit:
    fresh_days: int | None
    mean_log_error: float
    within_30_percent: int
    figures: int


def parse_area_figures(text: str) -> list[AreaFigure]:
    """The yardstick CSV's rows (see claims/data/FORMAT.md)."""
    return [
        AreaFigure(
            refers_to=date.fromisoformat(row["refers_to"]),
            km2=float(row["km2"]),
            assessor=row["assessor"],
            source_url=row["source_url"],
        )
        for row in csv.DictReader(io.StringIO(text))
    ]


def read_area_figures(path: Path = AREA_FIGURES) -> list[AreaFigure]:
    return parse_area_figures(path.read_text(encoding="utf-8"))


def window_fit(
    ledger: Ledger, theatre: Theatre, figures: Sequence[AreaFigure], fresh_days: int | None
) -> WindowFit:
    """Mean |log(mapped / published)| and how many figures the map meets within ±30 %."""
    errors, within = [], 0
    for figure in figures:
        picture = asserted_control(ledger, theatre, figure.refers_to, fresh_days=fresh_days)
        mapped = picture.composite.area_km2(Holder.UKRAINE)
        errors.append(abs(math.log((mapped + 1) / figure.km2)))
        within += abs(mapped - figure.km2) <= 0.3 * figure.km2
    return WindowFit(fresh_days, sum(errors) / len(errors), within, len(figures))


def main(argv: Sequence[str] | None = None) -> int:
    from claims.bundle import kursk_theatre, load_ledger
    from claims.cli_options import fresh_days

    parser = argparse.ArgumentParser(prog="python -m claims.calibrate", description=__doc__)
    parser.add_argument("--windows", default=DEFAULT_WINDOWS, help="comma-separated days or 'all'")
    args = parser.parse_args(argv)
    ledger, theatre, figures = load_ledger(), kursk_theatre(), read_area_figures()
    print(f"{len(figures)} independent area figures; latest-word Ukrainian-held area against them")
    for window in args.windows.split(","):
        fit = window_fit(ledger, theatre, figures, fresh_days(window))
        shown = "no ageing" if fit.fresh_days is None else f"{fit.fresh_days} days"
        print(
            f"{shown:>10}: mean |log ratio| {fit.mean_log_error:.2f}, "
            f"within ±30 %: {fit.within_30_percent}/{fit.figures}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
