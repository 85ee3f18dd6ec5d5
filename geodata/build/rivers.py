"""Rivers of the Kursk/Sumy area from GSHHG's WDBII river layer (Debian `gmt-gshhg-high`).

GMT stores WDBII in a "binned" netCDF file: the world is cut into square bins, each bin lists its
segments, and each point is a uint16 offset (1/65535 of the bin side) from the bin's south-west
corner. A river that crosses a bin edge, or where WDBII's own digitising left a gap, is therefore
split into several segments; we snap near-coincident ends and merge them back per level.

WDBII carries no names. Rivers that matter for reading reports are named here by geometry: the
one merged line that passes close to every anchor town listed for a name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import LineString, Point, box
from shapely.geometry.base import BaseGeometry

from geodata.crs import STORAGE_CRS, length_km, to_metric

GSHHG_RIVERS = Path("/usr/share/gmt-gshhg/binned_river_h.nc")
BBox = tuple[float, float, float, float]
BBOX: BBox = (33.0, 50.0, 38.6, 52.5)  # lon/lat around Kursk + Sumy oblasts' border area
SNAP_DEG = 5e-3  # WDBII segment ends miss each other by 30-300 m; 5e-3 deg is 350-550 m here
MIN_KM = 1.0  # drop slivers left at junctions after merging
ANCHOR_KM = 8.0
GRID_DEG = 1e-5

# WDBII river levels as documented for GMT's `coast -I` option.
LEVELS = {
    0: "double-lined river (river-lake)",
    1: "permanent major river",
    2: "additional major river",
    3: "additional river",
    4: "minor river",
    5: "intermittent major river",
    6: "intermittent additional river",
    7: "intermittent minor river",
    8: "major canal",
    9: "minor canal",
    10: "irrigation canal",
}

# name -> (local name, towns the river runs through as (lat, lon)); town centres as GeoNames gives
# them, rounded to 0.01 deg. ANCHOR_KM leaves room for WDBII's generalisation and town size.
RIVER_ANCHORS: dict[str, tuple[str, tuple[tuple[float, float], ...]]] = {
    "Seym": ("Сейм", ((51.57, 34.68), (51.66, 35.27), (51.66, 35.65), (51.73, 36.19))),
    "Desna": ("Десна", ((52.00, 33.26),)),
    "Oskol": ("Оскол", ((51.30, 37.84), (50.76, 37.87))),
    "Seversky Donets": ("Северский Донец", ((50.60, 36.59),)),
}

Points = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class BinnedLines:
    """The arrays of a GMT binned border/river file, as read from netCDF."""

    bin_minutes: int
    bins_x: int
    first_segment: npt.NDArray[np.int64]
    segment_count: npt.NDArray[np.int64]
    point_count: npt.NDArray[np.int64]
    level: npt.NDArray[np.int64]
    first_point: npt.NDArray[np.int64]
    dx: npt.NDArray[np.uint16]
    dy: npt.NDArray[np.uint16]


def read_binned(path: Path = GSHHG_RIVERS) -> BinnedLines:
    """Read a GMT binned netCDF file; offsets are stored as int16 but mean uint16."""
    import netCDF4  # build-only dependency (pyproject extra "build")

    with netCDF4.Dataset(path) as nc:
        nc.set_auto_mask(False)

        def arr(name: str) -> npt.NDArray[np.int64]:
            return np.asarray(nc[name][:]).astype(np.int64)

        return BinnedLines(
            bin_minutes=int(nc["Bin_size_in_minutes"][0]),
            bins_x=int(nc["N_bins_in_360_longitude_range"][0]),
            first_segment=arr("Id_of_first_segment_in_a_bin"),
            segment_count=arr("N_segments_in_a_bin"),
            point_count=arr("N_points_for_a_segment"),
            level=arr("Hierarchial_level_of_a_segment"),
            first_point=arr("Id_of_first_point_in_a_segment"),
            dx=np.asarray(nc["Relative_longitude_from_SW_corner_of_bin"][:]).view(np.uint16),
            dy=np.asarray(nc["Relative_latitude_from_SW_corner_of_bin"][:]).view(np.uint16),
        )


def bin_corner(data: BinnedLines, index: int) -> tuple[float, float]:
    """South-west corner (lon, lat) of bin `index`; GMT numbers bins row by row from 90N."""
    side = data.bin_minutes / 60.0
    return (index % data.bins_x) * side, 90.0 - (index // data.bins_x + 1) * side


def segment_line(data: BinnedLines, segment: int, corner: tuple[float, float]) -> LineString:
    """One segment's points: uint16 offsets scaled to 1/65535 of the bin side, from `corner`."""
    scale = data.bin_minutes / 60.0 / 65535.0
    i, n = data.first_point[segment], data.point_count[segment]
    lon = corner[0] + data.dx[i : i + n] * scale
    lat = corner[1] + data.dy[i : i + n] * scale
    return LineString(np.column_stack([lon, lat]))


