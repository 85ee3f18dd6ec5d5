"""ISW / Critical Threats layers: GeoJSON or zipped shapefiles, one layer per epistemic category.

ISW keeps what it assesses apart from what it relays. The layer name says which:

- "... Ukrainian Advances in Russia": ground ISW assesses Ukraine advanced into (holder ukraine);
- "... Russian Claims in Russia": ground Russian sources claim back, not assessed by ISW; stored as
  contested (ISW's own map still carries the Ukrainian advance under it), verification claimed;
- "Claimed Limit of Ukrainian Advance": a line; stored, but a line marks no ground as held;
- "... Assessed Russian/Ukrainian Control": assessed control for that side.

The date comes from a `date` field or from the file name. Layers of any other name are skipped.
Data © Institute for the Study of War and AEI's Critical Threats Project; redistribution needs
their written consent, so it is never bundled.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from claims.importers.assessment import AssessedArea, ImportFileError, Publisher
from claims.importers.dates import time_from_value
from claims.importers.geojson_file import read_geojson
from claims.importers.geometry import clean_geometry
from claims.model import Holder, Kind, Verification
from geodata.crs import STORAGE_CRS

PUBLISHER = Publisher(
    claimant="ISW/CTP (imported)",
    name="Institute for the Study of War and AEI's Critical Threats Project",
    attribution="© Institute for the Study of War and AEI's Critical Threats Project; "
    "imported by the user, not redistributed",
    url="https://www.understandingwar.org/",
    licence="redistribution needs ISW's written consent",
)
LAYER_FIELDS = ("layer", "Layer", "LAYER", "name", "Name", "NAME")
DATE_FIELDS = ("date", "Date", "DATE", "report_date", "ReportDate", "as_of", "AsOf")


def category_of(layer: str) -> AssessedArea | None:
    """What a layer name says, as a template (shape left empty); None for layers not used."""
    name = " ".join(layer.lower().replace("_", " ").split())
    empty = shapely.Polygon()
    if "limit" in name and "advance" in name:
        return AssessedArea(
            empty, Holder.UKRAINE, "claimed limit of advance", layer, Kind.ADVANCE,
            Verification.CLAIMED_UNVERIFIED,
        )  # fmt: skip
    if "russian claim" in name:
        return AssessedArea(
            empty, Holder.CONTESTED, "claimed advance (Russian claim)", layer,
            Kind.AREA_CONTROL, Verification.CLAIMED_UNVERIFIED,
        )  # fmt: skip
    if "ukrainian advance" in name:
        return AssessedArea(empty, Holder.UKRAINE, "assessed advance", layer)
    for side, holder in (("russian", Holder.RUSSIA), ("ukrainian", Holder.UKRAINE)):
        if f"{side} control" in name or (side in name and "assessed control" in name):
            return AssessedArea(empty, holder, "assessed control", layer)
    return None


def read_isw(path: Path) -> list[dict[str, Any]]:
    """The layers of one file as FeatureCollections, each with its layer `name`, in WGS 84."""
    if zipfile.is_zipfile(path):
        return _read_zipped_shapefiles(path)
    data = read_geojson(path)
    data.setdefault("name", path.stem)
    return [data]


def parse_isw(data: dict[str, Any]) -> list[AssessedArea]:
    """The areas (and lines) of one ISW layer, categorised by its layer name."""
    features = data.get("features")
    if data.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise ValueError("not a GeoJSON FeatureCollection")
    project = _projection(data.get("crs"))
    default_layer = str(data.get("name") or "")
    areas = []
    for feature in features:
        properties = feature.get("properties") or {}
        template = _template(properties, default_layer)
        shape = clean_geometry(feature.get("geometry"))
        if template is None or shape is None:
            continue
        areas.append(_with_shape(template, project(shape)))
    return areas


def layer_date(data: dict[str, Any]) -> datetime | None:
    """The date its features' date field gives a layer; an error when they disagree."""
    days = set()
    for feature in data.get("features") or []:
        properties = feature.get("properties") or {}
        for field in DATE_FIELDS:
            moment = time_from_value(properties.get(field))
            if moment is not None:
                days.add(moment)
                break
    if len(days) > 1:
        raise ValueError(f"features carry {len(days)} different dates; split the file by date")
    return days.pop() if days else None


def _template(properties: dict[str, Any], default_layer: str) -> AssessedArea | None:
    for field in LAYER_FIELDS:
        value = properties.get(field)
        if isinstance(value, str) and category_of(value) is not None:
            return category_of(value)
    return category_of(default_layer)


def _with_shape(template: AssessedArea, shape: BaseGeometry) -> AssessedArea:
    return AssessedArea(
        shape, template.holder, template.category, template.layer, template.kind,
        template.verification, template.side, template.label,
    )  # fmt: skip


def _projection(crs_member: Any) -> Callable[[BaseGeometry], BaseGeometry]:
    """Legacy GeoJSON may name another CRS (ArcGIS writes web mercator); bring it to WGS 84."""
    name = ((crs_member or {}).get("properties") or {}).get("name") if crs_member else None
    source = CRS.from_user_input(name) if name else STORAGE_CRS
    if source in (STORAGE_CRS, CRS.from_user_input("OGC:CRS84")):
        return lambda shape: shape
    transformer = Transformer.from_crs(source, STORAGE_CRS, always_xy=True)

    def project(xy: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return lambda shape: shapely.transform(shape, project)


def _read_zipped_shapefiles(path: Path) -> list[dict[str, Any]]:
    import geopandas as gpd
    import pyogrio

    from geodata.crs import MissingCRSError, require_storage_crs

    try:
        names = [str(row[0]) for row in pyogrio.list_layers(path)]
        collections = []
        for name in names:
            frame = require_storage_crs(gpd.read_file(path, layer=name), name=name)
            data = json.loads(frame.to_json(drop_id=True))
            data["name"] = name
            collections.append(data)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as error:
        raise ImportFileError(path.name, f"is not a readable zipped shapefile ({error})") from None
    except MissingCRSError as error:
        raise ImportFileError(path.name, str(error)) from None
    return collections
