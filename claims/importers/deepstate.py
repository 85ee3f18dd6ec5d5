"""DeepStateMap history snapshots: the Kursk-area polygons of one GeoJSON FeatureCollection.

Each feature's `name` reads "<Ukrainian> /// <English> /// geoJSON.status.<key>", with non-breaking
spaces, stray newlines or no spaces around the separators. Inside Russia:

- blue (`fill` #01579b) with key `dismissed`: ground held by Ukraine;
- grey `unknown` (#bcaaa4, #bdbdbd): contested;
- `occupied` (#a52714) marks Ukrainian land under occupation, never Russia's own ground, so it is
  ignored here. Russian-held Kursk ground is what a later snapshot stops marking (`claims.store`).

Unit markers (`geoJSON.units.*`), arrows and points are skipped; only polygons at least half inside
Kursk oblast are kept. Data © DeepStateMap; no open licence, so it is never bundled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry

from claims.importers.assessment import AssessedArea, Publisher
from claims.importers.geojson_file import read_geojson
from claims.importers.geometry import POLYGONAL, clean_geometry, mostly_inside
from claims.model import Holder
from geodata import layers

PUBLISHER = Publisher(
    claimant="DeepStateMap (imported)",
    name="DeepStateMap",
    attribution="© DeepStateMap (deepstatemap.live); imported by the user, not redistributed",
    url="https://deepstatemap.live/",
    licence="all rights reserved: no redistribution",
)
UKRAINIAN_HELD_FILL = "#01579b"
UNKNOWN_FILLS = frozenset({"#bcaaa4", "#bdbdbd"})
_SEPARATOR = re.compile(r"\s*/{3}\s*")
_KEY = re.compile(r"geoJSON\.(status|units)\.([A-Za-z_]+)")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\r": " ", "\n": " "})


@dataclass(frozen=True, slots=True)
class FeatureName:
    ukrainian: str
    english: str
    group: str  # "status", "units" or "" when the name carries no key
    key: str


def read_deepstate(path: Path) -> dict[str, Any]:
    """The raw FeatureCollection of one snapshot file."""
    return read_geojson(path)


def parse_deepstate(
    data: dict[str, Any], *, taken_at: datetime, region: BaseGeometry | None = None
) -> list[AssessedArea]:
    """The Kursk-area areas a snapshot marks held by Ukraine or contested.

    `taken_at` is the snapshot's time (it dates the areas in the store); `region` defaults to Kursk
    oblast.
    """
    features = data.get("features")
    if data.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise ValueError("not a GeoJSON FeatureCollection")
    if not any(_KEY.search(_name_of(f)) for f in features):
        raise ValueError(
            "no feature name carries a geoJSON.status key: not a DeepStateMap snapshot"
        )
    home = region if region is not None else layers.oblast_polygon(layers.KURSK)
    areas = []
    for feature in features:
        area = _area(feature, home)
        if area is not None:
            areas.append(area)
    return areas


def parse_name(name: str) -> FeatureName:
    """Split a messy DeepState `name` into its Ukrainian and English labels and its status key."""
    text = " ".join(name.translate(_SPACES).split())
    parts = _SEPARATOR.split(text)
    found = _KEY.search(text)
    labels = [p for p in parts if not _KEY.search(p)]
    return FeatureName(
        ukrainian=labels[0] if labels else "",
        english=labels[1] if len(labels) > 1 else "",
        group=found.group(1) if found else "",
        key=found.group(2) if found else "",
    )


def holder_of(name: FeatureName, fill: str) -> Holder | None:
    """Who a Kursk-area polygon says holds the ground, from its status key and fill colour."""
    if name.group != "status":
        return None
    if name.key == "dismissed" and fill == UKRAINIAN_HELD_FILL:
        return Holder.UKRAINE
    if name.key == "unknown" or (fill in UNKNOWN_FILLS and name.key != "occupied"):
        return Holder.CONTESTED
    return None


def _name_of(feature: Any) -> str:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    return str((properties or {}).get("name") or "")


def _area(feature: Any, home: BaseGeometry) -> AssessedArea | None:
    if not isinstance(feature, dict):
        return None
    properties = feature.get("properties") or {}
    name = parse_name(str(properties.get("name") or ""))
    fill = str(properties.get("fill") or "").strip().lower()
    holder = holder_of(name, fill)
    if holder is None:
        return None
    shape = clean_geometry(feature.get("geometry"))
    if shape is None or shape.geom_type not in POLYGONAL or not mostly_inside(shape, home):
        return None
    category = "held by Ukraine (blue)" if holder is Holder.UKRAINE else "unknown status (grey)"
    return AssessedArea(
        shape=shape,
        holder=holder,
        category=category,
        layer=f"geoJSON.status.{name.key}",
        label=name.english or name.ukrainian,
    )