def decode_segments(data: BinnedLines, bbox: BBox) -> list[tuple[int, LineString]]:
    """(level, line) for every segment in a bin that touches `bbox`, in lon/lat degrees."""
    side = data.bin_minutes / 60.0
    area = box(*bbox)
    out: list[tuple[int, LineString]] = []
    for b in np.flatnonzero(data.segment_count):
        lon0, lat0 = bin_corner(data, int(b))
        if not box(lon0, lat0, lon0 + side, lat0 + side).intersects(area):
            continue
        first = data.first_segment[b]
        for s in range(first, first + data.segment_count[b]):
            out.append((int(data.level[s]), segment_line(data, s, (lon0, lat0))))
    return out


def snap_ends(lines: Sequence[LineString], tolerance: float) -> list[LineString]:
    """Move line ends that lie within `tolerance` of an earlier end onto it, so they can merge."""
    anchors: list[Points] = []
    snapped = []
    for line in lines:
        coords = np.asarray(line.coords, dtype=np.float64).copy()
        for k in (0, -1):
            near = [a for a in anchors if np.hypot(*(a - coords[k])) <= tolerance]
            if near:
                coords[k] = near[0]
            else:
                anchors.append(coords[k].copy())
        snapped.append(LineString(coords))
    return snapped


def merge_rivers(
    segments: Iterable[tuple[int, LineString]],
    bbox: BBox,
    snap: float = SNAP_DEG,
    min_km: float = MIN_KM,
) -> list[tuple[int, BaseGeometry]]:
    """Join segments per level into whole rivers, clip to `bbox`, drop junction slivers."""
    by_level: dict[int, list[LineString]] = {}
    for level, line in segments:
        by_level.setdefault(level, []).append(line)
    area = box(*bbox)
    out: list[tuple[int, BaseGeometry]] = []
    for level in sorted(by_level):
        merged = shapely.line_merge(shapely.MultiLineString(snap_ends(by_level[level], snap)))
        # Slivers at junctions block line_merge (a node of degree 3); drop them and merge again.
        kept = [p for p in shapely.get_parts(merged) if length_km(p) >= min_km]
        for river in shapely.get_parts(shapely.line_merge(shapely.MultiLineString(kept))):
            clipped = shapely.line_merge(river.intersection(area))
            if not clipped.is_empty and length_km(clipped) >= min_km:
                out.append((level, clipped))
    return out


def name_for(
    line: BaseGeometry,
    anchors: Mapping[str, tuple[str, tuple[tuple[float, float], ...]]],
    max_km: float = ANCHOR_KM,
) -> tuple[str, str] | None:
    """(name, local name) of the river whose every anchor town lies within `max_km` of `line`."""
    metric_line = to_metric(line)
    for name, (local, towns) in anchors.items():
        gaps = [metric_line.distance(to_metric(Point(lon, lat))) / 1e3 for lat, lon in towns]
        if all(g <= max_km for g in gaps):
            return name, local
    return None


def rivers_frame(data: BinnedLines, bbox: BBox = BBOX) -> gpd.GeoDataFrame:
    """The rivers layer: merged WDBII rivers in `bbox`, named where an anchor rule matches."""
    records = []
    for level, line in merge_rivers(decode_segments(data, bbox), bbox):
        geom = shapely.set_precision(line, GRID_DEG)
        named = name_for(geom, RIVER_ANCHORS)
        records.append(
            {
                "name": named[0] if named else None,
                "name_local": named[1] if named else None,
                "level": level,
                "level_desc": LEVELS.get(level, "unknown"),
                "geometry": geom,
            }
        )
    frame = gpd.GeoDataFrame(records, geometry="geometry", crs=STORAGE_CRS)
    return frame.sort_values(["level", "name"], na_position="last").reset_index(drop=True)


def missing_names(frame: gpd.GeoDataFrame) -> list[str]:
    """Anchor names that matched no feature: the build warns rather than ships a silent gap."""
    return sorted(set(RIVER_ANCHORS) - set(frame["name"].dropna()))
